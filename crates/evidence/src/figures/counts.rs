//! What a number counts: the noun phrase after it, read without a tagger. The phrase ends
//! at its first plural noun ("25 local residents left" → "local residents"), at a stop word,
//! a verb or punctuation; container nouns keep their "of" phrase ("Two groups of
//! civilians"). A singular head is accepted when nothing plural follows ("one soldier").

use super::foreign::{german_phrase, is_latin_letter, other_script_phrase};
use super::grammar::{
    is_irregular_plural, is_quantity_filler, is_stop_word, looks_like_past_tense, looks_plural,
    takes_of_complement,
};
use super::lexicon::{number_word, vague_plural};
use super::tokens::{Kind, Lower, Tok, is_capitalised};

/// Words after "of" that end the phrase: "25 of them", "of whom".
fn is_pronoun_after_of(w: &str) -> bool {
    matches!(w, "them" | "us" | "whom" | "which" | "those" | "these" | "it" | "you")
}

fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "the" | "its" | "their" | "his" | "her" | "our" | "these" | "those" | "a" | "an" | "all"
    )
}

/// The phrase a number counts, lower-cased, and the index of its last token.
#[derive(Debug, PartialEq)]
pub(crate) struct Counted {
    pub text: String,
    pub last: usize,
}

/// How the phrase may start.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Lead {
    /// Right after the number: "45 buses", "thousands more civilians", "25 of the soldiers".
    Direct,
    /// After "of" only: "71% of voters".
    OfOnly,
}

/// What the reader may assume about the sentence and the number before the phrase.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Style {
    /// A singular head may be what is counted: after "one", for money and percentages
    /// ("$3.5 billion in military aid", "71% of the vote"), never after "46" or "thousands",
    /// where a singular word is a verb or an adjective ("Tens of thousands protest").
    pub singular_ok: bool,
    /// The sentence reads as German: nouns are capitalised, so the head is the first
    /// capitalised word ("20.000 getöteten Zivilisten").
    pub german: bool,
}

/// Opening quotes written before the counted noun ('265 "militants" surrendered').
fn is_opening_quote(t: &Tok) -> bool {
    matches!(t.kind, Kind::Punct('"' | '“' | '«' | '„' | '\'' | '‘'))
}

/// Possessives standing as determiners ("of the city's population").
fn is_possessive(w: &str) -> bool {
    w.len() > 2 && (w.ends_with("'s") || w.ends_with("’s") || w.ends_with("s'"))
}

/// Reads the phrase starting at token `k`.
pub(crate) fn read(
    sentence: &str,
    toks: &[Tok],
    mut k: usize,
    lead: Lead,
    style: Style,
) -> Option<Counted> {
    let lower = |k: usize| match toks.get(k) {
        Some(t) if t.is_word() => Lower::new(t.text(sentence)),
        _ => Lower::new(""),
    };
    if lead == Lead::Direct {
        while is_quantity_filler(lower(k).as_str()) {
            k += 1;
        }
    }
    let mut style = style;
    // "des milliers de manifestants", "Hunderte von Menschen": the "of" of other languages.
    if matches!(lower(k).as_str(), "of" | "de" | "von") {
        k += 1;
        if is_pronoun_after_of(lower(k).as_str()) {
            return None;
        }
        while is_determiner(lower(k).as_str()) || is_possessive(lower(k).as_str()) {
            k += 1;
        }
        // A part of a whole may be singular: "100,000 of the city's population".
        style.singular_ok = true;
    } else if lead == Lead::OfOnly {
        return None;
    }
    if toks.get(k).is_some_and(is_opening_quote)
        && toks.get(k + 1).is_some_and(|t| t.is_word() && !t.spaced)
    {
        k += 1;
    }
    let (first, head) = phrase(sentence, toks, k, style)?;
    let mut last = head;
    let mut text = sentence[toks[first].byte_start..toks[head].byte_end].to_lowercase();
    // "groups of civilians", "tonnes of grain".
    if takes_of_complement(lower(head).as_str()) && lower(head + 1).as_str() == "of" {
        let mut j = head + 2;
        while is_determiner(lower(j).as_str()) {
            j += 1;
        }
        let style = Style { singular_ok: true, ..style };
        if let Some((f2, h2)) = phrase(sentence, toks, j, style) {
            text.push_str(" of ");
            text.push_str(&sentence[toks[f2].byte_start..toks[h2].byte_end].to_lowercase());
            last = h2;
        }
    }
    Some(Counted { text, last })
}

/// Up to this many words make one phrase ("self-propelled artillery guns").
const MAX_WORDS: usize = 5;

/// Adjectives that stand for people ("about 80 wounded", "12 dead").
fn is_nominal_adjective(w: &str) -> bool {
    matches!(w, "wounded" | "injured" | "dead" | "missing")
}

/// "-ly" adverbs ("seriously", "badly") modify; they are never what is counted.
fn is_adverb(w: &str) -> bool {
    w.len() > 4
        && w.ends_with("ly")
        && !matches!(
            w,
            "family" | "assembly" | "supply" | "rally" | "reply" | "anomaly" | "monopoly" | "italy"
        )
}

/// The first and last token of the noun phrase starting at `k`.
fn phrase(sentence: &str, toks: &[Tok], k: usize, style: Style) -> Option<(usize, usize)> {
    let first = toks.get(k).filter(|t| t.is_word())?.text(sentence);
    if first.chars().next().is_some_and(|c| !c.is_ascii() && !is_latin_letter(c)) {
        return other_script_phrase(sentence, toks, k);
    }
    if style.german {
        return german_phrase(sentence, toks, k);
    }
    let lower = |j: usize| match toks.get(j) {
        Some(t) if t.is_word() => Lower::new(t.text(sentence)),
        _ => Lower::new(""),
    };
    let mut end = k; // one past the last word collected
    let mut plural_at = None;
    while end < toks.len() && end - k < MAX_WORDS {
        if !toks[end].is_word() {
            break;
        }
        let word = lower(end);
        let w = word.as_str();
        // "Russian and Donetsk troops": modifiers joined before their plural head.
        if matches!(w, "and" | "or") && end > k && coordinated_head(sentence, toks, end + 1, k) {
            end += 1;
            continue;
        }
        if w.is_empty() || is_stop_word(w) || number_word(w).is_some() || vague_plural(w).is_some()
        {
            break;
        }
        end += 1;
        if looks_plural(w) || is_irregular_plural(w) {
            plural_at = Some(end - 1);
            // "police officers", "crew members": an invariant plural used as a modifier.
            let next = lower(end);
            if is_irregular_plural(w) && looks_plural(next.as_str()) && !is_stop_word(next.as_str())
            {
                plural_at = Some(end);
            }
            break;
        }
    }
    if end == k {
        return None;
    }
    if let Some(head) = plural_at {
        return Some((k, head));
    }
    // "80 wounded", "53 seriously wounded": the adjective stands for the people.
    let last = lower(end - 1);
    if is_nominal_adjective(last.as_str()) && (k..end - 1).all(|j| is_adverb(lower(j).as_str())) {
        return Some((k, end - 1));
    }
    if !style.singular_ok {
        return None;
    }
    // No plural: a singular head, up to the first word that reads as a verb form.
    let mut head = None;
    for j in k..end {
        let w = lower(j);
        let w = w.as_str();
        if looks_like_past_tense(w) || w.ends_with("ing") || is_adverb(w) {
            break;
        }
        head = Some(j);
    }
    let head = head?;
    // "45 Ukraine", "12 Monday": names, not what is counted.
    if (k..=head).all(|j| is_capitalised(toks[j].text(sentence))) {
        return None;
    }
    Some((k, head))
}

/// True when the words from `j` reach a plural head without a stop word, within the phrase
/// that started at `k`.
fn coordinated_head(sentence: &str, toks: &[Tok], j: usize, k: usize) -> bool {
    for t in toks.iter().skip(j).take((k + MAX_WORDS).saturating_sub(j)) {
        if !t.is_word() {
            return false;
        }
        let w = Lower::new(t.text(sentence));
        let w = w.as_str();
        if w.is_empty() || is_stop_word(w) || number_word(w).is_some() {
            return false;
        }
        if looks_plural(w) || is_irregular_plural(w) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn counts(s: &str, k: usize) -> Option<String> {
        let toks = tokenize(s);
        let style = Style { singular_ok: true, german: false };
        read(s, &toks, k, Lead::Direct, style).map(|c| c.text)
    }

    #[test]
    fn phrases() {
        assert_eq!(
            counts("25 local residents left the site", 1).as_deref(),
            Some("local residents")
        );
        assert_eq!(counts("21 left later", 1), None);
        assert_eq!(counts("45 buses to evacuate", 1).as_deref(), Some("buses"));
        assert_eq!(
            counts("Two groups of civilians left", 1).as_deref(),
            Some("groups of civilians")
        );
        assert_eq!(counts("thousands more civilians are", 1).as_deref(), Some("civilians"));
        assert_eq!(counts("12 of the soldiers", 1).as_deref(), Some("soldiers"));
        assert_eq!(counts("25 of them were", 1), None);
        assert_eq!(counts("one soldier was killed", 1).as_deref(), Some("soldier"));
        assert_eq!(counts("millions displaced", 1), None);
        assert_eq!(counts("12 Monday", 1), None);
        assert_eq!(counts("35 displaced persons", 1).as_deref(), Some("displaced persons"));
        assert_eq!(counts("3 tonnes of grain", 1).as_deref(), Some("tonnes of grain"));
        assert_eq!(counts("46 мирных жителей были", 1).as_deref(), Some("мирных жителей"));
        assert_eq!(counts("12,", 1), None);
    }

    fn counts_with(s: &str, k: usize, singular_ok: bool, german: bool) -> Option<String> {
        let toks = tokenize(s);
        read(s, &toks, k, Lead::Direct, Style { singular_ok, german }).map(|c| c.text)
    }

    #[test]
    fn a_singular_word_after_a_plural_number_is_not_what_is_counted() {
        assert_eq!(counts_with("thousands protest in the capital", 1, false, false), None);
        assert_eq!(counts_with("40 striking outside the gate", 1, false, false), None);
        assert_eq!(counts_with("the 40 march on", 2, false, false), None);
        // After "of" a part of a whole may be singular.
        assert_eq!(
            counts_with("9,000 of the town's adult population", 1, false, false).as_deref(),
            Some("adult population")
        );
    }

    #[test]
    fn plural_heads_the_english_rule_misses() {
        assert_eq!(counts("12 gunmen opened fire", 1).as_deref(), Some("gunmen"));
        assert_eq!(counts("30 police officers were hurt", 1).as_deref(), Some("police officers"));
        assert_eq!(counts("9 crew members", 1).as_deref(), Some("crew members"));
        assert_eq!(counts("17 \"volunteers\" arrived", 1).as_deref(), Some("volunteers"));
    }

    #[test]
    fn adjectives_standing_for_people() {
        assert_eq!(counts_with("40 wounded.", 1, false, false).as_deref(), Some("wounded"));
        assert_eq!(
            counts_with("12 critically injured and", 1, false, false).as_deref(),
            Some("critically injured")
        );
        assert_eq!(
            counts_with("40 wounded pilots", 1, false, false).as_deref(),
            Some("wounded pilots")
        );
        assert_eq!(counts_with("40 badly.", 1, true, false), None);
    }

    #[test]
    fn coordinated_modifiers_share_their_head() {
        assert_eq!(
            counts("5,000 Polish and Czech volunteers joined", 1).as_deref(),
            Some("polish and czech volunteers")
        );
        assert_eq!(counts("5 tanks and 3 guns", 1).as_deref(), Some("tanks"));
        assert_eq!(counts_with("5 Polish and 3 Czech pilots", 1, false, false), None);
    }
}
