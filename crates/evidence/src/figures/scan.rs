//! The figure finder proper: masks what is not a quantity (dates, years, times, ordinals,
//! identifiers, ratios), reads each number with its qualifier, unit and counted phrase, then
//! lets a bare number standing before a verb count what the number before it counts.

use super::counts::{self, Lead, Style};
use super::ellipsis;
use super::foreign;
use super::grammar::{
    is_fraction, is_reference_word, is_stop_word, is_time_word, looks_like_past_tense,
    takes_of_complement,
};
use super::lexicon::{
    QUALIFIERS_AFTER, QUALIFIERS_BEFORE, currency_symbol, currency_word, is_measure_unit,
    is_percent_word,
};
use super::numbers::{self, NumberRead};
use super::tokens::{Kind, Lower, Tok, is_capitalised, tokenize};
use super::{Figure, Qualifier, Unit};
use crate::Span;
use crate::dates::lexicon::plausible_year;

pub(crate) fn extract(sentence: &str) -> Vec<Figure> {
    let toks = tokenize(sentence);
    if !toks.iter().any(|t| t.is_digits() || t.is_word()) {
        return Vec::new();
    }
    let dates = crate::dates::find(sentence, &toks, None);
    let mut scanner =
        Scanner { sentence, toks: &toks, german: None, masked: Vec::new(), out: Vec::new() };
    scanner.masked = dates.iter().map(|d| d.span).collect();
    scanner.run();
    ellipsis::inherit(sentence, &toks, &mut scanner.out);
    scanner.out.into_iter().map(|f| f.figure).collect()
}

/// A figure with the token facts the later passes need.
pub(super) struct Found {
    pub figure: Figure,
    /// Token after the number (and its unit/qualifier), where an elliptical figure's verb is.
    pub after: usize,
    /// Token of the number's first word.
    pub first: usize,
    /// First token of the figure with its qualifier ("about" in "about 80"), for the word
    /// before it.
    pub start: usize,
}

struct Scanner<'a> {
    sentence: &'a str,
    toks: &'a [Tok],
    /// The sentence reads as German (capitalised nouns); found out at the first figure.
    german: Option<bool>,
    masked: Vec<Span>,
    out: Vec<Found>,
}

impl<'a> Scanner<'a> {
    fn lower(&self, i: usize) -> Lower {
        match self.toks.get(i) {
            Some(t) if t.is_word() => Lower::new(t.text(self.sentence)),
            _ => Lower::new(""),
        }
    }

    fn text(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.text(self.sentence))
    }

    fn is_punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_punct(c))
    }

    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.spaced)
    }

    fn is_masked(&self, i: usize) -> bool {
        let t = &self.toks[i];
        self.masked.iter().any(|m| m.overlaps(&Span::new(t.start, t.end)))
    }

    fn run(&mut self) {
        let mut i = 0;
        while i < self.toks.len() {
            i = match self.at(i) {
                Some(next) => next.max(i + 1),
                None => i + 1,
            };
        }
    }

    /// Reads a figure at token `i`; returns the token after what it consumed (also when it
    /// consumed something that is not a figure, such as a ratio or a time).
    fn at(&mut self, i: usize) -> Option<usize> {
        let tok = self.toks[i];
        if matches!(tok.kind, Kind::Punct(_)) || self.is_masked(i) {
            return None;
        }
        if tok.is_digits() {
            if let Some(skip) = self.not_a_quantity(i) {
                return Some(skip);
            }
        } else if !self.word_may_start_number(i) {
            return None;
        }
        let read = numbers::read(self.sentence, self.toks, i)?;
        if (read.first..=read.last).any(|k| self.is_masked(k)) {
            return None;
        }
        if let Some(skip) = self.ratio_or_range(&read) {
            return Some(skip);
        }
        self.figure(read)
    }

    fn word_may_start_number(&self, i: usize) -> bool {
        // "no one", "the one", "each one": pronouns.
        let w = self.lower(i);
        if w.as_str() == "one" {
            let before = self.lower(i.wrapping_sub(1));
            let pronoun = matches!(
                before.as_str(),
                "no" | "the" | "any" | "every" | "each" | "this" | "that" | "which"
            );
            return !pronoun;
        }
        true
    }

    /// Digit runs that are not quantities: parts of identifiers ("Su-25", "No. 5", "Article
    /// 5"), clock times, fractions, phone numbers and bare years. Returns where to go on.
    fn not_a_quantity(&self, i: usize) -> Option<usize> {
        let raw = self.text(i);
        let prev = i.checked_sub(1);
        if let Some(p) = prev
            && self.glued(i)
        {
            let glued_to_word = self.toks[p].is_word() || self.toks[p].is_digits();
            let glued_mark =
                ['-', '/', ':', '.', '#', '№', '+', '_', '‑'].iter().any(|&c| self.is_punct(p, c));
            if glued_to_word || glued_mark {
                return Some(i + 1);
            }
        }
        if prev.is_some_and(|p| self.is_punct(p, '#') || self.is_punct(p, '№')) {
            return Some(i + 1);
        }
        // "Article 5", "No. 5", "Resolution 2231".
        let reference_at = match prev {
            Some(p) if self.is_punct(p, '.') => p.checked_sub(1),
            other => other,
        };
        if let Some(r) = reference_at
            && self.toks[r].is_word()
            && is_capitalised(self.text(r))
            && is_reference_word(self.lower(r).as_str())
        {
            return Some(i + 1);
        }
        // "10:30", "3/4", "24/7", "+7 495 …", "123-45-67".
        if self.glued(i + 1) && (self.is_punct(i + 1, ':') || self.is_punct(i + 1, '/')) {
            return Some(self.skip_chain(i));
        }
        if self.glued(i + 1)
            && self.is_punct(i + 1, '-')
            && self.glued(i + 2)
            && self.toks.get(i + 2).is_some_and(Tok::is_digits)
        {
            // A two-part range is read by `ratio_or_range`; longer chains are identifiers.
            let longer = self.glued(i + 3) && self.is_punct(i + 3, '-');
            if longer {
                return Some(self.skip_chain(i));
            }
            return None;
        }
        if self.is_time(i + 1) {
            return Some(i + 2);
        }
        let plain = raw.bytes().all(|b| b.is_ascii_digit());
        if plain && raw.len() >= 8 {
            return Some(i + 1);
        }
        if plain && raw.len() == 4 && raw.parse().is_ok_and(plausible_year) && self.reads_as_year(i)
        {
            return Some(i + 1);
        }
        None
    }

    /// Skips a run of digits glued together by `:`, `/`, `-` or `.`.
    fn skip_chain(&self, i: usize) -> usize {
        let mut k = i + 1;
        while k + 1 < self.toks.len()
            && self.glued(k)
            && self.glued(k + 1)
            && [':', '/', '-', '.'].iter().any(|&c| self.is_punct(k, c))
            && self.toks[k + 1].is_digits()
        {
            k += 2;
        }
        k
    }

    fn is_time(&self, i: usize) -> bool {
        let w = self.lower(i);
        if is_time_word(w.as_str()) {
            return true;
        }
        // "5 p.m.", "10 a.m."
        matches!(w.as_str(), "a" | "p")
            && self.is_punct(i + 1, '.')
            && self.glued(i + 1)
            && self.lower(i + 2).as_str() == "m"
    }

    /// A plausible year with no noun after it ("in 2014", "2014 and 2015", "the 2014
    /// agreements") is a year; "1500 soldiers" is a count.
    fn reads_as_year(&self, i: usize) -> bool {
        if matches!(self.lower(i.wrapping_sub(1)).as_str(), "the" | "a" | "an")
            || self.text(i.wrapping_sub(1)).ends_with("'s")
        {
            return true;
        }
        let Some(next) = self.toks.get(i + 1) else { return true };
        if !next.is_word() {
            return !next.is_punct('%') && currency_symbol(next.kind_char()).is_none();
        }
        let w = self.lower(i + 1);
        let w = w.as_str();
        let unit = is_measure_unit(w) || is_percent_word(w) || currency_word(w).is_some();
        !unit
            && (is_capitalised(self.text(i + 1))
                || is_stop_word(w)
                || looks_like_past_tense(w)
                || w == "year")
    }

    /// "10 to one", "one in five", "3 out of 4", "10:1" are ratios: neither number is a
    /// figure. "10 to 15 people", "10-15 people" and "between 10 and 15 people" are ranges:
    /// one figure at least the lower bound. Returns the token after a ratio; `None` to go on.
    fn ratio_or_range(&mut self, read: &NumberRead) -> Option<usize> {
        if read.vague || read.compound_unit.is_some() {
            return None;
        }
        let after = read.last + 1;
        let (link_len, kind) = match (self.lower(after).as_str(), self.lower(after + 1).as_str()) {
            ("to", _) => (1, "to"),
            ("in", _) => (1, "in"),
            ("out", "of") => (2, "in"),
            _ if self.is_punct(after, ':') => (1, "in"),
            _ if self.is_punct(after, '-') && self.glued(after) && self.glued(after + 1) => {
                (1, "to")
            }
            _ if self.is_punct(after, '–') => (1, "to"),
            _ => return None,
        };
        let second_at = after + link_len;
        if self.toks.get(second_at).is_none_or(|t| !(t.is_digits() || t.is_word()))
            || self.is_masked(second_at)
        {
            return None;
        }
        let second = numbers::read(self.sentence, self.toks, second_at)?;
        if second.vague || second.compound_unit.is_some() {
            return None;
        }
        let from_before = self.lower(read.first.wrapping_sub(1)).as_str() == "from";
        if kind == "in" {
            return (second.value > read.value).then_some(second.last + 1);
        }
        if second.value <= read.value {
            // "10 to one": a ratio; "rose from 10 to 5" is left to be read as two figures.
            return (!from_before).then_some(second.last + 1);
        }
        if from_before {
            return None;
        }
        let range = NumberRead { last: second.last, ..read.clone() };
        self.figure_with(range, Some(Qualifier::AtLeast));
        Some(second.last + 1)
    }

    fn figure(&mut self, read: NumberRead) -> Option<usize> {
        // "between 10 and 15 people".
        if self.lower(read.first.wrapping_sub(1)).as_str() == "between"
            && !read.vague
            && self.lower(read.last + 1).as_str() == "and"
            && let Some(second) = numbers::read(self.sentence, self.toks, read.last + 2)
            && second.value > read.value
            && !second.vague
        {
            let last = second.last;
            let range = NumberRead { last, ..read };
            return self.figure_with(range, Some(Qualifier::AtLeast));
        }
        self.figure_with(read, None)
    }

    fn figure_with(&mut self, read: NumberRead, forced: Option<Qualifier>) -> Option<usize> {
        let s = self.sentence;
        let mut start_tok = read.first;
        let mut qualifier = if read.vague { Qualifier::Vague } else { Qualifier::Exact };
        if let Some((len, q)) = self.qualifier_before(read.first) {
            start_tok = read.first - len;
            if !read.vague {
                qualifier = q;
            }
        }
        if let Some(q) = forced {
            qualifier = q;
        }
        let mut unit = Unit::Count;
        let mut currency = None;
        // "$3.5 billion", "US$ 5", "€1.2bn", "USD 40".
        if let Some(p) = read.first.checked_sub(1) {
            if let Some(code) = currency_symbol(self.toks[p].kind_char()) {
                unit = Unit::Money;
                currency = Some(code);
                start_tok = start_tok.min(p);
                if p > 0 && self.glued(p) && matches!(self.text(p - 1), "US" | "A" | "C") {
                    start_tok = start_tok.min(p - 1);
                }
            } else if self.toks[p].is_word()
                && self.text(p).len() == 3
                && self.text(p).bytes().all(|b| b.is_ascii_uppercase())
                && let Some(code) = currency_word(self.lower(p).as_str())
            {
                unit = Unit::Money;
                currency = Some(code);
                start_tok = start_tok.min(p);
            }
        }
        let mut k = read.last + 1;
        let mut counts: Option<String> = None;
        let german =
            *self.german.get_or_insert_with(|| foreign::reads_as_german(self.sentence, self.toks));
        let style = Style { singular_ok: read.bare_one || read.value == 1.0, german };
        let mut counts_last = None;
        if let Some(unit_word) = &read.compound_unit {
            unit = Unit::Measure;
            counts = Some(unit_word.clone());
        } else if unit == Unit::Count {
            let w = self.lower(k);
            let w = w.as_str();
            if self.is_punct(k, '%') || is_percent_word(w) {
                unit = Unit::Percent;
                k += 1;
            } else if w == "per" && self.lower(k + 1).as_str() == "cent" {
                unit = Unit::Percent;
                k += 2;
            } else if let Some(code) = currency_word(w).or_else(|| {
                (w == "us" && currency_word(self.lower(k + 1).as_str()) == Some("USD"))
                    .then_some("USD")
            }) {
                unit = Unit::Money;
                currency = Some(code);
                k += if w == "us" { 2 } else { 1 };
            } else if is_fraction_of_currency(w) {
                // "78 cents on the dollar": money, in the currency named after it if any.
                unit = Unit::Money;
                let named = self.lower(k + 3);
                let on_the =
                    self.lower(k + 1).as_str() == "on" && self.lower(k + 2).as_str() == "the";
                currency = if on_the { currency_word(named.as_str()) } else { None };
                k += 1;
            } else if (w == "pounds" || w == "pound") && self.lower(k + 1).as_str() == "sterling" {
                unit = Unit::Money;
                currency = Some("GBP");
                k += 2;
            } else if is_measure_unit(w) && !(w == "m" && self.glued(k)) {
                unit = Unit::Measure;
                if takes_of_complement(w) {
                    if let Some(c) = counts::read(s, self.toks, k, Lead::Direct, style) {
                        counts_last = Some(c.last);
                        counts = Some(c.text);
                    }
                } else {
                    counts = Some(w.to_string());
                    counts_last = Some(k);
                }
                k += 1;
            }
        }
        // "50 or more", "200 or so", "50-plus", "50+".
        if let Some((len, q)) = self.qualifier_after(k) {
            if qualifier == Qualifier::Exact {
                qualifier = q;
            }
            k += len;
        }
        // Money counts nothing: what it pays for ("$3.5 billion in military aid") is not a
        // thing counted, and its currency already says what it is.
        if counts.is_none() && unit != Unit::Money {
            let lead = if unit == Unit::Percent { Lead::OfOnly } else { Lead::Direct };
            let style = Style { singular_ok: style.singular_ok || unit == Unit::Percent, ..style };
            if let Some(c) = counts::read(s, self.toks, k, lead, style) {
                counts_last = Some(c.last);
                counts = Some(c.text);
            }
        }
        // "one of the providers" is a pronoun; "two thirds" a fraction.
        let one_of = read.bare_one && self.lower(read.last + 1).as_str() == "of";
        let article_one = read.bare_one && !self.one_is_counted(read.first, counts_last);
        if read.bare_one && counts.is_none()
            || one_of
            || article_one
            || counts.as_deref().is_some_and(is_fraction)
        {
            return None;
        }
        let number_text = self.number_text(&read);
        let end_tok = counts_last.unwrap_or(read.last).max(k.saturating_sub(1)).max(read.last);
        let span =
            Span::new(self.toks[start_tok].start, self.toks[end_tok.min(self.toks.len() - 1)].end);
        self.out.push(Found {
            figure: Figure {
                span,
                number_text,
                value: read.value,
                qualifier,
                unit,
                currency: currency.map(str::to_string),
                counts,
            },
            after: k,
            first: read.first,
            start: start_tok,
        });
        Some(counts_last.map_or(k, |c| c + 1).max(read.last + 1))
    }

    /// "one" before a noun is mostly an article ("One man said", "one senior diplomat
    /// said", "at one point"); it counts when the sentence weighs it: "only one soldier",
    /// "killed one civilian", "one soldier was wounded", "two soldiers and one civilian".
    fn one_is_counted(&self, first: usize, counts_last: Option<usize>) -> bool {
        let before = self.lower(first.wrapping_sub(1));
        let before = before.as_str();
        let weighed = matches!(before, "only" | "just" | "and" | "or" | "killed" | "wounded")
            || looks_like_past_tense(before)
            || self.qualifier_before(first).is_some();
        let after = counts_last.map_or(Lower::new(""), |c| self.lower(c + 1));
        let outcome = matches!(
            after.as_str(),
            "was" | "is" | "has" | "had" | "died" | "remains" | "remained" | "and" | "or"
        );
        weighed || outcome
    }

    /// The number as written; for a measure adjective only its number ("nine" of "nine-day").
    fn number_text(&self, read: &NumberRead) -> String {
        let s = self.sentence;
        let from = self.toks[read.first].byte_start;
        let mut to = self.toks[read.last].byte_end;
        if let Some(unit) = &read.compound_unit {
            if self.toks[read.first].is_word() {
                // The number ends at the hyphen before the unit's parts ("twenty-five|-year-old").
                let text = self.text(read.first);
                let unit_parts = unit.split(' ').count();
                let hyphens = text.char_indices().filter(|&(_, c)| c == '-' || c == '\u{2011}');
                to = from + hyphens.map(|(b, _)| b).rev().nth(unit_parts - 1).unwrap_or(text.len());
            } else {
                to = self.toks[read.first].byte_end;
            }
        }
        s[from..to].to_string()
    }

    /// The longest qualifier ending right before token `first`: (its length, its meaning).
    fn qualifier_before(&self, first: usize) -> Option<(usize, Qualifier)> {
        let before = first.checked_sub(1)?;
        if !self.toks[before].is_word() || self.is_masked(before) {
            return None;
        }
        let last_word = self.lower(before);
        QUALIFIERS_BEFORE
            .iter()
            .filter(|(words, _)| {
                words.last() == Some(&last_word.as_str())
                    && first >= words.len()
                    && words[..words.len() - 1].iter().enumerate().all(|(n, w)| {
                        let at = first - words.len() + n;
                        self.toks[at].is_word() && self.lower(at).as_str() == *w
                    })
            })
            .max_by_key(|(words, _)| words.len())
            .map(|(words, q)| (words.len(), *q))
    }

    fn qualifier_after(&self, k: usize) -> Option<(usize, Qualifier)> {
        if self.is_punct(k, '+') && self.glued(k) {
            return Some((1, Qualifier::AtLeast));
        }
        if self.is_punct(k, '-') && self.glued(k) && self.lower(k + 1).as_str() == "plus" {
            return Some((2, Qualifier::AtLeast));
        }
        QUALIFIERS_AFTER
            .iter()
            .find(|(words, _)| {
                words.iter().enumerate().all(|(n, w)| self.lower(k + n).as_str() == *w)
            })
            .map(|(words, q)| (words.len(), *q))
    }
}

/// Hundredths of a currency, written after the number: "78 cents", "50 pence".
fn is_fraction_of_currency(w: &str) -> bool {
    matches!(w, "cent" | "cents" | "pence" | "penny" | "kopecks" | "kopeks" | "centimes")
}

trait KindChar {
    fn kind_char(&self) -> char;
}

impl KindChar for Tok {
    /// The character of a punctuation token; NUL for words and digits.
    fn kind_char(&self) -> char {
        match self.kind {
            Kind::Punct(c) => c,
            _ => '\0',
        }
    }
}
