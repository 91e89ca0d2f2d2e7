//! A caller can stop [`read_raw`] from its callback: nothing more is read or emitted, and
//! what was emitted is exactly the start of what a full read emits.

use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use parallax_ingest::{Input, Item, Limits, read_raw};

/// What an item is, to compare two reads: the record it came from, or its failure.
fn label(item: &Item) -> String {
    match item {
        Item::Document(d) => format!("doc {:?} {:?}", d.origin.record, d.title),
        Item::Page(p) => format!("page {:?}", p.origin.record),
        Item::Subscription(s) => format!("sub {}", s.feed_url),
        Item::Failed(e) => format!("failed {e}"),
    }
}

/// Reads `path`, stopping after `stop_after` items (never, with `None`). Returns the items'
/// labels, what `read_raw` returned, and the bytes it read from the file.
fn read_until(path: &Path, stop_after: Option<usize>) -> (Vec<String>, ControlFlow<()>, u64) {
    let counter = Arc::new(AtomicU64::new(0));
    let mut seen = Vec::new();
    let input = Input::File(path.to_path_buf());
    let flow = read_raw(&input, &Limits::default(), Some(counter.clone()), &mut |item| {
        seen.push(label(&item));
        if stop_after.is_some_and(|n| seen.len() >= n) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    (seen, flow, counter.load(Ordering::Relaxed))
}

fn jsonl(dir: &Path, lines: usize) -> std::path::PathBuf {
    let path = dir.join("big.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..lines {
        // Every hundredth line is broken: failures count as items too.
        if i % 100 == 7 {
            writeln!(out, "{{\"title\": \"broken {i}\"").unwrap();
        } else {
            writeln!(
                out,
                r#"{{"id": "a{i}", "title": "Tide table {i}", "text": "The tide turns at the {i}th hour, the harbour master said on the quay."}}"#
            )
            .unwrap();
        }
    }
    drop(out);
    path
}

fn warc(dir: &Path, records: usize) -> std::path::PathBuf {
    let path = dir.join("big.warc");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..records {
        let html = format!(
            "<html><head><title>Quay notice {i}</title></head><body><article><p>The quay \
             closes at dusk on day {i}, the harbour board said.</p></article></body></html>"
        );
        let body = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}");
        write!(
            out,
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://quay.example/{i}\r\n\
             Content-Length: {}\r\n\r\n{body}\r\n\r\n",
            body.len()
        )
        .unwrap();
    }
    drop(out);
    path
}

#[test]
fn a_stopped_read_emits_a_prefix_and_reads_no_further() {
    let dir = tempfile::tempdir().unwrap();
    for path in [jsonl(dir.path(), 40_000), warc(dir.path(), 20_000)] {
        let size = std::fs::metadata(&path).unwrap().len();
        let (all, flow, read) = read_until(&path, None);
        assert_eq!(flow, ControlFlow::Continue(()), "{path:?}");
        assert_eq!(read, size, "{path:?}: a full read reads every byte");
        for stop_after in [1, 8, 1000] {
            let (some, flow, read) = read_until(&path, Some(stop_after));
            assert_eq!(flow, ControlFlow::Break(()), "{path:?}");
            assert_eq!(some, all[..stop_after], "{path:?}: not the start of a full read");
            // The readers buffer ahead, but by far less than the rest of the file.
            assert!(read < size / 4, "{path:?}: {read} of {size} bytes read after a stop");
        }
    }
}

#[test]
fn in_memory_containers_stop_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("array.json");
    let objects: Vec<String> = (0..50)
        .map(|i| format!(r#"{{"title": "Buoy {i}", "text": "Buoy {i} was moved."}}"#))
        .collect();
    std::fs::write(&path, format!("[{}]", objects.join(","))).unwrap();
    let (all, flow, _) = read_until(&path, None);
    assert_eq!((all.len(), flow), (50, ControlFlow::Continue(())));
    let (some, flow, _) = read_until(&path, Some(3));
    assert_eq!(flow, ControlFlow::Break(()));
    assert_eq!(some, all[..3]);

    // A failure is an item like any other, and stopping on it is honoured.
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let (items, flow, _) = read_until(&empty, Some(1));
    assert_eq!(flow, ControlFlow::Break(()));
    assert!(items[0].starts_with("failed"), "{items:?}");
}
