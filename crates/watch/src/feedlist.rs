//! Reading the list of feeds to watch: an OPML file, or plain text with one URL per line.

use std::path::Path;

use parallax_ingest::Item;
use parallax_model::{Format, Origin, Subscription};

use crate::WatchError;

/// A feed list larger than this is not a feed list.
const MAX_LIST_BYTES: u64 = 16 << 20;

/// Reads the feeds listed in `path`: OPML (told by its first tag) or a plain list, one
/// http(s) URL per line, `#` starting a comment line, blank lines ignored. A bad line or a
/// broken OPML file is an error naming the file (and line); nothing is half-read.
pub fn load_feed_list(path: &Path) -> Result<Vec<Subscription>, WatchError> {
    let err = |line: Option<usize>, message: String| WatchError::FeedList {
        path: path.display().to_string(),
        line,
        message,
    };
    let size = std::fs::metadata(path).map_err(|e| err(None, e.to_string()))?.len();
    if size > MAX_LIST_BYTES {
        return Err(err(None, format!("{size} bytes; a feed list is at most {MAX_LIST_BYTES}")));
    }
    let bytes = std::fs::read(path).map_err(|e| err(None, e.to_string()))?;
    let content = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    if content.trim_ascii_start().starts_with(b"<") {
        return read_opml(content, path);
    }
    let text = std::str::from_utf8(content).map_err(|e| {
        let line = content[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        err(Some(line), "not valid UTF-8".into())
    })?;
    let mut feeds = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let url = parse_feed_url(line).map_err(|m| err(Some(i + 1), m))?;
        if !feeds.iter().any(|s: &Subscription| s.feed_url == url) {
            feeds.push(Subscription { feed_url: url, title: None, site_url: None, category: None });
        }
    }
    if feeds.is_empty() {
        return Err(err(None, "lists no feed".into()));
    }
    Ok(feeds)
}

/// Checks one feed URL (a line of a list, or one added through the API) and returns it in
/// normalised form.
pub fn parse_feed_url(raw: &str) -> Result<String, String> {
    let shown: String = raw.chars().take(120).collect();
    let url = url::Url::parse(raw).map_err(|e| format!("{shown:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("{shown:?}: only http and https feeds can be watched"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("{shown:?} has no host"));
    }
    Ok(url.to_string())
}

fn read_opml(content: &[u8], path: &Path) -> Result<Vec<Subscription>, WatchError> {
    let origin = Origin::file(path.display().to_string(), Format::Opml);
    let mut feeds = Vec::new();
    let mut failure = None;
    parallax_ingest::opml::read_opml(content, &origin, &mut |item| match item {
        Item::Subscription(s) => feeds.push(s),
        Item::Failed(e) => failure = failure.take().or(Some(e.to_string())),
        Item::Document(_) | Item::Page(_) => {}
    });
    if let Some(message) = failure {
        // The OPML reader's message already starts with the file name.
        return Err(WatchError::FeedList { path: String::new(), line: None, message });
    }
    for feed in &mut feeds {
        feed.feed_url = parse_feed_url(&feed.feed_url).map_err(|message| WatchError::FeedList {
            path: path.display().to_string(),
            line: None,
            message,
        })?;
    }
    Ok(feeds)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(content: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feeds.txt");
        std::fs::write(&path, content).unwrap();
        (dir, path)
    }

    #[test]
    fn plain_lists_skip_comments_and_blanks_and_name_bad_lines() {
        let (_d, path) = write(
            b"# harbour desk\n\nhttps://harbour.example.com/rss\n  https://ledger.example.ee/atom.xml  \nhttps://harbour.example.com/rss\n",
        );
        let feeds = load_feed_list(&path).unwrap();
        let urls: Vec<&str> = feeds.iter().map(|f| f.feed_url.as_str()).collect();
        assert_eq!(urls, ["https://harbour.example.com/rss", "https://ledger.example.ee/atom.xml"]);

        let (_d, path) = write(b"https://ok.example/feed\nftp://files.example/feed\n");
        let e = load_feed_list(&path).unwrap_err().to_string();
        assert!(e.contains("feeds.txt: line 2: ") && e.contains("only http and https"), "{e}");
        let (_d, path) = write(b"https://ok.example/feed\n<script>alert(1)</script> nope\n");
        // Starts with a URL line, so it is a plain list; the second line is not a URL.
        let e = load_feed_list(&path).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("is not a URL"), "{e}");
    }

    #[test]
    fn hostile_and_empty_lists_are_errors() {
        let (_d, path) = write(b"");
        assert!(load_feed_list(&path).unwrap_err().to_string().contains("lists no feed"));
        let (_d, path) = write(b"# only a comment\n");
        assert!(load_feed_list(&path).is_err());
        let (_d, path) = write(b"https://ok.example/feed\n\xff\xfe\n");
        let e = load_feed_list(&path).unwrap_err().to_string();
        assert!(e.contains("line 2: not valid UTF-8"), "{e}");
        let (_d, path) = write(b"<opml><body><outline xmlUrl='https://a.example/f'></body></opml>");
        let e = load_feed_list(&path).unwrap_err().to_string();
        assert!(e.contains("feeds.txt"), "{e}");
        let e = load_feed_list(Path::new("/nonexistent/feeds.txt")).unwrap_err().to_string();
        assert!(e.starts_with("/nonexistent/feeds.txt: "), "{e}");
    }

    #[test]
    fn opml_lists_keep_titles_and_categories() {
        let (_d, path) = write(
            br#"<?xml version="1.0"?><opml version="2.0"><body><outline text="Baltic">
<outline text="Ledger" xmlUrl="https://ledger.example.ee/feed"/></outline></body></opml>"#,
        );
        let feeds = load_feed_list(&path).unwrap();
        assert_eq!(feeds.len(), 1);
        assert_eq!(feeds[0].title.as_deref(), Some("Ledger"));
        assert_eq!(feeds[0].category.as_deref(), Some("Baltic"));
    }
}
