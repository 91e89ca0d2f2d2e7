//! Where a finding is: the article, its outlet and side, the sentence, character offsets.

use chrono::{DateTime, Utc};
use parallax_evidence::Span;
use serde::Serialize;

use crate::Article;

/// Which part of an article a finding is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The headline.
    Title,
    /// The body.
    Text,
}

/// The provenance of a finding.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    /// The article's id.
    pub article: String,
    /// Its outlet.
    pub outlet: String,
    /// Its side.
    pub side: String,
    /// When it was published.
    pub published: Option<DateTime<Utc>>,
    /// Headline or body.
    pub field: Field,
    /// The sentence's position in the body (none for the headline).
    pub sentence_index: Option<usize>,
    /// The sentence.
    pub sentence: String,
    /// Character offset (Unicode scalar values) of the finding in the article's text (or
    /// headline).
    pub start: usize,
    /// Character offset one past its end.
    pub end: usize,
}

/// A sentence of an article as the comparison reads it: the headline first, then the body.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Unit<'a> {
    pub text: &'a str,
    pub field: Field,
    pub index: Option<usize>,
    /// Character offset of the sentence in its field.
    pub offset: usize,
}

/// The headline (when there is one) and the body sentences of an article, in order.
pub(crate) fn units<'a>(article: &Article<'a>) -> Vec<Unit<'a>> {
    let title = article.title.filter(|t| !t.trim().is_empty()).map(|text| Unit {
        text,
        field: Field::Title,
        index: None,
        offset: 0,
    });
    let body = article.sentences.iter().enumerate().map(|(i, s)| Unit {
        text: s.text.as_str(),
        field: Field::Text,
        index: Some(i),
        offset: s.start,
    });
    title.into_iter().chain(body).collect()
}

impl Evidence {
    /// The evidence for `span` of `unit` in `article`.
    pub(crate) fn of(article: &Article, unit: &Unit, span: Span) -> Evidence {
        Evidence {
            article: article.id.to_owned(),
            outlet: article.outlet.to_owned(),
            side: article.side.to_owned(),
            published: article.published,
            field: unit.field,
            sentence_index: unit.index,
            sentence: unit.text.to_owned(),
            start: unit.offset + span.start,
            end: unit.offset + span.end,
        }
    }

    /// The evidence for a whole sentence.
    pub(crate) fn sentence(article: &Article, unit: &Unit) -> Evidence {
        Evidence::of(article, unit, Span::new(0, unit.text.chars().count()))
    }
}
