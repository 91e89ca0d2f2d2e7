//! Decoding fetched HTML bytes into text.
//!
//! The order follows the WHATWG "encoding sniffing" steps in a reduced form: a byte order mark
//! wins, then the HTTP `Content-Type` charset, then a `<meta charset>` / `<meta http-equiv>`
//! (or an XML declaration) in the first 2 KiB, and otherwise UTF-8. Pages that declare nothing
//! (or UTF-8) but are not valid UTF-8 are read as windows-1252, the encoding browsers fall back
//! to for Western pages, unless most of their non-ASCII bytes do form valid UTF-8 (a UTF-8 page
//! with a few broken bytes, which lossy UTF-8 decoding keeps readable).

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How many leading bytes are searched for a `<meta>` charset declaration.
const PRESCAN_BYTES: usize = 2048;

/// Why page bytes could not be decoded as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The bytes hold NUL characters near the start, as images, PDFs and archives do, but
    /// no text encoding that decodes them (UTF-16 with a BOM or a declared charset) applies.
    #[error("not text: NUL byte at offset {offset}")]
    Binary {
        /// Where the first NUL byte is.
        offset: usize,
    },
}

/// Which encoding was used and why, as returned by [`sniff`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A UTF-8 or UTF-16 byte order mark.
    Bom,
    /// The charset parameter of the HTTP `Content-Type` header.
    Http,
    /// A `<meta charset>`, `<meta http-equiv=content-type>` or `<?xml encoding?>` declaration.
    Meta,
    /// Nothing declared: UTF-8, or windows-1252 when the bytes are not UTF-8.
    Default,
}

/// Decodes page bytes honouring, in this order, a BOM, the charset of `http_content_type`
/// (the value of the HTTP `Content-Type` header), a charset declared in the first 2 KiB of the
/// page, and otherwise UTF-8 with a windows-1252 fallback for invalid UTF-8. Malformed
/// sequences become U+FFFD.
///
/// # Errors
///
/// [`DecodeError::Binary`] when the bytes look like a binary file (a NUL byte in the first
/// 1 KiB) and neither a BOM nor a declared charset says UTF-16.
pub fn decode_html(bytes: &[u8], http_content_type: Option<&str>) -> Result<String, DecodeError> {
    let (encoding, source) = sniff(bytes, http_content_type);
    if encoding != UTF_16LE
        && encoding != UTF_16BE
        && let Some(offset) = bytes.iter().take(1024).position(|&b| b == 0)
    {
        return Err(DecodeError::Binary { offset });
    }
    let encoding = if encoding == UTF_8 && source != Source::Bom && !mostly_utf8(bytes) {
        WINDOWS_1252
    } else {
        encoding
    };
    // `decode` strips a BOM of the encoding it reports and switches to the BOM's encoding if
    // there is one, which `sniff` already did.
    let (text, _, _) = encoding.decode(bytes);
    Ok(text.into_owned())
}

/// The encoding [`decode_html`] uses before its UTF-8 validity check, and where it came from.
pub fn sniff(bytes: &[u8], http_content_type: Option<&str>) -> (&'static Encoding, Source) {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return (encoding, Source::Bom);
    }
    if let Some(encoding) = http_content_type.and_then(charset_param).and_then(label) {
        return (encoding, Source::Http);
    }
    let head = &bytes[..bytes.len().min(PRESCAN_BYTES)];
    if let Some(encoding) = prescan(head) {
        return (encoding, Source::Meta);
    }
    (UTF_8, Source::Default)
}

/// An encoding for a charset label; `None` for unknown labels and the "replacement" encoding
/// (labels of encodings that must not be decoded, such as ISO-2022-KR).
fn label(name: &str) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(name.trim().trim_matches(['"', '\'']).as_bytes())?;
    (encoding != encoding_rs::REPLACEMENT).then_some(encoding)
}

/// Encodings named inside the document cannot be UTF-16 (the document could not have been
/// read to find the name), so HTML says to take them as UTF-8; `x-user-defined` is
/// windows-1252.
fn in_document(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == UTF_16LE || encoding == UTF_16BE {
        UTF_8
    } else if encoding == encoding_rs::X_USER_DEFINED {
        WINDOWS_1252
    } else {
        encoding
    }
}

/// The value of a `charset=` parameter in a `Content-Type` value such as
/// `text/html; charset="ISO-8859-1"`.
fn charset_param(content_type: &str) -> Option<&str> {
    let lower = content_type.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = content_type[at + "charset".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest.find([';', '"', '\'', ' ', ',']).unwrap_or(rest.len());
    let value = &rest[..end];
    (!value.is_empty()).then_some(value)
}

/// Looks for a charset declaration among the `<meta>` tags (and an XML declaration) of `head`.
fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    if let Some(rest) = head.strip_prefix(b"<?xml") {
        let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        let decl = String::from_utf8_lossy(&rest[..end]);
        if let Some(enc) = attributes(&decl).into_iter().find(|(k, _)| k == "encoding")
            && let Some(encoding) = label(&enc.1)
        {
            return Some(in_document(encoding));
        }
    }
    let mut at = 0;
    while let Some(pos) = find_ci(&head[at..], b"<meta") {
        let start = at + pos + b"<meta".len();
        let end = head[start..].iter().position(|&b| b == b'>').map_or(head.len(), |e| start + e);
        let tag = String::from_utf8_lossy(&head[start..end]);
        let attrs = attributes(&tag);
        let get = |name: &str| attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        if let Some(encoding) = get("charset").and_then(label) {
            return Some(in_document(encoding));
        }
        let is_content_type =
            get("http-equiv").is_some_and(|v| v.trim().eq_ignore_ascii_case("content-type"));
        if is_content_type
            && let Some(encoding) = get("content").and_then(charset_param).and_then(label)
        {
            return Some(in_document(encoding));
        }
        at = end;
    }
    None
}

/// ASCII case-insensitive search.
fn find_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// Attributes of a tag's inside (after the tag name), lower-cased names, quotes removed.
/// A small hand-written scanner: the prescan has to work on bytes before any decoding and
/// on truncated markup, so a full HTML parser is not the right tool here.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let bytes = tag.as_bytes();
    let mut i = 0;
    let n = bytes.len();
    while i < n {
        while i < n && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/' || bytes[i] == b'?') {
            i += 1;
        }
        let name_start = i;
        while i < n && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' && bytes[i] != b'/' {
            i += 1;
        }
        if name_start == i {
            i += 1;
            continue;
        }
        let name = tag[name_start..i].to_ascii_lowercase();
        while i < n && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < n && bytes[i] == b'=' {
            i += 1;
            while i < n && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < n && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                i += 1;
                let start = i;
                while i < n && bytes[i] != quote {
                    i += 1;
                }
                value = tag[start..i].to_string();
                i += 1;
            } else {
                let start = i;
                while i < n && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = tag[start..i].to_string();
            }
        }
        out.push((name, value));
    }
    out
}

/// Whether `bytes` are UTF-8, or UTF-8 with a few broken sequences: true when valid
/// multi-byte sequences outnumber invalid bytes.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid += s.bytes().filter(|&b| b >= 0xC0).count();
                break;
            }
            Err(e) => {
                let (good, bad) = rest.split_at(e.valid_up_to());
                valid += good.iter().filter(|&&b| b >= 0xC0).count();
                let skip = e.error_len().unwrap_or(bad.len()).max(1);
                invalid += 1;
                rest = &bad[skip.min(bad.len())..];
                if rest.is_empty() {
                    break;
                }
            }
        }
    }
    invalid == 0 || valid > invalid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_default() {
        let page = "<html><body><p>Zürich: Gemeinderat tagt</p></body></html>";
        assert_eq!(decode_html(page.as_bytes(), None).unwrap(), page);
        assert_eq!(sniff(page.as_bytes(), None), (UTF_8, Source::Default));
    }

    #[test]
    fn invalid_utf8_without_declaration_is_windows_1252() {
        // "Café – prices" in windows-1252: é = 0xE9, en dash = 0x96.
        let bytes = b"<p>Caf\xe9 \x96 prices rise</p>";
        assert_eq!(decode_html(bytes, None).unwrap(), "<p>Café – prices rise</p>");
    }

    #[test]
    fn mostly_utf8_keeps_utf8() {
        let mut bytes = "<p>Müller, Jürgen and Sörensen</p>".as_bytes().to_vec();
        bytes.push(0xFF);
        let text = decode_html(&bytes, None).unwrap();
        assert!(text.starts_with("<p>Müller, Jürgen and Sörensen</p>"));
        assert!(text.ends_with('\u{FFFD}'));
    }

    #[test]
    fn meta_charset() {
        let bytes = b"<html><head><meta charset=\"iso-8859-1\"><title>\xc9t\xe9</title>";
        assert_eq!(sniff(bytes, None), (WINDOWS_1252, Source::Meta));
        assert!(decode_html(bytes, None).unwrap().contains("<title>Été</title>"));
        let koi8 =
            b"<meta http-equiv='Content-Type' content='text/html; charset=koi8-r'>\xf0\xd2\xc9";
        assert!(decode_html(koi8, None).unwrap().ends_with("При"));
    }

    #[test]
    fn meta_after_comments_and_unquoted() {
        let bytes = b"<!doctype html><!-- x --><html><head><META HTTP-EQUIV=content-type CONTENT=\"text/html;charset=windows-1251\">";
        assert_eq!(sniff(bytes, None).0, encoding_rs::WINDOWS_1251);
        let bytes = b"<meta charset=shift_jis>";
        assert_eq!(sniff(bytes, None).0, encoding_rs::SHIFT_JIS);
    }

    #[test]
    fn meta_beyond_prescan_is_ignored() {
        let mut bytes = vec![b' '; 3000];
        bytes.extend_from_slice(b"<meta charset=koi8-r>");
        assert_eq!(sniff(&bytes, None), (UTF_8, Source::Default));
    }

    #[test]
    fn http_charset_beats_meta_and_bom_beats_http() {
        let bytes = b"<meta charset=utf-8><p>\xe9</p>";
        assert_eq!(
            sniff(bytes, Some("text/html; charset=\"ISO-8859-15\"")).0,
            encoding_rs::ISO_8859_15
        );
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("<p>Ünïcödé</p>".as_bytes());
        assert_eq!(sniff(&bom, Some("text/html; charset=iso-8859-1")), (UTF_8, Source::Bom));
        assert_eq!(
            decode_html(&bom, Some("text/html; charset=iso-8859-1")).unwrap(),
            "<p>Ünïcödé</p>"
        );
    }

    #[test]
    fn utf16_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "<p>Ωmega</p>".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode_html(&bytes, None).unwrap(), "<p>Ωmega</p>");
    }

    #[test]
    fn utf16_in_meta_means_utf8() {
        assert_eq!(sniff(b"<meta charset=utf-16>", None).0, UTF_8);
    }

    #[test]
    fn unknown_labels_are_ignored() {
        assert_eq!(
            sniff(b"<meta charset=no-such-thing>", Some("text/html; charset=bogus")).0,
            UTF_8
        );
        assert_eq!(sniff(b"<meta charset=iso-2022-kr>", None).0, UTF_8);
    }

    #[test]
    fn xml_declaration() {
        assert_eq!(
            sniff(b"<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><html>", None).0,
            encoding_rs::ISO_8859_2
        );
    }

    #[test]
    fn binary_and_empty() {
        assert_eq!(
            decode_html(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None),
            Err(DecodeError::Binary { offset: 8 })
        );
        assert_eq!(decode_html(b"", None).unwrap(), "");
        assert_eq!(decode_html(b"<meta charset=", None).unwrap(), "<meta charset=");
        assert_eq!(decode_html(b"<meta", None).unwrap(), "<meta");
    }
}
