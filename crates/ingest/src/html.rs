//! Main-text and metadata extraction from HTML pages.
//!
//! The pipeline, in order:
//!
//! 1. [`sanitize`] (hand-written, see there for why): one linear pass over the markup that drops
//!    `<script>`, `<style>`, comments and other raw-text elements (keeping JSON-LD blocks
//!    aside for the metadata), flattens nesting deeper than [`MAX_DEPTH`] and bounds the number
//!    of elements and bytes parsed.
//! 2. `dom_query` (html5ever) builds the DOM.
//! 3. Metadata: JSON-LD (`@graph`, arrays), meta tags, `<time>`, `rel=author`, `<html lang>`.
//! 4. `dom_smoothie` (a Readability.js port) picks the article container on the whole page.
//! 5. Inside that container, boilerplate is removed by tag and ARIA role (navigation, figures
//!    and captions, forms, headers, the `<h1>` headline) and by words in class/id attributes
//!    (share bars, related links, comments, cookie banners, bylines...).
//! 6. The text is laid out (blank line between paragraphs, list items on their own lines) and
//!    left-over boilerplate lines ("Photo: ...", "Advertisement", bare time stamps) are dropped.
//!    When the result is very short, the whole page less its boilerplate is tried instead.
//!
//! Measured with `parallax-eval`'s `extract_eval` example (release build, one core): ScrapingHub
//! AEB F1 0.971 (P 0.954, R 0.989), trafilatura-eval F1 0.903, about 2.7 ms per AEB page, of
//! which html5ever's parse takes about 1.1 ms.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use dom_query::{Document, NodeRef};
use serde_json::Value;

/// What a page yields.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// The headline (not the `<title>` with the site name appended, where that can be told).
    pub title: Option<String>,
    /// The author line.
    pub byline: Option<String>,
    /// The publication time, from meta tags, JSON-LD or `<time>`.
    pub published: Option<DateTime<Utc>>,
    /// The canonical URL (`<link rel=canonical>`, `og:url`), resolved against the page URL.
    pub canonical_url: Option<String>,
    /// The declared language (`<html lang>`, `og:locale`, `content-language`).
    pub language: Option<String>,
    /// The site's name (`og:site_name`, JSON-LD publisher).
    pub site_name: Option<String>,
    /// The main text: paragraphs separated by blank lines, boilerplate removed.
    pub text: String,
}

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

/// When the article text is shorter than this (bytes), the whole page less its boilerplate
/// is tried too and the longer text kept: Readability finds nothing on pages whose text is
/// spread over many small blocks (recipes, product pages, short news items).
const FALLBACK_BELOW: usize = 250;

/// JSON-LD blocks larger than this are not parsed.
const MAX_JSON_LD_BYTES: usize = 1 << 20;

/// Extracts the main text and metadata from `html`, fetched from `url` if known.
pub fn extract(html: &str, url: Option<&str>) -> Page {
    let clean = sanitize(html);
    let doc = Document::from(clean.html.as_str());
    let mut page = metadata(&doc, &clean.json_ld, url);
    page.text = main_text(doc, url);
    if page.text.len() < FALLBACK_BELOW {
        let alt = baseline_text(&clean.html);
        if alt.len() > page.text.len() {
            page.text = alt;
        }
    }
    page
}

// ---------------------------------------------------------------------------------------------
// 1. Sanitizing pass
// ---------------------------------------------------------------------------------------------

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
            out.push_str(&input[text_start..lt]);
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
            out.push_str(&input[text_start..lt]);
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
        out.push_str(&input[text_start..lt]);
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
            out.push_str(&input[lt..tag_end]);
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
        out.push_str(&input[lt..tag_end]);
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

// ---------------------------------------------------------------------------------------------
// 3. Metadata
// ---------------------------------------------------------------------------------------------

/// What the JSON-LD blocks say about the article.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    authors: Vec<String>,
    published: Option<String>,
    publisher: Option<String>,
    language: Option<String>,
}

/// schema.org types whose headline/author/date describe the page's article.
const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "liveblogposting",
    "report",
    "scholarlyarticle",
    "techarticle",
    "socialmediaposting",
    "posting",
    "review",
    "creativework",
    "medicalwebpage",
    "advertisercontentarticle",
    "satiricalarticle",
];

fn parse_json_ld(blocks: &[String]) -> JsonLd {
    let mut out = JsonLd::default();
    let mut webpage = JsonLd::default();
    for block in blocks {
        // Some sites wrap the JSON in a CDATA section or an HTML comment.
        let block = block.trim();
        let block =
            block.strip_prefix("<![CDATA[").and_then(|b| b.strip_suffix("]]>")).unwrap_or(block);
        let block = block.strip_prefix("<!--").and_then(|b| b.strip_suffix("-->")).unwrap_or(block);
        let block = block.trim().trim_start_matches("//").trim();
        let value: Value = match serde_json::from_str(block) {
            Ok(v) => v,
            // Raw control characters inside strings are the usual JSON-LD error.
            Err(_) => match serde_json::from_str(&block.replace(|c: char| c.is_control(), " ")) {
                Ok(v) => v,
                Err(_) => continue,
            },
        };
        let mut todo = vec![&value];
        let mut seen = 0;
        while let Some(v) = todo.pop() {
            seen += 1;
            if seen > 10_000 {
                break;
            }
            match v {
                Value::Array(items) => todo.extend(items.iter().rev()),
                Value::Object(map) => {
                    if let Some(graph) = map.get("@graph") {
                        todo.push(graph);
                    }
                    let types = type_names(map.get("@type"));
                    let is_article = types.iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()));
                    let is_page = types.iter().any(|t| t.ends_with("webpage"));
                    let target = if is_article {
                        &mut out
                    } else if is_page {
                        &mut webpage
                    } else {
                        if let Some(main) = map.get("mainEntity") {
                            todo.push(main);
                        }
                        continue;
                    };
                    fill_json_ld(target, map);
                }
                _ => {}
            }
        }
    }
    // A WebPage node only fills what no article node said; its name is often the site's, so
    // it is never taken as the headline.
    if out.authors.is_empty() {
        out.authors = webpage.authors;
    }
    out.published = out.published.or(webpage.published);
    out.publisher = out.publisher.or(webpage.publisher);
    out.language = out.language.or(webpage.language);
    out
}

fn type_names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => {
            a.iter().filter_map(|t| t.as_str()).map(str::to_ascii_lowercase).collect()
        }
        _ => Vec::new(),
    }
}

fn fill_json_ld(target: &mut JsonLd, map: &serde_json::Map<String, Value>) {
    let text = |key: &str| -> Option<String> {
        match map.get(key)? {
            Value::String(s) => Some(clean_space(s)).filter(|s| !s.is_empty()),
            Value::Array(a) => a.iter().find_map(|x| x.as_str()).map(clean_space),
            _ => None,
        }
    };
    if target.headline.is_none() {
        target.headline = text("headline").or_else(|| text("name"));
    }
    if target.published.is_none() {
        target.published = text("datePublished").or_else(|| text("dateCreated"));
    }
    if target.language.is_none() {
        target.language = text("inLanguage");
    }
    if target.authors.is_empty() {
        let mut authors = Vec::new();
        for key in ["author", "creator"] {
            collect_names(map.get(key), &mut authors, 0);
            if !authors.is_empty() {
                break;
            }
        }
        target.authors = authors;
    }
    if target.publisher.is_none() {
        let mut names = Vec::new();
        collect_names(map.get("publisher"), &mut names, 0);
        target.publisher = names.into_iter().next();
    }
}

/// Person or organisation names: a string, an object with `name`, or an array of these.
fn collect_names(v: Option<&Value>, out: &mut Vec<String>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Some(Value::String(s)) => {
            let s = clean_space(s);
            if !s.is_empty() && !s.starts_with("http") && !out.contains(&s) {
                out.push(s);
            }
        }
        Some(Value::Object(o)) => collect_names(o.get("name"), out, depth + 1),
        Some(Value::Array(a)) => {
            for x in a {
                collect_names(Some(x), out, depth + 1);
            }
        }
        _ => {}
    }
}

fn clean_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `<meta>` values by lower-cased `property`, `name`, `itemprop` or `http-equiv` (first wins).
fn meta_map(doc: &Document) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for node in doc.select("meta").nodes() {
        let Some(content) = node.attr("content") else { continue };
        let content = clean_space(&content);
        if content.is_empty() {
            continue;
        }
        for key in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(k) = node.attr(key) {
                // `property` may hold several space-separated names.
                for k in k.split_whitespace() {
                    map.entry(k.to_ascii_lowercase()).or_insert_with(|| content.clone());
                }
            }
        }
    }
    map
}

fn metadata(doc: &Document, json_ld: &[String], url: Option<&str>) -> Page {
    let meta = meta_map(doc);
    let ld = parse_json_ld(json_ld);
    let get = |keys: &[&str]| keys.iter().find_map(|k| meta.get(*k).cloned());

    let site_name = get(&["og:site_name", "application-name", "al:android:app_name"])
        .or_else(|| ld.publisher.clone());

    let h1 =
        doc.select("h1").nodes().iter().map(|n| clean_space(&n.text())).find(|t| !t.is_empty());
    let html_title = doc.select("head title").nodes().first().map(|n| clean_space(&n.text()));
    // The <title> comes before the first <h1>, which on many sites is the logo or a section
    // name; `clean_title` still prefers the <h1> when the title starts or ends with it.
    let title = ld
        .headline
        .clone()
        .or_else(|| {
            get(&["og:title", "twitter:title", "dc.title", "parsely-title", "sailthru.title"])
        })
        .or(html_title)
        .or_else(|| h1.clone())
        .map(|t| clean_title(&t, site_name.as_deref(), h1.as_deref()))
        .filter(|t| !t.is_empty());

    let byline = byline(doc, &meta, &ld);
    let published = published(doc, &meta, &ld, url);

    let canonical_url = doc
        .select("link[rel]")
        .nodes()
        .iter()
        .find(|n| {
            n.attr("rel")
                .is_some_and(|r| r.split_whitespace().any(|w| w.eq_ignore_ascii_case("canonical")))
        })
        .and_then(|n| n.attr("href"))
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| get(&["og:url"]))
        .and_then(|h| parallax_analyse::urls::resolve(url, &h))
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));

    let language = doc
        .select("html")
        .nodes()
        .first()
        .and_then(|n| n.attr("lang").or_else(|| n.attr("xml:lang")))
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .or_else(|| get(&["og:locale", "content-language", "dc.language", "language"]))
        .or(ld.language)
        .map(|l| l.split([',', ';']).next().unwrap_or("").trim().replace('_', "-"))
        .filter(|l| !l.is_empty() && l.len() <= 20);

    Page { title, byline, published, canonical_url, language, site_name, text: String::new() }
}

/// Separators between a headline and the site's name in `<title>` and `og:title`.
const TITLE_SEPARATORS: &[&str] =
    &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " « ", " / ", " ~ "];

/// Removes a site-name prefix or suffix (" | The Daily Planet") from a title.
fn clean_title(raw: &str, site: Option<&str>, h1: Option<&str>) -> String {
    let title = clean_space(raw);
    let norm =
        |s: &str| s.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect::<String>();
    // The h1 is the headline itself when the title starts or ends with it.
    if let Some(h1) = h1 {
        let (t, h) = (norm(&title), norm(h1));
        if h.len() >= 10 && t != h && (t.starts_with(&h) || t.ends_with(&h)) && words(h1) >= 3 {
            return clean_space(h1);
        }
    }
    let site_norm = site.map(norm).filter(|s| !s.is_empty());
    for sep in TITLE_SEPARATORS {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let tail_is_site = site_norm.as_ref().is_some_and(|s| {
                let t = norm(tail);
                !t.is_empty() && (s.contains(&t) || t.contains(s.as_str()))
            });
            if tail_is_site || (words(tail) <= 4 && words(head) >= 3 && head.len() > tail.len()) {
                return clean_title(head, site, None);
            }
        }
        if let Some(pos) = title.find(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let head_is_site = site_norm.as_ref().is_some_and(|s| {
                let h = norm(head);
                !h.is_empty() && (s.contains(&h) || h.contains(s.as_str()))
            });
            if head_is_site && words(tail) >= 2 {
                return clean_title(tail, site, None);
            }
        }
    }
    title
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn byline(doc: &Document, meta: &HashMap<String, String>, ld: &JsonLd) -> Option<String> {
    let from_meta = [
        "author",
        "article:author",
        "parsely-author",
        "dc.creator",
        "sailthru.author",
        "byl",
        "dcterms.creator",
    ]
    .iter()
    .filter_map(|k| meta.get(*k))
    .map(|v| v.trim_start_matches("By ").trim_start_matches("by ").to_string())
    .find(|v| !v.starts_with("http") && !v.is_empty() && v.len() < 200);
    if !ld.authors.is_empty() {
        return Some(ld.authors.join(", "));
    }
    if from_meta.is_some() {
        return from_meta;
    }
    for sel in [
        "[rel=author]",
        "[itemprop=author] [itemprop=name]",
        "[itemprop=author]",
        ".byline",
        ".author",
        "[class*=byline]",
    ] {
        for node in doc.select(sel).nodes() {
            let text = clean_space(&node.text());
            let text = strip_by(&text);
            if !text.is_empty() && text.len() < 120 && words(&text) <= 12 {
                return Some(text);
            }
        }
    }
    None
}

fn strip_by(s: &str) -> String {
    let t = s.trim();
    for p in ["By ", "by ", "BY ", "Von ", "von ", "Par ", "par ", "Por ", "por "] {
        if let Some(r) = t.strip_prefix(p) {
            return r.trim().to_string();
        }
    }
    t.to_string()
}

/// Meta names that carry the publication date, best first.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "published_time",
    "article.published",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date_published",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "original-publish-date",
    "article:published",
    "date",
    "pdate",
    "displaydate",
    "release_date",
    "article_date_original",
    "cxenseparse:recs:publishtime",
];

fn published(
    doc: &Document,
    meta: &HashMap<String, String>,
    ld: &JsonLd,
    url: Option<&str>,
) -> Option<DateTime<Utc>> {
    if let Some(d) = ld.published.as_deref().and_then(parse_page_date) {
        return Some(d);
    }
    if let Some(d) = meta.get("article:published_time").and_then(|v| parse_page_date(v)) {
        return Some(d);
    }
    for sel in
        ["article time[datetime]", "[itemprop=datePublished]", "time[pubdate]", "time[datetime]"]
    {
        for node in doc.select(sel).nodes() {
            let v = node
                .attr("datetime")
                .or_else(|| node.attr("content"))
                .map(|v| v.to_string())
                .unwrap_or_else(|| node.text().to_string());
            if let Some(d) = parse_page_date(&v) {
                return Some(d);
            }
        }
        // <time> elements outside an article may be anything (a clock, a comment's date).
        if sel == "[itemprop=datePublished]" && doc.select("article").exists() {
            break;
        }
    }
    for key in DATE_META {
        if let Some(d) = meta.get(*key).and_then(|v| parse_page_date(v)) {
            return Some(d);
        }
    }
    url.and_then(date_in_url)
}

/// Parses a date from page metadata into UTC: the crate's [`crate::parse_date`] (RFC 3339,
/// RFC 2822, ISO dates and times with or without zone, "May 1, 2022"), then forms seen in
/// pages' meta tags that it does not take ("2019-11-19 14:05:00 -0500", "2019/11/19",
/// a date followed by other text). Years outside 1900..=2200 are refused (placeholders such
/// as "0001-01-01").
fn parse_page_date(raw: &str) -> Option<DateTime<Utc>> {
    let s = raw.trim();
    if s.len() < 8 || s.len() > 64 {
        return None;
    }
    let ok = |d: DateTime<Utc>| (1900..=2200).contains(&d.year()).then_some(d);
    if let Some(d) = crate::parse_date(s) {
        return ok(d);
    }
    let s = s.replace('/', "-");
    for fmt in ["%Y-%m-%d %H:%M:%S%.f %z", "%Y-%m-%d %H:%M %z"] {
        if let Ok(d) = DateTime::parse_from_str(&s, fmt) {
            return ok(d.with_timezone(&Utc));
        }
    }
    if let Some(d) = crate::parse_date(&s) {
        return ok(d);
    }
    // A date followed by something that is not a time we know ("2019-11-19, 14h05").
    let head = s.get(..10)?;
    let d = NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()?;
    ok(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?))
}

/// `/2022/05/01/` or `/2022-05-01` in a URL's path, as midnight UTC.
fn date_in_url(url: &str) -> Option<DateTime<Utc>> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let parts: Vec<&str> = path.split('/').collect();
    let midnight = |d: NaiveDate| Some(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?));
    for w in parts.windows(3) {
        let day = w[2].get(..2).unwrap_or(w[2]);
        if w[0].len() == 4
            && (1..=2).contains(&w[1].len())
            && let (Ok(y), Ok(m), Ok(d)) = (w[0].parse::<i32>(), w[1].parse(), day.parse())
            && (1990..=2100).contains(&y)
            && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
        {
            return midnight(date);
        }
    }
    for part in parts {
        if let Some(head) = part.get(..10)
            && let Ok(d) = NaiveDate::parse_from_str(head, "%Y-%m-%d")
            && (1990..=2100).contains(&d.year())
        {
            return midnight(d);
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// 4.-6. Main text
// ---------------------------------------------------------------------------------------------

/// Tags that are never main text.
const BOILERPLATE_TAGS: &str = "nav, footer, aside, form, button, select, figure, figcaption, \
    dialog, menu, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], \
    [role=dialog], [role=alertdialog], [hidden], [aria-hidden=true], header, h1";

/// Words in class or id attributes that mark boilerplate containers.
const BOILERPLATE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "sharebar",
    "related",
    "newsletter",
    "promo",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adv",
    "advertising",
    "sponsored",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "comments",
    "comment",
    "disqus",
    "subscribe",
    "subscription",
    "breadcrumb",
    "breadcrumbs",
    "caption",
    "credit",
    "credits",
    "gallery",
    "slideshow",
    "recommended",
    "recommendations",
    "popular",
    "trending",
    "outbrain",
    "taboola",
    "sidebar",
    "footer",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "modal",
    "popup",
    "toolbar",
    "tags",
    "byline",
    "author",
    "dateline",
    "timestamp",
    "widget",
    "banner",
    "signup",
    "paywall",
    "print",
    "skip",
    "masthead",
    "more",
    "readmore",
    "teaser",
    "teasers",
    "tooltip",
    "hidden",
    "visually",
    "sr",
    "screen",
    "offscreen",
    "lightbox",
    "carousel",
    "newsletters",
    "follow",
    "rail",
    "topics",
];

fn class_words(node: &NodeRef) -> impl Iterator<Item = String> {
    let mut s = String::new();
    if let Some(c) = node.attr("class") {
        s.push_str(&c);
    }
    s.push(' ');
    if let Some(c) = node.attr("id") {
        s.push_str(&c);
    }
    s.to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect::<Vec<_>>()
        .into_iter()
}

fn is_boilerplate_container(node: &NodeRef) -> bool {
    if matches!(node.node_name().as_deref(), Some("html" | "body" | "article" | "main")) {
        return false;
    }
    class_words(node).any(|w| BOILERPLATE_WORDS.contains(&w.as_str()))
}

/// The article's text: `dom_smoothie` picks the container on the untouched page (removing
/// boilerplate first was measured to cost recall: its scoring uses the surroundings), then
/// boilerplate inside the picked container is removed and the text laid out.
fn main_text(doc: Document, url: Option<&str>) -> String {
    remove_overlays(&doc);
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Raw,
        // Classes are needed afterwards to find share bars, captions etc. in the content.
        keep_classes: true,
        ..Default::default()
    };
    let doc_url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let content = match dom_smoothie::Readability::with_document(doc, doc_url, Some(cfg)) {
        Ok(mut r) => r.parse().map(|a| a.content.to_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    let frag = Document::fragment(content.as_str());
    frag.select(BOILERPLATE_TAGS).remove();
    remove_boilerplate_containers(&frag);
    post_filter(&frag.formatted_text())
}

/// The text of the whole page less the boilerplate, for pages where the article container
/// could not be found (or held almost nothing).
fn baseline_text(html: &str) -> String {
    let doc = Document::from(html);
    doc.select(BOILERPLATE_TAGS).remove();
    remove_boilerplate_containers(&doc);
    let body = doc.select("body");
    post_filter(&body.formatted_text())
}

/// Class/id words of overlays that are never part of an article (consent banners, sign-up
/// boxes). Unlike the wider [`BOILERPLATE_WORDS`] they are removed before the container is
/// picked: on short pages the picked container is often the whole body, and the container
/// pass cannot see them any more once Readability has rewritten their `<div>` into `<p>`.
const OVERLAY_WORDS: &[&str] =
    &["cookie", "cookies", "consent", "gdpr", "newsletter", "signup", "paywall", "modal", "popup"];

fn remove_overlays(doc: &Document) {
    let total = doc.root().text().len().max(1);
    let overlays: Vec<NodeRef> = doc
        .select("div, section, aside, p, form, dialog")
        .nodes()
        .iter()
        .filter(|n| class_words(n).any(|w| OVERLAY_WORDS.contains(&w.as_str())))
        .cloned()
        .collect();
    for node in overlays {
        if node.text().len() * 4 < total {
            node.remove_from_parent();
        }
    }
}

/// Removes elements whose class or id names them as boilerplate ([`BOILERPLATE_WORDS`]),
/// unless one holds half of the text or more (then the word was a wrapper's accident).
fn remove_boilerplate_containers(doc: &Document) {
    let total = doc.root().text().len().max(1);
    let candidates: Vec<NodeRef> = doc
        .select(
            "div, section, span, ul, ol, p, table, li, a, small, aside, header, dl, figure, footer",
        )
        .nodes()
        .iter()
        .filter(|n| is_boilerplate_container(n))
        .cloned()
        .collect();
    for node in candidates {
        let len = node.text().len();
        if len * 2 < total {
            node.remove_from_parent();
        }
    }
}

/// Lines that are boilerplate whatever their container: credits, ad labels, share prompts.
fn is_boilerplate_line(line: &str) -> bool {
    let l = line.trim();
    let lower = l.to_lowercase();
    let w = words(l);
    if w <= 6 {
        const EXACT: &[&str] = &[
            "advertisement",
            "advertising",
            "ad",
            "sponsored",
            "caption",
            "close",
            "share",
            "share this",
            "share this article",
            "read more",
            "related",
            "related articles",
            "related stories",
            "more",
            "comments",
            "continue reading",
            "story continues below",
            "story continues below advertisement",
            "skip advertisement",
            "subscribe",
            "sign up",
            "loading",
            "loading...",
            "image",
            "photo",
            "video",
            "play video",
            "click to expand",
            "print",
            "email",
            "facebook",
            "twitter",
            "whatsapp",
            "linkedin",
            "pinterest",
            "reddit",
            "copy link",
            "back to top",
            "newsletter",
            // German, French, Spanish, Italian, Portuguese equivalents.
            "anzeige",
            "werbung",
            "impressum",
            "datenschutz",
            "teilen",
            "drucken",
            "weiterlesen",
            "mehr zum thema",
            "kommentare",
            "kommentar schreiben",
            "kommentare schreiben",
            "über den autor",
            "externer inhalt",
            "bild anzeigen",
            "nach oben",
            "zurück",
            "publicité",
            "partager",
            "lire aussi",
            "à lire aussi",
            "voir aussi",
            "publicidad",
            "compartir",
            "leer más",
            "pubblicità",
            "condividi",
            "leia também",
            "compartilhe",
        ];
        if EXACT.contains(&lower.trim_end_matches([':', '.']).trim()) {
            return true;
        }
        let prefixes = [
            "photo:",
            "image:",
            "credit:",
            "photograph:",
            "image source",
            "image caption",
            "picture:",
            "(photo",
            "getty images",
            "image copyright",
            "media caption",
        ];
        if prefixes.iter().any(|p| lower.starts_with(p)) {
            return true;
        }
        if lower.starts_with("image ") && lower.contains(" of ") {
            return true;
        }
        if is_bare_date_or_time(&lower) {
            return true;
        }
    }
    false
}

/// A line that is only a date or a time stamp ("31. Mai", "3:59 PM", "19.11.2019 14:05"),
/// as left over from datelines and comment headers.
fn is_bare_date_or_time(lower: &str) -> bool {
    const MONTHS: &[&str] = &[
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        "januar", "februar", "märz", "mai", "juni", "juli", "okt", "dez", "janvier", "février",
        "mars", "avril", "juin", "juillet", "août", "enero", "febrero", "marzo", "abril", "mayo",
        "junio", "julio", "agosto",
    ];
    let mut digits = false;
    for word in
        lower.split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '/' | ':' | '-' | '|'))
    {
        if word.is_empty() {
            continue;
        }
        if word.chars().all(|c| c.is_ascii_digit()) {
            digits = true;
        } else if !(MONTHS.iter().any(|m| word.starts_with(m) && word.len() <= 9)
            || matches!(word, "am" | "pm" | "uhr" | "h" | "updated" | "published"))
        {
            return false;
        }
    }
    digits
}

fn post_filter(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for para in text.split("\n\n") {
        let kept: Vec<&str> = para
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !is_boilerplate_line(l))
            .collect();
        if kept.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&kept.join("\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A news page with every kind of boilerplate around a five-paragraph article.
    fn news_page(head: &str, article_head: &str) -> String {
        format!(
            r##"<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">{head}
<style>.story p {{ color: #222 }} body::after {{ content: "STYLE LEAK" }}</style>
<script>var tracker = "SCRIPT LEAK"; document.write("<p>script paragraph</p>");</script>
</head><body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience. Accept all cookies?</div>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article class="story">{article_head}
<div class="share-tools"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
<p>The harbour authority of Port Wellin voted on Tuesday to rebuild the northern breakwater,
which storms in January left with a breach forty metres wide. Fishing crews have since had
to moor in the neighbouring town, an hour further along the coast.</p>
<figure><img src="/img/breakwater.jpg"><figcaption>The breached breakwater in February. Photo: Harbour Office</figcaption></figure>
<p>Repairs are expected to cost 12 million euros, two thirds of which the regional government
has promised to pay. The rest will come from mooring fees, which rise by a tenth next spring,
the authority's chair, Ilse Maartens, told reporters after the vote.</p>
<h2>Work to start in June</h2>
<p>Contractors will begin in June, once the spawning season ends, and the harbour should be
fully usable again before the autumn storms. Until then, boats longer than twelve metres must
keep using the temporary pontoon at the southern quay.</p>
<ul><li>Phase one: clearing the rubble</li><li>Phase two: new concrete caissons</li></ul>
<p>Local fishers welcomed the decision but asked for compensation for the months of extra fuel.
"Every trip costs us forty litres more," said Pieter Vos, who has fished from Port Wellin for
thirty years. The authority said it would consider the request at its next meeting.</p>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Storm damage in pictures</a></li>
<li><a href="/b">Ferry timetable changes</a></li></ul></aside>
</article>
<section id="comments" class="comments"><h3>Comments</h3><p>First! This is a reader comment that should never be in the text.</p></section>
</main>
<footer class="site-footer"><p>© 2024 The Coastal Courier. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"##
        )
    }

    #[test]
    fn main_text_without_boilerplate() {
        let html = news_page(
            "<title>Harbour to rebuild breakwater | The Coastal Courier</title>",
            "<h1>Harbour to rebuild breakwater</h1>",
        );
        let page = extract(&html, Some("https://courier.example/news/breakwater"));
        let text = &page.text;
        assert!(text.starts_with("The harbour authority of Port Wellin voted"), "{text}");
        assert!(text.contains("Repairs are expected to cost 12 million euros"));
        assert!(text.contains("at its next meeting."));
        for leak in [
            "cookies",
            "Home",
            "Share on",
            "Related stories",
            "Storm damage",
            "reader comment",
            "All rights reserved",
            "Photo: Harbour Office",
            "SCRIPT LEAK",
            "script paragraph",
            "STYLE LEAK",
            "color:",
        ] {
            assert!(!text.contains(leak), "{leak:?} in {text}");
        }
        // Paragraphs are separated by one blank line, the heading is its own paragraph and
        // list items are on their own lines.
        let paragraphs: Vec<&str> = text.split("\n\n").collect();
        assert!(paragraphs.contains(&"Work to start in June"), "{paragraphs:?}");
        assert!(
            paragraphs.iter().any(|p| p.starts_with("Repairs are expected") && !p.contains('\n'))
        );
        assert!(
            text.contains("Phase one: clearing the rubble\nPhase two: new concrete caissons"),
            "{text}"
        );
        assert!(!text.contains("\n\n\n"));
        assert_eq!(page.title.as_deref(), Some("Harbour to rebuild breakwater"));
        assert_eq!(page.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn metadata_from_meta_tags() {
        let head = r#"<title>Harbour to rebuild breakwater | The Coastal Courier</title>
            <meta property="og:title" content="Harbour to rebuild breakwater | The Coastal Courier">
            <meta property="og:site_name" content="The Coastal Courier">
            <meta name="author" content="Anna de Vries">
            <meta property="article:modified_time" content="2024-03-09T08:00:00Z">
            <meta property="article:published_time" content="2024-03-05T18:30:00+01:00">
            <link rel="canonical" href="/news/2024/breakwater?ref=home">"#;
        let html = news_page(head, "");
        let page = extract(&html, Some("https://courier.example/amp/breakwater"));
        assert_eq!(page.title.as_deref(), Some("Harbour to rebuild breakwater"));
        assert_eq!(page.site_name.as_deref(), Some("The Coastal Courier"));
        assert_eq!(page.byline.as_deref(), Some("Anna de Vries"));
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-03-05T17:30:00+00:00")
        );
        assert_eq!(
            page.canonical_url.as_deref(),
            Some("https://courier.example/news/2024/breakwater?ref=home")
        );
    }

    #[test]
    fn metadata_from_json_ld_graph_and_arrays() {
        let head = r#"<title>Breakwater vote - Coastal Courier</title>
            <script type="application/ld+json">[{"@context":"https://schema.org","@type":"Organization","name":"Coastal Courier Ltd"}]</script>
            <script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[
              {"@type":"WebPage","name":"Coastal Courier","datePublished":"2001-01-01"},
              {"@type":["NewsArticle"],"headline":"Harbour votes to rebuild its breakwater",
               "author":[{"@type":"Person","name":"Anna de Vries"},{"@type":"Person","name":"Tom Okafor"}],
               "dateModified":"2024-03-09T08:00:00Z","datePublished":"2024-03-05T17:30:00Z",
               "publisher":{"@type":"Organization","name":"The Coastal Courier"},"inLanguage":"nl"}]}
            </script>"#;
        let html = news_page(head, "").replace(r#"<html lang="en-GB">"#, "<html>");
        let page = extract(&html, None);
        assert_eq!(page.title.as_deref(), Some("Harbour votes to rebuild its breakwater"));
        assert_eq!(page.byline.as_deref(), Some("Anna de Vries, Tom Okafor"));
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-03-05T17:30:00+00:00")
        );
        assert_eq!(page.site_name.as_deref(), Some("The Coastal Courier"));
        assert_eq!(page.language.as_deref(), Some("nl"));
        assert_eq!(page.canonical_url, None);
    }

    #[test]
    fn json_ld_in_cdata_and_single_author_string() {
        let blocks = vec![
            "<![CDATA[ {\"@type\":\"BlogPosting\",\"headline\":\"Quay lights\",\"author\":\"Mira Sol\"} ]]>".to_string(),
        ];
        let ld = parse_json_ld(&blocks);
        assert_eq!(ld.headline.as_deref(), Some("Quay lights"));
        assert_eq!(ld.authors, ["Mira Sol"]);
        // Broken JSON is skipped, not fatal.
        assert!(parse_json_ld(&["{\"@type\": \"NewsArticle\", ".to_string()]).headline.is_none());
    }

    #[test]
    fn date_from_time_element_itemprop_and_meta_names() {
        let html = news_page(
            "<title>Harbour vote</title>",
            r#"<p class="meta">By <a rel="author" href="/staff/anna">Anna de Vries</a>, <time datetime="2024-03-05T18:30:00+01:00">5 March</time></p>"#,
        );
        let page = extract(&html, None);
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-03-05T17:30:00+00:00")
        );
        assert_eq!(page.byline.as_deref(), Some("Anna de Vries"));

        let html = news_page(r#"<meta itemprop="datePublished" content="2022-05-01">"#, "");
        let page = extract(&html, None);
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2022-05-01T00:00:00+00:00")
        );

        let html = news_page(r#"<meta name="parsely-pub-date" content="2022-05-01 14:05:00">"#, "");
        let page = extract(&html, None);
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2022-05-01T14:05:00+00:00")
        );

        let html =
            news_page(r#"<meta name="sailthru.date" content="2022-05-01 14:05:00 -0500">"#, "");
        let page = extract(&html, None);
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2022-05-01T19:05:00+00:00")
        );

        let html =
            news_page(r#"<meta name="dc.date" content="Sun, 01 May 2022 14:05:00 GMT">"#, "");
        let page = extract(&html, None);
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2022-05-01T14:05:00+00:00")
        );
    }

    #[test]
    fn date_from_url_only_as_last_resort() {
        let html = news_page("<title>Harbour vote</title>", "");
        let page = extract(&html, Some("https://courier.example/2022/05/01/harbour-vote/"));
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2022-05-01T00:00:00+00:00")
        );
        let html = news_page(
            r#"<meta property="article:published_time" content="2022-04-30T22:00:00Z">"#,
            "",
        );
        let page = extract(&html, Some("https://courier.example/2022/05/01/harbour-vote/"));
        assert_eq!(
            page.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2022-04-30T22:00:00+00:00")
        );
        assert_eq!(date_in_url("https://x.example/2022/13/45/a"), None);
        assert_eq!(
            date_in_url("https://x.example/news/2022-05-01-harbour")
                .map(|d| d.to_rfc3339())
                .as_deref(),
            Some("2022-05-01T00:00:00+00:00")
        );
    }

    #[test]
    fn modified_date_is_not_the_published_date() {
        let html = news_page(
            r#"<meta property="article:modified_time" content="2024-03-09T08:00:00Z">"#,
            "",
        );
        let page = extract(&html, None);
        assert_eq!(page.published, None);
    }

    #[test]
    fn title_suffixes_removed() {
        assert_eq!(
            clean_title(
                "Harbour to rebuild breakwater | The Coastal Courier",
                Some("The Coastal Courier"),
                None
            ),
            "Harbour to rebuild breakwater"
        );
        assert_eq!(
            clean_title(
                "Coastal Courier - Harbour to rebuild breakwater",
                Some("Coastal Courier"),
                None
            ),
            "Harbour to rebuild breakwater"
        );
        assert_eq!(
            clean_title("Harbour to rebuild its northern breakwater – Courier", None, None),
            "Harbour to rebuild its northern breakwater"
        );
        // A dash inside the headline stays when the rest is long.
        assert_eq!(
            clean_title("Port Wellin - a town that lives from the sea and its harbour", None, None),
            "Port Wellin - a town that lives from the sea and its harbour"
        );
        assert_eq!(
            clean_title(
                "Harbour to rebuild breakwater, says council · Courier News",
                None,
                Some("Harbour to rebuild breakwater, says council")
            ),
            "Harbour to rebuild breakwater, says council"
        );
    }

    #[test]
    fn canonical_og_url_and_locale() {
        let html = r#"<html><head><meta property="og:url" content="https://courier.example/b">
            <meta property="og:locale" content="de_DE"></head><body><p>Kurz.</p></body></html>"#;
        let page = extract(html, Some("https://m.courier.example/b"));
        assert_eq!(page.canonical_url.as_deref(), Some("https://courier.example/b"));
        assert_eq!(page.language.as_deref(), Some("de-DE"));
        let html =
            r#"<html><head><link rel="canonical" href="../story"></head><body></body></html>"#;
        let page = extract(html, Some("https://courier.example/news/a/b"));
        assert_eq!(page.canonical_url.as_deref(), Some("https://courier.example/news/story"));
        let page = extract(html, None);
        assert_eq!(page.canonical_url, None);
    }

    #[test]
    fn short_pages_fall_back_to_the_whole_page() {
        let html = "<html><body><nav><a href='/'>Home</a></nav><div><p>The ferry to Oost leaves at nine.</p></div></body></html>";
        let page = extract(html, None);
        assert_eq!(page.text, "The ferry to Oost leaves at nine.");
    }

    #[test]
    fn sanitize_drops_scripts_and_keeps_json_ld_and_title() {
        let s = sanitize(
            "<html><head><title>A <b> title</title><script type=\"application/ld+json\">{\"a\":1}</script>\
             <script>if (a < b) { x = '</div>'; }</script><!-- hidden <p>comment</p> --></head>\
             <body><p title=\"a > b\">Text</p><textarea><p>raw</p></textarea></body></html>",
        );
        assert_eq!(s.json_ld, ["{\"a\":1}"]);
        assert!(s.html.contains("<title>A <b> title</title>"));
        assert!(!s.html.contains("x = "));
        assert!(!s.html.contains("comment"));
        assert!(s.html.contains("<p title=\"a > b\">Text</p>"));
        assert!(s.html.contains("<textarea><p>raw</p></textarea>"));
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

    #[test]
    fn hostile_inputs_do_not_panic() {
        assert_eq!(extract("", None), Page::default());
        let page = extract("just words, no markup at all & < > \u{0}", Some("not a url"));
        assert!(page.text.is_empty() || page.text.contains("just words"));
        let _ = extract("<<<>>><!--<!DOCTYPE<?x<a href='", None);
        let _ = extract("<html><head><meta charset=", None);
        let _ = extract("\u{FEFF}<p>\u{FFFD}\u{FFFD}</p><svg><svg><p>", None);
        // An unclosed script swallows the rest of the page, and never reaches the text.
        let page = extract(
            "<body><p>Before the script there is a sentence.</p><script>var a = '<p>secret</p>'",
            None,
        );
        assert!(!page.text.contains("secret"));
        assert!(!page.text.contains("var a"));
    }

    #[test]
    fn deeply_nested_divs() {
        let html = format!(
            "<html><body>{}<p>Still readable after all that nesting, and long enough to count as text.</p>{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        let start = std::time::Instant::now();
        let page = extract(&html, None);
        assert!(page.text.contains("Still readable after all that nesting"), "{}", page.text);
        assert!(start.elapsed().as_secs() < 20);
        let html = "<div><span>".repeat(50_000);
        let _ = extract(&html, None);
    }

    #[test]
    fn five_megabytes_in_one_paragraph() {
        let body = "tide ".repeat(1_000_000);
        let html = format!("<html><body><p>{body}</p></body></html>");
        let page = extract(&html, None);
        assert!(
            page.text.len() >= 4_999_000 && page.text.len() <= 5_000_000,
            "{}",
            page.text.len()
        );
        assert!(page.text.starts_with("tide tide"));
    }

    #[test]
    fn boilerplate_lines() {
        assert!(is_boilerplate_line("Advertisement"));
        assert!(is_boilerplate_line("Photo: Harbour Office"));
        assert!(is_boilerplate_line("Image 1 of 8"));
        assert!(!is_boilerplate_line("Photographers gathered at the quay before dawn."));
        assert_eq!(
            post_filter("One.\n\nADVERTISEMENT\n\nTwo.\nShare\nThree."),
            "One.\n\nTwo.\nThree."
        );
    }
}
