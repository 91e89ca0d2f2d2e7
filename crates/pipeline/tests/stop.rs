//! Stopping the ingester and the clustering pass from another thread: both stop promptly,
//! commit what they finished, and leave the store where the next run goes on exactly.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use parallax_ingest::Input;
use parallax_model::ArticleId;
use parallax_pipeline::{
    Checkpoints, ClusterProgress, IngestOptions, Ingester, Outcome, Progress, STOPPED_ON_REQUEST,
    cluster_pending,
};
use parallax_store::Store;

mod common;
use common::words;

/// `records` lines of JSON, one in fifty of them broken (a failure is an item, counted by
/// the checkpoint like an article). Returns the file and its number of articles.
fn jsonl(dir: &Path, records: usize) -> (PathBuf, usize) {
    let path = dir.join("wire.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut word = words(0x5eed);
    let mut articles = 0;
    for i in 0..records {
        if i % 50 == 13 {
            writeln!(out, "{{\"id\": \"broken-{i}\", ").unwrap();
            continue;
        }
        let text: Vec<String> = (0..12).map(|_| word()).collect();
        let row = serde_json::json!({
            "id": format!("w{i}"),
            "title": format!("Wire item {i}"),
            "text": format!("The wire desk reported {}.", text.join(" ")),
            "outlet": format!("Outlet {}", i % 3),
            "published": format!("2026-03-{:02}T06:00:00Z", 1 + i % 28),
        });
        writeln!(out, "{row}").unwrap();
        articles += 1;
    }
    drop(out);
    (path, articles)
}

/// Sets the stop flag once the first document is stored, as a signal arriving mid-run.
struct StopAfterFirst<'a>(&'a AtomicBool);

impl Progress for StopAfterFirst<'_> {
    fn document_done(&self, _outcome: Result<&Outcome, &str>) {
        self.0.store(true, Ordering::Relaxed);
    }
}

fn options() -> IngestOptions {
    IngestOptions { checkpoints: Checkpoints::Every, ..IngestOptions::default() }
}

#[test]
fn a_stopped_ingest_reads_no_further_and_resumes_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let (path, articles) = jsonl(dir.path(), 10_000);
    let size = std::fs::metadata(&path).unwrap().len();
    let input = [Input::File(path.clone())];
    let mut store = Store::open(&dir.path().join("data")).unwrap();

    let stop = AtomicBool::new(false);
    let bytes = Arc::new(AtomicU64::new(0));
    let first = Ingester::new(&mut store, options()).with_stop(&stop).run(
        &input,
        &StopAfterFirst(&stop),
        Some(bytes.clone()),
    );
    assert!(first.stopped, "{first:?}");
    assert_eq!(first.interrupted.as_deref(), Some(STOPPED_ON_REQUEST));
    // Only the chunks in flight when the flag was set were read: not the file to its end.
    let read = bytes.load(Ordering::Relaxed);
    assert!(read < size / 2, "{read} of {size} bytes read after the stop");
    let stored = store.stats().unwrap().articles as usize;
    assert!(stored > 0 && stored < articles, "{stored} of {articles}");
    assert_eq!(first.new, stored);
    // The checkpoint counts exactly the items committed, failures included.
    let absolute = std::fs::canonicalize(&path).unwrap().display().to_string();
    let checkpoint = store.input_checkpoint(&absolute).unwrap().unwrap();
    assert_eq!(checkpoint.items as usize, first.new + first.failed.len());
    assert!(!checkpoint.finished);

    let rest = Ingester::new(&mut store, options()).run(&input, &(), None);
    assert!(!rest.stopped && rest.interrupted.is_none(), "{rest:?}");
    assert_eq!(rest.resumed, 1);
    // Nothing read twice (no duplicates, no failure reported twice), nothing skipped.
    assert_eq!((rest.duplicates, rest.new), (0, articles - stored), "{rest:?}");
    assert_eq!(first.failed.len() + rest.failed.len(), 10_000 - articles);
    assert_eq!(store.stats().unwrap().articles as usize, articles);
}

#[test]
fn a_stop_after_the_last_chunk_is_not_an_interruption() {
    let dir = tempfile::tempdir().unwrap();
    let (path, articles) = jsonl(dir.path(), 300);
    let mut store = Store::open(&dir.path().join("data")).unwrap();
    let stop = AtomicBool::new(false);
    // Set only once everything is committed: the last document of the last chunk.
    struct StopAtEnd<'a>(&'a AtomicBool, AtomicUsize, usize);
    impl Progress for StopAtEnd<'_> {
        fn document_done(&self, _outcome: Result<&Outcome, &str>) {
            if self.1.fetch_add(1, Ordering::Relaxed) + 1 == self.2 {
                self.0.store(true, Ordering::Relaxed);
            }
        }
    }
    let progress = StopAtEnd(&stop, AtomicUsize::new(0), 300);
    let report = Ingester::new(&mut store, options()).with_stop(&stop).run(
        &[Input::File(path)],
        &progress,
        None,
    );
    assert!(stop.load(Ordering::Relaxed));
    assert!(!report.stopped && report.interrupted.is_none(), "{report:?}");
    assert_eq!(report.new, articles);
}

/// Stores `n` articles about a handful of subjects, so that stories form and merge.
fn filled_store(dir: &Path, n: usize) -> Store {
    let subjects = ["ferry strike", "harbour dredging", "lighthouse repairs", "tide gauges"];
    let mut word = words(0xc105);
    let docs = (0..n)
        .map(|i| {
            let subject = subjects[i % subjects.len()];
            let filler: Vec<String> = (0..8).map(|_| word()).collect();
            let mut doc = parallax_model::Document::new(parallax_model::Origin::file(
                "mem",
                parallax_model::Format::Jsonl,
            ));
            doc.text = format!(
                "Officials discussed the {subject} on Monday. The {subject} drew comment \
                 from {}. Residents asked about the {subject} again.",
                filler.join(" ")
            );
            doc.id = Some(format!("c{i}"));
            doc.title = Some(format!("Update on the {subject}, part {i}"));
            doc.outlet = Some(format!("Outlet {}", i % 5));
            doc.published = Some(
                chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap().to_utc()
                    + chrono::Duration::minutes(i as i64 * 7),
            );
            doc
        })
        .collect();
    let mut store = Store::open(dir).unwrap();
    let report = Ingester::new(&mut store, IngestOptions::default()).ingest_documents(docs, &());
    // Some come out as syndicated copies of others: they are filed with their originals.
    assert_eq!(report.new + report.near_duplicates, n, "{report:?}");
    store
}

/// Asks the pass to stop once it has filed its first chunk.
struct StopAfterChunk(AtomicBool);

impl ClusterProgress for StopAfterChunk {
    fn clustered(&self, _done: u64, _total: u64) {
        self.0.store(true, Ordering::Relaxed);
    }

    fn should_stop(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Every one of the `articles` filled articles is in the same story in both stores, and the
/// stores count the same.
fn assert_same_decisions(stopped: &Store, whole: &Store, articles: usize) {
    for i in 0..articles {
        let id = ArticleId(format!("c{i}"));
        assert_eq!(stopped.story_of(&id).unwrap(), whole.story_of(&id).unwrap(), "article {i}");
    }
    assert_eq!(stopped.stats().unwrap(), whole.stats().unwrap());
}

/// Asks the pass to stop from the `n`th time it asks (it asks before each chunk and before
/// each part of one).
struct StopAtQuestion {
    asked: std::sync::atomic::AtomicUsize,
    n: usize,
}

impl ClusterProgress for StopAtQuestion {
    fn should_stop(&self) -> bool {
        self.asked.fetch_add(1, Ordering::Relaxed) + 1 >= self.n
    }
}

#[test]
fn a_stop_within_a_chunk_files_its_first_parts_and_the_next_pass_goes_on_the_same_way() {
    const ARTICLES: usize = 600;
    let dir = tempfile::tempdir().unwrap();
    let mut stopped = filled_store(&dir.path().join("stopped"), ARTICLES);
    let mut whole = filled_store(&dir.path().join("whole"), ARTICLES);

    // Asked before the chunk, then before parts one, two and three: two parts are filed.
    let stop = StopAtQuestion { asked: Default::default(), n: 4 };
    let first = cluster_pending(&mut stopped, &stop).unwrap();
    assert!(first.stopped, "{first:?}");
    assert!(first.articles > 0 && (first.articles as usize) < ARTICLES / 2, "{first:?}");
    assert_eq!(stopped.pending_count().unwrap() as usize, ARTICLES - first.articles as usize);
    assert!(stopped.verify().unwrap().is_empty(), "{:?}", stopped.verify());

    let rest = cluster_pending(&mut stopped, &()).unwrap();
    assert_eq!((first.articles + rest.articles) as usize, ARTICLES);
    cluster_pending(&mut whole, &()).unwrap();
    assert_same_decisions(&stopped, &whole, ARTICLES);
}

#[test]
fn a_stopped_clustering_pass_commits_its_chunk_and_the_next_goes_on_the_same_way() {
    const ARTICLES: usize = 3000;
    let dir = tempfile::tempdir().unwrap();
    let mut stopped = filled_store(&dir.path().join("stopped"), ARTICLES);
    let mut whole = filled_store(&dir.path().join("whole"), ARTICLES);

    let first = cluster_pending(&mut stopped, &StopAfterChunk(AtomicBool::new(false))).unwrap();
    assert!(first.stopped, "{first:?}");
    // One chunk (2,048 articles) filed, then the stop was seen.
    assert!(first.articles > 0 && (first.articles as usize) < ARTICLES, "{first:?}");
    assert_eq!(stopped.pending_count().unwrap() as usize, ARTICLES - first.articles as usize);
    let state = stopped.clustering_state().unwrap().expect("the trackers' state is saved");
    assert_eq!(state.articles, first.articles);
    assert!(stopped.verify().unwrap().is_empty(), "{:?}", stopped.verify());

    let rest = cluster_pending(&mut stopped, &()).unwrap();
    assert!(!rest.stopped);
    assert_eq!((first.articles + rest.articles) as usize, ARTICLES);
    assert_eq!(stopped.pending_count().unwrap(), 0);
    assert!(stopped.verify().unwrap().is_empty(), "{:?}", stopped.verify());

    // The stop changed when the work was committed, not what was decided.
    let report = cluster_pending(&mut whole, &()).unwrap();
    assert_eq!(report.articles as usize, ARTICLES);
    assert_same_decisions(&stopped, &whole, ARTICLES);

    // A flag already set when the pass starts files nothing, and says why.
    let mut idle = filled_store(&dir.path().join("idle"), 10);
    let report = cluster_pending(&mut idle, &AtomicBool::new(true)).unwrap();
    assert_eq!((report.articles, report.stopped), (0, true));
    assert_eq!(idle.pending_count().unwrap(), 10);
}
