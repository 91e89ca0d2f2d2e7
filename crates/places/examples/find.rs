//! Prints the places a text file mentions, one a line: as written, resolved name, id,
//! country. For checking the gazetteer against real text by eye.
//!
//! ```text
//! cargo run -p parallax-places --example find -- article.txt
//! ```

use parallax_places::Gazetteer;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: find <text file>");
        std::process::exit(2);
    };
    let text = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    for m in Gazetteer::embedded().find_in(&text) {
        let country = m.place.country.as_deref().unwrap_or("-");
        println!("{}\t{}\t{}\t{country}", m.written, m.place.name, m.place.id);
    }
}
