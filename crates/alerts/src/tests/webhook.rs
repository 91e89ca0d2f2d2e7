use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use chrono::Utc;
use parallax_outlets::Registry;
use parallax_store::{Delivery, NewAlert, Store};
use serde_json::Value;

use super::*;
use crate::{
    DeliveryOptions, SIGNATURE_HEADER, Webhooks, create_alert, deliver_pending, match_new,
    redacted_url, signature,
};

/// What the test server saw and how it answers.
#[derive(Clone, Default)]
struct Hook {
    posts: Arc<Mutex<Vec<(HeaderMap, Bytes)>>>,
    /// Answers 500 to this many POSTs before answering 200.
    failures: Arc<Mutex<usize>>,
    /// Waits this long before answering.
    delay: Duration,
}

async fn receive(State(hook): State<Hook>, headers: HeaderMap, body: Bytes) -> StatusCode {
    hook.posts.lock().unwrap().push((headers, body));
    tokio::time::sleep(hook.delay).await;
    let mut failures = hook.failures.lock().unwrap();
    if *failures > 0 {
        *failures -= 1;
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::OK
    }
}

/// Serves `hook` on a loopback port; returns the webhook URL.
async fn serve(hook: Hook) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new().route("/hook", post(receive)).with_state(hook);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/hook")
}

fn fast(max_attempts: u32) -> Webhooks {
    Webhooks::new(DeliveryOptions {
        timeout: Duration::from_millis(500),
        max_attempts,
        first_retry: Duration::from_secs(60),
        max_retry: Duration::from_secs(3600),
        batch: 100,
    })
    .unwrap()
}

/// A store with one alert on `url` (signed with `secret`) that has matched one hostile article.
fn matched_store(dir: &std::path::Path, url: &str, secret: Option<&str>) -> (Store, u64) {
    let (mut store, mut index) = setup(dir, &[]);
    let new = NewAlert {
        webhook: Some(url.into()),
        secret: secret.map(str::to_owned),
        ..alert("Floods <b>", "flood")
    };
    let id = create_alert(&mut store, &index, &new).unwrap().id;
    let mut hostile = flood("x-1", "Mallory <i>Times</i>", 2);
    hostile.title = Some("<script>alert(1)</script> Flood & \"quotes\"".into());
    publish(&mut store, &mut index, &[hostile]);
    assert_eq!(match_new(&mut store, &index, &Registry::builtin()).unwrap().new_matches, 1);
    (store, id)
}

#[tokio::test]
async fn a_match_is_posted_signed_and_recorded_once() {
    let hook = Hook::default();
    let url = serve(hook.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, alert_id) = matched_store(dir.path(), &url, Some("k3y"));

    let report = deliver_pending(&mut store, &fast(3), Some(Utc::now())).await.unwrap();
    assert_eq!((report.attempted, report.delivered), (1, 1), "{report:?}");
    let again = deliver_pending(&mut store, &fast(3), None).await.unwrap();
    assert_eq!(again.attempted, 0, "a delivered match is not sent again");

    let posts = hook.posts.lock().unwrap().clone();
    assert_eq!(posts.len(), 1);
    let (headers, body) = &posts[0];
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers[SIGNATURE_HEADER].to_str().unwrap(), signature("k3y", body));
    let json: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(json["alert"]["id"], alert_id);
    assert_eq!(json["alert"]["name"], "Floods <b>");
    assert_eq!(json["alert"]["query"], "flood");
    assert_eq!(json["article"]["id"], "x-1");
    assert_eq!(json["article"]["title"], "<script>alert(1)</script> Flood & \"quotes\"");
    assert_eq!(json["article"]["outlet"], "Mallory <i>Times</i>");
    assert_eq!(json["article"]["url"], "https://mallory<i>times</i>.example/x-1");
    assert_eq!(json["article"]["published"], "2024-03-02T08:00:00Z");
    assert!(json["article"]["snippet"].as_str().unwrap().contains("flooded"));

    let m = &store.alert_matches(alert_id, 1).unwrap()[0];
    assert_eq!((m.delivery, m.attempts), (Some(Delivery::Delivered), 1));
}

#[tokio::test]
async fn a_failing_webhook_is_retried_with_backoff_then_given_up() {
    let hook = Hook { failures: Arc::new(Mutex::new(1)), ..Hook::default() };
    let url = serve(hook.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, alert_id) = matched_store(dir.path(), &url, None);

    let before = Utc::now();
    let first = deliver_pending(&mut store, &fast(3), Some(Utc::now())).await.unwrap();
    assert_eq!((first.attempted, first.retrying), (1, 1), "{first:?}");
    assert!(first.errors[0].contains("500"), "{:?}", first.errors);
    let m = &store.alert_matches(alert_id, 1).unwrap()[0];
    assert_eq!((m.delivery, m.attempts), (Some(Delivery::Pending), 1));
    assert!(m.last_error.as_deref().unwrap().contains("500"));
    let wait = m.next_attempt.unwrap() - before;
    assert!((55..=65).contains(&wait.num_seconds()), "first retry after a minute: {wait}");
    assert!(!hook.posts.lock().unwrap()[0].0.contains_key(SIGNATURE_HEADER), "no secret");

    // Not due yet; then due, and the server answers 200 this time.
    let early = deliver_pending(&mut store, &fast(3), Some(Utc::now())).await.unwrap();
    assert_eq!(early.attempted, 0);
    let later = Utc::now() + chrono::Duration::minutes(2);
    let second = deliver_pending(&mut store, &fast(3), Some(later)).await.unwrap();
    assert_eq!((second.attempted, second.delivered), (1, 1), "{second:?}");
    let m = &store.alert_matches(alert_id, 1).unwrap()[0];
    assert_eq!((m.delivery, m.attempts), (Some(Delivery::Delivered), 2));
    assert_eq!(hook.posts.lock().unwrap().len(), 2);
    let ids: Vec<_> =
        hook.posts.lock().unwrap().iter().map(|(h, _)| h["x-parallax-delivery"].clone()).collect();
    assert_eq!(ids[0], ids[1], "a retry names the same delivery");
}

#[tokio::test]
async fn a_dead_or_slow_webhook_fails_after_the_last_attempt() {
    // Nothing listens on the port of a listener that was dropped.
    let dead = {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        format!("http://{}/hook", listener.local_addr().unwrap())
    };
    let dir = tempfile::tempdir().unwrap();
    let (mut store, alert_id) = matched_store(dir.path(), &dead, None);
    let hooks = fast(2);
    let first = deliver_pending(&mut store, &hooks, None).await.unwrap();
    assert_eq!(first.retrying, 1, "{first:?}");
    let last = deliver_pending(&mut store, &hooks, None).await.unwrap();
    assert_eq!(last.failed, 1, "{last:?}");
    assert!(last.errors[0].contains(&redacted_url(&dead)), "{:?}", last.errors);
    let m = &store.alert_matches(alert_id, 1).unwrap()[0];
    assert_eq!((m.delivery, m.attempts), (Some(Delivery::Failed), 2));
    assert!(m.next_attempt.is_none());
    assert_eq!(deliver_pending(&mut store, &hooks, None).await.unwrap().attempted, 0);

    let slow = Hook { delay: Duration::from_secs(5), ..Hook::default() };
    let url = serve(slow).await;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = matched_store(dir.path(), &url, None);
    let started = std::time::Instant::now();
    let report = deliver_pending(&mut store, &hooks, None).await.unwrap();
    assert!(started.elapsed() < Duration::from_secs(3), "the timeout holds");
    assert_eq!(report.retrying, 1);
    assert!(report.errors[0].contains("timed out"), "{:?}", report.errors);
}

#[tokio::test]
async fn one_failure_defers_the_other_deliveries_to_that_webhook() {
    let hook = Hook { failures: Arc::new(Mutex::new(100)), ..Hook::default() };
    let url = serve(hook.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut index) = setup(dir.path(), &[]);
    let new = NewAlert { webhook: Some(url), ..alert("Floods", "flood") };
    create_alert(&mut store, &index, &new).unwrap();
    let floods: Vec<_> = (0..5).map(|i| flood(&format!("f-{i}"), "Valley Courier", 2)).collect();
    publish(&mut store, &mut index, &floods);
    match_new(&mut store, &index, &Registry::builtin()).unwrap();
    let report = deliver_pending(&mut store, &fast(3), None).await.unwrap();
    assert_eq!((report.attempted, report.deferred), (1, 4), "{report:?}");
    assert_eq!(hook.posts.lock().unwrap().len(), 1);
}

#[test]
fn signatures_and_redaction() {
    // RFC 4231 test case 2.
    assert_eq!(
        signature("Jefe", b"what do ya want for nothing?"),
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    assert_eq!(
        redacted_url("https://hooks.example.com/services/T0/B0/secret"),
        "https://hooks.example.com/…"
    );
    assert_eq!(redacted_url("http://127.0.0.1:9000/"), "http://127.0.0.1:9000");
    assert_eq!(redacted_url("http://h.example/?token=x"), "http://h.example/…");
    assert_eq!(redacted_url("::"), "(invalid URL)");
}
