//! The river: the latest stories, newest activity first, each with its label, headline,
//! outlets and groups. The page is complete without JavaScript; `live.js` keeps its first
//! page current from the event stream (see [`crate::live`]).

use std::collections::{BTreeMap, BTreeSet};

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use parallax_model::StorySummary;
use parallax_outlets::{Axis, Registry};
use parallax_store::{Store, StoryFilter};
use serde::Deserialize;

use crate::error::{PageError, ServeError};
use crate::pages::{render, span};
use crate::state::AppState;

/// Stories the river shows per page.
const RIVER: usize = 50;
/// Outlets shown by name on a river item.
const RIVER_OUTLETS: usize = 5;

pub(crate) struct RiverItem {
    id: u64,
    label: String,
    headline: String,
    articles: u64,
    outlets: Vec<String>,
    more_outlets: usize,
    groups: Vec<String>,
    span: String,
    topic: u64,
}

#[derive(Template)]
#[template(path = "river.html")]
struct River {
    items: Vec<RiverItem>,
    page: usize,
    next: Option<usize>,
    previous: Option<usize>,
    articles: u64,
    stories: u64,
    /// The store's watermark when the page was read: live updates go on from there.
    watermark: i64,
}

/// One river entry on its own, as the event stream sends it.
#[derive(Template)]
#[template(path = "river_item.html")]
struct RiverItemFragment<'a> {
    item: &'a RiverItem,
}

#[derive(Deserialize)]
pub(crate) struct RiverQuery {
    page: Option<usize>,
}

pub(crate) async fn river(
    State(state): State<AppState>,
    Query(q): Query<RiverQuery>,
) -> Result<Html<String>, PageError> {
    let page = q.page.unwrap_or(1).max(1);
    let river = state
        .read(move |store, state| {
            // Read first, so that a change landing while the page is built is sent again
            // rather than missed; articles still waiting for the clusterer hold it back.
            let watermark = store.clustered_up_to()?;
            let registry = state.setup(Axis::Group)?.registry;
            let filter = StoryFilter { limit: Some(page * RIVER + 1), ..Default::default() };
            let mut stories = store.stories(&filter)?;
            let has_next = stories.len() > page * RIVER;
            stories.truncate(page * RIVER);
            let stories: Vec<StorySummary> = stories.into_iter().skip((page - 1) * RIVER).collect();
            let items = river_items(store, &registry, stories)?;
            let stats = store.stats()?;
            Ok(River {
                items,
                page,
                next: has_next.then_some(page + 1),
                previous: (page > 1).then(|| page - 1),
                articles: stats.articles,
                stories: stats.stories,
                watermark,
            })
        })
        .await?;
    Ok(Html(render(&river)))
}

/// River entries for `stories`, in their order: outlets by article count, then name, with
/// the registry's names and groups.
pub(crate) fn river_items(
    store: &Store,
    registry: &Registry,
    stories: Vec<StorySummary>,
) -> Result<Vec<RiverItem>, ServeError> {
    let ids: Vec<u64> = stories.iter().map(|s| s.id).collect();
    let mut story_outlets = store.story_outlets(&ids)?;
    let mut items = Vec::with_capacity(stories.len());
    for s in stories {
        let mut outlets = BTreeMap::new();
        let mut groups = BTreeSet::new();
        for o in story_outlets.remove(&s.id).unwrap_or_default() {
            let found = registry.find(o.domain.as_deref(), o.outlet.as_deref());
            let shown = o.outlet.as_deref().or(o.domain.as_deref()).unwrap_or("(unknown outlet)");
            let name = found.map_or_else(|| shown.to_owned(), |o| o.name.clone());
            *outlets.entry(name).or_insert(0u64) += o.articles;
            if let Some(group) = found.and_then(|o| o.group.clone()) {
                groups.insert(group);
            }
        }
        let mut outlets: Vec<(String, u64)> = outlets.into_iter().collect();
        outlets.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let more_outlets = outlets.len().saturating_sub(RIVER_OUTLETS);
        items.push(RiverItem {
            id: s.id,
            label: s.label,
            headline: s.headline,
            articles: s.articles,
            outlets: outlets.into_iter().take(RIVER_OUTLETS).map(|(o, _)| o).collect(),
            more_outlets,
            groups: groups.into_iter().collect(),
            span: span(s.first_published.as_ref(), s.last_published.as_ref()),
            topic: s.topic,
        });
    }
    Ok(items)
}

/// The HTML of one river entry (escaped like every page).
pub(crate) fn item_html(item: &RiverItem) -> String {
    render(&RiverItemFragment { item })
}

impl RiverItem {
    pub(crate) fn id(&self) -> u64 {
        self.id
    }
}
