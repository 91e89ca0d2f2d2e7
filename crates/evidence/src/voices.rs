//! Who speaks in an article: direct quotes and attributed statements.
//!
//! TODO(voices helper): the finder.

use serde::{Deserialize, Serialize};

use crate::Span;

/// How a voice is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoiceKind {
    /// Words in quotation marks with a speaker.
    Direct,
    /// Reported speech: "X said (that) …", "X told Y …", "X claimed …".
    Reported,
    /// "according to X", "X's statement".
    According,
}

/// One attributed statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Voice {
    /// The sentence it is in (index into the sentences given).
    pub sentence: usize,
    /// The statement: the quoted words, or the reported clause.
    pub span: Span,
    /// The speaker as written in this sentence ("the ministry", "Shoigu", "It"), if written.
    pub speaker_span: Option<Span>,
    /// The speaker, normalised across the article: full name or institution as the article
    /// first names it ("Russian Defense Ministry", "Sergey Shoigu"), no leading article, no
    /// pronoun. An unresolvable pronoun leaves the voice out.
    pub speaker: String,
    /// The speech verb or cue, lower-cased ("said", "told", "according to").
    pub cue: String,
    /// How it is given.
    pub kind: VoiceKind,
}

/// Finds the voices of an article, given its sentences in order (the title, if wanted,
/// first). Later mentions ("the ministry", "he", "Putin") resolve to the speaker the article
/// named in full.
pub fn extract(sentences: &[&str]) -> Vec<Voice> {
    let _ = sentences;
    Vec::new()
}

/// A key under which the same speaker meets across articles. Placeholder until the
/// finder lands: lower-cased, without a leading article.
pub fn speaker_key(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    lower.strip_prefix("the ").unwrap_or(&lower).to_owned()
}
