//! Cheap readings of German, French, Spanish, Russian and Ukrainian: the numbers written
//! out in words that news in those languages uses most ("сто", "двадцять тисяч", "сотні",
//! "Hunderte", "des milliers de", "decenas de"), and the noun after a number (German nouns
//! are capitalised; Russian and Ukrainian put an adjective before the noun). No grammar of
//! these languages beyond that: the noun after the number is taken as written.

use super::numbers::NumberRead;
use super::tokens::{Lower, Tok, is_capitalised};

/// A Russian or Ukrainian number word: (value, a scale that multiplies what is before it).
fn slavic_number_word(w: &str) -> Option<(f64, bool)> {
    let value = match w {
        "два" | "две" | "дві" => 2.0,
        "три" => 3.0,
        "четыре" | "чотири" => 4.0,
        "пять" | "п'ять" | "п’ять" => 5.0,
        "шесть" | "шість" => 6.0,
        "семь" | "сім" => 7.0,
        "восемь" | "вісім" => 8.0,
        "девять" | "дев'ять" | "дев’ять" => 9.0,
        "десять" => 10.0,
        "одиннадцать" | "одинадцять" => 11.0,
        "двенадцать" | "дванадцять" => 12.0,
        "пятнадцать" | "п'ятнадцять" | "п’ятнадцять" => 15.0,
        "двадцать" | "двадцять" => 20.0,
        "тридцать" | "тридцять" => 30.0,
        "сорок" => 40.0,
        "пятьдесят" | "п'ятдесят" | "п’ятдесят" => 50.0,
        "шестьдесят" | "шістдесят" => 60.0,
        "семьдесят" | "сімдесят" => 70.0,
        "восемьдесят" | "вісімдесят" => 80.0,
        "девяносто" | "дев'яносто" | "дев’яносто" => 90.0,
        "сто" => 100.0,
        "двести" | "двісті" => 200.0,
        "триста" => 300.0,
        "четыреста" | "чотириста" => 400.0,
        "пятьсот" | "п'ятсот" | "п’ятсот" => 500.0,
        "тысяча" | "тысячи" | "тысяч" | "тисяча" | "тисячі" | "тисяч" =>
        {
            return Some((1e3, true));
        }
        "миллион" | "миллиона" | "миллионов" | "мільйон" | "мільйони" | "мільйонів" =>
        {
            return Some((1e6, true));
        }
        _ => return None,
    };
    Some((value, false))
}

/// An order of magnitude without a number: "сотні", "Tausende"; French and Spanish ones only
/// before "de" ("des milliers de", "miles de"), since "miles" is also English. Returns the
/// value and whether it needs the "de".
fn vague_word(w: &str) -> Option<(f64, bool)> {
    Some(match w {
        "десятки" | "десятков" | "десятків" => (10.0, false),
        "сотни" | "сотен" | "сотні" | "сотень" => (100.0, false),
        "тысячи" | "тисячі" => (1e3, false),
        "миллионы" | "мільйони" => (1e6, false),
        "dutzende" => (12.0, false),
        "hunderte" => (100.0, false),
        "tausende" => (1e3, false),
        "zehntausende" => (1e4, false),
        "hunderttausende" => (1e5, false),
        "dizaines" | "decenas" => (10.0, true),
        "centaines" | "cientos" | "centenares" => (100.0, true),
        "milliers" | "miles" => (1e3, true),
        _ => return None,
    })
}

/// Reads a number written in words of one of these languages at token `i`.
pub(super) fn read_words(sentence: &str, toks: &[Tok], i: usize) -> Option<NumberRead> {
    let text = toks.get(i)?.text(sentence);
    // Every word of a sentence comes here: a look at its first letter and length rules out
    // most before any lower-casing.
    let cyrillic = is_cyrillic(text);
    let may_be_vague = text.len() >= 5
        && text.len() <= 15
        && matches!(
            text.as_bytes()[0].to_ascii_lowercase(),
            b'd' | b'h' | b't' | b'z' | b'c' | b'm'
        );
    if !cyrillic && !may_be_vague {
        return None;
    }
    let word = |k: usize| match toks.get(k) {
        Some(t) if t.is_word() => Lower::new(t.text(sentence)),
        _ => Lower::new(""),
    };
    let first = word(i);
    let de_follows = |k: usize| matches!(word(k + 1).as_str(), "de" | "d'" | "d’");
    let vague_at = |k: usize| {
        let (value, needs_de) = vague_word(word(k).as_str())?;
        (!needs_de || de_follows(k)).then_some(value)
    };
    if let Some(mut value) = vague_at(i) {
        let mut last = i;
        // "десятки тисяч", "decenas de miles", "des dizaines de milliers".
        let (next_at, skip) = if de_follows(i) { (i + 2, 2) } else { (i + 1, 1) };
        if let Some(bigger) = vague_at(next_at)
            .or_else(|| slavic_number_word(word(next_at).as_str()).filter(|s| s.1).map(|s| s.0))
            && bigger > value
        {
            value *= bigger;
            last += skip;
        }
        return Some(NumberRead::vague(i, last, value));
    }
    let (mut current, scale) = slavic_number_word(first.as_str())?;
    if scale {
        return None;
    }
    let mut total = 0.0;
    let mut last = i;
    let mut k = i + 1;
    while let Some((value, scale)) = slavic_number_word(word(k).as_str()) {
        let room = if current > 0.0 { current } else { total };
        if scale && value > current && (total == 0.0 || value < total) {
            total += current.max(1.0) * value;
            current = 0.0;
        } else if !scale && value < room {
            // "двадцять п'ять", "сто двадцять", "дві тисячі сто": smaller parts add.
            current += value;
        } else {
            break;
        }
        last = k;
        k += 1;
    }
    Some(NumberRead::plain(i, last, total + current))
}

pub(super) fn is_latin_letter(c: char) -> bool {
    matches!(c, '\u{00c0}'..='\u{024f}')
}

fn is_cyrillic(word: &str) -> bool {
    word.chars().next().is_some_and(|c| matches!(c, '\u{0400}'..='\u{04ff}'))
}

/// Russian and Ukrainian adjective endings of the plural and of the case numbers govern
/// ("мирных жителей", "тяжелораненые"): an adjective before its noun.
fn looks_like_slavic_adjective(w: &str) -> bool {
    ["ых", "их", "ые", "ие", "ий", "ый", "ой", "ая", "і"].iter().any(|e| w.ends_with(e))
        && w.chars().count() > 3
}

/// Words that end a Russian or Ukrainian noun phrase: prepositions, conjunctions, adverbs.
fn is_slavic_stop_word(w: &str) -> bool {
    matches!(
        w,
        "и" | "і"
            | "й"
            | "та"
            | "а"
            | "но"
            | "або"
            | "или"
            | "в"
            | "у"
            | "во"
            | "на"
            | "с"
            | "со"
            | "з"
            | "із"
            | "зі"
            | "из"
            | "от"
            | "від"
            | "до"
            | "по"
            | "за"
            | "для"
            | "при"
            | "під"
            | "под"
            | "над"
            | "про"
            | "о"
            | "об"
            | "разом"
            | "вместе"
            | "що"
            | "что"
            | "які"
            | "которые"
            | "який"
            | "также"
            | "також"
            | "ще"
            | "еще"
            | "ещё"
            | "уже"
            | "вже"
            | "не"
            | "ні"
            | "нет"
            | "були"
            | "было"
            | "были"
            | "є"
            | "есть"
            | "серед"
            | "среди"
            | "після"
            | "после"
            | "через"
            | "протягом"
    )
}

/// Russian and Ukrainian verb endings ("прямують", "сдались", "залишили").
fn looks_like_slavic_verb(w: &str) -> bool {
    ["ють", "ют", "ят", "ать", "ять", "ить", "ться", "тся", "лись", "лися", "ли", "ло"]
        .iter()
        .any(|e| w.ends_with(e))
        && w.chars().count() > 4
}

/// A noun after a number in a script other than Latin: the noun, with the adjective before
/// it in Russian and Ukrainian ("мирных жителей"); no plural test.
pub(super) fn other_script_phrase(
    sentence: &str,
    toks: &[Tok],
    k: usize,
) -> Option<(usize, usize)> {
    let text = toks[k].text(sentence);
    if !is_cyrillic(text) {
        return Some((k, k));
    }
    let w = Lower::new(text);
    if is_slavic_stop_word(w.as_str()) || looks_like_slavic_verb(w.as_str()) {
        return None;
    }
    if looks_like_slavic_adjective(w.as_str())
        && let Some(next) = toks.get(k + 1).filter(|t| t.is_word() && is_cyrillic(t.text(sentence)))
    {
        let n = Lower::new(next.text(sentence));
        if !is_slavic_stop_word(n.as_str()) && !looks_like_slavic_verb(n.as_str()) {
            return Some((k, k + 1));
        }
    }
    Some((k, k))
}

/// German stop words between a number and its noun.
fn is_german_stop_word(w: &str) -> bool {
    matches!(
        w,
        "und"
            | "oder"
            | "die"
            | "der"
            | "das"
            | "den"
            | "dem"
            | "des"
            | "von"
            | "mit"
            | "aus"
            | "in"
            | "im"
            | "am"
            | "an"
            | "auf"
            | "zu"
            | "bei"
            | "nach"
            | "vor"
            | "für"
            | "ist"
            | "sind"
            | "war"
            | "waren"
            | "wurde"
            | "wurden"
            | "haben"
            | "hat"
            | "sich"
            | "nicht"
            | "noch"
            | "mehr"
            | "als"
            | "wie"
            | "bis"
            | "um"
            | "pro"
            | "je"
    )
}

/// German nouns are capitalised: the phrase runs over lower-case adjectives to the first
/// capitalised word ("20.000 getöteten Zivilisten").
pub(super) fn german_phrase(sentence: &str, toks: &[Tok], k: usize) -> Option<(usize, usize)> {
    for (j, t) in toks.iter().enumerate().skip(k).take(4) {
        if !t.is_word() {
            return None;
        }
        let text = t.text(sentence);
        if is_capitalised(text) {
            return Some((k, j));
        }
        if is_german_stop_word(Lower::new(text).as_str()) {
            return None;
        }
    }
    None
}

/// True when the sentence reads as German: two of its words are German function words
/// that English does not use.
pub(crate) fn reads_as_german(sentence: &str, toks: &[Tok]) -> bool {
    let mut hits = 0;
    // The function words are two to five letters, "über" and "für" a byte more.
    let short = |t: &&Tok| t.is_word() && (2..=6).contains(&(t.byte_end - t.byte_start));
    for t in toks.iter().filter(short) {
        let w = Lower::new(t.text(sentence));
        if matches!(
            w.as_str(),
            "der"
                | "das"
                | "und"
                | "nicht"
                | "von"
                | "mit"
                | "sich"
                | "wurde"
                | "wurden"
                | "ist"
                | "sind"
                | "zu"
                | "im"
                | "auf"
                | "eine"
                | "einem"
                | "einen"
                | "dem"
                | "des"
                | "ein"
                | "nach"
                | "bei"
                | "hat"
                | "haben"
                | "vom"
                | "zum"
                | "zur"
                | "noch"
                | "auch"
                | "vor"
                | "für"
                | "über"
                | "dass"
                | "wird"
                | "werden"
                | "einer"
                | "eines"
                | "nur"
                | "seit"
                | "gegen"
                | "laut"
                | "rund"
                | "etwa"
                | "mehr"
                | "als"
        ) {
            hits += 1;
            if hits == 2 {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::counts::{Lead, Style, read};
    use super::super::tokens::tokenize;
    use super::*;

    fn counts(s: &str, k: usize) -> Option<String> {
        counts_with(s, k, true, false)
    }

    fn counts_with(s: &str, k: usize, singular_ok: bool, german: bool) -> Option<String> {
        let toks = tokenize(s);
        read(s, &toks, k, Lead::Direct, Style { singular_ok, german }).map(|c| c.text)
    }

    fn number(s: &str) -> Option<(f64, bool, usize)> {
        read_words(s, &tokenize(s), 0).map(|r| (r.value, r.vague, r.last))
    }

    #[test]
    fn slavic_numbers_in_words() {
        assert_eq!(number("сто пасажирів"), Some((100.0, false, 0)));
        assert_eq!(number("двадцять тисяч мешканців"), Some((20_000.0, false, 1)));
        assert_eq!(number("триста сорок два"), Some((342.0, false, 2)));
        assert_eq!(number("две тысячи"), Some((2000.0, false, 1)));
        assert_eq!(number("дві доби"), Some((2.0, false, 0)));
        assert_eq!(number("тисячі людей"), Some((1000.0, true, 0)));
        assert_eq!(number("десятки тысяч"), Some((10_000.0, true, 1)));
        assert_eq!(number("тысяч"), None);
        assert_eq!(number("доби"), None);
    }

    #[test]
    fn vague_magnitudes_in_other_languages() {
        assert_eq!(number("Hunderte Menschen"), Some((100.0, true, 0)));
        assert_eq!(number("milliers de manifestants"), Some((1000.0, true, 0)));
        assert_eq!(number("decenas de miles de personas"), Some((10_000.0, true, 2)));
        // English "miles" is a unit, not a Spanish thousand.
        assert_eq!(number("miles away"), None);
    }

    fn figures(s: &str) -> Vec<(f64, Option<String>)> {
        super::super::extract(s).into_iter().map(|f| (f.value, f.counts)).collect()
    }

    #[test]
    fn whole_sentences_in_other_languages() {
        assert_eq!(
            figures("Des milliers de manifestants ont défilé samedi."),
            [(1000.0, Some("manifestants".to_string()))]
        );
        assert_eq!(
            figures("Понад триста пасажирів чекали на вокзалі."),
            [(300.0, Some("пасажирів".to_string()))]
        );
        assert_eq!(
            figures("Bei dem Unfall wurden rund 40 Menschen verletzt."),
            [(40.0, Some("menschen".to_string()))]
        );
        assert_eq!(figures("He walked for miles and miles."), []);
    }

    #[test]
    fn german_nouns_are_capitalised() {
        let s = "mehr als 300 verletzte Menschen im Krankenhaus";
        assert_eq!(counts_with(s, 3, false, true).as_deref(), Some("verletzte menschen"));
        assert_eq!(counts_with("rund 70 Soldaten.", 2, false, true).as_deref(), Some("soldaten"));
        assert_eq!(counts_with("seit 12 und mehr", 2, false, true), None);
        let toks = tokenize("Die Polizei hat in der Stadt 70 Menschen festgenommen.");
        assert!(reads_as_german("Die Polizei hat in der Stadt 70 Menschen festgenommen.", &toks));
        let english = "The die was cast in Hamburg as 70 people left.";
        assert!(!reads_as_german(english, &tokenize(english)));
    }

    #[test]
    fn russian_and_ukrainian_nouns_with_their_adjective() {
        assert_eq!(counts("120 пассажиров прибыли", 1).as_deref(), Some("пассажиров"));
        assert_eq!(counts("300 раненых бойцов", 1).as_deref(), Some("раненых бойцов"));
        assert_eq!(counts("40 поранених разом із", 1).as_deref(), Some("поранених"));
        assert_eq!(counts("40 залишили", 1), None);
    }
}
