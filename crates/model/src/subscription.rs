use serde::{Deserialize, Serialize};

/// A feed to follow, read from an OPML list; polled later by `parallax watch`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// The feed's URL (`xmlUrl`); unique in the store.
    pub feed_url: String,
    /// The name the list gives the feed.
    pub title: Option<String>,
    /// The site's home page (`htmlUrl`).
    pub site_url: Option<String>,
    /// The enclosing OPML outline names, outermost first, joined with ` / `.
    pub category: Option<String>,
}
