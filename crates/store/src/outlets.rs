//! What the store knows about outlets: how much each published, and when.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::articles::{parse_time, timestamp};
use crate::db::Param;
use crate::{Result, Store};

/// One outlet's articles in the store (or in a period).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OutletActivity {
    /// The outlet's name as articles give it (else its domain).
    pub outlet: String,
    /// Its registrable domain, when its articles have URLs.
    pub domain: Option<String>,
    /// Articles stored.
    pub articles: u64,
    /// Its first publication time stored.
    pub first_published: Option<DateTime<Utc>>,
    /// Its last publication time stored.
    pub last_published: Option<DateTime<Utc>>,
}

/// An outlet's articles in one story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoryOutlet {
    /// The outlet's name as its articles give it.
    pub outlet: Option<String>,
    /// Its registrable domain, when its articles have URLs.
    pub domain: Option<String>,
    /// Its articles in the story.
    pub articles: u64,
}

impl Store {
    /// Every outlet with articles published between `from` and `to` (inclusive; all time
    /// when both are `None`), most articles first. Undated articles count only when no
    /// period is given.
    pub fn outlet_activity(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Vec<OutletActivity>> {
        let mut sql = String::from(
            "SELECT coalesce(n.name, a.outlet, a.domain) AS shown_name, a.domain, count(*),
                    min(a.published), max(a.published)
             FROM articles a LEFT JOIN outlet_names n ON n.domain = a.domain WHERE 1 = 1",
        );
        let from = from.as_ref().map(timestamp);
        let to = to.as_ref().map(timestamp);
        let mut args: Vec<Param<'_>> = Vec::new();
        if let Some(from) = &from {
            sql.push_str(" AND a.published >= ?");
            args.push(Param::from(from));
        }
        if let Some(to) = &to {
            sql.push_str(" AND a.published <= ?");
            args.push(Param::from(to));
        }
        // The domain breaks ties between namesakes, so both engines list them alike.
        sql.push_str(
            " AND coalesce(n.name, a.outlet, a.domain) IS NOT NULL
             GROUP BY coalesce(n.name, a.outlet, a.domain), a.domain
             ORDER BY count(*) DESC, shown_name, a.domain",
        );
        let rows = self.conn.query(&sql, &args, |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<i64>(2)?, r.get(3)?, r.get(4)?))
        })?;
        let mut out = Vec::with_capacity(rows.len());
        for (outlet, domain, articles, first, last) in rows {
            out.push(OutletActivity {
                outlet,
                domain,
                articles: articles.max(0) as u64,
                first_published: parse_time(first)?,
                last_published: parse_time(last)?,
            });
        }
        Ok(out)
    }

    /// The outlets of each of `stories` with their article counts, in one read (the river
    /// shows outlets for a page of stories; loading every member of each would cost a query
    /// per story). The name is the one articles give (else the domain); stories without
    /// articles are absent.
    pub fn story_outlets(&self, stories: &[u64]) -> Result<HashMap<u64, Vec<StoryOutlet>>> {
        let mut out: HashMap<u64, Vec<StoryOutlet>> = HashMap::new();
        // Bound the number of SQL variables whatever the page size.
        for chunk in stories.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let sql = format!(
                "SELECT a.story, coalesce(n.name, a.outlet), a.domain, count(*)
                 FROM articles a LEFT JOIN outlet_names n ON n.domain = a.domain
                 WHERE a.story IN ({marks})
                 GROUP BY a.story, coalesce(n.name, a.outlet), a.domain"
            );
            let ids: Vec<Param<'_>> = chunk.iter().map(|&s| Param::Int(s as i64)).collect();
            let rows = self.conn.query(&sql, &ids, |r| {
                Ok((r.get::<i64>(0)?, r.get(1)?, r.get(2)?, r.get::<i64>(3)?))
            })?;
            for (story, outlet, domain, articles) in rows {
                out.entry(story as u64).or_default().push(StoryOutlet {
                    outlet,
                    domain,
                    articles: articles.max(0) as u64,
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::articles::tests::{article, new};
    use crate::testdb::on_each_engine;

    #[test]
    fn activity_counts_outlets_in_a_period() {
        on_each_engine(|store| {
            let day = |d| Utc.with_ymd_and_hms(2022, 5, d, 9, 0, 0).unwrap();
            for (i, (outlet, d)) in [
                ("Harbour Gazette", 1),
                ("Harbour Gazette", 3),
                ("Baltic Ledger", 2),
                ("Late Post", 9),
            ]
            .into_iter()
            .enumerate()
            {
                let mut a = article(&format!("a{i}"), None, &format!("Story number {i} was told."));
                a.outlet = Some(outlet.into());
                a.published = Some(day(d));
                store.insert(&new(&a, i as u64 + 1, &[])).unwrap();
            }
            let all = store.outlet_activity(None, None).unwrap();
            assert_eq!(all.len(), 3);
            assert_eq!((all[0].outlet.as_str(), all[0].articles), ("Harbour Gazette", 2));
            assert_eq!(all[0].first_published, Some(day(1)));
            assert_eq!(all[0].last_published, Some(day(3)));
            let period = store.outlet_activity(Some(day(2)), Some(day(3))).unwrap();
            let names: Vec<(&str, u64)> =
                period.iter().map(|o| (o.outlet.as_str(), o.articles)).collect();
            assert_eq!(names, [("Baltic Ledger", 1), ("Harbour Gazette", 1)]);
        });
    }

    #[test]
    fn story_outlets_are_counted_per_story_in_one_read() {
        on_each_engine(|store| {
            for (i, (outlet, story)) in [
                ("Harbour Gazette", 1),
                ("Harbour Gazette", 1),
                ("Baltic Ledger", 1),
                ("Late Post", 2),
            ]
            .into_iter()
            .enumerate()
            {
                let mut a = article(&format!("a{i}"), None, &format!("Story number {i} was told."));
                a.outlet = Some(outlet.into());
                store.insert(&new(&a, i as u64 + 1, &[])).unwrap();
                store.set_story_topic(story, 1).unwrap();
                store.assign_story(i as i64 + 1, story).unwrap();
            }
            let outlets = store.story_outlets(&[1, 2, 3]).unwrap();
            let mut first: Vec<(String, u64)> =
                outlets[&1].iter().map(|o| (o.outlet.clone().unwrap(), o.articles)).collect();
            first.sort();
            assert_eq!(first, [("Baltic Ledger".to_owned(), 1), ("Harbour Gazette".to_owned(), 2)]);
            assert_eq!(outlets[&2].len(), 1);
            assert!(!outlets.contains_key(&3));
        });
    }
}
