//! Writing the SVG: base map, circles, labels, and the text a screen reader reads.

use std::collections::HashSet;
use std::fmt::Write;

use super::MapOptions;
use super::outline::{self, CountryOutline};
use super::view::View;
use crate::{PlaceCount, PlaceKind};

const SEA: &str = "#e8f0f5";
const LAND: &str = "#f6f3ec";
const LAND_SHADED: &str = "#e9dfc8";
const BORDER: &str = "#b8b2a5";
const CIRCLE: &str = "#b83a2e";
const LABEL: &str = "#222";

/// Circle radii in pixels, for the lightest and the heaviest place.
const MIN_RADIUS: f64 = 3.0;
const MAX_RADIUS: f64 = 15.0;
const FONT_PIXELS: f64 = 12.0;
/// How far (in output pixels) a border may move when the base map is thinned for its scale.
const PIXEL_TOLERANCE: f64 = 1.0;

pub(crate) fn write(places: &[&PlaceCount], view: &View, options: &MapOptions) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let names: Vec<String> = places.iter().map(|p| clean(&p.place.name)).collect();
    let summary = if names.is_empty() {
        "No places".to_string()
    } else {
        names.iter().take(options.labels.max(8)).cloned().collect::<Vec<_>>().join(", ")
    };
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="places-map" viewBox="{} {} {} {}" width="{}" height="{}" role="img" aria-label="{}">"#,
        n(view.x),
        n(view.y),
        n(view.width),
        n(view.height),
        options.width,
        options.height,
        escape(&format!("{}: {summary}", clean(&options.title))),
    );
    let _ = write!(out, "<title>{}</title>", escape(&clean(&options.title)));
    out.push_str("<desc>");
    if places.is_empty() {
        out.push_str("The story names no place this map knows.");
    }
    for (i, (place, name)) in places.iter().zip(&names).enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&escape(&hover_text(name, place)));
    }
    out.push_str("</desc>");
    let _ = write!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{SEA}"/>"#,
        n(view.x),
        n(view.y),
        n(view.width),
        n(view.height)
    );
    write_base_map(&mut out, places, view, options);
    let circles = write_circles(&mut out, places, &names, view);
    write_labels(&mut out, &circles, &names, view, options);
    out.push_str("</svg>");
    out
}

fn write_base_map(out: &mut String, places: &[&PlaceCount], view: &View, options: &MapOptions) {
    let shaded: HashSet<&str> = if options.shade_countries {
        places.iter().filter_map(|p| p.place.country.as_deref()).collect()
    } else {
        HashSet::new()
    };
    // Points closer than about a pixel to the last one drawn add bytes, not shape.
    let tolerance = (view.units_per_pixel * PIXEL_TOLERANCE / view.x_scale).max(1.0) as i64;
    let _ = write!(
        out,
        r#"<g transform="scale({:.4} 1)" fill="{LAND}" stroke="{BORDER}" stroke-width="0.6" stroke-linejoin="round">"#,
        view.x_scale
    );
    let mut d = String::new();
    for country in outline::world().iter().filter(|c| view.touches(c.bbox)) {
        d.clear();
        write_path(&mut d, country, tolerance, view);
        if d.is_empty() {
            continue;
        }
        out.push_str(r#"<path vector-effect="non-scaling-stroke" "#);
        if shaded.contains(country.code.as_str()) {
            let _ = write!(out, r#"fill="{LAND_SHADED}" "#);
        }
        let _ = write!(out, r#"d="{d}"/>"#);
    }
    out.push_str("</g>");
}

/// A country's rings as `M x y l dx dy … z`, dropping points within `tolerance` of the last
/// point kept, points whose stretch of border lies wholly beyond one edge of the view, and
/// rings smaller than two pixels (specks at this scale).
fn write_path(out: &mut String, country: &CountryOutline, tolerance: i64, view: &View) {
    // The view in the outline's unscaled units, with a margin for stroke widths.
    let margin = 4.0 * view.units_per_pixel / view.x_scale;
    let left = view.x / view.x_scale - margin;
    let right = (view.x + view.width) / view.x_scale + margin;
    let (top, bottom) = (view.y - margin, view.y + view.height + margin);
    let outside = |(x, y): (i32, i32)| -> u8 {
        let (x, y) = (f64::from(x), f64::from(y));
        u8::from(x < left)
            | u8::from(x > right) << 1
            | u8::from(y < top) << 2
            | u8::from(y > bottom) << 3
    };
    let mut deltas: Vec<(i64, i64)> = Vec::new();
    for ring in &country.rings {
        let Some(&first) = ring.first() else { continue };
        let (mut last, mut last_side) = (first, outside(first));
        deltas.clear();
        for (i, &point) in ring.iter().enumerate().skip(1) {
            let side = outside(point);
            // A point between two neighbours beyond the same edge: the border there stays
            // beyond that edge (a half-plane is convex) and nobody sees it.
            let next_side = ring.get(i + 1).map_or(0, |&next| outside(next));
            if last_side & side & next_side != 0 {
                continue;
            }
            let (dx, dy) = (i64::from(point.0 - last.0), i64::from(point.1 - last.1));
            if dx.abs().max(dy.abs()) >= tolerance {
                deltas.push((dx, dy));
                (last, last_side) = (point, side);
            }
        }
        let (mut x, mut y, mut min_x, mut max_x, mut min_y, mut max_y) = (0i64, 0i64, 0, 0, 0, 0);
        for &(dx, dy) in &deltas {
            (x, y) = (x + dx, y + dy);
            (min_x, max_x, min_y, max_y) = (min_x.min(x), max_x.max(x), min_y.min(y), max_y.max(y));
        }
        if deltas.len() < 2 || (max_x - min_x).max(max_y - min_y) < 2 * tolerance {
            continue;
        }
        let _ = write!(out, "M{} {}l", first.0, first.1);
        for (i, &(dx, dy)) in deltas.iter().enumerate() {
            // A minus sign separates numbers by itself.
            if i > 0 && dx >= 0 {
                out.push(' ');
            }
            let _ = write!(out, "{dx}");
            if dy >= 0 {
                out.push(' ');
            }
            let _ = write!(out, "{dy}");
        }
        out.push('z');
    }
}

/// A drawn circle: centre and radius in projected units.
struct Circle {
    x: f64,
    y: f64,
    r: f64,
}

fn write_circles(
    out: &mut String,
    places: &[&PlaceCount],
    names: &[String],
    view: &View,
) -> Vec<Option<Circle>> {
    let heaviest = places.iter().map(|p| p.mentions).max().unwrap_or(1).max(1) as f64;
    let mut circles = Vec::with_capacity(places.len());
    let _ = write!(
        out,
        r##"<g fill="{CIRCLE}" fill-opacity="0.75" stroke="#fff" stroke-width="{}">"##,
        n1(view.units_per_pixel)
    );
    // Lightest first, so the heaviest circles are drawn on top.
    let mut order: Vec<usize> = (0..places.len()).collect();
    order.sort_by_key(|&i| places[i].mentions);
    let mut drawn: Vec<(usize, Circle)> = Vec::new();
    for i in order {
        let place = places[i];
        let centre = view.project(place.place.lon, place.place.lat);
        if !view.contains(centre) {
            continue;
        }
        // Area, not radius, follows the count: the square root keeps big stories readable.
        let share = (place.mentions as f64 / heaviest).sqrt();
        let r = (MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * share) * view.units_per_pixel;
        let _ = write!(
            out,
            r#"<circle cx="{}" cy="{}" r="{}"><title>{}</title></circle>"#,
            n(centre.0),
            n(centre.1),
            n1(r),
            escape(&hover_text(&names[i], place))
        );
        drawn.push((i, Circle { x: centre.0, y: centre.1, r }));
    }
    out.push_str("</g>");
    circles.resize_with(places.len(), || None);
    for (i, circle) in drawn {
        circles[i] = Some(circle);
    }
    circles
}

/// Labels for the heaviest places, each put right, left, above or below its circle,
/// wherever it first overlaps no label already placed and no other circle (else left out).
fn write_labels(
    out: &mut String,
    circles: &[Option<Circle>],
    names: &[String],
    view: &View,
    options: &MapOptions,
) {
    let font = FONT_PIXELS * view.units_per_pixel;
    let mut placed: Vec<[f64; 4]> = Vec::new();
    let _ = write!(
        out,
        r##"<g font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="{}" fill="{LABEL}" stroke="#fff" stroke-width="{}" paint-order="stroke" stroke-linejoin="round">"##,
        n1(font),
        n1(3.0 * view.units_per_pixel)
    );
    let all_circles: Vec<&Circle> = circles.iter().flatten().collect();
    let labelled = circles.iter().zip(names).filter_map(|(c, name)| Some((c.as_ref()?, name)));
    for (circle, name) in labelled.take(options.labels) {
        // A rough width: 0.6 em a character is wide enough for most Latin and Cyrillic.
        let width = name.chars().count() as f64 * font * 0.6;
        let gap = circle.r + font * 0.3;
        let candidates = [
            (circle.x + gap, circle.y + font * 0.35, "start"),
            (circle.x - gap, circle.y + font * 0.35, "end"),
            (circle.x, circle.y - gap, "middle"),
            (circle.x, circle.y + gap + font * 0.8, "middle"),
        ];
        for (x, y, anchor) in candidates {
            let left = match anchor {
                "start" => x,
                "end" => x - width,
                _ => x - width / 2.0,
            };
            let rect = [left, y - font * 0.85, left + width, y + font * 0.25];
            let inside = rect[0] >= view.x
                && rect[2] <= view.x + view.width
                && rect[1] >= view.y
                && rect[3] <= view.y + view.height;
            let apart = |other: &[f64; 4]| {
                rect[2] < other[0] || rect[0] > other[2] || rect[3] < other[1] || rect[1] > other[3]
            };
            // Nor over another place's circle: the label would hide it.
            let clear = placed.iter().all(apart)
                && all_circles
                    .iter()
                    .filter(|c| !std::ptr::eq(**c, circle))
                    .all(|c| apart(&[c.x - c.r, c.y - c.r, c.x + c.r, c.y + c.r]));
            if inside && clear {
                let anchor_attribute = if anchor == "start" {
                    String::new()
                } else {
                    format!(r#" text-anchor="{anchor}""#)
                };
                let _ = write!(
                    out,
                    r#"<text x="{}" y="{}"{anchor_attribute}>{}</text>"#,
                    n(x),
                    n(y),
                    escape(name)
                );
                placed.push(rect);
                break;
            }
        }
    }
    out.push_str("</g>");
}

/// "Mariupol — 14 mentions in 9 articles".
fn hover_text(name: &str, place: &PlaceCount) -> String {
    let plural = |count: usize, word: &str| {
        if count == 1 { format!("1 {word}") } else { format!("{count} {word}s") }
    };
    let kind = match place.place.kind {
        PlaceKind::Country | PlaceKind::City => "",
        PlaceKind::Region => " (region)",
    };
    format!(
        "{name}{kind} — {} in {}",
        plural(place.mentions, "mention"),
        plural(place.articles, "article")
    )
}

/// A name without the characters XML 1.0 cannot carry at all (escaping cannot save them).
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..))
        .collect()
}

/// Text safe inside an element or a double- or single-quoted attribute.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A coordinate in whole units (a hundredth of a degree is finer than any pixel here).
fn n(value: f64) -> String {
    format!("{:.0}", value)
}

/// A small length with one decimal (radii and font sizes on zoomed-in maps).
fn n1(value: f64) -> String {
    format!("{:.1}", value)
}
