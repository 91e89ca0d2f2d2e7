/*!
The pipeline: runs Parallax's stages in data-flow order for a batch of inputs.

```text
inputs ─▶ parallax-ingest (read, sniff, decode) ─▶ parallax-analyse (in parallel)
       ─▶ deduplicate (id, URL, text; MinHash LSH for syndicated copies) ─▶ parallax-store
```

[`Ingester::run`] reads every input in order, analyses documents on all cores in chunks
while keeping their order, and writes each article in its own transaction. Order matters:
the same inputs in the same order always give the same ids, duplicates and syndication
links. The [`IngestReport`] counts what happened and lists every failure with the input
and record it concerns.
*/
#![warn(missing_docs)]

mod dedup;
mod ingester;
mod report;

pub use crate::ingester::{IngestOptions, Ingester, Progress};
pub use crate::report::{IngestReport, Outcome};
