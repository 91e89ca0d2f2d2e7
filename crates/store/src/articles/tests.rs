//! The article half of the store on both engines: inserts, duplicates, listings.

use super::*;
use chrono::TimeZone;

use crate::testdb::on_each_engine;

pub(crate) fn article(id: &str, url: Option<&str>, text: &str) -> Article {
    Article {
        id: ArticleId(id.into()),
        title: Some(format!("Title {id}")),
        outlet: Some("Harbour Gazette".into()),
        domain: None,
        url: url.map(str::to_string),
        canonical_url: url.map(str::to_string),
        published: Some(Utc.with_ymd_and_hms(2022, 5, 1, 9, 0, 0).unwrap()),
        captured: None,
        language: Some("en".into()),
        byline: None,
        text: text.into(),
        summary_only: false,
        syndicated_of: None,
        format: Format::Text,
        source: "t.txt".into(),
        ingested_at: Utc::now(),
        extra: Default::default(),
        sentences: vec![Sentence { text: text.into(), start: 0, end: text.chars().count() }],
    }
}

/// Makes `texts` the article's sentences, and its text those joined by spaces.
fn set_sentences(a: &mut Article, texts: &[&str]) {
    a.sentences = texts
        .iter()
        .scan(0, |at, text| {
            let start = *at;
            *at += text.chars().count() + 1;
            Some(Sentence { text: (*text).into(), start, end: *at - 1 })
        })
        .collect();
    a.text = texts.join(" ");
}

pub(crate) fn new<'a>(a: &'a Article, hash: u64, bands: &'a [(u8, i64)]) -> NewArticle<'a> {
    NewArticle {
        article: a,
        words: 3,
        text_hash: hash,
        signature: &[],
        bands,
        similarity: None,
        supersedes: None,
    }
}

#[test]
fn insert_then_read_back_and_find_duplicates() {
    on_each_engine(|store| {
        let a = article("a1", Some("https://h.example.com/1"), "Cranes stood idle.");
        assert_eq!(store.insert(&new(&a, 1, &[(0, 42)])).unwrap(), Inserted::New);
        let back = store.article("a1").unwrap().unwrap();
        assert_eq!(back.title, a.title);
        assert_eq!(back.published, a.published);
        assert_eq!(back.sentences, a.sentences);

        let dup = store.find_duplicate(None, Some("https://h.example.com/1"), 99).unwrap().unwrap();
        assert_eq!((dup.id.as_str(), dup.reason), ("a1", DuplicateReason::Url));
        let dup = store.find_duplicate(Some("zz"), None, 1).unwrap().unwrap();
        assert_eq!(dup.reason, DuplicateReason::Text);
        assert!(store.find_duplicate(Some("zz"), Some("https://other"), 2).unwrap().is_none());

        let c = store.near_duplicate_candidates(&[(0, 42), (1, 7)]).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].id.as_str(), "a1");

        // Writing the same article again changes nothing.
        assert_eq!(
            store.insert(&new(&a, 1, &[(0, 42)])).unwrap(),
            Inserted::AlreadyStored(ArticleId("a1".into()))
        );
        assert_eq!(store.stats().unwrap().articles, 1);
        assert!(store.verify().unwrap().is_empty());
    });
}

#[test]
fn filters_and_relinks() {
    on_each_engine(|store| {
        let mut a = article("a", None, "one");
        let mut b = article("b", None, "two");
        b.syndicated_of = Some(ArticleId("a".into()));
        b.outlet = Some("Other".into());
        a.language = Some("de".into());
        store.insert(&new(&a, 1, &[])).unwrap();
        store.insert(&new(&b, 2, &[])).unwrap();
        let de = store
            .articles(&ArticleFilter { language: Some("DE".into()), ..Default::default() })
            .unwrap();
        assert_eq!(de.len(), 1);
        let other = store
            .articles(&ArticleFilter { outlet: Some("other".into()), ..Default::default() })
            .unwrap();
        assert_eq!(other[0].id.as_str(), "b");
        let since = Utc.with_ymd_and_hms(2022, 5, 2, 0, 0, 0).unwrap();
        assert!(
            store
                .articles(&ArticleFilter { since: Some(since), ..Default::default() })
                .unwrap()
                .is_empty()
        );

        let c = article("c", None, "three");
        let previous = ArticleId("a".into());
        store.insert(&NewArticle { supersedes: Some(&previous), ..new(&c, 3, &[]) }).unwrap();
        assert_eq!(
            store.syndicated_copies("c").unwrap(),
            [ArticleId("a".into()), ArticleId("b".into())]
        );
        assert_eq!(store.article("c").unwrap().unwrap().syndicated_of, None);
    });
}

#[test]
fn articles_after_pages_in_seq_order_with_text() {
    on_each_engine(|store| {
        assert!(store.articles_after(0, 10).unwrap().is_empty());
        for (i, id) in ["x", "y", "z"].iter().enumerate() {
            let a = article(id, None, &format!("Body of {id}, «ü» & more."));
            store.insert(&new(&a, i as u64 + 1, &[])).unwrap();
        }
        let all = store.articles_after(0, 10).unwrap();
        let ids: Vec<&str> = all.iter().map(|(_, a)| a.id.as_str()).collect();
        assert_eq!(ids, ["x", "y", "z"]);
        assert!(all.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(all[1].1.text, "Body of y, «ü» & more.");
        assert_eq!(all[1].1.outlet.as_deref(), Some("Harbour Gazette"));

        let first = all[0].0;
        let page = store.articles_after(first, 1).unwrap();
        assert_eq!(page.len(), 1);
        assert_eq!(page[0].1.id.as_str(), "y");
        let last = all[2].0;
        assert!(store.articles_after(last, 10).unwrap().is_empty());
        assert!(store.articles_after(-5, 0).unwrap().is_empty());
        assert_eq!(store.articles_after(i64::MIN, usize::MAX).unwrap().len(), 3);
    });
}

#[test]
fn reopening_migrates_once_and_refuses_newer_schemas() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let store = Store::open(dir.path()).unwrap();
    store.conn.as_sqlite().unwrap().pragma_update(None, "user_version", 999).unwrap();
    drop(store);
    let err = Store::open(dir.path()).err().unwrap();
    assert!(err.to_string().contains("schema version 999"), "{err}");
    // The sqlite:// form opens the same store.
    let url = format!("sqlite://{}", dir.path().display());
    assert!(Store::connect(&url).err().unwrap().to_string().contains("schema version 999"));

    let Some(url) = crate::testdb::fresh_database() else { return };
    drop(Store::connect(&url).unwrap());
    let store = Store::connect(&url).unwrap();
    assert!(store.is_postgres());
    assert_eq!(store.stats().unwrap(), crate::Stats::default());
    store.conn.execute("UPDATE schema_version SET version = 999", &[]).unwrap();
    drop(store);
    let err = Store::connect(&url).err().unwrap();
    assert!(err.to_string().contains("schema version 999"), "{err}");
}

#[test]
fn bad_urls_are_refused_and_passwords_never_shown() {
    let err = Store::connect("mysql://root:hunter2@db/news").err().unwrap().to_string();
    assert!(err.contains("mysql://root:***@db/news") && !err.contains("hunter2"), "{err}");
    assert!(Store::connect("sqlite://").is_err());
    // Nothing listens on port 9 of localhost: the connection fails, naming the database.
    let err = Store::connect("postgres://ed:hunter2@127.0.0.1:9/news?connect_timeout=2")
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("postgres://ed:***@127.0.0.1:9/news"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");
}

#[test]
fn hostile_text_round_trips_on_both_engines() {
    on_each_engine(|store| {
        let body = "<script>alert('x')</script> ?1 $1 '; DROP TABLE articles; -- «ü» 𝄞";
        let mut a = article("h'1", Some("https://h.example.com/?q='1'"), body);
        a.title = Some("?2 \"quoted\" $$ title".into());
        a.outlet = Some("Ünïcode Outlet".into());
        store.insert(&new(&a, u64::MAX, &[(255, i64::MIN)])).unwrap();
        let back = store.article("h'1").unwrap().unwrap();
        assert_eq!((back.text.as_str(), back.title.as_deref()), (body, a.title.as_deref()));
        let dup = store.find_duplicate(None, None, u64::MAX).unwrap().unwrap();
        assert_eq!((dup.text_hash, dup.reason), (u64::MAX, DuplicateReason::Text));
        assert_eq!(store.near_duplicate_candidates(&[(255, i64::MIN)]).unwrap().len(), 1);
        let found = store
            .articles(&ArticleFilter {
                outlet: Some("ÜnÏcode outlet".into()),
                ..Default::default()
            })
            .unwrap();
        // Case folding is ASCII-only on both engines (SQLite's lower(), the C ctype).
        assert!(found.is_empty());
        let found = store
            .articles(&ArticleFilter {
                outlet: Some("Ünïcode OUTLET".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(found.len(), 1);

        // PostgreSQL's TEXT cannot hold U+0000 (the analyser strips control characters
        // from bodies, not from every field): the write fails whole, naming the cause,
        // and the store goes on working.
        let mut nul = article("nul", None, "A body without the character.");
        nul.title = Some("Title with \u{0} inside".into());
        let result = store.insert(&new(&nul, 5, &[(1, 1)]));
        if store.is_postgres() {
            let err = result.err().unwrap().to_string();
            assert!(err.contains("0x00"), "{err}");
            assert!(store.article("nul").unwrap().is_none());
            assert!(store.near_duplicate_candidates(&[(1, 1)]).unwrap().is_empty());
        } else {
            assert_eq!(result.unwrap(), Inserted::New);
        }
        let after = article("after", None, "Still writable.");
        assert_eq!(store.insert(&new(&after, 6, &[])).unwrap(), Inserted::New);
        assert!(store.verify().unwrap().is_empty());
    });
}

#[test]
fn an_articles_sentences_bands_and_outlet_name_are_written_with_it() {
    on_each_engine(|store| {
        let mut a = article("s1", None, "unused");
        a.domain = Some("gazette.example".into());
        set_sentences(
            &mut a,
            &["First, the port.", "Second: «the» ship's 'cargo'?", "Third $1 ?2."],
        );
        let bands: Vec<(u8, i64)> = (0..32).map(|b| (b, i64::from(b) * 1_000_003 - 7)).collect();
        assert_eq!(store.insert(&new(&a, 11, &bands)).unwrap(), Inserted::New);
        assert_eq!(store.article("s1").unwrap().unwrap().sentences, a.sentences);
        for band in [bands[0], bands[31]] {
            let found = store.near_duplicate_candidates(&[band]).unwrap();
            assert_eq!(found.len(), 1, "band {band:?}");
        }
        // The outlet's name is learnt from the first article that gives one for its domain.
        let mut b = article("s2", None, "Another report from the same site.");
        (b.domain, b.outlet) = (Some("gazette.example".into()), None);
        assert_eq!(store.insert(&new(&b, 12, &[])).unwrap(), Inserted::New);
        assert_eq!(
            store.article("s2").unwrap().unwrap().outlet.as_deref(),
            Some("Harbour Gazette")
        );
        // An article without sentences or bands is written whole too.
        let mut c = article("s3", None, "");
        c.sentences.clear();
        assert_eq!(store.insert(&new(&c, 13, &[])).unwrap(), Inserted::New);
        assert!(store.article("s3").unwrap().unwrap().sentences.is_empty());
        assert!(store.verify().unwrap().is_empty());
    });
}

#[test]
fn band_keys_written_in_a_transaction_are_seen_at_once_and_roll_back_with_it() {
    on_each_engine(|store| {
        let a = article("t1", None, "The ferry left at dawn.");
        let b = article("t2", None, "The ferry left at dawn with freight.");
        let c = article("t3", None, "A rolled-back report.");
        store
            .transaction(|store| -> Result<()> {
                store.insert(&new(&a, 1, &[(3, 30), (0, 5)]))?;
                // A read inside the transaction sees the keys just written.
                assert_eq!(store.band_matches(&[(3, 30)])?.len(), 1);
                store.insert(&new(&b, 2, &[(3, 30), (1, 9)]))?;
                // A failed inner transaction takes its article's keys with it, and only those.
                let failed = store.transaction(|store| -> Result<()> {
                    store.insert(&new(&c, 3, &[(3, 30), (2, 2)]))?;
                    assert_eq!(store.band_matches(&[(3, 30)])?.len(), 3);
                    Err(StoreError::IdConflict { id: "given up".into() })
                });
                assert!(failed.is_err());
                Ok(())
            })
            .unwrap();
        let held: Vec<(String, Vec<(u8, i64)>)> = store
            .band_matches(&[(0, 5), (1, 9), (2, 2), (3, 30)])
            .unwrap()
            .into_iter()
            .map(|m| (m.candidate.id.0, m.bands))
            .collect();
        assert_eq!(
            held,
            [("t1".to_string(), vec![(0, 5), (3, 30)]), ("t2".to_string(), vec![(1, 9), (3, 30)])]
        );
        assert!(store.article("t3").unwrap().is_none());
        assert!(store.verify().unwrap().is_empty());

        // A transaction that fails after its inserts leaves no keys behind either.
        let d = article("t4", None, "Never stored.");
        let failed = store.transaction(|store| -> Result<()> {
            store.insert(&new(&d, 4, &[(5, 50)]))?;
            Err(StoreError::IdConflict { id: "given up".into() })
        });
        assert!(failed.is_err());
        assert!(store.band_matches(&[(5, 50)]).unwrap().is_empty());
        let e = article("t5", None, "Stored after the failure.");
        store.transaction(|store| store.insert(&new(&e, 5, &[(6, 60)]))).unwrap();
        assert_eq!(store.band_matches(&[(5, 50), (6, 60)]).unwrap().len(), 1);
    });
}

#[test]
fn near_duplicates_are_looked_for_in_the_last_two_blocks_only() {
    on_each_engine(|store| {
        // Blocks of two articles: seqs 1 | 2 3 | 4 5 | ...
        store.band_block_bits = 1;
        let first = article("w1", None, "The ferry left at dawn.");
        let text_hash = 100;
        store.insert(&new(&first, text_hash, &[(0, 7), (1, 8)])).unwrap();
        let ids = |store: &Store| -> Vec<String> {
            let near = store.near_duplicate_candidates(&[(0, 7)]).unwrap();
            let matched = store.band_matches(&[(0, 7)]).unwrap();
            assert_eq!(
                near.iter().map(|c| &c.id).collect::<Vec<_>>(),
                matched.iter().map(|m| &m.candidate.id).collect::<Vec<_>>()
            );
            near.into_iter().map(|c| c.id.0).collect()
        };
        assert_eq!(ids(store), ["w1"]);
        // Inside one transaction too (SQLite defers the keys to its commit).
        for i in 2..=3 {
            let filler = article(&format!("f{i}"), None, "Unrelated report.");
            store.transaction(|store| store.insert(&new(&filler, i, &[(0, i as i64)]))).unwrap();
        }
        // Newest seq 3, block 1: blocks 1 and 0 are searched, w1 (seq 1, block 0) is found.
        assert_eq!(ids(store), ["w1"]);
        let filler = article("f4", None, "Another unrelated report.");
        store.transaction(|store| store.insert(&new(&filler, 4, &[(2, 4)]))).unwrap();
        // Newest seq 4, block 2: w1 has left the window.
        assert!(ids(store).is_empty());
        // A later copy with the same key is found, and an exact copy is still a duplicate.
        let copy = article("w5", None, "The ferry left at dawn, officials said.");
        store.transaction(|store| store.insert(&new(&copy, 5, &[(0, 7)]))).unwrap();
        assert_eq!(ids(store), ["w5"]);
        let found = store.find_duplicate(None, None, text_hash).unwrap().unwrap();
        assert_eq!(found.id.0, "w1");
        assert!(store.verify().unwrap().is_empty());
    });
}

#[test]
fn band_keys_of_a_store_from_before_the_blocks_are_kept() {
    // A store at schema version 7 (band keys without blocks) with two articles.
    let old_table = "DROP TABLE minhash_bands;
        CREATE TABLE minhash_bands (band BIGINT NOT NULL, key BIGINT NOT NULL,
            article_seq BIGINT NOT NULL, PRIMARY KEY (band, key, article_seq));
        INSERT INTO minhash_bands (band, key, article_seq)
            SELECT 3, 30, seq FROM articles;";
    let fill = |store: &mut Store| {
        store.insert(&new(&article("m1", None, "Cranes stood idle."), 1, &[])).unwrap();
        store.insert(&new(&article("m2", None, "The port reopened."), 2, &[])).unwrap();
    };
    let check = |store: &Store| {
        let matched = store.band_matches(&[(3, 30)]).unwrap();
        let ids: Vec<&str> = matched.iter().map(|m| m.candidate.id.as_str()).collect();
        assert_eq!(ids, ["m1", "m2"]);
        assert_eq!(store.near_duplicate_candidates(&[(3, 30)]).unwrap().len(), 2);
        assert!(store.verify().unwrap().is_empty());
    };

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    fill(&mut store);
    store.conn.execute_batch(old_table).unwrap();
    store.conn.as_sqlite().unwrap().pragma_update(None, "user_version", 7).unwrap();
    drop(store);
    check(&Store::open(dir.path()).unwrap());

    let Some(url) = crate::testdb::fresh_database() else { return };
    let mut store = Store::connect(&url).unwrap();
    fill(&mut store);
    store.conn.execute_batch(old_table).unwrap();
    store
        .conn
        .execute_batch(
            "CREATE INDEX minhash_bands_article ON minhash_bands(article_seq);
             DROP FUNCTION near_duplicate_candidates(INT, BIGINT[], BIGINT[]);
             CREATE FUNCTION near_duplicate_candidates(bands BIGINT[], keys BIGINT[])
             RETURNS TABLE (seq BIGINT) LANGUAGE sql AS $$ SELECT 1::BIGINT $$;
             UPDATE schema_version SET version = 7;",
        )
        .unwrap();
    drop(store);
    check(&Store::connect(&url).unwrap());
}

#[test]
fn batch_lookups_answer_as_the_single_article_ones_do() {
    on_each_engine(|store| {
        let a = article("a1", Some("https://h.example.com/1"), "Cranes stood idle.");
        let mut b = article("b1", None, "Cranes stood idle at the port.");
        b.published = Some(Utc.with_ymd_and_hms(2022, 5, 2, 9, 0, 0).unwrap());
        b.syndicated_of = Some(ArticleId("a1".into()));
        store.insert(&new(&a, 1, &[(0, 42), (1, 7)])).unwrap();
        store.insert(&new(&b, 2, &[(0, 42), (2, 9)])).unwrap();

        // Every key at once; each stored article comes back once whatever it matched by.
        let mut keys = store
            .stored_keys(&["a1", "nobody"], &["https://h.example.com/1"], &[1, 2, 77])
            .unwrap();
        keys.sort_by(|x, y| x.id.cmp(&y.id));
        let ids: Vec<&str> = keys.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(ids, ["a1", "b1"]);
        assert_eq!(keys[0].canonical_url.as_deref(), Some("https://h.example.com/1"));
        assert_eq!((keys[0].text_hash, keys[1].text_hash), (1, 2));
        assert!(!keys[0].summary_only);
        assert!(store.stored_keys(&[], &[], &[]).unwrap().is_empty());

        // One row per stored article, in storing order, with the keys it holds, a repeated
        // key asked once; a copy brings its original's publication time.
        let matches = store.band_matches(&[(2, 9), (0, 42), (0, 42), (5, 5)]).unwrap();
        let found: Vec<(&str, &[(u8, i64)])> =
            matches.iter().map(|m| (m.candidate.id.as_str(), m.bands.as_slice())).collect();
        assert_eq!(found, [("a1", &[(0, 42)][..]), ("b1", &[(0, 42), (2, 9)][..])]);
        assert!(matches[0].seq < matches[1].seq);
        let copy = &matches[1];
        assert_eq!(copy.candidate.syndicated_of.as_ref().map(ArticleId::as_str), Some("a1"));
        assert_eq!(copy.root_published, a.published);
        assert_eq!(copy.candidate, store.near_duplicate_candidates(&[(2, 9)]).unwrap()[0]);
        assert!(store.band_matches(&[]).unwrap().is_empty());
    });
}

#[test]
fn a_batch_is_written_as_its_articles_would_be_one_by_one() {
    on_each_engine(|store| {
        let old = article("old", Some("https://h.example.com/old"), "Stored before the batch.");
        assert_eq!(store.insert(&new(&old, 1, &[])).unwrap(), Inserted::New);

        let mut a = article("a", Some("https://h.example.com/a"), "unused");
        (a.domain, a.outlet) = (Some("gazette.example".into()), Some("Harbour Gazette".into()));
        (a.byline, a.captured) = (Some("R. Quay".into()), a.published);
        a.syndicated_of = Some(ArticleId("old".into()));
        set_sentences(&mut a, &["Cranes stood idle.", "The «port» closed $1 ?2."]);
        let a_bands: Vec<(u8, i64)> = (0..32).map(|b| (b, i64::from(b) * 7_919 + 3)).collect();
        let signature = [7u32, 8, 9];
        let mut a_new = new(&a, 10, &a_bands);
        (a_new.signature, a_new.similarity) = (&signature, Some(0.75));
        // Collides with the stored article by URL, then with `a` by text, then by id.
        let by_url = article("b", Some("https://h.example.com/old"), "Another text.");
        let by_text = article("c", None, "Same text as a.");
        let by_id = article("a", None, "A different text under a's id.");
        // No title, outlet or URL at all, and a hostile body.
        let mut bare = article("e", None, "'; DROP TABLE articles; -- 𝄞");
        (bare.title, bare.outlet, bare.language, bare.published) = (None, None, None, None);
        let batch = [
            a_new,
            new(&by_url, 20, &[]),
            new(&by_text, 10, &[]),
            new(&by_id, 30, &[]),
            new(&bare, 40, &[(0, 3)]),
        ];
        let answers: Vec<Inserted> =
            store.insert_all(&batch).into_iter().map(Result::unwrap).collect();
        let stored = |id: &str| Inserted::AlreadyStored(ArticleId(id.into()));
        assert_eq!(
            answers,
            [Inserted::New, stored("old"), stored("a"), stored("a"), Inserted::New],
            "engine {}",
            if store.is_postgres() { "PostgreSQL" } else { "SQLite" }
        );

        let back = store.article("a").unwrap().unwrap();
        assert_eq!(back.text, a.text);
        assert_eq!(back.sentences, a.sentences);
        assert_eq!((back.title, back.byline), (a.title.clone(), a.byline.clone()));
        assert_eq!((back.published, back.captured), (a.published, a.captured));
        assert_eq!(back.syndicated_of, a.syndicated_of);
        let found = store.near_duplicate_candidates(&a_bands[31..]).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].id.as_str(), found[0].signature.as_slice()), ("a", &signature[..]));
        let e = store.article("e").unwrap().unwrap();
        assert_eq!((e.text.as_str(), e.title, e.published), (bare.text.as_str(), None, None));
        // Seqs follow the batch's order.
        let order: Vec<String> =
            store.articles_after(0, 10).unwrap().into_iter().map(|(_, a)| a.id.0).collect();
        assert_eq!(order, ["old", "a", "e"]);
        // The outlet's name is learnt from the batch.
        let mut same_site = article("f", None, "From the same site.");
        (same_site.domain, same_site.outlet) = (Some("gazette.example".into()), None);
        store.insert(&new(&same_site, 50, &[])).unwrap();
        let f = store.article("f").unwrap().unwrap();
        assert_eq!(f.outlet.as_deref(), Some("Harbour Gazette"));

        // Writing the same batch again changes nothing.
        let again = store.insert_all(&batch);
        assert!(again.iter().all(|a| matches!(a, Ok(Inserted::AlreadyStored(_)))), "{again:?}");
        assert_eq!(store.articles_after(0, 10).unwrap().len(), 4);

        // An article that cannot be written is refused alone, inside a transaction too, and
        // the store goes on working.
        let fine = article("g", None, "A fine article.");
        let mut broken = article("h", None, "A body without the character.");
        broken.title = Some("Title with \u{0} inside".into());
        let also_fine = article("i", None, "Another fine article.");
        let batch = [new(&fine, 60, &[(2, 2)]), new(&broken, 61, &[]), new(&also_fine, 62, &[])];
        let answers = store.transaction(|store| Ok::<_, StoreError>(store.insert_all(&batch)));
        let answers = answers.unwrap();
        assert_eq!(answers[0].as_ref().unwrap(), &Inserted::New);
        assert_eq!(answers[2].as_ref().unwrap(), &Inserted::New);
        if store.is_postgres() {
            let err = answers[1].as_ref().unwrap_err().to_string();
            assert!(err.contains("0x00"), "{err}");
            assert!(store.article("h").unwrap().is_none());
        } else {
            assert_eq!(answers[1].as_ref().unwrap(), &Inserted::New);
        }
        assert!(store.article("g").unwrap().is_some() && store.article("i").unwrap().is_some());
        assert_eq!(store.near_duplicate_candidates(&[(2, 2)]).unwrap().len(), 1);
        assert!(store.verify().unwrap().is_empty());
    });
}
