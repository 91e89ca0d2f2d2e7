use std::net::IpAddr;
use std::time::Duration;

/// Why a fetch failed. Every message names the URL and what happened; [`FetchError::retryable`]
/// says whether trying again later may help.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The URL cannot be parsed or has no host.
    #[error("{url}: not a valid URL: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Only `http` and `https` are fetched.
    #[error("{url}: scheme {scheme:?} is not fetched (only http and https)")]
    Scheme {
        /// The URL.
        url: String,
        /// Its scheme.
        scheme: String,
    },
    /// The host is, or resolves only to, an address that is not public.
    #[error(
        "{url}: refused to connect to {host} ({address}, {reason} address); \
         pass --allow-private to fetch from private networks"
    )]
    Refused {
        /// The URL being fetched (a redirect target when a hop was refused).
        url: String,
        /// The host named in the URL.
        host: String,
        /// The address refused.
        address: IpAddr,
        /// What kind of address it is.
        reason: &'static str,
    },
    /// The body exceeded the byte cap.
    #[error("{url}: response is larger than the {limit}-byte limit; not read further")]
    TooLarge {
        /// The URL.
        url: String,
        /// The cap.
        limit: u64,
    },
    /// The whole fetch (connect, headers, body) took longer than allowed.
    #[error("{url}: timed out after {:.1} s", after.as_secs_f64())]
    TimedOut {
        /// The URL.
        url: String,
        /// The deadline that passed.
        after: Duration,
    },
    /// The server answered with an error status.
    #[error("{url}: HTTP {status}{}", retry_after.map(|d| format!(" (retry after {} s)", d.as_secs())).unwrap_or_default())]
    Status {
        /// The URL (after redirects).
        url: String,
        /// The status code.
        status: u16,
        /// The server's `Retry-After`, when given.
        retry_after: Option<Duration>,
    },
    /// More redirects than allowed.
    #[error("{url}: more than {limit} redirects")]
    TooManyRedirects {
        /// The URL first requested.
        url: String,
        /// The cap.
        limit: usize,
    },
    /// A redirect pointed somewhere that is never fetched (another scheme, no host).
    #[error("{url}: redirect to {target} refused: {reason}")]
    RedirectRefused {
        /// The URL first requested.
        url: String,
        /// Where the redirect pointed.
        target: String,
        /// Why it was refused.
        reason: String,
    },
    /// The host could not be resolved or connected to, or the connection broke.
    #[error("{url}: {message}")]
    Network {
        /// The URL.
        url: String,
        /// What failed, with its cause.
        message: String,
    },
    /// The HTTP client could not be built (TLS set-up).
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
}

impl FetchError {
    /// Whether the same request may succeed later: timeouts, network failures, server errors
    /// (5xx), 408 and 429. Refusals, size caps, redirect loops and other 4xx are not.
    pub fn retryable(&self) -> bool {
        match self {
            FetchError::TimedOut { .. } | FetchError::Network { .. } => true,
            FetchError::Status { status, .. } => *status >= 500 || matches!(status, 408 | 429),
            _ => false,
        }
    }

    /// The server's `Retry-After`, when it gave one.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            FetchError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A short machine-readable kind: `refused`, `too_large`, `timed_out`, `status`, …
    pub fn kind(&self) -> &'static str {
        match self {
            FetchError::InvalidUrl { .. } => "invalid_url",
            FetchError::Scheme { .. } => "scheme",
            FetchError::Refused { .. } => "refused",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::TimedOut { .. } => "timed_out",
            FetchError::Status { .. } => "status",
            FetchError::TooManyRedirects { .. } => "too_many_redirects",
            FetchError::RedirectRefused { .. } => "redirect_refused",
            FetchError::Network { .. } => "network",
            FetchError::Client(_) => "client",
        }
    }
}

/// Raised inside reqwest (by the resolver or the redirect policy) and found again in the
/// error's source chain, so the caller sees a precise [`FetchError`] instead of reqwest's
/// generic "error sending request".
#[derive(Debug, thiserror::Error)]
pub(crate) enum Blocked {
    #[error("{host} resolves to {address} ({reason} address)")]
    Address { host: String, address: IpAddr, reason: &'static str },
    #[error("too many redirects")]
    RedirectLimit,
    #[error("redirect to {target}: {reason}")]
    Redirect { target: String, reason: String },
}
