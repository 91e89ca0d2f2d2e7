use std::fmt;

/// Why an input, or one record of it, could not be read. Every message names the input
/// (and the record), so a user can find and fix it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The operating system refused to read it.
    #[error("{input}: {source}")]
    Io {
        /// The input.
        input: String,
        /// The error.
        source: std::io::Error,
    },
    /// It is larger than the configured limit for one document or record.
    #[error("{input}: larger than the {limit} limit{}", at(.record))]
    TooLarge {
        /// The input.
        input: String,
        /// The record inside it, if any.
        record: Option<String>,
        /// The limit, human-readable.
        limit: Bytes,
    },
    /// Nothing tells what it is.
    #[error("{input}: unknown format ({hint})")]
    UnknownFormat {
        /// The input.
        input: String,
        /// What it looked like.
        hint: String,
    },
    /// It has no content.
    #[error("{input}: empty{}", at(.record))]
    Empty {
        /// The input.
        input: String,
        /// The record inside it, if any.
        record: Option<String>,
    },
    /// Text that is not valid UTF-8 where UTF-8 is required.
    #[error("{input}: invalid UTF-8 at byte {offset}{}", at(.record))]
    InvalidUtf8 {
        /// The input.
        input: String,
        /// The record inside it, if any.
        record: Option<String>,
        /// Byte offset of the first invalid byte (within the record when there is one).
        offset: usize,
    },
    /// The content does not parse as its format.
    #[error("{input}: {message}{}", at(.record))]
    Malformed {
        /// The input.
        input: String,
        /// The record inside it, if any.
        record: Option<String>,
        /// What is wrong.
        message: String,
    },
}

fn at(record: &Option<String>) -> String {
    match record {
        Some(r) => format!(" ({r})"),
        None => String::new(),
    }
}

impl IngestError {
    /// The input named in the error.
    pub fn input(&self) -> &str {
        match self {
            IngestError::Io { input, .. }
            | IngestError::TooLarge { input, .. }
            | IngestError::UnknownFormat { input, .. }
            | IngestError::Empty { input, .. }
            | IngestError::InvalidUtf8 { input, .. }
            | IngestError::Malformed { input, .. } => input,
        }
    }

    pub(crate) fn malformed(
        input: &str,
        record: Option<String>,
        message: impl fmt::Display,
    ) -> Self {
        IngestError::Malformed { input: input.to_string(), record, message: message.to_string() }
    }
}

/// A byte count that prints as KiB/MiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bytes(pub u64);

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0;
        if b >= 1 << 20 && b.is_multiple_of(1 << 20) {
            write!(f, "{} MiB", b >> 20)
        } else if b >= 1 << 10 && b.is_multiple_of(1 << 10) {
            write!(f, "{} KiB", b >> 10)
        } else {
            write!(f, "{b} bytes")
        }
    }
}
