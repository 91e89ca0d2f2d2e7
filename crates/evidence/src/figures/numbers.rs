//! Reading one number where a token starts: digits in English, German, French or Spanish
//! style, written-out English numbers, multipliers ("1.2 million", "3.5bn"), vague
//! magnitudes ("dozens", "a few thousand", "hundreds of thousands") and measure adjectives
//! ("nine-day", "10-km").

use super::foreign;
use super::lexicon::{
    NumberWord, digit_multiplier, is_measure_unit, is_ordinal_suffix, number_word, unit_plural,
    vague_plural,
};
use super::tokens::{Kind, Lower, Tok};

/// A number read from tokens `first..=last`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct NumberRead {
    pub first: usize,
    pub last: usize,
    pub value: f64,
    /// An order of magnitude ("thousands"), not a number.
    pub vague: bool,
    /// The number is an adjective with a unit ("nine-day", "10-km"); the unit as counted.
    pub compound_unit: Option<String>,
    /// The lone word "one", a figure only when a noun follows ("one soldier").
    pub bare_one: bool,
}

impl NumberRead {
    pub(super) fn plain(first: usize, last: usize, value: f64) -> NumberRead {
        NumberRead { first, last, value, vague: false, compound_unit: None, bare_one: false }
    }

    pub(super) fn vague(first: usize, last: usize, value: f64) -> NumberRead {
        NumberRead { first, last, value, vague: true, compound_unit: None, bare_one: false }
    }
}

/// Reads the value of a digit run as written, deciding what `.` and `,` mean: a separator
/// followed by exactly three digits groups thousands ("1,200", German "1.200", "1.200.000"),
/// otherwise it marks decimals ("1.2", "3,5"); with both, the last one is the decimal mark.
/// A single dot before three digits is a decimal point when a multiplier follows
/// ("1.250 million").
pub(crate) fn parse_digits(raw: &str, multiplier_follows: bool) -> Option<f64> {
    let bytes = raw.as_bytes();
    if bytes.is_empty() || bytes.len() > 40 {
        return None;
    }
    let commas = bytes.iter().filter(|&&b| b == b',').count();
    let dots = bytes.iter().filter(|&&b| b == b'.').count();
    let last_sep = bytes.iter().rposition(|&b| b == b',' || b == b'.');
    let decimal_at = match (commas, dots) {
        (0, 0) => None,
        (_, 0) | (0, _) => {
            let sep = if commas > 0 { b',' } else { b'.' };
            let count = commas + dots;
            if thousands_groups_valid(bytes, sep) {
                let lone_dot_decimal = sep == b'.' && count == 1 && multiplier_follows;
                let leading_zero = bytes[0] == b'0';
                if lone_dot_decimal || leading_zero { last_sep } else { None }
            } else if count == 1 {
                last_sep
            } else {
                return None;
            }
        }
        _ => {
            let decimal = last_sep?;
            let grouping = if bytes[decimal] == b',' { b'.' } else { b',' };
            let mixed = bytes[..decimal].contains(&bytes[decimal]);
            if mixed || !thousands_groups_valid(&bytes[..decimal], grouping) {
                return None;
            }
            Some(decimal)
        }
    };
    let mut buf = [0u8; 40];
    let mut len = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            buf[len] = b;
            len += 1;
        } else if Some(i) == decimal_at {
            buf[len] = b'.';
            len += 1;
        }
    }
    std::str::from_utf8(&buf[..len]).ok()?.parse().ok()
}

/// True when `bytes` is 1–3 digits followed by groups of exactly three after each `sep`
/// (and there is at least one `sep`).
fn thousands_groups_valid(bytes: &[u8], sep: u8) -> bool {
    let mut groups = bytes.split(|&b| b == sep);
    let first = groups.next().unwrap_or(&[]);
    let mut any = false;
    for group in groups {
        if group.len() != 3 || !group.iter().all(u8::is_ascii_digit) {
            return false;
        }
        any = true;
    }
    any && (1..=3).contains(&first.len()) && first.iter().all(u8::is_ascii_digit)
}

fn is_plain_group(raw: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_digit())
}

/// One separator character of a space-grouped number ("1 200", "1 200" with a no-break or
/// thin space).
fn is_group_space(gap: &str) -> bool {
    matches!(gap, " " | "\u{a0}" | "\u{2009}" | "\u{202f}")
}

/// Reads a number starting at token `i`, or `None` when none starts there (or what starts
/// there is an ordinal, an identifier or a compound that counts nothing).
pub(crate) fn read(sentence: &str, toks: &[Tok], i: usize) -> Option<NumberRead> {
    match toks.get(i)?.kind {
        Kind::Digits => read_digits(sentence, toks, i),
        Kind::Word => read_words(sentence, toks, i),
        Kind::Punct(_) => None,
    }
}

fn read_digits(sentence: &str, toks: &[Tok], i: usize) -> Option<NumberRead> {
    let raw = toks[i].text(sentence);
    let mut last = i;
    // "1 200 000": groups of three after single spaces, from a plain first group.
    let mut grouped: Option<f64> = None;
    if is_plain_group(raw, 1, 3) {
        let mut value: f64 = raw.parse().ok()?;
        while let Some(next) = toks.get(last + 1) {
            let gap = &sentence[toks[last].byte_end..next.byte_start];
            if next.is_digits() && is_group_space(gap) && is_plain_group(next.text(sentence), 3, 3)
            {
                // A year or a day does not continue a number ("On April 30 250 people").
                let glued_after = toks.get(last + 2).is_some_and(|t| !t.spaced && t.is_digits());
                if glued_after {
                    break;
                }
                value = value * 1000.0 + next.text(sentence).parse::<f64>().ok()?;
                last += 1;
            } else {
                break;
            }
        }
        if last > i {
            grouped = Some(value);
        }
    }
    let next = toks.get(last + 1);
    let next_word = next.filter(|t| t.is_word()).map(|t| Lower::new(t.text(sentence)));
    let glued_word = next.is_some_and(|t| !t.spaced && t.is_word());
    let multiplier = next_word.as_ref().and_then(|w| digit_multiplier(w.as_str(), glued_word));
    let mut value = match grouped {
        Some(v) => v,
        None => parse_digits(raw, multiplier.is_some())?,
    };
    if glued_word {
        let suffix = next_word.as_ref().map(Lower::as_str).unwrap_or("");
        if is_ordinal_suffix(suffix) || next.is_some_and(|t| !t.text(sentence).is_ascii()) {
            return None;
        }
        if multiplier.is_none() && !is_measure_unit(suffix) && suffix != "percent" {
            // "5G", "4x4", "T72": an identifier.
            return None;
        }
    }
    if let Some(m) = multiplier {
        value *= m;
        last += 1;
    }
    let mut read = NumberRead::plain(i, last, value);
    // "10-day", "25-year-old", "10-km": an adjective with a unit.
    if let (Some(dash), Some(word)) = (toks.get(last + 1), toks.get(last + 2))
        && dash.is_punct('-')
        && !dash.spaced
        && !word.spaced
        && word.is_word()
        && !Lower::new(word.text(sentence)).as_str().starts_with("plus")
    {
        let unit = compound_unit(word.text(sentence))?;
        read.compound_unit = Some(unit);
        read.last = last + 2;
    }
    Some(read)
}

/// The unit of a measure adjective's tail ("day" → "days", "year-old" → "years old"), or
/// `None` when the tail is not a unit ("point" in "12-point plan").
fn compound_unit(tail: &str) -> Option<String> {
    let lower = Lower::new(tail);
    let mut parts = lower.as_str().split(['-', '\u{2011}']);
    let unit = parts.next()?;
    if !is_measure_unit(unit) || unit == "m" {
        return None;
    }
    let plural = unit_plural(unit);
    match (parts.next(), parts.next()) {
        (None, _) => Some(plural.to_string()),
        (Some("old"), None) => Some(format!("{plural} old")),
        _ => None,
    }
}

/// Up to this many word parts are looked at for one written-out number.
const MAX_ATOMS: usize = 12;

/// One hyphen-separated part of a word token, lower-cased.
struct Atom {
    tok: usize,
    /// The last part of its token: a number may end here without splitting a word.
    token_end: bool,
    word: Lower,
}

fn collect_atoms(sentence: &str, toks: &[Tok], i: usize, atoms: &mut Vec<Atom>) {
    for (offset, tok) in toks[i..].iter().enumerate() {
        if !tok.is_word() || atoms.len() >= MAX_ATOMS {
            break;
        }
        let text = tok.text(sentence);
        let mut parts = text.split(['-', '\u{2011}']).peekable();
        while let Some(part) = parts.next() {
            if atoms.len() >= MAX_ATOMS {
                return;
            }
            atoms.push(Atom {
                tok: i + offset,
                token_end: parts.peek().is_none(),
                word: Lower::new(part),
            });
        }
    }
}

fn atom_word(atoms: &[Atom], k: usize) -> &str {
    atoms.get(k).map(|a| a.word.as_str()).unwrap_or("")
}

fn read_words(sentence: &str, toks: &[Tok], i: usize) -> Option<NumberRead> {
    // Most words start no number: decide on the first word's first part before reading on.
    let text = toks[i].text(sentence);
    // German, French, Spanish, Russian, Ukrainian number words ("сто", "Hunderte").
    if let Some(read) = foreign::read_words(sentence, toks, i) {
        return Some(read);
    }
    let first_part = text.split(['-', '\u{2011}']).next().unwrap_or(text);
    if first_part.len() > 9 || !first_part.is_ascii() {
        return None;
    }
    let first_word = Lower::new(first_part);
    let first = first_word.as_str();
    let may_start = number_word(first).is_some()
        || vague_plural(first).is_some()
        || matches!(first, "a" | "an" | "half" | "several" | "many" | "few" | "tens" | "scores");
    if !may_start {
        return None;
    }
    let mut atoms = Vec::with_capacity(MAX_ATOMS);
    collect_atoms(sentence, toks, i, &mut atoms);
    if atoms.is_empty() {
        return None;
    }
    // "nine-day", "twenty-five-year-old": number parts, then a unit, in one token.
    if !atoms[0].token_end
        && let Some((value, used)) = written_number(&atoms, 0, true)
        && !atoms[used - 1].token_end
        && atoms[used].tok == i
    {
        let text = toks[i].text(sentence);
        let tail_start =
            text.char_indices().filter(|&(_, c)| c == '-' || c == '\u{2011}').nth(used - 1)?.0 + 1;
        let unit = compound_unit(&text[tail_start..])?;
        let mut read = NumberRead::plain(i, i, value);
        read.compound_unit = Some(unit);
        return Some(read);
    }

    if let Some(read) = vague(&atoms) {
        return Some(read);
    }
    let (value, used) = written_number(&atoms, 0, false)?;
    let mut read = NumberRead::plain(i, atoms[used - 1].tok, value);
    read.bare_one = used == 1 && atom_word(&atoms, 0) == "one";
    Some(read)
}

/// "dozens", "thousands of", "hundreds of thousands", "tens of thousands", "a few thousand",
/// "several hundred", "many thousands", "scores of".
fn vague(atoms: &[Atom]) -> Option<NumberRead> {
    let word = |k: usize| atom_word(atoms, k);
    if !atoms.first()?.token_end {
        return None;
    }
    let fuzzy_len = match (word(0), word(1), word(2)) {
        ("a", "few", _) => 2,
        ("a", "couple", "of") => 3,
        ("several" | "many" | "few", _, _) => 1,
        _ => 0,
    };
    let mut k = fuzzy_len;
    let mut value = match number_word(word(k)) {
        Some(NumberWord::Hundred) if fuzzy_len > 0 => 1e2,
        Some(NumberWord::Scale(s)) if fuzzy_len > 0 => s,
        Some(NumberWord::Dozen) if fuzzy_len > 0 => 12.0,
        _ => match (word(k), word(k + 1)) {
            ("tens", "of") => 10.0,
            ("scores", "of") if vague_plural(word(k + 2)).is_none() => {
                return Some(vague_read(atoms, k, 20.0));
            }
            (w, _) => vague_plural(w)?,
        },
    };
    let is_tens = word(k) == "tens";
    // "hundreds of thousands", "a few hundred thousand".
    loop {
        match (word(k + 1), number_word(word(k + 1)), vague_plural(word(k + 2))) {
            ("of", _, Some(bigger)) if bigger > value => {
                value *= bigger;
                k += 2;
            }
            (_, Some(NumberWord::Scale(bigger)), _) if bigger > value && fuzzy_len > 0 => {
                value *= bigger;
                k += 1;
            }
            _ => break,
        }
    }
    if is_tens && k == fuzzy_len {
        return None;
    }
    Some(vague_read(atoms, k, value))
}

fn vague_read(atoms: &[Atom], last_atom: usize, value: f64) -> NumberRead {
    NumberRead {
        first: atoms[0].tok,
        last: atoms[last_atom].tok,
        value,
        vague: true,
        compound_unit: None,
        bare_one: false,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Last {
    Start,
    Unit,
    Teen,
    Ten,
    Hundred,
    Scale,
    Dozen,
}

/// Reads a written-out English number from `atoms[from..]`: "Forty-six", "one hundred and
/// twenty-five", "a dozen", "three dozen", "half a million", "two million". Returns the
/// value and how many atoms it used; a number never ends inside a hyphenated word unless
/// `allow_partial` (measure adjectives such as "nine-day").
fn written_number(atoms: &[Atom], from: usize, allow_partial: bool) -> Option<(f64, usize)> {
    let word = |k: usize| atom_word(atoms, k);
    let is_multiplier = |k: usize| {
        matches!(
            number_word(word(k)),
            Some(NumberWord::Hundred | NumberWord::Scale(_) | NumberWord::Dozen)
        )
    };
    let mut total = 0.0;
    let mut current = 0.0;
    let mut last = Last::Start;
    let mut last_scale = f64::INFINITY;
    let mut k = from;
    let mut factor = 1.0;
    // "a hundred", "a dozen", "half a million".
    match word(k) {
        "a" | "an" if is_multiplier(k + 1) => {
            current = 1.0;
            last = Last::Unit;
            k += 1;
        }
        "half" if matches!(word(k + 1), "a" | "an") && is_multiplier(k + 2) => {
            current = 1.0;
            factor = 0.5;
            last = Last::Unit;
            k += 2;
        }
        _ => {}
    }
    let mut end = k; // one past the last atom that completed a number
    loop {
        let w = word(k);
        let next = match number_word(w) {
            Some(n) => n,
            None if w == "and"
                && matches!(last, Last::Hundred | Last::Scale)
                && matches!(
                    number_word(word(k + 1)),
                    Some(NumberWord::Unit(_) | NumberWord::Teen(_) | NumberWord::Ten(_))
                ) =>
            {
                k += 1;
                continue;
            }
            None => break,
        };
        let ok = match next {
            NumberWord::Unit(u) => {
                let after_ten = last == Last::Ten && atoms[k - 1].tok == atoms[k].tok;
                let fresh = matches!(last, Last::Start | Last::Hundred | Last::Scale);
                if after_ten || fresh || (last == Last::Ten && (current % 10.0) == 0.0) {
                    current += f64::from(u);
                    last = Last::Unit;
                    true
                } else {
                    false
                }
            }
            NumberWord::Teen(t) | NumberWord::Ten(t) => {
                if matches!(last, Last::Start | Last::Hundred | Last::Scale) {
                    current += f64::from(t);
                    last = if matches!(next, NumberWord::Teen(_)) { Last::Teen } else { Last::Ten };
                    true
                } else {
                    false
                }
            }
            NumberWord::Hundred => {
                if matches!(last, Last::Unit | Last::Teen) && current > 0.0 && current < 100.0 {
                    current *= 100.0;
                    last = Last::Hundred;
                    true
                } else {
                    false
                }
            }
            NumberWord::Scale(s) => {
                if matches!(last, Last::Unit | Last::Teen | Last::Ten | Last::Hundred)
                    && s < last_scale
                {
                    total += current * s;
                    current = 0.0;
                    last_scale = s;
                    last = Last::Scale;
                    true
                } else {
                    false
                }
            }
            NumberWord::Dozen => {
                if matches!(last, Last::Unit | Last::Teen | Last::Ten) && total == 0.0 {
                    current *= 12.0;
                    last = Last::Dozen;
                    true
                } else {
                    false
                }
            }
        };
        if !ok {
            break;
        }
        k += 1;
        if allow_partial || atoms[k - 1].token_end {
            end = k;
        }
        if last == Last::Dozen {
            break;
        }
    }
    if end == from || last == Last::Start {
        return None;
    }
    // A trailing bare "a"/"half" never ends a number: recompute over the atoms kept.
    if end < k && !allow_partial {
        return written_number_prefix(atoms, from, end);
    }
    Some(((total + current) * factor, end - from))
}

/// Re-reads a number cut back to `atoms[from..end]` (it stopped inside a hyphenated word).
fn written_number_prefix(atoms: &[Atom], from: usize, end: usize) -> Option<(f64, usize)> {
    if end <= from {
        return None;
    }
    let (value, used) = written_number(&atoms[..end], from, true)?;
    (used == end - from).then_some((value, used))
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn read_at(s: &str, i: usize) -> Option<NumberRead> {
        let toks = tokenize(s);
        read(s, &toks, i)
    }

    fn value(s: &str) -> Option<f64> {
        read_at(s, 0).map(|r| r.value)
    }

    #[test]
    fn digit_separators_by_style() {
        assert_eq!(parse_digits("1,200", false), Some(1200.0));
        assert_eq!(parse_digits("35,000", false), Some(35000.0));
        assert_eq!(parse_digits("1.2", false), Some(1.2));
        assert_eq!(parse_digits("1.200", false), Some(1200.0));
        assert_eq!(parse_digits("1.250", true), Some(1.25));
        assert_eq!(parse_digits("1.200.000", false), Some(1_200_000.0));
        assert_eq!(parse_digits("3,5", false), Some(3.5));
        assert_eq!(parse_digits("1,200.5", false), Some(1200.5));
        assert_eq!(parse_digits("1.200,5", false), Some(1200.5));
        assert_eq!(parse_digits("0.125", false), Some(0.125));
        assert_eq!(parse_digits("1,2,3", false), None);
        assert_eq!(parse_digits("1.2.3", false), None);
        assert_eq!(parse_digits("", false), None);
    }

    #[test]
    fn digits_with_multipliers_and_groups() {
        assert_eq!(value("1.2 million people"), Some(1_200_000.0));
        assert_eq!(value("3.5bn"), Some(3.5e9));
        assert_eq!(value("10k"), Some(10_000.0));
        assert_eq!(value("1 200 civilians"), Some(1200.0));
        assert_eq!(value("1\u{a0}200\u{202f}000"), Some(1_200_000.0));
        assert_eq!(value("3 dozen"), Some(36.0));
        assert_eq!(value("36th"), None);
        assert_eq!(value("5G"), None);
    }

    #[test]
    fn written_numbers() {
        assert_eq!(value("Forty-six civilians"), Some(46.0));
        assert_eq!(value("one hundred and twenty-five"), Some(125.0));
        assert_eq!(value("two million three hundred thousand"), Some(2_300_000.0));
        assert_eq!(value("a dozen"), Some(12.0));
        assert_eq!(value("three dozen eggs"), Some(36.0));
        assert_eq!(value("half a million"), Some(500_000.0));
        assert_eq!(value("a hundred"), Some(100.0));
        assert_eq!(value("fifteen hundred"), Some(1500.0));
        assert_eq!(value("twenty five"), Some(25.0));
        assert_eq!(value("a man"), None);
        assert_eq!(value("one two"), Some(1.0));
        assert_eq!(value("Nine"), Some(9.0));
        assert!(read_at("one", 0).unwrap().bare_one);
        assert!(!read_at("one hundred", 0).unwrap().bare_one);
    }

    #[test]
    fn vague_magnitudes() {
        let r = read_at("thousands more civilians", 0).unwrap();
        assert!(r.vague && r.value == 1000.0 && r.last == 0);
        let r = read_at("hundreds of thousands of refugees", 0).unwrap();
        assert!(r.vague && r.value == 1e5 && r.last == 2);
        let r = read_at("a few thousand soldiers", 0).unwrap();
        assert!(r.vague && r.value == 1000.0 && r.last == 2);
        assert_eq!(read_at("tens of thousands", 0).map(|r| r.value), Some(1e4));
        assert_eq!(read_at("tens", 0), None);
        assert_eq!(read_at("several dozen", 0).map(|r| r.value), Some(12.0));
        assert_eq!(read_at("scores of people", 0).map(|r| (r.value, r.last)), Some((20.0, 0)));
        assert_eq!(read_at("a few days", 0), None);
        assert_eq!(read_at("dozens", 0).map(|r| r.value), Some(12.0));
    }

    #[test]
    fn measure_adjectives() {
        let r = read_at("nine-day siege", 0).unwrap();
        assert_eq!((r.value, r.compound_unit.as_deref()), (9.0, Some("days")));
        let r = read_at("10-day truce", 0).unwrap();
        assert_eq!((r.value, r.compound_unit.as_deref(), r.last), (10.0, Some("days"), 2));
        let r = read_at("a twenty-five-year-old man", 1).unwrap();
        assert_eq!((r.value, r.compound_unit.as_deref()), (25.0, Some("years old")));
        assert_eq!(read_at("a 12-point plan", 1), None);
        assert_eq!(read_at("one-off", 0), None);
        assert_eq!(read_at("two-thirds", 0), None);
    }
}
