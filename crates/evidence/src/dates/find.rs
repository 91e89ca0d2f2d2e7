//! The date finder: one left-to-right pass over the tokens, trying at each token the
//! patterns that can start there.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::lexicon::{
    MonthName, is_date_cue, is_part_of_month, is_year_word_after, month, plausible_year,
    relative_day, weekday,
};
use super::{DateMention, Granularity};
use crate::Span;
use crate::figures::grammar::looks_plural;
use crate::figures::lexicon::{NumberWord, number_word};
use crate::figures::tokens::{Kind, Lower, Tok, is_capitalised};

/// How far past publication an undated "April 30" or "in June" may point: announcements of
/// the coming days. Beyond that it means last year's.
const DAYS_AHEAD: u64 = 7;

struct Finder<'a> {
    sentence: &'a str,
    toks: &'a [Tok],
    published: Option<NaiveDate>,
    out: Vec<DateMention>,
}

pub(crate) fn find(sentence: &str, toks: &[Tok], published: Option<NaiveDate>) -> Vec<DateMention> {
    let mut finder = Finder { sentence, toks, published, out: Vec::new() };
    let mut i = 0;
    while i < toks.len() {
        i = finder.at(i).map_or(i + 1, |next| next.max(i + 1));
    }
    finder.out
}

impl<'a> Finder<'a> {
    fn text(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| t.text(self.sentence))
    }

    fn lower(&self, i: usize) -> Lower {
        match self.toks.get(i) {
            Some(t) if t.is_word() => Lower::new(t.text(self.sentence)),
            _ => Lower::new(""),
        }
    }

    fn is_punct(&self, i: usize, c: char) -> bool {
        self.toks.get(i).is_some_and(|t| t.is_punct(c))
    }

    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.spaced)
    }

    /// A plain digit run of `min..=max` digits, as a number.
    fn int(&self, i: usize, min: usize, max: usize) -> Option<u32> {
        let t = self.toks.get(i)?;
        let text = t.text(self.sentence);
        let plain = t.kind == Kind::Digits && text.bytes().all(|b| b.is_ascii_digit());
        (plain && (min..=max).contains(&text.len())).then(|| text.parse().ok()).flatten()
    }

    fn year_at(&self, i: usize) -> Option<i32> {
        let year = self.int(i, 4, 4)?;
        let glued_on =
            self.toks.get(i + 1).is_some_and(|t| !t.spaced && !t.is_punct(',') && !t.is_punct('.'));
        (plausible_year(year) && !glued_on).then_some(year as i32)
    }

    /// A month name at token `i` that may be read as one here.
    fn month_at(&self, i: usize) -> Option<MonthName> {
        let t = self.toks.get(i)?;
        if !t.is_word() {
            return None;
        }
        let name = month(self.lower(i).as_str())?;
        if name.english && !is_capitalised(t.text(self.sentence)) {
            return None;
        }
        Some(name)
    }

    fn push(
        &mut self,
        first: usize,
        last: usize,
        ymd: (Option<i32>, Option<u32>, Option<u32>),
        date: Option<NaiveDate>,
        granularity: Granularity,
    ) {
        let (year, month, day) = ymd;
        let span = Span::new(self.toks[first].start, self.toks[last].end);
        self.out.push(DateMention { span, year, month, day, date, granularity });
    }

    /// Tries every pattern at token `i`; returns the token after the mention found.
    fn at(&mut self, i: usize) -> Option<usize> {
        match self.toks[i].kind {
            Kind::Digits => self
                .numeric(i)
                .or_else(|| self.day_first(i))
                .or_else(|| self.bare_year(i))
                .or_else(|| self.ago(i)),
            Kind::Word if !self.may_start_date(i) => None,
            Kind::Word => self
                .weekday(i)
                .or_else(|| self.month_first(i, i))
                .or_else(|| self.relative(i))
                .or_else(|| self.ago(i)),
            Kind::Punct(_) => None,
        }
    }

    /// Whether a date can start at word `i`: a weekday, a month (or "mid-…"), a relative
    /// word or a small number ("three days ago"). Decided on one lower-cased copy, so most
    /// words cost one lookup.
    fn may_start_date(&self, i: usize) -> bool {
        let word = self.lower(i);
        let w = word.as_str();
        weekday(w).is_some()
            || month(w).is_some()
            || w.starts_with("mid")
            || number_word(w).is_some()
            || relative_day(w).is_some()
            || matches!(w, "last" | "this")
    }

    /// "2022-05-01", "30.04.2022", "5/13/2022" (slashes only when only one reading is a date).
    fn numeric(&mut self, i: usize) -> Option<usize> {
        let text = self.text(i);
        if text.bytes().filter(|&b| b == b'.').count() == 2 && !text.contains(',') {
            let mut parts = text.split('.');
            let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
            if d.len() > 2 || m.len() > 2 || y.len() != 4 {
                return None;
            }
            let (d, m, y) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
            let date = NaiveDate::from_ymd_opt(y, m, d)?;
            self.push(i, i, (Some(y), Some(m), Some(d)), Some(date), Granularity::Day);
            return Some(i + 1);
        }
        let sep = match self.toks.get(i + 1) {
            Some(t) if t.is_punct('-') || t.is_punct('/') => t.kind,
            _ => return None,
        };
        let chained = (1..=4).all(|k| self.glued(i + k))
            && self.toks.get(i + 3).is_some_and(|t| t.kind == sep);
        if !chained || self.glued(i + 5) && !self.is_punct(i + 5, '.') && !self.is_punct(i + 5, ',')
        {
            return None;
        }
        let (y, m, d) = if sep == Kind::Punct('-') {
            let y = self.int(i, 4, 4)? as i32;
            (y, self.int(i + 2, 1, 2)?, self.int(i + 4, 1, 2)?)
        } else {
            let (a, b) = (self.int(i, 1, 2)?, self.int(i + 2, 1, 2)?);
            let y = self.int(i + 4, 4, 4)? as i32;
            match (a > 12, b > 12) {
                (true, false) => (y, b, a),
                (false, true) => (y, a, b),
                (false, false) if a == b => (y, a, b),
                _ => return None,
            }
        };
        let date = NaiveDate::from_ymd_opt(y, m, d)?;
        self.push(i, i + 4, (Some(y), Some(m), Some(d)), Some(date), Granularity::Day);
        Some(i + 5)
    }

    /// "30 April", "24th of February 2022", "30. April", "1er mai", "30 de abril de 2022",
    /// "30 апреля 2022 года".
    fn day_first(&mut self, i: usize) -> Option<usize> {
        let day = self.int(i, 1, 2).filter(|d| (1..=31).contains(d))?;
        let mut k = i + 1;
        if self.glued(k) && self.toks.get(k).is_some_and(Tok::is_word) {
            let suffix = self.lower(k);
            if !matches!(suffix.as_str(), "st" | "nd" | "rd" | "th" | "er" | "e" | "-го" | "го")
            {
                return None;
            }
            k += 1;
        }
        if self.is_punct(k, '.') && self.glued(k) {
            k += 1;
        }
        if matches!(self.lower(k).as_str(), "of" | "de") {
            k += 1;
        }
        let name = self.month_at(k)?;
        let month_tok = k;
        k += 1;
        if name.abbreviation && self.is_punct(k, '.') && self.glued(k) {
            k += 1;
        }
        self.finish_day(i, month_tok, k, name.month, day)
    }

    /// After "30 April" or "April 30": an optional year, then the mention.
    fn finish_day(
        &mut self,
        first: usize,
        mut last: usize,
        after: usize,
        month: u32,
        day: u32,
    ) -> Option<usize> {
        let mut k = after;
        let mut year = None;
        let mut probe = k;
        if self.is_punct(probe, ',') {
            probe += 1;
        }
        if self.lower(probe).as_str() == "de" {
            probe += 1;
        }
        if let Some(y) = self.year_at(probe) {
            year = Some(y);
            last = last.max(probe);
            k = probe + 1;
            if is_year_word_after(self.lower(k).as_str()) {
                last = k;
                k += 1;
                if self.is_punct(k, '.') && self.glued(k) {
                    last = k;
                    k += 1;
                }
            }
        }
        let date = match year {
            Some(y) => Some(NaiveDate::from_ymd_opt(y, month, day)?),
            None => {
                // "April 31" is no date; "February 29" may be one in an earlier year.
                NaiveDate::from_ymd_opt(2000, month, day)?;
                self.published.and_then(|p| resolve_day(p, month, day))
            }
        };
        self.push(first, last, (year, Some(month), Some(day)), date, Granularity::Day);
        Some(k)
    }

    /// "April 30", "February 24, 2022", "May 2022", "in late February", "mid-March".
    /// `first` is where the mention starts (a weekday before it, or the month itself).
    fn month_first(&mut self, first: usize, i: usize) -> Option<usize> {
        let word = self.lower(i);
        // "mid-March" is one token.
        if let Some(rest) =
            word.as_str().strip_prefix("mid-").or_else(|| word.as_str().strip_prefix("mid‑"))
        {
            let name = month(rest)?;
            return Some(self.month_only(first, i, i + 1, name.month));
        }
        let name = self.month_at(i)?;
        let mut k = i + 1;
        if name.abbreviation && self.is_punct(k, '.') && self.glued(k) {
            k += 1;
        }
        if let Some(day) = self.int(k, 1, 2).filter(|d| (1..=31).contains(d)) {
            let mut after = k + 1;
            if self.glued(after) && matches!(self.lower(after).as_str(), "st" | "nd" | "rd" | "th")
            {
                after += 1;
            }
            // "In March 25 soldiers died": the number counts soldiers.
            let counted = self.toks.get(after).is_some_and(|t| t.is_word())
                && !is_capitalised(self.text(after))
                && looks_plural(self.lower(after).as_str());
            if !counted {
                return self.finish_day(first, after - 1, after, name.month, day);
            }
        }
        let mut probe = k;
        if self.is_punct(probe, ',') || self.lower(probe).as_str() == "de" {
            probe += 1;
        }
        if let Some(year) = self.year_at(probe) {
            let start = self.month_modifier_before(i).unwrap_or(i);
            let date = NaiveDate::from_ymd_opt(year, name.month, 1);
            self.push(
                start.min(first),
                probe,
                (Some(year), Some(name.month), None),
                date,
                Granularity::Month,
            );
            return Some(probe + 1);
        }
        if name.abbreviation {
            return None;
        }
        let modifier = self.month_modifier_before(i);
        let cue_at = modifier.unwrap_or(i).checked_sub(1);
        let cued = cue_at.is_some_and(|c| is_date_cue(self.lower(c).as_str()))
            || self.lower(i.wrapping_sub(1)).as_str() == "the"
                && cue_at.is_some_and(|c| self.lower(c.wrapping_sub(1)).as_str() == "of");
        if name.weak && !cued && modifier.is_none() {
            return None;
        }
        Some(self.month_only(modifier.unwrap_or(i).min(first), i, k, name.month))
    }

    /// "late" in "late February", or "the end of" is left out: only the modifiers kept.
    fn month_modifier_before(&self, i: usize) -> Option<usize> {
        let before = i.checked_sub(1)?;
        is_part_of_month(self.lower(before).as_str()).then_some(before)
    }

    fn month_only(&mut self, first: usize, last: usize, next: usize, month: u32) -> usize {
        let date = self.published.and_then(|p| resolve_month(p, month));
        self.push(first, last, (None, Some(month), None), date, Granularity::Month);
        next
    }

    /// "in 2014", "since 2014", "в 2014 году", "from 2014 to 2016".
    fn bare_year(&mut self, i: usize) -> Option<usize> {
        let year = self.year_at(i)?;
        let prev = self.lower(i.wrapping_sub(1));
        let after_range_word = matches!(prev.as_str(), "to" | "and" | "or" | "-" | "–")
            || self.is_punct(i.wrapping_sub(1), '-')
            || self.is_punct(i.wrapping_sub(1), '–');
        let continues_range = after_range_word
            && self.out.last().is_some_and(|m| {
                m.granularity == Granularity::Year && i >= 2 && m.span.end == self.toks[i - 2].end
            });
        let mut last = i;
        let word_after = is_year_word_after(self.lower(i + 1).as_str());
        if word_after {
            last = i + 1;
        }
        if !(is_date_cue(prev.as_str()) || continues_range || word_after) {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(year, 1, 1);
        self.push(i, last, (Some(year), None, None), date, Granularity::Year);
        Some(last + 1)
    }

    /// "on Saturday", "last Saturday", "Saturday, April 30".
    fn weekday(&mut self, i: usize) -> Option<usize> {
        let (day, english) = weekday(self.lower(i).as_str())?;
        if english && !is_capitalised(self.text(i)) {
            return None;
        }
        let mut month_at = i + 1;
        if self.is_punct(month_at, ',') {
            month_at += 1;
        }
        let before = self.out.len();
        if self.month_at(month_at).is_some()
            && let Some(next) = self.month_first(i, month_at)
        {
            if self.out.len() > before && self.out[before].granularity == Granularity::Day {
                return Some(next);
            }
            self.out.truncate(before);
        }
        let modifier = self.lower(i.wrapping_sub(1));
        let (first, date) = match modifier.as_str() {
            "last" | "past" => (i - 1, self.published.and_then(|p| weekday_before(p, day))),
            "next" | "coming" => (i - 1, self.published.and_then(|p| weekday_after(p, day))),
            _ => (i, self.published.and_then(|p| weekday_on_or_before(p, day))),
        };
        self.push(first, i, (None, None, None), date, Granularity::Day);
        Some(i + 1)
    }

    /// "yesterday", "today", "last night", "last month", "this year". "last week" is not a
    /// date here: there is no week granularity, and a day or a month would be wrong.
    fn relative(&mut self, i: usize) -> Option<usize> {
        let word = self.lower(i);
        if matches!(word.as_str(), "last" | "this") {
            return self.relative_period(i);
        }
        let days = relative_day(word.as_str())?;
        let date = self.published.and_then(|p| p.checked_add_signed(chrono::TimeDelta::days(days)));
        self.push(i, i, (None, None, None), date, Granularity::Day);
        Some(i + 1)
    }

    fn relative_period(&mut self, i: usize) -> Option<usize> {
        let this = self.lower(i).as_str() == "this";
        let p = self.published;
        let (date, granularity) = match self.lower(i + 1).as_str() {
            "night" if !this => (p.and_then(|p| p.pred_opt()), Granularity::Day),
            "morning" | "afternoon" | "evening" if this => (p, Granularity::Day),
            "month" => {
                let first = p.and_then(|p| p.with_day(1));
                let date = if this {
                    first
                } else {
                    first.and_then(|f| f.checked_sub_months(Months::new(1)))
                };
                (date, Granularity::Month)
            }
            "year" => {
                let year = p.map(|p| if this { p.year() } else { p.year() - 1 });
                (year.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1)), Granularity::Year)
            }
            _ => return None,
        };
        self.push(i, i + 1, (None, None, None), date, granularity);
        Some(i + 2)
    }

    /// "three days ago", "2 years ago".
    fn ago(&mut self, i: usize) -> Option<usize> {
        let count = match self.int(i, 1, 3) {
            Some(n) => n,
            None => match number_word(self.lower(i).as_str())? {
                NumberWord::Unit(n) | NumberWord::Teen(n) | NumberWord::Ten(n) => n,
                _ => return None,
            },
        };
        if self.lower(i + 2).as_str() != "ago" {
            return None;
        }
        let p = self.published;
        let (date, granularity) = match self.lower(i + 1).as_str() {
            "day" | "days" => {
                (p.and_then(|p| p.checked_sub_days(Days::new(count.into()))), Granularity::Day)
            }
            "month" | "months" => (
                p.and_then(|p| p.with_day(1)?.checked_sub_months(Months::new(count))),
                Granularity::Month,
            ),
            "year" | "years" => (
                p.and_then(|p| NaiveDate::from_ymd_opt(p.year() - count as i32, 1, 1)),
                Granularity::Year,
            ),
            _ => return None,
        };
        self.push(i, i + 2, (None, None, None), date, granularity);
        Some(i + 3)
    }
}

/// The most recent `month`/`day` not later than a few days after publication; "February 29"
/// goes back to the last leap year.
pub(crate) fn resolve_day(published: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let limit = published.checked_add_days(Days::new(DAYS_AHEAD))?;
    (0..9).find_map(|back| {
        NaiveDate::from_ymd_opt(published.year() - back, month, day).filter(|d| *d <= limit)
    })
}

/// The first day of the most recent `month` that starts no later than a few days after
/// publication.
pub(crate) fn resolve_month(published: NaiveDate, month: u32) -> Option<NaiveDate> {
    let limit = published.checked_add_days(Days::new(DAYS_AHEAD))?;
    (0..2).find_map(|back| {
        NaiveDate::from_ymd_opt(published.year() - back, month, 1).filter(|d| *d <= limit)
    })
}

/// "on Saturday": the latest Saturday on or before publication. The day of publication
/// counts, because reports say "on Sunday" of the Sunday they are published.
pub(crate) fn weekday_on_or_before(published: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    let back = (published.weekday().num_days_from_monday() + 7 - day.num_days_from_monday()) % 7;
    published.checked_sub_days(Days::new(back.into()))
}

/// "last Saturday": strictly before publication.
fn weekday_before(published: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    let back =
        (published.weekday().num_days_from_monday() + 6 - day.num_days_from_monday()) % 7 + 1;
    published.checked_sub_days(Days::new(back.into()))
}

/// "next Saturday": strictly after publication.
fn weekday_after(published: NaiveDate, day: Weekday) -> Option<NaiveDate> {
    let ahead =
        (day.num_days_from_monday() + 6 - published.weekday().num_days_from_monday()) % 7 + 1;
    published.checked_add_days(Days::new(ahead.into()))
}
