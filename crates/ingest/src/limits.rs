use crate::error::Bytes;

/// Caps that keep memory bounded whatever the input: a single document is read into memory
/// only up to `document_bytes`; streamed containers (JSONL, WARC) are read record by record,
/// each record up to `record_bytes`, so a file of any size streams through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest single-document input (text, HTML, feed, OPML), after decompression.
    pub document_bytes: u64,
    /// Largest record of a container (a JSONL line, a WARC record), after decompression.
    pub record_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { document_bytes: 32 << 20, record_bytes: 32 << 20 }
    }
}

impl Limits {
    pub(crate) fn record(&self) -> Bytes {
        Bytes(self.record_bytes)
    }
}
