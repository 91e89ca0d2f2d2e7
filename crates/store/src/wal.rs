//! Copying SQLite's write-ahead log back into the database on a thread of its own.
//!
//! SQLite copies the log back (a checkpoint) in whichever connection commits past the
//! checkpoint interval, so a long ingest's single writer stopped every 256 MiB of log to
//! copy pages and wait for `fsync`: about a fifth of its time at 100,000 articles. A second
//! connection on another thread can do the same copying while the writer goes on: a
//! passive checkpoint copies what is committed and never waits for, nor blocks, the writer.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::Store;

/// How often the log is copied back while a write runs: often enough that the writer's own
/// checkpoint interval is never reached at ingest speeds, seldom enough that each copy is
/// worth its `fsync`.
const EVERY: Duration = Duration::from_millis(500);

/// Checkpoints a SQLite store's log in the background until dropped (then stops, waiting
/// for a copy under way). See the [module documentation](self).
pub struct BackgroundCheckpoints {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Store {
    /// Starts copying this store's write-ahead log back into the database on another thread
    /// until the answer is dropped; `None` for PostgreSQL, or when no second connection can
    /// be opened (the writer then checkpoints as it always did).
    pub fn checkpoint_in_background(&self) -> Option<BackgroundCheckpoints> {
        self.conn.as_sqlite()?;
        let conn = open_checkpointer(self.path()).ok()?;
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("wal-checkpoint".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(EVERY) {
                    // A failed copy is left to the next one, or to the writer's own
                    // checkpoint: the log stays whole either way.
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })
            .ok()?;
        Some(BackgroundCheckpoints { stop: Some(stop), thread: Some(thread) })
    }
}

fn open_checkpointer(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // As the writer: the database file is synced once a copy is complete, the log before.
    conn.execute_batch("PRAGMA synchronous = NORMAL;")?;
    Ok(conn)
}

impl Drop for BackgroundCheckpoints {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_copied_back_while_the_writer_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let conn = store.conn.as_sqlite().unwrap();
        conn.execute_batch("PRAGMA wal_autocheckpoint = 0; CREATE TABLE t (x BLOB);").unwrap();
        let background = store.checkpoint_in_background().expect("a SQLite store");
        for _ in 0..50 {
            conn.execute("INSERT INTO t VALUES (zeroblob(8192))", []).unwrap();
        }
        // The writer never checkpoints (interval 0), yet the log is copied back.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let copied_back = loop {
            std::thread::sleep(EVERY);
            let path = dir.path().join(crate::STORE_FILE);
            let size = std::fs::metadata(&path).unwrap().len();
            if size > 50 * 8192 || std::time::Instant::now() > deadline {
                break size;
            }
        };
        drop(background);
        assert!(copied_back > 50 * 8192, "database file only {copied_back} bytes");
        let rows: i64 = conn.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 50);
    }
}
