//! Story and topic pages: the label, the headline and the key sentences, each with its
//! article, outlet, date and the number of outlets that carry the same fact.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use parallax_analyse::tokens::tokenize;
use parallax_model::{ArticleId, Member, StorySummary, TopicSummary};
use parallax_store::{Members, Store, StoreError};
use parallax_summarise::{Background, Length, Source, page};
use serde::Serialize;

/// Articles a page is built from at most; a larger story is sampled evenly over time, so
/// that every phase of it can speak.
const MAX_SOURCES: usize = 300;

/// Sentences per article that decide a label and headline (the lead states the event).
const HEADING_SENTENCES: usize = 3;

/// Articles a label and headline are chosen from at most (evenly spaced): the central name
/// and the most representative title show in a few dozen reports, and the clustering pass
/// chooses them for every story and topic it touches.
const HEADING_SOURCES: usize = 50;

/// A story's or topic's page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page {
    /// The story's or topic's id.
    pub id: u64,
    /// Its central entity or phrase.
    pub label: String,
    /// Its most representative headline.
    pub headline: String,
    /// The key sentences, most central first.
    pub sentences: Vec<PageSentence>,
    /// Every article, in publication order.
    pub articles: Vec<PageArticle>,
    /// The topic the story belongs to (stories only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<u64>,
    /// The topic's stories (topics only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stories: Option<Vec<StorySummary>>,
}

/// One key sentence with its provenance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PageSentence {
    /// The sentence.
    pub text: String,
    /// The article it comes from.
    pub article: ArticleId,
    /// That article's outlet.
    pub outlet: Option<String>,
    /// That article's publication time.
    pub published: Option<DateTime<Utc>>,
    /// Distinct outlets, its own included, that carry the same fact.
    pub support: usize,
}

/// An article of the page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PageArticle {
    /// Its id.
    pub id: ArticleId,
    /// Its headline.
    pub title: Option<String>,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its publication time.
    pub published: Option<DateTime<Utc>>,
    /// Its story.
    pub story: u64,
}

/// A label and headline, as stored with a story or topic.
pub(crate) struct Heading {
    pub label: String,
    pub headline: String,
}

/// The page of story `id`, its key sentences cut to `length`; `None` when there is no such
/// story.
pub fn story_page(store: &Store, id: u64, length: Length) -> Result<Option<Page>, StoreError> {
    let Some(story) = store.story(id)? else { return Ok(None) };
    let members = store.story_members(story.merged_into.unwrap_or(id), None, MAX_SOURCES)?;
    let mut page = build(store, id, &members, length)?;
    keep_heading(&mut page, story.label, story.headline);
    page.topic = Some(story.topic);
    Ok(Some(page))
}

/// The page of topic `id`, drawn from all its stories' articles; `None` when there is no
/// such topic.
pub fn topic_page(store: &Store, id: u64, length: Length) -> Result<Option<Page>, StoreError> {
    let Some(topic): Option<TopicSummary> = store.topic(id)? else { return Ok(None) };
    let members = store.topic_members(id, None, MAX_SOURCES)?;
    let mut page = build(store, id, &members, length)?;
    keep_heading(&mut page, topic.label, topic.headline);
    page.stories = Some(
        store.stories(&parallax_store::StoryFilter { topic: Some(id), ..Default::default() })?,
    );
    Ok(Some(page))
}

/// Uses the label and headline stored with the story or topic (chosen when it last grew,
/// and shown in every listing), so that the page and the lists agree.
fn keep_heading(page: &mut Page, label: String, headline: String) {
    if !label.is_empty() {
        page.label = label;
    }
    if !headline.is_empty() {
        page.headline = headline;
    }
}

/// What a label and headline are chosen from: read from the store one story or topic at a
/// time, then chosen on all cores (the choice is a summary of up to [`HEADING_SOURCES`]
/// articles, and the clustering pass makes one for every story and topic it touches).
pub(crate) struct HeadingSources {
    members: Members,
    background: Background,
}

pub(crate) fn story_heading_sources(
    store: &Store,
    id: u64,
) -> Result<Option<HeadingSources>, StoreError> {
    let members = store.story_members(id, Some(HEADING_SENTENCES), HEADING_SOURCES)?;
    heading_sources(store, members)
}

pub(crate) fn topic_heading_sources(
    store: &Store,
    id: u64,
) -> Result<Option<HeadingSources>, StoreError> {
    let members = store.topic_members(id, Some(HEADING_SENTENCES), HEADING_SOURCES)?;
    heading_sources(store, members)
}

fn heading_sources(store: &Store, members: Members) -> Result<Option<HeadingSources>, StoreError> {
    if members.all.is_empty() {
        return Ok(None);
    }
    let background = background(store, &members.sample())?;
    Ok(Some(HeadingSources { members, background }))
}

impl HeadingSources {
    pub(crate) fn choose(&self) -> Heading {
        let sample = self.members.sample();
        // One key sentence stands in for the headline when no article has a title.
        let page = page(&sources(&sample), Length::Sentences(1), &self.background);
        Heading { label: page.label, headline: page.headline }
    }
}

fn build(store: &Store, id: u64, members: &Members, length: Length) -> Result<Page, StoreError> {
    let sample = members.sample();
    let sources = sources(&sample);
    let built = page(&sources, length, &background(store, &sample)?);
    let sentences = built
        .sentences
        .into_iter()
        .map(|k| {
            let m = sample[k.source];
            PageSentence {
                text: k.text,
                article: m.id.clone(),
                outlet: m.outlet.clone(),
                published: m.published,
                support: k.support,
            }
        })
        .collect();
    Ok(Page {
        id,
        label: built.label,
        headline: built.headline,
        sentences,
        articles: members
            .all
            .iter()
            .map(|m| PageArticle {
                id: m.id.clone(),
                title: m.title.clone(),
                outlet: m.outlet.clone(),
                published: m.published,
                story: m.story,
            })
            .collect(),
        topic: None,
        stories: None,
    })
}

fn sources<'m>(members: &[&'m Member]) -> Vec<Source<'m>> {
    members
        .iter()
        .map(|m| Source {
            title: m.title.as_deref(),
            outlet: m.outlet.as_deref(),
            published: m.published,
            language: m.language.as_deref(),
            sentences: m.sentences.iter().map(String::as_str).collect(),
        })
        .collect()
}

/// Document frequencies, over the whole store, of the stems the members use.
fn background(store: &Store, members: &[&Member]) -> Result<Background, StoreError> {
    let mut stems = BTreeSet::new();
    for m in members {
        let language = m.language.as_deref();
        for text in m.title.iter().chain(&m.sentences) {
            stems.extend(tokenize(text, language).into_iter().map(|t| t.stem));
        }
    }
    let (documents, docs) = store.term_documents(stems.iter().map(String::as_str))?;
    let mut background = Background::new(documents);
    for (stem, n) in docs {
        background.insert(stem, n);
    }
    Ok(background)
}
