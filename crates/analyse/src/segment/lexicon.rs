//! Per-language word lists: abbreviations by what they can do before a period, and words
//! that commonly start a sentence.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Lang {
    En,
    De,
    Fr,
    Es,
    Ru,
    Uk,
    Other,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Rules {
    pub(super) lang: Lang,
    /// "3. Oktober": a short number followed by a period is an ordinal.
    pub(super) ordinals: bool,
}

impl Rules {
    pub(super) fn for_language(language: Option<&str>) -> Rules {
        let primary = language
            .and_then(|l| l.trim().split(['-', '_']).next())
            .map(|p| p.to_ascii_lowercase())
            .unwrap_or_default();
        let lang = match primary.as_str() {
            "" | "en" | "eng" => Lang::En,
            "de" | "deu" | "ger" => Lang::De,
            "fr" | "fra" | "fre" => Lang::Fr,
            "es" | "spa" => Lang::Es,
            "ru" | "rus" => Lang::Ru,
            "uk" | "ukr" => Lang::Uk,
            _ => Lang::Other,
        };
        let ordinals = matches!(
            primary.as_str(),
            "de" | "deu"
                | "ger"
                | "da"
                | "no"
                | "nb"
                | "nn"
                | "fi"
                | "cs"
                | "sk"
                | "hu"
                | "sl"
                | "hr"
                | "sr"
                | "bs"
                | "et"
                | "lv"
                | "is"
                | "tr"
        );
        Rules { lang, ordinals }
    }

    pub(super) fn classify(&self, token: &str) -> Option<Class> {
        let mut buf = [0u8; 48];
        let lower = lowercase_into(token, &mut buf)?;
        let capital = token.chars().next().is_some_and(char::is_uppercase);
        let class =
            english_case_sensitive(token).or_else(|| english(lower)).or_else(|| {
                match self.lang {
                    Lang::De => german(lower),
                    Lang::Fr => french(lower),
                    Lang::Es => spanish(lower),
                    Lang::Ru => russian(lower),
                    Lang::Uk => ukrainian(lower),
                    Lang::En | Lang::Other => None,
                }
            })?;
        // "dr." or "gen." in lower case is not a title in front of a name.
        Some(if class == Class::Title && !capital { Class::Ambiguous } else { class })
    }

    pub(super) fn is_starter(&self, word: &str) -> bool {
        let mut buf = [0u8; 48];
        let Some(lower) = lowercase_into(word, &mut buf) else { return false };
        english_starter(lower)
            || matches!(english(lower), Some(Class::Title))
            || match self.lang {
                Lang::De => german_starter(lower) || german(lower) == Some(Class::Title),
                Lang::Fr => french_starter(lower) || french(lower) == Some(Class::Title),
                Lang::Es => spanish_starter(lower) || spanish(lower) == Some(Class::Title),
                Lang::Ru => russian_starter(lower),
                Lang::Uk => ukrainian_starter(lower),
                Lang::En | Lang::Other => false,
            }
    }
}

/// What a word followed by a period can be.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Class {
    /// Stands before a name: never ends a sentence before a capital ("Dr. Smith").
    Title,
    /// Abbreviation that can also end a sentence: ends one only before a sentence starter.
    Ambiguous,
    /// Stands before a number ("No. 5", "p. 55"): never ends a sentence before a digit.
    Numeric,
    /// Never ends a sentence ("e.g.", "vs.").
    Never,
}

pub(super) fn english(w: &str) -> Option<Class> {
    use Class::*;
    Some(match w {
        "mr" | "mrs" | "ms" | "messrs" | "mmes" | "dr" | "drs" | "prof" | "profs" | "gen"
        | "gens" | "sen" | "sens" | "rep" | "reps" | "gov" | "govs" | "lt" | "col" | "capt"
        | "cpt" | "sgt" | "maj" | "adm" | "cmdr" | "cdr" | "cpl" | "pvt" | "pfc" | "rev"
        | "revd" | "hon" | "pres" | "supt" | "det" | "insp" | "brig" | "atty" | "amb" | "mt"
        | "ft" | "st" | "ste" | "msgr" | "fr" | "lieut" | "comdr" => Title,
        "e.g" | "i.e" | "vs" | "v" | "cf" | "viz" | "ibid" => Never,
        // Months and weekdays stand before a day or a year; before a capital they end the
        // sentence ("… in Nov. Analysts expect …").
        "no" | "nos" | "nr" | "n°" | "nº" | "fig" | "figs" | "vol" | "vols" | "p" | "pp" | "pg"
        | "para" | "paras" | "art" | "arts" | "sec" | "secs" | "ch" | "chap" | "ca" | "c"
        | "approx" | "tel" | "ext" | "ph" | "op" | "pt" | "pts" | "ed" | "eds" | "ref" | "refs"
        | "ex" | "tab" | "suppl" | "ver" | "rte" | "hwy" | "apt" | "jan" | "feb" | "mar"
        | "apr" | "jun" | "jul" | "aug" | "sep" | "sept" | "oct" | "nov" | "dec" | "mon"
        | "tue" | "tues" | "wed" | "thu" | "thur" | "thurs" | "fri" | "sat" | "sun" => Numeric,
        "co" | "corp" | "inc" | "ltd" | "llc" | "plc" | "bros" | "jr" | "sr" | "esq" | "al"
        | "dept" | "div" | "univ" | "assn" | "ave" | "blvd" | "rd" | "ln" | "sq" | "mfg"
        | "intl" | "natl" | "govt" | "est" | "cont" | "misc" | "lbs" | "oz" | "yrs" | "hrs"
        | "mins" | "mph" | "pct" | "dist" | "cty" | "twp" | "mtn" | "pkwy" | "ctr" => Ambiguous,
        _ => return None,
    })
}

/// US states, Canadian provinces and a few others, only as written with a capital (AP style:
/// "ST. LOUIS, Mo. (AP) —"); in lower case most are words ("ill", "mass", "wash").
pub(super) fn english_case_sensitive(w: &str) -> Option<Class> {
    match w {
        "Ala" | "Ariz" | "Ark" | "Calif" | "Colo" | "Conn" | "Del" | "Fla" | "Ga" | "Ill"
        | "Ind" | "Kan" | "Kans" | "Ky" | "La" | "Md" | "Mass" | "Mich" | "Minn" | "Miss"
        | "Mo" | "Mont" | "Neb" | "Nev" | "Okla" | "Ore" | "Pa" | "Penn" | "Tenn" | "Tex"
        | "Vt" | "Va" | "Wash" | "Wis" | "Wyo" | "Ont" | "Que" | "Alta" | "Sask" | "Man"
        | "Nfld" | "Aust" | "Eng" => Some(Class::Ambiguous),
        _ => None,
    }
}

pub(super) fn german(w: &str) -> Option<Class> {
    use Class::*;
    Some(match w {
        "hr" | "hrn" | "frau" | "dr" | "prof" | "st" | "dipl" | "ing" | "mag" => Title,
        "z.b" | "bzw" | "vgl" | "sog" | "ggf" | "evtl" | "inkl" | "zzgl" | "u.a" | "d.h"
        | "z.t" | "u.u" | "o.ä" | "i.d.r" | "v.a" | "s.o" | "s.u" => Never,
        "nr" | "abs" | "art" | "bd" | "s" | "ca" | "tel" | "ziff" | "kap" | "lfd" => Numeric,
        "usw" | "mio" | "mrd" | "jh" | "jhd" | "str" | "tsd" | "bzgl" | "gem" | "jan" | "feb"
        | "mär" | "apr" | "jun" | "jul" | "aug" | "sep" | "sept" | "okt" | "nov" | "dez" | "mo"
        | "di" | "mi" | "do" | "fr" | "sa" | "so" | "u.s.w" | "uvm" | "u.v.m" | "gmbh" | "abk"
        | "allg" | "bspw" | "ehem" | "eigtl" | "gegr" | "geb" | "gest" => Ambiguous,
        _ => return None,
    })
}

pub(super) fn french(w: &str) -> Option<Class> {
    use Class::*;
    Some(match w {
        "mm" | "mme" | "mmes" | "mlle" | "mlles" | "dr" | "pr" | "me" | "mgr" | "st" | "ste"
        | "gén" | "col" | "cdt" | "lt" | "sgt" => Title,
        "cf" | "c.-à-d" | "c.à.d" | "p.ex" | "vs" => Never,
        "n°" | "no" | "p" | "pp" | "art" | "vol" | "chap" | "t" | "éd" | "fig" | "tél" => {
            Numeric
        }
        "av" | "bd" | "boul" | "env" | "janv" | "févr" | "fév" | "avr" | "juil" | "sept"
        | "oct" | "nov" | "déc" | "hab" | "ex" | "min" | "max" | "qqch" | "qqn" | "apr"
        | "j.-c" | "cie" | "mds" | "md" => Ambiguous,
        _ => return None,
    })
}

pub(super) fn spanish(w: &str) -> Option<Class> {
    use Class::*;
    Some(match w {
        "sr" | "sra" | "srta" | "sres" | "sras" | "dr" | "dra" | "lic" | "ing" | "arq" | "d"
        | "dña" | "ud" | "uds" | "vd" | "vds" | "prof" | "profa" | "gral" | "excmo" | "excma"
        | "sto" | "sta" | "mons" | "fray" | "pdte" | "pdta" => Title,
        "p.ej" | "vs" | "cf" | "ee" => Never,
        "núm" | "n°" | "nº" | "pág" | "págs" | "art" | "cap" | "vol" | "tel" | "aprox" | "no"
        | "p" | "pp" => Numeric,
        "ene" | "feb" | "mar" | "abr" | "may" | "jun" | "jul" | "ago" | "sep" | "sept" | "oct"
        | "nov" | "dic" | "cía" | "ltda" | "avda" | "av" | "uu" | "dpto" | "depto" | "admón"
        | "s.a" | "s.l" | "ee.uu" | "hnos" => Ambiguous,
        _ => return None,
    })
}

pub(super) fn russian(w: &str) -> Option<Class> {
    use Class::*;
    Some(match w {
        "ул" | "пр" | "просп" | "пер" | "пл" | "им" | "акад" | "проф" | "тов" | "г-н" | "г-жа"
        | "наб" | "бул" | "пос" | "дер" | "св" | "ген" => Title,
        "см" | "напр" | "т.е" | "т.к" | "т.н" | "и.о" | "вр.и.о" => Never,
        "стр" | "с" | "т" | "рис" | "ст" | "п" | "ч" | "гл" | "д" | "кв" | "корп" | "табл"
        | "илл" | "№" => Numeric,
        "г" | "гг" | "в" | "вв" | "т.д" | "т.п" | "др" | "млн" | "млрд" | "тыс" | "руб" | "коп"
        | "долл" | "обл" | "р-н" | "н.э" | "мин" | "сек" | "км" | "кг" | "янв" | "фев" | "февр"
        | "мар" | "апр" | "авг" | "сент" | "окт" | "нояб" | "дек" | "пр-т" => {
            Ambiguous
        }
        _ => return None,
    })
}

pub(super) fn ukrainian(w: &str) -> Option<Class> {
    use Class::*;
    Some(match w {
        "вул" | "пров" | "просп" | "пл" | "м" | "смт" | "ім" | "акад" | "проф" | "бульв"
        | "наб" | "св" | "ген" | "пан" | "пані" => Title,
        "див" | "напр" | "т.зв" | "тобто" | "в.о" => Never,
        "ст" | "с" | "п" | "ч" | "рис" | "табл" | "т" | "буд" | "кв" | "№" => {
            Numeric
        }
        "р" | "рр" | "тис" | "млн" | "млрд" | "грн" | "коп" | "дол" | "т.д" | "т.п" | "обл"
        | "р-н" | "н.е" | "др" | "хв" | "км" | "кг" | "січ" | "лют" | "бер" | "квіт" | "трав"
        | "черв" | "лип" | "серп" | "вер" | "жовт" | "лист" | "груд" => {
            Ambiguous
        }
        _ => return None,
    })
}

pub(super) fn english_starter(w: &str) -> bool {
    EN_STARTERS.contains(&w)
}

#[rustfmt::skip]
pub(super) const EN_STARTERS: &[&str] = &[
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those",
    "there", "here", "his", "her", "its", "their", "our", "my", "your", "but", "and", "or", "so",
    "yet", "however", "meanwhile", "moreover", "furthermore", "also", "in", "on", "at", "for",
    "from", "with", "without", "after", "before", "when", "while", "if", "as", "since", "although",
    "though", "because", "during", "today", "yesterday", "tomorrow", "now", "then", "still", "some",
    "many", "most", "all", "no", "not", "none", "one", "what", "who", "why", "how", "where",
    "which", "whose", "according", "last", "next", "earlier", "later", "another", "both", "each",
    "every", "such", "only", "even", "despite", "under", "over", "by", "to", "unlike", "among",
    "instead", "thus", "therefore", "nevertheless", "nonetheless", "indeed", "finally", "first",
    "second", "third", "further", "officials", "image", "photo", "video", "audio", "source",
    "sources", "credit", "reporting", "editing", "update", "is", "are", "was", "were", "do", "does",
    "did", "can", "will", "would", "should", "could", "has", "have", "had",
];

pub(super) fn german_starter(w: &str) -> bool {
    DE_STARTERS.contains(&w)
}

#[rustfmt::skip]
pub(super) const DE_STARTERS: &[&str] = &[
    "der", "die", "das", "ein", "eine", "er", "sie", "es", "wir", "ich", "man", "aber", "auch",
    "doch", "dann", "so", "im", "am", "in", "nach", "bei", "mit", "zudem", "dies", "diese",
    "dieser", "dieses", "nun", "jetzt", "heute", "seit", "als", "wie", "was", "wer", "warum",
    "denn", "und", "oder", "laut", "zum", "zur", "vor", "für", "bis", "um", "damit", "daher",
    "deshalb", "allerdings", "außerdem", "trotzdem", "wenn", "weil", "obwohl",
];

pub(super) fn french_starter(w: &str) -> bool {
    FR_STARTERS.contains(&w)
}

#[rustfmt::skip]
pub(super) const FR_STARTERS: &[&str] = &[
    "le", "la", "les", "l", "il", "elle", "ils", "elles", "un", "une", "des", "mais", "et", "ce",
    "cette", "ces", "en", "dans", "selon", "pour", "nous", "on", "je", "depuis", "c", "d", "si",
    "pourtant", "cependant", "alors", "après", "avant", "par", "au", "aux", "du", "lors", "ainsi",
    "enfin", "puis", "quand", "comme",
];

pub(super) fn spanish_starter(w: &str) -> bool {
    ES_STARTERS.contains(&w)
}

#[rustfmt::skip]
pub(super) const ES_STARTERS: &[&str] = &[
    "el", "la", "los", "las", "un", "una", "unos", "unas", "pero", "y", "en", "según", "este",
    "esta", "estos", "estas", "esto", "por", "para", "con", "sin", "ella", "él", "ellos", "es",
    "hay", "no", "también", "además", "así", "lo", "al", "se", "su", "sus", "yo", "nosotros",
    "desde", "tras", "cuando", "como", "si", "aunque", "mientras", "luego",
];

pub(super) fn russian_starter(w: &str) -> bool {
    RU_STARTERS.contains(&w)
}

#[rustfmt::skip]
pub(super) const RU_STARTERS: &[&str] = &[
    "в", "во", "на", "он", "она", "они", "оно", "это", "этот", "эта", "эти", "но", "и", "а", "по",
    "как", "так", "однако", "также", "мы", "я", "при", "после", "до", "для", "ранее", "сейчас",
    "кроме", "с", "со", "из", "за", "у", "к", "о", "об", "что", "когда", "если", "хотя", "уже",
    "все", "его", "ее", "её", "их", "тем", "между", "затем", "поэтому",
];

pub(super) fn ukrainian_starter(w: &str) -> bool {
    UK_STARTERS.contains(&w)
}

#[rustfmt::skip]
pub(super) const UK_STARTERS: &[&str] = &[
    "в", "у", "на", "він", "вона", "вони", "воно", "це", "цей", "ця", "ці", "але", "і", "й", "та",
    "а", "за", "як", "також", "проте", "однак", "ми", "я", "після", "раніше", "зараз", "крім",
    "при", "до", "для", "з", "із", "зі", "що", "коли", "якщо", "хоча", "вже", "його", "її", "їх",
    "по", "від", "тому", "потім",
];

/// Words that open a sentence and practically never follow an initial in a name.
pub(super) fn is_strong_starter(w: &str) -> bool {
    STRONG_STARTERS.contains(&w)
}

#[rustfmt::skip]
pub(super) const STRONG_STARTERS: &[&str] = &[
    "The", "He", "She", "It", "They", "We", "This", "These", "Those", "There", "But", "However",
    "His", "Her", "Its", "Their", "Our", "In", "On", "At", "After", "When", "While", "If", "As",
    "An", "Meanwhile", "According", "Yesterday", "Today",
];

/// Prepositions that open a phrase too short to be a sentence ("At 5 a.m.").
pub(super) fn is_fragment_preposition(w: &str) -> bool {
    FRAGMENT_PREPOSITIONS.contains(&w)
}

#[rustfmt::skip]
pub(super) const FRAGMENT_PREPOSITIONS: &[&str] = &[
    "at", "by", "on", "in", "until", "till", "before", "after", "from", "around", "since", "about",
    "near", "for", "to", "circa", "between",
];

/// Lower-cases `s` into `buf`; `None` when it does not fit.
pub(super) fn lowercase_into<'b>(s: &str, buf: &'b mut [u8; 48]) -> Option<&'b str> {
    let mut n = 0;
    for c in s.chars() {
        for l in c.to_lowercase() {
            let len = l.len_utf8();
            if n + len > buf.len() {
                return None;
            }
            l.encode_utf8(&mut buf[n..]);
            n += len;
        }
    }
    std::str::from_utf8(&buf[..n]).ok()
}
