//! The lexer shared by the figure and date finders: one pass over the sentence into words,
//! digit runs and single punctuation characters, each with character and byte offsets.
//!
//! Words keep internal hyphens and apostrophes ("Forty-six", "nine-day", "pro-Russian",
//! "Ukraine's") because number words and measure adjectives are read from their parts.
//! Digit runs keep internal `.` and `,` between digits ("1,200", "3,5", "1.200.000"); what
//! the separators mean is decided later, when the context is known.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (and digits after a first letter: "MH17"), with internal hyphens/apostrophes.
    Word,
    /// Digits with internal `.`/`,` separators.
    Digits,
    /// Any other single non-space character.
    Punct(char),
}

/// One token: offsets in characters (for [`crate::Span`]) and bytes (for slicing).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    /// White space (or the sentence start) comes right before this token.
    pub spaced: bool,
}

impl Tok {
    pub fn text<'s>(&self, sentence: &'s str) -> &'s str {
        &sentence[self.byte_start..self.byte_end]
    }

    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn is_digits(&self) -> bool {
        self.kind == Kind::Digits
    }

    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }
}

fn joins_word(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '\u{2011}')
}

/// Splits `sentence` into tokens. Linear, one allocation (the output).
pub(crate) fn tokenize(sentence: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(sentence.len() / 4 + 1);
    let mut chars = sentence.char_indices().peekable();
    let mut index = 0usize;
    let mut spaced = true;
    while let Some((byte_start, c)) = chars.next() {
        let start = index;
        index += 1;
        if c.is_whitespace() {
            spaced = true;
            continue;
        }
        let mut byte_end = byte_start + c.len_utf8();
        let kind = if c.is_ascii_digit() {
            // Digits, and a separator only when a digit follows it.
            loop {
                match chars.peek().copied() {
                    Some((b, d)) if d.is_ascii_digit() => {
                        chars.next();
                        index += 1;
                        byte_end = b + 1;
                    }
                    Some((_, sep @ ('.' | ','))) => {
                        let after = sentence[byte_end + 1..].chars().next();
                        if after.is_some_and(|a| a.is_ascii_digit()) {
                            chars.next();
                            index += 1;
                            byte_end += sep.len_utf8();
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            Kind::Digits
        } else if c.is_alphabetic() {
            loop {
                match chars.peek().copied() {
                    Some((b, d)) if d.is_alphanumeric() => {
                        chars.next();
                        index += 1;
                        byte_end = b + d.len_utf8();
                    }
                    Some((b, j)) if joins_word(j) => {
                        let after = sentence[b + j.len_utf8()..].chars().next();
                        if after.is_some_and(char::is_alphabetic) {
                            chars.next();
                            index += 1;
                            byte_end = b + j.len_utf8();
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            Kind::Word
        } else {
            Kind::Punct(c)
        };
        out.push(Tok { kind, start, end: index, byte_start, byte_end, spaced });
        spaced = false;
    }
    out
}

/// A lower-cased copy of a short word, on the stack. Words too long for the buffer come out
/// empty, which matches no lexicon entry: every entry is short.
pub(crate) struct Lower {
    buf: [u8; 48],
    len: usize,
}

impl Lower {
    pub fn new(word: &str) -> Lower {
        let mut lower = Lower { buf: [0; 48], len: 0 };
        if word.is_ascii() {
            if word.len() <= lower.buf.len() {
                for (slot, b) in lower.buf.iter_mut().zip(word.bytes()) {
                    *slot = b.to_ascii_lowercase();
                }
                lower.len = word.len();
            }
            return lower;
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            let width = c.len_utf8();
            if lower.len + width > lower.buf.len() {
                lower.len = 0;
                return lower;
            }
            c.encode_utf8(&mut lower.buf[lower.len..lower.len + width]);
            lower.len += width;
        }
        lower
    }

    pub fn as_str(&self) -> &str {
        // Whole characters are encoded, or nothing, so this cannot fail.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

/// True when the word starts with an upper-case letter.
pub(crate) fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text(s)).collect()
    }

    #[test]
    fn keeps_separators_only_between_digits() {
        assert_eq!(texts("over 1,200, then 3.5."), ["over", "1,200", ",", "then", "3.5", "."]);
        assert_eq!(texts("Forty-six civilians' buses"), ["Forty-six", "civilians", "'", "buses"]);
        assert_eq!(texts("Su-25 and MH17"), ["Su", "-", "25", "and", "MH17"]);
        assert_eq!(texts("36th"), ["36", "th"]);
    }

    #[test]
    fn offsets_are_characters() {
        let s = "Київ: 45 автобусів";
        let toks = tokenize(s);
        assert_eq!((toks[2].start, toks[2].end), (6, 8));
        assert_eq!(toks[2].text(s), "45");
        assert!(toks[2].spaced && !toks[1].spaced);
    }

    #[test]
    fn lowers_any_script_on_the_stack() {
        assert_eq!(Lower::new("Forty-Six").as_str(), "forty-six");
        assert_eq!(Lower::new("АПРЕЛЯ").as_str(), "апреля");
        assert_eq!(Lower::new(&"x".repeat(60)).as_str(), "");
        assert_eq!(Lower::new(&"я".repeat(30)).as_str(), "");
    }
}
