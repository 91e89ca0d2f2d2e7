//! English function words shared by every stage that weighs words: the clusterer drops them
//! from its term vectors, the page writer from its sentence vectors. Each adds the few words
//! its own job needs on top (see their `is_stop`). Other languages' function words come from
//! the stopwords-iso lists (crate `stop-words`), for the jobs that must not take a
//! capitalised "El" or "В" for part of a name.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// English function words and reporting verbs, lower-cased. Sorted, for binary search.
pub const ENGLISH: &[&str] = &[
    "a",
    "about",
    "above",
    "according",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "also",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "around",
    "as",
    "at",
    "back",
    "be",
    "became",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "done",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "like",
    "made",
    "make",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "said",
    "same",
    "say",
    "says",
    "see",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "told",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "way",
    "we",
    "well",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
];

/// True for a lower-cased word of [`ENGLISH`].
pub fn is_english(lower: &str) -> bool {
    ENGLISH.binary_search(&lower).is_ok()
}

/// True for a lower-cased function word of `language` (an ISO 639-1 code): [`ENGLISH`] for
/// English, whose stopwords-iso list is long enough to hold names' words ("world", "new");
/// the stopwords-iso list for the others. False for a language with no list.
pub fn is_function_word(lower: &str, language: &str) -> bool {
    static OTHERS: LazyLock<HashMap<&'static str, HashSet<&'static str>>> = LazyLock::new(|| {
        stop_words::available_languages()
            .iter()
            .filter(|&&code| code != "en")
            .filter_map(|&code| Some((code, stop_words::lookup(code)?.iter().copied().collect())))
            .collect()
    });
    if language == "en" {
        return is_english(lower);
    }
    OTHERS.get(language).is_some_and(|words| words.contains(lower))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_for_binary_search() {
        assert!(ENGLISH.windows(2).all(|w| w[0] < w[1]));
        assert!(is_english("the") && is_english("said") && !is_english("harbour"));
    }

    #[test]
    fn function_words_of_other_languages() {
        assert!(is_function_word("el", "es") && is_function_word("в", "ru"));
        assert!(is_function_word("der", "de") && is_function_word("the", "en"));
        assert!(!is_function_word("world", "en") && !is_function_word("mariupol", "uk"));
        assert!(!is_function_word("el", "xx"));
    }
}
