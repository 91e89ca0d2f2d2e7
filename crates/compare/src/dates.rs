//! The dates each side mentions: the timeline of the story as the articles tell it.

use chrono::NaiveDate;
use parallax_evidence::dates::Granularity;
use serde::Serialize;

use crate::Article;
use crate::evidence::Evidence;
use crate::reading::Reading;

/// One mention of a date.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DateItem {
    /// The words that state it ("April 30", "on Saturday").
    pub text: String,
    /// The year as written, if written.
    pub year: Option<i32>,
    /// The month as written (1–12), if written.
    pub month: Option<u32>,
    /// The day of the month as written, if written.
    pub day: Option<u32>,
    /// The first day it means, resolved against the publication date where needed (none
    /// when the article is undated and the text gives no year).
    pub date: Option<NaiveDate>,
    /// Day, month or year.
    pub granularity: Granularity,
    /// Where it is written.
    #[serde(flatten)]
    pub evidence: Evidence,
}

/// Every date mention, earliest date first (unresolved ones last, in reading order).
pub(crate) fn dates(articles: &[Article], readings: &[Reading]) -> Vec<DateItem> {
    let mut items = Vec::new();
    for (article, reading) in articles.iter().zip(readings) {
        for (u, mentions) in reading.dates.iter().enumerate() {
            let unit = &reading.units[u];
            for d in mentions {
                items.push(DateItem {
                    text: d.span.text(unit.text).to_owned(),
                    year: d.year,
                    month: d.month,
                    day: d.day,
                    date: d.date,
                    granularity: d.granularity,
                    evidence: Evidence::of(article, unit, d.span),
                });
            }
        }
    }
    // Stable: unresolved dates keep their reading order.
    items.sort_by_key(|d| (d.date.is_none(), d.date));
    items
}
