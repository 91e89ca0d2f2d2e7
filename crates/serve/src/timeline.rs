//! The coverage timeline: articles per day and side, drawn as a stacked bar chart in
//! inline SVG (no script, no external asset).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

/// Widest chart, in days; a longer story is shown in buckets of several days.
const MAX_BARS: i64 = 40;
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 140.0;

/// One rectangle of the chart.
pub(crate) struct Bar {
    pub x: String,
    pub y: String,
    pub w: String,
    pub h: String,
    /// Colour class: the side's position in the legend.
    pub class: String,
    /// Tooltip: "2022-05-01 · Volga Herald: 2".
    pub title: String,
}

/// The chart's bars, axis labels and legend.
pub(crate) struct Chart {
    pub bars: Vec<Bar>,
    pub first: String,
    pub last: String,
    pub peak: usize,
    pub legend: Vec<(String, String)>,
    pub width: f64,
    pub height: f64,
}

/// Draws `points` (side, publication time); undated articles are left out. `sides` gives
/// the legend order.
pub(crate) fn chart(points: &[(String, Option<DateTime<Utc>>)], sides: &[String]) -> Option<Chart> {
    let days: Vec<(usize, NaiveDate)> = points
        .iter()
        .filter_map(|(side, t)| {
            Some((sides.iter().position(|s| s == side)?, t.as_ref()?.date_naive()))
        })
        .collect();
    let first = days.iter().map(|d| d.1).min()?;
    let last = days.iter().map(|d| d.1).max()?;
    let span = (last - first).num_days() + 1;
    let per_bar = (span + MAX_BARS - 1) / MAX_BARS;
    let bars_count = (span + per_bar - 1) / per_bar;
    let mut counts: BTreeMap<(i64, usize), usize> = BTreeMap::new();
    for (side, day) in &days {
        *counts.entry(((*day - first).num_days() / per_bar, *side)).or_default() += 1;
    }
    let mut totals = vec![0usize; bars_count as usize];
    for (&(bar, _), &n) in &counts {
        totals[bar as usize] += n;
    }
    let peak = totals.iter().copied().max().unwrap_or(1).max(1);
    let bar_width = WIDTH / bars_count as f64;
    let mut stacked = vec![0usize; bars_count as usize];
    let mut bars = Vec::new();
    for (&(bar, side), &n) in &counts {
        let below = stacked[bar as usize];
        stacked[bar as usize] += n;
        let h = HEIGHT * n as f64 / peak as f64;
        let y = HEIGHT - HEIGHT * (below + n) as f64 / peak as f64;
        let day = first + chrono::Duration::days(bar * per_bar);
        bars.push(Bar {
            x: format!("{:.1}", bar as f64 * bar_width + 1.0),
            y: format!("{y:.1}"),
            w: format!("{:.1}", (bar_width - 2.0).max(1.0)),
            h: format!("{h:.1}"),
            class: format!("s{}", side % 8),
            title: format!("{day} · {}: {n}", sides[side]),
        });
    }
    let legend =
        sides.iter().enumerate().map(|(i, s)| (format!("s{}", i % 8), s.clone())).collect();
    Some(Chart {
        bars,
        first: first.to_string(),
        last: last.to_string(),
        peak,
        legend,
        width: WIDTH,
        height: HEIGHT,
    })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn bars_stack_per_day_and_side() {
        let t = |d| Some(Utc.with_ymd_and_hms(2022, 5, d, 9, 0, 0).unwrap());
        let points = vec![
            ("a".to_owned(), t(1)),
            ("b".to_owned(), t(1)),
            ("a".to_owned(), t(3)),
            ("a".to_owned(), None),
        ];
        let drawn = chart(&points, &["a".into(), "b".into()]).unwrap();
        assert_eq!(drawn.bars.len(), 3);
        assert_eq!(drawn.peak, 2);
        assert_eq!((drawn.first.as_str(), drawn.last.as_str()), ("2022-05-01", "2022-05-03"));
        assert!(drawn.bars.iter().any(|b| b.title == "2022-05-01 · b: 1" && b.class == "s1"));
        assert!(chart(&[("a".to_owned(), None)], &["a".into()]).is_none());
    }
}
