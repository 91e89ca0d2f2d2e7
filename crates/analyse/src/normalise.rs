//! Unicode and whitespace normalisation.
//!
//! Every later offset refers to the normalised text, so this runs first and exactly once.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Normalises a body: NFC; every Unicode space (no-break, thin, ideographic…) becomes a plain
/// space and runs of them one; zero-width characters and control characters other than
/// newlines are dropped; lines are trimmed; paragraphs are separated by exactly one blank
/// line. A single line break inside a paragraph is kept (poetry, addresses, datelines).
pub fn normalise_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_newlines = 0usize;
    for raw_line in text.lines() {
        let line = normalise_line(raw_line);
        if line.is_empty() {
            if !out.is_empty() {
                pending_newlines = 2;
            }
            continue;
        }
        if !out.is_empty() {
            let breaks = pending_newlines.max(1);
            for _ in 0..breaks {
                out.push('\n');
            }
        }
        pending_newlines = 0;
        out.push_str(&line);
    }
    out
}

/// Normalises one line (a title, a byline): NFC, spaces collapsed, trimmed.
pub fn normalise_line(line: &str) -> String {
    // Most lines are NFC already (all ASCII is), and the quick check is far cheaper than
    // decomposing and recomposing every character.
    if is_nfc_quick(line.chars()) == IsNormalized::Yes {
        collapse(line.chars(), line.len())
    } else {
        collapse(line.nfc(), line.len())
    }
}

fn collapse(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut space = false;
    for c in chars {
        if is_dropped(c) {
            continue;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

fn is_dropped(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
        || (c.is_control() && !c.is_whitespace())
}

/// Splits normalised text into paragraphs (separated by blank lines).
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").filter(|p| !p.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_and_collapses() {
        // "e" + combining acute becomes one "é"; no-break and ideographic spaces collapse.
        let text =
            "  Cafe\u{301}\u{00A0}\u{00A0}opens\u{3000}today \r\n\r\n\r\n\tSecond\u{200B} para  ";
        assert_eq!(normalise_text(text), "Café opens today\n\nSecond para");
    }

    #[test]
    fn quick_path_agrees_with_full_composition() {
        // Composed already, ASCII, decomposed, Hangul jamo, a combining mark after a
        // composed letter, and a singleton (the angstrom sign) that NFC replaces.
        let lines = [
            "Kyïv and Mariupol",
            "plain ASCII, 46 civilians",
            "Kyi\u{308}v",
            "\u{1100}\u{1161}\u{11A8}",
            "e\u{301}\u{323}",
            "\u{212B}ngstr\u{F6}m",
        ];
        for line in lines {
            let full: String = collapse(line.nfc(), line.len());
            assert_eq!(normalise_line(line), full, "{line:?}");
            assert!(normalise_line(line).chars().eq(line.nfc()), "{line:?}");
        }
    }

    #[test]
    fn keeps_single_line_breaks() {
        assert_eq!(
            normalise_text("KYIV, May 3\nThe city\n\nNext"),
            "KYIV, May 3\nThe city\n\nNext"
        );
    }

    #[test]
    fn drops_controls_and_empty_input() {
        assert_eq!(normalise_text("a\u{0007}b"), "ab");
        assert_eq!(normalise_text(" \n\n \t"), "");
        assert_eq!(normalise_line("  A \t title\u{FEFF} "), "A title");
    }
}
