//! HTML pages as documents.

use parallax_model::{Document, Origin};
use serde_json::Value;

use crate::error::IngestError;
use crate::{decode, html};

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
