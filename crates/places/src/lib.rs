/*!
Places: where a story happens, found in its text and drawn on a small map.

- [`Gazetteer`]: countries, regions (areas, seas, US states, continents) and populated places
  with the names they go by, in English and in their own scripts (Київ, Киев, Kiev, Kyiv).
  [`Gazetteer::embedded`] parses the data embedded in this crate once (GeoNames and Natural
  Earth; provenance and licences in `data/SOURCE.md`).
- [`Gazetteer::find_in`]: the place names one text mentions, as [`PlaceMention`]s with
  character offsets, each resolved to one [`Place`]: "Georgia" is the country next to
  "Tbilisi" and the US state next to "Atlanta"; "Nice" needs France nearby; "Jordan" in
  "Michael Jordan" is a person; lower-case "turkey" is a bird.
- [`story_places`]: the places of a whole story, counted over its articles.
- [`map::render`]: a self-contained SVG map of those places (no scripts, no external
  references), zoomed to where they are.

```
use parallax_places::{Gazetteer, map, story_places};

let gazetteer = Gazetteer::embedded();
let articles = [
    "Shelling hit Mariupol again on Tuesday, officials in Kyiv said.",
    "Residents who left Mariupol reached Zaporizhzhia, Ukraine's regional authorities said.",
];
let places = story_places(gazetteer, articles);
assert_eq!(places[0].place.name, "Mariupol");
assert_eq!(places[0].mentions, 2);
assert_eq!(places[0].articles, 2);

let svg = map::render(&places, &map::MapOptions::default());
assert!(svg.starts_with("<svg") && svg.contains("Mariupol — 2 mentions in 2 articles"));
```
*/
#![warn(missing_docs)]

mod find;
mod gazetteer;
pub mod map;
mod story;

use serde::Serialize;

pub use gazetteer::{Gazetteer, GazetteerError};
pub use story::{PlaceCount, story_places};

/// A stretch of a text: character offsets (Unicode scalar values), end exclusive, as
/// `parallax-evidence` counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// Offset of the first character.
    pub start: usize,
    /// Offset one past the last character.
    pub end: usize,
}

impl Span {
    /// The text this span covers in `text`; empty if the span lies outside it.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        let mut indices = text.char_indices().map(|(i, _)| i).chain([text.len()]);
        let Some(start) = indices.nth(self.start) else { return "" };
        let Some(end) = (if self.end > self.start {
            indices.nth(self.end - self.start - 1)
        } else {
            Some(start)
        }) else {
            return "";
        };
        &text[start..end]
    }
}

/// What sort of place a [`Place`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A sovereign country or a territory with its own ISO code.
    Country,
    /// An area, sea, US state or continent.
    Region,
    /// A populated place.
    City,
}

/// A place of the gazetteer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Place {
    /// Stable id: `country:UA`, `region:donbas`, `region:US-GA`, `geonames:701822`.
    pub id: String,
    /// Its English name ("Kyiv", "Gaza Strip").
    pub name: String,
    /// ISO 3166-1 alpha-2 code of the country it lies in (its own, for a country); none for
    /// a region spanning several countries.
    pub country: Option<String>,
    /// Latitude, decimal degrees (a country's or region's centre).
    pub lat: f64,
    /// Longitude, decimal degrees.
    pub lon: f64,
    /// Inhabitants (0 for regions).
    pub population: u64,
    /// Country, region or city.
    pub kind: PlaceKind,
}

/// One place name found in a text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlaceMention {
    /// The place the name was resolved to.
    pub place: Place,
    /// The name as the text writes it ("Kiev", "Маріуполь").
    pub written: String,
    /// Where it stands in the text.
    pub span: Span,
}
