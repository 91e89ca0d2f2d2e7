/*!
The types every stage of Parallax shares, and nothing else: no I/O, no parsing.

Data flows through them in this order:

* a reader in `parallax-ingest` turns an input into [`Document`]s, each tagged with the
  [`Origin`] it came from (file, record, line);
* `parallax-analyse` turns a document into an [`Analysis`] (normalised text, language,
  [`Sentence`]s, terms, fingerprint);
* `parallax-store` keeps the result as an [`Article`];
* `parallax-cluster` files articles under stories and stories under topics, which the store
  lists as [`StorySummary`] and [`TopicSummary`], each page built from its [`Member`]s.
*/
#![warn(missing_docs)]

mod article;
mod document;
mod format;
mod story;
mod subscription;

pub use crate::article::{Article, ArticleId, ArticleSummary, Sentence};
pub use crate::document::{Document, Origin};
pub use crate::format::Format;
pub use crate::story::{Member, StorySummary, TopicSummary};
pub use crate::subscription::Subscription;
