//! What happened to what a figure counts: the event word near it ("87 people were
//! *detained*", "the death *toll* rose to 31") and the kind of thing counted ("miners",
//! "civilians" and "people" are all people). Two figures conflict only when both match:
//! 87 detained and 4,000 gathered are different facts, not a disagreement.
//!
//! A transparent word list, English only: each event is a handful of words a reader would
//! agree on, matched by stem.

use std::collections::HashMap;
use std::sync::LazyLock;

use parallax_analyse::tokens::tokenize;
use parallax_evidence::Span;
use serde::Serialize;

/// What happened to the things a figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// Killed, dead, the death toll.
    Killed,
    /// Injured, wounded.
    Injured,
    /// Detained, arrested.
    Detained,
    /// Left a place: evacuated, escaped, surrendered, were taken out.
    Left,
    /// Rescued, freed.
    Rescued,
    /// Trapped, missing, unaccounted for.
    Trapped,
    /// Took part in a rally, protest or march.
    Rallied,
    /// Went on strike, walked out.
    Striking,
    /// Exposed, stolen or leaked (records, data).
    Exposed,
    /// Displaced, fled their homes.
    Displaced,
    /// Waiting, queued, stranded.
    Waiting,
    /// Votes won, a vote share.
    Voted,
    /// A measure of efficacy or protection.
    Effective,
}

const EVENTS: &[(Event, &[&str])] = &[
    (
        Event::Killed,
        &[
            "killed",
            "kill",
            "dead",
            "died",
            "die",
            "death",
            "deaths",
            "toll",
            "bodies",
            "fatalities",
            "perished",
            "lives",
        ],
    ),
    (Event::Injured, &["injured", "injuring", "wounded", "hurt", "injuries"]),
    (
        Event::Detained,
        &["detained", "detain", "arrested", "arrests", "detentions", "jailed", "custody"],
    ),
    (
        Event::Left,
        &[
            "evacuated",
            "evacuation",
            "evacuees",
            "escaped",
            "left",
            "leave",
            "leaving",
            "emerged",
            "surrendered",
            "surrender",
            "surrendering",
            "captured",
            "prisoners",
        ],
    ),
    (Event::Rescued, &["rescued", "rescue", "freed", "saved"]),
    (Event::Trapped, &["trapped", "stuck", "entombed", "underground", "missing", "unaccounted"]),
    (
        Event::Rallied,
        &[
            "rallied",
            "rally",
            "protest",
            "protested",
            "protesting",
            "marched",
            "gathered",
            "gathering",
            "crowd",
            "turnout",
            "demonstration",
            "part",
            "participated",
            "joined",
        ],
    ),
    (Event::Striking, &["strike", "striking", "walked", "walkout", "stoppage"]),
    (Event::Exposed, &["exposed", "stolen", "leaked", "breached", "compromised", "affected"]),
    (Event::Displaced, &["displaced", "homeless", "fled", "refugees"]),
    (Event::Waiting, &["waiting", "queued", "anchored", "stranded", "idle"]),
    (Event::Voted, &["vote", "votes", "voted", "ballots", "won", "win"]),
    (Event::Effective, &["effective", "efficacy", "protection", "protected"]),
];

/// Nouns for people: a count of any of them is a count of people.
const PEOPLE: &[&str] = &[
    "people",
    "persons",
    "civilians",
    "residents",
    "inhabitants",
    "evacuees",
    "individuals",
    "villagers",
    "locals",
    "protesters",
    "demonstrators",
    "participants",
    "workers",
    "miners",
    "dockworkers",
    "dockers",
    "employees",
    "staff",
    "soldiers",
    "troops",
    "fighters",
    "defenders",
    "militants",
    "servicemen",
    "marines",
    "attackers",
    "infiltrators",
    "children",
    "women",
    "men",
    "adults",
    "patients",
    "volunteers",
    "passengers",
    "students",
    "voters",
    "members",
    "others",
    "victims",
    "casualties",
    "them",
    "workforce",
];

/// Nouns that name the same kind of thing.
const SAME_THINGS: &[(&str, &[&str])] = &[("ships", &["ships", "vessels", "boats", "freighters"])];

/// Words within this many words of a figure can say what happened to what it counts.
const WINDOW: usize = 6;

static EVENT_STEMS: LazyLock<HashMap<String, Event>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for &(event, words) in EVENTS {
        for w in words {
            for t in tokenize(w, Some("en")) {
                map.entry(t.stem.into_string()).or_insert(event);
            }
        }
    }
    map
});

static THING_STEMS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for w in PEOPLE {
        for t in tokenize(w, Some("en")) {
            map.insert(t.stem.into_string(), "people".to_owned());
        }
    }
    for &(key, words) in SAME_THINGS {
        for w in words {
            for t in tokenize(w, Some("en")) {
                map.insert(t.stem.into_string(), key.to_owned());
            }
        }
    }
    map
});

/// A sentence's words with their character offsets, read once for all its figures.
pub(crate) struct Words {
    /// (start, end) in characters, and the English stem.
    words: Vec<(usize, usize, String)>,
}

impl Words {
    pub(crate) fn of(sentence: &str) -> Words {
        let mut chars = 0;
        let mut last = 0;
        let mut words = Vec::new();
        for t in tokenize(sentence, Some("en")) {
            chars += sentence[last..t.start].chars().count();
            let len = sentence[t.start..t.end].chars().count();
            words.push((chars, chars + len, t.stem.into_string()));
            chars += len;
            last = t.end;
        }
        Words { words }
    }
}

/// The event word nearest to `span`, within [`WINDOW`] words either side.
pub(crate) fn event_near(words: &Words, span: Span) -> Option<Event> {
    let tokens = &words.words;
    let inside = tokens.iter().position(|t| t.1 > span.start)?;
    let after = tokens.iter().position(|t| t.0 >= span.end).unwrap_or(tokens.len());
    let before = tokens[inside.saturating_sub(WINDOW)..inside].iter().rev().enumerate();
    let later = tokens[after..tokens.len().min(after + WINDOW)].iter().enumerate();
    // The words after a figure say what happened to it more often than the words before
    // ("87 people were detained"), so at equal distance they win.
    later
        .map(|(d, t)| (2 * d, t))
        .chain(before.map(|(d, t)| (2 * d + 1, t)))
        .filter_map(|(d, t)| EVENT_STEMS.get(&t.2).map(|&e| (d, e)))
        .min_by_key(|&(d, _)| d)
        .map(|(_, e)| e)
}

/// The kind of thing counted: "people" for any people, a shared key for synonyms, else
/// the head noun's stem.
pub(crate) fn thing_counted(counts: &str, language: Option<&str>) -> Option<String> {
    let head = tokenize(counts, language).pop()?;
    Some(THING_STEMS.get(head.stem.as_str()).cloned().unwrap_or_else(|| head.stem.into_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(sentence: &str, figure: &str) -> Option<Event> {
        let start = sentence[..sentence.find(figure).unwrap()].chars().count();
        event_near(&Words::of(sentence), Span::new(start, start + figure.chars().count()))
    }

    #[test]
    fn the_nearest_event_word_wins_and_words_after_first() {
        assert_eq!(
            event("The ministry said 87 people had been detained overnight.", "87 people"),
            Some(Event::Detained)
        );
        assert_eq!(
            event("Police detained at least 87 people.", "87 people"),
            Some(Event::Detained)
        );
        assert_eq!(event("The death toll rose to 31 on Tuesday.", "31"), Some(Event::Killed));
        assert_eq!(
            event("Some 4,000 people gathered before 87 were detained.", "4,000 people"),
            Some(Event::Rallied)
        );
        assert_eq!(event("The port handled 27 ships in May.", "27 ships"), None);
    }

    #[test]
    fn people_are_people_whatever_they_are_called() {
        assert_eq!(thing_counted("miners", Some("en")).as_deref(), Some("people"));
        assert_eq!(thing_counted("local residents", Some("en")).as_deref(), Some("people"));
        assert_eq!(thing_counted("vessels", Some("en")), thing_counted("ships", Some("en")));
        assert_eq!(thing_counted("customer records", Some("en")).as_deref(), Some("record"));
        assert_eq!(thing_counted("", Some("en")), None);
    }
}
