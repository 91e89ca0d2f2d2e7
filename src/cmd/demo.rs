//! `parallax demo`: the README's main command.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::{DateTime, Utc};
use parallax_compare::facts::FactKind;
use parallax_ingest::expand;
use parallax_model::TopicSummary;
use parallax_outlets::Axis;
use parallax_pipeline::{
    ComparisonPage, IngestOptions, Ingester, Length, Subject, compare_subject, topic_page,
};
use parallax_store::{ArticleFilter, Store, StoryFilter};

use super::{clip, day, ingest::print_report, print_json};
use crate::cli::{Cli, DemoArgs};

/// Key sentences per topic page in the demo.
const PAGE_SENTENCES: usize = 6;

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
    let database = cli.database.as_deref();
    let mut store = match database {
        // The store's own error names the database, its password hidden.
        Some(url) => Store::connect(url).context("opening the --database store for the demo")?,
        None => Store::open(&data)
            .with_context(|| format!("opening the demo store in {}", data.display()))?,
    };
    // The data directory holds the configuration and the search index, whatever the store.
    std::fs::create_dir_all(&data)
        .with_context(|| format!("creating the data directory {}", data.display()))?;
    install_outlets(&corpus, &data)?;

    let (inputs, errors) = expand(&[corpus.display().to_string()]);
    anyhow::ensure!(errors.is_empty(), "reading the demo corpus: {}", errors[0]);
    let report = Ingester::new(&mut store, IngestOptions::default()).run(&inputs, &(), None);
    let clustering = super::stories::run_clustering(&mut store, false)?;
    let indexed = super::search::Indexed::run(&data, &store);
    let articles = store.articles(&ArticleFilter::default())?;
    let stats = store.stats()?;
    let topics = store.topics(None)?;
    let shown: Vec<&TopicSummary> = topics.iter().filter(|t| t.outlets > 1).collect();
    let ok = report.failed.is_empty() && indexed.ok();
    let code = if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    if args.json {
        let mut pages = Vec::new();
        for t in &shown {
            pages.extend(topic_page(&store, t.id, Length::Sentences(PAGE_SENTENCES))?);
        }
        print_json(&serde_json::json!({
            "report": report,
            "clustering": clustering,
            "search_indexed": indexed.added(),
            "search_error": indexed.error(),
            "stats": stats,
            "topics": topics,
            "pages": pages,
            "contested": most_contested(&store, &data)?,
            "articles": articles,
        }))?;
        return Ok(code);
    }

    writeln!(io::stdout(), "Parallax demo: ingested {}\n", corpus.display())?;
    print_report(&report)?;
    if let Some(clustering) = &clustering {
        super::stories::print_report(clustering)?;
    }
    indexed.print()?;
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
                o.outlet.as_deref().unwrap_or(UNKNOWN_OUTLET),
                dated(o.published.as_ref())
            )?;
        }
        for c in copies {
            writeln!(
                out,
                "      copied by {} ({}): {}",
                c.outlet.as_deref().unwrap_or(UNKNOWN_OUTLET),
                dated(c.published.as_ref()),
                clip(c.title.as_deref().unwrap_or("(untitled)"), 60)
            )?;
        }
    }

    print_topic_pages(&mut out, &store, &shown)?;
    let contested = most_contested(&store, &data)?;
    if let Some(page) = &contested {
        writeln!(out, "\nThe most contested story, side by side by group of outlets\n")?;
        out.write_all(super::compare::report(page).text().as_bytes())?;
    }

    // The commands below must find the same store: with --database, through the variable
    // (said once; a password in the URL is shown hidden, to be typed again).
    if database.is_some() {
        writeln!(
            out,
            "\nThe store is the --database one; for the commands below:\n  \
             export PARALLAX_DATABASE='{}'",
            store.path().display()
        )?;
    }
    writeln!(
        out,
        "\nExplore it:\n  parallax --data {0} topics\n  parallax --data {0} topic {2} --json\n  \
         parallax --data {0} stories\n  parallax --data {0} compare {3} --by group --markdown\n  \
         parallax --data {0} compare topic:{2} --by ownership --json\n  \
         parallax --data {0} outlets --stored\n  parallax --data {0} articles --language de\n  \
         parallax --data {0} article {1}\n  parallax --data {0} subscriptions",
        data.display(),
        articles.first().map(|a| a.id.as_str()).unwrap_or("ID"),
        shown.first().map_or(0, |t| t.id),
        contested.as_ref().map_or(0, |p| match p.subject {
            Subject::Story(id) | Subject::Topic(id) => id,
        })
    )?;
    if !args.no_serve {
        let first: std::net::SocketAddr = args
            .addr
            .parse()
            .with_context(|| format!("--addr {:?} is not host:port", args.addr))?;
        let addrs: Vec<std::net::SocketAddr> = (0..10u16)
            .filter_map(|i| {
                first.port().checked_add(i).map(|p| std::net::SocketAddr::new(first.ip(), p))
            })
            .collect();
        writeln!(out, "\nNow open it in a browser (add --no-serve to stop here):")?;
        drop(out);
        // The server opens connections of its own.
        drop(store);
        super::serve::serve(&data, database, &addrs, None)?;
    }
    Ok(code)
}

/// The bundled outlet registry of the demo corpus (beside its `corpus/` folder), copied into
/// the data directory unless the user already has one there.
fn install_outlets(corpus: &Path, data: &Path) -> anyhow::Result<()> {
    let bundled = corpus.join("..").join(parallax_outlets::FILE_NAME);
    let target = data.join(parallax_outlets::FILE_NAME);
    if bundled.is_file() && !target.exists() {
        std::fs::copy(&bundled, &target)
            .with_context(|| format!("copying {} to {}", bundled.display(), target.display()))?;
    }
    Ok(())
}

/// The story whose sides disagree most, compared by group: conflicting figures, names
/// written differently, terms in quotation marks and facts only one side reports, among
/// stories that at least two groups covered.
fn most_contested(store: &Store, data: &Path) -> anyhow::Result<Option<ComparisonPage>> {
    let setup = super::compare::setup(data, Axis::Group)?;
    let filter = StoryFilter { min_articles: Some(3), ..Default::default() };
    let mut best: Option<(usize, ComparisonPage)> = None;
    for story in store.stories(&filter)? {
        let Some(page) = compare_subject(store, Subject::Story(story.id), &setup)? else {
            continue;
        };
        let c = &page.comparison;
        if c.sides.len() < 2 {
            continue;
        }
        let one_sided = c.facts.iter().filter(|f| f.kind == FactKind::OneSided).count();
        let score = 4 * c.conflicts.len()
            + 3 * c.variants.iter().filter(|v| v.split).count()
            + 2 * c.scare_quotes.len()
            + one_sided
            + c.sides.len();
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, page));
        }
    }
    Ok(best.map(|(_, page)| page))
}

/// Prints the page of every topic that several outlets reported: a heading with its size,
/// then the page itself (label, headline, key sentences), each sentence with its outlet,
/// date and the number of outlets that carry the same fact.
fn print_topic_pages(
    out: &mut impl Write,
    store: &Store,
    topics: &[&TopicSummary],
) -> anyhow::Result<()> {
    writeln!(out, "\nTopics reported by several outlets, with their pages")?;
    for t in topics {
        let Some(page) = topic_page(store, t.id, Length::Sentences(PAGE_SENTENCES))? else {
            continue;
        };
        writeln!(
            out,
            "\n── topic {} · {} {} · {} articles · {} outlets · {} to {}",
            t.id,
            t.stories,
            if t.stories == 1 { "story" } else { "stories" },
            t.articles,
            t.outlets,
            day(t.first_published.as_ref()),
            day(t.last_published.as_ref()),
        )?;
        writeln!(out, "{}", page.label)?;
        writeln!(out, "{}", page.headline)?;
        for s in &page.sentences {
            let support =
                if s.support > 1 { format!(", {} outlets", s.support) } else { String::new() };
            writeln!(
                out,
                "  {}  [{}, {}{}]",
                s.text,
                s.outlet.as_deref().unwrap_or(UNKNOWN_OUTLET),
                dated(s.published.as_ref()),
                support
            )?;
        }
    }
    Ok(())
}

/// How the demo's provenance names an article without an outlet.
const UNKNOWN_OUTLET: &str = "unknown outlet";

/// The day an article was published, in the demo's provenance: "undated" rather than the
/// tables' "-", which reads as a gap in a sentence.
fn dated(t: Option<&DateTime<Utc>>) -> String {
    t.map_or_else(|| "undated".into(), |t| day(Some(t)))
}
