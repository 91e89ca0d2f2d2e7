//! Saved searches: the JSON API under `/api/alerts` (`api`), and the `/alerts` page with a
//! form that works without JavaScript and each alert's Atom feed at `/alerts/{id}.atom`
//! (`page`). Alerts are run by `parallax ingest` and `parallax alerts run`; the server saves,
//! lists and shows them.

mod api;
mod page;

use axum::http::{HeaderMap, header};
use parallax_alerts::{AlertsError, redacted_url};
use parallax_outlets::Registry;
use parallax_store::{Alert, AlertMatch, NewAlert};
use serde_json::{Value, json};

use crate::api::MAX_LIMIT;
use crate::error::ServeError;
use crate::state::AppState;

pub(crate) use self::api::routes as api_routes;
pub(crate) use self::page::routes as page_routes;

/// Matches a feed or a list request returns when it does not say.
const DEFAULT_MATCHES: usize = 100;

/// An alert as the API shows it: the webhook cut to its origin, since its path or query is
/// often a secret of its own, and GET endpoints need no token.
fn public(alert: &Alert) -> Value {
    let mut value = serde_json::to_value(alert).unwrap_or_default();
    if let Some(webhook) = &alert.webhook {
        value["webhook"] = Value::String(redacted_url(webhook));
    }
    value
}

/// Saves `new` on the blocking pool with a connection of its own (the pooled ones are for
/// reading), starting from what the search index holds now.
pub(crate) async fn save(state: &AppState, new: NewAlert) -> Result<Alert, ServeError> {
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        if let Some(group) = &new.group {
            let registry =
                Registry::load(state.data_dir()).map_err(|e| ServeError::Config(e.to_string()))?;
            if parallax_search::outlets_in_group(&registry, group).is_empty() {
                return Err(ServeError::BadRequest(format!(
                    "no outlet is in group {group:?} (groups are set in outlets.toml)"
                )));
            }
        }
        let mut store = state.connect()?;
        let index = state.search()?;
        parallax_alerts::create_alert(&mut store, index, &new).map_err(|e| match e {
            AlertsError::Invalid(why) => ServeError::BadRequest(why),
            AlertsError::Store(e) => ServeError::Store(e),
            AlertsError::Search(e) => ServeError::Search(e),
            e => ServeError::Internal(e.to_string()),
        })
    })
    .await
    .map_err(|e| ServeError::Internal(e.to_string()))?
}

pub(crate) fn limit(requested: Option<usize>) -> Result<usize, ServeError> {
    match requested {
        None => Ok(DEFAULT_MATCHES),
        Some(0) => Err(ServeError::BadRequest("limit must be at least 1".into())),
        Some(n) => Ok(n.min(MAX_LIMIT)),
    }
}

/// An alert and its latest matches, or 404.
pub(crate) async fn alert_with_matches(
    state: &AppState,
    id: u64,
    limit: usize,
) -> Result<(Alert, Vec<AlertMatch>), ServeError> {
    state
        .read(move |store, _| {
            let alert =
                store.alert(id)?.ok_or_else(|| ServeError::NotFound(format!("no alert {id}")))?;
            Ok((alert, store.alert_matches(id, limit)?))
        })
        .await
}

/// The site's own address as the request names it, for the feed's links; empty (links
/// relative to the feed) when the `Host` header is missing or holds anything but a host
/// and port.
pub(crate) fn base_url(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let plain = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if plain { format!("http://{host}") } else { String::new() }
}

/// The OpenAPI entry of `/api/alerts`: listing, and saving with the token.
pub(crate) fn openapi_list_and_create() -> Value {
    let error = json!({"$ref": "#/components/responses/Error"});
    json!({
        "get": {
            "summary": "Saved searches (webhooks shown as their origin only), oldest first",
            "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AlertList"}}}}}
        },
        "post": {
            "summary": "Save a search; it matches articles indexed from now on. Requires the token when the server has one",
            "security": [{"bearer": []}],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewAlert"}}},
                "description": "{name, query, outlets?: [..], group?, language?, since?, until?, webhook?, secret?}; dates as 2022-04-30 or RFC 3339"},
            "responses": {
                "201": {"description": "Saved", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Alert"}}}},
                "400": error.clone(),
                "401": error.clone(),
                "503": error
            }
        }
    })
}

/// The OpenAPI entry of `/api/alerts/{id}`.
pub(crate) fn openapi_delete() -> Value {
    let error = json!({"$ref": "#/components/responses/Error"});
    json!({
        "delete": {
            "summary": "Delete a saved search and its matches. Requires the token when the server has one",
            "security": [{"bearer": []}],
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
            "responses": {"204": {"description": "Deleted"}, "401": error.clone(), "404": error}
        }
    })
}

#[cfg(test)]
mod tests;
