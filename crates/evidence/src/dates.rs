//! Dates mentioned in running text.
//!
//! What is found (English month and weekday names must be capitalised; German, French,
//! Spanish, Russian and Ukrainian month names are known too):
//!
//! - a day: "April 30", "30 April", "April 30th", "24th of February", "February 24, 2022",
//!   "Saturday, April 30", "30. April 2022", "1er mai", "30 de abril de 2022",
//!   "30 апреля 2022 года", ISO "2022-05-01", dotted "30.04.2022", slashed "5/13/2022" only
//!   when one reading alone is a date (both numbers ≤ 12 and different: left out);
//! - a weekday: "on Saturday" (the latest Saturday on or before publication: the day of
//!   publication counts, since reports say "on Sunday" of the Sunday they appear),
//!   "last Saturday" (strictly before), "next Saturday" (strictly after);
//! - relative days: "yesterday", "today", "tonight", "tomorrow", "last night", "three days
//!   ago" (and "gestern", "вчера", "вчора", …);
//! - a month: "in late February" (span "late February"), "mid-March", "May 2022", "in
//!   February", "last month", "this month", "two months ago"; weak names ("May", "March",
//!   "April", "June", "August", "mars", "лютого") only next to a day or a year or after a
//!   word like "in"/"since"/"of";
//! - a year: "in 2014", "since 2014", "from 2014 to 2016", "в 2014 году", "last year".
//!
//! Not reported: "last week" / "this week" (there is no week granularity, and a day or a
//! month would misstate it), clock times, bare four-digit numbers without a cue ("2014
//! agreements" is left to the reader).
//!
//! For month and year mentions, `date` is the first day of the month or year.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Span;

mod find;
pub(crate) mod lexicon;
#[cfg(test)]
mod tests;

pub(crate) use find::find;

/// How precisely a date mention pins down a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// One day ("April 30", "24 February 2022", "on Saturday", "yesterday").
    Day,
    /// A month ("in late February", "March 2022").
    Month,
    /// A year ("in 2014").
    Year,
}

/// One date mention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    /// Where it is written.
    pub span: Span,
    /// The year as written ("2014"), if written.
    pub year: Option<i32>,
    /// The month as written (1–12), if written.
    pub month: Option<u32>,
    /// The day of the month as written, if written.
    pub day: Option<u32>,
    /// The first day it can mean, resolved against the publication date when the text
    /// leaves out the year or speaks relatively ("on Saturday"); `None` when it cannot be
    /// resolved (no publication date and no year).
    pub date: Option<NaiveDate>,
    /// How precise it is.
    pub granularity: Granularity,
}

/// Finds the dates of one sentence. `published` resolves "April 30" (the most recent
/// April 30 not after publication, allowing seven days ahead for announcements),
/// "on Saturday" (the latest Saturday on or before publication: the day of publication
/// counts) and "yesterday".
pub fn extract(sentence: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    let toks = crate::figures::tokens::tokenize(sentence);
    find(sentence, &toks, published)
}
