//! Matching an article's predicted figures, voices and dates to its hand-made gold items.
//!
//! Gold items are tied to the article, not to a sentence: a gold item is located by finding
//! its `text` in the sentence the prediction came from. That keeps the gold independent of
//! how the segmenter splits sentences, as long as the quoted words stay in one sentence.
//! Matching is greedy in reading order and each gold item is used at most once, so a figure
//! written twice needs two gold items.

use parallax_evidence::Span;
use parallax_evidence::dates::DateMention;
use parallax_evidence::figures::Figure;
use parallax_evidence::voices::Voice;

use super::gold::{GoldDate, GoldFigure, GoldVoice};

/// Relative tolerance when comparing values: "1.2 million" and 1200000 are the same figure
/// even after a trip through floating point.
const VALUE_TOLERANCE: f64 = 1e-6;

/// The outcome of matching one article: for each prediction, the gold item it matched.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Matches {
    /// `pairs[i]` is the index of the gold item prediction `i` matched, if any.
    pub pairs: Vec<Option<usize>>,
}

impl Matches {
    /// The number of matched predictions (= matched gold items).
    pub fn matched(&self) -> usize {
        self.pairs.iter().flatten().count()
    }

    /// Gold indices left unmatched, in order.
    pub fn missed(&self, gold_len: usize) -> Vec<usize> {
        let mut used = vec![false; gold_len];
        for &g in self.pairs.iter().flatten() {
            used[g] = true;
        }
        (0..gold_len).filter(|&g| !used[g]).collect()
    }
}

/// A prediction located in the article: the sentence index it belongs to and the item.
pub(crate) struct Located<'a, T> {
    pub sentence: usize,
    pub item: &'a T,
}

/// Matches figures: equal values and the predicted span overlapping an occurrence of the
/// gold text in the prediction's sentence.
pub(crate) fn match_figures(
    sentences: &[&str],
    gold: &[GoldFigure],
    predicted: &[Located<'_, Figure>],
) -> Matches {
    greedy(gold.len(), predicted, |p, g| {
        let gold = &gold[g];
        same_value(p.item.value, gold.value)
            && sentences
                .get(p.sentence)
                .is_some_and(|s| occurs_overlapping(s, &gold.text, &p.item.span))
    })
}

/// Matches dates: overlapping spans and every field the gold writes equal to the predicted
/// one (a gold field left null accepts anything).
pub(crate) fn match_dates(
    sentences: &[&str],
    gold: &[GoldDate],
    predicted: &[Located<'_, DateMention>],
) -> Matches {
    greedy(gold.len(), predicted, |p, g| {
        let gold = &gold[g];
        let fields_agree = gold.year.is_none_or(|y| p.item.year == Some(y))
            && gold.month.is_none_or(|m| p.item.month == Some(m))
            && gold.day.is_none_or(|d| p.item.day == Some(d));
        fields_agree
            && sentences
                .get(p.sentence)
                .is_some_and(|s| occurs_overlapping(s, &gold.text, &p.item.span))
    })
}

/// Matches voices: the speakers agree and the predicted voice's sentence holds the gold
/// snippet of the statement.
pub(crate) fn match_voices(sentences: &[&str], gold: &[GoldVoice], predicted: &[Voice]) -> Matches {
    let located: Vec<Located<'_, Voice>> =
        predicted.iter().map(|v| Located { sentence: v.sentence, item: v }).collect();
    greedy(gold.len(), &located, |p, g| {
        let gold = &gold[g];
        speakers_agree(&p.item.speaker, gold)
            && sentences.get(p.sentence).is_some_and(|s| contains_loosely(s, &gold.text))
    })
}

/// Each prediction, in order, takes the first unused gold item it fits.
fn greedy<T>(
    gold_len: usize,
    predicted: &[Located<'_, T>],
    fits: impl Fn(&Located<'_, T>, usize) -> bool,
) -> Matches {
    let mut used = vec![false; gold_len];
    let pairs = predicted
        .iter()
        .map(|p| {
            let g = (0..gold_len).find(|&g| !used[g] && fits(p, g))?;
            used[g] = true;
            Some(g)
        })
        .collect();
    Matches { pairs }
}

/// Equal within a relative tolerance (exactly equal for zero).
pub(crate) fn same_value(a: f64, b: f64) -> bool {
    let scale = a.abs().max(b.abs());
    (a - b).abs() <= VALUE_TOLERANCE * scale
}

/// True when `needle` occurs in `sentence` (case-insensitively) at a place overlapping
/// `span`.
fn occurs_overlapping(sentence: &str, needle: &str, span: &Span) -> bool {
    occurrences(sentence, needle).iter().any(|o| o.overlaps(span))
}

/// Every occurrence of `needle` in `haystack` as a character span, compared
/// case-insensitively character by character (so offsets stay those of `haystack`, even for
/// letters whose lower case is longer).
pub(crate) fn occurrences(haystack: &str, needle: &str) -> Vec<Span> {
    let hay: Vec<char> = haystack.chars().collect();
    let pin: Vec<char> = needle.chars().collect();
    if pin.is_empty() || pin.len() > hay.len() {
        return Vec::new();
    }
    (0..=hay.len() - pin.len())
        .filter(|&i| hay[i..i + pin.len()].iter().zip(&pin).all(|(a, b)| same_letter(*a, *b)))
        .map(|i| Span::new(i, i + pin.len()))
        .collect()
}

fn same_letter(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase()) || (is_quote(a) && is_quote(b))
}

/// Typographic and straight quotes are interchangeable: the gold is typed by hand.
fn is_quote(c: char) -> bool {
    matches!(c, '\'' | '"' | '‘' | '’' | '“' | '”' | '«' | '»' | '„')
}

/// True when `needle` occurs in `haystack`, ignoring case, quote style and runs of white
/// space.
pub(crate) fn contains_loosely(haystack: &str, needle: &str) -> bool {
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    !occurrences(&squeeze(haystack), &squeeze(needle)).is_empty()
}

/// A speaker name as compared: lower case, straight apostrophes, single spaces, no leading
/// "the", no trailing possessive.
pub(crate) fn normalise_speaker(name: &str) -> String {
    let lower = name.trim().to_lowercase().replace('’', "'");
    let words: Vec<&str> = lower.split_whitespace().collect();
    let words = match words.split_first() {
        Some((&"the", rest)) => rest,
        _ => &words[..],
    };
    words.join(" ").trim_end_matches("'s").to_string()
}

/// The predicted speaker agrees with the gold one: equal to its name or an alias once
/// normalised, or, for a name written in capitals word by word ("Sergey Shoigu", "Russian
/// Defense Ministry"), equal in its last word ("Shoigu", "the ministry").
pub(crate) fn speakers_agree(predicted: &str, gold: &GoldVoice) -> bool {
    let predicted = normalise_speaker(predicted);
    if predicted.is_empty() {
        return false;
    }
    let names = std::iter::once(&gold.speaker).chain(&gold.aliases);
    if names.clone().any(|n| normalise_speaker(n) == predicted) {
        return true;
    }
    is_proper_name(&gold.speaker)
        && last_word(&normalise_speaker(&gold.speaker)) == last_word(&predicted)
}

fn last_word(s: &str) -> &str {
    s.rsplit(' ').next().unwrap_or("")
}

/// Every word starts with a capital letter (leading "the" aside).
fn is_proper_name(name: &str) -> bool {
    let mut words = name.split_whitespace().peekable();
    if words.peek().is_some_and(|w| w.eq_ignore_ascii_case("the")) {
        words.next();
    }
    let mut any = false;
    for word in words {
        any = true;
        if !word.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
    }
    any
}

/// What a figure counts, as compared: lower case, single spaces, no leading article.
pub(crate) fn normalise_counts(counts: Option<&str>) -> Option<String> {
    let lower = counts?.trim().to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let words = match words.split_first() {
        Some((&("the" | "a" | "an"), rest)) => rest,
        _ => &words[..],
    };
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_evidence::dates::Granularity;
    use parallax_evidence::figures::{Qualifier, Unit};
    use parallax_evidence::voices::VoiceKind;

    fn figure(start: usize, end: usize, value: f64) -> Figure {
        Figure {
            span: Span::new(start, end),
            number_text: String::new(),
            value,
            qualifier: Qualifier::Exact,
            unit: Unit::Count,
            currency: None,
            counts: None,
        }
    }

    fn gold_figure(text: &str, value: f64) -> GoldFigure {
        GoldFigure { text: text.into(), value, counts: None }
    }

    fn date(start: usize, end: usize, month: Option<u32>, day: Option<u32>) -> DateMention {
        DateMention {
            span: Span::new(start, end),
            year: None,
            month,
            day,
            date: None,
            granularity: Granularity::Day,
        }
    }

    fn voice(sentence: usize, speaker: &str) -> Voice {
        Voice {
            sentence,
            span: Span::new(0, 1),
            speaker_span: None,
            speaker: speaker.into(),
            cue: "said".into(),
            kind: VoiceKind::Reported,
            role: None,
        }
    }

    fn gold_voice(speaker: &str, aliases: &[&str], text: &str) -> GoldVoice {
        GoldVoice {
            speaker: speaker.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            text: text.into(),
        }
    }

    fn at<T>(sentence: usize, item: &T) -> Located<'_, T> {
        Located { sentence, item }
    }

    // "Nine buses left on Monday and 12 buses came back." — chars 0..4 "Nine", 28..30 "12".
    const BUSES: &str = "Nine buses left on Monday and 12 buses came back.";

    #[test]
    fn a_figure_needs_the_value_and_an_overlapping_occurrence() {
        let gold = [gold_figure("Nine buses", 9.0), gold_figure("12 buses", 12.0)];
        let right = figure(0, 4, 9.0);
        let wrong_value = figure(0, 4, 8.0);
        let wrong_place = figure(16, 18, 12.0);
        let twelve = figure(30, 32, 12.0);
        let m = match_figures(
            &[BUSES],
            &gold,
            &[at(0, &right), at(0, &wrong_value), at(0, &wrong_place), at(0, &twelve)],
        );
        assert_eq!(m.pairs, vec![Some(0), None, None, Some(1)]);
        assert_eq!(m.matched(), 2);
        assert!(m.missed(2).is_empty());
    }

    #[test]
    fn each_gold_figure_is_used_once() {
        let gold = [gold_figure("Nine", 9.0)];
        let first = figure(0, 4, 9.0);
        let again = figure(0, 10, 9.0);
        let m = match_figures(&[BUSES], &gold, &[at(0, &first), at(0, &again)]);
        assert_eq!(m.pairs, vec![Some(0), None]);
    }

    #[test]
    fn a_figure_in_another_sentence_does_not_match() {
        let gold = [gold_figure("Nine buses", 9.0)];
        let elsewhere = figure(0, 4, 9.0);
        let m = match_figures(&[BUSES, "Then came more."], &gold, &[at(1, &elsewhere)]);
        assert_eq!(m.matched(), 0);
        assert_eq!(m.missed(1), vec![0]);
        // A sentence index past the end is a miss, not a panic.
        let m = match_figures(&[BUSES], &gold, &[at(7, &elsewhere)]);
        assert_eq!(m.matched(), 0);
    }

    #[test]
    fn values_compare_with_a_relative_tolerance() {
        assert!(same_value(1_200_000.0, 1_200_000.000_5));
        assert!(same_value(0.0, 0.0));
        assert!(!same_value(46.0, 46.1));
        assert!(!same_value(0.0, 1e-9));
    }

    #[test]
    fn a_date_needs_overlap_and_the_written_fields() {
        let sentence = "They left on Saturday, April 30, and again on Sunday.";
        let gold = [
            GoldDate { text: "April 30".into(), year: None, month: Some(4), day: Some(30) },
            GoldDate { text: "Sunday".into(), year: None, month: None, day: None },
        ];
        let weekday_only = date(13, 21, None, None);
        let april = date(23, 31, Some(4), Some(30));
        let wrong_day = date(23, 31, Some(4), Some(3));
        let sunday = date(46, 52, Some(5), Some(1));
        let m = match_dates(
            &[sentence],
            &gold,
            &[at(0, &weekday_only), at(0, &wrong_day), at(0, &april), at(0, &sunday)],
        );
        // "Saturday" overlaps neither gold text; the wrong day is refused; a resolved
        // "Sunday" still matches a gold item that writes no fields.
        assert_eq!(m.pairs, vec![None, None, Some(0), Some(1)]);
    }

    #[test]
    fn occurrences_count_characters_and_ignore_case() {
        let s = "Київ: «Сорок шість» — forty-six, FORTY-SIX.";
        let spans = occurrences(s, "Forty-six");
        assert_eq!(spans, vec![Span::new(22, 31), Span::new(33, 42)]);
        assert_eq!(occurrences(s, "сорок"), vec![Span::new(7, 12)]);
        assert!(occurrences(s, "").is_empty());
        assert!(occurrences("", "x").is_empty());
        assert!(occurrences("ab", "abc").is_empty());
        // Straight quotes in the gold find typographic ones in the text.
        assert_eq!(occurrences("he said “no”", "\"no\"").len(), 1);
    }

    #[test]
    fn speakers_agree_by_name_alias_or_last_word_of_a_proper_name() {
        let ministry = gold_voice("Russian Defense Ministry", &["ministry"], "x");
        assert!(speakers_agree("the Russian Defense Ministry", &ministry));
        assert!(speakers_agree("The ministry", &ministry));
        assert!(speakers_agree("Defense Ministry", &ministry));
        assert!(!speakers_agree("Ukrainian officials", &ministry));
        assert!(!speakers_agree("", &ministry));

        let shoigu = gold_voice("Sergey Shoigu", &[], "x");
        assert!(speakers_agree("Shoigu", &shoigu));
        assert!(speakers_agree("Defense Minister Sergey Shoigu", &shoigu));
        assert!(!speakers_agree("Sergey", &shoigu));

        // Common nouns need the whole name: "Russian officials" is not "Ukrainian officials".
        let officials = gold_voice("Ukrainian officials", &[], "x");
        assert!(speakers_agree("ukrainian  officials", &officials));
        assert!(!speakers_agree("Russian officials", &officials));

        let mayor = gold_voice("Mariupol's mayor", &["mayor"], "x");
        assert!(speakers_agree("the mayor", &mayor));
        assert!(speakers_agree("Mariupol’s mayor", &mayor));
    }

    #[test]
    fn a_voice_needs_the_speaker_and_the_snippet_in_its_sentence() {
        let sentences = [
            "Ministry says dozens left",
            "The ministry said that   all civilians were fed.",
            "Ukraine denies this.",
        ];
        let gold =
            [gold_voice("Russian Defense Ministry", &["ministry"], "all civilians were fed")];
        let wrong_sentence = voice(2, "the ministry");
        let wrong_speaker = voice(1, "Ukraine");
        let right = voice(1, "the ministry");
        let m = match_voices(&sentences, &gold, &[wrong_sentence, wrong_speaker, right]);
        assert_eq!(m.pairs, vec![None, None, Some(0)]);
    }

    #[test]
    fn counts_normalise_case_space_and_article() {
        assert_eq!(
            normalise_counts(Some(" The Local  residents ")),
            Some("local residents".into())
        );
        assert_eq!(normalise_counts(Some("the")), None);
        assert_eq!(normalise_counts(None), None);
    }

    #[test]
    fn hostile_text_never_panics() {
        let long = "ä".repeat(10_000);
        let gold = [gold_figure("ää", 2.0)];
        let fig = figure(9_998, 20_000, 2.0);
        assert_eq!(match_figures(&[&long], &gold, &[at(0, &fig)]).matched(), 1);
        assert!(!contains_loosely("!!!", "«"));
        assert!(contains_loosely("“", "\""));
        assert_eq!(normalise_speaker("'s"), "");
        assert!(!speakers_agree("...", &gold_voice("", &[], "")));
    }
}
