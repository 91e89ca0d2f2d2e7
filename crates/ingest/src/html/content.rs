//! The main text: `dom_smoothie` (a Readability.js port) picks the article container, then
//! boilerplate left inside it (share bars, captions, related links, ad labels) is removed by
//! tag, by class/id words and line by line. Readability alone keeps too much of that on news
//! pages, and a line filter alone cannot tell a caption from a paragraph.

use dom_query::{Document, NodeRef};

use super::words;

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

/// Whether a word of the node's `class` or `id` (split at anything but ASCII letters and
/// digits, compared case-insensitively) is in `list`. Runs on most elements of every page, so
/// it borrows the attribute values instead of building lower-cased word strings.
fn has_class_word(node: &NodeRef, list: &[&str]) -> bool {
    let hit = |value: &str| {
        value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| !w.is_empty() && list.iter().any(|l| l.eq_ignore_ascii_case(w)))
    };
    node.attr("class").is_some_and(|c| hit(&c)) || node.attr("id").is_some_and(|c| hit(&c))
}

fn is_boilerplate_container(node: &NodeRef) -> bool {
    if matches!(node.node_name().as_deref(), Some("html" | "body" | "article" | "main")) {
        return false;
    }
    has_class_word(node, BOILERPLATE_WORDS)
}

/// The article's text: `dom_smoothie` picks the container on the untouched page (removing
/// boilerplate first was measured to cost recall: its scoring uses the surroundings), then
/// boilerplate inside the picked container is removed and the text laid out.
pub(super) fn main_text(doc: Document, url: Option<&str>) -> String {
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
pub(super) fn baseline_text(html: &str) -> String {
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
    let overlays: Vec<NodeRef> = doc
        .select("div, section, aside, p, form, dialog")
        .nodes()
        .iter()
        .filter(|n| has_class_word(n, OVERLAY_WORDS))
        .cloned()
        .collect();
    if overlays.is_empty() {
        return;
    }
    // Concatenating the whole text is costly; most pages have no candidate at all.
    let total = doc.root().text().len().max(1);
    for node in overlays {
        if node.text().len() * 4 < total {
            node.remove_from_parent();
        }
    }
}

/// Removes elements whose class or id names them as boilerplate ([`BOILERPLATE_WORDS`]),
/// unless one holds half of the text or more (then the word was a wrapper's accident).
fn remove_boilerplate_containers(doc: &Document) {
    let candidates: Vec<NodeRef> = doc
        .select(
            "div, section, span, ul, ol, p, table, li, a, small, aside, header, dl, figure, footer",
        )
        .nodes()
        .iter()
        .filter(|n| is_boilerplate_container(n))
        .cloned()
        .collect();
    if candidates.is_empty() {
        return;
    }
    // Concatenating the whole text is costly; most pages have no candidate at all.
    let total = doc.root().text().len().max(1);
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
