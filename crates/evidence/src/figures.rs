//! Quantities and what they count.
//!
//! [`extract`] reads one sentence; [`sums`] checks the totals an article states against
//! their parts. Decisions the comparison relies on:
//!
//! - **What is not a figure**: dates ("April 30", "24 February", "in 2014", found by
//!   [`crate::dates`]), bare years ("2014 and 2015", "the 2014 agreements"), clock times,
//!   ordinals ("36th", "third"), identifiers ("Su-25", "MH17", "Article 5", "No. 5"),
//!   fractions and slashed numbers, long digit runs (phone numbers), "N times", pronoun
//!   "one" ("no one", "one of them") and fractions written out ("two-thirds").
//! - **Ratios are skipped**: "10 to one", "one in five", "3 out of 4", "10:1" give no figure
//!   (neither number counts anything by itself).
//! - **Ranges are one figure**: "10 to 15 people", "10-15 people", "between 10 and 15
//!   people" give value 10, [`Qualifier::AtLeast`], `number_text` "10 to 15".
//! - **Measure adjectives are measures**: "a nine-day siege" is 9 [`Unit::Measure`] counting
//!   "days" (the plural, so it matches "nine days"); "a 25-year-old" counts "years old".
//!   Compounds with other words ("12-point plan", "two-state", "one-off") are not figures.
//! - **Vague figures** ("dozens", "thousands", "a few thousand", "hundreds of thousands")
//!   have [`Qualifier::Vague`] and the magnitude as value (a qualifier written before them,
//!   "some thousands", does not change that).
//! - **What is counted** is the noun phrase after the number up to its first plural noun,
//!   lower-cased, fillers dropped ("thousands more civilians" → "civilians"); container
//!   nouns keep their "of" phrase ("groups of civilians", "tonnes of grain"); percentages
//!   count the "of" phrase ("71% of voters" → "voters"); money counts nothing (its
//!   currency says what it is). After "46" or "thousands" only a plural is what is counted
//!   ("Tens of thousands protest" counts nothing), or an adjective standing for people
//!   ("about 80 wounded"). A number that leaves its noun out takes it from the sentence
//!   ("25 local residents left … and 21 left later", "twenty-one more", "53 of them", "51
//!   who", "groups of 25 and 21", "the number of people who left … at 46", a bare "38%"
//!   after "92% of workers"); the span then stays on the number. German nouns are the
//!   first capitalised word; Russian and Ukrainian ones the word after the number (with an
//!   adjective before it).
//! - **"one" before a noun** is an article ("One witness said", "at one point") unless the
//!   sentence weighs it ("only one soldier", "killed one civilian", "one child died").
//! - Digits in English, German, French and Spanish style: "1,200", "1.200", "1 200", "3,5",
//!   "1.200,5"; multipliers "1.2 million", "3.5bn", "10k", "$2m"; written-out English up to
//!   trillions ("one hundred and twenty-five", "Forty-six", "three dozen", "half a million");
//!   Russian and Ukrainian number words ("сто", "двадцять тисяч", "сотні"); vague magnitudes
//!   in German, French and Spanish ("Hunderte", "des milliers de", "decenas de"); foreign
//!   and Indian multipliers ("Millionen", "млн", "1.9 lakh").

use serde::{Deserialize, Serialize};

use crate::Span;

mod counts;
mod ellipsis;
mod foreign;
pub(crate) mod grammar;
pub(crate) mod lexicon;
mod numbers;
mod scan;
pub(crate) mod tokens;
mod totals;

#[cfg(test)]
mod paragraph_tests;
#[cfg(test)]
mod tests;

/// How exact a figure is as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// "46", "Forty-six".
    Exact,
    /// "over 1,200", "more than", "at least".
    AtLeast,
    /// "under", "fewer than", "up to", "at most".
    AtMost,
    /// "about", "around", "nearly", "some", "roughly".
    About,
    /// "thousands", "dozens", "hundreds": an order of magnitude, no number.
    Vague,
}

/// What kind of quantity a figure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A count of things ("45 buses").
    Count,
    /// A percentage ("71%", "71 percent").
    Percent,
    /// An amount of money; the currency is in `Figure::currency`.
    Money,
    /// A measure with a unit of its own ("12 km", "3 tonnes"); the unit word is in `counts`.
    Measure,
}

/// One quantity in a sentence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Where the quantity is written, including its qualifier and the noun it counts when
    /// adjacent ("over 1,200 civilians").
    pub span: Span,
    /// The number as written ("Forty-six", "1,200", "thousands").
    pub number_text: String,
    /// The value: 46 for "Forty-six", 1200 for "1.2 thousand"; for vague figures the lower
    /// bound of the magnitude (12 for "dozens", 1000 for "thousands").
    pub value: f64,
    /// How exact it is.
    pub qualifier: Qualifier,
    /// What kind of quantity.
    pub unit: Unit,
    /// ISO 4217 code for money ("USD", "EUR").
    pub currency: Option<String>,
    /// What it counts, lower-cased head noun with its modifiers as written
    /// ("civilians", "local residents", "buses"); `None` when the sentence does not say.
    pub counts: Option<String>,
}

/// Finds the figures of one sentence. Dates, times, years, ordinals used as names
/// ("36th Separate Marine Brigade"), phone numbers and the like are not figures.
pub fn extract(sentence: &str) -> Vec<Figure> {
    scan::extract(sentence)
}

/// A total an article states together with parts that should add up to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SumCheck {
    /// The total: (sentence index, figure index within that sentence's figures).
    pub total: (usize, usize),
    /// The parts, in the same form.
    pub parts: Vec<(usize, usize)>,
    /// The sum of the parts.
    pub sum: f64,
    /// True when the parts add up to the total.
    pub consistent: bool,
}

/// Finds totals and their parts across an article's sentences (`figures[i]` are the figures
/// of sentence `i`, in order): "Forty-six civilians … 25 … and 21" is checked consistent.
///
/// Parts are two or more exact figures of one sentence, of the same kind, joined by "and"
/// or commas, counting the same thing (the same head noun, or people under different
/// names: "civilians" = "local residents" + …). The total is an exact figure counting the
/// same thing and larger than each part: before the parts in the same sentence after "of
/// whom", "including", "among them", a colon or a dash; after them with "in total", "in
/// all", "a total of"; or in one of the five sentences before, when its head noun is the
/// parts' or the parts' sentence reads as a breakdown ("later", "including", "of whom", …).
pub fn sums(sentences: &[&str], figures: &[Vec<Figure>]) -> Vec<SumCheck> {
    totals::find(sentences, figures)
}
