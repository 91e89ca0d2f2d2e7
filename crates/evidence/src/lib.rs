/*!
Evidence: what one article asserts, located precisely enough to show a reader.

Each extractor reads sentences and returns findings whose [`Span`]s are character offsets
(Unicode scalar values, end exclusive) into the sentence they were found in. The comparison
stage (`parallax-compare`) puts the findings of many articles side by side; this crate never
looks beyond one article.

- [`figures`]: quantities and what they count ("Forty-six civilians", "over 1,200 civilians",
  "45 buses"), with written-out and vague numbers, and the sums an article states.
- [`dates`]: dates mentioned in the text ("April 30", "24 February", "on Saturday"), resolved
  against the article's publication date.
- [`voices`]: who speaks: direct quotes and attributed statements, speakers normalised.
- [`variants`]: naming variants from an editable lexicon (Kyiv/Kiev) and scare quotes.
- [`framing`]: cues for the Media Frames categories, and persuasion indicators (loaded
  language, name calling, unsourced claims, doubt, appeal to fear).
*/
#![warn(missing_docs)]

pub mod dates;
pub mod figures;
pub mod framing;
pub mod variants;
pub mod voices;

use serde::{Deserialize, Serialize};

/// A stretch of a sentence: character offsets (Unicode scalar values), end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Offset of the first character.
    pub start: usize,
    /// Offset one past the last character.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The text this span covers in `sentence`.
    pub fn text<'s>(&self, sentence: &'s str) -> &'s str {
        let mut indices = sentence.char_indices().map(|(i, _)| i).chain([sentence.len()]);
        let from = indices.nth(self.start).unwrap_or(sentence.len());
        let to = if self.end > self.start {
            indices.nth(self.end - self.start - 1).unwrap_or(sentence.len())
        } else {
            from
        };
        &sentence[from..to]
    }

    /// True when the two spans share at least one character.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_text_counts_characters_not_bytes() {
        let sentence = "Київ said «no» today";
        assert_eq!(Span::new(0, 4).text(sentence), "Київ");
        assert_eq!(Span::new(10, 14).text(sentence), "«no»");
        assert_eq!(Span::new(15, 99).text(sentence), "today");
        assert_eq!(Span::new(3, 3).text(sentence), "");
    }

    #[test]
    fn overlap_needs_a_shared_character() {
        assert!(Span::new(0, 5).overlaps(&Span::new(4, 8)));
        assert!(!Span::new(0, 5).overlaps(&Span::new(5, 8)));
    }
}
