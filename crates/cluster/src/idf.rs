//! Inverse document frequency, shared by the story clusterer's terms and the topic tracker's
//! entities.

/// `ln((1 + N) / (1 + df)) + 1` for a term that `df` of `N` documents contain.
pub(crate) fn idf(df: u32, documents: u64) -> f32 {
    ((1.0 + documents as f32) / (1.0 + df as f32)).ln() + 1.0
}

/// [`idf`] memoised by document frequency. The value depends on the two counts alone, and
/// most terms share a few small frequencies, so while `N` stays put each frequency costs one
/// logarithm however many terms have it (a topic's norm walks up to a hundred entities
/// for each candidate topic). The same expression on the same counts: the same value as [`idf`].
#[derive(Clone, Debug)]
pub(crate) struct IdfTable {
    /// `(N, value)` by document frequency, for frequencies below the table's length.
    by_df: Vec<(u64, f32)>,
}

/// Marks an entry as never computed (no collection holds `u64::MAX` documents).
const UNSET: (u64, f32) = (u64::MAX, 0.0);

impl IdfTable {
    /// A table memoising frequencies below `frequencies`; higher ones are computed each time.
    pub(crate) fn new(frequencies: usize) -> IdfTable {
        IdfTable { by_df: vec![UNSET; frequencies] }
    }

    /// [`idf`]`(df, documents)`.
    pub(crate) fn get(&mut self, df: u32, documents: u64) -> f32 {
        match self.by_df.get_mut(df as usize) {
            Some(entry) if entry.0 == documents => entry.1,
            Some(entry) => {
                *entry = (documents, idf(df, documents));
                entry.1
            }
            None => idf(df, documents),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memoised_values_follow_both_counts() {
        let mut table = IdfTable::new(4);
        assert_eq!(table.get(1, 1), (2.0f32 / 2.0).ln() + 1.0);
        assert_eq!(table.get(1, 3), (4.0f32 / 2.0).ln() + 1.0);
        assert_eq!(table.get(2, 3), (4.0f32 / 3.0).ln() + 1.0);
        // Past the table: computed, not stored.
        assert_eq!(table.get(9, 20), idf(9, 20));
        assert_eq!(table.get(1, 3), idf(1, 3));
    }
}
