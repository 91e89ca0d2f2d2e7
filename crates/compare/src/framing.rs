//! Framing side by side: how much each side's text cues each Media Frames category, and
//! persuasion indicators shown as evidence — never as a verdict.

use std::collections::BTreeMap;

use parallax_evidence::framing::{Frame, IndicatorKind};
use serde::Serialize;

use crate::Article;
use crate::evidence::Evidence;
use crate::reading::Reading;

/// One side's framing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SideFraming {
    /// The side.
    pub side: String,
    /// Words read.
    pub words: usize,
    /// Frame cues found.
    pub cues: usize,
    /// Share of the side's frame cues per frame (sums to 1 when there are cues).
    pub frames: BTreeMap<Frame, f64>,
    /// The side's most frequent cue words per frame.
    pub top_cues: BTreeMap<Frame, Vec<String>>,
    /// Persuasion indicators per thousand words, per kind.
    pub indicators_per_1000_words: BTreeMap<IndicatorKind, f64>,
}

/// One persuasion indicator.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorItem {
    /// What it indicates.
    pub kind: IndicatorKind,
    /// The words.
    pub text: String,
    /// Where.
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// Cue words listed per frame and side.
const TOP_CUES: usize = 5;

#[derive(Default)]
struct Tally {
    words: usize,
    frames: BTreeMap<Frame, usize>,
    cue_words: BTreeMap<Frame, BTreeMap<String, usize>>,
    indicators: BTreeMap<IndicatorKind, usize>,
}

/// Framing per side, and every indicator.
pub(crate) fn framing(
    articles: &[Article],
    readings: &[Reading],
) -> (Vec<SideFraming>, Vec<IndicatorItem>) {
    let mut sides: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut items = Vec::new();
    for (article, reading) in articles.iter().zip(readings) {
        let tally = sides.entry(article.side).or_default();
        tally.words += reading.words();
        for (u, cues) in reading.frames.iter().enumerate() {
            let unit = &reading.units[u];
            for cue in cues {
                *tally.frames.entry(cue.frame).or_default() += 1;
                let word = cue.span.text(unit.text).to_lowercase();
                *tally.cue_words.entry(cue.frame).or_default().entry(word).or_default() += 1;
            }
        }
        for (u, found) in reading.indicators.iter().enumerate() {
            let unit = &reading.units[u];
            for i in found {
                *tally.indicators.entry(i.kind).or_default() += 1;
                items.push(IndicatorItem {
                    kind: i.kind,
                    text: i.span.text(unit.text).to_owned(),
                    evidence: Evidence::of(article, unit, i.span),
                });
            }
        }
    }
    let rows = sides
        .into_iter()
        .map(|(side, t)| {
            let cues: usize = t.frames.values().sum();
            let per_1000 = |n: usize| {
                if t.words == 0 { 0.0 } else { round(n as f64 * 1000.0 / t.words as f64) }
            };
            SideFraming {
                side: side.to_owned(),
                words: t.words,
                cues,
                frames: t
                    .frames
                    .iter()
                    .map(|(&f, &n)| (f, round(n as f64 / cues as f64)))
                    .collect(),
                top_cues: t
                    .cue_words
                    .into_iter()
                    .map(|(f, words)| {
                        let mut words: Vec<(String, usize)> = words.into_iter().collect();
                        words.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                        (f, words.into_iter().take(TOP_CUES).map(|(w, _)| w).collect())
                    })
                    .collect(),
                indicators_per_1000_words: t
                    .indicators
                    .iter()
                    .map(|(&k, &n)| (k, per_1000(n)))
                    .collect(),
            }
        })
        .collect();
    (rows, items)
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
