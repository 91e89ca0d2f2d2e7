//! Snippet HTML: the article text escaped, the matches marked. Built here rather than with
//! tantivy's `Snippet::to_html` so that the escaping (which the web page relies on to insert
//! snippets unescaped) is ours to test, and so that cut passages show an ellipsis.

use std::ops::Range;

/// The tag around a match.
const OPEN: &str = "<mark>";
const CLOSE: &str = "</mark>";

/// `text` with the five characters that can open markup or end an attribute replaced by
/// entities.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `text[span]` as HTML with the byte ranges `marks` (relative to `text`, sorted, within the
/// span) marked, and an ellipsis on each side where the span cuts the text.
pub(crate) fn marked(text: &str, span: Range<usize>, marks: &[Range<usize>]) -> String {
    let span = clamp(text, span);
    let mut out = String::new();
    if span.start > 0 {
        out.push('…');
    }
    let mut at = span.start;
    for mark in marks {
        let mark = clamp(text, mark.start.max(at)..mark.end.min(span.end));
        if mark.is_empty() {
            continue;
        }
        out.push_str(&escape_html(&text[at..mark.start]));
        out.push_str(OPEN);
        out.push_str(&escape_html(&text[mark.clone()]));
        out.push_str(CLOSE);
        at = mark.end;
    }
    out.push_str(&escape_html(&text[at..span.end]));
    if span.end < text.len() {
        out.push('…');
    }
    out
}

/// A range shrunk to lie inside `text` on character boundaries (the tokenizer's offsets are,
/// but an index written by another build might not be).
fn clamp(text: &str, range: Range<usize>) -> Range<usize> {
    let mut end = range.end.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = range.start.min(end);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    start..end
}

/// The first `max_chars` characters of `text`, cut after a word where there is one.
pub(crate) fn lead(text: &str, max_chars: usize) -> Range<usize> {
    let Some((cut, _)) = text.char_indices().nth(max_chars) else {
        return 0..text.len();
    };
    let at_word = text[..cut].rfind(char::is_whitespace).filter(|&i| i > cut / 2);
    0..at_word.unwrap_or(cut)
}

/// Snippet HTML made readable in a terminal: marks become «…», entities become characters,
/// any other tag is dropped.
pub fn marks_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix(OPEN) {
            out.push('«');
            rest = after;
        } else if let Some(after) = rest.strip_prefix(CLOSE) {
            out.push('»');
            rest = after;
        } else if rest.starts_with('<') {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
        } else {
            let entity =
                [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&#39;", '\'')]
                    .into_iter()
                    .find(|(e, _)| rest.starts_with(e));
            match entity {
                Some((e, c)) => {
                    out.push(c);
                    rest = &rest[e.len()..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    out
}
