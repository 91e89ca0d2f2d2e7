/*!
Lexical bias: how well the loaded-language indicators of [`parallax_evidence::framing`] find
the phrases that BASIL's annotators marked as lexical bias.

**Data.** BASIL (Fan et al., "In Plain Sight: Media Bias Through the Lens of Factual
Reporting", EMNLP 2019): news articles with phrase-level bias spans. [`evaluate`] reads
`basil_merged.jsonl` (one article per line: `title`, `sentences`, `phrase_annotations`), from
the folder given or from the file itself. Gold spans are the annotations with `bias == "lex"`;
each names its sentence (`p<N>`, the N-th of `sentences`, or `title`) and character offsets
within it. Informational bias (`inf`: whole clauses chosen for what they report) is not
scored: no word list can find it.

**What is predicted.** Every sentence and the title go through
[`parallax_evidence::framing::indicators`]; the spans of the kinds in [`LEXICAL_KINDS`] are the
predictions. BASIL's `lex` label means "the word choice itself carries the writer's polarity",
which is what loaded language and name calling are. Doubt, unsourced-claim and appeal-to-fear
cues are left out: on the development half they are mostly neutral reporting words ("claimed",
"officials said", "threat") that BASIL does not mark, and the per-kind table of the report
shows it.

**Metric.** Span level, summed over the corpus. *Exact*: a prediction matches a gold span of
the same sentence with the same start and end. *Overlap*: a prediction matches a gold span of
the same sentence when they share at least one character. Matches are one-to-one in both
cases (a gold span is matched once; under overlap the largest one-to-one matching is taken), so
precision = matched / predicted, recall = matched / gold, F1 their harmonic mean.

**Baseline.** Every word that looks like an adjective or adverb by its ending (-ous, -ful,
-ive, -less, -able, -ible, -ic, -ical, -ish, -ly; five letters or more): a cheap stand-in for
"flag every descriptive word", scored the same way.
*/

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use parallax_evidence::Span;
use parallax_evidence::framing::{self, IndicatorKind};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::EvalError;
use crate::cluster::Prf;
use crate::gold::{self, parse_error};

/// The indicator kinds scored against BASIL's `lex` spans.
pub const LEXICAL_KINDS: [IndicatorKind; 2] =
    [IndicatorKind::LoadedLanguage, IndicatorKind::NameCalling];

/// The file [`evaluate`] looks for in a folder.
pub const MERGED_FILE: &str = "basil_merged.jsonl";

/// Scores of one evaluation run.
#[derive(Clone, Debug, Serialize)]
pub struct BiasReport {
    /// The file read.
    pub path: PathBuf,
    /// Articles read.
    pub articles: usize,
    /// Sentences scored (titles included).
    pub sentences: usize,
    /// Gold `lex` spans.
    pub gold_spans: usize,
    /// Spans predicted by the detector.
    pub predicted_spans: usize,
    /// Exact-match scores.
    pub exact: Prf,
    /// Overlap-match scores.
    pub overlap: Prf,
    /// The indicator kinds the detector's predictions come from.
    pub kinds: Vec<&'static str>,
    /// Every indicator kind scored alone against the same gold, to show what each adds.
    pub by_kind: Vec<KindScore>,
    /// The adjective-like-word baseline.
    pub baseline: BaselineScore,
}

/// One indicator kind scored alone.
#[derive(Clone, Debug, Serialize)]
pub struct KindScore {
    /// The kind's name.
    pub kind: &'static str,
    /// Spans of this kind.
    pub predicted_spans: usize,
    /// Exact-match scores.
    pub exact: Prf,
    /// Overlap-match scores.
    pub overlap: Prf,
}

/// The baseline's scores.
#[derive(Clone, Debug, Serialize)]
pub struct BaselineScore {
    /// What the baseline predicts.
    pub name: &'static str,
    /// Spans predicted.
    pub predicted_spans: usize,
    /// Exact-match scores.
    pub exact: Prf,
    /// Overlap-match scores.
    pub overlap: Prf,
}

/// A span in one sentence of the corpus (sentences numbered across all articles).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Located {
    /// The sentence.
    pub sentence: usize,
    /// Where in it.
    pub span: Span,
}

/// Matched pairs between gold and predicted spans.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MatchCounts {
    /// Gold spans.
    pub gold: usize,
    /// Predicted spans.
    pub predicted: usize,
    /// One-to-one pairs with the same sentence, start and end.
    pub exact: usize,
    /// One-to-one pairs in the same sentence sharing at least one character (a maximum
    /// matching).
    pub overlap: usize,
}

impl MatchCounts {
    /// Precision, recall and F1 of the exact pairs.
    pub fn exact_scores(&self) -> Prf {
        self.scores(self.exact)
    }

    /// Precision, recall and F1 of the overlap pairs.
    pub fn overlap_scores(&self) -> Prf {
        self.scores(self.overlap)
    }

    fn scores(&self, matched: usize) -> Prf {
        let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
        Prf::new(ratio(matched, self.predicted), ratio(matched, self.gold))
    }
}

/// Counts exact and overlap matches between `gold` and `predicted`.
pub fn match_counts(gold: &[Located], predicted: &[Located]) -> MatchCounts {
    let mut by_sentence: BTreeMap<usize, (Vec<Span>, Vec<Span>)> = BTreeMap::new();
    for g in gold {
        by_sentence.entry(g.sentence).or_default().0.push(g.span);
    }
    for p in predicted {
        by_sentence.entry(p.sentence).or_default().1.push(p.span);
    }
    let mut counts =
        MatchCounts { gold: gold.len(), predicted: predicted.len(), ..Default::default() };
    for (golds, preds) in by_sentence.values() {
        counts.exact += max_matching(preds.len(), golds.len(), |p, g| preds[p] == golds[g]);
        counts.overlap +=
            max_matching(preds.len(), golds.len(), |p, g| preds[p].overlaps(&golds[g]));
    }
    counts
}

/// The size of a maximum one-to-one matching between `left` and `right` items where `edge`
/// says which pairs may match (Kuhn's augmenting paths; a sentence holds a handful of spans).
fn max_matching(left: usize, right: usize, edge: impl Fn(usize, usize) -> bool) -> usize {
    fn augment(
        l: usize,
        right: usize,
        edge: &dyn Fn(usize, usize) -> bool,
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for r in 0..right {
            if edge(l, r) && !seen[r] {
                seen[r] = true;
                if owner[r].is_none_or(|other| augment(other, right, edge, seen, owner)) {
                    owner[r] = Some(l);
                    return true;
                }
            }
        }
        false
    }
    let mut owner = vec![None; right];
    let mut matched = 0;
    for l in 0..left {
        let mut seen = vec![false; right];
        if augment(l, right, &edge, &mut seen, &mut owner) {
            matched += 1;
        }
    }
    matched
}

/// Words that look like adjectives or adverbs by their ending: the baseline.
pub fn adjective_like(sentence: &str) -> Vec<Span> {
    const ENDINGS: [&str; 10] =
        ["ous", "ful", "ive", "less", "able", "ible", "ic", "ical", "ish", "ly"];
    let mut out = Vec::new();
    let mut word = String::new();
    let mut start = 0;
    for (i, c) in sentence.chars().chain([' ']).enumerate() {
        if c.is_alphabetic() {
            if word.is_empty() {
                start = i;
            }
            word.extend(c.to_lowercase());
            continue;
        }
        if word.chars().count() >= 5 && ENDINGS.iter().any(|e| word.ends_with(e)) {
            out.push(Span::new(start, i));
        }
        word.clear();
    }
    out
}

/// The lexical-bias spans our detector finds in `sentence`.
pub fn lexical_spans(sentence: &str) -> Vec<Span> {
    spans_of_kinds(sentence, &LEXICAL_KINDS)
}

fn spans_of_kinds(sentence: &str, kinds: &[IndicatorKind]) -> Vec<Span> {
    let mut spans: Vec<Span> = framing::indicators(sentence)
        .into_iter()
        .filter(|i| kinds.contains(&i.kind))
        .map(|i| i.span)
        .collect();
    spans.dedup();
    spans
}

/// One article: its title and sentences, and its gold `lex` spans (sentence 0 is the title,
/// `p<N>` is sentence N + 1).
struct Article {
    sentences: Vec<String>,
    gold: Vec<(usize, Span)>,
}

/// Scores the detector on a BASIL folder (or its `basil_merged.jsonl`).
///
/// # Errors
///
/// [`EvalError::NoData`] when the folder has no merged file, [`EvalError::Io`] when it cannot
/// be read, [`EvalError::Parse`] when a line is not an article or a gold span does not fit its
/// sentence.
pub fn evaluate(path: &Path) -> Result<BiasReport, EvalError> {
    let file = if path.is_dir() { path.join(MERGED_FILE) } else { path.to_path_buf() };
    if path.is_dir() && !file.is_file() {
        return Err(EvalError::NoData {
            path: path.to_path_buf(),
            expected: format!("{MERGED_FILE} (the BASIL articles with their annotations)"),
        });
    }
    let mut articles = Vec::new();
    for (line, object) in gold::objects(&file)? {
        articles.push(read_article(&file, line, &object)?);
    }
    Ok(score_articles(file, &articles))
}

fn score_articles(path: PathBuf, articles: &[Article]) -> BiasReport {
    let mut gold = Vec::new();
    let mut texts: Vec<&str> = Vec::new();
    for article in articles {
        let base = texts.len();
        gold.extend(article.gold.iter().map(|&(s, span)| Located { sentence: base + s, span }));
        texts.extend(article.sentences.iter().map(String::as_str));
    }
    let predict = |find: &dyn Fn(&str) -> Vec<Span>| -> Vec<Located> {
        let mut out = Vec::new();
        for (sentence, text) in texts.iter().enumerate() {
            out.extend(find(text).into_iter().map(|span| Located { sentence, span }));
        }
        out
    };
    let ours = match_counts(&gold, &predict(&lexical_spans));
    let by_kind = IndicatorKind::ALL
        .into_iter()
        .map(|kind| {
            let c = match_counts(&gold, &predict(&|s| spans_of_kinds(s, &[kind])));
            KindScore {
                kind: kind.name(),
                predicted_spans: c.predicted,
                exact: c.exact_scores(),
                overlap: c.overlap_scores(),
            }
        })
        .collect();
    let base = match_counts(&gold, &predict(&adjective_like));
    BiasReport {
        path,
        articles: articles.len(),
        sentences: texts.len(),
        gold_spans: gold.len(),
        predicted_spans: ours.predicted,
        exact: ours.exact_scores(),
        overlap: ours.overlap_scores(),
        kinds: LEXICAL_KINDS.iter().map(|k| k.name()).collect(),
        by_kind,
        baseline: BaselineScore {
            name: "adjective-like words (by ending)",
            predicted_spans: base.predicted,
            exact: base.exact_scores(),
            overlap: base.overlap_scores(),
        },
    }
}

fn read_article(
    path: &Path,
    line: usize,
    object: &Map<String, Value>,
) -> Result<Article, EvalError> {
    let bad = |message: String| parse_error(path, line, message);
    let title = object.get("title").and_then(Value::as_str).unwrap_or("").to_string();
    let body = object
        .get("sentences")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("an article has no \"sentences\" list".into()))?;
    let mut sentences = vec![title];
    for s in body {
        let s = s.as_str().ok_or_else(|| bad("a sentence is not a string".into()))?;
        sentences.push(s.to_string());
    }
    let annotations = object.get("phrase_annotations").and_then(Value::as_array);
    let mut gold = Vec::new();
    for a in annotations.into_iter().flatten() {
        if a.get("bias").and_then(Value::as_str) != Some("lex") {
            continue;
        }
        let id = a.get("id").and_then(Value::as_str).unwrap_or("");
        let sentence = match id {
            "title" => Some(0),
            _ => id.strip_prefix('p').and_then(|n| n.parse::<usize>().ok()).map(|n| n + 1),
        }
        .filter(|&s| s < sentences.len())
        .ok_or_else(|| bad(format!("a span names sentence {id:?}, which the article lacks")))?;
        let offset = |key: &str| a.get(key).and_then(Value::as_u64).map(|v| v as usize);
        let (Some(start), Some(end)) = (offset("start"), offset("end")) else {
            return Err(bad(format!("a span in {id} has no start or end")));
        };
        if start >= end || end > sentences[sentence].chars().count() {
            return Err(bad(format!("the span {start}..{end} does not fit sentence {id}")));
        }
        gold.push((sentence, Span::new(start, end)));
    }
    Ok(Article { sentences, gold })
}

impl BiasReport {
    /// A plain-text table of the scores.
    pub fn to_text(&self) -> String {
        let row = |name: &str, predicted: usize, exact: Prf, overlap: Prf| {
            format!(
                "{name:<44} {predicted:>9} {:>6.3} {:>6.3} {:>6.3}   {:>6.3} {:>6.3} {:>6.3}\n",
                exact.precision,
                exact.recall,
                exact.f1,
                overlap.precision,
                overlap.recall,
                overlap.f1
            )
        };
        let mut out = format!(
            "BASIL lexical bias: {} articles, {} sentences, {} gold lex spans ({})\n",
            self.articles,
            self.sentences,
            self.gold_spans,
            self.path.display()
        );
        out.push_str(&format!(
            "{:<44} {:>9} {:>6} {:>6} {:>6}   {:>6} {:>6} {:>6}\n",
            "detector", "predicted", "ex P", "ex R", "ex F1", "ov P", "ov R", "ov F1"
        ));
        let ours = format!("parallax ({})", self.kinds.join(" + "));
        out.push_str(&row(&ours, self.predicted_spans, self.exact, self.overlap));
        let b = &self.baseline;
        out.push_str(&row(&format!("baseline: {}", b.name), b.predicted_spans, b.exact, b.overlap));
        for k in &self.by_kind {
            out.push_str(&row(
                &format!("  kind alone: {}", k.kind),
                k.predicted_spans,
                k.exact,
                k.overlap,
            ));
        }
        let ratio = |a: f64, b: f64| if b > 0.0 { format!("{:.2}", a / b) } else { "-".into() };
        out.push_str(&format!(
            "F1 ratio parallax / baseline: exact {}, overlap {}\n",
            ratio(self.exact.f1, b.exact.f1),
            ratio(self.overlap.f1, b.overlap.f1)
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(sentence: usize, start: usize, end: usize) -> Located {
        Located { sentence, span: Span::new(start, end) }
    }

    #[test]
    fn exact_and_overlap_counts() {
        let gold = [at(0, 4, 11), at(0, 20, 32), at(1, 0, 5), at(2, 3, 9)];
        let predicted = [
            at(0, 4, 11),  // exact
            at(0, 25, 30), // inside a gold span
            at(1, 5, 9),   // touches the gold end: no shared character
            at(3, 3, 9),   // right offsets, wrong sentence
        ];
        let c = match_counts(&gold, &predicted);
        assert_eq!(c, MatchCounts { gold: 4, predicted: 4, exact: 1, overlap: 2 });
        assert_eq!(c.exact_scores().precision, 0.25);
        assert_eq!(c.overlap_scores().recall, 0.5);
        assert!((c.overlap_scores().f1 - 0.5).abs() < 1e-12);
    }

    #[test]
    fn a_gold_span_is_matched_once() {
        // Two predictions inside one gold span: one match under overlap.
        let c = match_counts(&[at(0, 0, 20)], &[at(0, 0, 5), at(0, 10, 15)]);
        assert_eq!((c.exact, c.overlap), (0, 1));
        // One long prediction over two gold spans: one match.
        let c = match_counts(&[at(0, 0, 5), at(0, 10, 15)], &[at(0, 0, 20)]);
        assert_eq!(c.overlap, 1);
        // Duplicated gold spans need duplicated predictions to be matched twice.
        let c = match_counts(&[at(0, 2, 4), at(0, 2, 4)], &[at(0, 2, 4)]);
        assert_eq!((c.exact, c.overlap), (1, 1));
    }

    #[test]
    fn overlap_takes_the_largest_matching() {
        // A greedy pass could give gold A to the first prediction and leave the second
        // (which only overlaps A) unmatched; the maximum matching pairs both.
        let gold = [at(0, 0, 10), at(0, 8, 20)];
        let predicted = [at(0, 5, 15), at(0, 0, 3)];
        assert_eq!(match_counts(&gold, &predicted).overlap, 2);
    }

    #[test]
    fn empty_inputs_score_zero() {
        let c = match_counts(&[], &[]);
        assert_eq!(c, MatchCounts::default());
        assert_eq!(c.exact_scores(), Prf::default());
        assert_eq!(match_counts(&[at(0, 0, 1)], &[]).overlap_scores().f1, 0.0);
    }

    #[test]
    fn baseline_flags_adjective_like_words() {
        let s = "A furious, careless mayor spoke quickly at the public hearing in Zürich.";
        let words: Vec<&str> = adjective_like(s).iter().map(|sp| sp.text(s)).collect();
        assert_eq!(words, ["furious", "careless", "quickly", "public"]);
        assert!(adjective_like("").is_empty());
        assert!(adjective_like("... «» ...").is_empty());
    }

    #[test]
    fn reads_a_merged_file_and_scores_it() {
        let dir = std::env::temp_dir().join(format!("parallax-eval-bias-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join(MERGED_FILE);
        let article = serde_json::json!({
            "title": "Mayor slammed over reckless budget",
            "sentences": ["The mayor's plan drew fierce criticism on Monday.", "Officials met."],
            "phrase_annotations": [
                {"id": "title", "start": 6, "end": 13, "bias": "lex", "txt": "slammed"},
                {"id": "p0", "start": 22, "end": 28, "bias": "lex", "txt": "fierce"},
                {"id": "p1", "start": 0, "end": 14, "bias": "inf", "txt": "Officials met."}
            ]
        });
        std::fs::write(&file, format!("{article}\n\n")).unwrap();
        for path in [&dir, &file] {
            let report = evaluate(path).unwrap();
            assert_eq!((report.articles, report.sentences, report.gold_spans), (1, 3, 2));
            // slammed, reckless, fierce: two of three are gold.
            assert_eq!(report.predicted_spans, 3);
            assert!((report.exact.precision - 2.0 / 3.0).abs() < 1e-12);
            assert_eq!(report.exact.recall, 1.0);
            assert!(report.to_text().contains("F1 ratio"));
            let json = serde_json::to_value(&report).unwrap();
            for key in ["articles", "gold_spans", "predicted_spans", "exact", "overlap"] {
                assert!(json.get(key).is_some(), "{key}");
            }
            assert!(json["exact"].get("f1").is_some());
        }
        // A gold span outside its sentence is an error naming the line.
        let broken = serde_json::json!({
            "title": "T", "sentences": ["Short."],
            "phrase_annotations": [{"id": "p0", "start": 2, "end": 60, "bias": "lex"}]
        });
        std::fs::write(&file, format!("{broken}\n")).unwrap();
        let err = evaluate(&dir).unwrap_err().to_string();
        assert!(err.contains("line 1") && err.contains("does not fit"), "{err}");
        let empty = dir.join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        assert!(matches!(evaluate(&empty), Err(EvalError::NoData { .. })));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
