//! `parallax demo`: the README's main command.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use parallax_cluster::{ArticleFeatures, Clusterer, Config};
use parallax_ingest::expand;
use parallax_pipeline::{IngestOptions, Ingester};
use parallax_store::{ArticleFilter, Store};

use super::{clip, day, ingest::print_report, print_json};
use crate::cli::{Cli, DemoArgs};

/// The demo corpus shipped in the repository.
const BUNDLED_CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/corpus");

pub fn run(cli: &Cli, args: &DemoArgs) -> anyhow::Result<ExitCode> {
    let corpus = args.corpus.clone().unwrap_or_else(|| PathBuf::from(BUNDLED_CORPUS));
    anyhow::ensure!(
        corpus.is_dir(),
        "demo corpus {} not found; pass --corpus DIR",
        corpus.display()
    );
    let data = cli.data.clone().unwrap_or_else(|| PathBuf::from("parallax-demo-data"));
    let mut store = Store::open(&data)
        .with_context(|| format!("opening the demo store in {}", data.display()))?;

    let (inputs, errors) = expand(&[corpus.display().to_string()]);
    anyhow::ensure!(errors.is_empty(), "reading the demo corpus: {}", errors[0]);
    let report = Ingester::new(&mut store, IngestOptions::default()).run(&inputs, &(), None);
    let articles = store.articles(&ArticleFilter::default())?;
    let stats = store.stats()?;
    let code = if report.failed.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    if args.json {
        print_json(&serde_json::json!({"report": report, "stats": stats, "articles": articles}))?;
        return Ok(code);
    }

    writeln!(io::stdout(), "Parallax demo: ingested {}\n", corpus.display())?;
    print_report(&report)?;
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "\nThe store holds {} articles ({} sentences) from {} outlets, {} feed subscriptions.\n",
        stats.articles, stats.sentences, stats.outlets, stats.subscriptions
    )?;

    writeln!(out, "Outlets")?;
    let mut by_outlet: BTreeMap<&str, (usize, BTreeMap<&str, usize>)> = BTreeMap::new();
    for a in &articles {
        let entry = by_outlet.entry(a.outlet.as_deref().unwrap_or("(unknown)")).or_default();
        entry.0 += 1;
        *entry.1.entry(a.language.as_deref().unwrap_or("?")).or_default() += 1;
    }
    for (outlet, (n, langs)) in &by_outlet {
        let langs: Vec<String> = langs.iter().map(|(l, c)| format!("{l} {c}")).collect();
        writeln!(out, "  {:<30} {:>3} articles  ({})", clip(outlet, 30), n, langs.join(", "))?;
    }

    writeln!(out, "\nWire copies: the same story lightly edited by another outlet")?;
    let titles: BTreeMap<&str, &parallax_model::ArticleSummary> =
        articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut groups: BTreeMap<&str, Vec<&parallax_model::ArticleSummary>> = BTreeMap::new();
    for a in &articles {
        if let Some(original) = &a.syndicated_of {
            groups.entry(original.as_str()).or_default().push(a);
        }
    }
    if groups.is_empty() {
        writeln!(out, "  (none found)")?;
    }
    for (original, copies) in &groups {
        if let Some(o) = titles.get(original) {
            writeln!(
                out,
                "  {} — {} ({})",
                clip(o.title.as_deref().unwrap_or("(untitled)"), 70),
                o.outlet.as_deref().unwrap_or("?"),
                day(o.published.as_ref())
            )?;
        }
        for c in copies {
            writeln!(
                out,
                "      copied by {} ({}): {}",
                c.outlet.as_deref().unwrap_or("?"),
                day(c.published.as_ref()),
                clip(c.title.as_deref().unwrap_or("(untitled)"), 60)
            )?;
        }
    }

    print_story_preview(&mut out, &store, &articles)?;

    writeln!(out, "\nLatest articles")?;
    for a in articles.iter().take(12) {
        writeln!(
            out,
            "  {}  {:<24} {}",
            day(a.published.as_ref()),
            clip(a.outlet.as_deref().unwrap_or("-"), 24),
            clip(a.title.as_deref().unwrap_or("(untitled)"), 70)
        )?;
    }
    writeln!(
        out,
        "\nExplore it:\n  parallax --data {0} articles --language de\n  parallax --data {0} article {1}\n  \
         parallax --data {0} subscriptions",
        data.display(),
        articles.first().map(|a| a.id.as_str()).unwrap_or("ID")
    )?;
    Ok(code)
}

/// Groups the stored articles into stories with the streaming clusterer, in publication
/// order, and prints the stories that more than one outlet reported. A preview: stories are
/// not stored yet.
fn print_story_preview(
    out: &mut impl Write,
    store: &Store,
    articles: &[parallax_model::ArticleSummary],
) -> anyhow::Result<()> {
    let mut ordered: Vec<&parallax_model::ArticleSummary> = articles.iter().collect();
    // Dated articles oldest first, undated ones after them in their listed order.
    ordered.sort_by_key(|a| (a.published.is_none(), a.published));
    let mut clusterer = Clusterer::new(Config::default());
    let mut stories: BTreeMap<u64, Vec<&parallax_model::ArticleSummary>> = BTreeMap::new();
    for summary in ordered {
        let Some(article) = store.article(summary.id.as_str())? else { continue };
        let features = ArticleFeatures::from_parts(
            article.title.as_deref(),
            &article.text,
            article.language.as_deref(),
            article.published,
        );
        stories.entry(clusterer.add(&features).story.0).or_default().push(summary);
    }
    writeln!(out, "\nStories reported by several outlets (streaming clusterer, preview)")?;
    for members in stories.values().filter(|m| {
        let outlets: std::collections::BTreeSet<_> =
            m.iter().map(|a| a.outlet.as_deref()).collect();
        outlets.len() > 1
    }) {
        let first = members[0];
        let outlets: std::collections::BTreeSet<&str> =
            members.iter().map(|a| a.outlet.as_deref().unwrap_or("(unknown)")).collect();
        writeln!(
            out,
            "  {} — {} articles, {} outlets, from {}",
            clip(first.title.as_deref().unwrap_or("(untitled)"), 70),
            members.len(),
            outlets.len(),
            day(first.published.as_ref()),
        )?;
        writeln!(out, "      {}", clip(&outlets.into_iter().collect::<Vec<_>>().join(", "), 90))?;
    }
    Ok(())
}
