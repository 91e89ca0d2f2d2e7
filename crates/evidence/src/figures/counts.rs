//! What a number counts: the noun phrase after it, read without a tagger. The phrase ends
//! at its first plural noun ("25 local residents left" → "local residents"), at a stop word,
//! a verb or punctuation; container nouns keep their "of" phrase ("Two groups of
//! civilians"). A singular head is accepted when nothing plural follows ("one soldier").

use super::grammar::{
    is_irregular_plural, is_quantity_filler, is_stop_word, looks_like_past_tense, looks_plural,
    takes_of_complement,
};
use super::lexicon::{number_word, vague_plural};
use super::tokens::{Lower, Tok, is_capitalised};

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

/// Reads the phrase starting at token `k`.
pub(crate) fn read(sentence: &str, toks: &[Tok], mut k: usize, lead: Lead) -> Option<Counted> {
    let lower = |k: usize| match toks.get(k) {
        Some(t) if t.is_word() => Lower::new(t.text(sentence)),
        _ => Lower::new(""),
    };
    if lead == Lead::Direct {
        while is_quantity_filler(lower(k).as_str()) {
            k += 1;
        }
    }
    if lower(k).as_str() == "of" {
        k += 1;
        if is_pronoun_after_of(lower(k).as_str()) {
            return None;
        }
        while is_determiner(lower(k).as_str()) {
            k += 1;
        }
    } else if lead == Lead::OfOnly {
        return None;
    }
    let (first, head) = phrase(sentence, toks, k)?;
    let mut last = head;
    let mut text = sentence[toks[first].byte_start..toks[head].byte_end].to_lowercase();
    // "groups of civilians", "tonnes of grain".
    if takes_of_complement(lower(head).as_str()) && lower(head + 1).as_str() == "of" {
        let mut j = head + 2;
        while is_determiner(lower(j).as_str()) {
            j += 1;
        }
        if let Some((f2, h2)) = phrase(sentence, toks, j) {
            text.push_str(" of ");
            text.push_str(&sentence[toks[f2].byte_start..toks[h2].byte_end].to_lowercase());
            last = h2;
        }
    }
    Some(Counted { text, last })
}

/// Up to this many words make one phrase ("self-propelled artillery guns").
const MAX_WORDS: usize = 5;

/// The first and last token of the noun phrase starting at `k`.
fn phrase(sentence: &str, toks: &[Tok], k: usize) -> Option<(usize, usize)> {
    let mut end = k; // one past the last word collected
    let mut plural_at = None;
    let mut non_latin = 0;
    while end < toks.len() && end - k < MAX_WORDS {
        let t = &toks[end];
        if !t.is_word() {
            break;
        }
        let text = t.text(sentence);
        let word = Lower::new(text);
        let w = word.as_str();
        if w.is_empty() || is_stop_word(w) || number_word(w).is_some() || vague_plural(w).is_some()
        {
            break;
        }
        if !text.is_ascii() && text.chars().next().is_some_and(|c| !c.is_ascii_alphabetic()) {
            // No plural test outside English: a word or two, as written.
            non_latin += 1;
            end += 1;
            if non_latin == 2 {
                break;
            }
            continue;
        }
        end += 1;
        if looks_plural(w) || is_irregular_plural(w) {
            plural_at = Some(end - 1);
            break;
        }
    }
    if end == k {
        return None;
    }
    if let Some(head) = plural_at {
        return Some((k, head));
    }
    if non_latin > 0 {
        return Some((k, end - 1));
    }
    // No plural: a singular head, up to the first word that reads as a verb form.
    let mut head = None;
    for (j, tok) in toks.iter().enumerate().take(end).skip(k) {
        let w = Lower::new(tok.text(sentence));
        if looks_like_past_tense(w.as_str()) || w.as_str().ends_with("ing") {
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

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn counts(s: &str, k: usize) -> Option<String> {
        let toks = tokenize(s);
        read(s, &toks, k, Lead::Direct).map(|c| c.text)
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
}
