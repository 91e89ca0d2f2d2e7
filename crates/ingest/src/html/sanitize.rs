//! The sanitising pre-pass: a linear scan that removes what can never be main text before the
//! HTML5 parser runs, and bounds what the parser is given (nesting, element count, bytes).
//! It exists for robustness first (html5ever and the Readability port degrade badly on
//! pathological markup) and for speed second (the parser's time is proportional to its input).

/// Elements nested deeper than this are flattened (their tags dropped, their text kept).
/// Real pages stay well below 100 levels; html5ever's tree construction becomes quadratic and
/// recursive tree walks overflow the stack on pathological nesting.
pub const MAX_DEPTH: usize = 256;

/// At most this many start tags are kept; later ones are dropped with their text kept. Bounds
/// the DOM's memory (a page of 32 MiB of `<i>` tags would otherwise make tens of millions of
/// nodes).
pub const MAX_ELEMENTS: usize = 200_000;

/// At most this many bytes of sanitized markup are parsed (cut at a tag boundary).
pub const MAX_PARSE_BYTES: usize = 16 << 20;

/// JSON-LD blocks larger than this are not parsed.
const MAX_JSON_LD_BYTES: usize = 1 << 20;

/// The markup left for the HTML parser, and the JSON-LD blocks found on the way.
#[derive(Debug, Default)]
pub struct Sanitized {
    /// Markup without scripts, styles, comments, `<noscript>`, `<template>`, `<svg>`,
    /// `<iframe>`, with nesting bounded by [`MAX_DEPTH`].
    pub html: String,
    /// The contents of `<script type="application/ld+json">` elements.
    pub json_ld: Vec<String>,
}

/// Elements whose whole content is removed with them (raw text or never visible as text).
const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "iframe", "xmp", "noembed", "noframes",
    "object", "canvas", "math",
];

/// Elements whose content is text that the parser must not read as markup (kept verbatim).
const RCDATA: &[&str] = &["title", "textarea"];

/// Elements that never have content (no end tag).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image",
];

/// Start tags that close an open `<p>` (HTML's "close a p element" rule).
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "dd",
    "dt",
];

/// Removes what can never be main text before the (much slower) HTML5 parser runs, and bounds
/// nesting depth, element count and size.
///
/// Hand-written rather than done on the parsed DOM, for robustness first: on 100,000 nested
/// `<div>`s html5ever's tree construction takes about a minute (its scope checks are
/// quadratic) and the Readability port then overflows the stack; an unclosed `<script>` or a
/// 32 MiB page of tiny elements would make a huge DOM. It also saves parse time: about 60 % of a
/// news page's bytes are scripts, styles and comments (on AEB: 1.64 → 1.40 ms per page, pass
/// included). The pass keeps an approximate stack of open elements (with HTML's implicit
/// closing of `<p>`, `<li>`, table cells...) only to know how deep a tag would sit; below
/// [`MAX_DEPTH`] it passes every tag through unchanged.
pub fn sanitize(input: &str) -> Sanitized {
    let bytes = input.as_bytes();
    let n = bytes.len();
    let mut out = String::with_capacity(n.min(MAX_PARSE_BYTES) / 2);
    let mut json_ld = Vec::new();
    let mut stack: Vec<&'static str> = Vec::with_capacity(64);
    let mut elements = 0usize;
    let mut i = 0usize;
    let mut text_start = 0usize;
    while i < n {
        let Some(off) = memchr_lt(&bytes[i..]) else { break };
        let lt = i + off;
        let next = bytes.get(lt + 1).copied().unwrap_or(0);
        if next == b'!' {
            push_text(&mut out, &input[text_start..lt], &stack);
            if bytes[lt..].starts_with(b"<!--") {
                i = find(bytes, lt + 4, b"-->").map_or(n, |e| e + 3);
                // "<!-->" and "<!--->" are complete (empty) comments.
                if bytes[lt + 4..].starts_with(b">") {
                    i = lt + 5;
                } else if bytes[lt + 4..].starts_with(b"->") {
                    i = lt + 6;
                }
            } else {
                let end = find_byte(bytes, lt, b'>').map_or(n, |e| e + 1);
                if bytes.len() >= lt + 9 && bytes[lt + 2..lt + 9].eq_ignore_ascii_case(b"doctype") {
                    out.push_str(&input[lt..end]);
                }
                i = end;
            }
            text_start = i;
            continue;
        }
        if next == b'?' {
            push_text(&mut out, &input[text_start..lt], &stack);
            i = find_byte(bytes, lt, b'>').map_or(n, |e| e + 1);
            text_start = i;
            continue;
        }
        let is_end = next == b'/';
        let name_start = if is_end { lt + 2 } else { lt + 1 };
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            // A "<" that does not open a tag is text.
            i = lt + 1;
            continue;
        }
        let mut name_end = name_start;
        while name_end < n
            && !matches!(bytes[name_end], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
        {
            name_end += 1;
        }
        let tag_end = tag_end(bytes, name_end);
        let name = &bytes[name_start..name_end];
        push_text(&mut out, &input[text_start..lt], &stack);
        text_start = tag_end;
        i = tag_end;
        if is_end {
            let Some(known) = intern(name) else {
                // Unknown end tags cannot change the depth; keep them for the parser.
                out.push_str(&input[lt..tag_end]);
                continue;
            };
            if matches!(known, "body" | "html") {
                continue;
            }
            // Pop up to the matching open element, looking only a little way down: an end tag
            // whose element is not near the top is dropped (html5ever would mostly ignore it).
            if let Some(pos) = stack.iter().rev().take(64).position(|&open| open == known) {
                stack.truncate(stack.len() - pos - 1);
                out.push_str(&input[lt..tag_end]);
            } else if matches!(known, "p" | "br") {
                out.push_str(&input[lt..tag_end]);
            }
            continue;
        }
        let lower = name.to_ascii_lowercase();
        let lower = std::str::from_utf8(&lower).unwrap_or("");
        if let Some(&dropped) = DROPPED_WITH_CONTENT.iter().find(|&&d| d == lower) {
            let close = find_end_tag(bytes, tag_end, dropped.as_bytes());
            let content_end = close.map_or(n, |(start, _)| start);
            if dropped == "script" && content_end - tag_end <= MAX_JSON_LD_BYTES {
                let tag = input[lt..tag_end].to_ascii_lowercase();
                if tag.contains("ld+json") {
                    json_ld.push(input[tag_end..content_end].to_string());
                }
            }
            i = close.map_or(n, |(_, end)| end);
            text_start = i;
            continue;
        }
        if lower == "plaintext" {
            out.push_str(&input[lt..]);
            text_start = n;
            break;
        }
        if let Some(&rc) = RCDATA.iter().find(|&&r| r == lower) {
            let close = find_end_tag(bytes, tag_end, rc.as_bytes());
            let end = close.map_or(n, |(_, end)| end);
            out.push_str(&input[lt..end]);
            i = end;
            text_start = end;
            continue;
        }
        if VOID.contains(&lower) {
            if matches!(lower, "img" | "link" | "meta" | "source") {
                // Their attributes are read (image presence, icons, metadata): kept whole.
                out.push_str(&input[lt..tag_end]);
            } else {
                push_start_tag(&mut out, input, lower, lt, name_end, tag_end);
            }
            continue;
        }
        let known = intern(name);
        if let Some(k) = known {
            implicit_close(&mut stack, k);
        }
        if stack.len() >= MAX_DEPTH || elements >= MAX_ELEMENTS || out.len() >= MAX_PARSE_BYTES {
            // Dropped: the element's text joins its parent's. A matching end tag later finds no
            // open element near the top of the stack and is dropped too.
            continue;
        }
        elements += 1;
        stack.push(known.unwrap_or("*"));
        push_start_tag(&mut out, input, lower, lt, name_end, tag_end);
    }
    if text_start < n {
        out.push_str(&input[text_start..]);
    }
    if out.len() > MAX_PARSE_BYTES {
        let mut cut = MAX_PARSE_BYTES;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = out[..cut].rfind('<').unwrap_or(cut);
        out.truncate(cut);
    }
    Sanitized { html: out, json_ld }
}

/// Copies the start tag `input[lt..tag_end]` (name ending at `name_end`) to `out` without the
/// attributes nothing downstream reads: inline styles (unless they may hide the element, which
/// Readability checks), event handlers, `data-*`, `srcset`/`sizes` and most `aria-*`. They are
/// often most of a modern page's markup, and html5ever's tokenizer time grows with every byte.
fn push_start_tag(
    out: &mut String,
    input: &str,
    tag: &str,
    lt: usize,
    name_end: usize,
    tag_end: usize,
) {
    let bytes = input.as_bytes();
    if tag_end > bytes.len() || bytes[tag_end - 1] != b'>' {
        out.push_str(&input[lt..tag_end]);
        return;
    }
    let end = tag_end - 1;
    // (start, end) of each attribute, with what becomes of it.
    let mut attrs: [(usize, usize, Attr); 32] = [(0, 0, Attr::Keep); 32];
    let mut count = 0;
    let mut dropped = false;
    let mut i = name_end;
    while i < end {
        let b = bytes[i];
        if b.is_ascii_whitespace() || b == b'/' {
            i += 1;
            continue;
        }
        let start = i;
        while i < end && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'=') {
            i += 1;
        }
        let name = &bytes[start..i];
        let mut j = i;
        while j < end && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = &bytes[j..j];
        if j < end && bytes[j] == b'=' {
            j += 1;
            while j < end && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < end && (bytes[j] == b'"' || bytes[j] == b'\'') {
                let q = bytes[j];
                let close = find_byte(bytes, j + 1, q).filter(|&c| c < end).unwrap_or(end);
                value = &bytes[j + 1..close];
                j = (close + 1).min(end);
            } else {
                let v = j;
                while j < end && !bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                value = &bytes[v..j];
            }
            i = j;
        }
        if count == attrs.len() {
            // Too many attributes to track: the tag is passed through as it is.
            out.push_str(&input[lt..tag_end]);
            return;
        }
        let fate = attribute_fate(tag, name, value);
        dropped |= fate != Attr::Keep;
        attrs[count] = (start, i, fate);
        count += 1;
    }
    if !dropped {
        out.push_str(&input[lt..tag_end]);
        return;
    }
    out.push_str(&input[lt..name_end]);
    for &(s, e, fate) in &attrs[..count] {
        match fate {
            Attr::Keep => {
                out.push(' ');
                out.push_str(&input[s..e]);
            }
            Attr::Drop => {}
            Attr::Replace(with) => {
                out.push(' ');
                out.push_str(with);
            }
        }
    }
    out.push('>');
}

/// What [`push_start_tag`] does with one attribute.
#[derive(Clone, Copy, PartialEq)]
enum Attr {
    Keep,
    Drop,
    /// Replaced by this whole attribute (name and value).
    Replace(&'static str),
}

fn attribute_fate(tag: &str, name: &[u8], value: &[u8]) -> Attr {
    let starts = |n: &[u8], p: &[u8]| n.len() >= p.len() && n[..p.len()].eq_ignore_ascii_case(p);
    let is = |n: &[u8]| name.eq_ignore_ascii_case(n);
    if is(b"style") {
        let has = |w: &[u8]| value.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w));
        return if has(b"display") || has(b"visibility") { Attr::Keep } else { Attr::Drop };
    }
    if tag == "a" && is(b"href") {
        // A link's target is never text; Readability only asks whether it is an in-page
        // anchor (weighted lower in link density) or a `javascript:` link (unwrapped). Keeping
        // just that saves the tokenizer the URL and Readability resolving it.
        let v = value.trim_ascii();
        return Attr::Replace(if v.len() > 1 && v[0] == b'#' {
            "href=\"#a\""
        } else if v == b"#" {
            "href=\"#\""
        } else if starts(v, b"javascript:") {
            "href=\"javascript:\""
        } else {
            "href=\"http:\""
        });
    }
    if starts(name, b"aria-") {
        return if is(b"aria-hidden") || is(b"aria-modal") { Attr::Keep } else { Attr::Drop };
    }
    let unread = starts(name, b"on")
        || starts(name, b"data-")
        || is(b"srcset")
        || is(b"sizes")
        || is(b"title")
        || is(b"target");
    if unread { Attr::Drop } else { Attr::Keep }
}

/// Copies text between tags; a run of only whitespace (indentation, mostly) shrinks to one
/// character, as it renders, except inside `<pre>`.
fn push_text(out: &mut String, text: &str, stack: &[&str]) {
    if text.len() > 1 && text.bytes().all(|b| b.is_ascii_whitespace()) && !stack.contains(&"pre") {
        out.push(if text.contains('\n') { '\n' } else { ' ' });
    } else {
        out.push_str(text);
    }
}

/// Position of the first `<` (the standard library's substring search is vectorised).
fn memchr_lt(hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == b'<')
}

fn find_byte(hay: &[u8], from: usize, b: u8) -> Option<usize> {
    hay.get(from..)?.iter().position(|&x| x == b).map(|p| from + p)
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let rest = hay.get(from..)?;
    let first = needle[0];
    let mut at = 0;
    while let Some(p) = rest[at..].iter().position(|&b| b == first) {
        let s = at + p;
        if rest[s..].starts_with(needle) {
            return Some(from + s);
        }
        at = s + 1;
    }
    None
}

/// Where the tag whose name ends at `from` ends (one past its `>`), skipping quoted
/// attribute values as the HTML tokenizer does.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let n = bytes.len();
    let mut i = from;
    while i < n {
        match bytes[i] {
            b'>' => return i + 1,
            b'=' => {
                i += 1;
                while i < n && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < n && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let q = bytes[i];
                    match find_byte(bytes, i + 1, q) {
                        Some(e) => i = e + 1,
                        None => return n,
                    }
                }
            }
            _ => i += 1,
        }
    }
    n
}

/// The next `</name` (any case) followed by a tag-name terminator, from `from`: (start of the
/// end tag, one past its `>`).
fn find_end_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<(usize, usize)> {
    let mut at = from;
    while let Some(p) = find(bytes, at, b"</") {
        let s = p + 2;
        let e = s + name.len();
        if e <= bytes.len()
            && bytes[s..e].eq_ignore_ascii_case(name)
            && bytes
                .get(e)
                .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'))
        {
            let end = find_byte(bytes, e, b'>').map_or(bytes.len(), |x| x + 1);
            return Some((p, end));
        }
        at = s;
    }
    None
}

/// Element names that matter for the depth stack, as static strings (no allocation per tag).
fn intern(name: &[u8]) -> Option<&'static str> {
    const NAMES: &[&str] = &[
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "b",
        "blockquote",
        "body",
        "button",
        "caption",
        "center",
        "cite",
        "code",
        "colgroup",
        "dd",
        "del",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "em",
        "fieldset",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "html",
        "i",
        "ins",
        "label",
        "legend",
        "li",
        "main",
        "mark",
        "menu",
        "nav",
        "ol",
        "optgroup",
        "option",
        "p",
        "picture",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "section",
        "select",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "video",
        "audio",
        "br",
    ];
    NAMES.iter().copied().find(|k| k.len() == name.len() && k.as_bytes().eq_ignore_ascii_case(name))
}

/// HTML's implied end tags, approximately: a block start closes an open `<p>`, a list item
/// closes the previous one, a cell or row closes the previous cell or row.
fn implicit_close(stack: &mut Vec<&'static str>, name: &str) {
    let pop_to = |stack: &mut Vec<&'static str>, targets: &[&str], boundaries: &[&str]| {
        for idx in (0..stack.len()).rev().take(32) {
            let open = stack[idx];
            if targets.contains(&open) {
                stack.truncate(idx);
                return;
            }
            if boundaries.contains(&open) {
                return;
            }
        }
    };
    if CLOSES_P.contains(&name) {
        pop_to(
            stack,
            &["p"],
            &["button", "table", "td", "th", "caption", "html", "body", "div", "li"],
        );
    }
    match name {
        "li" => pop_to(stack, &["li"], &["ul", "ol", "menu", "div", "table"]),
        "dd" | "dt" => pop_to(stack, &["dd", "dt"], &["dl", "div", "table"]),
        "option" => pop_to(stack, &["option"], &["select", "optgroup"]),
        "optgroup" => pop_to(stack, &["optgroup", "option"], &["select"]),
        "td" | "th" => pop_to(stack, &["td", "th"], &["tr", "table"]),
        "tr" => pop_to(stack, &["tr"], &["tbody", "thead", "tfoot", "table"]),
        "tbody" | "thead" | "tfoot" => pop_to(stack, &["tbody", "thead", "tfoot"], &["table"]),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_drops_scripts_and_keeps_json_ld_and_title() {
        let s = sanitize(
            "<html><head><title>A <b> title</title><script type=\"application/ld+json\">{\"a\":1}</script>\
             <script>if (a < b) { x = '</div>'; }</script><!-- hidden <p>comment</p> --></head>\
             <body><p class=\"a > b\">Text</p><textarea><p>raw</p></textarea></body></html>",
        );
        assert_eq!(s.json_ld, ["{\"a\":1}"]);
        assert!(s.html.contains("<title>A <b> title</title>"));
        assert!(!s.html.contains("x = "));
        assert!(!s.html.contains("comment"));
        assert!(s.html.contains("<p class=\"a > b\">Text</p>"));
        assert!(s.html.contains("<textarea><p>raw</p></textarea>"));
    }

    #[test]
    fn sanitize_drops_unread_attributes_and_indentation() {
        let s = sanitize(
            "<body>\n    <div class=\"story\" style=\"color: red\" data-track='{\"a\": 1}' onclick=\"go()\" \
             aria-label=\"x\" aria-hidden=\"true\">\n\n  <p style=\"display:none\">a</p> <a href=\"https://x.example/a\" \
             rel=\"author\" title=\"t\">b</a><a href=\"#top\">c</a><img src=\"i.jpg\" data-src=\"j.jpg\">\
             <pre>  x\n  y </pre>   </div></body>",
        );
        assert_eq!(
            s.html,
            "<body>\n<div class=\"story\" aria-hidden=\"true\">\n<p style=\"display:none\">a</p> \
             <a href=\"http:\" rel=\"author\">b</a><a href=\"#a\">c</a><img src=\"i.jpg\" data-src=\"j.jpg\">\
             <pre>  x\n  y </pre> </div>"
        );
    }

    #[test]
    fn sanitize_bounds_depth_but_keeps_text() {
        let html = format!(
            "<body>{}<p>deep words</p>{}</body>",
            "<div>".repeat(1000),
            "</div>".repeat(1000)
        );
        let s = sanitize(&html);
        assert_eq!(s.html.matches("<div>").count(), MAX_DEPTH - 1);
        assert!(s.html.contains("deep words"));
        // Unclosed paragraphs and list items do not count as nesting.
        let html = format!("<body><ul>{}</ul></body>", "<li><p>item".repeat(2000));
        let s = sanitize(&html);
        assert_eq!(s.html.matches("<li>").count(), 2000);
    }
}
