//! Month and weekday names (English, German, French, Spanish, Russian, Ukrainian) and the
//! words that mark a bare month or year as a date. Entries are lower-case; callers compare
//! a lower-cased copy of the word.

use chrono::Weekday;

/// A month name and how safely it can be read as a month on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct MonthName {
    pub month: u32,
    /// Also a common word or name ("May", "March", "August", "mars", "лютого"): a month only
    /// next to a day or a year, or after a word such as "in" or "since".
    pub weak: bool,
    /// An English name, which counts as a month only when capitalised.
    pub english: bool,
    /// "Feb", "Sept": only next to a day or a year.
    pub abbreviation: bool,
}

const fn name(month: u32, weak: bool, english: bool, abbreviation: bool) -> Option<MonthName> {
    Some(MonthName { month, weak, english, abbreviation })
}

pub(crate) fn month(w: &str) -> Option<MonthName> {
    match w {
        "january" => name(1, false, true, false),
        "february" => name(2, false, true, false),
        "march" => name(3, true, true, false),
        "april" => name(4, true, true, false),
        "may" => name(5, true, true, false),
        "june" => name(6, true, true, false),
        "july" => name(7, false, true, false),
        "august" => name(8, true, true, false),
        "september" => name(9, false, true, false),
        "october" => name(10, false, true, false),
        "november" => name(11, false, true, false),
        "december" => name(12, false, true, false),
        "jan" => name(1, true, true, true),
        "feb" => name(2, true, true, true),
        "mar" => name(3, true, true, true),
        "apr" => name(4, true, true, true),
        "jun" => name(6, true, true, true),
        "jul" => name(7, true, true, true),
        "aug" => name(8, true, true, true),
        "sep" | "sept" => name(9, true, true, true),
        "oct" => name(10, true, true, true),
        "nov" => name(11, true, true, true),
        "dec" => name(12, true, true, true),
        _ => foreign_month(w),
    }
}

fn foreign_month(w: &str) -> Option<MonthName> {
    let (month, weak) = match w {
        // German (April, August, September, November are the English words).
        "januar" | "jänner" => (1, false),
        "februar" => (2, false),
        "märz" | "maerz" => (3, false),
        "mai" => (5, true),
        "juni" => (6, true),
        "juli" => (7, true),
        "oktober" => (10, false),
        "dezember" => (12, false),
        // French.
        "janvier" => (1, false),
        "février" | "fevrier" => (2, false),
        "mars" => (3, true),
        "avril" => (4, false),
        "juin" => (6, true),
        "juillet" => (7, false),
        "août" | "aout" => (8, false),
        "septembre" => (9, false),
        "octobre" => (10, false),
        "novembre" => (11, false),
        "décembre" | "decembre" => (12, false),
        // Spanish.
        "enero" => (1, false),
        "febrero" => (2, false),
        "marzo" => (3, false),
        "abril" => (4, false),
        "mayo" => (5, true),
        "junio" => (6, false),
        "julio" => (7, true),
        "agosto" => (8, false),
        "septiembre" | "setiembre" => (9, false),
        "octubre" => (10, false),
        "noviembre" => (11, false),
        "diciembre" => (12, false),
        // Russian: genitive ("30 апреля"), nominative, prepositional ("в апреле").
        "января" | "январь" | "январе" => (1, false),
        "февраля" | "февраль" | "феврале" => (2, false),
        "марта" | "март" | "марте" => (3, false),
        "апреля" | "апрель" | "апреле" => (4, false),
        "мая" | "май" | "мае" => (5, true),
        "июня" | "июнь" | "июне" => (6, false),
        "июля" | "июль" | "июле" => (7, false),
        "августа" | "август" | "августе" => (8, false),
        "сентября" | "сентябрь" | "сентябре" => (9, false),
        "октября" | "октябрь" | "октябре" => (10, false),
        "ноября" | "ноябрь" | "ноябре" => (11, false),
        "декабря" | "декабрь" | "декабре" => (12, false),
        // Ukrainian: genitive, nominative, locative ("у квітні"). "лютого"/"лютий" also mean
        // "fierce".
        "січня" | "січень" | "січні" => (1, false),
        "лютого" | "лютий" | "лютому" => (2, true),
        "березня" | "березень" | "березні" => (3, false),
        "квітня" | "квітень" | "квітні" => (4, false),
        "травня" | "травень" | "травні" => (5, false),
        "червня" | "червень" | "червні" => (6, false),
        "липня" | "липень" | "липні" => (7, false),
        "серпня" | "серпень" | "серпні" => (8, false),
        "вересня" | "вересень" | "вересні" => (9, false),
        "жовтня" | "жовтень" | "жовтні" => (10, false),
        "листопада" | "листопад" | "листопаді" => (11, true),
        "грудня" | "грудень" | "грудні" => (12, false),
        _ => return None,
    };
    name(month, weak, false, false)
}

/// English weekdays (capitalised in text) and their German, French, Spanish, Russian and
/// Ukrainian names, including the accusative after "в"/"у" ("в субботу", "у суботу").
pub(crate) fn weekday(w: &str) -> Option<(Weekday, bool)> {
    use Weekday::*;
    let (day, english) = match w {
        "monday" => (Mon, true),
        "tuesday" => (Tue, true),
        "wednesday" => (Wed, true),
        "thursday" => (Thu, true),
        "friday" => (Fri, true),
        "saturday" => (Sat, true),
        "sunday" => (Sun, true),
        "montag" | "lundi" | "lunes" | "понедельник" | "понеділок" => {
            (Mon, false)
        }
        "dienstag" | "mardi" | "martes" | "вторник" | "вівторок" => (Tue, false),
        "mittwoch" | "mercredi" | "miércoles" | "среду" | "среда" | "середу" | "середа" => {
            (Wed, false)
        }
        "donnerstag" | "jeudi" | "jueves" | "четверг" | "четвер" => (Thu, false),
        "freitag" | "vendredi" | "viernes" | "пятницу" | "пятница" | "п'ятницю" | "п’ятницю" => {
            (Fri, false)
        }
        "samstag" | "samedi" | "sábado" | "субботу" | "суббота" | "суботу" | "субота" => {
            (Sat, false)
        }
        "sonntag" | "dimanche" | "domingo" | "воскресенье" | "неділю" | "неділя" => {
            (Sun, false)
        }
        _ => return None,
    };
    Some((day, english))
}

/// Words before a bare month or year that make it a date: "in February", "since 2014",
/// "in late February", "im März", "en 2014", "в 2014 году".
pub(crate) fn is_date_cue(w: &str) -> bool {
    matches!(
        w,
        "in" | "since"
            | "by"
            | "until"
            | "till"
            | "from"
            | "through"
            | "before"
            | "after"
            | "during"
            | "between"
            | "of"
            | "early"
            | "late"
            | "mid"
            | "year"
            | "spring"
            | "summer"
            | "autumn"
            | "fall"
            | "winter"
            | "last"
            | "next"
            | "this"
            | "im"
            | "seit"
            | "bis"
            | "anfang"
            | "ende"
            | "mitte"
            | "jahr"
            | "en"
            | "depuis"
            | "début"
            | "fin"
            | "desde"
            | "hasta"
            | "finales"
            | "principios"
            | "в"
            | "во"
            | "с"
            | "до"
            | "у"
            | "з"
            | "із"
            | "році"
    )
}

/// Modifiers kept in a month mention's span: "late February", "early March".
pub(crate) fn is_part_of_month(w: &str) -> bool {
    matches!(w, "early" | "late" | "mid")
}

/// Words after a year that mark it as one: "2014 году", "2014 року", "2014 г.".
pub(crate) fn is_year_word_after(w: &str) -> bool {
    matches!(w, "году" | "года" | "год" | "року" | "рік" | "г" | "р" | "рр" | "гг")
}

/// Plausible years for a bare four-digit number.
pub(crate) fn plausible_year(value: u32) -> bool {
    (1800..=2100).contains(&value)
}

/// Days from publication of "yesterday", "today", "tomorrow" and their German, French,
/// Spanish, Russian and Ukrainian words. ("hier" is left out: German "here".)
pub(crate) fn relative_day(w: &str) -> Option<i64> {
    Some(match w {
        "yesterday" | "gestern" | "ayer" | "вчера" | "вчора" => -1,
        "today" | "tonight" | "heute" | "aujourd'hui" | "aujourd’hui" | "hoy" | "сегодня"
        | "сьогодні" => 0,
        "tomorrow" | "mañana" | "demain" | "завтра" => 1,
        _ => return None,
    })
}
