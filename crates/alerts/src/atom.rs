//! An alert's matches as an Atom 1.0 feed (RFC 4287).

use std::borrow::Cow;

use chrono::{DateTime, SecondsFormat, Utc};
use parallax_store::{Alert, AlertMatch};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

/// The Atom namespace.
const ATOM: &str = "http://www.w3.org/2005/Atom";

/// A search snippet (HTML: text escaped, matches in `<mark>`) as plain text.
pub fn plain_snippet(html: &str) -> String {
    // The search crate escapes every `<` of the article text, so the only tags are its marks;
    // what is left is entities, which `marks_to_text` turns back into characters.
    let unmarked = html.replace("<mark>", "").replace("</mark>", "");
    parallax_search::marks_to_text(&unmarked)
}

/// The feed of `alert` holding `matches` (newest first, as the store lists them). Links point
/// under `base_url` (e.g. `http://127.0.0.1:8080`; empty for links relative to the feed).
/// Every text is escaped, and characters XML cannot carry (most control characters) are
/// dropped.
pub fn atom_feed(alert: &Alert, matches: &[AlertMatch], base_url: &str) -> String {
    let base = base_url.trim().trim_end_matches('/');
    let feed_id = format!("urn:parallax:alert:{}:{}", alert.id, alert.created.timestamp());
    let updated = matches.iter().map(|m| m.matched_at).max().unwrap_or(alert.created);
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Writing to a Vec cannot fail.
    let _ = write_feed(&mut w, alert, matches, base, &feed_id, updated);
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

fn write_feed(
    w: &mut Writer<Vec<u8>>,
    alert: &Alert,
    matches: &[AlertMatch],
    base: &str,
    feed_id: &str,
    updated: DateTime<Utc>,
) -> std::io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    w.create_element("feed").with_attribute(("xmlns", ATOM)).write_inner_content(|w| {
        text_element(w, "id", feed_id)?;
        text_element(w, "title", &format!("Parallax alert: {}", alert.name))?;
        text_element(w, "subtitle", &format!("New articles matching {}", alert.query))?;
        text_element(w, "updated", &atom_time(updated))?;
        let self_href = format!("{base}/alerts/{}.atom", alert.id);
        link(w, "self", &self_href, Some("application/atom+xml"))?;
        link(w, "alternate", &format!("{base}/alerts"), Some("text/html"))?;
        w.create_element("author").write_inner_content(|w| text_element(w, "name", "Parallax"))?;
        text_element(w, "generator", "Parallax")?;
        for m in matches {
            entry(w, m, base, feed_id)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn entry(
    w: &mut Writer<Vec<u8>>,
    m: &AlertMatch,
    base: &str,
    feed_id: &str,
) -> std::io::Result<()> {
    let article = path_segment(&m.article);
    w.create_element("entry").write_inner_content(|w| {
        text_element(w, "id", &format!("{feed_id}:article:{article}"))?;
        let title = m.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
        text_element(w, "title", title.unwrap_or("(untitled)"))?;
        link(w, "alternate", &format!("{base}/article/{article}"), Some("text/html"))?;
        // Only web addresses: a stored `javascript:` URL must not become a link.
        if let Some(url) = m.url.as_deref().filter(|u| is_web_url(u)) {
            link(w, "related", url, None)?;
        }
        if let Some(published) = m.published {
            text_element(w, "published", &atom_time(published))?;
        }
        text_element(w, "updated", &atom_time(m.matched_at))?;
        if let Some(outlet) = m.outlet.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
            w.create_element("author").write_inner_content(|w| text_element(w, "name", outlet))?;
        }
        if !m.snippet.trim().is_empty() {
            w.create_element("summary")
                .with_attribute(("type", "text"))
                .write_text_content(BytesText::new(&xml_chars(&m.snippet)))?;
        }
        Ok(())
    })?;
    Ok(())
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> std::io::Result<()> {
    w.create_element(name).write_text_content(BytesText::new(&xml_chars(text)))?;
    Ok(())
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, href: &str, kind: Option<&str>) -> std::io::Result<()> {
    let href = xml_chars(href);
    let mut element = w.create_element("link").with_attribute(("rel", rel));
    if let Some(kind) = kind {
        element = element.with_attribute(("type", kind));
    }
    element.with_attribute(("href", href.as_ref())).write_empty()?;
    Ok(())
}

fn atom_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn is_web_url(raw: &str) -> bool {
    url::Url::parse(raw.trim()).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

/// `text` without the characters XML 1.0 cannot hold at all (control characters other
/// than tab, newline and carriage return; U+FFFE and U+FFFF): a feed reader rejects the
/// whole document over one of them.
pub(crate) fn xml_chars(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}');
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

/// `text` percent-encoded for one path segment: only unreserved characters stay as they are.
pub(crate) fn path_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
