//! `parallax outlets`: the outlet registry, with what the store holds from each outlet.

use std::collections::HashMap;
use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;
use parallax_outlets::Registry;
use serde::Serialize;

use super::{clip, day, open_store, print_json};
use crate::cli::{Cli, OutletsArgs};

#[derive(Serialize)]
struct Row {
    #[serde(flatten)]
    outlet: parallax_outlets::Outlet,
    /// False for outlets the store holds articles from but the registry does not know.
    registered: bool,
    stored_articles: u64,
    first_published: Option<chrono::DateTime<chrono::Utc>>,
    last_published: Option<chrono::DateTime<chrono::Utc>>,
}

pub fn run(cli: &Cli, args: &OutletsArgs) -> anyhow::Result<ExitCode> {
    let dir = cli.data_dir();
    let registry = Registry::load(&dir)?;
    let activity = if dir.exists() || args.stored {
        open_store(cli)?.outlet_activity(None, None).context("reading outlet activity")?
    } else {
        Vec::new()
    };
    let mut rows: Vec<Row> = registry
        .outlets()
        .iter()
        .map(|o| Row {
            outlet: o.clone(),
            registered: true,
            stored_articles: 0,
            first_published: None,
            last_published: None,
        })
        .collect();
    let index: HashMap<String, usize> =
        rows.iter().enumerate().map(|(i, r)| (r.outlet.name.clone(), i)).collect();
    for a in activity {
        let i = match registry.find(a.domain.as_deref(), Some(&a.outlet)) {
            Some(o) => index[&o.name],
            None => {
                rows.push(Row {
                    outlet: parallax_outlets::Outlet {
                        name: a.outlet.clone(),
                        aliases: Vec::new(),
                        domains: a.domain.clone().into_iter().collect(),
                        country: None,
                        language: Vec::new(),
                        ownership: None,
                        group: None,
                        user: false,
                    },
                    registered: false,
                    stored_articles: 0,
                    first_published: None,
                    last_published: None,
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[i];
        row.stored_articles += a.articles;
        row.first_published = match (row.first_published, a.first_published) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        };
        row.last_published = row.last_published.max(a.last_published);
    }
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
