//! What runs after a poll cycle stored articles: by default the same steps as
//! `parallax ingest` (file them under stories, add them to the search index). The server
//! plugs its own in to push live updates and check alerts.

use std::path::PathBuf;

use parallax_model::ArticleId;
use parallax_pipeline::{ClusterError, ClusterReport, cluster_pending};
use parallax_search::{SearchIndex, index_dir};
use parallax_store::Store;
use serde::Serialize;

/// A step run after articles were stored.
pub trait AfterIngest: Send {
    /// Called once articles were stored (or completed); `articles` are their ids. Errors
    /// are reported with the cycle; the articles stay stored either way.
    fn after_ingest(&mut self, store: &mut Store, articles: &[ArticleId]) -> AfterIngestReport;
}

/// What the step did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AfterIngestReport {
    /// The clustering pass, when one ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clustering: Option<ClusterReport>,
    /// Articles added to the search index.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_indexed: Option<usize>,
    /// New alert matches (when a step runs the alerts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert_matches: Option<usize>,
    /// Webhook POSTs the receivers took.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhooks_delivered: Option<usize>,
    /// What failed, each naming the step.
    pub errors: Vec<String>,
}

/// Clusters pending articles and brings the data directory's search index up to date.
pub struct ClusterAndIndex {
    data_dir: PathBuf,
}

impl ClusterAndIndex {
    /// The steps for the store in `data_dir`.
    pub fn new(data_dir: impl Into<PathBuf>) -> ClusterAndIndex {
        ClusterAndIndex { data_dir: data_dir.into() }
    }
}

impl AfterIngest for ClusterAndIndex {
    fn after_ingest(&mut self, store: &mut Store, _articles: &[ArticleId]) -> AfterIngestReport {
        let mut report = AfterIngestReport::default();
        match cluster_pending(store, &()) {
            Ok(c) => report.clustering = Some(c),
            // A worker holds the clustering lock: it files these articles.
            Err(ClusterError::Busy) => {}
            Err(e) => report.errors.push(format!("clustering articles into stories: {e}")),
        }
        match SearchIndex::open(&index_dir(&self.data_dir)).and_then(|mut i| i.index_pending(store))
        {
            Ok(n) => report.search_indexed = Some(n),
            Err(e) => report.errors.push(format!("search index: {e} (the articles are stored)")),
        }
        report
    }
}

/// Does nothing: for callers that cluster and index themselves.
impl AfterIngest for () {
    fn after_ingest(&mut self, _: &mut Store, _: &[ArticleId]) -> AfterIngestReport {
        AfterIngestReport::default()
    }
}
