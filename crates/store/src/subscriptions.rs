use crate::db::params;
use crate::{Result, Store};
use chrono::Utc;
use parallax_model::Subscription;

impl Store {
    /// Adds a feed subscription; `false` when the feed URL is already subscribed (the stored
    /// one is kept unchanged).
    pub fn add_subscription(&mut self, sub: &Subscription, source: &str) -> Result<bool> {
        let n = self.conn.execute(
            "INSERT INTO subscriptions (feed_url, title, site_url, category, source, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (feed_url) DO NOTHING",
            params![
                &sub.feed_url,
                &sub.title,
                &sub.site_url,
                &sub.category,
                source,
                &Utc::now().to_rfc3339()
            ],
        )?;
        Ok(n == 1)
    }

    /// All subscriptions, by category (uncategorised first), then feed URL.
    pub fn subscriptions(&self) -> Result<Vec<Subscription>> {
        // NULLS FIRST spells out SQLite's default, which PostgreSQL's is not.
        self.conn.query(
            "SELECT feed_url, title, site_url, category FROM subscriptions
             ORDER BY category NULLS FIRST, feed_url",
            &[],
            |r| {
                Ok(Subscription {
                    feed_url: r.get(0)?,
                    title: r.get(1)?,
                    site_url: r.get(2)?,
                    category: r.get(3)?,
                })
            },
        )
    }
}
