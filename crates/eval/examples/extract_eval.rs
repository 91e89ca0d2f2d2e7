//! Scores `parallax_ingest::html::extract` on extraction benchmarks.
//!
//! ```text
//! cargo run --release -p parallax-eval --example extract_eval -- DIR [--limit N] [--json FILE]
//! ```
//!
//! DIR is one benchmark folder (ScrapingHub AEB, trafilatura-eval, readability test pages) or
//! a folder holding several, e.g. `../shared/data/extraction`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut dir = None;
    let mut limit = None;
    let mut json = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--limit" => limit = args.next().and_then(|v| v.parse().ok()),
            "--json" => json = args.next().map(PathBuf::from),
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: extract_eval DIR [--limit N] [--json FILE]");
        return ExitCode::from(2);
    };
    match parallax_eval::extract::evaluate(&dir, limit) {
        Ok(report) => {
            print!("{}", report.to_text());
            if let Some(path) = json {
                let text = serde_json::to_string_pretty(&report).expect("report serialises");
                if let Err(e) = std::fs::write(&path, text) {
                    eprintln!("writing {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
