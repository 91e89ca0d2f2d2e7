//! Voices side by side: who each side lets speak, and how often.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use parallax_evidence::voices::{VoiceKind, speaker_key};
use serde::Serialize;

use crate::Article;
use crate::evidence::Evidence;
use crate::reading::Reading;

/// One attributed statement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VoiceItem {
    /// The speaker, as the article names them in full.
    pub speaker: String,
    /// The statement.
    pub text: String,
    /// The speech verb or phrase ("said", "according to").
    pub cue: String,
    /// Quote, reported speech or "according to".
    pub kind: VoiceKind,
    /// Where it is written.
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// One speaker across the comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Speaker {
    /// The fullest name any article gives.
    pub speaker: String,
    /// Statements in all.
    pub statements: usize,
    /// Statements per side.
    pub by_side: BTreeMap<String, usize>,
    /// Direct quotes in all.
    pub quotes: usize,
    /// Outlets that let them speak.
    pub outlets: Vec<String>,
}

/// Every voice, and the speakers ranked by how many sides and statements they have.
pub(crate) fn voices(articles: &[Article], readings: &[Reading]) -> (Vec<VoiceItem>, Vec<Speaker>) {
    let mut items = Vec::new();
    let mut keys = Vec::new();
    for (article, reading) in articles.iter().zip(readings) {
        for v in &reading.voices {
            let Some(unit) = reading.units.get(v.sentence) else { continue };
            keys.push(speaker_key(&v.speaker));
            items.push(VoiceItem {
                speaker: v.speaker.clone(),
                text: v.span.text(unit.text).to_owned(),
                cue: v.cue.clone(),
                kind: v.kind,
                evidence: Evidence::of(article, unit, v.span),
            });
        }
    }
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, key) in keys.iter().enumerate() {
        by_key.entry(key.as_str()).or_default().push(i);
    }
    let mut speakers: Vec<Speaker> = by_key
        .into_values()
        .map(|members| {
            let name = members
                .iter()
                .map(|&i| items[i].speaker.as_str())
                .max_by(|a, b| {
                    a.split_whitespace().count().cmp(&b.split_whitespace().count()).then(b.cmp(a))
                })
                .unwrap_or_default();
            let mut by_side = BTreeMap::new();
            for &i in &members {
                *by_side.entry(items[i].evidence.side.clone()).or_default() += 1;
            }
            let outlets: BTreeSet<&str> =
                members.iter().map(|&i| items[i].evidence.outlet.as_str()).collect();
            Speaker {
                speaker: name.to_owned(),
                statements: members.len(),
                quotes: members.iter().filter(|&&i| items[i].kind == VoiceKind::Direct).count(),
                by_side,
                outlets: outlets.into_iter().map(str::to_owned).collect(),
            }
        })
        .collect();
    speakers.sort_by(|a, b| {
        b.by_side
            .len()
            .cmp(&a.by_side.len())
            .then(b.statements.cmp(&a.statements))
            .then(a.speaker.cmp(&b.speaker))
    });
    (items, speakers)
}
