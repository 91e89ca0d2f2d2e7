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
        // Indian English: "1.9 lakh" is 190,000.
        "lakh" | "lakhs" => 1e5,
        "crore" | "crores" => 1e7,
        "millionen" | "mio" | "millions" | "millones" | "миллиона" | "миллионов" | "млн"
        | "мільйона" | "мільйонів" => 1e6,
        "milliarde" | "milliarden" | "mrd" | "milliards" | "млрд" => 1e9,
        "tausend" | "тыс" | "тысяча" | "тысячи" | "тысяч" | "тис" | "тисяча" | "тисячі"
        | "тисяч" => 1e3,
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
