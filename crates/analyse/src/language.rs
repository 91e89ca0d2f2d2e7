//! Language identification and language tags.

use whatlang::{Detector, Lang};

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

/// Detects the language of `text`, or `None` when the text has too little script to tell.
pub fn detect(text: &str) -> Option<Detection> {
    let detector = Detector::new();
    let sample = &text[..floor_char_boundary(text, SAMPLE_BYTES)];
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
