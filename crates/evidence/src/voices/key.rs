//! A key for the same speaker across articles.

use super::lexicon::*;

/// A key under which the same speaker meets across articles.
///
/// - A person is keyed by surname: "Vladimir Putin", "Putin", "President Putin" and
///   "Russian President Vladimir Putin" all give `putin`. Titles, roles and nationality words
///   before the name are dropped, accents folded, and the common transliteration endings of
///   Slavic surnames merged ("Zelenskyy", "Zelenskiy", "Zelensky" → `zelensky`).
/// - An institution is keyed by its words in a fixed form: lower case, leading article and
///   possessive `'s` dropped, British spellings folded (defence → defense, organisation →
///   organization, centre → center, programme → program), nationality adjectives turned
///   into the country ("Russian" → `russia`), and "Ministry of X" turned into "X Ministry".
///   So "Russian Defense Ministry", "Russia's Defence Ministry" and "the Russian Ministry of
///   Defence" all give `russia defense ministry`.
///
/// Two different people with one surname share a key; within one story that is rare, and
/// the comparison shows the names as written next to the key.
pub fn speaker_key(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| {
            c.is_whitespace()
                || matches!(c, ',' | ';' | ':' | '"' | '(' | ')' | '«' | '»' | '“' | '”' | '„')
        })
        .filter(|w| !w.is_empty())
        .collect();
    let mut start = 0;
    while start < words.len() && is_article(&words[start].to_lowercase()) {
        start += 1;
    }
    let words = &words[start..];
    if let Some(surname) = person_surname(words) {
        return fold_transliteration(&fold(surname));
    }
    let mut folded: Vec<String> = words
        .iter()
        .map(|w| {
            let lower = fold(w);
            let stem = lower
                .strip_suffix("'s")
                .or_else(|| lower.strip_suffix('\''))
                .unwrap_or(&lower)
                .to_string();
            let stem = match stem.as_str() {
                "defence" => "defense".to_string(),
                "organisation" => "organization".to_string(),
                "centre" => "center".to_string(),
                "programme" => "program".to_string(),
                "labour" => "labor".to_string(),
                "kiev" => "kyiv".to_string(),
                _ => stem,
            };
            match demonym_country(&stem) {
                Some(country) => country.to_string(),
                None => stem,
            }
        })
        .filter(|w| !w.is_empty())
        .collect();
    // "ministry of defense" → "defense ministry" (after any words before it).
    if let Some(of) = folded.iter().position(|w| w == "of")
        && of >= 1
        && is_org_word(&folded[of - 1])
        && of + 1 < folded.len()
    {
        let head = folded.remove(of - 1);
        folded.remove(of - 1); // "of"
        let mut rest: Vec<String> = folded.drain(of - 1..).filter(|w| !is_article(w)).collect();
        rest.push(head);
        folded.extend(rest);
    }
    folded.join(" ")
}

/// The surname when the words name a person: after dropping roles, titles and nationality
/// words, one to four capitalised name words and nothing institutional.
fn person_surname<'a>(words: &[&'a str]) -> Option<&'a str> {
    let mut from = 0;
    while from < words.len() {
        let lower = fold(words[from]);
        if is_role_word(&lower) || is_demonym(&lower) || is_honorific(&lower) {
            from += 1;
        } else {
            break;
        }
    }
    let name = &words[from..];
    if name.is_empty() || name.len() > 4 {
        return None;
    }
    let ok = name.iter().all(|w| {
        let lower = fold(w);
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        w.chars().next().is_some_and(char::is_uppercase)
            && (letters == 1 || w.chars().any(char::is_lowercase))
            && !is_org_word(&lower)
            && !is_state_name(&lower)
            && !is_function_word(&lower)
    });
    let last = *name.last()?;
    let last = last.strip_suffix("'s").or_else(|| last.strip_suffix("’s")).unwrap_or(last);
    ok.then_some(last)
}

/// Lower case, common Latin accents removed, curly apostrophes straightened.
fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ě' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
            'ç' | 'č' | 'ć' => 'c',
            'ñ' | 'ń' => 'n',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ł' => 'l',
            'ř' => 'r',
            'ý' | 'ÿ' => 'y',
            '’' | '‘' => '\'',
            other => other,
        })
        .filter(|c| c.is_alphanumeric() || matches!(c, '\'' | '-' | '.'))
        .collect::<String>()
        .trim_end_matches('.')
        .to_string()
}

/// Merges transliteration variants of surname endings: -skyy/-skiy/-skii/-ski → -sky,
/// and a final -yy/-iy/-ii → -y.
fn fold_transliteration(surname: &str) -> String {
    for (ending, with) in
        [("skyy", "sky"), ("skiy", "sky"), ("skii", "sky"), ("yy", "y"), ("iy", "y"), ("ii", "y")]
    {
        if let Some(stem) = surname.strip_suffix(ending)
            && stem.chars().count() >= 3
        {
            return format!("{stem}{with}");
        }
    }
    surname.to_string()
}
