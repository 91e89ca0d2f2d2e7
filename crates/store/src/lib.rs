/*!
The embedded store: one SQLite database in WAL mode under the data directory.

[`Store::open`] creates or migrates it (versioned migrations, refusing a schema newer than
this build knows). [`Store::insert`] writes an article with its sentences and duplicate-
detection keys in one transaction: a process killed at any instant leaves every committed
article whole and no partial one. Duplicate look-ups ([`Store::find_duplicate`],
[`Store::near_duplicate_candidates`]) are indexed, so their cost does not grow with the
corpus. This is the only crate that speaks SQL.
*/
#![warn(missing_docs)]

mod articles;
mod error;
mod feeds;
mod migrations;
mod outlets;
mod store;
mod stories;
mod subscriptions;

pub use crate::articles::{
    ArticleFilter, Candidate, Duplicate, DuplicateReason, Inserted, NewArticle,
};
pub use crate::error::StoreError;
pub use crate::feeds::{FeedStatus, PollOutcome, PollResult, UrlMatch};
pub use crate::outlets::OutletActivity;
pub use crate::store::{STORE_FILE, Stats, Store};
pub use crate::stories::{ClusteringState, Members, PendingArticle, StoryFilter};

/// The crate's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
