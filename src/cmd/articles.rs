//! `parallax articles` and `parallax article ID`.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::bail;
use parallax_store::ArticleFilter;

use super::{clip, day, open_store, parse_date_arg, print_json};
use crate::cli::{ArticleArgs, ArticlesArgs, Cli};

pub fn list(cli: &Cli, args: &ArticlesArgs) -> anyhow::Result<ExitCode> {
    let filter = ArticleFilter {
        outlet: args.outlet.clone(),
        language: args.language.clone(),
        since: args.since.as_deref().map(|d| parse_date_arg("--since", d)).transpose()?,
        until: args.until.as_deref().map(|d| parse_date_arg("--until", d)).transpose()?,
        limit: args.limit,
    };
    let store = open_store(cli)?;
    let articles = store.articles(&filter)?;
    if args.json {
        print_json(&articles)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    for a in &articles {
        let mark = if a.syndicated_of.is_some() {
            "syndicated"
        } else if a.summary_only {
            "summary"
        } else {
            ""
        };
        writeln!(
            out,
            "{:<18} {:<10} {:<24} {:<3} {:<10} {}",
            a.id.as_str(),
            day(a.published.as_ref()),
            clip(a.outlet.as_deref().unwrap_or("-"), 24),
            a.language.as_deref().unwrap_or("-"),
            mark,
            clip(a.title.as_deref().unwrap_or("(untitled)"), 80),
        )?;
    }
    writeln!(out, "{} articles", articles.len())?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(cli: &Cli, args: &ArticleArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(cli)?;
    let Some(article) = store.article(&args.id)? else {
        bail!("no article with id {:?} in {}", args.id, store.path().display());
    };
    if args.json {
        print_json(&article)?;
        return Ok(ExitCode::SUCCESS);
    }
    let copies = store.syndicated_copies(&args.id)?;
    let mut out = io::stdout().lock();
    writeln!(out, "{}", article.title.as_deref().unwrap_or("(untitled)"))?;
    let fields = [
        ("id", Some(article.id.to_string())),
        ("outlet", article.outlet.clone()),
        ("byline", article.byline.clone()),
        ("published", article.published.map(|p| p.to_rfc3339())),
        ("captured", article.captured.map(|p| p.to_rfc3339())),
        ("language", article.language.clone()),
        ("url", article.url.clone()),
        ("source", Some(format!("{} ({})", article.source, article.format))),
        ("syndicated of", article.syndicated_of.as_ref().map(ToString::to_string)),
        (
            "copies",
            (!copies.is_empty())
                .then(|| copies.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
        ),
        (
            "summary only",
            article.summary_only.then(|| "yes: the page can be fetched later".to_string()),
        ),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            writeln!(out, "  {name:<14} {value}")?;
        }
    }
    writeln!(out)?;
    for (i, s) in article.sentences.iter().enumerate() {
        writeln!(out, "{:>3} [{}..{}] {}", i + 1, s.start, s.end, s.text)?;
    }
    Ok(ExitCode::SUCCESS)
}
