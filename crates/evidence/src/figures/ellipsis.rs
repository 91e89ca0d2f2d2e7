//! Numbers that leave out what they count and take it from the sentence: "25 local residents
//! left … and 21 left later", "twenty-one more in the evening", "53 of them", "51 who were
//! wounded", "two groups of 25 and 21", "put the number of people who left at 46", "the
//! union says 92% of workers are out; the port authority says 38%".
//!
//! A wrong noun is worse than none (the comparison lines figures up by what they count), so
//! a number inherits only where the grammar says something was left out.

use super::counts::{self, Lead, Style};
use super::grammar::{
    counts_people, is_quantity_filler, is_verb, looks_like_past_tense, takes_of_complement,
};
use super::scan::Found;
use super::tokens::{Lower, Tok};
use super::{Figure, Unit};

/// Words after a bare number joined to an earlier one that show the noun was left out:
/// "… and 12 on Tuesday", "… and 21 later".
fn is_elliptical_tail(w: &str) -> bool {
    matches!(
        w,
        "later" | "earlier" | "on" | "in" | "during" | "after" | "before" | "the" | "at" | "by"
    )
}

/// Nouns whose "of" phrase names what a figure later in the sentence counts: "the number of
/// people who left … at 46", "estimates of ships waiting … range from 14 to 27".
fn names_a_count(w: &str) -> bool {
    matches!(w, "number" | "numbers" | "estimate" | "estimates" | "tally" | "count")
}

/// Where an inherited noun comes from.
struct Source {
    /// Token index it was written at.
    at: usize,
    counts: String,
}

struct Reader<'a> {
    sentence: &'a str,
    toks: &'a [Tok],
}

impl Reader<'_> {
    fn lower(&self, i: usize) -> Lower {
        match self.toks.get(i) {
            Some(t) if t.is_word() => Lower::new(t.text(self.sentence)),
            _ => Lower::new(""),
        }
    }

    fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(Tok::is_word)
    }

    /// "the number of people" phrases: where each is written and what it names.
    fn named_counts(&self) -> Vec<Source> {
        let mut out = Vec::new();
        for (i, t) in self.toks.iter().enumerate() {
            // The nouns are five to nine letters: most words are ruled out by length.
            let len = t.byte_end - t.byte_start;
            if !t.is_word() || !(5..=9).contains(&len) {
                continue;
            }
            if names_a_count(self.lower(i).as_str()) && self.lower(i + 1).as_str() == "of" {
                let style = Style::default();
                if let Some(c) = counts::read(self.sentence, self.toks, i + 1, Lead::OfOnly, style)
                {
                    out.push(Source { at: i, counts: c.text });
                }
            }
        }
        out
    }

    /// The nearest people noun written before token `before` ("elderly people emerge …;
    /// hundreds more remain").
    fn people_noun_before(&self, before: usize) -> Option<String> {
        (0..before).rev().map(|j| self.lower(j)).find(|w| counts_people(w.as_str())).map(|w| {
            let w = w.as_str();
            w.to_string()
        })
    }
}

/// True when `figure` counts a container without its contents ("two groups"): not a noun
/// a number in the groups can take.
fn counts_bare_container(figure: &Figure) -> bool {
    figure.counts.as_deref().is_some_and(|c| !c.contains(' ') && takes_of_complement(c))
}

/// What an inheriting number takes from its source: without a state the source's own group
/// is in ("53 seriously wounded soldiers … a further 211" → "soldiers").
fn inherited(counts: &str) -> String {
    let mut words = counts.split(' ');
    let first = words.next().unwrap_or("");
    let rest: Vec<&str> = words.collect();
    let adverb = first.len() > 4 && first.ends_with("ly");
    if adverb && rest.len() >= 2 {
        return rest[1..].join(" ");
    }
    counts.to_string()
}

/// Gives bare numbers in `out` the noun they leave out, where the sentence shows one.
pub(super) fn inherit(sentence: &str, toks: &[Tok], out: &mut [Found]) {
    if out.iter().all(|f| f.figure.counts.is_some()) {
        return;
    }
    let reader = Reader { sentence, toks };
    let bare_count = |f: &Found| f.figure.unit == Unit::Count && f.figure.counts.is_none();
    let named = if out.iter().any(bare_count) { reader.named_counts() } else { Vec::new() };
    for n in 0..out.len() {
        let found = &out[n];
        if found.figure.counts.is_some() {
            continue;
        }
        let counts = match found.figure.unit {
            Unit::Count => count_source(&reader, &named, out, n),
            Unit::Percent => percent_source(&reader, out, n),
            _ => None,
        };
        if counts.is_some() {
            out[n].figure.counts = counts;
        }
    }
}

/// Nouns for a body of people that a number measures: "a population of 430,000", "a crowd
/// of 5,000".
fn is_collective(w: &str) -> bool {
    matches!(w, "population" | "crowd" | "workforce" | "garrison" | "contingent" | "force" | "army")
}

fn count_source(reader: &Reader, named: &[Source], out: &[Found], n: usize) -> Option<String> {
    let found = &out[n];
    let first = found.start;
    let before = reader.lower(first.wrapping_sub(1));
    let before = before.as_str();
    let owner = reader.lower(first.wrapping_sub(2));
    if before == "of" && is_collective(owner.as_str()) {
        return Some(owner.as_str().to_string());
    }
    let mut next_at = found.after;
    let mut additive = matches!(before, "further" | "another" | "additional");
    while is_quantity_filler(reader.lower(next_at).as_str()) {
        next_at += 1;
        additive = true;
    }
    let next = reader.lower(next_at);
    let next = next.as_str();
    let joined = matches!(before, "and" | "while" | "whereas")
        || reader.toks.get(first.wrapping_sub(1)).is_some_and(|t| t.is_punct(','));
    let partitive = next == "of"
        && matches!(reader.lower(next_at + 1).as_str(), "them" | "whom" | "those" | "these");
    let in_groups =
        before == "of" && takes_of_complement(reader.lower(first.wrapping_sub(2)).as_str());
    // "25 and 21" after "groups of": the second number is read like the first.
    let paired = (matches!(before, "and" | "or")
        || reader.toks.get(first.wrapping_sub(1)).is_some_and(|t| t.is_punct(',')))
        && n > 0
        && out[n - 1].after + 1 == first
        && out[n - 1].figure.unit == Unit::Count;
    let elided = is_verb(next)
        || looks_like_past_tense(next)
        || (joined || additive) && is_elliptical_tail(next)
        || additive && !reader.is_word(next_at)
        || partitive
        || matches!(next, "who" | "whom")
        || in_groups
        || paired;
    // A figure's own noun, before the number.
    let from_figure = out[..n]
        .iter()
        .rev()
        .find(|f| {
            f.figure.unit == Unit::Count
                && f.figure.counts.is_some()
                && !counts_bare_container(&f.figure)
        })
        .map(|f| Source {
            at: f.first,
            counts: inherited(f.figure.counts.as_deref().unwrap_or("")),
        });
    let from_name = named.iter().rev().find(|s| s.at < first);
    let nearest = match (from_figure, from_name) {
        (Some(f), Some(s)) if s.at > f.at => Some(s.counts.clone()),
        (Some(f), _) if elided => Some(f.counts),
        (_, Some(s)) => Some(s.counts.clone()),
        _ => None,
    };
    if nearest.is_some() {
        return nearest;
    }
    if additive {
        return reader.people_noun_before(first);
    }
    // "12 or 13 people": the first number counts what the second does.
    let next_figure = out.get(n + 1)?;
    let forward = matches!(reader.lower(found.after).as_str(), "and" | "or")
        && next_figure.start == found.after + 1
        && next_figure.figure.unit == Unit::Count;
    forward.then(|| next_figure.figure.counts.clone()).flatten()
}

/// "92% of workers are out; the port authority says 38%": a bare percentage after one of
/// something is of the same thing.
fn percent_source(reader: &Reader, out: &[Found], n: usize) -> Option<String> {
    let next_at = out[n].after;
    let next = reader.lower(next_at);
    let ends =
        !reader.is_word(next_at) || is_verb(next.as_str()) || looks_like_past_tense(next.as_str());
    if !ends {
        return None;
    }
    out[..n]
        .iter()
        .rev()
        .find(|f| f.figure.unit == Unit::Percent)
        .and_then(|f| f.figure.counts.clone())
}

#[cfg(test)]
mod tests {
    use super::super::extract;

    fn counts(s: &str) -> Vec<Option<String>> {
        extract(s).into_iter().map(|f| f.counts).collect()
    }

    fn some(w: &str) -> Option<String> {
        Some(w.to_string())
    }

    #[test]
    fn additive_numbers_take_the_noun_before() {
        let s = "The first bus took thirty pupils in the morning and twelve more after lunch.";
        assert_eq!(counts(s), [some("pupils"), some("pupils")]);
        let s = "Nurses and elderly patients were moved first; dozens more remain in the wards.";
        assert_eq!(counts(s), [some("patients")]);
        let s = "Police found 14 cars on the bridge, while six more were pulled from the river.";
        assert_eq!(counts(s), [some("cars"), some("cars")]);
    }

    #[test]
    fn partitives_and_relatives_take_the_noun_before() {
        let s = "The brigade said 120 recruits had arrived, 30 of them without boots.";
        assert_eq!(counts(s), [some("recruits"), some("recruits")]);
        let s = "Customs stopped 90 lorries, including 12 that carried fuel.";
        assert_eq!(counts(s)[1], None);
        let s = "The hospital took in 70 miners, including 15 who were badly burned.";
        assert_eq!(counts(s), [some("miners"), some("miners")]);
    }

    #[test]
    fn numbers_inside_groups_count_what_the_groups_hold() {
        let s = "Officials said 60 pupils left the school in three groups of 20, 25 and 15.";
        let got = counts(s);
        assert_eq!(got[0], some("pupils"));
        assert_eq!(got[1], some("groups"));
        assert_eq!(&got[2..], [some("pupils"), some("pupils"), some("pupils")]);
    }

    #[test]
    fn a_state_of_the_first_group_is_not_inherited() {
        let s = "Nine badly injured miners were flown out and a further 40 walked to the road.";
        assert_eq!(counts(s), [some("badly injured miners"), some("miners")]);
    }

    #[test]
    fn the_number_of_something_names_what_a_later_figure_counts() {
        let s = "The council put the number of families without power at 3,400.";
        assert_eq!(counts(s), [some("families")]);
        let s = "Estimates of trucks queuing at the border range from 300 to 700.";
        assert_eq!(counts(s), [some("trucks"), some("trucks")]);
    }

    #[test]
    fn a_bare_percentage_after_one_of_something() {
        let s = "Organisers say 80% of drivers stayed home; the company says 35%.";
        assert_eq!(counts(s), [some("drivers"), some("drivers")]);
        let s = "Inflation rose 5%, up from 4%.";
        assert_eq!(counts(s), [None, None]);
    }

    #[test]
    fn the_first_of_two_numbers_counts_what_the_second_does() {
        let s = "Between them they rescued 12 or 13 sailors.";
        assert_eq!(counts(s), [some("sailors"), some("sailors")]);
    }

    #[test]
    fn no_noun_is_invented() {
        assert_eq!(counts("The ministry said 46 had been registered."), [None]);
        assert_eq!(counts("In 12 villages, the army counted 300."), [some("villages"), None]);
    }
}
