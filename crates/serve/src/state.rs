//! What every handler shares: the data directory, a pool of store connections (to the data
//! directory's SQLite store or to a PostgreSQL database), and the write token.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use parallax_outlets::{Axis, Registry};
use parallax_pipeline::CompareSetup;
use parallax_search::{SearchError, SearchIndex, index_dir};
use parallax_store::Store;

use crate::cache::RenderCache;
use crate::error::ServeError;
use crate::live::Live;

/// Connections kept for reuse; more are opened under load and closed after.
const POOL: usize = 8;

/// The state shared by all handlers. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    data: PathBuf,
    /// The `--database` the pool connects to; `None`: the data directory's SQLite store.
    /// Kept private: a URL may carry a password.
    database: Option<String>,
    /// The store as it may be shown (a PostgreSQL URL without its password).
    shown: PathBuf,
    stores: Mutex<Vec<Store>>,
    token: Option<String>,
    /// The search index, or why it cannot be used: the rest of the site works without it.
    search: Result<SearchIndex, String>,
    live: Live,
    cache: RenderCache,
}

impl AppState {
    /// Opens the store in `data` (creating it if needed), brings the search index up to
    /// date with it (a broken index is reported and leaves only search unavailable), and checks the outlet registry and
    /// variant lexicon there, so that a bad file is reported at start rather than on the
    /// first page. `token`, when given, guards every write endpoint.
    pub fn open(data: &Path, token: Option<String>) -> Result<AppState, ServeError> {
        AppState::open_with(data, None, token)
    }

    /// As [`AppState::open`], with the store in `database` when given (a `postgres://` URL,
    /// or anything [`Store::connect`] takes) instead of the data directory's. The data
    /// directory still holds what is local to this server: the outlet registry and variant
    /// lexicon, and the search index, which is brought up to date from that store.
    ///
    /// Call it outside an async context: a PostgreSQL connection blocks on a runtime of its
    /// own (the CLI opens the state before starting the server's runtime).
    pub fn open_with(
        data: &Path,
        database: Option<&str>,
        token: Option<String>,
    ) -> Result<AppState, ServeError> {
        let store = connect(data, database)?;
        // The gazetteer's matcher takes a moment to build: not on the first story page.
        std::thread::spawn(|| {
            parallax_places::Gazetteer::embedded();
        });
        let search = open_search(data, &store).map_err(|e| {
            eprintln!("warning: search is unavailable: {e}");
            e.to_string()
        });
        let state = AppState {
            inner: Arc::new(Inner {
                data: data.to_owned(),
                database: database.map(str::to_owned),
                shown: store.path().to_owned(),
                stores: Mutex::new(vec![store]),
                token: token.filter(|t| !t.is_empty()),
                search,
                live: Live::default(),
                cache: RenderCache::default(),
            }),
        };
        state.setup(Axis::Outlet)?;
        Ok(state)
    }

    /// The store served, as it may be shown: the SQLite file, or the PostgreSQL URL without
    /// its password.
    pub fn store_location(&self) -> &Path {
        &self.inner.shown
    }

    /// The data directory.
    pub fn data_dir(&self) -> &Path {
        &self.inner.data
    }

    /// The search index. Its reader follows commits made by other processes (a `parallax
    /// ingest` while this serves), so it needs no refresh here.
    pub(crate) fn search(&self) -> Result<&SearchIndex, ServeError> {
        self.inner.search.as_ref().map_err(|e| ServeError::Unavailable(e.clone()))
    }

    /// Forgets the rendered pages kept (benchmarks time renders from scratch with it).
    pub fn forget_rendered_pages(&self) {
        self.inner.cache.clear();
    }

    pub(crate) fn cache(&self) -> &RenderCache {
        &self.inner.cache
    }

    pub(crate) fn live(&self) -> &Live {
        &self.inner.live
    }

    /// The token write endpoints require, if any.
    pub fn token(&self) -> Option<&str> {
        self.inner.token.as_deref()
    }

    /// The registry and lexicon of the data directory, with `axis`. Read on each request so
    /// that edits to `outlets.toml` and `variants.toml` show without a restart.
    pub(crate) fn setup(&self, axis: Axis) -> Result<CompareSetup, ServeError> {
        let dir = &self.inner.data;
        Ok(CompareSetup {
            registry: Registry::load(dir).map_err(|e| ServeError::Config(e.to_string()))?,
            lexicon: parallax_evidence::variants::Lexicon::load(dir)
                .map_err(|e| ServeError::Config(e.to_string()))?,
            axis,
            options: Default::default(),
        })
    }

    /// Runs `work` with a store connection on the blocking pool.
    pub(crate) async fn read<T, F>(&self, work: F) -> Result<T, ServeError>
    where
        T: Send + 'static,
        F: FnOnce(&Store, &AppState) -> Result<T, ServeError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let store = state.checkout()?;
            let result = work(&store, &state);
            state.checkin(store);
            result
        })
        .await
        .map_err(|e| ServeError::Internal(e.to_string()))?
    }

    /// Runs `work` with a store connection of the pool on the blocking pool, for a write
    /// (one transaction per store call; SQLite serialises writers, PostgreSQL locks rows).
    pub(crate) async fn write<T, F>(&self, work: F) -> Result<T, ServeError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store, &AppState) -> Result<T, ServeError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = state.checkout()?;
            let result = work(&mut store, &state);
            state.checkin(store);
            result
        })
        .await
        .map_err(|e| ServeError::Internal(e.to_string()))?
    }

    fn checkout(&self) -> Result<Store, ServeError> {
        let pooled = self
            .inner
            .stores
            .lock()
            .map_err(|_| ServeError::Internal("pool poisoned".into()))?
            .pop();
        match pooled {
            Some(store) => Ok(store),
            None => self.connect(),
        }
    }

    /// A new connection to the store, outside the pool: for a write that should not hold
    /// a pooled reader, and for the pool itself. Blocks: call it on the blocking pool.
    pub(crate) fn connect(&self) -> Result<Store, ServeError> {
        connect(&self.inner.data, self.inner.database.as_deref())
    }

    fn checkin(&self, store: Store) {
        if let Ok(mut stores) = self.inner.stores.lock()
            && stores.len() < POOL
        {
            stores.push(store);
        }
    }
}

/// A connection to the store: `database` when given, else the data directory's.
fn connect(data: &Path, database: Option<&str>) -> Result<Store, ServeError> {
    Ok(match database {
        Some(url) => Store::connect(url)?,
        None => Store::open(data)?,
    })
}

impl Drop for Inner {
    /// A PostgreSQL connection closes by blocking on its own runtime, which panics inside
    /// an async context (where the last handle to the state often goes: the end of a
    /// server or of a test). Such connections are closed on a thread of their own.
    fn drop(&mut self) {
        let stores = std::mem::take(self.stores.get_mut().unwrap_or_else(|e| e.into_inner()));
        if stores.iter().any(Store::is_postgres) && tokio::runtime::Handle::try_current().is_ok() {
            let slot = Arc::new(Mutex::new(Some(stores)));
            let taken = slot.clone();
            let closing = std::thread::Builder::new().name("close-store".into()).spawn(move || {
                drop(taken.lock().unwrap_or_else(|e| e.into_inner()).take());
            });
            if let Err(e) = closing {
                // Leaking the connections beats a panic: the database server drops them
                // when this process ends.
                eprintln!("warning: could not close the store's connections: {e}");
                std::mem::forget(slot.lock().unwrap_or_else(|e| e.into_inner()).take());
            }
        }
    }
}

/// Opens the index and adds what the store holds beyond it. Another process writing it at
/// the same moment is no reason to serve without search: it will commit what it adds.
fn open_search(data: &Path, store: &Store) -> Result<SearchIndex, SearchError> {
    let mut index = SearchIndex::open(&index_dir(data))?;
    match index.index_pending(store) {
        Ok(_) => Ok(index),
        Err(e @ SearchError::Busy { .. }) => {
            eprintln!("warning: {e}");
            Ok(index)
        }
        Err(e) => Err(e),
    }
}
