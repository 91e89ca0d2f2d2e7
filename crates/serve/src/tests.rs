//! The API and the pages on a small store of articles written for these tests, some of them
//! hostile (markup and script in titles and bodies).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use super::*;

pub(crate) mod fixture;
use fixture::Fixture;

const ARTICLES: &str = r#"{"id": "a1", "title": "Floods cut off Ostraven as the Velka river bursts its banks", "text": "Floodwater cut off the town of Ostraven on Monday after the Velka river burst its banks, the regional governor said.\n\nAbout 4,000 residents were evacuated overnight, the governor said. Rail services to Ostraven were suspended until Thursday.", "outlet": "Harbour Gazette", "url": "https://harbourgazette.example.com/a1", "published": "2022-05-02T08:00:00Z", "language": "en"}
{"id": "a2", "title": "Thousands evacuated from Ostraven after Velka river floods", "text": "Some 4,000 people were evacuated from Ostraven overnight as the Velka river flooded, the governor said on Monday.\n\nThe mayor of Ostraven said 6,500 residents had left their homes. Rail services to the town have been suspended.", "outlet": "Baltic Ledger", "url": "https://balticledger.lv/a2", "published": "2022-05-02T10:00:00Z", "language": "en"}
{"id": "x1", "title": "<script>alert('title')</script> Ostraven <b>floods</b> & the Velka river", "text": "The Velka river flooded Ostraven on Monday <img src=x onerror=alert(1)> and 4,000 residents were evacuated, the governor said.\n\n\"</p><script>alert('body')</script>\" was written on a wall in Ostraven.", "outlet": "Mallory <i>Times</i>", "url": "javascript:alert(1)", "published": "2022-05-02T12:00:00Z", "language": "en"}
"#;

/// The server over `ARTICLES`, filed under stories, on SQLite.
fn app() -> (Fixture, Router) {
    app_on(Fixture::sqlite())
}

/// The server over `ARTICLES` on `fixture`'s engine.
fn app_on(fixture: Fixture) -> (Fixture, Router) {
    fixture.ingest(ARTICLES);
    let router = router(fixture.state(None));
    (fixture, router)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String, String) {
    let response =
        app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, kind, String::from_utf8(body.to_vec()).unwrap())
}

async fn json(app: &Router, uri: &str) -> Value {
    let (status, kind, body) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    assert!(kind.starts_with("application/json"), "{uri}: {kind}");
    serde_json::from_str(&body).unwrap()
}

#[tokio::test]
async fn the_api_lists_and_shows_stories_articles_and_comparisons() {
    for fixture in Fixture::each_engine() {
        let engine = fixture.engine();
        let (_fixture, app) = app_on(fixture);
        api_lists_and_shows(&app).await;
        eprintln!("-- {engine}: passed");
    }
}

async fn api_lists_and_shows(app: &Router) {
    let app = app.clone();
    let stories = json(&app, "/api/stories").await;
    let story = &stories[0];
    for key in [
        "id",
        "label",
        "headline",
        "topic",
        "articles",
        "outlets",
        "first_published",
        "last_published",
    ] {
        assert!(story.get(key).is_some(), "{key}");
    }
    let id = story["id"].as_u64().unwrap();
    assert_eq!(story["articles"], 3, "the three flood reports are one story");
    let page = json(&app, &format!("/api/stories/{id}?sentences=3")).await;
    assert_eq!(page["sentences"].as_array().unwrap().len(), 3);
    let compare = json(&app, &format!("/api/compare/story/{id}?by=outlet")).await;
    assert_eq!(compare["sides"].as_array().unwrap().len(), 3);
    assert!(!compare["figures"].as_array().unwrap().is_empty());
    let article = json(&app, "/api/articles/a1").await;
    assert_eq!(article["outlet"], "Harbour Gazette");
    assert_eq!(json(&app, "/api/articles?limit=2").await.as_array().unwrap().len(), 2);
    assert!(!json(&app, "/api/topics").await.as_array().unwrap().is_empty());
    assert!(
        json(&app, "/api/outlets").await.as_array().unwrap().iter().any(|o| o["name"] == "Reuters")
    );
    assert_eq!(json(&app, "/api/stats").await["articles"], 3);
}

#[tokio::test]
async fn api_errors_are_json_with_the_right_status() {
    let (_fixture, app) = app();
    for (uri, status, needle) in [
        ("/api/stories/999", StatusCode::NOT_FOUND, "no story 999"),
        ("/api/articles/nope", StatusCode::NOT_FOUND, "no article"),
        ("/api/compare/planet/1", StatusCode::NOT_FOUND, "neither story nor topic"),
        ("/api/compare/story/0?by=party", StatusCode::BAD_REQUEST, "not an axis"),
        ("/api/articles?since=yesterday", StatusCode::BAD_REQUEST, "not a date"),
        ("/api/stories?limit=0", StatusCode::BAD_REQUEST, "at least 1"),
        ("/api/stories/0?sentences=2&words=10", StatusCode::BAD_REQUEST, "not both"),
    ] {
        let (got, kind, body) = get(&app, uri).await;
        assert_eq!(got, status, "{uri}: {body}");
        assert!(kind.starts_with("application/json"), "{uri}");
        assert!(body.contains(needle), "{uri}: {body}");
    }
}

#[tokio::test]
async fn every_api_route_is_in_the_openapi_document() {
    let (_fixture, app) = app();
    let doc = json(&app, "/api/openapi.json").await;
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/stats",
        "/api/articles",
        "/api/articles/{id}",
        "/api/stories",
        "/api/stories/{id}",
        "/api/topics",
        "/api/topics/{id}",
        "/api/compare/{kind}/{id}",
        "/api/outlets",
        "/api/outlets/{name}",
        "/api/search",
        "/api/alerts",
        "/api/alerts/{id}",
        "/api/alerts/{id}/matches",
        "/api/feeds",
        "/api/events",
        "/api/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} is not documented");
    }
    let feeds_api = include_str!("feeds.rs").split("fn page_routes").next().unwrap();
    let routes: usize = [include_str!("api.rs"), include_str!("alerts/api.rs"), feeds_api]
        .iter()
        .map(|source| source.matches(".route(\"").count())
        .sum();
    assert_eq!(paths.len(), routes, "a route is missing from the OpenAPI document");
}

#[tokio::test]
async fn pages_render_and_escape_hostile_text() {
    for fixture in Fixture::each_engine() {
        let (_fixture, app) = app_on(fixture);
        pages_render_and_escape(&app).await;
    }
}

async fn pages_render_and_escape(app: &Router) {
    let app = app.clone();
    let stories = json(&app, "/api/stories").await;
    let id = stories[0]["id"].as_u64().unwrap();
    for uri in [
        "/".to_owned(),
        format!("/story/{id}"),
        format!("/story/{id}?by=ownership"),
        "/article/x1".into(),
        "/outlets".into(),
    ] {
        let (status, kind, body) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
        assert!(kind.starts_with("text/html"), "{uri}: {kind}");
        assert!(!body.contains("<script>alert"), "{uri} lets a script through");
        assert!(!body.contains("<img src=x"), "{uri} lets markup through");
        assert!(!body.contains("href=\"javascript:"), "{uri} links to javascript:");
        assert!(!body.contains("<i>Times</i>"), "{uri} lets markup in an outlet name through");
    }
    let (_, _, article) = get(&app, "/article/x1").await;
    assert!(
        article.contains("&lt;script&gt;") || article.contains("&#60;script&#62;"),
        "the title is shown, escaped"
    );
    let (_, _, story) = get(&app, &format!("/story/{id}")).await;
    assert!(
        story.contains("Side by side") && story.contains("<svg"),
        "the comparison and its timeline"
    );
    assert!(story.contains("Harbour Gazette") && story.contains("Baltic Ledger"));
}

#[tokio::test]
async fn missing_pages_are_404_pages() {
    let (_fixture, app) = app();
    for uri in ["/story/999", "/topic/999", "/article/nope", "/no/such/page"] {
        let (status, kind, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert!(kind.starts_with("text/html") && body.contains("Not Found"), "{uri}: {body}");
    }
    let (status, kind, _) = get(&app, "/static/style.css").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/css"));
}

#[tokio::test]
async fn the_search_api_ranks_filters_and_links_stories() {
    for fixture in Fixture::each_engine() {
        let (_fixture, app) = app_on(fixture);
        search_ranks_filters_and_links(&app).await;
    }
}

async fn search_ranks_filters_and_links(app: &Router) {
    let app = app.clone();
    let hits = json(&app, "/api/search?q=evacuated+Ostraven").await;
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 3, "the index was brought up to date when the state opened");
    for hit in hits {
        for key in ["id", "title", "outlet", "published", "score", "snippet_html", "title_html"] {
            assert!(hit.get(key).is_some(), "{key}");
        }
        assert!(hit["story"].as_u64().is_some(), "clustered articles link to their story");
        assert!(hit["snippet_html"].as_str().unwrap().contains("<mark>"));
    }
    let only = |uri: &'static str| {
        let app = app.clone();
        async move {
            let hits = json(&app, uri).await;
            let mut ids: Vec<String> =
                hits.as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().into()).collect();
            ids.sort_unstable();
            ids.join(",")
        }
    };
    assert_eq!(only("/api/search?q=Ostraven&outlet=baltic+ledger").await, "a2");
    assert_eq!(only("/api/search?q=Ostraven&outlet=BalticLedger.lv").await, "a2", "by domain");
    assert_eq!(only("/api/search?q=Ostraven&language=de").await, "");
    assert_eq!(
        only("/api/search?q=Ostraven&since=2022-05-02T09:00:00Z&until=2022-05-02T11:00:00Z").await,
        "a2"
    );
    assert_eq!(only("/api/search?q=Ostraven&limit=1").await.split(',').count(), 1);
    assert_eq!(only("/api/search?q=&outlet=&group=&language=&since=&until=").await, "");
    assert_eq!(only("/api/search?q=%22unbalanced+Velka").await, "a1,a2,x1");

    for (uri, status, needle) in [
        ("/api/search?q=x&since=yesterday", StatusCode::BAD_REQUEST, "not a date"),
        ("/api/search?q=x&limit=0", StatusCode::BAD_REQUEST, "at least 1"),
        ("/api/search?q=x&group=nowhere", StatusCode::BAD_REQUEST, "no outlet is in group"),
    ] {
        let (got, kind, body) = get(&app, uri).await;
        assert_eq!(got, status, "{uri}: {body}");
        assert!(kind.starts_with("application/json") && body.contains(needle), "{uri}: {body}");
    }
}

#[tokio::test]
async fn the_search_page_escapes_hostile_articles_and_queries() {
    let (_fixture, app) = app();
    let (status, kind, body) = get(&app, "/search?q=Velka+wall").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(kind.starts_with("text/html"));
    assert!(body.contains("href=\"/article/x1\""), "{body}");
    assert!(body.contains("href=\"/story/"), "links to the story");
    assert!(body.contains("<mark>Velka</mark>") && body.contains("<mark>wall</mark>"), "{body}");
    assert!(body.contains("&lt;/p&gt;&lt;script&gt;alert(&#39;body&#39;)"), "{body}");
    assert!(!body.contains("<script>alert"), "a script gets through");
    assert!(!body.contains("<img src=x"), "markup gets through");
    assert!(!body.contains("<b>floods</b>") && !body.contains("<i>Times</i>"));

    // The query is shown back in the form, escaped.
    let (status, _, body) = get(&app, "/search?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.contains("<script>alert(1)"), "{body}");
    assert!(body.contains("No stored article matches") || body.contains("<mark>"));

    let (status, _, body) = get(&app, "/search").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("name=\"q\"") && !body.contains("No stored article matches"));
    let (status, _, body) = get(&app, "/search?q=x&since=soon").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("not a date") && body.contains("<form"), "the form stays");
    let (_, _, river) = get(&app, "/").await;
    assert!(river.contains("action=\"/search\""), "every page has the search form");
}

#[tokio::test]
async fn a_broken_index_leaves_the_rest_of_the_site_up() {
    let (fixture, _) = app();
    let folder = parallax_search::index_dir(fixture.data());
    std::fs::write(folder.join("meta.json"), "not an index").unwrap();
    let app = router(AppState::open(fixture.data(), None).unwrap());
    let (status, _, body) = get(&app, "/api/search?q=Ostraven").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains(&folder.display().to_string()) && body.contains("delete"), "{body}");
    let (status, _, body) = get(&app, "/search?q=Ostraven").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(body.contains("delete that folder"));
    assert_eq!(json(&app, "/api/stats").await["articles"], 3);
}

/// Reads an event stream until `until` shows up in it (or fails after a while).
async fn read_events(body: &mut Body, until: &str) -> String {
    let mut seen = String::new();
    let deadline = std::time::Duration::from_secs(20);
    let read = async {
        while !seen.contains(until) {
            match body.frame().await {
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        seen.push_str(std::str::from_utf8(&data).unwrap());
                    }
                }
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(deadline, read).await;
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_stream_replays_from_a_watermark_then_follows_new_reports() {
    for fixture in Fixture::each_engine() {
        let (fixture, app) = app_on(fixture);
        event_stream_replays_then_follows(&fixture, &app).await;
    }
}

async fn event_stream_replays_then_follows(fixture: &Fixture, app: &Router) {
    let app = app.clone();
    let response =
        app.clone().oneshot(Request::get("/api/events?after=0").body(Body::empty()).unwrap());
    let response = response.await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let mut body = response.into_body();
    let seen = read_events(&mut body, "id: 3").await;
    assert!(seen.contains("event: story"), "{seen}");
    assert!(seen.contains("Ostraven"), "{seen}");
    assert!(!seen.contains("<script>alert"), "a script gets through the stream: {seen}");

    // A client that saw everything waits; a new report shows up as its story's entry.
    let (_, _, river) = get(&app, "/").await;
    assert!(river.contains(r#"data-after="3""#), "{river}");
    let response =
        app.clone().oneshot(Request::get("/api/events").body(Body::empty()).unwrap()).await;
    let mut body = response.unwrap().into_body();
    fixture.ingest(LATE);
    let seen = read_events(&mut body, "id: 4").await;
    assert!(seen.contains("Kalvik"), "{}: the new story did not arrive: {seen}", fixture.engine());

    // Resuming with Last-Event-ID sends only what came after it.
    let request = Request::get("/api/events").header("last-event-id", "3");
    let response = app.clone().oneshot(request.body(Body::empty()).unwrap()).await;
    let seen = read_events(&mut response.unwrap().into_body(), "id: 4").await;
    assert!(seen.contains("Kalvik") && !seen.contains("Ostraven"), "{seen}");
}

const LATE: &str = r#"{"id": "k1", "title": "Dockworkers strike at the port of Kalvik", "text": "Dockworkers at the port of Kalvik walked out on Tuesday over pay, their union said.\n\nThe port authority said 40 ships were waiting to unload.", "outlet": "Harbour Gazette", "url": "https://harbourgazette.example.com/k1", "published": "2022-05-03T08:00:00Z", "language": "en"}
"#;

#[tokio::test]
async fn every_response_forbids_foreign_and_inline_scripts() {
    let (_fixture, app) = app();
    for uri in ["/", "/api/stories", "/no/such/page"] {
        let response = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap());
        let response = response.await.unwrap();
        let csp = response.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), "{uri}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff", "{uri}");
    }
}

#[tokio::test]
async fn an_outlet_page_lists_its_stories_and_articles_by_any_of_its_names() {
    let (_fixture, app) = app();
    let profile = json(&app, "/api/outlets/Baltic%20Ledger").await;
    assert_eq!(profile["name"], "Baltic Ledger");
    assert_eq!(profile["articles"][0]["id"], "a2");
    assert!(profile["stories"].as_array().is_some_and(|s| !s.is_empty()));
    // Its domain finds it too, case-insensitively.
    let by_domain = json(&app, "/api/outlets/BalticLedger.lv").await;
    assert_eq!(by_domain["name"], "Baltic Ledger");

    let (status, _, page) = get(&app, "/outlet/Baltic%20Ledger").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Stories it reported") && page.contains("/article/a2"), "{page}");
    // An outlet name with markup is shown escaped; no such outlet is a 404 page.
    let (status, _, page) = get(&app, "/outlet/Mallory%20%3Ci%3ETimes%3C%2Fi%3E").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(!page.contains("<i>Times</i>") && page.contains("Not in the outlet registry"));
    let (status, _, _) = get(&app, "/outlet/Nobody%20Weekly").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, list) = get(&app, "/outlets").await;
    assert!(list.contains(r#"href="/outlet/Baltic%20Ledger""#), "the list links each outlet");
}

/// A report on the Velka floods that joins the story of `ARTICLES`.
const FLOOD_UPDATE: &str = r#"{"id": "a3", "title": "Ostraven floods: Velka river still rising, 4,000 evacuated", "text": "The Velka river was still rising on Tuesday in Ostraven, where about 4,000 residents were evacuated, the regional governor said.\n\nRail services to Ostraven remain suspended.", "outlet": "Meridian Wire", "url": "https://meridianwire.com/a3", "published": "2022-05-03T08:00:00Z", "language": "en"}
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_story_page_is_rendered_again_when_its_story_changes() {
    for fixture in Fixture::each_engine() {
        kept_page_rendered_again(&fixture).await;
    }
}

async fn kept_page_rendered_again(fixture: &Fixture) {
    use crate::cache::{Form, Key, Stamp};
    use parallax_outlets::Axis;
    use parallax_pipeline::Subject;

    fixture.ingest(ARTICLES);
    let state = fixture.state(None);
    let story = fixture.with_store(|store| store.story_of(&parallax_model::ArticleId("a1".into())));
    let subject = Subject::Story(story.unwrap().unwrap());
    let key = Key { form: Form::Page, subject, axis: Axis::Outlet };
    let stamp = |state: &AppState| {
        let data = state.data_dir().to_owned();
        fixture.with_store(|store| Stamp::read(store, &data, subject).unwrap().unwrap())
    };
    let before = state
        .read(move |store, state| crate::pages::subject_html(store, state, subject, Axis::Outlet))
        .await
        .unwrap();
    assert!(state.cache().get(&key, &stamp(&state)).is_some(), "the page is kept");

    // A listener keeps the poller running; the new report lands in the same story.
    let app = router(state.clone());
    let response = app.oneshot(Request::get("/api/events").body(Body::empty()).unwrap()).await;
    let mut body = response.unwrap().into_body();
    fixture.ingest(FLOOD_UPDATE);
    let new_stamp = stamp(&state);
    assert!(state.cache().get(&key, &new_stamp).is_none(), "the story changed");
    read_events(&mut body, "Ostraven").await;
    let started = std::time::Instant::now();
    let after = loop {
        if let Some(html) = state.cache().get(&key, &new_stamp) {
            break html;
        }
        assert!(
            started.elapsed().as_secs() < 20,
            "{}: the changed page was not rendered ahead",
            fixture.engine()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_ne!(before, after);
    assert!(after.contains("Meridian Wire"), "the new report is on the page");
}

#[tokio::test]
async fn the_rivers_watermark_waits_for_articles_not_yet_in_a_story() {
    for fixture in Fixture::each_engine() {
        fixture.store_only(ARTICLES);
        let app = router(fixture.state(None));
        // Stored but not clustered: a live stream must still send them once they are filed.
        let (_, _, river) = get(&app, "/").await;
        assert!(river.contains(r#"data-after="0""#), "{}: {river}", fixture.engine());
        fixture.with_store(|store| parallax_pipeline::cluster_pending(store, &()).unwrap());
        let (_, _, river) = get(&app, "/").await;
        assert!(river.contains(r#"data-after="3""#), "{}: {river}", fixture.engine());
    }
}
