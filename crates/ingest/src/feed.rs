//! RSS, Atom and JSON Feed documents: each item an article.

use feed_rs::model::{Entry, Feed, FeedType};
use parallax_model::{Document, Format, Origin};
use serde_json::Value;

use crate::error::IngestError;
use crate::fragment::fragment_text;
use crate::{Item, xml_guard};

/// An item whose only text is a description shorter than this many words is a teaser:
/// stored as summary-only, keeping its link for fetching the page later. Many RSS feeds put
/// the whole article into `<description>`; those are kept as full text.
const SUMMARY_MAX_WORDS: usize = 120;

/// Parses a feed held in memory and emits one document per item.
pub fn read_feed(content: &[u8], origin: &Origin, emit: &mut dyn FnMut(Item)) {
    if origin.format != Format::JsonFeed
        && let Err(e) = xml_guard(content, &origin.input)
    {
        emit(Item::Failed(e));
        return;
    }
    let parser = feed_rs::parser::Builder::new().sanitize_content(false).build();
    let feed = match parser.parse(content) {
        Ok(feed) => feed,
        Err(e) => {
            emit(Item::Failed(IngestError::malformed(
                &origin.input,
                None,
                format!("not a valid feed: {e}"),
            )));
            return;
        }
    };
    let origin = Origin { format: format_of(&feed), ..origin.clone() };
    if feed.entries.is_empty() {
        emit(Item::Failed(IngestError::Empty {
            input: origin.input.clone(),
            record: Some("feed has no items".into()),
        }));
    }
    let feed_title = feed.title.as_ref().map(|t| fragment_text(&t.content));
    for (i, entry) in feed.entries.iter().enumerate() {
        let record = origin.with_record(format!("item {}", i + 1));
        match entry_document(entry, &feed, feed_title.as_deref(), record) {
            Ok(doc) => emit(Item::Document(Box::new(doc))),
            Err(e) => emit(Item::Failed(e)),
        }
    }
}

fn format_of(feed: &Feed) -> Format {
    match feed.feed_type {
        FeedType::Atom => Format::Atom,
        FeedType::JSON => Format::JsonFeed,
        FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2 => Format::Rss,
    }
}

fn entry_document(
    entry: &Entry,
    feed: &Feed,
    feed_title: Option<&str>,
    origin: Origin,
) -> Result<Document, IngestError> {
    let mut doc = Document::new(origin);
    let content = entry.content.as_ref().and_then(|c| c.body.as_deref()).map(fragment_text);
    let summary = entry.summary.as_ref().map(|s| fragment_text(&s.content));
    let content = content.filter(|c| !c.trim().is_empty());
    doc.text = match (content, summary) {
        (Some(body), _) => body,
        (None, Some(summary)) if !summary.trim().is_empty() => {
            doc.summary_only = summary.split_whitespace().count() < SUMMARY_MAX_WORDS;
            summary
        }
        _ => {
            return Err(IngestError::Empty {
                input: doc.origin.input.clone(),
                record: Some(format!(
                    "{}: no content or summary",
                    doc.origin.record.as_deref().unwrap_or("item")
                )),
            });
        }
    };
    doc.title = entry.title.as_ref().map(|t| fragment_text(&t.content));
    doc.url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.clone());
    doc.published = entry.published.or(entry.updated);
    let authors: Vec<&str> =
        entry.authors.iter().filter_map(|p| p.name.as_deref()).filter(|n| !n.is_empty()).collect();
    if !authors.is_empty() {
        doc.byline = Some(authors.join(", "));
    }
    doc.language = feed.language.clone();
    if !entry.id.is_empty() {
        doc.extra.insert("guid".into(), Value::String(entry.id.clone()));
    }
    if let Some(t) = feed_title {
        doc.extra.insert("feed_title".into(), Value::String(t.to_string()));
    }
    let categories: Vec<Value> = entry
        .categories
        .iter()
        .map(|c| Value::String(c.label.clone().unwrap_or_else(|| c.term.clone())))
        .collect();
    if !categories.is_empty() {
        doc.extra.insert("categories".into(), Value::Array(categories));
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(content: &str, format: Format) -> Vec<Item> {
        let mut items = Vec::new();
        read_feed(content.as_bytes(), &Origin::file("f.xml", format), &mut |i| items.push(i));
        items
    }

    fn docs(items: &[Item]) -> Vec<&Document> {
        items
            .iter()
            .filter_map(|i| if let Item::Document(d) = i { Some(&**d) } else { None })
            .collect()
    }

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Harbour Gazette</title><link>https://harbour.example.com/</link><language>en-gb</language>
<item><title>Dock strike enters its third day</title><link>https://harbour.example.com/a?utm_source=rss</link>
<pubDate>Tue, 03 May 2022 08:00:00 +0100</pubDate><dc:creator>A. Writer</dc:creator><category>Business</category>
<content:encoded><![CDATA[<p>Cranes stood idle for a third day.</p><p>The union said talks had stalled.</p>]]></content:encoded></item>
<item><title>Teaser only</title><link>https://harbour.example.com/b</link><description>Talks resume on Friday, the port said.</description></item>
</channel></rss>"#;

    #[test]
    fn rss_items_with_content_and_summary_only() {
        let items = read(RSS, Format::Rss);
        let d = docs(&items);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].title.as_deref(), Some("Dock strike enters its third day"));
        assert!(d[0].text.contains("Cranes stood idle") && d[0].text.contains("\n\n"));
        assert_eq!(d[0].byline.as_deref(), Some("A. Writer"));
        assert_eq!(d[0].published.unwrap().to_rfc3339(), "2022-05-03T07:00:00+00:00");
        assert_eq!(d[0].language.as_deref(), Some("en-gb"));
        assert_eq!(d[0].origin.format, Format::Rss);
        assert!(!d[0].summary_only);
        assert!(d[1].summary_only);
        assert_eq!(d[1].url.as_deref(), Some("https://harbour.example.com/b"));
        assert_eq!(d[1].origin.record.as_deref(), Some("item 2"));
    }

    #[test]
    fn atom_and_json_feed() {
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:x</id><updated>2022-05-01T00:00:00Z</updated>
<entry><title>Flood waters recede</title><id>urn:1</id><link href="https://a.example.org/1"/><published>2022-05-01T09:30:00Z</published><updated>2022-05-02T00:00:00Z</updated>
<author><name>R. Banks</name></author><content type="html">&lt;p&gt;The river fell overnight.&lt;/p&gt;</content></entry></feed>"#;
        let items = read(atom, Format::Atom);
        let d = docs(&items);
        assert_eq!(d[0].origin.format, Format::Atom);
        assert_eq!(d[0].text.trim(), "The river fell overnight.");
        assert_eq!(d[0].published.unwrap().to_rfc3339(), "2022-05-01T09:30:00+00:00");

        let json = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
            {"id": "1", "url": "https://j.example.net/1", "title": "Rates held", "content_text": "The bank held rates.", "date_published": "2022-05-04T12:00:00Z"}]}"#;
        let items = read(json, Format::JsonFeed);
        let d = docs(&items);
        assert_eq!(d[0].origin.format, Format::JsonFeed);
        assert_eq!(d[0].text, "The bank held rates.");
    }

    #[test]
    fn malformed_and_hostile_feeds_fail_with_the_input_named() {
        let items = read("<rss><channel><item><title>cut", Format::Rss);
        assert!(
            matches!(&items[0], Item::Failed(e) if e.to_string().starts_with("f.xml: ")),
            "{items:?}"
        );
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><rss><channel><item><title>&lol2;</title></item></channel></rss>"#;
        let items = read(laughs, Format::Rss);
        assert!(
            matches!(&items[0], Item::Failed(e) if e.to_string().contains("entity")),
            "{items:?}"
        );
    }
}
