//! Finding place names in a text and deciding which place each one means.

use std::collections::{HashMap, HashSet};

use aho_corasick::Input;

use crate::gazetteer::{Entry, Policy, Role};
use crate::{Gazetteer, PlaceKind, PlaceMention, Span};

/// A name found on word boundaries, before resolution. Offsets are bytes.
struct Found {
    name: usize,
    start: usize,
    end: usize,
    sentence_initial: bool,
}

/// Characters that may stand between a sentence break and its first word.
const OPENERS: &[char] = &['"', '\'', '“', '‘', '«', '„', '(', '[', '—', '-', '–', '*', '•'];

/// Words after which a capitalised name is still a place ("In Jordan, …", "From Georgia").
const LEAD_WORDS: &[&str] = &[
    "In",
    "From",
    "To",
    "At",
    "On",
    "For",
    "Across",
    "Inside",
    "Outside",
    "Near",
    "Across",
    "And",
    "But",
    "Or",
    "With",
    "Without",
    "Via",
    "Of",
    "The",
    "Visiting",
    "Leaving",
    "Like",
    "Unlike",
    "Beyond",
    "Within",
    "Throughout",
    "Around",
    "Over",
    "Under",
    "Between",
    "Both",
    "Neither",
    "While",
    "Since",
    "After",
    "Before",
    "Until",
    "By",
    "As",
];

/// Capitalised words that follow a place without making it part of a personal name.
const AFTER_PLACE_WORDS: &[&str] = &[
    "DC",
    "D.C.",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "On",
    "In",
    "At",
    "And",
    "But",
    "Or",
    "The",
    "Oblast",
    "Region",
    "Province",
    "Governorate",
    "District",
    "County",
    "State",
    "City",
    "Port",
    "Airport",
    "Mayor",
    "Governor",
];

/// How far back (in characters) a sentence break is looked for.
const SENTENCE_LOOKBACK: usize = 64;

impl Gazetteer {
    /// The places `text` names, in text order, each resolved to one place.
    ///
    /// Names match case-sensitively on word boundaries, longest first ("Gaza Strip" over
    /// "Gaza"). A name that may mean several places goes to the one the rest of the text
    /// points to (its country, a neighbour, a demonym), else to a country or region before
    /// a city, else to the most populous. Names that are also common words ("Nice",
    /// "Reading", "Turkey" opening a sentence) count only with their country in the text;
    /// names that are also personal names ("Jordan", "Chad") do not count next to another
    /// capitalised word. Demonyms ("Ukrainian") are evidence, never mentions.
    pub fn find_in(&self, text: &str) -> Vec<PlaceMention> {
        let found = self.scan(text);
        if found.is_empty() {
            return Vec::new();
        }

        // Countries the text gives unambiguous evidence of.
        let mut evidence = Evidence::default();
        for f in &found {
            let name = &self.names[f.name];
            if name.policy == Some(Policy::Drop) {
                continue;
            }
            for &(index, role) in &name.candidates {
                if role == Role::Demonym {
                    evidence.add(self.entry(index).place.country.as_deref());
                }
            }
            let places: Vec<_> =
                name.candidates.iter().filter(|(_, role)| *role != Role::Demonym).collect();
            if let &[&(index, role)] = places.as_slice()
                && !self.needs_context(f, index, role)
                && !(name.policy == Some(Policy::Person) && looks_like_personal_name(text, f))
            {
                evidence.add(self.entry(index).place.country.as_deref());
            }
        }

        // Resolve, then accept what needs context once its country (or the same place
        // named plainly elsewhere) is known.
        let mut resolved: Vec<(&Found, u32, bool)> = Vec::new();
        for (i, f) in found.iter().enumerate() {
            let name = &self.names[f.name];
            match name.policy {
                Some(Policy::Drop) => continue,
                // "Independence Day", "Reading Festival": part of a longer capitalised name.
                Some(Policy::Person | Policy::Context) if looks_like_personal_name(text, f) => {
                    continue;
                }
                _ => {}
            }
            let best = name
                .candidates
                .iter()
                .filter(|(_, role)| *role != Role::Demonym)
                .map(|&(index, role)| {
                    let mut score = self.score(index, role, &evidence);
                    // "Alexandria, Virginia": the name right after a comma says where.
                    let place = &self.entry(index).place;
                    if place.kind != PlaceKind::Country
                        && place.country.as_deref().is_some_and(|country| {
                            qualified_by(self, text, f, found.get(i + 1), country)
                        })
                    {
                        score += 10.0;
                    }
                    (index, role, score)
                })
                .max_by(|a, b| {
                    a.2.total_cmp(&b.2)
                        .then(
                            self.entry(a.0).place.population.cmp(&self.entry(b.0).place.population),
                        )
                        .then(b.0.cmp(&a.0))
                });
            if let Some((index, role, _)) = best {
                // An exonym next to another capitalised word is usually part of a person's
                // name ("Hanna Maliar"), an outlet ("Kiev Post") or a team.
                if role == Role::Alternate && looks_like_personal_name(text, f) {
                    continue;
                }
                resolved.push((f, index, self.needs_context(f, index, role)));
            }
        }
        let plainly_named: HashSet<u32> = resolved.iter().filter(|r| !r.2).map(|r| r.1).collect();

        let mut mentions = Vec::with_capacity(resolved.len());
        let (mut byte, mut chars) = (0usize, 0usize);
        for (f, index, needs_context) in resolved {
            let entry = self.entry(index);
            if needs_context
                && !plainly_named.contains(&index)
                && !self.has_context(entry, &evidence)
            {
                continue;
            }
            chars += text[byte..f.start].chars().count();
            let written = &text[f.start..f.end];
            let length = written.chars().count();
            mentions.push(PlaceMention {
                place: entry.place.clone(),
                written: written.to_string(),
                span: Span { start: chars, end: chars + length },
            });
            chars += length;
            byte = f.end;
        }
        mentions
    }

    /// Every name of the gazetteer standing on word boundaries, leftmost-longest.
    fn scan(&self, text: &str) -> Vec<Found> {
        let mut found = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(m) = self.automaton.find(Input::new(text).span(at..text.len())) else {
                break;
            };
            if on_word_boundaries(text, m.start(), m.end()) {
                found.push(Found {
                    name: m.pattern().as_usize(),
                    start: m.start(),
                    end: m.end(),
                    sentence_initial: sentence_initial(text, m.start()),
                });
                at = m.end();
            } else {
                // A name inside a longer word ("Omanis" holds "Oman"): look again from the
                // next character, so a real name overlapping this one is not skipped.
                at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        found
    }

    /// Whether this reading of a name only counts with evidence of its country.
    fn needs_context(&self, found: &Found, index: u32, role: Role) -> bool {
        let entry = self.entry(index);
        self.names[found.name].policy == Some(Policy::Context)
            || (entry.common_word && role == Role::Name && found.sentence_initial)
    }

    fn has_context(&self, entry: &Entry, evidence: &Evidence) -> bool {
        match entry.place.kind {
            PlaceKind::Country => {
                entry.place.country.as_deref().is_some_and(|c| evidence.contains(c))
                    || entry.neighbours.iter().any(|n| evidence.contains(n.as_str()))
            }
            PlaceKind::Region | PlaceKind::City => {
                entry.place.country.as_deref().is_some_and(|c| evidence.contains(c))
            }
        }
    }

    /// How likely a reading is: what kind of place it is, how it is named, and what the
    /// rest of the text says.
    fn score(&self, index: u32, role: Role, evidence: &Evidence) -> f64 {
        let entry = self.entry(index);
        let place = &entry.place;
        // A country outranks any city of the same name (about 10 vs log10 of population,
        // 5 to 7.5); a region sits between.
        let base = match place.kind {
            PlaceKind::Country => 10.0,
            PlaceKind::Region => 8.0,
            PlaceKind::City => (place.population.max(1_000) as f64).log10(),
        };
        // Small: where two countries are in evidence ("Odessa" in a text naming Texas and
        // Ukraine), population decides, not which of the two calls it "Odessa" first.
        let naming = if role == Role::Name { 1.0 } else { 0.0 };
        let country = place.country.as_deref();
        let neighbours: &[String] = match place.kind {
            PlaceKind::Country => &entry.neighbours,
            _ => country.and_then(|c| self.country(c)).map_or(&[], |e| &e.neighbours),
        };
        // Named at all, a country counts a lot; named most, a little more ("Odessa" in a
        // text about Ukraine that mentions Texas once).
        let context = if let Some(c) = country.filter(|c| evidence.contains(c)) {
            6.0 + 2.0 * evidence.share(c)
        } else if neighbours.iter().any(|n| evidence.contains(n.as_str())) {
            if place.kind == PlaceKind::Country { 2.0 } else { 1.0 }
        } else {
            0.0
        };
        base + naming + context
    }
}

/// Whether the name right after `found` and a comma ("Paris, Texas") may be a place in
/// `country`.
fn qualified_by(
    gazetteer: &Gazetteer,
    text: &str,
    found: &Found,
    next: Option<&Found>,
    country: &str,
) -> bool {
    let Some(next) = next else { return false };
    let Some(between) = text[found.end..next.start].strip_prefix(',') else { return false };
    between.chars().all(char::is_whitespace)
        && gazetteer.names[next.name].candidates.iter().any(|&(index, role)| {
            role != Role::Demonym
                && gazetteer.entry(index).place.country.as_deref() == Some(country)
        })
}

/// Countries a text names unambiguously (by name, demonym or a place of theirs), counted.
#[derive(Default)]
struct Evidence<'g> {
    counts: HashMap<&'g str, usize>,
    most: usize,
}

impl<'g> Evidence<'g> {
    fn add(&mut self, country: Option<&'g str>) {
        if let Some(country) = country {
            let count = self.counts.entry(country).or_insert(0);
            *count += 1;
            self.most = self.most.max(*count);
        }
    }

    fn contains(&self, country: &str) -> bool {
        self.counts.contains_key(country)
    }

    /// This country's evidence relative to the most-evidenced country's, 0 to 1.
    fn share(&self, country: &str) -> f64 {
        let count = self.counts.get(country).copied().unwrap_or(0);
        if self.most == 0 { 0.0 } else { count as f64 / self.most as f64 }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining_mark(c)
}

/// Combining marks continue the word they follow ("Kyiv\u{301}" is not "Kyiv"); the
/// standard library has no general-category lookup, so these are the common blocks.
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// Whether the word at `start` opens a sentence (or a line, or the text).
fn sentence_initial(text: &str, start: usize) -> bool {
    for c in text[..start].chars().rev().take(SENTENCE_LOOKBACK) {
        if c == '\n' {
            return true;
        }
        if c.is_whitespace() || OPENERS.contains(&c) {
            continue;
        }
        return matches!(c, '.' | '!' | '?' | '…' | ':' | ';');
    }
    true
}

/// Whether a name stands next to another capitalised word, as in "Michael Jordan" or
/// "Chad Smith", and so is likely part of a personal name.
fn looks_like_personal_name(text: &str, found: &Found) -> bool {
    let next = text[found.end..]
        .strip_prefix(' ')
        .map(|rest| rest.split(|c: char| !(c.is_alphanumeric() || c == '.')).next().unwrap_or(""));
    if let Some(word) = next
        && starts_upper(word)
        && !AFTER_PLACE_WORDS.contains(&word)
        && !AFTER_PLACE_WORDS.contains(&word.trim_end_matches('.'))
    {
        return true;
    }
    let previous = text[..found.start]
        .strip_suffix(' ')
        .map(|head| head.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or(""));
    if let Some(word) = previous
        && starts_upper(word)
        && !LEAD_WORDS.contains(&word)
    {
        return true;
    }
    false
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests;
