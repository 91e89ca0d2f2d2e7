//! End-to-end tests of the `parallax` binary on fixtures written for these tests.

use std::io::Write;

use crate::util::{Env, stdout};
use serde_json::Value;

const TEXT: &str = "Dock strike enters its third day\n\nDock strike enters its third day\n\n\
Cranes stood idle at the northern terminal of Port Vellin on Wednesday as the strike by \
dock workers entered its third day. The union said 92% of its members had walked out.\n\n\
Port management put the figure at 38% and said \"most berths are working normally.\" Dr. \
A. K. Moreau, who chairs the port board, said talks would resume on Friday at 9 a.m.\n";

const HTML: &str = r#"<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Flood waters recede in Sarvani valley | The Harbour Gazette</title>
<link rel="canonical" href="https://www.harbour-gazette.co.uk/world/sarvani-floods?utm_source=twitter">
<meta property="og:title" content="Flood waters recede in Sarvani valley">
<meta property="og:site_name" content="The Harbour Gazette">
<meta name="author" content="Priya Raman">
<meta property="article:published_time" content="2022-05-11T08:30:00+05:30">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<article><h1>Flood waters recede in Sarvani valley</h1>
<p>Flood waters began to recede across the Sarvani valley on Wednesday, two days after the river burst its banks, officials said.</p>
<p>The state government put the death toll at 23, while police in the worst-hit district said 31 people had died.</p>
<p>More than 14,000 people remain in relief camps, according to the district administration, which said drinking water was its most urgent need.</p>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Monsoon arrives early</a></li><li><a href="/b">Dam levels rise</a></li></ul></aside>
<footer>© 2022 The Harbour Gazette. All rights reserved. Contact us. Privacy policy.</footer>
</body></html>"#;

const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Meridian Wire: World</title><link>https://meridian-wire.example.com/</link><language>en</language>
<item><title>Rescuers reach trapped miners</title><link>https://meridian-wire.example.com/mine-rescue?utm_source=rss</link>
<pubDate>Sun, 08 May 2022 06:15:00 +0000</pubDate><dc:creator>Meridian staff</dc:creator>
<content:encoded><![CDATA[<p>Rescue teams reached the twelve miners trapped at the Karrow Creek colliery early on Sunday, the operator said.</p><p>All twelve were alive, it said, although two needed treatment for dehydration.</p>]]></content:encoded></item>
<item><title>Port talks to resume</title><link>https://meridian-wire.example.com/port-talks</link>
<pubDate>Thu, 19 May 2022 10:00:00 +0000</pubDate><description>Union and port managers will meet on Friday.</description></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Baltic Ledger</title><id>urn:ledger</id><updated>2022-05-10T00:00:00Z</updated>
<entry><title>Parallel count disputes election result</title><id>urn:ledger:1</id>
<link rel="alternate" href="https://www.baltic-ledger.example.lv/2022/05/10/count"/>
<published>2022-05-10T07:00:00Z</published><updated>2022-05-10T09:00:00Z</updated><author><name>M. Ozols</name></author>
<content type="html">&lt;p&gt;A parallel vote count by independent monitors put the incumbent at 46.8 percent, below the 54.2 percent announced by the election commission.&lt;/p&gt;</content></entry>
</feed>"#;

const JSON_FEED: &str = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Commons Post",
"items": [{"id": "cp-1", "url": "https://commons-post.example.org/breach", "title": "Cloud firm admits breach",
"content_text": "Lumenstack said on Thursday that attackers had copied customer records from a support system.\n\nThe company did not say how many customers were affected.",
"date_published": "2022-05-26T15:00:00Z"}]}"#;

const OPML: &str = r#"<?xml version="1.0"?><opml version="2.0"><head><title>Desk feeds</title></head><body>
<outline text="Wires"><outline type="rss" text="Meridian Wire" xmlUrl="https://meridian-wire.example.com/world.xml" htmlUrl="https://meridian-wire.example.com/"/></outline>
<outline text="Europe"><outline type="rss" text="Baltic Ledger" xmlUrl="https://www.baltic-ledger.example.lv/feed.atom"/></outline>
</body></opml>"#;

fn jsonl() -> String {
    [
        r#"{"id": "desk-1", "title": "Central bank raises rates", "text": "The Bank of Lavrania raised its main rate to 12 percent on Friday from 9.5 percent.", "outlet": "Volga Herald", "url": "https://volga-herald.example.ru/rates", "published": "2022-05-13T12:00:00Z", "language": "en", "section": "economy", "wordcount": 17}"#,
        r#"{"id": "desk-2", "text": "Die Regierung hat am Samstag mitgeteilt, dass zahlreiche Menschen aus den Wohnhäusern neben dem Stahlwerk in Sicherheit gebracht wurden.", "outlet": "Rheinland Rundschau"}"#,
    ]
    .join("\n")
}

fn warc(html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
    let mut out = Vec::new();
    let record = |kind: &str, uri: &str, payload: &[u8]| {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2022-05-14T10:00:00Z\r\n\
             WARC-Record-ID: <urn:uuid:{kind}>\r\nContent-Length: {}\r\n\r\n",
            payload.len()
        )
        .into_bytes();
        r.extend_from_slice(payload);
        r.extend_from_slice(b"\r\n\r\n");
        r
    };
    for r in [
        record("warcinfo", "", b"software: parallax-tests\r\n"),
        record("request", "https://crawl.example.net/a", b"GET /a HTTP/1.1\r\n\r\n"),
        record("response", "https://crawl.example.net/a", http.as_bytes()),
    ] {
        // Common Crawl style: every record its own gzip member.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&r).unwrap();
        out.extend(gz.finish().unwrap());
    }
    out
}

fn find<'a>(articles: &'a [Value], title: &str) -> &'a Value {
    articles
        .iter()
        .find(|a| a["title"].as_str() == Some(title))
        .unwrap_or_else(|| panic!("no article titled {title:?} in {articles:#?}"))
}

#[test]
fn every_format_ingests_with_its_metadata() {
    let env = Env::new();
    let crawl_page = HTML
        .replace("Flood waters recede in Sarvani valley", "Relief camps fill as rain returns")
        .replace("<link rel=\"canonical\" href=\"https://www.harbour-gazette.co.uk/world/sarvani-floods?utm_source=twitter\">", "")
        .replace("Flood waters began to recede", "Heavy rain returned")
        .replace("death toll at 23", "death toll at 27");
    let paths = [
        env.write("strike.txt", TEXT),
        env.write("floods.html", HTML),
        env.write("wire.xml", RSS),
        env.write("ledger.atom", ATOM),
        env.write("post.json", JSON_FEED),
        env.write("desk.jsonl", jsonl()),
        env.write("crawl.warc.gz", warc(&crawl_page)),
        env.write("feeds.opml", OPML),
    ];
    let out = env.ingest(&paths.iter().map(|p| p.as_path()).collect::<Vec<_>>());
    assert!(out.status.success(), "{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    // The crawled page is a lightly edited copy of the HTML page: stored, and linked.
    assert!(stdout(&out).contains("8 new (1 summary-only)"), "{}", stdout(&out));
    assert!(stdout(&out).contains("1 near-duplicates"), "{}", stdout(&out));
    assert!(stdout(&out).contains("2 subscriptions"), "{}", stdout(&out));

    let articles = env.articles();
    assert_eq!(articles.len(), 9);
    for a in &articles {
        for key in ["id", "title", "outlet", "url", "published", "language"] {
            assert!(a.get(key).is_some(), "{key} missing in {a}");
        }
    }

    // Plain text: the repeated headline is not kept twice; --outlet was not given.
    let strike = find(&articles, "Dock strike enters its third day");
    let detail = env.json(&["article", strike["id"].as_str().unwrap(), "--json"]);
    let text = detail["text"].as_str().unwrap();
    assert!(text.starts_with("Cranes stood idle"), "{text}");
    assert_eq!(detail["language"], "en");

    // HTML: metadata from meta tags, canonical URL without tracking, boilerplate dropped.
    let floods = find(&articles, "Flood waters recede in Sarvani valley");
    assert_eq!(floods["outlet"], "The Harbour Gazette");
    assert_eq!(floods["published"], "2022-05-11T03:00:00Z");
    let detail = env.json(&["article", floods["id"].as_str().unwrap(), "--json"]);
    assert_eq!(detail["canonical_url"], "https://www.harbour-gazette.co.uk/world/sarvani-floods");
    assert_eq!(detail["byline"], "Priya Raman");
    let text = detail["text"].as_str().unwrap();
    assert!(text.contains("police in the worst-hit district said 31"));
    for junk in ["cookies", "Related stories", "All rights reserved", "Sport"] {
        assert!(!text.contains(junk), "boilerplate {junk:?} kept: {text}");
    }

    // RSS: the full item and the summary-only one that keeps its link.
    let rescue = find(&articles, "Rescuers reach trapped miners");
    assert_eq!(rescue["outlet"], "example.com");
    assert_eq!(rescue["published"], "2022-05-08T06:15:00Z");
    let teaser = find(&articles, "Port talks to resume");
    assert_eq!(teaser["summary_only"], true);
    assert_eq!(teaser["url"], "https://meridian-wire.example.com/port-talks");

    // Atom and JSON Feed.
    let count = find(&articles, "Parallel count disputes election result");
    assert_eq!(count["published"], "2022-05-10T07:00:00Z");
    assert_eq!(count["outlet"], "example.lv");
    find(&articles, "Cloud firm admits breach");

    // JSONL keeps its ids and unknown keys; language is detected where not given.
    let rates = find(&articles, "Central bank raises rates");
    assert_eq!(rates["id"], "desk-1");
    let detail = env.json(&["article", "desk-1", "--json"]);
    assert_eq!(detail["extra"]["section"], "economy");
    assert_eq!(detail["extra"]["wordcount"], 17);
    let german = env.json(&["article", "desk-2", "--json"]);
    assert_eq!(german["language"], "de");

    // WARC: the capture date is never the publication date.
    let crawled = find(&articles, "Relief camps fill as rain returns");
    let detail = env.json(&["article", crawled["id"].as_str().unwrap(), "--json"]);
    assert_eq!(detail["captured"], "2022-05-14T10:00:00Z");
    assert_eq!(detail["published"], "2022-05-11T03:00:00Z");
    assert_eq!(detail["url"], "https://crawl.example.net/a");
    assert_eq!(detail["syndicated_of"], floods["id"]);

    // OPML became subscriptions, not articles.
    let subs = env.json(&["subscriptions", "--json"]);
    assert_eq!(subs.as_array().unwrap().len(), 2);
    assert_eq!(subs[0]["category"], "Europe");
}

#[test]
fn sentences_carry_character_offsets_into_the_text() {
    let env = Env::new();
    let path = env.write("a.txt", "Évacuation — un bilan\n\nLe ministère a annoncé l’évacuation de 46 civils. « Tous ont reçu des soins », a-t-il ajouté.\n");
    assert!(env.ingest(&[&path]).status.success());
    let id = env.articles()[0]["id"].as_str().unwrap().to_string();
    let article = env.json(&["article", &id, "--json"]);
    let text: Vec<char> = article["text"].as_str().unwrap().chars().collect();
    let sentences = article["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 2, "{sentences:?}");
    for s in sentences {
        let (start, end) =
            (s["start"].as_u64().unwrap() as usize, s["end"].as_u64().unwrap() as usize);
        assert_eq!(text[start..end].iter().collect::<String>(), s["text"].as_str().unwrap());
    }
}

#[test]
fn reingesting_changes_nothing_and_duplicates_are_recognised() {
    let env = Env::new();
    let html = env.write("floods.html", HTML);
    // The same page under another name, and the same text from another URL.
    let copy =
        env.write("copy/floods-again.htm", HTML.replace("utm_source=twitter", "utm_source=rss"));
    assert!(env.ingest(&[&html]).status.success());
    let before = env.json(&["articles", "--json"]);
    let out = env.ingest(&[&html, &copy]);
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("0 new") && stdout(&out).contains("2 duplicates"),
        "{}",
        stdout(&out)
    );
    assert_eq!(env.json(&["articles", "--json"]), before);
}

#[test]
fn a_lightly_edited_wire_copy_is_linked_to_the_earliest_copy() {
    let env = Env::new();
    let body = "Rescue teams pulled two more survivors from the collapsed shaft on Tuesday evening, \
        the regional emergency service said, raising the number of miners brought out alive to \
        nineteen. Eleven workers remain unaccounted for and pumps were brought in overnight to \
        lower the water level in the lower galleries.\n\nThe company said it had suspended \
        operations at its two other pits in the valley pending an inspection by the national \
        mining authority, which is due to report within a week.";
    let line = |id: &str, outlet: &str, day: &str, text: &str| {
        serde_json::json!({"id": id, "title": "Survivors pulled from shaft", "outlet": outlet, "published": day, "text": text})
            .to_string()
    };
    let later = env.write(
        "later.jsonl",
        line(
            "copy",
            "Southern Cross Tribune",
            "2022-05-06",
            &format!("{body} The mayor declared a day of mourning."),
        ),
    );
    let original = env.write("wire.jsonl", line("wire", "Meridian Wire", "2022-05-05", body));
    let unrelated = env.write("other.txt", TEXT);
    // The copy arrives first; the earlier original still becomes the root.
    let out = env.ingest(&[&later, &original, &unrelated]);
    assert!(stdout(&out).contains("1 near-duplicates"), "{}", stdout(&out));
    let copy = env.json(&["article", "copy", "--json"]);
    assert_eq!(copy["syndicated_of"], "wire");
    assert_eq!(env.json(&["article", "wire", "--json"])["syndicated_of"], Value::Null);
}

#[test]
fn jsonl_ids_conflicting_with_other_text_are_refused() {
    let env = Env::new();
    let a = env.write("a.jsonl", r#"{"id": "x1", "text": "The first text of this article."}"#);
    let b = env.write("b.jsonl", r#"{"id": "x1", "text": "A different text under the same id."}"#);
    assert!(env.ingest(&[&a]).status.success());
    let out = env.ingest(&[&b]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("b.jsonl: line 1: id \"x1\" is already used"),
        "{}",
        stdout(&out)
    );
    let stored = env.json(&["article", "x1", "--json"]);
    assert_eq!(stored["text"], "The first text of this article.");
}

#[test]
fn stdin_globs_and_user_supplied_metadata() {
    let env = Env::new();
    env.write("batch/one.txt", TEXT);
    env.write("batch/two.txt", "Port board meets union\n\nThe board and the union met for four hours on Thursday without agreement.\n");
    let pattern = env.dir.path().join("in/batch/*.txt");
    let out = env
        .cmd()
        .args(["ingest", "--quiet", "--outlet", "Port Courier", "--published", "2022-05-18"])
        .arg(pattern.to_str().unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stdout(&out));
    let articles = env.articles();
    assert_eq!(articles.len(), 2);
    assert!(
        articles
            .iter()
            .all(|a| a["outlet"] == "Port Courier" && a["published"] == "2022-05-18T00:00:00Z")
    );

    let mut child = env
        .cmd()
        .args(["ingest", "--quiet", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(RSS.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(stdout(&out).contains("2 new"), "{}", stdout(&out));

    let filtered = env.json(&[
        "articles",
        "--json",
        "--outlet",
        "port courier",
        "--since",
        "2022-05-18",
        "--until",
        "2022-05-19",
    ]);
    assert_eq!(filtered.as_array().unwrap().len(), 2);
    let filtered = env.json(&["articles", "--json", "--language", "de"]);
    assert!(filtered.as_array().unwrap().is_empty());
}

#[test]
fn text_listing_and_article_view() {
    let env = Env::new();
    let path = env.write("strike.txt", TEXT);
    env.ingest(&[&path]);
    let list = stdout(&env.run(&["articles"]));
    assert!(
        list.contains("Dock strike enters its third day") && list.contains("1 articles"),
        "{list}"
    );
    let id = env.articles()[0]["id"].as_str().unwrap().to_string();
    let view = stdout(&env.run(&["article", &id]));
    assert!(view.starts_with("Dock strike enters its third day\n"), "{view}");
    assert!(view.contains("  1 [0.."), "{view}");
    let missing = env.run(&["article", "nope"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no article with id \"nope\""));
}
