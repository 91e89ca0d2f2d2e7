//! Times `page` on a large invented story: 200 articles from 40 outlets, 25 sentences of
//! 13 to 36 words each (about 125,000 words of invented Zipf-distributed words), and on 2,000
//! small three-article stories.
//!
//! ```text
//! cargo run --release -p parallax-summarise --example bench
//! ```

use std::time::Instant;

use parallax_summarise::{Background, Length, Source, page};

/// A deterministic generator (xorshift), so every run pages the same text.
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

const SYLLABLES: &[&str] = &[
    "ka", "lo", "ven", "mar", "ost", "ri", "del", "sa", "tor", "bru", "ne", "vi", "gal", "pe",
    "dra", "mon", "ul", "fe", "sto", "ar", "bel", "cin", "dor", "ev", "fil", "gra", "hu", "is",
];
const GLUE: &[&str] = &[
    "the", "of", "in", "and", "on", "after", "as", "to", "a", "for", "by", "said", "was", "were",
    "has", "had", "with", "at", "from", "that", "it", "its", "their", "is",
];

/// A vocabulary of invented words, drawn with Zipf's law (rank r has weight 1/r) as real
/// text is, so common words have long postings and most words are rare.
struct Words {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Words {
    fn new(rng: &mut Rng, n: usize) -> Words {
        let words = (0..n)
            .map(|_| {
                let k = 2 + (rng.next() % 3) as usize;
                (0..k).map(|_| rng.pick(SYLLABLES)).collect::<String>()
            })
            .collect();
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|r| {
                total += 1.0 / r as f64;
                total
            })
            .collect();
        Words { words, cumulative }
    }
    fn draw(&self, rng: &mut Rng) -> &str {
        let x = (rng.next() % 1_000_000) as f64 / 1_000_000.0 * self.cumulative.last().unwrap();
        let i = self.cumulative.partition_point(|&c| c < x).min(self.words.len() - 1);
        &self.words[i]
    }
}

fn sentence(rng: &mut Rng, vocab: &Words) -> String {
    let n = 12 + (rng.next() % 24) as usize;
    let mut out = String::from("The");
    for k in 0..n {
        out.push(' ');
        if k % 2 == 1 {
            out.push_str(rng.pick(GLUE));
        } else {
            let w = vocab.draw(rng);
            if rng.next().is_multiple_of(8) {
                let mut c = w.chars();
                out.extend(c.next().map(|f| f.to_ascii_uppercase()));
                out.push_str(c.as_str());
            } else {
                out.push_str(w);
            }
        }
    }
    out.push('.');
    out
}

fn time<F: FnMut()>(runs: usize, mut f: F) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[runs / 2]
}

fn main() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let vocab = Words::new(&mut rng, 20_000);
    let outlets: Vec<String> = (0..40).map(|o| format!("Outlet {o}")).collect();
    let articles: Vec<(String, Vec<String>)> = (0..200)
        .map(|_| {
            let title = sentence(&mut rng, &vocab);
            (title, (0..25).map(|_| sentence(&mut rng, &vocab)).collect())
        })
        .collect();
    let sources: Vec<Source> = articles
        .iter()
        .enumerate()
        .map(|(a, (title, sentences))| Source {
            title: Some(title.as_str()),
            outlet: Some(outlets[a % 40].as_str()),
            language: Some("en"),
            sentences: sentences.iter().map(String::as_str).collect(),
            ..Source::default()
        })
        .collect();
    let words: usize =
        articles.iter().flat_map(|(_, s)| s).map(|s| s.split_whitespace().count()).sum();
    let texts: Vec<String> = (0..5_000).map(|_| sentence(&mut rng, &vocab)).collect();
    let background = Background::from_texts(texts.iter().map(|t| (t.as_str(), Some("en"))));

    let leads: Vec<Source> = sources
        .iter()
        .map(|s| Source { sentences: s.sentences[..4].to_vec(), ..s.clone() })
        .collect();
    let lead_words: usize =
        leads.iter().flat_map(|s| &s.sentences).map(|s| s.split_whitespace().count()).sum();
    let ms = time(21, || {
        std::hint::black_box(page(&leads, Length::Words(60), &background));
    });
    println!(
        "200 articles, first 4 sentences each ({lead_words} words), Words(60), background: {ms:.2} ms per page (median of 21)"
    );
    for (name, length) in
        [("Words(60)", Length::Words(60)), ("Sentences(10)", Length::Sentences(10))]
    {
        for (bg_name, bg) in
            [("no background", &Background::default()), ("background", &background)]
        {
            let ms = time(21, || {
                std::hint::black_box(page(&sources, length, bg));
            });
            println!(
                "200 articles, {words} words, {name}, {bg_name}: {ms:.2} ms per page (median of 21)"
            );
        }
    }

    let small: Vec<Vec<(String, Vec<String>)>> = (0..2_000)
        .map(|_| {
            (0..3)
                .map(|_| {
                    let title = sentence(&mut rng, &vocab);
                    (title, (0..2).map(|_| sentence(&mut rng, &vocab)).collect())
                })
                .collect()
        })
        .collect();
    let start = Instant::now();
    for story in &small {
        let sources: Vec<Source> = story
            .iter()
            .map(|(t, s)| Source {
                title: Some(t.as_str()),
                language: Some("en"),
                sentences: s.iter().map(String::as_str).collect(),
                ..Source::default()
            })
            .collect();
        std::hint::black_box(page(&sources, Length::Words(60), &background));
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "3-article stories: {:.0} pages/s ({:.3} ms each)",
        small.len() as f64 / secs,
        secs * 1000.0 / small.len() as f64
    );
}
