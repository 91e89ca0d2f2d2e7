/*!
Feed polling: `parallax watch` and `serve --watch`.

A [`Watcher`] polls the store's feed subscriptions in cycles. [`Watcher::poll_once`] takes
the feeds that are due, fetches them concurrently through the guarded fetcher
(`parallax-fetch`: no private addresses unless allowed, capped size and time, at most five
redirects) with a global bound and per-host politeness (one request in flight per host, a
minimum gap between requests to the same host), conditionally (ETag / Last-Modified), and
processes each response as it arrives: the feed is parsed, items whose article is already
stored are skipped, items that carry only a summary get their page fetched and extracted
(the summary is kept when that fails), the rest is ingested, and the poll is recorded in
the store. Failures back off exponentially with jitter ([`Schedule`]), honouring
`Retry-After`; a success or a 304 resets them. After the cycle an [`AfterIngest`] step runs
— by default [`ClusterAndIndex`], the same clustering and search indexing as
`parallax ingest`. [`Watcher::run`] repeats cycles until its [`Shutdown`] is triggered.

[`load_feed_list`] reads the feed list given on the command line (OPML or one URL a line).
*/
#![warn(missing_docs)]

mod after;
mod feedlist;
mod hosts;
mod items;
mod report;
mod schedule;
mod watcher;

use std::time::Duration;

use parallax_fetch::{FetchError, FetchPolicy};
use parallax_store::StoreError;

pub use crate::after::{AfterIngest, AfterIngestReport, ClusterAndIndex};
pub use crate::feedlist::{load_feed_list, parse_feed_url};
pub use crate::report::{CycleReport, FeedReport};
pub use crate::schedule::Schedule;
pub use crate::watcher::Watcher;

/// How a [`Watcher`] polls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchConfig {
    /// What each fetch may do (addresses, size, time, redirects).
    pub policy: FetchPolicy,
    /// Feeds fetched at once, all hosts together.
    pub concurrency: usize,
    /// Requests in flight to one host (`host:port`) at once.
    pub per_host: usize,
    /// Least time between the end of one request to a host and the start of the next.
    pub host_gap: Duration,
    /// Poll interval and back-off.
    pub schedule: Schedule,
    /// Article pages fetched at most per feed and cycle (for summary-only items); the
    /// others are stored as summaries and their pages fetched in a later cycle.
    pub max_pages_per_feed: usize,
    /// Feeds polled at most per cycle; the rest wait for the next.
    pub max_feeds_per_cycle: usize,
}

impl Default for WatchConfig {
    fn default() -> WatchConfig {
        WatchConfig {
            policy: FetchPolicy::default(),
            concurrency: 16,
            per_host: 1,
            host_gap: Duration::from_secs(1),
            schedule: Schedule::default(),
            max_pages_per_feed: 30,
            max_feeds_per_cycle: 10_000,
        }
    }
}

/// Why watching could not go on. Failures of single feeds are not errors: they are
/// recorded with the feed and reported in the [`CycleReport`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WatchError {
    /// The feed list could not be read.
    #[error("{}{message}", location(path, *line))]
    FeedList {
        /// The file (empty when the message names it already).
        path: String,
        /// The line, for a plain list.
        line: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The HTTP client could not be set up.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The network runtime could not be started.
    #[error("cannot start the network runtime: {0}")]
    Runtime(std::io::Error),
}

fn location(path: &str, line: Option<usize>) -> String {
    match (path.is_empty(), line) {
        (true, _) => String::new(),
        (false, Some(line)) => format!("{path}: line {line}: "),
        (false, None) => format!("{path}: "),
    }
}

/// Stops a running [`Watcher`] from any thread (a Ctrl-C handler, the server's shutdown).
#[derive(Clone, Debug)]
pub struct Shutdown(std::sync::Arc<tokio::sync::watch::Sender<bool>>);

impl Shutdown {
    /// A handle not yet triggered.
    pub fn new() -> Shutdown {
        Shutdown(std::sync::Arc::new(tokio::sync::watch::Sender::new(false)))
    }

    /// Asks the watcher to stop: the cycle in progress stops between feeds.
    pub fn trigger(&self) {
        self.0.send_replace(true);
    }

    /// Whether it was triggered.
    pub fn is_triggered(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves once triggered.
    pub async fn wait(&self) {
        let mut seen = self.0.subscribe();
        let _ = seen.wait_for(|stop| *stop).await;
    }
}

impl Default for Shutdown {
    fn default() -> Shutdown {
        Shutdown::new()
    }
}

#[cfg(test)]
mod tests;
