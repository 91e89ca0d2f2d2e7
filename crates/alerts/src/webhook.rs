//! POSTing matches to their alerts' webhooks, with retries recorded in the store.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use hmac::{KeyInit, Mac};
use parallax_store::{Alert, AlertMatch, DeliveryOutcome, PendingDelivery, Store};
use serde::Serialize;
use serde_json::{Value, json};

use crate::AlertsError;

/// The header carrying `sha256=` and the hex HMAC-SHA256 of the body under the alert's
/// secret, when it has one.
pub const SIGNATURE_HEADER: &str = "X-Parallax-Signature";
/// The header naming the match a POST is about: the same on every retry, so a receiver can
/// drop repeats.
const DELIVERY_HEADER: &str = "X-Parallax-Delivery";

/// How webhooks are called.
#[derive(Clone, Debug, PartialEq)]
pub struct DeliveryOptions {
    /// Longest wait for one POST, connection included.
    pub timeout: Duration,
    /// POSTs tried before a delivery is given up.
    pub max_attempts: u32,
    /// Wait before the first retry; each later one waits twice as long as the one before.
    pub first_retry: Duration,
    /// Longest wait between two tries.
    pub max_retry: Duration,
    /// Most deliveries one run tries.
    pub batch: usize,
}

impl Default for DeliveryOptions {
    fn default() -> DeliveryOptions {
        DeliveryOptions {
            timeout: Duration::from_secs(10),
            max_attempts: 8,
            first_retry: Duration::from_secs(60),
            max_retry: Duration::from_secs(6 * 3600),
            batch: 500,
        }
    }
}

/// What [`deliver_pending`] did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DeliveryReport {
    /// POSTs made.
    pub attempted: usize,
    /// Of which the webhook took.
    pub delivered: usize,
    /// Of which failed and will be tried again.
    pub retrying: usize,
    /// Of which failed for the last time.
    pub failed: usize,
    /// Due deliveries not tried because their webhook had just failed: they wait for the
    /// next run without losing an attempt.
    pub deferred: usize,
    /// Why POSTs failed, one line each.
    pub errors: Vec<String>,
}

/// An HTTP client for webhooks.
pub struct Webhooks {
    client: reqwest::Client,
    options: DeliveryOptions,
}

impl Webhooks {
    /// A client with `options`. Redirects are not followed: a webhook that moved is a
    /// configuration to fix, and a POST should not be replayed somewhere else.
    pub fn new(options: DeliveryOptions) -> Result<Webhooks, AlertsError> {
        let client = reqwest::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("parallax/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| AlertsError::Client(e.to_string()))?;
        Ok(Webhooks { client, options })
    }

    /// The options it was made with.
    pub fn options(&self) -> &DeliveryOptions {
        &self.options
    }

    /// POSTs one match; `Err` says why it did not succeed.
    async fn post(&self, alert: &Alert, matched: &AlertMatch) -> Result<(), String> {
        let url = alert.webhook.as_deref().ok_or("the alert has no webhook")?;
        let body = serde_json::to_vec(&payload(alert, matched)).map_err(|e| e.to_string())?;
        let mut request = self
            .client
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(DELIVERY_HEADER, matched.id.to_string());
        if let Some(secret) = alert.secret.as_deref() {
            request = request.header(SIGNATURE_HEADER, signature(secret, &body));
        }
        let response = request.body(body).send().await.map_err(describe)?;
        let status = response.status();
        if status.is_success() { Ok(()) } else { Err(format!("HTTP {status}")) }
    }

    /// When to try again after `attempts` failed tries, or `None` when that was the last.
    fn next_try(&self, attempts: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if attempts >= self.options.max_attempts {
            return None;
        }
        let doubling = 2u32.saturating_pow(attempts.saturating_sub(1));
        let wait = self.options.first_retry.saturating_mul(doubling).min(self.options.max_retry);
        let wait = chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX);
        Some(now.checked_add_signed(wait).unwrap_or(DateTime::<Utc>::MAX_UTC))
    }
}

/// A reqwest error with its causes (the top one alone says little: "error sending request"),
/// without the URL, whose path may be the webhook's secret.
fn describe(e: reqwest::Error) -> String {
    if e.is_timeout() {
        return "timed out".into();
    }
    let e = e.without_url();
    let mut text = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The JSON body POSTed for a match.
pub fn payload(alert: &Alert, matched: &AlertMatch) -> Value {
    json!({
        "alert": {"id": alert.id, "name": alert.name, "query": alert.query},
        "article": {
            "id": matched.article,
            "title": matched.title,
            "outlet": matched.outlet,
            "url": matched.url,
            "published": matched.published,
            "snippet": matched.snippet,
        },
    })
}

/// The signature header's value for `body`: `sha256=` and the hex HMAC-SHA256 under `secret`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    let mut out = String::from("sha256=");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// A webhook URL fit to show: scheme, host and port only, since the path or query of a
/// webhook often is its secret.
pub fn redacted_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(url) => {
            let mut shown = format!("{}://{}", url.scheme(), url.host_str().unwrap_or(""));
            if let Some(port) = url.port() {
                shown.push_str(&format!(":{port}"));
            }
            if url.path() != "/" || url.query().is_some() {
                shown.push_str("/…");
            }
            shown
        }
        Err(_) => "(invalid URL)".into(),
    }
}

/// POSTs every match whose delivery is due at `due` (every pending one, ignoring backoff,
/// when `None`), oldest first, up to the options' batch, and records each outcome. After a
/// webhook fails, its other due deliveries wait for the next run, so that one dead endpoint
/// costs one timeout per run rather than one per match.
pub async fn deliver_pending(
    store: &mut Store,
    hooks: &Webhooks,
    due: Option<DateTime<Utc>>,
) -> Result<DeliveryReport, AlertsError> {
    let mut report = DeliveryReport::default();
    let mut failing: HashSet<String> = HashSet::new();
    let pending: Vec<PendingDelivery> = store.pending_deliveries(due, hooks.options.batch)?;
    for PendingDelivery { alert, matched } in pending {
        let url = alert.webhook.clone().unwrap_or_default();
        if failing.contains(&url) {
            report.deferred += 1;
            continue;
        }
        report.attempted += 1;
        let outcome = match hooks.post(&alert, &matched).await {
            Ok(()) => {
                report.delivered += 1;
                DeliveryOutcome::Delivered
            }
            Err(error) => {
                report.errors.push(format!(
                    "alert {} ({:?}), article {}: {} → {error}",
                    alert.id,
                    alert.name,
                    matched.article,
                    redacted_url(&url)
                ));
                failing.insert(url);
                match hooks.next_try(matched.attempts + 1, Utc::now()) {
                    Some(at) => {
                        report.retrying += 1;
                        DeliveryOutcome::Retry { error, at }
                    }
                    None => {
                        report.failed += 1;
                        DeliveryOutcome::Failed { error }
                    }
                }
            }
        };
        store.record_delivery(matched.id, &outcome)?;
    }
    Ok(report)
}
