//! Plain-text articles: a title line, a blank line, then paragraphs; or paragraphs alone.

use parallax_model::{Document, Origin};

/// Longest first line still taken as a headline.
const MAX_TITLE_CHARS: usize = 200;

/// Reads a plain-text article. The first line is the headline when a blank line follows it
/// and it reads like one (short, not ending in a full stop, more text after it); otherwise
/// the file is all body and has no headline.
pub fn read_text(content: &str, origin: Origin) -> Document {
    let content = content.strip_prefix('\u{FEFF}').unwrap_or(content);
    let content = content.trim_start_matches(['\n', '\r']);
    let mut doc = Document::new(origin);
    let (first, rest) = match content.split_once('\n') {
        Some((first, rest)) => (first.trim(), rest),
        None => ("", content),
    };
    let rest_trimmed = rest.trim_start_matches([' ', '\t', '\r']);
    let blank_follows = rest_trimmed.starts_with('\n');
    let is_title = blank_follows
        && !first.is_empty()
        && first.chars().count() <= MAX_TITLE_CHARS
        && !first.ends_with('.')
        && !rest.trim().is_empty();
    if is_title {
        doc.title = Some(first.to_string());
        doc.text = rest.to_string();
    } else {
        doc.text = content.to_string();
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::Format;

    fn read(s: &str) -> Document {
        read_text(s, Origin::file("a.txt", Format::Text))
    }

    #[test]
    fn title_line_then_body() {
        let d = read("Evacuation near the plant\n\nFirst paragraph.\n\nSecond.\n");
        assert_eq!(d.title.as_deref(), Some("Evacuation near the plant"));
        assert_eq!(d.text.trim(), "First paragraph.\n\nSecond.");
    }

    #[test]
    fn body_without_title() {
        let d = read("The ministry said on Saturday that dozens left.\n\nMore text.");
        assert_eq!(d.title, None);
        assert!(d.text.starts_with("The ministry"));
        let one_line = read("Just one line without a break");
        assert_eq!(one_line.title, None);
        assert_eq!(one_line.text, "Just one line without a break");
    }

    #[test]
    fn crlf_and_bom() {
        let d = read("\u{FEFF}Headline?\r\n\r\nBody line.\r\n");
        assert_eq!(d.title.as_deref(), Some("Headline?"));
        assert!(d.text.contains("Body line."));
    }
}
