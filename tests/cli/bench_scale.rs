//! `parallax bench --scale` on tiny corpora: the JSON report has every stage with positive
//! rates, each run measured in a child process, and the SVG plot is well-formed XML with
//! one line per engine and stage.

use std::collections::BTreeSet;

use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;

use crate::util::Env;

const STAGES: [&str; 4] = ["read", "analysis", "store", "clustering"];

fn scale(env: &Env, engine: &str, extra: &[&str]) -> (Value, String) {
    let plot = env.dir.path().join("plots").join("scale.svg");
    let mut args = vec!["bench", "--scale", "--articles", "300,600", "--engine", engine, "--json"];
    args.extend(["--plot", plot.to_str().unwrap()]);
    args.extend(extra);
    let report = env.json(&args);
    let svg = std::fs::read_to_string(&plot).expect("the plot is written where --plot says");
    (report, svg)
}

fn check_runs(report: &Value, engine: &str) {
    let runs = report["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 2, "{report:#}");
    for (run, n) in runs.iter().zip([300, 600]) {
        assert_eq!(run["engine"], engine);
        assert_eq!(run["articles"], n, "every line of the corpus is read: {run:#}");
        let stored = run["stored"].as_u64().unwrap();
        let duplicates = run["duplicates"].as_u64().unwrap();
        assert_eq!(stored + duplicates, n, "{run:#}");
        assert!(run["near_duplicates"].as_u64().unwrap() > 0, "syndicated copies are linked");
        assert!(run["stories_started"].as_u64().unwrap() > 10, "{run:#}");
        for stage in STAGES {
            let s = &run["stages"][stage];
            assert!(s["seconds"].as_f64().unwrap() >= 0.0, "{stage}: {s}");
            // The store stage is a difference of wall times and may vanish (null rate).
            if stage != "store" || !s["articles_per_second"].is_null() {
                assert!(s["articles_per_second"].as_f64().unwrap() > 0.0, "{stage}: {s}");
                assert!(s["us_per_article"].as_f64().unwrap() > 0.0, "{stage}: {s}");
            }
        }
        let e2e = &run["end_to_end"];
        assert!(e2e["articles_per_second"].as_f64().unwrap() > 0.0);
        let e2e_seconds = e2e["seconds"].as_f64().unwrap();
        let parts = run["ingest_seconds"].as_f64().unwrap()
            + run["stages"]["clustering"]["seconds"].as_f64().unwrap();
        assert!((e2e_seconds - parts).abs() < 1e-6, "{run:#}");
        assert!(run["peak_rss_mib"].as_f64().unwrap() > 1.0);
        assert!(run["store_bytes"].as_u64().unwrap() > 10_000, "{run:#}");
        assert!(run["corpus_bytes"].as_u64().unwrap() > 10_000, "{run:#}");
        assert!(run["store_writer_cpu_seconds"].as_f64().unwrap() >= 0.0);
    }
}

/// The (engine, stage) pairs of the plot's series, after checking the document parses.
fn series(svg: &str) -> BTreeSet<(String, String)> {
    let mut reader = Reader::from_str(svg);
    let mut found = BTreeSet::new();
    let (mut titles, mut depth, mut roots) = (0, 0i32, 0);
    loop {
        match reader.read_event().expect("the plot is well-formed XML") {
            Event::Start(e) | Event::Empty(e)
                if e.name().as_ref() == "g"
                    && e.try_get_attribute("class")
                        .unwrap()
                        .is_some_and(|a| a.value == "series") =>
            {
                let attr = |name: &str| {
                    let a = e.try_get_attribute(name).unwrap().expect(name);
                    a.value.into_owned()
                };
                found.insert((attr("data-engine"), attr("data-stage")));
                depth += 1;
            }
            Event::Start(e) => {
                if depth == 0 && e.name().as_ref() == "svg" {
                    roots += 1;
                }
                if e.name().as_ref() == "title" || e.name().as_ref() == "desc" {
                    titles += 1;
                }
                depth += 1;
            }
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
    assert_eq!(roots, 1, "one <svg> root");
    assert!(titles >= 2, "a <title> and a <desc>");
    found
}

fn expected_series(engine: &str) -> BTreeSet<(String, String)> {
    STAGES.iter().chain(&["end to end"]).map(|s| (engine.to_string(), s.to_string())).collect()
}

#[test]
fn scale_bench_on_sqlite_reports_every_stage_and_plots_them() {
    let env = Env::new();
    let (report, svg) = scale(&env, "sqlite", &[]);
    check_runs(&report, "sqlite");
    assert!(report["cores"].as_u64().unwrap() >= 1);
    assert!(report["postgres"].is_null());
    let goals = report["goals"].as_array().unwrap();
    assert_eq!(goals.len(), 4, "{report:#}");
    // Without PostgreSQL or a million articles, those goals are left open, not passed.
    assert!(goals[1]["met"].is_null() && goals[2]["met"].is_null(), "{report:#}");
    assert_eq!(series(&svg), expected_series("sqlite"));
    assert!(svg.contains("articles in the corpus"));
}

#[test]
fn scale_bench_refuses_bad_sizes_and_engines() {
    let env = Env::new();
    for args in [
        &["bench", "--scale", "--articles", "0"][..],
        &["bench", "--scale", "--articles", "1000000000000"],
        &["bench", "--scale", "--articles", "-5"],
        &["bench", "--scale", "--engine", "oracle"],
        &["bench", "--scale", "--per-day", "0", "--articles", "10"],
        &["bench", "--plot", "x.svg"],
        &["bench", "--sentences-from", "x.jsonl"],
        &["bench", "--scale", "--articles", "10", "--sentences-from", "/nonexistent.jsonl"],
    ] {
        let out = env.run(args);
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(!out.stderr.is_empty(), "{args:?} says why");
    }
}

#[test]
fn scale_bench_on_postgres_reports_the_database_size() {
    // The same throwaway cluster the store tests use, as the `--database` server: each run
    // gets (and drops) a database of its own in it.
    let Some(url) = parallax_store::testdb::fresh_database() else { return };
    let env = Env::new();
    let (report, svg) = scale(&env, "postgres", &["--database", &url]);
    check_runs(&report, "postgres");
    assert!(report["postgres"].as_str().unwrap().contains("--database"));
    assert_eq!(series(&svg), expected_series("postgres"));

    // Without --database, a throwaway cluster of the benchmark's own (when the test
    // database is not a server named from outside, there are binaries to start one).
    if std::env::var_os("PARALLAX_TEST_DATABASE_URL").is_none() {
        let env = Env::new();
        let (report, _) = scale(&env, "sqlite,postgres", &[]);
        let runs = report["runs"].as_array().unwrap();
        let engines: Vec<&str> = runs.iter().map(|r| r["engine"].as_str().unwrap()).collect();
        assert_eq!(engines, ["sqlite", "postgres", "sqlite", "postgres"]);
        assert!(report["postgres"].as_str().unwrap().contains("throwaway"), "{report:#}");
        assert!(runs[1]["store_bytes"].as_u64().unwrap() > 1_000_000, "{report:#}");
    }
}
