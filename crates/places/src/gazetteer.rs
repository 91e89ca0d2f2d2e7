//! The gazetteer: places, the names they go by, and the automaton that finds those names.

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use flate2::read::GzDecoder;

use crate::{Place, PlaceKind};

const EMBEDDED_PLACES: &[u8] = include_bytes!("../data/places.tsv.gz");
const EMBEDDED_AMBIGUOUS: &str = include_str!("../data/ambiguous.tsv");

/// Why a gazetteer could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GazetteerError {
    /// The gzip stream could not be decompressed or is not UTF-8.
    #[error("gazetteer data: cannot decompress: {0}")]
    Decompress(#[from] std::io::Error),
    /// A line of the places table is malformed.
    #[error("gazetteer places line {line}: {reason}")]
    PlacesLine {
        /// One-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A line of the ambiguous-names table is malformed.
    #[error("gazetteer ambiguous-names line {line}: {reason}")]
    AmbiguousLine {
        /// One-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The automaton over all names could not be built.
    #[error("gazetteer automaton: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
}

/// How a name refers to a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Role {
    /// The demonym of a country: evidence for it, never reported as a mention.
    Demonym,
    /// One of GeoNames' alternate names of a populated place.
    Alternate,
    /// The place's own name, or a hand-written alias (countries and regions).
    Name,
}

/// What a name needs, beyond a capital letter, to count as a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Policy {
    /// Counts only when the text gives evidence of the place's country.
    Context,
    /// Does not count next to another capitalised word (a personal name).
    Person,
    /// Never counts.
    Drop,
}

/// One name and the places it may mean.
#[derive(Debug)]
pub(crate) struct Name {
    pub(crate) candidates: Vec<(u32, Role)>,
    pub(crate) policy: Option<Policy>,
}

/// A place with what resolution needs besides its public description.
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) place: Place,
    /// The place's primary name is also a lower-case English word ("Turkey", "Nice").
    pub(crate) common_word: bool,
    /// Countries only: bordering countries' codes.
    pub(crate) neighbours: Vec<String>,
}

/// Places and their names, with a matcher over every name.
///
/// Build it once: [`Gazetteer::embedded`] parses the embedded data on first use and hands out
/// the same instance afterwards.
pub struct Gazetteer {
    pub(crate) entries: Vec<Entry>,
    pub(crate) names: Vec<Name>,
    /// Pattern `i` of the automaton is `names[i]`.
    pub(crate) automaton: AhoCorasick,
    by_id: HashMap<String, u32>,
    name_index: HashMap<String, usize>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.entries.len())
            .field("names", &self.names.len())
            .finish()
    }
}

impl Gazetteer {
    /// The gazetteer embedded in this crate (GeoNames, Natural Earth and hand-written
    /// regions; see `data/SOURCE.md`), parsed on the first call and shared afterwards.
    pub fn embedded() -> &'static Gazetteer {
        static EMBEDDED: OnceLock<Gazetteer> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            Gazetteer::from_gzip(EMBEDDED_PLACES, EMBEDDED_AMBIGUOUS)
                .expect("the embedded gazetteer parses (checked by the crate's tests)")
        })
    }

    /// A gazetteer from a gzipped places table and an ambiguous-names table, in the formats
    /// `data/SOURCE.md` describes.
    pub fn from_gzip(places_gz: &[u8], ambiguous: &str) -> Result<Gazetteer, GazetteerError> {
        let mut places = String::new();
        GzDecoder::new(places_gz).read_to_string(&mut places)?;
        Gazetteer::from_tables(&places, ambiguous)
    }

    /// A gazetteer from a plain places table and an ambiguous-names table.
    pub fn from_tables(places: &str, ambiguous: &str) -> Result<Gazetteer, GazetteerError> {
        let policies = parse_ambiguous(ambiguous)?;
        let mut entries = Vec::new();
        let mut name_index: HashMap<String, usize> = HashMap::new();
        let mut names: Vec<Name> = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        for (number, line) in places.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let row = parse_place_line(line)
                .map_err(|reason| GazetteerError::PlacesLine { line: number + 1, reason })?;
            let index = u32::try_from(entries.len()).map_err(|_| GazetteerError::PlacesLine {
                line: number + 1,
                reason: "more places than an index can hold".into(),
            })?;
            let alias_role =
                if row.entry.place.kind == PlaceKind::City { Role::Alternate } else { Role::Name };
            let named = std::iter::once((row.entry.place.name.as_str(), Role::Name))
                .chain(row.aliases.iter().map(|a| (a.as_str(), alias_role)))
                .chain(row.demonyms.iter().map(|d| (d.as_str(), Role::Demonym)));
            for (text, role) in named {
                let slot = *name_index.entry(text.to_string()).or_insert_with(|| {
                    patterns.push(text.to_string());
                    names
                        .push(Name { candidates: Vec::new(), policy: policies.get(text).copied() });
                    names.len() - 1
                });
                let candidates = &mut names[slot].candidates;
                match candidates.iter_mut().find(|(p, _)| *p == index) {
                    Some((_, existing)) => *existing = (*existing).max(role),
                    None => candidates.push((index, role)),
                }
            }
            entries.push(row.entry);
        }
        // A town's name of three letters or fewer ("Ann", "Ho", "Man") is an abbreviation
        // or a word far more often than the town: it needs its country in the text.
        for (text, &slot) in &name_index {
            let name = &mut names[slot];
            if name.policy.is_none()
                && text.chars().count() <= 3
                && name
                    .candidates
                    .iter()
                    .all(|&(i, _)| entries[i as usize].place.kind == PlaceKind::City)
            {
                name.policy = Some(Policy::Context);
            }
        }
        // Leftmost-longest: "Gaza Strip" wins over "Gaza", "New York State" over "New York".
        let automaton =
            AhoCorasickBuilder::new().match_kind(MatchKind::LeftmostLongest).build(&patterns)?;
        let by_id =
            entries.iter().enumerate().map(|(i, e)| (e.place.id.clone(), i as u32)).collect();
        Ok(Gazetteer { entries, names, automaton, by_id, name_index })
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the gazetteer has no place.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The place with this id (`country:UA`, `region:donbas`, `geonames:701822`).
    pub fn place(&self, id: &str) -> Option<&Place> {
        self.by_id.get(id).map(|&i| &self.entries[i as usize].place)
    }

    /// The places a name may mean, as written (case-sensitive), countries first, then
    /// regions, then by population; demonyms excluded.
    pub fn lookup(&self, name: &str) -> Vec<&Place> {
        let Some(&index) = self.name_index.get(name) else {
            return Vec::new();
        };
        let mut places: Vec<&Place> = self.names[index]
            .candidates
            .iter()
            .filter(|(_, role)| *role != Role::Demonym)
            .map(|&(i, _)| &self.entries[i as usize].place)
            .collect();
        places.sort_by_key(|p| (p.kind, std::cmp::Reverse(p.population)));
        places
    }

    /// Whether a word, as written (case-sensitive), is a country's demonym ("French",
    /// "Ukrainian"), or its plural ("Ukrainians").
    pub fn is_demonym(&self, word: &str) -> bool {
        let demonym = |w: &str| {
            self.name_index.get(w).is_some_and(|&index| {
                self.names[index].candidates.iter().any(|&(_, role)| role == Role::Demonym)
            })
        };
        demonym(word) || word.strip_suffix('s').is_some_and(demonym)
    }

    pub(crate) fn entry(&self, index: u32) -> &Entry {
        &self.entries[index as usize]
    }

    /// The country entry for an ISO code, if the gazetteer has it.
    pub(crate) fn country(&self, code: &str) -> Option<&Entry> {
        let index = *self.by_id.get(&format!("country:{code}"))?;
        Some(self.entry(index))
    }
}

struct PlaceRow {
    entry: Entry,
    aliases: Vec<String>,
    demonyms: Vec<String>,
}

fn parse_place_line(line: &str) -> Result<PlaceRow, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    if fields.len() != 11 {
        return Err(format!("expected 11 tab-separated fields, found {}", fields.len()));
    }
    let (kind, prefix) = match fields[0] {
        "C" => (PlaceKind::Country, "country"),
        "R" => (PlaceKind::Region, "region"),
        "P" => (PlaceKind::City, "geonames"),
        other => return Err(format!("unknown kind {other:?}")),
    };
    let number = |i: usize, what: &str| -> Result<f64, String> {
        fields[i].parse::<f64>().map_err(|_| format!("{what} {:?} is not a number", fields[i]))
    };
    let lat = number(3, "latitude")?;
    let lon = number(4, "longitude")?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("coordinates {lat}, {lon} out of range"));
    }
    let population = fields[5]
        .parse::<u64>()
        .map_err(|_| format!("population {:?} is not a whole number", fields[5]))?;
    let name = fields[7].trim();
    if name.is_empty() {
        return Err("empty name".into());
    }
    let list = |field: &str, separator: char| -> Vec<String> {
        field.split(separator).map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
    };
    Ok(PlaceRow {
        entry: Entry {
            place: Place {
                id: format!("{prefix}:{}", fields[1]),
                name: name.to_string(),
                country: (!fields[2].is_empty()).then(|| fields[2].to_string()),
                lat,
                lon,
                population,
                kind,
            },
            common_word: fields[6].contains('w'),
            neighbours: list(fields[10], ','),
        },
        aliases: list(fields[8], '|'),
        demonyms: list(fields[9], '|'),
    })
}

fn parse_ambiguous(text: &str) -> Result<HashMap<String, Policy>, GazetteerError> {
    let mut policies = HashMap::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fail = |reason: String| GazetteerError::AmbiguousLine { line: number + 1, reason };
        let (name, policy) =
            line.split_once('\t').ok_or_else(|| fail("expected name<TAB>policy".into()))?;
        let policy = match policy.trim() {
            "context" => Policy::Context,
            "person" => Policy::Person,
            "drop" => Policy::Drop,
            other => return Err(fail(format!("unknown policy {other:?}"))),
        };
        if policies.insert(name.trim().to_string(), policy).is_some() {
            return Err(fail(format!("{:?} is listed twice", name.trim())));
        }
    }
    Ok(policies)
}
