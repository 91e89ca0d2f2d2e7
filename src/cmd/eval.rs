//! `parallax eval`.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use super::print_json;
use crate::cli::{ClusterLevel, EvalCommand};

pub fn run(command: &EvalCommand) -> anyhow::Result<ExitCode> {
    match command {
        EvalCommand::Extract(args) => {
            let report = parallax_eval::extract::evaluate(&args.dir, args.limit)
                .with_context(|| format!("evaluating extraction on {}", args.dir.display()))?;
            show(&report, args.json, report.to_text())?;
        }
        EvalCommand::Cluster(args) => {
            let level = match args.level {
                ClusterLevel::Stories => parallax_eval::cluster::Level::Stories,
                ClusterLevel::Topics => parallax_eval::cluster::Level::Topics,
            };
            let report = parallax_eval::cluster::evaluate(&args.gold, level)
                .with_context(|| format!("evaluating clustering on {}", args.gold.display()))?;
            show(&report, args.json, report.to_text())?;
        }
        EvalCommand::Pairs(args) => {
            let report = parallax_eval::pairs::evaluate(&args.gold).with_context(|| {
                format!("evaluating same-story pairs on {}", args.gold.display())
            })?;
            show(&report, args.json, report.to_text())?;
        }
        EvalCommand::Summary(args) => {
            let options = parallax_eval::summary::Options {
                background: args.background.clone(),
                ..Default::default()
            };
            let report = parallax_eval::summary::evaluate_with(&args.gold, args.words, &options)
                .with_context(|| format!("evaluating topic pages on {}", args.gold.display()))?;
            show(&report, args.json, report.to_text())?;
        }
        EvalCommand::Sentences(args) => {
            let report = parallax_eval::sentences::evaluate(&args.dir).with_context(|| {
                format!("evaluating sentence segmentation on {}", args.dir.display())
            })?;
            show(&report, args.json, report.to_text())?;
        }
        EvalCommand::Evidence(args) => {
            let report = parallax_eval::evidence::evaluate(&args.gold, args.errors)
                .context("evaluating evidence extraction")?;
            show(&report, args.json, report.to_text())?;
        }
        EvalCommand::Bias(args) => {
            let report = parallax_eval::bias::evaluate(&args.dir).with_context(|| {
                format!("evaluating lexical bias detection on {}", args.dir.display())
            })?;
            show(&report, args.json, report.to_text())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints a report as JSON or as its text table.
fn show<T: Serialize>(report: &T, json: bool, text: String) -> anyhow::Result<()> {
    if json { print_json(report) } else { Ok(write!(io::stdout().lock(), "{text}")?) }
}
