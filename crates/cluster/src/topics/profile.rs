//! An entity profile: accumulated entity mass, sorted by entity id.
//!
//! A sorted vector rather than a `BTreeMap`: the tracker scores every candidate topic by
//! walking its whole profile (its norm) and looking the article's few entities up in it,
//! and both are faster over contiguous memory. Sums run in id order as they did over the
//! map, so every score, and every decision, is the same.

use crate::clusterer::merge_add;

/// Entity mass by entity id, sorted by id, each id once.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Profile(Vec<(u32, f32)>);

impl Profile {
    /// A profile from `(id, mass)` pairs in any order; of repeated ids the last one counts.
    pub(super) fn from_pairs(mut pairs: Vec<(u32, f32)>) -> Profile {
        pairs.reverse();
        // Stable: of equal ids, the one given last now comes first and is kept.
        pairs.sort_by_key(|&(e, _)| e);
        pairs.dedup_by_key(|&mut (e, _)| e);
        Profile(pairs)
    }

    pub(super) fn len(&self) -> usize {
        self.0.len()
    }

    pub(super) fn get(&self, id: u32) -> Option<f32> {
        self.0.binary_search_by_key(&id, |&(e, _)| e).ok().map(|i| self.0[i].1)
    }

    /// `(id, mass)` in id order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, f32)> + '_ {
        self.0.iter().copied()
    }

    pub(super) fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().map(|&(e, _)| e)
    }

    /// Adds `weight(mass)` for each `(id, mass)` of `other` (sorted by id); answers the ids
    /// that were not in the profile before.
    pub(super) fn add(
        &mut self,
        other: impl Iterator<Item = (u32, f32)>,
        weight: impl Fn(f32) -> f32,
    ) -> Vec<u32> {
        let mut added = Vec::new();
        merge_add(&mut self.0, other.map(|(e, m)| (e, weight(m))), Some(&mut added));
        added
    }

    /// Removes the given ids, which are sorted.
    pub(super) fn remove_all(&mut self, sorted: &[u32]) {
        debug_assert!(sorted.is_sorted());
        self.0.retain(|(e, _)| sorted.binary_search(e).is_err());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_merge_in_id_order_and_report_new_ids() {
        let mut p = Profile::from_pairs(vec![(5, 1.0), (2, 0.5), (5, 2.0)]);
        assert_eq!(p.iter().collect::<Vec<_>>(), [(2, 0.5), (5, 2.0)]);
        let added = p.add([(1, 1.0), (5, 1.0), (9, 4.0)].into_iter(), |m| m / 2.0);
        assert_eq!(added, [1, 9]);
        assert_eq!(p.iter().collect::<Vec<_>>(), [(1, 0.5), (2, 0.5), (5, 2.5), (9, 2.0)]);
        assert_eq!((p.get(5), p.get(3), p.len()), (Some(2.5), None, 4));
        p.remove_all(&[1, 9]);
        assert_eq!(p.ids().collect::<Vec<_>>(), [2, 5]);
        assert!(p.add(std::iter::empty(), |m| m).is_empty());
        assert_eq!(p.len(), 2);
    }
}
