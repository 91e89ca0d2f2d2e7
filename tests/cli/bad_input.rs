//! Hostile and broken inputs: each gets an error naming the input, the rest of the batch is
//! still read, and nothing already stored changes.

use std::io::Write;

use crate::util::{Env, stdout};

const GOOD: &str = "Port board meets union\n\nThe board and the union met for four hours on \
Thursday without reaching an agreement, both sides said afterwards.\n";

/// Ingests `bad` between two good files into a store that already holds one article, and
/// checks: exit code 1, the failure names the bad file and says `reason`, both good files are
/// stored, the earlier article is unchanged, and the store is consistent.
fn check(name: &str, bad: &[u8], reason: &str) {
    let env = Env::new();
    let first = env.write("first.txt", GOOD);
    assert!(env.ingest(&[&first]).status.success());
    let before = env.json(&["article", env.articles()[0]["id"].as_str().unwrap(), "--json"]);

    let bad_path = env.write(name, bad);
    let a = env.write(
        "a.txt",
        "Cranes idle again\n\nCranes stood idle for a fourth day at the northern terminal.\n",
    );
    let b = env.write("b.txt", "Ships wait offshore\n\nTwenty-seven ships were waiting to berth on Friday, the harbour master said.\n");
    let out = env.ingest(&[&a, &bad_path, &b]);
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{report}");
    let failure = report
        .lines()
        .find(|l| l.contains("failed: "))
        .unwrap_or_else(|| panic!("no failure line: {report}"));
    assert!(
        failure.contains(&bad_path.display().to_string()),
        "failure does not name the input: {failure}"
    );
    assert!(failure.contains(reason), "expected {reason:?} in {failure}");
    assert!(report.contains("2 new"), "{report}");
    let after = env.json(&["article", before["id"].as_str().unwrap(), "--json"]);
    assert_eq!(before, after);
    let stats = env.json(&["stats", "--json"]);
    assert_eq!(stats["stats"]["articles"], 3);
    assert!(stats["problems"].as_array().unwrap().is_empty(), "{stats}");
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}

#[test]
fn truncated_gzip() {
    let full = gzip(GOOD.repeat(50).as_bytes());
    check("cut.txt.gz", &full[..full.len() / 2], "truncated or corrupt gzip");
}

#[test]
fn invalid_utf8_text() {
    let mut text = GOOD.as_bytes().to_vec();
    text.extend_from_slice(b"\nCaf\xe9 owners said trade had halved.\n");
    check("latin1.txt", &text, "invalid UTF-8 at byte");
}

#[test]
fn malformed_feed() {
    check(
        "broken.xml",
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title><item><title>cut off",
        "not a valid feed",
    );
}

#[test]
fn billion_laughs() {
    let mut xml =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
        xml.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
    }
    xml.push_str("]>\n<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>");
    check("laughs.xml", xml.as_bytes(), "entity");
}

#[test]
fn gzip_bomb() {
    // 256 MiB of spaces after a headline compress to a quarter of a megabyte.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(b"Headline\n\n").unwrap();
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..256 {
        gz.write_all(&chunk).unwrap();
    }
    check("bomb.txt.gz", &gz.finish().unwrap(), "larger than the 32 MiB limit");
}

#[test]
fn two_hundred_megabyte_page() {
    let env = Env::new();
    let path = env.write("huge.html", "<html><body><p>");
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(200 << 20).unwrap();
    let good = env.write("good.txt", GOOD);
    let out = env.ingest(&[&path, &good]);
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(report.contains("huge.html: larger than the 32 MiB limit"), "{report}");
    assert!(report.contains("1 new"), "{report}");
}

#[test]
fn empty_file() {
    check("empty.txt", b"", "empty");
}

#[test]
fn unknown_format() {
    check(
        "picture.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
        "unknown format (binary data)",
    );
}

#[test]
fn broken_html_still_yields_its_text() {
    let env = Env::new();
    let path = env.write(
        "broken.html",
        "<html><head><title>Rally in the square</title><body><div><p>Several thousand people \
         gathered in the main square on Saturday evening to protest against the count, \
         organisers said.<p>Police said 87 people were detained<div><span>after scuffles near \
         the commission building.",
    );
    let out = env.ingest(&[&path]);
    assert!(out.status.success(), "{}", stdout(&out));
    let id = env.articles()[0]["id"].as_str().unwrap().to_string();
    let text = env.json(&["article", &id, "--json"])["text"].as_str().unwrap().to_string();
    assert!(text.contains("87 people were detained"), "{text}");
}

#[test]
fn bad_jsonl_lines_are_named_and_the_rest_stored() {
    let env = Env::new();
    let mut data = Vec::new();
    data.extend_from_slice(br#"{"id": "ok-1", "text": "The first good line of the file."}"#);
    data.extend_from_slice(b"\n{\"id\": \"bad-utf8\", \"text\": \"caf\xe9\"}\n");
    data.extend_from_slice(b"{\"id\": \"trunc\", \"text\": \"the file was cut\n");
    data.extend_from_slice(br#"{"id": "ok-2", "text": "The last good line of the file."}"#);
    let path = env.write("mixed.jsonl", data);
    let out = env.ingest(&[&path]);
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(report.contains("mixed.jsonl: invalid UTF-8 at byte 31 (line 2)"), "{report}");
    assert!(report.contains("invalid JSON") && report.contains("(line 3)"), "{report}");
    assert!(report.contains("2 new"), "{report}");
}

#[test]
fn truncated_warc_keeps_earlier_records() {
    let env = Env::new();
    let page = |title: &str, body: &str| {
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>{title}</title></head><body><article><p>{body}</p></article></body></html>"
        )
    };
    let mut data = Vec::new();
    for (i, p) in [
        page("Ships queue at anchor", "Twenty-seven ships were waiting at anchor off the port on Friday, the harbour master said."),
        page("Union rejects offer", "The dock workers' union rejected the latest pay offer on Saturday and said the strike would go on."),
    ]
    .iter()
    .enumerate()
    {
        data.extend_from_slice(
            format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://port.example.org/{i}\r\n\
                 WARC-Date: 2022-05-20T00:00:00Z\r\nContent-Length: {}\r\n\r\n{p}\r\n\r\n",
                p.len()
            )
            .as_bytes(),
        );
    }
    let path = env.write("cut.warc", &data[..data.len() - 40]);
    let out = env.ingest(&[&path]);
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(report.contains("cut.warc: truncated") && report.contains("record 2"), "{report}");
    assert!(report.contains("1 new"), "{report}");
}

#[test]
fn missing_paths_are_reported_and_the_rest_read() {
    let env = Env::new();
    let good = env.write("good.txt", GOOD);
    let out =
        env.cmd().args(["ingest", "--quiet", "/no/such/file.txt"]).arg(&good).output().unwrap();
    let report = stdout(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(report.contains("/no/such/file.txt: no such file or directory"), "{report}");
    assert!(report.contains("1 new"), "{report}");
}

/// A missing gold file is named once, with the system's reason once (not repeated by the
/// error's cause).
#[test]
fn a_missing_file_is_reported_once() {
    let env = Env::new();
    let missing = env.data().join("no-such-gold.jsonl");
    let out = env.run(&["eval", "cluster", "--gold", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no-such-gold.jsonl"), "{err}");
    assert_eq!(err.matches("os error 2").count(), 1, "{err}");
}
