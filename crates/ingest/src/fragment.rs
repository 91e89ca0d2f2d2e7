//! Text of an HTML fragment (feed item content), keeping paragraph structure.

use dom_query::Document;

/// The text of an HTML fragment: block elements become paragraphs, scripts, styles and
/// embedded media are dropped, entities decoded. Plain text passes through unchanged.
pub fn fragment_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return html.to_string();
    }
    let doc = Document::fragment(html);
    doc.select("script, style, noscript, iframe, object, embed, svg, template, form").remove();
    doc.root().formatted_text().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_paragraphs_and_drops_scripts() {
        let text = fragment_text(
            "<p>Forty-six civilians left on Saturday.</p><script>alert(1)</script>\
             <p>The ministry said &ldquo;all&rdquo; received care.</p>",
        );
        let paragraphs: Vec<_> =
            text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect();
        assert_eq!(
            paragraphs,
            [
                "Forty-six civilians left on Saturday.",
                "The ministry said \u{201c}all\u{201d} received care."
            ]
        );
        assert_eq!(fragment_text("plain words"), "plain words");
    }
}
