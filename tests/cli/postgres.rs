//! The command line on a PostgreSQL store (`--database`): the same input gives the same
//! articles and stories as on SQLite, and `serve` and `demo` serve it. Each test gets a database of its own in a throwaway
//! cluster (see `parallax_store::testdb`); without PostgreSQL the test is skipped, except in
//! CI.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use parallax_fetch::test_server::{Response, TestServer};
use serde_json::Value;

use crate::serve_watch::{Server, http};
use crate::util::{Env, stdout};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/corpus/jsonl");

/// What must agree between the engines: the stories with their headings and sizes.
fn stories(env: &Env, database: Option<&str>) -> Vec<(String, String, u64, u64)> {
    let mut args = vec!["stories", "--json"];
    if let Some(url) = database {
        args.extend(["--database", url]);
    }
    let out = env.run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut rows: Vec<_> = list
        .iter()
        .map(|s| {
            (
                s["label"].as_str().unwrap().to_owned(),
                s["headline"].as_str().unwrap().to_owned(),
                s["articles"].as_u64().unwrap(),
                s["outlets"].as_u64().unwrap(),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn ingest_and_stories_on_postgres_match_sqlite() {
    let Some(url) = parallax_store::testdb::fresh_database() else { return };
    let on_sqlite = Env::new();
    let on_postgres = Env::new();
    let out = on_sqlite.run(&["ingest", "--quiet", CORPUS]);
    assert!(out.status.success(), "{}", stdout(&out));
    let out = on_postgres.run(&["ingest", "--quiet", "--database", &url, CORPUS]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Ingesting again changes nothing on either engine.
    let again = on_postgres.run(&["ingest", "--quiet", "--json", "--database", &url, CORPUS]);
    let report: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        (report["new"].as_u64(), report["duplicates"].as_u64()),
        (Some(0), Some(11)),
        "{report:#}"
    );

    let count = |env: &Env, database: Option<&str>| {
        let mut args = vec!["articles", "--json", "--limit", "1000"];
        if let Some(url) = database {
            args.extend(["--database", url]);
        }
        let list: Vec<Value> = serde_json::from_slice(&env.run(&args).stdout).unwrap();
        list.len()
    };
    assert!(count(&on_sqlite, None) >= 10);
    assert_eq!(count(&on_postgres, Some(&url)), count(&on_sqlite, None));
    let sqlite = stories(&on_sqlite, None);
    assert!(sqlite.len() > 3, "{sqlite:?}");
    assert_eq!(stories(&on_postgres, Some(&url)), sqlite);
}

/// A feed of our own for the watching server.
const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Fjord Observer</title><link>http://observer.test/</link>
<item><title>Lighthouse keepers return to Skarvoy after a winter ashore</title><link>http://observer.test/lighthouse</link>
<guid>observer-lighthouse</guid><pubDate>Thu, 19 Nov 2026 06:30:00 +0000</pubDate>
<description><![CDATA[<p>The two keepers of the Skarvoy light went back to the island on Thursday after spending the winter on the mainland, the coastal authority said.</p><p>The light had been run remotely since November.</p>]]></description></item>
</channel></rss>"#;

/// Polls `path` until `done` accepts its JSON body.
fn wait_for(addr: &str, path: &str, what: &str, done: impl Fn(&Value) -> bool) -> Value {
    let started = Instant::now();
    loop {
        let (_, body) = http(addr, "GET", path, None, "");
        let value: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
        if done(&value) {
            return value;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "{what}: {path} gave {body}");
        std::thread::sleep(Duration::from_millis(250));
    }
}

#[test]
fn serve_watch_on_postgres_shows_what_ingest_and_the_feeds_bring() {
    let Some(url) = parallax_store::testdb::fresh_database() else { return };
    let feeds = TestServer::start(|req| match req.path.as_str() {
        "/rss" => Response::ok("application/rss+xml", RSS),
        _ => Response::status(404),
    })
    .expect("start the feed server");
    let env = Env::new();
    let mut child = env
        .cmd()
        .args(["serve", "--database", &url, "--watch", "--allow-private"])
        .args(["--addr", "127.0.0.1:0", "--token", "t0k"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start parallax serve --database");
    let stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let _server = Server(child);
    let Some(Ok(line)) = BufReader::new(stdout).lines().next() else {
        let mut why = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut why).unwrap();
        panic!("serve --database printed no address: {why}");
    };
    // The store is named, its password (had it one) hidden; the data directory is named too.
    assert!(line.contains("dbname=parallax_test_") && line.contains("data directory"), "{line}");
    let url_start = line.find("http://").expect("an address");
    let addr = line[url_start..].split_whitespace().next().unwrap();
    let addr = addr.trim_start_matches("http://").trim_end_matches('/').to_owned();
    // Served from PostgreSQL: no SQLite store appears in the data directory.
    assert!(!env.data().join(parallax_store::STORE_FILE).exists());

    // Another process writes the database; the running server shows it.
    let out = env.run(&["ingest", "--quiet", "--database", &url, CORPUS]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stories = wait_for(&addr, "/api/stories", "the ingested stories", |v| {
        v.as_array().is_some_and(|a| a.len() > 3)
    });
    let story = &stories[0];
    let id = story["id"].as_u64().expect("a story id");
    let (status, page) = http(&addr, "GET", &format!("/story/{id}"), None, "");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Side by side"), "{page}");
    let word = story["label"].as_str().unwrap().split_whitespace().max_by_key(|w| w.len());
    assert!(page.contains(word.unwrap()), "the story's label is on its page: {page}");
    let (status, body) =
        http(&addr, "GET", &format!("/api/compare/story/{id}?by=outlet"), None, "");
    assert_eq!(status, 200, "{body}");
    let (_, body) = http(&addr, "GET", "/api/stats", None, "");
    let stats: Value = serde_json::from_str(&body).unwrap();
    let filed: u64 =
        stories.as_array().unwrap().iter().map(|s| s["articles"].as_u64().unwrap()).sum();
    assert_eq!(stats["articles"].as_u64(), Some(filed), "{stats}");
    // The ingest indexed the articles into the data directory's index, which serves search.
    let hits = wait_for(&addr, "/api/search?q=evacuation", "search", |v| {
        v.as_array().is_some_and(|a| !a.is_empty())
    });
    assert!(hits[0]["story"].as_u64().is_some(), "hits link their story: {hits}");

    // A feed followed through the API (with the token) is polled by the same process, into
    // the same database.
    let follow = format!(r#"{{"url": "{}"}}"#, feeds.url("/rss"));
    assert_eq!(http(&addr, "POST", "/api/feeds", None, &follow).0, 401);
    let (status, body) = http(&addr, "POST", "/api/feeds", Some("t0k"), &follow);
    assert_eq!(status, 201, "{body}");
    wait_for(&addr, "/api/search?q=Skarvoy", "the polled article, indexed", |v| {
        v.as_array().is_some_and(|a| a.len() == 1)
    });
    let listed = env.json(&["articles", "--json", "--limit", "1000", "--database", &url]);
    assert!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["title"].as_str().is_some_and(|t| t.contains("Skarvoy"))),
        "the poll wrote to the PostgreSQL database"
    );
}

#[test]
fn demo_on_postgres_ingests_the_corpus_into_the_database() {
    let Some(url) = parallax_store::testdb::fresh_database() else { return };
    let env = Env::new();
    let out = env.run(&["demo", "--no-serve", "--json", "--database", &url]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let stored = report["articles"].as_array().unwrap().len();
    assert!(stored > 50, "{:#}", report["stats"]);
    assert_eq!(report["stats"]["articles"].as_u64(), Some(stored as u64));
    assert_eq!(report["search_indexed"].as_u64(), Some(stored as u64));
    assert!(report["contested"].is_object(), "a contested story, compared");
    assert!(env.data().join(parallax_outlets::FILE_NAME).is_file(), "the demo's outlets.toml");
    assert!(!env.data().join(parallax_store::STORE_FILE).exists(), "no SQLite store");
    // The articles are in the database, as every command sees them.
    let stats = env.json(&["stats", "--json", "--database", &url]);
    assert_eq!(stats["stats"]["articles"].as_u64(), Some(stored as u64), "{stats}");
}

#[test]
fn serve_and_demo_name_a_database_they_cannot_reach_without_its_password() {
    let env = Env::new();
    // Port 1 on loopback refuses at once; no PostgreSQL is needed for this one.
    let url = "postgres://reader:hunter2@127.0.0.1:1/news";
    for args in [
        vec!["serve", "--database", url, "--addr", "127.0.0.1:0"],
        vec!["demo", "--no-serve", "--database", url],
        vec!["serve", "--database", "mysql://reader:hunter2@db/news", "--addr", "127.0.0.1:0"],
    ] {
        let out = env.run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("reader:***@"), "{args:?} names the database: {stderr}");
        assert!(!stderr.contains("hunter2"), "{args:?} shows the password: {stderr}");
    }
    assert!(!env.data().join(parallax_store::STORE_FILE).exists(), "no SQLite store instead");
}
