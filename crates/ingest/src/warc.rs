//! WARC archives (Common Crawl News): each HTML response record is a page.
//!
//! Hand-written rather than built on the `warc` or `rust_warc` crates because both read a
//! whole record body into memory before the caller can look at it; a news crawl can hold
//! records of any size, and a per-record cap that skips oversized bodies by streaming them
//! is what keeps memory bounded.

use std::io::{self, BufRead, Read};
use std::ops::ControlFlow;

use flate2::read::{MultiGzDecoder, ZlibDecoder};
use parallax_model::Origin;

use crate::dates::parse_date;
use crate::error::{Bytes, IngestError};
use crate::input::read_line_capped;
use crate::page::RawPage;
use crate::{Item, Limits};

/// Longest WARC or HTTP header block accepted.
const MAX_HEADER_BYTES: u64 = 64 * 1024;

/// Streams a WARC input record by record and emits a document for every successful HTML
/// response. Request, metadata and non-HTML records are skipped. The WARC date is the
/// capture date (`captured`); the publication date comes only from the page itself.
/// Stops as soon as `emit` breaks, and then returns `Break`.
pub fn read_warc(
    reader: &mut dyn BufRead,
    origin: &Origin,
    limits: &Limits,
    emit: &mut dyn FnMut(Item) -> ControlFlow<()>,
) -> ControlFlow<()> {
    let mut number = 0usize;
    let mut line = Vec::new();
    loop {
        // Records are separated by blank lines; skip them (and stray CR/LF).
        let version = loop {
            match read_line_capped(reader, &mut line, MAX_HEADER_BYTES) {
                Ok(None) => return ControlFlow::Continue(()),
                Ok(Some(true)) if trim_crlf(&line).is_empty() => continue,
                Ok(Some(true)) => break String::from_utf8_lossy(trim_crlf(&line)).into_owned(),
                Ok(Some(false)) => return emit(fail(origin, number + 1, "header line too long")),
                Err(e) => return emit(fail(origin, number + 1, &format!("read failed: {e}"))),
            }
        };
        number += 1;
        if !version.starts_with("WARC/") {
            return emit(fail(
                origin,
                number,
                &format!("expected a WARC record, found {:?}", truncate(&version)),
            ));
        }
        let headers = match read_headers(reader, &mut line) {
            Ok(h) => h,
            Err(message) => return emit(fail(origin, number, &message)),
        };
        let header = |name: &str| {
            headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
        };
        let Some(length) = header("Content-Length").and_then(|v| v.trim().parse::<u64>().ok())
        else {
            return emit(fail(origin, number, "missing or invalid Content-Length"));
        };
        let uri = header("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_string());
        let record = match &uri {
            Some(u) => format!("record {number} {u}"),
            None => format!("record {number}"),
        };
        let is_response = header("WARC-Type").is_some_and(|t| t.eq_ignore_ascii_case("response"));
        if !is_response || length > limits.record_bytes {
            if is_response {
                emit(Item::Failed(IngestError::TooLarge {
                    input: origin.input.clone(),
                    record: Some(record.clone()),
                    limit: Bytes(limits.record_bytes),
                }))?;
            }
            match io::copy(&mut reader.take(length), &mut io::sink()) {
                Ok(n) if n == length => continue,
                _ => {
                    return emit(fail(
                        origin,
                        number,
                        "truncated: the file ends inside this record",
                    ));
                }
            }
        }
        let mut body = Vec::with_capacity(length as usize);
        if reader.take(length).read_to_end(&mut body).is_err() || body.len() as u64 != length {
            return emit(Item::Failed(IngestError::malformed(
                &origin.input,
                Some(record),
                format!("truncated: expected {length} bytes, found {}", body.len()),
            )));
        }
        let captured = header("WARC-Date").and_then(parse_date);
        if let Some(item) =
            response_item(&body, uri.as_deref(), captured, origin.with_record(record), limits)
        {
            emit(item)?;
        }
    }
}

/// Turns an HTTP response into a document, or `None` when it is not a successful HTML page
/// (redirects, errors, images and scripts are part of every crawl and are not failures).
fn response_item(
    body: &[u8],
    uri: Option<&str>,
    captured: Option<chrono::DateTime<chrono::Utc>>,
    origin: Origin,
    limits: &Limits,
) -> Option<Item> {
    let failed = |message: String| {
        Some(Item::Failed(IngestError::malformed(&origin.input, origin.record.clone(), message)))
    };
    let Some(split) =
        find(body, b"\r\n\r\n").map(|i| (i, 4)).or_else(|| find(body, b"\n\n").map(|i| (i, 2)))
    else {
        return failed("HTTP response without a header/body separator".into());
    };
    let head = String::from_utf8_lossy(&body[..split.0]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or_default();
    let code: u16 = status.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    if !(200..300).contains(&code) {
        return None;
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let get = |k: &str| headers.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let content_type = get("content-type");
    if let Some(ct) = content_type {
        let ct = ct.to_ascii_lowercase();
        if !(ct.contains("html") || ct.contains("xml") && ct.contains("xhtml")) {
            return None;
        }
    }
    let mut payload = body[split.0 + split.1..].to_vec();
    if get("transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked"))
        && let Some(joined) = dechunk(&payload)
    {
        payload = joined;
    }
    match get("content-encoding").map(str::to_ascii_lowercase).as_deref() {
        None | Some("identity") => {}
        Some("gzip" | "x-gzip") => match inflate(MultiGzDecoder::new(&payload[..]), limits) {
            Ok(p) => payload = p,
            Err(m) => return failed(m),
        },
        Some("deflate") => match inflate(ZlibDecoder::new(&payload[..]), limits) {
            Ok(p) => payload = p,
            Err(m) => return failed(m),
        },
        Some(other) => return failed(format!("unsupported Content-Encoding {other:?}")),
    }
    Some(Item::Page(Box::new(RawPage {
        bytes: payload,
        content_type: content_type.map(str::to_string),
        url: uri.map(str::to_string),
        captured,
        origin,
    })))
}

fn inflate(reader: impl Read, limits: &Limits) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    reader
        .take(limits.record_bytes + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("corrupt compressed body: {e}"))?;
    if out.len() as u64 > limits.record_bytes {
        return Err(format!("decompressed body larger than the {} limit", limits.record()));
    }
    Ok(out)
}

/// Joins an HTTP/1.1 chunked body; `None` when it is not validly chunked (crawlers often
/// store the de-chunked body but keep the header).
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let end = find(body, b"\r\n")?;
        let size_field = std::str::from_utf8(&body[..end]).ok()?;
        let size = usize::from_str_radix(size_field.split(';').next()?.trim(), 16).ok()?;
        body = &body[end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size..)?.strip_prefix(b"\r\n")?;
    }
}

fn read_headers(
    reader: &mut dyn BufRead,
    line: &mut Vec<u8>,
) -> Result<Vec<(String, String)>, String> {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut total = 0u64;
    loop {
        match read_line_capped(reader, line, MAX_HEADER_BYTES) {
            Ok(None) => return Err("truncated: the file ends inside the record header".into()),
            Ok(Some(false)) => return Err("header line too long".into()),
            Ok(Some(true)) => {}
            Err(e) => return Err(format!("read failed: {e}")),
        }
        total += line.len() as u64;
        if total > MAX_HEADER_BYTES {
            return Err("record header too long".into());
        }
        let l = trim_crlf(line);
        if l.is_empty() {
            return Ok(headers);
        }
        let text = String::from_utf8_lossy(l);
        if text.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last.1.push(' ');
                last.1.push_str(text.trim());
            }
        } else if let Some((k, v)) = text.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        } else {
            return Err(format!("malformed header line {:?}", truncate(&text)));
        }
    }
}

fn fail(origin: &Origin, number: usize, message: &str) -> Item {
    Item::Failed(IngestError::malformed(&origin.input, Some(format!("record {number}")), message))
}

fn trim_crlf(b: &[u8]) -> &[u8] {
    b.strip_suffix(b"\r").unwrap_or(b)
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_model::Format;

    fn record(kind: &str, uri: &str, date: &str, payload: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}\r\n\
             WARC-Record-ID: <urn:uuid:x>\r\nContent-Length: {}\r\n\r\n",
            payload.len()
        )
        .into_bytes();
        r.extend_from_slice(payload);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn http(status: &str, content_type: &str, body: &str) -> Vec<u8> {
        format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n{body}").into_bytes()
    }

    const PAGE: &str = "<html lang=en><head><title>Dockers walk out</title>\
        <meta property=\"article:published_time\" content=\"2022-05-02T06:00:00Z\"></head>\
        <body><article><h1>Dockers walk out</h1><p>Dock workers at the northern terminal walked \
        out on Monday morning after talks over shift pay collapsed late on Sunday night.</p>\
        <p>The union said the stoppage would last at least forty-eight hours and that pickets \
        would stand at every gate of the terminal.</p></article></body></html>";

    fn read(data: &[u8], limits: Limits) -> Vec<Item> {
        let mut items = Vec::new();
        let mut r: &[u8] = data;
        let _ = read_warc(&mut r, &Origin::file("c.warc", Format::Warc), &limits, &mut |i| {
            items.push(i.resolve());
            ControlFlow::Continue(())
        });
        items
    }

    #[test]
    fn html_responses_become_documents_with_capture_dates() {
        let mut data = record("warcinfo", "", "2022-05-09T00:00:00Z", b"software: test\r\n");
        data.extend(record(
            "request",
            "https://port.example.com/a",
            "2022-05-09T10:00:00Z",
            b"GET /a HTTP/1.1\r\n\r\n",
        ));
        data.extend(record(
            "response",
            "https://port.example.com/a",
            "2022-05-09T10:00:01Z",
            &http("200 OK", "text/html; charset=utf-8", PAGE),
        ));
        data.extend(record(
            "response",
            "https://port.example.com/b",
            "2022-05-09T10:00:02Z",
            &http("301 Moved", "text/html", ""),
        ));
        data.extend(record(
            "response",
            "https://port.example.com/c.png",
            "2022-05-09T10:00:03Z",
            &http("200 OK", "image/png", "PNG"),
        ));
        let items = read(&data, Limits::default());
        assert_eq!(items.len(), 1, "{items:?}");
        let Item::Document(d) = &items[0] else { panic!("{items:?}") };
        assert_eq!(d.url.as_deref(), Some("https://port.example.com/a"));
        assert_eq!(d.captured.unwrap().to_rfc3339(), "2022-05-09T10:00:01+00:00");
        assert_ne!(d.published, d.captured);
        assert_eq!(d.origin.record.as_deref(), Some("record 3 https://port.example.com/a"));
    }

    #[test]
    fn truncated_and_oversized_records_are_reported() {
        let full = record(
            "response",
            "https://port.example.com/a",
            "2022-05-09T10:00:01Z",
            &http("200 OK", "text/html", PAGE),
        );
        let items = read(&full[..full.len() - 200], Limits::default());
        assert!(
            matches!(&items[0], Item::Failed(e) if e.to_string().contains("truncated")),
            "{items:?}"
        );

        let mut data = full.clone();
        data.extend(record(
            "response",
            "https://port.example.com/z",
            "2022-05-09T10:00:01Z",
            &http("200 OK", "text/html", PAGE),
        ));
        let items = read(&data, Limits { record_bytes: 100, ..Limits::default() });
        assert_eq!(items.len(), 2);
        assert!(items.iter().all(|i| matches!(i, Item::Failed(IngestError::TooLarge { .. }))));

        let items = read(b"not a warc at all\r\n", Limits::default());
        assert!(
            matches!(&items[0], Item::Failed(e) if e.to_string().contains("expected a WARC record"))
        );
    }

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(dechunk(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").unwrap(), b"hello world");
        assert_eq!(dechunk(b"<html>"), None);
    }
}
