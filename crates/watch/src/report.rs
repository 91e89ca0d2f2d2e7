//! What a poll cycle did, per feed and in total.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::AfterIngestReport;

/// One feed's poll in a cycle.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FeedReport {
    /// The feed.
    pub feed_url: String,
    /// `fetched`, `not_modified` or `failed`.
    pub result: &'static str,
    /// Items the feed held (when fetched).
    pub items: usize,
    /// Items skipped because their article is already stored in full.
    pub already_stored: usize,
    /// Articles stored: new, syndicated copies, and summaries completed with their page.
    pub new_articles: usize,
    /// Article pages fetched for items that carried only a summary.
    pub pages_fetched: usize,
    /// Pages that could not be fetched or read; their summaries were stored instead.
    pub page_failures: Vec<String>,
    /// Items or articles that could not be read or stored.
    pub item_failures: Vec<String>,
    /// Why the poll failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whether retrying may help (for a failure).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retryable: Option<bool>,
    /// Failed polls in a row, this one included.
    pub consecutive_failures: u32,
    /// When it is polled next.
    pub next_poll: DateTime<Utc>,
    /// Seconds the poll took, fetch through store.
    pub seconds: f64,
}

/// One poll cycle.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct CycleReport {
    /// When the cycle started.
    pub started: Option<DateTime<Utc>>,
    /// Wall time in seconds.
    pub seconds: f64,
    /// Feeds polled.
    pub polled: usize,
    /// Of which answered with a body.
    pub fetched: usize,
    /// Of which unchanged (304).
    pub not_modified: usize,
    /// Of which failed.
    pub failed: usize,
    /// Articles stored, all feeds together.
    pub new_articles: usize,
    /// Per feed, in the order they finished.
    pub feeds: Vec<FeedReport>,
    /// The after-ingest step, when articles were stored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_ingest: Option<AfterIngestReport>,
    /// Store failures that stopped recording a feed's poll.
    pub errors: Vec<String>,
}

impl CycleReport {
    pub(crate) fn add(&mut self, feed: FeedReport) {
        self.polled += 1;
        match feed.result {
            "fetched" => self.fetched += 1,
            "not_modified" => self.not_modified += 1,
            _ => self.failed += 1,
        }
        self.new_articles += feed.new_articles;
        self.feeds.push(feed);
    }
}
