/*!
Topic pages: what a story's articles say, chosen from their own sentences.

[`page`] takes the articles of one story (or topic) as [`Source`]s and returns a [`Page`]:

* a **label**, the story's central name as written in the text ("Mariupol", "Bank of
  Lavrania"): proper-noun phrases scored by how many articles name them, in their titles
  especially, and by how rare they are in the [`Background`];
* a **headline**, the article title closest to the centroid of the whole story (ties to the
  earliest published);
* **key sentences**, chosen greedily: each is central to the story (close to the TF-IDF
  centroid of its articles and to their titles, near the top of its article, and told by the
  other outlets as well), not redundant with those already chosen (maximal marginal
  relevance over stem TF-IDF cosines), and from an outlet not yet quoted where one is as
  good. Page furniture and fragments never qualify: very short sentences, bylines, photo
  credits, calls to action, questions, cut-off quotations. Each key sentence carries its
  **support**: how many outlets report the same fact.

The page is deterministic (same sources, same page). Its cost is linear in the words read
(every sentence is tokenised and stemmed once; only the best few dozen candidates are
compared with every other sentence): on a busy 2-core machine `examples/bench.rs` measures
about 15 ms for 200 articles of four sentences (19,000 words), 45 ms for 200 articles of 25
sentences (120,000 words), and 0.2 ms for a three-article story of leads.

```
use parallax_summarise::{page, Background, Length, Source};

let sources = vec![
    Source {
        title: Some("Floods cut off Ostraven as the Velka river bursts its banks"),
        outlet: Some("Harbour Gazette"),
        sentences: vec![
            "OSTRAVEN (AP) — Floodwater cut off the town of Ostraven on Monday after the Velka river burst its banks.",
            "About 4,000 residents were evacuated overnight, the regional governor said.",
        ],
        ..Source::default()
    },
    Source {
        title: Some("Thousands evacuated from Ostraven after river floods"),
        outlet: Some("Baltic Ledger"),
        sentences: vec![
            "Some 4,000 people were evacuated from Ostraven overnight as the Velka river flooded, the governor said.",
            "Rail services to the town have been suspended until Thursday.",
        ],
        ..Source::default()
    },
];
let page = page(&sources, Length::Sentences(2), &Background::default());
assert_eq!(page.label, "Ostraven");
assert_eq!(page.sentences.len(), 2);
// The evacuation is told by both outlets.
assert!(page.sentences.iter().any(|k| k.text.contains("evacuated") && k.support == 2));
// The dateline is not part of the sentence shown.
assert!(page.sentences.iter().all(|k| !k.text.starts_with("OSTRAVEN")));
```
*/
#![warn(missing_docs)]

mod background;
mod label;
mod text;

use std::collections::HashMap;

use chrono::{DateTime, Utc};

pub use crate::background::Background;
use crate::text::{Junk, StyleBuilder, Term, Vocabulary, budget_words, clean, junk};

/// Whether a sentence is page furniture rather than reporting: a byline, a photo credit or
/// caption, a call to action ("Sign up for our newsletter"), a wire agency's credit line.
pub fn is_furniture(sentence: &str) -> bool {
    let words = sentence.split_whitespace().count();
    let has_word = sentence
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| text::FURNITURE_WORDS.binary_search(&w.to_lowercase().as_str()).is_ok());
    text::is_furniture(sentence, words, has_word)
}

/// The sentence as a page shows it: without what a wire copy puts before it (a dateline
/// such as `LONDON (Reuters) -` or `May 24 (Reuters) -`, an agency credit, an explainer
/// label).
pub fn as_shown(sentence: &str) -> &str {
    clean(sentence)
}

/// One article of the story.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source<'a> {
    /// Its headline.
    pub title: Option<&'a str>,
    /// The outlet that published it. Sources without one each count as an outlet of their own.
    pub outlet: Option<&'a str>,
    /// When it was published (breaks ties between equally good headlines: earliest wins).
    pub published: Option<DateTime<Utc>>,
    /// Its language, ISO 639-1 ("en"); selects the stemmer and stop words (English when
    /// `None`).
    pub language: Option<&'a str>,
    /// Its sentences in order, as segmented by `parallax_analyse::segment`.
    pub sentences: Vec<&'a str>,
}

/// How long the list of key sentences may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Length {
    /// At most this many sentences.
    Sentences(usize),
    /// Sentences until they hold at least this many words (whitespace-separated, as a
    /// reader counts them). The last sentence is whole, so the page may run past the budget;
    /// cutting the text to an exact length is left to the caller.
    Words(usize),
}

/// A story's page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// The story's central name or short phrase, as written in the text; empty when no
    /// source names anything.
    pub label: String,
    /// The most representative title; when no source has a title, the first key sentence
    /// (and empty when there is none).
    pub headline: String,
    /// Index into the sources of the article whose title is the headline.
    pub headline_source: Option<usize>,
    /// The key sentences, most central first.
    pub sentences: Vec<KeySentence>,
}

/// One key sentence of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySentence {
    /// Index of its article in the sources.
    pub source: usize,
    /// Index of the sentence in that article's `sentences`.
    pub sentence: usize,
    /// The sentence as written, without a leading dateline or agency credit
    /// (`KYIV (Reuters) -`, `(CNN)`) or explainer label (`Why it matters:`).
    pub text: String,
    /// Distinct outlets, its own included, that carry the same fact: its own outlet plus
    /// every other outlet with a sentence that paraphrases it ([`Config::paraphrase`]).
    pub support: usize,
}

/// The weights and thresholds behind [`page`]. [`Config::default`] is what `page` uses; it
/// was chosen on the NeuS training split (`parallax-eval`'s `summary` module) and checked for
/// sense on invented multi-outlet stories.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Config {
    /// Sentences with fewer words never qualify (unless nothing else does).
    pub min_words: usize,
    /// Weight of an article's title, relative to one body sentence, in its article vector.
    pub title_boost: f32,
    /// Weight of the cosine between a sentence and the story's centroid.
    pub w_centroid: f32,
    /// Weight of the cosine between a sentence and the story's titles.
    pub w_title: f32,
    /// Weight of the sentence's position: `1 / (1 + p)^position_decay` for the `p`-th
    /// sentence (0-based, furniture skipped) of its article.
    pub w_position: f32,
    /// See [`Config::w_position`].
    pub position_decay: f32,
    /// Weight of the share of capitalised words after the first: reports name people,
    /// places and institutions; commentary names fewer.
    pub w_names: f32,
    /// Subtracted from a sentence in the first person outside quotation marks (English
    /// pronouns): commentary rather than report.
    pub first_person_penalty: f32,
    /// Weight of consensus: the mean, over the other outlets, of the best cosine between the
    /// sentence and one of theirs.
    pub w_consensus: f32,
    /// A sentence's score is multiplied by `1 - quote_penalty × (share of it in quotes)`.
    pub quote_penalty: f32,
    /// Maximal marginal relevance: a candidate's score minus this times its highest cosine
    /// with a sentence already chosen.
    pub redundancy: f32,
    /// A candidate whose cosine with a sentence already chosen exceeds this is skipped.
    pub max_similarity: f32,
    /// Added to a candidate from an outlet that no chosen sentence comes from yet.
    pub outlet_bonus: f32,
    /// Two sentences of different outlets carry the same fact when their cosine reaches
    /// this and they share at least [`Config::paraphrase_terms`] content stems.
    pub paraphrase: f32,
    /// See [`Config::paraphrase`].
    pub paraphrase_terms: usize,
    /// At most this many sentences, the best by centroid, title, position and names, are
    /// compared with every other sentence: eight times what the page needs, at least 32
    /// (bounds the cost on very large stories).
    pub max_candidates: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            min_words: 6,
            title_boost: 2.0,
            w_centroid: 1.0,
            w_title: 0.5,
            w_position: 0.3,
            position_decay: 1.0,
            w_names: 0.4,
            first_person_penalty: 0.3,
            w_consensus: 0.5,
            quote_penalty: 0.1,
            redundancy: 0.5,
            max_similarity: 0.4,
            outlet_bonus: 0.1,
            paraphrase: 0.4,
            paraphrase_terms: 3,
            max_candidates: 120,
        }
    }
}

/// Builds the page of a story from its sources with the default [`Config`].
///
/// Never panics: sources without sentences, a single article, duplicated sentences or text in
/// any language all give a (possibly empty) page.
pub fn page(sources: &[Source], length: Length, background: &Background) -> Page {
    page_with(sources, length, background, &Config::default())
}

/// One sentence of the story.
struct Unit {
    source: usize,
    index: usize,
    outlet: usize,
    /// Byte range of the sentence as shown ([`clean`]) within the source's sentence.
    span: std::ops::Range<usize>,
    words: usize,
    junk: Option<Junk>,
    quote_share: f32,
    /// Share of the words after the first that are capitalised (names, places).
    names: f32,
    /// Speaks in the first person (an opinion piece or a quotation, not a report).
    first_person: bool,
    /// Rank among the article's sentences that are not furniture.
    position: usize,
    /// Stems (all, stop words included) with counts, sorted by term.
    counts: Vec<(Term, f32)>,
    /// Unit TF-IDF vector over content stems, sorted by term.
    vector: Vec<(Term, f32)>,
}

impl Unit {
    /// The sentence as shown.
    fn text<'s>(&self, sources: &[Source<'s>]) -> &'s str {
        &sources[self.source].sentences[self.index][self.span.clone()]
    }
}

/// [`page`] with explicit weights.
pub fn page_with(
    sources: &[Source],
    length: Length,
    background: &Background,
    config: &Config,
) -> Page {
    Tokenised::new(sources, config).page(sources, length, background, config)
}

/// A story's sources read once: every sentence and title tokenised and stemmed. Its
/// [`stems`](Tokenised::stems) are those a page needs background frequencies for; then
/// [`page`](Tokenised::page) writes the page from the same sources. [`page`] does both;
/// apart, the frequencies can be fetched (from a database, say) in between, for many
/// stories at once, without reading their text twice.
///
/// The page consults the background for the stems of its own text only, so a background
/// read for many stories gives each the page it would get alone.
pub struct Tokenised {
    vocab: Vocabulary,
    outlets: Vec<usize>,
    units: Vec<Unit>,
    /// Stems of each source's title with their counts.
    titles: Vec<Vec<(Term, f32)>>,
}

impl Tokenised {
    /// Reads `sources` (`config` tells which sentences are too short to qualify).
    pub fn new(sources: &[Source], config: &Config) -> Tokenised {
        let mut vocab = Vocabulary::new();
        let outlets = outlet_ids(sources);

        // Words and stems of every sentence and title.
        let mut units: Vec<Unit> = Vec::new();
        let mut titles: Vec<Vec<(Term, f32)>> = Vec::with_capacity(sources.len());
        let mut scratch: Vec<Term> = Vec::new();
        for (s, source) in sources.iter().enumerate() {
            let language = source.language;
            let mut position = 0;
            for (index, raw) in source.sentences.iter().enumerate() {
                let text = clean(raw);
                if text.is_empty() {
                    continue;
                }
                scratch.clear();
                let mut style = StyleBuilder::new(language);
                vocab.for_each_word(text, language, |t, _, start, end| {
                    scratch.push(t);
                    style.word(text, start, end);
                });
                if scratch.is_empty() {
                    continue;
                }
                let style = style.finish(text);
                let words = budget_words(text);
                let furniture_words = scratch.iter().any(|&t| vocab.furniture[t as usize]);
                let junk = junk(text, words, config.min_words, &style, furniture_words);
                // `clean` gives a part of the sentence: where it starts within it.
                let start = text.as_ptr() as usize - raw.as_ptr() as usize;
                units.push(Unit {
                    source: s,
                    index,
                    outlet: outlets[s],
                    span: start..start + text.len(),
                    words,
                    junk,
                    quote_share: style.quoted,
                    names: style.names,
                    first_person: style.first_person,
                    position,
                    counts: counts(&mut scratch),
                    vector: Vec::new(),
                });
                if junk.is_none_or(|j| j == Junk::QuoteFragment || j == Junk::Question) {
                    position += 1;
                }
            }
            scratch.clear();
            if let Some(title) = source.title {
                vocab.for_each_word(title, language, |t, _, _, _| scratch.push(t));
            }
            titles.push(counts(&mut scratch));
        }
        Tokenised { vocab, outlets, units, titles }
    }

    /// The distinct stems of the sources' sentences and titles.
    pub fn stems(&self) -> impl Iterator<Item = &str> {
        self.vocab.stems.iter().map(String::as_str)
    }

    /// The page of `sources`, which must be those this was read from.
    pub fn page(
        self,
        sources: &[Source],
        length: Length,
        background: &Background,
        config: &Config,
    ) -> Page {
        let Tokenised { vocab, outlets, mut units, titles } = self;
        // Inverse document frequency: background documents plus the story's articles.
        let n_terms = vocab.len();
        let mut df_story = vec![0u32; n_terms];
        {
            let mut last = vec![usize::MAX; n_terms];
            let mut mark = |t: Term, s: usize| {
                if last[t as usize] != s {
                    last[t as usize] = s;
                    df_story[t as usize] += 1;
                }
            };
            for u in &units {
                for &(t, _) in &u.counts {
                    mark(t, u.source);
                }
            }
            for (s, title) in titles.iter().enumerate() {
                for &(t, _) in title {
                    mark(t, s);
                }
            }
        }
        let documents = background.documents() as f32 + sources.len() as f32;
        let idf: Vec<f32> = (0..n_terms)
            .map(|t| {
                if vocab.stop[t] {
                    return 0.0;
                }
                let df = background.docs(&vocab.stems[t]) as f32 + df_story[t] as f32;
                ((documents + 1.0) / (df + 1.0)).ln() + 1.0
            })
            .collect();
        for u in &mut units {
            u.vector = weigh(&u.counts, &idf, 1.0);
        }

        // The centroid: mean of the unit article vectors (title boosted); the title vector:
        // mean of the unit title vectors.
        let mut centroid = vec![0f32; n_terms];
        let mut title_centroid = vec![0f32; n_terms];
        {
            let mut per_source: Vec<Vec<(Term, f32)>> = titles
                .iter()
                .map(|t| t.iter().map(|&(t, n)| (t, n * config.title_boost)).collect())
                .collect();
            for u in &units {
                per_source[u.source].extend_from_slice(&u.counts);
            }
            for (s, mut raw) in per_source.into_iter().enumerate() {
                raw.sort_by_key(|&(t, _)| t);
                let merged = merge(&raw);
                for (t, w) in weigh(&merged, &idf, 1.0) {
                    centroid[t as usize] += w;
                }
                for (t, w) in weigh(&titles[s], &idf, 1.0) {
                    title_centroid[t as usize] += w;
                }
            }
            normalise_dense(&mut centroid);
            normalise_dense(&mut title_centroid);
        }

        let sentences = select(
            sources,
            &units,
            length,
            config,
            &centroid,
            &title_centroid,
            outlets_count(&outlets),
        );
        let headline_source = headline(sources, &titles, &idf, &centroid);
        let headline = match headline_source {
            Some(s) => sources[s].title.unwrap_or_default().trim().to_string(),
            None => sentences.first().map(|k| k.text.clone()).unwrap_or_default(),
        };
        let label = label::label(sources, &outlets_names(sources), background, &vocab);
        Page { label, headline, headline_source, sentences }
    }
}

/// Sorts stems and counts them.
fn counts(terms: &mut [Term]) -> Vec<(Term, f32)> {
    terms.sort_unstable();
    let mut out: Vec<(Term, f32)> = Vec::with_capacity(terms.len());
    for &t in terms.iter() {
        match out.last_mut() {
            Some((last, n)) if *last == t => *n += 1.0,
            _ => out.push((t, 1.0)),
        }
    }
    out
}

/// Sums the counts of equal terms in a sorted list.
fn merge(sorted: &[(Term, f32)]) -> Vec<(Term, f32)> {
    let mut out: Vec<(Term, f32)> = Vec::with_capacity(sorted.len());
    for &(t, n) in sorted {
        match out.last_mut() {
            Some((last, m)) if *last == t => *m += n,
            _ => out.push((t, n)),
        }
    }
    out
}

/// Sublinear TF times IDF, stop words dropped, scaled to length `norm`.
fn weigh(counts: &[(Term, f32)], idf: &[f32], norm: f32) -> Vec<(Term, f32)> {
    let mut v: Vec<(Term, f32)> = counts
        .iter()
        .filter(|&&(t, n)| n > 0.0 && idf[t as usize] > 0.0)
        .map(|&(t, n)| (t, (1.0 + n.ln()) * idf[t as usize]))
        .collect();
    let len = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if len > 0.0 {
        for (_, w) in &mut v {
            *w *= norm / len;
        }
    }
    v
}

fn normalise_dense(v: &mut [f32]) {
    let len = v.iter().map(|w| w * w).sum::<f32>().sqrt();
    if len > 0.0 {
        for w in v {
            *w /= len;
        }
    }
}

fn dot_dense(v: &[(Term, f32)], dense: &[f32]) -> f32 {
    v.iter().map(|&(t, w)| w * dense[t as usize]).sum()
}

/// Outlet of each source, as a dense id: the same outlet name (case and spacing aside)
/// gives the same id; a source without one is an outlet of its own.
fn outlet_ids(sources: &[Source]) -> Vec<usize> {
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut next = 0;
    sources
        .iter()
        .map(|s| {
            let key = s
                .outlet
                .map(|o| o.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase())
                .filter(|o| !o.is_empty());
            match key {
                Some(k) => *ids.entry(k).or_insert_with(|| {
                    next += 1;
                    next - 1
                }),
                None => {
                    next += 1;
                    next - 1
                }
            }
        })
        .collect()
}

fn outlets_count(outlets: &[usize]) -> usize {
    outlets.iter().max().map_or(0, |m| m + 1)
}

fn outlets_names<'a>(sources: &[Source<'a>]) -> Vec<&'a str> {
    sources.iter().filter_map(|s| s.outlet).collect()
}

/// Picks the key sentences.
fn select(
    sources: &[Source],
    units: &[Unit],
    length: Length,
    config: &Config,
    centroid: &[f32],
    title_centroid: &[f32],
    n_outlets: usize,
) -> Vec<KeySentence> {
    let limit_reached = |chosen: usize, words: usize| match length {
        Length::Sentences(n) => chosen >= n,
        Length::Words(n) => words >= n,
    };
    if units.is_empty() || limit_reached(0, 0) {
        return Vec::new();
    }
    // Candidates: sentences that are not furniture, or every sentence when all are.
    let eligible: Vec<usize> = {
        let clean: Vec<usize> = (0..units.len()).filter(|&i| units[i].junk.is_none()).collect();
        if clean.is_empty() { (0..units.len()).collect() } else { clean }
    };
    let prior: Vec<f32> = units
        .iter()
        .map(|u| {
            config.w_centroid * dot_dense(&u.vector, centroid)
                + config.w_title * dot_dense(&u.vector, title_centroid)
                + config.w_position / (1.0 + u.position as f32).powf(config.position_decay)
                + config.w_names * u.names
                - if u.first_person { config.first_person_penalty } else { 0.0 }
        })
        .collect();
    let mut candidates = eligible;
    candidates.sort_by(|&a, &b| prior[b].total_cmp(&prior[a]).then(a.cmp(&b)));
    // Enough candidates for the page several times over, within the cap.
    let wanted = match length {
        Length::Sentences(n) => n,
        Length::Words(n) => n / 12 + 1,
    };
    candidates.truncate(wanted.saturating_mul(8).clamp(32, config.max_candidates.max(32)));

    // Similarities of each candidate with every sentence, through an inverted index.
    let mut postings: Vec<Vec<(u32, f32)>> = Vec::new();
    for (i, u) in units.iter().enumerate() {
        for &(t, w) in &u.vector {
            let t = t as usize;
            if t >= postings.len() {
                postings.resize_with(t + 1, Vec::new);
            }
            postings[t].push((i as u32, w));
        }
    }
    let m = candidates.len();
    let mut position_of = vec![usize::MAX; units.len()];
    for (k, &i) in candidates.iter().enumerate() {
        position_of[i] = k;
    }
    let mut pair = vec![0f32; m * m];
    let mut consensus = vec![0f32; m];
    let mut support = vec![1usize; m];
    let mut acc = vec![0f32; units.len()];
    let mut shared = vec![0u32; units.len()];
    let mut touched: Vec<usize> = Vec::new();
    let mut best_by_outlet = vec![0f32; n_outlets];
    let mut carries = vec![false; n_outlets];
    for (k, &i) in candidates.iter().enumerate() {
        for &(t, w) in &units[i].vector {
            for &(j, wj) in &postings[t as usize] {
                let j = j as usize;
                if shared[j] == 0 {
                    touched.push(j);
                }
                acc[j] += w * wj;
                shared[j] += 1;
            }
        }
        let own = units[i].outlet;
        for &j in &touched {
            let o = units[j].outlet;
            if o != own {
                best_by_outlet[o] = best_by_outlet[o].max(acc[j]);
                if acc[j] >= config.paraphrase && shared[j] as usize >= config.paraphrase_terms {
                    carries[o] = true;
                }
            }
            if position_of[j] != usize::MAX {
                pair[k * m + position_of[j]] = acc[j];
            }
        }
        if n_outlets > 1 {
            consensus[k] = best_by_outlet.iter().sum::<f32>() / (n_outlets - 1) as f32;
        }
        support[k] = 1 + carries.iter().filter(|&&c| c).count();
        for &j in &touched {
            acc[j] = 0.0;
            shared[j] = 0;
        }
        touched.clear();
        best_by_outlet.iter_mut().for_each(|b| *b = 0.0);
        carries.iter_mut().for_each(|c| *c = false);
    }
    let score: Vec<f32> = candidates
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            (prior[i] + config.w_consensus * consensus[k])
                * (1.0 - config.quote_penalty * units[i].quote_share)
        })
        .collect();

    // Greedy maximal marginal relevance with an outlet bonus.
    let mut chosen: Vec<usize> = Vec::new();
    let mut taken = vec![false; m];
    let mut quoted = vec![false; n_outlets];
    let mut words = 0;
    while !limit_reached(chosen.len(), words) {
        let mut best: Option<(f32, usize)> = None;
        for k in 0..m {
            if taken[k] {
                continue;
            }
            let max_sim = chosen.iter().map(|&c| pair[k * m + c]).fold(0f32, f32::max);
            if !chosen.is_empty() && max_sim > config.max_similarity {
                continue;
            }
            let mut gain = score[k] - config.redundancy * max_sim;
            if !quoted[units[candidates[k]].outlet] {
                gain += config.outlet_bonus;
            }
            if best.is_none_or(|(g, _)| gain > g) {
                best = Some((gain, k));
            }
        }
        let Some((_, k)) = best else { break };
        taken[k] = true;
        chosen.push(k);
        let u = &units[candidates[k]];
        quoted[u.outlet] = true;
        words += u.words;
    }
    chosen
        .into_iter()
        .map(|k| {
            let u = &units[candidates[k]];
            KeySentence {
                source: u.source,
                sentence: u.index,
                text: u.text(sources).to_string(),
                support: support[k],
            }
        })
        .collect()
}

/// The title closest to the centroid; ties to the earliest published, then the first.
fn headline(
    sources: &[Source],
    titles: &[Vec<(Term, f32)>],
    idf: &[f32],
    centroid: &[f32],
) -> Option<usize> {
    let mut best: Option<(f32, usize)> = None;
    for (s, source) in sources.iter().enumerate() {
        if source.title.is_none_or(|t| t.trim().is_empty()) {
            continue;
        }
        let score = dot_dense(&weigh(&titles[s], idf, 1.0), centroid);
        let better = match best {
            None => true,
            Some((b, bs)) => {
                score > b + 1e-6
                    || ((score - b).abs() <= 1e-6 && earlier(&sources[s], &sources[bs]))
            }
        };
        if better {
            best = Some((score, s));
        }
    }
    best.map(|(_, s)| s)
}

/// Strictly earlier: dated before undated, then by date.
fn earlier(a: &Source, b: &Source) -> bool {
    match (a.published, b.published) {
        (Some(x), Some(y)) => x < y,
        (Some(_), None) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests;
