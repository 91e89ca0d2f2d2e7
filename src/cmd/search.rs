//! `parallax search`, and bringing the search index up to date after articles are stored.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use parallax_outlets::Registry;
use parallax_search::{SearchError, SearchIndex, SearchQuery, index_dir, marks_to_text};
use parallax_store::Store;

use super::{day, open_store, parse_date_arg, print_json};
use crate::cli::{Cli, SearchArgs};

/// Adds the articles stored since the last run to the data directory's search index.
pub fn update_index(data: &Path, store: &Store) -> Result<usize, SearchError> {
    SearchIndex::open(&index_dir(data))?.index_pending(store)
}

/// How indexing went, for a command's report: the stored articles are safe either way, so a
/// failed index is an error to show, not a reason to stop.
pub struct Indexed(pub Result<usize, SearchError>);

impl Indexed {
    pub fn run(data: &Path, store: &Store) -> Indexed {
        Indexed(update_index(data, store))
    }

    pub fn ok(&self) -> bool {
        self.0.is_ok()
    }

    /// Articles added, for a JSON report.
    pub fn added(&self) -> Option<usize> {
        self.0.as_ref().ok().copied()
    }

    /// The failure, for a JSON report.
    pub fn error(&self) -> Option<String> {
        self.0.as_ref().err().map(ToString::to_string)
    }

    /// The text report's line; a failure goes to standard error.
    pub fn print(&self) -> anyhow::Result<()> {
        match &self.0 {
            Ok(n) => writeln!(io::stdout(), "search index: {n} articles added")?,
            Err(e) => eprintln!("error: {e} (the articles are stored; only search is behind)"),
        }
        Ok(())
    }
}

pub fn run(cli: &Cli, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let data = cli.data_dir();
    let mut query = SearchQuery {
        text: args.query.join(" "),
        outlets: args.outlet.clone(),
        language: args.language.clone(),
        since: args.since.as_deref().map(|d| parse_date_arg("--since", d)).transpose()?,
        until: args.until.as_deref().map(|d| parse_date_arg("--until", d)).transpose()?,
        limit: args.limit,
    };
    if let Some(group) = &args.group {
        let registry = Registry::load(&data)
            .with_context(|| format!("reading the outlet registry in {}", data.display()))?;
        let members = parallax_search::outlets_in_group(&registry, group);
        anyhow::ensure!(
            !members.is_empty(),
            "no outlet is in group {group:?}; groups are set in {}",
            data.join("outlets.toml").display()
        );
        query.outlets.extend(members);
    }
    let store = open_store(cli)?;
    let mut index = SearchIndex::open(&index_dir(&data))?;
    // Articles stored by a build without search, or while the index was busy, are added now.
    match index.index_pending(&store) {
        Ok(_) => {}
        Err(e @ SearchError::Busy { .. }) => eprintln!("warning: {e}; searching what is indexed"),
        Err(e) => return Err(e.into()),
    }
    let hits = index.search(&query)?;
    if args.json {
        print_json(&hits)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = io::stdout().lock();
    if hits.is_empty() {
        writeln!(out, "no stored article matches {:?}", query.text)?;
    }
    for hit in &hits {
        let snippet = marks_to_text(&hit.snippet_html);
        let snippet: String = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
        writeln!(
            out,
            "{}  {}  {} — {}  [{}]",
            day(hit.published.as_ref()),
            hit.outlet.as_deref().unwrap_or("(unknown outlet)"),
            marks_to_text(&hit.title_html),
            snippet,
            hit.id
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
