//! Word lists of the figure finder. Everything is a `match` on lower-case English words, so
//! lookups cost a few comparisons and no allocation; callers lower-case into a small stack
//! buffer first (see [`super::tokens::Lower`]).

use super::Qualifier;

/// A number word's role in a written-out number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum NumberWord {
    /// zero to nine.
    Unit(u32),
    /// ten to nineteen.
    Teen(u32),
    /// twenty, thirty, … ninety.
    Ten(u32),
    Hundred,
    /// thousand, million, billion, trillion.
    Scale(f64),
    Dozen,
}

pub(crate) fn number_word(w: &str) -> Option<NumberWord> {
    use NumberWord::*;
    Some(match w {
        "zero" => Unit(0),
        "one" => Unit(1),
        "two" => Unit(2),
        "three" => Unit(3),
        "four" => Unit(4),
        "five" => Unit(5),
        "six" => Unit(6),
        "seven" => Unit(7),
        "eight" => Unit(8),
        "nine" => Unit(9),
        "ten" => Teen(10),
        "eleven" => Teen(11),
        "twelve" => Teen(12),
        "thirteen" => Teen(13),
        "fourteen" => Teen(14),
        "fifteen" => Teen(15),
        "sixteen" => Teen(16),
        "seventeen" => Teen(17),
        "eighteen" => Teen(18),
        "nineteen" => Teen(19),
        "twenty" => Ten(20),
        "thirty" => Ten(30),
        "forty" | "fourty" => Ten(40),
        "fifty" => Ten(50),
        "sixty" => Ten(60),
        "seventy" => Ten(70),
        "eighty" => Ten(80),
        "ninety" => Ten(90),
        "hundred" => Hundred,
        "thousand" => Scale(1e3),
        "million" => Scale(1e6),
        "billion" => Scale(1e9),
        "trillion" => Scale(1e12),
        "dozen" => Dozen,
        _ => return None,
    })
}

/// Multipliers written after digits: "1.2 million", "3.5bn", "10k", "$2m".
/// `glued` is true when no space separates them from the digits; "m" counts as million
/// only then ("200 m" is metres).
pub(crate) fn digit_multiplier(w: &str, glued: bool) -> Option<f64> {
    Some(match w {
        "thousand" => 1e3,
        "million" | "mln" | "mn" => 1e6,
        "billion" | "bln" | "bn" => 1e9,
        "trillion" | "tn" | "trln" => 1e12,
        "k" if glued => 1e3,
        "m" if glued => 1e6,
        "b" if glued => 1e9,
        "dozen" => 12.0,
        _ => return None,
    })
}

/// "dozens", "thousands": an order of magnitude without a number.
pub(crate) fn vague_plural(w: &str) -> Option<f64> {
    Some(match w {
        "dozens" => 12.0,
        "hundreds" => 1e2,
        "thousands" => 1e3,
        "millions" => 1e6,
        "billions" => 1e9,
        _ => return None,
    })
}

/// Ordinal suffixes glued to digits ("36th"): the number names something, it counts nothing.
pub(crate) fn is_ordinal_suffix(w: &str) -> bool {
    matches!(w, "st" | "nd" | "rd" | "th" | "e" | "er" | "eme" | "o" | "a" | "ая" | "й" | "го")
}

/// Qualifiers written before a number, longest first within each first word.
pub(crate) const QUALIFIERS_BEFORE: &[(&[&str], Qualifier)] = &[
    (&["in", "excess", "of"], Qualifier::AtLeast),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["not", "less", "than"], Qualifier::AtLeast),
    (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["more", "than"], Qualifier::AtLeast),
    (&["at", "least"], Qualifier::AtLeast),
    (&["upwards", "of"], Qualifier::AtLeast),
    (&["well", "over"], Qualifier::AtLeast),
    (&["just", "over"], Qualifier::AtLeast),
    (&["well", "above"], Qualifier::AtLeast),
    (&["over"], Qualifier::AtLeast),
    (&["above"], Qualifier::AtLeast),
    (&["exceeding"], Qualifier::AtLeast),
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["not", "more", "than"], Qualifier::AtMost),
    (&["a", "maximum", "of"], Qualifier::AtMost),
    (&["as", "many", "as"], Qualifier::AtMost),
    (&["as", "much", "as"], Qualifier::AtMost),
    (&["just", "under"], Qualifier::AtMost),
    (&["fewer", "than"], Qualifier::AtMost),
    (&["less", "than"], Qualifier::AtMost),
    (&["up", "to"], Qualifier::AtMost),
    (&["at", "most"], Qualifier::AtMost),
    (&["under"], Qualifier::AtMost),
    (&["below"], Qualifier::AtMost),
    (&["more", "or", "less"], Qualifier::About),
    (&["an", "estimated"], Qualifier::About),
    (&["close", "to"], Qualifier::About),
    (&["about"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["nearly"], Qualifier::About),
    (&["almost"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["approx"], Qualifier::About),
    (&["estimated"], Qualifier::About),
    (&["circa"], Qualifier::About),
];

/// Qualifiers written after a number (and its multiplier): "50 or more", "200 or so".
pub(crate) const QUALIFIERS_AFTER: &[(&[&str], Qualifier)] = &[
    (&["or", "more"], Qualifier::AtLeast),
    (&["or", "so"], Qualifier::About),
    (&["plus"], Qualifier::AtLeast),
];

/// "$", "€": currency symbols written before the number.
pub(crate) fn currency_symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '$' => "USD",
        '€' => "EUR",
        '£' => "GBP",
        '¥' => "JPY",
        '₽' => "RUB",
        '₴' => "UAH",
        '₹' => "INR",
        _ => return None,
    })
}

/// Currency words and codes ("dollars", "EUR", "roubles").
pub(crate) fn currency_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "dollar" | "dollars" | "usd" => "USD",
        "euro" | "euros" | "eur" => "EUR",
        "sterling" | "gbp" => "GBP",
        "ruble" | "rubles" | "rouble" | "roubles" | "rub" => "RUB",
        "hryvnia" | "hryvnias" | "hryvnas" | "hryvnya" | "uah" => "UAH",
        "yuan" | "renminbi" | "cny" => "CNY",
        "yen" | "jpy" => "JPY",
        "franc" | "francs" | "chf" => "CHF",
        "rupee" | "rupees" | "inr" => "INR",
        "zloty" | "zlotys" | "pln" => "PLN",
        "lira" | "liras" | "try" => "TRY",
        _ => return None,
    })
}

/// Percent words after a number ("percent"; "per cent" is two words, handled by the caller).
pub(crate) fn is_percent_word(w: &str) -> bool {
    matches!(w, "percent" | "pct" | "prozent" | "pour-cent" | "por-ciento")
}

/// Units that make a figure a [`super::Unit::Measure`]. Durations are measures too: "nine
/// days" and "a nine-day siege" are both 9, counted in days.
pub(crate) fn is_measure_unit(w: &str) -> bool {
    matches!(
        w,
        "km" | "kilometre"
            | "kilometres"
            | "kilometer"
            | "kilometers"
            | "mile"
            | "miles"
            | "metre"
            | "metres"
            | "meter"
            | "meters"
            | "m"
            | "cm"
            | "mm"
            | "feet"
            | "foot"
            | "ft"
            | "inch"
            | "inches"
            | "kg"
            | "kilogram"
            | "kilograms"
            | "kilo"
            | "kilos"
            | "gram"
            | "grams"
            | "tonne"
            | "tonnes"
            | "ton"
            | "tons"
            | "pound"
            | "pounds"
            | "lb"
            | "lbs"
            | "litre"
            | "litres"
            | "liter"
            | "liters"
            | "gallon"
            | "gallons"
            | "barrel"
            | "barrels"
            | "hectare"
            | "hectares"
            | "acre"
            | "acres"
            | "mw"
            | "gw"
            | "kw"
            | "kwh"
            | "mwh"
            | "bcm"
            | "mph"
            | "kph"
            | "kmh"
            | "degree"
            | "degrees"
            | "second"
            | "seconds"
            | "minute"
            | "minutes"
            | "hour"
            | "hours"
            | "day"
            | "days"
            | "week"
            | "weeks"
            | "month"
            | "months"
            | "year"
            | "years"
            | "decade"
            | "decades"
            | "century"
            | "centuries"
    )
}

/// The plural of a unit word used in a compound adjective, so "a nine-day siege" counts the
/// same thing as "nine days"; other units (km, kg) are written the same either way.
pub(crate) fn unit_plural(w: &str) -> &str {
    match w {
        "second" => "seconds",
        "minute" => "minutes",
        "hour" => "hours",
        "day" => "days",
        "week" => "weeks",
        "month" => "months",
        "year" => "years",
        "decade" => "decades",
        "kilometre" => "kilometres",
        "kilometer" => "kilometers",
        "mile" => "miles",
        "metre" => "metres",
        "meter" => "meters",
        "tonne" => "tonnes",
        "ton" => "tons",
        "storey" => "storeys",
        other => other,
    }
}

/// Words that close a noun phrase: determiners, prepositions, conjunctions, pronouns,
/// auxiliaries and adverbs that cannot be part of what a number counts.
pub(crate) fn is_stop_word(w: &str) -> bool {
    matches!(
        w,
        "a" | "an"
            | "the"
            | "this"
            | "that"
            | "these"
            | "those"
            | "of"
            | "in"
            | "on"
            | "at"
            | "to"
            | "from"
            | "by"
            | "for"
            | "with"
            | "without"
            | "into"
            | "onto"
            | "over"
            | "under"
            | "after"
            | "before"
            | "during"
            | "since"
            | "until"
            | "till"
            | "through"
            | "across"
            | "against"
            | "among"
            | "amid"
            | "between"
            | "near"
            | "around"
            | "about"
            | "per"
            | "via"
            | "within"
            | "and"
            | "or"
            | "but"
            | "nor"
            | "so"
            | "yet"
            | "as"
            | "than"
            | "if"
            | "when"
            | "while"
            | "where"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "what"
            | "it"
            | "its"
            | "they"
            | "them"
            | "their"
            | "he"
            | "she"
            | "his"
            | "her"
            | "we"
            | "our"
            | "you"
            | "your"
            | "i"
            | "my"
            | "me"
            | "us"
            | "him"
            | "not"
            | "no"
            | "also"
            | "only"
            | "just"
            | "still"
            | "already"
            | "later"
            | "earlier"
            | "now"
            | "then"
            | "there"
            | "here"
            | "each"
            | "every"
            | "all"
            | "both"
            | "either"
            | "neither"
            | "most"
            | "less"
            | "least"
            | "another"
            | "such"
            | "too"
            | "very"
            | "out"
            | "up"
            | "down"
            | "off"
            | "away"
            | "back"
            | "ago"
            | "last"
            | "next"
            | "again"
            | "respectively"
            | "apiece"
            | "total"
            | "altogether"
            | "overall"
            | "alone"
            | "according"
            | "including"
            | "times"
            | "percent"
            | "versus"
            | "vs"
            | "plus"
            | "minus"
    ) || is_verb(w)
}

/// Words skipped between a number and its noun: "thousands more civilians", "12 other
/// people" count civilians and people.
pub(crate) fn is_quantity_filler(w: &str) -> bool {
    matches!(w, "more" | "other" | "additional" | "further" | "extra")
}

/// Finite verbs and auxiliaries a bare number stands before ("21 left later", "25 were
/// children"). Regular past forms are recognised by [`looks_like_past_tense`].
pub(crate) fn is_verb(w: &str) -> bool {
    matches!(
        w,
        "is" | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "has"
            | "have"
            | "had"
            | "do"
            | "does"
            | "did"
            | "will"
            | "would"
            | "can"
            | "could"
            | "may"
            | "might"
            | "must"
            | "shall"
            | "should"
            | "left"
            | "leave"
            | "fled"
            | "flee"
            | "died"
            | "die"
            | "went"
            | "go"
            | "came"
            | "come"
            | "remain"
            | "remains"
            | "stay"
            | "ran"
            | "got"
            | "took"
            | "made"
            | "said"
            | "says"
            | "say"
            | "told"
            | "fell"
            | "lost"
            | "won"
            | "saw"
            | "gave"
            | "became"
            | "stood"
            | "held"
            | "kept"
            | "met"
            | "sent"
            | "brought"
            | "began"
            | "ate"
            | "slept"
            | "hid"
            | "caught"
            | "found"
            | "drove"
            | "rode"
            | "flew"
            | "swam"
            | "lay"
            | "sat"
            | "set"
    )
}

/// "evacuated", "killed": a regular past form. "-eed" words (need, speed) are nouns or
/// present forms and short words ("red", "bed") are not verbs.
pub(crate) fn looks_like_past_tense(w: &str) -> bool {
    w.len() >= 5 && w.ends_with("ed") && !w.ends_with("eed")
}

/// Plurals that do not end in "s", and nouns that count people or things without one.
pub(crate) fn is_irregular_plural(w: &str) -> bool {
    matches!(
        w,
        "people"
            | "children"
            | "men"
            | "women"
            | "police"
            | "personnel"
            | "staff"
            | "cattle"
            | "livestock"
            | "aircraft"
            | "spacecraft"
            | "militia"
            | "infantry"
            | "clergy"
            | "sheep"
            | "deer"
            | "fish"
            | "offspring"
            | "feet"
            | "teeth"
            | "mice"
            | "geese"
            | "data"
            | "crew"
            | "ammunition"
    )
}

/// A regular English plural: ends in "s" but not in "ss", "us", "is" or a possessive.
pub(crate) fn looks_plural(w: &str) -> bool {
    w.len() >= 3
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
        && !w.ends_with("'s")
        && !w.ends_with("’s")
}

/// Nouns that count containers or batches of something, so the "of" phrase belongs to what
/// is counted: "Two groups of civilians", "3 tonnes of grain".
pub(crate) fn takes_of_complement(w: &str) -> bool {
    matches!(
        w,
        "group"
            | "groups"
            | "batch"
            | "batches"
            | "busload"
            | "busloads"
            | "truckload"
            | "truckloads"
            | "convoy"
            | "convoys"
            | "column"
            | "columns"
            | "wave"
            | "waves"
            | "round"
            | "rounds"
            | "piece"
            | "pieces"
            | "set"
            | "sets"
            | "sack"
            | "sacks"
            | "bag"
            | "bags"
            | "box"
            | "boxes"
            | "case"
            | "cases"
            | "kind"
            | "kinds"
            | "type"
            | "types"
            | "pair"
            | "pairs"
            | "barrel"
            | "barrels"
            | "tonne"
            | "tonnes"
            | "ton"
            | "tons"
            | "litre"
            | "litres"
            | "liter"
            | "liters"
            | "kilogram"
            | "kilograms"
            | "kg"
            | "shipment"
            | "shipments"
            | "load"
            | "loads"
            | "members"
            | "units"
            | "bottles"
            | "packs"
            | "parcels"
    )
}

/// Nouns for people, so a total of "civilians" can have parts counted as "local residents".
pub(crate) fn counts_people(w: &str) -> bool {
    matches!(
        w,
        "people"
            | "persons"
            | "person"
            | "civilians"
            | "civilian"
            | "residents"
            | "resident"
            | "locals"
            | "citizens"
            | "inhabitants"
            | "evacuees"
            | "refugees"
            | "children"
            | "child"
            | "minors"
            | "kids"
            | "women"
            | "men"
            | "adults"
            | "elderly"
            | "pensioners"
            | "soldiers"
            | "troops"
            | "servicemen"
            | "fighters"
            | "militants"
            | "combatants"
            | "defenders"
            | "marines"
            | "prisoners"
            | "detainees"
            | "hostages"
            | "captives"
            | "casualties"
            | "victims"
            | "wounded"
            | "injured"
            | "dead"
            | "workers"
            | "employees"
            | "staff"
            | "personnel"
            | "patients"
            | "passengers"
            | "journalists"
            | "students"
            | "doctors"
            | "medics"
            | "volunteers"
            | "villagers"
            | "babies"
            | "infants"
            | "girls"
            | "boys"
            | "individuals"
            | "nationals"
            | "foreigners"
            | "migrants"
            | "survivors"
            | "officers"
            | "police"
            | "policemen"
            | "guards"
    )
}

/// Capitalised words before a number that make it a name or a reference, not a quantity:
/// "Article 5", "Resolution 2231", "Flight 17".
pub(crate) fn is_reference_word(w: &str) -> bool {
    matches!(
        w,
        "no" | "nos"
            | "number"
            | "article"
            | "articles"
            | "resolution"
            | "section"
            | "chapter"
            | "paragraph"
            | "clause"
            | "flight"
            | "room"
            | "route"
            | "highway"
            | "road"
            | "street"
            | "protocol"
            | "part"
            | "page"
            | "point"
            | "unit"
            | "brigade"
            | "battalion"
            | "regiment"
            | "division"
            | "corps"
            | "building"
            | "block"
            | "gate"
            | "platform"
            | "line"
            | "phase"
            | "level"
            | "grade"
            | "class"
            | "item"
            | "act"
            | "vol"
            | "volume"
            | "boeing"
            | "airbus"
            | "apollo"
            | "league"
            | "group"
            | "channel"
            | "reactor"
            | "hospital"
            | "school"
            | "plant"
            | "covid"
    )
}

/// Words right after a number that make it a clock time: "5 p.m.", "10 GMT".
pub(crate) fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "am" | "pm" | "gmt" | "utc" | "cet" | "cest" | "msk" | "hrs" | "o'clock" | "o’clock" | "h"
    )
}
