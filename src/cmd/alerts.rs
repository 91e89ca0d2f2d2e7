//! `parallax alerts`: saved searches, their matches as an Atom feed, and their webhooks;
//! and running them after an ingest.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;
use parallax_alerts::{AlertsReport, DeliveryOptions, DeliveryReport, Webhooks};
use parallax_outlets::Registry;
use parallax_search::{SearchIndex, index_dir};
use parallax_store::{NewAlert, Store};

use super::{clip, open_store, parse_date_arg, print_json};
use crate::cli::{AlertsAddArgs, AlertsCommand, AlertsFeedArgs, AlertsRunArgs, Cli};

pub fn run(cli: &Cli, command: &AlertsCommand) -> anyhow::Result<ExitCode> {
    match command {
        AlertsCommand::Add(args) => add(cli, args),
        AlertsCommand::List(args) => list(cli, args.json),
        AlertsCommand::Rm(args) => remove(cli, args.id),
        AlertsCommand::Run(args) => run_alerts(cli, args),
        AlertsCommand::Feed(args) => feed(cli, args),
    }
}

fn registry(data: &Path) -> anyhow::Result<Registry> {
    Registry::load(data)
        .with_context(|| format!("reading the outlet registry in {}", data.display()))
}

fn add(cli: &Cli, args: &AlertsAddArgs) -> anyhow::Result<ExitCode> {
    let data = cli.data_dir();
    if let Some(group) = &args.group {
        anyhow::ensure!(
            !parallax_search::outlets_in_group(&registry(&data)?, group).is_empty(),
            "no outlet is in group {group:?}; groups are set in {}",
            data.join("outlets.toml").display()
        );
    }
    let new = NewAlert {
        name: args.name.clone(),
        query: args.query.clone(),
        outlets: args.outlet.clone(),
        group: args.group.clone(),
        language: args.language.clone(),
        since: args.since.as_deref().map(|d| parse_date_arg("--since", d)).transpose()?,
        until: args.until.as_deref().map(|d| parse_date_arg("--until", d)).transpose()?,
        webhook: args.webhook.clone(),
        // A key in the environment is for the alerts that have a webhook.
        secret: args.webhook.as_ref().and(args.secret.clone()),
    };
    let mut store = open_store(cli)?;
    let mut index = SearchIndex::open(&index_dir(&data))?;
    // The alert starts from what is indexed now: whatever is stored must be in it first.
    index.index_pending(&store)?;
    let alert = parallax_alerts::create_alert(&mut store, &index, &new)?;
    if args.json {
        print_json(&alert)?;
    } else {
        writeln!(
            io::stdout(),
            "alert {} saved: {:?} — new articles matching {:?} from now on",
            alert.id,
            alert.name,
            alert.query
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn list(cli: &Cli, json: bool) -> anyhow::Result<ExitCode> {
    let alerts = open_store(cli)?.alerts()?;
    if json {
        print_json(&alerts)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    if alerts.is_empty() {
        writeln!(out, "no alerts; add one with `parallax alerts add NAME QUERY`")?;
    }
    for a in &alerts {
        let mut filters = Vec::new();
        if !a.outlets.is_empty() {
            filters.push(format!("outlets: {}", a.outlets.join(", ")));
        }
        if let Some(group) = &a.group {
            filters.push(format!("group: {group}"));
        }
        if let Some(language) = &a.language {
            filters.push(format!("language: {language}"));
        }
        if let Some(webhook) = &a.webhook {
            let signed = if a.signed { ", signed" } else { "" };
            filters.push(format!("webhook: {}{signed}", parallax_alerts::redacted_url(webhook)));
        }
        writeln!(
            out,
            "{:>4}  {}  {:?}  {} matches{}",
            a.id,
            clip(&a.name, 40),
            clip(&a.query, 60),
            a.matches,
            if filters.is_empty() { String::new() } else { format!("  ({})", filters.join("; ")) }
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn remove(cli: &Cli, id: u64) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(open_store(cli)?.delete_alert(id)?, "there is no alert {id}");
    writeln!(io::stdout(), "alert {id} deleted with its matches")?;
    Ok(ExitCode::SUCCESS)
}

/// `alerts run --json`.
#[derive(serde::Serialize)]
struct RunOutput {
    #[serde(flatten)]
    matching: AlertsReport,
    deliveries: DeliveryReport,
}

fn run_alerts(cli: &Cli, args: &AlertsRunArgs) -> anyhow::Result<ExitCode> {
    let data = cli.data_dir();
    let mut store = open_store(cli)?;
    let mut index = SearchIndex::open(&index_dir(&data))?;
    index.index_pending(&store)?;
    let matching = parallax_alerts::match_new(&mut store, &index, &registry(&data)?)?;
    let due = if args.retry_now { None } else { Some(Utc::now()) };
    let deliveries = deliver(&mut store, due)?;
    if args.json {
        print_json(&RunOutput { matching, deliveries })?;
    } else {
        print_matching(&matching)?;
        print_deliveries(&deliveries)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// POSTs the due webhook deliveries (on a runtime of its own: the rest of the CLI is
/// synchronous).
fn deliver(
    store: &mut Store,
    due: Option<chrono::DateTime<Utc>>,
) -> anyhow::Result<DeliveryReport> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the webhook client")?;
    let hooks = Webhooks::new(DeliveryOptions::default())?;
    Ok(runtime.block_on(parallax_alerts::deliver_pending(store, &hooks, due))?)
}

fn print_matching(report: &AlertsReport) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    let per_alert: Vec<String> = report
        .matched
        .iter()
        .map(|r| format!("{}: {}", clip(&r.name, 30), r.new_matches))
        .collect();
    write!(out, "alerts: {} new matches", report.new_matches)?;
    if !per_alert.is_empty() {
        write!(out, " ({})", per_alert.join(", "))?;
    }
    writeln!(out)?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(())
}

fn print_deliveries(report: &DeliveryReport) -> anyhow::Result<()> {
    if report.attempted + report.deferred == 0 {
        return Ok(());
    }
    writeln!(
        io::stdout(),
        "webhooks: {} delivered, {} to retry, {} failed, {} deferred",
        report.delivered,
        report.retrying,
        report.failed,
        report.deferred
    )?;
    for error in &report.errors {
        eprintln!("webhook failed: {error}");
    }
    Ok(())
}

fn feed(cli: &Cli, args: &AlertsFeedArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(cli)?;
    let alert = store.alert(args.id)?.with_context(|| format!("there is no alert {}", args.id))?;
    let matches = store.alert_matches(args.id, args.limit)?;
    let mut out = io::stdout().lock();
    out.write_all(parallax_alerts::atom_feed(&alert, &matches, &args.base_url).as_bytes())?;
    writeln!(out)?;
    Ok(ExitCode::SUCCESS)
}

/// What running the alerts after an ingest did, for the ingest report.
pub struct AfterIngest(pub anyhow::Result<(AlertsReport, DeliveryReport)>);

/// `ingest --json`'s `alerts` key.
#[derive(serde::Serialize)]
pub struct AfterIngestOutput<'a> {
    #[serde(flatten)]
    matching: Option<&'a AlertsReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deliveries: Option<&'a DeliveryReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl AfterIngest {
    /// Runs the alerts over what the index now holds and POSTs what is due. Nothing is done
    /// when there are no alerts.
    pub fn run(data: &Path, store: &mut Store) -> Option<AfterIngest> {
        match store.alerts() {
            Ok(alerts) if alerts.is_empty() => return None,
            Ok(_) => {}
            Err(e) => return Some(AfterIngest(Err(e.into()))),
        }
        let result = (|| {
            let index = SearchIndex::open(&index_dir(data))?;
            let matching = parallax_alerts::match_new(store, &index, &registry(data)?)?;
            let deliveries = if store.pending_deliveries(Some(Utc::now()), 1)?.is_empty() {
                DeliveryReport::default()
            } else {
                deliver(store, Some(Utc::now()))?
            };
            Ok((matching, deliveries))
        })();
        Some(AfterIngest(result))
    }

    pub fn ok(&self) -> bool {
        self.0.is_ok()
    }

    pub fn output(&self) -> AfterIngestOutput<'_> {
        match &self.0 {
            Ok((matching, deliveries)) => AfterIngestOutput {
                matching: Some(matching),
                deliveries: Some(deliveries),
                error: None,
            },
            Err(e) => AfterIngestOutput {
                matching: None,
                deliveries: None,
                error: Some(format!("{e:#}")),
            },
        }
    }

    /// The text report's lines; a failure goes to standard error.
    pub fn print(&self) -> anyhow::Result<()> {
        match &self.0 {
            Ok((matching, deliveries)) => {
                print_matching(matching)?;
                print_deliveries(deliveries)
            }
            Err(e) => {
                eprintln!("error: alerts could not run: {e:#} (the articles are stored)");
                Ok(())
            }
        }
    }
}
