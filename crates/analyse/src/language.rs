//! Language identification and language tags.

use whatlang::{Detector, Lang};

use crate::stopwords::is_english;

/// A detected language.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// ISO 639-1 code where the language has one, else ISO 639-3.
    pub code: String,
    /// whatlang's confidence, 0–1.
    pub confidence: f64,
    /// whatlang's own judgement that the text was long and clear enough.
    pub reliable: bool,
}

/// Bytes of text looked at first. whatlang's cost is mostly fixed per call (it scores every
/// language's profile), so a short sample saves only a third; a news paragraph settles the
/// language, and a sample too short or mixed to be reliable is looked at again, longer.
const SAMPLE_BYTES: usize = 512;

/// Bytes of text looked at when the first sample was not reliable.
const LONG_SAMPLE_BYTES: usize = 2048;

/// Words a sample needs before its share of English function words is trusted.
const FUNCTION_WORDS_FROM: usize = 30;

/// Share of English function words ("the", "of", "said"…) from which a sample is English.
/// Running English prose has 0.35–0.5; on 2,500 news articles in ten languages (SemEval
/// 2022 task 8) no other language reached 0.25, while nine English articles in ten passed.
const ENGLISH_FUNCTION_SHARE: f64 = 0.3;

/// Detects the language of `text`, or `None` when the text has too little script to tell.
pub fn detect(text: &str) -> Option<Detection> {
    let sample = &text[..floor_char_boundary(text, SAMPLE_BYTES)];
    // Most of what Parallax reads is English, and whatlang's scoring of every profile was
    // the largest cost of analysis: prose that is plainly English is taken as such.
    if reads_as_english(sample) {
        return Some(Detection { code: "en".to_string(), confidence: 1.0, reliable: true });
    }
    let detector = Detector::new();
    let mut info = detector.detect(sample);
    if !info.as_ref().is_some_and(|i| i.is_reliable()) && sample.len() < text.len() {
        info = detector.detect(&text[..floor_char_boundary(text, LONG_SAMPLE_BYTES)]);
    }
    let info = info?;
    Some(Detection {
        code: code_for(info.lang()),
        confidence: info.confidence(),
        reliable: info.is_reliable(),
    })
}

/// True when at least [`ENGLISH_FUNCTION_SHARE`] of the sample's (at least
/// [`FUNCTION_WORDS_FROM`]) words are English function words.
fn reads_as_english(sample: &str) -> bool {
    let mut words = 0usize;
    let mut function = 0usize;
    let mut lower = String::new();
    for word in sample.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        words += 1;
        if word.is_ascii() {
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            function += usize::from(is_english(&lower));
        }
    }
    words >= FUNCTION_WORDS_FROM && function as f64 >= ENGLISH_FUNCTION_SHARE * words as f64
}

/// The short code for a whatlang language.
fn code_for(lang: Lang) -> String {
    let three = lang.code();
    isolang::Language::from_639_3(three)
        .and_then(|l| l.to_639_1())
        .map(str::to_string)
        .unwrap_or_else(|| three.to_string())
}

/// Normalises a declared tag (`en-GB`, `EN_us`, `eng`, `German`?) to a primary code, or
/// `None` when it is not a language tag.
pub fn normalise_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.len() {
        2 if primary.bytes().all(|b| b.is_ascii_lowercase()) => Some(primary),
        3 => isolang::Language::from_639_3(&primary)
            .map(|l| l.to_639_1().map(str::to_string).unwrap_or(primary.clone())),
        _ => isolang::Language::from_name(&title_case(tag.trim()))
            .map(|l| l.to_639_1().map(str::to_string).unwrap_or_else(|| l.to_639_3().into())),
    }
}

fn title_case(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut chars = lower.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Picks the article's language from what the source declares and what detection finds.
/// Pages often declare their template's language rather than the article's, so a reliable
/// detection wins; otherwise the declaration does.
pub fn choose(declared: Option<&str>, detected: Option<&Detection>) -> Option<String> {
    let declared = declared.and_then(normalise_tag);
    match (declared, detected) {
        (_, Some(d)) if d.reliable => Some(d.code.clone()),
        (Some(tag), _) => Some(tag),
        (None, Some(d)) => Some(d.code.clone()),
        (None, None) => None,
    }
}

pub(crate) fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    let mut i = at;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_languages() {
        let en = "The ministry said forty-six civilians were evacuated from the residential \
                  buildings next to the steel plant on Saturday.";
        let de = "Die Regierung hat am Samstag mitgeteilt, dass zahlreiche Zivilisten aus den \
                  Wohnhäusern neben dem Stahlwerk in Sicherheit gebracht wurden.";
        let ru = "Министерство обороны сообщило, что в субботу из жилых домов рядом с \
                  заводом были эвакуированы мирные жители.";
        assert_eq!(detect(en).unwrap().code, "en");
        assert_eq!(detect(de).unwrap().code, "de");
        assert_eq!(detect(ru).unwrap().code, "ru");
        assert!(detect("12 34 !!").is_none());
    }

    #[test]
    fn plain_english_prose_is_english_and_other_languages_are_not() {
        let en = "The city council said on Tuesday that the bridge over the river would stay \
                  closed for at least two more weeks, after engineers found that one of its \
                  piers had been damaged by the flood. Drivers have been told to use the ring \
                  road, and the ferry will run every half hour until the work is done.";
        assert!(reads_as_english(en));
        assert_eq!(detect(en).unwrap().code, "en");
        // German, Dutch and Danish news with English loan words and shared short words.
        let others = [
            (
                "de",
                "Der Stadtrat hat am Dienstag mitgeteilt, dass die Brücke über den Fluss \
                    noch mindestens zwei Wochen gesperrt bleibt, nachdem Ingenieure an einem \
                    der Pfeiler Schäden durch das Hochwasser gefunden haben. Das Update zum \
                    Live-Ticker und die Hotline für Pendler sind online.",
            ),
            (
                "nl",
                "De gemeenteraad heeft dinsdag gezegd dat de brug over de rivier nog \
                    minstens twee weken dicht blijft, nadat ingenieurs hadden vastgesteld dat \
                    een van de pijlers door de overstroming is beschadigd. Automobilisten \
                    moeten de ringweg nemen en de veerboot vaart elk half uur.",
            ),
            (
                "da",
                "Byrådet sagde tirsdag, at broen over floden vil være lukket i mindst to \
                    uger endnu, efter at ingeniører fandt ud af, at en af dens piller var blevet \
                    beskadiget af oversvømmelsen. Bilister skal bruge ringvejen, og færgen \
                    sejler hver halve time, indtil arbejdet er færdigt.",
            ),
        ];
        for (code, text) in others {
            assert!(!reads_as_english(text), "{code}");
            assert_eq!(detect(text).unwrap().code, code);
        }
        // Too few words to trust the share: whatlang decides.
        assert!(!reads_as_english("The end of the war in the east"));
    }

    #[test]
    fn looks_further_when_the_opening_cannot_tell() {
        // A long run of figures and codes (a results table, a dateline) opens the text: its
        // first sample has no language, the longer one finds the Spanish after it.
        let table = "2022/05/16 14:05 +03 | 46 / 25 / 21 | 0457-88 | ".repeat(14);
        let text = format!(
            "{table}El ministerio informó el sábado de que decenas de civiles fueron evacuados \
             de los edificios cercanos a la planta siderúrgica."
        );
        assert!(detect(&text[..SAMPLE_BYTES]).is_none());
        assert_eq!(detect(&text).unwrap().code, "es");
    }

    #[test]
    fn normalises_tags() {
        assert_eq!(normalise_tag("en-GB").as_deref(), Some("en"));
        assert_eq!(normalise_tag("DE_at").as_deref(), Some("de"));
        assert_eq!(normalise_tag("ukr").as_deref(), Some("uk"));
        assert_eq!(normalise_tag("French").as_deref(), Some("fr"));
        assert_eq!(normalise_tag("x1"), None);
    }

    #[test]
    fn reliable_detection_beats_a_template_declaration() {
        let d = Detection { code: "de".into(), confidence: 1.0, reliable: true };
        assert_eq!(choose(Some("en"), Some(&d)).as_deref(), Some("de"));
        let weak = Detection { code: "nl".into(), confidence: 0.2, reliable: false };
        assert_eq!(choose(Some("en-US"), Some(&weak)).as_deref(), Some("en"));
        assert_eq!(choose(None, None), None);
    }
}
