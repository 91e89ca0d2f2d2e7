//! Figures side by side: every quantity with what it counts, when, where and on whose
//! word; values the sides disagree on; totals an article states, checked against their
//! parts.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use parallax_evidence::figures::{Figure, Qualifier, Unit};
use serde::Serialize;

use crate::Article;
use crate::evidence::Evidence;
use crate::reading::Reading;

mod events;

pub use events::Event;
use events::{Words, event_near, thing_counted};

/// Days apart two figures may be dated and still be about the same moment.
const SAME_PERIOD_DAYS: i64 = 3;
/// A sentence this short that gives a bare number answers the figure before it
/// ("Management says 38%.").
const SHORT_ANSWER: usize = 8;

fn is_short(sentence: &str) -> bool {
    sentence.split_whitespace().count() <= SHORT_ANSWER
}

/// Where a figure's date comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatedBy {
    /// A date written in the same sentence.
    Text,
    /// The article's publication date.
    Published,
}

/// One quantity with its context.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FigureItem {
    /// Its value (the lower bound of a vague one: 12 for "dozens").
    pub value: f64,
    /// The words that state it.
    pub text: String,
    /// What it counts.
    pub counts: Option<String>,
    /// What happened to what it counts, when a word near it says ("detained", "killed").
    pub event: Option<Event>,
    /// How exact it is.
    pub qualifier: Qualifier,
    /// Count, percentage, money or measure.
    pub unit: Unit,
    /// ISO 4217 currency of money.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The day it is about, where known.
    pub date: Option<NaiveDate>,
    /// Where that date comes from.
    pub dated_by: Option<DatedBy>,
    /// A place the sentence names ("in Mariupol"), where it names one.
    pub place: Option<String>,
    /// Who the sentence attributes it to.
    pub attribution: Option<String>,
    /// Where it is written.
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// Sides giving different values for the same thing at the same time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    /// What is counted.
    pub counts: String,
    /// The figures that disagree, one per side and value.
    pub figures: Vec<FigureItem>,
}

/// A total and the parts an article gives for it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sum {
    /// True when the parts add up to the total.
    pub consistent: bool,
    /// The total.
    pub total: FigureItem,
    /// The parts.
    pub parts: Vec<FigureItem>,
    /// What the parts add up to.
    pub parts_sum: f64,
}

struct Found {
    item: FigureItem,
    /// What is counted, as compared: a kind of thing, or the unit for bare percentages
    /// and money.
    key: Option<String>,
    side: usize,
}

/// Every figure, the conflicts between sides, and the sums checked.
pub(crate) fn figures(
    articles: &[Article],
    readings: &[Reading],
) -> (Vec<FigureItem>, Vec<Conflict>, Vec<Sum>) {
    let side_ids: BTreeMap<&str, usize> =
        articles.iter().map(|a| a.side).collect::<BTreeSet<_>>().into_iter().zip(0..).collect();
    let mut found = Vec::new();
    let mut sums = Vec::new();
    for (article, reading) in articles.iter().zip(readings) {
        let words: Vec<Option<Words>> = reading
            .figures
            .iter()
            .zip(&reading.units)
            .map(|(f, unit)| (!f.is_empty()).then(|| Words::of(unit.text)))
            .collect();
        let item = |u: usize, f: &Figure| figure_item(article, reading, words[u].as_ref(), u, f);
        // The previous figure of the article: (its unit, what it counts, its event, sentence).
        let mut previous: Option<(Unit, Option<String>, Option<Event>, usize)> = None;
        for (u, figures) in reading.figures.iter().enumerate() {
            for f in figures {
                let mut item = item(u, f);
                let mut key = match (f.counts.as_deref(), f.unit) {
                    (Some(c), _) => thing_counted(c, article.language),
                    (None, Unit::Percent) => Some("%".to_owned()),
                    (None, Unit::Money) => f.currency.clone(),
                    (None, _) => None,
                };
                // A figure that answers the one before it ("The union says 92% are on
                // strike. Management says 38%.") counts the same thing in the same event.
                if let Some((unit, prev_key, Some(event), at)) = &previous
                    && item.event.is_none()
                    && f.counts.is_none()
                    && *unit == f.unit
                    && (*at == u || (u == at + 1 && is_short(reading.units[u].text)))
                {
                    item.event = Some(*event);
                    key.clone_from(prev_key);
                }
                previous = Some((f.unit, key.clone(), item.event, u));
                found.push(Found { item, key, side: side_ids[article.side] });
            }
        }
        for s in &reading.sums {
            let get = |(u, i): (usize, usize)| {
                reading.figures.get(u).and_then(|f| f.get(i)).map(|f| item(u, f))
            };
            let (Some(total), Some(parts)) =
                (get(s.total), s.parts.iter().map(|&p| get(p)).collect::<Option<Vec<_>>>())
            else {
                continue;
            };
            sums.push(Sum { consistent: s.consistent, total, parts, parts_sum: s.sum });
        }
    }
    let conflicts = conflicts(&found);
    (found.into_iter().map(|f| f.item).collect(), conflicts, sums)
}

fn figure_item(
    article: &Article,
    reading: &Reading,
    words: Option<&Words>,
    u: usize,
    f: &Figure,
) -> FigureItem {
    let unit = &reading.units[u];
    let written = reading.dates[u].iter().find_map(|d| d.date);
    let (date, dated_by) = match (written, article.published) {
        (Some(d), _) => (Some(d), Some(DatedBy::Text)),
        (None, Some(p)) => (Some(p.date_naive()), Some(DatedBy::Published)),
        (None, None) => (None, None),
    };
    let attribution = reading.voices.iter().find(|v| v.sentence == u).map(|v| v.speaker.clone());
    FigureItem {
        value: f.value,
        text: f.span.text(unit.text).to_owned(),
        counts: f.counts.clone(),
        event: words.and_then(|w| event_near(w, f.span)),
        qualifier: f.qualifier,
        unit: f.unit,
        currency: f.currency.clone(),
        date,
        dated_by,
        place: place_in(unit.text),
        attribution,
        evidence: Evidence::of(article, unit, f.span),
    }
}

/// A value as reports show it: whole numbers with thousands separators ("1,200"), others
/// as they are ("54.2").
pub fn display_value(value: f64) -> String {
    if value.fract() != 0.0 || value.abs() >= 1e15 {
        return format!("{value}");
    }
    let digits = (value.abs() as u64).to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0.0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The range of values a figure allows.
fn interval(f: &FigureItem) -> Option<(f64, f64)> {
    let v = f.value;
    match f.qualifier {
        Qualifier::Exact => Some((v, v)),
        Qualifier::AtLeast => Some((v, f64::INFINITY)),
        Qualifier::AtMost => Some((0.0, v)),
        Qualifier::About => Some((v * 0.85, v * 1.15)),
        Qualifier::Vague => None,
    }
}

fn conflicts(found: &[Found]) -> Vec<Conflict> {
    let mut by_key: BTreeMap<(&str, Option<Event>), Vec<usize>> = BTreeMap::new();
    let mut unkeyed = Vec::new();
    for (i, f) in found.iter().enumerate() {
        if let Some(event) = f.item.event {
            // A figure that does not say what it counts ("put the crowd at 60,000") is
            // compared, through its event, with every kind of thing.
            match &f.key {
                Some(key) => by_key.entry((key.as_str(), Some(event))).or_default().push(i),
                None => unkeyed.push(i),
            }
        }
    }
    for &i in &unkeyed {
        for ((_, event), members) in by_key.iter_mut() {
            if *event == found[i].item.event {
                members.push(i);
            }
        }
    }
    let mut out = Vec::new();
    for ((key, _), mut members) in by_key {
        members.sort_unstable();
        let mut involved = BTreeSet::new();
        for (x, &i) in members.iter().enumerate() {
            for &j in &members[x + 1..] {
                if disagree(&found[i], &found[j]) {
                    involved.insert(i);
                    involved.insert(j);
                }
            }
        }
        if involved.is_empty() {
            continue;
        }
        let mut seen = BTreeSet::new();
        let figures: Vec<FigureItem> = involved
            .into_iter()
            .filter(|&i| seen.insert((found[i].side, found[i].item.value.to_bits())))
            .map(|i| found[i].item.clone())
            .collect();
        let counts = found[members[0]].item.counts.clone().unwrap_or_else(|| key.to_owned());
        out.push(Conflict { counts, figures });
    }
    out.sort_by(|a, b| b.figures.len().cmp(&a.figures.len()).then(a.counts.cmp(&b.counts)));
    out
}

/// Two figures of different sides about the same thing at the same time whose values
/// cannot both hold. "The same thing" is the same kind of thing counted and the same event,
/// which both must name: 87 detained and 4,000 gathered are two facts, and so are 1,400
/// polling stations observed and 112 stations with irregularities.
fn disagree(a: &Found, b: &Found) -> bool {
    let (x, y) = (&a.item, &b.item);
    if a.side == b.side || x.unit != y.unit || x.currency != y.currency {
        return false;
    }
    if x.event.is_none() || x.event != y.event {
        return false;
    }
    let (Some((a_lo, a_hi)), Some((b_lo, b_hi))) = (interval(x), interval(y)) else {
        return false;
    };
    if a_lo <= b_hi && b_lo <= a_hi {
        return false;
    }
    !matches!((x.date, y.date), (Some(p), Some(q)) if (p - q).num_days().abs() > SAME_PERIOD_DAYS)
}

/// Words that are capitalised for reasons other than being a place.
const NOT_PLACES: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "The",
    "A",
    "An",
    "This",
    "That",
    "His",
    "Her",
    "Their",
    "Its",
];

/// The place a sentence names after "in", "at", "near", "from" or "outside": up to three
/// capitalised words ("in Mariupol", "near the Azovstal plant" gives "Azovstal"). A
/// heuristic without a gazetteer: it can return an organisation ("at the Kremlin").
pub(crate) fn place_in(sentence: &str) -> Option<String> {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if !matches!(*w, "in" | "at" | "near" | "from" | "outside") {
            continue;
        }
        let mut name = Vec::new();
        for next in words[i + 1..].iter().skip_while(|n| **n == "the").take(3) {
            let bare = next.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            let bare = bare.strip_suffix("'s").unwrap_or(bare);
            let capitalised = bare.chars().next().is_some_and(char::is_uppercase);
            if !capitalised || NOT_PLACES.contains(&bare) {
                break;
            }
            name.push(bare);
            if next.ends_with([',', '.', ';', ':']) || next.ends_with("'s") {
                break;
            }
        }
        if !name.is_empty() {
            return Some(name.join(" "));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_show_thousands_separators() {
        assert_eq!(display_value(1200.0), "1,200");
        assert_eq!(display_value(46.0), "46");
        assert_eq!(display_value(1_000_000.0), "1,000,000");
        assert_eq!(display_value(-2500.0), "-2,500");
        assert_eq!(display_value(54.2), "54.2");
    }

    #[test]
    fn places_follow_prepositions_and_are_capitalised() {
        assert_eq!(
            place_in("Shelling continued in Mariupol on Sunday.").as_deref(),
            Some("Mariupol")
        );
        assert_eq!(
            place_in("Forty buses waited near the Azovstal steel plant.").as_deref(),
            Some("Azovstal")
        );
        assert_eq!(
            place_in("Talks were held in New York City's main hall.").as_deref(),
            Some("New York City")
        );
        assert_eq!(place_in("It happened in April in the end."), None);
        assert_eq!(place_in(""), None);
    }
}
