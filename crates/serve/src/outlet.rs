//! One outlet: what the registry says of it (facts only), what the store holds from it, the
//! stories it reported and its latest articles — `/outlet/{name}` and `/api/outlets/{name}`,
//! where the name is the registry's, an alias, a domain, or the name its articles give.

use std::collections::HashSet;

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::response::Html;
use chrono::{DateTime, Utc};
use parallax_model::{ArticleSummary, StorySummary};
use parallax_pipeline::OutletRow;
use parallax_store::{ArticleFilter, Store};
use serde::Serialize;

use crate::api::outlet_rows;
use crate::error::{ApiError, PageError, ServeError};
use crate::pages::render;
use crate::state::AppState;

/// Latest articles listed.
const ARTICLES: usize = 100;
/// Stories listed, most recent first.
const STORIES: usize = 30;

/// `GET /api/outlets/{name}`.
#[derive(Serialize)]
pub(crate) struct OutletProfile {
    #[serde(flatten)]
    row: OutletRow,
    /// Its latest articles, newest first.
    articles: Vec<ArticleSummary>,
    /// The stories those articles are filed under, most recent article first.
    stories: Vec<StorySummary>,
}

fn profile(store: &Store, state: &AppState, name: &str) -> Result<OutletProfile, ServeError> {
    let wanted = name.trim();
    let same = |s: &str| s.eq_ignore_ascii_case(wanted);
    let row = outlet_rows(store, state)?
        .into_iter()
        .find(|r| {
            let o = &r.outlet;
            same(&o.name) || o.aliases.iter().any(|a| same(a)) || o.domains.iter().any(|d| same(d))
        })
        .ok_or_else(|| ServeError::NotFound(format!("There is no outlet {wanted:?}.")))?;
    // Articles name an outlet in any of its ways: read each and merge.
    let o = &row.outlet;
    let mut names: Vec<&str> = vec![&o.name];
    names.extend(o.aliases.iter().map(String::as_str));
    names.extend(o.domains.iter().map(String::as_str));
    let mut seen = HashSet::new();
    let mut articles = Vec::new();
    for name in names {
        let filter = ArticleFilter {
            outlet: Some(name.to_owned()),
            limit: Some(ARTICLES),
            ..Default::default()
        };
        articles.extend(store.articles(&filter)?.into_iter().filter(|a| seen.insert(a.id.clone())));
    }
    articles.sort_by_key(|a| std::cmp::Reverse(a.published));
    articles.truncate(ARTICLES);
    let mut story_ids = Vec::new();
    for id in articles.iter().filter_map(|a| a.story) {
        if !story_ids.contains(&id) && story_ids.len() < STORIES {
            story_ids.push(id);
        }
    }
    let mut stories = Vec::new();
    for id in story_ids {
        if let Some(story) = store.story(id)?.filter(|s| s.merged_into.is_none()) {
            stories.push(story);
        }
    }
    Ok(OutletProfile { row, articles, stories })
}

pub(crate) async fn api(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Json<OutletProfile>, ApiError> {
    Ok(Json(state.read(move |store, state| profile(store, state, &name)).await?))
}

struct Line {
    href: String,
    text: String,
    meta: String,
}

#[derive(Template)]
#[template(path = "outlet.html")]
struct OutletPage {
    name: String,
    registered: bool,
    facts: Vec<(&'static str, String)>,
    stored: u64,
    span: String,
    stories: Vec<Line>,
    articles: Vec<Line>,
}

fn day(t: Option<DateTime<Utc>>) -> String {
    t.map_or_else(|| "undated".to_owned(), |t| t.format("%Y-%m-%d").to_string())
}

pub(crate) async fn page(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Html<String>, PageError> {
    let p = state.read(move |store, state| profile(store, state, &name)).await?;
    let o = &p.row.outlet;
    let joined = |v: &[String]| v.join(", ");
    let facts: Vec<(&'static str, String)> = [
        ("Country", o.country.clone().unwrap_or_default()),
        ("Ownership", o.ownership.map(|w| w.to_string()).unwrap_or_default()),
        ("Languages", joined(&o.language)),
        ("Group", o.group.clone().unwrap_or_default()),
        ("Domains", joined(&o.domains)),
        ("Also called", joined(&o.aliases)),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .collect();
    let view = OutletPage {
        name: o.name.clone(),
        registered: p.row.registered,
        facts,
        stored: p.row.stored_articles,
        span: format!("{} – {}", day(p.row.first_published), day(p.row.last_published)),
        stories: p
            .stories
            .iter()
            .map(|s| Line {
                href: format!("/story/{}", s.id),
                text: s.headline.clone(),
                meta: format!(
                    "{} · {} articles from {} outlets · {}",
                    s.label,
                    s.articles,
                    s.outlets,
                    day(s.last_published)
                ),
            })
            .collect(),
        articles: p
            .articles
            .iter()
            .map(|a| Line {
                // The template encodes it: ids are the sources' own and may hold anything.
                href: a.id.to_string(),
                text: a.title.clone().unwrap_or_else(|| "(untitled)".into()),
                meta: format!("{} · {} words", day(a.published), a.words),
            })
            .collect(),
    };
    Ok(Html(render(&view)))
}
