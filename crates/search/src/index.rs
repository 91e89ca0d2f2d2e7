//! Opening the index and bringing it up to date with the store.

use std::borrow::Borrow;
use std::path::{Path, PathBuf};

use parallax_model::Article;
use parallax_store::Store;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError};

use crate::SearchError;

/// Articles read from the store per round trip while catching up.
const BATCH: usize = 1_000;
/// Indexing memory, shared by the writer's threads (tantivy wants at least 15 MB each).
const WRITER_MEMORY: usize = 96 * 1024 * 1024;
/// The tokenizer tantivy registers for English: lower-cased, Snowball-stemmed.
const STEMMED: &str = "en_stem";

/// The index's fields.
#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub title: Field,
    pub body: Field,
    /// The outlet as shown.
    pub outlet: Field,
    /// The outlet lower-cased, for case-insensitive exact filters.
    pub outlet_key: Field,
    /// The registrable domain lower-cased, so a filter may name an outlet by domain.
    pub domain: Field,
    pub language: Field,
    /// Unix seconds.
    pub published: Field,
    /// The store's insertion counter: the watermark.
    pub seq: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(STEMMED)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text),
        outlet: b.add_text_field("outlet", STORED),
        outlet_key: b.add_text_field("outlet_key", STRING),
        domain: b.add_text_field("domain", STRING),
        language: b.add_text_field("language", STRING | STORED),
        published: b.add_i64_field("published", INDEXED | FAST | STORED),
        seq: b.add_u64_field("seq", FAST | STORED),
    };
    (b.build(), fields)
}

/// A search index over the articles of one store.
pub struct SearchIndex {
    pub(crate) dir: PathBuf,
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating the folder and an empty index when absent.
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        let (expected, fields) = schema();
        let unreadable = |e: &dyn std::fmt::Display| SearchError::Unreadable {
            dir: dir.to_owned(),
            message: e.to_string(),
        };
        std::fs::create_dir_all(dir).map_err(|e| SearchError::Index {
            dir: dir.to_owned(),
            message: format!("cannot create the folder: {e}"),
        })?;
        let exists = dir.join("meta.json").exists();
        let index = if exists {
            Index::open_in_dir(dir).map_err(|e| unreadable(&e))?
        } else {
            Index::create_in_dir(dir, expected.clone()).map_err(|e| unreadable(&e))?
        };
        if index.schema() != expected {
            return Err(SearchError::Incompatible { dir: dir.to_owned() });
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(|e| unreadable(&e))?;
        Ok(SearchIndex { dir: dir.to_owned(), index, reader, fields })
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub(crate) fn failed(&self, e: TantivyError) -> SearchError {
        match e {
            TantivyError::LockFailure(..) => SearchError::Busy { dir: self.dir.clone() },
            TantivyError::DataCorruption(_) | TantivyError::SchemaError(_) => {
                SearchError::Unreadable { dir: self.dir.clone(), message: e.to_string() }
            }
            e => SearchError::Index { dir: self.dir.clone(), message: e.to_string() },
        }
    }

    /// Documents in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The highest store seq indexed (0 when none). Reloads first so that commits made by
    /// another process count.
    pub fn indexed_up_to(&self) -> Result<u64, SearchError> {
        self.reader.reload().map_err(|e| self.failed(e))?;
        let searcher = self.reader.searcher();
        let mut highest = 0;
        for segment in searcher.segment_readers() {
            if segment.num_docs() == 0 {
                continue;
            }
            let column = segment.fast_fields().u64("seq").map_err(|e| self.failed(e))?;
            highest = highest.max(column.max_value());
        }
        Ok(highest)
    }

    /// Adds every article stored after the highest seq already indexed, in one commit, and
    /// returns how many. Nothing is written (and no writer lock taken) when there are none.
    pub fn index_pending(&mut self, store: &Store) -> Result<usize, SearchError> {
        let mut after = self.indexed_up_to()?;
        let mut batch = store.articles_after(seq_i64(after), BATCH)?;
        if batch.is_empty() {
            return Ok(0);
        }
        let mut writer: IndexWriter =
            self.index.writer(WRITER_MEMORY).map_err(|e| self.failed(e))?;
        let mut added = 0;
        while !batch.is_empty() {
            for (seq, article) in &batch {
                let seq = u64::try_from(*seq).unwrap_or(0);
                writer.add_document(self.document(seq, article)).map_err(|e| self.failed(e))?;
                after = after.max(seq);
                added += 1;
            }
            batch = store.articles_after(seq_i64(after), BATCH)?;
        }
        writer.commit().map_err(|e| self.failed(e))?;
        // Wait for the merge threads so that no segment is left half-merged when the
        // process exits right after.
        writer.wait_merging_threads().map_err(|e| self.failed(e))?;
        self.reader.reload().map_err(|e| self.failed(e))?;
        Ok(added)
    }

    /// Adds articles that are not (necessarily) in a store, numbered from the highest seq
    /// indexed: for benchmarks and tests. One commit.
    pub fn index_articles(
        &mut self,
        articles: impl IntoIterator<Item = impl Borrow<Article>>,
    ) -> Result<usize, SearchError> {
        let mut seq = self.indexed_up_to()?;
        let mut writer: IndexWriter =
            self.index.writer(WRITER_MEMORY).map_err(|e| self.failed(e))?;
        let mut added = 0;
        for article in articles {
            seq += 1;
            writer
                .add_document(self.document(seq, article.borrow()))
                .map_err(|e| self.failed(e))?;
            added += 1;
        }
        writer.commit().map_err(|e| self.failed(e))?;
        writer.wait_merging_threads().map_err(|e| self.failed(e))?;
        self.reader.reload().map_err(|e| self.failed(e))?;
        Ok(added)
    }

    fn document(&self, seq: u64, article: &Article) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.id, article.id.as_str());
        if let Some(title) = &article.title {
            doc.add_text(f.title, title);
        }
        doc.add_text(f.body, &article.text);
        if let Some(outlet) = &article.outlet {
            doc.add_text(f.outlet, outlet);
            doc.add_text(f.outlet_key, outlet.to_lowercase());
        }
        if let Some(domain) = &article.domain {
            doc.add_text(f.domain, domain.to_lowercase());
        }
        if let Some(language) = &article.language {
            doc.add_text(f.language, language.to_lowercase());
        }
        if let Some(published) = article.published {
            doc.add_i64(f.published, published.timestamp());
        }
        doc.add_u64(f.seq, seq);
        doc
    }
}

fn seq_i64(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}
