use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{StatusCode, Url, redirect};
use serde::{Deserialize, Serialize};

use crate::address::non_public_reason;
use crate::error::{Blocked, FetchError};
use crate::resolver::GuardedResolver;

/// What a fetch may do. One policy per [`Fetcher`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchPolicy {
    /// Connect to private, loopback, link-local and other non-public addresses. Off by
    /// default; tests against a local server need it.
    pub allow_private: bool,
    /// Largest body read, after decompression; a larger one is an error.
    pub max_bytes: u64,
    /// Deadline for the whole fetch: connecting, redirects, headers and body.
    pub timeout: Duration,
    /// Deadline for establishing one connection.
    pub connect_timeout: Duration,
    /// Redirects followed at most.
    pub max_redirects: usize,
    /// The `User-Agent` sent.
    pub user_agent: String,
}

impl Default for FetchPolicy {
    fn default() -> FetchPolicy {
        FetchPolicy {
            allow_private: false,
            max_bytes: 8 << 20,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            max_redirects: 5,
            user_agent: concat!(
                "parallax/",
                env!("CARGO_PKG_VERSION"),
                " (self-hosted news reader; feed polling)"
            )
            .to_string(),
        }
    }
}

/// A response's cache validators, sent back on the next request so that an unchanged
/// resource costs a 304 and no body.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Last-Modified` header, verbatim.
    pub last_modified: Option<String>,
}

/// What a successful fetch brought.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fetched {
    /// 304: unchanged since the validators were issued.
    NotModified,
    /// A 2xx response with its body.
    Body {
        /// The body, decompressed, at most the policy's `max_bytes`.
        bytes: Vec<u8>,
        /// The `Content-Type` header.
        content_type: Option<String>,
        /// Where the body came from after redirects.
        final_url: String,
        /// The response's validators, for the next conditional request.
        validators: Validators,
    },
}

/// An HTTP client that enforces a [`FetchPolicy`]. Cheap to clone: clones share one
/// connection pool.
#[derive(Clone, Debug)]
pub struct Fetcher {
    client: reqwest::Client,
    policy: Arc<FetchPolicy>,
}

/// Sent with every request: feeds first, then pages, then anything.
const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
                      application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5";

/// A `Retry-After` beyond this is read as this: a week is already "much later".
const MAX_RETRY_AFTER: Duration = Duration::from_secs(7 * 24 * 3600);

impl Fetcher {
    /// A fetcher with its own connection pool. Must be called within a tokio runtime only
    /// when fetching, not to build.
    pub fn new(policy: FetchPolicy) -> Result<Fetcher, FetchError> {
        let allow_private = policy.allow_private;
        let max_redirects = policy.max_redirects;
        let redirects = redirect::Policy::custom(move |attempt| {
            // `previous` holds the first URL and every hop so far.
            if attempt.previous().len() > max_redirects {
                return attempt.error(Blocked::RedirectLimit);
            }
            match check_target(attempt.url(), allow_private) {
                Ok(()) => attempt.follow(),
                Err(blocked) => attempt.error(blocked),
            }
        });
        let client = reqwest::Client::builder()
            .user_agent(policy.user_agent.clone())
            .connect_timeout(policy.connect_timeout)
            .timeout(policy.timeout)
            .redirect(redirects)
            // A proxy would resolve names itself, past the guard: never use one.
            .no_proxy()
            .dns_resolver(GuardedResolver { allow_private })
            .pool_max_idle_per_host(2)
            .pool_idle_timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| FetchError::Client(chain(&e)))?;
        Ok(Fetcher { client, policy: Arc::new(policy) })
    }

    /// The policy in force.
    pub fn policy(&self) -> &FetchPolicy {
        &self.policy
    }

    /// GETs `url`, conditionally when `validators` has any, and reads the body up to the cap,
    /// all within the policy's deadline.
    pub async fn get(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let parsed = Url::parse(url)
            .map_err(|e| FetchError::InvalidUrl { url: url.to_string(), reason: e.to_string() })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(FetchError::Scheme {
                url: url.to_string(),
                scheme: parsed.scheme().into(),
            });
        }
        if parsed.host().is_none() {
            return Err(FetchError::InvalidUrl { url: url.to_string(), reason: "no host".into() });
        }
        if let Err(blocked) = check_target(&parsed, self.policy.allow_private) {
            return Err(self.convert(url, blocked));
        }
        let deadline = self.policy.timeout;
        match tokio::time::timeout(deadline, self.get_checked(url, parsed, validators)).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::TimedOut { url: url.to_string(), after: deadline }),
        }
    }

    async fn get_checked(
        &self,
        url: &str,
        parsed: Url,
        validators: &Validators,
    ) -> Result<Fetched, FetchError> {
        let mut request = self.client.get(parsed).header(header::ACCEPT, ACCEPT);
        if let Some(etag) = &validators.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(modified) = &validators.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, modified);
        }
        let mut response = request.send().await.map_err(|e| self.describe_failure(url, e))?;
        let status = response.status();
        let final_url = response.url().to_string();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if status.is_redirection() {
            // The client follows every redirect it can; one that comes back unfollowed points
            // nowhere fetchable (another scheme, an unparsable or missing Location).
            let target = header_text(response.headers(), header::LOCATION);
            return Err(FetchError::RedirectRefused {
                url: url.to_string(),
                target: target.unwrap_or_else(|| "(no Location)".into()),
                reason: format!("HTTP {} to a target that is not an http(s) URL", status.as_u16()),
            });
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                url: final_url,
                status: status.as_u16(),
                retry_after: retry_after(response.headers()),
            });
        }
        let limit = self.policy.max_bytes;
        let too_large = || FetchError::TooLarge { url: final_url.clone(), limit };
        // A declared length over the cap fails before any body is read. (With compression the
        // declared length is the compressed one; the decoded bytes are counted below.)
        if response.content_length().is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let headers = response.headers();
        let content_type = header_text(headers, header::CONTENT_TYPE);
        let new_validators = Validators {
            etag: header_text(headers, header::ETAG),
            last_modified: header_text(headers, header::LAST_MODIFIED),
        };
        let capacity = response.content_length().unwrap_or(0).min(limit).min(1 << 20);
        let mut bytes = Vec::with_capacity(capacity as usize);
        while let Some(chunk) = response.chunk().await.map_err(|e| self.describe_failure(url, e))? {
            if bytes.len() as u64 + chunk.len() as u64 > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Fetched::Body { bytes, content_type, final_url, validators: new_validators })
    }

    fn convert(&self, url: &str, blocked: Blocked) -> FetchError {
        let url = url.to_string();
        match blocked {
            Blocked::Address { host, address, reason } => {
                FetchError::Refused { url, host, address, reason }
            }
            Blocked::RedirectLimit => {
                FetchError::TooManyRedirects { url, limit: self.policy.max_redirects }
            }
            Blocked::Redirect { target, reason } => {
                FetchError::RedirectRefused { url, target, reason }
            }
        }
    }

    /// Finds our own refusal in reqwest's error chain, or describes the failure.
    fn describe_failure(&self, url: &str, e: reqwest::Error) -> FetchError {
        let mut source: Option<&(dyn std::error::Error + 'static)> = e.source();
        while let Some(s) = source {
            if let Some(blocked) = s.downcast_ref::<Blocked>() {
                let blocked = match blocked {
                    Blocked::Address { host, address, reason } => {
                        Blocked::Address { host: host.clone(), address: *address, reason }
                    }
                    Blocked::RedirectLimit => Blocked::RedirectLimit,
                    Blocked::Redirect { target, reason } => {
                        Blocked::Redirect { target: target.clone(), reason: reason.clone() }
                    }
                };
                return self.convert(url, blocked);
            }
            source = s.source();
        }
        if e.is_timeout() {
            return FetchError::TimedOut { url: url.to_string(), after: self.policy.timeout };
        }
        // reqwest's own top line repeats the URL ("error sending request for url (…)"); the
        // causes below it say what happened.
        let message = match e.source() {
            Some(cause) => chain(cause),
            None => chain(&e),
        };
        FetchError::Network { url: url.to_string(), message }
    }
}

/// Checks a URL about to be requested (the first or a redirect target): http(s) only, with
/// a host, and an IP-literal host must be public. Names are checked when resolved.
fn check_target(url: &Url, allow_private: bool) -> Result<(), Blocked> {
    let target = url.as_str().to_string();
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Blocked::Redirect {
            target,
            reason: format!("scheme {:?} is not fetched (only http and https)", url.scheme()),
        });
    }
    let ip = match url.host() {
        None => return Err(Blocked::Redirect { target, reason: "no host".into() }),
        Some(url::Host::Domain(_)) => return Ok(()),
        Some(url::Host::Ipv4(v4)) => std::net::IpAddr::V4(v4),
        Some(url::Host::Ipv6(v6)) => std::net::IpAddr::V6(v6),
    };
    match non_public_reason(ip) {
        Some(reason) if !allow_private => Err(Blocked::Address {
            host: url.host_str().unwrap_or_default().to_string(),
            address: ip,
            reason,
        }),
        _ => Ok(()),
    }
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v: &HeaderValue| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// `Retry-After` as seconds or an HTTP date, capped; a date in the past is zero.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let raw = header_text(headers, header::RETRY_AFTER)?;
    let wait = if let Ok(secs) = raw.parse::<u64>() {
        Duration::from_secs(secs)
    } else {
        let when = chrono::DateTime::parse_from_rfc2822(&raw).ok()?;
        let secs = (when.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds();
        Duration::from_secs(secs.max(0) as u64)
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

/// An error with its causes, `: `-separated, without repeating a cause its parent quotes.
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_checked_for_scheme_host_and_literal_address() {
        let check = |u: &str, allow| check_target(&Url::parse(u).unwrap(), allow);
        assert!(check("https://news.example.com/feed", false).is_ok());
        assert!(check("http://93.184.215.14/", false).is_ok());
        assert!(matches!(check("file:///etc/passwd", true), Err(Blocked::Redirect { .. })));
        assert!(matches!(check("ftp://example.com/x", false), Err(Blocked::Redirect { .. })));
        // Decimal and IPv6-mapped spellings of loopback are parsed to the address first.
        for private in [
            "http://127.0.0.1/",
            "http://2130706433/",
            "http://[::ffff:127.0.0.1]/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[fd00::1]/",
        ] {
            assert!(
                matches!(check(private, false), Err(Blocked::Address { .. })),
                "{private} must be refused"
            );
            assert!(check(private, true).is_ok(), "{private} allowed by the flag");
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates_and_caps_them() {
        let mut h = HeaderMap::new();
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("120"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(120)));
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("99999999999"));
        assert_eq!(retry_after(&h), Some(MAX_RETRY_AFTER));
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"));
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert(header::RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
    }
}
