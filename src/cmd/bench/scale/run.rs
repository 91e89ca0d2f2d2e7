//! One measurement, in a process of its own: a corpus of JSON Lines files through reading,
//! analysis, the store and clustering.
//!
//! The stages overlap inside [`Ingester::run`] (reading and analysis run ahead of the store
//! writer thread), so they are timed from outside rather than with hooks inside it: a first
//! pass reads and analyses the corpus the way the ingester does (chunks of documents
//! analysed on all cores) and times the two apart; then the real ingest into a fresh store
//! and `cluster_pending` are timed. The store stage is what the ingest costs beyond reading
//! and analysis, the wall time the deduplication and writes add end to end; the store
//! writer thread's own CPU time is reported beside it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use parallax_analyse::Analyser;
use parallax_ingest::{Input, Item, Limits};
use parallax_pipeline::{IngestOptions, Ingester, Outcome, Progress, cluster_pending};
use parallax_store::Store;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::super::{peak_rss_mib, reset_peak_rss, thread_cpu};
use crate::cli::BenchEngine;

/// Documents analysed together in the first pass, as the ingester chunks them.
const CHUNK: usize = 1024;

/// One stage's cost.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Stage {
    pub seconds: f64,
    /// None when the stage took no measurable time: the store's can vanish behind
    /// analysis on a small corpus.
    pub articles_per_second: Option<f64>,
    pub us_per_article: f64,
}

impl Stage {
    fn new(seconds: f64, articles: usize) -> Stage {
        let articles = articles.max(1) as f64;
        Stage {
            seconds,
            articles_per_second: (seconds > 1e-6).then(|| articles / seconds),
            us_per_article: seconds * 1e6 / articles,
        }
    }
}

/// The stages, each per input article (duplicates included: they are read, analysed and
/// checked like any other).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Stages {
    /// Reading and parsing the JSON Lines (one thread, as the ingester reads).
    pub read: Stage,
    /// Text analysis on all cores.
    pub analysis: Stage,
    /// Deduplication and store writes: the ingest's wall time beyond reading and analysis.
    pub store: Stage,
    /// `cluster_pending`: stories and topics.
    pub clustering: Stage,
}

/// Everything one (engine, size) run measured.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Run {
    pub engine: BenchEngine,
    pub articles: usize,
    pub threads: usize,
    /// Articles stored (new and syndicated copies), exact duplicates skipped, syndicated
    /// copies linked to their original.
    pub stored: usize,
    pub duplicates: usize,
    pub near_duplicates: usize,
    pub stories_started: u64,
    pub stories_merged: u64,
    pub stages: Stages,
    /// Ingest (read, analysis, store) and clustering, wall clock: the end-to-end figure.
    pub end_to_end: Stage,
    pub ingest_seconds: f64,
    /// CPU seconds of the whole process during the ingest and the clustering (all cores).
    pub ingest_cpu_seconds: f64,
    pub clustering_cpu_seconds: f64,
    /// CPU seconds of the ingester's store writer thread (on PostgreSQL the server's work
    /// is not in it).
    pub store_writer_cpu_seconds: f64,
    /// Peak resident memory of this process in each phase and overall (on PostgreSQL the
    /// server's memory is not in it).
    pub peak_rss_mib: f64,
    pub peak_rss_mib_first_pass: f64,
    pub peak_rss_mib_ingest: f64,
    pub peak_rss_mib_clustering: f64,
    /// Size of the store on disk once written and clustered: the SQLite files, or
    /// `pg_database_size` (filled in by the parent process, which owns the database).
    pub store_bytes: u64,
    pub corpus_bytes: u64,
}

/// Measures the corpus in `dir` (its `*.jsonl` files) on `engine`: a SQLite store in
/// `dir/store`, or the PostgreSQL database `database` names, which must be empty.
pub(crate) fn measure(
    dir: &Path,
    engine: BenchEngine,
    database: Option<&str>,
) -> anyhow::Result<Run> {
    let files = corpus_files(dir)?;
    let corpus_bytes = files.iter().map(|f| f.metadata().map_or(0, |m| m.len())).sum();
    let inputs: Vec<Input> = files.into_iter().map(Input::File).collect();
    let limits = IngestOptions::default().limits;

    reset_peak_rss();
    let first = first_pass(&inputs, &limits)?;
    let peak_first = peak_rss_mib();
    let articles = first.documents;
    anyhow::ensure!(articles > 0, "no articles in {}", dir.display());

    let sqlite_dir = dir.join("store");
    let mut store = match engine {
        BenchEngine::Sqlite => Store::open(&sqlite_dir)
            .with_context(|| format!("opening a SQLite store in {}", sqlite_dir.display()))?,
        BenchEngine::Postgres => {
            let url = database.context("a PostgreSQL run needs --database")?;
            Store::connect(url).context("opening the PostgreSQL store")?
        }
    };
    reset_peak_rss();
    let writer = WriterClock::default();
    let (cpu, start) = (process_cpu_seconds(), Instant::now());
    let report = Ingester::new(&mut store, IngestOptions::default()).run(&inputs, &writer, None);
    let ingest_seconds = start.elapsed().as_secs_f64();
    let ingest_cpu_seconds = process_cpu_seconds() - cpu;
    let peak_ingest = peak_rss_mib();
    anyhow::ensure!(report.failed.is_empty(), "ingest failed: {}", report.failed[0]);

    reset_peak_rss();
    let (cpu, start) = (process_cpu_seconds(), Instant::now());
    let clustered = cluster_pending(&mut store, &()).context("clustering")?;
    let clustering_seconds = start.elapsed().as_secs_f64();
    let clustering_cpu_seconds = process_cpu_seconds() - cpu;
    let peak_clustering = peak_rss_mib();
    // Closing checkpoints SQLite's write-ahead log into the database file.
    drop(store);
    let store_bytes = match engine {
        BenchEngine::Sqlite => dir_bytes(&sqlite_dir)?,
        BenchEngine::Postgres => 0,
    };

    let store_seconds = (ingest_seconds - first.read_seconds - first.analysis_seconds).max(0.0);
    let end_to_end = ingest_seconds + clustering_seconds;
    Ok(Run {
        engine,
        articles,
        threads: rayon::current_num_threads(),
        stored: report.new + report.near_duplicates,
        duplicates: report.duplicates,
        near_duplicates: report.near_duplicates,
        stories_started: clustered.new_stories,
        stories_merged: clustered.merged_stories,
        stages: Stages {
            read: Stage::new(first.read_seconds, articles),
            analysis: Stage::new(first.analysis_seconds, articles),
            store: Stage::new(store_seconds, articles),
            clustering: Stage::new(clustering_seconds, articles),
        },
        end_to_end: Stage::new(end_to_end, articles),
        ingest_seconds,
        ingest_cpu_seconds,
        clustering_cpu_seconds,
        store_writer_cpu_seconds: writer.cpu.load(Ordering::Relaxed) as f64 / 1e9,
        peak_rss_mib: peak_first.max(peak_ingest).max(peak_clustering),
        peak_rss_mib_first_pass: peak_first,
        peak_rss_mib_ingest: peak_ingest,
        peak_rss_mib_clustering: peak_clustering,
        store_bytes,
        corpus_bytes,
    })
}

/// The corpus's JSON Lines files in name order (the order they were written in).
fn corpus_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry.with_context(|| format!("listing {}", dir.display()))?.path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            files.push(path);
        }
    }
    files.sort();
    anyhow::ensure!(!files.is_empty(), "no .jsonl files in {}", dir.display());
    Ok(files)
}

struct FirstPass {
    documents: usize,
    read_seconds: f64,
    analysis_seconds: f64,
}

/// Reads every input on this thread and analyses the documents in chunks on all cores,
/// timing the two apart; every analysis is dropped once made, as the ingester's are once
/// written.
fn first_pass(inputs: &[Input], limits: &Limits) -> anyhow::Result<FirstPass> {
    let analyser = Analyser::new();
    let mut analysis = Duration::ZERO;
    let mut documents = 0usize;
    let mut failures: Vec<String> = Vec::new();
    let mut pending: Vec<Item> = Vec::with_capacity(CHUNK);
    // The sentence count keeps the analyses from being optimised away.
    let mut sentences = 0usize;
    let mut analyse = |items: Vec<Item>, analysis: &mut Duration| {
        let start = Instant::now();
        sentences += items
            .into_par_iter()
            .map(|item| match item {
                Item::Document(doc) => analyser.analyse(&doc).sentences.len(),
                _ => 0,
            })
            .sum::<usize>();
        *analysis += start.elapsed();
    };
    let start = Instant::now();
    for input in inputs {
        parallax_ingest::read(input, limits, &mut |item| {
            match &item {
                Item::Document(_) => documents += 1,
                Item::Failed(e) => failures.push(e.to_string()),
                Item::Subscription(_) | Item::Page(_) => {}
            }
            pending.push(item);
            if pending.len() >= CHUNK {
                analyse(std::mem::replace(&mut pending, Vec::with_capacity(CHUNK)), &mut analysis);
            }
        });
    }
    analyse(pending, &mut analysis);
    let total = start.elapsed();
    anyhow::ensure!(failures.is_empty(), "reading the corpus failed: {}", failures[0]);
    anyhow::ensure!(sentences > 0 || documents == 0, "the corpus's articles have no sentences");
    Ok(FirstPass {
        documents,
        read_seconds: total.saturating_sub(analysis).as_secs_f64(),
        analysis_seconds: analysis.as_secs_f64(),
    })
}

/// The store writer thread's CPU time, read on that thread: the ingester reports each
/// document from it, so every few hundred documents (and the total is a high-water mark
/// of those readings; the last few hundred documents of a run may be missing).
#[derive(Default)]
struct WriterClock {
    done: AtomicU64,
    cpu: AtomicU64,
}

impl Progress for WriterClock {
    fn document_done(&self, _outcome: Result<&Outcome, &str>) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if done.is_multiple_of(128) {
            let nanos = u64::try_from(thread_cpu().as_nanos()).unwrap_or(u64::MAX);
            self.cpu.fetch_max(nanos, Ordering::Relaxed);
        }
    }
}

/// CPU seconds of this process, exited threads included (`utime` + `stime` of
/// `/proc/self/stat`, in the kernel's 100 Hz ticks).
fn process_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // The command name may hold spaces and parentheses: fields count from its last ')'.
    let Some(rest) = stat.rfind(')').map(|i| &stat[i + 1..]) else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// Bytes of the files in `dir`, subdirectories included.
fn dir_bytes(dir: &Path) -> anyhow::Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() { dir_bytes(&entry.path())? } else { meta.len() };
    }
    Ok(total)
}
