//! Prints the voices found in plain-text articles (title line, blank line, body), read by
//! path at run time: `cargo run -p parallax-evidence --example voices_dump -- FILE…`.
//! A file of JSON Lines is not read; give text files.

use std::time::Instant;

fn main() {
    let mut total = 0;
    let mut elapsed = std::time::Duration::ZERO;
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let sentences: Vec<&str> = parallax_analyse::segment::split(&text, Some("en"))
            .into_iter()
            .map(|r| &text[r])
            .collect();
        let started = Instant::now();
        let voices = parallax_evidence::voices::extract(&sentences);
        elapsed += started.elapsed();
        println!("=== {path} ({} sentences, {} voices)", sentences.len(), voices.len());
        for v in &voices {
            let sentence = sentences[v.sentence];
            println!(
                "[{}] {:?} {:<28} | {:<10} | {}{}",
                v.sentence,
                v.kind,
                v.speaker,
                v.cue,
                v.span.text(sentence),
                v.speaker_span.map(|s| format!("  <{}>", s.text(sentence))).unwrap_or_default()
            );
        }
        total += voices.len();
    }
    eprintln!("{total} voices, extraction time {elapsed:?}");
}
