//! Word tokens and their stems.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

/// One word of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the word in the text it was cut from.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// The word, lower-cased.
    pub lower: String,
    /// Its Snowball stem in the article's language (the lower-cased word where Snowball has
    /// no stemmer for the language).
    pub stem: String,
}

/// The word tokens of `text` (UAX #29 words that contain a letter or digit), stemmed for
/// `language`.
pub fn tokenize(text: &str, language: Option<&str>) -> Vec<Token> {
    let stemmer = stemmer_for(language);
    text.unicode_word_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .map(|(start, word)| {
            let lower = word.to_lowercase();
            let stem = match &stemmer {
                Some(s) => s.stem(&lower).into_owned(),
                None => lower.clone(),
            };
            Token { start, end: start + word.len(), lower, stem }
        })
        .collect()
}

/// Counts words the way `tokenize` does, without allocating.
pub fn word_count(text: &str) -> usize {
    text.unicode_words().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// The Snowball stemmer for a language code, if Snowball has one.
pub fn stemmer_for(language: Option<&str>) -> Option<Stemmer> {
    let algorithm = match language.unwrap_or("en") {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_offsets_and_stems() {
        let text = "Civilians were evacuated, the ministry said.";
        let tokens = tokenize(text, Some("en"));
        let words: Vec<_> = tokens.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(words, ["civilians", "were", "evacuated", "the", "ministry", "said"]);
        assert_eq!(&text[tokens[2].start..tokens[2].end], "evacuated");
        assert_eq!(tokens[0].stem, "civilian");
        assert_eq!(tokens[2].stem, "evacu");
    }

    #[test]
    fn keeps_numbers_and_unstemmed_languages() {
        let tokens = tokenize("3.5% of 1,200 people", Some("en"));
        assert_eq!(tokens[0].lower, "3.5");
        let uk = tokenize("Маріуполь евакуація", Some("uk"));
        assert_eq!(uk[0].stem, "маріуполь");
        assert_eq!(word_count("Forty-six civilians — evacuated."), 4);
    }
}
