//! Where a statement starts and ends: after "that", before a trailing attribution, cut at
//! the next attribution, without edge punctuation or a wire dateline.

use super::super::lexicon::*;
use super::super::phrases::Words;
use super::super::tokens::{Kind, Quotation};
use super::Found;
use crate::Span;

/// How far after a speech verb "that" may come ("said in a statement on Sunday that").
const THAT_WINDOW: usize = 10;

/// The end of the sentence's text, without the final punctuation.
pub(super) fn sentence_end(words: &Words<'_, '_>) -> usize {
    let mut k = words.len();
    while k > 0
        && matches!(
            words.kind(k - 1),
            Some(Kind::Terminal | Kind::QuoteClose | Kind::CloseBracket | Kind::Comma)
        )
    {
        // A closing mark stays with its quotation only if the quotation is the statement;
        // `trim_span` settles that.
        k -= 1;
    }
    if k == 0 { 0 } else { words.tok(k - 1).end }
}

/// The statement between two token positions, trimmed of edge punctuation. `None` if empty.
pub(super) fn statement(words: &Words<'_, '_>, from_tok: usize, to_char: usize) -> Option<Span> {
    let mut a = from_tok;
    while a < words.len()
        && matches!(words.kind(a), Some(Kind::Comma | Kind::Colon | Kind::Dash | Kind::Terminal))
    {
        a += 1;
    }
    if a >= words.len() {
        return None;
    }
    let start = words.tok(a).start;
    let mut end = to_char;
    // Trim punctuation on the right.
    let mut last = None;
    for (k, t) in words.sentence.tokens.iter().enumerate().skip(a) {
        if t.end > end {
            break;
        }
        if !matches!(
            t.kind,
            Kind::Comma | Kind::Colon | Kind::Dash | Kind::Terminal | Kind::Semicolon
        ) {
            last = Some(k);
        }
    }
    end = words.tok(last?).end;
    (end > start).then(|| Span::new(start, end))
}

/// The quotation exactly covering a statement (give or take its marks), if any.
pub(super) fn covering_quotation(words: &Words<'_, '_>, span: Span) -> Option<usize> {
    words.sentence.quotations.iter().position(|q: &Quotation| {
        let open_at = q.open.map_or(0, |o| words.tok(o).start);
        open_at <= span.start + 1 && q.inner_end + 1 >= span.end && q.inner_end > q.inner_start
    })
}

pub(super) fn quotation_span(q: &Quotation) -> Span {
    Span::new(q.inner_start, q.inner_end)
}

/// The quoted words, without a comma or space left inside the closing mark.
pub(super) fn trimmed_quotation(words: &Words<'_, '_>, q: &Quotation) -> Span {
    let text = words.sentence.text;
    let mut span = quotation_span(q);
    let inner = span.text(text);
    let trimmed_end = inner.trim_end_matches([',', ' ', '\u{a0}']).chars().count();
    let leading = inner.chars().take_while(|c| c.is_whitespace()).count();
    span.end = span.start + trimmed_end;
    span.start += leading.min(trimmed_end);
    span
}

/// Skips an object and adverbial phrases after a speech verb. Returns where a complement
/// would start, and whether "that" introduced it.
pub(super) fn complement_start(words: &Words<'_, '_>, after: usize) -> (usize, bool) {
    let n = words.len();
    let mut k = after;
    while k < n && k < after + THAT_WINDOW {
        let t = words.tok(k);
        if t.kind != Kind::Word || t.quoted {
            break;
        }
        let w = words.low(k);
        if w == "that" {
            // "so that", "now that" subordinate; after "of" or an -ing word, "that" is a
            // relative pronoun ("the evacuation of civilians that are …").
            if k > after
                && matches!(
                    words.low(k - 1),
                    "so" | "such" | "now" | "given" | "except" | "provided"
                )
            {
                break;
            }
            return (k + 1, true);
        }
        if speech_verb(w).is_some() || w == "of" || (w.ends_with("ing") && w.chars().count() > 5) {
            break;
        }
        k += 1;
    }
    (after, false)
}

/// Whether nothing but adverbials follows the verb (and its hearer, for "told Reuters"): the
/// statement is then before it.
pub(super) fn nothing_to_report(
    words: &Words<'_, '_>,
    mut after: usize,
    takes_object: bool,
) -> bool {
    let n = words.len();
    if takes_object
        && words.kind(after) == Some(Kind::Word)
        && !words.tok(after).quoted
        && let Some(end) = words.phrase_right(after)
    {
        after = end;
    }
    if after >= n {
        return true;
    }
    match words.kind(after) {
        Some(
            Kind::Terminal
            | Kind::Comma
            | Kind::Semicolon
            | Kind::Dash
            | Kind::CloseBracket
            | Kind::QuoteClose,
        ) => true,
        Some(Kind::Word) => {
            let w = words.low(after);
            let adverbial = matches!(
                w,
                "in" | "on"
                    | "at"
                    | "during"
                    | "after"
                    | "before"
                    | "while"
                    | "as"
                    | "from"
                    | "via"
                    | "through"
                    | "when"
                    | "earlier"
                    | "later"
                    | "late"
                    | "today"
                    | "yesterday"
                    | "last"
                    | "this"
                    | "recently"
                    | "afterwards"
                    | "adding"
                    | "with"
                    | "without"
                    | "by"
                    | "citing"
                    | "referring"
                    | "speaking"
                    | "according"
                    | "again"
                    | "also"
                    | "to"
            );
            if !adverbial {
                return false;
            }
            // An adverbial, then "that" or a colon before the clause ends: a complement.
            let mut k = after;
            while k < n {
                match words.kind(k) {
                    Some(Kind::Comma | Kind::Terminal | Kind::Semicolon | Kind::Dash) => {
                        return true;
                    }
                    Some(Kind::Colon | Kind::QuoteOpen) => return false,
                    _ => {}
                }
                if words.low(k) == "that" {
                    return false;
                }
                k += 1;
            }
            true
        }
        _ => false,
    }
}

/// After an earlier finding's cue, where the next clause starts (past its comma).
pub(super) fn next_clause_after(words: &Words<'_, '_>, anchor: usize) -> usize {
    (anchor..words.len())
        .find(|&k| {
            matches!(words.kind(k), Some(Kind::Comma | Kind::Semicolon)) && !words.tok(k).quoted
        })
        .map_or(anchor + 1, |k| k + 1)
}

/// Where the text starts after a wire dateline ("CITY, Country, May 5 (Agency) – …"): an
/// upper-case place name first, a dash soon after.
pub(super) fn after_dateline(words: &Words<'_, '_>) -> usize {
    let first = words.tok(0);
    let shouting = first.kind == Kind::Word
        && first.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !first.text.chars().any(char::is_lowercase);
    if !shouting {
        return 0;
    }
    (0..words.len().min(16)).find(|&k| words.kind(k) == Some(Kind::Dash)).map_or(0, |k| k + 1)
}

/// A statement running forward ends where the next attribution in the sentence starts.
pub(super) fn cut_forward_statements(words: &Words<'_, '_>, found: &mut [Found]) {
    let starts: Vec<(usize, usize)> =
        found.iter().map(|f| (f.anchor, words.tok(f.attribution_start).start)).collect();
    for f in found.iter_mut().filter(|f| f.forward) {
        let next = starts
            .iter()
            .filter(|(anchor, start)| {
                *anchor > f.anchor && *start > f.span.start && *start < f.span.end
            })
            .map(|&(_, s)| s)
            .min();
        if let Some(limit) = next {
            let first_tok =
                words.sentence.tokens.iter().position(|t| t.start >= f.span.start).unwrap_or(0);
            let mut end_tok =
                words.sentence.tokens.iter().position(|t| t.start >= limit).unwrap_or(words.len());
            // Drop the conjunction joining the two: "…, and has denied", "… where the mayor".
            while end_tok > first_tok + 1
                && (words.kind(end_tok - 1) != Some(Kind::Word)
                    || is_function_word(words.low(end_tok - 1))
                    || is_determiner(words.low(end_tok - 1)))
            {
                end_tok -= 1;
            }
            if let Some(span) = statement(words, first_tok, words.tok(end_tok - 1).end) {
                f.span = span;
            }
        }
    }
}

/// The token right before an attribution at `from`, if the text there can end a statement:
/// a comma, a dash or a closing quotation mark.
pub(super) fn statement_edge(words: &Words<'_, '_>, from: usize) -> Option<usize> {
    let k = from.checked_sub(1)?;
    matches!(words.kind(k), Some(Kind::Comma | Kind::QuoteClose | Kind::Dash | Kind::Semicolon))
        .then_some(k)
}

pub(super) fn no_comma_between(words: &Words<'_, '_>, a: usize, b: usize) -> bool {
    (a..b).all(|k| !matches!(words.kind(k), Some(Kind::Comma | Kind::Semicolon)))
}
