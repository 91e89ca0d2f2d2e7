//! The comparison written out for people: what each section shows, in reading order.

use std::collections::BTreeMap;

use parallax_compare::facts::FactKind;
use parallax_compare::figures::display_value;
use parallax_compare::{Comparison, Evidence};
use parallax_evidence::dates::Granularity;
use parallax_pipeline::{ComparisonPage, Subject};

use super::doc::Doc;
use crate::cmd::day;

/// Items of each list shown (the JSON has them all).
const SHARED_FACTS: usize = 8;
const ONE_SIDED_FACTS: usize = 4;
const FIGURES: usize = 20;
const VOICES: usize = 12;
const INDICATORS: usize = 10;

/// The report of a comparison.
pub fn report(page: &ComparisonPage) -> Doc {
    let c = &page.comparison;
    let mut doc = Doc::default();
    let (kind, id) = match page.subject {
        Subject::Story(id) => ("story", id),
        Subject::Topic(id) => ("topic", id),
    };
    doc.heading(1, format!("{} — side by side by {}", page.label, page.axis));
    doc.para(format!(
        "{kind} {id}: \"{}\". {} articles ({} read), {} sides: {}.",
        page.headline,
        c.coverage.articles,
        page.compared_articles,
        c.sides.len(),
        c.sides.join(", ")
    ));
    coverage(&mut doc, c);
    facts(&mut doc, c);
    figures(&mut doc, c);
    dates(&mut doc, c);
    voices(&mut doc, c);
    wording(&mut doc, c);
    framing(&mut doc, c);
    doc
}

/// "Outlet, 2022-05-01".
fn source(e: &Evidence) -> String {
    format!("{}, {}", e.outlet, day(e.published.as_ref()))
}

fn more(shown: usize, total: usize) -> Option<String> {
    (total > shown).then(|| format!("… and {} more (see --json).", total - shown))
}

fn coverage(doc: &mut Doc, c: &Comparison) {
    doc.heading(2, "Coverage");
    let rows = c
        .coverage
        .sides
        .iter()
        .map(|s| {
            let outlets: Vec<String> =
                s.outlets.iter().map(|o| format!("{} ({})", o.outlet, o.articles)).collect();
            vec![
                s.side.clone(),
                s.articles.to_string(),
                format!("{:.0}%", s.share * 100.0),
                day(s.first_published.as_ref()),
                outlets.join(", "),
            ]
        })
        .collect();
    doc.table(&["side", "articles", "share", "first report", "outlets"], rows);
    let blind: Vec<String> = c
        .coverage
        .blindspots
        .iter()
        .map(|b| {
            let n = b.articles_in_period;
            let side = if b.side == b.outlet { String::new() } else { format!(" ({})", b.side) };
            format!(
                "{}{side}: {n} article{} in the period, none on this",
                b.outlet,
                if n == 1 { "" } else { "s" }
            )
        })
        .collect();
    if !blind.is_empty() {
        doc.para("Blindspots: active in the period, silent on this story:");
        doc.bullets(blind);
    }
    if !c.coverage.silent_sides.is_empty() {
        doc.para(format!("Sides with no coverage at all: {}.", c.coverage.silent_sides.join(", ")));
    }
}

fn facts(doc: &mut Doc, c: &Comparison) {
    let shared: Vec<_> = c.facts.iter().filter(|f| f.kind == FactKind::Shared).collect();
    doc.heading(2, "Facts several sides report");
    if shared.is_empty() {
        doc.para("None found: no sentence is paraphrased by two sides.");
    }
    doc.bullets(
        shared
            .iter()
            .take(SHARED_FACTS)
            .map(|f| format!("{} [{} · {} outlets]", f.text, f.sides.join(" + "), f.outlets.len()))
            .collect(),
    );
    if let Some(m) = more(SHARED_FACTS, shared.len()) {
        doc.para(m);
    }
    for side in &c.sides {
        let own: Vec<_> = c
            .facts
            .iter()
            .filter(|f| f.kind == FactKind::OneSided && f.sides.first() == Some(side))
            .collect();
        if own.is_empty() {
            continue;
        }
        doc.heading(3, format!("Only {side} reports"));
        doc.bullets(
            own.iter()
                .take(ONE_SIDED_FACTS)
                .map(|f| {
                    format!("{} [{}]", f.text, f.sentences.first().map(source).unwrap_or_default())
                })
                .collect(),
        );
    }
}

fn figures(doc: &mut Doc, c: &Comparison) {
    doc.heading(2, "Figures");
    if c.figures.is_empty() {
        doc.para("No figures found.");
        return;
    }
    let rows = c
        .figures
        .iter()
        .take(FIGURES)
        .map(|f| {
            vec![
                display_value(f.value),
                f.counts.clone().unwrap_or_else(|| "-".into()),
                f.text.clone(),
                f.evidence.side.clone(),
                source(&f.evidence),
                f.attribution.clone().unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    doc.table(&["value", "counts", "as written", "side", "source", "according to"], rows);
    if let Some(m) = more(FIGURES, c.figures.len()) {
        doc.para(m);
    }
    if !c.conflicts.is_empty() {
        doc.heading(3, "Conflicting figures");
        doc.bullets(
            c.conflicts
                .iter()
                .map(|k| {
                    let values: Vec<String> = k
                        .figures
                        .iter()
                        .map(|f| {
                            format!(
                                "{} says \"{}\" ({})",
                                f.evidence.side,
                                f.text,
                                source(&f.evidence)
                            )
                        })
                        .collect();
                    format!("{}: {}", k.counts, values.join("; "))
                })
                .collect(),
        );
    }
    if !c.sums.is_empty() {
        doc.heading(3, "Totals and their parts");
        doc.bullets(
            c.sums
                .iter()
                .map(|s| {
                    let parts: Vec<String> =
                        s.parts.iter().map(|p| display_value(p.value)).collect();
                    let verdict = if s.consistent { "checked: adds up" } else { "does NOT add up" };
                    format!(
                        "{} = {} ({}) — {verdict} [{}]",
                        display_value(s.total.value),
                        parts.join(" + "),
                        s.total.counts.as_deref().unwrap_or("-"),
                        source(&s.total.evidence)
                    )
                })
                .collect(),
        );
    }
}

/// Distinct dates shown on the timeline.
const DATES: usize = 15;

fn dates(doc: &mut Doc, c: &Comparison) {
    doc.heading(2, "Timeline: the dates the articles mention");
    // Keyed by the resolved day, else by what is written ("April 30" in an undated
    // article): sorted, resolved days come first.
    let mut by_day: BTreeMap<(bool, String), Vec<String>> = BTreeMap::new();
    for d in &c.dates {
        let key = match (d.date, d.month, d.day) {
            (Some(date), ..) => (
                false,
                match d.granularity {
                    Granularity::Day => date.format("%Y-%m-%d").to_string(),
                    Granularity::Month => date.format("%Y-%m").to_string(),
                    Granularity::Year => date.format("%Y").to_string(),
                },
            ),
            (None, Some(month), Some(day)) => {
                (true, format!("{month:02}-{day:02}, year not given"))
            }
            (None, Some(month), None) => (true, format!("month {month:02}, year not given")),
            _ => continue,
        };
        let mention = format!("\"{}\" ({})", d.text, d.evidence.outlet);
        let list = by_day.entry(key).or_default();
        if !list.contains(&mention) {
            list.push(mention);
        }
    }
    if by_day.is_empty() {
        doc.para("No dates found.");
        return;
    }
    let rows = by_day
        .iter()
        .take(DATES)
        .map(|((_, date), mentions)| vec![date.clone(), mentions.join(", ")])
        .collect();
    doc.table(&["date", "as written (outlet)"], rows);
    if let Some(m) = more(DATES, by_day.len()) {
        doc.para(m);
    }
}

fn voices(doc: &mut Doc, c: &Comparison) {
    doc.heading(2, "Voices");
    if c.speakers.is_empty() {
        doc.para("No attributed statements found.");
        return;
    }
    let rows = c
        .speakers
        .iter()
        .take(VOICES)
        .map(|s| {
            let sides: Vec<String> =
                s.by_side.iter().map(|(side, n)| format!("{side} {n}")).collect();
            vec![
                s.speaker.clone(),
                s.statements.to_string(),
                s.quotes.to_string(),
                sides.join(", "),
            ]
        })
        .collect();
    doc.table(&["speaker", "statements", "quotes", "given voice by"], rows);
    if let Some(m) = more(VOICES, c.speakers.len()) {
        doc.para(m);
    }
}

fn wording(doc: &mut Doc, c: &Comparison) {
    doc.heading(2, "Wording");
    let rows: Vec<Vec<String>> = c
        .wording
        .iter()
        .filter(|w| !w.terms.is_empty())
        .map(|w| {
            let terms: Vec<String> = w
                .terms
                .iter()
                .take(8)
                .map(|t| format!("{} ({}:{})", t.term, t.count, t.others))
                .collect();
            vec![w.side.clone(), terms.join(", ")]
        })
        .collect();
    if rows.is_empty() {
        doc.para("No side uses a word distinctively often (or there is one side only).");
    } else {
        doc.para("Words each side uses more than the others (its count : the others'), by log-odds with an informative Dirichlet prior:");
        doc.table(&["side", "distinctive words"], rows);
    }
    let variants: Vec<Vec<String>> = c
        .variants
        .iter()
        .map(|v| {
            let forms: Vec<String> = v
                .forms
                .iter()
                .map(|(form, sides)| {
                    let per: Vec<String> = sides.iter().map(|(s, n)| format!("{s} {n}")).collect();
                    format!("\"{form}\": {}", per.join(", "))
                })
                .collect();
            vec![v.canonical.clone(), forms.join("; ")]
        })
        .collect();
    if !variants.is_empty() {
        doc.heading(3, "Naming variants (names written differently come first)");
        doc.table(&["name", "forms used, per side"], variants);
    }
    if !c.scare_quotes.is_empty() {
        doc.heading(3, "Terms in quotation marks");
        let mut by_term: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for q in &c.scare_quotes {
            by_term.entry(&q.term).or_default().push(q.evidence.outlet.clone());
        }
        doc.bullets(
            by_term.into_iter().map(|(t, o)| format!("\"{t}\" — {}", o.join(", "))).collect(),
        );
    }
}

fn framing(doc: &mut Doc, c: &Comparison) {
    doc.heading(2, "Framing");
    let rows: Vec<Vec<String>> = c
        .framing
        .iter()
        .filter(|f| f.cues > 0)
        .map(|f| {
            let mut frames: Vec<(&parallax_evidence::framing::Frame, &f64)> =
                f.frames.iter().collect();
            frames.sort_by(|a, b| b.1.total_cmp(a.1));
            let top: Vec<String> = frames
                .iter()
                .take(3)
                .map(|(fr, share)| format!("{} {:.0}%", serde_name(*fr), *share * 100.0))
                .collect();
            let ind: Vec<String> = f
                .indicators_per_1000_words
                .iter()
                .map(|(k, n)| format!("{} {n:.1}", serde_name(k)))
                .collect();
            vec![
                f.side.clone(),
                top.join(", "),
                if ind.is_empty() { "-".into() } else { ind.join(", ") },
            ]
        })
        .collect();
    if rows.is_empty() {
        doc.para("No frame cues found.");
    } else {
        doc.table(&["side", "main frames (share of cues)", "indicators per 1,000 words"], rows);
    }
    if !c.indicators.is_empty() {
        doc.para("Persuasion indicators, as evidence (not a verdict):");
        doc.bullets(
            c.indicators
                .iter()
                .take(INDICATORS)
                .map(|i| {
                    format!("{}: \"{}\" — {}", serde_name(&i.kind), i.text, source(&i.evidence))
                })
                .collect(),
        );
        if let Some(m) = more(INDICATORS, c.indicators.len()) {
            doc.para(m);
        }
    }
}

/// The snake_case name serde gives an enum value, with spaces.
fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default()
}
