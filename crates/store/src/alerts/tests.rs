use chrono::{Duration, TimeZone};

use super::*;
use crate::articles::tests::{article, new};
use crate::testdb::on_each_engine;

fn add_articles(store: &mut Store, ids: &[&str]) {
    for (i, id) in ids.iter().enumerate() {
        let a = article(id, None, &format!("Body of {id}."));
        store.insert(&new(&a, i as u64 + 100, &[])).unwrap();
    }
}

fn flood_alert(webhook: Option<&str>) -> NewAlert {
    NewAlert {
        name: "  Floods ".into(),
        query: "flood OR river".into(),
        outlets: vec!["Harbour Gazette".into(), " ".into()],
        group: Some("".into()),
        language: Some("en".into()),
        since: Some(Utc.with_ymd_and_hms(2022, 1, 1, 0, 0, 0).unwrap()),
        webhook: webhook.map(str::to_owned),
        secret: webhook.map(|_| "s3cret".to_owned()),
        ..Default::default()
    }
}

fn matched(article: &str) -> NewMatch {
    NewMatch { article: article.into(), snippet: format!("…passage of {article}…") }
}

#[test]
fn alerts_are_created_listed_read_and_deleted() {
    on_each_engine(|store| {
        assert!(store.alerts().unwrap().is_empty());
        let alert = store.create_alert(&flood_alert(None), 42).unwrap();
        assert_eq!(alert.name, "Floods", "names are trimmed");
        assert_eq!(alert.outlets, ["Harbour Gazette"], "blank outlets are dropped");
        assert_eq!(alert.group, None, "an empty group is no group");
        assert_eq!(alert.cursor, 42);
        assert_eq!(alert.matches, 0);
        assert!(!alert.signed);
        assert_eq!(alert.since, flood_alert(None).since);
        assert!(Utc::now() - alert.created < Duration::minutes(1));

        let hooked = store.create_alert(&flood_alert(Some("http://127.0.0.1:9/hook")), 0).unwrap();
        assert!(hooked.signed);
        assert_eq!(hooked.secret.as_deref(), Some("s3cret"));
        let json = serde_json::to_value(&hooked).unwrap();
        assert!(json.get("secret").is_none(), "the secret is never written out: {json}");
        assert_eq!(json["signed"], true);

        let ids: Vec<u64> = store.alerts().unwrap().iter().map(|a| a.id).collect();
        assert_eq!(ids, [alert.id, hooked.id]);
        assert_eq!(store.alert(alert.id).unwrap().unwrap(), alert);
        assert!(store.delete_alert(alert.id).unwrap());
        assert!(!store.delete_alert(alert.id).unwrap(), "already gone");
        assert!(store.alert(alert.id).unwrap().is_none());
        assert!(store.alert(u64::MAX).unwrap().is_none());
    });
}

#[test]
fn matches_are_recorded_once_and_the_cursor_only_moves_forward() {
    on_each_engine(|store| {
        add_articles(store, &["a1", "a2", "a3"]);
        let alert = store.create_alert(&flood_alert(None), 0).unwrap();

        assert_eq!(
            store.record_alert_matches(alert.id, &[matched("a1"), matched("a2")], 2).unwrap(),
            2
        );
        assert_eq!(store.alert(alert.id).unwrap().unwrap().cursor, 2);
        // A repeated run (the same articles again, an older cursor) changes nothing.
        assert_eq!(
            store.record_alert_matches(alert.id, &[matched("a2"), matched("a1")], 1).unwrap(),
            0
        );
        let again = store.alert(alert.id).unwrap().unwrap();
        assert_eq!((again.cursor, again.matches), (2, 2));
        assert_eq!(store.record_alert_matches(alert.id, &[matched("a3")], 3).unwrap(), 1);

        let found = store.alert_matches(alert.id, 10).unwrap();
        assert_eq!(found.len(), 3);
        let first = &found[0];
        assert_eq!(first.title.as_deref(), Some("Title a3"));
        assert_eq!(first.outlet.as_deref(), Some("Harbour Gazette"));
        assert_eq!(first.snippet, "…passage of a3…");
        assert_eq!(first.delivery, None, "no webhook, nothing to deliver");
        assert!(found.windows(2).all(|w| w[0].matched_at >= w[1].matched_at));
        assert_eq!(store.alert_matches(alert.id, 1).unwrap().len(), 1);
        assert!(store.alert_matches(alert.id, 0).unwrap().is_empty());
        assert!(store.pending_deliveries(None, 10).unwrap().is_empty());

        // An article unknown to the store is refused, and nothing of that run is kept.
        let err = store.record_alert_matches(alert.id, &[matched("a1"), matched("ghost")], 9);
        assert!(err.is_err());
        assert_eq!(store.alert(alert.id).unwrap().unwrap().cursor, 3, "rolled back");

        // Deleting the alert deletes its matches; recording for it then does nothing.
        assert!(store.delete_alert(alert.id).unwrap());
        assert!(store.alert_matches(alert.id, 10).unwrap().is_empty());
        assert_eq!(store.record_alert_matches(alert.id, &[matched("a1")], 5).unwrap(), 0);
        let left: i64 =
            store.conn.query_one("SELECT count(*) FROM alert_matches", &[], |r| r.get(0)).unwrap();
        assert_eq!(left, 0);
    });
}

#[test]
fn deliveries_move_from_pending_to_delivered_or_failed() {
    on_each_engine(|store| {
        add_articles(store, &["a1", "a2"]);
        let hooked = store.create_alert(&flood_alert(Some("http://127.0.0.1:9/hook")), 0).unwrap();
        let quiet = store.create_alert(&flood_alert(None), 0).unwrap();
        store.record_alert_matches(hooked.id, &[matched("a1"), matched("a2")], 2).unwrap();
        store.record_alert_matches(quiet.id, &[matched("a1")], 2).unwrap();

        let now = Utc::now() + Duration::seconds(1);
        let due = store.pending_deliveries(Some(now), 10).unwrap();
        assert_eq!(due.len(), 2, "only the alert with a webhook has deliveries");
        assert!(due.iter().all(|d| d.alert.id == hooked.id));
        assert_eq!(due[0].alert.secret.as_deref(), Some("s3cret"));
        assert_eq!(due[0].matched.delivery, Some(Delivery::Pending));
        assert_eq!(due[0].matched.attempts, 0);
        assert_eq!(store.pending_deliveries(Some(now), 1).unwrap().len(), 1);
        let past = Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap();
        assert!(store.pending_deliveries(Some(past), 10).unwrap().is_empty());

        let (first, second) = (due[0].matched.id, due[1].matched.id);
        let later = now + Duration::minutes(5);
        let retry = DeliveryOutcome::Retry { error: "HTTP 500".into(), at: later };
        assert!(store.record_delivery(first, &retry).unwrap());
        assert!(store.record_delivery(second, &DeliveryOutcome::Delivered).unwrap());
        let due = store.pending_deliveries(Some(now), 10).unwrap();
        assert!(due.is_empty(), "the retry waits for its time");
        let due = store.pending_deliveries(Some(later), 10).unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].matched.attempts, 1);
        assert_eq!(due[0].matched.last_error.as_deref(), Some("HTTP 500"));
        assert_eq!(due[0].matched.next_attempt, Some(later.with_nanosecond_zero()));
        assert_eq!(store.pending_deliveries(None, 10).unwrap().len(), 1, "None: every pending one");

        let failed = DeliveryOutcome::Failed { error: "timed out".into() };
        assert!(store.record_delivery(first, &failed).unwrap());
        assert!(store.pending_deliveries(None, 10).unwrap().is_empty());
        let states: Vec<_> = store
            .alert_matches(hooked.id, 10)
            .unwrap()
            .into_iter()
            .map(|m| (m.id, m.delivery, m.attempts, m.last_error))
            .collect();
        assert!(states.contains(&(first, Some(Delivery::Failed), 2, Some("timed out".into()))));
        assert!(states.contains(&(second, Some(Delivery::Delivered), 1, None)));
        assert!(!store.record_delivery(u64::MAX, &DeliveryOutcome::Delivered).unwrap());
    });
}

#[test]
fn hostile_alert_text_is_stored_as_given() {
    on_each_engine(|store| {
        let name = "<script>alert('x')</script> & \"quotes\" \u{0007} 🌊".to_owned();
        let alert = NewAlert {
            name: name.clone(),
            query: "'; DROP TABLE alerts; --".into(),
            ..Default::default()
        };
        let saved = store.create_alert(&alert, u64::MAX).unwrap();
        assert_eq!(saved.name, name);
        assert_eq!(saved.query, "'; DROP TABLE alerts; --");
        assert_eq!(saved.cursor, i64::MAX as u64, "seqs beyond SQLite's range are clamped");
        assert_eq!(store.alerts().unwrap().len(), 1);
    });
}

trait SecondsOnly {
    fn with_nanosecond_zero(self) -> Self;
}

impl SecondsOnly for DateTime<Utc> {
    /// The store keeps whole seconds.
    fn with_nanosecond_zero(self) -> Self {
        chrono::Timelike::with_nanosecond(&self, 0).unwrap()
    }
}
