use std::collections::HashMap;

use chrono::{DateTime, Utc};
use parallax_model::{ArticleId, Member, StorySummary, TopicSummary};

use crate::articles::{parse_time, timestamp};
use crate::db::{Param, Row, params};
use crate::{Result, Store};

/// An article that has not been filed under a story yet, with what the clusterer reads.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingArticle {
    /// Its row number (ingest order).
    pub seq: i64,
    /// Its id.
    pub id: ArticleId,
    /// The headline.
    pub title: Option<String>,
    /// The normalised body.
    pub text: String,
    /// Language code.
    pub language: Option<String>,
    /// Publication time.
    pub published: Option<DateTime<Utc>>,
    /// The original it is a syndicated copy of.
    pub syndicated_of: Option<ArticleId>,
}

/// The clusterers' saved state: opaque snapshots written by the clustering stage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClusteringState {
    /// The story clusterer's snapshot.
    pub stories: Vec<u8>,
    /// The topic tracker's snapshot.
    pub topics: Vec<u8>,
    /// Articles clustered so far.
    pub articles: u64,
}

/// The articles of a story or topic, in publication order. A page needs every article's
/// headline, outlet and date, but the sentences of a sample only: when there are more than
/// the sample size asked for, only evenly spaced articles (every phase of a long story) have
/// their sentences loaded, and `sampled` says which.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Members {
    /// Every article.
    pub all: Vec<Member>,
    /// Indices into `all` of the articles whose sentences were loaded, in order.
    pub sampled: Vec<usize>,
}

impl Members {
    /// The articles whose sentences were loaded.
    pub fn sample(&self) -> Vec<&Member> {
        self.sampled.iter().map(|&i| &self.all[i]).collect()
    }
}

/// Which stories [`Store::stories`] lists.
#[derive(Clone, Debug, Default)]
pub struct StoryFilter {
    /// Only stories of this topic.
    pub topic: Option<u64>,
    /// Only stories with at least this many articles.
    pub min_articles: Option<u64>,
    /// Only stories whose last article was published at or after this.
    pub since: Option<DateTime<Utc>>,
    /// At most this many.
    pub limit: Option<usize>,
}

/// Stories and topics up to this size have their heading chosen after every change.
pub const FRESH_HEADING: u64 = 8;

const STORY_COLUMNS: &str =
    "id, label, headline, topic, articles, outlets, first_published, last_published, merged_into";

const TOPIC_COLUMNS: &str =
    "id, label, headline, stories, articles, outlets, first_published, last_published";

/// The outlet's name as the store reports it (see `Store::articles`).
const OUTLET: &str = "coalesce(n.name, a.outlet, a.domain)";

/// What tells outlets apart when counting them: an article without any counts as an
/// outlet of its own.
const OUTLET_KEY: &str = "coalesce(n.name, a.outlet, a.domain, '#' || a.id)";

impl Store {
    /// Up to `limit` articles not yet filed under a story, in clustering order: undated ones
    /// first, then by publication time (capture time for crawled pages), then ingest order.
    pub fn pending_articles(&self, limit: usize) -> Result<Vec<PendingArticle>> {
        // Undated first: SQLite's default NULL order, which PostgreSQL must be told.
        // SQLite is told its index too: without statistics its planner takes `story IS NULL`
        // for a selective look-up in `articles_story` and sorts every unfiled article, text
        // and all, to return the first `limit` — each chunk of a pass then cost as much as
        // all the articles still unfiled, and a pass over a large backlog grew quadratic.
        let sql = if self.conn.is_postgres() {
            "SELECT seq, id, title, text, language, published, syndicated_of FROM articles
             WHERE story IS NULL ORDER BY coalesce(published, captured) NULLS FIRST, seq LIMIT ?1"
        } else {
            "SELECT seq, id, title, text, language, published, syndicated_of
             FROM articles INDEXED BY articles_pending
             WHERE story IS NULL ORDER BY coalesce(published, captured), seq LIMIT ?1"
        };
        let rows =
            self.conn.query(sql, params![i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get::<Option<String>>(5)?,
                    r.get::<Option<String>>(6)?,
                ))
            })?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(PendingArticle {
                seq: r.0,
                id: ArticleId(r.1),
                title: r.2,
                text: r.3,
                language: r.4,
                published: parse_time(r.5)?,
                syndicated_of: r.6.map(ArticleId),
            });
        }
        Ok(out)
    }

    /// Number of articles not yet filed under a story.
    pub fn pending_count(&self) -> Result<u64> {
        let n: i64 =
            self.conn.query_one("SELECT count(*) FROM articles WHERE story IS NULL", &[], |r| {
                r.get(0)
            })?;
        Ok(n.max(0) as u64)
    }

    /// The story an article is filed under, if any.
    pub fn story_of(&self, id: &ArticleId) -> Result<Option<u64>> {
        let story = self.conn.query_opt(
            "SELECT story FROM articles WHERE id = ?1",
            params![id.as_str()],
            |r| r.get::<Option<i64>>(0),
        )?;
        Ok(story.flatten().map(|s| s as u64))
    }

    /// The stories of those of `ids` that are filed under one: one query on PostgreSQL (a
    /// round trip for all), an indexed look-up per id on SQLite.
    pub fn stories_of(&self, ids: &[&str]) -> Result<HashMap<String, u64>> {
        let filed = |r: &Row<'_>| Ok((r.get::<String>(0)?, r.get::<i64>(1)? as u64));
        if self.conn.is_postgres() {
            let rows = self.conn.query(
                "SELECT id, story FROM articles WHERE id = ANY(?1) AND story IS NOT NULL",
                &[Param::Texts(ids)],
                filed,
            )?;
            return Ok(rows.into_iter().collect());
        }
        let mut out = HashMap::with_capacity(ids.len());
        for id in ids {
            let row = self.conn.query_opt(
                "SELECT id, story FROM articles WHERE id = ?1 AND story IS NOT NULL",
                params![*id],
                filed,
            )?;
            out.extend(row);
        }
        Ok(out)
    }

    /// Files an article (by row number) under a story.
    pub fn assign_story(&mut self, seq: i64, story: u64) -> Result<()> {
        self.conn
            .execute("UPDATE articles SET story = ?2 WHERE seq = ?1", params![seq, story as i64])?;
        Ok(())
    }

    /// Creates a story, or moves it, under `topic`; returns the topic it was under before.
    pub fn set_story_topic(&mut self, story: u64, topic: u64) -> Result<Option<u64>> {
        let before: Option<i64> = self.conn.query_opt(
            "SELECT topic FROM stories WHERE id = ?1",
            params![story as i64],
            |r| r.get(0),
        )?;
        self.conn.execute(
            "INSERT INTO topics (id) VALUES (?1) ON CONFLICT DO NOTHING",
            params![topic as i64],
        )?;
        self.conn.execute(
            "INSERT INTO stories (id, topic) VALUES (?1, ?2)
             ON CONFLICT (id) DO UPDATE SET topic = excluded.topic",
            params![story as i64, topic as i64],
        )?;
        Ok(before.map(|t| t as u64).filter(|&t| t != topic))
    }

    /// Records that `story` turned out to be the same as `into` when `article` came: its
    /// articles move to `into`, and it stays listed as merged.
    pub fn merge_story(&mut self, story: u64, into: u64, article: &ArticleId) -> Result<()> {
        self.conn.execute(
            "UPDATE articles SET story = ?2 WHERE story = ?1",
            params![story as i64, into as i64],
        )?;
        self.conn.execute(
            "UPDATE stories SET merged_into = ?2 WHERE id = ?1",
            params![story as i64, into as i64],
        )?;
        // An upsert, not INSERT OR REPLACE (SQLite only): nothing references story_merges,
        // so replacing the row and updating it in place are the same.
        self.conn.execute(
            "INSERT INTO story_merges (story, into_story, article) VALUES (?1, ?2, ?3)
             ON CONFLICT (story) DO UPDATE SET into_story = excluded.into_story,
                article = excluded.article",
            params![story as i64, into as i64, article.as_str()],
        )?;
        Ok(())
    }

    /// Brings the query planner's statistics of articles and stories up to date after an
    /// ingest or a pass changed many articles. PostgreSQL plans the recounts by `story`
    /// from statistics gathered when the column was still empty, and a stale plan scanned
    /// every article for each story: seconds per thousand stories. Likewise statistics
    /// from before a large ingest had it sort the whole backlog for each chunk of
    /// [`Store::pending_articles`]. SQLite keeps no statistics to refresh.
    pub fn refresh_filing_statistics(&self) -> Result<()> {
        if self.conn.is_postgres() {
            self.conn.execute_batch("ANALYZE articles, stories, topics")?;
        }
        Ok(())
    }

    /// Recounts the articles, outlets and time span of the given stories, and of their
    /// topics (a topic left without stories is removed); returns those topics.
    pub fn refresh_stories(&mut self, ids: &[u64]) -> Result<Vec<u64>> {
        let counts = format!(
            "articles = (SELECT count(*) FROM articles a WHERE a.story = s.id),
             outlets = (SELECT count(DISTINCT {OUTLET_KEY}) FROM articles a
                        LEFT JOIN outlet_names n ON n.domain = a.domain WHERE a.story = s.id),
             first_published = (SELECT min(published) FROM articles a WHERE a.story = s.id),
             last_published = (SELECT max(published) FROM articles a WHERE a.story = s.id)"
        );
        let mut topics: Vec<u64> = if self.conn.is_postgres() {
            // One statement for all: a round trip per story was most of a pass's recount.
            let wanted: Vec<i64> = ids.iter().map(|&id| id as i64).collect();
            let sql = format!(
                "UPDATE stories s SET {counts} WHERE s.id = ANY(?1::bigint[]) RETURNING topic"
            );
            let rows =
                self.conn.query(&sql, &[Param::Ints(&wanted)], |r| r.get::<Option<i64>>(0))?;
            rows.into_iter().flatten().map(|t| t as u64).collect()
        } else {
            let sql = format!("UPDATE stories AS s SET {counts} WHERE s.id = ?1 RETURNING topic");
            let mut topics = Vec::new();
            for &id in ids {
                let topic: Option<Option<i64>> =
                    self.conn.query_opt(&sql, params![id as i64], |r| r.get(0))?;
                topics.extend(topic.flatten().map(|t| t as u64));
            }
            topics
        };
        topics.sort_unstable();
        topics.dedup();
        self.refresh_topics(&topics)?;
        Ok(topics)
    }

    /// Recounts the given topics; removes those left without stories.
    pub fn refresh_topics(&mut self, ids: &[u64]) -> Result<()> {
        // The sum is cast back to BIGINT: PostgreSQL sums BIGINTs into NUMERIC.
        let counts = format!(
            "stories = (SELECT count(*) FROM stories s WHERE s.topic = t.id AND s.merged_into IS NULL),
             articles = (SELECT CAST(coalesce(sum(articles), 0) AS BIGINT) FROM stories s
                         WHERE s.topic = t.id AND s.merged_into IS NULL),
             outlets = (SELECT count(DISTINCT {OUTLET_KEY}) FROM stories s
                        JOIN articles a ON a.story = s.id
                        LEFT JOIN outlet_names n ON n.domain = a.domain
                        WHERE s.topic = t.id AND s.merged_into IS NULL),
             first_published = (SELECT min(first_published) FROM stories s
                                WHERE s.topic = t.id AND s.merged_into IS NULL),
             last_published = (SELECT max(last_published) FROM stories s
                               WHERE s.topic = t.id AND s.merged_into IS NULL)"
        );
        const EMPTY: &str = "NOT EXISTS (SELECT 1 FROM stories s WHERE s.topic = t.id)";
        if self.conn.is_postgres() {
            let wanted: Vec<i64> = ids.iter().map(|&id| id as i64).collect();
            let wanted = [Param::Ints(&wanted)];
            let update = format!("UPDATE topics t SET {counts} WHERE t.id = ANY(?1::bigint[])");
            self.conn.execute(&update, &wanted)?;
            let delete = format!("DELETE FROM topics t WHERE t.id = ANY(?1::bigint[]) AND {EMPTY}");
            self.conn.execute(&delete, &wanted)?;
            return Ok(());
        }
        let update = format!("UPDATE topics AS t SET {counts} WHERE t.id = ?1");
        let delete = format!("DELETE FROM topics AS t WHERE t.id = ?1 AND {EMPTY}");
        for &id in ids {
            self.conn.execute(&update, params![id as i64])?;
            self.conn.execute(&delete, params![id as i64])?;
        }
        Ok(())
    }

    /// Sets a story's label and headline, chosen from its current articles.
    pub fn set_story_page(&mut self, id: u64, label: &str, headline: &str) -> Result<()> {
        self.set_pages("stories", &[(id, label, headline)])
    }

    /// Sets a topic's label and headline, chosen from its current articles.
    pub fn set_topic_page(&mut self, id: u64, label: &str, headline: &str) -> Result<()> {
        self.set_pages("topics", &[(id, label, headline)])
    }

    /// [`Store::set_story_page`] for many stories: (id, label, headline).
    pub fn set_story_pages(&mut self, pages: &[(u64, &str, &str)]) -> Result<()> {
        self.set_pages("stories", pages)
    }

    /// [`Store::set_topic_page`] for many topics.
    pub fn set_topic_pages(&mut self, pages: &[(u64, &str, &str)]) -> Result<()> {
        self.set_pages("topics", pages)
    }

    fn set_pages(&mut self, table: &str, pages: &[(u64, &str, &str)]) -> Result<()> {
        if self.conn.is_postgres() && pages.len() > 1 {
            let ids: Vec<i64> = pages.iter().map(|p| p.0 as i64).collect();
            let labels: Vec<&str> = pages.iter().map(|p| p.1).collect();
            let headlines: Vec<&str> = pages.iter().map(|p| p.2).collect();
            let sql = format!(
                "UPDATE {table} t SET label = p.label, headline = p.headline,
                    heading_size = t.articles
                 FROM unnest(?1::bigint[], ?2::text[], ?3::text[]) AS p(id, label, headline)
                 WHERE t.id = p.id"
            );
            let params = [Param::Ints(&ids), Param::Texts(&labels), Param::Texts(&headlines)];
            self.conn.execute(&sql, &params)?;
            return Ok(());
        }
        let sql = format!(
            "UPDATE {table} SET label = ?2, headline = ?3, heading_size = articles WHERE id = ?1"
        );
        for &(id, label, headline) in pages {
            self.conn.execute(&sql, params![id as i64, label, headline])?;
        }
        Ok(())
    }

    /// Of the given stories, those whose label and headline are due to be chosen again:
    /// small ones (up to [`FRESH_HEADING`] articles) always, larger ones each time they have
    /// doubled since the last choice, which rarely changes it then.
    pub fn stale_story_headings(&self, ids: &[u64]) -> Result<Vec<u64>> {
        self.stale_headings("stories", ids)
    }

    /// As [`Store::stale_story_headings`], for topics.
    pub fn stale_topic_headings(&self, ids: &[u64]) -> Result<Vec<u64>> {
        self.stale_headings("topics", ids)
    }

    fn stale_headings(&self, table: &str, ids: &[u64]) -> Result<Vec<u64>> {
        let due = format!("(articles <= {FRESH_HEADING} OR articles >= 2 * heading_size)");
        if self.conn.is_postgres() {
            let wanted: Vec<i64> = ids.iter().map(|&id| id as i64).collect();
            let sql = format!(
                "SELECT id FROM {table} WHERE id = ANY(?1::bigint[]) AND {due} ORDER BY id"
            );
            return self.conn.query(&sql, &[Param::Ints(&wanted)], |r| Ok(r.get::<i64>(0)? as u64));
        }
        let sql = format!("SELECT 1 FROM {table} WHERE id = ?1 AND {due}");
        let mut out = Vec::new();
        for &id in ids {
            if self.conn.query_opt(&sql, params![id as i64], |_| Ok(()))?.is_some() {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// The clusterers' state saved by the last committed pass.
    pub fn clustering_state(&self) -> Result<Option<ClusteringState>> {
        self.conn.query_opt(
            "SELECT stories, topics, articles FROM clustering WHERE id = 1",
            &[],
            |r| {
                Ok(ClusteringState {
                    stories: r.get(0)?,
                    topics: r.get(1)?,
                    articles: r.get::<i64>(2)?.max(0) as u64,
                })
            },
        )
    }

    /// Saves the clusterers' state (inside the pass's transaction, with its assignments).
    pub fn save_clustering_state(&mut self, state: &ClusteringState) -> Result<()> {
        self.conn.execute(
            "INSERT INTO clustering (id, stories, topics, articles) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET stories = excluded.stories,
                topics = excluded.topics, articles = excluded.articles",
            params![&state.stories, &state.topics, state.articles as i64],
        )?;
        Ok(())
    }

    /// Lists stories (merged ones left out), most recently active first.
    pub fn stories(&self, filter: &StoryFilter) -> Result<Vec<StorySummary>> {
        let mut sql = format!("SELECT {STORY_COLUMNS} FROM stories WHERE merged_into IS NULL");
        let since = filter.since.as_ref().map(timestamp);
        let mut args: Vec<Param<'_>> = Vec::new();
        if let Some(topic) = filter.topic {
            sql.push_str(" AND topic = ?");
            args.push(Param::Int(topic as i64));
        }
        if let Some(min) = filter.min_articles {
            sql.push_str(" AND articles >= ?");
            args.push(Param::Int(i64::try_from(min).unwrap_or(i64::MAX)));
        }
        if let Some(since) = &since {
            sql.push_str(" AND last_published >= ?");
            args.push(Param::from(since));
        }
        sql.push_str(" ORDER BY last_published IS NULL, last_published DESC, id DESC");
        if let Some(limit) = filter.limit {
            sql.push_str(" LIMIT ?");
            args.push(Param::Int(i64::try_from(limit).unwrap_or(i64::MAX)));
        }
        self.conn.query(&sql, &args, read_story)
    }

    /// One story (merged ones too: see [`StorySummary::merged_into`]).
    pub fn story(&self, id: u64) -> Result<Option<StorySummary>> {
        self.conn.query_opt(
            &format!("SELECT {STORY_COLUMNS} FROM stories WHERE id = ?1"),
            params![id as i64],
            read_story,
        )
    }

    /// The articles of a story, in publication order; see [`Members`] for which have their
    /// sentences (the first `sentences` of each, when given).
    pub fn story_members(
        &self,
        id: u64,
        sentences: Option<usize>,
        sample: usize,
    ) -> Result<Members> {
        self.members("a.story = ?1", id, sentences, sample)
    }

    /// Lists topics, most recently active first.
    pub fn topics(&self, limit: Option<usize>) -> Result<Vec<TopicSummary>> {
        let limit = limit.map_or(i64::MAX, |l| i64::try_from(l).unwrap_or(i64::MAX));
        self.conn.query(
            &format!(
                "SELECT {TOPIC_COLUMNS} FROM topics
                 ORDER BY last_published IS NULL, last_published DESC, id DESC LIMIT ?1"
            ),
            params![limit],
            read_topic,
        )
    }

    /// One topic.
    pub fn topic(&self, id: u64) -> Result<Option<TopicSummary>> {
        self.conn.query_opt(
            &format!("SELECT {TOPIC_COLUMNS} FROM topics WHERE id = ?1"),
            params![id as i64],
            read_topic,
        )
    }

    /// The articles of all stories of a topic, in publication order; see [`Members`] for
    /// which have their sentences (the first `sentences` of each, when given).
    pub fn topic_members(
        &self,
        id: u64,
        sentences: Option<usize>,
        sample: usize,
    ) -> Result<Members> {
        self.members(
            "a.story IN (SELECT s.id FROM stories s WHERE s.topic = ?1 AND s.merged_into IS NULL)",
            id,
            sentences,
            sample,
        )
    }

    fn members(
        &self,
        condition: &str,
        id: u64,
        sentences: Option<usize>,
        sample: usize,
    ) -> Result<Members> {
        let rows = self.conn.query(
            &format!(
                "SELECT CAST(0 AS BIGINT), {}
                 FROM articles a LEFT JOIN outlet_names n ON n.domain = a.domain
                 WHERE {condition}
                 ORDER BY a.published IS NULL, a.published, a.seq",
                member_columns()
            ),
            params![id as i64],
            read_member,
        )?;
        let (seqs, all): (Vec<i64>, Vec<Member>) = rows.into_iter().map(|(_, r)| r).unzip();
        let mut members = [(seqs, Members { sampled: sample_of(all.len(), sample), all })];
        self.add_sentences(&mut members, sentences)?;
        let [(_, members)] = members;
        Ok(members)
    }

    /// The members of many stories, in the order of `ids`, as [`Store::story_members`]
    /// reads each: on PostgreSQL in two round trips for all of them.
    pub fn story_members_of(
        &self,
        ids: &[u64],
        sentences: Option<usize>,
        sample: usize,
    ) -> Result<Vec<Members>> {
        self.members_of(
            |id| self.story_members(id, sentences, sample),
            "a.story",
            "FROM articles a LEFT JOIN outlet_names n ON n.domain = a.domain
             WHERE a.story = ANY(?1::bigint[])",
            ids,
            sentences,
            sample,
        )
    }

    /// The members of many topics, as [`Store::story_members_of`] for stories.
    pub fn topic_members_of(
        &self,
        ids: &[u64],
        sentences: Option<usize>,
        sample: usize,
    ) -> Result<Vec<Members>> {
        // Joining the stories keeps each article once: a story has one topic.
        self.members_of(
            |id| self.topic_members(id, sentences, sample),
            "s.topic",
            "FROM articles a JOIN stories s ON s.id = a.story
             LEFT JOIN outlet_names n ON n.domain = a.domain
             WHERE s.topic = ANY(?1::bigint[]) AND s.merged_into IS NULL",
            ids,
            sentences,
            sample,
        )
    }

    /// Of the given topics, those whose articles all belong to one story, each with that
    /// story: such a topic has exactly the story's articles, so it reads as the story does.
    pub fn single_story_topics(&self, ids: &[u64]) -> Result<HashMap<u64, u64>> {
        let live = "merged_into IS NULL AND articles > 0";
        let pairs: Vec<(i64, i64)> = if self.conn.is_postgres() {
            let wanted: Vec<i64> = ids.iter().map(|&id| id as i64).collect();
            self.conn.query(
                &format!(
                    "SELECT topic, min(id) FROM stories WHERE topic = ANY(?1::bigint[]) AND {live}
                     GROUP BY topic HAVING count(*) = 1"
                ),
                &[Param::Ints(&wanted)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
        } else {
            let sql = format!(
                "SELECT min(id) FROM stories WHERE topic = ?1 AND {live} HAVING count(*) = 1"
            );
            let mut pairs = Vec::new();
            for &id in ids {
                if let Some(story) = self.conn.query_opt(&sql, params![id as i64], |r| r.get(0))? {
                    pairs.push((id as i64, story));
                }
            }
            pairs
        };
        Ok(pairs.into_iter().map(|(topic, story)| (topic as u64, story as u64)).collect())
    }

    /// `one` reads one story's or topic's members (SQLite reads each so, its round trips
    /// cost nothing); on PostgreSQL, `group` is the column naming each row's story or
    /// topic and `from` the FROM and WHERE clauses with the ids as the array `?1`, and
    /// each group comes in the order [`Store::members`] reads one.
    fn members_of(
        &self,
        one: impl Fn(u64) -> Result<Members>,
        group: &str,
        from: &str,
        ids: &[u64],
        sentences: Option<usize>,
        sample: usize,
    ) -> Result<Vec<Members>> {
        if !self.conn.is_postgres() {
            return ids.iter().map(|&id| one(id)).collect();
        }
        let wanted: Vec<i64> = ids.iter().map(|&id| id as i64).collect();
        let rows = self.conn.query(
            &format!(
                "SELECT {group}, {} {from}
                 ORDER BY {group}, a.published IS NULL, a.published, a.seq",
                member_columns()
            ),
            &[Param::Ints(&wanted)],
            read_member,
        )?;
        let mut found: HashMap<i64, (Vec<i64>, Vec<Member>)> = HashMap::new();
        for (group, (seq, member)) in rows {
            let (seqs, all) = found.entry(group).or_default();
            seqs.push(seq);
            all.push(member);
        }
        let mut members: Vec<(Vec<i64>, Members)> = wanted
            .iter()
            .map(|id| {
                let (seqs, all) = found.remove(id).unwrap_or_default();
                (seqs, Members { sampled: sample_of(all.len(), sample), all })
            })
            .collect();
        self.add_sentences(&mut members, sentences)?;
        Ok(members.into_iter().map(|(_, m)| m).collect())
    }

    /// Reads the first `sentences` sentences (all when `None`) of each sampled member;
    /// `members` pairs each set with its articles' seqs.
    fn add_sentences(
        &self,
        members: &mut [(Vec<i64>, Members)],
        sentences: Option<usize>,
    ) -> Result<()> {
        // Not -1 for "no limit": PostgreSQL refuses a negative LIMIT.
        let limit = sentences.map_or(i64::MAX, |n| i64::try_from(n).unwrap_or(i64::MAX));
        if self.conn.is_postgres() {
            // One round trip for every sample, not one per article. Sentence numbers run
            // from 0 without gaps, so `idx < limit` keeps each article's first ones.
            let mut place: HashMap<i64, (usize, usize)> = HashMap::new();
            for (k, (seqs, m)) in members.iter().enumerate() {
                place.extend(m.sampled.iter().map(|&i| (seqs[i], (k, i))));
            }
            if place.is_empty() {
                return Ok(());
            }
            let mut wanted: Vec<i64> = place.keys().copied().collect();
            wanted.sort_unstable();
            let rows = self.conn.query(
                "SELECT article_seq, text FROM sentences
                 WHERE article_seq = ANY(?1::bigint[]) AND idx < ?2 ORDER BY article_seq, idx",
                &[Param::Ints(&wanted), Param::Int(limit)],
                |row| Ok((row.get::<i64>(0)?, row.get::<String>(1)?)),
            )?;
            for (seq, text) in rows {
                if let Some(&(k, i)) = place.get(&seq) {
                    members[k].1.all[i].sentences.push(text);
                }
            }
            return Ok(());
        }
        // `idx < ?2` rather than `LIMIT ?2`: SQLite re-prepares a statement each time a
        // LIMIT's parameter is bound, which was a tenth of the clustering thread's reads.
        for (seqs, m) in members {
            for &i in &m.sampled {
                m.all[i].sentences = self.conn.query(
                    "SELECT text FROM sentences WHERE article_seq = ?1 AND idx < ?2 ORDER BY idx",
                    params![seqs[i], limit],
                    |row| row.get::<String>(0),
                )?;
            }
        }
        Ok(())
    }
}

/// The columns [`read_member`] reads, after the group's id.
fn member_columns() -> String {
    format!(
        "a.seq, a.id, a.story, a.title, {OUTLET}, a.published, a.language, a.syndicated_of, a.domain"
    )
}

/// A row of [`member_columns`] after its group's id: (group, (seq, member)).
fn read_member(r: &Row<'_>) -> Result<(i64, (i64, Member))> {
    let member = Member {
        id: ArticleId(r.get(2)?),
        story: r.get::<i64>(3)? as u64,
        title: r.get(4)?,
        outlet: r.get(5)?,
        published: parse_time(r.get(6)?)?,
        language: r.get(7)?,
        syndicated_of: r.get::<Option<String>>(8)?.map(ArticleId),
        domain: r.get(9)?,
        sentences: Vec::new(),
    };
    Ok((r.get(0)?, (r.get(1)?, member)))
}

/// Which of `len` members get their sentences read: all up to `sample`, else `sample` of
/// them evenly spaced.
fn sample_of(len: usize, sample: usize) -> Vec<usize> {
    if len <= sample { (0..len).collect() } else { (0..sample).map(|i| i * len / sample).collect() }
}

fn read_story(r: &Row<'_>) -> Result<StorySummary> {
    Ok(StorySummary {
        id: r.get::<i64>(0)? as u64,
        label: r.get(1)?,
        headline: r.get(2)?,
        topic: r.get::<i64>(3)? as u64,
        articles: r.get::<i64>(4)?.max(0) as u64,
        outlets: r.get::<i64>(5)?.max(0) as u64,
        first_published: parse_time(r.get(6)?)?,
        last_published: parse_time(r.get(7)?)?,
        merged_into: r.get::<Option<i64>>(8)?.map(|m| m as u64),
    })
}

fn read_topic(r: &Row<'_>) -> Result<TopicSummary> {
    Ok(TopicSummary {
        id: r.get::<i64>(0)? as u64,
        label: r.get(1)?,
        headline: r.get(2)?,
        stories: r.get::<i64>(3)?.max(0) as u64,
        articles: r.get::<i64>(4)?.max(0) as u64,
        outlets: r.get::<i64>(5)?.max(0) as u64,
        first_published: parse_time(r.get(6)?)?,
        last_published: parse_time(r.get(7)?)?,
    })
}

#[cfg(test)]
mod tests {
    use parallax_model::Sentence;

    use super::Members;
    use crate::articles::tests::{article, new};
    use crate::testdb::on_each_engine;

    #[test]
    fn recounts_and_pages_of_many_stories_and_topics_at_once() {
        fn story(store: &crate::Store, id: u64) -> parallax_model::StorySummary {
            store.story(id).unwrap().unwrap()
        }
        on_each_engine(|store| {
            // Stories 10 (two articles) and 11 (one) in topic 1; story 12 (two) in topic 2.
            let outlets = ["Harbour Gazette", "Coastal Times", "Harbour Gazette", "A", "B"];
            for (i, (story, outlet)) in [10, 10, 11, 12, 12].into_iter().zip(outlets).enumerate() {
                let seq = i as i64 + 1;
                let mut a = article(&format!("r{seq}"), None, &format!("Report {seq}."));
                a.outlet = Some(outlet.into());
                store.insert(&new(&a, seq as u64, &[])).unwrap();
                store.assign_story(seq, story).unwrap();
            }
            for (story, topic) in [(10, 1), (11, 1), (12, 2)] {
                store.set_story_topic(story, topic).unwrap();
            }
            assert_eq!(store.refresh_stories(&[10, 11, 12]).unwrap(), [1, 2]);
            assert_eq!((story(store, 10).articles, story(store, 10).outlets), (2, 2));
            assert_eq!((story(store, 11).articles, story(store, 12).articles), (1, 2));
            let topic = store.topic(1).unwrap().unwrap();
            assert_eq!((topic.stories, topic.articles, topic.outlets), (2, 3, 2));
            // Topic 2 holds story 12 alone; topic 1 two stories; topic 7 none.
            let single = store.single_story_topics(&[1, 2, 7]).unwrap();
            assert_eq!(single, [(2, 12)].into_iter().collect());

            // Story 12 moves to topic 1: topic 2 is left empty and goes.
            store.set_story_topic(12, 1).unwrap();
            store.refresh_topics(&[1, 2]).unwrap();
            assert!(store.topic(2).unwrap().is_none());
            let topic = store.topic(1).unwrap().unwrap();
            assert_eq!((topic.stories, topic.articles, topic.outlets), (3, 5, 4));
            assert!(store.single_story_topics(&[1, 2]).unwrap().is_empty());

            // Many at once read as each alone: members in order, the same sample and
            // sentences; an id without articles has none.
            let ids = [12, 99, 10, 11];
            let one: Vec<Members> =
                ids.iter().map(|&id| store.story_members(id, Some(1), 1).unwrap()).collect();
            assert_eq!(store.story_members_of(&ids, Some(1), 1).unwrap(), one);
            assert_eq!(one.iter().map(|m| m.all.len()).collect::<Vec<_>>(), [2, 0, 2, 1]);
            assert_eq!(one[0].sample()[0].sentences, ["Report 4."]);
            let topics = [2, 1, 7];
            let one: Vec<Members> =
                topics.iter().map(|&id| store.topic_members(id, None, 4).unwrap()).collect();
            assert_eq!(store.topic_members_of(&topics, None, 4).unwrap(), one);
            assert_eq!(one.iter().map(|m| m.all.len()).collect::<Vec<_>>(), [0, 5, 0]);
            assert_eq!(one[1].sampled.len(), 4);

            store
                .set_story_pages(&[(10, "Harlow Bay", "Ferry fire"), (11, "Kessock", "Tow")])
                .unwrap();
            store.set_topic_pages(&[(1, "Saint Brenna", "Ferry fire")]).unwrap();
            assert_eq!(
                (story(store, 10).label, story(store, 10).headline),
                ("Harlow Bay".into(), "Ferry fire".into())
            );
            assert_eq!(
                (story(store, 11).label, story(store, 11).headline),
                ("Kessock".into(), "Tow".into())
            );
            assert_eq!(story(store, 12).label, "");
            assert_eq!(store.topic(1).unwrap().unwrap().label, "Saint Brenna");
            // Each page remembers the size it was chosen at.
            assert!(store.stale_story_headings(&[10, 11]).unwrap().len() == 2, "small: due");
        });
    }

    #[test]
    fn members_carry_their_first_sentences_and_headings_fall_due_when_small() {
        on_each_engine(|store| {
            for i in 1..=3_i64 {
                let mut a = article(&format!("m{i}"), None, "unused");
                a.sentences = (0..4)
                    .map(|k| Sentence {
                        text: format!("Report {i}, sentence {k}."),
                        start: 0,
                        end: 1,
                    })
                    .collect();
                store.insert(&new(&a, i as u64, &[])).unwrap();
                store.assign_story(i, 10).unwrap();
            }
            store.set_story_topic(10, 1).unwrap();
            store.refresh_stories(&[10]).unwrap();

            let members = store.story_members(10, Some(2), 2).unwrap();
            assert_eq!(members.all.len(), 3);
            let sampled: Vec<Vec<String>> =
                members.sample().iter().map(|m| m.sentences.clone()).collect();
            assert_eq!(sampled.len(), 2);
            for (member, sentences) in members.sample().iter().zip(&sampled) {
                let n = &member.id.as_str()[1..];
                assert_eq!(
                    *sentences,
                    [format!("Report {n}, sentence 0."), format!("Report {n}, sentence 1.")]
                );
            }
            let unsampled = members.all.iter().filter(|m| m.sentences.is_empty()).count();
            assert_eq!(unsampled, 1);
            let whole = store.story_members(10, None, 10).unwrap();
            assert!(whole.all.iter().all(|m| m.sentences.len() == 4));

            // A clustering pass refreshes the planner's statistics inside its transaction.
            store.transaction(|store| store.refresh_filing_statistics()).unwrap();
            assert_eq!(store.story_members(10, None, 10).unwrap().all.len(), 3);

            assert_eq!(store.stale_story_headings(&[10, 99]).unwrap(), [10]);
            store.set_story_page(10, "Label", "Headline").unwrap();
            assert_eq!(store.stale_story_headings(&[10]).unwrap(), [10], "small: always due");
            assert!(store.stale_story_headings(&[]).unwrap().is_empty());
        });
    }
}
