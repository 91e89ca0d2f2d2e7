use parallax_model::ArticleId;
use parallax_store::JobCounts;
use serde::Serialize;

/// What happened to one document.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Stored as a new article.
    New {
        /// Its id.
        id: ArticleId,
    },
    /// Stored as a lightly edited copy of an earlier article.
    NearDuplicate {
        /// Its id.
        id: ArticleId,
        /// The earliest copy.
        original: ArticleId,
        /// Estimated Jaccard similarity of their word 4-shingles.
        similarity: f64,
    },
    /// Not stored: the same article is already stored.
    Duplicate {
        /// The stored article.
        of: ArticleId,
    },
    /// A stored summary-only feed item got its full text.
    Completed {
        /// Its id.
        id: ArticleId,
    },
}

/// Totals of one ingest run.
#[derive(Clone, Debug, Default, Serialize)]
pub struct IngestReport {
    /// Inputs read.
    pub inputs: usize,
    /// New articles stored.
    pub new: usize,
    /// Of which summary-only feed items (their pages can be fetched later).
    pub summary_only: usize,
    /// Articles already stored (same id, canonical URL or text).
    pub duplicates: usize,
    /// Syndicated copies stored and linked to their original.
    pub near_duplicates: usize,
    /// Summary-only articles completed with their full text.
    pub completed: usize,
    /// Feed subscriptions added (OPML).
    pub subscriptions: usize,
    /// Every failure: the input (and record) and the reason.
    pub failed: Vec<String>,
    /// Inputs skipped because an earlier run read them to the end (their checkpoint says
    /// so, and they have not changed since).
    pub already_read: usize,
    /// Inputs an earlier run had read part of, read on from where it stopped.
    pub resumed: usize,
    /// Why the run stopped before the end of its inputs, if it did. What was committed
    /// stays, with its checkpoints: running again goes on from there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<String>,
    /// The run's job was claimed by another worker.
    #[serde(skip)]
    pub lease_lost: bool,
    /// The run was stopped by its stop flag before the end of its inputs (`interrupted`
    /// says so too): what was committed stays, with its checkpoints.
    #[serde(skip)]
    pub stopped: bool,
}

impl IngestReport {
    pub(crate) fn count(&mut self, outcome: &Outcome, summary_only: bool) {
        match outcome {
            Outcome::New { .. } => {
                self.new += 1;
                if summary_only {
                    self.summary_only += 1;
                }
            }
            Outcome::NearDuplicate { .. } => self.near_duplicates += 1,
            Outcome::Duplicate { .. } => self.duplicates += 1,
            Outcome::Completed { .. } => self.completed += 1,
        }
    }

    /// Adds the counts and failures of a part of the run.
    pub(crate) fn add(&mut self, part: IngestReport) {
        self.new += part.new;
        self.summary_only += part.summary_only;
        self.duplicates += part.duplicates;
        self.near_duplicates += part.near_duplicates;
        self.completed += part.completed;
        self.subscriptions += part.subscriptions;
        self.failed.extend(part.failed);
        self.interrupted = self.interrupted.take().or(part.interrupted);
        self.lease_lost |= part.lease_lost;
        self.stopped |= part.stopped;
    }

    /// The counts a job records for this part of its input.
    pub(crate) fn job_counts(&self) -> JobCounts {
        JobCounts {
            new_articles: self.new as u64,
            duplicates: self.duplicates as u64,
            near_duplicates: self.near_duplicates as u64,
            completed: self.completed as u64,
            failures: self.failed.len() as u64,
            last_error: self.failed.last().cloned(),
        }
    }

    /// Documents processed successfully (stored or recognised as duplicates).
    pub fn documents(&self) -> usize {
        self.new + self.duplicates + self.near_duplicates + self.completed
    }
}
