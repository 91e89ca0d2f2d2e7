//! `/api/alerts`: list, create (token), delete (token), and an alert's matches.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use axum::{Json, Router};
use parallax_store::{AlertMatch, NewAlert};
use serde::Deserialize;
use serde_json::Value;

use super::{alert_with_matches, limit, public, save};
use crate::api::parse_time;
use crate::auth::require_token;
use crate::error::{ApiError, ServeError};
use crate::state::AppState;

/// `/api/alerts…`, to nest under `/api`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/alerts", get(list).post(create))
        .route("/alerts/{id}", delete(remove))
        .route("/alerts/{id}/matches", get(matches))
}

/// The JSON body of `POST /api/alerts`; dates as the rest of the API takes them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AlertBody {
    name: String,
    query: String,
    #[serde(default)]
    outlets: Vec<String>,
    group: Option<String>,
    language: Option<String>,
    since: Option<String>,
    until: Option<String>,
    webhook: Option<String>,
    secret: Option<String>,
}

impl AlertBody {
    fn new_alert(self) -> Result<NewAlert, ServeError> {
        let blank_to_none = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
        Ok(NewAlert {
            since: parse_time("since", &blank_to_none(self.since))?,
            until: parse_time("until", &blank_to_none(self.until))?,
            name: self.name,
            query: self.query,
            outlets: self.outlets,
            group: blank_to_none(self.group),
            language: blank_to_none(self.language),
            webhook: blank_to_none(self.webhook),
            secret: blank_to_none(self.secret),
        })
    }
}

async fn list(State(state): State<AppState>) -> Result<Json<Vec<Value>>, ApiError> {
    let alerts = state.read(|store, _| Ok(store.alerts()?)).await?;
    Ok(Json(alerts.iter().map(public).collect()))
}

async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<AlertBody>, axum::extract::rejection::JsonRejection>,
) -> Response {
    if let Err(refused) = require_token(&headers, &state) {
        return refused;
    }
    let created = async {
        let Json(body) = body.map_err(|e| ServeError::BadRequest(e.body_text()))?;
        save(&state, body.new_alert()?).await
    };
    match created.await {
        Ok(alert) => (
            StatusCode::CREATED,
            [(header::LOCATION, format!("/api/alerts/{}", alert.id))],
            Json(public(&alert)),
        )
            .into_response(),
        Err(e) => ApiError(e).into_response(),
    }
}

async fn remove(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<u64>,
) -> Response {
    if let Err(refused) = require_token(&headers, &state) {
        return refused;
    }
    let deleted = async {
        let state = state.clone();
        tokio::task::spawn_blocking(move || Ok::<_, ServeError>(state.connect()?.delete_alert(id)?))
            .await
            .map_err(|e| ServeError::Internal(e.to_string()))?
    };
    match deleted.await {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => ApiError(ServeError::NotFound(format!("no alert {id}"))).into_response(),
        Err(e) => ApiError(e).into_response(),
    }
}

#[derive(Deserialize)]
pub(crate) struct MatchesQuery {
    pub(crate) limit: Option<usize>,
}

async fn matches(
    State(state): State<AppState>,
    Path(id): Path<u64>,
    Query(q): Query<MatchesQuery>,
) -> Result<Json<Vec<AlertMatch>>, ApiError> {
    let (_, found) = alert_with_matches(&state, id, limit(q.limit)?).await?;
    Ok(Json(found))
}
