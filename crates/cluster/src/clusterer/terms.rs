//! The vocabulary: term strings and their ids, document frequencies, and IDF.

use std::collections::BTreeSet;
use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

use crate::idf::IdfTable;

/// Marks a cached IDF as not computed for the current article.
const STALE: u64 = u64::MAX;
/// Document frequencies below this have their IDF memoised per article.
const MEMO: usize = 1024;

#[derive(Clone, Copy)]
struct Stat {
    /// Articles that contained the term.
    df: u32,
    /// IDF as of `idf_at` articles (valid while `idf_at == docs`).
    idf: f32,
    idf_at: u64,
    /// Sequence number of the last article that contained the term.
    last_seen: u64,
}

impl Stat {
    const NEW: Stat = Stat { df: 0, idf: 0.0, idf_at: STALE, last_seen: 0 };
}

/// Term (stem, or entity key with a leading `\u{1}`) ↔ id, with per-term statistics.
///
/// Ids are handed out in order of first sight; an id freed by [`Terms::prune`] is reused
/// (smallest first) by the next new term. The hash table is only ever probed, never
/// iterated, so its random seed cannot change a decision.
pub(super) struct Terms {
    /// Term by id; empty for a free id.
    names: Vec<Box<str>>,
    /// The ids of the terms in use, hashed by their names.
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
    stats: Vec<Stat>,
    /// Free ids.
    free: BTreeSet<u32>,
    /// IDF by document frequency for small frequencies: one logarithm per distinct
    /// frequency and article.
    memo: IdfTable,
    /// Articles seen.
    pub(super) docs: u64,
}

impl Terms {
    pub(super) fn new() -> Terms {
        Terms {
            names: Vec::new(),
            table: HashTable::new(),
            hasher: DefaultHashBuilder::default(),
            stats: Vec::new(),
            free: BTreeSet::new(),
            memo: IdfTable::new(MEMO),
            docs: 0,
        }
    }

    /// The term of an id (for diagnostics).
    #[cfg(test)]
    pub(super) fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// Terms in use.
    pub(super) fn len(&self) -> usize {
        self.names.len() - self.free.len()
    }

    /// One past the largest id.
    pub(super) fn id_bound(&self) -> usize {
        self.names.len()
    }

    /// The term's id, assigning the next one to a term not seen before.
    pub(super) fn id(&mut self, key: &str) -> u32 {
        let Terms { names, table, hasher, stats, free, .. } = self;
        let hash = hasher.hash_one(key);
        if let Some(&id) = table.find(hash, |&id| &*names[id as usize] == key) {
            return id;
        }
        let id = match free.pop_first() {
            Some(id) => {
                names[id as usize] = key.into();
                stats[id as usize] = Stat::NEW;
                id
            }
            None => {
                names.push(key.into());
                stats.push(Stat::NEW);
                (names.len() - 1) as u32
            }
        };
        table.insert_unique(hash, id, |&id| hasher.hash_one(&*names[id as usize]));
        id
    }

    /// Counts one more article (sequence number `seq`) containing the term.
    pub(super) fn seen(&mut self, id: u32, seq: u64) {
        let s = &mut self.stats[id as usize];
        s.df += 1;
        s.last_seen = seq;
        s.idf_at = STALE;
    }

    /// `ln((1 + N) / (1 + df)) + 1` for N articles seen, computed once per term and article.
    pub(super) fn idf(&mut self, id: u32) -> f32 {
        let docs = self.docs;
        let s = &mut self.stats[id as usize];
        if s.idf_at != docs {
            s.idf = self.memo.get(s.df, docs);
            s.idf_at = docs;
        }
        s.idf
    }

    /// Forgets the terms that only one article ever contained, before sequence number
    /// `before`, unless `keep` says they are still in use; returns how many.
    pub(super) fn prune(&mut self, before: u64, keep: &[bool]) -> usize {
        let Terms { names, table, hasher, stats, free, .. } = self;
        let mut pruned = 0;
        for id in 0..names.len() {
            let s = stats[id];
            if names[id].is_empty()
                || s.df > 1
                || s.last_seen >= before
                || keep.get(id).copied().unwrap_or(false)
            {
                continue;
            }
            let hash = hasher.hash_one(&*names[id]);
            if let Ok(entry) = table.find_entry(hash, |&other| other as usize == id) {
                entry.remove();
            }
            names[id] = Box::from("");
            stats[id] = Stat::NEW;
            free.insert(id as u32);
            pruned += 1;
        }
        pruned
    }

    /// Term, document frequency and last sighting per id ("" for a free id), for snapshots.
    pub(super) fn export(&self) -> impl Iterator<Item = (&str, u32, u64)> {
        self.names.iter().zip(&self.stats).map(|(n, s)| (&**n, s.df, s.last_seen))
    }

    /// The terms as [`Terms::export`] gave them; `None` when a term appears twice.
    pub(super) fn import(
        entries: impl IntoIterator<Item = (String, u32, u64)>,
        docs: u64,
    ) -> Option<Terms> {
        let mut terms = Terms::new();
        terms.docs = docs;
        for (name, df, last_seen) in entries {
            let id = terms.names.len() as u32;
            let stat = Stat { df, last_seen, ..Stat::NEW };
            if name.is_empty() {
                terms.free.insert(id);
            } else {
                let Terms { names, table, hasher, .. } = &mut terms;
                let hash = hasher.hash_one(name.as_str());
                if table.find(hash, |&other| *names[other as usize] == *name).is_some() {
                    return None;
                }
                table.insert_unique(hash, id, |&other| hasher.hash_one(&*names[other as usize]));
            }
            terms.names.push(name.into_boxed_str());
            terms.stats.push(stat);
        }
        Some(terms)
    }

    /// True when `id` names a term in use.
    pub(super) fn in_use(&self, id: u32) -> bool {
        self.names.get(id as usize).is_some_and(|n| !n.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_order_of_first_sight_and_reused_after_pruning() {
        let mut t = Terms::new();
        assert_eq!((t.id("flood"), t.id("dam"), t.id("flood")), (0, 1, 0));
        t.seen(0, 0);
        t.seen(1, 0);
        t.seen(0, 5);
        // "dam" was seen once, at 0; "flood" twice.
        assert_eq!(t.prune(1, &[]), 1);
        assert_eq!(t.len(), 1);
        assert!(!t.in_use(1) && t.in_use(0));
        assert_eq!(t.id("river"), 1);
        assert_eq!(t.id("dam"), 2);
        assert_eq!(t.id("flood"), 0);
        // Kept while in use.
        t.seen(1, 6);
        assert_eq!(t.prune(100, &[false, true]), 1);
        assert_eq!(t.id("river"), 1);
    }

    #[test]
    fn idf_is_recomputed_when_counts_change() {
        let mut t = Terms::new();
        let a = t.id("a");
        t.docs = 1;
        t.seen(a, 0);
        assert_eq!(t.idf(a), (2.0f32 / 2.0).ln() + 1.0);
        t.docs = 3;
        assert_eq!(t.idf(a), (4.0f32 / 2.0).ln() + 1.0);
        t.seen(a, 2);
        assert_eq!(t.idf(a), (4.0f32 / 3.0).ln() + 1.0);
    }
}
