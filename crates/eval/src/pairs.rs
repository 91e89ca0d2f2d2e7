//! Same-story decisions on annotated pairs of articles, in one language and across two.
//!
//! [`evaluate`] reads pairs of articles in the CSV layout of SemEval-2022 task 8
//! (Multilingual News Article Similarity): a header row naming at least `pair_id`
//! (`"<id1>_<id2>"`), `lang1`, `lang2`, `text1`, `text2` and `Overall`, the annotators' mean
//! on the task's scale from 1 (the same event) to 4 (unrelated). Every article is filed
//! through the product itself — a fresh temporary store, the ingester, the clustering pass,
//! in file order — and each pair asks one question: did its two articles end in one story?
//!
//! Pairs rated at most [`SAME`] count as one story, pairs rated at least [`DIFFERENT`] as two;
//! the annotators' middle ground is left out. Precision, recall and F1 of "one story" are
//! given over all those pairs, over pairs in one language and over pairs across two.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::EvalError;
use crate::cluster::{Level, Prf, file_documents};

/// Pairs rated this or lower (more similar) are one story.
pub const SAME: f64 = 1.5;

/// Pairs rated this or higher (less similar) are different stories.
pub const DIFFERENT: f64 = 3.5;

/// The result of [`evaluate`].
#[derive(Clone, Debug, Serialize)]
pub struct PairsReport {
    /// Rows read.
    pub pairs: usize,
    /// Distinct articles filed.
    pub articles: usize,
    /// Every pair with a decisive rating.
    pub all: PairScores,
    /// Pairs of two articles in one language.
    pub one_language: PairScores,
    /// Pairs of articles in two languages.
    pub two_languages: PairScores,
    /// Articles per second through ingest and clustering.
    pub docs_per_second: f64,
}

/// How well "filed in one story" matches "rated the same event" on some pairs.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PairScores {
    /// Pairs with a decisive rating.
    pub pairs: usize,
    /// Of which rated the same story.
    pub same: usize,
    /// Of which filed in one story.
    pub joined: usize,
    /// "One story" against the ratings.
    pub same_story: Prf,
    /// Share of pairs decided as rated.
    pub accuracy: f64,
}

/// One pair's rating and outcome.
struct Decision {
    one_language: bool,
    same: bool,
    joined: bool,
}

impl PairScores {
    fn of<'a>(decisions: impl Iterator<Item = &'a Decision>) -> PairScores {
        let (mut pairs, mut same, mut joined, mut both, mut right) = (0, 0, 0, 0, 0);
        for d in decisions {
            pairs += 1;
            same += usize::from(d.same);
            joined += usize::from(d.joined);
            both += usize::from(d.same && d.joined);
            right += usize::from(d.same == d.joined);
        }
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        PairScores {
            pairs,
            same,
            joined,
            same_story: Prf::new(ratio(both, joined), ratio(both, same)),
            accuracy: ratio(right, pairs),
        }
    }
}

impl PairsReport {
    /// A human-readable table.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Same-story decisions on rated pairs of articles");
        let _ = writeln!(
            out,
            "  pairs {} ({} rated ≤ {SAME} or ≥ {DIFFERENT})   articles {}",
            self.pairs, self.all.pairs, self.articles
        );
        let _ = writeln!(
            out,
            "  {:<14} {:>6} {:>5} {:>7} {:>6} {:>6} {:>6} {:>9}",
            "", "rated", "same", "joined", "P", "R", "F1", "accuracy"
        );
        for (name, s) in [
            ("all", &self.all),
            ("one language", &self.one_language),
            ("two languages", &self.two_languages),
        ] {
            let _ = writeln!(
                out,
                "  {name:<14} {:>6} {:>5} {:>7} {:>6.3} {:>6.3} {:>6.3} {:>9.3}",
                s.pairs,
                s.same,
                s.joined,
                s.same_story.precision,
                s.same_story.recall,
                s.same_story.f1,
                s.accuracy
            );
        }
        let _ = writeln!(out, "  speed {:.0} docs/s", self.docs_per_second);
        out
    }
}

/// One row of the pairs file.
struct Pair {
    ids: [String; 2],
    languages: [String; 2],
    overall: f64,
}

/// Scores the story clustering's decisions on the rated pairs in `gold`.
///
/// # Errors
///
/// [`EvalError::Io`] when the file cannot be read, [`EvalError::Parse`] for a file without
/// the needed columns, a malformed row or an article the ingester refuses,
/// [`EvalError::NoData`] for a file with no decisive pair, [`EvalError::Run`] when the
/// temporary store fails.
pub fn evaluate(gold: &Path) -> Result<PairsReport, EvalError> {
    let dir = tempfile::tempdir()
        .map_err(|e| EvalError::Run { path: gold.to_path_buf(), message: e.to_string() })?;
    let documents = dir.path().join("articles.jsonl");
    let (pairs, articles) = read(gold, &documents)?;
    let decisive = |p: &&Pair| p.overall <= SAME || p.overall >= DIFFERENT;
    if !pairs.iter().any(|p| decisive(&p)) {
        return Err(EvalError::NoData {
            path: gold.to_path_buf(),
            expected: format!("pairs rated at most {SAME} or at least {DIFFERENT}"),
        });
    }
    let filed = file_documents(gold, &documents, articles.len(), Level::Stories)?;
    let story: HashMap<&str, u64> =
        articles.iter().map(String::as_str).zip(filed.groups.iter().copied()).collect();
    let decisions: Vec<Decision> = pairs
        .iter()
        .filter(decisive)
        .map(|p| Decision {
            one_language: p.languages[0] == p.languages[1],
            same: p.overall <= SAME,
            joined: story[p.ids[0].as_str()] == story[p.ids[1].as_str()],
        })
        .collect();
    Ok(PairsReport {
        pairs: pairs.len(),
        articles: articles.len(),
        all: PairScores::of(decisions.iter()),
        one_language: PairScores::of(decisions.iter().filter(|d| d.one_language)),
        two_languages: PairScores::of(decisions.iter().filter(|d| !d.one_language)),
        docs_per_second: if filed.seconds > 0.0 {
            articles.len() as f64 / filed.seconds
        } else {
            0.0
        },
    })
}

/// Reads the pairs of `path` and writes each distinct article once, in order of first
/// appearance, to the JSON Lines file `documents`; answers the pairs and the articles' ids in
/// the order written.
fn read(path: &Path, documents: &Path) -> Result<(Vec<Pair>, Vec<String>), EvalError> {
    let io = |source: std::io::Error| EvalError::Io { path: path.to_path_buf(), source };
    let bad = |line: Option<usize>, message: String| EvalError::Parse {
        path: path.to_path_buf(),
        line,
        message,
    };
    let mut reader = csv::Reader::from_path(path).map_err(|e| match e.into_kind() {
        csv::ErrorKind::Io(source) => io(source),
        other => bad(None, format!("{other:?}")),
    })?;
    let headers = reader.headers().map_err(|e| bad(Some(1), e.to_string()))?.clone();
    let names = ["pair_id", "lang1", "lang2", "text1", "text2", "Overall"];
    let found = names.map(|name| headers.iter().position(|h| h == name));
    let missing: Vec<String> = names
        .iter()
        .zip(&found)
        .filter(|(_, f)| f.is_none())
        .map(|(n, _)| format!("{n:?}"))
        .collect();
    let [Some(pair_id), Some(lang1), Some(lang2), Some(text1), Some(text2), Some(overall)] = found
    else {
        return Err(bad(Some(1), format!("no {} column", missing.join(", "))));
    };
    let (languages, texts) = ([lang1, lang2], [text1, text2]);

    let mut out = std::io::BufWriter::new(std::fs::File::create(documents).map_err(io)?);
    let mut pairs = Vec::new();
    let mut written: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            bad(line, e.to_string())
        })?;
        let line = record.position().map(|p| p.line() as usize);
        let field = |i: usize| record.get(i).unwrap_or("");
        let (first, second) = field(pair_id)
            .split_once('_')
            .ok_or_else(|| bad(line, format!("pair_id {:?} is not <id1>_<id2>", field(pair_id))))?;
        let rating: f64 = field(overall)
            .trim()
            .parse()
            .map_err(|_| bad(line, format!("Overall {:?} is not a number", field(overall))))?;
        let ids = [first.to_string(), second.to_string()];
        for (k, id) in ids.iter().enumerate() {
            if seen.insert(id.clone()) {
                let article = serde_json::json!({
                    "id": id,
                    "text": field(texts[k]),
                    "language": field(languages[k]),
                });
                writeln!(out, "{article}").map_err(io)?;
                written.push(id.clone());
            }
        }
        pairs.push(Pair {
            ids,
            languages: languages.map(|c| field(c).to_string()),
            overall: rating,
        });
    }
    out.flush().map_err(io)?;
    Ok((pairs, written))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "pair_id,lang1,lang2,text1,text2,Overall\n";

    /// Two reports of one flood (rated 1), a flood and a museum opening (rated 4), and a
    /// pair the annotators could not settle (2.5, left out).
    fn rows() -> String {
        let flood_a = "Kessel dam breaks and floods Lower Marsh. The Kessel dam broke on Monday \
                       night and flood water poured into Lower Marsh, forcing hundreds of \
                       families from their homes, the Lower Marsh council said on Tuesday.";
        let flood_b = "Hundreds flee as Kessel dam fails. Flood water rushed into Lower Marsh \
                       after the Kessel dam failed on Monday night, and hundreds of families \
                       left their homes, the Lower Marsh council said.";
        let museum = "Glass museum opens in Tarnby. A museum of blown glass opened in Tarnby \
                      on Saturday with works by Ilse Varga and a working furnace for visitors.";
        let trains = "Tarnby rail line reopens after repairs. Trains ran again between Tarnby \
                      and Osterholm on Sunday after four weeks of track repairs.";
        format!(
            "{HEADER}1_2,en,en,\"{flood_a}\",\"{flood_b}\",1.0\n\
             1_3,en,en,\"{flood_a}\",\"{museum}\",4.0\n\
             3_4,en,de,\"{museum}\",\"{trains}\",2.5\n"
        )
    }

    #[test]
    fn scores_rated_pairs_and_reports_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pairs.csv");
        std::fs::write(&path, rows()).unwrap();
        let report = evaluate(&path).unwrap();
        assert_eq!((report.pairs, report.articles), (3, 4));
        assert_eq!((report.all.pairs, report.all.same, report.all.joined), (2, 1, 1));
        assert!((report.all.same_story.f1 - 1.0).abs() < 1e-9, "{}", report.to_text());
        assert!((report.all.accuracy - 1.0).abs() < 1e-9);
        assert_eq!(report.two_languages.pairs, 0, "the rated 2.5 pair is left out");
        assert!(report.to_text().contains("one language"));
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["all"]["same_story"]["f1"], 1.0);

        std::fs::write(&path, "pair_id,lang1,text1\n1_2,en,x\n").unwrap();
        let err = evaluate(&path).unwrap_err();
        assert!(err.to_string().contains("no \"lang2\", \"text2\", \"Overall\" column"), "{err}");
        std::fs::write(&path, format!("{HEADER}12,en,en,a,b,1\n")).unwrap();
        assert!(matches!(evaluate(&path), Err(EvalError::Parse { line: Some(2), .. })));
        std::fs::write(&path, format!("{HEADER}1_2,en,en,a,b,high\n")).unwrap();
        let err = evaluate(&path).unwrap_err();
        assert!(err.to_string().contains("not a number"), "{err}");
        std::fs::write(&path, HEADER).unwrap();
        assert!(matches!(evaluate(&path), Err(EvalError::NoData { .. })));
        let missing = dir.path().join("missing.csv");
        assert!(matches!(evaluate(&missing), Err(EvalError::Io { .. })));
    }
}
