//! What every handler shares: the data directory, a pool of store connections, and the
//! write token.

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
        let store = Store::open(data)?;
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
    /// (one transaction per store call; SQLite serialises writers).
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
            None => Ok(Store::open(&self.inner.data)?),
        }
    }

    fn checkin(&self, store: Store) {
        if let Ok(mut stores) = self.inner.stores.lock()
            && stores.len() < POOL
        {
            stores.push(store);
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
