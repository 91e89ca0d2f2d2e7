/*!
Quality metrics for Parallax, computed over labelled data that the user points at by path.

* [`extract`]: main-text extraction (ScrapingHub AEB shingle F1, trafilatura-eval snippets,
  title/byline/date accuracy on readability test pages);
* [`sentences`]: sentence segmentation (Golden Rules, boundary F1 on GUM news);
* [`cluster`]: story clustering (pairwise and B-cubed F1, ARI, NMI on labelled JSONL), or
  the topics stories are filed under;
* [`pairs`]: same-story decisions on rated pairs of articles, in one language and across two
  (SemEval-2022 task 8);
* [`evidence`]: figures, voices and dates found in articles, against a hand-made gold set.
* [`bias`]: loaded-language indicators against BASIL's lexical-bias spans (span P/R/F1).
*/
#![warn(missing_docs)]

pub mod bias;
pub mod cluster;
mod error;
pub mod evidence;
pub mod extract;
mod gold;
pub mod pairs;
pub mod sentences;
pub mod summary;

pub use error::EvalError;
