//! `parallax ingest`.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use parallax_ingest::{Input, Limits, expand};
use parallax_pipeline::{
    Checkpoints, ClusterReport, IngestOptions, IngestReport, Ingester, JobOptions, Outcome,
    Progress,
};

use super::alerts::{AfterIngest, AfterIngestOutput};
use super::search::Indexed;
use super::{open_store, parse_date_arg, print_json};
use crate::cli::{Cli, IngestArgs};

pub fn run(cli: &Cli, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let published =
        args.published.as_deref().map(|p| parse_date_arg("--published", p)).transpose()?;
    let (inputs, errors) = expand(&args.paths);
    if args.queue {
        for e in &errors {
            eprintln!("error: {e}");
        }
        let options = JobOptions {
            outlet: args.outlet.clone(),
            published,
            document_bytes: Some(args.max_document_mib << 20),
        };
        let code = super::worker::enqueue_inputs(
            cli, &inputs, &options, args.wait, args.quiet, args.json,
        )?;
        return Ok(if errors.is_empty() { code } else { ExitCode::FAILURE });
    }
    let options = IngestOptions {
        outlet: args.outlet.clone(),
        published,
        limits: Limits { document_bytes: args.max_document_mib << 20, ..Limits::default() },
        checkpoints: if args.from_start { Checkpoints::Off } else { Checkpoints::Archives },
        commit_documents: args.commit_documents,
    };
    let mut store = open_store(cli)?;
    let bytes = Arc::new(AtomicU64::new(0));
    let bar = ProgressBar::with_draw_target(
        Some(inputs.iter().filter_map(Input::size).sum()),
        draw_target(args.quiet),
    );
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} \
             {binary_bytes_per_sec} ETA {eta} {msg}",
        )
        .expect("the progress template is valid"),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let progress = Bar { bar: bar.clone(), bytes: bytes.clone(), docs: AtomicU64::new(0) };
    let stop = crate::signals::stop_flag(
        "ingest",
        "the step in progress (the articles read so far are kept)",
    )?;
    let mut report = Ingester::new(&mut store, options).with_stop(stop.as_atomic()).run(
        &inputs,
        &progress,
        Some(bytes),
    );
    bar.finish_and_clear();
    report.failed.splice(0..0, errors.iter().map(ToString::to_string));
    // After a stop signal the process is to end soon. Stories, search and alerts all pick
    // up from where they are, so what is skipped here the next run (or `parallax cluster`)
    // brings up to date. A signal during clustering ends the pass at its next chunk, with
    // what it filed kept; one during the later steps lets the step end and skips the rest.
    let stopped = || stop.signal().is_some();
    let clustering = if args.no_cluster || stopped() {
        None
    } else {
        super::stories::run_clustering_with_stop(&mut store, args.quiet, Some(stop.as_atomic()))?
    };
    let indexed = if stopped() { None } else { Some(Indexed::run(&cli.data_dir(), &store)) };
    let alerts = if stopped() { None } else { AfterIngest::run(&cli.data_dir(), &mut store) };
    let signal = stop.signal();
    if let Some(signal) = signal
        && (report.stopped || report.interrupted.is_none())
    {
        // The ingester's reason says it was asked to stop, not what asked: name the signal.
        // A signal after its last chunk is reported too, as it skipped the steps after the
        // reading: the rerun it asks for then finds every input read and is quick.
        report.interrupted = Some(format!("{} received", signal.name()));
    }
    if args.json {
        print_json(&IngestOutput {
            ingest: &report,
            clustering: clustering.as_ref(),
            search_indexed: indexed.as_ref().and_then(Indexed::added),
            search_error: indexed.as_ref().and_then(Indexed::error),
            alerts: alerts.as_ref().map(AfterIngest::output),
        })?;
    } else {
        print_report(&report)?;
        if let Some(clustering) = &clustering {
            super::stories::print_report(clustering)?;
        }
        if let Some(indexed) = &indexed {
            indexed.print()?;
        }
        if let Some(alerts) = &alerts {
            alerts.print()?;
        }
    }
    if let Some(signal) = signal {
        // 128 + the signal's number, as had the signal killed the process: a script or
        // process manager sees the run cut short, and can tell it from a run whose inputs
        // failed (1), which running again would not mend.
        return Ok(ExitCode::from(signal.exit_code()));
    }
    let ok = report.failed.is_empty()
        && report.interrupted.is_none()
        && indexed.as_ref().is_none_or(Indexed::ok)
        && alerts.as_ref().is_none_or(AfterIngest::ok);
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// `ingest --json`: the ingest report's keys, the clustering pass's under `clustering`, the
/// search index's, and the alerts' under `alerts`.
#[derive(serde::Serialize)]
struct IngestOutput<'a> {
    #[serde(flatten)]
    ingest: &'a IngestReport,
    #[serde(skip_serializing_if = "Option::is_none")]
    clustering: Option<&'a ClusterReport>,
    /// Articles added to the search index.
    #[serde(skip_serializing_if = "Option::is_none")]
    search_indexed: Option<usize>,
    /// Why the search index could not be brought up to date (the articles are stored).
    #[serde(skip_serializing_if = "Option::is_none")]
    search_error: Option<String>,
    /// What the saved searches found among the new articles (absent when there are none).
    #[serde(skip_serializing_if = "Option::is_none")]
    alerts: Option<AfterIngestOutput<'a>>,
}

fn draw_target(quiet: bool) -> indicatif::ProgressDrawTarget {
    if quiet || !io::stderr().is_terminal() {
        indicatif::ProgressDrawTarget::hidden()
    } else {
        indicatif::ProgressDrawTarget::stderr()
    }
}

struct Bar {
    bar: ProgressBar,
    bytes: Arc<AtomicU64>,
    docs: AtomicU64,
}

impl Progress for Bar {
    fn input_started(&self, input: &Input) {
        self.bar.set_position(self.bytes.load(Ordering::Relaxed));
        self.bar.set_message(super::clip(&input.name(), 40));
    }

    fn document_done(&self, _outcome: Result<&Outcome, &str>) {
        let docs = self.docs.fetch_add(1, Ordering::Relaxed) + 1;
        if docs.is_multiple_of(64) {
            self.bar.set_position(self.bytes.load(Ordering::Relaxed));
            let secs = self.bar.elapsed().as_secs_f64().max(1e-3);
            self.bar.set_message(format!("{docs} records, {:.0}/s", docs as f64 / secs));
        }
    }
}

/// Prints the end-of-run summary: counts, then each failure with its input.
pub fn print_report(report: &IngestReport) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} inputs: {} new{}, {} duplicates, {} near-duplicates (syndicated copies), {} completed summaries, \
         {} subscriptions, {} failed",
        report.inputs,
        report.new,
        if report.summary_only > 0 {
            format!(" ({} summary-only)", report.summary_only)
        } else {
            String::new()
        },
        report.duplicates,
        report.near_duplicates,
        report.completed,
        report.subscriptions,
        report.failed.len()
    )?;
    if report.resumed > 0 {
        writeln!(out, "  {} inputs read on from their checkpoint", report.resumed)?;
    }
    if report.already_read > 0 {
        writeln!(
            out,
            "  {} inputs skipped: read to the end by an earlier run (--from-start reads them again)",
            report.already_read
        )?;
    }
    for failure in &report.failed {
        writeln!(out, "  failed: {failure}")?;
    }
    if let Some(why) = &report.interrupted {
        writeln!(out, "  stopped early: {why}; run the same command again to go on")?;
    }
    Ok(())
}
