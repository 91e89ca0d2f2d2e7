//! Attributions within one sentence: which speech cue, which speaker phrase (or pronoun),
//! and which stretch is the statement. Resolving speakers across the article is left to
//! `speakers`.

use super::VoiceKind;
use super::lexicon::*;
use super::phrases::{Edge, Words};
use super::tokens::Kind;
use crate::Span;

mod nested;
mod statement;
use nested::drop_nested_reports;
use statement::*;

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

/// Most tokens in an appositive ("a Pune-based vaccine maker that has signed …").
const MAX_APPOSITIVE_TOKENS: usize = 30;
/// Fewest words before a comma for the text there to be a statement ("Two others had died
/// …, they said"), not a lead-in ("On Monday, …").
const MIN_STATEMENT_WORDS: usize = 3;

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
    drop_nested_reports(words, &mut found);
    cut_forward_statements(words, &mut found);
    found
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
    // "has added to the pressure": adding to something is not saying it.
    if words.low(at).starts_with("add") && words.low(cue_end) == "to" {
        return;
    }
    // "the two sides argued over the name": a quarrel, not a claim ("argued that …" is).
    if words.low(at).starts_with("argu") && matches!(words.low(cue_end), "over" | "about" | "with")
    {
        return;
    }
    // "Industry estimates suggest …": a plural noun before a verb, not a verb itself.
    if words.low(at).ends_with('s')
        && speech_verb(words.low(cue_end)).is_some_and(|v| v.form == Form::Base)
    {
        return;
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
    // "has not said how many", "would never confirm", "didn't say": a refusal, no statement.
    if (left..at).any(|k| matches!(words.low(k), "not" | "never") || words.low(k).ends_with("n't"))
    {
        return;
    }
    // The non-English verbs are known only in the pattern ", said X" after a quotation: their
    // subjects before the verb are not read.
    if verb.inversion_only && !matches!(words.kind(left), Some(Kind::Comma | Kind::QuoteClose)) {
        return;
    }

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
    } else if let Some((from, edge, to)) = words
        .phrase_left(left)
        .filter(|(_, e)| *e != Edge::Other && *e != Edge::With)
        .map(|(from, edge)| (from, edge, left + 1))
        .or_else(|| relative_clause_subject(words, left))
    {
        if verb.form == Form::Base && !is_plural_phrase(words, from, to) {
            return;
        }
        who = Some(Who::Phrase { from, to });
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
            // Inversion: "…," said the ministry / said Dr. Helen Tran / says Minister. Only
            // when nothing but adverbials follows: in "…, said the evacuees had …" the
            // phrase after the verb is the statement's subject, not the speaker.
            let start = cue_end;
            let (phrase, end) = if let Some(p) = pronoun(words.low(start))
                .filter(|p| *p != Pronoun::Deictic && words.kind(start) == Some(Kind::Word))
            {
                (Some(Who::Pronoun(p, start)), start + 1)
            } else if let Some(end) = words.phrase_right(start) {
                (Some(Who::Phrase { from: start, to: end }), end)
            } else {
                (None, start)
            };
            if phrase.is_some() && nothing_to_report(words, end, false) {
                who = phrase;
                cue_end = end;
                subject_from = at;
                statement_before = statement_edge(words, at);
            }
        }
    }
    let Some(who) = who else { return };

    // Trailing attribution: the statement is before it.
    if let Some(edge_tok) = statement_before
        && nothing_to_report(words, cue_end, verb.takes_object)
    {
        // A quotation that is the whole statement; a partial one ("would hold an inquiry
        // "once everyone is safe", she said") leaves the clause reported.
        let whole_quotation = quotation_closing_before(words, edge_tok).filter(|&q| {
            words.sentence.quotations[q]
                .open
                .is_none_or(|o| words_before(words, o) < MIN_STATEMENT_WORDS)
        });
        if let Some(q) = whole_quotation {
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
    if verb.cognition && !after_that && !claim_follows(words, cue_end) {
        return;
    }
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

/// After a verb of belief without "that": whether a clause follows ("believe hundreds remain",
/// "fear some will be taken") rather than an object ("fear reprisals") or a preposition
/// ("believe in", "fear for").
fn claim_follows(words: &Words<'_, '_>, after: usize) -> bool {
    if words.kind(after) != Some(Kind::Word)
        || is_function_word(words.low(after))
        || words.tok(after).quoted
    {
        return false;
    }
    (after + 1..words.len().min(after + 9))
        .take_while(|&k| words.kind(k) == Some(Kind::Word))
        .any(|k| is_clause_verb(words.low(k)))
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

/// "Mykola Savchuk, an adviser to the mayor, said": the name before the appositive(s).
fn appositive_subject(words: &Words<'_, '_>, comma: usize) -> Option<(usize, usize)> {
    let mut right = comma;
    for _ in 0..2 {
        // The comma opening the appositive.
        let left = (right.saturating_sub(MAX_APPOSITIVE_TOKENS)..right)
            .rev()
            .find(|&k| words.kind(k) == Some(Kind::Comma))?;
        if (left + 1..right).any(|k| {
            matches!(words.kind(k), Some(Kind::QuoteOpen | Kind::QuoteClose | Kind::Terminal))
                || words.tok(k).quoted
        }) {
            return None;
        }
        let first = words.low(left + 1);
        // "An ICRC spokesperson in Geneva, Ewan Whitlock, said": a name alone between the
        // commas is the speaker.
        if right == comma
            && right - left > 2
            && (left + 1..right).all(|k| words.tok(k).is_capitalised())
            && words.phrase_right(left + 1) == Some(right)
        {
            return Some((left + 1, right));
        }
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
    // The head comes before a prepositional phrase: "officials in Kyiv say".
    let head_end = (from + 1..to)
        .find(|&k| is_inner_preposition(words.low(k)) && words.kind(k) == Some(Kind::Word))
        .unwrap_or(to);
    let head = words.low(head_end - 1);
    head.ends_with('s')
        && !head.ends_with("ss")
        && !head.ends_with("us")
        && !head.ends_with("'s")
        && !head.ends_with("’s")
}

/// "Canadians who monitored the election say …": the phrase before "who", and where it
/// ends (the relative clause is not part of the speaker's name).
fn relative_clause_subject(words: &Words<'_, '_>, left: usize) -> Option<(usize, Edge, usize)> {
    let who = (left.saturating_sub(12)..left)
        .rev()
        .find(|&k| matches!(words.low(k), "who" | "which") && words.kind(k) == Some(Kind::Word))?;
    if (who..left).any(|k| !matches!(words.kind(k), Some(Kind::Word))) || who == 0 {
        return None;
    }
    words
        .phrase_left(who - 1)
        .filter(|(_, e)| !matches!(e, Edge::Other | Edge::With))
        .map(|(from, edge)| (from, edge, who))
}
