//! `parallax bench --workers`: reading, extraction and analysis shared by `parallax worker`
//! processes through a PostgreSQL job queue, with one worker and with two.
//!
//! The corpus is a backfill in miniature: web archive files (one gzip member per record,
//! as Common Crawl writes them) of HTML pages whose paragraphs are recombined from the demo
//! corpus's real sentences. Each run gets a fresh database in the `--database` server or a
//! throwaway cluster, queues one job per file, starts the workers (this binary, `worker
//! --drain --no-cluster`) and times them until the queue is empty. Each worker gets the
//! same number of threads, so the runs compare processes, not thread pools: on a machine
//! of N cores, N one-thread workers against one. A run of one worker with every core is
//! shown alongside.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use anyhow::Context;
use flate2::Compression;
use flate2::write::GzEncoder;
use parallax_ingest::Input;
use parallax_pipeline::{JobOptions, enqueue};
use parallax_store::Store;
use serde::Serialize;

use super::rng::Rng;
use super::scale::postgres::Server;
use super::{cores_busy, demo_sentences, escape, machine_time, print_json};
use crate::cli::BenchArgs;

/// Archive files the corpus is cut into: more than workers, so that none waits for work.
const FILES: usize = 8;

#[derive(Serialize)]
struct Report {
    articles: usize,
    files: usize,
    megabytes: f64,
    postgres: String,
    runs: Vec<Run>,
}

#[derive(Serialize)]
struct Run {
    workers: usize,
    threads_per_worker: usize,
    articles: u64,
    seconds: f64,
    articles_per_second: f64,
    /// Against one worker of one thread.
    speedup: f64,
    /// Cores the whole machine kept busy meanwhile, the PostgreSQL server's included
    /// (Linux only): on a machine with as many cores as workers the server takes its share
    /// of them, and the speed-up can go no further than the cores left idle allow.
    cores_busy: Option<f64>,
    /// `articles_per_second` per busy core: equal for one worker and for many when the
    /// workers scale with the cores they get.
    articles_per_core_second: Option<f64>,
}

pub fn run(args: &BenchArgs, database: Option<&str>) -> anyhow::Result<ExitCode> {
    let articles = match args.articles[..] {
        [] => 20_000,
        [n] if n > 0 => n,
        _ => anyhow::bail!("--workers takes one positive --articles count"),
    };
    let server = Server::find(database)?.context(
        "--workers needs PostgreSQL: initdb and pg_ctl on PATH or in /usr/lib/postgresql/*/bin, \
         or --database postgres://… for a server of your own",
    )?;
    let scratch = tempfile::tempdir()?;
    let files = write_corpus(scratch.path(), articles)?;
    let bytes: u64 = files.iter().map(|f| f.metadata().map_or(0, |m| m.len())).sum();
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let mut runs: Vec<Run> = Vec::new();
    for (k, (workers, threads)) in [(1, 1), (cores, 1), (1, cores)].into_iter().enumerate() {
        if k == 1 && cores == 1 {
            continue;
        }
        let name = format!("parallax_bench_workers_{}_{k}", std::process::id());
        let url = server.create(&name)?;
        let outcome = measure(&url, &files, workers, threads);
        server.size_and_drop(&name)?;
        let (stored, seconds, cores_busy) = outcome?;
        let rate = stored as f64 / seconds;
        let baseline = runs.first().map_or(rate, |r| r.articles_per_second);
        runs.push(Run {
            workers,
            threads_per_worker: threads,
            articles: stored,
            seconds,
            articles_per_second: rate,
            speedup: rate / baseline,
            cores_busy,
            articles_per_core_second: cores_busy.filter(|&c| c > 0.0).map(|c| rate / c),
        });
    }
    let report = Report {
        articles,
        files: files.len(),
        megabytes: bytes as f64 / 1e6,
        postgres: server.shown.clone(),
        runs,
    };
    if args.json {
        print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} pages in {} WARC files ({:.1} MB), PostgreSQL: {}",
        report.articles, report.files, report.megabytes, report.postgres
    )?;
    writeln!(
        out,
        "workers  threads each  articles  seconds  articles/s  speed-up  cores busy  \
         per busy core/s"
    )?;
    let shown = |x: Option<f64>, decimals: usize| {
        x.map_or_else(|| "—".to_string(), |x| format!("{x:.decimals$}"))
    };
    for r in &report.runs {
        writeln!(
            out,
            "{:>7}  {:>12}  {:>8}  {:>7.2}  {:>10.0}  {:>7.2}×  {:>10}  {:>15}",
            r.workers,
            r.threads_per_worker,
            r.articles,
            r.seconds,
            r.articles_per_second,
            r.speedup,
            shown(r.cores_busy, 2),
            shown(r.articles_per_core_second, 0)
        )?;
    }
    writeln!(out, "(cores busy: the whole machine's, the PostgreSQL server's share included)")?;
    Ok(ExitCode::SUCCESS)
}

/// Queues the files in the database at `url`, runs `workers` worker processes until the
/// queue is empty, and returns the articles stored, the seconds it took and the cores the
/// machine kept busy meanwhile.
fn measure(
    url: &str,
    files: &[PathBuf],
    workers: usize,
    threads: usize,
) -> anyhow::Result<(u64, f64, Option<f64>)> {
    let inputs: Vec<Input> = files.iter().cloned().map(Input::File).collect();
    let mut store = Store::connect(url)?;
    enqueue(&mut store, &inputs, &JobOptions::default())?;
    let exe = std::env::current_exe().context("finding this program to start workers")?;
    let started = Instant::now();
    let cpu_before = machine_time();
    let children: Vec<_> = (0..workers)
        .map(|w| {
            Command::new(&exe)
                .args(["--database", url, "worker", "--drain", "--no-cluster", "--idle-ms", "20"])
                .args(["--name", &format!("bench-{w}")])
                .env("RAYON_NUM_THREADS", threads.to_string())
                .stdout(Stdio::null())
                .spawn()
                .context("starting a worker")
        })
        .collect::<anyhow::Result<_>>()?;
    for mut child in children {
        let status = child.wait()?;
        anyhow::ensure!(status.success(), "a worker failed ({status})");
    }
    let seconds = started.elapsed().as_secs_f64();
    let busy = cores_busy(cpu_before, machine_time());
    let stored = store.stats()?.articles;
    anyhow::ensure!(store.unfinished_jobs()? == 0, "the workers left jobs unfinished");
    Ok((stored, seconds, busy))
}

/// Writes `n` pages as [`FILES`] `.warc.gz` files and returns their paths.
fn write_corpus(dir: &Path, n: usize) -> anyhow::Result<Vec<PathBuf>> {
    let sentences = demo_sentences()?;
    let mut rng = Rng::from_state(0x9e37_79b9_7f4a_7c15);
    let navigation: String =
        (0..12).map(|k| format!("<li><a href=\"/section/{k}\">Section {k}</a></li>")).collect();
    let mut files = Vec::with_capacity(FILES);
    for f in 0..FILES {
        let path = dir.join(format!("crawl-{f:02}.warc.gz"));
        let mut out = Vec::new();
        for i in (f..n).step_by(FILES) {
            let paragraphs: String = (0..4)
                .map(|_| {
                    let text: Vec<&str> =
                        (0..4).map(|_| sentences[rng.below(sentences.len())].as_str()).collect();
                    format!("<p>{}</p>", escape(&text.join(" ")))
                })
                .collect();
            let html = format!(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
                 <title>Synthetic report {i} | Bench Herald</title>\
                 <meta property=\"article:published_time\" content=\"2022-05-{:02}T10:00:00Z\">\
                 </head><body><nav><ul>{navigation}</ul></nav><article>\
                 <h1>Synthetic report {i}</h1><p class=\"byline\">By the bench desk</p>\
                 {paragraphs}</article><footer><p>Bench Herald. All rights reserved.</p>\
                 </footer></body></html>",
                1 + i % 28
            );
            let http = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                 Content-Length: {}\r\n\r\n{html}",
                html.len()
            );
            let record = format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://bench.example.org/{i}\r\n\
                 WARC-Date: 2026-02-03T04:05:06Z\r\nContent-Type: application/http; msgtype=response\r\n\
                 Content-Length: {}\r\n\r\n{http}\r\n\r\n",
                http.len()
            );
            let mut member = GzEncoder::new(Vec::new(), Compression::fast());
            member.write_all(record.as_bytes())?;
            out.extend(member.finish()?);
        }
        std::fs::write(&path, out).with_context(|| format!("writing {}", path.display()))?;
        files.push(path);
    }
    Ok(files)
}
