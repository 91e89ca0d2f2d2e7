//! Many new articles written at once: on PostgreSQL one statement for a whole batch, so
//! that a chunk of articles costs a few round trips to the server instead of one each.

use std::collections::HashSet;

use parallax_model::ArticleId;

use super::{Inserted, NewArticle, signature_bytes, timestamp};
use crate::db::Param;
use crate::{Result, Store};

/// PostgreSQL: the articles' rows, their outlet names, sentences and band keys in one
/// statement. Rows come in as one array per column; sentences and band keys as arrays of
/// their own, each row naming its article by place in the batch (`ord`, from 1). Articles
/// are inserted in the batch's order, so their seqs follow it; one whose id, canonical URL
/// or text is already taken (by a stored article or an earlier one of the batch) is
/// skipped with its rows. The ids written come back.
const INSERT_ARTICLES_WITH_ROWS: &str = r#"
WITH input AS (
    SELECT * FROM unnest(?1::text[], ?2::text[], ?3::text[], ?4::text[], ?5::text[],
        ?6::text[], ?7::text[], ?8::text[], ?9::text[], ?10::text[], ?11::bigint[],
        ?12::bigint[], ?13::bigint[], ?14::text[], ?15::float8[], ?16::text[], ?17::text[],
        ?18::text[], ?19::text[], ?20::bytea[], ?21::bigint[], ?22::text[])
        WITH ORDINALITY AS i(id, title, outlet, url, canonical_url, published, captured,
            language, byline, text, text_hash, words, summary_only, syndicated_of, similarity,
            format, source, ingested_at, extra, signature, sentence_count, domain, ord)
), article AS (
    INSERT INTO articles (id, title, outlet, url, canonical_url, published, captured,
        language, byline, text, text_hash, words, summary_only, syndicated_of, similarity,
        format, source, ingested_at, extra, signature, sentence_count, domain)
    SELECT id, title, outlet, url, canonical_url, published, captured, language, byline,
        text, text_hash, words, summary_only, syndicated_of, similarity, format, source,
        ingested_at, extra, signature, sentence_count, domain
    FROM input ORDER BY ord
    ON CONFLICT DO NOTHING RETURNING seq, id
), written AS (
    SELECT DISTINCT ON (article.seq) article.seq, input.ord, input.domain, input.outlet
    FROM article JOIN input ON input.id = article.id
    ORDER BY article.seq, input.ord
), outlet AS (
    INSERT INTO outlet_names (domain, name)
    SELECT DISTINCT ON (domain) domain, outlet FROM written
    WHERE domain <> outlet
    ORDER BY domain, ord
    ON CONFLICT DO NOTHING
), sentence AS (
    INSERT INTO sentences (article_seq, idx, start, "end", text)
    SELECT written.seq, s.idx, s.start, s.stop, s.text
    FROM unnest(?23::bigint[], ?24::bigint[], ?25::bigint[], ?26::bigint[], ?27::text[])
        AS s(ord, idx, start, stop, text)
    JOIN written ON written.ord = s.ord
), band AS (
    INSERT INTO minhash_bands (block, band, key, article_seq)
    SELECT DISTINCT written.seq >> ?31, b.band, b.key, written.seq
    FROM unnest(?28::bigint[], ?29::bigint[], ?30::bigint[]) AS b(ord, band, key)
    JOIN written ON written.ord = b.ord
)
SELECT id FROM article
"#;

impl Store {
    /// Writes new articles as [`Store::insert`] writes each one, and answers for each in
    /// order: an article that fails is refused alone, the others are written as they would
    /// be without it.
    ///
    /// On PostgreSQL the batch is one statement (in a savepoint); when it fails, its
    /// articles are written one at a time to find the one at fault. Articles that replace
    /// a stored original ([`NewArticle::supersedes`]) re-link other rows, so a batch holding
    /// one is written an article at a time, as on SQLite, where a statement per row costs
    /// no round trip.
    pub fn insert_all(&mut self, news: &[NewArticle<'_>]) -> Vec<Result<Inserted>> {
        let one_by_one = |store: &mut Store| -> Vec<Result<Inserted>> {
            news.iter().map(|new| store.transaction(|store| store.insert(new))).collect()
        };
        if !self.conn.is_postgres() {
            // Each insert is its own savepoint already.
            return news.iter().map(|new| self.insert(new)).collect();
        }
        if news.len() < 2 || news.iter().any(|n| n.supersedes.is_some()) {
            return one_by_one(self);
        }
        let Ok(written) = self.conn.transaction(|| self.insert_in_one_statement(news)) else {
            return one_by_one(self);
        };
        // An article is new when its id came back the first time; a later one with the same
        // id, or one skipped for its URL or text, names the stored article it collided with.
        let mut seen: HashSet<&str> = HashSet::with_capacity(news.len());
        news.iter()
            .map(|new| {
                let id = new.article.id.as_str();
                if written.contains(id) && seen.insert(id) {
                    return Ok(Inserted::New);
                }
                self.already_stored(new)
            })
            .collect()
    }

    /// PostgreSQL: the writes of [`Store::insert`] for every article of `news` (none of which
    /// supersedes an original) as one statement; the ids written.
    pub(super) fn insert_in_one_statement(
        &self,
        news: &[NewArticle<'_>],
    ) -> Result<HashSet<String>> {
        let articles = || news.iter().map(|n| n.article);
        let times =
            |pick: fn(&parallax_model::Article) -> Option<&chrono::DateTime<chrono::Utc>>| {
                articles().map(|a| pick(a).map(timestamp)).collect::<Vec<_>>()
            };
        let published = times(|a| a.published.as_ref());
        let captured = times(|a| a.captured.as_ref());
        let ingested_at: Vec<String> = articles().map(|a| timestamp(&a.ingested_at)).collect();
        let extra: Vec<String> =
            articles().map(|a| serde_json::Value::Object(a.extra.clone()).to_string()).collect();
        let signatures: Vec<Option<Vec<u8>>> =
            news.iter().map(|n| signature_bytes(n.signature)).collect();

        let texts = |pick: fn(&parallax_model::Article) -> Option<&str>| {
            articles().map(pick).collect::<Vec<_>>()
        };
        let ids: Vec<&str> = articles().map(|a| a.id.as_str()).collect();
        let titles = texts(|a| a.title.as_deref());
        let outlets = texts(|a| a.outlet.as_deref());
        let urls = texts(|a| a.url.as_deref());
        let canonical_urls = texts(|a| a.canonical_url.as_deref());
        let published = as_strs(&published);
        let captured = as_strs(&captured);
        let languages = texts(|a| a.language.as_deref());
        let bylines = texts(|a| a.byline.as_deref());
        let bodies: Vec<&str> = articles().map(|a| a.text.as_str()).collect();
        let text_hashes: Vec<i64> = news.iter().map(|n| n.text_hash as i64).collect();
        let words: Vec<i64> = news.iter().map(|n| n.words as i64).collect();
        let summary_only: Vec<i64> = articles().map(|a| i64::from(a.summary_only)).collect();
        let syndicated_of = texts(|a| a.syndicated_of.as_ref().map(ArticleId::as_str));
        let similarities: Vec<Option<f64>> = news.iter().map(|n| n.similarity).collect();
        let formats: Vec<&str> = articles().map(|a| a.format.name()).collect();
        let sources: Vec<&str> = articles().map(|a| a.source.as_str()).collect();
        let ingested_at: Vec<&str> = ingested_at.iter().map(String::as_str).collect();
        let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
        let signatures: Vec<Option<&[u8]>> = signatures.iter().map(|s| s.as_deref()).collect();
        let sentence_counts: Vec<i64> = articles().map(|a| a.sentences.len() as i64).collect();
        let domains = texts(|a| a.domain.as_deref());

        let mut sentence_ords = Vec::new();
        let mut sentence_idx = Vec::new();
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        let mut sentence_texts: Vec<&str> = Vec::new();
        let mut band_ords = Vec::new();
        let mut bands = Vec::new();
        let mut keys = Vec::new();
        for (ord, new) in (1i64..).zip(news) {
            for (i, s) in new.article.sentences.iter().enumerate() {
                sentence_ords.push(ord);
                sentence_idx.push(i as i64);
                starts.push(s.start as i64);
                ends.push(s.end as i64);
                sentence_texts.push(s.text.as_str());
            }
            for &(band, key) in new.bands {
                band_ords.push(ord);
                bands.push(i64::from(band));
                keys.push(key);
            }
        }
        let params = [
            Param::Texts(&ids),
            Param::OptTexts(&titles),
            Param::OptTexts(&outlets),
            Param::OptTexts(&urls),
            Param::OptTexts(&canonical_urls),
            Param::OptTexts(&published),
            Param::OptTexts(&captured),
            Param::OptTexts(&languages),
            Param::OptTexts(&bylines),
            Param::Texts(&bodies),
            Param::Ints(&text_hashes),
            Param::Ints(&words),
            Param::Ints(&summary_only),
            Param::OptTexts(&syndicated_of),
            Param::OptReals(&similarities),
            Param::Texts(&formats),
            Param::Texts(&sources),
            Param::Texts(&ingested_at),
            Param::Texts(&extra),
            Param::OptBlobs(&signatures),
            Param::Ints(&sentence_counts),
            Param::OptTexts(&domains),
            Param::Ints(&sentence_ords),
            Param::Ints(&sentence_idx),
            Param::Ints(&starts),
            Param::Ints(&ends),
            Param::Texts(&sentence_texts),
            Param::Ints(&band_ords),
            Param::Ints(&bands),
            Param::Ints(&keys),
            Param::from(i64::from(self.band_block_bits)),
        ];
        let written =
            self.conn.query(INSERT_ARTICLES_WITH_ROWS, &params, |r| r.get::<String>(0))?;
        Ok(written.into_iter().collect())
    }
}

fn as_strs(values: &[Option<String>]) -> Vec<Option<&str>> {
    values.iter().map(Option::as_deref).collect()
}
