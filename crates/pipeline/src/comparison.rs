//! `compare`: a story's or topic's articles, read from the store, put side by side.

use chrono::{DateTime, Duration, Utc};
use parallax_compare::{ActiveOutlet, Article, Comparison, Covered, Input, Options, compare};
use parallax_evidence::variants::Lexicon;
use parallax_model::Member;
use parallax_outlets::{Axis, Registry};
use parallax_places::{Gazetteer, PlaceCount, story_places};
use parallax_store::{Members, Store, StoreError};
use serde::Serialize;

/// Articles whose text a comparison reads at most; a larger story is sampled evenly over
/// time (coverage still counts every article).
pub const MAX_COMPARED: usize = 300;

/// Days around a story in which an outlet that published anything, but nothing on the
/// story, counts as a blindspot.
const ACTIVE_MARGIN_DAYS: i64 = 1;

/// What to compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "id")]
pub enum Subject {
    /// One story.
    Story(u64),
    /// All stories of one topic.
    Topic(u64),
}

/// How to compare: the outlet registry, the naming-variant lexicon and the axis.
#[derive(Clone, Debug)]
pub struct CompareSetup {
    /// Outlets and their groups.
    pub registry: Registry,
    /// Naming variants.
    pub lexicon: Lexicon,
    /// What a side is.
    pub axis: Axis,
    /// How much to keep.
    pub options: Options,
}

/// A comparison with what it compares.
#[derive(Clone, Debug, Serialize)]
pub struct ComparisonPage {
    /// Story or topic.
    pub subject: Subject,
    /// Its label.
    pub label: String,
    /// Its headline.
    pub headline: String,
    /// What a side is.
    pub axis: Axis,
    /// Articles whose text was read (all of them up to [`MAX_COMPARED`]).
    pub compared_articles: usize,
    /// Every article of the story or topic with its side, in publication order.
    pub articles: Vec<SideArticle>,
    /// The places the articles read name, heaviest first (for the map).
    pub places: Vec<PlaceCount>,
    /// The comparison.
    #[serde(flatten)]
    pub comparison: Comparison,
}

/// An article of the comparison and the side it falls on.
#[derive(Clone, Debug, Serialize)]
pub struct SideArticle {
    /// Its id.
    pub id: String,
    /// Its headline.
    pub title: Option<String>,
    /// Its outlet, as the registry names it.
    pub outlet: String,
    /// Its side.
    pub side: String,
    /// When it was published.
    pub published: Option<DateTime<Utc>>,
}

/// Compares the sides of a story or topic; `None` when there is no such story or topic.
pub fn compare_subject(
    store: &Store,
    subject: Subject,
    setup: &CompareSetup,
) -> Result<Option<ComparisonPage>, StoreError> {
    let (label, headline, members, first, last) = match subject {
        Subject::Story(id) => {
            let Some(story) = store.story(id)? else { return Ok(None) };
            let members = store.story_members(story.merged_into.unwrap_or(id), Some(0), 0)?;
            (story.label, story.headline, members, story.first_published, story.last_published)
        }
        Subject::Topic(id) => {
            let Some(topic) = store.topic(id)? else { return Ok(None) };
            let members = store.topic_members(id, Some(0), 0)?;
            (topic.label, topic.headline, members, topic.first_published, topic.last_published)
        }
    };
    let side_of = |m: &Member| -> String {
        let shown = m.outlet.as_deref().or(m.domain.as_deref()).unwrap_or("(unknown outlet)");
        let outlet = setup.registry.find(m.domain.as_deref(), m.outlet.as_deref());
        setup.registry.side(outlet, shown, setup.axis)
    };
    let covered: Vec<Covered> = members
        .all
        .iter()
        .map(|m| Covered {
            outlet: shown_outlet(m, &setup.registry),
            side: side_of(m),
            published: m.published,
        })
        .collect();

    let mut stored = Vec::new();
    for i in chosen(&members) {
        if let Some(article) = store.article(members.all[i].id.as_str())? {
            stored.push((article, covered[i].clone()));
        }
    }
    let articles: Vec<Article> = stored
        .iter()
        .map(|(a, c)| Article {
            id: a.id.as_str(),
            title: a.title.as_deref(),
            outlet: &c.outlet,
            side: &c.side,
            published: a.published,
            language: a.language.as_deref(),
            sentences: &a.sentences,
        })
        .collect();
    let side_articles = members
        .all
        .iter()
        .zip(&covered)
        .map(|(m, c)| SideArticle {
            id: m.id.to_string(),
            title: m.title.clone(),
            outlet: c.outlet.clone(),
            side: c.side.clone(),
            published: m.published,
        })
        .collect();
    let active = active_outlets(store, first, last, setup)?;
    let input = Input { articles, covered, active, lexicon: &setup.lexicon };
    // Place matching reads the same texts as the comparison but shares nothing with it.
    let (comparison, places) = rayon::join(
        || compare(&input, &setup.options),
        || {
            let texts: Vec<String> = stored
                .iter()
                .map(|(a, _)| format!("{}\n\n{}", a.title.as_deref().unwrap_or(""), a.text))
                .collect();
            story_places(Gazetteer::embedded(), texts.iter().map(String::as_str))
        },
    );
    Ok(Some(ComparisonPage {
        subject,
        label,
        headline,
        axis: setup.axis,
        compared_articles: input.articles.len(),
        articles: side_articles,
        places,
        comparison,
    }))
}

/// The outlet's name as the registry knows it, else as the article gives it.
fn shown_outlet(m: &Member, registry: &Registry) -> String {
    match registry.find(m.domain.as_deref(), m.outlet.as_deref()) {
        Some(o) => o.name.clone(),
        None => m
            .outlet
            .clone()
            .or_else(|| m.domain.clone())
            .unwrap_or_else(|| "(unknown outlet)".into()),
    }
}

/// The articles whose text is read: originals (a syndicated copy repeats its original's
/// sentences and would count them twice), evenly spaced when there are too many.
fn chosen(members: &Members) -> Vec<usize> {
    let originals: Vec<usize> =
        (0..members.all.len()).filter(|&i| members.all[i].syndicated_of.is_none()).collect();
    if originals.len() <= MAX_COMPARED {
        return originals;
    }
    (0..MAX_COMPARED).map(|i| originals[i * originals.len() / MAX_COMPARED]).collect()
}

/// Outlets that published anything from a day before the story to a day after it.
fn active_outlets(
    store: &Store,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    setup: &CompareSetup,
) -> Result<Vec<ActiveOutlet>, StoreError> {
    let (Some(first), Some(last)) = (first, last) else { return Ok(Vec::new()) };
    let margin = Duration::days(ACTIVE_MARGIN_DAYS);
    let activity = store.outlet_activity(Some(first - margin), Some(last + margin))?;
    Ok(activity
        .into_iter()
        .map(|a| {
            let outlet = setup.registry.find(a.domain.as_deref(), Some(&a.outlet));
            ActiveOutlet {
                side: setup.registry.side(outlet, &a.outlet, setup.axis),
                outlet: outlet.map_or(a.outlet, |o| o.name.clone()),
                articles: a.articles,
            }
        })
        .collect())
}
