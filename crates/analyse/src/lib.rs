/*!
Per-article analysis: everything Parallax derives from one article alone, before it is
compared with any other.

[`Analyser::analyse`] takes a [`Document`](parallax_model::Document) and returns an
[`Analysis`]: the normalised title and text, the language, sentences with character offsets,
word tokens with stems, the canonical URL and the outlet's registrable domain, and the
[`Fingerprint`] that duplicate detection compares. Each step is also public on its own
([`normalise`], [`language`], [`segment`], [`tokens`], [`urls`], [`fingerprint`]).
*/
#![warn(missing_docs)]

mod analyser;
pub mod fingerprint;
pub mod language;
pub mod normalise;
pub mod segment;
pub mod stopwords;
pub mod tokens;
pub mod urls;

pub use crate::analyser::{Analyser, Analysis};
pub use crate::fingerprint::Fingerprint;
pub use crate::tokens::Token;
