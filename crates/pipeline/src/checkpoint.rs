//! Per-input checkpoints: which inputs keep one, how an input is told apart from another
//! file at the same path, and where a resumed read starts.

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use parallax_ingest::Input;
use parallax_store::{InputCheckpoint, Store, StoreError};

/// Which inputs the ingester keeps checkpoints for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Checkpoints {
    /// None: every input is read from its start.
    #[default]
    Off,
    /// Web archives (`.warc`, `.warc.gz`): the inputs of backfills, large enough that
    /// reading one again costs real time. One read to its end is skipped when given again.
    Archives,
    /// Every file (the job queue: a job taken over after its worker died goes on where
    /// the worker stopped).
    Every,
}

impl Checkpoints {
    fn applies_to(self, path: &Path) -> bool {
        match self {
            Checkpoints::Off => false,
            Checkpoints::Every => true,
            Checkpoints::Archives => {
                let name = path.to_string_lossy().to_ascii_lowercase();
                name.ends_with(".warc") || name.ends_with(".warc.gz")
            }
        }
    }
}

/// An input as its checkpoint names it: absolute path, size and modification time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct InputKey {
    pub path: String,
    pub size: u64,
    pub modified: Option<String>,
}

impl InputKey {
    /// The key of `input` under `policy`, or `None` when it keeps no checkpoint (standard
    /// input, or a file the policy leaves out, or one that cannot be looked at: reading it
    /// will report why).
    pub fn of(input: &Input, policy: Checkpoints) -> Option<InputKey> {
        let Input::File(path) = input else { return None };
        if !policy.applies_to(path) {
            return None;
        }
        let absolute = std::fs::canonicalize(path).ok()?;
        let meta = std::fs::metadata(&absolute).ok()?;
        let modified = meta
            .modified()
            .ok()
            .map(|t| DateTime::<Utc>::from(t).to_rfc3339_opts(SecondsFormat::Nanos, true));
        Some(InputKey { path: absolute.display().to_string(), size: meta.len(), modified })
    }

    /// Where reading starts: the items already stored, and whether there is nothing left.
    pub fn resume_point(&self, store: &Store) -> Result<Start, StoreError> {
        Ok(match store.input_checkpoint(&self.path)? {
            Some(c) if c.matches(self.size, self.modified.as_deref()) => {
                Start { skip: c.items, finished: c.finished }
            }
            _ => Start::default(),
        })
    }

    pub fn checkpoint(&self, items: u64, bytes: u64, finished: bool) -> InputCheckpoint {
        InputCheckpoint {
            input: self.path.clone(),
            size: self.size,
            modified: self.modified.clone(),
            items,
            bytes,
            finished,
        }
    }
}

/// Where reading an input starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Start {
    /// Items read and stored by an earlier run, skipped unread (pages are not extracted).
    pub skip: u64,
    /// The earlier run read the input to its end.
    pub finished: bool,
}

/// How far the reader got in one input when a chunk was sent: the chunk's writer records
/// it in the chunk's transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Mark {
    /// The input's index in the run.
    pub input: usize,
    /// Items of the input read so far, skipped ones included.
    pub items: u64,
    /// Bytes of the input read so far.
    pub bytes: u64,
    /// The input was read to its end.
    pub finished: bool,
}
