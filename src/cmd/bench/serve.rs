//! `parallax bench --serve`: how fast the web server answers, measured through its router
//! in this process (handler, store reads, comparison, template; not the network).
//!
//! The store holds one large story, `--articles` articles (default 100) recombined from the
//! real sentences of the demo corpus's Azovstal reports, and a thousand small synthetic
//! stories around it (three reports each, written from templates with invented names), so
//! the river has a thousand stories to choose from. Each page is requested once to warm up,
//! then timed over many requests; the story page's first (cold) render is reported too.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::{Duration, TimeZone, Utc};
use parallax_serve::{AppState, router};
use parallax_store::StoryFilter;
use serde::Serialize;
use tower::ServiceExt;

use super::compare::{azovstal_sentences, clustered_store, synthetic_topic};
use super::rng::Rng;
use super::{peak_rss_mib, print_json};
use crate::cli::BenchArgs;

/// Small stories added around the large one (a few merge, leaving over a thousand).
const SMALL_STORIES: usize = 1020;
/// Timed requests per page after the warm-up.
const RUNS: usize = 60;
/// Timed renders from scratch (each a whole comparison).
const UNCACHED_RUNS: usize = 20;

#[derive(Serialize)]
struct Report {
    stories: u64,
    articles: u64,
    story_articles: u64,
    story_cold_ms: f64,
    pages: Vec<PageTimes>,
    peak_rss_mib: f64,
}

#[derive(Serialize)]
struct PageTimes {
    page: String,
    uri: String,
    bytes: usize,
    runs: usize,
    median_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

pub fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let n = match args.articles[..] {
        [] => 100,
        [n] if n > 0 => n,
        _ => anyhow::bail!("--serve takes one positive --articles count"),
    };
    let mut corpus = synthetic_topic(&azovstal_sentences()?, n);
    corpus.push_str(&small_stories(SMALL_STORIES));
    let (_scratch, data, store) = clustered_store(&corpus)?;
    let stats = store.stats()?;
    let story = store
        .stories(&StoryFilter::default())?
        .into_iter()
        .max_by_key(|s| s.articles)
        .ok_or_else(|| anyhow::anyhow!("the synthetic articles formed no story"))?;
    drop(store);

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let state = AppState::open(&data, None)?;
    let app = router(state.clone());
    let report = runtime.block_on(async {
        // The gazetteer is built on a thread of its own at start; let it finish, as it
        // would have long before a user opens a story.
        tokio::task::spawn_blocking(parallax_places::Gazetteer::embedded).await?;
        let story_uri = format!("/story/{}", story.id);
        let cold = Instant::now();
        fetch(&app, &story_uri).await?;
        let story_cold_ms = cold.elapsed().as_secs_f64() * 1000.0;
        let mut pages = vec![
            time_uncached(&app, &state, "story page, rendered afresh", &story_uri).await?,
            time_uncached(
                &app,
                &state,
                "topic page, rendered afresh",
                &format!("/topic/{}", story.topic),
            )
            .await?,
        ];
        for (page, uri) in [
            ("story page", story_uri.clone()),
            ("story page by group", format!("{story_uri}?by=group")),
            ("comparison JSON", format!("/api/compare/story/{}", story.id)),
            ("river, first page", "/".to_owned()),
            ("river, page 20", "/?page=20".to_owned()),
            ("story list JSON, 1,000 stories", "/api/stories?limit=1000".to_owned()),
        ] {
            pages.push(time_page(&app, page, &uri).await?);
        }
        anyhow::Ok(Report {
            stories: stats.stories,
            articles: stats.articles,
            story_articles: story.articles,
            story_cold_ms,
            pages,
            peak_rss_mib: peak_rss_mib(),
        })
    })?;
    if args.json {
        print_json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "web server over {} stories from {} articles; the large story has {} articles \
         (first render {:.1} ms)",
        report.stories, report.articles, report.story_articles, report.story_cold_ms
    )?;
    for p in &report.pages {
        writeln!(
            out,
            "  {:<32} median {:>6.1} ms  p99 {:>6.1} ms  max {:>6.1} ms  ({} runs, {} KiB)",
            p.page,
            p.median_ms,
            p.p99_ms,
            p.max_ms,
            p.runs,
            p.bytes / 1024
        )?;
    }
    writeln!(out, "  peak resident memory {:.0} MiB", report.peak_rss_mib)?;
    Ok(ExitCode::SUCCESS)
}

async fn fetch(app: &axum::Router, uri: &str) -> anyhow::Result<usize> {
    use http_body_util::BodyExt;
    let request = Request::get(uri).body(Body::empty())?;
    let response = app.clone().oneshot(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    anyhow::ensure!(status == StatusCode::OK, "{uri} answered {status}");
    Ok(body.len())
}

async fn time_page(app: &axum::Router, page: &str, uri: &str) -> anyhow::Result<PageTimes> {
    time(app, None, page, uri, RUNS).await
}

/// Renders from scratch each time: the first view of a story after it changed (when nobody
/// had it open; open pages are rendered again as soon as their story changes).
async fn time_uncached(
    app: &axum::Router,
    state: &AppState,
    page: &str,
    uri: &str,
) -> anyhow::Result<PageTimes> {
    time(app, Some(state), page, uri, UNCACHED_RUNS).await
}

async fn time(
    app: &axum::Router,
    forget: Option<&AppState>,
    page: &str,
    uri: &str,
    runs: usize,
) -> anyhow::Result<PageTimes> {
    let bytes = fetch(app, uri).await?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        if let Some(state) = forget {
            state.forget_rendered_pages();
        }
        let start = Instant::now();
        fetch(app, uri).await?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    Ok(PageTimes {
        page: page.to_owned(),
        uri: uri.to_owned(),
        bytes,
        runs,
        median_ms: at(0.5),
        p99_ms: at(0.99),
        max_ms: at(1.0),
    })
}

/// `count` small stories of three reports each, as JSON Lines: every story has invented
/// names of its own (a town, a river, an official) so that the clusterer keeps them apart.
fn small_stories(count: usize) -> String {
    const OUTLETS: &[(&str, &str)] = &[
        ("Harbour Gazette", "harbourgazette.example.com"),
        ("Baltic Ledger", "balticledger.lv"),
        ("Meridian Wire", "meridianwire.com"),
        ("Volga Herald", "volgaherald.ru"),
        ("Deccan Sentinel", "deccansentinel.in"),
    ];
    let mut rng = Rng::new(1000);
    let start = Utc.with_ymd_and_hms(2022, 3, 1, 6, 0, 0).unwrap();
    let mut out = String::new();
    for story in 0..count {
        let town = name(&mut rng);
        let river = name(&mut rng);
        let official = name(&mut rng);
        let hurt = 3 + rng.below(60);
        let day = start + Duration::hours(story as i64 * 2);
        let reports = [
            (
                format!("Floods cut off {town} as the {river} bursts its banks"),
                format!(
                    "Floodwater cut off the town of {town} after the {river} burst its banks, \
                     governor {official} said. {hurt} people were hurt and rail services to {town} \
                     were suspended. Rescue teams from {town} worked through the night along the {river}."
                ),
            ),
            (
                format!("{official} says {hurt} hurt in {town} floods"),
                format!(
                    "Governor {official} said {hurt} people were hurt when the {river} flooded {town}. \
                     Residents of {town} were moved to schools on higher ground, {official} said."
                ),
            ),
            (
                format!("{town} counts the cost of the {river} flood"),
                format!(
                    "Shopkeepers in {town} began clearing mud on the day after the {river} flood. \
                     Governor {official} promised help for {town}, where {hurt} people were hurt."
                ),
            ),
        ];
        for (i, (title, text)) in reports.into_iter().enumerate() {
            let (outlet, domain) = OUTLETS[(story + i) % OUTLETS.len()];
            let record = serde_json::json!({
                "id": format!("small-{story:04}-{i}"),
                "title": title,
                "text": text,
                "outlet": outlet,
                "url": format!("https://{domain}/small/{story}/{i}"),
                "published": (day + Duration::minutes(20 * i as i64)).to_rfc3339(),
                "language": "en",
            });
            out.push_str(&record.to_string());
            out.push('\n');
        }
    }
    out
}

/// An invented proper name of three syllables.
fn name(rng: &mut Rng) -> String {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "ven", "dra", "mi", "sto", "rel", "bar", "tu", "nes", "gor", "phi", "lan",
        "dus", "ber", "ost", "vik", "sal", "mor", "tan", "qui", "zel", "har", "po",
    ];
    let mut s = String::new();
    for _ in 0..3 {
        s.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    let mut chars = s.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}
