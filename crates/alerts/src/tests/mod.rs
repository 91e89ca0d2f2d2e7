//! Tests over a real store and search index, with articles written for them (some hostile),
//! and webhooks served by a local axum server.

mod atom;
mod matching;
mod webhook;

use std::path::Path;

use chrono::{TimeZone, Utc};
use parallax_model::{Article, ArticleId, Format};
use parallax_search::{SearchIndex, index_dir};
use parallax_store::{NewAlert, NewArticle, Store};

/// An English article from `outlet`, published on day `day` of March 2024.
pub(crate) fn article(id: &str, outlet: &str, day: u32, title: &str, text: &str) -> Article {
    Article {
        id: ArticleId(id.into()),
        title: Some(title.into()),
        outlet: Some(outlet.into()),
        domain: Some(format!("{}.example", outlet.to_lowercase().replace(' ', ""))),
        url: Some(format!("https://{}.example/{id}", outlet.to_lowercase().replace(' ', ""))),
        canonical_url: None,
        published: Some(Utc.with_ymd_and_hms(2024, 3, day, 8, 0, 0).unwrap()),
        captured: None,
        language: Some("en".into()),
        byline: None,
        text: text.into(),
        summary_only: false,
        syndicated_of: None,
        format: Format::Text,
        source: "test".into(),
        ingested_at: Utc::now(),
        extra: Default::default(),
        sentences: Vec::new(),
    }
}

/// Stores `articles` (each with a distinct text hash, so none is taken for a duplicate).
pub(crate) fn add(store: &mut Store, articles: &[Article]) {
    for a in articles {
        let hash =
            a.id.as_str().bytes().fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(b.into()));
        let new = NewArticle {
            article: a,
            words: a.text.split_whitespace().count(),
            text_hash: hash,
            signature: &[],
            bands: &[],
            similarity: None,
            supersedes: None,
        };
        store.insert(&new).unwrap();
    }
}

/// A store and its index in `dir`, holding `articles`, indexed.
pub(crate) fn setup(dir: &Path, articles: &[Article]) -> (Store, SearchIndex) {
    let mut store = Store::open(dir).unwrap();
    add(&mut store, articles);
    let mut index = SearchIndex::open(&index_dir(dir)).unwrap();
    index.index_pending(&store).unwrap();
    (store, index)
}

/// Stores and indexes `articles` after the ones already there.
pub(crate) fn publish(store: &mut Store, index: &mut SearchIndex, articles: &[Article]) {
    add(store, articles);
    index.index_pending(store).unwrap();
}

pub(crate) fn alert(name: &str, query: &str) -> NewAlert {
    NewAlert { name: name.into(), query: query.into(), ..Default::default() }
}

pub(crate) fn flood(id: &str, outlet: &str, day: u32) -> Article {
    article(
        id,
        outlet,
        day,
        &format!("Flood closes the ring road ({id})"),
        "Police closed the ring road after the river flooded the lower town overnight.",
    )
}

pub(crate) fn market(id: &str, day: u32) -> Article {
    article(id, "Harbour Gazette", day, "Shares slip", "Markets fell after the bank held its rate.")
}
