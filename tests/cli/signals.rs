//! SIGTERM and SIGINT, as process managers and Ctrl-C send them: the long-running commands
//! finish the work in hand and stop, leaving nothing half-done behind; a second signal
//! stops them at once. Each test signals only after seeing the work under way, so none
//! depends on how fast the machine is.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::write::GzEncoder;
use parallax_fetch::test_server::{Response, TestServer};
use serde_json::Value;

use crate::util::{Env, words};

/// A started `parallax`, killed when the test ends however it ends, with its output read
/// line by line as it comes.
struct Running {
    child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl Running {
    fn start(mut command: Command) -> Running {
        let mut child =
            command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start parallax");
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        Running { child, stdout, stderr }
    }

    fn signal(&self, name: &str) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-s", name, &pid]).status().expect("run kill");
        assert!(sent.success(), "kill -s {name} {pid} failed");
    }

    /// The process's end, within `limit`.
    fn exit_within(&mut self, limit: Duration) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < limit,
                "still running {limit:?} after the signal; stderr so far: {:?}",
                self.stderr.try_iter().collect::<Vec<_>>()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The stream's lines, read on a thread of their own so that waiting for one can time out.
fn lines(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

/// Reads lines until one contains `needle`; every line read is returned, that one last.
fn read_until(lines: &Receiver<String>, needle: &str, limit: Duration) -> Vec<String> {
    let deadline = Instant::now() + limit;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                let found = line.contains(needle);
                seen.push(line);
                if found {
                    return seen;
                }
            }
            Err(RecvTimeoutError::Timeout) => panic!("no {needle:?} within {limit:?}: {seen:?}"),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("output ended before {needle:?}: {seen:?}")
            }
        }
    }
}

/// The rest of a finished process's output.
fn rest(lines: &Receiver<String>) -> String {
    let mut text = String::new();
    while let Ok(line) = lines.recv_timeout(Duration::from_secs(10)) {
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// Waits, up to `limit`, for `ready` to hold.
fn wait_for(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !ready() {
        assert!(Instant::now() < deadline, "{what}: not seen within {limit:?}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

// ---- parallax worker ----

// Eight chunks (1,024 records each) per file, each committed on its own by the first worker
// (`--commit-documents 1024`; by default a writer behind the reader commits up to eight
// together, a whole file here). The reader runs at most a few chunks ahead of the commits,
// so a job seen with a chunk committed still has records unread.
const FILES: usize = 2;
const PER_FILE: usize = 8000;

/// Files of distinct articles, one JSON object a line.
fn articles(env: &Env) -> Vec<PathBuf> {
    let mut word = words(0x51_6e_a1);
    (0..FILES)
        .map(|f| {
            let mut lines = String::new();
            for k in 0..PER_FILE {
                let i = f * PER_FILE + k;
                let sentences: Vec<String> = (0..4)
                    .map(|_| {
                        let words: Vec<String> = (0..10).map(|_| word()).collect();
                        format!("The ferry operator said {}.", words.join(" "))
                    })
                    .collect();
                let row = serde_json::json!({
                    "id": format!("s{i}"),
                    "title": format!("Ferry timetable notice {i}"),
                    "text": sentences.join(" "),
                    "outlet": format!("Outlet {}", i % 4),
                    "published": format!("2026-04-{:02}T08:00:00Z", 1 + i % 28),
                });
                lines.push_str(&row.to_string());
                lines.push('\n');
            }
            env.write(&format!("batch-{f}.jsonl"), lines)
        })
        .collect()
}

fn queue_state(env: &Env, url: &str) -> Value {
    env.json(&["jobs", "--json", "--database", url])
}

fn jobs_of(state: &Value) -> &[Value] {
    state["jobs"].as_array().unwrap()
}

#[test]
fn a_worker_stopped_by_sigterm_hands_its_job_back() {
    let Some(url) = parallax_store::testdb::fresh_database() else { return };
    let env = Env::new();
    let files = articles(&env);
    let mut queue = env.cmd();
    queue.args(["ingest", "--queue", "--quiet", "--database", &url]).args(&files);
    let out = queue.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let mut worker = env.cmd();
    worker.args(["worker", "--no-cluster", "--idle-ms", "100", "--name", "first"]);
    worker.args(["--commit-documents", "1024"]);
    worker.args(["--database", &url]);
    let mut first = Running::start(worker);
    let mut reading = None;
    wait_for("a job with records read", Duration::from_secs(180), || {
        let state = queue_state(&env, &url);
        reading = jobs_of(&state)
            .iter()
            .find(|j| j["state"] == "running" && j["items"].as_u64() > Some(0))
            .map(|j| j["id"].clone());
        reading.is_some()
    });
    first.signal("TERM");
    let signalled = Instant::now();
    let status = first.exit_within(Duration::from_secs(60));
    let stopped_in = signalled.elapsed();
    eprintln!("the worker stopped {stopped_in:?} after SIGTERM");
    let err = rest(&first.stderr);
    assert!(status.success(), "{status}: {err}");
    assert!(err.contains("SIGTERM received: stopping after"), "{err}");
    let out = rest(&first.stdout);
    assert!(out.contains(": interrupted: "), "the job is not reported done: {out}");
    assert!(out.contains("worker first stopped on SIGTERM"), "{out}");

    let state = queue_state(&env, &url);
    let jobs = jobs_of(&state);
    assert!(state["workers"].as_array().unwrap().is_empty(), "{state:#}");
    assert!(jobs.iter().all(|j| j["state"] != "running"), "{state:#}");
    // The job in hand went back to the queue, half-read, rather than being finished.
    let job = jobs.iter().find(|j| j["id"] == reading.clone().unwrap()).unwrap();
    assert_eq!(job["state"], "queued", "{state:#}");
    assert!(job["items"].as_u64() < Some(PER_FILE as u64), "{state:#}");
    assert!(
        jobs.iter().all(|j| j["state"] != "done" || j["items"].as_u64() == Some(PER_FILE as u64)),
        "a job half-read is marked done: {state:#}"
    );

    let mut worker = env.cmd();
    // Without clustering: filing 9,000 articles on PostgreSQL would triple the test's time
    // and is not what is tested here.
    worker.args(["worker", "--drain", "--no-cluster", "--idle-ms", "100", "--database", &url]);
    let drain_started = Instant::now();
    let out = worker.output().unwrap();
    let drained_in = drain_started.elapsed();
    eprintln!("a second worker read the rest in {drained_in:?}");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The stop ends the reading at the next record instead of at the end of the file: it
    // takes the chunks in flight, well under the reading of what was left (more than a
    // file and a half: the rest of the first and all of the second).
    assert!(
        stopped_in < drained_in / 2,
        "stopping took {stopped_in:?}, reading the rest {drained_in:?}"
    );
    let state = queue_state(&env, &url);
    let jobs = jobs_of(&state);
    let sum = |key: &str| jobs.iter().map(|j| j[key].as_u64().unwrap()).sum::<u64>();
    assert!(jobs.iter().all(|j| j["state"] == "done"), "{state:#}");
    let expected = (FILES * PER_FILE) as u64;
    // Each article stored once: what the first worker stored was not read again.
    assert_eq!(
        (sum("new_articles") + sum("near_duplicates"), sum("duplicates"), sum("failures")),
        (expected, 0, 0),
        "{state:#}"
    );
    let stats = env.json(&["stats", "--json", "--database", &url]);
    assert_eq!(stats["stats"]["articles"].as_u64(), Some(expected), "{stats}");
}

// ---- parallax ingest ----

const PAGES: usize = 8000;

/// A web archive of `PAGES` pages of distinct text, one gzip member per record.
fn archive(env: &Env) -> PathBuf {
    let mut word = words(0x51_6e_a1);
    let mut out = Vec::new();
    for i in 0..PAGES {
        let paragraphs: String = (0..4)
            .map(|_| {
                let words: Vec<String> = (0..20).map(|_| word()).collect();
                format!("<p>The harbour board said {}.</p>", words.join(" "))
            })
            .collect();
        let html = format!(
            "<html><head><title>Harbour notice {i}</title></head><body><article>\
             <h1>Harbour notice {i}</h1>{paragraphs}</article></body></html>"
        );
        let body = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
            html.len()
        );
        let record = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://harbour.example.net/{i}\r\n\
             WARC-Date: 2026-05-06T07:08:09Z\r\nContent-Type: application/http; msgtype=response\r\n\
             Content-Length: {}\r\n\r\n{body}\r\n\r\n",
            body.len()
        );
        let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
        gz.write_all(record.as_bytes()).unwrap();
        out.extend(gz.finish().unwrap());
    }
    env.write("harbour.warc.gz", out)
}

/// Articles in the store; `None` while it cannot be read (the ingest is creating it).
fn stored(env: &Env) -> Option<u64> {
    let out = env.run(&["stats", "--json"]);
    let stats: Value = serde_json::from_slice(&out.stdout).ok()?;
    stats["stats"]["articles"].as_u64()
}

fn ingest_json(env: &Env, warc: &Path) -> Value {
    let out =
        env.cmd().args(["ingest", "--quiet", "--no-cluster", "--json"]).arg(warc).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn an_ingest_stopped_by_sigterm_keeps_its_articles_and_goes_on_when_rerun() {
    let env = Env::new();
    let warc = archive(&env);
    // No store yet: the ingest creates it while `stats` polls it, and neither may fail.
    let mut command = env.cmd();
    // Each chunk committed on its own, so that a first commit leaves pages unread.
    command.args(["ingest", "--quiet", "--commit-documents", "1024"]).arg(&warc);
    let started = Instant::now();
    let mut ingest = Running::start(command);
    wait_for("a first chunk stored", Duration::from_secs(180), || {
        if let Some(status) = ingest.child.try_wait().unwrap() {
            panic!("the ingest ended before the signal ({status}): {}", rest(&ingest.stderr));
        }
        stored(&env) > Some(0)
    });
    ingest.signal("TERM");
    let signalled = Instant::now();
    let status = ingest.exit_within(Duration::from_secs(120));
    let stopped_in = signalled.elapsed();
    eprintln!("the ingest stopped {stopped_in:?} after SIGTERM");
    let out = rest(&ingest.stdout);
    let err = rest(&ingest.stderr);
    assert_eq!(status.code(), Some(143), "{out}{err}");
    assert!(err.contains("SIGTERM received: stopping after"), "{err}");
    assert!(out.contains("stopped early: SIGTERM received"), "{out}");
    // The stop skips what follows the reading; the next run catches up.
    assert!(!out.contains("search index"), "{out}");
    let partial = stored(&env).unwrap();
    assert!(partial > 0 && partial < PAGES as u64, "{partial} of {PAGES} stored: {out}");

    let rerun_started = Instant::now();
    let rerun = ingest_json(&env, &warc);
    let rerun_took = rerun_started.elapsed();
    eprintln!("reading the rest ({} pages) took {rerun_took:?}", PAGES as u64 - partial);
    // The stop ends the reading at the next record: it takes the chunks in flight, far less
    // than reading the whole file (the run up to the signal and the rerun together).
    let whole = signalled.duration_since(started) + rerun_took;
    assert!(stopped_in < whole / 2, "stopping took {stopped_in:?}, the whole file {whole:?}");
    assert_eq!(rerun["resumed"].as_u64(), Some(1), "{rerun:#}");
    assert_eq!(rerun["duplicates"].as_u64(), Some(0), "{rerun:#}");
    assert_eq!(rerun["new"].as_u64(), Some(PAGES as u64 - partial), "{rerun:#}");
    assert!(rerun.get("interrupted").is_none_or(Value::is_null), "{rerun:#}");
    assert_eq!(stored(&env), Some(PAGES as u64));
}

// ---- parallax cluster ----

/// Whether another connection holds the SQLite store's write lock (a clustering pass holds
/// it from its first chunk until it commits).
fn write_locked(env: &Env) -> bool {
    let Ok(conn) = rusqlite::Connection::open(env.data().join("parallax.sqlite")) else {
        return false;
    };
    // No waiting: a busy lock is the answer.
    conn.busy_timeout(Duration::ZERO).unwrap();
    match conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;") {
        Ok(()) => false,
        Err(e) => e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy),
    }
}

fn cluster_json(env: &Env) -> Value {
    let out = env.cmd().args(["cluster", "--quiet", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_clustering_pass_stopped_by_sigterm_keeps_what_it_filed_and_goes_on_when_rerun() {
    let env = Env::new();
    let files = articles(&env);
    let out = env.cmd().args(["ingest", "--quiet", "--no-cluster"]).arg(&files[0]).output();
    let out = out.unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let total = PER_FILE as u64;

    let mut command = env.cmd();
    command.args(["cluster", "--quiet", "--json"]);
    let started = Instant::now();
    let mut cluster = Running::start(command);
    wait_for("the clustering pass under way", Duration::from_secs(180), || {
        if let Some(status) = cluster.child.try_wait().unwrap() {
            panic!("the pass ended before the signal ({status}): {}", rest(&cluster.stderr));
        }
        write_locked(&env)
    });
    cluster.signal("TERM");
    let signalled = Instant::now();
    let status = cluster.exit_within(Duration::from_secs(120));
    let stopped_in = signalled.elapsed();
    eprintln!("the clustering pass stopped {stopped_in:?} after SIGTERM");
    let out = rest(&cluster.stdout);
    let err = rest(&cluster.stderr);
    assert_eq!(status.code(), Some(143), "{out}{err}");
    assert!(err.contains("parallax cluster: SIGTERM received: stopping after"), "{err}");
    let first: Value = serde_json::from_str(&out).expect("the pass's report");
    assert_eq!(first["stopped"], true, "{first:#}");
    let filed = first["articles"].as_u64().unwrap();
    assert!(filed < total, "{first:#}");
    let stats = env.json(&["stats", "--json"]);
    assert_eq!(stats["stats"]["unclustered"].as_u64(), Some(total - filed), "{stats}");

    let rerun_started = Instant::now();
    let rerun = cluster_json(&env);
    let rerun_took = rerun_started.elapsed();
    eprintln!("filing the other {} articles took {rerun_took:?}", total - filed);
    assert!(rerun.get("stopped").is_none(), "{rerun:#}");
    assert_eq!(rerun["articles"].as_u64(), Some(total - filed), "{rerun:#}");
    let stats = env.json(&["stats", "--json"]);
    assert_eq!(stats["stats"]["unclustered"].as_u64(), Some(0), "{stats}");
    // The stop ends the filing at the next part (128 articles) of the chunk under way, and
    // the signal is sent as soon as the pass holds the write lock: well within the second
    // chunk of 2,048 articles even on a loaded machine. Stopping still writes the pages of
    // what was filed, which on this corpus of one-article stories is most of a pass's time,
    // so the time is only checked against the whole pass.
    assert!(filed <= 2 * 2048, "{first:#}");
    let whole = signalled.duration_since(started) + rerun_took;
    assert!(stopped_in < whole, "stopping took {stopped_in:?}, the whole pass {whole:?}");
}

// ---- parallax watch and serve ----

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Fenland Gazette</title><link>http://gazette.test/</link>
<item><title>Lock gates replaced on the old canal</title><link>http://gazette.test/lock</link>
<guid>gazette-lock</guid><pubDate>Thu, 19 Nov 2026 09:00:00 +0000</pubDate>
<description><![CDATA[<p>Engineers lowered new oak gates into the lock at Marsh End on Thursday, reopening the canal to narrowboats.</p>]]></description></item>
</channel></rss>"#;

#[test]
fn watch_stops_on_sigterm_even_in_the_middle_of_a_fetch() {
    let asked = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start({
        let asked = asked.clone();
        move |req| match req.path.as_str() {
            "/quick" => Response::ok("application/rss+xml", RSS),
            // Answers long after the test would have failed: only the stop can end the wait.
            "/stalled" => {
                asked.fetch_add(1, Ordering::SeqCst);
                Response::ok("application/rss+xml", RSS).delay(Duration::from_secs(120))
            }
            _ => Response::status(404),
        }
    })
    .expect("start the feed server");
    let env = Env::new();
    let list =
        env.write("feeds.txt", format!("{}\n{}\n", server.url("/quick"), server.url("/stalled")));
    let mut command = env.cmd();
    command.args(["watch", "--allow-private", "--timeout", "300", "--interval", "3600"]);
    command.args(["--host-gap-ms", "0", "--feeds"]).arg(&list);
    let mut watch = Running::start(command);
    wait_for("the stalled feed asked for", Duration::from_secs(120), || {
        asked.load(Ordering::SeqCst) > 0
    });
    watch.signal("TERM");
    let status = watch.exit_within(Duration::from_secs(60));
    let err = rest(&watch.stderr);
    assert!(status.success(), "{status}: {err}");
    assert!(err.contains("parallax watch: SIGTERM received: stopping after"), "{err}");
}

/// Starts `parallax serve` on a free port and returns it with its address.
fn serve(env: &Env) -> (Running, String) {
    let mut command = env.cmd();
    command.args(["serve", "--addr", "127.0.0.1:0"]);
    let server = Running::start(command);
    let line = read_until(&server.stdout, "http://", Duration::from_secs(120)).pop().unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).expect("a URL");
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_owned();
    (server, addr)
}

/// Opens the live update stream, which never ends by itself, and returns once it is open.
fn open_live_stream(addr: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).expect("connect to the server");
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(stream, "GET /api/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n")
        .unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") {
        let n = stream.read(&mut byte).expect("the stream's response head");
        assert_eq!(n, 1, "the server closed the stream: {}", String::from_utf8_lossy(&head));
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    stream
}

#[test]
fn serve_stops_on_sigterm_and_does_not_wait_forever_for_a_live_stream() {
    let env = Env::new();
    let (mut server, addr) = serve(&env);
    let _stream = open_live_stream(&addr);
    server.signal("TERM");
    read_until(&server.stderr, "SIGTERM received: stopping after", Duration::from_secs(30));
    // Within the grace period and a generous margin, though the stream never ends.
    let status = server.exit_within(Duration::from_secs(60));
    let err = rest(&server.stderr);
    assert!(status.success(), "{status}: {err}");
    assert!(err.contains("closing the connections still open"), "{err}");
}

#[test]
fn a_second_signal_stops_at_once() {
    let env = Env::new();
    let (mut server, addr) = serve(&env);
    // The open stream holds the graceful stop for its grace period: only the second signal
    // can end the process before it.
    let _stream = open_live_stream(&addr);
    server.signal("TERM");
    read_until(&server.stderr, "SIGTERM received: stopping after", Duration::from_secs(30));
    server.signal("INT");
    let status = server.exit_within(Duration::from_secs(60));
    let err = rest(&server.stderr);
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(err.contains("SIGINT received again: stopping now"), "{err}");
}
