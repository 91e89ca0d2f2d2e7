//! `parallax stories`, `story`, `topics`, `topic` and `cluster`.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use parallax_pipeline::{
    ClusterError, ClusterProgress, ClusterReport, Length, Page, cluster_pending,
};
use parallax_store::{Store, StoryFilter};

use super::{clip, day, open_store, parse_date_arg, print_json};
use crate::cli::{Cli, ClusterArgs, PageArgs, StoriesArgs, TopicsArgs};

/// Key sentences on a page when neither `--sentences` nor `--words` is given.
const DEFAULT_SENTENCES: usize = 12;

pub fn list_stories(cli: &Cli, args: &StoriesArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(cli)?;
    let since = args.since.as_deref().map(|d| parse_date_arg("--since", d)).transpose()?;
    let stories = store.stories(&StoryFilter {
        topic: args.topic,
        min_articles: args.min_articles,
        since,
        limit: args.limit,
    })?;
    if args.json {
        print_json(&stories)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{:>6} {:>5} {:>7}  {:<10}  {:<10}  {:>5}  LABEL — HEADLINE",
        "STORY", "ARTS", "OUTLETS", "FIRST", "LAST", "TOPIC"
    )?;
    for s in &stories {
        writeln!(
            out,
            "{:>6} {:>5} {:>7}  {:<10}  {:<10}  {:>5}  {}",
            s.id,
            s.articles,
            s.outlets,
            day(s.first_published.as_ref()),
            day(s.last_published.as_ref()),
            s.topic,
            clip(&format!("{} — {}", s.label, s.headline), 90)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn list_topics(cli: &Cli, args: &TopicsArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(cli)?;
    let topics = store.topics(args.limit)?;
    if args.json {
        print_json(&topics)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{:>6} {:>7} {:>5} {:>7}  {:<10}  {:<10}  LABEL — HEADLINE",
        "TOPIC", "STORIES", "ARTS", "OUTLETS", "FIRST", "LAST"
    )?;
    for t in &topics {
        writeln!(
            out,
            "{:>6} {:>7} {:>5} {:>7}  {:<10}  {:<10}  {}",
            t.id,
            t.stories,
            t.articles,
            t.outlets,
            day(t.first_published.as_ref()),
            day(t.last_published.as_ref()),
            clip(&format!("{} — {}", t.label, t.headline), 90)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show_story(cli: &Cli, args: &PageArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(cli)?;
    let page = parallax_pipeline::story_page(&store, args.id, length(args))
        .with_context(|| format!("building the page of story {}", args.id))?;
    show(page, args, "story")
}

pub fn show_topic(cli: &Cli, args: &PageArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(cli)?;
    let page = parallax_pipeline::topic_page(&store, args.id, length(args))
        .with_context(|| format!("building the page of topic {}", args.id))?;
    show(page, args, "topic")
}

fn length(args: &PageArgs) -> Length {
    match (args.sentences, args.words) {
        (_, Some(words)) => Length::Words(words),
        (Some(n), None) => Length::Sentences(n),
        (None, None) => Length::Sentences(DEFAULT_SENTENCES),
    }
}

fn show(page: Option<Page>, args: &PageArgs, kind: &str) -> anyhow::Result<ExitCode> {
    let Some(page) = page else {
        anyhow::bail!("no {kind} {} in the store (see `parallax {kind}s`)", args.id);
    };
    if args.json {
        print_json(&page)?;
    } else {
        write_page(&mut io::stdout().lock(), &page)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The page as text: the label line, the headline line, then one key sentence per line.
pub fn write_page(out: &mut impl Write, page: &Page) -> io::Result<()> {
    writeln!(out, "{}", page.label)?;
    writeln!(out, "{}", page.headline)?;
    for s in &page.sentences {
        writeln!(out, "{}", s.text)?;
    }
    Ok(())
}

pub fn cluster(cli: &Cli, args: &ClusterArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_store(cli)?;
    let stop =
        crate::signals::stop_flag("cluster", "the articles being filed (those filed are kept)")?;
    let report = run_clustering_with_stop(&mut store, args.quiet, Some(stop.as_atomic()))?;
    // Articles stored with `ingest --no-cluster` by an older build, or while the index was
    // busy, become searchable here too; after a stop signal the next run does it.
    let indexed = match stop.signal() {
        None => Some(super::search::Indexed::run(&cli.data_dir(), &store)),
        Some(_) => None,
    };
    if args.json {
        print_json(&report)?;
        if let Some(e) = indexed.as_ref().and_then(|i| i.error()) {
            eprintln!("error: {e}");
        }
    } else {
        if let Some(report) = &report {
            print_report(report)?;
        }
        if let Some(indexed) = &indexed {
            indexed.print()?;
        }
    }
    if let Some(signal) = stop.signal() {
        if !args.json {
            println!(
                "stopped early: {} received; run the same command again to go on",
                signal.name()
            );
        }
        // As `parallax ingest`: 128 + the signal's number tells a script the run was cut short.
        return Ok(ExitCode::from(signal.exit_code()));
    }
    Ok(if indexed.as_ref().is_none_or(|i| i.ok()) { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Files the store's unclustered articles, with a progress bar on a terminal. `None` when
/// another process (a worker) holds the clustering lock and files them itself.
pub fn run_clustering(store: &mut Store, quiet: bool) -> anyhow::Result<Option<ClusterReport>> {
    run_clustering_with_stop(store, quiet, None)
}

/// [`run_clustering`], ending the pass at its next chunk once `stop` is set (what it filed
/// is committed; its report says it stopped).
pub fn run_clustering_with_stop(
    store: &mut Store,
    quiet: bool,
    stop: Option<&AtomicBool>,
) -> anyhow::Result<Option<ClusterReport>> {
    let bar = if quiet || !io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(0)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] clustering {wide_bar} {pos}/{len} articles {per_sec} ETA {eta}",
        )
        .expect("the progress template is valid"),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let report = match cluster_pending(store, &Bar { bar: bar.clone(), stop }) {
        Ok(report) => Some(report),
        Err(ClusterError::Busy) => {
            eprintln!("note: {}; it will file the new articles", ClusterError::Busy);
            None
        }
        Err(e) => return Err(e).context("clustering articles into stories"),
    };
    bar.finish_and_clear();
    Ok(report)
}

struct Bar<'s> {
    bar: ProgressBar,
    stop: Option<&'s AtomicBool>,
}

impl ClusterProgress for Bar<'_> {
    fn clustered(&self, done: u64, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(done);
    }

    fn should_stop(&self) -> bool {
        self.stop.is_some_and(ClusterProgress::should_stop)
    }
}

pub fn print_report(report: &ClusterReport) -> anyhow::Result<()> {
    writeln!(
        io::stdout().lock(),
        "clustered {} articles ({} syndicated copies with their originals): {} new stories, {} merged, {} new topics",
        report.articles,
        report.copies,
        report.new_stories,
        report.merged_stories,
        report.new_topics
    )?;
    Ok(())
}
