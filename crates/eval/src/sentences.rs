//! Sentence segmentation metrics.
//!
//! Scores [`parallax_analyse::segment::split`] exactly as `shared/tools/sentence_peers.py`
//! scores the peer segmenters, so the numbers are comparable:
//!
//! * **Golden Rules** (`golden-rules-en/golden_rules_en.json`, pySBD's 48 English rules): a
//!   rule passes when the list of stripped, non-empty sentences equals `expected`.
//! * **GUM news** (`gum-news/gum-news.jsonl`, 24 Wikinews articles): each paragraph is
//!   rebuilt from its gold sentences (a space after a sentence ending in terminal punctuation,
//!   a line break otherwise) and segmented on its own; sentence-end offsets inside the
//!   paragraph are compared (precision, recall, F1; the paragraph-final end is not counted),
//!   and a paragraph counts as exact when the predicted sentences equal the gold ones.
//! * **Speed**: characters (Unicode scalar values, as Python counts) per second of `split`
//!   over every text of both sets, repeated until at least half a second has passed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::EvalError;

const GOLDEN_DIR: &str = "golden-rules-en";
const GOLDEN_FILE: &str = "golden_rules_en.json";
const GUM_DIR: &str = "gum-news";
const GUM_FILE: &str = "gum-news.jsonl";

/// The result of [`evaluate`].
#[derive(Clone, Debug, Serialize)]
pub struct SentenceReport {
    /// The Golden Rules score, when that set was found.
    pub golden_rules: Option<GoldenRulesReport>,
    /// The GUM news boundary scores, when that set was found.
    pub gum: Option<GumReport>,
    /// Throughput of the segmenter over all texts evaluated.
    pub chars_per_second: f64,
}

/// Golden Rules: how many rules came out exactly right.
#[derive(Clone, Debug, Serialize)]
pub struct GoldenRulesReport {
    /// Rules passed.
    pub passed: usize,
    /// Rules in the file.
    pub total: usize,
    /// The rules that failed, in file order.
    pub failures: Vec<RuleFailure>,
}

/// One failed Golden Rule.
#[derive(Clone, Debug, Serialize)]
pub struct RuleFailure {
    /// The rule's number in the file.
    pub id: u64,
    /// The rule's name.
    pub name: String,
    /// The gold sentences.
    pub expected: Vec<String>,
    /// What the segmenter produced.
    pub got: Vec<String>,
}

/// GUM news: sentence-boundary scores over paragraphs.
#[derive(Clone, Debug, Serialize)]
pub struct GumReport {
    /// Share of predicted boundaries that are gold boundaries.
    pub precision: f64,
    /// Share of gold boundaries that were predicted.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Paragraphs (blocks) scored.
    pub paragraphs: usize,
    /// Paragraphs whose predicted sentences equal the gold ones.
    pub paragraphs_exact: usize,
    /// Predicted boundaries that are gold.
    pub true_positives: usize,
    /// Predicted boundaries that are not gold.
    pub false_positives: usize,
    /// Gold boundaries not predicted.
    pub false_negatives: usize,
}

#[derive(Deserialize)]
struct Rule {
    id: u64,
    name: String,
    text: String,
    expected: Vec<String>,
}

#[derive(Deserialize)]
struct GumDoc {
    paragraphs: Vec<GumParagraph>,
}

#[derive(Deserialize)]
struct GumParagraph {
    sentences: Vec<String>,
}

/// Evaluates the sentence segmenter on the data under `dir`: a folder holding
/// `golden-rules-en/golden_rules_en.json` and/or `gum-news/gum-news.jsonl`, or one of those
/// two folders itself.
pub fn evaluate(dir: &Path) -> Result<SentenceReport, EvalError> {
    std::fs::metadata(dir).map_err(|source| EvalError::Io { path: dir.to_path_buf(), source })?;
    let golden_path = find(dir, GOLDEN_DIR, GOLDEN_FILE);
    let gum_path = find(dir, GUM_DIR, GUM_FILE);
    if golden_path.is_none() && gum_path.is_none() {
        return Err(EvalError::NoData {
            path: dir.to_path_buf(),
            expected: format!(
                "{GOLDEN_DIR}/{GOLDEN_FILE} and/or {GUM_DIR}/{GUM_FILE} (or one of those folders)"
            ),
        });
    }
    let rules = golden_path.as_deref().map(read_rules).transpose()?;
    let paragraphs = gum_path.as_deref().map(read_gum).transpose()?;

    let seg = |text: &str| segment(text);
    let golden_rules = rules.as_deref().map(|r| score_golden_rules(r, seg));
    let gum = paragraphs.as_deref().map(|p| score_gum(p, seg));

    let mut texts: Vec<String> = Vec::new();
    if let Some(rules) = &rules {
        texts.extend(rules.iter().map(|r| r.text.clone()));
    }
    if let Some(paragraphs) = &paragraphs {
        texts.extend(paragraphs.iter().map(|p| join_sentences(p)));
    }
    let chars_per_second = measure_speed(&texts, Duration::from_millis(500));
    Ok(SentenceReport { golden_rules, gum, chars_per_second })
}

/// `dir/sub/file`, or `dir/file` when `dir` is that folder itself.
fn find(dir: &Path, sub: &str, file: &str) -> Option<PathBuf> {
    [dir.join(sub).join(file), dir.join(file)].into_iter().find(|p| p.is_file())
}

fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io { path: path.into(), source })
}

fn read_rules(path: &Path) -> Result<Vec<Rule>, EvalError> {
    let text = read(path)?;
    serde_json::from_str(&text).map_err(|e| EvalError::Parse {
        path: path.into(),
        line: Some(e.line()).filter(|&l| l > 0),
        message: e.to_string(),
    })
}

/// The gold sentences of every paragraph of every document, in file order.
fn read_gum(path: &Path) -> Result<Vec<Vec<String>>, EvalError> {
    let text = read(path)?;
    let mut paragraphs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let doc: GumDoc = serde_json::from_str(line).map_err(|e| EvalError::Parse {
            path: path.into(),
            line: Some(n + 1),
            message: e.to_string(),
        })?;
        paragraphs.extend(doc.paragraphs.into_iter().map(|p| p.sentences));
    }
    Ok(paragraphs)
}

/// The segmenter under test, as the peer script sees one: a list of stripped sentences.
fn segment(text: &str) -> Vec<String> {
    parallax_analyse::segment::split(text, Some("en"))
        .into_iter()
        .map(|r| text[r].trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn score_golden_rules(rules: &[Rule], seg: impl Fn(&str) -> Vec<String>) -> GoldenRulesReport {
    let mut failures = Vec::new();
    for rule in rules {
        let got = seg(&rule.text);
        if got != rule.expected {
            failures.push(RuleFailure {
                id: rule.id,
                name: rule.name.clone(),
                expected: rule.expected.clone(),
                got,
            });
        }
    }
    GoldenRulesReport { passed: rules.len() - failures.len(), total: rules.len(), failures }
}

/// Boundary counts of one paragraph.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    exact: bool,
}

/// Scores one paragraph given as its gold sentences.
fn score_paragraph(gold: &[String], seg: &impl Fn(&str) -> Vec<String>) -> Counts {
    let text = join_sentences(gold);
    let pred = seg(&text);
    let mut gold_ends = sentence_ends(&text, gold);
    gold_ends.pop();
    let pred_ends: Vec<usize> =
        sentence_ends(&text, &pred).into_iter().filter(|&e| e < text.len()).collect();
    let gold_set: std::collections::BTreeSet<usize> = gold_ends.into_iter().collect();
    let pred_set: std::collections::BTreeSet<usize> = pred_ends.into_iter().collect();
    let tp = gold_set.intersection(&pred_set).count();
    Counts {
        tp,
        fp: pred_set.len() - tp,
        fn_: gold_set.len() - tp,
        exact: pred.iter().map(String::as_str).eq(gold.iter().map(|s| s.trim())),
    }
}

fn score_gum(paragraphs: &[Vec<String>], seg: impl Fn(&str) -> Vec<String>) -> GumReport {
    let mut total = Counts::default();
    let mut exact = 0;
    for gold in paragraphs {
        let c = score_paragraph(gold, &seg);
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn_ += c.fn_;
        exact += usize::from(c.exact);
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(total.tp, total.tp + total.fp);
    let recall = ratio(total.tp, total.tp + total.fn_);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    GumReport {
        precision,
        recall,
        f1,
        paragraphs: paragraphs.len(),
        paragraphs_exact: exact,
        true_positives: total.tp,
        false_positives: total.fp,
        false_negatives: total.fn_,
    }
}

/// Rebuilds a paragraph from its sentences: a space after a sentence that ends in terminal
/// punctuation (`.!?:;`, possibly followed by closing quotes or brackets), a line break
/// otherwise (captions, credits, headline-like lines were separate lines on the page).
fn join_sentences<S: AsRef<str>>(sentences: &[S]) -> String {
    let mut out = String::new();
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            let prev = sentences[i - 1].as_ref();
            out.push(if ends_with_terminal(prev) { ' ' } else { '\n' });
        }
        out.push_str(s.as_ref());
    }
    out
}

/// Python's `re.search(r"[.!?:;][\"'”’)\]]*$", s)`.
fn ends_with_terminal(s: &str) -> bool {
    // `$` also matches before one final line break.
    let s = s.strip_suffix('\n').unwrap_or(s);
    let s = s.trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', ')', ']']);
    s.ends_with(['.', '!', '?', ':', ';'])
}

/// Byte offsets where each sentence ends, locating the sentences in order; a sentence not
/// found is looked for by its first 20 characters, and skipped when that fails too (the peer
/// script's `ends`).
fn sentence_ends<S: AsRef<str>>(text: &str, sentences: &[S]) -> Vec<usize> {
    let mut out = Vec::with_capacity(sentences.len());
    let mut pos = 0;
    for s in sentences {
        let s = s.as_ref();
        let found = text[pos..].find(s).or_else(|| {
            let prefix_end = s.char_indices().nth(20).map_or(s.len(), |(i, _)| i);
            text[pos..].find(&s[..prefix_end])
        });
        if let Some(i) = found {
            pos += i + s.len();
            pos = pos.min(text.len());
            while !text.is_char_boundary(pos) {
                pos += 1;
            }
            out.push(pos);
        }
    }
    out
}

/// Characters per second of `split` over `texts`, repeating the whole set until `min` has
/// passed.
fn measure_speed(texts: &[String], min: Duration) -> f64 {
    let chars_per_pass: usize = texts.iter().map(|t| t.chars().count()).sum();
    if chars_per_pass == 0 {
        return 0.0;
    }
    let start = Instant::now();
    let mut chars = 0usize;
    let mut sentences = 0usize;
    loop {
        for t in texts {
            sentences += std::hint::black_box(parallax_analyse::segment::split(
                std::hint::black_box(t),
                Some("en"),
            ))
            .len();
        }
        chars += chars_per_pass;
        if start.elapsed() >= min {
            break;
        }
    }
    std::hint::black_box(sentences);
    chars as f64 / start.elapsed().as_secs_f64()
}

impl SentenceReport {
    /// A human-readable table.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Sentence segmentation");
        match &self.golden_rules {
            Some(g) => {
                let pct = if g.total == 0 { 0.0 } else { 100.0 * g.passed as f64 / g.total as f64 };
                let _ = writeln!(
                    out,
                    "  Golden Rules (EN)      {}/{} passed ({pct:.2}%)",
                    g.passed, g.total
                );
                for f in &g.failures {
                    let _ = writeln!(out, "    failed #{}: {}", f.id, f.name);
                    let _ = writeln!(out, "      expected: {:?}", f.expected);
                    let _ = writeln!(out, "      got:      {:?}", f.got);
                }
            }
            None => {
                let _ = writeln!(out, "  Golden Rules (EN)      not found");
            }
        }
        match &self.gum {
            Some(g) => {
                let _ = writeln!(
                    out,
                    "  GUM news boundaries    P {:.3}  R {:.3}  F1 {:.3}  (tp {}, fp {}, fn {})",
                    g.precision,
                    g.recall,
                    g.f1,
                    g.true_positives,
                    g.false_positives,
                    g.false_negatives
                );
                let pct = if g.paragraphs == 0 {
                    0.0
                } else {
                    100.0 * g.paragraphs_exact as f64 / g.paragraphs as f64
                };
                let _ = writeln!(
                    out,
                    "  GUM paragraphs exact   {}/{} ({pct:.1}%)",
                    g.paragraphs_exact, g.paragraphs
                );
            }
            None => {
                let _ = writeln!(out, "  GUM news               not found");
            }
        }
        let _ =
            writeln!(out, "  Speed                  {} chars/s", thousands(self.chars_per_second));
        out
    }
}

fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x.max(0.0));
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// A naive segmenter for testing the metric: splits after ". ".
    fn naive(text: &str) -> Vec<String> {
        text.split_inclusive(". ").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
    }

    #[test]
    fn join_uses_a_line_break_after_unterminated_lines() {
        assert_eq!(
            join_sentences(&["A caption", "Image: NASA.", "He said \"yes.\"", "Next (x)", "Done"]),
            "A caption\nImage: NASA. He said \"yes.\" Next (x)\nDone"
        );
        assert!(ends_with_terminal("Categories:"));
        assert!(ends_with_terminal("it’s great.’”"));
        assert!(ends_with_terminal("[...]"));
        assert!(!ends_with_terminal("commented,"));
    }

    #[test]
    fn ends_locate_sentences_in_order() {
        let text = "Go. Go. Stop now.";
        assert_eq!(sentence_ends(text, &["Go.", "Go.", "Stop now."]), [3, 7, 17]);
        // A sentence altered by the segmenter is found by its first 20 characters.
        let text = "abcdefghijklmnopqrstuvwxyz end";
        assert_eq!(sentence_ends(text, &["abcdefghijklmnopqrstXXX"]), [23]);
        assert_eq!(sentence_ends(text, &["zzz", "end"]), [30]);
    }

    #[test]
    fn paragraph_counts() {
        let gold = strings(&["It rained.", "Dr. Who came.", "He left."]);
        // naive splits after "Dr." (false positive) and finds both gold boundaries.
        let c = score_paragraph(&gold[..], &naive);
        assert_eq!(c, Counts { tp: 2, fp: 1, fn_: 0, exact: false });
        let gold = strings(&["One.", "Two."]);
        assert_eq!(score_paragraph(&gold, &naive), Counts { tp: 1, fp: 0, fn_: 0, exact: true });
        // A missed boundary.
        let never = |t: &str| vec![t.to_string()];
        assert_eq!(score_paragraph(&gold, &never), Counts { tp: 0, fp: 0, fn_: 1, exact: false });
        let single = strings(&["Alone."]);
        assert_eq!(score_paragraph(&single, &never), Counts { tp: 0, fp: 0, fn_: 0, exact: true });
    }

    #[test]
    fn gum_totals_and_f1() {
        let paragraphs = vec![
            strings(&["It rained.", "Dr. Who came.", "He left."]),
            strings(&["One.", "Two."]),
            strings(&["A caption", "Image: NASA."]),
        ];
        let r = score_gum(&paragraphs, naive);
        // tp: 2 + 1 + 0, fp: 1 ("Dr."), fn: 1 (the caption's line break).
        assert_eq!((r.true_positives, r.false_positives, r.false_negatives), (3, 1, 1));
        assert!((r.precision - 0.75).abs() < 1e-12);
        assert!((r.recall - 0.75).abs() < 1e-12);
        assert!((r.f1 - 0.75).abs() < 1e-12);
        assert_eq!((r.paragraphs, r.paragraphs_exact), (3, 1));
        let empty = score_gum(&[], naive);
        assert_eq!((empty.precision, empty.recall, empty.f1), (0.0, 0.0, 0.0));
    }

    #[test]
    fn golden_rules_need_an_exact_list() {
        let rules = vec![
            Rule {
                id: 1,
                name: "simple".into(),
                text: "A b. C d.".into(),
                expected: strings(&["A b.", "C d."]),
            },
            Rule {
                id: 2,
                name: "title".into(),
                text: "Mr. Smith left.".into(),
                expected: strings(&["Mr. Smith left."]),
            },
        ];
        let r = score_golden_rules(&rules, naive);
        assert_eq!((r.passed, r.total), (1, 2));
        assert_eq!(r.failures[0].id, 2);
        assert_eq!(r.failures[0].got, ["Mr.", "Smith left."]);
        let text = SentenceReport { golden_rules: Some(r), gum: None, chars_per_second: 1234567.0 }
            .to_text();
        assert!(text.contains("1/2 passed"), "{text}");
        assert!(text.contains("failed #2: title"), "{text}");
        assert!(text.contains("1,234,567 chars/s"), "{text}");
    }

    /// A scratch folder removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir = std::env::temp_dir()
                .join(format!("parallax-eval-sentences-{}-{name}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const RULES: &str = r#"[{"id": 1, "name": "Simple period to end sentence",
        "text": "Hello World. My name is Jonas.", "expected": ["Hello World.", "My name is Jonas."]}]"#;
    const GUM: &str = concat!(
        r#"{"doc_id": "d", "paragraphs": [{"block": "p", "sentences": ["It rained.", "He left."]},"#,
        r#" {"block": "caption", "sentences": ["A caption", "Image: NASA."]}], "text": "x"}"#,
        "\n\n"
    );

    #[test]
    fn evaluate_reads_either_layout() {
        let root = Scratch::new("root");
        std::fs::create_dir_all(root.0.join(GOLDEN_DIR)).unwrap();
        std::fs::create_dir_all(root.0.join(GUM_DIR)).unwrap();
        std::fs::write(root.0.join(GOLDEN_DIR).join(GOLDEN_FILE), RULES).unwrap();
        std::fs::write(root.0.join(GUM_DIR).join(GUM_FILE), GUM).unwrap();

        let report = evaluate(&root.0).unwrap();
        let g = report.golden_rules.as_ref().unwrap();
        assert_eq!((g.passed, g.total), (1, 1));
        let gum = report.gum.as_ref().unwrap();
        assert_eq!((gum.paragraphs, gum.paragraphs_exact), (2, 2));
        assert_eq!(gum.f1, 1.0);
        assert!(report.chars_per_second > 0.0);
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["golden_rules"]["passed"], 1);
        assert_eq!(json["gum"]["paragraphs_exact"], 2);
        assert!(json["chars_per_second"].as_f64().unwrap() > 0.0);

        // One of the two folders on its own.
        let only_gum = evaluate(&root.0.join(GUM_DIR)).unwrap();
        assert!(only_gum.golden_rules.is_none() && only_gum.gum.is_some());
        assert!(only_gum.to_text().contains("Golden Rules (EN)      not found"));
    }

    #[test]
    fn evaluate_errors_name_the_file() {
        let empty = Scratch::new("empty");
        let err = evaluate(&empty.0).unwrap_err();
        assert!(matches!(err, EvalError::NoData { .. }), "{err}");

        let missing = empty.0.join("nope");
        assert!(matches!(evaluate(&missing).unwrap_err(), EvalError::Io { .. }));

        let bad = Scratch::new("bad");
        let good_line = GUM.trim_end();
        std::fs::write(bad.0.join(GUM_FILE), format!("{good_line}\n{{\"paragraphs\": 7}}\n"))
            .unwrap();
        let err = evaluate(&bad.0).unwrap_err();
        assert!(matches!(err, EvalError::Parse { line: Some(2), .. }), "{err}");
        assert!(err.to_string().contains("gum-news.jsonl line 2:"), "{err}");

        let bad_rules = Scratch::new("bad-rules");
        std::fs::write(bad_rules.0.join(GOLDEN_FILE), "[{\"id\": 1}]").unwrap();
        let err = evaluate(&bad_rules.0).unwrap_err();
        assert!(err.to_string().contains("golden_rules_en.json line 1:"), "{err}");
    }

    /// The shared evaluation data, when this checkout has it beside it.
    fn shared_data() -> Option<PathBuf> {
        let dir =
            std::env::var_os("PARALLAX_SENTENCE_DATA").map(PathBuf::from).unwrap_or_else(|| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sentences")
            });
        dir.is_dir().then_some(dir)
    }

    /// `cargo test --release -p parallax-eval -- --ignored --nocapture shared_data_report`
    #[test]
    #[ignore = "reads shared/data/sentences; run with --release for a meaningful speed"]
    fn shared_data_report() {
        let Some(dir) = shared_data() else {
            eprintln!("shared/data/sentences not found; set PARALLAX_SENTENCE_DATA");
            return;
        };
        let report = evaluate(&dir).unwrap();
        println!("{}", report.to_text());
        println!("{}", serde_json::to_string(&report).unwrap());
        if std::env::var_os("PARALLAX_SHOW_ERRORS").is_some()
            && let Some(path) = find(&dir, GUM_DIR, GUM_FILE)
        {
            for gold in read_gum(&path).unwrap() {
                let c = score_paragraph(&gold, &segment);
                if c.fp + c.fn_ > 0 {
                    let text = join_sentences(&gold);
                    println!("--- fp {} fn {}", c.fp, c.fn_);
                    for s in &gold {
                        println!("  G| {s}");
                    }
                    for s in segment(&text) {
                        println!("  P| {s}");
                    }
                }
            }
        }
    }
}
