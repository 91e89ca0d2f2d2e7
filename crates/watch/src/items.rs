//! From a feed's bytes to the documents worth ingesting.

use parallax_ingest::{IngestError, Item};
use parallax_model::{Document, Format, Origin};
use serde_json::Value;

/// A feed's items, and the items that could not be read.
pub(crate) struct ParsedFeed {
    pub docs: Vec<Document>,
    pub failures: Vec<String>,
}

/// Parses a feed body. A body that is no feed at all (an HTML page, garbage) or a feed that
/// does not parse is an error naming the feed; a bad item is a failure of that item only.
pub(crate) fn parse_feed(bytes: &[u8], feed_url: &str) -> Result<ParsedFeed, String> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let format = match parallax_ingest::sniff(head, None) {
        Ok(f @ (Format::Rss | Format::Atom | Format::JsonFeed)) => f,
        Ok(Format::Html) => {
            return Err(format!("{feed_url}: the response is an HTML page, not a feed"));
        }
        Ok(other) => return Err(format!("{feed_url}: the response is {other:?}, not a feed")),
        Err(hint) => return Err(format!("{feed_url}: the response is not a feed ({hint})")),
    };
    let origin = Origin::file(feed_url, format);
    let mut docs = Vec::new();
    let mut failures = Vec::new();
    let mut fatal = None;
    parallax_ingest::feed::read_feed(bytes, &origin, &mut |item| match item {
        Item::Document(d) => docs.push(*d),
        // An empty feed is a feed with nothing new, not a failure.
        Item::Failed(IngestError::Empty { record: Some(r), .. }) if r == "feed has no items" => {}
        Item::Failed(e @ IngestError::Malformed { record: None, .. }) => {
            fatal = Some(e.to_string());
        }
        Item::Failed(e) => failures.push(e.to_string()),
        Item::Subscription(_) | Item::Page(_) => {}
    });
    match fatal {
        Some(message) => Err(message),
        None => Ok(ParsedFeed { docs, failures }),
    }
}

/// Gives a summary-only feed item the text of its page, keeping what the feed said about
/// the item (link, guid, date, title) where the page says nothing better.
pub(crate) fn complete_with_page(item: &mut Document, page: Document, fetched_from: &str) {
    item.text = page.text;
    item.summary_only = false;
    if item.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        item.title = page.title;
    }
    item.byline = item.byline.take().or(page.byline);
    item.published = item.published.or(page.published);
    item.language = item.language.take().or(page.language);
    item.outlet = item.outlet.take().or(page.outlet);
    if item.url.as_deref() != Some(fetched_from) {
        item.extra.insert("fetched_url".into(), Value::String(fetched_from.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_feeds_and_broken_feeds_are_errors_naming_the_feed() {
        let url = "http://h.example/feed";
        for body in
            [&b"<!doctype html><html><body><p>hi</p></body></html>"[..], b"", b"\x00\x01garbage"]
        {
            let e = parse_feed(body, url).err().expect("an error");
            assert!(e.starts_with(url), "{e}");
        }
        let e = parse_feed(b"<rss version=\"2.0\"><channel><item><title>cut", url).err().unwrap();
        assert!(e.starts_with(url), "{e}");
    }

    #[test]
    fn empty_feeds_are_fine_and_bad_items_are_failures_of_their_own() {
        let url = "http://h.example/feed";
        let empty =
            parse_feed(b"<rss version=\"2.0\"><channel><title>T</title></channel></rss>", url)
                .unwrap();
        assert!(empty.docs.is_empty() && empty.failures.is_empty());
        let one_bad = parse_feed(
            b"<rss version=\"2.0\"><channel><title>T</title><item><title>No body</title></item>\
              <item><title>Ferry</title><description>The ferry sailed at noon.</description></item></channel></rss>",
            url,
        )
        .unwrap();
        assert_eq!(one_bad.docs.len(), 1);
        assert_eq!(one_bad.failures.len(), 1, "{:?}", one_bad.failures);
        assert!(one_bad.failures[0].contains("item 1"), "{:?}", one_bad.failures);
    }
}
