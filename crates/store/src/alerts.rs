//! Saved searches ("alerts"), the articles each has matched, and the webhook delivery of
//! each match. What counts as a match is decided elsewhere (the search index); this module
//! keeps the bookkeeping consistent: an article matches an alert at most once, and the
//! matches of one run are written together with the alert's advanced cursor.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::articles::{parse_time, timestamp};
use crate::db::{Row, params};
use crate::{Result, Store, StoreError};

/// A saved search to create.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NewAlert {
    /// What the user calls it.
    pub name: String,
    /// The search, in the syntax of full-text search.
    pub query: String,
    /// Only articles from any of these outlets (name or domain); empty means every outlet.
    #[serde(default)]
    pub outlets: Vec<String>,
    /// Only outlets of this group of `outlets.toml` (resolved each time the alert runs).
    #[serde(default)]
    pub group: Option<String>,
    /// Only articles in this language (ISO 639-1).
    #[serde(default)]
    pub language: Option<String>,
    /// Only articles published at or after.
    #[serde(default)]
    pub since: Option<DateTime<Utc>>,
    /// Only articles published before.
    #[serde(default)]
    pub until: Option<DateTime<Utc>>,
    /// Where each match is POSTed, if anywhere.
    #[serde(default)]
    pub webhook: Option<String>,
    /// The key that signs each POST, if any.
    #[serde(default)]
    pub secret: Option<String>,
}

/// A stored saved search.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    /// Its id.
    pub id: u64,
    /// What the user calls it.
    pub name: String,
    /// The search.
    pub query: String,
    /// Only articles from any of these outlets; empty means every outlet.
    pub outlets: Vec<String>,
    /// Only outlets of this group.
    pub group: Option<String>,
    /// Only articles in this language.
    pub language: Option<String>,
    /// Only articles published at or after.
    pub since: Option<DateTime<Utc>>,
    /// Only articles published before.
    pub until: Option<DateTime<Utc>>,
    /// Where each match is POSTed.
    pub webhook: Option<String>,
    /// The signing key: never written out.
    #[serde(skip)]
    pub secret: Option<String>,
    /// True when POSTs are signed.
    pub signed: bool,
    /// When it was saved.
    pub created: DateTime<Utc>,
    /// The highest search-index seq already looked at.
    pub cursor: u64,
    /// Articles matched so far.
    pub matches: u64,
}

/// Where a match's webhook POST stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Delivery {
    /// Not sent yet, or to be retried.
    Pending,
    /// The webhook answered 2xx.
    Delivered,
    /// Given up after the last attempt.
    Failed,
}

impl Delivery {
    fn name(self) -> &'static str {
        match self {
            Delivery::Pending => "pending",
            Delivery::Delivered => "delivered",
            Delivery::Failed => "failed",
        }
    }

    fn from_name(name: &str) -> Option<Delivery> {
        match name {
            "pending" => Some(Delivery::Pending),
            "delivered" => Some(Delivery::Delivered),
            "failed" => Some(Delivery::Failed),
            _ => None,
        }
    }
}

/// An article an alert has found, to record.
#[derive(Clone, Debug, PartialEq)]
pub struct NewMatch {
    /// The article's id.
    pub article: String,
    /// The passage around the matched words, as plain text.
    pub snippet: String,
}

/// An article an alert has found, with what a feed or a webhook shows of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlertMatch {
    /// The match's id.
    pub id: u64,
    /// The alert's id.
    pub alert: u64,
    /// The article's id.
    pub article: String,
    /// Its headline.
    pub title: Option<String>,
    /// Its outlet.
    pub outlet: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// When it was published.
    pub published: Option<DateTime<Utc>>,
    /// When the alert found it.
    pub matched_at: DateTime<Utc>,
    /// The passage around the matched words, as plain text.
    pub snippet: String,
    /// The webhook delivery (none when the alert has no webhook).
    pub delivery: Option<Delivery>,
    /// POSTs tried.
    pub attempts: u32,
    /// Why the last POST failed.
    pub last_error: Option<String>,
    /// When a pending delivery is due.
    pub next_attempt: Option<DateTime<Utc>>,
}

/// A match whose webhook POST is due, with its alert.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingDelivery {
    /// The alert (its webhook URL and secret).
    pub alert: Alert,
    /// The match.
    pub matched: AlertMatch,
}

/// How one webhook POST went.
#[derive(Clone, Debug, PartialEq)]
pub enum DeliveryOutcome {
    /// The webhook took it.
    Delivered,
    /// It failed; try again at `at`.
    Retry {
        /// Why it failed.
        error: String,
        /// When to try again.
        at: DateTime<Utc>,
    },
    /// It failed for the last time.
    Failed {
        /// Why it failed.
        error: String,
    },
}

const ALERT_COLUMNS: &str =
    "a.id, a.name, a.query, a.outlets, a.outlet_group, a.language, a.since, a.until,
    a.webhook_url, a.webhook_secret, a.created_at, a.cursor,
    (SELECT count(*) FROM alert_matches m WHERE m.alert = a.id)";

const MATCH_COLUMNS: &str =
    "m.id, m.alert, m.article, r.title, coalesce(n.name, r.outlet), r.url, r.published,
    m.matched_at, m.snippet, m.delivery, m.attempts, m.last_error, m.next_attempt";

const MATCH_JOINS: &str = "JOIN articles r ON r.id = m.article
    LEFT JOIN outlet_names n ON n.domain = r.domain";

fn corrupt(what: &str, message: impl ToString) -> StoreError {
    StoreError::Corrupt { what: what.into(), message: message.to_string() }
}

fn unsigned(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

fn signed(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn read_alert(r: &Row<'_>) -> Result<Alert> {
    read_alert_at(r, 0)
}

fn read_match(r: &Row<'_>, at: usize) -> Result<AlertMatch> {
    let delivery: Option<String> = r.get(at + 9)?;
    let delivery = delivery
        .map(|d| Delivery::from_name(&d).ok_or_else(|| corrupt("alert match delivery", d)))
        .transpose()?;
    Ok(AlertMatch {
        id: unsigned(r.get(at)?),
        alert: unsigned(r.get(at + 1)?),
        article: r.get(at + 2)?,
        title: r.get(at + 3)?,
        outlet: r.get(at + 4)?,
        url: r.get(at + 5)?,
        published: parse_time(r.get(at + 6)?)?,
        matched_at: parse_time(r.get(at + 7)?)?.unwrap_or_default(),
        snippet: r.get(at + 8)?,
        delivery,
        attempts: u32::try_from(r.get::<i64>(at + 10)?).unwrap_or(0),
        last_error: r.get(at + 11)?,
        next_attempt: parse_time(r.get(at + 12)?)?,
    })
}

/// Empty strings (a form's untouched field) mean "not given".
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Store {
    /// Saves a search that will only look at articles indexed after `cursor` (the search
    /// index's current seq, so that it does not fire for the back catalogue).
    pub fn create_alert(&mut self, new: &NewAlert, cursor: u64) -> Result<Alert> {
        let outlets: Vec<&str> =
            new.outlets.iter().map(|o| o.trim()).filter(|o| !o.is_empty()).collect();
        let outlets = serde_json::to_string(&outlets).map_err(|e| StoreError::Corrupt {
            what: "alert outlets".into(),
            message: e.to_string(),
        })?;
        let since = new.since.as_ref().map(timestamp);
        let until = new.until.as_ref().map(timestamp);
        let created = timestamp(&Utc::now());
        let id = self.conn.query_one(
            "INSERT INTO alerts (name, query, outlets, outlet_group, language, since, until,
                webhook_url, webhook_secret, created_at, cursor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
            params![
                new.name.trim(),
                new.query.trim(),
                &outlets,
                given(&new.group),
                given(&new.language),
                &since,
                &until,
                given(&new.webhook),
                given(&new.secret),
                &created,
                signed(cursor),
            ],
            |r| r.get::<i64>(0),
        )?;
        let id = unsigned(id);
        self.alert(id)?.ok_or_else(|| StoreError::Corrupt {
            what: format!("alert {id}"),
            message: "not found right after it was written".into(),
        })
    }

    /// Every alert, oldest first.
    pub fn alerts(&self) -> Result<Vec<Alert>> {
        self.conn.query(
            &format!("SELECT {ALERT_COLUMNS} FROM alerts a ORDER BY a.id"),
            &[],
            read_alert,
        )
    }

    /// One alert.
    pub fn alert(&self, id: u64) -> Result<Option<Alert>> {
        self.conn.query_opt(
            &format!("SELECT {ALERT_COLUMNS} FROM alerts a WHERE a.id = ?1"),
            params![signed(id)],
            read_alert,
        )
    }

    /// Deletes an alert and its matches; `false` when there is no such alert.
    pub fn delete_alert(&mut self, id: u64) -> Result<bool> {
        Ok(self.conn.execute("DELETE FROM alerts WHERE id = ?1", params![signed(id)])? == 1)
    }

    /// Records what one run of an alert found and moves its cursor to `cursor` (never back),
    /// in one transaction. An article it has already matched is not recorded again, so a
    /// repeated run changes nothing. Matches of an alert with a webhook are due for delivery
    /// at once. Returns how many matches are new (0 when the alert was deleted meanwhile).
    pub fn record_alert_matches(
        &mut self,
        alert: u64,
        matches: &[NewMatch],
        cursor: u64,
    ) -> Result<usize> {
        let now = timestamp(&Utc::now());
        self.conn.transaction(|| {
            let webhook: Option<Option<String>> = self.conn.query_opt(
                "SELECT webhook_url FROM alerts WHERE id = ?1",
                params![signed(alert)],
                |r| r.get(0),
            )?;
            let Some(webhook) = webhook else {
                return Ok(0);
            };
            let (delivery, due) = match webhook {
                Some(_) => (Some(Delivery::Pending.name()), Some(now.as_str())),
                None => (None, None),
            };
            let mut added = 0;
            for m in matches {
                added += self.conn.execute(
                    "INSERT INTO alert_matches (alert, article, matched_at, snippet, delivery, next_attempt)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (alert, article) DO NOTHING",
                    params![signed(alert), &m.article, &now, &m.snippet, delivery, due],
                )?;
            }
            // CASE rather than two-argument max(), which PostgreSQL spells greatest().
            self.conn.execute(
                "UPDATE alerts SET cursor = CASE WHEN cursor > ?2 THEN cursor ELSE ?2 END
                 WHERE id = ?1",
                params![signed(alert), signed(cursor)],
            )?;
            Ok(added)
        })
    }

    /// An alert's matches, newest first (most recently found, then most recently
    /// published), at most `limit`.
    pub fn alert_matches(&self, alert: u64, limit: usize) -> Result<Vec<AlertMatch>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.conn.query(
            &format!(
                "SELECT {MATCH_COLUMNS} FROM alert_matches m {MATCH_JOINS}
                 WHERE m.alert = ?1
                 ORDER BY m.matched_at DESC, r.published DESC NULLS LAST, m.id DESC LIMIT ?2"
            ),
            params![signed(alert), limit],
            |r| read_match(r, 0),
        )
    }

    /// Matches whose webhook POST is due at `now` (every pending one when `now` is `None`),
    /// oldest first, at most `limit`, each with its alert.
    pub fn pending_deliveries(
        &self,
        now: Option<DateTime<Utc>>,
        limit: usize,
    ) -> Result<Vec<PendingDelivery>> {
        // Far enough in the future to include every stored time.
        let due = now.map_or_else(|| "9999-12-31T23:59:59Z".to_owned(), |t| timestamp(&t));
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.conn.query(
            &format!(
                "SELECT {MATCH_COLUMNS}, {ALERT_COLUMNS}
                 FROM alert_matches m {MATCH_JOINS} JOIN alerts a ON a.id = m.alert
                 WHERE m.delivery = 'pending' AND a.webhook_url IS NOT NULL AND m.next_attempt <= ?1
                 ORDER BY m.next_attempt, m.id LIMIT ?2"
            ),
            params![&due, limit],
            |r| {
                let matched = read_match(r, 0)?;
                // The alert's columns follow the match's 13.
                let alert = read_alert_at(r, 13)?;
                Ok(PendingDelivery { alert, matched })
            },
        )
    }

    /// Records one POST of a match: counts the attempt and sets its state. `false` when
    /// there is no such match (its alert was deleted meanwhile).
    pub fn record_delivery(&mut self, match_id: u64, outcome: &DeliveryOutcome) -> Result<bool> {
        let (state, error, next) = match outcome {
            DeliveryOutcome::Delivered => (Delivery::Delivered, None, None),
            DeliveryOutcome::Retry { error, at } => {
                (Delivery::Pending, Some(error.as_str()), Some(timestamp(at)))
            }
            DeliveryOutcome::Failed { error } => (Delivery::Failed, Some(error.as_str()), None),
        };
        let n = self.conn.execute(
            "UPDATE alert_matches SET delivery = ?2, attempts = attempts + 1,
                last_error = coalesce(?3, last_error), next_attempt = ?4
             WHERE id = ?1",
            params![signed(match_id), state.name(), error, &next],
        )?;
        Ok(n == 1)
    }
}

/// [`read_alert`] over columns starting at `at`.
fn read_alert_at(r: &Row<'_>, at: usize) -> Result<Alert> {
    let outlets: String = r.get(at + 3)?;
    let outlets: Vec<String> =
        serde_json::from_str(&outlets).map_err(|e| corrupt("alert outlets", e))?;
    let secret: Option<String> = r.get(at + 9)?;
    Ok(Alert {
        id: unsigned(r.get(at)?),
        name: r.get(at + 1)?,
        query: r.get(at + 2)?,
        outlets,
        group: r.get(at + 4)?,
        language: r.get(at + 5)?,
        since: parse_time(r.get(at + 6)?)?,
        until: parse_time(r.get(at + 7)?)?,
        webhook: r.get(at + 8)?,
        signed: secret.is_some(),
        secret,
        created: parse_time(r.get(at + 10)?)?.unwrap_or_default(),
        cursor: unsigned(r.get(at + 11)?),
        matches: unsigned(r.get(at + 12)?),
    })
}

#[cfg(test)]
mod tests;
