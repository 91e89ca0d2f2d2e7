//! Framing cues and persuasion indicators: transparent dictionaries, shown as evidence,
//! never as a verdict.
//!
//! Both finders look words up in plain data files shipped with the crate
//! (`framing/frames.txt`, `framing/indicators.txt`), one `label: cue` a line, so a reader can
//! see exactly why a word was highlighted and an editor can change the lists without code.
//! Matching is case-insensitive, on word boundaries, with simple English inflection
//! ("slam" finds "slammed"), multi-word cues, and the longest cue winning at each word.
//!
//! A frame share ([`frame_shares`]) says which of the 14 Media Frames vocabularies an article
//! draws on; an indicator says "this word is the kind a persuasive text uses". Neither judges
//! whether what the sentence says is true. Scare quotes are found by [`crate::variants`].

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::Span;

mod lexicon;

use lexicon::Lexicon;

/// The Media Frames Corpus categories (Boydstun et al. 2014), without "Other".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    /// Costs, benefits, money.
    Economic,
    /// Capacity and resources.
    CapacityAndResources,
    /// Morality.
    Morality,
    /// Fairness and equality.
    FairnessAndEquality,
    /// Legality, constitutionality and jurisprudence.
    Legality,
    /// Policy prescription and evaluation.
    PolicyPrescription,
    /// Crime and punishment.
    CrimeAndPunishment,
    /// Security and defense.
    SecurityAndDefense,
    /// Health and safety.
    HealthAndSafety,
    /// Quality of life.
    QualityOfLife,
    /// Cultural identity.
    CulturalIdentity,
    /// Public opinion.
    PublicOpinion,
    /// Political.
    Political,
    /// External regulation and reputation.
    ExternalRegulation,
}

impl Frame {
    /// Every frame, in codebook order.
    pub const ALL: [Frame; 14] = [
        Frame::Economic,
        Frame::CapacityAndResources,
        Frame::Morality,
        Frame::FairnessAndEquality,
        Frame::Legality,
        Frame::PolicyPrescription,
        Frame::CrimeAndPunishment,
        Frame::SecurityAndDefense,
        Frame::HealthAndSafety,
        Frame::QualityOfLife,
        Frame::CulturalIdentity,
        Frame::PublicOpinion,
        Frame::Political,
        Frame::ExternalRegulation,
    ];

    /// The snake_case name used in the data file and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Frame::Economic => "economic",
            Frame::CapacityAndResources => "capacity_and_resources",
            Frame::Morality => "morality",
            Frame::FairnessAndEquality => "fairness_and_equality",
            Frame::Legality => "legality",
            Frame::PolicyPrescription => "policy_prescription",
            Frame::CrimeAndPunishment => "crime_and_punishment",
            Frame::SecurityAndDefense => "security_and_defense",
            Frame::HealthAndSafety => "health_and_safety",
            Frame::QualityOfLife => "quality_of_life",
            Frame::CulturalIdentity => "cultural_identity",
            Frame::PublicOpinion => "public_opinion",
            Frame::Political => "political",
            Frame::ExternalRegulation => "external_regulation",
        }
    }

    /// The frame called `name` (see [`Frame::name`]).
    pub fn from_name(name: &str) -> Option<Frame> {
        Frame::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// A word or phrase that cues a frame.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrameCue {
    /// The frame.
    pub frame: Frame,
    /// Where the cue is.
    pub span: Span,
}

/// The label `ignore` in a data file: a phrase matched only so that the cue words inside it
/// are not.
const IGNORE: &str = "ignore";

static FRAME_LEXICON: LazyLock<Lexicon<Option<Frame>>> = LazyLock::new(|| {
    let data = include_str!("framing/frames.txt");
    Lexicon::parse(data, |name| label(name, Frame::from_name))
        .unwrap_or_else(|bad| panic!("framing/frames.txt line {}: {}", bad.line, bad.message))
});

static INDICATOR_LEXICON: LazyLock<Lexicon<Option<IndicatorKind>>> = LazyLock::new(|| {
    let data = include_str!("framing/indicators.txt");
    Lexicon::parse(data, |name| label(name, IndicatorKind::from_name))
        .unwrap_or_else(|bad| panic!("framing/indicators.txt line {}: {}", bad.line, bad.message))
});

/// A data-file label: `ignore`, or a name `known` recognises.
fn label<T>(name: &str, known: impl Fn(&str) -> Option<T>) -> Option<Option<T>> {
    if name == IGNORE { Some(None) } else { known(name).map(Some) }
}

/// Finds frame cues in one sentence, left to right. A cue listed under two frames gives two
/// [`FrameCue`]s with the same span.
pub fn frame_cues(sentence: &str) -> Vec<FrameCue> {
    FRAME_LEXICON
        .find(sentence)
        .into_iter()
        .flat_map(|(span, frames)| {
            frames.iter().flatten().map(move |&frame| FrameCue { frame, span })
        })
        .collect()
}

/// The share of each frame among `cues` (for example all the cues of one outlet's articles
/// about a story), for every frame in codebook order. The shares sum to 1, or are all 0
/// when there are no cues.
pub fn frame_shares<'a>(cues: impl IntoIterator<Item = &'a FrameCue>) -> Vec<(Frame, f64)> {
    let mut counts = [0usize; Frame::ALL.len()];
    for cue in cues {
        counts[cue.frame as usize] += 1;
    }
    let total: usize = counts.iter().sum();
    Frame::ALL
        .into_iter()
        .zip(counts)
        .map(|(frame, n)| (frame, if total == 0 { 0.0 } else { n as f64 / total as f64 }))
        .collect()
}

/// Kinds of persuasion indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// Emotionally charged words ("ferocious", "horrifying", "slaughter").
    LoadedLanguage,
    /// Labels for people or groups ("militants", "neo-Nazis", "regime").
    NameCalling,
    /// Claims without a named source ("experts say", "it is believed").
    UnsourcedClaim,
    /// Casting doubt ("so-called", "alleged", "claimed").
    Doubt,
    /// Appeal to fear ("threatens to", "catastrophe", "could wipe out").
    AppealToFear,
}

impl IndicatorKind {
    /// Every kind.
    pub const ALL: [IndicatorKind; 5] = [
        IndicatorKind::LoadedLanguage,
        IndicatorKind::NameCalling,
        IndicatorKind::UnsourcedClaim,
        IndicatorKind::Doubt,
        IndicatorKind::AppealToFear,
    ];

    /// The snake_case name used in the data file and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            IndicatorKind::LoadedLanguage => "loaded_language",
            IndicatorKind::NameCalling => "name_calling",
            IndicatorKind::UnsourcedClaim => "unsourced_claim",
            IndicatorKind::Doubt => "doubt",
            IndicatorKind::AppealToFear => "appeal_to_fear",
        }
    }

    /// The kind called `name` (see [`IndicatorKind::name`]).
    pub fn from_name(name: &str) -> Option<IndicatorKind> {
        IndicatorKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One persuasion indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// What it indicates.
    pub kind: IndicatorKind,
    /// Where it is.
    pub span: Span,
}

/// Finds persuasion indicators in one sentence, left to right, at most one per stretch of
/// text (a cue is listed under one kind).
pub fn indicators(sentence: &str) -> Vec<Indicator> {
    INDICATOR_LEXICON
        .find(sentence)
        .into_iter()
        .flat_map(|(span, kinds)| kinds.iter().flatten().map(move |&kind| Indicator { kind, span }))
        .collect()
}

/// How many cues each dictionary holds: (frame cues, indicator cues), `ignore` lines included.
pub fn dictionary_sizes() -> (usize, usize) {
    (FRAME_LEXICON.len(), INDICATOR_LEXICON.len())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn kinds(sentence: &str) -> Vec<(&str, IndicatorKind)> {
        indicators(sentence).into_iter().map(|i| (i.span.text(sentence), i.kind)).collect()
    }

    fn frames(sentence: &str) -> Vec<(&str, Frame)> {
        frame_cues(sentence).into_iter().map(|c| (c.span.text(sentence), c.frame)).collect()
    }

    #[test]
    fn dictionaries_load_and_cover_every_category() {
        let (frame_cues, indicator_cues) = dictionary_sizes();
        assert!(frame_cues > 500 && indicator_cues > 700, "{frame_cues} {indicator_cues}");
        let frames_data = include_str!("framing/frames.txt");
        for frame in Frame::ALL {
            let n = frames_data.lines().filter(|l| l.starts_with(&format!("{}:", frame.name())));
            assert!(n.count() >= 25, "{frame:?} has few cues");
        }
        let indicator_data = include_str!("framing/indicators.txt");
        for kind in IndicatorKind::ALL {
            let n = indicator_data.lines().filter(|l| l.starts_with(&format!("{}:", kind.name())));
            assert!(n.count() >= 25, "{kind:?} has few cues");
        }
    }

    #[test]
    fn an_indicator_cue_belongs_to_one_kind() {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for line in include_str!("framing/indicators.txt").lines() {
            let line = line.split('#').next().unwrap().trim();
            let Some((kind, cues)) = line.split_once(':') else { continue };
            for cue in cues.split('|') {
                let cue = cue.trim().to_lowercase();
                if let Some(other) = seen.insert(cue.clone(), kind) {
                    assert_eq!(other, kind, "{cue:?} is listed as {other} and {kind}");
                }
            }
        }
    }

    #[test]
    fn frame_cues_in_a_war_report() {
        let s = "Officials said the shelling destroyed homes and the hospital ran out of fuel.";
        assert_eq!(
            frames(s),
            [
                ("shelling", Frame::SecurityAndDefense),
                ("destroyed homes", Frame::QualityOfLife),
                ("hospital", Frame::HealthAndSafety),
                ("ran out", Frame::CapacityAndResources),
                ("fuel", Frame::CapacityAndResources),
            ]
        );
        let s = "The court ruled the new tax unconstitutional, and human rights groups protested.";
        let found = frames(s);
        assert!(found.contains(&("court", Frame::Legality)));
        assert!(found.contains(&("tax", Frame::Economic)));
        assert!(found.contains(&("unconstitutional", Frame::Legality)));
        assert!(found.contains(&("human rights", Frame::Legality)), "{found:?}");
        assert!(found.contains(&("protested", Frame::PublicOpinion)), "{found:?}");
    }

    #[test]
    fn frame_shares_sum_to_one() {
        let mut cues =
            frame_cues("Troops shelled the border town; voters in the poll blamed the war.");
        let shares = frame_shares(&cues);
        assert_eq!(shares.len(), 14);
        assert!((shares.iter().map(|(_, s)| s).sum::<f64>() - 1.0).abs() < 1e-9);
        let security = shares.iter().find(|(f, _)| *f == Frame::SecurityAndDefense).unwrap().1;
        let public = shares.iter().find(|(f, _)| *f == Frame::PublicOpinion).unwrap().1;
        assert!(security > public && public > 0.0, "{shares:?}");
        cues.clear();
        assert!(frame_shares(&cues).iter().all(|(_, s)| *s == 0.0));
    }

    #[test]
    fn loaded_language_and_labels() {
        let s = "The senator slammed the so-called reform as a reckless power grab by the regime.";
        assert_eq!(
            kinds(s),
            [
                ("slammed", IndicatorKind::LoadedLanguage),
                ("so-called", IndicatorKind::Doubt),
                ("reckless", IndicatorKind::LoadedLanguage),
                ("power grab", IndicatorKind::LoadedLanguage),
                ("regime", IndicatorKind::NameCalling),
            ]
        );
        let s = "Critics say the mayor fiercely touted the plan, which experts warn could wipe out savings.";
        assert_eq!(
            kinds(s),
            [
                ("Critics say", IndicatorKind::UnsourcedClaim),
                ("fiercely", IndicatorKind::LoadedLanguage),
                ("touted", IndicatorKind::LoadedLanguage),
                ("experts warn", IndicatorKind::UnsourcedClaim),
                ("could wipe out", IndicatorKind::AppealToFear),
            ]
        );
    }

    #[test]
    fn ignore_phrases_hide_the_cue_inside() {
        assert!(
            kinds("A rebel group claimed responsibility for the blast at the depot.").is_empty()
        );
        assert_eq!(kinds("He claimed the depot was empty."), [("claimed", IndicatorKind::Doubt)]);
    }

    #[test]
    fn neutral_reporting_has_no_indicators() {
        for s in [
            "The council met on Tuesday and approved the budget for next year.",
            "Forty buses left the town after the ceasefire began at noon.",
            "She said the talks would resume in Geneva next week.",
        ] {
            assert!(kinds(s).is_empty(), "{s}: {:?}", kinds(s));
        }
    }

    #[test]
    fn contested_war_words_are_loaded_but_literal_fire_is_not() {
        let s = "Moscow says its troops liberated the town; the convoy came under fire at dawn.";
        assert_eq!(kinds(s), [("liberated", IndicatorKind::LoadedLanguage)]);
        let s = "Officials described the attack on the market as a massacre by the junta.";
        assert_eq!(
            kinds(s),
            [("massacre", IndicatorKind::LoadedLanguage), ("junta", IndicatorKind::NameCalling)]
        );
    }

    #[test]
    fn spans_count_characters() {
        let s = "«Київ» — the “regime” was slammed.";
        let found = indicators(s);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].span, Span::new(14, 20));
        assert_eq!(found[0].span.text(s), "regime");
        assert_eq!(found[1].span.text(s), "slammed");
    }

    #[test]
    fn hostile_input_does_not_panic() {
        for s in [
            "",
            " ",
            "...!?",
            "\"\"\"'",
            "“unbalanced",
            "войска обстреляли город",
            "ﷺ‍👩‍👩‍👧",
            "-",
            "so-",
        ] {
            let _ = indicators(s);
            let _ = frame_cues(s);
        }
        let long = "The regime slammed the deal. ".repeat(4000);
        assert_eq!(indicators(&long).len(), 8000);
        assert_eq!(frame_cues(&long).len(), 4000);
    }
}
