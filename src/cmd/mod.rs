//! One module per subcommand.

mod alerts;
mod articles;
mod bench;
mod compare;
mod demo;
mod eval;
mod feeds;
mod ingest;
mod outlets;
mod search;
mod serve;
mod stats;
mod stories;
mod watch;
mod worker;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, Utc};
use parallax_store::Store;

use crate::cli::{Cli, Command};

/// Runs the chosen subcommand.
pub fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Ingest(args) => ingest::run(cli, args),
        Command::Articles(args) => articles::list(cli, args),
        Command::Article(args) => articles::show(cli, args),
        Command::Subscriptions(args) => stats::subscriptions(cli, args),
        Command::Stats(args) => stats::run(cli, args),
        Command::Watch(args) => watch::run(cli, args),
        Command::Feeds(args) => feeds::run(cli, args),
        Command::Search(args) => search::run(cli, args),
        Command::Alerts(command) => alerts::run(cli, command),
        Command::Stories(args) => stories::list_stories(cli, args),
        Command::Story(args) => stories::show_story(cli, args),
        Command::Topics(args) => stories::list_topics(cli, args),
        Command::Topic(args) => stories::show_topic(cli, args),
        Command::Cluster(args) => stories::cluster(cli, args),
        Command::Compare(args) => compare::run(cli, args),
        Command::Outlets(args) => outlets::run(cli, args),
        Command::Worker(args) => worker::run(cli, args),
        Command::Jobs(args) => worker::list(cli, args),
        Command::Serve(args) => serve::run(cli, args),
        Command::Demo(args) => demo::run(cli, args),
        Command::Eval(command) => eval::run(command),
        Command::Bench(args) => bench::run(args, cli.database.as_deref()),
    }
}

/// Opens the store in the data directory.
/// The store: the `--database` one when given, else the data directory's.
fn open_store(cli: &Cli) -> anyhow::Result<Store> {
    if let Some(url) = &cli.database {
        // The store's own errors name the database with its password hidden.
        return Store::connect(url).context("opening the --database store");
    }
    let dir = cli.data_dir();
    Store::open(&dir).with_context(|| format!("opening the data directory {}", dir.display()))
}

/// Parses a date given on the command line.
fn parse_date_arg(flag: &str, raw: &str) -> anyhow::Result<DateTime<Utc>> {
    parallax_ingest::parse_date(raw).with_context(|| {
        format!("{flag} {raw:?} is not a date (try 2022-04-30 or 2022-04-30T14:05:00Z)")
    })
}

/// Writes pretty JSON and a newline to standard output.
fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// A date as `YYYY-MM-DD`, or `-`.
fn day(t: Option<&DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "-".into())
}

/// Cuts `s` to at most `n` characters, marking the cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}
