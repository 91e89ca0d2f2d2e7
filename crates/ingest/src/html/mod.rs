//! Main-text and metadata extraction from HTML pages.
//!
//! The pipeline, in order:
//!
//! 1. [`sanitize`] (hand-written, see there for why): one linear pass over the markup that drops
//!    `<script>`, `<style>`, comments and other raw-text elements (keeping JSON-LD blocks
//!    aside for the metadata), drops attributes nothing reads and indentation, flattens nesting
//!    deeper than [`MAX_DEPTH`] and bounds the number of elements and bytes parsed.
//! 2. `dom_query` (html5ever) builds the DOM.
//! 3. [`metadata`]: JSON-LD (`@graph`, arrays), meta tags, `<time>`, `rel=author`, `<html lang>`.
//! 4. [`content`]: `dom_smoothie` (a Readability.js port) picks the article container on the
//!    whole page; inside it, boilerplate is removed by tag and ARIA role (navigation, figures
//!    and captions, forms, the `<h1>` headline), by words in class/id attributes (share bars,
//!    related links, comments, cookie banners, bylines...) and as short link-dense blocks. A
//!    lead paragraph marked as such but left outside the container is put back in front.
//! 5. The text is laid out (blank line between paragraphs, list items on their own lines) and
//!    left-over boilerplate lines ("Photo: ...", "Advertisement", "Lesen Sie auch: ...", bare
//!    time stamps) are dropped; a related-content or comments heading in the second half ends
//!    the text. When the result is very short, the whole page less its boilerplate is tried
//!    instead.
//!
//! The files follow the steps: `sanitize.rs` (1), `metadata.rs` (3), `content.rs` (4, 5); this
//! one holds [`Page`] and the flow that ties them together.
//!
//! Measured with `parallax eval extract` (release build, one core): ScrapingHub AEB F1 0.972
//! (P 0.959, R 0.985), trafilatura-eval F1 0.912 (P 0.916, R 0.907), readability test pages
//! F1 0.966, about 2.6 ms per AEB page, of which
//! html5ever's tokenizer and tree builder take about 40 % and `dom_smoothie` about 35 %.

mod content;
mod metadata;
mod sanitize;

use chrono::{DateTime, Utc};
use dom_query::Document;

pub use self::sanitize::{MAX_DEPTH, MAX_ELEMENTS, MAX_PARSE_BYTES, Sanitized, sanitize};

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

/// When the article text is shorter than this (bytes), the whole page less its boilerplate
/// is tried too and the longer text kept: Readability finds nothing on pages whose text is
/// spread over many small blocks (recipes, product pages, short news items).
const FALLBACK_BELOW: usize = 250;

/// Extracts the main text and metadata from `html`, fetched from `url` if known.
pub fn extract(html: &str, url: Option<&str>) -> Page {
    let clean = sanitize(html);
    let doc = Document::from(clean.html.as_str());
    let mut page = metadata::metadata(&doc, &clean.json_ld, url);
    page.text = content::main_text(doc, url);
    if page.text.len() < FALLBACK_BELOW {
        let alt = content::baseline_text(&clean.html);
        if alt.len() > page.text.len() {
            page.text = alt;
        }
    }
    page
}

/// Whitespace-separated words in `s`: the length measure of titles, bylines and lines.
fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A news page with every kind of boilerplate around a five-paragraph article.
    pub(super) fn news_page(head: &str, article_head: &str) -> String {
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
    fn lead_in_article_header_is_kept() {
        let para = "<p>The pontoon at the southern quay will stay in place until the new breakwater is finished, the harbour office said on Monday after a long meeting.</p>".repeat(4);
        let html = format!(
            "<html><body><article><header><h1>Pontoon stays</h1><p>Boats longer than twelve metres keep their temporary berth for another year.</p></header>{para}</article></body></html>"
        );
        let page = extract(&html, None);
        assert!(page.text.contains("Boats longer than twelve metres"), "{}", page.text);
    }

    #[test]
    fn lead_outside_the_container_is_prepended() {
        let para = "<p>Ferry crews on the Oost line will be paid for the extra hours of the winter timetable, the operator agreed late on Thursday after two days of talks.</p>".repeat(4);
        let html = format!(
            "<html><body><div class='top'><h1>Crews win winter pay</h1><p class='article-lead'>A deal ends the threat of a strike on the busiest crossing of the coast.</p></div><div class='body'>{para}</div><div class='intro-box'><p>Nested</p></div></body></html>"
        );
        let text = extract(&html, None).text;
        assert!(text.starts_with("A deal ends the threat of a strike"), "{text}");
        assert_eq!(text.matches("A deal ends").count(), 1);
        // A lead already inside the container is not repeated.
        let html = format!(
            "<html><body><article><p class='lead'>A deal ends the threat of a strike on the busiest crossing of the coast.</p>{para}</article></body></html>"
        );
        let text = extract(&html, None).text;
        assert_eq!(text.matches("A deal ends").count(), 1, "{text}");
    }

    #[test]
    fn short_pages_fall_back_to_the_whole_page() {
        let html = "<html><body><nav><a href='/'>Home</a></nav><div><p>The ferry to Oost leaves at nine.</p></div></body></html>";
        let page = extract(html, None);
        assert_eq!(page.text, "The ferry to Oost leaves at nine.");
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
}
