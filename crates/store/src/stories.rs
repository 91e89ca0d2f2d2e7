use std::collections::HashMap;

use chrono::{DateTime, Utc};
use parallax_model::{ArticleId, Member, StorySummary, TopicSummary};
use rusqlite::{OptionalExtension, Row, params, params_from_iter, types::Value as SqlValue};

use crate::articles::{parse_time, timestamp};
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

/// The term that holds the number of documents counted in `term_documents`.
const DOCUMENTS_KEY: &str = "";

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
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, id, title, text, language, published, syndicated_of FROM articles
             WHERE story IS NULL ORDER BY coalesce(published, captured), seq LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let r = row?;
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
        Ok(self.conn.query_row("SELECT count(*) FROM articles WHERE story IS NULL", [], |r| {
            r.get::<_, i64>(0)
        })? as u64)
    }

    /// The story an article is filed under, if any.
    pub fn story_of(&self, id: &ArticleId) -> Result<Option<u64>> {
        let mut stmt = self.conn.prepare_cached("SELECT story FROM articles WHERE id = ?1")?;
        let story: Option<Option<i64>> = stmt.query_row([id.as_str()], |r| r.get(0)).optional()?;
        Ok(story.flatten().map(|s| s as u64))
    }

    /// Files an article (by row number) under a story.
    pub fn assign_story(&mut self, seq: i64, story: u64) -> Result<()> {
        self.conn
            .prepare_cached("UPDATE articles SET story = ?2 WHERE seq = ?1")?
            .execute(params![seq, story as i64])?;
        Ok(())
    }

    /// Creates a story, or moves it, under `topic`; returns the topic it was under before.
    pub fn set_story_topic(&mut self, story: u64, topic: u64) -> Result<Option<u64>> {
        let before: Option<i64> = self
            .conn
            .prepare_cached("SELECT topic FROM stories WHERE id = ?1")?
            .query_row([story as i64], |r| r.get(0))
            .optional()?;
        self.conn
            .prepare_cached("INSERT INTO topics (id) VALUES (?1) ON CONFLICT DO NOTHING")?
            .execute([topic as i64])?;
        self.conn
            .prepare_cached(
                "INSERT INTO stories (id, topic) VALUES (?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET topic = excluded.topic",
            )?
            .execute(params![story as i64, topic as i64])?;
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
        self.conn.execute(
            "INSERT OR REPLACE INTO story_merges (story, into_story, article) VALUES (?1, ?2, ?3)",
            params![story as i64, into as i64, article.as_str()],
        )?;
        Ok(())
    }

    /// Recounts the articles, outlets and time span of the given stories, and of their
    /// topics (a topic left without stories is removed); returns those topics.
    pub fn refresh_stories(&mut self, ids: &[u64]) -> Result<Vec<u64>> {
        let mut topics = Vec::new();
        {
            let mut update = self.conn.prepare_cached(&format!(
                "UPDATE stories SET
                    articles = (SELECT count(*) FROM articles a WHERE a.story = ?1),
                    outlets = (SELECT count(DISTINCT {OUTLET_KEY}) FROM articles a
                               LEFT JOIN outlet_names n ON n.domain = a.domain WHERE a.story = ?1),
                    first_published = (SELECT min(published) FROM articles a WHERE a.story = ?1),
                    last_published = (SELECT max(published) FROM articles a WHERE a.story = ?1)
                 WHERE id = ?1 RETURNING topic"
            ))?;
            for &id in ids {
                let topic: Option<i64> = update.query_row([id as i64], |r| r.get(0)).optional()?;
                topics.extend(topic.map(|t| t as u64));
            }
        }
        topics.sort_unstable();
        topics.dedup();
        self.refresh_topics(&topics)?;
        Ok(topics)
    }

    /// Recounts the given topics; removes those left without stories.
    pub fn refresh_topics(&mut self, ids: &[u64]) -> Result<()> {
        let mut update = self.conn.prepare_cached(&format!(
            "UPDATE topics SET
                stories = (SELECT count(*) FROM stories s WHERE s.topic = ?1 AND s.merged_into IS NULL),
                articles = (SELECT coalesce(sum(articles), 0) FROM stories s
                            WHERE s.topic = ?1 AND s.merged_into IS NULL),
                outlets = (SELECT count(DISTINCT {OUTLET_KEY}) FROM stories s
                           JOIN articles a ON a.story = s.id
                           LEFT JOIN outlet_names n ON n.domain = a.domain
                           WHERE s.topic = ?1 AND s.merged_into IS NULL),
                first_published = (SELECT min(first_published) FROM stories s
                                   WHERE s.topic = ?1 AND s.merged_into IS NULL),
                last_published = (SELECT max(last_published) FROM stories s
                                  WHERE s.topic = ?1 AND s.merged_into IS NULL)
             WHERE id = ?1"
        ))?;
        let mut remove = self.conn.prepare_cached(
            "DELETE FROM topics WHERE id = ?1 AND NOT EXISTS
                (SELECT 1 FROM stories s WHERE s.topic = ?1)",
        )?;
        for &id in ids {
            update.execute([id as i64])?;
            remove.execute([id as i64])?;
        }
        Ok(())
    }

    /// Sets a story's label and headline, chosen from its current articles.
    pub fn set_story_page(&mut self, id: u64, label: &str, headline: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE stories SET label = ?2, headline = ?3, heading_size = articles WHERE id = ?1",
            )?
            .execute(params![id as i64, label, headline])?;
        Ok(())
    }

    /// Sets a topic's label and headline, chosen from its current articles.
    pub fn set_topic_page(&mut self, id: u64, label: &str, headline: &str) -> Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE topics SET label = ?2, headline = ?3, heading_size = articles WHERE id = ?1",
            )?
            .execute(params![id as i64, label, headline])?;
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
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT 1 FROM {table} WHERE id = ?1
                AND (articles <= {FRESH_HEADING} OR articles >= 2 * heading_size)"
        ))?;
        let mut out = Vec::new();
        for &id in ids {
            if stmt.exists([id as i64])? {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// The clusterers' state saved by the last committed pass.
    pub fn clustering_state(&self) -> Result<Option<ClusteringState>> {
        Ok(self
            .conn
            .query_row("SELECT stories, topics, articles FROM clustering WHERE id = 1", [], |r| {
                Ok(ClusteringState {
                    stories: r.get(0)?,
                    topics: r.get(1)?,
                    articles: r.get::<_, i64>(2)? as u64,
                })
            })
            .optional()?)
    }

    /// Saves the clusterers' state (inside the pass's transaction, with its assignments).
    pub fn save_clustering_state(&mut self, state: &ClusteringState) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO clustering (id, stories, topics, articles) VALUES (1, ?1, ?2, ?3)",
            params![state.stories, state.topics, state.articles as i64],
        )?;
        Ok(())
    }

    /// Adds document counts of terms (each article counts once per term) and the number of
    /// documents they came from.
    pub fn add_term_documents(
        &mut self,
        documents: u64,
        terms: &HashMap<String, u64>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO term_documents (term, docs) VALUES (?1, ?2)
             ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs",
        )?;
        stmt.execute(params![DOCUMENTS_KEY, documents as i64])?;
        for (term, &docs) in terms {
            if !term.is_empty() {
                stmt.execute(params![term, docs as i64])?;
            }
        }
        Ok(())
    }

    /// The number of documents counted, and how many of them hold each of `terms` (terms
    /// never seen are left out).
    pub fn term_documents<'t>(
        &self,
        terms: impl IntoIterator<Item = &'t str>,
    ) -> Result<(u64, HashMap<String, u64>)> {
        let mut stmt =
            self.conn.prepare_cached("SELECT docs FROM term_documents WHERE term = ?1")?;
        let mut get = |term: &str| -> Result<Option<u64>> {
            Ok(stmt.query_row([term], |r| r.get::<_, i64>(0)).optional()?.map(|d| d as u64))
        };
        let documents = get(DOCUMENTS_KEY)?.unwrap_or(0);
        let mut out = HashMap::new();
        for term in terms {
            if term.is_empty() || out.contains_key(term) {
                continue;
            }
            if let Some(docs) = get(term)? {
                out.insert(term.to_string(), docs);
            }
        }
        Ok((documents, out))
    }

    /// Lists stories (merged ones left out), most recently active first.
    pub fn stories(&self, filter: &StoryFilter) -> Result<Vec<StorySummary>> {
        let mut sql = format!("SELECT {STORY_COLUMNS} FROM stories WHERE merged_into IS NULL");
        let mut args: Vec<SqlValue> = Vec::new();
        if let Some(topic) = filter.topic {
            sql.push_str(" AND topic = ?");
            args.push(SqlValue::Integer(topic as i64));
        }
        if let Some(min) = filter.min_articles {
            sql.push_str(" AND articles >= ?");
            args.push(SqlValue::Integer(min as i64));
        }
        if let Some(since) = &filter.since {
            sql.push_str(" AND last_published >= ?");
            args.push(SqlValue::Text(timestamp(since)));
        }
        sql.push_str(" ORDER BY last_published IS NULL, last_published DESC, id DESC");
        if let Some(limit) = filter.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), read_story)?;
        rows.map(|r| r?.finish()).collect()
    }

    /// One story (merged ones too: see [`StorySummary::merged_into`]).
    pub fn story(&self, id: u64) -> Result<Option<StorySummary>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {STORY_COLUMNS} FROM stories WHERE id = ?1"))?;
        stmt.query_row([id as i64], read_story).optional()?.map(RawStory::finish).transpose()
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
        let mut sql = format!(
            "SELECT {TOPIC_COLUMNS} FROM topics
             ORDER BY last_published IS NULL, last_published DESC, id DESC"
        );
        if let Some(limit) = limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], read_topic)?;
        rows.map(|r| r?.finish()).collect()
    }

    /// One topic.
    pub fn topic(&self, id: u64) -> Result<Option<TopicSummary>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {TOPIC_COLUMNS} FROM topics WHERE id = ?1"))?;
        stmt.query_row([id as i64], read_topic).optional()?.map(RawTopic::finish).transpose()
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
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT a.seq, a.id, a.story, a.title, {OUTLET}, a.published, a.language, a.syndicated_of,
                    a.domain
             FROM articles a LEFT JOIN outlet_names n ON n.domain = a.domain
             WHERE {condition}
             ORDER BY a.published IS NULL, a.published, a.seq"
        ))?;
        let rows = stmt.query_map([id as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
            ))
        })?;
        let mut seqs = Vec::new();
        let mut all = Vec::new();
        for row in rows {
            let r = row?;
            seqs.push(r.0);
            all.push(Member {
                id: ArticleId(r.1),
                story: r.2 as u64,
                title: r.3,
                outlet: r.4,
                domain: r.8,
                published: parse_time(r.5)?,
                language: r.6,
                syndicated_of: r.7.map(ArticleId),
                sentences: Vec::new(),
            });
        }
        let sampled: Vec<usize> = if all.len() <= sample {
            (0..all.len()).collect()
        } else {
            (0..sample).map(|i| i * all.len() / sample).collect()
        };
        let limit = sentences.map_or(-1, |n| n as i64);
        let mut stmt = self.conn.prepare_cached(
            "SELECT text FROM sentences WHERE article_seq = ?1 ORDER BY idx LIMIT ?2",
        )?;
        for &i in &sampled {
            let texts = stmt.query_map([seqs[i], limit], |row| row.get::<_, String>(0))?;
            all[i].sentences = texts.collect::<Result<_, _>>()?;
        }
        Ok(Members { all, sampled })
    }
}

struct RawStory {
    summary: StorySummary,
    first: Option<String>,
    last: Option<String>,
}

impl RawStory {
    fn finish(mut self) -> Result<StorySummary> {
        self.summary.first_published = parse_time(self.first)?;
        self.summary.last_published = parse_time(self.last)?;
        Ok(self.summary)
    }
}

fn read_story(r: &Row<'_>) -> rusqlite::Result<RawStory> {
    Ok(RawStory {
        summary: StorySummary {
            id: r.get::<_, i64>(0)? as u64,
            label: r.get(1)?,
            headline: r.get(2)?,
            topic: r.get::<_, i64>(3)? as u64,
            articles: r.get::<_, i64>(4)? as u64,
            outlets: r.get::<_, i64>(5)? as u64,
            first_published: None,
            last_published: None,
            merged_into: r.get::<_, Option<i64>>(8)?.map(|m| m as u64),
        },
        first: r.get(6)?,
        last: r.get(7)?,
    })
}

struct RawTopic {
    summary: TopicSummary,
    first: Option<String>,
    last: Option<String>,
}

impl RawTopic {
    fn finish(mut self) -> Result<TopicSummary> {
        self.summary.first_published = parse_time(self.first)?;
        self.summary.last_published = parse_time(self.last)?;
        Ok(self.summary)
    }
}

fn read_topic(r: &Row<'_>) -> rusqlite::Result<RawTopic> {
    Ok(RawTopic {
        summary: TopicSummary {
            id: r.get::<_, i64>(0)? as u64,
            label: r.get(1)?,
            headline: r.get(2)?,
            stories: r.get::<_, i64>(3)? as u64,
            articles: r.get::<_, i64>(4)? as u64,
            outlets: r.get::<_, i64>(5)? as u64,
            first_published: None,
            last_published: None,
        },
        first: r.get(6)?,
        last: r.get(7)?,
    })
}
