//! Content words of a sentence, as the fact alignment and the wording statistics count them.

use parallax_analyse::stopwords;
use parallax_analyse::tokens::tokenize;

/// A content word: its stem (what is counted) and its lower-cased form (what is shown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Term {
    pub stem: String,
    pub lower: String,
}

/// The content words of `text`: no function words (English), no numbers, no one-letter
/// words. Languages other than English keep their function words here; they are frequent
/// on every side, so the statistics that use these terms discount them anyway.
pub(crate) fn content_terms(text: &str, language: Option<&str>) -> Vec<Term> {
    let english = language.is_none_or(|l| l == "en");
    tokenize(text, language)
        .into_iter()
        .filter(|t| {
            t.lower.chars().count() > 1
                && !t.lower.chars().all(|c| c.is_numeric() || c == '.' || c == ',')
        })
        .filter(|t| !(english && stopwords::is_english(&t.lower)))
        .map(|t| Term { stem: t.stem, lower: t.lower })
        .collect()
}
