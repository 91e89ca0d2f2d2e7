//! `parallax serve --watch`: one process serves the store and polls the feeds followed
//! through its API; what they bring shows up in the API without another command.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use parallax_fetch::test_server::{Response, TestServer};
use serde_json::Value;

use crate::util::Env;

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Lakeside Courier</title><link>http://courier.test/</link>
<item><title>Ferry service to the islands resumes after storm</title><link>http://courier.test/ferry</link>
<guid>courier-ferry</guid><pubDate>Wed, 18 Nov 2026 07:00:00 +0000</pubDate>
<description><![CDATA[<p>The ferry to the outer islands sailed again on Wednesday morning after two days in port, the operator said.</p><p>Extra crossings were added to carry the passengers who had been stranded by the storm.</p>]]></description></item>
</channel></rss>"#;

/// The server process, stopped when the test ends however it ends.
pub(crate) struct Server(pub(crate) Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 exchange (no client library needed for a test this small).
pub(crate) fn http(
    addr: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect to the server");
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let auth = token.map(|t| format!("Authorization: Bearer {t}\r\n")).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{auth}\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

#[test]
fn serve_watch_polls_a_feed_followed_through_the_api() {
    let feeds = TestServer::start(|req| match req.path.as_str() {
        "/rss" => Response::ok("application/rss+xml", RSS),
        _ => Response::status(404),
    })
    .expect("start the feed server");
    let env = Env::new();
    let mut child = env
        .cmd()
        .args(["serve", "--watch", "--allow-private", "--addr", "127.0.0.1:0", "--token", "t0k"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start parallax serve --watch");
    let stdout = child.stdout.take().unwrap();
    let _server = Server(child);
    let line = BufReader::new(stdout).lines().next().expect("serve prints its address").unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://")).expect("a URL");
    let addr = url.trim_start_matches("http://").trim_end_matches('/').to_owned();

    let follow = format!(r#"{{"url": "{}", "title": "Lakeside Courier"}}"#, feeds.url("/rss"));
    assert_eq!(http(&addr, "POST", "/api/feeds", None, &follow).0, 401, "writes need the token");
    let (status, body) = http(&addr, "POST", "/api/feeds", Some("t0k"), &follow);
    assert_eq!(status, 201, "{body}");

    // The watcher looks for due feeds every few seconds; the new one is due at once.
    let started = Instant::now();
    let articles = loop {
        let (_, body) = http(&addr, "GET", "/api/articles", None, "");
        let articles: Vec<Value> = serde_json::from_str(&body).unwrap_or_default();
        if !articles.is_empty() {
            break articles;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the followed feed was never polled");
        std::thread::sleep(Duration::from_millis(250));
    };
    assert_eq!(articles[0]["title"], "Ferry service to the islands resumes after storm");
    let started = Instant::now();
    loop {
        let (_, body) = http(&addr, "GET", "/api/feeds", None, "");
        let feeds: Vec<Value> = serde_json::from_str(&body).unwrap();
        if feeds[0]["status"] == "ok" {
            assert_eq!(feeds[0]["articles_added"], 1, "{feeds:?}");
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "status never recorded: {feeds:?}");
        std::thread::sleep(Duration::from_millis(250));
    }
    // The poll filed it under a story, as `parallax ingest` would.
    let (_, body) = http(&addr, "GET", "/api/stories", None, "");
    let stories: Vec<Value> = serde_json::from_str(&body).unwrap();
    assert_eq!(stories.len(), 1, "{stories:?}");
}
