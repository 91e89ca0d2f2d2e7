//! Saving the topic tracker's state and restoring it (see [`crate::Clusterer::snapshot`]
//! for the story clusterer's). The entity index and the time orderings are not stored:
//! they follow from the topics and are rebuilt on restore.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Profile, StoryEntry, Topic, TopicConfig, TopicId, Topics};
use crate::framing::{open, seal};
use crate::{SnapshotError, StoryId};

const MAGIC: &[u8; 4] = b"PXTP";
const VERSION: u32 = 1;

type WireTime = (i64, u32);

#[derive(Serialize, Deserialize)]
struct WireTopic {
    id: u64,
    entities: Vec<(u32, f32)>,
    stories: Vec<u64>,
    last: Option<WireTime>,
    last_seq: u64,
}

#[derive(Serialize, Deserialize)]
struct WireStory {
    id: u64,
    topic: u64,
    entities: Vec<(u32, f32)>,
    size: u32,
}

#[derive(Serialize, Deserialize)]
struct WireState {
    docs: u64,
    next_topic: u64,
    /// Entity strings by id.
    entities: Vec<String>,
    df: Vec<u32>,
    topics: Vec<WireTopic>,
    stories: Vec<WireStory>,
}

impl Topics {
    /// The whole state as bytes, for [`Topics::restore`]. The configuration is not included.
    pub fn snapshot(&self) -> Vec<u8> {
        let mut entities = vec![String::new(); self.df.len()];
        for (entity, &id) in &self.vocabulary {
            entities[id as usize] = entity.clone();
        }
        let pairs = |m: &Profile| m.iter().collect();
        let mut stories: Vec<WireStory> = self
            .stories
            .iter()
            .map(|(id, s)| WireStory {
                id: id.0,
                topic: s.topic.0,
                entities: pairs(&s.entities),
                size: s.size,
            })
            .collect();
        stories.sort_by_key(|s| s.id);
        let state = WireState {
            docs: self.docs,
            next_topic: self.next_topic,
            entities,
            df: self.df.clone(),
            topics: self
                .topics
                .iter()
                .map(|(id, t)| WireTopic {
                    id: id.0,
                    entities: pairs(&t.entities),
                    stories: t.stories.iter().map(|s| s.0).collect(),
                    last: t.last.map(|t| (t.timestamp(), t.timestamp_subsec_nanos())),
                    last_seq: t.last_seq,
                })
                .collect(),
            stories,
        };
        seal(MAGIC, VERSION, &state)
    }

    /// A tracker in the state saved by [`Topics::snapshot`], with `config`: fed the rest of
    /// the stream, it decides exactly as the one that wrote the snapshot would have.
    ///
    /// # Errors
    ///
    /// A [`SnapshotError`] when the bytes are not a topic snapshot of this format, or are
    /// truncated, corrupt or inconsistent; never panics on bad input.
    pub fn restore(config: TopicConfig, bytes: &[u8]) -> Result<Topics, SnapshotError> {
        let state: WireState = open(MAGIC, VERSION, bytes)?;
        let malformed = |m: &str| SnapshotError::Malformed(format!("topic snapshot: {m}"));
        if state.entities.len() != state.df.len() {
            return Err(malformed("vocabulary and frequencies differ in length"));
        }
        let known = state.entities.len();
        let check = |v: Vec<(u32, f32)>| -> Result<Profile, SnapshotError> {
            if v.iter().any(|&(e, _)| e as usize >= known) {
                return Err(malformed("unknown entity id"));
            }
            Ok(Profile::from_pairs(v))
        };
        let mut topics = Topics::new(config);
        topics.docs = state.docs;
        topics.next_topic = state.next_topic;
        topics.df = state.df;
        for (id, entity) in state.entities.into_iter().enumerate() {
            if !entity.is_empty() {
                topics.vocabulary.insert(entity, id as u32);
            }
        }
        for t in state.topics {
            let id = TopicId(t.id);
            if id.0 >= topics.next_topic {
                return Err(malformed("topic id beyond the next id"));
            }
            let last = match t.last {
                None => None,
                Some((secs, nanos)) => Some(
                    DateTime::<Utc>::from_timestamp(secs, nanos)
                        .ok_or_else(|| malformed("time out of range"))?,
                ),
            };
            let topic = Topic {
                entities: check(t.entities)?,
                stories: t.stories.into_iter().map(StoryId).collect::<BTreeSet<_>>(),
                last,
                last_seq: t.last_seq,
            };
            for e in topic.entities.ids() {
                topics.postings.entry(e).or_default().insert(id);
            }
            if let Some(last) = last {
                topics.by_time.insert((last, id));
            }
            topics.by_seq.insert((topic.last_seq, id));
            topics.topics.insert(id, topic);
        }
        let mut stories = HashMap::new();
        for s in state.stories {
            let topic = TopicId(s.topic);
            if !topics.topics.get(&topic).is_some_and(|t| t.stories.contains(&StoryId(s.id))) {
                return Err(malformed("story filed under a topic that does not list it"));
            }
            stories.insert(
                StoryId(s.id),
                StoryEntry { topic, entities: check(s.entities)?, size: s.size },
            );
        }
        topics.stories = stories;
        Ok(topics)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{run_split, stream};
    use super::*;

    #[test]
    fn split_streams_decide_as_one() {
        let articles = stream();
        let whole = run_split(&articles, None);
        for at in 0..=articles.len() {
            assert_eq!(run_split(&articles, Some(at)), whole, "split at {at}");
        }
    }

    #[test]
    fn bad_snapshots_are_refused() {
        let topics = Topics::new(TopicConfig::default());
        let bytes = topics.snapshot();
        assert!(Topics::restore(TopicConfig::default(), &bytes).is_ok());
        for len in 0..bytes.len() {
            assert!(Topics::restore(TopicConfig::default(), &bytes[..len]).is_err());
        }
        let mut flipped = bytes.clone();
        flipped[9] ^= 0x40;
        assert!(Topics::restore(TopicConfig::default(), &flipped).is_err());
        assert!(matches!(
            Topics::restore(TopicConfig::default(), b"PXCL\x01\0\0\0\0\0\0\0\0\0\0\0"),
            Err(SnapshotError::NotASnapshot)
        ));
    }
}
