use chrono::{DateTime, SecondsFormat, Utc};
use parallax_model::{Article, ArticleId, ArticleSummary, Format, Sentence};

use crate::db::{Param, Row, params};

use crate::store::{BandRow, parse_extra};
use crate::{Result, Store, StoreError};

mod batch;
mod known;

pub use known::{BandMatch, StoredKeys};

/// The article's row alone (the sentences and band keys follow in their own statements).
const INSERT_ARTICLE: &str = "INSERT INTO articles (id, title, outlet, url, canonical_url,
        published, captured, language, byline, text, text_hash, words, summary_only,
        syndicated_of, similarity, format, source, ingested_at, extra, signature,
        sentence_count, domain)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
        ?18, ?19, ?20, ?21, ?22)
     ON CONFLICT DO NOTHING RETURNING seq";

/// An analysed article ready to be written, with its duplicate-detection keys.
#[derive(Clone, Debug)]
pub struct NewArticle<'a> {
    /// The article (its `syndicated_of` and sentences included).
    pub article: &'a Article,
    /// Number of words in its text.
    pub words: usize,
    /// Hash of its lower-cased word sequence.
    pub text_hash: u64,
    /// Its MinHash signature (empty when too short).
    pub signature: &'a [u32],
    /// Its LSH band keys.
    pub bands: &'a [(u8, i64)],
    /// Estimated similarity to the original, when it is a syndicated copy.
    pub similarity: Option<f64>,
    /// A stored original that this article replaces as the root of its syndication group
    /// (it was published earlier): that original and its copies are re-linked to this one
    /// in the same transaction.
    pub supersedes: Option<&'a ArticleId>,
}

/// Why an incoming article is a duplicate of a stored one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DuplicateReason {
    /// Same source-given id.
    Id,
    /// Same canonical URL.
    Url,
    /// Same normalised text.
    Text,
}

/// A stored article that an incoming one duplicates.
#[derive(Clone, Debug, PartialEq)]
pub struct Duplicate {
    /// The stored article.
    pub id: ArticleId,
    /// What matched.
    pub reason: DuplicateReason,
    /// Its text hash, to tell a re-ingest (same text) from an id clash.
    pub text_hash: u64,
    /// True when the stored one is only a feed summary.
    pub summary_only: bool,
}

/// A stored article that shares an LSH band with an incoming one.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Its id.
    pub id: ArticleId,
    /// Its MinHash signature.
    pub signature: Vec<u32>,
    /// Its publication time.
    pub published: Option<DateTime<Utc>>,
    /// The original it is itself a copy of.
    pub syndicated_of: Option<ArticleId>,
}

impl Candidate {
    /// Reads `id, signature, published, syndicated_of` from the row's columns from `at` on.
    fn from_row(r: &Row<'_>, at: usize) -> Result<Candidate> {
        Ok(Candidate {
            id: ArticleId(r.get(at)?),
            signature: signature_from(r.get(at + 1)?),
            published: parse_time(r.get(at + 2)?)?,
            syndicated_of: r.get::<Option<String>>(at + 3)?.map(ArticleId),
        })
    }
}

/// What [`Store::insert`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inserted {
    /// A new article was written.
    New,
    /// The id, URL or text was already stored (a concurrent writer got there first).
    AlreadyStored(ArticleId),
}

/// Which articles [`Store::articles`] lists.
#[derive(Clone, Debug, Default)]
pub struct ArticleFilter {
    /// Only this outlet (case-insensitive).
    pub outlet: Option<String>,
    /// Only this language code.
    pub language: Option<String>,
    /// Published at or after.
    pub since: Option<DateTime<Utc>>,
    /// Published before.
    pub until: Option<DateTime<Utc>>,
    /// At most this many.
    pub limit: Option<usize>,
}

pub(crate) fn timestamp(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(crate) fn parse_time(raw: Option<String>) -> Result<Option<DateTime<Utc>>> {
    raw.map(|s| {
        DateTime::parse_from_rfc3339(&s).map(|d| d.with_timezone(&Utc)).map_err(|e| {
            StoreError::Corrupt { what: format!("timestamp {s:?}"), message: e.to_string() }
        })
    })
    .transpose()
}

fn signature_bytes(signature: &[u32]) -> Option<Vec<u8>> {
    (!signature.is_empty()).then(|| signature.iter().flat_map(|v| v.to_le_bytes()).collect())
}

fn signature_from(bytes: Option<Vec<u8>>) -> Vec<u32> {
    bytes
        .unwrap_or_default()
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

impl Store {
    /// The stored article an incoming one duplicates, by id, canonical URL or text hash
    /// (checked in that order), if any.
    pub fn find_duplicate(
        &self,
        id: Option<&str>,
        canonical_url: Option<&str>,
        text_hash: u64,
    ) -> Result<Option<Duplicate>> {
        // A key PostgreSQL cannot hold matches nothing there (see `storable_on_postgres`).
        let postgres = self.conn.is_postgres();
        let id = id.filter(|k| !postgres || known::holds_on_postgres(k));
        let canonical_url = canonical_url.filter(|k| !postgres || known::holds_on_postgres(k));
        // Three look-ups, each on its own index, rather than one `OR`: PostgreSQL's generic
        // plan for the `OR` scanned the table (1 ms an article at 10,000 articles).
        self.conn.query_opt(
            "SELECT id, text_hash, summary_only, 1 AS by_id, 0 AS by_url FROM articles WHERE id = ?1
             UNION ALL
             SELECT id, text_hash, summary_only, 0, 1 FROM articles WHERE canonical_url = ?2
             UNION ALL
             SELECT id, text_hash, summary_only, 0, 0 FROM articles WHERE text_hash = ?3
             ORDER BY by_id DESC, by_url DESC LIMIT 1",
            params![id, canonical_url, text_hash as i64],
            |r| {
                Ok(Duplicate {
                    id: ArticleId(r.get(0)?),
                    reason: if r.get::<bool>(3)? {
                        DuplicateReason::Id
                    } else if r.get::<bool>(4)? {
                        DuplicateReason::Url
                    } else {
                        DuplicateReason::Text
                    },
                    text_hash: r.get::<i64>(1)? as u64,
                    summary_only: r.get(2)?,
                })
            },
        )
    }

    /// Stored articles of the near-duplicate window ([`crate::NEAR_DUPLICATE_BLOCK_BITS`])
    /// sharing at least one LSH band key with `bands`, in storing order: one
    /// query, each band an indexed look-up (one round trip on PostgreSQL, not one per band
    /// and candidate).
    pub fn near_duplicate_candidates(&self, bands: &[(u8, i64)]) -> Result<Vec<Candidate>> {
        if bands.is_empty() {
            return Ok(Vec::new());
        }
        self.write_deferred_band_keys()?;
        let (band_ids, keys): (Vec<i64>, Vec<i64>) =
            bands.iter().map(|&(band, key)| (i64::from(band), key)).unzip();
        let mut sql;
        let mut params: Vec<Param<'_>>;
        if self.conn.is_postgres() {
            // A function keeping one plan (migrations 7 and 8): as a statement, planning it
            // cost more than running it, for every article.
            // The function finds the window's blocks itself: one round trip.
            sql = "SELECT seq, id, signature, published, syndicated_of
                   FROM near_duplicate_candidates(?1, ?2, ?3)"
                .to_owned();
            params = vec![
                Param::from(i64::from(self.band_block_bits)),
                Param::Ints(&band_ids),
                Param::Ints(&keys),
            ];
        } else {
            let blocks = self.near_duplicate_blocks()?;
            sql = String::from(
                "SELECT a.seq, a.id, a.signature, a.published, a.syndicated_of FROM articles a
                 WHERE a.seq IN (SELECT article_seq FROM minhash_bands WHERE ",
            );
            // One equality term per block and key: an IN list here would build a temporary
            // table of its values for every term.
            params = Vec::with_capacity(bands.len() * 3 * blocks.len());
            for block in &blocks {
                for (band, key) in band_ids.iter().zip(&keys) {
                    if !params.is_empty() {
                        sql.push_str(" OR ");
                    }
                    let n = params.len();
                    sql.push_str(&format!(
                        "(block = ?{} AND band = ?{} AND key = ?{})",
                        n + 1,
                        n + 2,
                        n + 3
                    ));
                    params.extend([Param::from(*block), Param::from(*band), Param::from(*key)]);
                }
            }
            sql.push_str(") ORDER BY a.seq");
        }
        self.conn.query(&sql, &params, |r| Candidate::from_row(r, 1))
    }

    /// Writes a new article with its sentences and band keys atomically (one transaction, or
    /// one savepoint inside a [`Store::transaction`]). When it is
    /// a syndicated copy published before the stored original, it becomes the original: the
    /// other copies are re-linked to it in the same transaction.
    ///
    /// Idempotent: an article whose id, canonical URL or text is already stored (say, by a
    /// concurrent writer) is not written, and [`Inserted::AlreadyStored`] names the stored one.
    pub fn insert(&mut self, new: &NewArticle<'_>) -> Result<Inserted> {
        let written = if self.conn.is_postgres() && new.supersedes.is_none() {
            // One statement, atomic without a savepoint: one round trip instead of six to
            // eight, which was most of the store's time on PostgreSQL.
            !self.insert_in_one_statement(std::slice::from_ref(new))?.is_empty()
        } else {
            // Inside a transaction on SQLite the band keys wait for its commit (see
            // `Store::deferred_bands`); PostgreSQL writes them in the article's statement.
            let defer = !self.conn.is_postgres() && self.open_transactions > 0;
            let seq = self.insert_in_steps(new, !defer)?;
            if let (Some(seq), true) = (seq, defer) {
                self.deferred_bands.borrow_mut().extend(self.band_rows(new.bands, seq));
            }
            seq.is_some()
        };
        if !written {
            return self.already_stored(new);
        }
        Ok(Inserted::New)
    }

    /// The answer for an article that was not written because a stored one holds its id,
    /// canonical URL or text: that one.
    fn already_stored(&self, new: &NewArticle<'_>) -> Result<Inserted> {
        let a = new.article;
        let existing = self
            .find_duplicate(Some(a.id.as_str()), a.canonical_url.as_deref(), new.text_hash)?
            .map(|d| d.id)
            .unwrap_or_else(|| a.id.clone());
        Ok(Inserted::AlreadyStored(existing))
    }

    /// Writes the article, then its outlet name, sentences and (with `bands`) band keys, and
    /// re-links a superseded original, in one transaction; its seq, or none when a unique key
    /// was taken.
    fn insert_in_steps(&self, new: &NewArticle<'_>, bands: bool) -> Result<Option<i64>> {
        let a = new.article;
        let published = a.published.as_ref().map(timestamp);
        let captured = a.captured.as_ref().map(timestamp);
        let ingested_at = timestamp(&a.ingested_at);
        let extra = serde_json::Value::Object(a.extra.clone()).to_string();
        let signature = signature_bytes(new.signature);
        let columns = params![
            a.id.as_str(),
            &a.title,
            &a.outlet,
            &a.url,
            &a.canonical_url,
            &published,
            &captured,
            &a.language,
            &a.byline,
            &a.text,
            new.text_hash as i64,
            new.words as i64,
            a.summary_only,
            a.syndicated_of.as_ref().map(ArticleId::as_str),
            new.similarity,
            a.format.name(),
            &a.source,
            &ingested_at,
            &extra,
            &signature,
            a.sentences.len() as i64,
            &a.domain,
        ];
        self.conn.transaction(|| {
            // RETURNING rather than last_insert_rowid: the one way to learn the new seq on
            // both engines; no row comes back when a unique key was already taken.
            let seq = self.conn.query_opt(
                INSERT_ARTICLE,
                columns,
                |r| r.get::<i64>(0),
            )?;
            let Some(seq) = seq else {
                return Ok(None);
            };
            if let (Some(domain), Some(outlet)) = (&a.domain, &a.outlet)
                && domain != outlet
            {
                self.conn.execute(
                    "INSERT INTO outlet_names (domain, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                    params![domain, outlet],
                )?;
            }
            self.write_sentences(seq, new)?;
            if bands {
                self.write_band_keys(&self.band_rows(new.bands, seq).collect::<Vec<_>>())?;
            }
            if let Some(previous) = new.supersedes {
                self.conn.execute(
                    "UPDATE articles SET syndicated_of = ?2 WHERE (id = ?1 OR syndicated_of = ?1) AND id != ?2",
                    params![previous.as_str(), a.id.as_str()],
                )?;
            }
            Ok(Some(seq))
        })
    }

    /// The publication time of a stored article.
    pub fn published_of(&self, id: &ArticleId) -> Result<Option<DateTime<Utc>>> {
        let raw = self.conn.query_opt(
            "SELECT published FROM articles WHERE id = ?1",
            params![id.as_str()],
            |r| r.get::<Option<String>>(0),
        )?;
        parse_time(raw.flatten())
    }

    /// Replaces a summary-only article's text with the full article (its page was fetched),
    /// keeping its id. One transaction, sentences and band keys included.
    pub fn complete_summary(&mut self, id: &ArticleId, new: &NewArticle<'_>) -> Result<()> {
        let a = new.article;
        let published = a.published.as_ref().map(timestamp);
        let signature = signature_bytes(new.signature);
        self.write_deferred_band_keys()?;
        self.conn.transaction(|| {
            let seq: i64 = self.conn.query_one(
                "SELECT seq FROM articles WHERE id = ?1",
                params![id.as_str()],
                |r| r.get(0),
            )?;
            self.conn.execute("DELETE FROM sentences WHERE article_seq = ?1", params![seq])?;
            // Within the article's block: the table is ordered by block first.
            self.conn.execute(
                "DELETE FROM minhash_bands WHERE block = ?1 AND article_seq = ?2",
                params![seq >> self.band_block_bits, seq],
            )?;
            self.conn.execute(
                "UPDATE articles SET title = coalesce(?2, title), byline = coalesce(?3, byline),
                    published = coalesce(published, ?4), language = coalesce(?5, language), text = ?6,
                    text_hash = ?7, words = ?8, summary_only = 0, signature = ?9, sentence_count = ?10,
                    outlet = coalesce(outlet, ?11)
                 WHERE seq = ?1",
                params![
                    seq,
                    &a.title,
                    &a.byline,
                    &published,
                    &a.language,
                    &a.text,
                    new.text_hash as i64,
                    new.words as i64,
                    &signature,
                    a.sentences.len() as i64,
                    &a.outlet,
                ],
            )?;
            self.write_sentences(seq, new)?;
            self.write_band_keys(&self.band_rows(new.bands, seq).collect::<Vec<_>>())
        })
    }

    /// Lists articles, newest first (undated ones last, in ingest order).
    pub fn articles(&self, filter: &ArticleFilter) -> Result<Vec<ArticleSummary>> {
        let mut sql = String::from(
            "SELECT a.id, a.title, coalesce(n.name, a.outlet), a.url, a.published, a.language,
                a.syndicated_of, a.summary_only, a.words, a.story
             FROM articles a LEFT JOIN outlet_names n ON n.domain = a.domain WHERE 1 = 1",
        );
        let language = filter.language.as_ref().map(|l| l.to_ascii_lowercase());
        let since = filter.since.as_ref().map(timestamp);
        let until = filter.until.as_ref().map(timestamp);
        let mut args: Vec<Param<'_>> = Vec::new();
        if let Some(outlet) = &filter.outlet {
            // lower() on both sides, as NOCASE did: SQLite folds ASCII only, and so does
            // PostgreSQL in a database with the C ctype.
            sql.push_str(
                " AND (lower(coalesce(n.name, a.outlet)) = lower(?) OR lower(a.domain) = lower(?))",
            );
            args.extend([Param::from(outlet), Param::from(outlet)]);
        }
        if let Some(language) = &language {
            sql.push_str(" AND a.language = ?");
            args.push(Param::from(language));
        }
        if let Some(since) = &since {
            sql.push_str(" AND a.published >= ?");
            args.push(Param::from(since));
        }
        if let Some(until) = &until {
            sql.push_str(" AND a.published < ?");
            args.push(Param::from(until));
        }
        sql.push_str(" ORDER BY a.published IS NULL, a.published DESC, a.seq");
        if let Some(limit) = filter.limit {
            sql.push_str(" LIMIT ?");
            args.push(Param::Int(i64::try_from(limit).unwrap_or(i64::MAX)));
        }
        let rows = self.conn.query(&sql, &args, |r| {
            Ok((
                r.get::<String>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get::<Option<String>>(4)?,
                r.get(5)?,
                r.get::<Option<String>>(6)?,
                r.get(7)?,
                r.get::<i64>(8)?,
                r.get::<Option<i64>>(9)?,
            ))
        })?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(ArticleSummary {
                id: ArticleId(r.0),
                title: r.1,
                outlet: r.2,
                url: r.3,
                published: parse_time(r.4)?,
                language: r.5,
                syndicated_of: r.6.map(ArticleId),
                summary_only: r.7,
                words: r.8.max(0) as usize,
                story: r.9.map(|s| s as u64),
            });
        }
        Ok(out)
    }

    /// One article with its sentences.
    pub fn article(&self, id: &str) -> Result<Option<Article>> {
        let found = self.conn.query_opt(
            "SELECT a.seq, a.id, a.title, coalesce(n.name, a.outlet), a.url, a.canonical_url, a.published,
                a.captured, a.language, a.byline, a.text, a.summary_only, a.syndicated_of, a.format, a.source,
                a.ingested_at, a.extra, a.domain
             FROM articles a LEFT JOIN outlet_names n ON n.domain = a.domain WHERE a.id = ?1",
            params![id],
            read_article,
        )?;
        let Some((seq, mut article)) = found else {
            return Ok(None);
        };
        article.sentences = self.conn.query(
            "SELECT start, \"end\", text FROM sentences WHERE article_seq = ?1 ORDER BY idx",
            params![seq],
            |r| {
                Ok(Sentence {
                    start: r.get::<i64>(0)?.max(0) as usize,
                    end: r.get::<i64>(1)?.max(0) as usize,
                    text: r.get(2)?,
                })
            },
        )?;
        Ok(Some(article))
    }

    /// Up to `limit` articles stored after `seq` (the store's insertion counter), in that
    /// order, each with its seq: how a derived index catches up from its own watermark.
    /// Texts come whole, sentences do not (an index has no use for them and they would
    /// double the rows read).
    pub fn articles_after(&self, seq: i64, limit: usize) -> Result<Vec<(i64, Article)>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.conn.query(
            "SELECT a.seq, a.id, a.title, coalesce(n.name, a.outlet), a.url, a.canonical_url, a.published,
                a.captured, a.language, a.byline, a.text, a.summary_only, a.syndicated_of, a.format, a.source,
                a.ingested_at, a.extra, a.domain
             FROM articles a LEFT JOIN outlet_names n ON n.domain = a.domain
             WHERE a.seq > ?1 ORDER BY a.seq LIMIT ?2",
            params![seq, limit],
            read_article,
        )
    }

    /// Ids of the stored copies syndicated from `id`, in ingest order.
    pub fn syndicated_copies(&self, id: &str) -> Result<Vec<ArticleId>> {
        self.conn.query(
            "SELECT id FROM articles WHERE syndicated_of = ?1 ORDER BY seq",
            params![id],
            |r| Ok(ArticleId(r.get(0)?)),
        )
    }

    /// Writes an article's sentence rows (inside the caller's transaction).
    fn write_sentences(&self, seq: i64, new: &NewArticle<'_>) -> Result<()> {
        let sentences = &new.article.sentences;
        let mut params: Vec<Param<'_>> = Vec::with_capacity(sentences.len() * 5);
        for (i, s) in sentences.iter().enumerate() {
            params.extend([
                Param::from(seq),
                Param::from(i as i64),
                Param::from(s.start as i64),
                Param::from(s.end as i64),
                Param::from(&s.text),
            ]);
        }
        self.conn.insert_rows(
            "INSERT INTO sentences (article_seq, idx, start, \"end\", text)",
            "",
            5,
            &params,
        )
    }

    /// Writes band-table rows (inside the caller's transaction).
    fn write_band_keys(&self, rows: &[BandRow]) -> Result<()> {
        let params: Vec<Param<'_>> = rows
            .iter()
            .flat_map(|&(block, band, key, seq)| {
                [
                    Param::from(block),
                    Param::from(i64::from(band)),
                    Param::from(key),
                    Param::from(seq),
                ]
            })
            .collect();
        self.conn.insert_rows(
            "INSERT INTO minhash_bands (block, band, key, article_seq)",
            "ON CONFLICT DO NOTHING",
            4,
            &params,
        )
    }

    /// An article's band keys as rows of the band table.
    fn band_rows<'b>(
        &self,
        bands: &'b [(u8, i64)],
        seq: i64,
    ) -> impl Iterator<Item = BandRow> + 'b {
        let block = seq >> self.band_block_bits;
        bands.iter().map(move |&(band, key)| (block, band, key, seq))
    }

    /// The blocks of the band table an incoming article is compared with: the newest stored
    /// article's and the one before, when there is one
    /// ([`crate::NEAR_DUPLICATE_BLOCK_BITS`]).
    pub(crate) fn near_duplicate_blocks(&self) -> Result<Vec<i64>> {
        let newest: i64 =
            self.conn.query_one("SELECT coalesce(max(seq), 0) FROM articles", &[], |r| r.get(0))?;
        let block = newest >> self.band_block_bits;
        Ok(if block > 0 { vec![block, block - 1] } else { vec![block] })
    }

    /// Writes the band keys deferred by [`Store::insert`] in the open transaction, in key
    /// order. Runs before the transaction commits and before any read of the band table, so
    /// nothing can tell that they were deferred.
    pub(crate) fn write_deferred_band_keys(&self) -> Result<()> {
        let mut rows = std::mem::take(&mut *self.deferred_bands.borrow_mut());
        if rows.is_empty() {
            return Ok(());
        }
        rows.sort_unstable();
        self.write_band_keys(&rows)
    }
}

fn read_article(r: &Row<'_>) -> Result<(i64, Article)> {
    let format: String = r.get(13)?;
    let article = Article {
        id: ArticleId(r.get(1)?),
        title: r.get(2)?,
        outlet: r.get(3)?,
        domain: r.get(17)?,
        url: r.get(4)?,
        canonical_url: r.get(5)?,
        published: parse_time(r.get(6)?)?,
        captured: parse_time(r.get(7)?)?,
        language: r.get(8)?,
        byline: r.get(9)?,
        text: r.get(10)?,
        summary_only: r.get(11)?,
        syndicated_of: r.get::<Option<String>>(12)?.map(ArticleId),
        format: Format::from_name(&format).unwrap_or(Format::Text),
        source: r.get(14)?,
        ingested_at: parse_time(r.get(15)?)?.unwrap_or_default(),
        extra: parse_extra(&r.get::<String>(16)?)?,
        sentences: Vec::new(),
    };
    Ok((r.get(0)?, article))
}

#[cfg(test)]
pub(crate) mod tests;
