//! Backfills from web archives: an ingest killed half-way through a WARC file goes on from
//! its checkpoint when run again (nothing read twice, nothing skipped), and a file read to
//! the end is not read again.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::Value;

use crate::util::{Env, words};

const PAGES: usize = 2500;

/// A Common Crawl-style archive: one gzip member per record, a request and a response per
/// page, pages of distinct text.
fn archive(env: &Env) -> std::path::PathBuf {
    let mut word = words(0x0bad_5eed);
    let mut out = Vec::new();
    let mut member = |record: &[u8]| {
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(record).unwrap();
        out.extend(gz.finish().unwrap());
    };
    for i in 0..PAGES {
        let uri = format!("https://news.example.org/{i}");
        let paragraphs: String = (0..4)
            .map(|_| {
                let words: Vec<String> = (0..24).map(|_| word()).collect();
                format!("<p>The council said {}.</p>", words.join(" "))
            })
            .collect();
        let html = format!(
            "<html><head><title>Council report {i}</title></head><body><article><h1>Council report {i}</h1>{paragraphs}</article></body></html>"
        );
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
            html.len()
        );
        let request = format!("GET /{i} HTTP/1.1\r\nHost: news.example.org\r\n\r\n");
        for (kind, body) in [("request", request), ("response", http)] {
            let content_type =
                if kind == "request" { "msgtype=request" } else { "msgtype=response" };
            member(
                format!(
                    "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-02-03T04:05:06Z\r\n\
                     Content-Type: application/http; {content_type}\r\nContent-Length: {}\r\n\r\n{body}\r\n\r\n",
                    body.len()
                )
                .as_bytes(),
            );
        }
    }
    env.write("crawl.warc.gz", out)
}

fn ingest(env: &Env, warc: &std::path::Path) -> Value {
    let out =
        env.cmd().args(["ingest", "--quiet", "--no-cluster", "--json"]).arg(warc).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stored(env: &Env) -> u64 {
    env.json(&["stats", "--json"])["stats"]["articles"].as_u64().unwrap()
}

#[test]
fn an_interrupted_archive_is_read_on_from_its_checkpoint() {
    let env = Env::new();
    let warc = archive(&env);

    // Time one whole run elsewhere, so that the kills land inside the run on any machine.
    let probe = Env::new();
    let started = std::time::Instant::now();
    assert_eq!(ingest(&probe, &warc)["new"].as_u64(), Some(PAGES as u64));
    let full = started.elapsed();

    let mut partial = 0;
    for fraction in [0.3, 0.5, 0.7, 0.9] {
        // Each chunk committed on its own, so that a kill can land between two commits.
        let mut child = env
            .cmd()
            .args(["ingest", "--quiet", "--no-cluster", "--commit-documents", "1024"])
            .arg(&warc)
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        let _ = child.kill();
        let _ = child.wait();
        partial = stored(&env);
        if partial > 0 && partial < PAGES as u64 {
            break;
        }
    }
    assert!(partial > 0 && partial < PAGES as u64, "no kill landed mid-file: {partial}");

    let resumed = ingest(&env, &warc);
    assert_eq!(resumed["resumed"].as_u64(), Some(1), "{resumed:#}");
    // The pages stored before the kill were skipped unread, not found again as duplicates.
    assert_eq!(resumed["duplicates"].as_u64(), Some(0), "{resumed:#}");
    assert_eq!(resumed["new"].as_u64(), Some(PAGES as u64 - partial), "{resumed:#}");
    assert_eq!(stored(&env), PAGES as u64);

    let again = ingest(&env, &warc);
    assert_eq!(again["already_read"].as_u64(), Some(1), "{again:#}");
    assert_eq!((again["new"].as_u64(), again["duplicates"].as_u64()), (Some(0), Some(0)));
}
