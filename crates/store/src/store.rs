use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use serde_json::Value;

use crate::db::{Db, params, redact};
use crate::migrations::MIGRATIONS;
use crate::{Result, StoreError};

/// The database file's name inside the data directory.
pub const STORE_FILE: &str = "parallax.sqlite";

/// Serialises schema migrations of processes connecting to one PostgreSQL database at once
/// (an advisory lock key: "parallax" in ASCII).
const MIGRATION_LOCK: i64 = 0x7061_7261_6c6c_6178;

/// How long a SQLite connection waits for another's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Switches the database to write-ahead logging. A file another process is switching at
/// the same moment answers "database is locked" at once, without waiting out the busy
/// timeout (SQLite does not call its busy handler for this lock), so the switch is retried
/// for as long as the timeout.
fn switch_to_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)) {
            Ok(_) => return Ok(()),
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => return Err(e),
        }
    }
}

/// A handle on the store: a SQLite file (one handle per thread; WAL lets readers run beside
/// one writer) or a PostgreSQL database (one connection per handle).
pub struct Store {
    pub(crate) conn: Db,
    path: PathBuf,
    /// SQLite: the band-table rows of articles inserted inside the open
    /// [`Store::transaction`], written in key order just before it commits (or before
    /// anything reads the band table). Written one article at a time, each key lands on a
    /// random page of the band index; at 100,000 articles those scattered inserts were three
    /// quarters of the store's time per article. In key order the same rows walk the index
    /// once from left to right.
    pub(crate) deferred_bands: RefCell<Vec<BandRow>>,
    /// [`Store::transaction`]s open, one inside the other: keys are deferred only inside one,
    /// since only its commit writes them.
    pub(crate) open_transactions: u32,
    /// Articles with the same `seq >> band_block_bits` share a block of the band table
    /// ([`NEAR_DUPLICATE_BLOCK_BITS`]; smaller in tests).
    pub(crate) band_block_bits: u32,
}

/// A row of the band table: `(block, band, key, article_seq)`, in its key order.
pub(crate) type BandRow = (i64, u8, i64, i64);

/// The near-duplicate window. An incoming article is compared with the articles stored in
/// the last two blocks of 2^17 (131,072) consecutive articles: at least the last 131,072
/// stored and at most the last 262,144. Exact copies (same id, canonical URL or text) are
/// found at any age.
///
/// The band table is ordered by block first, so all of a chunk's inserts land in the
/// newest block's part of the index instead of on random pages of an index of 32 rows per
/// stored article. Without blocks the store stage of `parallax bench --scale` cost 88 µs per
/// article at 10,000 articles, 176 at 100,000 and 526 at a million; with them, 332 at a
/// million. Syndicated copies come within days of the original, inside the window even for
/// a feed of 20,000 articles a day.
pub const NEAR_DUPLICATE_BLOCK_BITS: u32 = 17;

/// Counts over the whole store.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Articles stored.
    pub articles: u64,
    /// Of which syndicated copies of another.
    pub syndicated: u64,
    /// Of which summary-only feed items awaiting their page.
    pub summary_only: u64,
    /// Sentences stored.
    pub sentences: u64,
    /// Distinct outlets.
    pub outlets: u64,
    /// Feed subscriptions.
    pub subscriptions: u64,
    /// Stories (merged ones left out).
    pub stories: u64,
    /// Topics.
    pub topics: u64,
    /// Articles not yet filed under a story.
    pub unclustered: u64,
}

/// Whether [`Store::connect`] takes `url` for a PostgreSQL database: a `postgres://` or
/// `postgresql://` URL, or a `key=value` connection string.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://")
        || url.starts_with("postgresql://")
        || (!url.contains("://") && url.contains('='))
}

impl Store {
    /// Opens the SQLite store in `dir`, creating the directory and database as needed and
    /// applying pending migrations.
    pub fn open(dir: &Path) -> Result<Store> {
        let path = dir.join(STORE_FILE);
        let open_err = |source: Box<dyn std::error::Error + Send + Sync>| StoreError::Open {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(|e| open_err(Box::new(e)))?;
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_err(Box::new(e)))?;
        // WAL: readers never block the writer; synchronous=NORMAL keeps every committed
        // transaction through a process crash (only an OS crash can lose the last ones, and
        // never corrupts). The busy timeout lets a second process wait for the write lock.
        // A 256 MiB page cache keeps the band-key index's pages in memory: its inserts are
        // random by design (hashes), and a small cache turns each into a read from the OS
        // and spills dirty pages mid-transaction. A 256 MiB checkpoint interval lets a hot
        // page be copied back to the database once for many commits instead of once per
        // commit. Ingesting 300,000 articles took 308 s with 64 MiB of each, 222 s with
        // these (kernel time 79 -> 38 s).
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| open_err(Box::new(e)))?;
        switch_to_wal(&conn).map_err(|e| open_err(Box::new(e)))?;
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -262144;
             PRAGMA wal_autocheckpoint = 65536;
             PRAGMA temp_store = MEMORY;",
        )
        .map_err(|e| open_err(Box::new(e)))?;
        let db = Db::sqlite(conn, path.display().to_string());
        Store::migrated(db, path)
    }

    /// Opens the store a URL names: `postgres://user:password@host:port/database` (or
    /// `postgresql://`, or PostgreSQL's `host=… dbname=…` form) connects to PostgreSQL and
    /// applies pending migrations; `sqlite:///path/to/dir` (or a bare directory path) opens
    /// the SQLite store in that directory, as [`Store::open`]. Messages name the database
    /// without its password.
    pub fn connect(url: &str) -> Result<Store> {
        let shown = redact(url);
        if let Some(dir) = url.strip_prefix("sqlite://") {
            if dir.is_empty() {
                return Err(StoreError::Url {
                    url: shown,
                    message: "no directory after sqlite://".into(),
                });
            }
            return Store::open(Path::new(dir));
        }
        if !is_postgres_url(url) {
            if url.contains("://") {
                return Err(StoreError::Url {
                    url: shown,
                    message: "expected postgres://, postgresql:// or sqlite://".into(),
                });
            }
            return Store::open(Path::new(url));
        }
        let client = postgres::Client::connect(url, postgres::NoTls).map_err(|e| {
            let message = format!("cannot connect: {}", crate::db::describe_pg_error(&e));
            StoreError::Open { path: PathBuf::from(&shown), source: message.into() }
        })?;
        Store::migrated(Db::postgres(client, shown.clone()), shown.into())
    }

    /// A handle on `conn`, its schema brought up to date.
    fn migrated(conn: Db, path: PathBuf) -> Result<Store> {
        let mut store = Store {
            conn,
            path,
            deferred_bands: RefCell::default(),
            open_transactions: 0,
            band_block_bits: NEAR_DUPLICATE_BLOCK_BITS,
        };
        store.migrate()?;
        Ok(store)
    }

    /// The database file, or for PostgreSQL its URL without the password.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when the store is a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        self.conn.is_postgres()
    }

    /// The schema version this build writes.
    pub fn schema_version() -> i64 {
        MIGRATIONS.len() as i64
    }

    fn migrate(&mut self) -> Result<()> {
        let supported = Self::schema_version();
        let newer = |found| StoreError::NewerSchema { path: self.path.clone(), found, supported };
        if let Some(conn) = self.conn.as_sqlite() {
            let version = |conn: &Connection| -> Result<i64> {
                Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
            };
            // Read without a lock first: a store already up to date (every open but the
            // first) must not wait for the write lock that a running ingest holds.
            let current = version(conn)?;
            if current > supported {
                return Err(newer(current));
            }
            if current == supported {
                return Ok(());
            }
            // Each step under the write lock (BEGIN IMMEDIATE), applied to the version read
            // under it: processes creating one store at once queue on the lock (the busy
            // timeout), and each finds the steps applied by those before it done.
            loop {
                let done = self.transaction(|store| -> Result<bool> {
                    let conn = store.conn.as_sqlite().expect("a SQLite store stays SQLite");
                    let current = version(conn)?;
                    if current > supported {
                        let path = store.path.clone();
                        return Err(StoreError::NewerSchema { path, found: current, supported });
                    }
                    let Some(migration) = MIGRATIONS.get(current.max(0) as usize) else {
                        return Ok(true);
                    };
                    store.conn.execute_batch(migration.sqlite)?;
                    conn.pragma_update(None, "user_version", current.max(0) + 1)?;
                    Ok(false)
                })?;
                if done {
                    return Ok(());
                }
            }
        }
        // One transaction under an advisory lock: processes connecting at once wait for the
        // first to migrate, then find nothing left to do. DDL is transactional here.
        self.conn.transaction(|| {
            self.conn.execute("SELECT pg_advisory_xact_lock(?1)", params![MIGRATION_LOCK])?;
            self.conn.execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL);
                 INSERT INTO schema_version (version)
                    SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version);",
            )?;
            let current: i64 =
                self.conn
                    .query_one("SELECT max(version) FROM schema_version", &[], |r| r.get(0))?;
            if current > supported {
                return Err(newer(current));
            }
            for (i, migration) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
                self.conn.execute_batch(migration.postgres)?;
                self.conn
                    .execute("UPDATE schema_version SET version = ?1", params![(i + 1) as i64])?;
            }
            Ok(())
        })
    }

    /// Runs `work` inside one transaction that commits only when `work` succeeds, and is
    /// rolled back when it fails: for work whose parts must land together, such as a chunk
    /// of articles with the checkpoint that counts them.
    pub fn transaction<T, E: From<StoreError>>(
        &mut self,
        work: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        // The keys an enclosing transaction deferred are written outside this one, so that
        // a rollback of this one drops exactly the keys deferred inside it.
        self.write_deferred_band_keys()?;
        self.conn.begin(true)?;
        self.open_transactions += 1;
        let worked = work(self);
        self.open_transactions -= 1;
        let done = worked.and_then(|out| {
            self.write_deferred_band_keys()?;
            self.conn.commit()?;
            Ok(out)
        });
        if done.is_err() {
            self.conn.rollback();
            self.deferred_bands.borrow_mut().clear();
        }
        done
    }

    /// Counts over the whole store.
    pub fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> Result<u64> {
            Ok(self.conn.query_one(sql, &[], |r| r.get::<i64>(0))?.max(0) as u64)
        };
        Ok(Stats {
            articles: count("SELECT count(*) FROM articles")?,
            syndicated: count("SELECT count(*) FROM articles WHERE syndicated_of IS NOT NULL")?,
            summary_only: count("SELECT count(*) FROM articles WHERE summary_only = 1")?,
            // PostgreSQL sums BIGINTs into NUMERIC: cast back.
            sentences: count(
                "SELECT CAST(coalesce(sum(sentence_count), 0) AS BIGINT) FROM articles",
            )?,
            outlets: count(
                "SELECT count(DISTINCT coalesce(n.name, a.outlet)) FROM articles a
                 LEFT JOIN outlet_names n ON n.domain = a.domain",
            )?,
            subscriptions: count("SELECT count(*) FROM subscriptions")?,
            stories: count("SELECT count(*) FROM stories WHERE merged_into IS NULL")?,
            topics: count("SELECT count(*) FROM topics")?,
            unclustered: count("SELECT count(*) FROM articles WHERE story IS NULL")?,
        })
    }

    /// Checks the database: SQLite's own integrity check (PostgreSQL checks its pages
    /// itself), then that every article has exactly the sentences it was written with.
    /// Returns the problems found (none when healthy).
    pub fn verify(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        if let Some(conn) = self.conn.as_sqlite() {
            let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            if integrity != "ok" {
                problems.push(format!("integrity_check: {integrity}"));
            }
        }
        let rows = self.conn.query(
            "SELECT a.id, a.sentence_count, (SELECT count(*) FROM sentences s WHERE s.article_seq = a.seq)
             FROM articles a",
            &[],
            |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?, r.get::<i64>(2)?)),
        )?;
        for (id, want, have) in rows {
            if want != have {
                problems.push(format!("article {id}: {have} sentences stored, {want} expected"));
            }
        }
        // Every filed article's story exists, and every story's count is its articles'.
        let rows = self.conn.query(
            "SELECT a.story, count(*), s.articles, s.merged_into FROM articles a
             LEFT JOIN stories s ON s.id = a.story WHERE a.story IS NOT NULL
             GROUP BY a.story, s.articles, s.merged_into",
            &[],
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<Option<i64>>(2)?,
                    r.get::<Option<i64>>(3)?,
                ))
            },
        )?;
        for row in rows {
            match row {
                (story, n, None, _) => problems
                    .push(format!("story {story}: {n} articles filed under it, but no such story")),
                (story, _, _, Some(into)) => problems
                    .push(format!("story {story}: merged into {into} but still holds articles")),
                (story, n, Some(count), None) if n != count => {
                    problems.push(format!("story {story}: {n} articles filed, {count} counted"))
                }
                _ => {}
            }
        }
        let orphans: i64 = self.conn.query_one(
            "SELECT count(*) FROM stories s LEFT JOIN topics t ON t.id = s.topic WHERE t.id IS NULL",
            &[],
            |r| r.get(0),
        )?;
        if orphans > 0 {
            problems.push(format!("{orphans} stories belong to no stored topic"));
        }
        Ok(problems)
    }
}

pub(crate) fn parse_extra(raw: &str) -> Result<serde_json::Map<String, Value>> {
    match serde_json::from_str(raw) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Ok(serde_json::Map::new()),
        Err(e) => Err(StoreError::Corrupt { what: "article extra".into(), message: e.to_string() }),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Barrier};

    use super::*;

    #[test]
    fn the_migration_to_blocks_uses_the_block_size_of_the_code() {
        let shift = format!("article_seq >> {NEAR_DUPLICATE_BLOCK_BITS},");
        let version_8 = &MIGRATIONS[7];
        assert!(version_8.sqlite.contains(&shift) && version_8.postgres.contains(&shift));
    }

    #[test]
    fn stores_created_at_once_by_many_threads_all_open() {
        const OPENERS: usize = 8;
        // Several rounds: the race is over in milliseconds, and one round may not hit it.
        for round in 0..6 {
            let dir = tempfile::tempdir().unwrap();
            let start = Arc::new(Barrier::new(OPENERS));
            let openers: Vec<_> = (0..OPENERS)
                .map(|_| {
                    let (dir, start) = (dir.path().to_path_buf(), start.clone());
                    std::thread::spawn(move || {
                        start.wait();
                        Store::open(&dir).map(|store| store.stats())
                    })
                })
                .collect();
            for opener in openers {
                match opener.join().unwrap() {
                    Ok(stats) => assert_eq!(stats.unwrap().articles, 0),
                    Err(e) => panic!("round {round}: {e}"),
                }
            }
            let store = Store::open(dir.path()).unwrap();
            let conn = store.conn.as_sqlite().unwrap();
            let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
            assert_eq!(version, Store::schema_version());
            assert!(store.verify().unwrap().is_empty());
        }
    }

    #[test]
    fn a_store_of_a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let newer = Store::schema_version() + 1;
        store.conn.as_sqlite().unwrap().pragma_update(None, "user_version", newer).unwrap();
        drop(store);
        match Store::open(dir.path()) {
            Err(StoreError::NewerSchema { found, .. }) => assert_eq!(found, newer),
            other => panic!("{:?}", other.map(|_| ())),
        }
    }
}
