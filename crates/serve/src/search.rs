//! Full-text search: `GET /api/search` and the `/search` page, one query model for both.

use askama::Template;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use parallax_outlets::Axis;
use parallax_search::{Hit, SearchQuery, outlets_in_group};
use serde::{Deserialize, Serialize};

use crate::api::{MAX_LIMIT, parse_time};
use crate::error::{ApiError, ServeError};
use crate::pages::render;
use crate::state::AppState;

/// Hits a search returns when the request does not say.
const DEFAULT_LIMIT: usize = 20;

/// The query string of both the API and the page. Empty values (a form's untouched fields)
/// mean "not given".
#[derive(Clone, Debug, Default, Deserialize)]
pub(crate) struct SearchParams {
    #[serde(default)]
    q: String,
    outlet: Option<String>,
    group: Option<String>,
    language: Option<String>,
    since: Option<String>,
    until: Option<String>,
    limit: Option<usize>,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl SearchParams {
    fn query(&self, state: &AppState) -> Result<SearchQuery, ServeError> {
        let mut outlets: Vec<String> = given(&self.outlet).map(str::to_owned).into_iter().collect();
        if let Some(group) = given(&self.group) {
            let registry = state.setup(Axis::Group)?.registry;
            let members = outlets_in_group(&registry, group);
            if members.is_empty() {
                return Err(ServeError::BadRequest(format!(
                    "no outlet is in group {group:?} (groups are set in outlets.toml)"
                )));
            }
            outlets.extend(members);
        }
        let limit = match self.limit {
            None => DEFAULT_LIMIT,
            Some(0) => return Err(ServeError::BadRequest("limit must be at least 1".into())),
            Some(n) => n.min(MAX_LIMIT),
        };
        Ok(SearchQuery {
            text: self.q.clone(),
            outlets,
            language: given(&self.language).map(str::to_owned),
            since: parse_time("since", &given(&self.since).map(str::to_owned))?,
            until: parse_time("until", &given(&self.until).map(str::to_owned))?,
            limit,
        })
    }
}

/// A hit with the story its article is filed under (none until clustered).
#[derive(Serialize)]
pub(crate) struct StoryHit {
    #[serde(flatten)]
    hit: Hit,
    story: Option<u64>,
}

async fn run(state: &AppState, params: SearchParams) -> Result<Vec<StoryHit>, ServeError> {
    state
        .read(move |store, state| {
            let query = params.query(state)?;
            let hits = state.search()?.search(&query)?;
            hits.into_iter()
                .map(|hit| {
                    let story = store.story_of(&parallax_model::ArticleId(hit.id.clone()))?;
                    Ok(StoryHit { hit, story })
                })
                .collect()
        })
        .await
}

pub(crate) async fn api(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> Result<Json<Vec<StoryHit>>, ApiError> {
    Ok(Json(run(&state, params).await?))
}

struct HitView {
    id: String,
    /// Escaped by the search crate, matches in `<mark>`.
    title_html: String,
    /// Escaped by the search crate, matches in `<mark>`.
    snippet_html: String,
    outlet: String,
    date: String,
    story: Option<u64>,
}

struct Choice {
    value: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    q: String,
    outlet: String,
    groups: Vec<Choice>,
    language: String,
    since: String,
    until: String,
    outlets: Vec<String>,
    hits: Vec<HitView>,
    message: Option<String>,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> Response {
    let text = |v: &Option<String>| given(v).unwrap_or_default().to_owned();
    let group = text(&params.group);
    let (groups, outlets) = match state.setup(Axis::Group) {
        Ok(setup) => {
            let outlets = setup.registry.outlets();
            let mut groups: Vec<String> = outlets.iter().filter_map(|o| o.group.clone()).collect();
            groups.sort_unstable();
            groups.dedup();
            let mut names: Vec<String> = outlets.iter().map(|o| o.name.clone()).collect();
            names.sort_unstable();
            (groups, names)
        }
        Err(_) => (Vec::new(), Vec::new()),
    };
    let mut view = SearchPage {
        q: params.q.clone(),
        outlet: text(&params.outlet),
        groups: groups
            .into_iter()
            .map(|g| Choice { selected: g.eq_ignore_ascii_case(&group), value: g })
            .collect(),
        language: text(&params.language),
        since: text(&params.since),
        until: text(&params.until),
        outlets,
        hits: Vec::new(),
        message: None,
    };
    let searched = !params.q.trim().is_empty();
    let status = match run(&state, params).await {
        Ok(hits) => {
            if searched && hits.is_empty() {
                view.message = Some("No stored article matches.".into());
            }
            view.hits = hits.into_iter().map(hit_view).collect();
            StatusCode::OK
        }
        Err(e) => {
            view.message = Some(e.to_string());
            match e {
                ServeError::BadRequest(_) => StatusCode::BAD_REQUEST,
                ServeError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            }
        }
    };
    (status, Html(render(&view))).into_response()
}

fn hit_view(found: StoryHit) -> HitView {
    let StoryHit { hit, story } = found;
    HitView {
        title_html: if hit.title.is_some() { hit.title_html } else { "(untitled)".into() },
        snippet_html: hit.snippet_html,
        outlet: hit.outlet.unwrap_or_else(|| "(unknown outlet)".into()),
        date: hit.published.map_or_else(|| "undated".into(), |t| t.format("%Y-%m-%d").to_string()),
        story,
        id: hit.id,
    }
}
