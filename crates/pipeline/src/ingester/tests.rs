//! The store writer: chunks queued behind it commit together, all of them or none, and
//! each document's fate is told in input order.

use std::collections::VecDeque;

use parallax_model::{Format, Origin};

use super::*;

/// A chunk of one article about `place`, then `failures` unreadable items (cheap to make,
/// counted like documents), with a mark saying input `input` was read to `items`.
fn chunk(place: &str, failures: usize, input: usize, items: u64) -> Chunk {
    let mut analysed = vec![report_from(place)];
    analysed.extend((0..failures).map(|i| Analysed::Failed(format!("record {i}: truncated"))));
    let marks = vec![Mark { input, items, bytes: items * 100, finished: false }];
    Chunk { analysed, marks }
}

/// An analysed article about flooding in `place`, with `place` as its id.
fn report_from(place: &str) -> Analysed {
    let mut doc = Document::new(Origin::file("wire.jsonl", Format::Jsonl).with_record(place));
    doc.id = Some(place.into());
    doc.title = Some(format!("Flooding in {place}"));
    doc.text = format!(
        "Rivers rose overnight in {place}, and the council opened two shelters. \
         Residents of {place} were told to stay away from the embankment until Friday."
    );
    doc.language = Some("en".into());
    Analysed::Document(Box::new(prepare(&Analyser::new(), &IngestOptions::default(), doc)))
}

fn keys() -> Vec<Option<InputKey>> {
    ["a.jsonl", "b.jsonl", "c.jsonl", "d.jsonl"]
        .iter()
        .map(|path| Some(InputKey { path: (*path).into(), size: 1 << 20, modified: None }))
        .collect()
}

/// Writes four queued chunks, as the writer thread does, into a fresh store, committing up
/// to `commit_documents`: with [`COMMIT_DOCUMENTS`], the first three reach it and belong to
/// one transaction, and the fourth should be left in the queue, which is returned with
/// the store.
fn write_queue(
    lease: Option<&Lease>,
    commit_documents: usize,
) -> (tempfile::TempDir, Store, Result<IngestReport, ChunkFailed>, VecDeque<Chunk>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let third = COMMIT_DOCUMENTS / 3 + 1;
    let first = chunk("Tarvell", third, 0, 10);
    let mut queued = VecDeque::from([
        chunk("Osmund", third, 1, 20),
        chunk("Kelby", third, 2, 30),
        chunk("Ulvik", 0, 3, 40),
    ]);
    let group = Group { keys: &keys(), lease, commit_documents };
    let written = write_chunks(&mut store, first, || queued.pop_front(), &group, &());
    (dir, store, written, queued)
}

#[test]
fn chunks_waiting_for_the_writer_commit_together_up_to_the_limit() {
    let (_dir, store, written, queued) = write_queue(None, COMMIT_DOCUMENTS);
    let report = written.unwrap_or_else(|_| panic!("the chunks were not committed"));

    assert_eq!(report.new, 3, "{:?}", report.failed.first());
    assert_eq!(report.failed.len(), 3 * (COMMIT_DOCUMENTS / 3 + 1));
    assert_eq!(store.stats().unwrap().articles, 3);
    for (path, items) in [("a.jsonl", 10), ("b.jsonl", 20), ("c.jsonl", 30)] {
        let saved = store.input_checkpoint(path).unwrap().expect(path);
        assert_eq!(saved.items, items, "{path}");
    }
    // The chunk past the limit waits for the next transaction.
    assert_eq!(queued.len(), 1);
    assert!(store.input_checkpoint("d.jsonl").unwrap().is_none());
    assert!(store.article("Ulvik").unwrap().is_none());
}

#[test]
fn a_lost_lease_commits_none_of_the_chunks_written_together() {
    // A job no worker holds: the lease is found lost when the transaction records it.
    let lease = Lease { job: 404, worker: 1, claim: 1 };
    let (_dir, store, written, _) = write_queue(Some(&lease), COMMIT_DOCUMENTS);

    assert!(matches!(written, Err(ChunkFailed::LeaseLost)));
    assert_eq!(store.stats().unwrap().articles, 0);
    for path in ["a.jsonl", "b.jsonl", "c.jsonl"] {
        assert!(store.input_checkpoint(path).unwrap().is_none(), "{path}");
    }
}

#[test]
fn a_limit_below_one_chunk_commits_each_chunk_alone() {
    let (_dir, store, written, queued) = write_queue(None, 1);
    let report = written.unwrap_or_else(|_| panic!("the chunk was not committed"));

    assert_eq!(report.new, 1);
    assert!(store.article("Tarvell").unwrap().is_some());
    assert_eq!(store.input_checkpoint("a.jsonl").unwrap().map(|c| c.items), Some(10));
    assert_eq!(queued.len(), 3, "the chunks behind it wait for their own transactions");
    assert!(store.article("Osmund").unwrap().is_none());
}

/// What a [`Progress`] is told, in order.
#[derive(Default)]
struct Told(std::sync::Mutex<Vec<String>>);

impl Progress for Told {
    fn document_done(&self, outcome: Result<&Outcome, &str>) {
        let line = match outcome {
            Ok(Outcome::New { id }) => format!("new {id}"),
            Ok(Outcome::Duplicate { of }) => format!("copy of {of}"),
            Ok(other) => format!("{other:?}"),
            Err(message) => format!("failed: {message}"),
        };
        self.0.lock().unwrap().push(line);
    }
}

#[test]
fn fates_are_told_in_input_order_though_new_articles_are_written_later() {
    // New articles wait to be written together, while a copy of one is settled at once:
    // the evaluations pair each fate with its labelled input by this order.
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let analysed = vec![
        report_from("Tarvell"),
        report_from("Osmund"),
        report_from("Tarvell"),
        Analysed::Failed("wire.jsonl:4: truncated".into()),
        report_from("Kelby"),
    ];
    let first = Chunk { analysed, marks: Vec::new() };
    let group = Group { keys: &keys(), lease: None, commit_documents: COMMIT_DOCUMENTS };
    let told = Told::default();
    let report = write_chunks(&mut store, first, || None, &group, &told)
        .unwrap_or_else(|_| panic!("the chunk was not committed"));
    assert_eq!(
        told.0.into_inner().unwrap(),
        [
            "new Tarvell",
            "new Osmund",
            "copy of Tarvell",
            "failed: wire.jsonl:4: truncated",
            "new Kelby"
        ]
    );
    assert_eq!((report.new, report.duplicates, report.failed.len()), (3, 1, 1));
}
