//! The alerts API, page and feed on a small store, with and without a token, and with
//! hostile articles.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use parallax_search::{SearchIndex, index_dir};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::router;
use crate::tests::fixture::Fixture;

const FIRST: &str = r#"{"id": "a1", "title": "Floods cut off Ostraven", "text": "Floodwater cut off the town of Ostraven on Monday after the Velka river burst its banks.", "outlet": "Harbour Gazette", "url": "https://harbourgazette.example.com/a1", "published": "2022-05-02T08:00:00Z", "language": "en"}
"#;

const LATER: &str = r#"{"id": "x/1", "title": "<script>alert('title')</script> Ostraven <b>floods</b> & \"more\"", "text": "The Velka river flooded Ostraven again <img src=x onerror=alert(1)> and residents left, the governor said.", "outlet": "Mallory <i>Times</i>", "url": "javascript:alert(1)", "published": "2022-05-03T12:00:00Z", "language": "en"}
{"id": "b2", "title": "Budget passed", "text": "The council passed its budget after a long debate on Tuesday evening.", "outlet": "Baltic Ledger", "url": "https://balticledger.lv/b2", "published": "2022-05-03T10:00:00Z", "language": "en"}
"#;

struct App {
    fixture: Fixture,
    router: Router,
}

fn app(token: Option<&str>) -> App {
    app_on(Fixture::sqlite(), token)
}

fn app_on(fixture: Fixture, token: Option<&str>) -> App {
    fixture.store_only(FIRST);
    App { router: router(fixture.state(token)), fixture }
}

impl App {
    /// Stores and indexes `LATER`, then runs the alerts over it, as `parallax ingest` does.
    fn publish_later(&self) -> usize {
        self.fixture.store_only(LATER);
        let data = self.fixture.data().to_owned();
        self.fixture.with_store(|store| {
            let mut index = SearchIndex::open(&index_dir(&data)).unwrap();
            index.index_pending(store).unwrap();
            let registry = parallax_outlets::Registry::load(&data).unwrap();
            parallax_alerts::match_new(store, &index, &registry).unwrap().new_matches
        })
    }

    /// The status, the content type (the location of a redirect or a creation, when there
    /// is one) and the body.
    async fn send(&self, request: Request<Body>) -> (StatusCode, String, String) {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let header = |name| {
            response
                .headers()
                .get(name)
                .map(|v: &axum::http::HeaderValue| v.to_str().unwrap().to_owned())
        };
        let kind = header("location").or_else(|| header("content-type")).unwrap_or_default();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, kind, String::from_utf8(body.to_vec()).unwrap())
    }

    async fn get(&self, uri: &str) -> (StatusCode, String, String) {
        self.send(Request::get(uri).header("host", "127.0.0.1:8080").body(Body::empty()).unwrap())
            .await
    }

    async fn post_json(&self, body: &Value, token: Option<&str>) -> (StatusCode, String, String) {
        let mut request = Request::post("/api/alerts").header("content-type", "application/json");
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        self.send(request.body(Body::from(body.to_string())).unwrap()).await
    }

    async fn delete(&self, id: u64, token: Option<&str>) -> StatusCode {
        let mut request = Request::delete(format!("/api/alerts/{id}"));
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        self.send(request.body(Body::empty()).unwrap()).await.0
    }

    async fn post_form(&self, form: &str, origin: Option<&str>) -> (StatusCode, String, String) {
        let mut request = Request::post("/alerts")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "127.0.0.1:8080");
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        self.send(request.body(Body::from(form.to_owned())).unwrap()).await
    }
}

fn floods() -> Value {
    json!({"name": "Ostraven <floods>", "query": "Ostraven flood", "since": "2022-05-01",
           "webhook": "https://hooks.example.com/services/T0/B0/very-secret", "secret": "k"})
}

#[tokio::test]
async fn writes_need_the_token_when_one_is_configured() {
    for fixture in Fixture::each_engine() {
        writes_need_the_token(&app_on(fixture, Some("t0k3n"))).await;
    }
}

async fn writes_need_the_token(app: &App) {
    let (status, kind, body) = app.post_json(&floods(), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(kind.starts_with("application/json"), "{kind}");
    assert!(serde_json::from_str::<Value>(&body).unwrap()["error"].is_string());
    let (status, _, _) = app.post_json(&floods(), Some("wrong")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get("/api/alerts").await.2, "[]", "nothing was saved");

    let (status, location, body) = app.post_json(&floods(), Some("t0k3n")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let saved: Value = serde_json::from_str(&body).unwrap();
    let id = saved["id"].as_u64().unwrap();
    assert_eq!(location, format!("/api/alerts/{id}"));
    assert_eq!(saved["webhook"], "https://hooks.example.com/…", "the webhook's path is a secret");
    assert!(saved.get("secret").is_none());
    assert_eq!(saved["signed"], true);
    assert_eq!(saved["since"], "2022-05-01T00:00:00Z");

    assert_eq!(app.delete(id, None).await, StatusCode::UNAUTHORIZED);
    assert_eq!(app.delete(id, Some("t0k3n")).await, StatusCode::NO_CONTENT);
    assert_eq!(app.delete(id, Some("t0k3n")).await, StatusCode::NOT_FOUND);

    // The page's form needs the token too.
    let (status, _, page) = app.post_form("name=Floods&query=flood", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(page.contains("token is missing or wrong"), "{page}");
    assert!(page.contains(r#"name="token""#), "the form asks for the token: {page}");
    let (status, location, _) = app.post_form("name=Floods&query=flood&token=t0k3n", None).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/alerts"));
}

#[tokio::test]
async fn invalid_alerts_are_refused_with_reasons() {
    let app = app(None);
    for (body, why) in [
        (json!({"name": "", "query": "flood"}), "name"),
        (json!({"name": "x", "query": "flood AND"}), "search syntax"),
        (json!({"name": "x", "query": "flood", "webhook": "javascript:alert(1)"}), "webhook"),
        (json!({"name": "x", "query": "flood", "since": "someday"}), "not a date"),
        (json!({"name": "x", "query": "flood", "group": "nowhere"}), "group"),
        (json!({"name": "x", "query": "flood", "extra": 1}), "extra"),
        (json!({"query": "flood"}), "name"),
        (json!([1, 2]), "invalid type"),
    ] {
        let (status, _, answer) = app.post_json(&body, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {answer}");
        let error =
            serde_json::from_str::<Value>(&answer).unwrap()["error"].as_str().unwrap().to_owned();
        assert!(error.contains(why), "{body}: {error}");
    }
    let not_json = Request::post("/api/alerts")
        .header("content-type", "text/plain")
        .body(Body::from("name=x"))
        .unwrap();
    assert_eq!(app.send(not_json).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(app.get("/api/alerts/999/matches").await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/api/alerts/999/matches?limit=0").await.0, StatusCode::BAD_REQUEST);
    assert_eq!(app.get("/alerts/999.atom").await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/alerts/nothing").await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/alerts/1.rss").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn matches_show_in_the_feed_the_api_and_the_page_escaped() {
    for fixture in Fixture::each_engine() {
        matches_show_escaped(&app_on(fixture, None)).await;
    }
}

async fn matches_show_escaped(app: &App) {
    let (status, _, body) = app.post_json(&floods(), None).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = serde_json::from_str::<Value>(&body).unwrap()["id"].as_u64().unwrap();
    assert_eq!(app.publish_later(), 1, "only the later flood report matches");

    let (status, kind, xml) = app.get(&format!("/alerts/{id}.atom")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind, "application/atom+xml; charset=utf-8");
    assert!(!xml.contains("<script") && !xml.contains("<img") && !xml.contains("<b>"), "{xml}");
    assert!(!xml.contains("javascript:"), "{xml}");
    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("valid Atom");
    assert_eq!(feed.title.unwrap().content, "Parallax alert: Ostraven <floods>");
    assert_eq!(feed.entries.len(), 1);
    let entry = &feed.entries[0];
    assert_eq!(
        entry.title.as_ref().unwrap().content,
        "<script>alert('title')</script> Ostraven <b>floods</b> & \"more\""
    );
    assert_eq!(entry.links[0].href, "http://127.0.0.1:8080/article/x%2F1");
    let self_link = feed.links.iter().find(|l| l.rel.as_deref() == Some("self")).unwrap();
    assert_eq!(self_link.href, format!("http://127.0.0.1:8080/alerts/{id}.atom"));
    // The article page the entry links to exists.
    assert_eq!(app.get("/article/x%2F1").await.0, StatusCode::OK);

    let (status, _, body) = app.get(&format!("/api/alerts/{id}/matches")).await;
    assert_eq!(status, StatusCode::OK);
    let found: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(found[0]["article"], "x/1");
    assert_eq!(found[0]["delivery"], "pending", "the alert has a webhook");
    let listed: Value = serde_json::from_str(&app.get("/api/alerts").await.2).unwrap();
    assert_eq!(listed[0]["matches"], 1);

    let (status, kind, page) = app.get("/alerts").await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.starts_with("text/html"), "{kind}");
    assert!(
        page.contains("Ostraven &#60;floods&#62;") || page.contains("Ostraven &lt;floods&gt;"),
        "{page}"
    );
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(page.contains(&format!(r#"href="/alerts/{id}.atom""#)), "{page}");
    assert!(page.contains("1 matches"), "{page}");
    assert!(!page.contains("very-secret"), "the webhook's path stays hidden: {page}");
    assert!(!page.contains(r#"name="token""#), "no token configured, no token field");
}

#[tokio::test]
async fn the_form_saves_and_refuses_cross_site_posts() {
    let app = app(None);
    let form = "name=%3Cscript%3EFloods&query=flood&outlet=Harbour+Gazette%2C+Baltic+Ledger&language=en&group=";
    let (status, _, page) = app.post_form(form, Some("https://evil.example")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
    assert_eq!(app.get("/api/alerts").await.2, "[]");

    let (status, location, _) = app.post_form(form, Some("http://127.0.0.1:8080")).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/alerts"));
    let listed: Value = serde_json::from_str(&app.get("/api/alerts").await.2).unwrap();
    assert_eq!(listed[0]["name"], "<script>Floods");
    assert_eq!(listed[0]["outlets"], json!(["Harbour Gazette", "Baltic Ledger"]));
    assert_eq!(listed[0]["group"], Value::Null, "an untouched select is no group");

    // A refused form comes back filled in, with the reason.
    let (status, _, page) = app.post_form("name=Broken&query=flood+AND", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("not valid search syntax"), "{page}");
    assert!(page.contains(r#"value="Broken""#), "{page}");
    let (_, _, page) = app.get("/alerts").await;
    assert!(!page.contains("<script>Floods"), "{page}");
}
