//! The feeds `parallax watch` (or `serve --watch`) polls: `/api/feeds` to list, follow
//! (token) and drop (token) them, and the `/feeds` page with each feed's health — when it
//! was last polled, what came of it, its last error and when it is tried again.

use askama::Template;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use parallax_model::Subscription;
use parallax_store::FeedStatus;
use serde::Deserialize;

use crate::auth::{foreign_form, require_token, token_matches};
use crate::error::{ApiError, PageError, ServeError};
use crate::pages::render;
use crate::state::AppState;

/// `/api/feeds`, to nest under `/api`.
pub(crate) fn api_routes() -> Router<AppState> {
    Router::new().route("/feeds", get(list).post(follow).delete(drop_feed))
}

/// `/feeds` and its forms.
pub(crate) fn page_routes() -> Router<AppState> {
    Router::new()
        .route("/feeds", get(page).post(follow_from_form))
        .route("/feeds/remove", axum::routing::post(drop_from_form))
}

/// The body of `POST /api/feeds`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FeedBody {
    url: String,
    title: Option<String>,
    category: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct FeedQuery {
    url: String,
}

async fn list(State(state): State<AppState>) -> Result<Json<Vec<FeedStatus>>, ApiError> {
    Ok(Json(state.read(|store, _| Ok(store.feeds()?)).await?))
}

/// Adds a subscription; `true` when it is new.
async fn subscribe(state: &AppState, body: FeedBody) -> Result<(bool, FeedStatus), ServeError> {
    let url = parallax_watch::parse_feed_url(body.url.trim()).map_err(ServeError::BadRequest)?;
    let given = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    let sub = Subscription {
        feed_url: url.clone(),
        title: given(body.title),
        site_url: None,
        category: given(body.category),
    };
    state
        .write(move |store, _| {
            let added = store.add_subscription(&sub, "api")?;
            let status = store.feed(&url)?.ok_or_else(|| {
                ServeError::Internal(format!("{url} vanished after it was added"))
            })?;
            Ok((added, status))
        })
        .await
}

async fn follow(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<FeedBody>, axum::extract::rejection::JsonRejection>,
) -> Response {
    if let Err(refused) = require_token(&headers, &state) {
        return refused;
    }
    let added = async {
        let Json(body) = body.map_err(|e| ServeError::BadRequest(e.body_text()))?;
        subscribe(&state, body).await
    };
    match added.await {
        Ok((true, feed)) => (StatusCode::CREATED, Json(feed)).into_response(),
        Ok((false, feed)) => (StatusCode::OK, Json(feed)).into_response(),
        Err(e) => ApiError(e).into_response(),
    }
}

async fn drop_feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<FeedQuery>,
) -> Response {
    if let Err(refused) = require_token(&headers, &state) {
        return refused;
    }
    let url = q.url.clone();
    match state.write(move |store, _| Ok(store.remove_subscription(&url)?)).await {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => ApiError(ServeError::NotFound(format!("no feed {:?}", q.url))).into_response(),
        Err(e) => ApiError(e).into_response(),
    }
}

struct FeedRow {
    url: String,
    /// Only http(s) URLs are links: a list imported from OPML may hold anything.
    linkable: bool,
    title: String,
    status: &'static str,
    result: String,
    last_polled: String,
    last_success: String,
    next_poll: String,
    failures: u32,
    articles: u64,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "feeds.html")]
struct FeedsPage {
    feeds: Vec<FeedRow>,
    failing: usize,
    needs_token: bool,
    form_url: String,
    message: Option<String>,
}

fn when(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(|| "never".to_owned(), |t| t.format("%Y-%m-%d %H:%M UTC").to_string())
}

fn row(feed: FeedStatus) -> FeedRow {
    FeedRow {
        title: feed.title.clone().unwrap_or_else(|| feed.feed_url.clone()),
        status: feed.status,
        result: feed.last_result.unwrap_or_else(|| "not polled yet".into()).replace('_', " "),
        last_polled: when(feed.last_polled),
        last_success: when(feed.last_success),
        next_poll: feed.next_poll.map_or_else(|| "now".to_owned(), |t| when(Some(t))),
        failures: feed.consecutive_failures,
        articles: feed.articles_added,
        error: feed.last_error.or(feed.last_page_error.map(|e| format!("a page: {e}"))),
        linkable: feed.feed_url.starts_with("https://") || feed.feed_url.starts_with("http://"),
        url: feed.feed_url,
    }
}

async fn render_page(
    state: &AppState,
    status: StatusCode,
    form_url: String,
    message: Option<String>,
) -> Result<Response, PageError> {
    let feeds: Vec<FeedRow> =
        state.read(|store, _| Ok(store.feeds()?)).await?.into_iter().map(row).collect();
    let page = FeedsPage {
        failing: feeds.iter().filter(|f| f.status == "failing").count(),
        feeds,
        needs_token: state.token().is_some(),
        form_url,
        message,
    };
    Ok((status, Html(render(&page))).into_response())
}

async fn page(State(state): State<AppState>) -> Result<Response, PageError> {
    render_page(&state, StatusCode::OK, String::new(), None).await
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct FeedForm {
    #[serde(default)]
    url: String,
    #[serde(default)]
    title: String,
    token: Option<String>,
}

/// The answer to a form post that may not write: one from another site, or without the
/// token; `None` when it may.
async fn refused(
    state: &AppState,
    headers: &HeaderMap,
    form: &FeedForm,
    refill: &str,
) -> Result<Option<Response>, PageError> {
    if let Some(foreign) = foreign_form(headers) {
        return Ok(Some(foreign));
    }
    if token_matches(state, form.token.as_deref()) {
        return Ok(None);
    }
    let message = Some("The token is missing or wrong.".to_owned());
    Ok(Some(render_page(state, StatusCode::UNAUTHORIZED, refill.to_owned(), message).await?))
}

async fn follow_from_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<FeedForm>,
) -> Result<Response, PageError> {
    if let Some(refused) = refused(&state, &headers, &form, &form.url).await? {
        return Ok(refused);
    }
    let body = FeedBody { url: form.url.clone(), title: Some(form.title), category: None };
    match subscribe(&state, body).await {
        Ok(_) => Ok(Redirect::to("/feeds").into_response()),
        Err(ServeError::BadRequest(why)) => {
            render_page(&state, StatusCode::BAD_REQUEST, form.url, Some(why)).await
        }
        Err(e) => Err(PageError(e)),
    }
}

async fn drop_from_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<FeedForm>,
) -> Result<Response, PageError> {
    if let Some(refused) = refused(&state, &headers, &form, "").await? {
        return Ok(refused);
    }
    let url = form.url.clone();
    state.write(move |store, _| Ok(store.remove_subscription(&url)?)).await?;
    Ok(([(header::LOCATION, "/feeds")], StatusCode::SEE_OTHER).into_response())
}

/// The OpenAPI entry of `/api/feeds`.
pub(crate) fn openapi() -> serde_json::Value {
    let error = serde_json::json!({"$ref": "#/components/responses/Error"});
    let feed =
        serde_json::json!({"application/json": {"schema": {"$ref": "#/components/schemas/Feed"}}});
    serde_json::json!({
        "get": {
            "summary": "Feed subscriptions with their polling state: status (new, ok, failing), last result and error, failures in a row, next poll, articles added",
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/FeedList"}}}}}
        },
        "post": {
            "summary": "Follow a feed (http or https); `parallax watch` or `serve --watch` polls it from its next cycle. Requires the token when the server has one",
            "security": [{"bearer": []}],
            "requestBody": {"required": true, "description": "{url, title?, category?}",
                "content": {"application/json": {"schema": {"type": "object", "required": ["url"]}}}},
            "responses": {
                "201": {"description": "Followed", "content": feed.clone()},
                "200": {"description": "Already followed", "content": feed},
                "400": error.clone(),
                "401": error.clone()
            }
        },
        "delete": {
            "summary": "Stop following a feed (its articles stay). Requires the token when the server has one",
            "security": [{"bearer": []}],
            "parameters": [{"name": "url", "in": "query", "required": true, "schema": {"type": "string"}}],
            "responses": {"204": {"description": "Removed"}, "401": error.clone(), "404": error}
        }
    })
}

#[cfg(test)]
mod tests;
