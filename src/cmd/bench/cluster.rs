//! The story clusterer on synthetic news streams.
//!
//! Real articles (`--sentences-from`, labelled JSON Lines) are cut into sentences and
//! grouped by their story label into source events. A synthetic story picks one source
//! event, a size (a third of stories are single articles, the rest 2 to 40, mean about
//! 4), and a start time uniform over the simulated `--days`; its articles follow within
//! hours to days. Each article has 6 to 14 sentences, about 80 % drawn from its event's
//! sentences (as many as there are) and the rest from random other events, and one of the
//! event's real headlines. Stories therefore open and close as the stream moves through
//! the year, and the same source event recurs at other times as separate stories.
//!
//! What is timed, on the calling thread: `ArticleFeatures::from_analysis` on analysed
//! articles, and `Clusterer::add` with the default configuration. Building and analysing
//! the articles runs untimed, in chunks, on all cores.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use parallax_analyse::{Analyser, Analysis};
use parallax_cluster::{ArticleFeatures, Assignment, Clusterer, Config};
use parallax_model::{Document, Format, Origin};
use parallax_pipeline::{IngestOptions, Ingester};
use parallax_store::Store;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use super::rng::Rng;
use super::{DEMO_DIR, peak_rss_mib, print_json, process_cpu, reset_peak_rss, rss_mib, thread_cpu};
use crate::cli::BenchArgs;

/// Articles built, analysed and then timed together.
const CHUNK: usize = 1000;

#[derive(Serialize)]
struct Report {
    sources: Vec<String>,
    source_events: usize,
    source_sentences: usize,
    days: u32,
    runs: Vec<Run>,
}

#[derive(Serialize)]
struct Run {
    articles: usize,
    synthetic_stories: usize,
    articles_per_day: f64,
    /// CPU seconds of the timing thread (the rates below are per CPU second, i.e. per
    /// core); wall-clock seconds alongside.
    features_seconds: f64,
    add_seconds: f64,
    features_wall_seconds: f64,
    add_wall_seconds: f64,
    features_per_second: f64,
    add_per_second: f64,
    total_per_second: f64,
    /// `Analyser::analyse` (run untimed on all cores; CPU seconds of all threads), for
    /// the cost from raw text: analysis, features and add per CPU second.
    analysis_per_second: f64,
    from_raw_text_per_second: f64,
    /// `ArticleFeatures::from_parts` on the same headline, text and language (tokenising
    /// again), for callers that keep no tokens.
    features_from_parts_per_second: f64,
    features_us_per_article: f64,
    add_us_per_article: f64,
    total_us_per_article: f64,
    /// `Clusterer::add` cost per article in each tenth of the stream, first to last.
    add_us_per_article_by_tenth: Vec<f64>,
    stories_started: usize,
    merges: usize,
    /// B-cubed F1 (precision, recall) of the stories formed against the synthetic
    /// stories: a sanity check, since a source event that recurs within days makes
    /// two synthetic stories of what is rightly one.
    bcubed_vs_synthetic: [f64; 3],
    /// Candidate stories scored per article.
    candidates_per_article: f64,
    open_stories: usize,
    max_open_stories: usize,
    index_size: usize,
    vocabulary: usize,
    snapshot_bytes: usize,
    snapshot_ms: f64,
    restore_ms: f64,
    rss_before_mib: f64,
    rss_after_mib: f64,
    clusterer_mib_per_million_articles: f64,
    peak_rss_mib: f64,
    /// FNV-1a of every assignment (story, new, score bits, merged): equal digests mean
    /// identical decisions.
    assignment_digest: String,
}

/// A source event: the headlines and sentences of the real articles of one story.
pub(super) struct Event {
    pub titles: Vec<String>,
    pub sentences: Vec<String>,
    pub language: Option<String>,
}

pub(super) struct StorySpec {
    event: u32,
    seed: u64,
}

#[derive(Clone, Copy)]
pub(super) struct Planned {
    pub minute: u32,
    pub story: u32,
    pub k: u16,
}

pub fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let sizes =
        if args.articles.is_empty() { vec![10_000, 100_000] } else { args.articles.clone() };
    anyhow::ensure!(sizes.iter().all(|&n| n > 0), "--articles: sizes must be positive");
    anyhow::ensure!(args.days > 0, "--days must be positive");
    let (events, sources) = if args.sentences_from.is_empty() {
        (demo_events()?, vec![DEMO_DIR.to_string()])
    } else {
        (
            load_events(&args.sentences_from)?,
            args.sentences_from.iter().map(|p| p.display().to_string()).collect(),
        )
    };
    let source_sentences = events.iter().map(|e| e.sentences.len()).sum();
    if !args.json {
        eprintln!(
            "recombining {source_sentences} sentences of {} source events; clustering on one core",
            events.len()
        );
    }
    let mut runs = Vec::new();
    for (i, &n) in sizes.iter().enumerate() {
        let corpus = if i == 0 { args.write_corpus.as_deref() } else { None };
        let mut config = Config::default();
        if let Some(max) = args.max_candidates {
            config.max_candidates = max;
        }
        let run = bench(&events, n, args.days, corpus, &config)?;
        if !args.json {
            print_run(&mut io::stdout().lock(), &run)?;
        }
        runs.push(run);
    }
    let report =
        Report { sources, source_events: events.len(), source_sentences, days: args.days, runs };
    if args.json {
        print_json(&report)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// B-cubed F1, precision and recall of the filed stories (merges followed) against the
/// synthetic ones.
fn bcubed(labels: &[(u32, u64)], folded: &HashMap<u64, u64>) -> [f64; 3] {
    let resolve = |mut s: u64| {
        while let Some(&into) = folded.get(&s) {
            s = into;
        }
        s
    };
    let (mut cells, mut gold, mut pred) = (HashMap::new(), HashMap::new(), HashMap::new());
    for &(g, p) in labels {
        let p = resolve(p);
        *cells.entry((g, p)).or_insert(0u64) += 1;
        *gold.entry(g).or_insert(0u64) += 1;
        *pred.entry(p).or_insert(0u64) += 1;
    }
    let n = labels.len().max(1) as f64;
    let (mut precision, mut recall) = (0.0, 0.0);
    for (&(g, p), &k) in &cells {
        let k = k as f64;
        precision += k * k / pred[&p] as f64;
        recall += k * k / gold[&g] as f64;
    }
    let (precision, recall) = (precision / n, recall / n);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    [f1, precision, recall]
}

fn print_run(out: &mut impl Write, r: &Run) -> io::Result<()> {
    writeln!(
        out,
        "{} articles ({} synthetic stories, {:.0} a day):",
        r.articles, r.synthetic_stories, r.articles_per_day
    )?;
    writeln!(
        out,
        "  features {:.0}/s ({:.1} µs), add {:.0}/s ({:.1} µs), together {:.0} articles/s ({:.1} µs per article)",
        r.features_per_second,
        r.features_us_per_article,
        r.add_per_second,
        r.add_us_per_article,
        r.total_per_second,
        r.total_us_per_article
    )?;
    writeln!(
        out,
        "  from raw text (analysis {:.0}/s, untimed above): {:.0} articles/s per core; features by from_parts (tokenising again) {:.0}/s",
        r.analysis_per_second, r.from_raw_text_per_second, r.features_from_parts_per_second
    )?;
    let tenths: Vec<String> =
        r.add_us_per_article_by_tenth.iter().map(|t| format!("{t:.0}")).collect();
    writeln!(out, "  add µs per article by tenth of the stream: {}", tenths.join(" "))?;
    writeln!(
        out,
        "  stories started {}, merges {}, candidates scored per article {:.1}, open at the end {} (at most {}), index {} entries, vocabulary {} terms",
        r.stories_started,
        r.merges,
        r.candidates_per_article,
        r.open_stories,
        r.max_open_stories,
        r.index_size,
        r.vocabulary
    )?;
    let [f1, p, rc] = r.bcubed_vs_synthetic;
    writeln!(out, "  B-cubed against the synthetic stories: F1 {f1:.3} (P {p:.3}, R {rc:.3})")?;
    writeln!(
        out,
        "  snapshot {:.1} KiB ({:.1} ms; restore {:.1} ms)",
        r.snapshot_bytes as f64 / 1024.0,
        r.snapshot_ms,
        r.restore_ms
    )?;
    writeln!(
        out,
        "  resident memory {:.0} → {:.0} MiB ({:.0} MiB per million articles), peak {:.0} MiB",
        r.rss_before_mib, r.rss_after_mib, r.clusterer_mib_per_million_articles, r.peak_rss_mib
    )?;
    writeln!(
        out,
        "  (per CPU second of the clustering thread; wall clock: features {:.2} s, add {:.2} s)",
        r.features_wall_seconds, r.add_wall_seconds
    )?;
    writeln!(out, "  assignment digest {}", r.assignment_digest)
}

/// Source events from labelled JSON Lines: one article per line with a `story` label,
/// or one story per line with its `articles`. Lines without a label are events of their
/// own.
pub(super) fn load_events(paths: &[PathBuf]) -> anyhow::Result<Vec<Event>> {
    // (file, story) → articles as (title, text, language).
    type Raw = (Option<String>, String, Option<String>);
    let mut grouped: BTreeMap<(usize, String), Vec<Raw>> = BTreeMap::new();
    for (f, path) in paths.iter().enumerate() {
        let content =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        for (i, line) in content.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let value: Value = serde_json::from_str(line)
                .with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?;
            let label = match value.get("story") {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => format!("line {i}"),
            };
            let raw = |v: &Value| -> Option<Raw> {
                let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
                Some((s("title"), s("text")?, s("language")))
            };
            let entry = grouped.entry((f, label)).or_default();
            match value.get("articles").and_then(Value::as_array) {
                Some(articles) => entry.extend(articles.iter().filter_map(raw)),
                None => entry.extend(raw(&value)),
            }
        }
    }
    let analyser = Analyser::new();
    let events: Vec<Event> = grouped
        .into_values()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|articles| {
            let mut event = Event { titles: Vec::new(), sentences: Vec::new(), language: None };
            for (title, text, language) in articles {
                let mut doc = Document::new(Origin::file("bench", Format::Jsonl));
                doc.title = title;
                doc.text = text;
                doc.language = language;
                let analysis = analyser.analyse(&doc);
                event.titles.extend(analysis.title);
                event.language = event.language.or(analysis.language);
                event.sentences.extend(
                    analysis
                        .sentences
                        .into_iter()
                        .map(|s| s.text)
                        .filter(|s| s.split_whitespace().count() >= 5),
                );
            }
            event
        })
        .filter(|e| !e.sentences.is_empty())
        .collect();
    anyhow::ensure!(events.len() >= 2, "too few articles with sentences in the given files");
    Ok(events)
}

/// The demo corpus, one event per article.
pub(super) fn demo_events() -> anyhow::Result<Vec<Event>> {
    let scratch = tempfile::tempdir()?;
    let mut store = Store::open(scratch.path())?;
    let (inputs, _) = parallax_ingest::expand(&[DEMO_DIR.to_string()]);
    Ingester::new(&mut store, IngestOptions::default()).run(&inputs, &(), None);
    let mut events = Vec::new();
    for summary in store.articles(&Default::default())? {
        if let Some(article) = store.article(summary.id.as_str())? {
            let sentences: Vec<String> = article
                .sentences
                .into_iter()
                .map(|s| s.text)
                .filter(|s| s.split_whitespace().count() >= 5)
                .collect();
            if !sentences.is_empty() {
                events.push(Event {
                    titles: article.title.into_iter().collect(),
                    sentences,
                    language: article.language,
                });
            }
        }
    }
    anyhow::ensure!(events.len() >= 2, "no articles with sentences in {DEMO_DIR}");
    Ok(events)
}

/// The stories of a stream of `n` articles over `days`, and its articles in
/// publication order.
pub(super) fn plan(n: usize, days: u32, events: usize) -> (Vec<StorySpec>, Vec<Planned>) {
    let mut rng = Rng::new(n as u64 ^ 0x5EED);
    let span = u64::from(days) * 1440;
    let (mut stories, mut planned) = (Vec::new(), Vec::with_capacity(n + 64));
    while planned.len() < n {
        let size = if rng.below(100) < 35 {
            1
        } else {
            let mut size = 2;
            while size < 40 && rng.below(4) != 0 {
                size += 1;
            }
            size
        };
        let story = stories.len() as u32;
        stories.push(StorySpec { event: rng.below(events) as u32, seed: rng.next() });
        let start = rng.next() % span;
        for k in 0..size {
            // Follow-ups within hours to days (exponential, mean 18 hours, at most 5 days).
            let delay = if k == 0 { 0.0 } else { (-rng.unit().ln() * 18.0 * 60.0).min(7200.0) };
            let minute = (start + delay as u64).min(u64::from(u32::MAX)) as u32;
            planned.push(Planned { minute, story, k: k as u16 });
        }
    }
    planned.sort_by_key(|p| (p.minute, p.story, p.k));
    planned.truncate(n);
    (stories, planned)
}

fn start_of_year() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).single().expect("a valid date")
}

/// One synthetic article; returns the document and its outlet.
pub(super) fn build(events: &[Event], story: &StorySpec, p: &Planned) -> (Document, String) {
    let mut rng = Rng::new(story.seed ^ (u64::from(p.k) + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let event = &events[story.event as usize];
    let count = 6 + rng.below(9);
    let main = (count * 4).div_ceil(5).min(event.sentences.len());
    // Distinct sentences of the event (a partial Fisher–Yates shuffle of its indices).
    let mut order: Vec<u32> = (0..event.sentences.len() as u32).collect();
    for i in 0..main {
        let j = i + rng.below(order.len() - i);
        order.swap(i, j);
    }
    let mut sentences: Vec<&str> =
        order[..main].iter().map(|&i| event.sentences[i as usize].as_str()).collect();
    while sentences.len() < count {
        let other = &events[rng.below(events.len())];
        sentences.push(&other.sentences[rng.below(other.sentences.len())]);
    }
    // The first sentence stays one of the event's; the rest are shuffled.
    for i in (2..sentences.len()).rev() {
        let j = 1 + rng.below(i);
        sentences.swap(i, j);
    }
    let mut text = String::new();
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            text.push_str(if i % 3 == 0 { "\n\n" } else { " " });
        }
        text.push_str(s);
    }
    let mut doc = Document::new(Origin::file("bench", Format::Jsonl));
    if !event.titles.is_empty() {
        doc.title = Some(event.titles[rng.below(event.titles.len())].clone());
    }
    doc.text = text;
    doc.language = event.language.clone();
    doc.published = Some(start_of_year() + TimeDelta::minutes(i64::from(p.minute)));
    (doc, format!("outlet-{}", rng.below(40)))
}

fn bench(
    events: &[Event],
    n: usize,
    days: u32,
    corpus: Option<&Path>,
    config: &Config,
) -> anyhow::Result<Run> {
    let (stories, planned) = plan(n, days, events.len());
    let mut corpus = match corpus {
        Some(path) => Some(BufWriter::new(
            File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => None,
    };
    let analyser = Analyser::new();
    reset_peak_rss();
    let rss_before = rss_mib();
    let mut clusterer = Clusterer::new(config.clone());
    // Per article: its synthetic story and the story it was filed under.
    let mut labels: Vec<(u32, u64)> = Vec::with_capacity(n);
    let mut folded: HashMap<u64, u64> = HashMap::new();
    let (mut features_time, mut add_time) = (Duration::ZERO, Duration::ZERO);
    let (mut features_wall, mut add_wall) = (Duration::ZERO, Duration::ZERO);
    let (mut analysis_time, mut from_parts_time) = (Duration::ZERO, Duration::ZERO);
    let mut by_tenth = [(Duration::ZERO, 0usize); 10];
    let (mut started, mut merges, mut max_open) = (0, 0, 0);
    let mut digest = 0xcbf2_9ce4_8422_2325u64;
    let mut assignments: Vec<Assignment> = Vec::with_capacity(CHUNK);
    for (c, chunk) in planned.chunks(CHUNK).enumerate() {
        let docs: Vec<(Document, String)> =
            chunk.par_iter().map(|p| build(events, &stories[p.story as usize], p)).collect();
        if let Some(out) = corpus.as_mut() {
            for (i, ((doc, outlet), p)) in docs.iter().zip(chunk).enumerate() {
                let line = serde_json::json!({
                    "id": format!("syn-{:07}", c * CHUNK + i),
                    "title": doc.title,
                    "text": doc.text,
                    "outlet": outlet,
                    "url": null,
                    "published": doc.published.map(|t| t.to_rfc3339()),
                    "language": doc.language,
                    "story": format!("syn-{}", p.story),
                });
                writeln!(out, "{line}")?;
            }
        }
        let cpu = process_cpu();
        let analyses: Vec<Analysis> = docs.par_iter().map(|(d, _)| analyser.analyse(d)).collect();

        analysis_time += process_cpu().saturating_sub(cpu);
        let (wall, cpu) = (Instant::now(), thread_cpu());
        let features: Vec<ArticleFeatures> = analyses
            .iter()
            .zip(&docs)
            .map(|(a, (d, _))| ArticleFeatures::from_analysis(a, d.published))
            .collect();
        features_time += thread_cpu().saturating_sub(cpu);
        features_wall += wall.elapsed();

        let cpu = thread_cpu();
        let again: Vec<ArticleFeatures> = analyses
            .iter()
            .zip(&docs)
            .map(|(a, (d, _))| {
                ArticleFeatures::from_parts(
                    a.title.as_deref(),
                    &a.text,
                    a.language.as_deref(),
                    d.published,
                )
            })
            .collect();
        from_parts_time += thread_cpu().saturating_sub(cpu);
        anyhow::ensure!(again == features, "from_parts and from_analysis disagree");
        drop(again);

        let (wall, cpu) = (Instant::now(), thread_cpu());
        assignments.extend(features.iter().map(|f| clusterer.add(f)));
        let took = thread_cpu().saturating_sub(cpu);
        add_wall += wall.elapsed();
        add_time += took;
        let tenth = (c * CHUNK * 10 / n).min(9);
        by_tenth[tenth].0 += took;
        by_tenth[tenth].1 += chunk.len();

        max_open = max_open.max(clusterer.open_stories());
        for (a, p) in assignments.drain(..).zip(chunk) {
            labels.push((p.story, a.story.0));
            for m in &a.merged {
                folded.insert(m.0, a.story.0);
            }
            started += usize::from(a.new_story);
            merges += a.merged.len();
            let record =
                format!("{} {} {:08x} {:?}\n", a.story.0, a.new_story, a.score.to_bits(), a.merged);
            for b in record.bytes() {
                digest = (digest ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    if let Some(mut out) = corpus {
        out.flush()?;
    }
    let rss_after = rss_mib();
    let start = thread_cpu();
    let snapshot = clusterer.snapshot();
    let snapshot_ms = thread_cpu().saturating_sub(start).as_secs_f64() * 1e3;
    let start = thread_cpu();
    let restored = Clusterer::restore(config.clone(), &snapshot)?;
    let restore_ms = thread_cpu().saturating_sub(start).as_secs_f64() * 1e3;
    anyhow::ensure!(restored.snapshot() == snapshot, "snapshot → restore → snapshot differs");
    drop(restored);
    let per_second = |d: Duration| n as f64 / d.as_secs_f64().max(1e-9);
    let us = |d: Duration| d.as_secs_f64() * 1e6 / n as f64;
    let first = planned.first().map_or(0, |p| p.minute);
    let last = planned.last().map_or(0, |p| p.minute);
    let days_spanned = (f64::from(last - first) / 1440.0).max(1.0);
    Ok(Run {
        articles: n,
        synthetic_stories: stories.len(),
        articles_per_day: n as f64 / days_spanned,
        features_seconds: features_time.as_secs_f64(),
        add_seconds: add_time.as_secs_f64(),
        features_wall_seconds: features_wall.as_secs_f64(),
        add_wall_seconds: add_wall.as_secs_f64(),
        features_per_second: per_second(features_time),
        add_per_second: per_second(add_time),
        total_per_second: per_second(features_time + add_time),
        analysis_per_second: per_second(analysis_time),
        from_raw_text_per_second: per_second(analysis_time + features_time + add_time),
        features_from_parts_per_second: per_second(from_parts_time),
        features_us_per_article: us(features_time),
        add_us_per_article: us(add_time),
        total_us_per_article: us(features_time + add_time),
        add_us_per_article_by_tenth: by_tenth
            .iter()
            .map(|&(d, k)| if k == 0 { 0.0 } else { d.as_secs_f64() * 1e6 / k as f64 })
            .collect(),
        stories_started: started,
        merges,
        bcubed_vs_synthetic: bcubed(&labels, &folded),
        candidates_per_article: clusterer.candidates_scored() as f64 / n as f64,
        open_stories: clusterer.open_stories(),
        max_open_stories: max_open,
        index_size: clusterer.index_size(),
        vocabulary: clusterer.vocabulary_size(),
        snapshot_bytes: snapshot.len(),
        snapshot_ms,
        restore_ms,
        rss_before_mib: rss_before,
        rss_after_mib: rss_after,
        clusterer_mib_per_million_articles: (rss_after - rss_before) * 1e6 / n as f64,
        peak_rss_mib: peak_rss_mib(),
        assignment_digest: format!("{digest:016x}"),
    })
}
