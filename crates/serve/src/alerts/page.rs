//! The `/alerts` page, its form, and each alert's Atom feed.

use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use parallax_alerts::redacted_url;
use parallax_outlets::Registry;
use parallax_store::{Alert, AlertMatch, NewAlert};
use serde::Deserialize;

use super::api::MatchesQuery;
use super::{alert_with_matches, base_url, limit, save};
use crate::auth::{foreign_form, token_matches};
use crate::error::{PageError, ServeError};
use crate::pages::render;
use crate::state::AppState;

/// Latest matches the page shows under each alert.
const PAGE_MATCHES: usize = 5;

/// `/alerts` (the page and its form) and `/alerts/{id}.atom`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/alerts", get(page).post(create_from_form))
        .route("/alerts/{feed}", get(feed))
}

async fn feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
    Query(q): Query<MatchesQuery>,
) -> Result<Response, PageError> {
    let id = file
        .strip_suffix(".atom")
        .and_then(|id| id.parse::<u64>().ok())
        .ok_or_else(|| ServeError::NotFound("There is no such page.".into()))?;
    let (alert, found) = alert_with_matches(&state, id, limit(q.limit)?).await?;
    let xml = parallax_alerts::atom_feed(&alert, &found, &base_url(&headers));
    Ok(([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], xml).into_response())
}

struct MatchView {
    article: String,
    title: String,
    outlet: String,
    date: String,
}

struct AlertView {
    id: u64,
    name: String,
    query: String,
    filters: String,
    matches: u64,
    latest: Vec<MatchView>,
}

#[derive(Template)]
#[template(path = "alerts.html")]
struct AlertsPage {
    alerts: Vec<AlertView>,
    groups: Vec<String>,
    needs_token: bool,
    form: AlertForm,
    message: Option<String>,
}

/// The page's form, as posted (kept to refill the form when it is refused).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct AlertForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    query: String,
    #[serde(default)]
    outlet: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    webhook: String,
    #[serde(default)]
    secret: String,
    token: Option<String>,
}

impl AlertForm {
    fn new_alert(&self) -> NewAlert {
        let given = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        NewAlert {
            name: self.name.clone(),
            query: self.query.clone(),
            // One field on the page: outlets separated by commas.
            outlets: self
                .outlet
                .split(',')
                .map(|o| o.trim().to_owned())
                .filter(|o| !o.is_empty())
                .collect(),
            group: given(&self.group),
            language: given(&self.language),
            webhook: given(&self.webhook),
            secret: given(&self.secret),
            ..Default::default()
        }
    }
}

fn alert_view(alert: Alert, latest: Vec<AlertMatch>) -> AlertView {
    let mut filters = Vec::new();
    if !alert.outlets.is_empty() {
        filters.push(format!("outlets: {}", alert.outlets.join(", ")));
    }
    if let Some(group) = &alert.group {
        filters.push(format!("group: {group}"));
    }
    if let Some(language) = &alert.language {
        filters.push(format!("language: {language}"));
    }
    if let Some(webhook) = &alert.webhook {
        filters.push(format!("webhook: {}", redacted_url(webhook)));
    }
    AlertView {
        id: alert.id,
        name: alert.name,
        query: alert.query,
        filters: filters.join(" · "),
        matches: alert.matches,
        latest: latest
            .into_iter()
            .map(|m| MatchView {
                title: m.title.unwrap_or_else(|| "(untitled)".into()),
                outlet: m.outlet.unwrap_or_else(|| "(unknown outlet)".into()),
                date: m
                    .published
                    .map_or_else(|| "undated".into(), |t| t.format("%Y-%m-%d").to_string()),
                article: m.article,
            })
            .collect(),
    }
}

async fn render_page(
    state: &AppState,
    status: StatusCode,
    form: AlertForm,
    message: Option<String>,
) -> Result<Response, PageError> {
    let alerts = state
        .read(|store, _| {
            let mut views = Vec::new();
            for alert in store.alerts()? {
                let latest = store.alert_matches(alert.id, PAGE_MATCHES)?;
                views.push(alert_view(alert, latest));
            }
            Ok(views)
        })
        .await?;
    let mut groups: Vec<String> = Registry::load(state.data_dir())
        .map(|r| r.outlets().iter().filter_map(|o| o.group.clone()).collect())
        .unwrap_or_default();
    groups.sort_unstable();
    groups.dedup();
    let page = AlertsPage { alerts, groups, needs_token: state.token().is_some(), form, message };
    Ok((status, Html(render(&page))).into_response())
}

async fn page(State(state): State<AppState>) -> Result<Response, PageError> {
    render_page(&state, StatusCode::OK, AlertForm::default(), None).await
}

async fn create_from_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<AlertForm>,
) -> Result<Response, PageError> {
    if let Some(foreign) = foreign_form(&headers) {
        return Ok(foreign);
    }
    if !token_matches(&state, form.token.as_deref()) {
        let message = "The token is missing or wrong.".to_owned();
        return render_page(&state, StatusCode::UNAUTHORIZED, form, Some(message)).await;
    }
    match save(&state, form.new_alert()).await {
        // 303: the browser follows with a GET, so a reload does not post again.
        Ok(_) => Ok(Redirect::to("/alerts").into_response()),
        Err(ServeError::BadRequest(why)) => {
            render_page(&state, StatusCode::BAD_REQUEST, form, Some(why)).await
        }
        Err(e) => Err(PageError(e)),
    }
}
