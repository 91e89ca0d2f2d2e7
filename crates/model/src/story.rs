use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ArticleId;

/// A story: the reports of one event, from any number of outlets. Ids are handed out by
/// the clusterer in stream order, so the same articles in the same order give the same ids.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StorySummary {
    /// Its id.
    pub id: u64,
    /// Its central entity or phrase ("Mariupol").
    pub label: String,
    /// Its most representative headline.
    pub headline: String,
    /// The topic it belongs to.
    pub topic: u64,
    /// Number of articles.
    pub articles: u64,
    /// Number of distinct outlets.
    pub outlets: u64,
    /// Earliest publication time among its articles.
    pub first_published: Option<DateTime<Utc>>,
    /// Latest publication time among its articles.
    pub last_published: Option<DateTime<Utc>>,
    /// The story it was folded into, when a later article showed the two to be one.
    pub merged_into: Option<u64>,
}

/// A topic: stories that share their central entities over time (a siege, then an
/// evacuation, then a surrender).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicSummary {
    /// Its id.
    pub id: u64,
    /// Its central entity or phrase.
    pub label: String,
    /// Its most representative headline.
    pub headline: String,
    /// Number of stories.
    pub stories: u64,
    /// Number of articles.
    pub articles: u64,
    /// Number of distinct outlets.
    pub outlets: u64,
    /// Earliest publication time among its articles.
    pub first_published: Option<DateTime<Utc>>,
    /// Latest publication time among its articles.
    pub last_published: Option<DateTime<Utc>>,
}

/// An article as a story or topic page needs it: its headline, outlet, date and sentences.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Member {
    /// Its id.
    pub id: ArticleId,
    /// The story it belongs to.
    pub story: u64,
    /// The headline.
    pub title: Option<String>,
    /// The outlet.
    pub outlet: Option<String>,
    /// The registrable domain of its URL.
    pub domain: Option<String>,
    /// Publication time, UTC.
    pub published: Option<DateTime<Utc>>,
    /// Language code.
    pub language: Option<String>,
    /// The original it is a syndicated copy of.
    pub syndicated_of: Option<ArticleId>,
    /// Its sentences' text, in order.
    pub sentences: Vec<String>,
}
