//! `parallax bench --watch`: one poll cycle over many feeds (default 500) on loopback.
//!
//! A local server answers on 50 ports (50 "hosts" to the politeness rules) with a mix that
//! a real feed list shows: most feeds with new items (full text, distinct per feed), some
//! unchanged since the last poll (the store is seeded with their validators, so they answer
//! 304), some failing with 500, some slow, and some whose items carry only a summary, so
//! their article pages are fetched too. The cycle runs with `--allow-private` through the
//! same `Watcher` as `parallax watch`, clustering and search indexing included. Reported:
//! the cycle's duration, peak resident memory, and open file descriptors before, at peak
//! (sampled every 5 ms) and after — the server's sockets count too, it runs in this process.

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use parallax_fetch::FetchPolicy;
use parallax_fetch::test_server::{Request, Response, TestServer};
use parallax_model::Subscription;
use parallax_store::{PollOutcome, PollResult, Store};
use parallax_watch::{ClusterAndIndex, WatchConfig, Watcher};
use serde::Serialize;

use super::rng::Rng;
use super::{demo_sentences, peak_rss_mib, print_json, reset_peak_rss, rss_mib};
use crate::cli::BenchArgs;

/// Ports the server listens on: hosts, to the politeness rules.
const HOSTS: usize = 50;
/// Items per feed.
const ITEMS: usize = 5;
/// How long a slow feed makes the poller wait.
const SLOW: Duration = Duration::from_millis(1500);
/// Least time between two requests to one host in this run.
const HOST_GAP: Duration = Duration::from_millis(100);
const CONCURRENCY: usize = 16;

#[derive(Serialize)]
struct WatchBench {
    feeds: usize,
    hosts: usize,
    concurrency: usize,
    host_gap_ms: u64,
    fetched: usize,
    not_modified: usize,
    failed: usize,
    pages_fetched: usize,
    new_articles: usize,
    cycle_seconds: f64,
    after_ingest_seconds: f64,
    rss_before_mib: f64,
    rss_after_mib: f64,
    peak_rss_mib: f64,
    open_fds_before: usize,
    open_fds_peak: usize,
    open_fds_after: usize,
}

/// What feed `i` does.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Fresh,
    Unchanged,
    Failing,
    Slow,
    SummaryOnly,
}

fn kind(i: usize) -> Kind {
    match i % 20 {
        0..=3 => Kind::Unchanged,
        4 | 5 => Kind::Failing,
        6 => Kind::Slow,
        7 => Kind::SummaryOnly,
        _ => Kind::Fresh,
    }
}

pub fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let feeds = args.feeds.max(1);
    let sentences = Arc::new(demo_sentences()?);
    let server = TestServer::start_many(HOSTS, move |req| respond(req, &sentences))?;
    let urls: Vec<String> =
        (0..feeds).map(|i| format!("http://{}/feed/{i}", server.addrs()[i % HOSTS])).collect();

    let scratch = tempfile::tempdir()?;
    let mut store = Store::open(scratch.path())?;
    let before_cycle = Utc::now() - chrono::Duration::minutes(1);
    for (i, url) in urls.iter().enumerate() {
        let sub =
            Subscription { feed_url: url.clone(), title: None, site_url: None, category: None };
        store.add_subscription(&sub, "bench")?;
        if kind(i) == Kind::Unchanged {
            // As if polled before: their validators are what the server answers 304 to.
            let seeded = PollOutcome {
                polled_at: before_cycle,
                next_poll: before_cycle,
                result: PollResult::Fetched {
                    etag: Some("\"seen\"".into()),
                    last_modified: None,
                    items: ITEMS as u64,
                    articles_added: 0,
                    page_failures: 0,
                    last_page_error: None,
                },
            };
            store.record_poll(url, &seeded)?;
        }
    }
    let config = WatchConfig {
        policy: FetchPolicy {
            allow_private: true,
            timeout: Duration::from_secs(10),
            ..FetchPolicy::default()
        },
        concurrency: CONCURRENCY,
        host_gap: HOST_GAP,
        ..WatchConfig::default()
    };
    let after = Box::new(ClusterAndIndex::new(scratch.path()));
    let mut watcher = Watcher::new(store, config, after)?;

    let open_fds_before = open_fds();
    reset_peak_rss();
    let rss_before = rss_mib();
    let peak_fds = Arc::new(AtomicUsize::new(open_fds_before));
    let sampling = Arc::new(AtomicBool::new(true));
    let sampler = {
        let (peak_fds, sampling) = (peak_fds.clone(), sampling.clone());
        std::thread::spawn(move || {
            while sampling.load(Ordering::Relaxed) {
                peak_fds.fetch_max(open_fds(), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let started = Instant::now();
    let report = watcher.poll_once(Utc::now())?;
    let cycle_seconds = started.elapsed().as_secs_f64();
    sampling.store(false, Ordering::Relaxed);
    let _ = sampler.join();
    let rss_after = rss_mib();
    let open_fds_after = open_fds();

    let result = WatchBench {
        feeds,
        hosts: HOSTS,
        concurrency: CONCURRENCY,
        host_gap_ms: HOST_GAP.as_millis() as u64,
        fetched: report.fetched,
        not_modified: report.not_modified,
        failed: report.failed,
        pages_fetched: report.feeds.iter().map(|f| f.pages_fetched).sum(),
        new_articles: report.new_articles,
        cycle_seconds,
        after_ingest_seconds: report
            .after_ingest
            .as_ref()
            .and_then(|a| a.clustering.as_ref())
            .map_or(0.0, |c| c.seconds),
        rss_before_mib: rss_before,
        rss_after_mib: rss_after,
        peak_rss_mib: peak_rss_mib(),
        open_fds_before,
        open_fds_peak: peak_fds.load(Ordering::Relaxed),
        open_fds_after,
    };
    if let Some(e) = report.errors.first() {
        anyhow::bail!("the cycle could not record a poll: {e}");
    }
    if args.json {
        print_json(&result)?;
        return Ok(ExitCode::SUCCESS);
    }
    let r = &result;
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "watch, one cycle: {} feeds on {} loopback hosts ({} at once, {} ms between requests to a host) in {:.2} s",
        r.feeds, r.hosts, r.concurrency, r.host_gap_ms, r.cycle_seconds
    )?;
    writeln!(
        out,
        "  {} fetched, {} unchanged (304), {} failed; {} article pages fetched; {} new articles (clustering {:.2} s)",
        r.fetched,
        r.not_modified,
        r.failed,
        r.pages_fetched,
        r.new_articles,
        r.after_ingest_seconds
    )?;
    writeln!(
        out,
        "  resident memory {:.0} → {:.0} MiB, peak {:.0} MiB; open files {} before, {} at peak, {} after",
        r.rss_before_mib,
        r.rss_after_mib,
        r.peak_rss_mib,
        r.open_fds_before,
        r.open_fds_peak,
        r.open_fds_after
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The server's answer for feed `/feed/N` or page `/page/N/M`.
fn respond(req: &Request, sentences: &[String]) -> Response {
    let host = req.header("host").unwrap_or_default();
    let mut parts = req.path.trim_start_matches('/').split('/');
    let (section, n, m) = (parts.next(), parts.next(), parts.next());
    let Some(n) = n.and_then(|n| n.parse::<usize>().ok()) else {
        return Response::status(404);
    };
    match (section, m.and_then(|m| m.parse::<usize>().ok())) {
        (Some("feed"), None) => match kind(n) {
            Kind::Unchanged if req.header("if-none-match") == Some("\"seen\"") => {
                Response::status(304)
            }
            Kind::Failing => Response::status(500),
            Kind::Slow => feed(n, host, sentences, false).delay(SLOW),
            Kind::SummaryOnly => feed(n, host, sentences, true),
            _ => feed(n, host, sentences, false),
        },
        (Some("page"), Some(m)) => {
            let mut rng = Rng::new((n * 1000 + m) as u64 ^ 0x5eed);
            let paragraphs: String = (0..5)
                .map(|_| format!("<p>{}</p>", sentences[rng.below(sentences.len())]))
                .collect();
            Response::ok(
                "text/html; charset=utf-8",
                format!(
                    "<!doctype html><html><head><title>Page {n}-{m}</title></head><body>\
                     <nav>Home | World</nav><article><h1>Page {n}-{m}</h1>{paragraphs}</article></body></html>"
                ),
            )
        }
        _ => Response::status(404),
    }
}

fn feed(n: usize, host: &str, sentences: &[String], summary_only: bool) -> Response {
    let mut rng = Rng::new(n as u64);
    let mut items = String::new();
    for m in 0..ITEMS {
        let text: Vec<&str> =
            (0..4).map(|_| sentences[rng.below(sentences.len())].as_str()).collect();
        let title: Vec<&str> = text[0].split_whitespace().take(8).collect();
        let body = if summary_only {
            format!("<description>{}</description>", escape(&title.join(" ")))
        } else {
            format!(
                "<content:encoded><![CDATA[<p>{}</p>]]></content:encoded>",
                text.join("</p><p>")
            )
        };
        items.push_str(&format!(
            "<item><title>{}</title><link>http://{host}/page/{n}/{m}</link><guid>bench-{n}-{m}</guid>\
             <pubDate>Tue, 17 Nov 2026 {:02}:{:02}:00 +0000</pubDate>{body}</item>",
            escape(&title.join(" ")),
            m % 24,
            n % 60
        ));
    }
    Response::ok(
        "application/rss+xml",
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\" \
             xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Bench feed {n}</title>\
             <link>http://{host}/</link>{items}</channel></rss>"
        ),
    )
    .header("ETag", "\"seen\"")
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Open file descriptors of this process.
fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map(|d| d.count()).unwrap_or(0)
}
