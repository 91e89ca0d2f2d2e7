//! Naming variants ("Kyiv" or "Kiev", "invasion" or "special military operation") and scare
//! quotes ("liberated" in quotation marks).
//!
//! The lexicon is data, not code: `data/variants.toml` ships with Parallax and a data
//! directory's own `variants.toml` is read over it ([`Lexicon::load`]).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Serialize};

use crate::Span;

const BUILTIN: &str = include_str!("../data/variants.toml");

/// The lexicon file a data directory may hold.
pub const FILE_NAME: &str = "variants.toml";

/// One named thing and the forms it goes by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// The name the comparison shows it under ("Kyiv").
    pub canonical: String,
    /// Each form ("Kiev") with the words that write it ("Kiev", "Kievan", "Киев").
    pub forms: std::collections::BTreeMap<String, Vec<String>>,
}

/// A use of one form in a sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantUse {
    /// The variant's canonical name.
    pub canonical: String,
    /// The form used.
    pub form: String,
    /// Where.
    pub span: Span,
}

/// A lexicon that cannot be used.
#[derive(Debug)]
pub struct LexiconError(pub String);

impl std::fmt::Display for LexiconError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LexiconError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    #[serde(default)]
    variant: Vec<Variant>,
}

/// The naming variants to look for, with a matcher built over all their words.
#[derive(Clone, Debug)]
pub struct Lexicon {
    variants: Vec<Variant>,
    /// For each pattern of the matcher: (variant index, form).
    patterns: Vec<(usize, String)>,
    matcher: Arc<AhoCorasick>,
}

static BUILTIN_LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    Lexicon::from_variants(parse(BUILTIN, "the built-in lexicon").expect("built-in is valid"))
        .expect("the built-in lexicon builds")
});

fn parse(text: &str, origin: &str) -> Result<Vec<Variant>, LexiconError> {
    let file: LexiconFile = toml::from_str(text)
        .map_err(|e| LexiconError(format!("the variants lexicon {origin} is not valid: {e}")))?;
    for v in &file.variant {
        let empty =
            v.forms.is_empty() || v.forms.values().any(|w| w.iter().all(|w| w.trim().is_empty()));
        if v.canonical.trim().is_empty() || empty {
            return Err(LexiconError(format!(
                "the variants lexicon {origin}: {:?} needs a name and words for every form",
                v.canonical
            )));
        }
    }
    Ok(file.variant)
}

impl Lexicon {
    /// The lexicon shipped with Parallax.
    pub fn builtin() -> Lexicon {
        BUILTIN_LEXICON.clone()
    }

    /// The built-in lexicon with `dir/variants.toml` read over it when that file exists.
    pub fn load(dir: &Path) -> Result<Lexicon, LexiconError> {
        let path = dir.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => Lexicon::builtin().with_toml(&text, &path.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Lexicon::builtin()),
            Err(e) => Err(LexiconError(format!("cannot read {}: {e}", path.display()))),
        }
    }

    /// This lexicon with the variants of a TOML document read over it: a variant with the
    /// canonical name of one present replaces it.
    pub fn with_toml(self, text: &str, origin: &str) -> Result<Lexicon, LexiconError> {
        let mut variants = self.variants;
        for v in parse(text, origin)? {
            match variants.iter_mut().find(|old| old.canonical == v.canonical) {
                Some(old) => *old = v,
                None => variants.push(v),
            }
        }
        Lexicon::from_variants(variants)
    }

    fn from_variants(variants: Vec<Variant>) -> Result<Lexicon, LexiconError> {
        let mut patterns = Vec::new();
        let mut words = Vec::new();
        let mut seen: HashMap<String, &str> = HashMap::new();
        for (i, v) in variants.iter().enumerate() {
            for (form, spellings) in &v.forms {
                for w in spellings.iter().map(|w| fold(w.trim())).filter(|w| !w.is_empty()) {
                    if let Some(other) = seen.insert(w.clone(), &v.canonical) {
                        if other != v.canonical {
                            return Err(LexiconError(format!(
                                "the variants lexicon lists {w:?} under both {other:?} and {:?}",
                                v.canonical
                            )));
                        }
                        continue;
                    }
                    patterns.push((i, form.clone()));
                    words.push(w);
                }
            }
        }
        let matcher =
            AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&words).map_err(
                |e| LexiconError(format!("the variants lexicon cannot be compiled: {e}")),
            )?;
        Ok(Lexicon { variants, patterns, matcher: Arc::new(matcher) })
    }

    /// Every variant.
    pub fn variants(&self) -> &[Variant] {
        &self.variants
    }

    /// The forms used in one sentence, whole words only ("Kiev's" counts, "Kievskaya" does
    /// not).
    pub fn find(&self, sentence: &str) -> Vec<VariantUse> {
        let folded = Folded::new(sentence);
        let mut found = Vec::new();
        for m in self.matcher.find_iter(&folded.text) {
            let (start, end) = (folded.char_at(m.start()), folded.char_at(m.end()));
            if !folded.word_boundary(start) || !folded.word_boundary(end) {
                continue;
            }
            let (variant, form) = &self.patterns[m.pattern().as_usize()];
            found.push(VariantUse {
                canonical: self.variants[*variant].canonical.clone(),
                form: form.clone(),
                span: Span::new(start, end),
            });
        }
        found
    }
}

/// Lower-cases character by character, so that character offsets stay the same, and
/// treats typographic apostrophes and dashes as their ASCII forms.
fn fold_char(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
        '\u{2010}' | '\u{2011}' => '-',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// A sentence folded for matching, with the map from byte offsets back to characters.
struct Folded {
    text: String,
    chars: Vec<char>,
    /// Byte offset of each character of `text`, plus the length.
    bytes: Vec<usize>,
}

impl Folded {
    fn new(sentence: &str) -> Folded {
        let chars: Vec<char> = sentence.chars().map(fold_char).collect();
        let text: String = chars.iter().collect();
        let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        bytes.push(text.len());
        Folded { text, chars, bytes }
    }

    fn char_at(&self, byte: usize) -> usize {
        self.bytes.partition_point(|&b| b < byte)
    }

    fn word_boundary(&self, at: usize) -> bool {
        let before = at.checked_sub(1).and_then(|i| self.chars.get(i));
        let after = self.chars.get(at);
        !(before.is_some_and(|c| c.is_alphanumeric()) && after.is_some_and(|c| c.is_alphanumeric()))
    }
}

/// A short quoted term used at a distance ("liberated" in quotation marks): the quotation
/// marks and the words between them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScareQuote {
    /// The term as written, without its quotation marks.
    pub term: String,
    /// Where, quotation marks included.
    pub span: Span,
}

/// Longest quoted stretch still read as a term rather than a quotation.
const SCARE_QUOTE_MAX_WORDS: usize = 3;

/// Finds scare quotes: one to three words in quotation marks, inside the sentence's
/// grammar (a word before them), starting in lower case. A quotation (a speaker's words,
/// longer or sentence-like) and quoted names or titles (capitalised) are not scare quotes.
pub fn scare_quotes(sentence: &str) -> Vec<ScareQuote> {
    let chars: Vec<char> = sentence.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let Some(close) = closing_mark(chars[i], chars.get(i.wrapping_sub(1)).copied(), i) else {
            i += 1;
            continue;
        };
        let Some(len) = chars[i + 1..].iter().take(40).position(|&c| close(c)) else {
            i += 1;
            continue;
        };
        let end = i + 1 + len;
        let inner: String = chars[i + 1..end].iter().collect();
        let words = inner.split_whitespace().count();
        let starts_lower = inner.chars().next().is_some_and(char::is_lowercase);
        let inside_grammar = chars[..i]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| c.is_alphanumeric() || *c == ',');
        let sentence_like = inner.trim_end().ends_with(['.', '!', '?', ',']);
        if (1..=SCARE_QUOTE_MAX_WORDS).contains(&words)
            && starts_lower
            && inside_grammar
            && !sentence_like
        {
            found.push(ScareQuote { term: inner.trim().to_owned(), span: Span::new(i, end + 1) });
        }
        i = end + 1;
    }
    found
}

/// If `c` opens a quotation, the test for the mark that closes it. A straight or curly
/// single quote opens only at a word start (an apostrophe inside a word is not a quote).
fn closing_mark(c: char, before: Option<char>, at: usize) -> Option<fn(char) -> bool> {
    let at_word_start = at == 0 || before.is_none_or(|b| !b.is_alphanumeric());
    match c {
        '"' => Some(|c| c == '"'),
        '\u{201C}' => Some(|c| c == '\u{201D}' || c == '"'),
        '\u{201E}' => Some(|c| c == '\u{201C}' || c == '\u{201D}'),
        '\u{00AB}' => Some(|c| c == '\u{00BB}'),
        '\u{2018}' if at_word_start => Some(|c| c == '\u{2019}'),
        '\'' if at_word_start => Some(|c| c == '\''),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(sentence: &str) -> Vec<(String, String, String)> {
        Lexicon::builtin()
            .find(sentence)
            .into_iter()
            .map(|u| (u.canonical, u.form, u.span.text(sentence).to_owned()))
            .collect()
    }

    #[test]
    fn spellings_of_one_city_are_told_apart() {
        let s = "Talks between Kiev and Moscow stalled while Kyiv's mayor spoke of Киев.";
        assert_eq!(
            forms(s),
            vec![
                ("Kyiv".into(), "Kiev".into(), "Kiev".into()),
                ("Kyiv".into(), "Kyiv".into(), "Kyiv".into()),
                ("Kyiv".into(), "Kiev".into(), "Киев".into()),
            ]
        );
    }

    #[test]
    fn only_whole_words_match_and_longest_wins() {
        assert!(forms("The Kievskaya metro station reopened.").is_empty());
        assert_eq!(forms("They recognised the Donbass republics.")[0].1, "Donbass");
        let s = "Moscow calls it a special military operation, not an invasion of Ukraine.";
        let found = forms(s);
        assert_eq!(found[0].1, "special military operation");
        assert_eq!(found[0].2, "special military operation");
        assert_eq!(found[1].1, "invasion");
        assert_eq!(found.len(), 2, "Ukraine inside the longer phrase is not counted again");
    }

    #[test]
    fn offsets_are_characters_even_after_multibyte_text() {
        let s = "«Мы» said — in Kharkov";
        let found = Lexicon::builtin().find(s);
        assert_eq!(found[0].span.text(s), "Kharkov");
        assert_eq!(found[0].span, Span::new(15, 22));
    }

    #[test]
    fn user_lexicon_adds_and_replaces() {
        let lex = Lexicon::builtin()
            .with_toml(
                "[[variant]]\ncanonical = \"Kyiv\"\nforms.Kyiv = [\"Kyiv\"]\nforms.Kiew = [\"Kiew\"]\n\n\
                 [[variant]]\ncanonical = \"Velsk\"\nforms.Velsk = [\"Velsk\"]\nforms.Welsk = [\"Welsk\"]\n",
                "test",
            )
            .unwrap();
        let found = lex.find("From Kiew to Welsk, not Kiev.");
        let got: Vec<&str> = found.iter().map(|u| u.form.as_str()).collect();
        assert_eq!(got, ["Kiew", "Welsk"]);
        let clash = "[[variant]]\ncanonical = \"X\"\nforms.a = [\"Kiev\"]\nforms.b = [\"Ki\"]\n";
        assert!(Lexicon::builtin().with_toml(clash, "mine.toml").unwrap_err().0.contains("both"));
        assert!(
            Lexicon::builtin().with_toml("[[variant]]\ncanonical = \"\"", "mine.toml").is_err()
        );
    }

    #[test]
    fn scare_quotes_are_short_lower_case_terms_inside_the_sentence() {
        let s = "Moscow says it has \"liberated\" the port, while the \u{201C}so-called referendum\u{201D} looms.";
        let found = scare_quotes(s);
        let terms: Vec<&str> = found.iter().map(|q| q.term.as_str()).collect();
        assert_eq!(terms, ["liberated", "so-called referendum"]);
        assert_eq!(found[0].span.text(s), "\"liberated\"");
    }

    #[test]
    fn quotations_names_and_apostrophes_are_not_scare_quotes() {
        for s in [
            "\"We will not leave,\" the commander said.",
            "'Nothing left': a city counts its dead",
            "He said \"the enemy is outnumbering us ten to one\" on Sunday.",
            "The opera \"Swan Lake\" was shown on state television.",
            "The soldiers' families waited; the mayor's 'office' was shut.",
            "\"unclosed quote runs on and on",
            "\"\"",
            "",
        ] {
            let found = scare_quotes(s);
            let expected = usize::from(s.contains("'office'"));
            assert_eq!(found.len(), expected, "{s:?}: {found:?}");
        }
    }
}
