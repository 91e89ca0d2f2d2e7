//! Polling state of feed subscriptions: what `parallax watch` needs to poll politely (the
//! validators of the last response, when to poll next) and what the UI shows per feed.

use chrono::{DateTime, Utc};
use parallax_model::ArticleId;
use serde::Serialize;

use crate::articles::{parse_time, timestamp};
use crate::db::{Row, params};
use crate::{Result, Store};

/// One subscription with its polling state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FeedStatus {
    /// The feed's URL.
    pub feed_url: String,
    /// The name the feed list gives it.
    pub title: Option<String>,
    /// The site's home page.
    pub site_url: Option<String>,
    /// The feed list's category path.
    pub category: Option<String>,
    /// Where the subscription came from (`opml`, `watch`, `api`).
    pub source: String,
    /// When it was added.
    pub added_at: Option<DateTime<Utc>>,
    /// `new` (never polled), `ok` (last poll succeeded) or `failing`.
    pub status: &'static str,
    /// The last poll's result: `fetched`, `not_modified` or `failed`.
    pub last_result: Option<String>,
    /// The `ETag` of the last response with a body.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last response with a body.
    pub last_modified: Option<String>,
    /// When it was last polled.
    pub last_polled: Option<DateTime<Utc>>,
    /// When a poll last succeeded (a body or 304).
    pub last_success: Option<DateTime<Utc>>,
    /// The last poll's error, when it failed.
    pub last_error: Option<String>,
    /// Failed polls in a row.
    pub consecutive_failures: u32,
    /// When it is due next; `None` for never polled (due now).
    pub next_poll: Option<DateTime<Utc>>,
    /// Items read from it over all polls.
    pub items_seen: u64,
    /// Articles it added to the store (new or completed summaries).
    pub articles_added: u64,
    /// Article pages that could not be fetched (their item's summary was kept).
    pub page_failures: u64,
    /// The last such page failure.
    pub last_page_error: Option<String>,
}

/// What one poll of a feed found, to be recorded by [`Store::record_poll`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PollOutcome {
    /// When the poll ran.
    pub polled_at: DateTime<Utc>,
    /// When the feed is due again.
    pub next_poll: DateTime<Utc>,
    /// The result.
    pub result: PollResult,
}

/// The result of one poll.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PollResult {
    /// The feed answered with a body, which was read.
    Fetched {
        /// Its `ETag` (replaces the stored one, also when absent).
        etag: Option<String>,
        /// Its `Last-Modified`.
        last_modified: Option<String>,
        /// Items it held.
        items: u64,
        /// Articles stored from it (new or completed summaries).
        articles_added: u64,
        /// Item pages that could not be fetched.
        page_failures: u64,
        /// The last of those failures.
        last_page_error: Option<String>,
    },
    /// 304: unchanged; the stored validators stay.
    NotModified,
    /// The poll failed.
    Failed {
        /// Why, naming the URL.
        error: String,
    },
}

/// A stored article found by its canonical URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlMatch {
    /// Its id.
    pub id: ArticleId,
    /// Whether only a feed summary is stored (its page is still worth fetching).
    pub summary_only: bool,
}

const COLUMNS: &str = "feed_url, title, site_url, category, source, added_at, last_result, etag,
    last_modified, last_polled, last_success, last_error, consecutive_failures, next_poll,
    items_seen, articles_added, page_failures, last_page_error";

fn feed_status(r: &Row<'_>) -> Result<FeedStatus> {
    FeedStatusRaw {
        feed_url: r.get(0)?,
        title: r.get(1)?,
        site_url: r.get(2)?,
        category: r.get(3)?,
        source: r.get(4)?,
        added_at: r.get(5)?,
        last_result: r.get(6)?,
        etag: r.get(7)?,
        last_modified: r.get(8)?,
        last_polled: r.get(9)?,
        last_success: r.get(10)?,
        last_error: r.get(11)?,
        consecutive_failures: r.get(12)?,
        next_poll: r.get(13)?,
        items_seen: r.get(14)?,
        articles_added: r.get(15)?,
        page_failures: r.get(16)?,
        last_page_error: r.get(17)?,
    }
    .parse()
}

/// A row as the database holds it; timestamps are parsed (and may be found corrupt) afterwards.
struct FeedStatusRaw {
    feed_url: String,
    title: Option<String>,
    site_url: Option<String>,
    category: Option<String>,
    source: String,
    added_at: Option<String>,
    last_result: Option<String>,
    etag: Option<String>,
    last_modified: Option<String>,
    last_polled: Option<String>,
    last_success: Option<String>,
    last_error: Option<String>,
    consecutive_failures: i64,
    next_poll: Option<String>,
    items_seen: i64,
    articles_added: i64,
    page_failures: i64,
    last_page_error: Option<String>,
}

impl FeedStatusRaw {
    fn parse(self) -> Result<FeedStatus> {
        let status = match (&self.last_result, self.consecutive_failures) {
            (None, _) => "new",
            (Some(_), 0) => "ok",
            (Some(_), _) => "failing",
        };
        Ok(FeedStatus {
            feed_url: self.feed_url,
            title: self.title,
            site_url: self.site_url,
            category: self.category,
            source: self.source,
            // Written by rfc3339 with sub-seconds before this migration: parse leniently.
            added_at: self
                .added_at
                .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                .map(|t| t.with_timezone(&Utc)),
            status,
            last_result: self.last_result,
            etag: self.etag,
            last_modified: self.last_modified,
            last_polled: parse_time(self.last_polled)?,
            last_success: parse_time(self.last_success)?,
            last_error: self.last_error,
            consecutive_failures: self.consecutive_failures.clamp(0, u32::MAX as i64) as u32,
            next_poll: parse_time(self.next_poll)?,
            items_seen: self.items_seen.max(0) as u64,
            articles_added: self.articles_added.max(0) as u64,
            page_failures: self.page_failures.max(0) as u64,
            last_page_error: self.last_page_error,
        })
    }
}

impl Store {
    /// Every subscription with its polling state: failing feeds first, then by URL.
    pub fn feeds(&self) -> Result<Vec<FeedStatus>> {
        self.conn.query(
            &format!(
                "SELECT {COLUMNS} FROM subscriptions
                 ORDER BY consecutive_failures = 0, feed_url"
            ),
            &[],
            feed_status,
        )
    }

    /// One subscription's polling state.
    pub fn feed(&self, feed_url: &str) -> Result<Option<FeedStatus>> {
        self.conn.query_opt(
            &format!("SELECT {COLUMNS} FROM subscriptions WHERE feed_url = ?1"),
            params![feed_url],
            feed_status,
        )
    }

    /// Feeds due at `now` (never polled first, then the longest overdue), at most `limit`.
    pub fn feeds_due(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<FeedStatus>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.conn.query(
            &format!(
                "SELECT {COLUMNS} FROM subscriptions
                 WHERE next_poll IS NULL OR next_poll <= ?1
                 ORDER BY next_poll IS NOT NULL, next_poll, feed_url LIMIT ?2"
            ),
            params![&timestamp(&now), limit],
            feed_status,
        )
    }

    /// The earliest time any feed is due (`None` without feeds; a never-polled feed is due
    /// at the Unix epoch).
    pub fn next_feed_due(&self) -> Result<Option<DateTime<Utc>>> {
        let raw: Option<Option<String>> = self.conn.query_opt(
            "SELECT next_poll FROM subscriptions ORDER BY next_poll IS NOT NULL, next_poll LIMIT 1",
            &[],
            |r| r.get(0),
        )?;
        Ok(match raw {
            None => None,
            Some(None) => Some(DateTime::<Utc>::UNIX_EPOCH),
            Some(time) => parse_time(time)?,
        })
    }

    /// Records one poll of `feed_url` in one transaction. `false` when no such subscription
    /// exists (it was removed while being polled); nothing is written then.
    pub fn record_poll(&mut self, feed_url: &str, outcome: &PollOutcome) -> Result<bool> {
        let polled = timestamp(&outcome.polled_at);
        let next = timestamp(&outcome.next_poll);
        let n = self.conn.transaction(|| match &outcome.result {
            PollResult::Fetched {
                etag,
                last_modified,
                items,
                articles_added,
                page_failures,
                last_page_error,
            } => self.conn.execute(
                "UPDATE subscriptions SET last_result = 'fetched', etag = ?2, last_modified = ?3,
                    last_polled = ?4, last_success = ?4, last_error = NULL,
                    consecutive_failures = 0, next_poll = ?5, items_seen = items_seen + ?6,
                    articles_added = articles_added + ?7, page_failures = page_failures + ?8,
                    last_page_error = coalesce(?9, last_page_error)
                 WHERE feed_url = ?1",
                params![
                    feed_url,
                    etag,
                    last_modified,
                    &polled,
                    &next,
                    i64::try_from(*items).unwrap_or(i64::MAX),
                    i64::try_from(*articles_added).unwrap_or(i64::MAX),
                    i64::try_from(*page_failures).unwrap_or(i64::MAX),
                    last_page_error
                ],
            ),
            PollResult::NotModified => self.conn.execute(
                "UPDATE subscriptions SET last_result = 'not_modified', last_polled = ?2,
                    last_success = ?2, last_error = NULL, consecutive_failures = 0, next_poll = ?3
                 WHERE feed_url = ?1",
                params![feed_url, &polled, &next],
            ),
            PollResult::Failed { error } => self.conn.execute(
                "UPDATE subscriptions SET last_result = 'failed', last_polled = ?2,
                    last_error = ?3, consecutive_failures = consecutive_failures + 1,
                    next_poll = ?4
                 WHERE feed_url = ?1",
                params![feed_url, &polled, error, &next],
            ),
        })?;
        Ok(n == 1)
    }

    /// Removes a subscription and its polling state; `false` when there was none. Articles
    /// read from it stay.
    pub fn remove_subscription(&mut self, feed_url: &str) -> Result<bool> {
        let n = self
            .conn
            .execute("DELETE FROM subscriptions WHERE feed_url = ?1", params![feed_url])?;
        Ok(n == 1)
    }

    /// The stored article with this canonical URL, if any (an indexed look-up).
    pub fn article_by_canonical_url(&self, canonical_url: &str) -> Result<Option<UrlMatch>> {
        self.conn.query_opt(
            "SELECT id, summary_only FROM articles WHERE canonical_url = ?1",
            params![canonical_url],
            |r| Ok(UrlMatch { id: ArticleId(r.get(0)?), summary_only: r.get(1)? }),
        )
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use parallax_model::Subscription;

    use super::*;
    use crate::testdb::on_each_engine;

    fn sub(url: &str) -> Subscription {
        Subscription { feed_url: url.into(), title: None, site_url: None, category: None }
    }

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, h, 0, 0).unwrap()
    }

    fn fetched(etag: &str, items: u64, added: u64) -> PollResult {
        PollResult::Fetched {
            etag: Some(etag.into()),
            last_modified: None,
            items,
            articles_added: added,
            page_failures: 0,
            last_page_error: None,
        }
    }

    #[test]
    fn polls_are_recorded_and_feeds_come_due_in_order() {
        on_each_engine(|store| {
            for u in ["https://a.example/feed", "https://b.example/feed", "https://c.example/feed"]
            {
                assert!(store.add_subscription(&sub(u), "watch").unwrap());
            }
            assert!(store.feeds().unwrap().iter().all(|f| f.status == "new"));
            assert_eq!(store.feeds_due(at(0), 10).unwrap().len(), 3);
            assert_eq!(store.next_feed_due().unwrap(), Some(DateTime::<Utc>::UNIX_EPOCH));

            let ok =
                PollOutcome { polled_at: at(1), next_poll: at(2), result: fetched("\"e1\"", 4, 3) };
            assert!(store.record_poll("https://a.example/feed", &ok).unwrap());
            let failed = PollOutcome {
                polled_at: at(1),
                next_poll: at(3),
                result: PollResult::Failed { error: "https://b.example/feed: HTTP 500".into() },
            };
            assert!(store.record_poll("https://b.example/feed", &failed).unwrap());
            let failed_again = PollOutcome { polled_at: at(3), next_poll: at(5), ..failed.clone() };
            assert!(store.record_poll("https://b.example/feed", &failed_again).unwrap());
            assert!(!store.record_poll("https://nowhere.example/feed", &ok).unwrap());

            let a = store.feed("https://a.example/feed").unwrap().unwrap();
            assert_eq!((a.status, a.etag.as_deref()), ("ok", Some("\"e1\"")));
            assert_eq!((a.items_seen, a.articles_added, a.next_poll), (4, 3, Some(at(2))));
            let b = store.feed("https://b.example/feed").unwrap().unwrap();
            assert_eq!((b.status, b.consecutive_failures), ("failing", 2));
            assert_eq!(b.last_error.as_deref(), Some("https://b.example/feed: HTTP 500"));
            assert_eq!(b.last_success, None);
            // Failing feeds are listed first.
            assert_eq!(store.feeds().unwrap()[0].feed_url, "https://b.example/feed");

            // c was never polled, so it leads; a is due at 2, b at 5.
            let due: Vec<String> =
                store.feeds_due(at(4), 10).unwrap().into_iter().map(|f| f.feed_url).collect();
            assert_eq!(due, ["https://c.example/feed", "https://a.example/feed"]);
            assert_eq!(store.feeds_due(at(4), 1).unwrap().len(), 1);

            // A 304 keeps the validators and counts; a success clears the failure streak.
            let unchanged =
                PollOutcome { polled_at: at(2), next_poll: at(4), result: PollResult::NotModified };
            store.record_poll("https://a.example/feed", &unchanged).unwrap();
            let a = store.feed("https://a.example/feed").unwrap().unwrap();
            assert_eq!(
                (a.etag.as_deref(), a.items_seen, a.last_success),
                (Some("\"e1\""), 4, Some(at(2)))
            );
            let recovered =
                PollOutcome { polled_at: at(5), next_poll: at(6), result: fetched("x", 1, 0) };
            store.record_poll("https://b.example/feed", &recovered).unwrap();
            let b = store.feed("https://b.example/feed").unwrap().unwrap();
            assert_eq!((b.status, b.consecutive_failures, b.last_error), ("ok", 0, None));

            assert!(store.remove_subscription("https://b.example/feed").unwrap());
            assert!(!store.remove_subscription("https://b.example/feed").unwrap());
            assert!(store.feed("https://b.example/feed").unwrap().is_none());
            assert_eq!(store.feeds().unwrap().len(), 2);
        });
    }

    #[test]
    fn articles_are_found_by_canonical_url() {
        on_each_engine(|store| {
            let a = crate::articles::tests::article(
                "a1",
                Some("https://x.example/a"),
                "Some text here.",
            );
            store.insert(&crate::articles::tests::new(&a, 7, &[])).unwrap();
            let found = store.article_by_canonical_url("https://x.example/a").unwrap().unwrap();
            assert_eq!((found.id.as_str(), found.summary_only), ("a1", false));
            assert_eq!(store.article_by_canonical_url("https://x.example/b").unwrap(), None);
        });
    }
}
