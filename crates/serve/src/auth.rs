//! Guards for write endpoints: the token, when one is configured, and same-origin checks
//! for forms.
//!
//! Without a token, writes are allowed: the server listens on loopback unless told
//! otherwise, so only this machine's users reach it. Browsers on this machine are a
//! different matter, as any web page can submit a form to `127.0.0.1`: form posts must come
//! from this site's own pages ([`same_origin`]), and JSON endpoints are out of a foreign
//! page's reach because a cross-site JSON request needs a CORS preflight this server never
//! grants.

use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// `Ok` when the request carries `Authorization: Bearer TOKEN` with the configured token, or
/// when no token is configured; otherwise a 401 with a JSON error.
#[allow(clippy::result_large_err)]
pub(crate) fn require_token(headers: &HeaderMap, state: &AppState) -> Result<(), Response> {
    let Some(expected) = state.token() else {
        return Ok(());
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(token) if same_secret(token, expected) => Ok(()),
        Some(_) => Err(unauthorized("the token is not the one this server was started with")),
        None => Err(unauthorized("this endpoint writes: send Authorization: Bearer TOKEN")),
    }
}

fn unauthorized(message: &str) -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, "Bearer")],
        Json(serde_json::json!({ "error": message })),
    )
        .into_response()
}

/// True when `token` is the configured one (or none is configured): for a form's token
/// field.
pub(crate) fn token_matches(state: &AppState, token: Option<&str>) -> bool {
    match state.token() {
        None => true,
        Some(expected) => token.is_some_and(|t| same_secret(t.trim(), expected)),
    }
}

/// Compares in time that depends on the lengths only, so that a wrong guess does not tell
/// how much of it was right.
fn same_secret(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// False when a browser says the request comes from another site: `Sec-Fetch-Site` other
/// than same-origin or none, or an `Origin` whose host is not the `Host` asked for.
/// Requests without these headers (scripts, older clients) pass: they are not a page
/// acting on a visitor's behalf.
pub(crate) fn same_origin(headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|v: &header::HeaderValue| v.to_str().ok());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site"))
        && !matches!(site, "same-origin" | "none")
    {
        return false;
    }
    match (text(header::ORIGIN), text(header::HOST)) {
        (None, _) => true,
        (Some(origin), Some(host)) => {
            let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
            origin_host.eq_ignore_ascii_case(host)
        }
        (Some(_), None) => false,
    }
}

/// The 403 page for a form posted from another site (`None` for our own pages' posts).
pub(crate) fn foreign_form(headers: &HeaderMap) -> Option<Response> {
    (!same_origin(headers)).then(|| {
        let page = crate::pages::ErrorPage {
            title: "Forbidden".into(),
            message: "This form can only be sent from this site's own page.".into(),
        };
        (StatusCode::FORBIDDEN, axum::response::Html(crate::pages::render(&page))).into_response()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abd", "abc"));
        assert!(!same_secret("ab", "abc"));
        assert!(!same_secret("", "abc"));
    }

    #[test]
    fn cross_site_form_posts_are_refused() {
        assert!(same_origin(&headers(&[])));
        assert!(same_origin(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080")
        ])));
        assert!(same_origin(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!same_origin(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "https://evil.example")
        ])));
        assert!(!same_origin(&headers(&[("origin", "null"), ("host", "127.0.0.1:8080")])));
        assert!(!same_origin(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!same_origin(&headers(&[("origin", "http://127.0.0.1:8080")])));
    }
}
