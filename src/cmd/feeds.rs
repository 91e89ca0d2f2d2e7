//! `parallax feeds`: the watched feeds and their polling state.

use std::io::{self, Write};
use std::process::ExitCode;

use chrono::{DateTime, SecondsFormat, Utc};

use super::{clip, open_store, print_json};
use crate::cli::{Cli, JsonArg};

pub fn run(cli: &Cli, args: &JsonArg) -> anyhow::Result<ExitCode> {
    let store = open_store(cli)?;
    let feeds = store.feeds()?;
    if args.json {
        print_json(&feeds)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{:<8} {:>5} {:>8}  {:<20}  {:<20}  FEED",
        "STATUS", "FAILS", "ARTICLES", "LAST POLLED", "NEXT POLL"
    )?;
    for f in &feeds {
        writeln!(
            out,
            "{:<8} {:>5} {:>8}  {:<20}  {:<20}  {}",
            f.status,
            f.consecutive_failures,
            f.articles_added,
            time(f.last_polled.as_ref()),
            time(f.next_poll.as_ref()),
            clip(&f.feed_url, 80)
        )?;
        if let Some(e) = &f.last_error {
            writeln!(out, "{:>9}error: {}", "", clip(e, 160))?;
        }
    }
    let failing = feeds.iter().filter(|f| f.status == "failing").count();
    writeln!(out, "{} feeds, {failing} failing", feeds.len())?;
    Ok(ExitCode::SUCCESS)
}

fn time(t: Option<&DateTime<Utc>>) -> String {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)).unwrap_or_else(|| "-".into())
}
