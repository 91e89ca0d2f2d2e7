//! Content words of a sentence, as the fact alignment and the wording statistics count them.

use parallax_analyse::stopwords;
use parallax_analyse::tokens::tokenize;

/// A content word: its stem (what is counted) and its lower-cased form (what is shown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Term {
    pub stem: String,
    pub lower: String,
    /// True for numbers ("87", "1,200"): they tie paraphrases of one fact together, but are
    /// not words a side chooses.
    pub number: bool,
}

/// The content words and numbers of `text`: no function words (English), no one-letter
/// words. Languages other than English keep their function words here; they are frequent
/// on every side, so the statistics that use these terms discount them anyway.
pub(crate) fn content_terms(text: &str, language: Option<&str>) -> Vec<Term> {
    let english = language.is_none_or(|l| l == "en");
    tokenize(text, language)
        .into_iter()
        .filter(|t| !(english && stopwords::is_english(&t.lower)))
        .filter_map(|t| {
            let number = t.lower.chars().all(|c| c.is_numeric() || c == '.' || c == ',');
            let word = t.lower.chars().count() > 1;
            (number || word).then_some(Term {
                stem: t.stem.into_string(),
                lower: t.lower.into_string(),
                number,
            })
        })
        .collect()
}
