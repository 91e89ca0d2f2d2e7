//! Writes the map of a few invented stories to a folder, to look at in a browser.
//!
//! ```text
//! cargo run -p parallax-places --example map -- /tmp/maps
//! ```

use parallax_places::{Gazetteer, map, story_places};

const STORIES: &[(&str, &[&str])] = &[
    (
        "mariupol",
        &[
            "Shelling hit Mariupol again, officials in Kyiv said. Mariupol has had no water for days.",
            "Residents who left Mariupol reached Zaporizhzhia; others went to Berdyansk.",
            "Russia said its forces had taken positions near Mariupol; Ukraine denied it.",
            "Aid convoys from Dnipro waited. Маріуполь залишається в оточенні.",
        ],
    ),
    (
        "summit",
        &[
            "Leaders met in Washington after talks in Kyiv and Brussels.",
            "The summit in Washington followed a visit to Kyiv; Beijing and Moscow were critical.",
            "Ministers flew from Tokyo and Canberra to Washington.",
        ],
    ),
    (
        "gaza",
        &[
            "Strikes hit the Gaza Strip overnight; in Rafah and Khan Yunis hospitals were full.",
            "Talks in Cairo and Doha continued, Israeli and Egyptian officials said.",
            "Protesters gathered in Tel Aviv and Jerusalem; the West Bank was tense.",
        ],
    ),
];

fn main() {
    let folder = std::env::args().nth(1).unwrap_or_else(|| "maps".to_string());
    std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("cannot create {folder}: {e}"));
    let gazetteer = Gazetteer::embedded();
    for (name, texts) in STORIES {
        let places = story_places(gazetteer, texts.iter().copied());
        let svg = map::render(&places, &map::MapOptions::default());
        let path = format!("{folder}/{name}.svg");
        std::fs::write(&path, &svg).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
        println!("{path}: {} places, {} bytes", places.len(), svg.len());
    }
}
