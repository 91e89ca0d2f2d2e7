/*!
The evidence extractors of `parallax-evidence` (figures, voices, dates) against a hand-made
gold set.

Each gold line names an article (a file relative to the gold file, and the URL or id of the
record in a multi-record file) and lists what a careful reader finds in it. The article is
read with the project's own readers and analysed as the pipeline does; the title becomes
sentence 0, followed by the body sentences. Then:

* a predicted figure matches a gold figure when the values are equal (relative tolerance
  1e-6) and its span overlaps an occurrence of the gold `text` in its sentence;
* a predicted voice matches when the speakers agree (case-insensitive, leading "the" dropped,
  equal to the gold speaker or an alias, or equal last word for a capitalised name) and the
  voice's sentence holds the gold `text` snippet;
* a predicted date matches when its span overlaps an occurrence of the gold `text` and every
  field the gold writes (year, month, day) is the predicted one.

Matching is greedy in reading order; each gold item is matched at most once.
*/

mod gold;
mod matching;

use std::fmt::Write as _;
use std::path::PathBuf;

use parallax_evidence::{Span, dates, figures, voices};
use serde::Serialize;

use crate::EvalError;
use crate::cluster::Prf;
use gold::Loaded;
use matching::{Located, Matches};

/// The scores over every gold file given.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EvidenceReport {
    /// Articles scored.
    pub documents: usize,
    /// Figures.
    pub figures: KindScore,
    /// Voices.
    pub voices: KindScore,
    /// Dates.
    pub dates: KindScore,
    /// Misses and false alarms, when asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<EvidenceError>,
}

/// Precision, recall and F1 of one kind of finding.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct KindScore {
    /// Gold items.
    pub gold: usize,
    /// Predicted items.
    pub predicted: usize,
    /// Predictions matched to a gold item.
    pub matched: usize,
    /// Matched / predicted; 0 when nothing was predicted (undefined).
    pub precision: f64,
    /// Matched / gold; 0 when there is no gold item (undefined).
    pub recall: f64,
    /// Harmonic mean of precision and recall; 0 when both are 0.
    pub f1: f64,
    /// Figures only: the share of matched figures whose `counts` equals the gold one (case,
    /// spacing and a leading article aside; both absent counts as equal); 0 when nothing
    /// matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts_accuracy: Option<f64>,
    /// Figures only: matched figures whose `counts` is right.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts_right: Option<usize>,
    /// Gold items whose `text` occurs in no sentence of their article: a gold mistake, or a
    /// reader or segmenter that changed the text. They still count as gold.
    pub gold_not_found: usize,
}

impl KindScore {
    fn add(&mut self, gold: usize, predicted: usize, matched: usize) {
        self.gold += gold;
        self.predicted += predicted;
        self.matched += matched;
    }

    fn finish(&mut self) {
        let prf = Prf::new(ratio(self.matched, self.predicted), ratio(self.matched, self.gold));
        (self.precision, self.recall, self.f1) = (prf.precision, prf.recall, prf.f1);
        if let Some(right) = self.counts_right {
            self.counts_accuracy = Some(ratio(right, self.matched));
        }
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

/// One miss or false alarm, for the developer reading `--errors`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvidenceError {
    /// "figure", "voice" or "date".
    pub kind: &'static str,
    /// "miss" (a gold item nothing matched), "false alarm" (a prediction that matched
    /// nothing) or "wrong counts" (a matched figure counting something else).
    pub error: &'static str,
    /// The article: its file and record.
    pub document: String,
    /// The sentence (for a miss: the first sentence holding the gold text, if any).
    pub sentence: Option<String>,
    /// The gold or predicted text, with what was expected or found.
    pub text: String,
}

/// Scores the extractors on every article of the gold files.
///
/// # Errors
///
/// [`EvalError::Io`] when a gold file cannot be read, [`EvalError::Parse`] for a line that
/// is not a gold object or whose article cannot be read or found.
pub fn evaluate(golds: &[PathBuf], with_errors: bool) -> Result<EvidenceReport, EvalError> {
    let mut report = EvidenceReport {
        figures: KindScore { counts_right: Some(0), ..KindScore::default() },
        ..EvidenceReport::default()
    };
    for path in golds {
        for article in gold::load(path)? {
            score_article(&article, &mut report, with_errors);
        }
    }
    for kind in [&mut report.figures, &mut report.voices, &mut report.dates] {
        kind.finish();
    }
    Ok(report)
}

fn score_article(article: &Loaded, report: &mut EvidenceReport, with_errors: bool) {
    report.documents += 1;
    let sentences: Vec<&str> = article.sentences.iter().map(String::as_str).collect();
    let gold = &article.gold;
    let mut errors = Errors { out: &mut report.errors, article, sentences: &sentences };

    let predicted_figures: Vec<(usize, figures::Figure)> = sentences
        .iter()
        .enumerate()
        .flat_map(|(i, s)| figures::extract(s).into_iter().map(move |f| (i, f)))
        .collect();
    let located: Vec<_> =
        predicted_figures.iter().map(|(i, f)| Located { sentence: *i, item: f }).collect();
    let m = matching::match_figures(&sentences, &gold.figures, &located);
    report.figures.add(gold.figures.len(), located.len(), m.matched());
    report.figures.gold_not_found += not_found(&sentences, gold.figures.iter().map(|g| &g.text));
    let mut counts_right = 0;
    for (p, g) in m.pairs.iter().enumerate().filter_map(|(p, g)| Some((p, (*g)?))) {
        let (sentence, predicted) = &predicted_figures[p];
        let want = matching::normalise_counts(gold.figures[g].counts.as_deref());
        let got = matching::normalise_counts(predicted.counts.as_deref());
        if want == got {
            counts_right += 1;
        } else if with_errors {
            let text = format!(
                "{:?} counts {:?}, gold {:?}",
                predicted.span.text(sentences[*sentence]),
                got.as_deref().unwrap_or("-"),
                want.as_deref().unwrap_or("-")
            );
            errors.push("figure", "wrong counts", Some(*sentence), text);
        }
    }
    *report.figures.counts_right.get_or_insert(0) += counts_right;
    if with_errors {
        let gold_text = |g: usize| {
            let f = &gold.figures[g];
            (f.text.as_str(), format!("{:?} = {}", f.text, f.value))
        };
        errors.misses("figure", &m, gold.figures.len(), gold_text);
        errors.false_alarms("figure", &m, |p| {
            let (i, f) = &predicted_figures[p];
            (*i, f.span, format!(" = {}", f.value))
        });
    }

    let predicted_dates: Vec<(usize, dates::DateMention)> = sentences
        .iter()
        .enumerate()
        .flat_map(|(i, s)| dates::extract(s, article.published).into_iter().map(move |d| (i, d)))
        .collect();
    let located: Vec<_> =
        predicted_dates.iter().map(|(i, d)| Located { sentence: *i, item: d }).collect();
    let m = matching::match_dates(&sentences, &gold.dates, &located);
    report.dates.add(gold.dates.len(), located.len(), m.matched());
    report.dates.gold_not_found += not_found(&sentences, gold.dates.iter().map(|g| &g.text));
    if with_errors {
        let field = |v: Option<String>| v.unwrap_or_else(|| "-".into());
        let ymd = |y: Option<i32>, m: Option<u32>, d: Option<u32>| {
            format!(
                "{}/{}/{}",
                field(y.map(|v| v.to_string())),
                field(m.map(|v| v.to_string())),
                field(d.map(|v| v.to_string()))
            )
        };
        errors.misses("date", &m, gold.dates.len(), |g| {
            let d = &gold.dates[g];
            (d.text.as_str(), format!("{:?} {}", d.text, ymd(d.year, d.month, d.day)))
        });
        errors.false_alarms("date", &m, |p| {
            let (i, d) = &predicted_dates[p];
            (*i, d.span, format!(" {}", ymd(d.year, d.month, d.day)))
        });
    }

    let predicted_voices = voices::extract(&sentences);
    let m = matching::match_voices(&sentences, &gold.voices, &predicted_voices);
    report.voices.add(gold.voices.len(), predicted_voices.len(), m.matched());
    report.voices.gold_not_found += gold
        .voices
        .iter()
        .filter(|g| !sentences.iter().any(|s| matching::contains_loosely(s, &g.text)))
        .count();
    if with_errors {
        errors.misses("voice", &m, gold.voices.len(), |g| {
            let v = &gold.voices[g];
            (v.text.as_str(), format!("{}: {:?}", v.speaker, v.text))
        });
        errors.false_alarms("voice", &m, |p| {
            let v = &predicted_voices[p];
            (v.sentence, v.span, format!(" (speaker {:?}, cue {:?})", v.speaker, v.cue))
        });
    }
}

/// Gold texts that occur in no sentence.
fn not_found<'a>(sentences: &[&str], texts: impl Iterator<Item = &'a String>) -> usize {
    texts.filter(|t| !sentences.iter().any(|s| !matching::occurrences(s, t).is_empty())).count()
}

/// Collects the error lines of one article.
struct Errors<'r> {
    out: &'r mut Vec<EvidenceError>,
    article: &'r Loaded,
    sentences: &'r [&'r str],
}

impl Errors<'_> {
    fn push(&mut self, kind: &'static str, error: &'static str, at: Option<usize>, text: String) {
        self.out.push(EvidenceError {
            kind,
            error,
            document: self.article.name.clone(),
            sentence: at.and_then(|i| self.sentences.get(i)).map(|s| s.to_string()),
            text,
        });
    }

    /// Every gold item nothing matched; `describe` gives its text (to find its sentence) and
    /// how to show it.
    fn misses<'g>(
        &mut self,
        kind: &'static str,
        m: &Matches,
        gold_len: usize,
        describe: impl Fn(usize) -> (&'g str, String),
    ) {
        for g in m.missed(gold_len) {
            let (needle, shown) = describe(g);
            let at = self.sentences.iter().position(|s| matching::contains_loosely(s, needle));
            let shown = if at.is_none() { format!("{shown} (not in any sentence)") } else { shown };
            self.push(kind, "miss", at, shown);
        }
    }

    /// Every prediction that matched nothing; `describe` gives its sentence, span and a
    /// suffix to show after the covered words.
    fn false_alarms(
        &mut self,
        kind: &'static str,
        m: &Matches,
        describe: impl Fn(usize) -> (usize, Span, String),
    ) {
        for (p, _) in m.pairs.iter().enumerate().filter(|(_, g)| g.is_none()) {
            let (at, span, suffix) = describe(p);
            let covered = self.sentences.get(at).map(|s| span.text(s)).unwrap_or_default();
            self.push(kind, "false alarm", Some(at), format!("{covered:?}{suffix}"));
        }
    }
}

impl EvidenceReport {
    /// A human-readable summary, with the error lines when they were asked for.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Evidence extraction ({} articles)", self.documents);
        let _ = writeln!(
            out,
            "  {:<8} {:>5} {:>9} {:>7}  {:>5}  {:>5}  {:>5}",
            "", "gold", "predicted", "matched", "P", "R", "F1"
        );
        let kinds = [("figures", &self.figures), ("voices", &self.voices), ("dates", &self.dates)];
        for (name, s) in kinds {
            let _ = writeln!(
                out,
                "  {name:<8} {:>5} {:>9} {:>7}  {:.3}  {:.3}  {:.3}",
                s.gold, s.predicted, s.matched, s.precision, s.recall, s.f1
            );
        }
        if let Some(accuracy) = self.figures.counts_accuracy {
            let _ = writeln!(
                out,
                "  figure counts right: {:.3} ({} of {} matched)",
                accuracy,
                self.figures.counts_right.unwrap_or(0),
                self.figures.matched
            );
        }
        for (name, s) in kinds {
            if s.predicted == 0 {
                let _ = writeln!(
                    out,
                    "  note: no {name} predicted: precision is undefined and shown as 0"
                );
            }
            if s.gold_not_found > 0 {
                let _ = writeln!(
                    out,
                    "  warning: {} gold {name} not found in their article's sentences",
                    s.gold_not_found
                );
            }
        }
        if self.figures.matched == 0 {
            let _ = writeln!(out, "  note: no figure matched: counts accuracy is shown as 0");
        }
        for e in &self.errors {
            let _ = writeln!(out, "\n{} {}: {}  [{}]", e.kind, e.error, e.text, e.document);
            if let Some(sentence) = &e.sentence {
                let _ = writeln!(out, "    in: {sentence}");
            }
        }
        out
    }
}
