use parallax_model::{Document, Sentence};

use crate::fingerprint::Fingerprint;
use crate::normalise::{normalise_line, normalise_text, paragraphs};
use crate::tokens::{Token, tokenize};
use crate::{language, segment, urls};

/// Everything derived from one document on its own.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Normalised headline.
    pub title: Option<String>,
    /// Normalised body (a leading paragraph that repeats the headline removed).
    pub text: String,
    /// Normalised byline.
    pub byline: Option<String>,
    /// Language code, declared or detected.
    pub language: Option<String>,
    /// Sentences with character offsets into `text`.
    pub sentences: Vec<Sentence>,
    /// Word tokens of `text`, with stems.
    pub tokens: Vec<Token>,
    /// Canonical URL.
    pub canonical_url: Option<String>,
    /// The outlet: the document's own, else the URL's registrable domain.
    pub outlet: Option<String>,
    /// The canonical URL's registrable domain.
    pub domain: Option<String>,
    /// Duplicate-detection fingerprint.
    pub fingerprint: Fingerprint,
}

/// Runs the per-article analysis. Stateless and cheap to share across threads.
#[derive(Clone, Debug, Default)]
pub struct Analyser {}

impl Analyser {
    /// A new analyser.
    pub fn new() -> Analyser {
        Analyser {}
    }

    /// Analyses one document.
    pub fn analyse(&self, doc: &Document) -> Analysis {
        let title = doc.title.as_deref().map(normalise_line).filter(|t| !t.is_empty());
        let mut text = normalise_text(&doc.text);
        if let Some(title) = &title {
            text = drop_repeated_title(text, title);
        }
        let byline = doc.byline.as_deref().map(normalise_line).filter(|b| !b.is_empty());

        let detected =
            language::detect(&text).or_else(|| title.as_deref().and_then(language::detect));
        let language = language::choose(doc.language.as_deref(), detected.as_ref());

        let ranges = segment::split(&text, language.as_deref());
        let sentences = to_char_offsets(&text, ranges);
        let tokens = tokenize(&text, language.as_deref());
        let fingerprint = Fingerprint::of_words(tokens.iter().map(|t| t.lower.as_str()));

        let canonical_url = doc.url.as_deref().and_then(urls::canonical_url);
        let domain = canonical_url.as_deref().and_then(urls::registrable_domain);
        let outlet = doc
            .outlet
            .as_deref()
            .map(normalise_line)
            .filter(|o| !o.is_empty())
            .or_else(|| domain.clone());

        Analysis {
            title,
            text,
            byline,
            language,
            sentences,
            tokens,
            canonical_url,
            outlet,
            domain,
            fingerprint,
        }
    }
}

/// Plain-text articles and some pages repeat the headline as the first paragraph; keeping
/// it would make the headline a "sentence" of the article.
fn drop_repeated_title(text: String, title: &str) -> String {
    let Some(first) = paragraphs(&text).next() else { return text };
    if first.trim().eq_ignore_ascii_case(title.trim()) {
        let rest = text[first.len()..].trim_start_matches('\n');
        return rest.to_string();
    }
    text
}

/// Converts byte ranges (in order, non-overlapping) into sentences with character offsets,
/// walking the text once.
fn to_char_offsets(text: &str, ranges: Vec<std::ops::Range<usize>>) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(ranges.len());
    let mut byte = 0;
    let mut chars = 0;
    for range in ranges {
        chars += text[byte..range.start].chars().count();
        let start = chars;
        let len = text[range.clone()].chars().count();
        chars += len;
        byte = range.end;
        out.push(Sentence { text: text[range].to_string(), start, end: start + len });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::{Format, Origin};

    fn doc(title: &str, text: &str) -> Document {
        let mut d = Document::new(Origin::file("t.txt", Format::Text));
        d.title = Some(title.into());
        d.text = text.into();
        d
    }

    #[test]
    fn drops_a_repeated_headline_and_offsets_count_characters() {
        let d = doc(
            "Évacuation près de l’usine",
            "Évacuation près de l’usine\n\nQuarante-six civils ont été évacués samedi. Le ministère l’a annoncé.",
        );
        let a = Analyser::new().analyse(&d);
        assert!(a.text.starts_with("Quarante-six"));
        assert_eq!(a.sentences.len(), 2);
        let chars: Vec<char> = a.text.chars().collect();
        for s in &a.sentences {
            let slice: String = chars[s.start..s.end].iter().collect();
            assert_eq!(slice, s.text);
        }
        assert_eq!(a.language.as_deref(), Some("fr"));
    }

    #[test]
    fn outlet_falls_back_to_the_registrable_domain() {
        let mut d = doc("A", "Some body text here.");
        d.url = Some("https://www.example-herald.co.uk/world/story-1?utm_source=rss".into());
        let a = Analyser::new().analyse(&d);
        assert_eq!(a.outlet.as_deref(), Some("example-herald.co.uk"));
        assert_eq!(
            a.canonical_url.as_deref(),
            Some("https://www.example-herald.co.uk/world/story-1")
        );
        d.outlet = Some("  Example  Herald ".into());
        assert_eq!(Analyser::new().analyse(&d).outlet.as_deref(), Some("Example Herald"));
    }
}
