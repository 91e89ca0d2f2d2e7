//! A story's places on a small, self-contained SVG map.
//!
//! [`render`] draws the embedded Natural Earth outline (public domain) clipped to the places'
//! area, a circle per place sized by mentions, and labels for the heaviest. The SVG has no
//! scripts, no external references and no fonts to fetch: it can be inlined in a page that
//! works without JavaScript, and it describes itself to screen readers.
//!
//! The projection is equirectangular with the standard parallel at the map's centre: the
//! embedded coordinates stay plain longitude and latitude (so clipping is a rectangle test),
//! and a zoomed-in map keeps local shapes right (Ukraine is not stretched 1.5× as on a
//! plain plate carrée), which matters more here than the look of the whole world.

mod outline;
mod svg;
mod view;

use crate::PlaceCount;

/// How a map is drawn.
#[derive(Clone, Debug)]
pub struct MapOptions {
    /// Width in pixels (the SVG scales; this sets its aspect ratio and line widths).
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Places drawn as circles, heaviest first.
    pub max_places: usize,
    /// Places labelled with their name, heaviest first.
    pub labels: usize,
    /// The smallest span the map shows, in degrees of latitude: a one-city story shows its
    /// country and neighbours, not a street map.
    pub min_span_degrees: f64,
    /// Places with fewer mentions than this share of the heaviest place's do not widen the
    /// map (one aside about Washington does not turn a Mariupol story into a world map);
    /// they are still drawn when they fall inside it. Countries and continents set the view
    /// only when the story names no town or local region (their dots are at their middles).
    pub focus_share: f64,
    /// Shade the countries the story names or has places in.
    pub shade_countries: bool,
    /// The map's accessible title.
    pub title: String,
}

impl Default for MapOptions {
    fn default() -> MapOptions {
        MapOptions {
            width: 640,
            height: 360,
            max_places: 40,
            labels: 8,
            min_span_degrees: 14.0,
            focus_share: 0.1,
            shade_countries: true,
            title: "Map of the places this story mentions".to_string(),
        }
    }
}

/// A self-contained SVG map of `places` (as [`crate::story_places`] returns them, heaviest
/// first). With no places it shows the world with nothing marked.
pub fn render(places: &[PlaceCount], options: &MapOptions) -> String {
    let drawn: Vec<&PlaceCount> = places
        .iter()
        .filter(|p| p.place.lat.is_finite() && p.place.lon.is_finite() && p.mentions > 0)
        .take(options.max_places)
        .collect();
    let view = view::View::fit(&drawn, options);
    svg::write(&drawn, &view, options)
}

#[cfg(test)]
mod tests;
