//! Words that carry no story signal: function words (dropped from the term vectors) and
//! calendar words (not named entities even though they are capitalised).

use std::sync::LazyLock;

use hashbrown::HashSet;
use parallax_analyse::stopwords::ENGLISH;

/// Words dropped on top of the shared English function words: honorifics and two words
/// ("last", "new") that headlines use for every story. Sorted, for binary search.
const STOP: &[&str] = &["last", "mr", "mrs", "ms", "new"];

/// Days and months: capitalised, but not what a story is about.
const CALENDAR: &[&str] = &[
    "april",
    "august",
    "december",
    "february",
    "friday",
    "january",
    "july",
    "june",
    "march",
    "may",
    "monday",
    "november",
    "october",
    "saturday",
    "september",
    "sunday",
    "thursday",
    "tuesday",
    "wednesday",
];

/// Titles and honorifics, often abbreviated with a full stop that does not end a sentence.
const TITLES: &[&str] = &[
    "capt",
    "col",
    "dr",
    "gen",
    "gov",
    "jr",
    "lt",
    "miss",
    "mr",
    "mrs",
    "ms",
    "pres",
    "president",
    "prof",
    "rep",
    "rev",
    "sen",
    "sgt",
    "sir",
    "st",
];

/// Offices and bodies that every story has one of: capitalised in "the Minister said" or
/// at the end of "National Disaster Response Force", but not a name on their own. Sorted.
const GENERIC_NAMES: &[&str] = &[
    "agency",
    "army",
    "bank",
    "chief",
    "commission",
    "committee",
    "council",
    "court",
    "department",
    "force",
    "forces",
    "government",
    "minister",
    "ministry",
    "office",
    "parliament",
    "party",
    "police",
    "secretary",
    "service",
    "state",
];

/// True for a lower-cased word that is not a name on its own: an office or body every story
/// has ([`GENERIC_NAMES`]), or a single letter (an initial, "K." of "K. Sudhakar Reddy").
pub(crate) fn is_generic_name(lower: &str) -> bool {
    lower.chars().nth(1).is_none() || GENERIC_NAMES.binary_search(&lower).is_ok()
}

/// True for a lower-cased title or honorific (`mr`, `dr`, `sen`, …).
pub(crate) fn is_title(lower: &str) -> bool {
    TITLES.binary_search(&lower).is_ok()
}

/// True for a lower-cased function word.
pub(crate) fn is_stop(lower: &str) -> bool {
    static SET: LazyLock<HashSet<&'static str>> =
        LazyLock::new(|| ENGLISH.iter().chain(STOP).copied().collect());
    SET.contains(lower)
}

/// True for a lower-cased word that should not start, end or stand as an entity.
pub(crate) fn is_entity_stop(lower: &str) -> bool {
    is_stop(lower) || is_title(lower) || CALENDAR.binary_search(&lower).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        assert!(STOP.windows(2).all(|w| w[0] < w[1]));
        assert!(CALENDAR.windows(2).all(|w| w[0] < w[1]));
        assert!(TITLES.windows(2).all(|w| w[0] < w[1]));
        assert!(GENERIC_NAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(is_generic_name("ministry") && is_generic_name("k") && !is_generic_name("kyiv"));
        assert!(is_stop("the") && !is_stop("flood"));
        assert!(is_entity_stop("tuesday") && !is_entity_stop("dresden"));
    }
}
