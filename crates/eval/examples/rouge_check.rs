//! Prints what the ROUGE implementation of `parallax_eval::summary` computes, for comparison
//! with Python's `rouge-score` and NLTK.
//!
//! ```text
//! rouge_check stem  < words.txt          # one word a line in, its Porter stem out
//! rouge_check score < pairs.jsonl        # {"target", "prediction"} a line in,
//!                                        # {"rouge1": [p, r, f], "rouge2": …, "rougeL": …} out
//! ```

use std::io::{BufRead, Write};

use parallax_eval::summary::{porter_stem, rouge};

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let line = line.expect("stdin is UTF-8");
        match mode.as_str() {
            "stem" => writeln!(out, "{}", porter_stem(line.trim())).expect("stdout"),
            "score" => {
                let v: serde_json::Value = serde_json::from_str(&line).expect("a JSON line");
                let s = rouge(
                    v["target"].as_str().unwrap_or_default(),
                    v["prediction"].as_str().unwrap_or_default(),
                );
                let t = |k: usize| [s[k].precision, s[k].recall, s[k].f1];
                let o = serde_json::json!({"rouge1": t(0), "rouge2": t(1), "rougeL": t(2)});
                writeln!(out, "{o}").expect("stdout");
            }
            _ => {
                eprintln!("usage: rouge_check stem|score < input");
                std::process::exit(2);
            }
        }
    }
}
