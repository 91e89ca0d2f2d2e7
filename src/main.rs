//! The `parallax` binary: parses the command line and hands each subcommand to `cmd`.

mod cli;
mod cmd;
mod signals;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cmd::run(&cli) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`parallax articles | head`) is not an error.
            if err.chain().any(is_broken_pipe) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "parallax: {}", message(&err));
            ExitCode::from(2)
        }
    }
}

/// The error and its causes, each once: many of our errors already end with their cause's
/// words ("reading gold.jsonl: No such file…"), which `{:#}` would print a second time.
fn message(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let line = cause.to_string();
        if text.ends_with(&line) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&line);
    }
    text
}

fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    let kind = e.downcast_ref::<std::io::Error>().map(std::io::Error::kind).or_else(|| {
        e.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind)
    });
    kind == Some(std::io::ErrorKind::BrokenPipe)
}
