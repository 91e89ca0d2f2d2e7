//! The fetcher against a local server: conditional GET, caps, deadlines, redirects and the
//! private-address guard both ways.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::test_server::{Response, TestServer};
use crate::{FetchError, FetchPolicy, Fetched, Fetcher, Validators};

fn local_policy() -> FetchPolicy {
    FetchPolicy {
        allow_private: true,
        max_bytes: 64 * 1024,
        timeout: Duration::from_millis(1500),
        ..FetchPolicy::default()
    }
}

fn server() -> TestServer {
    TestServer::start(|req| match req.path.as_str() {
        "/feed" => match req.header("if-none-match") {
            Some("\"v1\"") => Response::status(304),
            _ => Response::ok("application/rss+xml", "<rss/>")
                .header("ETag", "\"v1\"")
                .header("Last-Modified", "Tue, 03 May 2022 08:00:00 GMT"),
        },
        "/since" => match req.header("if-modified-since") {
            Some("Tue, 03 May 2022 08:00:00 GMT") => Response::status(304),
            _ => Response::ok("text/html", "<p>page</p>"),
        },
        "/broken" => Response::status(503).header("Retry-After", "90"),
        "/gone" => Response::status(404),
        "/slow" => Response::ok("text/plain", "late").delay(Duration::from_secs(5)),
        "/big" => Response::ok("text/plain", vec![b'x'; 200 * 1024]),
        "/big-chunked" => Response::ok("text/plain", vec![b'x'; 200 * 1024]).chunked(),
        "/exact" => Response::ok("text/plain", vec![b'y'; 64 * 1024]).chunked(),
        "/file" => Response::redirect("file:///etc/passwd"),
        path => match path.strip_prefix("/hop/").and_then(|n| n.parse::<u32>().ok()) {
            Some(0) => Response::ok("text/plain", "arrived"),
            Some(n) => Response::redirect(&format!("/hop/{}", n - 1)),
            None => Response::status(404),
        },
    })
    .expect("start the test server")
}

fn fetcher(policy: FetchPolicy) -> Fetcher {
    Fetcher::new(policy).expect("client")
}

#[tokio::test]
async fn conditional_get_returns_not_modified_for_matching_validators() {
    let server = server();
    let f = fetcher(local_policy());
    let first = f.get(&server.url("/feed"), &Validators::default()).await.unwrap();
    let Fetched::Body { bytes, content_type, final_url, validators } = first else {
        panic!("expected a body, got {first:?}");
    };
    assert_eq!(bytes, b"<rss/>");
    assert_eq!(content_type.as_deref(), Some("application/rss+xml"));
    assert_eq!(final_url, server.url("/feed"));
    assert_eq!(validators.etag.as_deref(), Some("\"v1\""));
    assert_eq!(validators.last_modified.as_deref(), Some("Tue, 03 May 2022 08:00:00 GMT"));
    let again = f.get(&server.url("/feed"), &validators).await.unwrap();
    assert_eq!(again, Fetched::NotModified);
    let by_date = Validators { etag: None, last_modified: validators.last_modified };
    assert_eq!(f.get(&server.url("/since"), &by_date).await.unwrap(), Fetched::NotModified);
}

#[tokio::test]
async fn error_statuses_carry_retry_after_and_say_whether_to_retry() {
    let server = server();
    let f = fetcher(local_policy());
    let e = f.get(&server.url("/broken"), &Validators::default()).await.unwrap_err();
    assert!(matches!(e, FetchError::Status { status: 503, .. }), "{e:?}");
    assert!(e.retryable());
    assert_eq!(e.retry_after(), Some(Duration::from_secs(90)));
    assert!(e.to_string().contains("/broken: HTTP 503"), "{e}");
    let e = f.get(&server.url("/gone"), &Validators::default()).await.unwrap_err();
    assert!(!e.retryable(), "{e}");
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let server = server();
    let f = fetcher(FetchPolicy { timeout: Duration::from_millis(300), ..local_policy() });
    let started = std::time::Instant::now();
    let e = f.get(&server.url("/slow"), &Validators::default()).await.unwrap_err();
    assert!(matches!(e, FetchError::TimedOut { .. }), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert!(e.to_string().contains("/slow: timed out after 0.3 s"), "{e}");
    assert!(e.retryable());
}

#[tokio::test]
async fn bodies_over_the_cap_are_errors_with_or_without_a_declared_length() {
    let server = server();
    let f = fetcher(local_policy());
    for path in ["/big", "/big-chunked"] {
        let e = f.get(&server.url(path), &Validators::default()).await.unwrap_err();
        assert!(matches!(e, FetchError::TooLarge { limit: 65536, .. }), "{path}: {e:?}");
        assert!(e.to_string().contains(&format!("{path}: response is larger than the 65536")));
        assert!(!e.retryable());
    }
    // Exactly at the cap is fine.
    let Fetched::Body { bytes, .. } =
        f.get(&server.url("/exact"), &Validators::default()).await.unwrap()
    else {
        panic!("expected a body");
    };
    assert_eq!(bytes.len(), 64 * 1024);
}

#[tokio::test]
async fn five_redirects_are_followed_and_six_refused() {
    let server = server();
    let f = fetcher(local_policy());
    let Fetched::Body { bytes, final_url, .. } =
        f.get(&server.url("/hop/5"), &Validators::default()).await.unwrap()
    else {
        panic!("expected a body");
    };
    assert_eq!(bytes, b"arrived");
    assert_eq!(final_url, server.url("/hop/0"));
    let e = f.get(&server.url("/hop/6"), &Validators::default()).await.unwrap_err();
    assert!(matches!(e, FetchError::TooManyRedirects { limit: 5, .. }), "{e:?}");
    assert!(e.to_string().contains("/hop/6: more than 5 redirects"), "{e}");
}

#[tokio::test]
async fn a_redirect_to_another_scheme_is_refused() {
    let server = server();
    let f = fetcher(local_policy());
    let e = f.get(&server.url("/file"), &Validators::default()).await.unwrap_err();
    assert!(matches!(e, FetchError::RedirectRefused { .. }), "{e:?}");
    assert!(e.to_string().contains("file:///etc/passwd"), "{e}");
}

#[tokio::test]
async fn loopback_is_refused_by_default_and_allowed_with_the_flag() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let server = TestServer::start(move |_| {
        counted.fetch_add(1, Ordering::SeqCst);
        Response::ok("text/plain", "hello")
    })
    .unwrap();
    let guarded = fetcher(FetchPolicy::default());
    // By literal address, and by a name that resolves to loopback.
    let by_name = format!("http://localhost:{}/x", server.addr().port());
    for url in [server.url("/x"), by_name] {
        let e = guarded.get(&url, &Validators::default()).await.unwrap_err();
        assert!(matches!(e, FetchError::Refused { reason: "loopback", .. }), "{url}: {e:?}");
        assert!(e.to_string().contains("--allow-private"), "{e}");
        assert!(!e.retryable());
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0, "no request may reach the server");
    let open = fetcher(FetchPolicy { allow_private: true, ..FetchPolicy::default() });
    assert!(matches!(
        open.get(&server.url("/x"), &Validators::default()).await,
        Ok(Fetched::Body { .. })
    ));
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn hostile_urls_are_errors_naming_them() {
    let f = fetcher(FetchPolicy::default());
    for (url, kind) in [
        ("", "invalid_url"),
        ("not a url", "invalid_url"),
        ("file:///etc/passwd", "scheme"),
        ("http://[::1]:9/", "refused"),
        ("http://169.254.169.254/latest/meta-data/", "refused"),
    ] {
        let e = f.get(url, &Validators::default()).await.unwrap_err();
        assert_eq!(e.kind(), kind, "{url}: {e}");
        assert!(e.to_string().contains(url), "{url}: {e}");
    }
}

#[tokio::test]
async fn a_closed_port_is_a_retryable_network_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let f = fetcher(local_policy());
    let url = format!("http://127.0.0.1:{port}/feed");
    let e = f.get(&url, &Validators::default()).await.unwrap_err();
    assert!(matches!(e, FetchError::Network { .. }), "{e:?}");
    assert!(e.retryable());
    assert!(e.to_string().starts_with(&url), "{e}");
}
