//! `parallax compare`: a story's or topic's accounts side by side.

mod doc;
mod report;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;
use parallax_compare::Options;
use parallax_evidence::variants::Lexicon;
use parallax_outlets::Registry;
use parallax_pipeline::{CompareSetup, Subject, compare_subject};

use super::{open_store, print_json};
use crate::cli::{Cli, CompareArgs};

pub use report::report;

pub fn run(cli: &Cli, args: &CompareArgs) -> anyhow::Result<ExitCode> {
    let subject = parse_subject(&args.subject, args.topic)?;
    let store = open_store(cli)?;
    let setup = setup(&cli.data_dir(), args.by)?;
    let Some(page) = compare_subject(&store, subject, &setup)? else {
        let (kind, id) = match subject {
            Subject::Story(id) => ("story", id),
            Subject::Topic(id) => ("topic", id),
        };
        anyhow::bail!(
            "no {kind} {id} in {} (see `parallax stories` and `parallax topics`)",
            store.path().display()
        );
    };
    if args.json {
        print_json(&page)?;
    } else {
        let doc = report(&page);
        let text = if args.markdown { doc.markdown() } else { doc.text() };
        io::stdout().lock().write_all(text.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The registry and lexicon of the data directory (built-in ones read over by its
/// `outlets.toml` and `variants.toml`).
pub fn setup(dir: &std::path::Path, axis: parallax_outlets::Axis) -> anyhow::Result<CompareSetup> {
    Ok(CompareSetup {
        registry: Registry::load(dir)?,
        lexicon: Lexicon::load(dir).context("loading the naming-variant lexicon")?,
        axis,
        options: Options::default(),
    })
}

fn parse_subject(raw: &str, topic: bool) -> anyhow::Result<Subject> {
    let raw = raw.trim();
    let (kind, id) = match raw.split_once(':') {
        Some((kind, id)) => (kind.trim().to_ascii_lowercase(), id.trim()),
        None => (if topic { "topic".into() } else { "story".into() }, raw),
    };
    let id: u64 = id.parse().with_context(|| {
        format!("{raw:?} is not a story or topic id (try 12, story:12 or topic:3)")
    })?;
    match kind.as_str() {
        "story" | "s" if !topic => Ok(Subject::Story(id)),
        "topic" | "t" => Ok(Subject::Topic(id)),
        _ => anyhow::bail!("{raw:?} is not a story or topic id (try 12, story:12 or topic:3)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_parse() {
        assert_eq!(parse_subject("12", false).unwrap(), Subject::Story(12));
        assert_eq!(parse_subject("story:12", false).unwrap(), Subject::Story(12));
        assert_eq!(parse_subject("topic:3", false).unwrap(), Subject::Topic(3));
        assert_eq!(parse_subject(" 3 ", true).unwrap(), Subject::Topic(3));
        assert!(parse_subject("story:x", false).is_err());
        assert!(parse_subject("planet:3", false).is_err());
        assert!(parse_subject("story:3", true).is_err());
        assert!(parse_subject("-1", false).is_err());
    }
}
