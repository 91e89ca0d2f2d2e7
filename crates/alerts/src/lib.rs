/*!
Saved searches as alerts: a new article that matches a saved search is recorded once, shows
in the alert's Atom feed, and, when the alert has a webhook, is POSTed to it.

- [`create_alert`] checks a saved search and stores it with its cursor at the search index's
  current seq, so a new alert does not fire for the back catalogue;
- [`match_new`] looks, for each alert, at the articles indexed since its cursor only (a seq
  range of the index), records what matches and moves the cursor, in one transaction per
  alert: running it twice records nothing new;
- [`atom_feed`] writes an alert's matches as an Atom 1.0 feed;
- [`deliver_pending`] POSTs due matches to their webhooks as JSON, signed with HMAC-SHA256
  when the alert has a secret, and records each outcome: delivered, or retried later with
  exponential backoff until it fails for good after [`DeliveryOptions::max_attempts`].

```no_run
# async fn run() -> Result<(), Box<dyn std::error::Error>> {
let data = std::path::Path::new("parallax-data");
let mut store = parallax_store::Store::open(data)?;
let mut index = parallax_search::SearchIndex::open(&parallax_search::index_dir(data))?;
index.index_pending(&store)?;
let registry = parallax_outlets::Registry::load(data)?;
let report = parallax_alerts::match_new(&mut store, &index, &registry)?;
let hooks = parallax_alerts::Webhooks::new(parallax_alerts::DeliveryOptions::default())?;
let sent = parallax_alerts::deliver_pending(&mut store, &hooks, Some(chrono::Utc::now())).await?;
# Ok(()) }
```
*/
#![warn(missing_docs)]

mod atom;
mod matching;
mod webhook;

use parallax_search::{SearchError, SearchIndex};
use parallax_store::{Alert, NewAlert, Store, StoreError};

pub use crate::atom::{atom_feed, plain_snippet};
pub use crate::matching::{AlertRun, AlertsReport, match_new};
pub use crate::webhook::{
    DeliveryOptions, DeliveryReport, SIGNATURE_HEADER, Webhooks, deliver_pending, payload,
    redacted_url, signature,
};

/// Longest alert name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest saved query, in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// Most outlets one alert may list.
pub const MAX_OUTLETS: usize = 100;
/// Longest webhook URL, in bytes.
pub const MAX_URL_BYTES: usize = 2_000;

/// Why an alert could not be saved, run or delivered.
#[derive(Debug, thiserror::Error)]
pub enum AlertsError {
    /// The alert as given cannot be saved.
    #[error("{0}")]
    Invalid(String),
    /// The HTTP client could not be set up.
    #[error("cannot set up the webhook client: {0}")]
    Client(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The search index failed.
    #[error(transparent)]
    Search(#[from] SearchError),
}

/// Checks `new` and saves it, watching only articles indexed from now on. The query must be
/// accepted by the search syntax as it is: an alert runs unattended, and the lenient reading
/// a search falls back to may match far more than was meant.
pub fn create_alert(
    store: &mut Store,
    index: &SearchIndex,
    new: &NewAlert,
) -> Result<Alert, AlertsError> {
    validate(new)?;
    if let Some(why) = index.query_error(new.query.trim()) {
        return Err(AlertsError::Invalid(format!(
            "the query {:?} is not valid search syntax ({why}); quote phrases, and write operators between words",
            new.query.trim()
        )));
    }
    Ok(store.create_alert(new, index.indexed_up_to()?)?)
}

/// The checks [`create_alert`] makes before the query syntax.
pub fn validate(new: &NewAlert) -> Result<(), AlertsError> {
    let invalid = |message: String| Err(AlertsError::Invalid(message));
    let name = new.name.trim();
    if name.is_empty() {
        return invalid("an alert needs a name".into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return invalid(format!("the alert name is longer than {MAX_NAME_CHARS} characters"));
    }
    if name.chars().any(char::is_control) {
        return invalid(format!("the alert name {name:?} holds control characters"));
    }
    let query = new.query.trim();
    if query.is_empty() {
        return invalid(format!("alert {name:?} needs a query"));
    }
    if query.chars().count() > MAX_QUERY_CHARS {
        return invalid(format!(
            "the query of alert {name:?} is longer than {MAX_QUERY_CHARS} characters"
        ));
    }
    if new.outlets.len() > MAX_OUTLETS {
        return invalid(format!("alert {name:?} lists more than {MAX_OUTLETS} outlets"));
    }
    if let (Some(since), Some(until)) = (new.since, new.until)
        && since >= until
    {
        return invalid(format!("alert {name:?}: since ({since}) is not before until ({until})"));
    }
    if let Some(webhook) = new.webhook.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        check_webhook(webhook)?;
    } else if new.secret.as_deref().is_some_and(|s| !s.trim().is_empty()) {
        return invalid(format!("alert {name:?} has a secret but no webhook to sign for"));
    }
    Ok(())
}

/// A webhook must be an absolute http(s) URL. Loopback and private addresses are allowed:
/// the webhook is the user's own configuration, often a service on the same machine.
fn check_webhook(raw: &str) -> Result<(), AlertsError> {
    if raw.len() > MAX_URL_BYTES {
        return Err(AlertsError::Invalid(format!(
            "the webhook URL is longer than {MAX_URL_BYTES} bytes"
        )));
    }
    let url = url::Url::parse(raw)
        .map_err(|e| AlertsError::Invalid(format!("the webhook {raw:?} is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(AlertsError::Invalid(format!(
            "the webhook {raw:?} is not an http:// or https:// URL with a host"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
