//! `parallax bench --compare`: how long `parallax compare` takes on a large topic, through
//! the store, as a user runs it.
//!
//! The topic is synthetic: `--articles` articles (default 200) recombined from the real
//! sentences of the demo corpus's Azovstal reports, spread over a dozen outlets and three
//! days, ingested and clustered into a fresh store. What is timed, per run: loading the
//! data directory's outlet registry and variant lexicon, reading the topic's articles from
//! the store, every extractor on every sentence, and the comparison itself.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use parallax_outlets::Axis;
use parallax_pipeline::{IngestOptions, Ingester, Subject, compare_subject};
use parallax_store::Store;
use serde::Serialize;

use super::rng::Rng;
use super::{DEMO_DIR, peak_rss_mib, print_json};
use crate::cli::BenchArgs;

/// Timed runs after one warm-up run.
const RUNS: usize = 15;

const OUTLETS: &[(&str, &str)] = &[
    ("Volga Herald", "volgaherald.ru"),
    ("Dnipro Dispatch", "dniprodispatch.com.ua"),
    ("Meridian Wire", "meridianwire.com"),
    ("Northgate Courier", "northgatecourier.co.uk"),
    ("Baltic Ledger", "balticledger.lv"),
    ("Deccan Sentinel", "deccansentinel.in"),
    ("The Commons Post", "thecommonspost.org"),
    ("Kestrel Public Media", "kestrelmedia.ca"),
    ("Southern Cross Tribune", "southerncrosstribune.com.au"),
    ("Heartland Beacon", "heartlandbeacon.com"),
    ("Reuters", "reuters.com"),
    ("TASS", "tass.com"),
];

#[derive(Serialize)]
struct Report {
    articles_generated: usize,
    topic_articles: usize,
    compared_articles: usize,
    sentences: usize,
    sides: usize,
    figures: usize,
    voices: usize,
    facts: usize,
    runs: usize,
    min_ms: f64,
    median_ms: f64,
    p95_ms: f64,
    max_ms: f64,
    peak_rss_mib: f64,
}

pub fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let n = match args.articles[..] {
        [] => 200,
        [n] if n > 0 => n,
        _ => anyhow::bail!("--compare takes one positive --articles count"),
    };
    let (_scratch, data, store) = clustered_store(&synthetic_topic(&azovstal_sentences()?, n))?;
    let topic = store
        .topics(None)?
        .into_iter()
        .max_by_key(|t| t.articles)
        .ok_or_else(|| anyhow::anyhow!("the synthetic articles formed no topic"))?;

    let mut times = Vec::new();
    let mut last = None;
    for i in 0..=RUNS {
        let start = Instant::now();
        let setup = super::super::compare::setup(&data, Axis::Outlet)?;
        let page = compare_subject(&store, Subject::Topic(topic.id), &setup)?;
        if i > 0 {
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        last = page;
    }
    let page = last.ok_or_else(|| anyhow::anyhow!("topic {} vanished", topic.id))?;
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let c = &page.comparison;
    let report = Report {
        articles_generated: n,
        topic_articles: topic.articles as usize,
        compared_articles: page.compared_articles,
        sentences: sentences_in(&store, &page)?,
        sides: c.sides.len(),
        figures: c.figures.len(),
        voices: c.voices.len(),
        facts: c.facts.len(),
        runs: times.len(),
        min_ms: at(0.0),
        median_ms: at(0.5),
        p95_ms: at(0.95),
        max_ms: at(1.0),
        peak_rss_mib: peak_rss_mib(),
    };
    if args.json {
        print_json(&report)?;
    } else {
        let r = &report;
        writeln!(
            io::stdout().lock(),
            "compare on a topic of {} articles ({} read, {} sentences, {} sides; {} figures, {} voices, {} facts):\n  \
             median {:.1} ms, p95 {:.1} ms, min {:.1} ms, max {:.1} ms over {} runs; peak resident memory {:.0} MiB",
            r.topic_articles,
            r.compared_articles,
            r.sentences,
            r.sides,
            r.figures,
            r.voices,
            r.facts,
            r.median_ms,
            r.p95_ms,
            r.min_ms,
            r.max_ms,
            r.runs,
            r.peak_rss_mib
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A fresh store in a scratch directory (dropped with the directory), with the demo's
/// outlet groups, holding `jsonl` ingested and clustered as `parallax ingest` would.
pub(super) fn clustered_store(
    jsonl: &str,
) -> anyhow::Result<(tempfile::TempDir, std::path::PathBuf, Store)> {
    let scratch = tempfile::tempdir()?;
    let data = scratch.path().join("data");
    let mut store = Store::open(&data)?;
    std::fs::copy(
        std::path::Path::new(DEMO_DIR).join("../outlets.toml"),
        data.join(parallax_outlets::FILE_NAME),
    )?;
    let corpus = scratch.path().join("corpus.jsonl");
    std::fs::write(&corpus, jsonl)?;
    let (inputs, _) = parallax_ingest::expand(&[corpus.display().to_string()]);
    let report = Ingester::new(&mut store, IngestOptions::default()).run(&inputs, &(), None);
    anyhow::ensure!(report.failed.is_empty(), "bench ingest failed: {:?}", report.failed.first());
    super::super::stories::run_clustering(&mut store, true)?;
    Ok((scratch, data, store))
}

/// Sentences of the demo corpus's English reports on Azovstal and Mariupol.
pub(super) fn azovstal_sentences() -> anyhow::Result<Vec<(String, String)>> {
    let scratch = tempfile::tempdir()?;
    let mut store = Store::open(scratch.path())?;
    let (inputs, _) = parallax_ingest::expand(&[DEMO_DIR.to_string()]);
    Ingester::new(&mut store, IngestOptions::default()).run(&inputs, &(), None);
    let mut pool = Vec::new();
    for summary in store.articles(&Default::default())? {
        let Some(article) = store.article(summary.id.as_str())? else { continue };
        let about = article.text.contains("Azovstal") || article.text.contains("Mariupol");
        if about && article.language.as_deref() == Some("en") {
            let title = article.title.clone().unwrap_or_default();
            pool.extend(article.sentences.into_iter().map(|s| (title.clone(), s.text)));
        }
    }
    anyhow::ensure!(pool.len() > 20, "too few Azovstal sentences in {DEMO_DIR}");
    Ok(pool)
}

/// `n` JSON Lines articles of 15 to 24 sentences drawn from the pool, each with the title
/// of one of the pool's articles.
pub(super) fn synthetic_topic(pool: &[(String, String)], n: usize) -> String {
    let mut rng = Rng::from_state(0x9E37_79B9_7F4A_7C15);
    let start = Utc.with_ymd_and_hms(2022, 5, 1, 6, 0, 0).unwrap();
    let mut out = String::new();
    for i in 0..n {
        let (outlet, domain) = OUTLETS[i % OUTLETS.len()];
        let sentences = 15 + rng.below(10);
        let picks: Vec<&(String, String)> =
            (0..sentences).map(|_| &pool[rng.below(pool.len())]).collect();
        let text: Vec<&str> = picks.iter().map(|(_, s)| s.as_str()).collect();
        let published = start + Duration::minutes(rng.below(3 * 24 * 60) as i64);
        let record = serde_json::json!({
            "id": format!("bench-{i:05}"),
            "title": picks[0].0,
            "text": text.join(" "),
            "outlet": outlet,
            "url": format!("https://www.{domain}/bench/{i}"),
            "published": published.to_rfc3339(),
            "language": "en",
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

fn sentences_in(store: &Store, page: &parallax_pipeline::ComparisonPage) -> anyhow::Result<usize> {
    let mut n = 0;
    let Subject::Topic(id) = page.subject else { return Ok(0) };
    for m in store.topic_members(id, Some(0), 0)?.all {
        if let Some(a) = store.article(m.id.as_str())? {
            n += a.sentences.len();
        }
    }
    Ok(n)
}
