/*!
Main-text extraction quality and speed of [`parallax_ingest::html::extract`] on public
benchmarks, each scored with its own metric.

| benchmark | layout found in the folder | metric |
|---|---|---|
| ScrapingHub AEB | `ground-truth.json` + `html/<id>.html.gz` | 4-token shingles (see below) |
| trafilatura-eval | `evaldata.json` + `html/<file>.gz` | "with"/"without" snippets (see below) |
| readability test pages | `pages/<case>/source.html(.gz)` + `expected-metadata.json` | title, byline and date accuracy; body F1 with the AEB metric against `expected.html(.gz)` |

[`evaluate`] takes one such folder, or a folder holding several of them, and scores each.

**AEB metric** (as defined by the benchmark): tokens are the `\w+` runs of a text; a text's
4-token shingles (one shorter shingle when it has fewer than 4 tokens) are counted as a
multiset; per page, true positives = shared shingles, false positives = predicted only,
false negatives = gold only, the three divided by their sum. Precision is the mean of
`tp / (tp + fp)` over pages with `tp + fp > 0`, recall the mean of `tp / (tp + fn)` over pages
with `tp + fn > 0` (both 1 when `fp = fn = 0`), F1 the harmonic mean of the two means, accuracy
the share of pages whose token list equals the gold's.

**trafilatura-eval metric**: output and snippets are whitespace-normalised (runs of white
space become one space, ends trimmed); a "with" snippet found in the output is a true positive,
missing a false negative; a "without" snippet found is a false positive, absent a true negative;
counts are summed over the corpus; precision, recall, F1 = `2tp / (2tp + fp + fn)` and accuracy
= `(tp + tn) / all`.

**Readability test pages**: title and byline are right when equal after lower-casing and
collapsing white space (for bylines a leading "By" is also ignored); a date is right when it
falls on the gold's calendar day in the gold's own time zone (UTC when it gives none). Each
field counts only the pages whose gold has it. The gold is what Readability.js outputs, so it
keeps site-name suffixes in titles that Parallax removes on purpose.

**Speed**: the CPU time of the calling thread around each `extract` call (decoding and
reading excluded, one untimed warm-up call first), from `/proc/thread-self/schedstat`; where
that file is missing, wall-clock time. MB/s counts the page's raw (decompressed) bytes.
*/

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;
use serde_json::Value;

use crate::EvalError;

/// The readability test pages' base URL (what Readability.js's own test harness uses).
const READABILITY_URL: &str = "http://fakehost/test/page.html";

/// Scores of one evaluation run.
#[derive(Clone, Debug, Serialize)]
pub struct ExtractReport {
    /// The benchmark the top-level figures come from (AEB when present).
    pub primary: String,
    /// Precision of the primary benchmark.
    pub precision: f64,
    /// Recall of the primary benchmark.
    pub recall: f64,
    /// F1 of the primary benchmark.
    pub f1: f64,
    /// Pages of the primary benchmark.
    pub pages: usize,
    /// Every benchmark found, by name.
    pub benchmarks: BTreeMap<String, BenchmarkReport>,
}

/// Scores on one benchmark.
#[derive(Clone, Debug, Serialize)]
pub struct BenchmarkReport {
    /// Which benchmark this is.
    pub kind: BenchmarkKind,
    /// Where it was read from.
    pub path: PathBuf,
    /// Pages evaluated.
    pub pages: usize,
    /// Body precision (AEB shingles or snippets); `None` where the benchmark has no body gold.
    pub precision: Option<f64>,
    /// Body recall.
    pub recall: Option<f64>,
    /// Body F1.
    pub f1: Option<f64>,
    /// AEB: share of pages whose tokens equal the gold's; trafilatura-eval: (tp + tn) / all.
    pub accuracy: Option<f64>,
    /// Snippet counts (trafilatura-eval only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippets: Option<SnippetCounts>,
    /// Title accuracy (readability test pages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<FieldAccuracy>,
    /// Byline accuracy (readability test pages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<FieldAccuracy>,
    /// Publication-date accuracy (readability test pages).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<FieldAccuracy>,
    /// How fast `extract` ran.
    pub speed: Speed,
}

/// The benchmarks [`evaluate`] knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BenchmarkKind {
    /// ScrapingHub Article Extraction Benchmark.
    ScrapinghubAeb,
    /// trafilatura's evaluation corpus.
    TrafilaturaEval,
    /// Mozilla Readability.js's test pages.
    ReadabilityTestpages,
}

impl BenchmarkKind {
    /// The name used as key in [`ExtractReport::benchmarks`].
    pub fn name(self) -> &'static str {
        match self {
            Self::ScrapinghubAeb => "scrapinghub-aeb",
            Self::TrafilaturaEval => "trafilatura-eval",
            Self::ReadabilityTestpages => "readability-testpages",
        }
    }
}

/// Snippet counts summed over the corpus.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SnippetCounts {
    /// "with" snippets found.
    pub tp: usize,
    /// "without" snippets found.
    pub fp: usize,
    /// "with" snippets missing.
    pub fn_: usize,
    /// "without" snippets absent.
    pub tn: usize,
}

/// Right answers for one metadata field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct FieldAccuracy {
    /// Pages whose output matched the gold.
    pub correct: usize,
    /// Pages whose gold has the field.
    pub total: usize,
    /// `correct / total` (0 when `total` is 0).
    pub accuracy: f64,
}

impl FieldAccuracy {
    fn new(correct: usize, total: usize) -> Self {
        let accuracy = if total == 0 { 0.0 } else { correct as f64 / total as f64 };
        Self { correct, total, accuracy }
    }
}

/// Extraction speed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Speed {
    /// Pages per second of extraction time.
    pub pages_per_s: f64,
    /// Milliseconds of extraction time per page.
    pub ms_per_page: f64,
    /// Megabytes (10^6) of page per second.
    pub mb_per_s: f64,
    /// Total extraction time in seconds.
    pub seconds: f64,
    /// `true` when thread CPU time was measured, `false` for wall-clock time.
    pub cpu_time: bool,
}

/// Finds the benchmarks in `dir` (the folder of one, or a folder holding several) and scores
/// each on its first `limit` pages (in the order of their ids), or all.
///
/// # Errors
///
/// [`EvalError::NoData`] when no benchmark is found, [`EvalError::Io`] and
/// [`EvalError::Parse`] when one cannot be read.
pub fn evaluate(dir: &Path, limit: Option<usize>) -> Result<ExtractReport, EvalError> {
    let mut found: Vec<(BenchmarkKind, PathBuf)> = detect(dir).into_iter().collect();
    if found.is_empty() {
        let entries = std::fs::read_dir(dir).map_err(|source| io(dir, source))?;
        let mut subdirs: Vec<PathBuf> =
            entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
        subdirs.sort();
        for sub in subdirs {
            found.extend(detect(&sub));
        }
    }
    if found.is_empty() {
        return Err(EvalError::NoData {
            path: dir.to_path_buf(),
            expected: "ground-truth.json + html/ (AEB), evaldata.json (trafilatura-eval) or \
                       pages/*/source.html(.gz) + expected-metadata.json (readability test pages), \
                       in the folder or its subfolders"
                .into(),
        });
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let mut benchmarks = BTreeMap::new();
    for (kind, path) in found {
        let report = match kind {
            BenchmarkKind::ScrapinghubAeb => eval_aeb(&path, limit)?,
            BenchmarkKind::TrafilaturaEval => eval_trafilatura(&path, limit)?,
            BenchmarkKind::ReadabilityTestpages => eval_readability(&path, limit)?,
        };
        let mut name = kind.name().to_string();
        if benchmarks.contains_key(&name) {
            let dir_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            name = format!("{name} ({})", dir_name.unwrap_or_default());
        }
        benchmarks.insert(name, report);
    }
    let (primary, first) = benchmarks
        .iter()
        .filter(|(_, r)| r.f1.is_some())
        .min_by_key(|(_, r)| r.kind)
        .or_else(|| benchmarks.iter().next())
        .map(|(n, r)| (n.clone(), r.clone()))
        .expect("at least one benchmark");
    Ok(ExtractReport {
        primary,
        precision: first.precision.unwrap_or(0.0),
        recall: first.recall.unwrap_or(0.0),
        f1: first.f1.unwrap_or(0.0),
        pages: first.pages,
        benchmarks,
    })
}

/// Which benchmark `dir` itself holds, if any.
fn detect(dir: &Path) -> Option<(BenchmarkKind, PathBuf)> {
    if dir.join("ground-truth.json").is_file() && dir.join("html").is_dir() {
        return Some((BenchmarkKind::ScrapinghubAeb, dir.to_path_buf()));
    }
    if dir.join("evaldata.json").is_file() {
        return Some((BenchmarkKind::TrafilaturaEval, dir.to_path_buf()));
    }
    let pages = dir.join("pages");
    let has_case = std::fs::read_dir(&pages).ok()?.filter_map(Result::ok).any(|e| {
        let p = e.path();
        p.join("expected-metadata.json").is_file()
            && (p.join("source.html").is_file() || p.join("source.html.gz").is_file())
    });
    has_case.then(|| (BenchmarkKind::ReadabilityTestpages, dir.to_path_buf()))
}

impl ExtractReport {
    /// A plain-text table of every benchmark's scores and speed.
    pub fn to_text(&self) -> String {
        let fmt = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"));
        let field = |f: Option<FieldAccuracy>| {
            f.map_or_else(
                || "-".to_string(),
                |f| format!("{:.3} ({}/{})", f.accuracy, f.correct, f.total),
            )
        };
        let mut out = String::new();
        out.push_str(&format!(
            "{:<24} {:>5} {:>6} {:>6} {:>6} {:>6} {:>16} {:>16} {:>16} {:>8} {:>8} {:>7}\n",
            "benchmark",
            "pages",
            "P",
            "R",
            "F1",
            "acc",
            "title",
            "byline",
            "date",
            "ms/page",
            "pages/s",
            "MB/s"
        ));
        for (name, r) in &self.benchmarks {
            out.push_str(&format!(
                "{:<24} {:>5} {:>6} {:>6} {:>6} {:>6} {:>16} {:>16} {:>16} {:>8.3} {:>8.1} {:>7.1}\n",
                name,
                r.pages,
                fmt(r.precision),
                fmt(r.recall),
                fmt(r.f1),
                fmt(r.accuracy),
                field(r.title),
                field(r.byline),
                field(r.date),
                r.speed.ms_per_page,
                r.speed.pages_per_s,
                r.speed.mb_per_s,
            ));
        }
        let timer = if self.benchmarks.values().all(|r| r.speed.cpu_time) {
            "thread CPU time"
        } else {
            "wall-clock time"
        };
        out.push_str(&format!(
            "primary: {} (P {:.3}, R {:.3}, F1 {:.3}, {} pages); speed = {timer} of extract(), decoding excluded\n",
            self.primary, self.precision, self.recall, self.f1, self.pages
        ));
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Benchmarks
// ---------------------------------------------------------------------------------------------

/// One page to extract: its decoded HTML, the URL to pass, the size of its raw bytes.
struct Input {
    html: String,
    url: Option<String>,
    bytes: usize,
}

/// Runs `extract` over `inputs`, timing each call.
fn run(inputs: &[Input]) -> (Vec<parallax_ingest::html::Page>, Speed) {
    if let Some(first) = inputs.first() {
        let _ = parallax_ingest::html::extract(&first.html, first.url.as_deref());
    }
    let mut timer = Timer::new();
    let mut pages = Vec::with_capacity(inputs.len());
    let mut bytes = 0usize;
    for input in inputs {
        timer.start();
        let page = parallax_ingest::html::extract(&input.html, input.url.as_deref());
        timer.stop();
        bytes += input.bytes;
        pages.push(page);
    }
    let seconds = timer.total;
    let n = inputs.len() as f64;
    let speed = Speed {
        pages_per_s: if seconds > 0.0 { n / seconds } else { 0.0 },
        ms_per_page: if n > 0.0 { 1000.0 * seconds / n } else { 0.0 },
        mb_per_s: if seconds > 0.0 { bytes as f64 / 1e6 / seconds } else { 0.0 },
        seconds,
        cpu_time: timer.cpu,
    };
    (pages, speed)
}

fn eval_aeb(dir: &Path, limit: Option<usize>) -> Result<BenchmarkReport, EvalError> {
    let gt_path = dir.join("ground-truth.json");
    let gt = read_json(&gt_path)?;
    let Value::Object(gt) = gt else {
        return Err(parse_err(&gt_path, "expected an object of pages"));
    };
    let mut ids: Vec<&String> = gt.keys().collect();
    ids.sort();
    ids.truncate(limit.unwrap_or(usize::MAX));
    let mut inputs = Vec::with_capacity(ids.len());
    let mut golds = Vec::with_capacity(ids.len());
    for id in ids {
        let raw = read_maybe_gz(&dir.join("html").join(format!("{id}.html.gz")))?;
        let html = decode(&raw);
        let entry = &gt[id.as_str()];
        let url = entry.get("url").and_then(Value::as_str).map(str::to_string);
        golds.push(entry.get("articleBody").and_then(Value::as_str).unwrap_or("").to_string());
        inputs.push(Input { html, url, bytes: raw.len() });
    }
    let (pages, speed) = run(&inputs);
    let predicted: Vec<&str> = pages.iter().map(|p| p.text.as_str()).collect();
    let gold: Vec<&str> = golds.iter().map(String::as_str).collect();
    let s = shingle_scores(&gold, &predicted);
    Ok(BenchmarkReport {
        kind: BenchmarkKind::ScrapinghubAeb,
        path: dir.to_path_buf(),
        pages: inputs.len(),
        precision: Some(s.precision),
        recall: Some(s.recall),
        f1: Some(s.f1),
        accuracy: Some(s.accuracy),
        snippets: None,
        title: None,
        byline: None,
        date: None,
        speed,
    })
}

fn eval_trafilatura(dir: &Path, limit: Option<usize>) -> Result<BenchmarkReport, EvalError> {
    let ev_path = dir.join("evaldata.json");
    let Value::Object(ev) = read_json(&ev_path)? else {
        return Err(parse_err(&ev_path, "expected an object of pages"));
    };
    let mut urls: Vec<&String> = ev.keys().collect();
    urls.sort();
    urls.truncate(limit.unwrap_or(usize::MAX));
    let mut inputs = Vec::with_capacity(urls.len());
    let mut snippets = Vec::with_capacity(urls.len());
    for url in urls {
        let item = &ev[url.as_str()];
        let Some(file) = item.get("file").and_then(Value::as_str) else {
            return Err(parse_err(&ev_path, &format!("page {url} has no \"file\"")));
        };
        let gz = dir.join("html").join(format!("{file}.gz"));
        let path = if gz.is_file() { gz } else { dir.join("html").join(file) };
        let raw = read_maybe_gz(&path)?;
        let list = |key: &str| -> Vec<String> {
            item.get(key)
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default()
        };
        snippets.push((list("with"), list("without")));
        // The corpus's keys are URLs (a few are "hard::..." labels, which are not).
        let page_url = url.starts_with("http").then(|| url.to_string());
        inputs.push(Input { html: decode(&raw), url: page_url, bytes: raw.len() });
    }
    let (pages, speed) = run(&inputs);
    let mut counts = SnippetCounts::default();
    for (page, (with, without)) in pages.iter().zip(&snippets) {
        let c = snippet_counts(&page.text, with, without);
        counts.tp += c.tp;
        counts.fp += c.fp;
        counts.fn_ += c.fn_;
        counts.tn += c.tn;
    }
    let (p, r, f, a) = snippet_scores(counts);
    Ok(BenchmarkReport {
        kind: BenchmarkKind::TrafilaturaEval,
        path: dir.to_path_buf(),
        pages: inputs.len(),
        precision: Some(p),
        recall: Some(r),
        f1: Some(f),
        accuracy: Some(a),
        snippets: Some(counts),
        title: None,
        byline: None,
        date: None,
        speed,
    })
}

fn eval_readability(dir: &Path, limit: Option<usize>) -> Result<BenchmarkReport, EvalError> {
    let pages_dir = dir.join("pages");
    let entries = std::fs::read_dir(&pages_dir).map_err(|source| io(&pages_dir, source))?;
    let mut cases: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("expected-metadata.json").is_file())
        .filter(|p| p.join("source.html").is_file() || p.join("source.html.gz").is_file())
        .collect();
    cases.sort();
    cases.truncate(limit.unwrap_or(usize::MAX));
    let mut inputs = Vec::with_capacity(cases.len());
    let mut golds = Vec::with_capacity(cases.len());
    for case in &cases {
        let raw = read_either(&case.join("source.html"))?;
        let meta_path = case.join("expected-metadata.json");
        let meta = read_json(&meta_path)?;
        let field = |k: &str| {
            meta.get(k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let expected = match read_either(&case.join("expected.html")) {
            Ok(bytes) => Some(parallax_ingest::fragment_text(&String::from_utf8_lossy(&bytes))),
            Err(_) => None,
        };
        golds.push((field("title"), field("byline"), field("publishedTime"), expected));
        inputs.push(Input {
            html: decode(&raw),
            url: Some(READABILITY_URL.to_string()),
            bytes: raw.len(),
        });
    }
    let (pages, speed) = run(&inputs);
    let (mut title, mut byline, mut date) = ((0, 0), (0, 0), (0, 0));
    let (mut body_gold, mut body_pred) = (Vec::new(), Vec::new());
    for (page, (t, b, d, expected)) in pages.iter().zip(&golds) {
        if let Some(t) = t {
            title.1 += 1;
            title.0 += usize::from(page.title.as_deref().is_some_and(|p| same_text(p, t)));
        }
        if let Some(b) = b {
            byline.1 += 1;
            byline.0 += usize::from(page.byline.as_deref().is_some_and(|p| same_byline(p, b)));
        }
        if let Some(d) = d {
            date.1 += 1;
            date.0 += usize::from(page.published.is_some_and(|p| same_day(p.timestamp(), d)));
        }
        if let Some(e) = expected {
            body_gold.push(e.as_str());
            body_pred.push(page.text.as_str());
        }
    }
    let body = (!body_gold.is_empty()).then(|| shingle_scores(&body_gold, &body_pred));
    Ok(BenchmarkReport {
        kind: BenchmarkKind::ReadabilityTestpages,
        path: dir.to_path_buf(),
        pages: inputs.len(),
        precision: body.map(|s| s.precision),
        recall: body.map(|s| s.recall),
        f1: body.map(|s| s.f1),
        accuracy: body.map(|s| s.accuracy),
        snippets: None,
        title: Some(FieldAccuracy::new(title.0, title.1)),
        byline: Some(FieldAccuracy::new(byline.0, byline.1)),
        date: Some(FieldAccuracy::new(date.0, date.1)),
        speed,
    })
}

// ---------------------------------------------------------------------------------------------
// Metrics
// ---------------------------------------------------------------------------------------------

/// The `\w+` tokens of a text: runs of letters, digits (any script) and underscores.
///
/// Python's `\w` (the benchmark's) is `str.isalnum()` or `_`; Rust's `char::is_alphanumeric`
/// also counts the combining vowel signs that Unicode lists as `Other_Alphabetic` (Indic
/// scripts), so such words are not split here. The English AEB scores are the same.
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// The multiset of 4-token shingles (one shorter shingle when there are fewer tokens).
fn shingles<'a>(tokens: &[&'a str]) -> HashMap<Vec<&'a str>, usize> {
    let mut out = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    let n = 4.min(tokens.len());
    for w in tokens.windows(n) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// One page's shingle TP, FP and FN, divided by their sum (all 0 when both texts are empty).
pub fn page_tp_fp_fn(gold: &str, predicted: &str) -> (f64, f64, f64) {
    let (g, p) = (tokens(gold), tokens(predicted));
    let (g, p) = (shingles(&g), shingles(&p));
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (k, &a) in &g {
        let b = p.get(k).copied().unwrap_or(0);
        tp += a.min(b);
        fn_ += a.saturating_sub(b);
    }
    for (k, &b) in &p {
        fp += b.saturating_sub(g.get(k).copied().unwrap_or(0));
    }
    let sum = (tp + fp + fn_) as f64;
    if sum == 0.0 {
        return (0.0, 0.0, 0.0);
    }
    (tp as f64 / sum, fp as f64 / sum, fn_ as f64 / sum)
}

/// AEB scores of predictions against golds (same order).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShingleScores {
    /// Mean per-page precision.
    pub precision: f64,
    /// Mean per-page recall.
    pub recall: f64,
    /// Harmonic mean of the two means.
    pub f1: f64,
    /// Share of pages whose token lists are equal.
    pub accuracy: f64,
}

/// The AEB metric over pages: `gold[i]` against `predicted[i]`.
pub fn shingle_scores(gold: &[&str], predicted: &[&str]) -> ShingleScores {
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    let mut exact = 0usize;
    for (g, p) in gold.iter().zip(predicted) {
        let (tp, fp, fn_) = page_tp_fp_fn(g, p);
        let perfect = fp == 0.0 && fn_ == 0.0;
        if tp + fp > 0.0 {
            ps.push(if perfect { 1.0 } else { tp / (tp + fp) });
        }
        if tp + fn_ > 0.0 {
            rs.push(if perfect { 1.0 } else { tp / (tp + fn_) });
        }
        exact += usize::from(tokens(g) == tokens(p));
    }
    let mean = |v: &[f64]| if v.is_empty() { 0.0 } else { v.iter().sum::<f64>() / v.len() as f64 };
    let (precision, recall) = (mean(&ps), mean(&rs));
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let accuracy = if gold.is_empty() { 0.0 } else { exact as f64 / gold.len() as f64 };
    ShingleScores { precision, recall, f1, accuracy }
}

fn normalize_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The trafilatura-eval counts of one page.
pub fn snippet_counts(output: &str, with: &[String], without: &[String]) -> SnippetCounts {
    let text = normalize_space(output);
    let found = |s: &String| text.contains(&normalize_space(s));
    let tp = with.iter().filter(|s| found(s)).count();
    let fp = without.iter().filter(|s| found(s)).count();
    SnippetCounts { tp, fp, fn_: with.len() - tp, tn: without.len() - fp }
}

/// Precision, recall, F1 and accuracy of summed snippet counts.
pub fn snippet_scores(c: SnippetCounts) -> (f64, f64, f64, f64) {
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    (
        ratio(c.tp, c.tp + c.fp),
        ratio(c.tp, c.tp + c.fn_),
        ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn_),
        ratio(c.tp + c.tn, c.tp + c.tn + c.fp + c.fn_),
    )
}

/// Equal after lower-casing and collapsing white space.
fn same_text(a: &str, b: &str) -> bool {
    normalize_space(a).to_lowercase() == normalize_space(b).to_lowercase()
}

/// [`same_text`], ignoring a leading "By".
fn same_byline(a: &str, b: &str) -> bool {
    let strip = |s: &str| {
        let s = normalize_space(s);
        let lower = s.to_lowercase();
        match lower.strip_prefix("by ") {
            Some(rest) => rest.to_string(),
            None => lower,
        }
    };
    strip(a) == strip(b)
}

/// Whether the instant `ts` (Unix seconds) falls on the calendar day of `gold` in gold's own
/// UTC offset (UTC when it states none).
fn same_day(ts: i64, gold: &str) -> bool {
    let Some(g) = parallax_ingest::parse_date(gold) else { return false };
    let offset = utc_offset_seconds(gold);
    (ts + offset).div_euclid(86_400) == (g.timestamp() + offset).div_euclid(86_400)
}

/// The `+hh:mm` / `-hhmm` offset at the end of an ISO 8601 time, in seconds (0 for `Z`/none).
fn utc_offset_seconds(s: &str) -> i64 {
    let s = s.trim();
    if s.len() < 16 {
        return 0; // a bare date
    }
    let tail = &s[s.len().saturating_sub(6)..];
    let digits: String = tail.chars().filter(char::is_ascii_digit).collect();
    let sign = if tail.contains('+') {
        1
    } else if tail.contains('-')
        && tail.chars().next().is_some_and(|c| c == '-' || c.is_ascii_digit())
    {
        -1
    } else {
        return 0;
    };
    if digits.len() != 4 {
        return 0;
    }
    let h: i64 = digits[..2].parse().unwrap_or(0);
    let m: i64 = digits[2..].parse().unwrap_or(0);
    sign * (h * 3600 + m * 60)
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/// Thread CPU time from `/proc/thread-self/schedstat` (nanoseconds on the CPU), or wall time.
struct Timer {
    cpu: bool,
    started_cpu: u64,
    started_wall: Option<Instant>,
    total: f64,
}

impl Timer {
    fn new() -> Self {
        Self { cpu: thread_cpu_ns().is_some(), started_cpu: 0, started_wall: None, total: 0.0 }
    }

    fn start(&mut self) {
        if self.cpu {
            self.started_cpu = thread_cpu_ns().unwrap_or(0);
        } else {
            self.started_wall = Some(Instant::now());
        }
    }

    fn stop(&mut self) {
        if self.cpu {
            let now = thread_cpu_ns().unwrap_or(self.started_cpu);
            self.total += now.saturating_sub(self.started_cpu) as f64 / 1e9;
        } else if let Some(t) = self.started_wall.take() {
            self.total += t.elapsed().as_secs_f64();
        }
    }
}

fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn io(path: &Path, source: std::io::Error) -> EvalError {
    EvalError::Io { path: path.to_path_buf(), source }
}

fn parse_err(path: &Path, message: &str) -> EvalError {
    EvalError::Parse { path: path.to_path_buf(), line: None, message: message.to_string() }
}

fn read_json(path: &Path) -> Result<Value, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| io(path, source))?;
    serde_json::from_str(&text).map_err(|e| EvalError::Parse {
        path: path.to_path_buf(),
        line: Some(e.line()),
        message: e.to_string(),
    })
}

/// Reads a file, gunzipping it when it starts with the gzip magic bytes.
fn read_maybe_gz(path: &Path) -> Result<Vec<u8>, EvalError> {
    let raw = std::fs::read(path).map_err(|source| io(path, source))?;
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|source| io(path, source))?;
        return Ok(out);
    }
    Ok(raw)
}

/// `path`, or `path` + `.gz`.
fn read_either(path: &Path) -> Result<Vec<u8>, EvalError> {
    if path.is_file() {
        return read_maybe_gz(path);
    }
    let mut gz = path.as_os_str().to_owned();
    gz.push(".gz");
    read_maybe_gz(Path::new(&gz))
}

/// Decodes page bytes like the crawler does; binary-looking pages become empty text.
fn decode(raw: &[u8]) -> String {
    parallax_ingest::decode::decode_html(raw, None).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_word_runs() {
        assert_eq!(
            tokens("It's 3.5 km—north_east, Zürich!"),
            ["It", "s", "3", "5", "km", "north_east", "Zürich"]
        );
        assert!(tokens(" ,.; ").is_empty());
    }

    #[test]
    fn shingles_of_short_texts() {
        let t = tokens("one two");
        let s = shingles(&t);
        assert_eq!(s.len(), 1);
        assert_eq!(s[&vec!["one", "two"]], 1);
        let t = tokens("a b c d a b c d");
        let s = shingles(&t);
        assert_eq!(s[&vec!["a", "b", "c", "d"]], 2);
        assert_eq!(s.values().sum::<usize>(), 5);
    }

    #[test]
    fn page_counts_are_normalised() {
        // gold: 3 shingles (a b c d, b c d e, c d e f); predicted: a b c d, b c d x.
        let (tp, fp, fn_) = page_tp_fp_fn("a b c d e f", "a b c d x");
        assert!((tp - 1.0 / 4.0).abs() < 1e-12);
        assert!((fp - 1.0 / 4.0).abs() < 1e-12);
        assert!((fn_ - 2.0 / 4.0).abs() < 1e-12);
        assert_eq!(page_tp_fp_fn("", ""), (0.0, 0.0, 0.0));
    }

    #[test]
    fn corpus_scores() {
        let gold = ["the mayor opened the new bridge on monday", "rain is expected all week long"];
        let pred = ["the mayor opened the new bridge on monday", ""];
        let s = shingle_scores(&gold, &pred);
        // Page 1 is perfect; page 2 has no prediction: it counts for recall (0) only.
        assert_eq!(s.precision, 1.0);
        assert_eq!(s.recall, 0.5);
        assert!((s.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(s.accuracy, 0.5);
        // Extra text lowers precision only.
        let s =
            shingle_scores(&gold[..1], &["the mayor opened the new bridge on monday share this"]);
        assert_eq!(s.recall, 1.0);
        assert!(s.precision < 1.0 && s.precision > 0.5);
        assert_eq!(s.accuracy, 0.0);
    }

    #[test]
    fn snippets() {
        let with = vec!["The council  voted".to_string(), "missing sentence".to_string()];
        let without = vec!["Cookie settings".to_string(), "Share".to_string()];
        let c = snippet_counts("The council\nvoted on Tuesday. Share", &with, &without);
        assert_eq!(c, SnippetCounts { tp: 1, fp: 1, fn_: 1, tn: 1 });
        let (p, r, f, a) = snippet_scores(c);
        assert_eq!((p, r, f, a), (0.5, 0.5, 0.5, 0.5));
        assert_eq!(snippet_scores(SnippetCounts::default()), (0.0, 0.0, 0.0, 0.0));
    }

    #[test]
    fn metadata_normalisation() {
        assert!(same_text("  Bridge  Opens\n", "bridge opens"));
        assert!(!same_text("Bridge opens | Daily", "Bridge opens"));
        assert!(same_byline("By Jane Roe", "jane  roe"));
        // 2017-02-24T01:18:13Z is still the 23rd in UTC-8.
        let ts = parallax_ingest::parse_date("2017-02-24T01:18:13Z").unwrap().timestamp();
        assert!(same_day(ts, "2017-02-23T17:18:13-08:00"));
        assert!(!same_day(ts, "2017-02-23"));
        assert!(same_day(ts, "2017-02-24"));
        assert_eq!(utc_offset_seconds("2020-01-01T10:00:00+05:30"), 19_800);
        assert_eq!(utc_offset_seconds("2020-01-01T10:00:00Z"), 0);
        assert_eq!(utc_offset_seconds("2020-01-01"), 0);
    }

    #[test]
    fn detects_layouts_and_reports_missing_data() {
        let root =
            std::env::temp_dir().join(format!("parallax-eval-extract-{}", std::process::id()));
        let aeb = root.join("aeb");
        std::fs::create_dir_all(aeb.join("html")).unwrap();
        std::fs::write(
            aeb.join("ground-truth.json"),
            r#"{"p1": {"articleBody": "The harbour reopened on Friday after the storm.", "url": "https://example.org/a"}}"#,
        )
        .unwrap();
        std::fs::write(
            aeb.join("html/p1.html.gz"),
            "<html><body><article><p>The harbour reopened on Friday after the storm.</p></article></body></html>",
        )
        .unwrap();
        let report = evaluate(&root, None).unwrap();
        assert_eq!(report.primary, "scrapinghub-aeb");
        assert_eq!(report.pages, 1);
        assert!(report.benchmarks.contains_key("scrapinghub-aeb"));
        let json = serde_json::to_value(&report).unwrap();
        for key in ["precision", "recall", "f1", "pages", "benchmarks"] {
            assert!(json.get(key).is_some(), "{key}");
        }
        assert!(report.to_text().contains("scrapinghub-aeb"));
        let empty = root.join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        assert!(matches!(evaluate(&empty, None), Err(EvalError::NoData { .. })));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
