use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::Format;

/// A stored article's id: the source's own id (JSONL) or 16 hex digits derived from the
/// article's canonical URL or text, so re-ingesting the same input yields the same id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl ArticleId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One sentence of an article. `start` and `end` are offsets in Unicode scalar values
/// (what Python's `str` indexes) into the article's normalised `text`, end exclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// The sentence text, equal to `text[start..end]` of its article.
    pub text: String,
    /// Offset of the first character.
    pub start: usize,
    /// Offset one past the last character.
    pub end: usize,
}

/// An analysed article as the store keeps it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Its id.
    pub id: ArticleId,
    /// The headline (NFC, single-spaced).
    pub title: Option<String>,
    /// The outlet: the source's name for it, else the URL's registrable domain. When another
    /// article from the same domain names its outlet, the store reports that name.
    pub outlet: Option<String>,
    /// The registrable domain of the canonical URL (`bbc.co.uk`).
    pub domain: Option<String>,
    /// The URL as found.
    pub url: Option<String>,
    /// The URL with tracking parameters, fragment and default port removed.
    pub canonical_url: Option<String>,
    /// Publication time, UTC.
    pub published: Option<DateTime<Utc>>,
    /// Capture time (WARC), UTC.
    pub captured: Option<DateTime<Utc>>,
    /// ISO 639-1 code where one exists (else 639-3), declared or detected.
    pub language: Option<String>,
    /// The author line.
    pub byline: Option<String>,
    /// The normalised body: NFC, paragraphs separated by one blank line.
    pub text: String,
    /// True when only a feed summary is stored so far.
    pub summary_only: bool,
    /// The earliest copy this article is a lightly edited copy of (wire syndication).
    pub syndicated_of: Option<ArticleId>,
    /// The format it was read from.
    pub format: Format,
    /// The input and record it was read from.
    pub source: String,
    /// When it was stored.
    pub ingested_at: DateTime<Utc>,
    /// Source fields without a column of their own.
    pub extra: Map<String, Value>,
    /// Its sentences, in order.
    pub sentences: Vec<Sentence>,
}

/// The listing view of an article (no text, no sentences).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    /// Its id.
    pub id: ArticleId,
    /// The headline.
    pub title: Option<String>,
    /// The outlet.
    pub outlet: Option<String>,
    /// The URL as found.
    pub url: Option<String>,
    /// Publication time, UTC.
    pub published: Option<DateTime<Utc>>,
    /// Language code.
    pub language: Option<String>,
    /// The original this is a syndicated copy of.
    pub syndicated_of: Option<ArticleId>,
    /// True when only a feed summary is stored.
    pub summary_only: bool,
    /// Number of words in the body.
    pub words: usize,
    /// The story it is filed under (none until clustered).
    pub story: Option<u64>,
}
