//! Quantities and what they count.
//!
//! TODO(figures helper): the finder. The types below are the contract the comparison and
//! the evaluation are written against.

use serde::{Deserialize, Serialize};

use crate::Span;

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
    let _ = sentence;
    Vec::new()
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
pub fn sums(sentences: &[&str], figures: &[Vec<Figure>]) -> Vec<SumCheck> {
    let _ = (sentences, figures);
    Vec::new()
}
