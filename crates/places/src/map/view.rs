//! Which part of the world a map shows.

use super::MapOptions;
use crate::{PlaceCount, PlaceKind};

/// Hundredths of a degree: the unit of the embedded outline.
pub(crate) const UNITS_PER_DEGREE: f64 = 100.0;

/// The part of the world on the map, in projected units: x = lon × 100 × `x_scale`,
/// y = −lat × 100.
#[derive(Clone, Copy, Debug)]
pub(crate) struct View {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) width: f64,
    pub(crate) height: f64,
    /// cos(standard parallel): the horizontal scale of the projection.
    pub(crate) x_scale: f64,
    /// Projected units per output pixel.
    pub(crate) units_per_pixel: f64,
}

/// The latitudes a world map shows: most of Antarctica is left off.
const WORLD_NORTH: f64 = 84.0;
const WORLD_SOUTH: f64 = -60.0;

impl View {
    /// The view around the places that matter, padded, at least `min_span_degrees` tall and
    /// at most the whole world, in the options' aspect ratio.
    pub(crate) fn fit(places: &[&PlaceCount], options: &MapOptions) -> View {
        let aspect = f64::from(options.width.max(1)) / f64::from(options.height.max(1));
        let heaviest = places.iter().map(|p| p.mentions).max().unwrap_or(0) as f64;
        let weighty: Vec<&PlaceCount> = places
            .iter()
            .copied()
            .filter(|p| p.mentions as f64 >= heaviest * options.focus_share)
            .collect();
        // A country's or a continent's dot sits at its middle, which says little about where
        // a story happens: Russia's is in Siberia. They set the view only when the story
        // names no town or local region.
        let is_area = |p: &PlaceCount| {
            p.place.kind == PlaceKind::Country
                || (p.place.kind == PlaceKind::Region && p.place.country.is_none())
        };
        let local = weighty.iter().any(|p| !is_area(p));
        let focus: Vec<(f64, f64)> = weighty
            .iter()
            .filter(|p| !local || !is_area(p))
            .map(|p| (p.place.lon.clamp(-180.0, 180.0), p.place.lat.clamp(-89.0, 89.0)))
            .collect();
        if focus.is_empty() {
            return View::world(aspect, options.width);
        }
        let (mut west, mut east, mut south, mut north) = (180.0f64, -180.0f64, 90.0f64, -90.0f64);
        for &(lon, lat) in &focus {
            west = west.min(lon);
            east = east.max(lon);
            south = south.min(lat);
            north = north.max(lat);
        }
        let centre_lat = (south + north) / 2.0;
        let x_scale = centre_lat.clamp(-60.0, 60.0).to_radians().cos();
        // Room around the outermost places for their circles and labels.
        let pad = 0.25;
        let min_span = options.min_span_degrees.max(1.0) * UNITS_PER_DEGREE;
        let mut width =
            ((east - west) * UNITS_PER_DEGREE * x_scale * (1.0 + 2.0 * pad)).max(min_span);
        let mut height = ((north - south) * UNITS_PER_DEGREE * (1.0 + 2.0 * pad)).max(min_span);
        if width / height < aspect {
            width = height * aspect;
        } else {
            height = width / aspect;
        }
        let world_width = 360.0 * UNITS_PER_DEGREE * x_scale;
        let world_height = (WORLD_NORTH - WORLD_SOUTH) * UNITS_PER_DEGREE;
        if width >= world_width || height >= world_height {
            return View::world(aspect, options.width);
        }
        let centre_x = (west + east) / 2.0 * UNITS_PER_DEGREE * x_scale;
        let centre_y = -centre_lat * UNITS_PER_DEGREE;
        // Keep the view on the map: shift rather than show empty space past the poles or
        // the antimeridian.
        let x = (centre_x - width / 2.0).clamp(-world_width / 2.0, world_width / 2.0 - width);
        let y = (centre_y - height / 2.0)
            .clamp(-WORLD_NORTH * UNITS_PER_DEGREE, -WORLD_SOUTH * UNITS_PER_DEGREE - height);
        View {
            x,
            y,
            width,
            height,
            x_scale,
            units_per_pixel: width / f64::from(options.width.max(1)),
        }
    }

    fn world(aspect: f64, pixels_wide: u32) -> View {
        let x_scale = 1.0;
        let width = 360.0 * UNITS_PER_DEGREE;
        let height = width / aspect;
        let middle = (WORLD_NORTH + WORLD_SOUTH) / 2.0;
        View {
            x: -width / 2.0,
            y: -middle * UNITS_PER_DEGREE - height / 2.0,
            width,
            height,
            x_scale,
            units_per_pixel: width / f64::from(pixels_wide.max(1)),
        }
    }

    /// Projected position of a longitude and latitude.
    pub(crate) fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (lon * UNITS_PER_DEGREE * self.x_scale, -lat * UNITS_PER_DEGREE)
    }

    /// Whether an outline bounding box (unscaled units) touches the view.
    pub(crate) fn touches(&self, bbox: [i32; 4]) -> bool {
        let [min_x, min_y, max_x, max_y] = bbox.map(f64::from);
        min_x * self.x_scale <= self.x + self.width
            && max_x * self.x_scale >= self.x
            && min_y <= self.y + self.height
            && max_y >= self.y
    }

    /// Whether a projected point lies in the view.
    pub(crate) fn contains(&self, (x, y): (f64, f64)) -> bool {
        x >= self.x && x <= self.x + self.width && y >= self.y && y <= self.y + self.height
    }
}
