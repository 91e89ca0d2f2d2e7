//! Rendered story and topic pages, kept while what they were made from is unchanged.
//!
//! A comparison reads every article of a story and runs every extractor over it: tens to
//! hundreds of milliseconds for a large story, for a page that only changes when the story
//! gains an article or the outlet registry or variant lexicon is edited. Each entry carries
//! a stamp of those inputs (the story's or topic's summary row, which changes with every
//! article it gains, and the two files' sizes and times); a request whose stamp differs
//! renders afresh. Another process writing the store is seen through the summary row, so
//! the cache never serves a page older than the store.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use parallax_outlets::Axis;
use parallax_pipeline::Subject;
use parallax_store::Store;

use crate::error::ServeError;

/// Rendered pages kept; the least recently used goes first.
const CAPACITY: usize = 64;

/// What is rendered: a page or a JSON document, of a story or topic, along an axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    pub form: Form,
    pub subject: Subject,
    pub axis: Axis,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Form {
    Page,
    ComparisonJson,
}

/// What a rendering was made from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    subject: String,
    config: Vec<Option<(SystemTime, u64)>>,
}

impl Stamp {
    /// The current stamp of `subject` in `store` with the configuration files of `data`;
    /// `None` when there is no such story or topic.
    pub fn read(store: &Store, data: &Path, subject: Subject) -> Result<Option<Stamp>, ServeError> {
        // The summary rows change with every article, label or headline change.
        let row = match subject {
            Subject::Story(id) => store.story(id)?.map(|s| format!("{s:?}")),
            Subject::Topic(id) => store.topic(id)?.map(|t| format!("{t:?}")),
        };
        let config = [parallax_outlets::FILE_NAME, parallax_evidence::variants::FILE_NAME]
            .iter()
            .map(|name| {
                let meta = std::fs::metadata(data.join(name)).ok()?;
                Some((meta.modified().ok()?, meta.len()))
            })
            .collect();
        Ok(row.map(|subject| Stamp { subject, config }))
    }
}

struct Entry {
    stamp: Stamp,
    body: Arc<String>,
    used: u64,
}

#[derive(Default)]
pub(crate) struct RenderCache {
    entries: Mutex<(HashMap<Key, Entry>, u64)>,
}

impl RenderCache {
    /// The body rendered for `key` at `stamp`, if kept.
    pub fn get(&self, key: &Key, stamp: &Stamp) -> Option<Arc<String>> {
        let mut guard = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (entries, clock) = &mut *guard;
        *clock += 1;
        let entry = entries.get_mut(key).filter(|e| &e.stamp == stamp)?;
        entry.used = *clock;
        Some(entry.body.clone())
    }

    /// The kept renderings of `subjects`, most recently used first, at most `limit`: what
    /// is worth rendering again before anyone asks when those subjects change.
    pub fn kept_for(&self, subjects: &[Subject], limit: usize) -> Vec<Key> {
        let guard = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let mut keys: Vec<(u64, Key)> = guard
            .0
            .iter()
            .filter(|(k, _)| subjects.contains(&k.subject))
            .map(|(k, e)| (e.used, *k))
            .collect();
        keys.sort_by_key(|(used, _)| std::cmp::Reverse(*used));
        keys.into_iter().take(limit).map(|(_, k)| k).collect()
    }

    /// Forgets every rendering.
    pub fn clear(&self) {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).0.clear();
    }

    /// Keeps `body` as the rendering of `key` at `stamp`.
    pub fn put(&self, key: Key, stamp: Stamp, body: Arc<String>) {
        let mut guard = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (entries, clock) = &mut *guard;
        *clock += 1;
        entries.insert(key, Entry { stamp, body, used: *clock });
        if entries.len() > CAPACITY
            && let Some(oldest) = entries.iter().min_by_key(|(_, e)| e.used).map(|(k, _)| *k)
        {
            entries.remove(&oldest);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(s: &str) -> Stamp {
        Stamp { subject: s.into(), config: vec![None] }
    }

    #[test]
    fn a_changed_stamp_misses_and_the_least_recently_used_goes_first() {
        let cache = RenderCache::default();
        let key = |id| Key { form: Form::Page, subject: Subject::Story(id), axis: Axis::Outlet };
        cache.put(key(1), stamp("a"), Arc::new("one".into()));
        assert_eq!(cache.get(&key(1), &stamp("a")).as_deref().map(String::as_str), Some("one"));
        assert!(cache.get(&key(1), &stamp("b")).is_none(), "a story that grew is rendered again");
        assert!(cache.get(&key(2), &stamp("a")).is_none());
        for id in 2..=CAPACITY as u64 {
            cache.put(key(id), stamp("a"), Arc::new(id.to_string()));
        }
        // Story 1 was used last before the others: story 2 is now the oldest.
        assert!(cache.get(&key(1), &stamp("a")).is_some());
        cache.put(key(1000), stamp("a"), Arc::new("new".into()));
        assert!(cache.get(&key(2), &stamp("a")).is_none());
        assert!(cache.get(&key(1), &stamp("a")).is_some());
        assert!(cache.get(&key(1000), &stamp("a")).is_some());
        let kept = cache.kept_for(&[Subject::Story(1), Subject::Story(1000), Subject::Story(2)], 5);
        assert_eq!(kept, [key(1000), key(1)], "most recently used first, only kept ones");
        assert_eq!(cache.kept_for(&[Subject::Story(1), Subject::Story(1000)], 1), [key(1000)]);
    }
}
