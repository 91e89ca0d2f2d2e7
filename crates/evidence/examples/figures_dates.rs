//! Runs the figure and date finders over one article and prints what they find, or times
//! them.
//!
//! ```text
//! cargo run -p parallax-evidence --example figures_dates -- ARTICLE.txt [YYYY-MM-DD]
//! cargo run -p parallax-evidence --example figures_dates --release -- --time ARTICLE.txt
//! ```
//!
//! The article is plain text (a title line, a blank line, the body); sentences are split
//! with `parallax-analyse`'s segmenter, as the comparison does.

use std::time::Instant;

use chrono::NaiveDate;
use parallax_evidence::{dates, figures};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (time, rest) = match args.first().map(String::as_str) {
        Some("--time") => (true, &args[1..]),
        _ => (false, &args[..]),
    };
    let Some(path) = rest.first() else {
        eprintln!("usage: figures_dates [--time] ARTICLE.txt [YYYY-MM-DD]");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("cannot read {path}: {err}");
            std::process::exit(2);
        }
    };
    let published = rest.get(1).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let sentences: Vec<&str> =
        parallax_analyse::segment::split(&text, Some("en")).into_iter().map(|r| &text[r]).collect();
    if time {
        return time_it(&sentences, published);
    }
    let figures: Vec<Vec<figures::Figure>> =
        sentences.iter().map(|s| figures::extract(s)).collect();
    for (i, sentence) in sentences.iter().enumerate() {
        let found_dates = dates::extract(sentence, published);
        if figures[i].is_empty() && found_dates.is_empty() {
            continue;
        }
        println!("[{i}] {sentence}");
        for (n, f) in figures[i].iter().enumerate() {
            println!(
                "    figure {n}: {:?} value={} {:?} {:?}{} counts={:?} number_text={:?}",
                f.span.text(sentence),
                f.value,
                f.qualifier,
                f.unit,
                f.currency.as_deref().map(|c| format!(" {c}")).unwrap_or_default(),
                f.counts,
                f.number_text
            );
        }
        for d in &found_dates {
            println!(
                "    date: {:?} {:?} year={:?} month={:?} day={:?} -> {:?}",
                d.span.text(sentence),
                d.granularity,
                d.year,
                d.month,
                d.day,
                d.date
            );
        }
    }
    for check in figures::sums(&sentences, &figures) {
        let total = &figures[check.total.0][check.total.1];
        let parts: Vec<String> = check
            .parts
            .iter()
            .map(|&(s, f)| format!("{} ({s}:{f})", figures[s][f].value))
            .collect();
        println!(
            "sum: total {} ({}:{}) = {} → sum {}, consistent: {}",
            total.value,
            check.total.0,
            check.total.1,
            parts.join(" + "),
            check.sum,
            check.consistent
        );
    }
}

/// Runs each finder over the article's sentences until 10,000 sentences are done, and
/// prints the time per sentence of each.
fn time_it(sentences: &[&str], published: Option<NaiveDate>) {
    if sentences.is_empty() {
        eprintln!("no sentences");
        return;
    }
    let rounds = 10_000usize.div_ceil(sentences.len());
    let done = rounds * sentences.len();
    let mut found = 0usize;
    let report = |name: &str, start: Instant| {
        let elapsed = start.elapsed();
        println!(
            "{name:>16}: {done} sentences in {:7.1} ms, {:6.2} µs per sentence",
            elapsed.as_secs_f64() * 1e3,
            elapsed.as_secs_f64() * 1e6 / done as f64
        );
    };
    let start = Instant::now();
    for _ in 0..rounds {
        for s in sentences {
            found += figures::extract(s).len();
        }
    }
    report("figures::extract", start);
    let start = Instant::now();
    for _ in 0..rounds {
        for s in sentences {
            found += dates::extract(s, published).len();
        }
    }
    report("dates::extract", start);
    let figures: Vec<Vec<figures::Figure>> =
        sentences.iter().map(|s| figures::extract(s)).collect();
    let start = Instant::now();
    for _ in 0..rounds {
        found += figures::sums(sentences, &figures).len();
    }
    report("figures::sums", start);
    println!("({found} findings in all)");
}
