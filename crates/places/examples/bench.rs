//! Times loading the embedded gazetteer and `find_in` over about 10 MB of invented news text
//! (sentences of invented words with place names mixed in: Latin, Cyrillic and Arabic).
//!
//! ```text
//! cargo run -p parallax-places --example bench
//! ```

use std::time::Instant;

use parallax_places::{Gazetteer, story_places};

/// A deterministic generator (xorshift), so every run reads the same text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[(self.next() % words.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "the",
    "of",
    "in",
    "and",
    "on",
    "after",
    "officials",
    "said",
    "shelling",
    "city",
    "residents",
    "water",
    "power",
    "talks",
    "minister",
    "forces",
    "reported",
    "Tuesday",
    "border",
    "aid",
    "convoy",
    "strike",
    "ceasefire",
    "President",
    "The",
    "Reuters",
    "nice",
    "reading",
    "turkey",
];
const PLACES: &[&str] = &[
    "Mariupol",
    "Kyiv",
    "Kharkiv",
    "Odesa",
    "Ukraine",
    "Russia",
    "Georgia",
    "Gaza Strip",
    "Маріуполь",
    "Киев",
    "غزة",
    "Paris",
    "Washington",
    "Chad",
    "Nice",
    "Turkey",
    "Donbas",
];

fn invented_text(rng: &mut Rng, bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 64);
    while text.len() < bytes {
        let words = 8 + rng.next() % 20;
        for i in 0..words {
            if i > 0 {
                text.push(' ');
            }
            let word =
                if rng.next().is_multiple_of(12) { rng.pick(PLACES) } else { rng.pick(WORDS) };
            text.push_str(word);
        }
        text.push_str(". ");
    }
    text
}

fn main() {
    let started = Instant::now();
    let gazetteer = Gazetteer::embedded();
    let load = started.elapsed();
    println!("load: {} places in {:.1} ms", gazetteer.len(), load.as_secs_f64() * 1e3);

    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let text = invented_text(&mut rng, 10 << 20);
    let started = Instant::now();
    let mentions = gazetteer.find_in(&text);
    let elapsed = started.elapsed().as_secs_f64();
    let mb = text.len() as f64 / (1 << 20) as f64;
    println!(
        "find_in: {mb:.1} MB, {} mentions in {:.2} s: {:.1} MB/s",
        mentions.len(),
        elapsed,
        mb / elapsed
    );

    let articles: Vec<String> = (0..2_000).map(|_| invented_text(&mut rng, 4_000)).collect();
    let started = Instant::now();
    let places = story_places(gazetteer, articles.iter().map(String::as_str));
    println!(
        "story_places: 2,000 articles of 4 KB, {} places in {:.1} ms",
        places.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
}
