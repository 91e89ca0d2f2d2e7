//! Running every alert over the articles indexed since it last ran.

use parallax_outlets::Registry;
use parallax_search::{Hit, MAX_LIMIT, SearchIndex, SearchQuery, outlets_in_group};
use parallax_store::{Alert, NewMatch, Store};
use serde::Serialize;

use crate::AlertsError;
use crate::atom::plain_snippet;

/// What one run of one alert found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlertRun {
    /// The alert's id.
    pub id: u64,
    /// Its name.
    pub name: String,
    /// Articles it matched for the first time.
    pub new_matches: usize,
}

/// What [`match_new`] did.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AlertsReport {
    /// Alerts that looked at new articles.
    pub checked: usize,
    /// Matches recorded, over all alerts.
    pub new_matches: usize,
    /// The alerts that matched something.
    pub matched: Vec<AlertRun>,
    /// Alerts that could not run (their cursor stays, so they catch up once fixed).
    pub warnings: Vec<String>,
}

/// Runs every alert over the articles indexed after its cursor, records the matches and
/// moves the cursor to the index's highest seq, one transaction per alert. Articles stored
/// but not yet indexed are left for the next run (bring the index up to date first).
pub fn match_new(
    store: &mut Store,
    index: &SearchIndex,
    registry: &Registry,
) -> Result<AlertsReport, AlertsError> {
    let top = index.indexed_up_to()?;
    let mut report = AlertsReport::default();
    for alert in store.alerts()? {
        if alert.cursor >= top {
            continue;
        }
        let Some(query) = search_query(&alert, registry, &mut report.warnings) else {
            continue;
        };
        let mut hits = Vec::new();
        hits_between(index, &query, alert.cursor + 1, top, &mut hits)?;
        // In store order, so that the matches of one run are listed as they were stored.
        hits.sort_by_key(|h| h.seq);
        let matches: Vec<NewMatch> = hits
            .into_iter()
            .map(|h| NewMatch { snippet: plain_snippet(&h.snippet_html), article: h.id })
            .collect();
        let added = store.record_alert_matches(alert.id, &matches, top)?;
        report.checked += 1;
        report.new_matches += added;
        if added > 0 {
            report.matched.push(AlertRun { id: alert.id, name: alert.name, new_matches: added });
        }
    }
    Ok(report)
}

/// The search an alert saves, or `None` (with a warning) when its group names no outlet:
/// running it without the group would match every outlet.
fn search_query(
    alert: &Alert,
    registry: &Registry,
    warnings: &mut Vec<String>,
) -> Option<SearchQuery> {
    let mut outlets = alert.outlets.clone();
    if let Some(group) = &alert.group {
        let members = outlets_in_group(registry, group);
        if members.is_empty() {
            warnings.push(format!(
                "alert {} ({:?}) was not run: no outlet is in group {group:?} (groups are set in outlets.toml)",
                alert.id, alert.name
            ));
            return None;
        }
        outlets.extend(members);
    }
    Some(SearchQuery {
        text: alert.query.clone(),
        outlets,
        language: alert.language.clone(),
        since: alert.since,
        until: alert.until,
        limit: MAX_LIMIT,
    })
}

/// Every hit with a seq in `low..=high`. A search returns at most [`MAX_LIMIT`] hits, so a
/// full answer may have left some out: the range is then halved until each part's answer
/// is complete (a range of one seq holds one article at most).
fn hits_between(
    index: &SearchIndex,
    query: &SearchQuery,
    low: u64,
    high: u64,
    out: &mut Vec<Hit>,
) -> Result<(), AlertsError> {
    let hits = index.search_seqs(query, low..=high)?;
    if hits.len() < query.limit || low >= high {
        out.extend(hits);
        return Ok(());
    }
    let middle = low + (high - low) / 2;
    hits_between(index, query, low, middle, out)?;
    hits_between(index, query, middle + 1, high, out)
}

#[cfg(test)]
pub(crate) fn hits_between_for_tests(
    index: &SearchIndex,
    query: &SearchQuery,
    low: u64,
    high: u64,
) -> Vec<Hit> {
    let mut out = Vec::new();
    hits_between(index, query, low, high, &mut out).unwrap();
    out
}
