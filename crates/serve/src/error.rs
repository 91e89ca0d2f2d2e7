//! Errors a request can end in, as JSON for the API and as a page for people.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use parallax_store::StoreError;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// No such story, topic, article or route.
    #[error("{0}")]
    NotFound(String),
    /// A parameter that cannot be used.
    #[error("{0}")]
    BadRequest(String),
    /// The store failed.
    #[error("the store failed: {0}")]
    Store(#[from] StoreError),
    /// The data directory's outlet registry or variant lexicon is invalid.
    #[error("{0}")]
    Config(String),
    /// A part of the site cannot work (the search index is unreadable).
    #[error("{0}")]
    Unavailable(String),
    /// Searching failed.
    #[error("{0}")]
    Search(#[from] parallax_search::SearchError),
    /// A worker task failed.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServeError {
    fn status(&self) -> StatusCode {
        match self {
            ServeError::NotFound(_) => StatusCode::NOT_FOUND,
            ServeError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServeError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ServeError::Store(_)
            | ServeError::Config(_)
            | ServeError::Search(_)
            | ServeError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// An API error: `{"error": "..."}` with the status.
pub(crate) struct ApiError(pub ServeError);

impl<E: Into<ServeError>> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.0.to_string() });
        (self.0.status(), Json(body)).into_response()
    }
}

/// A page error: a short HTML page with the status.
pub(crate) struct PageError(pub ServeError);

impl<E: Into<ServeError>> From<E> for PageError {
    fn from(e: E) -> PageError {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let page = crate::pages::ErrorPage {
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            message: self.0.to_string(),
        };
        (status, Html(crate::pages::render(&page))).into_response()
    }
}
