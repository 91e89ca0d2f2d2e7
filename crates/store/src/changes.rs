//! What changed after a watermark: how a live view (the web river) follows the store that
//! other processes write.

use crate::db::params;
use crate::{Result, Store};

/// Stories touched by the articles stored after a watermark.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoryChanges {
    /// The new watermark: every article up to it has been read and filed under a story.
    /// Articles still waiting for the clusterer hold it back, so they are reported once they
    /// are filed.
    pub clustered_up_to: i64,
    /// Stories that gained articles, most recently changed last.
    pub stories: Vec<u64>,
    /// Stories folded into another one (which is in `stories`): a view should drop them.
    pub merged: Vec<u64>,
}

impl Store {
    /// The highest article sequence number (0 for an empty store).
    pub fn last_seq(&self) -> Result<i64> {
        self.conn.query_one("SELECT coalesce(max(seq), 0) FROM articles", &[], |r| r.get(0))
    }

    /// The watermark a live view starts from: every article up to it is filed under a
    /// story.
    pub fn clustered_up_to(&self) -> Result<i64> {
        let first_pending: Option<i64> =
            self.conn.query_one("SELECT min(seq) FROM articles WHERE story IS NULL", &[], |r| {
                r.get(0)
            })?;
        match first_pending {
            Some(pending) => Ok(pending - 1),
            None => self.last_seq(),
        }
    }

    /// Stories that articles stored after `after` joined, up to the first article the
    /// clusterer has not filed yet. Cheap when nothing changed: both reads use indexes.
    pub fn story_changes(&self, after: i64) -> Result<StoryChanges> {
        let first_pending: Option<i64> = self.conn.query_one(
            "SELECT min(seq) FROM articles WHERE story IS NULL AND seq > ?1",
            params![after],
            |r| r.get(0),
        )?;
        let up_to = match first_pending {
            Some(pending) => pending - 1,
            None => self.last_seq()?,
        };
        // Articles deleted or never filed below the watermark cannot move it back.
        let up_to = up_to.max(after);
        if up_to <= after {
            return Ok(StoryChanges { clustered_up_to: after, ..Default::default() });
        }
        let stories = self.conn.query(
            "SELECT story, max(seq) AS latest FROM articles
             WHERE seq > ?1 AND seq <= ?2 AND story IS NOT NULL
             GROUP BY story ORDER BY latest",
            params![after, up_to],
            |r| Ok(r.get::<i64>(0)? as u64),
        )?;
        let merged = self.conn.query(
            "SELECT m.story FROM story_merges m JOIN articles a ON a.id = m.article
             WHERE a.seq > ?1 AND a.seq <= ?2 ORDER BY m.story",
            params![after, up_to],
            |r| Ok(r.get::<i64>(0)? as u64),
        )?;
        Ok(StoryChanges { clustered_up_to: up_to, stories, merged })
    }
}

#[cfg(test)]
mod tests {
    use parallax_model::ArticleId;

    use super::*;
    use crate::articles::tests::{article, new};
    use crate::testdb::on_each_engine;

    #[test]
    fn changes_follow_the_clusterer_and_report_merges() {
        on_each_engine(|store| {
            assert_eq!(store.story_changes(0).unwrap(), StoryChanges::default());
            for i in 1..=4 {
                let a = article(&format!("a{i}"), None, &format!("Report number {i} was filed."));
                store.insert(&new(&a, i, &[])).unwrap();
            }
            // Nothing is filed yet: the watermark waits for the clusterer.
            assert_eq!(store.story_changes(0).unwrap().clustered_up_to, 0);
            for story in [10, 11] {
                store.set_story_topic(story, 1).unwrap();
            }
            store.assign_story(1, 10).unwrap();
            store.assign_story(2, 11).unwrap();
            store.assign_story(4, 10).unwrap();
            let changes = store.story_changes(0).unwrap();
            assert_eq!(changes.clustered_up_to, 2, "article 3 is still pending");
            assert_eq!(store.clustered_up_to().unwrap(), 2);
            assert_eq!(changes.stories, [10, 11]);
            assert!(changes.merged.is_empty());

            store.assign_story(3, 11).unwrap();
            store.merge_story(11, 10, &ArticleId("a3".into())).unwrap();
            let changes = store.story_changes(2).unwrap();
            assert_eq!(
                changes,
                StoryChanges { clustered_up_to: 4, stories: vec![10], merged: vec![11] }
            );
            assert_eq!(store.story_changes(4).unwrap().stories, Vec::<u64>::new());
        });
    }
}
