//! Topic-page summaries scored with ROUGE.
//!
//! [`evaluate`] reads a summary-gold JSON Lines file, one story per line
//! `{story, articles: [{id, title, text, outlet, url, published, language}], references: [text]}`
//! (the generic format of `shared/tools/convert.py`, e.g. NeuS), and for each story:
//!
//! 1. analyses every article with [`parallax_analyse::Analyser`] (normalisation, language,
//!    sentence split), as the ingest pipeline does;
//! 2. builds its page with [`parallax_summarise::page`] and [`Length::Words`]`(words)`;
//! 3. joins the key sentences' text (not the label or headline) with spaces, keeps the first
//!    `words` whitespace-separated words, and scores that against the references.
//!
//! Scores are ROUGE-1, ROUGE-2 and ROUGE-L (summary-level LCS is not used) precision, recall
//! and F1, computed exactly as Google's `rouge-score` package with `use_stemmer=True`
//! computes them: text lower-cased, every run of characters other than `a-z0-9` a separator,
//! tokens longer than three characters stemmed by NLTK's Porter stemmer in its default
//! `NLTK_EXTENSIONS` mode ([`porter_stem`], a port of it); n-gram precision and recall from
//! clipped counts; ROUGE-L from the longest common subsequence. With several references a
//! story takes, for each ROUGE type separately, the reference with the highest F1 (the
//! first on ties), as `RougeScorer.score_multi` does. Scores are averaged over stories.
//!
//! The IDF [`Background`] is counted from the gold file's own article texts (no reference
//! is read), or from another gold file given in [`Options::background`] — e.g. the NeuS train
//! split, as the peer script `summary_peers.py` does for its centroid peer.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use parallax_analyse::Analyser;
use parallax_summarise::{Background, Config, Length, Source, page_with};
use serde::Serialize;
use serde_json::Value;

use crate::{EvalError, gold};

/// Precision, recall or F1 of the three ROUGE types.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Rouge {
    /// ROUGE-1 (unigrams).
    pub rouge1: f64,
    /// ROUGE-2 (bigrams).
    pub rouge2: f64,
    /// ROUGE-L (longest common subsequence).
    #[serde(rename = "rougeL")]
    pub rouge_l: f64,
}

/// The result of [`evaluate`]. All scores are means over stories, between 0 and 1.
#[derive(Clone, Debug, Serialize)]
pub struct SummaryReport {
    /// Stories scored.
    pub stories: usize,
    /// The word limit of every summary.
    pub words: usize,
    /// ROUGE-1 F1.
    pub rouge1: f64,
    /// ROUGE-2 F1.
    pub rouge2: f64,
    /// ROUGE-L F1.
    #[serde(rename = "rougeL")]
    pub rouge_l: f64,
    /// Standard error of the ROUGE-1 F1 mean over stories.
    pub rouge1_sem: f64,
    /// Precision of the three types.
    pub precision: Rouge,
    /// Recall of the three types.
    pub recall: Rouge,
    /// Mean words of a summary after the cut.
    pub summary_words: f64,
    /// Stories whose summary is empty.
    pub empty: usize,
    /// Where the IDF came from.
    pub background: String,
    /// Pages built per second (the page alone: analysis and scoring are outside the clock).
    pub stories_per_second: f64,
}

impl SummaryReport {
    /// A human-readable summary.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Topic-page summaries ({} words)", self.words);
        let _ = writeln!(
            out,
            "  stories {}   summary words {:.1}   empty {}   background {}",
            self.stories, self.summary_words, self.empty, self.background
        );
        for (name, f, p, r) in [
            ("ROUGE-1", self.rouge1, self.precision.rouge1, self.recall.rouge1),
            ("ROUGE-2", self.rouge2, self.precision.rouge2, self.recall.rouge2),
            ("ROUGE-L", self.rouge_l, self.precision.rouge_l, self.recall.rouge_l),
        ] {
            let _ = writeln!(out, "  {name}  F1 {f:.4}  P {p:.4}  R {r:.4}");
        }
        let _ = writeln!(out, "  ROUGE-1 F1 standard error {:.4}", self.rouge1_sem);
        let _ = writeln!(out, "  speed {:.0} stories/s", self.stories_per_second);
        out
    }
}

/// Settings of [`evaluate_with`].
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// A summary-gold file whose article texts make the IDF background (default: the gold
    /// file's own).
    pub background: Option<PathBuf>,
    /// The page's weights (default: [`Config::default`], what `page` uses).
    pub config: Config,
    /// Writes one JSON line per story, `{story, summary, references, rouge1, rouge2,
    /// rougeL}` (F1), to this file.
    pub dump: Option<PathBuf>,
}

/// Scores the default topic page, cut to `words` words, on the summary-gold file `gold`;
/// IDF from the file's own article texts.
///
/// # Errors
///
/// [`EvalError::Io`] when the file cannot be read, [`EvalError::Parse`] for a line that is
/// not a story with `articles` and `references`, [`EvalError::NoData`] for a file with no
/// story.
pub fn evaluate(gold: &Path, words: usize) -> Result<SummaryReport, EvalError> {
    evaluate_with(gold, words, &Options::default())
}

/// [`evaluate`] with a chosen background, page weights, or a dump of the summaries.
///
/// # Errors
///
/// As [`evaluate`], for the background file too; [`EvalError::Io`] when the dump cannot be
/// written.
pub fn evaluate_with(
    gold: &Path,
    words: usize,
    options: &Options,
) -> Result<SummaryReport, EvalError> {
    let stories = load(gold)?;
    let (background, described) = match &options.background {
        Some(path) => (background_of(&load(path)?), path.display().to_string()),
        None => (background_of(&stories), "the gold file's articles".to_string()),
    };
    let report =
        run(&stories, words, &background, &options.config, described, options.dump.as_deref())?;
    Ok(report)
}

/// One story of a gold file, analysed.
#[derive(Clone, Debug)]
pub struct Story {
    id: String,
    articles: Vec<Article>,
    references: Vec<String>,
}

#[derive(Clone, Debug)]
struct Article {
    title: Option<String>,
    outlet: Option<String>,
    published: Option<chrono::DateTime<chrono::Utc>>,
    language: Option<String>,
    text: String,
    sentences: Vec<String>,
}

/// Reads and analyses a summary-gold file.
///
/// # Errors
///
/// As [`evaluate`].
pub fn load(path: &Path) -> Result<Vec<Story>, EvalError> {
    let analyser = Analyser::new();
    let mut stories = Vec::new();
    for (line, obj) in gold::objects(path)? {
        let bad = |message: String| gold::parse_error(path, line, message);
        let id = match obj.get("story") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => format!("line {line}"),
        };
        let articles = obj
            .get("articles")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("missing \"articles\" list".into()))?;
        let references: Vec<String> = obj
            .get("references")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("missing \"references\" list".into()))?
            .iter()
            .map(|r| {
                r.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| bad("a reference is not a string".into()))
            })
            .collect::<Result<_, _>>()?;
        let mut parsed = Vec::with_capacity(articles.len());
        for a in articles {
            let a = a.as_object().ok_or_else(|| bad("an article is not a JSON object".into()))?;
            let doc = gold::document(path, line, a)?;
            let analysis = analyser.analyse(&doc);
            parsed.push(Article {
                title: analysis.title,
                outlet: analysis.outlet,
                published: doc.published,
                language: analysis.language,
                sentences: analysis.sentences.into_iter().map(|s| s.text).collect(),
                text: analysis.text,
            });
        }
        stories.push(Story { id, articles: parsed, references });
    }
    if stories.is_empty() {
        return Err(EvalError::NoData {
            path: path.to_path_buf(),
            expected: "JSON Lines stories with \"articles\" and \"references\"".into(),
        });
    }
    Ok(stories)
}

/// The IDF background of a set of stories: one document per article (title and text).
pub fn background_of(stories: &[Story]) -> Background {
    let texts: Vec<(String, Option<&str>)> = stories
        .iter()
        .flat_map(|s| &s.articles)
        .map(|a| {
            let mut t = a.title.clone().unwrap_or_default();
            t.push('\n');
            t.push_str(&a.text);
            (t, a.language.as_deref())
        })
        .collect();
    Background::from_texts(texts.iter().map(|(t, l)| (t.as_str(), *l)))
}

/// The summary of one story: its page's key sentences, cut to `words` words.
pub fn summarise(story: &Story, words: usize, background: &Background, config: &Config) -> String {
    let sources: Vec<Source> = story
        .articles
        .iter()
        .map(|a| Source {
            title: a.title.as_deref(),
            outlet: a.outlet.as_deref(),
            published: a.published,
            language: a.language.as_deref(),
            sentences: a.sentences.iter().map(String::as_str).collect(),
        })
        .collect();
    let page = page_with(&sources, Length::Words(words), background, config);
    let mut out = String::new();
    let mut n = 0;
    'outer: for k in &page.sentences {
        for w in k.text.split_whitespace() {
            if n == words {
                break 'outer;
            }
            if n > 0 {
                out.push(' ');
            }
            out.push_str(w);
            n += 1;
        }
    }
    out
}

/// Scores stories with a given background and configuration.
///
/// # Errors
///
/// [`EvalError::Io`] when the dump cannot be written.
pub fn run(
    stories: &[Story],
    words: usize,
    background: &Background,
    config: &Config,
    described: String,
    dump: Option<&Path>,
) -> Result<SummaryReport, EvalError> {
    let start = Instant::now();
    let summaries: Vec<String> =
        stories.iter().map(|s| summarise(s, words, background, config)).collect();
    let elapsed = start.elapsed().as_secs_f64();
    let mut f1 = Vec::with_capacity(stories.len());
    let (mut p_sum, mut r_sum, mut f_sum) = ([0f64; 3], [0f64; 3], [0f64; 3]);
    let mut lines = String::new();
    for (story, summary) in stories.iter().zip(&summaries) {
        let scores = rouge_multi(&story.references, summary);
        for k in 0..3 {
            p_sum[k] += scores[k].precision;
            r_sum[k] += scores[k].recall;
            f_sum[k] += scores[k].f1;
        }
        f1.push(scores[0].f1);
        if dump.is_some() {
            let line = serde_json::json!({
                "story": story.id,
                "summary": summary,
                "references": story.references,
                "rouge1": scores[0].f1,
                "rouge2": scores[1].f1,
                "rougeL": scores[2].f1,
            });
            lines.push_str(&line.to_string());
            lines.push('\n');
        }
    }
    if let Some(path) = dump {
        std::fs::write(path, lines)
            .map_err(|source| EvalError::Io { path: path.to_path_buf(), source })?;
    }
    let n = stories.len().max(1) as f64;
    let mean = f_sum[0] / n;
    let var = f1.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    let rouge = |s: [f64; 3]| Rouge { rouge1: s[0] / n, rouge2: s[1] / n, rouge_l: s[2] / n };
    Ok(SummaryReport {
        stories: stories.len(),
        words,
        rouge1: f_sum[0] / n,
        rouge2: f_sum[1] / n,
        rouge_l: f_sum[2] / n,
        rouge1_sem: var.sqrt() / n.sqrt(),
        precision: rouge(p_sum),
        recall: rouge(r_sum),
        summary_words: summaries.iter().map(|s| s.split_whitespace().count() as f64).sum::<f64>()
            / n,
        empty: summaries.iter().filter(|s| s.is_empty()).count(),
        background: described,
        stories_per_second: if elapsed > 0.0 {
            stories.len() as f64 / elapsed
        } else {
            f64::INFINITY
        },
    })
}

// ------------------------------------------------------------------ ROUGE

/// One ROUGE score: precision, recall and F1, as every metric here reports them.
pub type Score = crate::cluster::Prf;

/// `rouge-score`'s default tokenizer with `use_stemmer=True`.
pub fn rouge_tokens(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|t| !t.is_empty())
        .map(|t| if t.len() > 3 { porter_stem(t) } else { t.to_string() })
        .filter(|t| !t.is_empty())
        .collect()
}

/// ROUGE-1, ROUGE-2 and ROUGE-L of `prediction` against one `target`, as
/// `RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True).score(target, prediction)`.
pub fn rouge(target: &str, prediction: &str) -> [Score; 3] {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut intern = |tokens: Vec<String>| -> Vec<u32> {
        tokens
            .into_iter()
            .map(|t| {
                let next = ids.len() as u32;
                *ids.entry(t).or_insert(next)
            })
            .collect()
    };
    let target = intern(rouge_tokens(target));
    let prediction = intern(rouge_tokens(prediction));
    [
        ngram_score(&target, &prediction, 1),
        ngram_score(&target, &prediction, 2),
        lcs_score(&target, &prediction),
    ]
}

/// [`rouge`] against several targets: for each type the target with the highest F1 (the
/// first on ties), as `RougeScorer.score_multi`. No target scores 0.
pub fn rouge_multi(targets: &[String], prediction: &str) -> [Score; 3] {
    let mut best = [Score::default(); 3];
    let mut seen = false;
    for t in targets {
        let s = rouge(t, prediction);
        for k in 0..3 {
            if !seen || s[k].f1 > best[k].f1 {
                best[k] = s[k];
            }
        }
        seen = true;
    }
    best
}

fn ngram_score(target: &[u32], prediction: &[u32], n: usize) -> Score {
    fn grams(t: &[u32], n: usize) -> HashMap<&[u32], usize> {
        let mut m = HashMap::new();
        if t.len() >= n {
            for g in t.windows(n) {
                *m.entry(g).or_insert(0) += 1;
            }
        }
        m
    }
    let tg = grams(target, n);
    let pg = grams(prediction, n);
    let overlap: usize = tg.iter().map(|(g, &c)| c.min(pg.get(g).copied().unwrap_or(0))).sum();
    let t_count: usize = tg.values().sum();
    let p_count: usize = pg.values().sum();
    Score::new(overlap as f64 / p_count.max(1) as f64, overlap as f64 / t_count.max(1) as f64)
}

fn lcs_score(target: &[u32], prediction: &[u32]) -> Score {
    if target.is_empty() || prediction.is_empty() {
        return Score::default();
    }
    let mut prev = vec![0usize; prediction.len() + 1];
    let mut cur = vec![0usize; prediction.len() + 1];
    for &r in target {
        for (j, &c) in prediction.iter().enumerate() {
            cur[j + 1] = if r == c { prev[j] + 1 } else { prev[j + 1].max(cur[j]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let lcs = prev[prediction.len()] as f64;
    Score::new(lcs / prediction.len() as f64, lcs / target.len() as f64)
}

// ------------------------------------------------------------------ Porter

/// NLTK's `PorterStemmer().stem(word)` in its default `NLTK_EXTENSIONS` mode, for a
/// lower-case ASCII word (what the ROUGE tokenizer passes it). A line-by-line port of
/// `nltk/stem/porter.py` (NLTK 3.9/3.10), checked against NLTK on every word of the NeuS
/// texts.
pub fn porter_stem(word: &str) -> String {
    if let Some(s) = irregular(word) {
        return s.to_string();
    }
    if word.len() <= 2 {
        return word.to_string();
    }
    let mut w = word.as_bytes().to_vec();
    w = step1a(w);
    w = step1b(w);
    w = step1c(w);
    w = step2(w);
    w = step3(w);
    w = step4(w);
    w = step5a(w);
    w = step5b(w);
    String::from_utf8(w).unwrap_or_default()
}

fn irregular(word: &str) -> Option<&'static str> {
    Some(match word {
        "sky" | "skies" => "sky",
        "dying" => "die",
        "lying" => "lie",
        "tying" => "tie",
        "news" => "news",
        "innings" | "inning" => "inning",
        "outings" | "outing" => "outing",
        "cannings" | "canning" => "canning",
        "howe" => "howe",
        "proceed" => "proceed",
        "exceed" => "exceed",
        "succeed" => "succeed",
        _ => return None,
    })
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn is_consonant(w: &[u8], i: usize) -> bool {
    if is_vowel(w[i]) {
        return false;
    }
    if w[i] == b'y' {
        return i == 0 || !is_consonant(w, i - 1);
    }
    true
}

fn measure(stem: &[u8]) -> usize {
    let flags: Vec<bool> = (0..stem.len()).map(|i| is_consonant(stem, i)).collect();
    flags.windows(2).filter(|p| !p[0] && p[1]).count()
}

fn contains_vowel(stem: &[u8]) -> bool {
    (0..stem.len()).any(|i| !is_consonant(stem, i))
}

fn ends_double_consonant(w: &[u8]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

fn ends_cvc(w: &[u8]) -> bool {
    let n = w.len();
    (n >= 3
        && is_consonant(w, n - 3)
        && !is_consonant(w, n - 2)
        && is_consonant(w, n - 1)
        && !matches!(w[n - 1], b'w' | b'x' | b'y'))
        || (n == 2 && !is_consonant(w, 0) && is_consonant(w, 1))
}

fn with(stem: &[u8], tail: &str) -> Vec<u8> {
    let mut v = stem.to_vec();
    v.extend_from_slice(tail.as_bytes());
    v
}

/// The first rule whose suffix ends `w` decides: its replacement if `cond(stem)`, else `w`.
fn apply(w: Vec<u8>, rules: &[(&str, &str)], cond: impl Fn(&[u8], &str) -> bool) -> Vec<u8> {
    for &(suffix, replacement) in rules {
        if w.ends_with(suffix.as_bytes()) {
            let stem = &w[..w.len() - suffix.len()];
            return if cond(stem, suffix) { with(stem, replacement) } else { w };
        }
    }
    w
}

fn step1a(w: Vec<u8>) -> Vec<u8> {
    if w.ends_with(b"ies") && w.len() == 4 {
        return with(&w[..1], "ie");
    }
    apply(w, &[("sses", "ss"), ("ies", "i"), ("ss", "ss"), ("s", "")], |_, _| true)
}

fn step1b(w: Vec<u8>) -> Vec<u8> {
    if w.ends_with(b"ied") {
        return if w.len() == 4 { with(&w[..1], "ie") } else { with(&w[..w.len() - 3], "i") };
    }
    if w.ends_with(b"eed") {
        let stem = &w[..w.len() - 3];
        return if measure(stem) > 0 { with(stem, "ee") } else { w };
    }
    let mut inter: Option<Vec<u8>> = None;
    for suffix in ["ed", "ing"] {
        if w.ends_with(suffix.as_bytes()) {
            let stem = &w[..w.len() - suffix.len()];
            if contains_vowel(stem) {
                inter = Some(stem.to_vec());
                break;
            }
        }
    }
    let Some(inter) = inter else { return w };
    for (suffix, replacement) in [("at", "ate"), ("bl", "ble"), ("iz", "ize")] {
        if inter.ends_with(suffix.as_bytes()) {
            return with(&inter[..inter.len() - 2], replacement);
        }
    }
    if ends_double_consonant(&inter) {
        let last = inter[inter.len() - 1];
        return if !matches!(last, b'l' | b's' | b'z') {
            inter[..inter.len() - 1].to_vec()
        } else {
            inter
        };
    }
    if measure(&inter) == 1 && ends_cvc(&inter) { with(&inter, "e") } else { inter }
}

fn step1c(w: Vec<u8>) -> Vec<u8> {
    if w.ends_with(b"y") {
        let stem = &w[..w.len() - 1];
        if stem.len() > 1 && is_consonant(stem, stem.len() - 1) {
            return with(stem, "i");
        }
    }
    w
}

fn step2(w: Vec<u8>) -> Vec<u8> {
    if w.ends_with(b"alli") && measure(&w[..w.len() - 4]) > 0 {
        return step2(with(&w[..w.len() - 4], "al"));
    }
    const RULES: &[(&str, &str)] = &[
        ("ational", "ate"),
        ("tional", "tion"),
        ("enci", "ence"),
        ("anci", "ance"),
        ("izer", "ize"),
        ("bli", "ble"),
        ("alli", "al"),
        ("entli", "ent"),
        ("eli", "e"),
        ("ousli", "ous"),
        ("ization", "ize"),
        ("ation", "ate"),
        ("ator", "ate"),
        ("alism", "al"),
        ("iveness", "ive"),
        ("fulness", "ful"),
        ("ousness", "ous"),
        ("aliti", "al"),
        ("iviti", "ive"),
        ("biliti", "ble"),
        ("fulli", "ful"),
        ("logi", "log"),
    ];
    let full = w.clone();
    apply(w, RULES, |stem, suffix| {
        if suffix == "logi" { measure(&full[..full.len() - 3]) > 0 } else { measure(stem) > 0 }
    })
}

fn step3(w: Vec<u8>) -> Vec<u8> {
    const RULES: &[(&str, &str)] = &[
        ("icate", "ic"),
        ("ative", ""),
        ("alize", "al"),
        ("iciti", "ic"),
        ("ical", "ic"),
        ("ful", ""),
        ("ness", ""),
    ];
    apply(w, RULES, |stem, _| measure(stem) > 0)
}

fn step4(w: Vec<u8>) -> Vec<u8> {
    const RULES: &[(&str, &str)] = &[
        ("al", ""),
        ("ance", ""),
        ("ence", ""),
        ("er", ""),
        ("ic", ""),
        ("able", ""),
        ("ible", ""),
        ("ant", ""),
        ("ement", ""),
        ("ment", ""),
        ("ent", ""),
        ("ion", ""),
        ("ou", ""),
        ("ism", ""),
        ("ate", ""),
        ("iti", ""),
        ("ous", ""),
        ("ive", ""),
        ("ize", ""),
    ];
    apply(w, RULES, |stem, suffix| {
        measure(stem) > 1 && (suffix != "ion" || matches!(stem.last(), Some(b's') | Some(b't')))
    })
}

fn step5a(w: Vec<u8>) -> Vec<u8> {
    if w.ends_with(b"e") {
        let stem = &w[..w.len() - 1];
        let m = measure(stem);
        if m > 1 || (m == 1 && !ends_cvc(stem)) {
            return stem.to_vec();
        }
    }
    w
}

fn step5b(w: Vec<u8>) -> Vec<u8> {
    if w.ends_with(b"ll") && measure(&w[..w.len() - 1]) > 1 {
        return w[..w.len() - 1].to_vec();
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn porter_matches_nltk_on_known_words() {
        // Expected values from NLTK 3.10 `PorterStemmer().stem`.
        for (word, stem) in [
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "tie"),
            ("cats", "cat"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("motoring", "motor"),
            ("hopping", "hop"),
            ("falling", "fall"),
            ("filing", "file"),
            ("happy", "happi"),
            ("relational", "relat"),
            ("conditional", "condit"),
            ("generalization", "gener"),
            ("electrical", "electr"),
            ("adoption", "adopt"),
            ("controlling", "control"),
            ("dying", "die"),
            ("news", "news"),
            ("analogies", "analog"),
            ("enjoy", "enjoy"),
            ("spied", "spi"),
            ("died", "die"),
            ("2020s", "2020"),
        ] {
            assert_eq!(porter_stem(word), stem, "{word}");
        }
    }

    #[test]
    fn rouge_by_hand() {
        // rouge-score: score("The quick brown fox jumps over the lazy dog",
        //                    "The quick brown dog jumps on the log.")
        let s = rouge(
            "The quick brown fox jumps over the lazy dog",
            "The quick brown dog jumps on the log.",
        );
        assert!((s[0].precision - 6.0 / 8.0).abs() < 1e-12);
        assert!((s[0].recall - 6.0 / 9.0).abs() < 1e-12);
        assert!(
            (s[1].f1 - 2.0 * (2.0 / 7.0) * (2.0 / 8.0) / (2.0 / 7.0 + 2.0 / 8.0)).abs() < 1e-12
        );
        assert!((s[2].precision - 5.0 / 8.0).abs() < 1e-12);
        assert_eq!(rouge("", "anything")[0], Score::default());
        assert_eq!(rouge_multi(&[], "anything")[2], Score::default());
    }
}

/// The searches that chose [`Config::default`], on the NeuS training split only (the
/// validation split is reported, never tuned on). `cargo test -p parallax-eval --release --
/// --ignored tune_summary_config --nocapture`.
#[cfg(test)]
mod tune {
    use super::*;

    fn configs() -> Vec<(String, Config)> {
        let mut out = Vec::new();
        let base = Config::default();
        out.push(("default".to_string(), base.clone()));
        let grid = std::env::var("TUNE").unwrap_or_default();
        for spec in grid.split(';').filter(|s| !s.is_empty()) {
            // "field=v1,v2,..."
            let (field, values) = spec.split_once('=').expect("field=values");
            for v in values.split(',') {
                let mut c = base.clone();
                let x: f32 = v.parse().expect("a number");
                match field {
                    "min_words" => c.min_words = x as usize,
                    "title_boost" => c.title_boost = x,
                    "w_centroid" => c.w_centroid = x,
                    "w_title" => c.w_title = x,
                    "w_position" => c.w_position = x,
                    "position_decay" => c.position_decay = x,
                    "w_names" => c.w_names = x,
                    "first_person_penalty" => c.first_person_penalty = x,
                    "paraphrase" => c.paraphrase = x,
                    "w_consensus" => c.w_consensus = x,
                    "quote_penalty" => c.quote_penalty = x,
                    "redundancy" => c.redundancy = x,
                    "max_similarity" => c.max_similarity = x,
                    "outlet_bonus" => c.outlet_bonus = x,
                    _ => panic!("unknown field {field}"),
                }
                out.push((format!("{field}={v}"), c));
            }
        }
        out
    }

    /// Writes the analysed stories (titles, sentences, references) for analysis elsewhere.
    #[test]
    #[ignore]
    fn dump_analysed_stories() {
        for (name, out) in [
            ("neus_train", "/tmp/summ/train_sents.jsonl"),
            ("neus_val", "/tmp/summ/val_sents.jsonl"),
        ] {
            let stories = load(Path::new(&format!("/work/eval-data/{name}.jsonl"))).unwrap();
            let mut text = String::new();
            for s in &stories {
                let arts: Vec<_> = s
                    .articles
                    .iter()
                    .map(|a| serde_json::json!({"title": a.title, "sentences": a.sentences, "language": a.language}))
                    .collect();
                let line = serde_json::json!({"story": s.id, "articles": arts, "references": s.references});
                text.push_str(&line.to_string());
                text.push('\n');
            }
            std::fs::write(out, text).unwrap();
        }
    }

    type Knob = (&'static str, fn(&mut Config, f32), fn(&Config) -> f32);

    fn knobs() -> Vec<Knob> {
        vec![
            ("title_boost", |c, x| c.title_boost = x.max(0.0), |c| c.title_boost),
            ("w_title", |c, x| c.w_title = x, |c| c.w_title),
            ("w_position", |c, x| c.w_position = x, |c| c.w_position),
            ("w_consensus", |c, x| c.w_consensus = x, |c| c.w_consensus),
            ("w_names", |c, x| c.w_names = x, |c| c.w_names),
            ("first_person_penalty", |c, x| c.first_person_penalty = x, |c| c.first_person_penalty),
            ("quote_penalty", |c, x| c.quote_penalty = x.clamp(0.0, 1.0), |c| c.quote_penalty),
            ("redundancy", |c, x| c.redundancy = x.max(0.0), |c| c.redundancy),
            ("max_similarity", |c, x| c.max_similarity = x.clamp(0.2, 1.0), |c| c.max_similarity),
            ("outlet_bonus", |c, x| c.outlet_bonus = x.max(0.0), |c| c.outlet_bonus),
        ]
    }

    /// Coordinate ascent on the even stories of the training split, checked on the odd ones.
    /// `cargo test -p parallax-eval --release -- --ignored coordinate_ascent --nocapture`.
    #[test]
    #[ignore]
    fn coordinate_ascent() {
        let stories = load(Path::new("/work/eval-data/neus_train.jsonl")).unwrap();
        let background = background_of(&stories);
        let a: Vec<Story> = stories.iter().step_by(2).cloned().collect();
        let b: Vec<Story> = stories.iter().skip(1).step_by(2).cloned().collect();
        let score = |set: &[Story], c: &Config| {
            run(set, 60, &background, c, String::new(), None).unwrap().rouge1
        };
        let mut best = Config::default();
        let mut best_a = score(&a, &best);
        println!("start A {best_a:.4} B {:.4}", score(&b, &best));
        for round in 0..2 {
            for (name, set, get) in knobs() {
                let deltas = [-0.2f32, -0.1, -0.05, 0.05, 0.1, 0.2];
                let tried: Vec<(f64, Config)> = std::thread::scope(|s| {
                    let handles: Vec<_> = deltas
                        .chunks(3)
                        .map(|ds| {
                            let (a, best) = (&a, &best);
                            s.spawn(move || {
                                ds.iter()
                                    .map(|d| {
                                        let mut c = best.clone();
                                        set(&mut c, get(best) + d);
                                        (score(a, &c), c)
                                    })
                                    .collect::<Vec<_>>()
                            })
                        })
                        .collect();
                    handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
                });
                for (v, c) in tried {
                    if v > best_a + 2e-4 {
                        best_a = v;
                        best = c;
                    }
                }
                println!("round {round} {name:<22} = {:.3}  A {best_a:.4}", get(&best));
            }
            println!("after round {round}: A {best_a:.4} B {:.4}\n{best:?}", score(&b, &best));
        }
    }

    #[test]
    #[ignore]
    fn tune_summary_config() {
        let path = std::env::var("GOLD").unwrap_or("/work/eval-data/neus_train.jsonl".into());
        let stories = load(Path::new(&path)).unwrap();
        let background = background_of(&stories);
        let configs = configs();
        let results: Vec<(String, SummaryReport)> = std::thread::scope(|s| {
            let handles: Vec<_> = configs
                .chunks(configs.len().div_ceil(2))
                .map(|chunk| {
                    let (stories, background) = (&stories, &background);
                    s.spawn(move || {
                        chunk
                            .iter()
                            .map(|(name, c)| {
                                let r =
                                    run(stories, 60, background, c, String::new(), None).unwrap();
                                (name.clone(), r)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        for (name, r) in &results {
            println!(
                "{name:<28} R1 {:.4}  R2 {:.4}  RL {:.4}  words {:.1}",
                r.rouge1, r.rouge2, r.rouge_l, r.summary_words
            );
        }
    }
}
