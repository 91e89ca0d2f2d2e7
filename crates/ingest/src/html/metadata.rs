//! Page metadata: headline, byline, publication date, canonical URL, language and site name,
//! from JSON-LD, `<meta>` tags, `<time>` elements, `rel=author` and the URL. Each field is
//! looked up in order of how reliable its sources proved on the readability test pages: the
//! publisher's structured data first, then conventions, then guesses from the visible page.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use dom_query::Document;
use serde_json::Value;

use super::{Page, words};

/// What the JSON-LD blocks say about the article.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    authors: Vec<String>,
    published: Option<String>,
    publisher: Option<String>,
    language: Option<String>,
}

/// schema.org types whose headline/author/date describe the page's article.
const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "liveblogposting",
    "report",
    "scholarlyarticle",
    "techarticle",
    "socialmediaposting",
    "posting",
    "review",
    "creativework",
    "medicalwebpage",
    "advertisercontentarticle",
    "satiricalarticle",
];

fn parse_json_ld(blocks: &[String]) -> JsonLd {
    let mut out = JsonLd::default();
    let mut webpage = JsonLd::default();
    for block in blocks {
        // Some sites wrap the JSON in a CDATA section or an HTML comment.
        let block = block.trim();
        let block =
            block.strip_prefix("<![CDATA[").and_then(|b| b.strip_suffix("]]>")).unwrap_or(block);
        let block = block.strip_prefix("<!--").and_then(|b| b.strip_suffix("-->")).unwrap_or(block);
        let block = block.trim().trim_start_matches("//").trim();
        let value: Value = match serde_json::from_str(block) {
            Ok(v) => v,
            // Raw control characters inside strings are the usual JSON-LD error.
            Err(_) => match serde_json::from_str(&block.replace(|c: char| c.is_control(), " ")) {
                Ok(v) => v,
                Err(_) => continue,
            },
        };
        let mut todo = vec![&value];
        let mut seen = 0;
        while let Some(v) = todo.pop() {
            seen += 1;
            if seen > 10_000 {
                break;
            }
            match v {
                Value::Array(items) => todo.extend(items.iter().rev()),
                Value::Object(map) => {
                    if let Some(graph) = map.get("@graph") {
                        todo.push(graph);
                    }
                    let types = type_names(map.get("@type"));
                    let is_article = types.iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()));
                    let is_page = types.iter().any(|t| t.ends_with("webpage"));
                    let target = if is_article {
                        &mut out
                    } else if is_page {
                        &mut webpage
                    } else {
                        if let Some(main) = map.get("mainEntity") {
                            todo.push(main);
                        }
                        continue;
                    };
                    fill_json_ld(target, map);
                }
                _ => {}
            }
        }
    }
    // A WebPage node only fills what no article node said; its name is often the site's, so
    // it is never taken as the headline.
    if out.authors.is_empty() {
        out.authors = webpage.authors;
    }
    out.published = out.published.or(webpage.published);
    out.publisher = out.publisher.or(webpage.publisher);
    out.language = out.language.or(webpage.language);
    out
}

fn type_names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => {
            a.iter().filter_map(|t| t.as_str()).map(str::to_ascii_lowercase).collect()
        }
        _ => Vec::new(),
    }
}

fn fill_json_ld(target: &mut JsonLd, map: &serde_json::Map<String, Value>) {
    let text = |key: &str| -> Option<String> {
        match map.get(key)? {
            Value::String(s) => Some(clean_space(s)).filter(|s| !s.is_empty()),
            Value::Array(a) => a.iter().find_map(|x| x.as_str()).map(clean_space),
            _ => None,
        }
    };
    if target.headline.is_none() {
        target.headline = text("headline").or_else(|| text("name"));
    }
    if target.published.is_none() {
        target.published = text("datePublished").or_else(|| text("dateCreated"));
    }
    if target.language.is_none() {
        target.language = text("inLanguage");
    }
    if target.authors.is_empty() {
        let mut authors = Vec::new();
        for key in ["author", "creator"] {
            collect_names(map.get(key), &mut authors, 0);
            if !authors.is_empty() {
                break;
            }
        }
        target.authors = authors;
    }
    if target.publisher.is_none() {
        let mut names = Vec::new();
        collect_names(map.get("publisher"), &mut names, 0);
        target.publisher = names.into_iter().next();
    }
}

/// Person or organisation names: a string, an object with `name`, or an array of these.
fn collect_names(v: Option<&Value>, out: &mut Vec<String>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Some(Value::String(s)) => {
            let s = clean_space(s);
            if !s.is_empty() && !s.starts_with("http") && !out.contains(&s) {
                out.push(s);
            }
        }
        Some(Value::Object(o)) => collect_names(o.get("name"), out, depth + 1),
        Some(Value::Array(a)) => {
            for x in a {
                collect_names(Some(x), out, depth + 1);
            }
        }
        _ => {}
    }
}

fn clean_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `<meta>` values by lower-cased `property`, `name`, `itemprop` or `http-equiv` (first wins).
fn meta_map(doc: &Document) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for node in doc.select("meta").nodes() {
        let Some(content) = node.attr("content") else { continue };
        let content = clean_space(&content);
        if content.is_empty() {
            continue;
        }
        for key in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(k) = node.attr(key) {
                // `property` may hold several space-separated names.
                for k in k.split_whitespace() {
                    map.entry(k.to_ascii_lowercase()).or_insert_with(|| content.clone());
                }
            }
        }
    }
    map
}

pub(super) fn metadata(doc: &Document, json_ld: &[String], url: Option<&str>) -> Page {
    let meta = meta_map(doc);
    let ld = parse_json_ld(json_ld);
    let get = |keys: &[&str]| keys.iter().find_map(|k| meta.get(*k).cloned());

    let site_name = get(&["og:site_name", "application-name", "al:android:app_name"])
        .or_else(|| ld.publisher.clone());

    let h1 =
        doc.select("h1").nodes().iter().map(|n| clean_space(&n.text())).find(|t| !t.is_empty());
    let html_title = doc.select("head title").nodes().first().map(|n| clean_space(&n.text()));
    // The <title> comes before the first <h1>, which on many sites is the logo or a section
    // name; `clean_title` still prefers the <h1> when the title starts or ends with it.
    let title = ld
        .headline
        .clone()
        .or_else(|| {
            get(&["og:title", "twitter:title", "dc.title", "parsely-title", "sailthru.title"])
        })
        .or(html_title)
        .or_else(|| h1.clone())
        .map(|t| clean_title(&t, site_name.as_deref(), h1.as_deref()))
        .filter(|t| !t.is_empty());

    let byline = byline(doc, &meta, &ld);
    let published = published(doc, &meta, &ld, url);

    let canonical_url = doc
        .select("link[rel]")
        .nodes()
        .iter()
        .find(|n| {
            n.attr("rel")
                .is_some_and(|r| r.split_whitespace().any(|w| w.eq_ignore_ascii_case("canonical")))
        })
        .and_then(|n| n.attr("href"))
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| get(&["og:url"]))
        .and_then(|h| parallax_analyse::urls::resolve(url, &h))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));

    let language = doc
        .select("html")
        .nodes()
        .first()
        .and_then(|n| n.attr("lang").or_else(|| n.attr("xml:lang")))
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .or_else(|| get(&["og:locale", "content-language", "dc.language", "language"]))
        .or(ld.language)
        .map(|l| l.split([',', ';']).next().unwrap_or("").trim().replace('_', "-"))
        .filter(|l| !l.is_empty() && l.len() <= 20);

    Page { title, byline, published, canonical_url, language, site_name, text: String::new() }
}

/// Separators between a headline and the site's name in `<title>` and `og:title`.
const TITLE_SEPARATORS: &[&str] =
    &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " « ", " / ", " ~ "];

/// Removes a site-name prefix or suffix (" | The Daily Planet") from a title.
fn clean_title(raw: &str, site: Option<&str>, h1: Option<&str>) -> String {
    let title = clean_space(raw);
    let norm =
        |s: &str| s.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    // The h1 is the headline itself when the title starts or ends with it.
    if let Some(h1) = h1 {
        let (t, h) = (norm(&title), norm(h1));
        if h.len() >= 10 && t != h && (t.starts_with(&h) || t.ends_with(&h)) && words(h1) >= 3 {
            return clean_space(h1);
        }
    }
    let site_norm = site.map(norm).filter(|s| !s.is_empty());
    for sep in TITLE_SEPARATORS {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let tail_is_site = site_norm.as_ref().is_some_and(|s| {
                let t = norm(tail);
                !t.is_empty() && (s.contains(&t) || t.contains(s.as_str()))
            });
            if tail_is_site || (words(tail) <= 4 && words(head) >= 3 && head.len() > tail.len()) {
                return clean_title(head, site, None);
            }
        }
        if let Some(pos) = title.find(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let head_is_site = site_norm.as_ref().is_some_and(|s| {
                let h = norm(head);
                !h.is_empty() && (s.contains(&h) || h.contains(s.as_str()))
            });
            if head_is_site && words(tail) >= 2 {
                return clean_title(tail, site, None);
            }
        }
    }
    title
}

fn byline(doc: &Document, meta: &HashMap<String, String>, ld: &JsonLd) -> Option<String> {
    let from_meta = [
        "author",
        "article:author",
        "parsely-author",
        "dc.creator",
        "sailthru.author",
        "byl",
        "dcterms.creator",
    ]
    .iter()
    .filter_map(|k| meta.get(*k))
    .map(|v| v.trim_start_matches("By ").trim_start_matches("by ").to_string())
    .find(|v| !v.starts_with("http") && !v.is_empty() && v.len() < 200);
    if !ld.authors.is_empty() {
        return Some(ld.authors.join(", "));
    }
    if from_meta.is_some() {
        return from_meta;
    }
    for sel in [
        "[rel=author]",
        "[itemprop=author] [itemprop=name]",
        "[itemprop=author]",
        ".byline",
        ".author",
        "[class*=byline]",
    ] {
        for node in doc.select(sel).nodes() {
            let text = clean_space(&node.text());
            let text = strip_by(&text);
            if !text.is_empty() && text.len() < 120 && words(&text) <= 12 {
                return Some(text);
            }
        }
    }
    None
}

fn strip_by(s: &str) -> String {
    let t = s.trim();
    for p in ["By ", "by ", "BY ", "Von ", "von ", "Par ", "par ", "Por ", "por "] {
        if let Some(r) = t.strip_prefix(p) {
            return r.trim().to_string();
        }
    }
    t.to_string()
}

/// Meta names that carry the publication date, best first.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "published_time",
    "article.published",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date_published",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "original-publish-date",
    "article:published",
    "date",
    "pdate",
    "displaydate",
    "release_date",
    "article_date_original",
    "cxenseparse:recs:publishtime",
];

fn published(
    doc: &Document,
    meta: &HashMap<String, String>,
    ld: &JsonLd,
    url: Option<&str>,
) -> Option<DateTime<Utc>> {
    if let Some(d) = ld.published.as_deref().and_then(parse_page_date) {
        return Some(d);
    }
    if let Some(d) = meta.get("article:published_time").and_then(|v| parse_page_date(v)) {
        return Some(d);
    }
    for sel in
        ["article time[datetime]", "[itemprop=datePublished]", "time[pubdate]", "time[datetime]"]
    {
        for node in doc.select(sel).nodes() {
            let v = node
                .attr("datetime")
                .or_else(|| node.attr("content"))
                .map(|v| v.to_string())
                .unwrap_or_else(|| node.text().to_string());
            if let Some(d) = parse_page_date(&v) {
                return Some(d);
            }
        }
        // <time> elements outside an article may be anything (a clock, a comment's date).
        if sel == "[itemprop=datePublished]" && doc.select("article").exists() {
            break;
        }
    }
    for key in DATE_META {
        if let Some(d) = meta.get(*key).and_then(|v| parse_page_date(v)) {
            return Some(d);
        }
    }
    url.and_then(date_in_url)
}

/// Parses a date from page metadata into UTC: the crate's [`crate::parse_date`] (RFC 3339,
/// RFC 2822, ISO dates and times with or without zone, "May 1, 2022"), then forms seen in
/// pages' meta tags that it does not take ("2019-11-19 14:05:00 -0500", "2019/11/19",
/// a date followed by other text). Years outside 1900..=2200 are refused (placeholders such
/// as "0001-01-01").
fn parse_page_date(raw: &str) -> Option<DateTime<Utc>> {
    let s = raw.trim();
    if s.len() < 8 || s.len() > 64 {
        return None;
    }
    let ok = |d: DateTime<Utc>| (1900..=2200).contains(&d.year()).then_some(d);
    if let Some(d) = crate::parse_date(s) {
        return ok(d);
    }
    let s = s.replace('/', "-");
    for fmt in ["%Y-%m-%d %H:%M:%S%.f %z", "%Y-%m-%d %H:%M %z"] {
        if let Ok(d) = DateTime::parse_from_str(&s, fmt) {
            return ok(d.with_timezone(&Utc));
        }
    }
    if let Some(d) = crate::parse_date(&s) {
        return ok(d);
    }
    // A date followed by something that is not a time we know ("2019-11-19, 14h05").
    let head = s.get(..10)?;
    let d = NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?;
    ok(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?))
}

/// `/2022/05/01/` or `/2022-05-01` in a URL's path, as midnight UTC.
fn date_in_url(url: &str) -> Option<DateTime<Utc>> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let parts: Vec<&str> = path.split('/').collect();
    let midnight = |d: NaiveDate| Some(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?));
    for w in parts.windows(3) {
        let day = w[2].get(..2).unwrap_or(w[2]);
        if w[0].len() == 4
            && (1..=2).contains(&w[1].len())
            && let (Ok(y), Ok(m), Ok(d)) = (w[0].parse::<i32>(), w[1].parse(), day.parse())
            && (1990..=2100).contains(&y)
            && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
        {
            return midnight(date);
        }
    }
    for part in parts {
        if let Some(head) = part.get(..10)
            && let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d")
            && (1990..=2100).contains(&d.year())
        {
            return midnight(d);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::extract;
    use super::super::tests::news_page;
    use super::*;

    #[test]
    fn metadata_from_meta_tags() {
        let head = r#"<title>Harbour to rebuild breakwater | The Coastal Courier</title>
            <meta property="og:title" content="Harbour to rebuild breakwater | The Coastal Courier">
            <meta property="og:site_name" content="The Coastal Courier">
            <meta name="author" content="Anna de Vries">
            <meta property="article:modified_time" content="2024-03-09T08:00:00Z">
            <meta property="article:published_time" content="2024-03-05T18:30:00+01:00">
            <link rel="canonical" href="/news/2024/breakwater?ref=home">"#;
        let html = news_page(head, "");
        let page = extract(&html, Some("https://courier.example/amp/breakwater"));
        assert_eq!(page.title.as_deref(), Some("Harbour to rebuild breakwater"));
        assert_eq!(page.site_name.as_deref(), Some("The Coastal Courier"));
        assert_eq!(page.byline.as_deref(), Some("Anna de Vries"));
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-03-05T17:30:00+00:00")
        );
        assert_eq!(
            page.canonical_url.as_deref(),
            Some("https://courier.example/news/2024/breakwater?ref=home")
        );
    }

    #[test]
    fn metadata_from_json_ld_graph_and_arrays() {
        let head = r#"<title>Breakwater vote - Coastal Courier</title>
            <script type="application/ld+json">[{"@context":"https://schema.org","@type":"Organization","name":"Coastal Courier Ltd"}]</script>
            <script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[
              {"@type":"WebPage","name":"Coastal Courier","datePublished":"2001-01-01"},
              {"@type":["NewsArticle"],"headline":"Harbour votes to rebuild its breakwater",
               "author":[{"@type":"Person","name":"Anna de Vries"},{"@type":"Person","name":"Tom Okafor"}],
               "dateModified":"2024-03-09T08:00:00Z","datePublished":"2024-03-05T17:30:00Z",
               "publisher":{"@type":"Organization","name":"The Coastal Courier"},"inLanguage":"nl"}]}
            </script>"#;
        let html = news_page(head, "").replace(r#"<html lang="en-GB">"#, "<html>");
        let page = extract(&html, None);
        assert_eq!(page.title.as_deref(), Some("Harbour votes to rebuild its breakwater"));
        assert_eq!(page.byline.as_deref(), Some("Anna de Vries, Tom Okafor"));
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-03-05T17:30:00+00:00")
        );
        assert_eq!(page.site_name.as_deref(), Some("The Coastal Courier"));
        assert_eq!(page.language.as_deref(), Some("nl"));
        assert_eq!(page.canonical_url, None);
    }

    #[test]
    fn json_ld_in_cdata_and_single_author_string() {
        let blocks = vec![
            "<![CDATA[ {\"@type\":\"BlogPosting\",\"headline\":\"Quay lights\",\"author\":\"Mira Sol\"} ]]>".to_string(),
        ];
        let ld = parse_json_ld(&blocks);
        assert_eq!(ld.headline.as_deref(), Some("Quay lights"));
        assert_eq!(ld.authors, ["Mira Sol"]);
        // Broken JSON is skipped, not fatal.
        assert!(parse_json_ld(&["{\"@type\": \"NewsArticle\", ".to_string()]).headline.is_none());
    }

    #[test]
    fn date_from_time_element_itemprop_and_meta_names() {
        let html = news_page(
            "<title>Harbour vote</title>",
            r#"<p class="meta">By <a rel="author" href="/staff/anna">Anna de Vries</a>, <time datetime="2024-03-05T18:30:00+01:00">5 March</time></p>"#,
        );
        let page = extract(&html, None);
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-03-05T17:30:00+00:00")
        );
        assert_eq!(page.byline.as_deref(), Some("Anna de Vries"));

        let html = news_page(r#"<meta itemprop="datePublished" content="2022-05-01">"#, "");
        let page = extract(&html, None);
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2022-05-01T00:00:00+00:00")
        );

        let html = news_page(r#"<meta name="parsely-pub-date" content="2022-05-01 14:05:00">"#, "");
        let page = extract(&html, None);
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2022-05-01T14:05:00+00:00")
        );

        let html =
            news_page(r#"<meta name="sailthru.date" content="2022-05-01 14:05:00 -0500">"#, "");
        let page = extract(&html, None);
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2022-05-01T19:05:00+00:00")
        );

        let html =
            news_page(r#"<meta name="dc.date" content="Sun, 01 May 2022 14:05:00 GMT">"#, "");
        let page = extract(&html, None);
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2022-05-01T14:05:00+00:00")
        );
    }

    #[test]
    fn date_from_url_only_as_last_resort() {
        let html = news_page("<title>Harbour vote</title>", "");
        let page = extract(&html, Some("https://courier.example/2022/05/01/harbour-vote/"));
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2022-05-01T00:00:00+00:00")
        );
        let html = news_page(
            r#"<meta property="article:published_time" content="2022-04-30T22:00:00Z">"#,
            "",
        );
        let page = extract(&html, Some("https://courier.example/2022/05/01/harbour-vote/"));
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2022-04-30T22:00:00+00:00")
        );
        assert_eq!(date_in_url("https://x.example/2022/13/45/a"), None);
        assert_eq!(
            date_in_url("https://x.example/news/2022-05-01-harbour")
                .map(|d| d.to_rfc3339())
                .as_deref(),
            Some("2022-05-01T00:00:00+00:00")
        );
    }

    #[test]
    fn modified_date_is_not_the_published_date() {
        let html = news_page(
            r#"<meta property="article:modified_time" content="2024-03-09T08:00:00Z">"#,
            "",
        );
        let page = extract(&html, None);
        assert_eq!(page.published, None);
    }

    #[test]
    fn title_suffixes_removed() {
        assert_eq!(
            clean_title(
                "Harbour to rebuild breakwater | The Coastal Courier",
                Some("The Coastal Courier"),
                None
            ),
            "Harbour to rebuild breakwater"
        );
        assert_eq!(
            clean_title(
                "Coastal Courier - Harbour to rebuild breakwater",
                Some("Coastal Courier"),
                None
            ),
            "Harbour to rebuild breakwater"
        );
        assert_eq!(
            clean_title("Harbour to rebuild its northern breakwater – Courier", None, None),
            "Harbour to rebuild its northern breakwater"
        );
        // A dash inside the headline stays when the rest is long.
        assert_eq!(
            clean_title("Port Wellin - a town that lives from the sea and its harbour", None, None),
            "Port Wellin - a town that lives from the sea and its harbour"
        );
        assert_eq!(
            clean_title(
                "Harbour to rebuild breakwater, says council · Courier News",
                None,
                Some("Harbour to rebuild breakwater, says council")
            ),
            "Harbour to rebuild breakwater, says council"
        );
    }

    #[test]
    fn canonical_og_url_and_locale() {
        let html = r#"<html><head><meta property="og:url" content="https://courier.example/b">
            <meta property="og:locale" content="de_DE"></head><body><p>Kurz.</p></body></html>"#;
        let page = extract(html, Some("https://m.courier.example/b"));
        assert_eq!(page.canonical_url.as_deref(), Some("https://courier.example/b"));
        assert_eq!(page.language.as_deref(), Some("de-DE"));
        let html =
            r#"<html><head><link rel="canonical" href="../story"></head><body></body></html>"#;
        let page = extract(html, Some("https://courier.example/news/a/b"));
        assert_eq!(page.canonical_url.as_deref(), Some("https://courier.example/news/story"));
        let page = extract(html, None);
        assert_eq!(page.canonical_url, None);
    }
}
