//! HTML pages as documents.

use parallax_model::{Document, Origin};
use serde_json::Value;

use crate::error::IngestError;
use crate::{decode, html};

/// An HTML page read but not yet extracted. Readers hand pages over unextracted so that
/// decoding and main-text extraction, the costliest step of reading, can run on all cores
/// (see [`crate::read_raw`]) instead of on the one thread that reads the input.
#[derive(Debug)]
pub struct RawPage {
    /// The page's bytes, as served.
    pub bytes: Vec<u8>,
    /// The HTTP `Content-Type`, when the page came from a crawl.
    pub content_type: Option<String>,
    /// Where the page was fetched from.
    pub url: Option<String>,
    /// When the crawler captured it.
    pub captured: Option<chrono::DateTime<chrono::Utc>>,
    /// The input and record it came from.
    pub origin: Origin,
}

impl RawPage {
    /// Decodes and extracts the page ([`read_page`]).
    pub fn extract(self) -> Result<Document, IngestError> {
        let mut doc =
            read_page(&self.bytes, self.content_type.as_deref(), self.url.as_deref(), self.origin)?;
        doc.captured = self.captured;
        Ok(doc)
    }
}

/// Decodes and extracts one page. `content_type` is the HTTP header, when the page came from
/// a crawl; `url` is where it was fetched from.
pub fn read_page(
    bytes: &[u8],
    content_type: Option<&str>,
    url: Option<&str>,
    origin: Origin,
) -> Result<Document, IngestError> {
    let text = decode::decode_html(bytes, content_type)
        .map_err(|e| IngestError::malformed(&origin.input, origin.record.clone(), e))?;
    let page = html::extract(&text, url);
    if page.text.trim().is_empty() {
        return Err(IngestError::Empty {
            input: origin.input.clone(),
            record: Some(match &origin.record {
                Some(r) => format!("{r}: no article text found in the page"),
                None => "no article text found in the page".into(),
            }),
        });
    }
    let mut doc = Document::new(origin);
    doc.title = page.title;
    doc.byline = page.byline;
    doc.published = page.published;
    doc.language = page.language;
    doc.outlet = page.site_name.clone();
    doc.url = page.canonical_url.or_else(|| url.map(str::to_string));
    if let (Some(fetched), Some(canonical)) = (url, doc.url.as_deref())
        && fetched != canonical
    {
        doc.extra.insert("fetched_url".into(), Value::String(fetched.to_string()));
    }
    doc.text = page.text;
    Ok(doc)
}
