use chrono::{TimeZone, Utc};
use parallax_store::{Alert, AlertMatch};
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::atom::{path_segment, xml_chars};
use crate::{atom_feed, plain_snippet};

fn saved_alert(name: &str) -> Alert {
    Alert {
        id: 7,
        name: name.into(),
        query: "flood -\"ring road\"".into(),
        outlets: Vec::new(),
        group: None,
        language: None,
        since: None,
        until: None,
        webhook: None,
        secret: None,
        signed: false,
        created: Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).unwrap(),
        cursor: 0,
        matches: 2,
    }
}

fn found(id: &str, title: Option<&str>, url: Option<&str>, snippet: &str, day: u32) -> AlertMatch {
    AlertMatch {
        id: u64::from(day),
        alert: 7,
        article: id.into(),
        title: title.map(str::to_owned),
        outlet: Some("Mallory <i>Times</i> & \"Sons\"".into()),
        url: url.map(str::to_owned),
        published: Some(Utc.with_ymd_and_hms(2024, 3, day, 8, 0, 0).unwrap()),
        matched_at: Utc.with_ymd_and_hms(2024, 3, day, 9, 30, 0).unwrap(),
        snippet: snippet.into(),
        delivery: None,
        attempts: 0,
        last_error: None,
        next_attempt: None,
    }
}

/// Reads `xml` strictly (end names checked), failing the test on the first error.
fn well_formed(xml: &str) {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed at {}: {e}\n{xml}", reader.buffer_position()),
        }
    }
}

#[test]
fn hostile_text_is_escaped_and_the_feed_parses_back() {
    let hostile_title =
        "<script>alert('t')</script> Flood & \"quotes\" \u{0}\u{7}\u{1B}[31m \u{FFFF}end";
    let alert = saved_alert("Floods <b>&</b> \"more\"\u{8}");
    let matches = [
        found(
            "x/1 ?&<>",
            Some(hostile_title),
            Some("javascript:alert(1)"),
            "A flood <img src=x onerror=alert(1)> & \"</summary><script>\" \u{C}",
            3,
        ),
        found("plain-2", None, Some("https://valley.example/a?x=1&y=\"2\""), "", 2),
    ];
    let xml = atom_feed(&alert, &matches, "http://127.0.0.1:8080/");
    well_formed(&xml);
    assert!(!xml.contains("<script"), "{xml}");
    assert!(!xml.contains("<img"), "{xml}");
    assert!(!xml.contains("<b>"), "{xml}");
    assert!(!xml.contains("javascript:"), "a javascript: URL is never linked: {xml}");
    assert!(!xml.chars().any(|c| c < ' ' && !matches!(c, '\n' | '\r' | '\t')), "{xml:?}");

    let feed = feed_rs::parser::parse(xml.as_bytes()).expect("feed-rs reads it");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(feed.id, format!("urn:parallax:alert:7:{}", alert.created.timestamp()));
    assert_eq!(feed.title.unwrap().content, "Parallax alert: Floods <b>&</b> \"more\"");
    assert_eq!(feed.updated, Some(matches[0].matched_at), "the newest match");
    let self_link = feed.links.iter().find(|l| l.rel.as_deref() == Some("self")).unwrap();
    assert_eq!(self_link.href, "http://127.0.0.1:8080/alerts/7.atom");

    assert_eq!(feed.entries.len(), 2);
    let first = &feed.entries[0];
    assert_eq!(first.id, format!("{}:article:x%2F1%20%3F%26%3C%3E", feed.id));
    assert_eq!(
        first.title.as_ref().unwrap().content,
        "<script>alert('t')</script> Flood & \"quotes\" [31m end"
    );
    let hrefs: Vec<(&str, &str)> =
        first.links.iter().map(|l| (l.rel.as_deref().unwrap_or(""), l.href.as_str())).collect();
    assert_eq!(hrefs, [("alternate", "http://127.0.0.1:8080/article/x%2F1%20%3F%26%3C%3E")]);
    assert_eq!(first.published, matches[0].published);
    assert_eq!(first.updated, Some(matches[0].matched_at));
    assert_eq!(first.authors[0].name.as_deref(), Some("Mallory <i>Times</i> & \"Sons\""));
    assert_eq!(
        first.summary.as_ref().unwrap().content.trim(),
        "A flood <img src=x onerror=alert(1)> & \"</summary><script>\""
    );

    let second = &feed.entries[1];
    assert_eq!(second.title.as_ref().unwrap().content, "(untitled)");
    assert!(second.summary.is_none(), "an empty snippet is left out");
    let related = second.links.iter().find(|l| l.rel.as_deref() == Some("related")).unwrap();
    // feed-rs normalises the URL it reads; the attribute itself is escaped.
    assert_eq!(related.href, "https://valley.example/a?x=1&y=%222%22");
    assert!(xml.contains(r#"href="https://valley.example/a?x=1&amp;y=&quot;2&quot;""#), "{xml}");
}

#[test]
fn an_empty_feed_is_valid_and_links_may_be_relative() {
    let alert = saved_alert("Quiet");
    let xml = atom_feed(&alert, &[], "");
    well_formed(&xml);
    let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
    assert!(feed.entries.is_empty());
    assert_eq!(feed.updated, Some(alert.created));
    assert!(feed.links.iter().any(|l| l.href == "/alerts/7.atom"));
}

#[test]
fn huge_and_non_latin_text_survives() {
    let title = "Наводнение в Остравене — 洪水 ".repeat(2_000);
    let alert = saved_alert("Большая вода");
    let xml = atom_feed(&alert, &[found("ru-1", Some(&title), None, &title, 1)], "http://h");
    well_formed(&xml);
    let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
    assert_eq!(feed.entries[0].title.as_ref().unwrap().content, title.trim());
}

#[test]
fn helpers() {
    assert_eq!(
        plain_snippet("a <mark>flood</mark> &amp; &lt;b&gt; &quot;x&quot; &#39;"),
        "a flood & <b> \"x\" '"
    );
    assert_eq!(plain_snippet(""), "");
    assert_eq!(xml_chars("ok\ttab\nline"), "ok\ttab\nline");
    assert_eq!(xml_chars("\u{0}a\u{1F}b\u{FFFE}"), "ab");
    assert_eq!(path_segment("a-b_c.d~e"), "a-b_c.d~e");
    assert_eq!(path_segment("é/ ?"), "%C3%A9%2F%20%3F");
}
