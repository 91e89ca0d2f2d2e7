//! The clustering pass's writes, a batch at a time: which story each article is filed
//! under, which topic each story is under, and the document counts of terms that pages
//! weigh sentences with.
//!
//! On SQLite each row is its own statement, which costs nothing but the statement; on
//! PostgreSQL a batch is one statement with its rows passed as arrays, because there every
//! statement is a round trip to the server, and one per article per call made the
//! clustering pass several times slower than on SQLite.

use std::collections::HashMap;

use crate::db::{Param, params};
use crate::{Result, Store};

/// The term that holds the number of documents counted in `term_documents`.
const DOCUMENTS_KEY: &str = "";

impl Store {
    /// Files each article (by row number) under its story.
    pub fn assign_stories(&mut self, filed: &[(i64, u64)]) -> Result<()> {
        if filed.is_empty() {
            return Ok(());
        }
        if self.conn.is_postgres() {
            let seqs: Vec<i64> = filed.iter().map(|&(seq, _)| seq).collect();
            let stories: Vec<i64> = filed.iter().map(|&(_, story)| story as i64).collect();
            self.conn.execute(
                "UPDATE articles a SET story = f.story
                 FROM unnest(?1::bigint[], ?2::bigint[]) AS f(seq, story) WHERE a.seq = f.seq",
                &[Param::Ints(&seqs), Param::Ints(&stories)],
            )?;
            return Ok(());
        }
        for &(seq, story) in filed {
            self.assign_story(seq, story)?;
        }
        Ok(())
    }

    /// Creates or moves each story under its topic (a story listed twice ends under the
    /// last); returns the topics that stories moved away from, each once.
    pub fn set_story_topics(&mut self, placed: &[(u64, u64)]) -> Result<Vec<u64>> {
        let mut last: HashMap<u64, u64> = HashMap::with_capacity(placed.len());
        let mut order = Vec::with_capacity(placed.len());
        for &(story, topic) in placed {
            if last.insert(story, topic).is_none() {
                order.push(story);
            }
        }
        let mut left = Vec::new();
        if self.conn.is_postgres() {
            if order.is_empty() {
                return Ok(left);
            }
            let stories: Vec<i64> = order.iter().map(|&s| s as i64).collect();
            let topics: Vec<i64> = order.iter().map(|s| last[s] as i64).collect();
            // The parts of one statement see the rows as they were before it, so `before`
            // reads the topics the stories leave.
            left = self.conn.query(
                "WITH placed AS (
                    SELECT * FROM unnest(?1::bigint[], ?2::bigint[]) AS p(story, topic)
                 ), before AS (
                    SELECT DISTINCT s.topic FROM stories s JOIN placed p ON p.story = s.id
                    WHERE s.topic IS NOT NULL AND s.topic <> p.topic
                 ), new_topics AS (
                    INSERT INTO topics (id) SELECT DISTINCT topic FROM placed
                    ON CONFLICT DO NOTHING
                 ), moved AS (
                    INSERT INTO stories (id, topic) SELECT story, topic FROM placed
                    ON CONFLICT (id) DO UPDATE SET topic = excluded.topic
                 )
                 SELECT topic FROM before",
                &[Param::Ints(&stories), Param::Ints(&topics)],
                |r| Ok(r.get::<i64>(0)? as u64),
            )?;
        } else {
            for story in order {
                left.extend(self.set_story_topic(story, last[&story])?);
            }
        }
        left.sort_unstable();
        left.dedup();
        Ok(left)
    }

    /// Adds document counts of terms (each article counts once per term) and the number of
    /// documents they came from.
    pub fn add_term_documents(
        &mut self,
        documents: u64,
        terms: &HashMap<String, u64>,
    ) -> Result<()> {
        const ADD: &str = "INSERT INTO term_documents (term, docs) VALUES (?1, ?2)
             ON CONFLICT (term) DO UPDATE SET docs = term_documents.docs + excluded.docs";
        self.conn.execute(ADD, params![DOCUMENTS_KEY, documents as i64])?;
        let counted = terms.iter().filter(|(term, _)| !term.is_empty());
        if self.conn.is_postgres() {
            let (names, docs): (Vec<&str>, Vec<i64>) =
                counted.map(|(term, &docs)| (term.as_str(), docs as i64)).unzip();
            self.conn.execute(
                "INSERT INTO term_documents (term, docs)
                 SELECT * FROM unnest(?1::text[], ?2::bigint[])
                 ON CONFLICT (term) DO UPDATE SET docs = term_documents.docs + excluded.docs",
                &[Param::Texts(&names), Param::Ints(&docs)],
            )?;
            return Ok(());
        }
        for (term, &docs) in counted {
            self.conn.execute(ADD, params![term, docs as i64])?;
        }
        Ok(())
    }

    /// The number of documents counted, and how many of them hold each of `terms` (terms
    /// never seen are left out).
    pub fn term_documents<'t>(
        &self,
        terms: impl IntoIterator<Item = &'t str>,
    ) -> Result<(u64, HashMap<String, u64>)> {
        const GET: &str = "SELECT docs FROM term_documents WHERE term = ?1";
        let documents = self
            .conn
            .query_opt(GET, params![DOCUMENTS_KEY], |r| r.get::<i64>(0))?
            .map_or(0, |d| d.max(0) as u64);
        let mut wanted: Vec<&str> = terms.into_iter().filter(|t| !t.is_empty()).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut out = HashMap::with_capacity(wanted.len());
        if self.conn.is_postgres() {
            let rows = self.conn.query(
                "SELECT term, docs FROM term_documents WHERE term = ANY(?1::text[])",
                &[Param::Texts(&wanted)],
                |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)?)),
            )?;
            out.extend(rows.into_iter().map(|(term, docs)| (term, docs.max(0) as u64)));
            return Ok((documents, out));
        }
        for term in wanted {
            if let Some(docs) = self.conn.query_opt(GET, params![term], |r| r.get::<i64>(0))? {
                out.insert(term.to_string(), docs.max(0) as u64);
            }
        }
        Ok((documents, out))
    }
}

#[cfg(test)]
mod tests {
    use parallax_model::ArticleId;

    use super::*;
    use crate::articles::tests::{article, new};
    use crate::testdb::on_each_engine;

    #[test]
    fn batches_file_articles_and_move_stories_between_topics() {
        on_each_engine(|store| {
            for i in 1..=4 {
                let a = article(&format!("a{i}"), None, &format!("Report number {i}."));
                store.insert(&new(&a, i, &[])).unwrap();
            }
            assert!(store.set_story_topics(&[]).unwrap().is_empty());
            store.assign_stories(&[]).unwrap();
            // New stories leave no topic; a story listed twice ends under the last.
            let left = store.set_story_topics(&[(10, 1), (11, 1), (10, 2)]).unwrap();
            assert!(left.is_empty(), "{left:?}");
            assert_eq!(store.story(10).unwrap().unwrap().topic, 2);
            store.assign_stories(&[(1, 10), (2, 11), (3, 10)]).unwrap();
            let story_of = |store: &Store, id: &str| store.story_of(&ArticleId(id.into())).unwrap();
            assert_eq!(
                ["a1", "a2", "a3", "a4"].map(|id| story_of(store, id)),
                [Some(10), Some(11), Some(10), None]
            );
            // At once: unfiled and unknown ids are left out.
            let at_once = store.stories_of(&["a1", "a2", "a4", "nobody", "a1"]).unwrap();
            let expected: HashMap<String, u64> = [("a1".into(), 10), ("a2".into(), 11)].into();
            assert_eq!(at_once, expected);
            assert!(store.stories_of(&[]).unwrap().is_empty());
            // Moving both stories reports each topic left once; staying put reports none.
            let left = store.set_story_topics(&[(10, 3), (11, 3), (12, 3)]).unwrap();
            assert_eq!(left, [1, 2]);
            assert!(store.set_story_topics(&[(10, 3)]).unwrap().is_empty());
            assert_eq!(store.pending_count().unwrap(), 1);
        });
    }

    #[test]
    fn term_documents_add_up_across_batches() {
        on_each_engine(|store| {
            assert_eq!(store.term_documents(["siege"]).unwrap(), (0, HashMap::new()));
            let counts = |pairs: &[(&str, u64)]| -> HashMap<String, u64> {
                pairs.iter().map(|&(t, n)| (t.to_string(), n)).collect()
            };
            let odd = "kyïv's 'port' ?1 $1";
            store.add_term_documents(2, &counts(&[("siege", 2), (odd, 1), ("", 9)])).unwrap();
            store.add_term_documents(1, &counts(&[("siege", 1)])).unwrap();
            store.add_term_documents(0, &HashMap::new()).unwrap();
            let (documents, found) =
                store.term_documents(["siege", odd, "absent", "siege", ""]).unwrap();
            assert_eq!(documents, 3);
            assert_eq!(found, counts(&[("siege", 3), (odd, 1)]));
        });
    }
}
