//! Duplicates and syndicated copies decided within one chunk (against keys read once for
//! the chunk and those of the articles it wrote) come out exactly as when every article is
//! its own chunk (checked against the store alone), on both engines.

use chrono::{DateTime, TimeZone, Utc};
use parallax_model::{Document, Format, Origin};
use parallax_pipeline::{IngestOptions, IngestReport, Ingester};
use parallax_store::Store;
use parallax_store::testdb::fresh_database;

mod common;
use common::words;

fn at(day: u32) -> Option<DateTime<Utc>> {
    Some(Utc.with_ymd_and_hms(2026, 3, day, 8, 0, 0).unwrap())
}

/// Made-up report text: `n` sentences of words made from syllables, the same for the same
/// `place`, long enough for a MinHash signature; different places share few words.
fn report(place: &str, n: usize) -> String {
    let mut word =
        words(place.bytes().fold(0x5eed, |h, b| h.wrapping_mul(31).wrapping_add(b.into())));
    (0..n)
        .map(|_| {
            let words: Vec<String> = (0..12).map(|_| word()).collect();
            format!("In {place} {}.", words.join(" "))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn doc(id: &str, text: &str, published: Option<DateTime<Utc>>) -> Document {
    let mut d = Document::new(Origin::file("wire.jsonl", Format::Jsonl).with_record(id));
    d.id = Some(id.into());
    d.title = Some(format!("Report {id}"));
    d.outlet = Some("Meridian Wire".into());
    d.text = text.into();
    d.published = published;
    d.language = Some("en".into());
    d
}

/// Copies, exact duplicates and an id clash, then an earlier copy that becomes the original
/// (with `completion` false) or a summary completed by its page (with `completion` true):
/// each case follows the articles of the same chunk it depends on. Either event changes
/// stored links or keys, after which the chunk's articles are checked against the store.
fn documents(completion: bool) -> Vec<Document> {
    let harbour = report("Tarvell", 8);
    let market = report("Osmund", 8);
    let bridge = report("Kelby", 8);
    let mut docs = vec![
        doc("bridge", &bridge, at(2)),
        doc("bridge-copy", &format!("{bridge} The mayor visited in the afternoon."), at(3)),
        doc("bridge-again", &bridge, at(3)),
        doc("harbour", &harbour, at(5)),
        doc("harbour-later", &format!("{harbour} Divers were called in on Friday."), at(6)),
        doc("harbour", &harbour, at(5)),
        doc("harbour", &report("Ulvik", 8), at(5)),
    ];
    if completion {
        let mut summary = doc("market-summary", &report("Osmund", 1), at(10));
        summary.url = Some("https://wire.example.com/market".into());
        summary.summary_only = true;
        let mut page = doc("market-page", &market, at(10));
        page.url = Some("https://wire.example.com/market".into());
        docs.extend([
            summary,
            page,
            doc("market-copy", &format!("{market} Stalls reopened at noon."), at(11)),
        ]);
    } else {
        docs.extend([
            doc("harbour-earlier", &format!("{harbour} The first warning came at dawn."), at(4)),
            doc("harbour-last", &format!("{harbour} Insurers sent assessors."), at(7)),
        ]);
    }
    docs.push(doc("bridge-late", &format!("{bridge} Traffic resumed by evening."), at(12)));
    docs
}

/// Each article's id, original and text, in storing order.
fn stored(store: &Store) -> Vec<(String, Option<String>, String)> {
    let ids = [
        "bridge",
        "bridge-copy",
        "harbour",
        "harbour-later",
        "harbour-earlier",
        "harbour-last",
        "market-summary",
        "market-copy",
        "bridge-late",
        "bridge-again",
        "market-page",
    ];
    ids.iter()
        .filter_map(|id| store.article(id).unwrap())
        .map(|a| (a.id.0, a.syndicated_of.map(|o| o.0), a.text))
        .collect()
}

fn counts(r: &IngestReport) -> (usize, usize, usize, usize, usize) {
    (r.new, r.duplicates, r.near_duplicates, r.completed, r.failed.len())
}

fn check(engine: &str, completion: bool, mut whole: Store, mut one_by_one: Store) {
    eprintln!("-- engine: {engine}, completion: {completion}");
    let together = Ingester::new(&mut whole, IngestOptions::default())
        .ingest_documents(documents(completion), &());
    let mut apart = IngestReport::default();
    for d in documents(completion) {
        let r =
            Ingester::new(&mut one_by_one, IngestOptions::default()).ingest_documents(vec![d], &());
        apart.new += r.new;
        apart.duplicates += r.duplicates;
        apart.near_duplicates += r.near_duplicates;
        apart.completed += r.completed;
        apart.failed.extend(r.failed);
    }
    assert_eq!(counts(&together), counts(&apart), "{engine}");
    let expected = if completion { (3, 2, 4, 1, 1) } else { (2, 2, 5, 0, 1) };
    assert_eq!(counts(&together), expected, "{engine}: {together:?}");
    assert!(together.failed[0].contains("\"harbour\" is already used"), "{:?}", together.failed);
    let articles = stored(&whole);
    assert_eq!(articles, stored(&one_by_one), "{engine}");

    let original = |id: &str| {
        articles.iter().find(|a| a.0 == id).unwrap_or_else(|| panic!("{id} not stored")).1.clone()
    };
    // Decided from the chunk's own writes: copies of an article stored moments before.
    assert_eq!(original("bridge-copy").as_deref(), Some("bridge"));
    assert_eq!(original("bridge-late").as_deref(), Some("bridge"));
    if completion {
        // The summary took its page's text, and a copy of that text links to it.
        let summary = articles.iter().find(|a| a.0 == "market-summary").unwrap();
        assert!(summary.2.len() > 500, "the summary was not completed");
        assert_eq!(original("market-copy").as_deref(), Some("market-summary"));
        assert_eq!(original("harbour-later").as_deref(), Some("harbour"));
    } else {
        // The earlier copy became the original of the whole group, and a later copy finds it.
        assert_eq!(original("harbour-earlier"), None);
        assert_eq!(original("harbour").as_deref(), Some("harbour-earlier"));
        assert_eq!(original("harbour-later").as_deref(), Some("harbour-earlier"));
        assert_eq!(original("harbour-last").as_deref(), Some("harbour-earlier"));
    }
    assert!(whole.verify().unwrap().is_empty());
}

#[test]
fn a_chunk_decides_duplicates_as_the_store_would_one_article_at_a_time() {
    for completion in [false, true] {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (a, b) = (Store::open(a.path()).unwrap(), Store::open(b.path()).unwrap());
        check("sqlite", completion, a, b);
        if let (Some(a), Some(b)) = (fresh_database(), fresh_database()) {
            check("postgres", completion, Store::connect(&a).unwrap(), Store::connect(&b).unwrap());
        }
    }
}

/// The chunk's new articles are written in batches (one statement each on PostgreSQL): an
/// article the store cannot take is refused alone, naming its input, and the articles
/// around it, its syndicated copy among them, are stored as they would be without it.
#[test]
fn an_article_the_store_refuses_is_refused_alone_from_its_batch() {
    let check = |engine: &str, mut store: Store| {
        let bridge = report("Kelby", 8);
        // PostgreSQL's TEXT cannot hold U+0000, which the analyser strips from texts but
        // not from a source's id; SQLite takes it.
        let broken = doc("broken\u{0}", &report("Ulvik", 8), at(4));
        let docs = vec![
            doc("bridge", &bridge, at(2)),
            broken,
            doc("bridge-copy", &format!("{bridge} The mayor visited in the afternoon."), at(3)),
            doc("harbour", &report("Tarvell", 8), at(5)),
        ];
        let report =
            Ingester::new(&mut store, IngestOptions::default()).ingest_documents(docs, &());
        let articles = store.articles_after(0, 100).unwrap();
        let ids: Vec<&str> = articles.iter().map(|(_, a)| a.id.as_str()).collect();
        if store.is_postgres() {
            assert_eq!(counts(&report), (2, 0, 1, 0, 1), "{engine}: {report:?}");
            assert!(report.failed[0].contains("wire.jsonl"), "{:?}", report.failed);
            assert!(report.failed[0].contains("0x00"), "{:?}", report.failed);
            assert_eq!(ids, ["bridge", "bridge-copy", "harbour"], "{engine}");
        } else {
            assert_eq!(counts(&report), (3, 0, 1, 0, 0), "{engine}: {report:?}");
            assert_eq!(ids, ["bridge", "broken\u{0}", "bridge-copy", "harbour"], "{engine}");
        }
        let copy = &articles.iter().find(|(_, a)| a.id.as_str() == "bridge-copy").unwrap().1;
        assert_eq!(copy.syndicated_of.as_ref().map(|o| o.as_str()), Some("bridge"), "{engine}");
        assert!(store.verify().unwrap().is_empty(), "{engine}");
    };
    let dir = tempfile::tempdir().unwrap();
    check("sqlite", Store::open(dir.path()).unwrap());
    if let Some(url) = fresh_database() {
        check("postgres", Store::connect(&url).unwrap());
    }
}
