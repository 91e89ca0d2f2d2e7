//! URL canonicalisation and outlets' registrable domains.

use url::Url;

/// Query parameters that only track the reader; they never select different content.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gclsrc",
    "msclkid",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "ref",
    "ref_src",
    "ref_url",
    "cmpid",
    "cmp",
    "ocid",
    "smid",
    "s_cid",
    "ito",
    "soc_src",
    "soc_trk",
    "rss",
    "partner",
    "__twitter_impression",
    "spm",
    "share",
    "src",
    "feature",
];

/// Parameter prefixes that only track the reader.
const TRACKING_PREFIXES: &[&str] = &["utm_", "at_", "pk_", "mtm_", "hsa_", "oly_", "vero_"];

/// Returns the canonical form of an absolute http(s) URL: scheme and host lower-cased,
/// default port, fragment, tracking parameters and an empty query removed, remaining
/// parameters sorted. `None` when `raw` is not an absolute http(s) URL.
pub fn canonical_url(raw: &str) -> Option<String> {
    let mut url = Url::parse(raw.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    url.set_fragment(None);
    let mut kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| !is_tracking(key))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    kept.sort();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(url.to_string())
}

fn is_tracking(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    TRACKING_PARAMS.contains(&key.as_str()) || TRACKING_PREFIXES.iter().any(|p| key.starts_with(p))
}

/// The registrable domain of a URL's host by the Public Suffix List: `www.bbc.co.uk` →
/// `bbc.co.uk`, `news.example.com.au` → `example.com.au`. `None` for IP addresses and URLs
/// without a host.
pub fn registrable_domain(raw: &str) -> Option<String> {
    let url = Url::parse(raw.trim()).ok()?;
    let host = url.host_str()?;
    if url.host().is_some_and(|h| !matches!(h, url::Host::Domain(_))) {
        return None;
    }
    let host = host.trim_end_matches('.');
    let domain = psl::domain_str(host)?;
    Some(domain.to_string())
}

/// Resolves `href` against `base` (a relative canonical link in a page).
pub fn resolve(base: Option<&str>, href: &str) -> Option<String> {
    match Url::parse(href.trim()) {
        Ok(url) => Some(url.to_string()),
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            Url::parse(base?).ok()?.join(href.trim()).ok().map(|u| u.to_string())
        }
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tracking_and_fragment() {
        assert_eq!(
            canonical_url("HTTPS://News.Example.COM:443/world/a-story?utm_source=rss&b=2&a=1&fbclid=x#comments")
                .as_deref(),
            Some("https://news.example.com/world/a-story?a=1&b=2")
        );
        assert_eq!(
            canonical_url("http://example.org/a?utm_medium=social").as_deref(),
            Some("http://example.org/a")
        );
        assert_eq!(canonical_url("mailto:desk@example.org"), None);
        assert_eq!(canonical_url("not a url"), None);
    }

    #[test]
    fn registrable_domains_follow_the_suffix_list() {
        assert_eq!(
            registrable_domain("https://www.bbc.co.uk/news/1").as_deref(),
            Some("bbc.co.uk")
        );
        assert_eq!(
            registrable_domain("https://live.northgate-courier.com.au/x").as_deref(),
            Some("northgate-courier.com.au")
        );
        assert_eq!(registrable_domain("https://tass.ru/").as_deref(), Some("tass.ru"));
        assert_eq!(registrable_domain("http://127.0.0.1/a"), None);
    }

    #[test]
    fn resolves_relative_links() {
        assert_eq!(
            resolve(Some("https://a.example.com/x/y"), "/z").as_deref(),
            Some("https://a.example.com/z")
        );
        assert_eq!(resolve(None, "/z"), None);
    }
}
