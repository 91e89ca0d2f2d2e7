//! Framing cues and persuasion indicators: transparent dictionaries, shown as evidence,
//! never as a verdict.
//!
//! TODO(framing helper): the dictionaries and the finders.

use serde::{Deserialize, Serialize};

use crate::Span;

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

/// A word or phrase that cues a frame.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrameCue {
    /// The frame.
    pub frame: Frame,
    /// Where the cue is.
    pub span: Span,
}

/// Finds frame cues in one sentence.
pub fn frame_cues(sentence: &str) -> Vec<FrameCue> {
    let _ = sentence;
    Vec::new()
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

/// One persuasion indicator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// What it indicates.
    pub kind: IndicatorKind,
    /// Where it is.
    pub span: Span,
}

/// Finds persuasion indicators in one sentence.
pub fn indicators(sentence: &str) -> Vec<Indicator> {
    let _ = sentence;
    Vec::new()
}
