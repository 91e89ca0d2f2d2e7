//! Attributions within one sentence: which speech cue, which speaker phrase (or pronoun),
//! and which stretch is the statement. Resolving speakers across the article is left to
//! `speakers`.

use super::VoiceKind;
use super::lexicon::*;
use super::phrases::{Edge, Words};
use super::tokens::{Kind, Quotation};
use crate::Span;

/// Who a found statement is attributed to, as written in this sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Who {
    /// Tokens `from..to` name the speaker.
    Phrase { from: usize, to: usize },
    /// A pronoun at this token.
    Pronoun(Pronoun, usize),
    /// The same speaker as an earlier finding of this sentence.
    SameAs(usize),
}

#[derive(Clone, Debug)]
pub(crate) struct Found {
    pub span: Span,
    pub who: Who,
    pub cue: String,
    pub kind: VoiceKind,
    /// Token of the cue: orders findings and bounds statements.
    pub anchor: usize,
    /// First token of the attribution (speaker or cue, whichever comes first): a statement
    /// running forward ends before the next one.
    pub attribution_start: usize,
    /// Index of the quotation the statement is, when direct.
    pub quotation: Option<usize>,
    /// The statement runs forward from the cue (to be cut at the next attribution).
    pub forward: bool,
}

/// Fewest words before a comma for the text there to be a statement ("Two others had died
/// …, they said"), not a lead-in ("On Monday, …").
const MIN_STATEMENT_WORDS: usize = 3;
/// How far after a speech verb "that" may come ("said in a statement on Sunday that").
const THAT_WINDOW: usize = 10;

pub(crate) fn find(words: &Words<'_, '_>) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let n = words.len();
    let mut i = 0;
    while i < n {
        let t = words.tok(i);
        if t.quoted || t.kind != Kind::Word {
            if t.kind == Kind::Colon && !t.quoted {
                colon_quote(words, i, &mut found);
            }
            i += 1;
            continue;
        }
        if let Some(len) = according_cue(words.low(i), words.low(i + 1))
            && according(words, i, len, &mut found)
        {
            i += len;
            continue;
        }
        if let Some(verb) = speech_verb(words.low(i)) {
            speech(words, i, verb, &mut found);
        }
        i += 1;
    }
    cut_forward_statements(words, &mut found);
    found
}

/// The end of the sentence's text, without the final punctuation.
fn sentence_end(words: &Words<'_, '_>) -> usize {
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
fn statement(words: &Words<'_, '_>, from_tok: usize, to_char: usize) -> Option<Span> {
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
fn covering_quotation(words: &Words<'_, '_>, span: Span) -> Option<usize> {
    words.sentence.quotations.iter().position(|q: &Quotation| {
        let open_at = q.open.map_or(0, |o| words.tok(o).start);
        open_at <= span.start + 1 && q.inner_end + 1 >= span.end && q.inner_end > q.inner_start
    })
}

fn quotation_span(q: &Quotation) -> Span {
    Span::new(q.inner_start, q.inner_end)
}

/// Makes a statement direct when a quotation is all of it.
fn push(found: &mut Vec<Found>, words: &Words<'_, '_>, mut item: Found) {
    if item.kind == VoiceKind::Reported
        && let Some(q) = covering_quotation(words, item.span)
    {
        let quotation = &words.sentence.quotations[q];
        item.kind = VoiceKind::Direct;
        item.quotation = Some(q);
        item.span = trimmed_quotation(words, quotation);
    }
    if item.span.end > item.span.start {
        found.push(item);
    }
}

/// The quoted words, without a comma or space left inside the closing mark.
fn trimmed_quotation(words: &Words<'_, '_>, q: &Quotation) -> Span {
    let text = words.sentence.text;
    let mut span = quotation_span(q);
    let inner = span.text(text);
    let trimmed_end = inner.trim_end_matches([',', ' ', '\u{a0}']).chars().count();
    let leading = inner.chars().take_while(|c| c.is_whitespace()).count();
    span.end = span.start + trimmed_end;
    span.start += leading.min(trimmed_end);
    span
}

/// "X: "…"": a headline-style quotation introduced by its speaker and a colon.
fn colon_quote(words: &Words<'_, '_>, colon: usize, found: &mut Vec<Found>) {
    let Some(q) = words.sentence.quotations.iter().position(|q| q.open == Some(colon + 1)) else {
        return;
    };
    if colon == 0 || found.iter().any(|f| f.anchor + 3 >= colon && f.anchor < colon) {
        return;
    }
    let Some((from, edge)) = words.phrase_left(colon - 1) else { return };
    if edge != Edge::Start || !words.tok(colon - 1).is_capitalised() {
        return;
    }
    let quotation = &words.sentence.quotations[q];
    push(
        found,
        words,
        Found {
            span: trimmed_quotation(words, quotation),
            who: Who::Phrase { from, to: colon },
            cue: ":".to_string(),
            kind: VoiceKind::Direct,
            anchor: colon,
            attribution_start: from,
            quotation: Some(q),
            forward: false,
        },
    );
}

/// "according to X, …" / "…, according to X".
fn according(words: &Words<'_, '_>, at: usize, len: usize, found: &mut Vec<Found>) -> bool {
    let from = at + len;
    let Some(to) = words.phrase_right(from) else { return false };
    let cue = (at..at + len).map(|k| words.low(k)).collect::<Vec<_>>().join(" ");
    let before = (0..at).filter(|&k| words.kind(k) == Some(Kind::Word)).count();
    let span = if before == 0
        || (before <= 2
            && (0..at).all(|k| words.kind(k) != Some(Kind::Word) || is_clause_opener(words.low(k))))
    {
        statement(words, to, sentence_end(words))
    } else {
        let end = if at > 0 && words.kind(at - 1) == Some(Kind::Comma) {
            words.tok(at - 1).start
        } else {
            words.tok(at).start
        };
        statement(words, 0, end)
    };
    let Some(span) = span else { return false };
    push(
        found,
        words,
        Found {
            span,
            who: Who::Phrase { from, to },
            cue,
            kind: VoiceKind::According,
            anchor: at,
            attribution_start: at,
            quotation: None,
            forward: false,
        },
    );
    true
}

/// A quotation closing right before `k` (with or without a comma in between).
fn quotation_closing_before(words: &Words<'_, '_>, mut k: usize) -> Option<usize> {
    if words.kind(k) == Some(Kind::Comma) && k > 0 {
        k -= 1;
    }
    if words.kind(k) != Some(Kind::QuoteClose) {
        // British style puts the comma inside: `'…',` is handled above; `…,"` closes at k.
        return None;
    }
    words.sentence.quotations.iter().position(|q| q.close == Some(k))
}

/// Words before token `k`, ignoring quotation marks and punctuation.
fn words_before(words: &Words<'_, '_>, k: usize) -> usize {
    (0..k).filter(|&j| words.kind(j) == Some(Kind::Word)).count()
}

/// Skips an object and adverbial phrases after a speech verb. Returns where a complement
/// would start, and whether "that" introduced it.
fn complement_start(words: &Words<'_, '_>, after: usize) -> (usize, bool) {
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
fn nothing_to_report(words: &Words<'_, '_>, mut after: usize, takes_object: bool) -> bool {
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

/// A speech verb at `at`: find its speaker and statement.
fn speech(words: &Words<'_, '_>, at: usize, verb: SpeechVerb, found: &mut Vec<Found>) {
    let mut cue_end = at + 1;
    let mut cue = words.low(at).to_string();
    if let Some(particles) = verb.particle {
        let next = words.low(at + 1);
        if !particles.contains(&next) {
            return;
        }
        cue.push(' ');
        cue.push_str(next);
        cue_end += 1;
    }
    let Some(before) = at.checked_sub(1) else {
        return;
    };
    // "a pause declared by the Russian side": a participle, its agent after "by".
    if words.low(cue_end) == "by" && words.kind(cue_end) == Some(Kind::Word) {
        return;
    }
    // Passive ("were confirmed", "is reported") and adjectival ("the agreed routes") uses
    // have no speaker before them.
    if is_passive_auxiliary(words.low(before)) && verb.form != Form::Ing {
        return;
    }
    if words.kind(before) == Some(Kind::Word) && is_determiner(words.low(before)) {
        return;
    }
    let Some(left) = words.skip_companions_left(before) else {
        return;
    };

    let mut who: Option<Who> = None;
    let mut subject_from = at;
    let mut statement_before: Option<usize> = None; // token where a statement left of the attribution ends

    if verb.form == Form::Ing {
        if words.kind(left) == Some(Kind::Comma) {
            if let Some((from, to)) = words.sentence_subject()
                && to <= left
            {
                who = Some(Who::Phrase { from, to });
            }
        } else if let Some((from, Edge::With)) = words.phrase_left(left) {
            who = Some(Who::Phrase { from, to: left + 1 });
            subject_from = from;
        }
    } else if let Some(p) =
        pronoun(words.low(left)).filter(|_| words.kind(left) == Some(Kind::Word))
    {
        if p == Pronoun::Deictic || (verb.form == Form::Base && p != Pronoun::Plural) {
            return;
        }
        // "X said they had offered …": the pronoun opens X's own statement.
        if found.iter().any(|f| f.forward && f.span.start == words.tok(left).start) {
            return;
        }
        who = Some(Who::Pronoun(p, left));
        subject_from = left;
        statement_before = statement_edge(words, left);
    } else if words.kind(left) == Some(Kind::Word) && matches!(words.low(left), "and" | "but") {
        // "… and has denied that …": the subject of the verb before.
        let earlier = found.iter().rposition(|f| f.anchor < left);
        who = match earlier {
            Some(e) => Some(Who::SameAs(e)),
            None => words
                .sentence_subject()
                .filter(|&(_, to)| to < left && no_comma_between(words, to, left))
                .map(|(from, to)| Who::Phrase { from, to }),
        };
        subject_from = left;
    } else if let Some((from, edge)) = words
        .phrase_left(left)
        .filter(|(_, e)| *e != Edge::Other && *e != Edge::With)
        .or_else(|| relative_clause_subject(words, left))
    {
        if verb.form == Form::Base && !is_plural_phrase(words, from, left + 1) {
            return;
        }
        who = Some(Who::Phrase { from, to: left + 1 });
        subject_from = from;
        if matches!(edge, Edge::Punctuation | Edge::QuoteClose) && from > 0 {
            statement_before = statement_edge(words, from);
        }
    } else if matches!(words.kind(left), Some(Kind::Comma | Kind::QuoteClose)) {
        if let Some((from, to)) = appositive_subject(words, left) {
            who = Some(Who::Phrase { from, to });
            subject_from = from;
            statement_before = statement_edge(words, from);
        } else if verb.form == Form::Finite {
            // Inversion: "…," said the ministry / said Dr. Helen Tran / says Minister.
            let start = cue_end;
            if let Some(p) = pronoun(words.low(start))
                .filter(|p| *p != Pronoun::Deictic && words.kind(start) == Some(Kind::Word))
            {
                who = Some(Who::Pronoun(p, start));
                cue_end = start + 1;
            } else if let Some(end) = words.phrase_right(start) {
                who = Some(Who::Phrase { from: start, to: end });
                cue_end = end;
            }
            subject_from = at;
            if who.is_some() {
                statement_before = statement_edge(words, at);
            }
        }
    }
    let Some(who) = who else { return };

    // Trailing attribution: the statement is before it.
    if let Some(edge_tok) = statement_before
        && nothing_to_report(words, cue_end, verb.takes_object)
    {
        if let Some(q) = quotation_closing_before(words, edge_tok) {
            let quotation = &words.sentence.quotations[q];
            found.push(Found {
                span: trimmed_quotation(words, quotation),
                who,
                cue: cue.clone(),
                kind: VoiceKind::Direct,
                anchor: at,
                attribution_start: subject_from.min(at),
                quotation: Some(q),
                forward: false,
            });
            let first = found.len() - 1;
            // "…," he said, "…": the quotation after the attribution is his too.
            follow_on_quotation(words, cue_end, first, &cue, found);
            return;
        }
        if words_before(words, edge_tok) >= MIN_STATEMENT_WORDS {
            let end = words.tok(edge_tok).start;
            let from = found
                .last()
                .filter(|f| f.anchor < edge_tok && !f.forward)
                .map_or_else(|| after_dateline(words), |f| next_clause_after(words, f.anchor));
            if let Some(span) = statement(words, from, end) {
                push(
                    found,
                    words,
                    Found {
                        span,
                        who,
                        cue,
                        kind: VoiceKind::Reported,
                        anchor: at,
                        attribution_start: subject_from.min(at),
                        quotation: None,
                        forward: false,
                    },
                );
            }
            return;
        }
    }

    // The statement follows: after "that" if it comes soon, else right after the verb.
    let (mut start, after_that) = complement_start(words, cue_end);
    if verb.needs_clause
        && !after_that
        && !matches!(words.kind(cue_end), Some(Kind::Colon | Kind::QuoteOpen))
    {
        return;
    }
    if words.kind(start) == Some(Kind::Colon) {
        start += 1;
    }
    let mut end = sentence_end(words);
    // In a clause opened by "After", "When", "If" …, the statement ends at its comma.
    if subject_from == 1
        && words.kind(0) == Some(Kind::Word)
        && is_clause_opener(words.low(0))
        && let Some(c) = (start..words.len())
            .find(|&k| words.kind(k) == Some(Kind::Comma) && !words.tok(k).quoted)
    {
        end = words.tok(c).start;
    }
    if let Some(open) =
        (start < words.len() && words.kind(start) == Some(Kind::QuoteOpen)).then_some(start)
        && let Some(q) = words.sentence.quotations.iter().position(|q| q.open == Some(open))
        && words.sentence.quotations[q].close.is_none_or(|c| c + 3 >= words.len())
    {
        let quotation = &words.sentence.quotations[q];
        found.push(Found {
            span: trimmed_quotation(words, quotation),
            who,
            cue,
            kind: VoiceKind::Direct,
            anchor: at,
            attribution_start: subject_from.min(at),
            quotation: Some(q),
            forward: false,
        });
        return;
    }
    if let Some(span) = statement(words, start, end) {
        push(
            found,
            words,
            Found {
                span,
                who,
                cue,
                kind: VoiceKind::Reported,
                anchor: at,
                attribution_start: subject_from.min(at),
                quotation: None,
                forward: true,
            },
        );
    }
}

/// After an earlier finding's cue, where the next clause starts (past its comma).
fn next_clause_after(words: &Words<'_, '_>, anchor: usize) -> usize {
    (anchor..words.len())
        .find(|&k| {
            matches!(words.kind(k), Some(Kind::Comma | Kind::Semicolon)) && !words.tok(k).quoted
        })
        .map_or(anchor + 1, |k| k + 1)
}

/// "…," he said, "…" — a quotation opening after the attribution.
fn follow_on_quotation(
    words: &Words<'_, '_>,
    after: usize,
    first: usize,
    cue: &str,
    found: &mut Vec<Found>,
) {
    let mut k = after;
    while k < words.len() && words.kind(k) != Some(Kind::QuoteOpen) {
        if matches!(words.kind(k), Some(Kind::Terminal | Kind::Semicolon)) || k > after + 12 {
            return;
        }
        k += 1;
    }
    if k > after && words.kind(k - 1) != Some(Kind::Comma) && words.kind(k - 1) != Some(Kind::Colon)
    {
        return;
    }
    if let Some(q) = words.sentence.quotations.iter().position(|q| q.open == Some(k)) {
        let quotation = &words.sentence.quotations[q];
        found.push(Found {
            span: trimmed_quotation(words, quotation),
            who: Who::SameAs(first),
            cue: cue.to_string(),
            kind: VoiceKind::Direct,
            anchor: k,
            attribution_start: k,
            quotation: Some(q),
            forward: false,
        });
    }
}

/// The token right before an attribution at `from`, if the text there can end a statement:
/// a comma, a dash or a closing quotation mark.
fn statement_edge(words: &Words<'_, '_>, from: usize) -> Option<usize> {
    let k = from.checked_sub(1)?;
    matches!(words.kind(k), Some(Kind::Comma | Kind::QuoteClose | Kind::Dash | Kind::Semicolon))
        .then_some(k)
}

fn no_comma_between(words: &Words<'_, '_>, a: usize, b: usize) -> bool {
    (a..b).all(|k| !matches!(words.kind(k), Some(Kind::Comma | Kind::Semicolon)))
}

/// "Mykola Savchuk, an adviser to the mayor, said": the name before the appositive(s).
fn appositive_subject(words: &Words<'_, '_>, comma: usize) -> Option<(usize, usize)> {
    let mut right = comma;
    for _ in 0..2 {
        // The comma opening the appositive.
        let left = (right.saturating_sub(14)..right)
            .rev()
            .find(|&k| words.kind(k) == Some(Kind::Comma))?;
        if (left + 1..right).any(|k| {
            matches!(words.kind(k), Some(Kind::QuoteOpen | Kind::QuoteClose | Kind::Terminal))
                || words.tok(k).quoted
        }) {
            return None;
        }
        let first = words.low(left + 1);
        let appositive = is_determiner(first)
            || (words.tok(left + 1).is_capitalised()
                && left >= 1
                && !words.tok(left - 1).is_capitalised())
            || words.tok(left + 1).starts_with_digit()
            || first.ends_with("ing")
            || matches!(
                first,
                "from"
                    | "of"
                    | "who"
                    | "which"
                    | "aged"
                    | "himself"
                    | "herself"
                    | "now"
                    | "formerly"
                    | "once"
                    | "then"
            )
            || is_role_word(first);
        if !appositive || left == 0 {
            return None;
        }
        if let Some((from, edge)) = words.phrase_left(left - 1)
            && matches!(edge, Edge::Start | Edge::Punctuation | Edge::Opener | Edge::QuoteClose)
            && (words.tok(left - 1).is_capitalised() || is_determiner(words.low(from)))
        {
            // "Another observer, Prof. Daniel Okafor of …, cautioned": the name is in the
            // appositive.
            if !words.tok(left - 1).is_capitalised()
                && words.tok(left + 1).is_capitalised()
                && let Some(end) = words.phrase_right(left + 1)
                && end == right
            {
                return Some((left + 1, right));
            }
            return Some((from, left));
        }
        right = left;
    }
    None
}

/// A plural subject for a base-form verb ("officials say", "Kiev and Moscow claim").
fn is_plural_phrase(words: &Words<'_, '_>, from: usize, to: usize) -> bool {
    if (from..to).any(|k| words.low(k) == "and") {
        return true;
    }
    let head = words.low(to - 1);
    head.ends_with('s')
        && !head.ends_with("ss")
        && !head.ends_with("us")
        && !head.ends_with("'s")
        && !head.ends_with("’s")
}

/// A statement running forward ends where the next attribution in the sentence starts.
fn cut_forward_statements(words: &Words<'_, '_>, found: &mut [Found]) {
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

/// Where the text starts after a wire dateline ("CITY, Country, May 5 (Agency) – …"): an
/// upper-case place name first, a dash soon after.
fn after_dateline(words: &Words<'_, '_>) -> usize {
    let first = words.tok(0);
    let shouting = first.kind == Kind::Word
        && first.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !first.text.chars().any(char::is_lowercase);
    if !shouting {
        return 0;
    }
    (0..words.len().min(16)).find(|&k| words.kind(k) == Some(Kind::Dash)).map_or(0, |k| k + 1)
}

/// "Canadians who monitored the election say …": the phrase before "who".
fn relative_clause_subject(words: &Words<'_, '_>, left: usize) -> Option<(usize, Edge)> {
    let who = (left.saturating_sub(12)..left)
        .rev()
        .find(|&k| matches!(words.low(k), "who" | "which") && words.kind(k) == Some(Kind::Word))?;
    if (who..left).any(|k| !matches!(words.kind(k), Some(Kind::Word))) || who == 0 {
        return None;
    }
    words.phrase_left(who - 1).filter(|(_, e)| !matches!(e, Edge::Other | Edge::With))
}
