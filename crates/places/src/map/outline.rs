//! The embedded world outline: one polygon set per country (see `data/SOURCE.md`).

use std::sync::OnceLock;

const EMBEDDED_OUTLINE: &str = include_str!("../../data/outline.tsv");

/// A country's outline in hundredths of a degree (x = lon × 100, y = −lat × 100).
#[derive(Debug)]
pub(crate) struct CountryOutline {
    pub(crate) code: String,
    /// min x, min y, max x, max y.
    pub(crate) bbox: [i32; 4],
    pub(crate) rings: Vec<Vec<(i32, i32)>>,
}

/// The embedded outline, parsed once.
pub(crate) fn world() -> &'static [CountryOutline] {
    static WORLD: OnceLock<Vec<CountryOutline>> = OnceLock::new();
    WORLD.get_or_init(|| {
        parse(EMBEDDED_OUTLINE).expect("the embedded outline parses (checked by the crate's tests)")
    })
}

/// Parses the outline table; an error names the line and what is wrong with it.
pub(crate) fn parse(text: &str) -> Result<Vec<CountryOutline>, String> {
    let mut countries = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fail = |reason: String| format!("outline line {}: {reason}", number + 1);
        let fields: Vec<&str> = line.split('\t').collect();
        let [code, min_x, min_y, max_x, max_y, path] = fields.as_slice() else {
            return Err(fail(format!("expected 6 fields, found {}", fields.len())));
        };
        let mut bbox = [0i32; 4];
        for (slot, field) in bbox.iter_mut().zip([min_x, min_y, max_x, max_y]) {
            *slot = field.parse().map_err(|_| fail(format!("bad coordinate {field:?}")))?;
        }
        let rings = parse_path(path).map_err(fail)?;
        countries.push(CountryOutline { code: code.to_string(), bbox, rings });
    }
    Ok(countries)
}

/// Reads the path subset the converter writes: `M x y l dx dy dx dy … z`, repeated.
fn parse_path(path: &str) -> Result<Vec<Vec<(i32, i32)>>, String> {
    let mut rings: Vec<Vec<(i32, i32)>> = Vec::new();
    let mut numbers: Vec<i32> = Vec::new();
    let mut command = None;
    let mut current = (0, 0);
    let flush = |command: Option<char>,
                 numbers: &mut Vec<i32>,
                 rings: &mut Vec<Vec<(i32, i32)>>,
                 current: &mut (i32, i32)|
     -> Result<(), String> {
        if !numbers.len().is_multiple_of(2) {
            return Err(format!("odd number of coordinates after {command:?}"));
        }
        for pair in numbers.chunks(2) {
            match command {
                Some('M') => {
                    *current = (pair[0], pair[1]);
                    rings.push(vec![*current]);
                }
                Some('l') => {
                    *current = (current.0 + pair[0], current.1 + pair[1]);
                    rings.last_mut().ok_or("a line before any move")?.push(*current);
                }
                _ => return Err(format!("coordinates after {command:?}")),
            }
        }
        numbers.clear();
        Ok(())
    };
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'M' | b'l' | b'z' => {
                flush(command, &mut numbers, &mut rings, &mut current)?;
                command = Some(bytes[i] as char);
                i += 1;
            }
            b' ' | b',' => i += 1,
            b'-' | b'0'..=b'9' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                let token = &path[start..i];
                numbers.push(token.parse().map_err(|_| format!("bad number {token:?}"))?);
            }
            other => return Err(format!("unexpected {:?} in path", other as char)),
        }
    }
    flush(command, &mut numbers, &mut rings, &mut current)?;
    Ok(rings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_outline_has_every_large_country() {
        let world = world();
        assert!(world.len() > 200, "{} countries", world.len());
        for code in ["UA", "RU", "US", "CN", "BR", "AU", "FR", "EG", "PS", "IL", "GE"] {
            let country = world.iter().find(|c| c.code == code).expect(code);
            assert!(!country.rings.is_empty() && country.rings.iter().all(|r| r.len() >= 3));
            let xs = country.rings.iter().flatten().map(|p| p.0);
            let (min, max) = xs.fold((i32::MAX, i32::MIN), |(a, b), x| (a.min(x), b.max(x)));
            assert_eq!((min, max), (country.bbox[0], country.bbox[2]), "{code}");
        }
    }

    #[test]
    fn bad_paths_are_errors_that_name_the_line() {
        assert_eq!(parse_path("M1 2l3 4 -5-6z").unwrap(), [vec![(1, 2), (4, 6), (-1, 0)]]);
        let error = parse("# header\nUA\t0\t0\t1\t1\tM1 2l3z\n").unwrap_err();
        assert!(error.starts_with("outline line 2:"), "{error}");
        assert!(parse("XX\t0\t0\t1\t1\tM1 2L3 4z").is_err());
        assert!(parse("XX\t0\t0\t1\tM1 2l3 4z").is_err());
        assert!(parse("XX\t0\t0\t1\t1\tl3 4z").is_err());
    }
}
