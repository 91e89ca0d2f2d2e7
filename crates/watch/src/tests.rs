//! A watcher against a local server whose feeds change between polls.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{TimeZone, Utc};
use parallax_fetch::FetchPolicy;
use parallax_fetch::test_server::{Response, TestServer};
use parallax_model::Subscription;
use parallax_store::{ArticleFilter, Store};

use crate::{WatchConfig, Watcher};

const FULL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Lakeside Courier</title><link>http://courier.test/</link><language>en</language>
<item><title>Ferry service resumes after the storm</title><link>http://courier.test/ferry</link>
<pubDate>Mon, 16 Nov 2026 07:30:00 +0000</pubDate>
<content:encoded><![CDATA[<p>The lake ferry sailed again on Monday morning after three days in port.</p><p>Its captain said the crossing was calm and the pier had been repaired overnight.</p>]]></content:encoded></item>
<item><title>Teaser: council votes on bridge tolls</title><link>PAGE_URL</link>
<pubDate>Mon, 16 Nov 2026 09:00:00 +0000</pubDate>
<description>The council met to vote on tolls.</description></item>
</channel></rss>"#;

const PAGE: &str = r#"<!doctype html><html><head><title>Council votes on bridge tolls</title></head><body>
<nav>Home | Local | Weather</nav><article><h1>Council votes on bridge tolls</h1>
<p>The town council voted by seven to four on Monday evening to keep tolls on the old bridge for two more years.</p>
<p>The treasurer said the tolls paid for the repairs to the eastern span, which had been closed since the spring floods.</p>
<p>Shopkeepers on the western bank asked for a discount for residents, which the council promised to study before the summer.</p>
</article><footer>Lakeside Courier</footer></body></html>"#;

fn config() -> WatchConfig {
    WatchConfig {
        policy: FetchPolicy {
            allow_private: true,
            timeout: Duration::from_secs(2),
            ..FetchPolicy::default()
        },
        host_gap: Duration::ZERO,
        ..WatchConfig::default()
    }
}

fn sub(url: String) -> Subscription {
    Subscription { feed_url: url, title: None, site_url: None, category: None }
}

#[test]
fn the_watcher_is_send() {
    fn send<T: Send>() {}
    send::<Watcher>();
}

#[test]
fn feeds_are_ingested_then_unchanged_feeds_cost_a_304_and_failures_back_off() {
    let page_hits = Arc::new(AtomicUsize::new(0));
    let hits = page_hits.clone();
    let server = TestServer::start(move |req| match req.path.as_str() {
        "/feed" if req.header("if-none-match") == Some("\"r1\"") => Response::status(304),
        "/feed" => {
            let page = format!("http://{}/page", req.header("host").unwrap_or_default());
            Response::ok("application/rss+xml", FULL.replace("PAGE_URL", &page))
                .header("ETag", "\"r1\"")
        }
        "/page" => {
            hits.fetch_add(1, Ordering::SeqCst);
            Response::ok("text/html; charset=utf-8", PAGE)
        }
        "/down" => Response::status(500).header("Retry-After", "3600"),
        _ => Response::status(404),
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut watcher = Watcher::new(store, config(), Box::new(())).unwrap();
    assert_eq!(
        watcher.subscribe(&[sub(server.url("/feed")), sub(server.url("/down"))], "watch").unwrap(),
        2
    );

    let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
    let first = watcher.poll_once(now).unwrap();
    assert_eq!((first.polled, first.fetched, first.failed), (2, 1, 1), "{first:#?}");
    assert_eq!(first.new_articles, 2);
    assert_eq!(page_hits.load(Ordering::SeqCst), 1);
    let articles = watcher.store().articles(&ArticleFilter::default()).unwrap();
    assert_eq!(articles.len(), 2);
    let toll = articles
        .iter()
        .find(|a| a.title.as_deref() == Some("Teaser: council votes on bridge tolls"))
        .unwrap();
    let full = watcher.store().article(toll.id.as_str()).unwrap().unwrap();
    assert!(full.text.contains("seven to four"), "{}", full.text);
    assert!(!full.summary_only);

    let down = watcher.store().feed(&server.url("/down")).unwrap().unwrap();
    assert_eq!((down.status, down.consecutive_failures), ("failing", 1));
    assert!(down.last_error.as_deref().unwrap().contains("HTTP 500"), "{down:?}");
    assert!(
        down.next_poll.unwrap() >= now + chrono::Duration::seconds(3600),
        "Retry-After honoured"
    );

    // Later: the feed answers 304, the failing one is not due yet.
    let later = now + chrono::Duration::minutes(20);
    let second = watcher.poll_once(later).unwrap();
    assert_eq!((second.polled, second.not_modified, second.new_articles), (1, 1, 0), "{second:#?}");
    assert_eq!(page_hits.load(Ordering::SeqCst), 1, "no page fetched again");
    let feed = watcher.store().feed(&server.url("/feed")).unwrap().unwrap();
    assert_eq!((feed.status, feed.last_result.as_deref()), ("ok", Some("not_modified")));
    assert_eq!(feed.articles_added, 2);
}

#[test]
fn stored_items_are_not_fetched_again_when_the_feed_changes() {
    let version = Arc::new(AtomicUsize::new(0));
    let page_hits = Arc::new(AtomicUsize::new(0));
    let (v, hits) = (version.clone(), page_hits.clone());
    let server = TestServer::start(move |req| match req.path.as_str() {
        "/feed" => {
            let page = format!("http://{}/page", req.header("host").unwrap_or_default());
            let mut body = FULL.replace("PAGE_URL", &page);
            if v.load(Ordering::SeqCst) > 0 {
                body = body.replace(
                    "</channel>",
                    "<item><title>Night market returns</title><link>http://courier.test/market</link>\
                     <description>Stalls returned to the harbour square on Friday night after a year away.</description>\
                     <content:encoded><![CDATA[<p>Stalls returned to the harbour square on Friday night after a year away, selling smoked fish and wool.</p>]]></content:encoded></item></channel>",
                );
            }
            Response::ok("application/rss+xml", body)
        }
        "/page" => {
            hits.fetch_add(1, Ordering::SeqCst);
            Response::ok("text/html", PAGE)
        }
        _ => Response::status(404),
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut watcher =
        Watcher::new(Store::open(dir.path()).unwrap(), config(), Box::new(())).unwrap();
    watcher.subscribe(&[sub(server.url("/feed"))], "watch").unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
    assert_eq!(watcher.poll_once(now).unwrap().new_articles, 2);
    version.store(1, Ordering::SeqCst);
    let second = watcher.poll_once(now + chrono::Duration::hours(1)).unwrap();
    let feed = &second.feeds[0];
    assert_eq!((feed.items, feed.already_stored, feed.new_articles), (3, 2, 1), "{feed:#?}");
    assert_eq!(page_hits.load(Ordering::SeqCst), 1);
}

#[test]
fn a_failing_page_keeps_the_summary_and_is_recorded() {
    let server = TestServer::start(|req| match req.path.as_str() {
        "/feed" => {
            let page = format!("http://{}/missing", req.header("host").unwrap_or_default());
            Response::ok("application/rss+xml", FULL.replace("PAGE_URL", &page))
        }
        _ => Response::status(404),
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut watcher =
        Watcher::new(Store::open(dir.path()).unwrap(), config(), Box::new(())).unwrap();
    watcher.subscribe(&[sub(server.url("/feed"))], "watch").unwrap();
    let report = watcher.poll_once(Utc::now()).unwrap();
    let feed = &report.feeds[0];
    assert_eq!((feed.result, feed.new_articles, feed.pages_fetched), ("fetched", 2, 0));
    assert_eq!(feed.page_failures.len(), 1);
    assert!(
        feed.page_failures[0].contains("item 2") && feed.page_failures[0].contains("HTTP 404"),
        "{feed:#?}"
    );
    let status = watcher.store().feed(&server.url("/feed")).unwrap().unwrap();
    assert_eq!(status.page_failures, 1);
    assert_eq!(watcher.store().stats().unwrap().summary_only, 1);
}

#[test]
fn shutdown_stops_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut watcher =
        Watcher::new(Store::open(dir.path()).unwrap(), config(), Box::new(())).unwrap();
    let stop = watcher.shutdown_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        stop.trigger();
    });
    let started = std::time::Instant::now();
    let mut cycles = 0;
    watcher.run(|_| cycles += 1).unwrap();
    stopper.join().unwrap();
    assert_eq!(cycles, 1);
    assert!(started.elapsed() < Duration::from_secs(5));
}
