//! The page's label: the story's central name, as written.
//!
//! Candidates are proper-noun phrases: runs of capitalised words (joined by a space or a
//! hyphen, with `of`, `de`, `von`… allowed inside), trimmed of function words, honorifics and
//! calendar words at either end. A one-word run that opens a sentence is a candidate only if
//! the word is also capitalised elsewhere. Title-case headlines ("Floods Cut Off Ostraven")
//! say nothing about names, so headlines count mentions of candidates found in the text but
//! add none of their own. Each candidate and each of its sub-phrases is credited with the
//! articles that name it; the score is `(articles naming it + articles whose title names it)
//! × mean IDF of its words`, so a name every outlet uses, in its headline too, and that is
//! rare in the background wins over a generic capitalised word. Finally the winner is widened
//! to the most-named longer phrase that contains it, if that phrase is named in the text of
//! at least 60 % as many articles ("Sanders" → "Bernie Sanders", "Lavrania" → "Bank of
//! Lavrania"); headlines, which favour surnames, do not count for that.

use parallax_analyse::tokens::tokenize;
use parallax_places::Gazetteer;
use unicode_segmentation::UnicodeSegmentation;

use crate::Source;
use crate::background::Background;
use crate::text::{FxMap, Vocabulary, clean, is_stop};

#[derive(Default)]
struct Candidate {
    /// Articles (by index) that name it, in order, deduplicated.
    sources: Vec<usize>,
    /// Articles whose title names it.
    titles: Vec<usize>,
    /// Seen as a whole run where it is clearly a name.
    qualified: bool,
    /// Surface forms and their counts, in order of first sight.
    forms: Vec<(String, usize)>,
    /// Order of first sight.
    first: usize,
    words: usize,
}

/// `vocabulary` holds the stems of the sources' text: the background is asked about those
/// only, so that a page reads the same whatever else the background was read for.
pub(crate) fn label(
    sources: &[Source],
    outlets: &[&str],
    background: &Background,
    vocabulary: &Vocabulary,
) -> String {
    let mut candidates: FxMap<String, Candidate> = FxMap::default();
    let mut order = 0usize;
    for (s, source) in sources.iter().enumerate() {
        let title_case = source.title.is_some_and(is_title_case);
        let texts = source
            .sentences
            .iter()
            .take(LEAD_SENTENCES)
            .map(|t| clean(t))
            .chain(source.title.filter(|_| !title_case));
        for text in texts {
            for run in runs(text) {
                add_run(&run, s, &mut candidates, &mut order);
            }
        }
    }
    let outlet_keys: Vec<String> = outlets.iter().map(|o| key_of(&words_of(o))).collect();
    candidates.retain(|k, c| c.qualified && !outlet_keys.contains(k));
    if candidates.is_empty() {
        return String::new();
    }
    // A country's adjective ("French dockers", "Ukrainian forces") tells whose the story's
    // actors are, not what the story is: it is the label only when nothing else is named.
    let places = Gazetteer::embedded();
    let demonym = |c: &Candidate| c.words == 1 && c.forms.iter().any(|(f, _)| places.is_demonym(f));
    if candidates.values().any(|c| !demonym(c)) {
        candidates.retain(|_, c| !demonym(c));
    }
    // Titles name candidates whatever their case.
    for (s, source) in sources.iter().enumerate() {
        let Some(title) = source.title else { continue };
        let words: Vec<String> = words_of(title).iter().map(|w| w.to_lowercase()).collect();
        for n in 1..=MAX_WORDS.min(words.len()) {
            for gram in words.windows(n) {
                if let Some(c) = candidates.get_mut(&gram.join(" "))
                    && c.titles.last() != Some(&s)
                {
                    c.titles.push(s);
                }
            }
        }
    }
    let documents = background.documents() as f32 + sources.len() as f32;
    let language = sources.iter().find_map(|s| s.language);
    let weight = |key: &str, c: &Candidate| -> f32 {
        let idfs: Vec<f32> = tokenize(key, language)
            .iter()
            .filter(|t| !is_stop(&t.lower, language))
            .map(|t| {
                let known = vocabulary.has_stem(&t.stem);
                let background = if known { background.docs(&t.stem) } else { 0 };
                let df = background as f32 + c.sources.len() as f32;
                ((documents + 1.0) / (df + 1.0)).ln() + 1.0
            })
            .collect();
        let idf = if idfs.is_empty() { 1.0 } else { idfs.iter().sum::<f32>() / idfs.len() as f32 };
        (c.sources.len() + c.titles.len()) as f32 * idf
    };
    let mut ranked: Vec<(&String, &Candidate, f32)> =
        candidates.iter().map(|(k, c)| (k, c, weight(k, c))).collect();
    ranked.sort_by(|a, b| {
        b.2.total_cmp(&a.2)
            .then(b.1.sources.len().cmp(&a.1.sources.len()))
            .then(b.1.words.cmp(&a.1.words))
            .then(a.1.first.cmp(&b.1.first))
    });
    let (best_key, best, _) = ranked[0];
    let named = |c: &Candidate| c.sources.len() + c.titles.len();
    let needle = format!(" {best_key} ");
    let wider = ranked
        .iter()
        .filter(|(k, c, _)| {
            c.words > best.words
                && format!(" {k} ").contains(&needle)
                && c.sources.len() as f32 >= 0.6 * best.sources.len() as f32
                // Widening completes a name ("Bank of Lavrania"); it does not add a second
                // name coordinated with it ("Harlow Bay and Kessock").
                && !k.split(' ').any(|w| matches!(w, "and" | "y" | "und" | "et" | "e" | "i"))
        })
        .max_by(|a, b| {
            named(a.1)
                .cmp(&named(b.1))
                .then(b.1.words.cmp(&a.1.words))
                .then(b.1.first.cmp(&a.1.first))
        });
    let chosen = wider.map_or(best, |(_, c, _)| c);
    let mut form: Option<&(String, usize)> = None;
    for f in &chosen.forms {
        if form.is_none_or(|b| f.1 > b.1) {
            form = Some(f);
        }
    }
    form.map(|f| f.0.clone()).unwrap_or_default()
}

/// Sentences of each article read for names: the lead names the story's subject, and long
/// articles cost no more than short ones.
const LEAD_SENTENCES: usize = 8;

/// Longest phrase counted, in words.
const MAX_WORDS: usize = 5;

/// One run of capitalised words: (surface word, lower-cased) pairs, and whether it opens the
/// sentence.
struct Run<'a> {
    words: Vec<&'a str>,
    /// Whether each word is joined to the one before it by a hyphen ("Port-Vellin"), which
    /// the label keeps as written.
    hyphenated: Vec<bool>,
    initial: bool,
}

/// Words of a text as the label sees them: UAX #29 words with a letter, a possessive `'s`
/// dropped.
fn words_of(text: &str) -> Vec<&str> {
    text.unicode_words()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .map(strip_possessive)
        .collect()
}

fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(w)
}

fn key_of(words: &[&str]) -> String {
    words.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>().join(" ")
}

fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Most words of a headline of three words or more are capitalised.
fn is_title_case(title: &str) -> bool {
    let words: Vec<&str> =
        title.unicode_words().filter(|w| w.chars().any(char::is_alphabetic)).collect();
    words.len() >= 3 && words.iter().filter(|w| is_capitalised(w)).count() * 10 >= words.len() * 6
}

/// Lower-case words allowed inside a name ("Bank of Lavrania", "Charles de Gaulle").
fn is_connector(lower: &str) -> bool {
    matches!(
        lower,
        "of" | "de"
            | "del"
            | "della"
            | "di"
            | "da"
            | "du"
            | "des"
            | "la"
            | "le"
            | "von"
            | "van"
            | "der"
            | "den"
            | "al"
            | "el"
            | "bin"
            | "ibn"
            | "y"
            | "and"
            | "for"
            | "the"
    )
}

/// Words that do not make or end a name: function words, honorifics and offices, calendar
/// words and newsroom labels (lower-cased).
fn is_generic(lower: &str) -> bool {
    is_stop(lower, None)
        || is_connector(lower)
        || matches!(
            lower,
            "mr" | "mrs"
                | "ms"
                | "dr"
                | "sen"
                | "rep"
                | "gov"
                | "gen"
                | "col"
                | "lt"
                | "sgt"
                | "st"
                | "president"
                | "vice"
                | "prime"
                | "minister"
                | "chancellor"
                | "king"
                | "queen"
                | "prince"
                | "princess"
                | "general"
                | "judge"
                | "justice"
                | "secretary"
                | "senator"
                | "representative"
                | "congressman"
                | "congresswoman"
                | "mayor"
                | "governor"
                | "chief"
                | "director"
                | "ceo"
                | "chairman"
                | "chairwoman"
                | "spokesman"
                | "spokeswoman"
                | "spokesperson"
                | "officials"
                | "former"
                | "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "january"
                | "february"
                | "march"
                | "april"
                | "june"
                | "july"
                | "august"
                | "september"
                | "october"
                | "november"
                | "december"
                | "breaking"
                | "update"
                | "updated"
                | "exclusive"
                | "watch"
                | "live"
                | "opinion"
                | "analysis"
                | "video"
                | "photos"
                | "report"
                | "news"
                | "editor"
                | "editorial"
                | "read"
                | "more"
                | "click"
                | "ap"
                | "reuters"
                | "afp"
                | "cnn"
                | "bbc"
        )
}

/// Maximal runs of capitalised words in a sentence.
fn runs(text: &str) -> Vec<Run<'_>> {
    /// Words of the run being read: (word, joined to the previous one by a hyphen).
    type Words<'a> = Vec<(&'a str, bool)>;
    fn flush<'a>(current: &mut Words<'a>, initial: bool, out: &mut Vec<Run<'a>>) {
        if !current.is_empty() {
            let (words, hyphenated) = std::mem::take(current).into_iter().unzip();
            out.push(Run { words, hyphenated, initial });
        }
    }
    let mut out = Vec::new();
    let mut current: Words = Vec::new();
    let mut initial = false;
    let mut prev_end = 0usize;
    let mut first_word = true;
    let mut pending_connectors: Words = Vec::new();
    for (start, word) in text.unicode_word_indices() {
        if !word.chars().any(char::is_alphanumeric) {
            continue;
        }
        let gap = &text[prev_end..start];
        let hyphen = gap == "-";
        let joined = gap == " " || hyphen;
        prev_end = start + word.len();
        let possessive = word != strip_possessive(word);
        let word = strip_possessive(word);
        let lower = word.to_lowercase();
        if is_capitalised(word) && word.chars().any(char::is_alphabetic) && !is_shouted(word) {
            if current.is_empty() || !joined {
                flush(&mut current, initial, &mut out);
                initial = first_word || sentence_break(gap);
                pending_connectors.clear();
            } else {
                current.append(&mut pending_connectors);
            }
            current.push((word, hyphen && !current.is_empty()));
            if possessive {
                flush(&mut current, initial, &mut out);
                pending_connectors.clear();
            }
        } else if !current.is_empty()
            && joined
            && is_connector(&lower)
            && pending_connectors.len() < 2
        {
            pending_connectors.push((word, hyphen));
        } else {
            flush(&mut current, initial, &mut out);
            pending_connectors.clear();
        }
        first_word = false;
    }
    flush(&mut current, initial, &mut out);
    out
}

/// A word in capitals longer than an acronym: tabloid emphasis ("EXHAUSTED mums",
/// "PUTIN'S HOLLOW 'VICTORY'"), not a name. Acronyms ("NATO", "ICRC", "ASEAN") are kept.
fn is_shouted(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters > 5 && !word.chars().any(char::is_lowercase)
}

/// A gap that opens a new sentence, line or quotation.
fn sentence_break(gap: &str) -> bool {
    gap.chars()
        .any(|c| matches!(c, '.' | '!' | '?' | ':' | '"' | '“' | '‘' | '\n' | '(' | '—' | '–'))
}

fn add_run(run: &Run, source: usize, candidates: &mut FxMap<String, Candidate>, order: &mut usize) {
    let lower: Vec<String> = run.words.iter().map(|w| w.to_lowercase()).collect();
    // Each word is asked about once: the loops below visit a word for every phrase that
    // could end at it.
    let generic: Vec<bool> = lower.iter().map(|w| is_generic(w)).collect();
    let mut a = 0;
    let mut b = run.words.len();
    while a < b && generic[a] {
        a += 1;
    }
    while b > a && generic[b - 1] {
        b -= 1;
    }
    if a == b {
        return;
    }
    let trimmed_front = a > 0;
    let whole_is_name = (b - a) > 1 || !run.initial || trimmed_front;
    // Every phrase of the run is looked up, most of them already known: the key and the
    // form are built in these and copied only when new.
    let (mut key, mut form) = (String::new(), String::new());
    for i in a..b {
        if generic[i] {
            continue;
        }
        for j in (i + 1)..=b.min(i + MAX_WORDS) {
            if generic[j - 1] {
                continue;
            }
            key.clear();
            form.clear();
            let words = lower[i..j].iter().zip(&run.words[i..j]).zip(&run.hyphenated[i..j]);
            for (n, ((lower, word), &hyphen)) in words.enumerate() {
                if n > 0 {
                    key.push(' ');
                    form.push(if hyphen { '-' } else { ' ' });
                }
                key.push_str(lower);
                form.push_str(word);
            }
            if !candidates.contains_key(key.as_str()) {
                *order += 1;
                let new = Candidate { first: *order, words: j - i, ..Candidate::default() };
                candidates.insert(key.clone(), new);
            }
            let c = candidates.get_mut(key.as_str()).expect("inserted above");
            if c.sources.last() != Some(&source) {
                c.sources.push(source);
            }
            if i == a && j == b && whole_is_name {
                c.qualified = true;
            }
            match c.forms.iter_mut().find(|(f, _)| *f == form) {
                Some((_, n)) => *n += 1,
                None => c.forms.push((form.clone(), 1)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The label, with the vocabulary of the sources' text as a page reads it.
    fn label(sources: &[Source], outlets: &[&str], background: &Background) -> String {
        let read = crate::Tokenised::new(sources, &crate::Config::default());
        super::label(sources, outlets, background, &read.vocab)
    }

    fn src<'a>(title: &'a str, sentences: Vec<&'a str>) -> Source<'a> {
        Source { title: Some(title), sentences, ..Source::default() }
    }

    /// Untitled sources of one sentence each.
    fn one_sentence_each<'a>(sentences: &[&'a str]) -> Vec<Source<'a>> {
        sentences.iter().map(|t| Source { sentences: vec![t], ..Source::default() }).collect()
    }

    #[test]
    fn words_in_capitals_are_emphasis_unless_acronyms() {
        let r = runs("EXHAUSTED families left the ICRC convoy near NATO lines in HOLLOW Creek.");
        let words: Vec<Vec<&str>> = r.iter().map(|r| r.words.clone()).collect();
        assert_eq!(words, [vec!["ICRC"], vec!["NATO"], vec!["Creek"]]);
    }

    #[test]
    fn widening_stops_at_a_coordinated_name() {
        let sources = [
            "Lifeboats from Harlow Bay and Kessock reached the ferry off Harlow Bay.",
            "Crews from Harlow Bay and Kessock stayed beside the ferry near Harlow Bay.",
            "The ferry was anchored off Harlow Bay overnight, Westline said.",
        ];
        let sources = one_sentence_each(&sources);
        assert_eq!(label(&sources, &[], &Background::default()), "Harlow Bay");
    }

    #[test]
    fn runs_join_names_and_connectors() {
        let r = runs(
            "The Bank of Lavrania raised rates, Governor Ilse Marek said in Velmar's capital.",
        );
        let got: Vec<String> = r.iter().map(|r| r.words.join(" ")).collect();
        assert_eq!(got, ["The Bank of Lavrania", "Governor Ilse Marek", "Velmar"]);
        assert!(r[0].initial && !r[1].initial);
    }

    #[test]
    fn hyphenated_names_keep_their_hyphen() {
        let sources = [
            "Dockers at Port-Vellin stopped work on Monday.",
            "The strike at Port-Vellin entered a second day, Jean-Luc Moreau said.",
            "Ships waited off Port-Vellin.",
        ];
        let sources = one_sentence_each(&sources);
        assert_eq!(label(&sources, &[], &Background::default()), "Port-Vellin");
        let r = runs("Jean-Luc Moreau met the Mayor-elect.");
        assert_eq!(r[0].words, ["Jean", "Luc", "Moreau"]);
        assert_eq!(r[0].hyphenated, [false, true, false]);
    }

    #[test]
    fn label_prefers_the_shared_specific_name() {
        let sources = vec![
            src(
                "Bank of Lavrania raises rates again",
                vec!["The Bank of Lavrania raised its key rate to 6 percent on Tuesday."],
            ),
            src(
                "Lavrania's central bank lifts rates",
                vec![
                    "On Tuesday the Bank of Lavrania lifted borrowing costs, Governor Ilse Marek said.",
                ],
            ),
            src(
                "Rates rise in Lavrania",
                vec!["Savers in Lavrania welcomed the move by the Bank of Lavrania."],
            ),
        ];
        assert_eq!(label(&sources, &[], &Background::default()), "Bank of Lavrania");
    }

    #[test]
    fn a_country_adjective_is_the_label_only_when_nothing_else_is_named() {
        let sources = vec![
            src(
                "French dockers strike over cranes",
                vec!["French dockers stopped work at Port-Vellin over automated cranes."],
            ),
            src(
                "French port at a standstill",
                vec!["The French port of Port-Vellin stood still for a third day."],
            ),
            src(
                "Dockers dig in",
                vec!["Importers of French wine fear delays, French traders say."],
            ),
        ];
        assert_eq!(label(&sources, &[], &Background::default()), "Port-Vellin");
        let only =
            vec![src("Ukrainians vote", vec!["Many Ukrainians voted early, Ukrainians said."])];
        assert_eq!(label(&only, &[], &Background::default()), "Ukrainians");
    }

    #[test]
    fn title_case_headlines_add_no_candidates() {
        let sources = vec![
            src(
                "Storm Batters Coast As Residents Flee",
                vec!["Storm Odile hit the coast of Pesca on Friday."],
            ),
            src(
                "Residents Flee Storm Odile",
                vec!["Thousands left Pesca as Storm Odile approached."],
            ),
        ];
        let l = label(&sources, &[], &Background::default());
        assert!(l == "Storm Odile" || l == "Pesca", "{l}");
    }
}
