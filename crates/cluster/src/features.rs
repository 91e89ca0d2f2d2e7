//! What the clusterer sees of one article: sparse term counts, entity phrases, numbers and
//! the publication time.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use parallax_analyse::Analysis;
use parallax_analyse::stopwords::is_function_word;
use parallax_analyse::tokens::{Token, tokenize};

use crate::stopwords::{is_entity_stop, is_generic_name, is_stop, is_title};

/// Words of the body that count as its lead.
pub(crate) const LEAD_TOKENS: usize = 60;

/// Mentions in the body that a salient name needs (see [`ArticleFeatures::salient`]).
const SALIENT_MENTIONS: f32 = 2.0;

/// Prefix that keeps numbers apart from entity phrases in the shared vocabulary.
pub(crate) const NUMBER_PREFIX: char = '#';

/// The sparse signals of one article, independent of any other article.
///
/// Term weights (TF-IDF) are not fixed here: document frequencies are learned by the
/// [`Clusterer`](crate::Clusterer) from the stream, so the features keep raw counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleFeatures {
    /// Stems of the headline with their counts, stop words dropped, sorted by stem.
    pub(crate) title: Vec<(String, f32)>,
    /// Stems of the body with their counts, stop words dropped, sorted by stem.
    pub(crate) body: Vec<(String, f32)>,
    /// Stems of the lead (the first [`LEAD_TOKENS`] words of the body) with their counts,
    /// sorted by stem: what the event is usually stated in.
    pub(crate) lead: Vec<(String, f32)>,
    /// Lower-cased named-entity phrases (runs of capitalised words, and the last word of
    /// each multi-word run) and numbers (prefixed `#`) with their counts, sorted.
    pub(crate) entities: Vec<(String, f32)>,
    /// The names of [`ArticleFeatures::entities`] that the article is about rather than
    /// mentions in passing: multi-word names (and their last words) that the body repeats
    /// and the headline or lead names too. Sorted.
    pub(crate) salient: Vec<String>,
    /// When the article was published.
    pub(crate) published: Option<DateTime<Utc>>,
}

impl ArticleFeatures {
    /// Features of an analysed article. `published` is its publication time, if known.
    pub fn from_analysis(analysis: &Analysis, published: Option<DateTime<Utc>>) -> Self {
        build(
            analysis.title.as_deref(),
            &analysis.text,
            &analysis.tokens,
            analysis.language.as_deref(),
            published,
        )
    }

    /// Features from a headline and body given directly (tokenised here, with the stemmer of
    /// `language`, English when `None`); for callers that have no [`Analysis`].
    pub fn from_parts(
        title: Option<&str>,
        text: &str,
        language: Option<&str>,
        published: Option<DateTime<Utc>>,
    ) -> Self {
        let tokens = tokenize(text, language);
        build(title, text, &tokens, language, published)
    }

    /// When the article was published, if known.
    pub fn published(&self) -> Option<DateTime<Utc>> {
        self.published
    }

    /// The named-entity phrases (lower-cased, with their counts in the body), numbers left
    /// out, sorted.
    pub fn entities(&self) -> impl Iterator<Item = (&str, f32)> {
        self.entities
            .iter()
            .filter(|(e, _)| !e.starts_with(NUMBER_PREFIX))
            .map(|(e, n)| (e.as_str(), *n))
    }

    /// The distinct stems of headline and body (stop words and numbers left out), sorted.
    pub fn stems(&self) -> impl Iterator<Item = &str> {
        let mut all: Vec<&str> =
            self.title.iter().chain(&self.body).map(|(s, _)| s.as_str()).collect();
        all.sort_unstable();
        all.dedup();
        all.into_iter()
    }

    /// True when the article has no usable term at all (empty or only stop words).
    pub fn is_empty(&self) -> bool {
        self.title.is_empty() && self.body.is_empty() && self.entities.is_empty()
    }
}

fn build(
    title: Option<&str>,
    text: &str,
    tokens: &[Token],
    language: Option<&str>,
    published: Option<DateTime<Utc>>,
) -> ArticleFeatures {
    let title_tokens = title.map(|t| tokenize(t, language)).unwrap_or_default();
    let title = counts(title_tokens.iter().filter(|t| keep_term(t)).map(|t| t.stem.as_str()));
    let lead = counts(
        tokens[..tokens.len().min(LEAD_TOKENS)]
            .iter()
            .filter(|t| keep_term(t))
            .map(|t| t.stem.as_str()),
    );
    let body = counts(tokens.iter().filter(|t| keep_term(t)).map(|t| t.stem.as_str()));
    let mut entities = BTreeMap::new();
    collect_entities(text, tokens, language.unwrap_or("en"), &mut entities);
    let salient = salient_entities(&entities, tokens, &title_tokens);
    ArticleFeatures {
        title,
        body,
        lead,
        entities: entities.into_iter().collect(),
        salient,
        published,
    }
}

/// The article's protagonists: entity phrases (numbers left out) that the body names at
/// least twice and that the lead or, as whole words, the headline names too, keeping only
/// names of more than one word and the last words of those ("tony thompson",
/// "thompson"). A single capitalised word is too often a place in a dateline, an
/// organisation in passing or a word capitalised for emphasis; only phrases the body names
/// count, or a headline in title case would make a name of every word.
fn salient_entities(
    entities: &BTreeMap<String, f32>,
    tokens: &[Token],
    title_tokens: &[Token],
) -> Vec<String> {
    let lead: Vec<&str> =
        tokens[..tokens.len().min(LEAD_TOKENS)].iter().map(|t| t.lower.as_str()).collect();
    let headline: Vec<&str> = title_tokens.iter().map(|t| t.lower.as_str()).collect();
    let contains = |words: &[&str], phrase: &[&str]| {
        !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase)
    };
    // The last words of multi-word names.
    let heads: BTreeSet<&str> = entities
        .keys()
        .filter(|e| !e.starts_with(NUMBER_PREFIX))
        .filter_map(|e| e.rsplit_once(is_name_joint).map(|(_, head)| head))
        .collect();
    entities
        .iter()
        .filter(|&(e, &count)| {
            !e.starts_with(NUMBER_PREFIX)
                && count >= SALIENT_MENTIONS
                && (e.contains(is_name_joint) || heads.contains(e.as_str()))
        })
        .filter(|(e, _)| {
            let phrase: Vec<&str> = e.split(is_name_joint).collect();
            contains(&lead, &phrase) || contains(&headline, &phrase)
        })
        .map(|(e, _)| e.clone())
        .collect()
}

/// Each distinct word with how often it occurs, sorted (as a `BTreeMap` would order them),
/// allocating once per distinct word.
fn counts<'a>(words: impl Iterator<Item = &'a str>) -> Vec<(String, f32)> {
    let mut words: Vec<&str> = words.collect();
    words.sort_unstable();
    let mut out: Vec<(String, f32)> = Vec::new();
    for w in words {
        match out.last_mut() {
            Some((last, n)) if last == w => *n += 1.0,
            _ => out.push((w.to_string(), 1.0)),
        }
    }
    out
}

/// Words kept as terms: not a stop word, not a number (numbers go with the entities), and
/// longer than one character.
fn keep_term(t: &Token) -> bool {
    t.lower.chars().nth(1).is_some() && !has_digit(&t.lower) && !is_stop(&t.lower)
}

fn has_digit(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// What joins the words of an entity phrase: a space, or the hyphen of a compound name
/// ("port-vellin", "jean-luc mélenchon").
fn is_name_joint(c: char) -> bool {
    c == ' ' || c == '-'
}

/// The hyphens written inside a word: the hyphen-minus, the Unicode hyphen and the
/// non-breaking hyphen.
const WORD_HYPHENS: [char; 3] = ['-', '\u{2010}', '\u{2011}'];

/// True when the gap between two words is one word hyphen.
fn is_word_hyphen(gap: &str) -> bool {
    let mut chars = gap.chars();
    chars.next().is_some_and(|c| WORD_HYPHENS.contains(&c)) && chars.next().is_none()
}

/// True when the word at byte `start` opens a sentence, a line or a quotation: its
/// capital letter then says nothing about it being a name. A word right after a hyphen
/// ("al-Assad") is the end of a compound, not the start of anything.
fn at_sentence_start(text: &str, start: usize) -> bool {
    if text[..start].ends_with(WORD_HYPHENS) {
        return false;
    }
    for c in text[..start].chars().rev() {
        match c {
            ' ' | '\t' | '\u{a0}' => continue,
            '\n' | '.' | '!' | '?' | ':' | '"' | '“' | '‘' | '\'' | '(' | '—' | '–' | '-' =>
            {
                return true;
            }
            _ => return false,
        }
    }
    true
}

/// Named-entity phrases: maximal runs of capitalised words separated by single spaces or
/// by a hyphen ("Port-Vellin", kept as `port-vellin`, with its last part `vellin` as for
/// any longer name). A one-word run at the start of a sentence is ambiguous and skipped;
/// stop and calendar words are trimmed from the ends of runs. Numbers are collected as
/// they are.
fn collect_entities(text: &str, tokens: &[Token], language: &str, out: &mut BTreeMap<String, f32>) {
    // A capitalised "El" or "В" opening a sentence is no part of the name after it.
    let is_stop = |lower: &str| {
        is_entity_stop(lower) || (language != "en" && is_function_word(lower, language))
    };
    let mut run: Vec<&Token> = Vec::new();
    let mut run_starts_sentence = false;
    let flush = |run: &mut Vec<&Token>, starts: bool, out: &mut BTreeMap<String, f32>| {
        let mut words: &[&Token] = run;
        while let Some((first, rest)) = words.split_first() {
            if is_stop(&first.lower) {
                words = rest;
            } else {
                break;
            }
        }
        while let Some((last, rest)) = words.split_last() {
            if is_stop(&last.lower) {
                words = rest;
            } else {
                break;
            }
        }
        let trimmed_front = words.first().map(|w| w.start) != run.first().map(|w| w.start);
        let alone_generic = words.len() == 1 && is_generic_name(&words[0].lower);
        if !words.is_empty() && !alone_generic && (words.len() > 1 || !starts || trimmed_front) {
            let mut phrase = String::new();
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    let hyphen = is_word_hyphen(&text[words[i - 1].end..w.start]);
                    phrase.push(if hyphen { '-' } else { ' ' });
                }
                phrase.push_str(&w.lower);
            }
            *out.entry(phrase).or_insert(0.0) += 1.0;
            let head = &words[words.len() - 1].lower;
            if words.len() > 1 && !is_generic_name(head) {
                *out.entry(head.to_string()).or_insert(0.0) += 1.0;
            }
        }
        run.clear();
    };
    for t in tokens {
        let word = &text[t.start..t.end];
        if has_digit(&t.lower) {
            flush(&mut run, run_starts_sentence, out);
            *out.entry(format!("{NUMBER_PREFIX}{}", t.lower)).or_insert(0.0) += 1.0;
            continue;
        }
        if !is_capitalised(word) {
            flush(&mut run, run_starts_sentence, out);
            continue;
        }
        let joined = run.last().is_some_and(|prev| {
            let gap = &text[prev.end..t.start];
            gap == " "
                || is_word_hyphen(gap)
                || (is_title(&prev.lower) && (gap == ". " || gap == "."))
        });
        if !joined {
            flush(&mut run, run_starts_sentence, out);
        }
        if run.is_empty() {
            run_starts_sentence = at_sentence_start(text, t.start);
        }
        run.push(t);
    }
    flush(&mut run, run_starts_sentence, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities(text: &str) -> Vec<String> {
        let f = ArticleFeatures::from_parts(None, text, Some("en"), None);
        f.entities.into_iter().map(|(e, _)| e).collect()
    }

    #[test]
    fn capitalised_runs_become_entities() {
        let e = entities(
            "On Monday the mayor of Lower Marsh met Anna Kowalski. Rain fell on 12 streets.",
        );
        assert_eq!(e, ["#12", "anna kowalski", "kowalski", "lower marsh", "marsh"]);
    }

    #[test]
    fn hyphenated_names_are_one_entity() {
        let e = entities(
            "Dockers at Port-Vellin walked out. Jean-Luc Moreau spoke for the union, and \
             talks with al-Nour Shipping went on.",
        );
        assert_eq!(
            e,
            ["jean-luc moreau", "moreau", "nour shipping", "port-vellin", "shipping", "vellin"]
        );
    }

    #[test]
    fn names_lose_the_function_words_of_their_language() {
        let f = ArticleFeatures::from_parts(
            None,
            "La vacuna llegó. El Ministerio la aprobó. Es Salta Norte quien pide más.",
            Some("es"),
            None,
        );
        let names: Vec<&str> = f.entities().map(|(e, _)| e).collect();
        assert_eq!(names, ["ministerio", "norte", "salta norte"]);
        let f = ArticleFeatures::from_parts(None, "В Киеве молчат.", Some("ru"), None);
        assert_eq!(f.entities().map(|(e, _)| e).collect::<Vec<_>>(), ["киеве"]);
    }

    #[test]
    fn offices_and_initials_are_not_names_on_their_own() {
        let e = entities(
            "Relief teams of the National Disaster Response Force reached Pallavur, where \
             Revenue Minister K. Sudhakar Reddy met Government officials and the Minister \
             spoke.",
        );
        assert_eq!(
            e,
            [
                "national disaster response force",
                "pallavur",
                "reddy",
                "revenue minister k",
                "sudhakar reddy"
            ]
        );
    }

    #[test]
    fn sentence_initial_single_words_are_skipped_but_runs_kept() {
        let e = entities("Bridges closed. Anna Kowalski spoke. The Harbour Trust agreed.");
        assert_eq!(e, ["anna kowalski", "harbour trust", "kowalski", "trust"]);
        let e = entities("Rain fell. Dr. Okafor said so. Sen. Ruth Ames left.");
        assert_eq!(e, ["ames", "okafor", "ruth ames"]);
    }

    #[test]
    fn salient_names_are_repeated_multi_word_names_up_front() {
        let mut body = String::from(
            "Vitali Brandt beat Oleg Marek in Hamburg. The crowd saw Brandt outbox Marek, \
             and Hamburg cheered.",
        );
        for _ in 0..60 {
            body.push_str(" filler");
        }
        body.push_str(" Late on, Anna Berg and Anna Berg's coach Berg spoke.");
        let f = ArticleFeatures::from_parts(Some("Champion wins"), &body, Some("en"), None);
        // Hamburg is repeated but a single word; Anna Berg is repeated but not up front.
        assert_eq!(f.salient, ["brandt", "marek"]);
        let f = ArticleFeatures::from_parts(
            Some("Vitali Brandt beats Oleg Marek"),
            "Vitali Brandt won. Then Vitali Brandt and Oleg Marek left.",
            Some("en"),
            None,
        );
        assert_eq!(f.salient, ["brandt", "vitali brandt"]);
    }

    #[test]
    fn terms_drop_stop_words_and_numbers() {
        let f = ArticleFeatures::from_parts(
            Some("The floods return"),
            "The river flooded 3 villages and the floods returned.",
            Some("en"),
            None,
        );
        let title: Vec<&str> = f.title.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(title, ["flood", "return"]);
        let body: Vec<(&str, f32)> = f.body.iter().map(|(s, c)| (s.as_str(), *c)).collect();
        assert_eq!(body, [("flood", 2.0), ("return", 1.0), ("river", 1.0), ("villag", 1.0)]);
        assert!(!f.is_empty());
        assert!(ArticleFeatures::from_parts(None, "the and of", None, None).is_empty());
    }
}
