//! The outlet registry joined with what the store holds from each outlet.

use chrono::{DateTime, Utc};
use parallax_outlets::{Outlet, Registry};
use parallax_store::{Store, StoreError};
use serde::Serialize;

/// An outlet with its articles in the store.
#[derive(Clone, Debug, Serialize)]
pub struct OutletRow {
    /// The outlet, as the registry has it (or as articles name it when it is unregistered).
    #[serde(flatten)]
    pub outlet: Outlet,
    /// False for outlets the store holds articles from but the registry does not know.
    pub registered: bool,
    /// Articles stored.
    pub stored_articles: u64,
    /// The first stored article's publication time.
    pub first_published: Option<DateTime<Utc>>,
    /// The last stored article's publication time.
    pub last_published: Option<DateTime<Utc>>,
}

/// Every registered outlet (in registry order), then the unregistered ones the store holds
/// articles from, each with its stored articles (none without a store).
pub fn outlet_table(
    store: Option<&Store>,
    registry: &Registry,
) -> Result<Vec<OutletRow>, StoreError> {
    let mut rows: Vec<OutletRow> = registry
        .outlets()
        .iter()
        .map(|o| OutletRow {
            outlet: o.clone(),
            registered: true,
            stored_articles: 0,
            first_published: None,
            last_published: None,
        })
        .collect();
    let activity = match store {
        Some(store) => store.outlet_activity(None, None)?,
        None => Vec::new(),
    };
    for a in activity {
        let found = registry.find(a.domain.as_deref(), Some(&a.outlet));
        let index = match found.and_then(|o| rows.iter().position(|r| r.outlet.name == o.name)) {
            Some(i) => i,
            None => {
                rows.push(OutletRow {
                    outlet: Outlet {
                        name: a.outlet.clone(),
                        aliases: Vec::new(),
                        domains: a.domain.clone().into_iter().collect(),
                        country: None,
                        language: Vec::new(),
                        ownership: None,
                        group: None,
                        user: false,
                    },
                    registered: false,
                    stored_articles: 0,
                    first_published: None,
                    last_published: None,
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[index];
        row.stored_articles += a.articles;
        row.first_published = earliest(row.first_published, a.first_published);
        row.last_published = row.last_published.max(a.last_published);
    }
    Ok(rows)
}

fn earliest(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}
