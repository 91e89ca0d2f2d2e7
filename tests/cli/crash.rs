//! Killing `parallax ingest` at arbitrary moments never leaves a partial article, and a
//! re-run completes the store without duplicating anything.

use crate::util::{Env, stdout};

const ARTICLES: usize = 5000;

fn corpus(env: &Env) -> std::path::PathBuf {
    let words = [
        "port", "union", "strike", "ministry", "river", "flood", "count", "election", "bank",
        "rate", "miners", "rescue", "border", "clash", "vaccine", "trial", "breach", "cloud",
    ];
    let mut lines = String::new();
    for i in 0..ARTICLES {
        let mut text = String::new();
        for s in 0..12 {
            let w = |k: usize| words[(i * 7 + s * 3 + k) % words.len()];
            text.push_str(&format!(
                "Report {i} sentence {s} says the {} and the {} met {} times near the {}. ",
                w(0),
                w(1),
                i % 97 + s,
                w(2)
            ));
            if s % 4 == 3 {
                text.push_str("\n\n");
            }
        }
        lines.push_str(&serde_json::json!({"id": format!("r{i}"), "title": format!("Report {i}"), "text": text}).to_string());
        lines.push('\n');
    }
    env.write("batch.jsonl", lines)
}

#[test]
fn killed_ingests_leave_only_whole_articles() {
    let env = Env::new();
    let batch = corpus(&env);

    // Time one uninterrupted run elsewhere, so the kills land inside the run on any machine.
    let probe = Env::new();
    let started = std::time::Instant::now();
    assert!(probe.ingest(&[&batch]).status.success());
    let full = started.elapsed();

    let mut previous = 0u64;
    let mut interrupted_midway = false;
    for (round, fraction) in [0.15, 0.35, 0.55, 0.75, 0.95].into_iter().enumerate() {
        let mut child = env.cmd().args(["ingest", "--quiet"]).arg(&batch).spawn().unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        let _ = child.kill(); // SIGKILL: no destructor, no rollback hook runs.
        let _ = child.wait();
        let stats = env.json(&["stats", "--json"]);
        assert!(stats["problems"].as_array().unwrap().is_empty(), "round {round}: {stats}");
        let now = stats["stats"]["articles"].as_u64().unwrap();
        assert!(now >= previous, "round {round}: articles went from {previous} to {now}");
        interrupted_midway |= now > 0 && now < ARTICLES as u64;
        previous = now;
    }
    assert!(interrupted_midway, "no kill landed between two commits; ended with {previous}");
    let out = env.ingest(&[&batch]);
    assert!(out.status.success(), "{}", stdout(&out));
    let stats = env.json(&["stats", "--json"]);
    assert_eq!(stats["stats"]["articles"].as_u64().unwrap(), ARTICLES as u64);
    assert!(stats["problems"].as_array().unwrap().is_empty());
    let again = env.ingest(&[&batch]);
    assert!(stdout(&again).contains("0 new"), "{}", stdout(&again));
}
