//! Noun phrases around a speech verb: the speaker written left of it ("the Russian Defense
//! Ministry said"), right of it ("said Dr. Helen Tran"), after "according to", and the subject
//! of the whole sentence (for "…, saying …").

use std::borrow::Cow;

use super::lexicon::*;
use super::tokens::{Kind, Sentence, Token};

/// A sentence's tokens with their lower-cased words.
pub(crate) struct Words<'a, 's> {
    pub sentence: &'a Sentence<'s>,
    pub lower: Vec<Cow<'s, str>>,
}

/// What stops a noun phrase on its left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Edge {
    /// The sentence starts there.
    Start,
    /// Punctuation that may end a clause: comma, colon, dash, bracket.
    Punctuation,
    /// A closing quotation mark.
    QuoteClose,
    /// A conjunction or subordinator ("and", "but", "where", "after").
    Opener,
    /// "with" ("with officials insisting …").
    With,
    /// Anything else: a verb, a preposition. The phrase is then an object, not a subject.
    Other,
}

/// Most words a speaker's phrase may have.
const MAX_PHRASE_TOKENS: usize = 16;
/// Most lower-case words in a row ("provincial mine rescue teams").
const MAX_LOWER_RUN: usize = 4;

impl<'a, 's> Words<'a, 's> {
    pub fn new(sentence: &'a Sentence<'s>) -> Self {
        let lower = sentence
            .tokens
            .iter()
            .map(|t| {
                if t.text.chars().any(char::is_uppercase) {
                    Cow::Owned(t.text.to_lowercase())
                } else {
                    Cow::Borrowed(t.text)
                }
            })
            .collect();
        Words { sentence, lower }
    }

    pub fn len(&self) -> usize {
        self.sentence.tokens.len()
    }

    /// Token `i`; past the end, the last token (callers check kinds with `kind`).
    pub fn tok(&self, i: usize) -> &Token<'s> {
        let tokens = &self.sentence.tokens;
        &tokens[i.min(tokens.len().saturating_sub(1))]
    }

    pub fn low(&self, i: usize) -> &str {
        self.lower.get(i).map_or("", |w| w.as_ref())
    }

    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.sentence.tokens.get(i).map(|t| t.kind)
    }

    fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Word)
    }

    /// A word that can be part of a name or a noun phrase: not a function word.
    fn is_content(&self, i: usize) -> bool {
        self.is_word(i) && !is_function_word(self.low(i)) && !is_determiner(self.low(i))
    }

    /// Skips, leftwards from `i`, what may stand between a subject and its verb: adverbs,
    /// auxiliaries, "on Sunday", "last night", "on April 21". Returns the index left of them.
    pub fn skip_companions_left(&self, mut i: usize) -> Option<usize> {
        loop {
            let w = self.low(i);
            if !self.is_word(i) {
                return Some(i);
            }
            if is_verb_companion(w) {
                i = i.checked_sub(1)?;
                continue;
            }
            // "on Sunday", "last night", "on April 21", "on 21 April".
            let time_start = if self.tok(i).starts_with_digit()
                && i >= 1
                && is_weekday_or_month(self.low(i - 1))
            {
                Some(i - 1)
            } else if is_time_noun(w) {
                Some(i)
            } else {
                None
            };
            if let Some(mut t) = time_start {
                if t >= 1 && self.tok(t - 1).starts_with_digit() {
                    t -= 1;
                }
                if t >= 1
                    && matches!(
                        self.low(t - 1),
                        "on" | "last" | "this" | "late" | "early" | "on," | "overnight"
                    )
                {
                    i = (t - 1).checked_sub(1)?;
                    continue;
                }
            }
            return Some(i);
        }
    }

    /// The noun phrase ending at `end` (inclusive), read leftwards: returns its first token
    /// and what stands before it.
    pub fn phrase_left(&self, end: usize) -> Option<(usize, Edge)> {
        if !self.is_content(end) || self.tok(end).is_possessive() || self.tok(end).quoted {
            return None;
        }
        let mut from = end;
        let mut lower_run = 0;
        let mut k = end;
        loop {
            let w = self.low(k);
            let t = self.tok(k);
            if t.quoted {
                return Some((from, Edge::Other));
            }
            if t.kind != Kind::Word {
                let edge = match t.kind {
                    Kind::QuoteClose => Edge::QuoteClose,
                    Kind::Comma
                    | Kind::Colon
                    | Kind::Semicolon
                    | Kind::Dash
                    | Kind::OpenBracket
                    | Kind::CloseBracket
                    | Kind::Terminal
                    | Kind::QuoteOpen => Edge::Punctuation,
                    _ => Edge::Other,
                };
                return Some((from, edge));
            }
            if end - k >= MAX_PHRASE_TOKENS {
                return Some((from, Edge::Other));
            }
            if k < end && (is_inner_preposition(w) || w == "and" || w == "&") {
                // Inside a phrase only between two pieces of it: "Ministry of Defence",
                // "Kiev and Moscow", "the Ukrainian forces and the Azov militants".
                let left_ok =
                    k >= 1 && (self.tok(k - 1).is_capitalised() || self.is_content(k - 1));
                let right_ok = self.tok(from).is_capitalised()
                    || is_determiner(self.low(from))
                    || self.tok(from).starts_with_digit();
                if left_ok
                    && right_ok
                    && let Some((left_from, edge)) = self.phrase_left(k - 1)
                    && edge != Edge::Other
                    && edge != Edge::With
                {
                    return Some((left_from, edge));
                }
                return Some((from, if w == "and" { Edge::Opener } else { Edge::Other }));
            }
            if is_determiner(w) {
                // "the Ukrainian forces and the Azov militants": a conjunct before "and".
                if k >= 2
                    && self.low(k - 1) == "and"
                    && (self.tok(k - 2).is_capitalised() || self.is_content(k - 2))
                    && let Some((left_from, edge)) = self.phrase_left(k - 2)
                    && !matches!(edge, Edge::Other | Edge::With)
                {
                    return Some((left_from, edge));
                }
                // "Serhiy Volyna from the 36th Separate Marine Brigade": a prepositional
                // phrase after a name.
                if k >= 2
                    && is_inner_preposition(self.low(k - 1))
                    && self.is_word(k - 1)
                    && (self.tok(k - 2).is_capitalised() || self.is_content(k - 2))
                    && let Some((left_from, edge)) = self.phrase_left(k - 2)
                    && !matches!(edge, Edge::Other | Edge::With)
                {
                    return Some((left_from, edge));
                }
                // "the two sides", "all the": a determiner before a determiner or number.
                let mut k = k;
                while k >= 1 && self.is_word(k - 1) && is_article(self.low(k - 1)) {
                    k -= 1;
                }
                let edge = self.edge_before(k);
                return Some((k, edge));
            }
            // "… said Coach Ann Miller had promised": a speech verb ends the phrase.
            if k < end && !t.is_capitalised() && speech_verb(w).is_some() {
                return Some((from, Edge::Other));
            }
            if is_function_word(w) {
                // "at which the minister reported …": a relative clause's own subject.
                let edge = if is_clause_opener(w) || matches!(w, "which" | "whom") {
                    Edge::Opener
                } else if w == "with" {
                    Edge::With
                } else {
                    Edge::Other
                };
                return Some((from, edge));
            }
            if t.is_capitalised() || t.starts_with_digit() {
                lower_run = 0;
            } else {
                lower_run += 1;
                if lower_run > MAX_LOWER_RUN {
                    return Some((from, Edge::Other));
                }
            }
            from = k;
            if k == 0 {
                return Some((from, Edge::Start));
            }
            k -= 1;
        }
    }

    /// What stands before token `k` (a phrase's first token), as an edge, with coordination
    /// already handled by the caller.
    fn edge_before(&self, k: usize) -> Edge {
        if k == 0 {
            return Edge::Start;
        }
        let t = self.tok(k - 1);
        match t.kind {
            Kind::Word => {
                let w = self.low(k - 1);
                if is_clause_opener(w) || matches!(w, "which" | "whom") {
                    Edge::Opener
                } else if w == "with" {
                    Edge::With
                } else {
                    Edge::Other
                }
            }
            Kind::QuoteClose => Edge::QuoteClose,
            Kind::Other => Edge::Other,
            _ => Edge::Punctuation,
        }
    }

    /// The noun phrase starting at `start`, read rightwards ("Dr. Helen Tran", "the ministry",
    /// "Alexei Rudnev of the Moscow-based Centre …"): returns its end (exclusive).
    pub fn phrase_right(&self, start: usize) -> Option<usize> {
        let mut k = start;
        let mut end = start;
        let mut lower_run = 0;
        let mut has_head = false;
        while k < self.len() && k - start < MAX_PHRASE_TOKENS {
            let t = self.tok(k);
            if t.kind != Kind::Word || t.quoted {
                break;
            }
            let w = self.low(k);
            if is_determiner(w) {
                if has_head {
                    break;
                }
                k += 1;
                continue;
            }
            if (is_inner_preposition(w) || w == "and") && !has_head {
                break;
            }
            if (is_inner_preposition(w) || w == "and") && has_head {
                // Continue only into another name: "of the Moscow-based Centre".
                let mut next = k + 1;
                if is_determiner(self.low(next)) && self.is_word(next) {
                    next += 1;
                }
                if next < self.len()
                    && self.is_word(next)
                    && self.tok(next).is_capitalised()
                    && !self.tok(next).quoted
                {
                    k = next;
                    continue;
                }
                break;
            }
            // "people familiar with the talks": the complement names who they are.
            if w == "with" && has_head && self.low(k - 1) == "familiar" {
                k += 1;
                if self.is_word(k) && is_determiner(self.low(k)) {
                    k += 1;
                }
                continue;
            }
            if is_function_word(w) || speech_verb(w).is_some() {
                break;
            }
            if t.is_capitalised() || t.starts_with_digit() {
                lower_run = 0;
            } else {
                // A past-tense verb after the phrase ("Guterres raised", "specialists
                // welcomed").
                if has_head && w.ends_with("ed") && w.chars().count() > 3 {
                    break;
                }
                lower_run += 1;
                if lower_run > MAX_LOWER_RUN {
                    break;
                }
            }
            has_head = true;
            k += 1;
            end = k;
        }
        (has_head && !self.tok(end - 1).is_possessive()).then_some(end)
    }

    /// The subject at the start of the sentence ("The defenders of Mariupol rejected …"),
    /// when a verb follows it directly.
    pub fn sentence_subject(&self) -> Option<(usize, usize)> {
        let mut start = 0;
        while start < self.len()
            && (self.kind(start) == Some(Kind::QuoteOpen)
                || matches!(self.low(start), "but" | "and" | "meanwhile" | "however"))
        {
            start += 1;
        }
        if start >= self.len() || pronoun(self.low(start)).is_some() {
            return None;
        }
        let end = self.phrase_right(start)?;
        (end < self.len() && self.is_word(end) && !self.tok(end).is_capitalised())
            .then_some((start, end))
    }
}
