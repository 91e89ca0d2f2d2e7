//! `parallax stats` and `parallax subscriptions`.

use std::io::{self, Write};
use std::process::ExitCode;

use super::{open_store, print_json};
use crate::cli::{Cli, JsonArg};

pub fn run(cli: &Cli, args: &JsonArg) -> anyhow::Result<ExitCode> {
    let store = open_store(cli)?;
    let stats = store.stats()?;
    let problems = store.verify()?;
    if args.json {
        print_json(&serde_json::json!({ "stats": stats, "problems": problems }))?;
    } else {
        let mut out = io::stdout().lock();
        writeln!(out, "store        {}", store.path().display())?;
        writeln!(
            out,
            "articles     {} ({} syndicated copies, {} summary-only)",
            stats.articles, stats.syndicated, stats.summary_only
        )?;
        writeln!(out, "sentences    {}", stats.sentences)?;
        writeln!(out, "outlets      {}", stats.outlets)?;
        writeln!(out, "subscriptions {}", stats.subscriptions)?;
        writeln!(
            out,
            "stories      {} in {} topics ({} articles not yet clustered)",
            stats.stories, stats.topics, stats.unclustered
        )?;
        if problems.is_empty() {
            writeln!(out, "check        ok")?;
        }
        for p in &problems {
            writeln!(out, "problem      {p}")?;
        }
    }
    Ok(if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

pub fn subscriptions(cli: &Cli, args: &JsonArg) -> anyhow::Result<ExitCode> {
    let store = open_store(cli)?;
    let subs = store.subscriptions()?;
    if args.json {
        print_json(&subs)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    for s in &subs {
        writeln!(
            out,
            "{:<28} {:<30} {}",
            s.category.as_deref().unwrap_or("-"),
            s.title.as_deref().unwrap_or("-"),
            s.feed_url
        )?;
    }
    writeln!(out, "{} subscriptions", subs.len())?;
    Ok(ExitCode::SUCCESS)
}
