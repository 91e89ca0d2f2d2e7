//! One pass over each article: every extractor of `parallax-evidence`, on all cores.

use chrono::NaiveDate;
use parallax_evidence::dates::{self, DateMention};
use parallax_evidence::figures::{self, Figure, SumCheck};
use parallax_evidence::framing::{self, FrameCue, Indicator};
use parallax_evidence::variants::{self, Lexicon, ScareQuote, VariantUse};
use parallax_evidence::voices::{self, Voice};
use rayon::prelude::*;

use crate::Article;
use crate::evidence::{Unit, units};
use crate::terms::{Term, content_terms};

/// What one article asserts, sentence by sentence (index = unit: headline first).
pub(crate) struct Reading<'a> {
    pub units: Vec<Unit<'a>>,
    pub terms: Vec<Vec<Term>>,
    pub figures: Vec<Vec<Figure>>,
    pub sums: Vec<SumCheck>,
    pub dates: Vec<Vec<DateMention>>,
    pub voices: Vec<Voice>,
    pub variants: Vec<Vec<VariantUse>>,
    pub scare_quotes: Vec<Vec<ScareQuote>>,
    pub frames: Vec<Vec<FrameCue>>,
    pub indicators: Vec<Vec<Indicator>>,
}

impl Reading<'_> {
    /// Words read, for rates per thousand words.
    pub fn words(&self) -> usize {
        self.units.iter().map(|u| u.text.split_whitespace().count()).sum()
    }
}

pub(crate) fn read_all<'a>(articles: &[Article<'a>], lexicon: &Lexicon) -> Vec<Reading<'a>> {
    articles.par_iter().map(|a| read(a, lexicon)).collect()
}

fn read<'a>(article: &Article<'a>, lexicon: &Lexicon) -> Reading<'a> {
    let units = units(article);
    let texts: Vec<&str> = units.iter().map(|u| u.text).collect();
    let published: Option<NaiveDate> = article.published.map(|p| p.date_naive());
    let figures: Vec<Vec<Figure>> = texts.iter().map(|t| figures::extract(t)).collect();
    Reading {
        terms: texts.iter().map(|t| content_terms(t, article.language)).collect(),
        sums: figures::sums(&texts, &figures),
        figures,
        dates: texts.iter().map(|t| dates::extract(t, published)).collect(),
        voices: voices::extract(&texts),
        variants: texts.iter().map(|t| lexicon.find(t)).collect(),
        scare_quotes: texts.iter().map(|t| variants::scare_quotes(t)).collect(),
        frames: texts.iter().map(|t| framing::frame_cues(t)).collect(),
        indicators: texts.iter().map(|t| framing::indicators(t)).collect(),
        units,
    }
}
