//! The synthetic corpus of a scale run, as JSON Lines files on disk so that reading and
//! parsing are measured too.
//!
//! Stories come from the story clusterer's benchmark ([`super::super::cluster::plan`] and
//! [`super::super::cluster::build`]): each synthetic story draws most of its sentences from
//! one source article of the demo corpus, its articles follow within hours to days, and
//! stories open and close as the stream moves on, so the clusterer does real work. The
//! stream keeps one density (`per_day` articles a day): a larger corpus is a longer
//! archive, not a busier day. Each article rewords what it borrows (see [`reword`]).
//! The deduplication gets work too: about one article in
//! thirty is syndicated (another outlet's copy with a credit line, hours later) and one in
//! a hundred is delivered twice (same URL and text).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::TimeDelta;
use rayon::prelude::*;
use serde_json::json;

use super::super::cluster::{Event, Planned, build, plan};
use super::super::rng::Rng;

/// Lines per file: a large backfill arrives as many files of moderate size.
const LINES_PER_FILE: usize = 20_000;
/// Articles built in parallel at a time.
const CHUNK: usize = 2_000;

/// A written corpus.
pub(super) struct Corpus {
    pub files: Vec<PathBuf>,
    pub bytes: u64,
    pub syndicated: usize,
    pub redelivered: usize,
}

/// Writes `n` articles as `part-NNNNN.jsonl` files into `dir`, the same every time for
/// the same `n`, `per_day` and events.
pub(super) fn write(
    dir: &Path,
    events: &[Event],
    n: usize,
    per_day: usize,
) -> anyhow::Result<Corpus> {
    anyhow::ensure!(n > 0, "a corpus needs at least one article");
    anyhow::ensure!(per_day > 0, "--per-day must be positive");
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let days = u32::try_from(n.div_ceil(per_day)).unwrap_or(u32::MAX).max(1);
    let (stories, planned) = plan(n, days, events.len());
    let mut sink = Sink { dir: dir.to_path_buf(), corpus: None, out: None, lines: 0, n };
    let (mut syndicated, mut redelivered) = (0, 0);
    for (c, chunk) in planned.chunks(CHUNK).enumerate() {
        let lines: Vec<Vec<(String, Copy)>> = chunk
            .par_iter()
            .enumerate()
            .map(|(i, p)| article_lines(events, &stories[p.story as usize], p, c * CHUNK + i))
            .collect();
        for (line, copy) in lines.into_iter().flatten() {
            if !sink.push(&line)? {
                break;
            }
            match copy {
                Copy::Original => {}
                Copy::Syndicated => syndicated += 1,
                Copy::Redelivered => redelivered += 1,
            }
        }
        if sink.lines >= n {
            break;
        }
    }
    let files = sink.finish()?;
    let bytes = files.iter().map(|f| f.metadata().map_or(0, |m| m.len())).sum();
    Ok(Corpus { files, bytes, syndicated, redelivered })
}

enum Copy {
    Original,
    Syndicated,
    Redelivered,
}

/// The JSON line of one planned article, then its syndicated copy or second delivery
/// if it gets one.
fn article_lines(
    events: &[Event],
    story: &super::super::cluster::StorySpec,
    p: &Planned,
    index: usize,
) -> Vec<(String, Copy)> {
    let (mut doc, outlet) = build(events, story, p);
    let mut rng = Rng::new(index as u64 ^ 0xC0_91E5);
    doc.text = reword(&doc.text, &mut rng);
    let url = format!("https://www.{outlet}.example/news/{index:07}");
    let published = doc.published.expect("built articles are dated");
    let line = |title: &Option<String>, text: &str, outlet: &str, url: &str, at| {
        json!({
            "title": title,
            "text": text,
            "outlet": outlet,
            "url": url,
            "published": chrono::DateTime::<chrono::Utc>::to_rfc3339(&at),
            "language": doc.language,
        })
        .to_string()
    };
    let mut out = vec![(line(&doc.title, &doc.text, &outlet, &url, published), Copy::Original)];
    match rng.below(100) {
        0..3 => {
            let copier = format!("wire-{}", rng.below(12));
            let text = format!("{}\n\nThis report was first published by {outlet}.", doc.text);
            let url = format!("https://www.{copier}.example/syndicated/{index:07}");
            let at = published + TimeDelta::minutes(30 + rng.below(210) as i64);
            out.push((line(&doc.title, &text, &copier, &url, at), Copy::Syndicated));
        }
        3 => out.push((out[0].0.clone(), Copy::Redelivered)),
        _ => {}
    }
    out
}

/// Drops about one word in five (never one that ends a sentence): an article's own
/// wording of the sentences it borrows. Articles of one story keep sharing most of their
/// vocabulary, as reports of one event do, but seldom whole runs of four words, which the
/// near-duplicate check looks for: without this, articles recombined from the same few
/// sentences would be taken for syndicated copies of each other.
fn reword(text: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len());
    for (p, paragraph) in text.split("\n\n").enumerate() {
        if p > 0 {
            out.push_str("\n\n");
        }
        let mut first = true;
        for word in paragraph.split(' ') {
            let ends_sentence = word.ends_with(['.', '!', '?', '"', '”']);
            if !ends_sentence && rng.below(5) == 0 {
                continue;
            }
            if !first {
                out.push(' ');
            }
            out.push_str(word);
            first = false;
        }
    }
    out
}

/// The files being written, a new one every [`LINES_PER_FILE`] lines, up to `n` lines.
struct Sink {
    dir: PathBuf,
    corpus: Option<Vec<PathBuf>>,
    out: Option<BufWriter<File>>,
    lines: usize,
    n: usize,
}

impl Sink {
    /// Writes one line; false once the corpus is full (the line is not written).
    fn push(&mut self, line: &str) -> anyhow::Result<bool> {
        if self.lines >= self.n {
            return Ok(false);
        }
        if self.lines.is_multiple_of(LINES_PER_FILE) {
            self.close()?;
            let path = self.dir.join(format!("part-{:05}.jsonl", self.lines / LINES_PER_FILE));
            let file =
                File::create(&path).with_context(|| format!("creating {}", path.display()))?;
            self.out = Some(BufWriter::new(file));
            self.corpus.get_or_insert_with(Vec::new).push(path);
        }
        let out = self.out.as_mut().expect("a file is open");
        writeln!(out, "{line}").context("writing the corpus")?;
        self.lines += 1;
        Ok(true)
    }

    fn close(&mut self) -> anyhow::Result<()> {
        if let Some(mut out) = self.out.take() {
            out.flush().context("writing the corpus")?;
        }
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<Vec<PathBuf>> {
        self.close()?;
        Ok(self.corpus.take().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events() -> Vec<Event> {
        (0..5)
            .map(|e| Event {
                titles: vec![format!("Headline of event {e}")],
                sentences: (0..12)
                    .map(|s| format!("Event {e} sentence {s} says something about the harbour."))
                    .collect(),
                language: Some("en".into()),
            })
            .collect()
    }

    #[test]
    fn writes_exactly_n_valid_lines_the_same_every_time() {
        let events = events();
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let first = write(a.path(), &events, 700, 100).unwrap();
        let second = write(b.path(), &events, 700, 100).unwrap();
        let read = |files: &[PathBuf]| -> Vec<String> {
            files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect()
        };
        assert_eq!(read(&first.files), read(&second.files));
        let text = read(&first.files).concat();
        assert_eq!(text.lines().count(), 700);
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(v["text"].as_str().unwrap().len() > 40, "{line}");
            assert!(v["published"].as_str().unwrap().starts_with("2025-"), "{line}");
        }
        assert!(first.syndicated > 0, "some articles are syndicated");
    }

    #[test]
    fn rewording_keeps_paragraphs_and_sentence_ends() {
        let mut rng = Rng::new(7);
        let text = "One two three four five six seven eight nine ten. Eleven twelve.\n\nThirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty!";
        let reworded = reword(text, &mut rng);
        assert!(reworded.len() < text.len(), "{reworded}");
        assert_eq!(reworded.matches("\n\n").count(), 1);
        for end in ["ten.", "twelve.", "twenty!"] {
            assert!(reworded.contains(end), "{reworded}");
        }
        assert_eq!(reword("", &mut rng), "");
    }

    #[test]
    fn refuses_an_empty_corpus() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write(dir.path(), &events(), 0, 100).is_err());
        assert!(write(dir.path(), &events(), 10, 0).is_err());
    }
}
