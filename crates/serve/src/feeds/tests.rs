//! Following and dropping feeds through the API and the page, with and without a token,
//! and a hostile feed list.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use parallax_model::Subscription;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::router;
use crate::tests::fixture::Fixture;

fn app(token: Option<&str>) -> (Fixture, Router) {
    app_on(Fixture::sqlite(), token)
}

fn app_on(fixture: Fixture, token: Option<&str>) -> (Fixture, Router) {
    // As an OPML list may give them: markup in the name, a URL that is no link.
    let hostile = Subscription {
        feed_url: "javascript:alert(1)".into(),
        title: Some("<script>alert('feed')</script> Mallory <b>News</b>".into()),
        site_url: None,
        category: None,
    };
    fixture.with_store(|store| store.add_subscription(&hostile, "opml").unwrap());
    let router = router(fixture.state(token));
    (fixture, router)
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

fn post_json(uri: &str, body: Value, token: Option<&str>) -> Request<Body> {
    let mut request = Request::post(uri).header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    request.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn feeds_are_followed_listed_and_dropped_through_the_api() {
    for fixture in Fixture::each_engine() {
        let (_fixture, app) = app_on(fixture, None);
        followed_listed_and_dropped(&app).await;
    }
}

async fn followed_listed_and_dropped(app: &Router) {
    let app = app.clone();
    let url = "https://harbourgazette.example.com/rss.xml";
    let (status, body) =
        send(&app, post_json("/api/feeds", json!({"url": url, "title": "Harbour"}), None)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let feed: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((feed["feed_url"].as_str(), feed["status"].as_str()), (Some(url), Some("new")));
    // Following it again changes nothing.
    let (status, _) = send(&app, post_json("/api/feeds", json!({"url": url}), None)).await;
    assert_eq!(status, StatusCode::OK);

    for bad in ["ftp://example.com/feed", "not a url", "file:///etc/passwd", ""] {
        let (status, body) = send(&app, post_json("/api/feeds", json!({"url": bad}), None)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert!(body.contains("error"), "{body}");
    }
    let (status, _) = send(&app, post_json("/api/feeds", json!({"link": url}), None)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "unknown keys are refused");

    let (_, body) = send(&app, Request::get("/api/feeds").body(Body::empty()).unwrap()).await;
    let feeds: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(feeds.len(), 2);

    let remove = format!("/api/feeds?url={}", "https%3A%2F%2Fharbourgazette.example.com%2Frss.xml");
    let (status, _) = send(&app, Request::delete(&remove).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = send(&app, Request::delete(&remove).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn with_a_token_every_feed_write_needs_it() {
    for fixture in Fixture::each_engine() {
        let (_fixture, app) = app_on(fixture, Some("s3cret"));
        writes_need_the_token(&app).await;
    }
}

async fn writes_need_the_token(app: &Router) {
    let app = app.clone();
    let body = json!({"url": "https://balticledger.lv/feed"});
    let (status, _) = send(&app, post_json("/api/feeds", body.clone(), None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = send(&app, post_json("/api/feeds", body.clone(), Some("wrong"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = send(&app, post_json("/api/feeds", body, Some("s3cret"))).await;
    assert_eq!(status, StatusCode::CREATED);
    let remove = "/api/feeds?url=https%3A%2F%2Fbalticledger.lv%2Ffeed";
    let (status, _) = send(&app, Request::delete(remove).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The page's form asks for the token and refuses a post without it.
    let (_, page) = send(&app, Request::get("/feeds").body(Body::empty()).unwrap()).await;
    assert!(page.contains(r#"name="token""#));
    let form = Request::post("/feeds")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("url=https%3A%2F%2Fexample.org%2Ffeed"))
        .unwrap();
    let (status, _) = send(&app, form).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // A form another site sends is refused outright.
    let form = Request::post("/feeds")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://evil.example")
        .header("host", "127.0.0.1:8080")
        .body(Body::from("url=https%3A%2F%2Fexample.org%2Ffeed&token=s3cret"))
        .unwrap();
    let (status, _) = send(&app, form).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_feeds_page_shows_status_and_escapes_what_feed_lists_say() {
    let (_fixture, app) = app(None);
    let form = Request::post("/feeds")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("url=https%3A%2F%2Fmeridianwire.com%2Fworld.xml&title=Meridian"))
        .unwrap();
    let (status, _) = send(&app, form).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = send(&app, Request::get("/feeds").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Meridian") && page.contains("not polled yet"), "{page}");
    assert!(!page.contains("<script>alert"), "a script gets through: {page}");
    assert!(page.contains("&#60;script&#62;alert"), "the name is shown, escaped: {page}");
    assert!(!page.contains(r#"href="javascript:"#), "a javascript: link: {page}");

    let remove = Request::post("/feeds/remove")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("url=https%3A%2F%2Fmeridianwire.com%2Fworld.xml"))
        .unwrap();
    let (status, _) = send(&app, remove).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = send(&app, Request::get("/feeds").body(Body::empty()).unwrap()).await;
    assert!(!page.contains("meridianwire.com"), "{page}");
}
