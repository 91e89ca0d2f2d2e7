//! Word tokens and their stems.

pub use compact_str::CompactString;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use unicode_segmentation::UnicodeSegmentation;

/// One word of a text.
///
/// Words and stems are [`CompactString`]s: nearly every word fits in one inline (24
/// bytes), and two heap allocations per word were the largest cost of tokenising.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the word in the text it was cut from.
    pub start: usize,
    /// Byte offset one past its end.
    pub end: usize,
    /// The word, lower-cased.
    pub lower: CompactString,
    /// Its Snowball stem in the article's language (the lower-cased word where Snowball has
    /// no stemmer for the language).
    pub stem: CompactString,
}

/// The word tokens of `text` (UAX #29 words that contain a letter or digit), stemmed for
/// `language`.
pub fn tokenize(text: &str, language: Option<&str>) -> Vec<Token> {
    let algorithm = algorithm_for(language);
    STEMS.with_borrow_mut(|stems| {
        text.unicode_word_indices()
            .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
            .map(|(start, word)| {
                let lower = if word.is_ascii() {
                    let mut lower = CompactString::from(word);
                    lower.make_ascii_lowercase();
                    lower
                } else {
                    CompactString::from(word.to_lowercase())
                };
                let stem = match algorithm {
                    Some(algorithm) => stems.stem(algorithm, &lower),
                    None => lower.clone(),
                };
                Token { start, end: start + word.len(), lower, stem }
            })
            .collect()
    })
}

/// Words remembered per thread before the cache starts afresh: some 10 MB at most.
const STEM_CACHE_WORDS: usize = 100_000;

thread_local! {
    static STEMS: std::cell::RefCell<StemCache> = std::cell::RefCell::new(StemCache::default());
}

/// Stems already computed on this thread, per algorithm. Snowball costs about a
/// microsecond a word, and news vocabulary repeats so much that stemming every word anew
/// was a fifth of the CPU time of analysis and of clustering.
#[derive(Default)]
struct StemCache {
    /// By place in [`ALGORITHMS`] (a slot per algorithm: hashing the place for every word
    /// showed in profiles).
    by_algorithm: Vec<Option<(Stemmer, FxHashMap<CompactString, CompactString>)>>,
    words: usize,
}

impl StemCache {
    fn stem(&mut self, (slot, algorithm): (usize, Algorithm), lower: &str) -> CompactString {
        if self.words >= STEM_CACHE_WORDS {
            self.by_algorithm.iter_mut().flatten().for_each(|(_, stems)| stems.clear());
            self.words = 0;
        }
        if self.by_algorithm.len() <= slot {
            self.by_algorithm.resize_with(slot + 1, || None);
        }
        let (stemmer, stems) = self.by_algorithm[slot]
            .get_or_insert_with(|| (Stemmer::create(algorithm), FxHashMap::default()));
        if let Some(stem) = stems.get(lower) {
            return stem.clone();
        }
        let stem = CompactString::from(stemmer.stem(lower));
        stems.insert(CompactString::from(lower), stem.clone());
        self.words += 1;
        stem
    }
}

/// Counts words the way `tokenize` does, without allocating.
pub fn word_count(text: &str) -> usize {
    text.unicode_words().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// The stem [`tokenize`] gives the lower-cased word `lower` in `language` (the word itself
/// where Snowball has no stemmer for the language), from this thread's cache.
pub fn stem(lower: &str, language: Option<&str>) -> CompactString {
    match algorithm_for(language) {
        Some(algorithm) => STEMS.with_borrow_mut(|stems| stems.stem(algorithm, lower)),
        None => CompactString::from(lower),
    }
}

/// Language codes and Snowball's algorithm for them.
const ALGORITHMS: [(&[&str], Algorithm); 18] = [
    (&["ar"], Algorithm::Arabic),
    (&["da"], Algorithm::Danish),
    (&["nl"], Algorithm::Dutch),
    (&["en"], Algorithm::English),
    (&["fi"], Algorithm::Finnish),
    (&["fr"], Algorithm::French),
    (&["de"], Algorithm::German),
    (&["el"], Algorithm::Greek),
    (&["hu"], Algorithm::Hungarian),
    (&["it"], Algorithm::Italian),
    (&["no", "nb", "nn"], Algorithm::Norwegian),
    (&["pt"], Algorithm::Portuguese),
    (&["ro"], Algorithm::Romanian),
    (&["ru"], Algorithm::Russian),
    (&["es"], Algorithm::Spanish),
    (&["sv"], Algorithm::Swedish),
    (&["ta"], Algorithm::Tamil),
    (&["tr"], Algorithm::Turkish),
];

/// The algorithm for a language (English when none is known) and its place in
/// [`ALGORITHMS`].
fn algorithm_for(language: Option<&str>) -> Option<(usize, Algorithm)> {
    let code = language.unwrap_or("en");
    ALGORITHMS.iter().position(|(codes, _)| codes.contains(&code)).map(|i| (i, ALGORITHMS[i].1))
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
        assert_eq!(stem("evacuated", Some("en")), "evacu");
        assert_eq!(stem("маріуполь", Some("uk")), "маріуполь");
    }

    #[test]
    fn keeps_numbers_and_unstemmed_languages() {
        let tokens = tokenize("3.5% of 1,200 people", Some("en"));
        assert_eq!(tokens[0].lower, "3.5");
        let uk = tokenize("Маріуполь евакуація", Some("uk"));
        assert_eq!(uk[0].stem, "маріуполь");
        assert_eq!(word_count("Forty-six civilians — evacuated."), 4);
    }

    #[test]
    fn remembered_stems_are_the_stemmers_own_in_every_language() {
        let english = Stemmer::create(Algorithm::English);
        let french = Stemmer::create(Algorithm::French);
        for _ in 0..2 {
            let en = tokenize("Evacuations continued; evacuated civilians", Some("en"));
            let fr = tokenize("Évacuations continuées; civils évacués", Some("fr"));
            for t in &en {
                assert_eq!(t.stem, english.stem(&t.lower), "{}", t.lower);
            }
            for t in &fr {
                assert_eq!(t.stem, french.stem(&t.lower), "{}", t.lower);
            }
        }
        // Past its bound the cache starts afresh and stems stay right.
        let many: String = (0..STEM_CACHE_WORDS + 50).map(|i| format!("running{i}s ")).collect();
        let tokens = tokenize(&many, Some("en"));
        assert_eq!(tokens.len(), STEM_CACHE_WORDS + 50);
        assert_eq!(tokenize("sheltering", None)[0].stem, "shelter");
    }
}
