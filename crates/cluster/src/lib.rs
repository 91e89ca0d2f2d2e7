/*!
Streaming same-story clustering.

Articles arrive one at a time, in publication order (ingest order when undated). Each is
turned into sparse [`ArticleFeatures`] (stems of title and body, named-entity phrases and
numbers, the publication time) and handed to [`Clusterer::add`], which either files it under
the best-matching open story or starts a new one, and says which in an [`Assignment`].
Nothing is ever re-run over the whole batch: the cost of one article depends on the stories
it shares rare terms with, not on how many stories exist, because candidates come from an
inverted index over open stories only, and a story closes (and leaves the index) after a
quiet window without new articles.

Decisions are deterministic: the same articles in the same order give the same stories and
the same [`StoryId`]s. No decision depends on hash-map iteration order or on randomness.

```
use parallax_cluster::{ArticleFeatures, Clusterer, Config};

let mut clusterer = Clusterer::new(Config::default());
let a = ArticleFeatures::from_parts(
    Some("Flood waters close the Elbe bridge in Dresden"),
    "Police in Dresden closed the Elbe bridge on Monday as flood waters kept rising.",
    None,
    None,
);
let b = ArticleFeatures::from_parts(
    Some("Dresden shuts Elbe crossing as river floods"),
    "The Elbe bridge in Dresden was shut by police because the flood kept rising.",
    None,
    None,
);
let first = clusterer.add(&a);
let second = clusterer.add(&b);
assert!(first.new_story);
assert_eq!(second.story, first.story);
```
*/
#![warn(missing_docs)]

mod clusterer;
mod features;
mod framing;
mod idf;
mod stopwords;
mod topics;

pub use crate::clusterer::SnapshotError;
pub use crate::clusterer::{Assignment, Clusterer, Config, StoryId};
pub use crate::features::ArticleFeatures;
pub use crate::topics::{TopicAssignment, TopicConfig, TopicId, Topics};
/// The duration type of [`Config::quiet_window`] and [`Config::max_span`].
pub use chrono::TimeDelta;
