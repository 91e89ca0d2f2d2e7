use chrono::{TimeZone, Utc};
use parallax_outlets::Registry;
use parallax_search::SearchQuery;
use parallax_store::{NewAlert, NewMatch};

use super::*;
use crate::matching::hits_between_for_tests;
use crate::{AlertsError, create_alert, match_new, validate};

fn registry() -> Registry {
    Registry::builtin()
        .with_toml(
            r#"
            [[outlet]]
            name = "Harbour Gazette"
            domains = ["harbourgazette.example"]
            group = "coastal"

            [[outlet]]
            name = "Valley Courier"
            domains = ["valleycourier.example"]
            group = "inland"
            "#,
            "test",
        )
        .unwrap()
}

#[test]
fn a_new_alert_sees_only_later_articles_and_each_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut index) = setup(dir.path(), &[flood("old-1", "Harbour Gazette", 1)]);
    let saved = create_alert(&mut store, &index, &alert("Floods", "flood")).unwrap();
    assert_eq!(saved.cursor, index.indexed_up_to().unwrap());
    let report = match_new(&mut store, &index, &registry()).unwrap();
    assert_eq!(report.new_matches, 0, "the back catalogue does not fire: {report:?}");

    publish(&mut store, &mut index, &[flood("new-1", "Valley Courier", 2), market("m-1", 2)]);
    let report = match_new(&mut store, &index, &registry()).unwrap();
    assert_eq!((report.checked, report.new_matches), (1, 1), "{report:?}");
    assert_eq!(report.matched[0].name, "Floods");
    let again = match_new(&mut store, &index, &registry()).unwrap();
    assert_eq!((again.checked, again.new_matches), (0, 0), "nothing new: {again:?}");

    let found = store.alert_matches(saved.id, 10).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].article, "new-1");
    assert!(found[0].snippet.contains("flooded"), "{}", found[0].snippet);
    assert!(!found[0].snippet.contains("<mark>"), "stored as plain text: {}", found[0].snippet);
    let alert = store.alert(saved.id).unwrap().unwrap();
    assert_eq!(alert.cursor, index.indexed_up_to().unwrap());
    assert_eq!(alert.matches, 1);

    // A repeated run (after a crash between two steps, say) records no duplicate, and the
    // cursor never moves back.
    let repeat = NewMatch { article: "new-1".into(), snippet: String::new() };
    assert_eq!(store.record_alert_matches(saved.id, &[repeat], 0).unwrap(), 0);
    assert_eq!(store.alert(saved.id).unwrap().unwrap().cursor, alert.cursor);
    assert_eq!(store.alert_matches(saved.id, 10).unwrap().len(), 1);
}

#[test]
fn filters_narrow_what_an_alert_matches() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut index) = setup(dir.path(), &[]);
    let registry = registry();
    let make = |store: &mut Store, index: &SearchIndex, new: NewAlert| {
        create_alert(store, index, &new).unwrap().id
    };
    let by_outlet = make(
        &mut store,
        &index,
        NewAlert { outlets: vec!["valleycourier.example".into()], ..alert("Courier", "flood") },
    );
    let by_group = make(
        &mut store,
        &index,
        NewAlert { group: Some("Coastal".into()), ..alert("Coast", "flood") },
    );
    let german = make(
        &mut store,
        &index,
        NewAlert { language: Some("de".into()), ..alert("German", "flood") },
    );
    let dated = make(
        &mut store,
        &index,
        NewAlert {
            since: Some(Utc.with_ymd_and_hms(2024, 3, 3, 0, 0, 0).unwrap()),
            until: Some(Utc.with_ymd_and_hms(2024, 3, 5, 0, 0, 0).unwrap()),
            ..alert("Dated", "flood")
        },
    );
    let phrase = make(&mut store, &index, alert("Phrase", "\"ring road\" -police"));
    publish(
        &mut store,
        &mut index,
        &[
            flood("g-1", "Harbour Gazette", 1),
            flood("v-4", "Valley Courier", 4),
            article("v-6", "Valley Courier", 6, "Ring road reopens", "The ring road reopened."),
        ],
    );
    match_new(&mut store, &index, &registry).unwrap();
    let ids = |alert: u64| -> Vec<String> {
        let mut ids: Vec<String> =
            store.alert_matches(alert, 10).unwrap().into_iter().map(|m| m.article).collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(by_outlet), ["v-4"]);
    assert_eq!(ids(by_group), ["g-1"]);
    assert!(ids(german).is_empty());
    assert_eq!(ids(dated), ["v-4"]);
    assert_eq!(ids(phrase), ["v-6"]);
}

#[test]
fn an_alert_whose_group_is_empty_waits_and_catches_up() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut index) = setup(dir.path(), &[]);
    let saved = create_alert(
        &mut store,
        &index,
        &NewAlert { group: Some("coastal".into()), ..alert("Coast", "flood") },
    )
    .unwrap();
    publish(&mut store, &mut index, &[flood("g-1", "Harbour Gazette", 1)]);
    let report = match_new(&mut store, &index, &Registry::builtin()).unwrap();
    assert_eq!(report.new_matches, 0);
    assert_eq!(report.warnings.len(), 1, "{report:?}");
    assert!(report.warnings[0].contains("coastal"), "{}", report.warnings[0]);
    assert_eq!(store.alert(saved.id).unwrap().unwrap().cursor, 0, "the cursor waits");
    // Once the group exists, what arrived meanwhile is matched.
    let report = match_new(&mut store, &index, &registry()).unwrap();
    assert_eq!(report.new_matches, 1, "{report:?}");
}

#[test]
fn more_matches_than_one_search_returns_are_all_found() {
    let dir = tempfile::tempdir().unwrap();
    let many: Vec<_> = (0..23).map(|i| flood(&format!("f-{i}"), "Harbour Gazette", 1)).collect();
    let (_store, index) = setup(dir.path(), &many);
    // A small limit stands for MAX_LIMIT: the seq range is split until each part's answer
    // is complete.
    let query = SearchQuery { limit: 4, ..SearchQuery::new("flood") };
    let top = index.indexed_up_to().unwrap();
    let mut found: Vec<u64> =
        hits_between_for_tests(&index, &query, 1, top).into_iter().map(|h| h.seq).collect();
    found.sort_unstable();
    assert_eq!(found, (1..=23).collect::<Vec<u64>>());
    assert_eq!(hits_between_for_tests(&index, &query, 5, 9).len(), 5);
    assert!(hits_between_for_tests(&index, &query, top + 1, u64::MAX).is_empty());
}

#[test]
fn hostile_articles_are_matched_and_kept_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut index) = setup(dir.path(), &[]);
    let saved = create_alert(&mut store, &index, &alert("Floods", "flood")).unwrap();
    let hostile = article(
        "x-1",
        "Mallory <i>Times</i>",
        2,
        "<script>alert('t')</script> Flood & \"quotes\"",
        "A flood <img src=x onerror=alert(1)> & \"</p><script>alert('b')</script>\" \u{0}\u{7} ends.",
    );
    publish(&mut store, &mut index, &[hostile]);
    assert_eq!(match_new(&mut store, &index, &registry()).unwrap().new_matches, 1);
    let m = &store.alert_matches(saved.id, 10).unwrap()[0];
    assert_eq!(m.title.as_deref(), Some("<script>alert('t')</script> Flood & \"quotes\""));
    assert!(m.snippet.contains("<img src=x onerror=alert(1)>"), "plain text: {}", m.snippet);
}

#[test]
fn invalid_alerts_are_refused_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, index) = setup(dir.path(), &[]);
    let mut refused = |new: NewAlert| -> String {
        match create_alert(&mut store, &index, &new) {
            Err(AlertsError::Invalid(why)) => why,
            other => panic!("{new:?} was not refused: {other:?}"),
        }
    };
    assert!(refused(alert(" ", "flood")).contains("name"));
    assert!(refused(alert("Bell\u{7}", "flood")).contains("control"));
    assert!(refused(alert(&"n".repeat(201), "flood")).contains("200"));
    assert!(refused(alert("Empty", "  ")).contains("query"));
    assert!(refused(alert("Long", &"flood ".repeat(300))).contains("1000"));
    assert!(refused(alert("Syntax", "flood AND")).contains("not valid search syntax"));
    for bad in ["javascript:alert(1)", "ftp://example.com/x", "not a url", "http://"] {
        let why = refused(NewAlert { webhook: Some(bad.into()), ..alert("Hook", "flood") });
        assert!(why.contains("webhook"), "{bad}: {why}");
    }
    let huge = format!("http://example.com/{}", "x".repeat(3000));
    assert!(refused(NewAlert { webhook: Some(huge), ..alert("Hook", "flood") }).contains("longer"));
    assert!(
        refused(NewAlert { secret: Some("k".into()), ..alert("Secret", "flood") })
            .contains("secret")
    );
    let day = |d| Some(Utc.with_ymd_and_hms(2024, 3, d, 0, 0, 0).unwrap());
    assert!(
        refused(NewAlert { since: day(5), until: day(5), ..alert("Dates", "flood") })
            .contains("since")
    );
    let many = NewAlert { outlets: vec!["x".into(); 101], ..alert("Many", "flood") };
    assert!(refused(many).contains("outlets"));
    assert!(store.alerts().unwrap().is_empty());

    let loopback = NewAlert {
        webhook: Some("http://127.0.0.1:9/hook".into()),
        secret: Some("k".into()),
        ..alert("Local", "flood")
    };
    assert!(validate(&loopback).is_ok(), "loopback webhooks are the user's own");
}
