//! Scores the topic page's key sentences with ROUGE on a summary-gold file.
//!
//! ```text
//! cargo run --release -p parallax-eval --example summary_eval -- GOLD.jsonl [WORDS] \
//!     [--background FILE.jsonl] [--json FILE] [--dump FILE]
//! ```
//!
//! WORDS defaults to 60. `--background` counts IDF from another gold file's articles (e.g.
//! `neus_train.jsonl`, as the peer script does); by default from GOLD's own. `--dump` writes
//! each story's summary and scores as JSON Lines.

use std::path::PathBuf;
use std::process::ExitCode;

use parallax_eval::summary::{Options, evaluate_with};

fn main() -> ExitCode {
    let mut gold = None;
    let mut words = 60;
    let mut json = None;
    let mut options = Options::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--background" => options.background = args.next().map(PathBuf::from),
            "--json" => json = args.next().map(PathBuf::from),
            "--dump" => options.dump = args.next().map(PathBuf::from),
            _ if gold.is_none() => gold = Some(PathBuf::from(arg)),
            _ => match arg.parse() {
                Ok(n) => words = n,
                Err(_) => {
                    eprintln!("not a number of words: {arg}");
                    return ExitCode::from(2);
                }
            },
        }
    }
    let Some(gold) = gold else {
        eprintln!(
            "usage: summary_eval GOLD.jsonl [WORDS] [--background FILE] [--json FILE] [--dump FILE]"
        );
        return ExitCode::from(2);
    };
    match evaluate_with(&gold, words, &options) {
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
            ExitCode::from(2)
        }
    }
}
