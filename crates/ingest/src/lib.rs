/*!
Readers: every input format Parallax accepts, turned into [`Document`]s.

[`expand`] turns what the user typed (files, directories, globs, `-`) into [`Input`]s;
[`read`] opens one, decompresses gzip transparently, tells its [`Format`] from its content
and name ([`sniff`]), and emits an [`Item`] per article, per subscription, and per failure.
A failure names the input and the record (`line 7`, `item 3`, `record 12 <uri>`); the rest of
the input is still read. Memory stays bounded by [`Limits`] whatever the input.

| format | reader |
|---|---|
| plain text (title line, blank line, paragraphs) | [`text`] |
| HTML page | [`html`] (main text and metadata), [`decode`] (charsets) |
| RSS, Atom, JSON Feed | [`feed`] |
| OPML feed lists | [`opml`] |
| JSON Lines, JSON arrays | [`jsonl`] |
| WARC, WARC.gz | [`warc`] |
*/
#![warn(missing_docs)]

mod dates;
pub mod decode;
mod error;
pub mod feed;
mod fragment;
pub mod html;
mod input;
pub mod jsonl;
mod limits;
pub mod opml;
mod page;
mod sniff;
pub mod text;
pub mod warc;

use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use parallax_model::{Document, Format, Origin, Subscription};

pub use crate::dates::parse_date;
pub use crate::error::{Bytes, IngestError};
pub use crate::fragment::fragment_text;
pub use crate::input::{Input, expand};
pub use crate::limits::Limits;
pub use crate::page::{RawPage, read_page};
pub use crate::sniff::sniff;

/// What a reader yields.
#[derive(Debug)]
pub enum Item {
    /// An article.
    Document(Box<Document>),
    /// An HTML page not yet extracted; only [`read_raw`] emits these.
    Page(Box<RawPage>),
    /// A feed to follow (from OPML).
    Subscription(Subscription),
    /// An input or a record that could not be read.
    Failed(IngestError),
}

impl Item {
    /// The item with its page, if it is one, extracted into a document (or a failure).
    pub fn resolve(self) -> Item {
        match self {
            Item::Page(page) => match page.extract() {
                Ok(doc) => Item::Document(Box::new(doc)),
                Err(e) => Item::Failed(e),
            },
            other => other,
        }
    }
}

/// Reads one input and emits everything in it, in order. Never stops at a bad record: each
/// failure is emitted and reading goes on where the format allows it.
pub fn read(input: &Input, limits: &Limits, emit: &mut dyn FnMut(Item)) {
    read_counting(input, limits, None, emit)
}

/// [`read`], adding the raw bytes consumed from the input to `counter` as it goes (for a
/// progress bar over the inputs' sizes).
pub fn read_counting(
    input: &Input,
    limits: &Limits,
    counter: Option<Arc<AtomicU64>>,
    emit: &mut dyn FnMut(Item),
) {
    let _ = read_raw(input, limits, counter, &mut |item| {
        emit(item.resolve());
        ControlFlow::Continue(())
    });
}

/// [`read_counting`], but HTML pages (single files and crawl records) are emitted as
/// [`Item::Page`] for the caller to extract ([`Item::resolve`]), on whatever threads it
/// likes. The items are the same, in the same order, as [`read`] gives once resolved.
///
/// `emit` may stop the reading by returning [`ControlFlow::Break`]: nothing more is read
/// or emitted, so a caller asked to stop does not wait for the end of a multi-gigabyte
/// archive. The items emitted are then exactly a prefix of those a full read emits (a
/// resumed read that skips as many items goes on at the right one). Returns `Break` when
/// `emit` stopped the reading, `Continue` when the input was read to its end or failed.
pub fn read_raw(
    input: &Input,
    limits: &Limits,
    counter: Option<Arc<AtomicU64>>,
    emit: &mut dyn FnMut(Item) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let opened = match input::open(input, counter) {
        Ok(o) => o,
        Err(e) => return emit(Item::Failed(e)),
    };
    let format = match sniff(&opened.head, opened.extension.as_deref()) {
        Ok(f) => f,
        Err(hint) if hint == "empty" => {
            return emit(Item::Failed(IngestError::Empty { input: opened.name, record: None }));
        }
        Err(hint) => {
            return emit(Item::Failed(IngestError::UnknownFormat { input: opened.name, hint }));
        }
    };
    let origin = Origin::file(opened.name.clone(), format);
    match format {
        Format::Jsonl if !opened.head.trim_ascii_start().starts_with(b"[") => {
            let mut reader = opened.reader;
            jsonl::read_jsonl(&mut *reader, &origin, limits, emit)
        }
        Format::Warc => {
            let mut reader = opened.reader;
            warc::read_warc(&mut *reader, &origin, limits, emit)
        }
        _ => {
            let bytes = match opened.read_all(limits.document_bytes) {
                Ok((_, bytes)) => bytes,
                Err(e) => return emit(Item::Failed(e)),
            };
            read_document(bytes, &origin, emit)
        }
    }
}

/// Reads a whole single-document (or in-memory container) input. Its items are parsed from
/// memory already (within the document limit), so the container readers keep their simple
/// callback; once `emit` breaks, the rest are dropped unseen.
fn read_document(
    bytes: Vec<u8>,
    origin: &Origin,
    emit: &mut dyn FnMut(Item) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let mut flow = ControlFlow::Continue(());
    let mut until_stopped = |item| {
        if flow.is_continue() {
            flow = emit(item);
        }
    };
    match origin.format {
        Format::Html => until_stopped(Item::Page(Box::new(RawPage {
            bytes,
            content_type: None,
            url: None,
            captured: None,
            origin: origin.clone(),
        }))),
        Format::Rss | Format::Atom | Format::JsonFeed => {
            feed::read_feed(&bytes, origin, &mut until_stopped)
        }
        Format::Opml => opml::read_opml(&bytes, origin, &mut until_stopped),
        Format::Text | Format::Jsonl => match std::str::from_utf8(&bytes) {
            Ok(content) if origin.format == Format::Jsonl => {
                jsonl::read_json_array(content, origin, &mut until_stopped)
            }
            Ok(content) => {
                until_stopped(Item::Document(Box::new(text::read_text(content, origin.clone()))))
            }
            Err(e) => {
                let offset = e.valid_up_to();
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                until_stopped(Item::Failed(IngestError::InvalidUtf8 {
                    input: origin.input.clone(),
                    record: Some(format!("line {line}")),
                    offset,
                }))
            }
        },
        Format::Warc => unreachable!("WARC inputs are streamed"),
    }
    flow
}

/// Refuses XML that declares entities. Feeds never need them, and expanding nested entities
/// ("billion laughs") is the classic way to exhaust a parser's memory. The parsers used here
/// do not expand them, but a clear error beats silently dropped text.
fn xml_guard(content: &[u8], input: &str) -> Result<(), IngestError> {
    let head = &content[..content.len().min(64 * 1024)];
    if sniff::contains(head, b"<!ENTITY") {
        return Err(IngestError::malformed(
            input,
            None,
            "XML declares entities (<!ENTITY>); refused to avoid entity expansion",
        ));
    }
    Ok(())
}
