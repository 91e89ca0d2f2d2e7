//! `parallax bench --scale`: the whole path (reading, analysis, deduplication and store,
//! clustering) at growing corpus sizes, on SQLite and PostgreSQL.
//!
//! For each size a synthetic corpus is written as JSON Lines files (see [`corpus`]); each
//! (engine, size) pair is then measured by a child process — this binary re-executed with
//! the hidden `--scale-run DIR` — so each run's peak resident memory is its own and a large
//! run inherits nothing from a smaller one (see [`run`]). The parent prints a table,
//! writes an SVG plot of the cost per article against corpus size (see [`plot`]) and owns
//! the PostgreSQL databases: a fresh one per run in `--database`'s server or in a
//! throwaway cluster (see [`postgres`]), its size read and then dropped.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use anyhow::Context;
use serde::Serialize;

use super::cluster::{demo_events, load_events};
use super::print_json;
use crate::cli::{BenchArgs, BenchEngine};
use run::Run;

mod corpus;
mod goals;
mod plot;
pub(super) mod postgres;
mod run;

const DEFAULT_SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
const DEFAULT_PLOT: &str = "target/bench/scale.svg";
const MAX_ARTICLES: usize = 20_000_000;

#[derive(Serialize)]
struct Report {
    /// Cores the runs had (rayon's threads).
    cores: usize,
    /// The real articles recombined: the demo corpus, or `--sentences-from`.
    sources: Vec<String>,
    source_events: usize,
    source_sentences: usize,
    articles_per_day: usize,
    /// Where the PostgreSQL runs ran, and the settings that differ from the defaults.
    postgres: Option<String>,
    runs: Vec<Run>,
    /// The scale-out issue's targets against these runs.
    goals: Vec<goals::Goal>,
    plot: String,
}

/// `bench --scale`, or with `--scale-run` one measurement in this (child) process.
pub fn run(args: &BenchArgs, database: Option<&str>) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.scale_run {
        let engine = match args.engine[..] {
            [engine] => engine,
            _ => anyhow::bail!("--scale-run takes exactly one --engine"),
        };
        print_json(&run::measure(dir, engine, database)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let sizes =
        if args.articles.is_empty() { DEFAULT_SIZES.to_vec() } else { args.articles.clone() };
    anyhow::ensure!(sizes.iter().all(|&n| n > 0), "--articles: sizes must be positive");
    // The plan of a corpus is held in memory (a few dozen bytes an article) and the corpus
    // takes about 1.6 kB an article on disk, its store three to four times that.
    anyhow::ensure!(
        sizes.iter().all(|&n| n <= MAX_ARTICLES),
        "--articles: at most {MAX_ARTICLES} articles per size"
    );
    anyhow::ensure!(args.per_day > 0, "--per-day must be positive");
    let engines = engines(args, database);
    let plot_path = args.plot.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_PLOT));
    // Progress goes to standard error even with --json: a long run is not silent.
    let say = |message: &str| eprintln!("{message}");

    let server = if engines.contains(&BenchEngine::Postgres) {
        let server = postgres::Server::find(database)?.context(
            "--engine postgres: no PostgreSQL found (initdb and pg_ctl on PATH or in \
             /usr/lib/postgresql/*/bin); pass --database postgres://… for a server of your own",
        )?;
        say(&format!("PostgreSQL: {}", server.shown));
        Some(server)
    } else {
        None
    };
    let events = if args.sentences_from.is_empty() {
        demo_events()?
    } else {
        load_events(&args.sentences_from)?
    };
    let source_sentences = events.iter().map(|e| e.sentences.len()).sum();
    say(&format!(
        "recombining {source_sentences} sentences of {} source events; {} cores",
        events.len(),
        rayon::current_num_threads()
    ));

    let mut runs = Vec::new();
    for &n in &sizes {
        let scratch = tempfile::Builder::new()
            .prefix("parallax-bench-scale-")
            .tempdir()
            .context("creating a directory for the corpus")?;
        let started = Instant::now();
        let corpus = corpus::write(scratch.path(), &events, n, args.per_day)?;
        say(&format!(
            "{n} articles: corpus of {} files, {:.0} MiB ({} syndicated copies, {} delivered twice) written in {:.1} s",
            corpus.files.len(),
            corpus.bytes as f64 / 1_048_576.0,
            corpus.syndicated,
            corpus.redelivered,
            started.elapsed().as_secs_f64()
        ));
        for &engine in &engines {
            say(&format!("  {} …", engine_label(engine)));
            let run = measure_in_child(scratch.path(), engine, n, server.as_ref())?;
            say(&format!(
                "  {}: {:.0} articles/s end to end, peak {:.0} MiB",
                engine_label(engine),
                run.end_to_end.articles_per_second.unwrap_or(0.0),
                run.peak_rss_mib
            ));
            if args.json {
                // What a run measured survives a later run's failure or interruption.
                say(&format!("  {}", serde_json::to_string(&run)?));
            }
            runs.push(run);
        }
    }

    let postgres = server.as_ref().map(|s| match s.settings() {
        Some(settings) => format!("{} with {settings}", s.shown),
        None => s.shown.clone(),
    });
    let context = format!(
        "{} cores; {} articles a day; PostgreSQL: {}.",
        rayon::current_num_threads(),
        args.per_day,
        postgres.as_deref().unwrap_or("not measured")
    );
    write_plot(&plot_path, &plot::svg(&runs, &context))?;
    let report = Report {
        cores: rayon::current_num_threads(),
        sources: if args.sentences_from.is_empty() {
            vec!["demo corpus".into()]
        } else {
            args.sentences_from.iter().map(|p| p.display().to_string()).collect()
        },
        source_events: events.len(),
        source_sentences,
        articles_per_day: args.per_day,
        postgres,
        goals: goals::check(&runs),
        runs,
        plot: plot_path.display().to_string(),
    };
    if args.json {
        print_json(&report)?;
    } else {
        print_table(&mut io::stdout().lock(), &report)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The engines asked for, else both when PostgreSQL is at hand, else SQLite alone.
fn engines(args: &BenchArgs, database: Option<&str>) -> Vec<BenchEngine> {
    let mut engines: Vec<BenchEngine> = Vec::new();
    for &engine in &args.engine {
        if !engines.contains(&engine) {
            engines.push(engine);
        }
    }
    if engines.is_empty() {
        engines.push(BenchEngine::Sqlite);
        if database.is_some() || postgres::Server::available() {
            engines.push(BenchEngine::Postgres);
        }
    }
    engines
}

fn engine_label(engine: BenchEngine) -> &'static str {
    match engine {
        BenchEngine::Sqlite => "SQLite",
        BenchEngine::Postgres => "PostgreSQL",
    }
}

/// Runs one measurement in a child process and reads its JSON report; a PostgreSQL run
/// gets a fresh database, measured and dropped afterwards.
fn measure_in_child(
    dir: &Path,
    engine: BenchEngine,
    articles: usize,
    server: Option<&postgres::Server>,
) -> anyhow::Result<Run> {
    let exe = std::env::current_exe().context("locating this program to re-run it")?;
    let mut child = Command::new(exe);
    child
        .args(["bench", "--scale", "--json", "--engine"])
        .arg(match engine {
            BenchEngine::Sqlite => "sqlite",
            BenchEngine::Postgres => "postgres",
        })
        .arg("--articles")
        .arg(articles.to_string())
        .arg("--scale-run")
        .arg(dir)
        .env_remove("PARALLAX_DATABASE")
        .stdin(Stdio::null());
    let database = match (engine, server) {
        (BenchEngine::Postgres, Some(server)) => {
            let name = format!("parallax_bench_{}_{articles}", std::process::id());
            child.arg("--database").arg(server.create(&name)?);
            Some((server, name))
        }
        (BenchEngine::Postgres, None) => anyhow::bail!("a PostgreSQL run needs a server"),
        (BenchEngine::Sqlite, _) => None,
    };
    let out = child.output().context("running the measurement in a child process");
    let store_bytes = match &database {
        Some((server, name)) => Some(server.size_and_drop(name)?),
        None => None,
    };
    let out = out?;
    anyhow::ensure!(
        out.status.success(),
        "the {} run on {articles} articles failed ({}): {}",
        engine_label(engine),
        out.status,
        String::from_utf8_lossy(&out.stderr).trim()
    );
    let mut run: Run = serde_json::from_slice(&out.stdout)
        .with_context(|| format!("the {} run's report is not JSON", engine_label(engine)))?;
    if let Some(bytes) = store_bytes {
        run.store_bytes = bytes;
    }
    // The store is deleted with the corpus: the next engine starts from an empty disk.
    let sqlite = dir.join("store");
    if sqlite.exists() {
        std::fs::remove_dir_all(&sqlite)
            .with_context(|| format!("removing {}", sqlite.display()))?;
    }
    Ok(run)
}

fn write_plot(path: &Path, svg: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    std::fs::write(path, svg).with_context(|| format!("writing the plot {}", path.display()))
}

fn print_table(out: &mut impl Write, report: &Report) -> io::Result<()> {
    writeln!(
        out,
        "\narticles/s (µs per article) per stage; end to end = ingest + clustering, wall clock, {} cores",
        report.cores
    )?;
    writeln!(
        out,
        "{:<10} {:>9} {:>16} {:>16} {:>16} {:>16} {:>16} {:>9} {:>9}",
        "engine",
        "articles",
        "read",
        "analysis",
        "store",
        "clustering",
        "end to end",
        "peak MiB",
        "store MiB"
    )?;
    let cell = |s: &run::Stage| match s.articles_per_second {
        Some(rate) => format!("{rate:.0} ({:.0})", s.us_per_article),
        None => "hidden (0)".to_string(),
    };
    for r in &report.runs {
        writeln!(
            out,
            "{:<10} {:>9} {:>16} {:>16} {:>16} {:>16} {:>16} {:>9.0} {:>9.0}",
            engine_label(r.engine),
            r.articles,
            cell(&r.stages.read),
            cell(&r.stages.analysis),
            cell(&r.stages.store),
            cell(&r.stages.clustering),
            cell(&r.end_to_end),
            r.peak_rss_mib,
            r.store_bytes as f64 / 1_048_576.0
        )?;
    }
    writeln!(
        out,
        "store = the ingest's wall time beyond reading and analysis (the corpus read and analysed alone first),\n\
         \"hidden\" when the writes kept up with analysis entirely; peak memory is the measuring\n\
         process's (a PostgreSQL server's own is not in it)"
    )?;
    if let Some(pg) = &report.postgres {
        writeln!(out, "PostgreSQL: {pg}")?;
    }
    writeln!(out, "\ngoals (issue 6):")?;
    for goal in &report.goals {
        let verdict = match goal.met {
            Some(true) => "met",
            Some(false) => "NOT MET",
            None => "untold",
        };
        writeln!(out, "  {:<52} {verdict:<8} {}", goal.goal, goal.detail)?;
    }
    writeln!(out, "plot: {}", report.plot)
}
