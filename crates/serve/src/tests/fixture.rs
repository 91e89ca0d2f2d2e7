//! A store to serve in a test, on either engine: the data directory's SQLite store, or a
//! fresh PostgreSQL database (see `parallax_store::testdb`), with the data directory beside
//! it for the configuration and the search index either way.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use parallax_pipeline::{IngestOptions, Ingester, cluster_pending};
use parallax_store::Store;

use crate::AppState;

pub(crate) struct Fixture {
    dir: tempfile::TempDir,
    data: PathBuf,
    database: Option<String>,
    inputs: AtomicU32,
}

impl Fixture {
    /// On the data directory's SQLite store.
    pub fn sqlite() -> Fixture {
        Fixture::new(None)
    }

    /// One fixture per engine: SQLite, then PostgreSQL when there is one to test against
    /// (without it, `testdb` says so and the PostgreSQL half is skipped).
    pub fn each_engine() -> Vec<Fixture> {
        let mut fixtures = vec![Fixture::sqlite()];
        let url = off_runtime(parallax_store::testdb::fresh_database);
        fixtures.extend(url.map(|url| Fixture::new(Some(url))));
        fixtures
    }

    fn new(database: Option<String>) -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        Fixture { dir, data, database, inputs: AtomicU32::new(0) }
    }

    /// The engine's name, for assertion messages.
    pub fn engine(&self) -> &'static str {
        if self.database.is_some() { "postgres" } else { "sqlite" }
    }

    pub fn data(&self) -> &Path {
        &self.data
    }

    /// Runs `work` on a connection of its own, opened, used and closed off the runtime.
    pub fn with_store<T: Send>(&self, work: impl FnOnce(&mut Store) -> T + Send) -> T {
        off_runtime(|| {
            let mut store = match &self.database {
                Some(url) => Store::connect(url).unwrap(),
                None => Store::open(&self.data).unwrap(),
            };
            work(&mut store)
        })
    }

    /// The server's state over this store (opened off the async runtime, as the CLI does).
    pub fn state(&self, token: Option<&str>) -> AppState {
        off_runtime(|| {
            AppState::open_with(&self.data, self.database.as_deref(), token.map(str::to_owned))
                .unwrap_or_else(|e| panic!("{}: {e}", self.engine()))
        })
    }

    /// Stores JSON Lines without filing them under stories.
    pub fn store_only(&self, jsonl: &str) {
        let n = self.inputs.fetch_add(1, Ordering::SeqCst);
        let input = self.dir.path().join(format!("input-{n}.jsonl"));
        std::fs::write(&input, jsonl).unwrap();
        let (inputs, errors) = parallax_ingest::expand(&[input.display().to_string()]);
        assert!(errors.is_empty(), "{errors:?}");
        self.with_store(|store| {
            let report = Ingester::new(store, IngestOptions::default()).run(&inputs, &(), None);
            assert!(report.failed.is_empty(), "{}: {:?}", self.engine(), report.failed);
        });
    }

    /// Stores JSON Lines and files them under stories.
    pub fn ingest(&self, jsonl: &str) {
        self.store_only(jsonl);
        self.with_store(|store| cluster_pending(store, &()).unwrap());
    }
}

/// Runs `work` on a plain thread and waits for it: the PostgreSQL client blocks on a runtime
/// of its own, which panics inside a test's async context.
fn off_runtime<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        scope.spawn(work).join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
