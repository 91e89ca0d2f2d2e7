//! `parallax watch`: poll feeds and ingest what they bring.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use parallax_fetch::FetchPolicy;
use parallax_model::ArticleId;
use parallax_store::Store;
use parallax_watch::{
    AfterIngest, AfterIngestReport, ClusterAndIndex, CycleReport, Schedule, WatchConfig, Watcher,
};

use super::{clip, open_store, print_json};
use crate::cli::{Cli, PollArgs, WatchArgs};

pub fn run(cli: &Cli, args: &WatchArgs) -> anyhow::Result<ExitCode> {
    let mut watcher = watcher(cli, &args.poll, args.json)?;
    anyhow::ensure!(
        !watcher.store().subscriptions()?.is_empty(),
        "no feeds to watch: give --feeds FILE (OPML, or one URL per line) or ingest an OPML list"
    );
    if args.once {
        let report = watcher.poll_once(Utc::now())?;
        if args.json {
            print_json(&report)?;
        } else {
            print_cycle_table(&report)?;
        }
        let ok = report.failed == 0 && report.errors.is_empty();
        return Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE });
    }
    let shutdown = watcher.shutdown_handle();
    crate::signals::on_stop_signal("watch", "the feed in progress", move |_| shutdown.trigger())?;
    let json = args.json;
    watcher.run(|report| {
        let _ = print_cycle_line(report, json);
    })?;
    Ok(ExitCode::SUCCESS)
}

/// A watcher over the store's subscriptions (and `--feeds`, added to them first), whose
/// new articles are clustered, indexed and run through the alerts.
pub fn watcher(cli: &Cli, args: &PollArgs, quiet: bool) -> anyhow::Result<Watcher> {
    anyhow::ensure!(args.interval > 0, "--interval must be at least 1 second");
    anyhow::ensure!(
        args.timeout.is_finite() && args.timeout > 0.0,
        "--timeout must be a positive number of seconds"
    );
    let config = WatchConfig {
        policy: FetchPolicy {
            allow_private: args.allow_private,
            max_bytes: args.max_body_mib.max(1) << 20,
            timeout: Duration::from_secs_f64(args.timeout),
            ..FetchPolicy::default()
        },
        concurrency: args.concurrency.max(1),
        host_gap: Duration::from_millis(args.host_gap_ms),
        schedule: Schedule { interval: Duration::from_secs(args.interval), ..Schedule::default() },
        ..WatchConfig::default()
    };
    let store = open_store(cli)?;
    let after =
        Box::new(AfterFeeds { base: ClusterAndIndex::new(cli.data_dir()), data: cli.data_dir() });
    let mut watcher = Watcher::new(store, config, after)?;
    if let Some(path) = &args.feeds {
        let feeds = parallax_watch::load_feed_list(path)?;
        let added = watcher.subscribe(&feeds, "watch")?;
        if !quiet {
            eprintln!("{}: {} feeds, {added} new subscriptions", path.display(), feeds.len());
        }
    }
    Ok(watcher)
}

/// What follows each batch of new articles: stories and search (as after `parallax
/// ingest`), then the alerts, matched and their webhooks called.
struct AfterFeeds {
    base: ClusterAndIndex,
    data: PathBuf,
}

impl AfterIngest for AfterFeeds {
    fn after_ingest(&mut self, store: &mut Store, articles: &[ArticleId]) -> AfterIngestReport {
        let mut report = self.base.after_ingest(store, articles);
        if let Some(alerts) = super::alerts::AfterIngest::run(&self.data, store) {
            match alerts.0 {
                Ok((matching, deliveries)) => {
                    report.alert_matches = Some(matching.new_matches);
                    report.webhooks_delivered = Some(deliveries.delivered);
                    report.errors.extend(matching.warnings.iter().map(|w| format!("alerts: {w}")));
                    report.errors.extend(deliveries.errors.iter().map(|e| format!("webhook: {e}")));
                }
                Err(e) => report.errors.push(format!("alerts: {e:#}")),
            }
        }
        report
    }
}

pub fn print_cycle_line(report: &CycleReport, json: bool) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    if json {
        // One line per cycle, without the per-feed details, so the stream stays readable.
        let line = serde_json::json!({
            "started": report.started,
            "seconds": report.seconds,
            "polled": report.polled,
            "fetched": report.fetched,
            "not_modified": report.not_modified,
            "failed": report.failed,
            "new_articles": report.new_articles,
            "errors": report.errors,
        });
        writeln!(out, "{line}")?;
    } else {
        writeln!(
            out,
            "{} {} feeds polled: {} fetched, {} unchanged, {} failed; {} new articles ({:.1} s)",
            report.started.unwrap_or_else(Utc::now).to_rfc3339_opts(SecondsFormat::Secs, true),
            report.polled,
            report.fetched,
            report.not_modified,
            report.failed,
            report.new_articles,
            report.seconds
        )?;
    }
    for e in &report.errors {
        eprintln!("error: {e}");
    }
    out.flush()?;
    Ok(())
}

fn print_cycle_table(report: &CycleReport) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{:<12} {:>5} {:>5} {:>5}  FEED / ERROR", "RESULT", "ITEMS", "NEW", "PAGES")?;
    for f in &report.feeds {
        writeln!(
            out,
            "{:<12} {:>5} {:>5} {:>5}  {}",
            f.result,
            f.items,
            f.new_articles,
            f.pages_fetched,
            clip(&f.feed_url, 90)
        )?;
        if let Some(e) = &f.error {
            writeln!(
                out,
                "{:>32}error: {e}; next poll {}",
                "",
                f.next_poll.to_rfc3339_opts(SecondsFormat::Secs, true)
            )?;
        }
        for p in f.page_failures.iter().chain(&f.item_failures) {
            writeln!(out, "{:>32}{p}", "")?;
        }
    }
    writeln!(
        out,
        "{} feeds polled: {} fetched, {} unchanged, {} failed; {} new articles in {:.1} s",
        report.polled,
        report.fetched,
        report.not_modified,
        report.failed,
        report.new_articles,
        report.seconds
    )?;
    if let Some(after) = &report.after_ingest {
        if let Some(c) = &after.clustering {
            super::stories::print_report(c)?;
        }
        if let Some(n) = after.search_indexed {
            writeln!(out, "search index: {n} articles added")?;
        }
        if let Some(n) = after.alert_matches {
            let delivered = after.webhooks_delivered.unwrap_or(0);
            writeln!(out, "alerts: {n} new matches, {delivered} webhook deliveries")?;
        }
        for e in &after.errors {
            eprintln!("error: {e}");
        }
    }
    for e in &report.errors {
        eprintln!("error: {e}");
    }
    Ok(())
}
