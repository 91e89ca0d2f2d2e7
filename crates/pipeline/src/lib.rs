/*!
The pipeline: runs Parallax's stages in data-flow order for a batch of inputs.

```text
inputs ─▶ parallax-ingest (read, sniff, decode) ─▶ parallax-analyse (in parallel)
       ─▶ deduplicate (id, URL, text; MinHash LSH for syndicated copies) ─▶ parallax-store
       ─▶ parallax-cluster (stories, topics; in publication order) ─▶ parallax-summarise (pages)
       ─▶ parallax-compare (sides, with parallax-evidence and parallax-outlets)
```

[`Ingester::run`] reads every input in order, analyses documents on all cores in chunks
while keeping their order, and writes them a chunk or more per transaction, each article
under a savepoint of its own. Order matters:
the same inputs in the same order always give the same ids, duplicates and syndication
links. The [`IngestReport`] counts what happened and lists every failure with the input
and record it concerns.

[`cluster_pending`] then files the new articles under stories and topics, continuing the
stream where the previous pass stopped (the trackers' state is saved in the store with the
assignments), and [`story_page`] / [`topic_page`] write the pages people read.
[`compare_subject`] puts the sides of a story or topic side by side (`parallax-compare`),
each outlet placed on its side by the outlet registry (`parallax-outlets`).
*/
#![warn(missing_docs)]

mod checkpoint;
mod clustering;
mod comparison;
mod dedup;
mod headings;
mod ingester;
mod outlets;
mod pages;
mod report;
mod worker;

pub use crate::checkpoint::Checkpoints;
pub use crate::clustering::{ClusterError, ClusterProgress, ClusterReport, cluster_pending};
pub use crate::comparison::{CompareSetup, ComparisonPage, MAX_COMPARED, Subject, compare_subject};
pub use crate::ingester::{
    COMMIT_DOCUMENTS, IngestOptions, Ingester, Progress, STOPPED_ON_REQUEST,
};
pub use crate::outlets::{OutletRow, outlet_table};
pub use crate::pages::{Page, PageArticle, PageSentence, story_page, topic_page};
pub use crate::report::{IngestReport, Outcome};
pub use crate::worker::{
    EnqueueError, Enqueued, JobOptions, WorkerConfig, WorkerError, WorkerEvents, WorkerReport,
    enqueue, run_worker,
};
pub use parallax_summarise::Length;
