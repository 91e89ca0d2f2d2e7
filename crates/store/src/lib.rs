/*!
The store: one SQLite database in WAL mode under the data directory, or a PostgreSQL
database ([`Store::connect`]) behind the same methods.

[`Store::open`] creates or migrates it (versioned migrations, refusing a schema newer than
this build knows). [`Store::insert`] writes an article with its sentences and duplicate-
detection keys in one transaction: a process killed at any instant leaves every committed
article whole and no partial one. Duplicate look-ups ([`Store::find_duplicate`],
[`Store::near_duplicate_candidates`]) are indexed, so their cost does not grow with the
corpus. This is the only crate that speaks SQL.
*/
#![warn(missing_docs)]

mod alerts;
mod articles;
mod changes;
mod checkpoints;
mod db;
mod error;
mod feeds;
mod filing;
mod jobs;
mod migrations;
mod outlets;
pub mod scratch;
mod store;
mod stories;
mod subscriptions;
#[cfg(any(test, feature = "test-support"))]
pub mod testdb;
mod wal;

pub use crate::alerts::{
    Alert, AlertMatch, Delivery, DeliveryOutcome, NewAlert, NewMatch, PendingDelivery,
};
pub use crate::articles::{
    ArticleFilter, BandMatch, Candidate, Duplicate, DuplicateReason, Inserted, NewArticle,
    StoredKeys,
};
pub use crate::changes::StoryChanges;
pub use crate::checkpoints::InputCheckpoint;
pub use crate::error::StoreError;
pub use crate::feeds::{FeedStatus, PollOutcome, PollResult, UrlMatch};
pub use crate::jobs::{ClaimedJob, JobCounts, JobState, JobStatus, Lease, NewJob, WorkerStatus};
pub use crate::outlets::{OutletActivity, StoryOutlet};
pub use crate::store::{NEAR_DUPLICATE_BLOCK_BITS, STORE_FILE, Stats, Store, is_postgres_url};
pub use crate::stories::{ClusteringState, Members, PendingArticle, StoryFilter};
pub use crate::wal::BackgroundCheckpoints;

/// The crate's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
