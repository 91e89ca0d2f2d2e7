/*!
Side by side: what each side of a story says, and how — never who is right.

[`compare`] takes the articles of one story or topic, each already assigned to a side (an
outlet, a group of outlets, a country or an ownership type), and returns a [`Comparison`]:

- [`coverage`]: who covered it, first report, volume per side, and the outlets active in the
  same period that did not (blindspots);
- [`facts`]: sentences aligned across sides by paraphrase-tolerant similarity; facts several
  sides carry, and facts only one side reports, ranked by importance;
- [`figures`]: every quantity with what it counts, its date, place and attribution; conflicts
  where sides give different values for the same thing; sums an article states, checked;
- [`dates`]: the dates each side mentions, for the story's timeline;
- [`voices`]: who each side lets speak, and how often;
- [`wording`]: the words each side uses distinctively (log-odds ratio with an informative
  Dirichlet prior), naming variants ("Kyiv"/"Kiev") and scare quotes;
- [`framing`]: per side, a distribution over the Media Frames categories, and persuasion
  indicators shown as evidence.

Every finding carries its [`Evidence`]: article, outlet, side, the sentence and character
offsets into the article's text (or title). The per-article extraction runs on all cores;
the comparison itself is linear in the sentences read, plus an inverted-index pass for the
sentence alignment.
*/
#![warn(missing_docs)]

pub mod coverage;
pub mod dates;
mod evidence;
pub mod facts;
pub mod figures;
pub mod framing;
mod reading;
mod terms;
pub mod voices;
pub mod wording;

use chrono::{DateTime, Utc};
use parallax_evidence::variants::Lexicon;
use parallax_model::Sentence;
use serde::Serialize;

pub use crate::coverage::{ActiveOutlet, Covered};
pub use crate::evidence::{Evidence, Field};

/// One article to compare.
#[derive(Clone, Debug)]
pub struct Article<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its headline.
    pub title: Option<&'a str>,
    /// Its outlet.
    pub outlet: &'a str,
    /// The side it falls on.
    pub side: &'a str,
    /// When it was published.
    pub published: Option<DateTime<Utc>>,
    /// Its language (ISO 639-1).
    pub language: Option<&'a str>,
    /// Its body sentences, with character offsets into its text.
    pub sentences: &'a [Sentence],
}

/// What to compare.
#[derive(Clone, Debug)]
pub struct Input<'a> {
    /// The articles whose content is compared (a large story may be sampled).
    pub articles: Vec<Article<'a>>,
    /// Every article of the story or topic, for coverage counts.
    pub covered: Vec<Covered>,
    /// Outlets that published anything during the story's period, for blindspots.
    pub active: Vec<ActiveOutlet>,
    /// The naming variants to look for.
    pub lexicon: &'a Lexicon,
}

/// How much of each finding to keep.
#[derive(Clone, Debug)]
pub struct Options {
    /// Shared facts kept.
    pub shared_facts: usize,
    /// One-sided facts kept per side.
    pub one_sided_facts: usize,
    /// Distinctive terms kept per side.
    pub terms: usize,
    /// Occurrences a term needs on a side before it can be called distinctive.
    pub min_term_count: u32,
}

impl Default for Options {
    fn default() -> Options {
        Options { shared_facts: 25, one_sided_facts: 10, terms: 12, min_term_count: 3 }
    }
}

/// A story's or topic's accounts side by side.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// The sides, largest first.
    pub sides: Vec<String>,
    /// Who covered it and who did not.
    pub coverage: coverage::Coverage,
    /// Facts aligned across sides: shared ones first, then one-sided ones.
    pub facts: Vec<facts::Fact>,
    /// Every quantity found.
    pub figures: Vec<figures::FigureItem>,
    /// Different values for the same thing across sides.
    pub conflicts: Vec<figures::Conflict>,
    /// Totals and their parts within one article, checked.
    pub sums: Vec<figures::Sum>,
    /// Dates the articles mention, earliest first.
    pub dates: Vec<dates::DateItem>,
    /// Every attributed statement.
    pub voices: Vec<voices::VoiceItem>,
    /// Speakers, with how often each side lets them speak.
    pub speakers: Vec<voices::Speaker>,
    /// Distinctive words per side.
    pub wording: Vec<wording::SideWording>,
    /// Naming variants and the forms each side uses.
    pub variants: Vec<wording::VariantRow>,
    /// Short terms put in quotation marks.
    pub scare_quotes: Vec<wording::ScareQuoteItem>,
    /// Media Frames distribution per side.
    pub framing: Vec<framing::SideFraming>,
    /// Persuasion indicators, as evidence.
    pub indicators: Vec<framing::IndicatorItem>,
}

/// Compares the articles of `input` side by side.
pub fn compare(input: &Input, options: &Options) -> Comparison {
    let readings = reading::read_all(&input.articles, input.lexicon);
    let coverage = coverage::coverage(&input.covered, &input.active);
    let sides: Vec<String> = coverage.sides.iter().map(|s| s.side.clone()).collect();
    let articles = &input.articles;
    // The fact alignment is the one step that is not per article; it runs beside the rest.
    let (facts, (wording, ((figures, conflicts, sums), rest))) = rayon::join(
        || facts::facts(articles, &readings, &sides, options),
        || {
            rayon::join(
                || wording::distinctive(articles, &readings, &sides, options),
                || {
                    rayon::join(
                        || figures::figures(articles, &readings),
                        || {
                            (
                                dates::dates(articles, &readings),
                                voices::voices(articles, &readings),
                                wording::variants(articles, &readings),
                                framing::framing(articles, &readings),
                            )
                        },
                    )
                },
            )
        },
    );
    let (dates, (voices, speakers), (variants, scare_quotes), (framing, indicators)) = rest;
    Comparison {
        sides,
        coverage,
        facts,
        figures,
        conflicts,
        sums,
        dates,
        voices,
        speakers,
        wording,
        variants,
        scare_quotes,
        framing,
        indicators,
    }
}

#[cfg(test)]
mod tests;
