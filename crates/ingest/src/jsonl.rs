//! JSON Lines: one article per line, `{id, title, text, outlet, url, published, language}`;
//! every other key is kept in `extra`. A JSON array of such objects is read the same way.

use std::io::BufRead;
use std::ops::ControlFlow;

use parallax_model::{Document, Origin};
use serde_json::{Map, Value};

use crate::dates::parse_date;
use crate::error::{Bytes, IngestError};
use crate::input::read_line_capped;
use crate::{Item, Limits};

/// Streams a JSONL input line by line: each bad line is reported with its number and the
/// rest are still read; memory is bounded by the longest line allowed. Stops as soon as
/// `emit` breaks, and then returns `Break`.
pub fn read_jsonl(
    reader: &mut dyn BufRead,
    origin: &Origin,
    limits: &Limits,
    emit: &mut dyn FnMut(Item) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        line_no += 1;
        let record = format!("line {line_no}");
        let item = match read_line_capped(reader, &mut buf, limits.record_bytes) {
            Ok(None) => return ControlFlow::Continue(()),
            Ok(Some(false)) => Item::Failed(IngestError::TooLarge {
                input: origin.input.clone(),
                record: Some(record),
                limit: Bytes(limits.record_bytes),
            }),
            Ok(Some(true)) => {
                if buf.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                parse_line(&buf, origin.with_record(record))
            }
            Err(e) => {
                return emit(Item::Failed(IngestError::malformed(
                    &origin.input,
                    Some(record),
                    format!("read failed: {e}"),
                )));
            }
        };
        emit(item)?;
    }
}

fn parse_line(bytes: &[u8], origin: Origin) -> Item {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Item::Failed(IngestError::InvalidUtf8 {
                input: origin.input.clone(),
                record: origin.record.clone(),
                offset: e.valid_up_to(),
            });
        }
    };
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => from_object(map, origin),
        Ok(Value::Array(items)) if origin.record.as_deref() == Some("line 1") => {
            // A whole-file JSON array on one line is handled by `read_json_array`.
            Item::Failed(IngestError::malformed(
                &origin.input,
                origin.record.clone(),
                format!(
                    "a JSON array of {} values on one line; expected one object per line",
                    items.len()
                ),
            ))
        }
        Ok(other) => Item::Failed(IngestError::malformed(
            &origin.input,
            origin.record.clone(),
            format!("expected a JSON object, found {}", kind(&other)),
        )),
        Err(e) => Item::Failed(IngestError::malformed(
            &origin.input,
            origin.record.clone(),
            format!("invalid JSON: {e}"),
        )),
    }
}

/// Reads a JSON array of article objects (already in memory, within the document limit).
pub fn read_json_array(content: &str, origin: &Origin, emit: &mut dyn FnMut(Item)) {
    match serde_json::from_str::<Vec<Value>>(content) {
        Ok(values) => {
            for (i, value) in values.into_iter().enumerate() {
                let origin = origin.with_record(format!("element {}", i + 1));
                match value {
                    Value::Object(map) => emit(from_object(map, origin)),
                    other => emit(Item::Failed(IngestError::malformed(
                        &origin.input,
                        origin.record.clone(),
                        format!("expected a JSON object, found {}", kind(&other)),
                    ))),
                }
            }
        }
        Err(e) => emit(Item::Failed(IngestError::malformed(
            &origin.input,
            None,
            format!("invalid JSON: {e}"),
        ))),
    }
}

fn from_object(mut map: Map<String, Value>, origin: Origin) -> Item {
    let fail = |message: String| {
        Item::Failed(IngestError::malformed(&origin.input, origin.record.clone(), message))
    };
    let text = match map.remove("text") {
        Some(Value::String(t)) if !t.trim().is_empty() => t,
        // A headline-only record (a wire flash, a list of headlines) is an article whose
        // body is its headline.
        Some(Value::String(_)) | Some(Value::Null) | None => match map.get("title") {
            Some(Value::String(title)) if !title.trim().is_empty() => title.clone(),
            _ => return fail("missing \"text\" (and no \"title\")".into()),
        },
        Some(other) => return fail(format!("\"text\" is {}, not a string", kind(&other))),
    };
    let mut doc = Document::new(origin.clone());
    doc.text = text;
    doc.id = match map.remove("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Null) | None => None,
        Some(Value::String(_)) => return fail("empty \"id\"".into()),
        Some(other) => return fail(format!("\"id\" is {}, not a string", kind(&other))),
    };
    let mut string = |key: &str| -> Result<Option<String>, Item> {
        match map.remove(key) {
            Some(Value::String(s)) => Ok(Some(s).filter(|s| !s.trim().is_empty())),
            Some(Value::Null) | None => Ok(None),
            Some(other) => Err(fail(format!("\"{key}\" is {}, not a string", kind(&other)))),
        }
    };
    let fields = (|| {
        Ok::<_, Item>((
            string("title")?,
            string("outlet")?,
            string("url")?,
            string("published")?,
            string("language")?,
            string("byline")?,
        ))
    })();
    let (title, outlet, url, published, language, byline) = match fields {
        Ok(f) => f,
        Err(item) => return item,
    };
    doc.title = title;
    doc.outlet = outlet;
    doc.url = url;
    doc.language = language;
    doc.byline = byline;
    if let Some(p) = published {
        match parse_date(&p) {
            Some(d) => doc.published = Some(d),
            None => return fail(format!("\"published\" is not a date: {p:?}")),
        }
    }
    doc.extra = map;
    Item::Document(Box::new(doc))
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::Format;

    fn read(data: &[u8], limits: Limits) -> Vec<Item> {
        let origin = Origin::file("a.jsonl", Format::Jsonl);
        let mut items = Vec::new();
        let mut r: &[u8] = data;
        let _ = read_jsonl(&mut r, &origin, &limits, &mut |i| {
            items.push(i);
            ControlFlow::Continue(())
        });
        items
    }

    #[test]
    fn reads_fields_and_keeps_unknown_keys() {
        let items = read(
            br#"{"id": "w-1", "title": "T", "text": "Body.", "outlet": "Wire", "url": "https://w.example/1", "published": "2022-04-30T10:00:00Z", "language": "en", "section": "world", "words": 2}"#,
            Limits::default(),
        );
        let Item::Document(d) = &items[0] else { panic!("{items:?}") };
        assert_eq!(d.id.as_deref(), Some("w-1"));
        assert_eq!(d.outlet.as_deref(), Some("Wire"));
        assert_eq!(d.published.unwrap().to_rfc3339(), "2022-04-30T10:00:00+00:00");
        assert_eq!(d.extra.get("section"), Some(&Value::String("world".into())));
        assert_eq!(d.extra.get("words"), Some(&Value::from(2)));
        assert_eq!(d.origin.record.as_deref(), Some("line 1"));
    }

    #[test]
    fn a_headline_without_text_is_a_headline_only_article() {
        let items = read(
            b"{\"title\": \"Ferry fire off Harlow Bay\", \"text\": \"\"}\n",
            Limits::default(),
        );
        match &items[..] {
            [Item::Document(d)] => {
                assert_eq!(d.text, "Ferry fire off Harlow Bay");
                assert_eq!(d.title.as_deref(), Some("Ferry fire off Harlow Bay"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_lines_are_reported_by_number_and_the_rest_read() {
        let mut data = Vec::new();
        data.extend_from_slice(b"{\"text\": \"one\"}\n");
        data.extend_from_slice(b"{\"text\": \"tw\xff\"}\n");
        data.extend_from_slice(b"{\"outlet\": \"no text\", \"text\": \" \"}\n");
        data.extend_from_slice(b"{\"text\": \"trunc\n");
        data.extend_from_slice(b"\n[1,2]\n");
        data.extend_from_slice(b"{\"text\": \"x\", \"published\": \"someday\"}\n");
        data.extend_from_slice(format!("{{\"text\": \"{}\"}}\n", "y".repeat(100)).as_bytes());
        data.extend_from_slice(b"{\"text\": \"last\", \"id\": 7}");
        let items = read(&data, Limits { record_bytes: 64, ..Limits::default() });
        let summary: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Document(d) => format!("ok {}", d.text),
                Item::Failed(e) => e.to_string(),
                Item::Subscription(_) | Item::Page(_) => unreachable!(),
            })
            .collect();
        assert_eq!(summary[0], "ok one");
        assert_eq!(summary[1], "a.jsonl: invalid UTF-8 at byte 12 (line 2)");
        assert_eq!(summary[2], "a.jsonl: missing \"text\" (and no \"title\") (line 3)");
        assert!(
            summary[3].starts_with("a.jsonl: invalid JSON") && summary[3].ends_with("(line 4)"),
            "{}",
            summary[3]
        );
        assert!(
            summary[4].contains("expected a JSON object, found an array (line 6)"),
            "{}",
            summary[4]
        );
        assert!(summary[5].contains("not a date") && summary[5].contains("line 7"));
        assert_eq!(summary[6], "a.jsonl: larger than the 64 bytes limit (line 8)");
        assert_eq!(summary[7], "ok last");
        assert_eq!(items.len(), 8);
    }

    #[test]
    fn json_array_of_articles() {
        let origin = Origin::file("a.json", Format::Jsonl);
        let mut items = Vec::new();
        read_json_array(r#"[{"text": "a"}, 3]"#, &origin, &mut |i| items.push(i));
        assert!(matches!(items[0], Item::Document(_)));
        assert!(matches!(&items[1], Item::Failed(e) if e.to_string().contains("element 2")));
    }
}
