use quick_xml::Reader;
use quick_xml::events::Event;

use super::{MapOptions, render};
use crate::{Gazetteer, Place, PlaceCount, PlaceKind};

fn count(id: &str, mentions: usize, articles: usize) -> PlaceCount {
    let place = Gazetteer::embedded().place(id).unwrap_or_else(|| panic!("{id}")).clone();
    PlaceCount { place, mentions, articles }
}

/// Parses the whole document, failing on any XML error; returns every run of character
/// data (entity references resolved) and the root's viewBox.
fn read(svg: &str) -> (Vec<String>, [f64; 4]) {
    let mut reader = Reader::from_str(svg);
    let mut texts: Vec<String> = Vec::new();
    let mut view_box = None;
    let mut depth = 0;
    // Character data arrives split around entity references: join a run back up.
    let mut in_run = false;
    loop {
        let event = reader.read_event().unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
        let piece = match event {
            Event::Start(e) => {
                if depth == 0 {
                    assert_eq!(e.name().as_ref(), "svg");
                    let value = e.try_get_attribute("viewBox").unwrap().expect("viewBox").value;
                    let numbers: Vec<f64> = value.split(' ').map(|n| n.parse().unwrap()).collect();
                    view_box = Some([numbers[0], numbers[1], numbers[2], numbers[3]]);
                }
                depth += 1;
                None
            }
            Event::End(_) => {
                depth -= 1;
                None
            }
            Event::Text(t) => Some(t.into_inner().into_owned()),
            Event::GeneralRef(r) => Some(match r.resolve_char_ref().unwrap() {
                Some(c) => c.to_string(),
                None => match r.into_inner().as_ref() {
                    "amp" => "&".to_string(),
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    other => panic!("unknown entity {other}"),
                },
            }),
            Event::Eof => break,
            _ => None,
        };
        let is_text = piece.is_some();
        match (piece, texts.last_mut()) {
            (Some(piece), Some(last)) if in_run => last.push_str(&piece),
            (Some(piece), _) => texts.push(piece),
            (None, _) => {}
        }
        in_run = is_text;
    }
    assert_eq!(depth, 0);
    (texts, view_box.expect("an svg root"))
}

/// Every attribute name in the document.
fn attribute_names(svg: &str) -> Vec<String> {
    let mut reader = Reader::from_str(svg);
    let mut names = Vec::new();
    loop {
        match reader.read_event().expect("XML") {
            Event::Start(e) | Event::Empty(e) => {
                for attribute in e.attributes() {
                    names.push(attribute.expect("attribute").key.as_ref().to_string());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    names
}

/// Degrees of longitude and latitude a viewBox spans, given the cosine scale the renderer
/// picks (recovered from the transform it writes).
fn span_degrees(svg: &str, view_box: [f64; 4]) -> (f64, f64) {
    let scale: f64 =
        svg.split("scale(").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    (view_box[2] / 100.0 / scale, view_box[3] / 100.0)
}

#[test]
fn a_one_city_story_shows_its_country_and_neighbours() {
    let svg = render(&[count("geonames:701822", 14, 9)], &MapOptions::default());
    let (texts, view_box) = read(&svg);
    let (lon_span, lat_span) = span_degrees(&svg, view_box);
    assert!((13.0..25.0).contains(&lat_span) && lon_span < 60.0, "{lon_span} x {lat_span}");
    assert!(texts.iter().any(|t| t == "Mariupol — 14 mentions in 9 articles"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "Mariupol"), "labelled");
    // Ukraine (shaded) and its neighbours are drawn; the Americas are clipped away.
    assert!(svg.contains("fill=\"#e9dfc8\""));
    assert!(svg.matches("<path").count() < 40, "{} paths", svg.matches("<path").count());
    assert!(svg.len() < 60_000, "{} bytes", svg.len());
}

#[test]
fn a_story_on_two_continents_shows_both() {
    let places = [count("geonames:703448", 10, 5), count("geonames:4140963", 8, 4)];
    let svg = render(&places, &MapOptions::default());
    let (_, view_box) = read(&svg);
    let (lon_span, _) = span_degrees(&svg, view_box);
    assert!(lon_span >= 120.0, "{lon_span}");
    let (texts, _) = read(&svg);
    assert!(texts.iter().any(|t| t == "Kyiv") && texts.iter().any(|t| t == "Washington"));
    assert!(svg.len() < 150_000, "{} bytes", svg.len());
}

#[test]
fn one_aside_does_not_widen_the_map() {
    let places = [count("geonames:701822", 20, 9), count("geonames:4140963", 1, 1)];
    let svg = render(&places, &MapOptions::default());
    let (texts, view_box) = read(&svg);
    assert!(span_degrees(&svg, view_box).0 < 60.0);
    assert!(!texts.iter().any(|t| t.starts_with("Washington —")), "off the map, no circle");
    assert!(texts.iter().any(|t| t.contains("Washington — 1 mention in 1 article")), "in the desc");
}

#[test]
fn circles_grow_with_the_square_root_of_mentions() {
    let places = [
        count("geonames:701822", 16, 4),
        count("geonames:703448", 4, 2),
        count("geonames:706483", 1, 1),
    ];
    let svg = render(&places, &MapOptions::default());
    let radii: Vec<f64> = svg
        .split("<circle ")
        .skip(1)
        .map(|c| c.split("r=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap())
        .collect();
    // Drawn lightest first: Kharkiv, Kyiv, Mariupol.
    assert_eq!(radii.len(), 3);
    assert!(radii[0] < radii[1] && radii[1] < radii[2], "{radii:?}");
    let (r1, r4, r16) = (radii[0], radii[1], radii[2]);
    assert!((r16 - r4) < (r4 - r1) * 2.5, "not linear in mentions: {radii:?}");
}

#[test]
fn no_external_references_scripts_or_fonts() {
    let places =
        [count("geonames:703448", 3, 2), count("country:UA", 5, 3), count("region:donbas", 2, 2)];
    for svg in [render(&places, &MapOptions::default()), render(&[], &MapOptions::default())] {
        read(&svg);
        let body = svg.replacen(r#"xmlns="http://www.w3.org/2000/svg""#, "", 1);
        for banned in
            ["http", "href", "<script", "url(", "@import", "<image", "<use", "<foreignObject"]
        {
            assert!(!body.contains(banned), "{banned} in the map");
        }
        for attribute in attribute_names(&svg) {
            assert!(!attribute.starts_with("on"), "event handler {attribute}");
        }
        assert!(
            svg.starts_with("<svg")
                && svg.contains(r#"role="img""#)
                && svg.contains("aria-label=\"")
        );
    }
}

#[test]
fn names_are_escaped_and_unspeakable_characters_dropped() {
    let hostile = "<script>alert(\"x\")</script> & 'Q' \u{1}]]>";
    let place = Place {
        id: "test:hostile".into(),
        name: hostile.into(),
        country: Some("<b>".into()),
        lat: 47.0,
        lon: 37.5,
        population: 1,
        kind: PlaceKind::City,
    };
    let options = MapOptions { title: "Map & \"title\" <x>".into(), ..MapOptions::default() };
    let svg = render(&[PlaceCount { place, mentions: 2, articles: 1 }], &options);
    assert!(!svg.contains("<script") && !svg.contains("<b>") && !svg.contains('\u{1}'));
    let (texts, _) = read(&svg);
    let expected = "<script>alert(\"x\")</script> & 'Q' ]]>";
    assert!(texts.iter().any(|t| t == expected), "label round-trips: {texts:?}");
    assert!(texts.iter().any(|t| t == "Map & \"title\" <x>"));
}

#[test]
fn empty_odd_and_many_places_still_make_a_map() {
    let (texts, view_box) = read(&render(&[], &MapOptions::default()));
    assert!(texts.iter().any(|t| t.contains("names no place")));
    assert!(view_box[2] >= 36_000.0);
    let mut odd = count("geonames:703448", 3, 1);
    odd.place.lat = f64::NAN;
    let mut far = count("geonames:703448", 3, 1);
    far.place.lon = 1e9;
    let zero = count("geonames:706483", 0, 0);
    read(&render(&[odd, far, zero], &MapOptions::default()));
    let options = MapOptions {
        width: 0,
        height: 0,
        min_span_degrees: f64::NAN,
        focus_share: f64::INFINITY,
        labels: 0,
        ..MapOptions::default()
    };
    read(&render(&[count("geonames:703448", 3, 1)], &options));
    let g = Gazetteer::embedded();
    let all: Vec<PlaceCount> =
        ["country:UA", "country:RU", "country:US", "country:CN", "country:BR", "country:AU"]
            .iter()
            .map(|id| PlaceCount { place: g.place(id).unwrap().clone(), mentions: 5, articles: 2 })
            .collect();
    let svg = render(&all, &MapOptions::default());
    read(&svg);
    assert!(svg.len() < 150_000, "world map {} bytes", svg.len());
}

#[test]
fn labels_do_not_overlap() {
    // Kyiv, Bucha and Irpin are a few kilometres apart: not all three labels fit.
    let places = [
        count("geonames:703448", 9, 5),
        count("geonames:711350", 8, 5),
        count("geonames:707565", 7, 4),
    ];
    let svg = render(&places, &MapOptions::default());
    let labels = svg.matches("<text ").count();
    assert!((1..3).contains(&labels), "{labels} labels");
}
