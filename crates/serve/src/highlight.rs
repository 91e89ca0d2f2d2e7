//! An article's sentences cut into runs of text, each run marked with the kinds of evidence
//! that cover it, for the article page. Spans may overlap (a figure inside a quoted
//! statement), so every character gets the set of kinds covering it and runs are cut where
//! that set changes.

use parallax_evidence::variants::{Lexicon, scare_quotes};
use parallax_evidence::{Span, dates, figures, framing, voices};
use parallax_model::Article;

/// Kinds of evidence, as bits.
const FIGURE: u8 = 1;
const DATE: u8 = 2;
const SPEAKER: u8 = 4;
const STATEMENT: u8 = 8;
const VARIANT: u8 = 16;
const SCARE: u8 = 32;
const INDICATOR: u8 = 64;

const CLASSES: &[(u8, &str)] = &[
    (FIGURE, "ev-figure"),
    (DATE, "ev-date"),
    (SPEAKER, "ev-speaker"),
    (STATEMENT, "ev-statement"),
    (VARIANT, "ev-variant"),
    (SCARE, "ev-scare"),
    (INDICATOR, "ev-indicator"),
];

/// A run of a sentence.
pub(crate) struct Run {
    pub text: String,
    /// Space-separated CSS classes; empty for plain text.
    pub class: String,
    /// What the run is evidence of, for a tooltip.
    pub note: String,
}

/// The marked runs of each sentence: the title first (when there is one), then the body.
pub(crate) fn highlight(article: &Article, lexicon: &Lexicon) -> (Vec<Run>, Vec<Vec<Run>>) {
    let title = article.title.as_deref().unwrap_or("");
    let mut texts: Vec<&str> = vec![title];
    texts.extend(article.sentences.iter().map(|s| s.text.as_str()));
    let published = article.published.map(|p| p.date_naive());
    let mut marks: Vec<Vec<(Span, u8, String)>> = texts
        .iter()
        .map(|text| {
            let mut m = Vec::new();
            for f in figures::extract(text) {
                let what = f.counts.as_deref().unwrap_or("");
                m.push((f.span, FIGURE, format!("figure: {} {what}", f.value)));
            }
            for d in dates::extract(text, published) {
                let note = d.date.map_or_else(|| "date".to_owned(), |d| format!("date: {d}"));
                m.push((d.span, DATE, note));
            }
            for v in lexicon.find(text) {
                m.push((v.span, VARIANT, format!("naming: {} (form \"{}\")", v.canonical, v.form)));
            }
            for q in scare_quotes(text) {
                m.push((q.span, SCARE, "term in quotation marks".to_owned()));
            }
            for i in framing::indicators(text) {
                m.push((i.span, INDICATOR, format!("indicator: {}", i.kind.name())));
            }
            m
        })
        .collect();
    for v in voices::extract(&texts) {
        let Some(m) = marks.get_mut(v.sentence) else { continue };
        m.push((v.span, STATEMENT, format!("statement by {}", v.speaker)));
        if let Some(s) = v.speaker_span {
            m.push((s, SPEAKER, format!("speaker: {}", v.speaker)));
        }
    }
    let mut runs: Vec<Vec<Run>> = texts.iter().zip(&marks).map(|(t, m)| runs_of(t, m)).collect();
    let title_runs = runs.remove(0);
    (title_runs, runs)
}

fn runs_of(text: &str, marks: &[(Span, u8, String)]) -> Vec<Run> {
    let chars: Vec<char> = text.chars().collect();
    let mut bits = vec![0u8; chars.len()];
    let mut notes: Vec<Option<&str>> = vec![None; chars.len()];
    for (span, kind, note) in marks {
        for i in span.start.min(chars.len())..span.end.min(chars.len()) {
            bits[i] |= kind;
            notes[i].get_or_insert(note.as_str());
        }
    }
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=chars.len() {
        if i == chars.len() || bits[i] != bits[start] || notes[i] != notes[start] {
            let class: Vec<&str> =
                CLASSES.iter().filter(|(b, _)| bits[start] & b != 0).map(|(_, c)| *c).collect();
            runs.push(Run {
                text: chars[start..i].iter().collect(),
                class: class.join(" "),
                note: notes[start].unwrap_or("").to_owned(),
            });
            start = i;
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_the_text_exactly_and_overlaps_combine() {
        let text = "Forty-six civilians left, the ministry said.";
        let marks = vec![
            (Span::new(0, 19), FIGURE, "figure".to_owned()),
            (Span::new(0, 24), STATEMENT, "statement".to_owned()),
            (Span::new(26, 38), SPEAKER, "speaker".to_owned()),
        ];
        let runs = runs_of(text, &marks);
        let joined: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(joined, text);
        assert_eq!(runs[0].text, "Forty-six civilians");
        assert_eq!(runs[0].class, "ev-figure ev-statement");
        assert_eq!(runs[1].text, " left");
        assert_eq!(runs[1].class, "ev-statement");
        assert!(runs.iter().any(|r| r.text == "the ministry" && r.class == "ev-speaker"));
        assert!(runs_of("", &marks).is_empty());
    }
}
