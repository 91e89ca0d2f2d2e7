//! Sentence text: words and stems, stop words, cleaning of wire-copy prefixes, and the junk
//! that never makes a key sentence.

use parallax_analyse::tokens::stem;
use unicode_segmentation::UnicodeSegmentation;

/// A map with FxHash: short string and integer keys, deterministic, no seed.
pub(crate) type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

/// A term: an interned stem.
pub(crate) type Term = u32;

/// Interns stems and remembers, per language, the stem of every word seen, so each distinct
/// word is stemmed once per page. Words and stems are exactly those of
/// [`parallax_analyse::tokens::tokenize`]: UAX #29 words with a letter or digit, lower-cased,
/// Snowball-stemmed for the language (unstemmed where Snowball has none).
pub(crate) struct Vocabulary {
    /// Stem of each term, by term id (ids in order of first sight: deterministic).
    pub stems: Vec<String>,
    /// Whether a term is a stop word or a bare number (no weight in the vectors).
    pub stop: Vec<bool>,
    /// Whether a word that gave the term is one of [`FURNITURE_WORDS`].
    pub furniture: Vec<bool>,
    stem_ids: FxMap<String, Term>,
    /// Per language slot: lower-cased word → term.
    words: Vec<LanguageSlot>,
    buf: String,
}

/// A language and the term of each lower-cased word seen in it.
type LanguageSlot = (Option<String>, FxMap<String, Term>);

impl Vocabulary {
    pub fn new() -> Vocabulary {
        Vocabulary {
            stems: Vec::new(),
            stop: Vec::new(),
            furniture: Vec::new(),
            stem_ids: FxMap::default(),
            words: Vec::new(),
            buf: String::new(),
        }
    }

    /// Whether some word seen gave `stem`.
    pub fn has_stem(&self, stem: &str) -> bool {
        self.stem_ids.contains_key(stem)
    }

    fn slot(&mut self, language: Option<&str>) -> usize {
        if let Some(i) = self.words.iter().position(|(l, _)| l.as_deref() == language) {
            return i;
        }
        self.words.push((language.map(str::to_string), FxMap::default()));
        self.words.len() - 1
    }

    /// Calls `f(term, lower-cased word, byte start, byte end)` for each word of `text`.
    pub fn for_each_word(
        &mut self,
        text: &str,
        language: Option<&str>,
        mut f: impl FnMut(Term, &str, usize, usize),
    ) {
        let slot = self.slot(language);
        for (start, word) in text.unicode_word_indices() {
            if !word.chars().any(char::is_alphanumeric) {
                continue;
            }
            self.buf.clear();
            if word.is_ascii() {
                self.buf.push_str(word);
                self.buf.make_ascii_lowercase();
            } else {
                self.buf.push_str(&word.to_lowercase());
            }
            let term = match self.words[slot].1.get(self.buf.as_str()) {
                Some(&t) => t,
                None => {
                    let lower = self.buf.clone();
                    // The thread's cache, shared with tokenising: pages are many and short.
                    let stem = stem(&lower, language).into_string();
                    let stop = is_stop(&lower, language)
                        || lower.chars().any(|c| c.is_ascii_digit())
                        || lower.chars().count() < 2;
                    let furniture = FURNITURE_WORDS.binary_search(&lower.as_str()).is_ok();
                    let t = match self.stem_ids.get(&stem) {
                        Some(&t) => {
                            // A stem is a stop word only if every word that gave it is one.
                            self.stop[t as usize] &= stop;
                            self.furniture[t as usize] |= furniture;
                            t
                        }
                        None => {
                            let t = self.stems.len() as Term;
                            self.stem_ids.insert(stem.clone(), t);
                            self.stems.push(stem);
                            self.stop.push(stop);
                            self.furniture.push(furniture);
                            t
                        }
                    };
                    self.words[slot].1.insert(lower, t);
                    t
                }
            };
            f(term, &self.buf, start, start + word.len());
        }
    }

    pub fn len(&self) -> usize {
        self.stems.len()
    }
}

/// Function words of the languages Parallax reads most, and English reporting verbs; they
/// carry no weight in the sentence vectors. Other languages lean on IDF alone.
pub(crate) fn is_stop(lower: &str, language: Option<&str>) -> bool {
    let list: &[&str] = match language.unwrap_or("en") {
        "de" => STOP_DE,
        "fr" => STOP_FR,
        "es" => STOP_ES,
        "it" => STOP_IT,
        "pt" => STOP_PT,
        "nl" => STOP_NL,
        "ru" | "uk" => STOP_RU_UK,
        _ => return is_english_stop(lower),
    };
    // English function words turn up in every language's news (quotes, names, titles).
    list.binary_search(&lower).is_ok() || is_english_stop(lower)
}

fn is_english_stop(lower: &str) -> bool {
    parallax_analyse::stopwords::is_english(lower) || STOP_EN.binary_search(&lower).is_ok()
}

/// Words dropped on top of the shared English function words: vague quantifiers and
/// adverbs that make a sentence look central without saying anything. Sorted.
const STOP_EN: &[&str] = &[
    "across",
    "almost",
    "along",
    "already",
    "although",
    "always",
    "anyone",
    "anything",
    "asked",
    "away",
    "become",
    "cannot",
    "either",
    "else",
    "gets",
    "getting",
    "including",
    "it's",
    "least",
    "less",
    "makes",
    "near",
    "neither",
    "never",
    "often",
    "onto",
    "others",
    "perhaps",
    "put",
    "rather",
    "really",
    "saying",
    "seen",
    "several",
    "that's",
    "thing",
    "things",
    "though",
    "thus",
    "toward",
    "towards",
    "via",
];

const STOP_DE: &[&str] = &[
    "aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "das", "dass", "dem", "den",
    "der", "des", "die", "doch", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er",
    "es", "für", "gegen", "hat", "hatte", "ihr", "im", "in", "ist", "mit", "nach", "nicht", "noch",
    "nur", "oder", "sagte", "sei", "sich", "sie", "sind", "so", "um", "und", "unter", "vom", "von",
    "vor", "war", "wie", "wird", "wurde", "zu", "zum", "zur",
];

const STOP_FR: &[&str] = &[
    "a", "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "est", "et",
    "il", "ils", "la", "le", "les", "leur", "mais", "ne", "on", "ou", "par", "pas", "plus", "pour",
    "qu", "que", "qui", "sa", "se", "ses", "son", "sont", "sur", "un", "une", "été", "être",
];

const STOP_ES: &[&str] = &[
    "a", "al", "como", "con", "de", "del", "el", "en", "era", "es", "esta", "este", "fue", "ha",
    "la", "las", "le", "lo", "los", "más", "no", "o", "para", "pero", "por", "que", "se", "sin",
    "su", "sus", "un", "una", "y", "ya",
];

const STOP_IT: &[&str] = &[
    "a", "al", "alla", "che", "con", "da", "del", "della", "di", "e", "gli", "ha", "i", "il", "in",
    "la", "le", "lo", "nel", "non", "per", "si", "su", "un", "una", "è",
];

const STOP_PT: &[&str] = &[
    "a", "ao", "as", "com", "da", "das", "de", "do", "dos", "e", "em", "foi", "mais", "na", "no",
    "o", "os", "para", "pela", "pelo", "por", "que", "se", "um", "uma", "é",
];

const STOP_NL: &[&str] = &[
    "aan", "als", "bij", "dat", "de", "den", "die", "dit", "een", "en", "het", "in", "is", "met",
    "niet", "of", "om", "op", "te", "van", "voor", "was", "werd", "zijn",
];

const STOP_RU_UK: &[&str] = &[
    "i", "в", "во", "да", "для", "до", "же", "з", "за", "и", "из", "й", "к", "на", "не", "но", "о",
    "от", "по", "с", "та", "то", "у", "что", "що", "это", "як", "і",
];

/// Words in a sentence as the page's word budget counts them: whitespace-separated.
pub(crate) fn budget_words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Removes what a wire copy puts before the first sentence and no page should show: a
/// dateline with an agency credit (`MONSEY, N.Y. (AP) —`, `LONDON (Reuters) -`), a bare
/// agency credit (`(CNN)`), a capitalised dateline before a dash (`KYIV, Ukraine —`) and
/// explainer labels (`Why it matters:`). Returns the rest, trimmed; the sentence itself when
/// nothing matches.
pub(crate) fn clean(sentence: &str) -> &str {
    let mut s = sentence.trim();
    // "(CNN)" or "(CNN) —" at the very start.
    if let Some(rest) = s.strip_prefix('(')
        && let Some(close) = rest.find(')')
        && close <= 24
        && is_credit(&rest[..close])
    {
        s = strip_dash(&rest[close + 1..]);
    }
    if let Some(rest) = strip_dateline(s) {
        s = rest;
    }
    if let Some(colon) = s.find(": ")
        && colon <= 28
        && LABELS.binary_search(&s[..colon].to_lowercase().as_str()).is_ok()
    {
        s = s[colon + 2..].trim_start();
    }
    if s.is_empty() { sentence.trim() } else { s }
}

/// Explainer labels that open a sentence (lower-cased, sorted).
const LABELS: &[&str] = &[
    "background",
    "be smart",
    "between the lines",
    "by the numbers",
    "context",
    "driving the news",
    "flashback",
    "reality check",
    "state of play",
    "the backdrop",
    "the big picture",
    "the bigger picture",
    "the bottom line",
    "the catch",
    "the latest",
    "the other side",
    "what they're saying",
    "what to watch",
    "what's next",
    "where it stands",
    "why it matters",
    "yes, but",
    "zoom in",
    "zoom out",
];

/// An agency credit inside parentheses: one to three capitalised words ("AP", "Reuters",
/// "CNN", "AFP", "CNN Business").
fn is_credit(inner: &str) -> bool {
    let words: Vec<&str> = inner.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 3
        && words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && words.iter().all(|w| w.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-'))
}

/// A month's name (in full or abbreviated, capitalised) and then a day of the month: the
/// date a wire dateline gives instead of a place.
fn is_date_start(words: &[&str]) -> bool {
    let [month, day, ..] = words else { return false };
    let month = month.trim_end_matches('.');
    let day = day.trim_end_matches(',');
    // chrono takes full names and three-letter abbreviations in any case; a dateline's
    // month is capitalised.
    let is_month = month.starts_with(|c: char| c.is_uppercase())
        && (month == "Sept" || month.parse::<chrono::Month>().is_ok());
    is_month && day.len() <= 2 && day.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

fn strip_dash(s: &str) -> &str {
    let t = s.trim_start();
    for dash in ["—", "–", "--", "-"] {
        if let Some(rest) = t.strip_prefix(dash) {
            return rest.trim_start();
        }
    }
    t
}

/// `CITY[, Region] [(Agency)] —` or `May 24 [(Agency)] —` at the start: the first word in
/// capitals or a month followed by a day, every word before the dash capitalised, a number
/// or inside parentheses, at most 8 words and 60 bytes.
fn strip_dateline(s: &str) -> Option<&str> {
    let mut end = s.len().min(64);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let head = &s[..end];
    let mut cut = None;
    for dash in [" — ", " – ", " -- ", " - ", "—"] {
        if let Some(i) = head.find(dash)
            && cut.is_none_or(|(c, _)| i < c)
        {
            cut = Some((i, dash.len()));
        }
    }
    let (at, len) = cut?;
    let prefix = s[..at].trim();
    let words: Vec<&str> = prefix.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return None;
    }
    let first = words[0].trim_end_matches(',');
    let letters = first.chars().filter(|c| c.is_alphabetic()).count();
    let place = letters >= 2 && !first.chars().any(char::is_lowercase);
    if !place && !is_date_start(&words) {
        return None;
    }
    let mut in_parens = false;
    for w in &words {
        if w.starts_with('(') {
            in_parens = true;
        }
        let capitalised = w
            .trim_start_matches('(')
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if !capitalised && !in_parens {
            return None;
        }
        if w.ends_with(')') {
            in_parens = false;
        }
    }
    let rest = s[at + len..].trim_start();
    // The rest must read as a sentence.
    rest.chars().next().filter(|c| c.is_uppercase() || c.is_ascii_digit() || *c == '"')?;
    Some(rest)
}

/// What a sentence's form says about it, in one pass over its text.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Style {
    /// Share of the words after the first that are capitalised (names, places).
    pub names: f32,
    /// Speaks in the first person (English pronouns outside quotation marks).
    pub first_person: bool,
    /// Share of the letters that stand inside quotation marks.
    pub quoted: f32,
    /// An opening quotation mark without its closing one, or the reverse.
    pub unbalanced: bool,
}

/// Builds a [`Style`] from the words of a sentence, given in order with their byte ranges.
pub(crate) struct StyleBuilder {
    english: bool,
    words: usize,
    capitalised: usize,
    first_person: bool,
    depth: i32,
    straight: bool,
    unbalanced: bool,
    letters: usize,
    inside: usize,
    last: usize,
}

impl StyleBuilder {
    pub fn new(language: Option<&str>) -> StyleBuilder {
        StyleBuilder {
            english: language.is_none_or(|l| l == "en"),
            words: 0,
            capitalised: 0,
            first_person: false,
            depth: 0,
            straight: false,
            unbalanced: false,
            letters: 0,
            inside: 0,
            last: 0,
        }
    }

    fn track(&mut self, segment: &str) {
        for c in segment.chars() {
            match c {
                '“' | '«' | '„' => self.depth += 1,
                '”' | '»' => {
                    if self.depth == 0 {
                        self.unbalanced = true;
                    } else {
                        self.depth -= 1;
                    }
                }
                '"' => self.straight = !self.straight,
                _ => {}
            }
        }
    }

    /// The next word of `text`, at `start..end`.
    pub fn word(&mut self, text: &str, start: usize, end: usize) {
        self.track(&text[self.last.min(start)..start]);
        self.last = end;
        let word = &text[start..end];
        let quoted = self.depth > 0 || self.straight;
        let n = word.chars().filter(|c| c.is_alphanumeric()).count();
        self.letters += n;
        if quoted {
            self.inside += n;
        }
        if !word.chars().any(char::is_alphabetic) {
            return;
        }
        self.words += 1;
        if self.words > 1 && word.chars().next().is_some_and(char::is_uppercase) {
            self.capitalised += 1;
        }
        if self.english && !quoted && FIRST_PERSON.contains(&word) {
            self.first_person = true;
        }
    }

    pub fn finish(mut self, text: &str) -> Style {
        self.track(&text[self.last.min(text.len())..]);
        Style {
            names: if self.words > 1 {
                self.capitalised as f32 / (self.words - 1) as f32
            } else {
                0.0
            },
            first_person: self.first_person,
            quoted: if self.letters == 0 { 0.0 } else { self.inside as f32 / self.letters as f32 },
            unbalanced: self.unbalanced || self.depth != 0 || self.straight,
        }
    }
}

/// The [`Style`] of a sentence on its own.
#[cfg(test)]
pub(crate) fn style(text: &str, language: Option<&str>) -> Style {
    let mut b = StyleBuilder::new(language);
    for (start, word) in text.unicode_word_indices() {
        b.word(text, start, start + word.len());
    }
    b.finish(text)
}

const FIRST_PERSON: &[&str] = &[
    "I", "I'm", "I’m", "I've", "I’ve", "I'd", "I’d", "me", "my", "My", "we", "We", "we're",
    "We're", "we’re", "We’re", "our", "Our", "us",
];

/// Why a sentence is never a key sentence (`None`: it may be one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Junk {
    /// Fewer words than the minimum.
    Short,
    /// A byline, photo credit, caption or call to action.
    Furniture,
    /// A question (to the reader, or a rhetorical one).
    Question,
    /// Part of a quotation cut off by the sentence split (unbalanced quotation marks).
    QuoteFragment,
}

/// `furniture_words`: whether the sentence has a word that furniture is made of
/// ([`FURNITURE_WORDS`]); without one, the phrases are not searched for.
pub(crate) fn junk(
    text: &str,
    words: usize,
    min_words: usize,
    style: &Style,
    furniture_words: bool,
) -> Option<Junk> {
    if words < min_words {
        return Some(Junk::Short);
    }
    if is_furniture(text, words, furniture_words) {
        return Some(Junk::Furniture);
    }
    let end = text.trim_end_matches(['"', '”', '’', '\'', ')', ' ', '»']);
    if end.ends_with('?') {
        return Some(Junk::Question);
    }
    if style.unbalanced {
        return Some(Junk::QuoteFragment);
    }
    None
}

/// Whether a sentence of `words` words is page furniture: a byline, credit, caption, call to
/// action. `furniture_words`: whether it has a word of [`FURNITURE_WORDS`] (without one,
/// the phrases are not searched for).
pub(crate) fn is_furniture(text: &str, words: usize, furniture_words: bool) -> bool {
    let opens = |p: &str| text.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    if ["photo", "image", "watch", "listen", "related", "advertisement"].iter().any(|p| opens(p))
        || (opens("by ") && words <= 12 && !text.contains(" said"))
    {
        return true;
    }
    // Furniture is short; long sentences are not searched for it.
    words <= 40 && furniture_words && {
        let lower = text.to_lowercase();
        FURNITURE.iter().any(|f| lower.contains(f))
    }
}

/// The words page furniture is made of (lower-cased, sorted): each phrase of [`FURNITURE`]
/// has one.
pub(crate) const FURNITURE_WORDS: &[&str] = &[
    "advertisement",
    "by",
    "caption",
    "click",
    "continues",
    "copyright",
    "download",
    "editing",
    "follow",
    "getty",
    "image",
    "listen",
    "newsletter",
    "originally",
    "photo",
    "photograph",
    "read",
    "related",
    "reporting",
    "reserved",
    "share",
    "sign",
    "subscribe",
    "watch",
];

/// Phrases that mark page furniture rather than reporting (lower-cased).
const FURNITURE: &[&str] = &[
    "all rights reserved",
    "click here",
    "copyright ",
    "download the app",
    "follow us on",
    "getty images",
    "image caption",
    "image copyright",
    "newsletter",
    "read more",
    "sign up for",
    "subscribe to",
    "this article originally appeared",
    "(photo:",
    "photo credit",
    "photograph:",
    "(reporting by",
    "additional reporting by",
    "editing by",
    "share this article",
    "story continues below",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_lists_are_sorted() {
        for list in
            [STOP_EN, STOP_DE, STOP_FR, STOP_ES, STOP_IT, STOP_PT, STOP_NL, STOP_RU_UK, LABELS]
        {
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "{:?}",
                list.windows(2).find(|w| w[0] >= w[1])
            );
        }
    }

    #[test]
    fn words_and_stems_match_the_analyser() {
        let text =
            "Ferries were cancelled at Port Velmar’s harbour; 1,200 travellers wait. Überfahrt";
        let mut vocab = Vocabulary::new();
        let mut ours = Vec::new();
        vocab.for_each_word(text, Some("en"), |t, lower, s, e| {
            ours.push((lower.to_string(), s, e, t));
        });
        let theirs = parallax_analyse::tokens::tokenize(text, Some("en"));
        assert_eq!(ours.len(), theirs.len());
        for ((lower, s, e, t), tok) in ours.iter().zip(&theirs) {
            assert_eq!((lower.as_str(), *s, *e), (tok.lower.as_str(), tok.start, tok.end));
            assert_eq!(vocab.stems[*t as usize], tok.stem);
        }
    }

    #[test]
    fn cleans_datelines_and_credits() {
        assert_eq!(
            clean("OSTRAVEN, Lavrania (AP) — Floodwater reached the old bridge on Monday."),
            "Floodwater reached the old bridge on Monday."
        );
        assert_eq!(clean("(CNN)Floodwater reached the bridge."), "Floodwater reached the bridge.");
        assert_eq!(clean("LONDON (Reuters) - Shares fell."), "Shares fell.");
        assert_eq!(clean("Why it matters: The bridge is closed."), "The bridge is closed.");
        assert_eq!(clean("May 24 (Reuters) - Shares fell."), "Shares fell.");
        assert_eq!(clean("Sept. 3 (Meridian Wire) – Shares fell."), "Shares fell.");
        assert_eq!(clean("Oct 12, 2021 — Shares fell."), "Shares fell.");
        // A sentence that starts with a month's name and a number is not a dateline.
        let s = "May 24 - the day of the vote - passed quietly.";
        assert_eq!(clean(s), s);
        let s = "March 300 miles - Organisers say it will take a month.";
        assert_eq!(clean(s), s);
        // Ordinary sentences are left alone.
        let s = "The mayor — a former engineer — said the bridge would hold.";
        assert_eq!(clean(s), s);
        let s = "Officials said: the bridge will hold.";
        assert_eq!(clean(s), s);
    }

    #[test]
    fn junk_is_recognised() {
        let j = |text: &str| junk(text, budget_words(text), 5, &style(text, Some("en")), true);
        assert_eq!(j("Read more about the flood here today."), Some(Junk::Furniture));
        assert_eq!(j("By Mara Oltan and Piet Venn"), Some(Junk::Furniture));
        assert_eq!(
            j("(Reporting by Ida Rask in Velsk; Editing by Tom Hale)"),
            Some(Junk::Furniture)
        );
        assert_eq!(j("What would you do if the river rose?"), Some(Junk::Question));
        assert_eq!(
            j("“We lost everything, and nobody came to help us for days."),
            Some(Junk::QuoteFragment)
        );
        assert_eq!(j("We lost \"everything, and nobody came."), Some(Junk::QuoteFragment));
        assert_eq!(j("Floods hit."), Some(Junk::Short));
        assert_eq!(j("The river rose two metres overnight, officials said."), None);
        assert_eq!(j("“The river rose two metres overnight,” officials said."), None);
    }

    #[test]
    fn style_reads_names_quotes_and_voice() {
        let s = style("He said “we are ready” on Monday.", Some("en"));
        assert!(s.quoted > 0.3 && !s.unbalanced && !s.first_person);
        assert!((s.names - 1.0 / 6.0).abs() < 1e-6);
        assert!(style("We should all be worried.", Some("en")).first_person);
        assert!(!style("We should all be worried.", Some("de")).first_person);
    }
}
