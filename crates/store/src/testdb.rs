//! Stores for tests, on both engines. Each PostgreSQL test gets a database of its own, in
//! the server `PARALLAX_TEST_DATABASE_URL` names or else in a throwaway cluster started once
//! per test process (`initdb` into a temporary directory, a Unix socket only, trust
//! authentication), which a watchdog stops and deletes when the process exits. Without
//! PostgreSQL binaries the PostgreSQL half of each test is skipped with a message, except
//! under CI (`CI` set), where that is a failure.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::Store;
use crate::scratch::{ScratchCluster, create_database};

/// Runs `test` on a fresh SQLite store, then on a fresh PostgreSQL one.
pub fn on_each_engine(test: impl Fn(&mut Store)) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    eprintln!("-- engine: sqlite");
    test(&mut store);
    if let Some(url) = fresh_database() {
        eprintln!("-- engine: postgres");
        let mut store = Store::connect(&url).unwrap();
        test(&mut store);
    }
}

/// The URL of a new, empty PostgreSQL database, or `None` (after saying why) when there is
/// no PostgreSQL to test against.
pub fn fresh_database() -> Option<String> {
    let server = SERVER.get_or_init(Server::find).as_ref()?;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name =
        format!("parallax_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
    Some(create_database(&server.admin_url, &name).unwrap_or_else(|e| panic!("{e}")))
}

static SERVER: OnceLock<Option<Server>> = OnceLock::new();

struct Server {
    /// Where databases are created (the maintenance database).
    admin_url: String,
    /// The throwaway cluster, if the tests started one. Kept for the process's life in a
    /// static, never dropped: its watchdog stops it when the process ends.
    _cluster: Option<ScratchCluster>,
}

impl Server {
    fn find() -> Option<Server> {
        if let Ok(url) = std::env::var("PARALLAX_TEST_DATABASE_URL") {
            return Some(Server { admin_url: url, _cluster: None });
        }
        let Some(bin) = ScratchCluster::binaries() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but no PostgreSQL binaries (initdb, pg_ctl) were found: install \
                 postgresql or set PARALLAX_TEST_DATABASE_URL"
            );
            eprintln!("-- no PostgreSQL found: the PostgreSQL half of store tests is skipped");
            return None;
        };
        // A test cluster need not survive a power cut.
        let cluster = ScratchCluster::start(
            &bin,
            &["fsync=off", "synchronous_commit=off", "full_page_writes=off"],
        )
        .unwrap_or_else(|e| panic!("the test PostgreSQL cluster: {e}"));
        Some(Server { admin_url: cluster.admin_url(), _cluster: Some(cluster) })
    }
}
