//! The JSON API under `/api/`.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use parallax_model::{Article, ArticleSummary, StorySummary, TopicSummary};
use parallax_outlets::Axis;
use parallax_pipeline::{
    Length, OutletRow, Page, Subject, compare_subject, outlet_table, story_page, topic_page,
};
use parallax_store::{ArticleFilter, Stats, StoryFilter};
use serde::Deserialize;

use crate::cache::{Form, Key, Stamp};
use crate::error::{ApiError, ServeError};
use crate::state::AppState;

/// Most items one list request returns.
pub(crate) const MAX_LIMIT: usize = 1000;
/// Items a list request returns when it does not say.
const DEFAULT_LIMIT: usize = 100;
/// Key sentences of a page when the request does not say.
pub(crate) const PAGE_SENTENCES: usize = 12;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(crate::openapi::document))
        .route("/stats", get(stats))
        .route("/articles", get(articles))
        .route("/articles/{id}", get(article))
        .route("/stories", get(stories))
        .route("/stories/{id}", get(story))
        .route("/topics", get(topics))
        .route("/topics/{id}", get(topic))
        .route("/compare/{kind}/{id}", get(compare))
        .route("/outlets", get(outlets))
        .route("/outlets/{name}", get(crate::outlet::api))
        .route("/search", get(crate::search::api))
        .route("/events", get(crate::live::events))
}

type ApiResult<T> = Result<Json<T>, ApiError>;

pub(crate) fn parse_time(
    name: &str,
    raw: &Option<String>,
) -> Result<Option<DateTime<Utc>>, ServeError> {
    raw.as_deref()
        .map(|r| {
            parallax_ingest::parse_date(r).ok_or_else(|| {
                ServeError::BadRequest(format!("{name}={r:?} is not a date (try 2022-04-30)"))
            })
        })
        .transpose()
}

fn limit(requested: Option<usize>) -> Result<usize, ServeError> {
    match requested {
        None => Ok(DEFAULT_LIMIT),
        Some(0) => Err(ServeError::BadRequest("limit must be at least 1".into())),
        Some(n) => Ok(n.min(MAX_LIMIT)),
    }
}

async fn stats(State(state): State<AppState>) -> ApiResult<Stats> {
    Ok(Json(state.read(|store, _| Ok(store.stats()?)).await?))
}

#[derive(Deserialize)]
pub(crate) struct ArticlesQuery {
    outlet: Option<String>,
    language: Option<String>,
    since: Option<String>,
    until: Option<String>,
    limit: Option<usize>,
}

async fn articles(
    State(state): State<AppState>,
    Query(q): Query<ArticlesQuery>,
) -> ApiResult<Vec<ArticleSummary>> {
    let filter = ArticleFilter {
        outlet: q.outlet,
        language: q.language,
        since: parse_time("since", &q.since)?,
        until: parse_time("until", &q.until)?,
        limit: Some(limit(q.limit)?),
    };
    Ok(Json(state.read(move |store, _| Ok(store.articles(&filter)?)).await?))
}

async fn article(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Article> {
    let found = state.read(move |store, _| Ok(store.article(&id)?.ok_or(id))).await?;
    found.map(Json).map_err(|id| ApiError(ServeError::NotFound(format!("no article {id:?}"))))
}

#[derive(Deserialize)]
pub(crate) struct StoriesQuery {
    topic: Option<u64>,
    min_articles: Option<u64>,
    since: Option<String>,
    limit: Option<usize>,
}

async fn stories(
    State(state): State<AppState>,
    Query(q): Query<StoriesQuery>,
) -> ApiResult<Vec<StorySummary>> {
    let filter = StoryFilter {
        topic: q.topic,
        min_articles: q.min_articles,
        since: parse_time("since", &q.since)?,
        limit: Some(limit(q.limit)?),
    };
    Ok(Json(state.read(move |store, _| Ok(store.stories(&filter)?)).await?))
}

#[derive(Deserialize)]
pub(crate) struct PageQuery {
    sentences: Option<usize>,
    words: Option<usize>,
}

impl PageQuery {
    fn length(&self) -> Result<Length, ServeError> {
        match (self.sentences, self.words) {
            (Some(_), Some(_)) => {
                Err(ServeError::BadRequest("give sentences or words, not both".into()))
            }
            (_, Some(w)) => Ok(Length::Words(w.min(5_000))),
            (s, None) => Ok(Length::Sentences(s.unwrap_or(PAGE_SENTENCES).min(200))),
        }
    }
}

async fn story(
    State(state): State<AppState>,
    Path(id): Path<u64>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Page> {
    let length = q.length()?;
    let page = state.read(move |store, _| Ok(story_page(store, id, length)?)).await?;
    page.map(Json).ok_or_else(|| ApiError(ServeError::NotFound(format!("no story {id}"))))
}

#[derive(Deserialize)]
pub(crate) struct TopicsQuery {
    limit: Option<usize>,
}

async fn topics(
    State(state): State<AppState>,
    Query(q): Query<TopicsQuery>,
) -> ApiResult<Vec<TopicSummary>> {
    let limit = limit(q.limit)?;
    Ok(Json(state.read(move |store, _| Ok(store.topics(Some(limit))?)).await?))
}

async fn topic(
    State(state): State<AppState>,
    Path(id): Path<u64>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Page> {
    let length = q.length()?;
    let page = state.read(move |store, _| Ok(topic_page(store, id, length)?)).await?;
    page.map(Json).ok_or_else(|| ApiError(ServeError::NotFound(format!("no topic {id}"))))
}

#[derive(Deserialize, Default)]
pub(crate) struct CompareQuery {
    pub by: Option<String>,
}

impl CompareQuery {
    pub(crate) fn axis(&self) -> Result<Axis, ServeError> {
        self.by.as_deref().map_or(Ok(Axis::Outlet), |b| b.parse().map_err(ServeError::BadRequest))
    }
}

pub(crate) fn subject(kind: &str, id: u64) -> Result<Subject, ServeError> {
    match kind {
        "story" => Ok(Subject::Story(id)),
        "topic" => Ok(Subject::Topic(id)),
        _ => Err(ServeError::NotFound(format!("{kind:?} is neither story nor topic"))),
    }
}

async fn compare(
    State(state): State<AppState>,
    Path((kind, id)): Path<(String, u64)>,
    Query(q): Query<CompareQuery>,
) -> Result<Response, ApiError> {
    let subject = subject(&kind, id)?;
    let axis = q.axis()?;
    let json = state.read(move |store, state| comparison_json(store, state, subject, axis)).await?;
    let json = json.ok_or_else(|| ApiError(ServeError::NotFound(format!("no {kind} {id}"))))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], Arc::unwrap_or_clone(json)).into_response())
}

/// The comparison of a story or topic along `axis` as JSON, kept like pages are; `None`
/// when there is no such story or topic.
pub(crate) fn comparison_json(
    store: &parallax_store::Store,
    state: &AppState,
    subject: Subject,
    axis: Axis,
) -> Result<Option<Arc<String>>, ServeError> {
    let key = Key { form: Form::ComparisonJson, subject, axis };
    let Some(stamp) = Stamp::read(store, state.data_dir(), subject)? else {
        return Ok(None);
    };
    if let Some(json) = state.cache().get(&key, &stamp) {
        return Ok(Some(json));
    }
    let Some(page) = compare_subject(store, subject, &state.setup(axis)?)? else {
        return Ok(None);
    };
    let json =
        Arc::new(serde_json::to_string(&page).map_err(|e| ServeError::Internal(e.to_string()))?);
    state.cache().put(key, stamp, json.clone());
    Ok(Some(json))
}

pub(crate) fn outlet_rows(
    store: &parallax_store::Store,
    state: &AppState,
) -> Result<Vec<OutletRow>, ServeError> {
    Ok(outlet_table(Some(store), &state.setup(Axis::Outlet)?.registry)?)
}

async fn outlets(State(state): State<AppState>) -> ApiResult<Vec<OutletRow>> {
    Ok(Json(state.read(outlet_rows).await?))
}
