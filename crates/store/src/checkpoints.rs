//! Where reading each input stopped, so that a backfill interrupted half-way through a
//! large archive goes on from there instead of reading it again. A checkpoint is written
//! in the same transaction as the articles it counts: after a crash it never claims more
//! than the store holds, nor less.

use chrono::Utc;
use serde::Serialize;

use crate::articles::timestamp;
use crate::db::params;
use crate::{Result, Store};

/// How far an input has been read and stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputCheckpoint {
    /// The input: its absolute path.
    pub input: String,
    /// Its size when the checkpoint was taken; a file of another size is another input.
    pub size: u64,
    /// Its modification time (RFC 3339), likewise.
    pub modified: Option<String>,
    /// Items (articles and failed records) read and stored, in reading order.
    pub items: u64,
    /// Bytes of the input read by then (an estimate: readers buffer ahead).
    pub bytes: u64,
    /// Read to the end.
    pub finished: bool,
}

impl InputCheckpoint {
    /// Whether this checkpoint is about the file as it is now.
    pub fn matches(&self, size: u64, modified: Option<&str>) -> bool {
        self.size == size && self.modified.as_deref() == modified
    }
}

impl Store {
    /// The checkpoint of `input`, if one was taken.
    pub fn input_checkpoint(&self, input: &str) -> Result<Option<InputCheckpoint>> {
        self.conn.query_opt(
            "SELECT input, size, modified, items, bytes, finished
             FROM input_checkpoints WHERE input = ?1",
            params![input],
            |r| {
                Ok(InputCheckpoint {
                    input: r.get(0)?,
                    size: r.get::<i64>(1)?.max(0) as u64,
                    modified: r.get(2)?,
                    items: r.get::<i64>(3)?.max(0) as u64,
                    bytes: r.get::<i64>(4)?.max(0) as u64,
                    finished: r.get(5)?,
                })
            },
        )
    }

    /// Records how far an input has been read; call it in the transaction that stores
    /// those items.
    pub fn save_input_checkpoint(&self, checkpoint: &InputCheckpoint) -> Result<()> {
        let now = timestamp(&Utc::now());
        self.conn.execute(
            "INSERT INTO input_checkpoints (input, size, modified, items, bytes, finished, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (input) DO UPDATE SET size = excluded.size, modified = excluded.modified,
                 items = excluded.items, bytes = excluded.bytes, finished = excluded.finished,
                 updated_at = excluded.updated_at",
            params![
                checkpoint.input.as_str(),
                checkpoint.size as i64,
                checkpoint.modified.as_deref(),
                checkpoint.items as i64,
                checkpoint.bytes as i64,
                i64::from(checkpoint.finished),
                now.as_str(),
            ],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testdb::on_each_engine;

    #[test]
    fn checkpoints_are_kept_and_replaced() {
        on_each_engine(|store| {
            assert_eq!(store.input_checkpoint("/data/a.warc.gz").unwrap(), None);
            let mut checkpoint = InputCheckpoint {
                input: "/data/a.warc.gz".into(),
                size: 1000,
                modified: Some("2026-11-20T10:00:00Z".into()),
                items: 12,
                bytes: 400,
                finished: false,
            };
            store.save_input_checkpoint(&checkpoint).unwrap();
            checkpoint.items = 30;
            checkpoint.finished = true;
            store.save_input_checkpoint(&checkpoint).unwrap();
            let kept = store.input_checkpoint("/data/a.warc.gz").unwrap().unwrap();
            assert_eq!(kept, checkpoint);
            assert!(kept.matches(1000, Some("2026-11-20T10:00:00Z")));
            assert!(!kept.matches(1001, Some("2026-11-20T10:00:00Z")));
        });
    }
}
