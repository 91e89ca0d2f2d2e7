//! Totals and their parts across an article ("Forty-six civilians … 25 local residents …
//! and 21 left later"), checked by arithmetic.

use super::grammar::counts_people;
use super::{Figure, Qualifier, SumCheck, Unit};
use crate::Span;

/// How many sentences before its parts a total may stand.
const TOTAL_LOOKBACK: usize = 5;

/// The longest stretch of text between two parts ("25 local residents left the site during
/// the day and 21"), in words.
const MAX_WORDS_BETWEEN_PARTS: usize = 15;

/// Words in the parts' sentence that make it read as a breakdown of an earlier total.
const BREAKDOWN_CUES: &[&str] = &[
    "later",
    "earlier",
    "of whom",
    "of them",
    "including",
    "among them",
    "first",
    "then",
    "remaining",
    "the rest",
    "others",
    "another",
    "while",
    "during the day",
    "in the morning",
    "in the afternoon",
    "in the evening",
    "overnight",
    "respectively",
    "separately",
];

/// Text between a total and the parts that follow it in the same sentence.
const TOTAL_BEFORE_CUES: &[&str] = &[
    "of whom",
    "of them",
    "of which",
    "including",
    "among them",
    "among whom",
    ":",
    "—",
    "–",
    "(",
];

/// Text around a figure that makes it the total of figures near it.
const TOTAL_AFTER_CUES: &[&str] = &["in total", "in all", "altogether", "overall"];
const TOTAL_LEAD_CUES: &[&str] = &["a total of", "total of", "totalling", "totaling", "in total"];

pub(crate) fn find(sentences: &[&str], figures: &[Vec<Figure>]) -> Vec<SumCheck> {
    let n = sentences.len().min(figures.len());
    let groups: Vec<Vec<Group>> = (0..n).map(|s| part_groups(sentences[s], &figures[s])).collect();
    let is_part = |s: usize, f: usize| groups[s].iter().any(|g| g.parts.contains(&f));
    let mut out = Vec::new();
    for s in 0..n {
        for group in &groups[s] {
            let parts: Vec<&Figure> = group.parts.iter().map(|&f| &figures[s][f]).collect();
            let largest = parts.iter().map(|p| p.value).fold(0.0, f64::max);
            let fits = |t: &Figure| {
                t.qualifier == Qualifier::Exact && t.value > largest && same_kind(t, parts[0])
            };
            let total = group
                .total_in_sentence
                .filter(|&t| fits(&figures[s][t]))
                .map(|t| (s, t))
                .or_else(|| total_in_next_sentence(sentences, figures, s + 1, &fits))
                .or_else(|| {
                    let breakdown = reads_as_breakdown(sentences[s])
                        || parts.iter().any(|p| is_elliptical(sentences[s], p));
                    (s.saturating_sub(TOTAL_LOOKBACK)..s).rev().find_map(|prev| {
                        let (f, total) = figures[prev]
                            .iter()
                            .enumerate()
                            .rev()
                            .find(|&(f, t)| fits(t) && !is_part(prev, f))?;
                        let named_alike = same_head(total, parts[0]);
                        (named_alike || breakdown).then_some((prev, f))
                    })
                });
            let Some(total) = total else { continue };
            let sum: f64 = parts.iter().map(|p| p.value).sum();
            let expected = figures[total.0][total.1].value;
            out.push(SumCheck {
                total,
                parts: group.parts.iter().map(|&f| (s, f)).collect(),
                sum,
                consistent: (sum - expected).abs() <= 1e-9 * expected.abs().max(1.0),
            });
        }
    }
    out
}

/// Parts of one sentence, and the total written with them, if any.
#[derive(Debug)]
struct Group {
    parts: Vec<usize>,
    total_in_sentence: Option<usize>,
}

fn may_be_part(f: &Figure) -> bool {
    f.qualifier == Qualifier::Exact
        && matches!(f.unit, Unit::Count | Unit::Money | Unit::Measure)
        && (f.counts.is_some() || f.unit == Unit::Money)
}

fn between(sentence: &str, a: &Figure, b: &Figure) -> String {
    Span::new(a.span.end, b.span.start).text(sentence).to_lowercase()
}

fn joins_parts(text: &str) -> bool {
    let words = text.split_whitespace().count();
    words <= MAX_WORDS_BETWEEN_PARTS
        && (text.split_whitespace().any(|w| matches!(w, "and" | "while" | "plus" | "whereas"))
            || text.contains(',')
            || text.contains(';'))
}

fn part_groups(sentence: &str, figures: &[Figure]) -> Vec<Group> {
    let mut groups = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut total_before: Option<usize> = None;
    let close = |run: &mut Vec<usize>, total: Option<usize>, groups: &mut Vec<Group>| {
        if run.len() >= 2 {
            groups.push(Group { parts: std::mem::take(run), total_in_sentence: total });
        }
        run.clear();
    };
    for (f, figure) in figures.iter().enumerate() {
        if !may_be_part(figure) {
            close(&mut run, total_before.take(), &mut groups);
            continue;
        }
        let Some(&prev) = run.last() else {
            run.push(f);
            continue;
        };
        let text = between(sentence, &figures[prev], figure);
        let is_total_after = marks_total_after(sentence, figure);
        if is_total_after && run.len() >= 2 && same_kind(&figures[run[0]], figure) {
            close(&mut run, Some(f), &mut groups);
            continue;
        }
        if TOTAL_BEFORE_CUES.iter().any(|c| text.contains(c)) && same_kind(&figures[prev], figure) {
            // "46 civilians, of whom 25 …": the figure before is the total of what follows.
            total_before = Some(prev);
            run.clear();
            run.push(f);
            continue;
        }
        if joins_parts(&text) && same_kind(&figures[prev], figure) {
            run.push(f);
        } else {
            close(&mut run, total_before.take(), &mut groups);
            run.push(f);
        }
    }
    close(&mut run, total_before.take(), &mut groups);
    groups
}

fn marks_total_after(sentence: &str, figure: &Figure) -> bool {
    let after = Span::new(figure.span.end, figure.span.end + 14).text(sentence).to_lowercase();
    let before = Span::new(figure.span.start.saturating_sub(12), figure.span.start)
        .text(sentence)
        .to_lowercase();
    TOTAL_AFTER_CUES.iter().any(|c| after.trim_start_matches([' ', ',']).starts_with(c))
        || TOTAL_LEAD_CUES.iter().any(|c| before.trim_end().ends_with(c))
}

fn total_in_next_sentence(
    sentences: &[&str],
    figures: &[Vec<Figure>],
    s: usize,
    fits: &dyn Fn(&Figure) -> bool,
) -> Option<(usize, usize)> {
    let (sentence, figs) = (sentences.get(s)?, figures.get(s)?);
    let (f, _) =
        figs.iter().enumerate().find(|(_, t)| fits(t) && marks_total_after(sentence, t))?;
    Some((s, f))
}

/// A part that counts what the part before it counts without saying so ("… and 21 left
/// later"): the sentence is splitting one group, which is what a breakdown does.
fn is_elliptical(sentence: &str, part: &Figure) -> bool {
    part.counts.as_deref().is_some_and(|c| !part.span.text(sentence).to_lowercase().contains(c))
}

fn reads_as_breakdown(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    BREAKDOWN_CUES.iter().any(|c| {
        lower.match_indices(c).any(|(at, _)| {
            let before_ok = lower[..at].chars().next_back().is_none_or(|ch| !ch.is_alphanumeric());
            let after_ok =
                lower[at + c.len()..].chars().next().is_none_or(|ch| !ch.is_alphanumeric());
            before_ok && after_ok
        })
    })
}

/// The noun a phrase is about: "local residents" → "residents", "groups of civilians" →
/// "groups".
fn head(counts: &str) -> &str {
    let base = counts.split(" of ").next().unwrap_or(counts);
    base.rsplit(' ').next().unwrap_or(base)
}

fn singular(word: &str) -> &str {
    word.strip_suffix('s').unwrap_or(word)
}

fn same_head(a: &Figure, b: &Figure) -> bool {
    match (&a.counts, &b.counts) {
        (Some(x), Some(y)) => singular(head(x)) == singular(head(y)),
        _ => false,
    }
}

/// Two figures that can be added: same unit (and currency), counting the same thing or
/// people under different names.
fn same_kind(a: &Figure, b: &Figure) -> bool {
    if a.unit != b.unit || a.currency != b.currency {
        return false;
    }
    match a.unit {
        Unit::Money => true,
        Unit::Percent => false,
        Unit::Measure => a.counts == b.counts,
        Unit::Count => {
            same_head(a, b)
                || match (&a.counts, &b.counts) {
                    (Some(x), Some(y)) => counts_people(head(x)) && counts_people(head(y)),
                    _ => false,
                }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{SumCheck, extract, sums};

    fn check(sentences: &[&str]) -> Vec<SumCheck> {
        let figures: Vec<_> = sentences.iter().map(|s| extract(s)).collect();
        sums(sentences, &figures)
    }

    /// (total, parts, sum, consistent).
    type Summary = ((usize, usize), Vec<(usize, usize)>, f64, bool);

    fn summary(sentences: &[&str]) -> Vec<Summary> {
        check(sentences).into_iter().map(|c| (c.total, c.parts, c.sum, c.consistent)).collect()
    }

    const REPORT: [&str; 5] = [
        "Forty-six civilians were evacuated from the district on Saturday, the ministry said.",
        "A video released on Sunday shows buses at the checkpoint.",
        "Ambulances can also be seen.",
        "Two groups of civilians left the buildings on April 30.",
        "It stated that 25 local residents left during the day and 21 left later.",
    ];

    #[test]
    fn a_total_and_its_parts_four_sentences_later() {
        assert_eq!(summary(&REPORT), [((0, 0), vec![(4, 0), (4, 1)], 46.0, true)]);
        let mut wrong = REPORT;
        wrong[4] = "It stated that 26 local residents left during the day and 21 left later.";
        assert_eq!(summary(&wrong), [((0, 0), vec![(4, 0), (4, 1)], 47.0, false)]);
    }

    #[test]
    fn totals_in_the_same_sentence() {
        assert_eq!(
            summary(&["Forty civilians, of whom 25 children and 12 women, were freed."]),
            [((0, 0), vec![(0, 1), (0, 2)], 37.0, false)]
        );
        assert_eq!(
            summary(&[
                "The army sent 45 buses, including 20 buses from Kyiv and 25 buses from Lviv."
            ]),
            [((0, 0), vec![(0, 1), (0, 2)], 45.0, true)]
        );
        assert_eq!(
            summary(&["Rescuers freed 30 miners on Monday and 12 on Tuesday, 42 in all."]),
            [((0, 2), vec![(0, 0), (0, 1)], 42.0, true)]
        );
    }

    #[test]
    fn a_total_in_the_next_sentence() {
        assert_eq!(
            summary(&[
                "Twenty soldiers died on Monday and 15 soldiers on Tuesday.",
                "A total of 35 soldiers died this week."
            ]),
            [((1, 0), vec![(0, 0), (0, 1)], 35.0, true)]
        );
    }

    #[test]
    fn the_same_noun_needs_no_cue() {
        assert_eq!(
            summary(&[
                "Russia sent 45 buses.",
                "Then 20 buses arrived in Kyiv and 25 buses in Lviv."
            ]),
            [((0, 0), vec![(1, 0), (1, 1)], 45.0, true)]
        );
    }

    #[test]
    fn figures_of_different_kinds_are_not_added() {
        assert!(
            check(&["The ministry sent 45 buses.", "Then 20 ambulances and 25 trucks followed."])
                .is_empty()
        );
        assert!(
            check(&[
                "The fund gave $50 million.",
                "20 tonnes of food and 30 tonnes of water came."
            ])
            .is_empty()
        );
        assert!(check(&["Turnout was 71%, with 40% and 31% for the two candidates."]).is_empty());
        // People under another name, far away, with nothing saying it is a breakdown.
        assert!(
            check(&[
                "Forty civilians were evacuated.",
                "In the east 25 soldiers and 15 medics stayed."
            ])
            .is_empty()
        );
        // Only exact totals are checked.
        assert!(
            check(&[
                "Over 40 civilians were evacuated.",
                "25 civilians left first and 21 left later."
            ])
            .is_empty()
        );
    }

    #[test]
    fn odd_input() {
        assert!(sums(&[], &[]).is_empty());
        assert!(sums(&["", "12 and 13"], &[]).is_empty());
        let figures = vec![extract("25 buses and 21 buses"), Vec::new()];
        assert!(sums(&["25 buses and 21 buses"], &figures).is_empty());
    }
}
