//! `parallax bench --search`: indexing throughput and query latency of full-text search on
//! a synthetic corpus (default 100,000 articles) recombined from the demo corpus's sentences.
//!
//! Queries are one to three words drawn from the corpus's own vocabulary, so most match
//! something, as typed queries do; each is timed end to end as the API runs it (ranking,
//! reading the stored hits, snippets and titles with highlights), 20 hits per query.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use chrono::{TimeZone, Utc};
use parallax_model::{Article, ArticleId, Format};
use parallax_search::{SearchIndex, SearchQuery};
use serde::Serialize;

use super::rng::Rng;
use super::{demo_sentences, peak_rss_mib, print_json};
use crate::cli::BenchArgs;

/// Queries timed (after a few untimed ones that warm the page cache).
const QUERIES: usize = 400;
const WARM_UP: usize = 20;
/// Hits per query, as the page shows.
const HITS: usize = 20;
/// Outlets the synthetic articles are spread over.
const OUTLETS: usize = 40;

#[derive(Serialize)]
struct SearchBench {
    articles: usize,
    index_seconds: f64,
    articles_per_second: f64,
    index_megabytes: f64,
    queries: usize,
    filtered_queries: usize,
    mean_hits: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    peak_rss_mib: f64,
}

fn synthetic(i: usize, sentences: &[String], rng: &mut Rng) -> Article {
    let mut text = String::new();
    for p in 0..4 {
        for _ in 0..4 {
            text.push_str(&sentences[rng.below(sentences.len())]);
            text.push(' ');
        }
        if p < 3 {
            text.push_str("\n\n");
        }
    }
    let title: Vec<&str> =
        sentences[rng.below(sentences.len())].split_whitespace().take(10).collect();
    let outlet = format!("Bench Outlet {}", i % OUTLETS);
    let published = Utc.with_ymd_and_hms(2022, 1, 1, 0, 0, 0).unwrap()
        + chrono::Duration::minutes(rng.below(365 * 24 * 60) as i64);
    Article {
        id: ArticleId(format!("bench-{i}")),
        title: Some(title.join(" ")),
        domain: Some(format!("outlet{}.example", i % OUTLETS)),
        outlet: Some(outlet),
        url: None,
        canonical_url: None,
        published: Some(published),
        captured: None,
        language: Some("en".into()),
        byline: None,
        text,
        summary_only: false,
        syndicated_of: None,
        format: Format::Text,
        source: "bench".into(),
        ingested_at: Utc::now(),
        extra: Default::default(),
        sentences: Vec::new(),
    }
}

pub fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let articles = match args.articles[..] {
        [] => 100_000,
        [n] if n > 0 => n,
        _ => anyhow::bail!("--search takes one number of articles, at least 1"),
    };
    let sentences = demo_sentences()?;
    let scratch = tempfile::tempdir()?;
    let dir = scratch.path().join("search");
    let mut index = SearchIndex::open(&dir)?;
    let mut rng = Rng::from_state(0x9E37_79B9_7F4A_7C15);
    let start = Instant::now();
    let corpus = (0..articles).map(|i| synthetic(i, &sentences, &mut rng));
    let added = index.index_articles(corpus)?;
    let index_seconds = start.elapsed().as_secs_f64();
    anyhow::ensure!(added == articles, "indexed {added} of {articles} articles");

    // Words of at least four letters, so that queries are not all stop words.
    let mut vocabulary: Vec<String> = sentences
        .iter()
        .flat_map(|s| s.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .map(str::to_lowercase)
        .collect();
    vocabulary.sort_unstable();
    vocabulary.dedup();
    anyhow::ensure!(!vocabulary.is_empty(), "no words to query");
    let mut rng = Rng::from_state(0xD1B5_4A32_D192_ED03);
    let mut latencies = Vec::with_capacity(QUERIES);
    let mut hits = 0usize;
    let mut filtered = 0usize;
    for q in 0..WARM_UP + QUERIES {
        let words: Vec<&str> = (0..1 + rng.below(3))
            .map(|_| vocabulary[rng.below(vocabulary.len())].as_str())
            .collect();
        let mut query = SearchQuery { limit: HITS, ..SearchQuery::new(&words.join(" ")) };
        // One query in four also filters by outlet, as the page's filters do.
        let filter = q % 4 == 3;
        if filter {
            query.outlets = vec![format!("Bench Outlet {}", rng.below(OUTLETS))];
        }
        let t = Instant::now();
        let found = index.search(&query)?;
        let elapsed = t.elapsed();
        if q >= WARM_UP {
            latencies.push(elapsed.as_secs_f64() * 1e3);
            hits += found.len();
            filtered += usize::from(filter);
        }
    }
    latencies.sort_by(f64::total_cmp);
    let at = |p: f64| latencies[((latencies.len() - 1) as f64 * p).round() as usize];
    let report = SearchBench {
        articles,
        index_seconds,
        articles_per_second: articles as f64 / index_seconds,
        index_megabytes: folder_bytes(&dir) as f64 / 1e6,
        queries: QUERIES,
        filtered_queries: filtered,
        mean_hits: hits as f64 / QUERIES as f64,
        p50_ms: at(0.5),
        p99_ms: at(0.99),
        max_ms: latencies.last().copied().unwrap_or_default(),
        peak_rss_mib: peak_rss_mib(),
    };
    if args.json {
        print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    let r = &report;
    writeln!(
        out,
        "search index: {} articles in {:.1} s ({:.0} articles/s, {:.0} MB on disk)",
        r.articles, r.index_seconds, r.articles_per_second, r.index_megabytes
    )?;
    writeln!(
        out,
        "queries of 1-3 words, {} hits with snippets: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms \
         ({} queries, {} with an outlet filter, {:.1} hits on average)",
        HITS, r.p50_ms, r.p99_ms, r.max_ms, r.queries, r.filtered_queries, r.mean_hits
    )?;
    writeln!(out, "peak resident memory: {:.0} MiB", r.peak_rss_mib)?;
    Ok(ExitCode::SUCCESS)
}

fn folder_bytes(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum())
        .unwrap_or(0)
}
