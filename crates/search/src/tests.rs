use chrono::{TimeZone, Utc};
use parallax_model::{Article, ArticleId, Format};
use parallax_store::{NewArticle, Store};

use super::*;

fn article(id: &str, outlet: &str, day: u32, title: &str, text: &str) -> Article {
    Article {
        id: ArticleId(id.into()),
        title: Some(title.into()),
        outlet: Some(outlet.into()),
        domain: Some(format!("{}.example", outlet.to_lowercase().replace(' ', ""))),
        url: None,
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

fn store_with(dir: &Path, articles: &[Article]) -> Store {
    let mut store = Store::open(dir).unwrap();
    add(&mut store, articles);
    store
}

fn add(store: &mut Store, articles: &[Article]) {
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

fn corpus() -> Vec<Article> {
    vec![
        article(
            "flood-1",
            "Harbour Gazette",
            1,
            "River floods the lower town",
            "The river burst its banks overnight and flooded the lower town. Residents were moved to the school hall.",
        ),
        article(
            "flood-2",
            "Valley Courier",
            2,
            "Flooding closes the ring road",
            "Police closed the ring road after heavy rain. The flooding is expected to last two days.",
        ),
        article(
            "markets-1",
            "Harbour Gazette",
            3,
            "Shares slip as rates hold",
            "Markets fell slightly after the central bank kept its rate unchanged.",
        ),
    ]
}

fn ids(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.id.as_str()).collect()
}

#[test]
fn indexes_incrementally_and_idempotently() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with(dir.path(), &corpus());
    let mut index = SearchIndex::open(&index_dir(dir.path())).unwrap();
    assert!(index.is_empty());
    assert_eq!(index.index_pending(&store).unwrap(), 3);
    assert_eq!(index.index_pending(&store).unwrap(), 0, "a second run adds nothing");
    assert_eq!(index.len(), 3);

    add(
        &mut store,
        &[article("late", "Valley Courier", 4, "Flood waters recede", "The water went down.")],
    );
    // A fresh handle (another process, say) picks up from the watermark.
    drop(index);
    let mut index = SearchIndex::open(&index_dir(dir.path())).unwrap();
    assert_eq!(index.index_pending(&store).unwrap(), 1);
    assert_eq!(index.len(), 4);
    assert_eq!(index.index_pending(&store).unwrap(), 0);
}

#[test]
fn ranks_with_stemming_and_titles_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(dir.path(), &corpus());
    let mut index = SearchIndex::open(&index_dir(dir.path())).unwrap();
    index.index_pending(&store).unwrap();

    // "flood" matches "floods", "flooded" and "flooding" through the stemmer.
    let hits = index.search(&SearchQuery::new("flood")).unwrap();
    let mut found = ids(&hits);
    found.sort_unstable();
    assert_eq!(found, ["flood-1", "flood-2"]);
    assert!(hits.iter().all(|h| h.score > 0.0));
    assert!(hits[0].score >= hits[1].score);

    // Words are all required by default.
    assert_eq!(ids(&index.search(&SearchQuery::new("flooding ring road")).unwrap()), ["flood-2"]);
    assert!(index.search(&SearchQuery::new("flood markets")).unwrap().is_empty());
    // OR and phrases work.
    assert_eq!(index.search(&SearchQuery::new("rates OR residents")).unwrap().len(), 2);
    assert_eq!(ids(&index.search(&SearchQuery::new("\"ring road\"")).unwrap()), ["flood-2"]);

    let hit = &index.search(&SearchQuery::new("ring road")).unwrap()[0];
    assert_eq!(hit.title.as_deref(), Some("Flooding closes the ring road"));
    assert_eq!(hit.title_html, "Flooding closes the <mark>ring</mark> <mark>road</mark>");
    assert!(
        hit.snippet_html.contains("<mark>ring</mark> <mark>road</mark>"),
        "{}",
        hit.snippet_html
    );
    assert_eq!(hit.outlet.as_deref(), Some("Valley Courier"));
    assert_eq!(hit.published, Some(Utc.with_ymd_and_hms(2024, 3, 2, 8, 0, 0).unwrap()));
}

#[test]
fn filters_by_outlet_domain_language_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let mut articles = corpus();
    articles[1].language = Some("DE".into());
    let store = store_with(dir.path(), &articles);
    let mut index = SearchIndex::open(&index_dir(dir.path())).unwrap();
    index.index_pending(&store).unwrap();
    let flood = |q: SearchQuery| ids(&index.search(&q).unwrap()).join(",");
    let base = SearchQuery::new("flood");

    assert_eq!(
        flood(SearchQuery { outlets: vec!["harbour gazette".into()], ..base.clone() }),
        "flood-1"
    );
    assert_eq!(
        flood(SearchQuery { outlets: vec!["valleycourier.example".into()], ..base.clone() }),
        "flood-2"
    );
    let both = vec!["Harbour Gazette".into(), "Valley Courier".into()];
    assert_eq!(flood(SearchQuery { outlets: both, ..base.clone() }).split(',').count(), 2);
    assert_eq!(flood(SearchQuery { outlets: vec!["Nobody".into()], ..base.clone() }), "");
    assert_eq!(flood(SearchQuery { language: Some("de".into()), ..base.clone() }), "flood-2");
    let day = |d| Some(Utc.with_ymd_and_hms(2024, 3, d, 0, 0, 0).unwrap());
    assert_eq!(flood(SearchQuery { since: day(2), ..base.clone() }), "flood-2");
    assert_eq!(flood(SearchQuery { until: day(2), ..base.clone() }), "flood-1");
    assert_eq!(
        flood(SearchQuery { since: day(1), until: day(3), limit: 1, ..base.clone() }).len(),
        7
    );
    assert_eq!(flood(SearchQuery { limit: 0, ..base.clone() }), "");
}

#[test]
fn filters_do_not_change_scores() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(dir.path(), &corpus());
    let mut index = SearchIndex::open(&index_dir(dir.path())).unwrap();
    index.index_pending(&store).unwrap();
    let plain = index.search(&SearchQuery::new("river")).unwrap();
    let filtered = index
        .search(&SearchQuery { language: Some("en".into()), ..SearchQuery::new("river") })
        .unwrap();
    assert_eq!(plain[0].score, filtered[0].score);
}

#[test]
fn snippets_escape_hostile_text() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = article(
        "x",
        "Harbour Gazette",
        5,
        "<img src=x onerror=alert(1)> \"Storm\" & 'surge'",
        "Before <script>alert('storm')</script> the storm & the \"surge\" came; it's <b>bold</b> &amp; more.",
    );
    let store = store_with(dir.path(), &[hostile]);
    let mut index = SearchIndex::open(&index_dir(dir.path())).unwrap();
    index.index_pending(&store).unwrap();
    let hit = &index.search(&SearchQuery::new("storm surge")).unwrap()[0];
    for html in [&hit.snippet_html, &hit.title_html] {
        let without_marks = html.replace("<mark>", "").replace("</mark>", "");
        assert!(!without_marks.contains('<'), "raw markup in {html}");
        assert!(!without_marks.contains('>'), "raw markup in {html}");
        assert!(!without_marks.contains('"') && !without_marks.contains('\''), "{html}");
    }
    assert!(
        hit.snippet_html
            .contains("&lt;script&gt;alert(&#39;<mark>storm</mark>&#39;)&lt;/script&gt;"),
        "{}",
        hit.snippet_html
    );
    assert!(
        hit.snippet_html.contains("&amp; the &quot;<mark>surge</mark>&quot;"),
        "{}",
        hit.snippet_html
    );
    assert!(
        hit.snippet_html.contains("&amp;amp;"),
        "an entity in the text stays text: {}",
        hit.snippet_html
    );
    assert!(
        hit.title_html
            .starts_with("&lt;img src=x onerror=alert(1)&gt; &quot;<mark>Storm</mark>&quot;"),
        "{}",
        hit.title_html
    );
    assert_eq!(
        marks_to_text(&hit.title_html),
        "<img src=x onerror=alert(1)> \"«Storm»\" & '«surge»'"
    );
}

#[test]
fn rejected_syntax_is_read_leniently() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with(dir.path(), &corpus());
    let mut index = SearchIndex::open(&index_dir(dir.path())).unwrap();
    index.index_pending(&store).unwrap();
    for text in [
        "\"ring road",
        "ring road\"",
        "AND",
        "AND ring",
        "ring AND",
        "((ring",
        "title:",
        "nofield:ring",
        "ring)",
        "-",
        "\"",
        "***",
        "~~",
        "ring^",
        "[a TO",
        "«ring»",
    ] {
        let hits = index.search(&SearchQuery::new(text));
        assert!(hits.is_ok(), "{text:?}: {hits:?}");
    }
    assert_eq!(ids(&index.search(&SearchQuery::new("\"ring road")).unwrap()), ["flood-2"]);
    // "and" is not in the matching article: the words are then read as alternatives.
    assert_eq!(ids(&index.search(&SearchQuery::new("ring AND")).unwrap())[0], "flood-2");
    assert!(index.search(&SearchQuery::new("   ")).unwrap().is_empty());
    assert!(index.search(&SearchQuery::new("")).unwrap().is_empty());
}

#[test]
fn non_latin_long_and_empty_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let long = "Silt and sand. ".repeat(5_000) + "Then the dredger arrived at the quay.";
    let articles = [
        article(
            "ru",
            "Harbour Gazette",
            6,
            "Паводок в городе",
            "Вода поднялась на два метра за ночь, паводок затопил набережную.",
        ),
        article("long", "Harbour Gazette", 7, "Dredging resumes", &long),
        article("empty", "Harbour Gazette", 8, "Dredger", ""),
    ];
    let store = store_with(dir.path(), &articles);
    let mut index = SearchIndex::open(&index_dir(dir.path())).unwrap();
    index.index_pending(&store).unwrap();
    let hit = &index.search(&SearchQuery::new("паводок")).unwrap()[0];
    assert_eq!(hit.id, "ru");
    assert!(hit.snippet_html.contains("<mark>паводок</mark>"), "{}", hit.snippet_html);
    assert_eq!(hit.title_html, "<mark>Паводок</mark> в городе");

    let hits = index.search(&SearchQuery::new("dredger")).unwrap();
    assert_eq!(hits.len(), 2);
    let long_hit = hits.iter().find(|h| h.id == "long").unwrap();
    assert!(long_hit.snippet_html.starts_with('…'), "cut on the left");
    assert!(long_hit.snippet_html.contains("<mark>dredger</mark>"));
    assert!(long_hit.snippet_html.chars().count() < 400);
    let empty_hit = hits.iter().find(|h| h.id == "empty").unwrap();
    assert_eq!(empty_hit.snippet_html, "");

    // A title-only match shows the body's opening, cut at a word.
    let hit = &index.search(&SearchQuery::new("resumes")).unwrap()[0];
    assert!(hit.snippet_html.starts_with("Silt and sand.") && hit.snippet_html.ends_with('…'));
    assert!(!hit.snippet_html.contains("<mark>"));
}

#[test]
fn unreadable_or_foreign_indexes_name_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = index_dir(dir.path());
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("meta.json"), "{ not json").unwrap();
    let err = SearchIndex::open(&folder).err().unwrap().to_string();
    assert!(err.contains(&folder.display().to_string()) && err.contains("delete"), "{err}");

    // An index with other fields, as another version might write.
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::create_dir_all(&folder).unwrap();
    let mut other = tantivy::schema::Schema::builder();
    other.add_text_field("headline", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(&folder, other.build()).unwrap();
    let err = SearchIndex::open(&folder).err().unwrap();
    assert!(matches!(err, SearchError::Incompatible { .. }), "{err}");
    assert!(err.to_string().contains("delete that folder"));

    // A file where the folder should be.
    let file = dir.path().join("plain-file");
    std::fs::write(&file, "x").unwrap();
    let err = SearchIndex::open(&file).err().unwrap().to_string();
    assert!(err.contains("plain-file"), "{err}");
}

#[test]
fn html_helpers() {
    assert_eq!(escape_html("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    assert_eq!(
        marks_to_text("a <mark>b</mark> &lt;c&gt; &amp;amp; &bogus <i>d"),
        "a «b» <c> &amp; &bogus d"
    );
    assert_eq!(marks_to_text("unclosed <tag"), "unclosed ");
    let text = "één twee drie";
    assert_eq!(html::marked(text, 0..text.len(), &[0..5, 6..6]), "<mark>één</mark> twee drie");
    // Offsets inside a character are pulled back to its start rather than panicking.
    assert_eq!(html::marked(text, 1..200, &[]), "één twee drie");
    assert_eq!(html::lead("short", 10), 0..5);
    assert_eq!(html::lead("one two three four", 10), 0..7);
    assert_eq!(html::lead("ééééééééééééé", 4), 0..8);
}

#[test]
fn groups_resolve_to_names_aliases_and_domains() {
    let registry = parallax_outlets::Registry::builtin()
        .with_toml(
            r#"
            [[outlet]]
            name = "Harbour Gazette"
            aliases = ["The Gazette"]
            domains = ["harbourgazette.example"]
            group = "coastal"

            [[outlet]]
            name = "Valley Courier"
            domains = ["valleycourier.example"]
            group = "inland"
            "#,
            "test",
        )
        .unwrap();
    assert_eq!(
        outlets_in_group(&registry, " Coastal "),
        ["harbour gazette", "harbourgazette.example", "the gazette"]
    );
    assert!(outlets_in_group(&registry, "nowhere").is_empty());
    assert!(outlets_in_group(&registry, "").is_empty());
}

#[test]
fn articles_indexed_without_a_store_continue_the_numbering() {
    let dir = tempfile::tempdir().unwrap();
    let mut index = SearchIndex::open(&index_dir(dir.path())).unwrap();
    let articles = corpus();
    assert_eq!(index.index_articles(&articles[..2]).unwrap(), 2);
    assert_eq!(index.indexed_up_to().unwrap(), 2);
    assert_eq!(index.index_articles(articles[2..].iter().cloned()).unwrap(), 1);
    assert_eq!(index.indexed_up_to().unwrap(), 3);
    assert_eq!(index.search(&SearchQuery::new("rates")).unwrap()[0].id, "markets-1");
}

#[test]
fn seq_ranges_limit_a_search_to_newly_indexed_articles() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_with(dir.path(), &corpus());
    let mut index = SearchIndex::open(&index_dir(dir.path())).unwrap();
    index.index_pending(&store).unwrap();
    let before = index.indexed_up_to().unwrap();
    add(
        &mut store,
        &[article("late", "Valley Courier", 4, "Flood waters recede", "The flood went down.")],
    );
    index.index_pending(&store).unwrap();
    let now = index.indexed_up_to().unwrap();
    let flood = SearchQuery::new("flood");

    let all = index.search(&flood).unwrap();
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|h| (1..=now).contains(&h.seq)), "hits carry their seq");
    let new = index.search_seqs(&flood, before + 1..=now).unwrap();
    assert_eq!(ids(&new), ["late"]);
    assert_eq!(new[0].seq, now);
    let old = index.search_seqs(&flood, 0..=before).unwrap();
    assert_eq!(old.len(), 2);
    assert!(!ids(&old).contains(&"late"));
    // Bounds are inclusive at both ends; an empty or inverted range finds nothing.
    assert_eq!(index.search_seqs(&flood, now..=now).unwrap().len(), 1);
    assert!(index.search_seqs(&flood, now + 1..=u64::MAX).unwrap().is_empty());
    #[allow(clippy::reversed_empty_ranges)]
    let inverted = now..=before;
    assert!(index.search_seqs(&flood, inverted).unwrap().is_empty());
    // Other filters still apply inside the range.
    let courier = SearchQuery { outlets: vec!["harbour gazette".into()], ..flood.clone() };
    assert!(index.search_seqs(&courier, before + 1..=now).unwrap().is_empty());
    // The seq is bookkeeping, not part of a hit's JSON.
    let json = serde_json::to_value(&new[0]).unwrap();
    assert!(json.get("seq").is_none(), "{json}");
}

#[test]
fn query_errors_name_rejected_syntax() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(&index_dir(dir.path())).unwrap();
    for ok in ["flood", "\"river flood\" -bridge", "flood OR storm", "title:flood"] {
        assert_eq!(index.query_error(ok), None, "{ok}");
    }
    for bad in ["flood AND", "\"unbalanced", "nosuchfield:flood"] {
        assert!(index.query_error(bad).is_some(), "{bad}");
    }
}
