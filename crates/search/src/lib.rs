/*!
Full-text search over stored articles: a BM25 index (tantivy) kept in `<data dir>/search/`,
next to the store it is derived from.

The index is a cache: everything in it can be rebuilt from the store, so when it is corrupt
or was written by an incompatible build the fix is to delete the folder. Each document carries
the store's `seq` (its insertion counter); [`SearchIndex::index_pending`] adds every article
stored after the highest seq already indexed, in one commit, so running it again adds nothing.

[`SearchIndex::search`] ranks titles and bodies (English stemming, titles weighted double),
filters by outlet, language and publication time, and returns hits with HTML snippets whose
text is escaped and whose matches are wrapped in `<mark>`.

```no_run
# fn run() -> Result<(), Box<dyn std::error::Error>> {
let store = parallax_store::Store::open("parallax-data".as_ref())?;
let mut index = parallax_search::SearchIndex::open(&parallax_search::index_dir("parallax-data".as_ref()))?;
index.index_pending(&store)?;
let hits = index.search(&parallax_search::SearchQuery::new("flood barrier"))?;
# Ok(()) }
```
*/
#![warn(missing_docs)]

mod html;
mod index;
mod query;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use crate::html::{escape_html, marks_to_text};
pub use crate::index::SearchIndex;

/// The index folder's name inside the data directory.
pub const INDEX_DIR: &str = "search";

/// Most hits one search returns.
pub const MAX_LIMIT: usize = 1000;

/// What a filter on the outlets of `group` (from the registry's `outlets.toml`, compared
/// case-insensitively) lists: each outlet's name, aliases and domains, as stored articles may
/// carry any of them. Empty when no outlet is in that group.
pub fn outlets_in_group(registry: &parallax_outlets::Registry, group: &str) -> Vec<String> {
    let group = group.trim();
    let mut names: Vec<String> = registry
        .outlets()
        .iter()
        .filter(|o| o.group.as_deref().is_some_and(|g| g.eq_ignore_ascii_case(group)))
        .flat_map(|o| {
            std::iter::once(&o.name).chain(&o.aliases).chain(&o.domains).map(|n| n.to_lowercase())
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The index folder of a data directory.
pub fn index_dir(data: &Path) -> PathBuf {
    data.join(INDEX_DIR)
}

/// What to look for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchQuery {
    /// The query as typed: words, "phrases", `-excluded`, `OR`. Syntax the parser rejects
    /// is read leniently instead of failing.
    pub text: String,
    /// Only articles from any of these outlets (outlet name or domain, case-insensitive);
    /// empty means every outlet.
    pub outlets: Vec<String>,
    /// Only articles in this language (ISO 639-1, case-insensitive).
    pub language: Option<String>,
    /// Published at or after.
    pub since: Option<DateTime<Utc>>,
    /// Published before.
    pub until: Option<DateTime<Utc>>,
    /// At most this many hits (capped at [`MAX_LIMIT`]).
    pub limit: usize,
}

impl SearchQuery {
    /// A query for `text` with no filters and 20 hits.
    pub fn new(text: &str) -> SearchQuery {
        SearchQuery { text: text.to_owned(), limit: 20, ..Default::default() }
    }
}

/// One matching article, best first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hit {
    /// The article's id in the store.
    pub id: String,
    /// The article's insertion counter in the store (0 in an index that lacks it). Internal
    /// bookkeeping, so not part of the JSON a hit is written as.
    #[serde(skip)]
    pub seq: u64,
    /// Its headline, as stored (plain text).
    pub title: Option<String>,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Its publication time.
    pub published: Option<DateTime<Utc>>,
    /// BM25 score (higher is better; only comparable within one search).
    pub score: f32,
    /// A passage of the body around the matches: HTML, text escaped, matches in `<mark>`.
    pub snippet_html: String,
    /// The whole headline as HTML, escaped, matches in `<mark>`.
    pub title_html: String,
}

/// Why the index could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The folder holds an index this build cannot read.
    #[error(
        "the search index in {dir} cannot be read ({message}); it is rebuilt from the store: delete that folder and run the command again"
    )]
    Unreadable {
        /// The index folder.
        dir: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The folder holds an index with other fields (written by another version).
    #[error(
        "the search index in {dir} was written by another version of Parallax; it is rebuilt from the store: delete that folder and run the command again"
    )]
    Incompatible {
        /// The index folder.
        dir: PathBuf,
    },
    /// Another process is writing the index.
    #[error(
        "the search index in {dir} is being written by another process; try again when it is done"
    )]
    Busy {
        /// The index folder.
        dir: PathBuf,
    },
    /// Reading or writing the index failed.
    #[error("the search index in {dir} failed: {message}")]
    Index {
        /// The index folder.
        dir: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// Reading the store failed.
    #[error(transparent)]
    Store(#[from] parallax_store::StoreError),
}

#[cfg(test)]
mod tests;
