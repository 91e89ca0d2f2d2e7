//! Story and topic pages: the label, the headline and the key sentences, each with its
//! article, outlet, date and the number of outlets that carry the same fact.

use chrono::{DateTime, Utc};
use parallax_model::{ArticleId, Member, StorySummary, TopicSummary};
use parallax_store::{Members, Store, StoreError};
use parallax_summarise::{Background, Config, Length, Source, Tokenised};
use serde::Serialize;

/// Articles a page is built from at most; a larger story is sampled evenly over time, so
/// that every phase of it can speak.
const MAX_SOURCES: usize = 300;

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

fn build(store: &Store, id: u64, members: &Members, length: Length) -> Result<Page, StoreError> {
    let sample = members.sample();
    let sources = sources(&sample);
    let config = Config::default();
    let read = Tokenised::new(&sources, &config);
    let (documents, docs) = store.term_documents(read.stems())?;
    let background = Background::from_counts(documents, docs);
    let built = read.page(&sources, length, &background, &config);
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

pub(crate) fn sources<'m>(members: &[&'m Member]) -> Vec<Source<'m>> {
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
