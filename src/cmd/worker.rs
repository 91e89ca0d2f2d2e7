//! `parallax worker`, `parallax jobs` and `parallax ingest --queue`: many processes sharing
//! one PostgreSQL store.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use parallax_ingest::Input;
use parallax_pipeline::{
    ClusterReport, IngestReport, JobOptions, WorkerConfig, WorkerEvents, enqueue, run_worker,
};
use parallax_store::{ClaimedJob, JobState, JobStatus, Store, is_postgres_url};
use serde_json::json;

use super::{clip, open_store, print_json};
use crate::cli::{Cli, JsonArg, WorkerArgs};

/// The database URL, which workers need: they watch each other through PostgreSQL.
fn postgres_url<'c>(cli: &'c Cli, command: &str) -> anyhow::Result<&'c str> {
    match cli.database.as_deref() {
        Some(url) if is_postgres_url(url) => Ok(url),
        _ => anyhow::bail!(
            "`{command}` needs a PostgreSQL store: --database postgres://… (or PARALLAX_DATABASE); \
             on one machine, `parallax ingest` already uses every core"
        ),
    }
}

pub fn run(cli: &Cli, args: &WorkerArgs) -> anyhow::Result<ExitCode> {
    let url = postgres_url(cli, "worker")?.to_string();
    let config = WorkerConfig {
        name: args.name.clone().unwrap_or_else(default_name),
        idle: Duration::from_millis(args.idle_ms.max(10)),
        drain: args.drain,
        cluster: !args.no_cluster,
        commit_documents: args.commit_documents,
    };
    let connect = move || Store::connect(&url);
    let events = Printer { json: args.json };
    // A stop signal lets the chunk in hand commit; the job then goes back to the queue with
    // its checkpoint, and this worker is marked stopped rather than left to be found dead.
    let stop = crate::signals::stop_flag("worker", "the chunk in progress")?;
    let report = run_worker(&connect, &config, stop.as_atomic(), &events)
        .with_context(|| format!("worker {}", config.name))?;
    let signal = stop.signal().map(|s| s.name());
    if args.json {
        println!("{}", json!({"event": "stopped", "signal": signal, "report": report}));
    } else {
        println!(
            "worker {} stopped{}: {} jobs read, {} lost to other workers, {} articles stored, {} filed under stories",
            config.name,
            signal.map(|s| format!(" on {s}")).unwrap_or_default(),
            report.jobs,
            report.jobs_lost,
            report.articles,
            report.clustered
        );
    }
    // Stopping when asked is this command's normal end: a process manager restarting on
    // failure must not take it for one.
    Ok(ExitCode::SUCCESS)
}

fn default_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "worker".into());
    format!("{host}:{}", std::process::id())
}

/// Prints what a worker does, a line (or a JSON object) per event.
struct Printer {
    json: bool,
}

impl Printer {
    fn line(&self, event: serde_json::Value, text: String) {
        let mut out = io::stdout().lock();
        let _ = if self.json { writeln!(out, "{event}") } else { writeln!(out, "{text}") };
        let _ = out.flush();
    }
}

impl WorkerEvents for Printer {
    fn job_started(&self, job: &ClaimedJob) {
        self.line(
            json!({"event": "job_started", "job": job.lease.job, "input": job.input, "claim": job.lease.claim}),
            format!("job {}: reading {}", job.lease.job, job.input),
        );
    }

    fn job_ended(&self, job: &ClaimedJob, report: &IngestReport) {
        let outcome = if report.lease_lost {
            "lost"
        } else if report.interrupted.is_some() {
            "interrupted"
        } else {
            "done"
        };
        self.line(
            json!({"event": "job_ended", "job": job.lease.job, "outcome": outcome, "report": report}),
            format!(
                "job {}: {outcome}: {} new, {} duplicates, {} syndicated copies, {} failed{}",
                job.lease.job,
                report.new,
                report.duplicates,
                report.near_duplicates,
                report.failed.len(),
                if report.already_read > 0 { " (already read in full)" } else { "" }
            ),
        );
    }

    fn requeued(&self, jobs: u64) {
        self.line(
            json!({"event": "requeued", "jobs": jobs}),
            format!("queued again {jobs} jobs of workers that died"),
        );
    }

    fn clustering_taken(&self) {
        self.line(
            json!({"event": "clustering_taken"}),
            "this worker now files articles under stories".into(),
        );
    }

    fn clustered(&self, report: &ClusterReport) {
        self.line(
            json!({"event": "clustered", "report": report}),
            format!(
                "filed {} articles: {} new stories, {} merged",
                report.articles, report.new_stories, report.merged_stories
            ),
        );
    }
}

pub fn list(cli: &Cli, args: &JsonArg) -> anyhow::Result<ExitCode> {
    let store = open_store(cli)?;
    let jobs = store.jobs()?;
    let workers = store.live_workers()?;
    if args.json {
        print_json(&json!({"jobs": jobs, "workers": workers}))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    writeln!(out, "{} live workers", workers.len())?;
    for w in &workers {
        writeln!(out, "  {:>4}  {}  since {}", w.id, w.name, super::day(w.started_at.as_ref()))?;
    }
    writeln!(
        out,
        "{:>5}  {:<8} {:>9} {:>10} {:>7} {:>6} {:>6}  input",
        "job", "state", "records", "read", "new", "dups", "failed"
    )?;
    for j in &jobs {
        writeln!(
            out,
            "{:>5}  {:<8} {:>9} {:>10} {:>7} {:>6} {:>6}  {}",
            j.id,
            j.state.as_str(),
            j.items,
            read_share(j),
            j.counts.new_articles,
            j.counts.duplicates,
            j.counts.failures,
            clip(&j.input, 60)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn read_share(job: &JobStatus) -> String {
    match job.size {
        Some(size) if size > 0 => {
            format!("{:.0}%", 100.0 * job.bytes.min(size) as f64 / size as f64)
        }
        _ => "-".into(),
    }
}

/// `parallax ingest --queue`: one job per input file, then (with `--wait`) the workers'
/// progress until every one is read.
pub fn enqueue_inputs(
    cli: &Cli,
    inputs: &[Input],
    options: &JobOptions,
    wait: bool,
    quiet: bool,
    json_output: bool,
) -> anyhow::Result<ExitCode> {
    postgres_url(cli, "ingest --queue")?;
    let mut store = open_store(cli)?;
    let queued = enqueue(&mut store, inputs, options)?;
    if !json_output {
        println!(
            "queued {} jobs ({} inputs already queued); start workers with `parallax worker --database …`",
            queued.jobs.len(),
            queued.already_queued
        );
    }
    if !wait {
        if json_output {
            print_json(&queued)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let total_bytes: u64 = inputs.iter().filter_map(Input::size).sum();
    let bar = if quiet || !io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(total_bytes)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} {msg}",
        )
        .expect("the progress template is valid"),
    );
    let started = Instant::now();
    let ours = |jobs: Vec<JobStatus>| -> Vec<JobStatus> {
        jobs.into_iter().filter(|j| queued.jobs.contains(&j.id)).collect()
    };
    let finished = loop {
        let jobs = ours(store.jobs()?);
        let records: u64 = jobs.iter().map(|j| j.items).sum();
        let bytes: u64 = jobs.iter().map(|j| j.bytes).sum();
        let open = jobs.iter().filter(|j| matches!(j.state, JobState::Queued | JobState::Running));
        let open = open.count();
        bar.set_position(bytes);
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        bar.set_message(format!(
            "{records} records ({:.0}/s), {open} of {} jobs left, {} workers",
            records as f64 / secs,
            jobs.len(),
            store.live_workers()?.len()
        ));
        if open == 0 {
            break jobs;
        }
        std::thread::sleep(Duration::from_millis(500));
    };
    bar.finish_and_clear();
    let failed = finished.iter().filter(|j| j.state == JobState::Failed).count();
    if json_output {
        print_json(&json!({"queued": queued, "jobs": finished}))?;
    } else {
        let sum = |f: fn(&JobStatus) -> u64| finished.iter().map(f).sum::<u64>();
        println!(
            "{} jobs read: {} records, {} new, {} duplicates, {} syndicated copies, {} failed records, {failed} failed jobs",
            finished.len(),
            sum(|j| j.items),
            sum(|j| j.counts.new_articles),
            sum(|j| j.counts.duplicates),
            sum(|j| j.counts.near_duplicates),
            sum(|j| j.counts.failures),
        );
        for j in finished.iter().filter(|j| j.state == JobState::Failed) {
            println!("  failed: job {}: {}", j.id, j.counts.last_error.as_deref().unwrap_or("?"));
        }
    }
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
