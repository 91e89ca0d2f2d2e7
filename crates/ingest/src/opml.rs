//! OPML feed lists: every `<outline xmlUrl=…>` is a subscription.

use parallax_model::{Origin, Subscription};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::error::IngestError;
use crate::{Item, xml_guard};

/// Parses an OPML document held in memory and emits its subscriptions.
pub fn read_opml(content: &[u8], origin: &Origin, emit: &mut dyn FnMut(Item)) {
    if let Err(e) = xml_guard(content, &origin.input) {
        emit(Item::Failed(e));
        return;
    }
    match parse(content) {
        Ok(subs) if subs.is_empty() => emit(Item::Failed(IngestError::Empty {
            input: origin.input.clone(),
            record: Some("no outline has an xmlUrl".into()),
        })),
        Ok(subs) => subs.into_iter().for_each(|s| emit(Item::Subscription(s))),
        Err(message) => emit(Item::Failed(IngestError::malformed(&origin.input, None, message))),
    }
}

fn parse(content: &[u8]) -> Result<Vec<Subscription>, String> {
    let mut reader = Reader::from_reader(content);
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    let mut categories: Vec<Option<String>> = Vec::new();
    let mut subs = Vec::new();
    let mut saw_opml = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("invalid XML at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name();
                if name.as_ref() == "opml" {
                    saw_opml = true;
                }
                if name.as_ref() == "outline" {
                    let attrs = attributes(e)?;
                    let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
                    let label =
                        get("title").or_else(|| get("text")).filter(|t| !t.trim().is_empty());
                    if let Some(feed_url) = get("xmlUrl").filter(|u| !u.trim().is_empty()) {
                        let path: Vec<&str> =
                            categories.iter().flatten().map(String::as_str).collect();
                        subs.push(Subscription {
                            feed_url: feed_url.trim().to_string(),
                            title: label.clone(),
                            site_url: get("htmlUrl").filter(|u| !u.trim().is_empty()),
                            category: (!path.is_empty()).then(|| path.join(" / ")),
                        });
                    }
                    if !empty {
                        categories.push(label);
                    }
                }
            }
            Event::End(ref e) if e.local_name().as_ref() == "outline" => {
                categories.pop();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !saw_opml {
        return Err("no <opml> element".into());
    }
    Ok(subs)
}

fn attributes(e: &BytesStart<'_>) -> Result<Vec<(String, String)>, String> {
    e.attributes()
        .map(|a| {
            let a = a.map_err(|e| format!("bad attribute: {e}"))?;
            let key = a.key.local_name().as_ref().to_string();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| format!("bad attribute value: {e}"))?
                .into_owned();
            Ok((key, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::Format;

    fn read(s: &str) -> Vec<Item> {
        let mut items = Vec::new();
        read_opml(s.as_bytes(), &Origin::file("subs.opml", Format::Opml), &mut |i| items.push(i));
        items
    }

    #[test]
    fn nested_outlines_become_categorised_subscriptions() {
        let items = read(
            r#"<?xml version="1.0"?><opml version="2.0"><head><title>s</title></head><body>
<outline text="Europe"><outline text="Wire &amp; Co" type="rss" xmlUrl="https://wire.example.com/rss" htmlUrl="https://wire.example.com/"/>
<outline text="East"><outline text="Ledger" xmlUrl="https://ledger.example.ee/feed"/></outline></outline>
<outline text="No feed here"/></body></opml>"#,
        );
        let subs: Vec<&Subscription> = items
            .iter()
            .filter_map(|i| if let Item::Subscription(s) = i { Some(s) } else { None })
            .collect();
        assert_eq!(subs.len(), 2);
        assert_eq!(subs[0].title.as_deref(), Some("Wire & Co"));
        assert_eq!(subs[0].category.as_deref(), Some("Europe"));
        assert_eq!(subs[1].category.as_deref(), Some("Europe / East"));
    }

    #[test]
    fn broken_opml_is_an_error() {
        let items = read("<opml><body><outline text='x' xmlUrl='u'></body></opml>");
        assert!(
            matches!(&items[0], Item::Failed(e) if e.to_string().starts_with("subs.opml: invalid XML")),
            "{items:?}"
        );
    }
}
