//! `parallax outlets`: the outlet registry, with what the store holds from each outlet.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;
use parallax_outlets::Registry;
use parallax_pipeline::outlet_table;

use super::{clip, day, open_store, print_json};
use crate::cli::{Cli, OutletsArgs};

pub fn run(cli: &Cli, args: &OutletsArgs) -> anyhow::Result<ExitCode> {
    let dir = cli.data_dir();
    let registry = Registry::load(&dir)?;
    let mut rows = if dir.exists() || args.stored {
        outlet_table(Some(&open_store(cli)?), &registry).context("reading outlet activity")?
    } else {
        outlet_table(None, &registry)?
    };
    if args.stored {
        rows.retain(|r| r.stored_articles > 0);
        rows.sort_by(|a, b| {
            b.stored_articles.cmp(&a.stored_articles).then(a.outlet.name.cmp(&b.outlet.name))
        });
    }
    if args.json {
        print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{:<30} {:<7} {:<14} {:<10} {:<14} {:>8}  domains",
        "outlet", "country", "ownership", "languages", "group", "articles"
    )?;
    for r in &rows {
        let o = &r.outlet;
        writeln!(
            out,
            "{:<30} {:<7} {:<14} {:<10} {:<14} {:>8}  {}{}",
            clip(&o.name, 30),
            o.country.as_deref().unwrap_or("-"),
            o.ownership.map_or("-", |w| w.as_str()),
            clip(&o.language.join(","), 10),
            clip(o.group.as_deref().unwrap_or("-"), 14),
            r.stored_articles,
            o.domains.join(", "),
            if r.registered { String::new() } else { "  (not in the registry)".into() },
        )?;
    }
    let unknown = rows.iter().filter(|r| !r.registered).count();
    writeln!(
        out,
        "\n{} outlets; {} with articles stored ({} not in the registry: add them to {}).{}",
        rows.len(),
        rows.iter().filter(|r| r.stored_articles > 0).count(),
        unknown,
        dir.join(parallax_outlets::FILE_NAME).display(),
        rows.iter()
            .filter_map(|r| r.last_published)
            .max()
            .map(|t| format!(" Latest article: {}.", day(Some(&t))))
            .unwrap_or_default()
    )?;
    Ok(ExitCode::SUCCESS)
}
