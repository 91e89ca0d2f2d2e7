//! Who covered the story, when first, how much — and who, active at the time, did not.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::Serialize;

/// One article of the story, as coverage counts it.
#[derive(Clone, Debug, PartialEq)]
pub struct Covered {
    /// Its outlet.
    pub outlet: String,
    /// Its side.
    pub side: String,
    /// When it was published.
    pub published: Option<DateTime<Utc>>,
}

/// An outlet that published during the story's period.
#[derive(Clone, Debug, PartialEq)]
pub struct ActiveOutlet {
    /// The outlet.
    pub outlet: String,
    /// Its side.
    pub side: String,
    /// Articles it published in the period, on anything.
    pub articles: u64,
}

/// Coverage of a story.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coverage {
    /// Articles in all.
    pub articles: usize,
    /// The first report of all.
    pub first_published: Option<DateTime<Utc>>,
    /// Per side, most articles first.
    pub sides: Vec<SideCoverage>,
    /// Outlets that published in the period but not on this story.
    pub blindspots: Vec<Blindspot>,
    /// Sides whose outlets were active in the period and none covered the story.
    pub silent_sides: Vec<String>,
}

/// One side's coverage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SideCoverage {
    /// The side.
    pub side: String,
    /// Its articles on the story.
    pub articles: usize,
    /// Its share of all articles on the story (0–1).
    pub share: f64,
    /// Its first report.
    pub first_published: Option<DateTime<Utc>>,
    /// Its last report.
    pub last_published: Option<DateTime<Utc>>,
    /// Its outlets, most articles first.
    pub outlets: Vec<OutletCoverage>,
}

/// One outlet's coverage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutletCoverage {
    /// The outlet.
    pub outlet: String,
    /// Its articles on the story.
    pub articles: usize,
    /// Its first report.
    pub first_published: Option<DateTime<Utc>>,
}

/// An outlet active in the period that did not cover the story.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Blindspot {
    /// The outlet.
    pub outlet: String,
    /// Its side.
    pub side: String,
    /// What it published in the period instead.
    pub articles_in_period: u64,
}

/// Counts coverage per side and outlet.
pub fn coverage(covered: &[Covered], active: &[ActiveOutlet]) -> Coverage {
    type Times = Vec<Option<DateTime<Utc>>>;
    let mut sides: BTreeMap<&str, BTreeMap<&str, Times>> = BTreeMap::new();
    for c in covered {
        sides.entry(&c.side).or_default().entry(&c.outlet).or_default().push(c.published);
    }
    let total = covered.len();
    let mut rows: Vec<SideCoverage> = sides
        .into_iter()
        .map(|(side, outlets)| {
            let mut outlets: Vec<OutletCoverage> = outlets
                .into_iter()
                .map(|(outlet, times)| OutletCoverage {
                    outlet: outlet.to_owned(),
                    articles: times.len(),
                    first_published: times.iter().flatten().min().copied(),
                })
                .collect();
            outlets.sort_by(|a, b| {
                b.articles.cmp(&a.articles).then(a.first_published.cmp(&b.first_published))
            });
            let times = || covered.iter().filter(|c| c.side == side).filter_map(|c| c.published);
            let articles = outlets.iter().map(|o| o.articles).sum();
            SideCoverage {
                side: side.to_owned(),
                articles,
                share: if total == 0 { 0.0 } else { articles as f64 / total as f64 },
                first_published: times().min(),
                last_published: times().max(),
                outlets,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.articles
            .cmp(&a.articles)
            .then(a.first_published.is_none().cmp(&b.first_published.is_none()))
            .then(a.first_published.cmp(&b.first_published))
            .then(a.side.cmp(&b.side))
    });

    let covering: BTreeSet<&str> = covered.iter().map(|c| c.outlet.as_str()).collect();
    let covering_sides: BTreeSet<&str> = covered.iter().map(|c| c.side.as_str()).collect();
    let mut blindspots: Vec<Blindspot> = active
        .iter()
        .filter(|a| !covering.contains(a.outlet.as_str()))
        .map(|a| Blindspot {
            outlet: a.outlet.clone(),
            side: a.side.clone(),
            articles_in_period: a.articles,
        })
        .collect();
    blindspots.sort_by(|a, b| {
        b.articles_in_period.cmp(&a.articles_in_period).then(a.outlet.cmp(&b.outlet))
    });
    let silent_sides: BTreeSet<String> = blindspots
        .iter()
        .filter(|b| !covering_sides.contains(b.side.as_str()))
        .map(|b| b.side.clone())
        .collect();
    Coverage {
        articles: total,
        first_published: covered.iter().filter_map(|c| c.published).min(),
        sides: rows,
        blindspots,
        silent_sides: silent_sides.into_iter().collect(),
    }
}
