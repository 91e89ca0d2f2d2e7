//! Wording side by side: the words each side uses distinctively, the naming variants it
//! chooses, and the terms it puts in quotation marks.
//!
//! Distinctive words are ranked by the log-odds ratio with an informative Dirichlet prior
//! (Monroe, Colaresi & Quinn 2008, "Fightin' Words"): each side against all the others,
//! the prior drawn from the pooled counts of the whole comparison, and the estimate divided
//! by its standard deviation, so a word is distinctive only when the evidence for it is
//! strong — a word used twice by one side and never by the others is not.

use std::collections::{BTreeMap, HashMap};

use parallax_analyse::tokens::tokenize;
use parallax_evidence::Span;
use serde::Serialize;

use crate::evidence::Evidence;
use crate::reading::Reading;
use crate::{Article, Options};

/// The prior's weight: each word's pseudo-count is this share of its pooled count.
const PRIOR_SCALE: f64 = 0.1;
/// z-score a word needs to count as distinctive: a floor under the ranking rather than a
/// test of significance (thousands of words are compared at once). In a story of a few
/// hundred words, a word three or four times on one side and never on the others scores
/// about 1.5; in a story of a hundred articles the top words score well above 3.
const MIN_Z: f64 = 1.0;

/// One side's distinctive words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SideWording {
    /// The side.
    pub side: String,
    /// Words the side wrote in the compared articles.
    pub words: usize,
    /// Its most distinctive words, most distinctive first.
    pub terms: Vec<DistinctiveTerm>,
}

/// A word one side uses more than the others.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DistinctiveTerm {
    /// The word as most often written (lower-case); inflections count together.
    pub term: String,
    /// Times this side uses it.
    pub count: u32,
    /// Times the other sides use it.
    pub others: u32,
    /// The log-odds ratio, this side against the rest.
    pub log_odds: f64,
    /// The log-odds ratio divided by its standard deviation.
    pub z: f64,
    /// Its first use on this side.
    pub example: Evidence,
}

/// A naming variant and the forms each side uses.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VariantRow {
    /// The name it is shown under ("Kyiv").
    pub canonical: String,
    /// Each form used, with its count per side.
    pub forms: BTreeMap<String, BTreeMap<String, usize>>,
    /// True when more than one form is in use: the sides (or outlets) name it differently.
    pub split: bool,
    /// The first use of each form by each side.
    pub examples: Vec<Evidence>,
}

/// A short term put in quotation marks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScareQuoteItem {
    /// The term, without its quotation marks.
    pub term: String,
    /// Where.
    #[serde(flatten)]
    pub evidence: Evidence,
}

#[derive(Default)]
struct Count {
    total: u32,
    articles: u32,
    last_article: Option<usize>,
    first: Option<(usize, usize)>,
}

/// The distinctive words of each side (nothing when there is only one side).
pub(crate) fn distinctive(
    articles: &[Article],
    readings: &[Reading],
    sides: &[String],
    options: &Options,
) -> Vec<SideWording> {
    let side_of: HashMap<&str, usize> =
        sides.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
    let mut counts: Vec<HashMap<&str, Count>> = (0..sides.len()).map(|_| HashMap::new()).collect();
    let mut totals = vec![0u64; sides.len()];
    let mut words = vec![0usize; sides.len()];
    let mut articles_per_side = vec![0u32; sides.len()];
    let mut surfaces: HashMap<&str, HashMap<&str, u32>> = HashMap::new();
    for (a, (article, reading)) in articles.iter().zip(readings).enumerate() {
        let Some(&side) = side_of.get(article.side) else { continue };
        articles_per_side[side] += 1;
        words[side] += reading.words();
        for (u, terms) in reading.terms.iter().enumerate() {
            for t in terms.iter().filter(|t| !t.number) {
                let c = counts[side].entry(t.stem.as_str()).or_default();
                c.total += 1;
                if c.last_article != Some(a) {
                    c.articles += 1;
                    c.last_article = Some(a);
                }
                c.first.get_or_insert((a, u));
                totals[side] += 1;
                *surfaces
                    .entry(t.stem.as_str())
                    .or_default()
                    .entry(t.lower.as_str())
                    .or_default() += 1;
            }
        }
    }
    if sides.len() < 2 {
        return Vec::new();
    }
    let mut pooled: HashMap<&str, u32> = HashMap::new();
    for side in &counts {
        for (stem, c) in side {
            *pooled.entry(stem).or_default() += c.total;
        }
    }
    let alpha0: f64 = pooled.values().map(|&c| prior(c)).sum();
    let grand: u64 = totals.iter().sum();
    let mut out = Vec::new();
    for (side, name) in sides.iter().enumerate() {
        let n_i = totals[side] as f64;
        let n_j = (grand - totals[side]) as f64;
        let min_articles = articles_per_side[side].min(2);
        let mut terms: Vec<(f64, f64, &str, &Count, u32)> = counts[side]
            .iter()
            .filter(|(_, c)| c.total >= options.min_term_count && c.articles >= min_articles)
            .map(|(&stem, c)| {
                let alpha = prior(pooled[stem]);
                let y_i = f64::from(c.total);
                let others = pooled[stem] - c.total;
                let y_j = f64::from(others);
                let delta = ((y_i + alpha) / (n_i + alpha0 - y_i - alpha)).ln()
                    - ((y_j + alpha) / (n_j + alpha0 - y_j - alpha)).ln();
                let sigma = (1.0 / (y_i + alpha) + 1.0 / (y_j + alpha)).sqrt();
                (delta / sigma, delta, stem, c, others)
            })
            .filter(|(z, ..)| *z >= MIN_Z)
            .collect();
        terms.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(b.2)));
        terms.truncate(options.terms);
        let terms = terms
            .into_iter()
            .filter_map(|(z, delta, stem, c, others)| {
                let (a, u) = c.first?;
                let surface =
                    surfaces[stem].iter().max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))?.0;
                let unit = &readings[a].units[u];
                let span = word_span(unit.text, stem, articles[a].language)?;
                Some(DistinctiveTerm {
                    term: (*surface).to_owned(),
                    count: c.total,
                    others,
                    log_odds: round(delta),
                    z: round(z),
                    example: Evidence::of(&articles[a], unit, span),
                })
            })
            .collect();
        out.push(SideWording { side: name.clone(), words: words[side], terms });
    }
    out
}

fn prior(pooled: u32) -> f64 {
    (f64::from(pooled) * PRIOR_SCALE).max(0.01)
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The character span of the first word of `text` with stem `stem`.
fn word_span(text: &str, stem: &str, language: Option<&str>) -> Option<Span> {
    let token = tokenize(text, language).into_iter().find(|t| t.stem == stem)?;
    let start = text[..token.start].chars().count();
    Some(Span::new(start, start + text[token.start..token.end].chars().count()))
}

/// The naming variants in use, with the forms each side uses, and the scare quotes.
pub(crate) fn variants(
    articles: &[Article],
    readings: &[Reading],
) -> (Vec<VariantRow>, Vec<ScareQuoteItem>) {
    let mut rows: BTreeMap<&str, VariantRow> = BTreeMap::new();
    let mut quotes = Vec::new();
    for (article, reading) in articles.iter().zip(readings) {
        for (u, uses) in reading.variants.iter().enumerate() {
            let unit = &reading.units[u];
            for v in uses {
                let row = rows.entry(v.canonical.as_str()).or_insert_with(|| VariantRow {
                    canonical: v.canonical.clone(),
                    forms: BTreeMap::new(),
                    split: false,
                    examples: Vec::new(),
                });
                let per_side = row.forms.entry(v.form.clone()).or_default();
                let count = per_side.entry(article.side.to_owned()).or_default();
                if *count == 0 {
                    row.examples.push(Evidence::of(article, unit, v.span));
                }
                *count += 1;
            }
        }
        for (u, found) in reading.scare_quotes.iter().enumerate() {
            let unit = &reading.units[u];
            for q in found {
                quotes.push(ScareQuoteItem {
                    term: q.term.clone(),
                    evidence: Evidence::of(article, unit, q.span),
                });
            }
        }
    }
    let mut rows: Vec<VariantRow> = rows.into_values().collect();
    for row in &mut rows {
        row.split = row.forms.len() > 1;
    }
    rows.sort_by(|a, b| {
        let uses = |r: &VariantRow| r.forms.values().flat_map(|s| s.values()).sum::<usize>();
        b.split.cmp(&a.split).then(uses(b).cmp(&uses(a))).then(a.canonical.cmp(&b.canonical))
    });
    (rows, quotes)
}
