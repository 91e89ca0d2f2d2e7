//! Times `voices::extract` over 10,000 generated news sentences (in 200 articles of 50):
//! `cargo run -p parallax-evidence --example voices_speed [--release]`. Prints a figure; it
//! asserts nothing.

use std::time::Instant;

const TEMPLATES: &[&str] = &[
    "Forty civilians left the shelters near the plant in {place} on Saturday, the Russian Defense Ministry said.",
    "It stated that 25 residents left during the day and 15 later.",
    "The ministry said that all of them were given food and medical help.",
    "\"We are still here and we are not leaving,\" said Anna Kowalski, a nurse at the {place} hospital.",
    "\"Nobody can reach us.",
    "The water is gone,\" she said.",
    "According to local officials, at least nine people were missing in {place}.",
    "Deputy Prime Minister Iryna Marchenko said Ukraine was ready to send buses at any hour.",
    "A video released by the military shows buses leaving the area.",
    "The Kremlin has demanded that the talks resume, while Kiev insists that the offensive was unprovoked and has denied that it planned an attack.",
    "Officials claim 23 people have died but locals say the true toll is far higher.",
    "The city council said it was compiling a list of residents taken to {place}.",
    "President Vladimir Putin met the governor in {place} on Monday to discuss the harvest and the roads.",
    "Putin told reporters that the operation was going to plan.",
    "Russia says it has \"liberated\" the town of {place}.",
];

fn main() {
    let places = ["Mariupol", "Kherson", "Velsk", "Karrow Creek", "Pallavur"];
    let articles: Vec<Vec<String>> = (0..200)
        .map(|a| {
            (0..50)
                .map(|s| {
                    TEMPLATES[(a * 7 + s) % TEMPLATES.len()]
                        .replace("{place}", places[(a + s) % places.len()])
                })
                .collect()
        })
        .collect();
    let started = Instant::now();
    let mut voices = 0;
    for article in &articles {
        let sentences: Vec<&str> = article.iter().map(String::as_str).collect();
        voices += parallax_evidence::voices::extract(&sentences).len();
    }
    let elapsed = started.elapsed();
    println!(
        "10,000 sentences in 200 articles: {voices} voices in {elapsed:?} ({:.1} µs per sentence)",
        elapsed.as_secs_f64() * 1e6 / 10_000.0
    );
}
