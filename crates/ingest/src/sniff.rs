//! Telling an input's format from its first bytes and its name.

use parallax_model::Format;

/// Decides the format from the first bytes (`head`, already decompressed) and the file's
/// extension. Content wins where it is unambiguous (a `.xml` file whose root is `<opml>` is
/// OPML); the extension decides between HTML and plain text. `Err` carries a hint for the
/// user: what the input looked like.
pub fn sniff(head: &[u8], extension: Option<&str>) -> Result<Format, String> {
    let text = strip_bom(head);
    let trimmed = trim_ascii_start(text);
    if trimmed.is_empty() {
        return Err("empty".into());
    }
    if trimmed.starts_with(b"WARC/") {
        return Ok(Format::Warc);
    }
    match trimmed[0] {
        b'<' => return markup_format(trimmed, extension),
        b'{' => {
            return Ok(if contains(trimmed, b"jsonfeed.org/version") {
                Format::JsonFeed
            } else {
                Format::Jsonl
            });
        }
        b'[' => return Ok(Format::Jsonl),
        _ => {}
    }
    if looks_binary(text) {
        return Err("binary data".into());
    }
    match extension {
        Some("html" | "htm" | "xhtml") => Ok(Format::Html),
        _ => Ok(Format::Text),
    }
}

fn markup_format(doc: &[u8], extension: Option<&str>) -> Result<Format, String> {
    let root = root_element(doc);
    match root.as_deref() {
        Some("rss") | Some("rdf:rdf") | Some("rdf") => Ok(Format::Rss),
        Some("feed") => Ok(Format::Atom),
        Some("opml") => Ok(Format::Opml),
        Some("html") | Some("head") | Some("body") => Ok(Format::Html),
        Some("!doctype html") => Ok(Format::Html),
        Some(other) => match extension {
            Some("html" | "htm" | "xhtml") => Ok(Format::Html),
            Some("xml" | "rss" | "atom" | "opml" | "rdf") => {
                Err(format!("XML with root element <{other}>, not a feed or OPML"))
            }
            // Pages saved without <html> still start with markup.
            _ if HTML_TAGS.contains(&other) => Ok(Format::Html),
            _ => Err(format!("markup with root element <{other}>")),
        },
        None => Err("markup without a root element".into()),
    }
}

const HTML_TAGS: &[&str] = &[
    "meta", "title", "div", "p", "article", "main", "section", "header", "script", "link", "style",
    "h1", "h2", "table", "span", "a",
];

/// The lower-cased name of the first element, skipping the XML declaration, processing
/// instructions, comments and a non-HTML doctype. `!doctype html` for HTML5 pages.
fn root_element(doc: &[u8]) -> Option<String> {
    let mut rest = doc;
    loop {
        rest = trim_ascii_start(rest);
        if rest.starts_with(b"<?") {
            rest = &rest[find(rest, b"?>")? + 2..];
        } else if rest.starts_with(b"<!--") {
            rest = &rest[find(rest, b"-->")? + 3..];
        } else if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"<!doctype") {
            let end = find(rest, b">")?;
            let decl = String::from_utf8_lossy(&rest[9..end]).to_ascii_lowercase();
            if decl.trim_start().starts_with("html") {
                return Some("!doctype html".into());
            }
            rest = &rest[end + 1..];
        } else if rest.starts_with(b"<") {
            let name: Vec<u8> = rest[1..]
                .iter()
                .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'>' | b'/'))
                .copied()
                .collect();
            return Some(String::from_utf8_lossy(&name).to_ascii_lowercase());
        } else {
            return None;
        }
    }
}

fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(b)
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

pub(crate) fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle).is_some()
}

/// NUL bytes, or many control bytes, mean binary data. Invalid UTF-8 alone does not: a
/// legacy-encoded text is reported as invalid UTF-8 by its reader, with the offset.
fn looks_binary(b: &[u8]) -> bool {
    if b.contains(&0) {
        return true;
    }
    let controls =
        b.iter().filter(|&&c| c < 0x20 && !matches!(c, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    controls * 20 > b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_formats_by_content() {
        assert_eq!(sniff(b"WARC/1.0\r\n", None), Ok(Format::Warc));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", Some("xml")),
            Ok(Format::Rss)
        );
        assert_eq!(sniff(b"<?xml version='1.0'?><!-- c --><feed xmlns=", None), Ok(Format::Atom));
        assert_eq!(sniff(b"\xEF\xBB\xBF<opml version=\"2.0\">", Some("xml")), Ok(Format::Opml));
        assert_eq!(sniff(b"<rdf:RDF xmlns:rdf=", None), Ok(Format::Rss));
        assert_eq!(sniff(b"<!DOCTYPE html><html lang=en>", Some("txt")), Ok(Format::Html));
        assert_eq!(sniff(b"  <div class=x>", None), Ok(Format::Html));
        assert_eq!(
            sniff(b"{\"version\": \"https://jsonfeed.org/version/1.1\"", None),
            Ok(Format::JsonFeed)
        );
        assert_eq!(sniff(b"{\"id\": 1, \"text\": \"a\"}\n", None), Ok(Format::Jsonl));
        assert_eq!(sniff(b"A headline\n\nBody.", None), Ok(Format::Text));
        assert_eq!(sniff(b"A headline\n\nBody.", Some("html")), Ok(Format::Html));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert!(sniff(b"", None).is_err());
        assert!(sniff(b" \n\t", None).is_err());
        assert!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Some("txt")).unwrap_err().contains("binary")
        );
        assert!(sniff(b"<?xml version=\"1.0\"?><svg>", Some("xml")).unwrap_err().contains("<svg>"));
    }
}
