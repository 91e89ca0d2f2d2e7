use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::Format;

/// Where a document came from: the input and, inside a container (feed, JSONL, WARC), the
/// record. Every error and every stored article names it, so a user can find the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The input as the user named it: a path, or `-` for standard input.
    pub input: String,
    /// The record inside the input, e.g. `line 7`, `item 3`, `record 12`; `None` for a
    /// single-document file.
    pub record: Option<String>,
    /// The format the input was read as.
    pub format: Format,
}

impl Origin {
    /// An origin for a whole single-document input.
    pub fn file(input: impl Into<String>, format: Format) -> Origin {
        Origin { input: input.into(), record: None, format }
    }

    /// The same input, narrowed to one record.
    pub fn with_record(&self, record: impl Into<String>) -> Origin {
        Origin { input: self.input.clone(), record: Some(record.into()), format: self.format }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.record {
            Some(record) => write!(f, "{}: {}", self.input, record),
            None => f.write_str(&self.input),
        }
    }
}

/// One article as a reader found it, before analysis. Fields a format does not carry are
/// `None`; the ingest command may fill some from the user's `--outlet` / `--published`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// An id the source assigned (JSONL `id`); kept as the Parallax id.
    pub id: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The body text, paragraphs separated by blank lines.
    pub text: String,
    /// The author line as the source gives it.
    pub byline: Option<String>,
    /// The outlet's name, when the source states it.
    pub outlet: Option<String>,
    /// The article's URL as found (canonical link preferred over the fetch URL).
    pub url: Option<String>,
    /// When the outlet published it.
    pub published: Option<DateTime<Utc>>,
    /// When a crawler captured it (WARC date); never a publication date.
    pub captured: Option<DateTime<Utc>>,
    /// A language tag the source declares (`en`, `de-AT`, …).
    pub language: Option<String>,
    /// True when the source carried only a summary (a feed item without content): the
    /// article keeps its link so the page can be fetched later.
    pub summary_only: bool,
    /// Fields of the source that Parallax has no column for, kept verbatim.
    pub extra: Map<String, Value>,
    /// Where it came from.
    pub origin: Origin,
}

impl Document {
    /// An empty document from `origin`, to be filled by a reader.
    pub fn new(origin: Origin) -> Document {
        Document {
            id: None,
            title: None,
            text: String::new(),
            byline: None,
            outlet: None,
            url: None,
            published: None,
            captured: None,
            language: None,
            summary_only: false,
            extra: Map::new(),
            origin,
        }
    }
}
