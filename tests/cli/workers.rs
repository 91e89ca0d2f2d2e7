//! Many `parallax worker` processes on one PostgreSQL store, killed at random moments: no
//! article is lost and none is stored or counted twice. Each test gets a database of its
//! own in a throwaway cluster (see `parallax_store::testdb`); without PostgreSQL the test is
//! skipped, except in CI.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{Env, stdout};

// More than one chunk (1,024 records) per file, and workers that commit each chunk on its
// own (`--commit-documents 1024`), so that jobs are seen half-read.
const FILES: usize = 3;
const PER_FILE: usize = 1400;

/// Inputs of distinct articles (no duplicates, no syndicated copies): sentences of words
/// made of random syllables, with a few topic words so that clustering has real work.
fn corpus(env: &Env) -> Vec<PathBuf> {
    let topics = ["harbour strike", "reservoir drought", "ballot recount", "vaccine trial"];
    let syllables = ["ka", "lo", "mi", "ter", "van", "sul", "dro", "pen", "ri", "gos", "bel", "un"];
    let mut rng = Lcg(0xc0ffee);
    let mut word = move || -> String {
        (0..3).map(|_| syllables[rng.below(syllables.len() as u64) as usize]).collect()
    };
    (0..FILES)
        .map(|f| {
            let mut lines = String::new();
            for k in 0..PER_FILE {
                let i = f * PER_FILE + k;
                let topic = topics[i % topics.len()];
                let mut text = String::new();
                for s in 0..8 {
                    let words: Vec<String> = (0..10).map(|_| word()).collect();
                    text.push_str(&format!("The {topic} {}. ", words.join(" ")));
                    if s % 3 == 2 {
                        text.push_str("\n\n");
                    }
                }
                let day = 1 + (i % 28);
                let row = serde_json::json!({
                    "id": format!("w{i}"),
                    "title": format!("The {topic}: report {i}"),
                    "text": text,
                    "outlet": format!("Outlet {}", i % 5),
                    "published": format!("2026-03-{day:02}T10:00:00Z"),
                });
                lines.push_str(&row.to_string());
                lines.push('\n');
            }
            env.write(&format!("part-{f}.jsonl"), lines)
        })
        .collect()
}

fn worker(env: &Env, url: &str) -> Child {
    env.cmd()
        .args(["worker", "--drain", "--idle-ms", "100", "--commit-documents", "1024"])
        .args(["--database", url])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a worker")
}

fn jobs(env: &Env, url: &str) -> Vec<Value> {
    env.json(&["jobs", "--json", "--database", url])["jobs"].as_array().unwrap().clone()
}

fn article_ids(env: &Env, database: Option<&str>) -> BTreeSet<String> {
    let mut args = vec!["articles", "--json", "--limit", "100000"];
    if let Some(url) = database {
        args.extend(["--database", url]);
    }
    env.json(&args)
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A tiny deterministic generator: the kill schedule is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 =
            self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

#[test]
fn killed_workers_lose_nothing_and_duplicate_nothing() {
    let Some(url) = parallax_store::testdb::fresh_database() else { return };
    let env = Env::new();
    let files = corpus(&env);
    let mut queue = env.cmd();
    queue.args(["ingest", "--queue", "--quiet", "--database", &url]).args(&files);
    let out = queue.output().unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert_eq!(jobs(&env, &url).len(), FILES);

    let mut workers = vec![worker(&env, &url), worker(&env, &url)];
    // The first kill lands inside a job for sure: once a chunk of one is committed.
    let deadline = Instant::now() + Duration::from_secs(120);
    while !jobs(&env, &url).iter().any(|j| j["state"] == "running" && j["items"].as_u64() > Some(0))
    {
        assert!(Instant::now() < deadline, "no job got going: {:#?}", jobs(&env, &url));
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut rng = Lcg(0x5eed);
    let mut kills = 0;
    for round in 0..8 {
        if round > 0 {
            std::thread::sleep(Duration::from_millis(150 + rng.below(900)));
        }
        let victim = rng.below(workers.len() as u64) as usize;
        if workers[victim].try_wait().unwrap().is_some() {
            continue; // It drained and left: nothing left to interrupt.
        }
        workers[victim].kill().unwrap(); // SIGKILL: nothing is cleaned up.
        workers[victim].wait().unwrap();
        kills += 1;
        workers[victim] = worker(&env, &url);
    }
    for mut w in workers {
        let deadline = Instant::now() + Duration::from_secs(300);
        loop {
            if let Some(status) = w.try_wait().unwrap() {
                let mut err = String::new();
                std::io::Read::read_to_string(w.stderr.as_mut().unwrap(), &mut err).unwrap();
                assert!(status.success(), "a worker failed: {err}");
                break;
            }
            assert!(Instant::now() < deadline, "a worker did not drain: {:#?}", jobs(&env, &url));
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    assert!(kills >= 4, "only {kills} kills landed");

    let jobs = jobs(&env, &url);
    let sum = |key: &str| jobs.iter().map(|j| j[key].as_u64().unwrap()).sum::<u64>();
    assert!(jobs.iter().all(|j| j["state"] == "done"), "{jobs:#?}");
    let expected = (FILES * PER_FILE) as u64;
    // Every article was counted new exactly once: none read twice after a takeover.
    assert_eq!(
        (sum("new_articles") + sum("near_duplicates"), sum("duplicates"), sum("failures")),
        (expected, 0, 0),
        "{jobs:#?}"
    );
    assert_eq!(sum("items"), expected);
    assert!(sum("claims") > FILES as u64, "no job was ever taken over: {jobs:#?}");

    let stats = env.json(&["stats", "--json", "--database", &url]);
    assert!(stats["problems"].as_array().unwrap().is_empty(), "{stats}");
    assert_eq!(stats["stats"]["articles"].as_u64(), Some(expected), "{stats}");
    assert_eq!(stats["stats"]["unclustered"].as_u64(), Some(0), "{stats}");

    // The same articles as one process reading the same files into SQLite.
    let alone = Env::new();
    let mut ingest = alone.cmd();
    ingest.args(["ingest", "--quiet", "--no-cluster"]).args(&files);
    assert!(ingest.output().unwrap().status.success());
    assert_eq!(article_ids(&env, Some(&url)), article_ids(&alone, None));
}

#[test]
fn queued_inputs_refuse_a_commit_size_that_only_workers_can_apply() {
    let env = Env::new();
    let input = env.write("wire.jsonl", "{\"id\": \"a\", \"text\": \"The port reopened.\"}\n");
    let out =
        env.run(&["ingest", "--queue", "--commit-documents", "1024", input.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--commit-documents"), "{err}");
}
