use std::fmt;

use serde::{Deserialize, Serialize};

/// The input formats Parallax reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A plain-text article: title line, blank line, paragraphs.
    Text,
    /// An HTML page.
    Html,
    /// An RSS 0.9x/1.0/2.0 feed.
    Rss,
    /// An Atom feed.
    Atom,
    /// A JSON Feed document.
    JsonFeed,
    /// One JSON article per line.
    Jsonl,
    /// A WARC archive (optionally gzip-compressed per record).
    Warc,
    /// An OPML feed list.
    Opml,
}

impl Format {
    /// The lower-case name used in messages and in the store.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Rss => "rss",
            Format::Atom => "atom",
            Format::JsonFeed => "jsonfeed",
            Format::Jsonl => "jsonl",
            Format::Warc => "warc",
            Format::Opml => "opml",
        }
    }

    /// Parses a name written by [`Format::name`].
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "text" => Format::Text,
            "html" => Format::Html,
            "rss" => Format::Rss,
            "atom" => Format::Atom,
            "jsonfeed" => Format::JsonFeed,
            "jsonl" => Format::Jsonl,
            "warc" => Format::Warc,
            "opml" => Format::Opml,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
