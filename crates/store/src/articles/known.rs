//! Duplicate look-ups for a whole batch of incoming articles at once: the writer of a chunk
//! asks once what the store holds under the chunk's ids, URLs, text hashes and band keys,
//! instead of twice per article. On PostgreSQL that is two round trips a chunk in place of
//! two an article; SQLite has no round trips and loops over the keys with its indexed
//! single-key statements.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use parallax_model::ArticleId;

use super::{Candidate, parse_time};
use crate::db::{Param, Row, params};
use crate::{Result, Store};

/// A stored article's exact-duplicate keys.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredKeys {
    /// Its id.
    pub id: ArticleId,
    /// Its canonical URL.
    pub canonical_url: Option<String>,
    /// Hash of its lower-cased word sequence.
    pub text_hash: u64,
    /// True when it is only a feed summary.
    pub summary_only: bool,
}

/// A stored article holding some of the band keys asked about.
#[derive(Clone, Debug, PartialEq)]
pub struct BandMatch {
    /// The keys asked about that it holds, in order, each once.
    pub bands: Vec<(u8, i64)>,
    /// Its storing order.
    pub seq: i64,
    /// The article.
    pub candidate: Candidate,
    /// The publication time of the original it is a copy of (`None` when it is no copy, or
    /// the original is undated).
    pub root_published: Option<DateTime<Utc>>,
}

const KEYS_COLUMNS: &str = "SELECT id, canonical_url, text_hash, summary_only FROM articles";

/// What [`band_match`] reads after the band and key.
const ARTICLE_COLUMNS: &str = "a.seq, a.id, a.signature, a.published, a.syndicated_of, r.published";

impl Store {
    /// Every stored article whose id is among `ids`, canonical URL among `urls` or text
    /// hash among `hashes`, each once.
    pub fn stored_keys(
        &self,
        ids: &[&str],
        urls: &[&str],
        hashes: &[u64],
    ) -> Result<Vec<StoredKeys>> {
        let hashes: Vec<i64> = hashes.iter().map(|&h| h as i64).collect();
        let mut found = if self.conn.is_postgres() {
            let (ids, urls) = (storable_on_postgres(ids), storable_on_postgres(urls));
            self.conn.query(
                &format!(
                    "{KEYS_COLUMNS} WHERE id = ANY(?1)
                     UNION {KEYS_COLUMNS} WHERE canonical_url = ANY(?2)
                     UNION {KEYS_COLUMNS} WHERE text_hash = ANY(?3)"
                ),
                &[Param::Texts(&ids), Param::Texts(&urls), Param::Ints(&hashes)],
                stored_keys,
            )?
        } else {
            let mut found = Vec::new();
            let by = |column: &str, value: Param<'_>, found: &mut Vec<StoredKeys>| -> Result<()> {
                let sql = format!("{KEYS_COLUMNS} WHERE {column} = ?1");
                found.extend(self.conn.query_opt(&sql, &[value], stored_keys)?);
                Ok(())
            };
            for id in ids {
                by("id", Param::Text(id), &mut found)?;
            }
            for url in urls {
                by("canonical_url", Param::Text(url), &mut found)?;
            }
            for &hash in &hashes {
                by("text_hash", Param::Int(hash), &mut found)?;
            }
            found
        };
        let mut seen = HashSet::new();
        found.retain(|k| seen.insert(k.id.clone()));
        Ok(found)
    }

    /// Every stored article of the near-duplicate window ([`crate::NEAR_DUPLICATE_BLOCK_BITS`])
    /// holding one of `bands`' keys, once, in storing order, with the keys it holds.
    pub fn band_matches(&self, bands: &[(u8, i64)]) -> Result<Vec<BandMatch>> {
        self.write_deferred_band_keys()?;
        let mut distinct = bands.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        let blocks = self.near_duplicate_blocks()?;
        let mut rows: Vec<BandMatch> = if self.conn.is_postgres() {
            let (band_ids, keys): (Vec<i64>, Vec<i64>) =
                distinct.iter().map(|&(band, key)| (i64::from(band), key)).unzip();
            self.conn.query(
                &format!(
                    "SELECT m.band, m.key, {ARTICLE_COLUMNS}
                     FROM unnest(?1::bigint[], ?2::bigint[]) AS q(band, key)
                     JOIN minhash_bands m
                        ON m.block = ANY(?3) AND m.band = q.band AND m.key = q.key
                     JOIN articles a ON a.seq = m.article_seq
                     LEFT JOIN articles r ON r.id = a.syndicated_of
                     ORDER BY a.seq, m.band, m.key"
                ),
                // The blocks as a parameter: computed in the statement, the planner cannot
                // use them in the index look-up and reads the whole band table instead.
                &[Param::Ints(&band_ids), Param::Ints(&keys), Param::Ints(&blocks)],
                band_match,
            )?
        } else {
            // Index-only look-ups first, then each article once: on SQLite reading an
            // article's signature means reading past its text.
            let mut held: Vec<(i64, (u8, i64))> = Vec::new();
            for block in blocks {
                for &band in &distinct {
                    let seqs = self.conn.query(
                        "SELECT article_seq FROM minhash_bands
                         WHERE block = ?1 AND band = ?2 AND key = ?3",
                        params![block, i64::from(band.0), band.1],
                        |r| r.get::<i64>(0),
                    )?;
                    held.extend(seqs.into_iter().map(|seq| (seq, band)));
                }
            }
            held.sort_unstable();
            let sql = format!(
                "SELECT ?1, ?2, {ARTICLE_COLUMNS}
                 FROM articles a LEFT JOIN articles r ON r.id = a.syndicated_of WHERE a.seq = ?3"
            );
            let mut rows: Vec<BandMatch> = Vec::with_capacity(held.len());
            for (seq, band) in held {
                match rows.last_mut() {
                    Some(last) if last.seq == seq => last.bands.push(band),
                    _ => rows.push(self.conn.query_one(
                        &sql,
                        params![i64::from(band.0), band.1, seq],
                        band_match,
                    )?),
                }
            }
            return Ok(rows);
        };
        // One row per article and key from PostgreSQL, in storing order: fold each
        // article's rows into one.
        let mut folded: Vec<BandMatch> = Vec::with_capacity(rows.len());
        for row in rows.drain(..) {
            match folded.last_mut() {
                Some(last) if last.seq == row.seq => last.bands.extend(row.bands),
                _ => folded.push(row),
            }
        }
        Ok(folded)
    }
}

fn stored_keys(r: &Row<'_>) -> Result<StoredKeys> {
    Ok(StoredKeys {
        id: ArticleId(r.get(0)?),
        canonical_url: r.get(1)?,
        text_hash: r.get::<i64>(2)? as u64,
        summary_only: r.get(3)?,
    })
}

fn band_match(r: &Row<'_>) -> Result<BandMatch> {
    Ok(BandMatch {
        bands: vec![(r.get::<i64>(0)? as u8, r.get(1)?)],
        seq: r.get(2)?,
        candidate: Candidate::from_row(r, 3)?,
        root_published: parse_time(r.get(7)?)?,
    })
}

/// The keys a PostgreSQL store could hold: its TEXT cannot hold U+0000, so a key with one
/// is stored nowhere there, and asking for it would fail the whole look-up (and with it a
/// chunk of articles whose other keys are fine). The article itself is refused when it is
/// written, alone.
fn storable_on_postgres<'a>(keys: &[&'a str]) -> Vec<&'a str> {
    keys.iter().copied().filter(|k| holds_on_postgres(k)).collect()
}

/// Whether PostgreSQL's TEXT can hold `key` (see `storable_on_postgres`).
pub(crate) fn holds_on_postgres(key: &str) -> bool {
    !key.contains('\0')
}
