//! `parallax watch` and `parallax feeds` against a local server whose feeds change, fail,
//! stall, overflow and redirect.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use parallax_fetch::test_server::{Response, TestServer};
use serde_json::Value;

use crate::util::{Env, stdout};

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Northshore Herald</title><link>http://herald.test/</link><language>en</language>
<item><title>Harbour cranes idle as dockers strike</title><link>http://herald.test/cranes</link>
<guid>herald-cranes</guid><pubDate>Tue, 17 Nov 2026 06:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>Container cranes at the north harbour stood idle on Tuesday as dockers began a two-day strike over night-shift pay.</p><p>The port authority said eleven ships were waiting offshore and that perishable cargo would be diverted to the southern terminal.</p>]]></content:encoded></item>
<item><title>School roof repairs finish early</title><link>http://herald.test/roof</link>
<guid>herald-roof</guid><pubDate>Tue, 17 Nov 2026 08:15:00 +0000</pubDate>
<content:encoded><![CDATA[<p>Builders finished the new roof of the primary school on Elm Street a week ahead of schedule.</p><p>Pupils who had been taught in the library since October will return to their classrooms on Monday.</p>]]></content:encoded></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Post</title><id>urn:valley-post</id>
<updated>2026-11-17T10:00:00Z</updated>
<entry><title>Reservoir level rises after week of rain</title><id>urn:valley-post:reservoir</id>
<link href="PAGE_URL"/><published>2026-11-17T09:40:00Z</published>
<summary>The reservoir rose again this week.</summary></entry>
</feed>"#;

const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Reservoir level rises after week of rain</title></head>
<body><header><a href="/">Valley Post</a> | News | Sport</header><main><article>
<h1>Reservoir level rises after week of rain</h1>
<p>The upper valley reservoir reached ninety-two percent of its capacity on Tuesday after seven days of steady rain, the water board said.</p>
<p>Engineers opened the overflow channel for the first time since the dam was refurbished, and walkers were asked to keep off the lower footpath.</p>
<p>Farmers downstream said the meadows along the river were already flooded in places but that no buildings were at risk.</p>
</article></main><footer>Contact us</footer></body></html>"#;

struct Hits {
    rss_full: AtomicUsize,
    rss_not_modified: AtomicUsize,
    page: AtomicUsize,
}

fn feed_server(hits: Arc<Hits>) -> TestServer {
    TestServer::start(move |req| {
        let host = req.header("host").unwrap_or_default().to_string();
        match req.path.as_str() {
            "/rss" if req.header("if-none-match") == Some("\"herald-1\"") => {
                hits.rss_not_modified.fetch_add(1, Ordering::SeqCst);
                Response::status(304)
            }
            "/rss" => {
                hits.rss_full.fetch_add(1, Ordering::SeqCst);
                Response::ok("application/rss+xml", RSS).header("ETag", "\"herald-1\"")
            }
            "/atom" => Response::ok(
                "application/atom+xml",
                ATOM.replace("PAGE_URL", &format!("http://{host}/reservoir")),
            ),
            "/reservoir" => {
                hits.page.fetch_add(1, Ordering::SeqCst);
                Response::ok("text/html; charset=utf-8", PAGE)
            }
            "/broken" => Response::status(500),
            "/slow" => Response::ok("application/rss+xml", RSS).delay(Duration::from_secs(4)),
            "/huge" => {
                let filler =
                    "<item><title>x</title><description>padding padding</description></item>"
                        .repeat(30_000);
                Response::ok(
                    "application/rss+xml",
                    RSS.replace("</channel>", &format!("{filler}</channel>")),
                )
                .chunked()
            }
            path => match path.strip_prefix("/hop/").and_then(|n| n.parse::<u32>().ok()) {
                Some(0) => Response::ok("application/rss+xml", RSS),
                Some(n) => Response::redirect(&format!("/hop/{}", n - 1)),
                None => Response::status(404),
            },
        }
    })
    .expect("start the feed server")
}

fn by_url<'a>(report: &'a Value, url: &str) -> &'a Value {
    report["feeds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["feed_url"] == url)
        .unwrap_or_else(|| panic!("{url} not in {report:#}"))
}

#[test]
fn watch_polls_changing_feeds_and_records_each_feeds_state() {
    let hits = Arc::new(Hits {
        rss_full: AtomicUsize::new(0),
        rss_not_modified: AtomicUsize::new(0),
        page: AtomicUsize::new(0),
    });
    let server = feed_server(hits.clone());
    let env = Env::new();
    let urls = ["/rss", "/atom", "/broken", "/slow", "/huge", "/hop/6"].map(|p| server.url(p));
    let list = env.write("feeds.txt", format!("# test feeds\n\n{}\n", urls.join("\n")));
    let watch = |extra: &[&str]| {
        let mut args = vec![
            "watch",
            "--once",
            "--json",
            "--allow-private",
            "--timeout",
            "1.5",
            "--max-body-mib",
            "1",
            "--host-gap-ms",
            "0",
            "--interval",
            "1",
        ];
        args.extend_from_slice(extra);
        env.run(&args)
    };

    let out = watch(&["--feeds", list.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "failing feeds make --once exit 1: {}", stdout(&out));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["polled"], 6, "{report:#}");
    assert_eq!(report["fetched"], 2);
    assert_eq!(report["failed"], 4);
    assert_eq!(report["new_articles"], 3);

    let rss = by_url(&report, &urls[0]);
    assert_eq!((rss["result"].as_str(), rss["new_articles"].as_u64()), (Some("fetched"), Some(2)));
    let atom = by_url(&report, &urls[1]);
    assert_eq!(atom["pages_fetched"], 1, "{atom:#}");
    let error =
        |i: usize| by_url(&report, &urls[i])["error"].as_str().unwrap_or_default().to_string();
    assert!(error(2).contains("/broken: HTTP 500"), "{}", error(2));
    assert!(error(3).contains("/slow: timed out after 1.5 s"), "{}", error(3));
    assert!(
        error(4).contains("/huge: response is larger than the 1048576-byte limit"),
        "{}",
        error(4)
    );
    assert!(error(5).contains("more than 5 redirects"), "{}", error(5));
    assert_eq!(report["after_ingest"]["search_indexed"], 3, "{report:#}");

    // The stored articles: both RSS items, and the Atom summary completed from its page.
    let articles = env.articles();
    assert_eq!(articles.len(), 3, "{articles:#?}");
    let reservoir = articles
        .iter()
        .find(|a| a["title"] == "Reservoir level rises after week of rain")
        .expect("the Atom entry is stored");
    let full = env.json(&["article", reservoir["id"].as_str().unwrap(), "--json"]);
    let text = full["text"].as_str().unwrap();
    assert!(text.contains("ninety-two percent") && text.contains("overflow channel"), "{text}");
    assert!(!text.contains("Contact us"), "page boilerplate kept: {text}");
    assert_eq!(full["summary_only"], false);
    let stats = env.json(&["stats", "--json"]);
    assert_eq!(stats["stats"]["unclustered"], 0, "filed under stories: {stats:#}");
    assert_eq!(stats["problems"].as_array().map(Vec::len), Some(0), "{stats:#}");

    // Per-feed state: the failing feed shows its last error and a later next poll.
    let feeds = env.json(&["feeds", "--json"]);
    let broken = feeds.as_array().unwrap().iter().find(|f| f["feed_url"] == urls[2]).unwrap();
    assert_eq!(broken["status"], "failing");
    assert_eq!(broken["consecutive_failures"], 1);
    assert!(broken["last_error"].as_str().unwrap().contains("HTTP 500"));
    // Not strictly later: times are stored to the second, and with `--interval 1` the
    // back-off (0.8–1.2 s) can end within the second of the poll. The store's unit tests
    // check the back-off itself.
    assert!(broken["next_poll"].as_str().unwrap() >= broken["last_polled"].as_str().unwrap());
    let herald = feeds.as_array().unwrap().iter().find(|f| f["feed_url"] == urls[0]).unwrap();
    assert_eq!(
        (herald["status"].as_str(), herald["etag"].as_str()),
        (Some("ok"), Some("\"herald-1\""))
    );
    let text = stdout(&env.run(&["feeds"]));
    assert!(
        text.contains("failing") && text.contains("error: ") && text.contains("/broken: HTTP 500"),
        "{text}"
    );
    assert!(text.contains("6 feeds, 4 failing"), "{text}");

    // Second poll once everything is due again: the RSS feed answers 304, nothing is
    // re-ingested, and no page is fetched again.
    std::thread::sleep(Duration::from_millis(2600));
    let out = watch(&[]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let rss = by_url(&report, &urls[0]);
    assert_eq!(rss["result"], "not_modified", "{report:#}");
    assert_eq!(report["new_articles"], 0, "{report:#}");
    assert_eq!(hits.rss_full.load(Ordering::SeqCst), 1);
    assert_eq!(hits.rss_not_modified.load(Ordering::SeqCst), 1);
    assert_eq!(hits.page.load(Ordering::SeqCst), 1);
    assert_eq!(env.articles().len(), 3);
    let broken = env.json(&["feeds", "--json"]);
    let broken = broken.as_array().unwrap().iter().find(|f| f["feed_url"] == urls[2]).unwrap();
    assert_eq!(broken["consecutive_failures"], 2, "{broken:#}");
}

#[test]
fn watch_refuses_loopback_feeds_without_allow_private() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let server = TestServer::start(move |_| {
        counted.fetch_add(1, Ordering::SeqCst);
        Response::ok("application/rss+xml", RSS)
    })
    .unwrap();
    let env = Env::new();
    let list = env.write("feeds.txt", format!("{}\n", server.url("/rss")));
    let out = env.run(&["watch", "--once", "--feeds", list.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("refused to connect to 127.0.0.1 (127.0.0.1, loopback address)")
            && text.contains("--allow-private"),
        "{text}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 0, "the server must not be contacted");
    assert!(env.articles().is_empty());
}

#[test]
fn bad_feed_lists_are_errors_naming_the_line() {
    let env = Env::new();
    let list = env.write("feeds.txt", "https://ok.example/feed\njavascript:alert(1)\n");
    let out = env.run(&["watch", "--once", "--feeds", list.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("feeds.txt: line 2: ") && err.contains("only http and https"), "{err}");
    let out = env.run(&["watch", "--once"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no feeds to watch"));
}
