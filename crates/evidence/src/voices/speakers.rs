//! Speakers: from a phrase as written to one name per speaker in the article.
//!
//! A phrase is normalised on its own first (articles, titles and roles dropped, a person's
//! name kept: "Russian Defense Minister Sergey Shoigu" → "Sergey Shoigu"), then resolved
//! against what the article names elsewhere: a surname to the full name ("Putin" →
//! "Vladimir Putin", even if the full name only appears as an object), a role or a shortened
//! institution to the institution named in full ("the ministry", "Defense Ministry" →
//! "Russian Defense Ministry"), a pronoun to the last speaker it can stand for.

use super::lexicon::*;
use super::phrases::Words;
use super::tokens::{Kind, Token};

/// What kind of speaker, for matching pronouns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Person,
    /// An institution, a company, a state.
    Institution,
    /// Several people or bodies.
    Group,
    /// A lone capitalised word the article never explains ("Fortin" with no full name).
    Unknown,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Named {
    pub name: String,
    pub role: Option<String>,
    pub class: Class,
}

/// The text of tokens `from..to` as written.
fn text_of<'s>(sentence: &'s str, tokens: &[Token<'s>], from: usize, to: usize) -> &'s str {
    let base = sentence.as_ptr() as usize;
    let a = tokens[from].text.as_ptr() as usize - base;
    let last = &tokens[to - 1];
    let b = last.text.as_ptr() as usize - base + last.text.len();
    &sentence[a..b]
}

fn strip_possessive(word: &str) -> &str {
    for suffix in ["'s", "’s"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return stem;
        }
    }
    word.strip_suffix('\'').or_else(|| word.strip_suffix('’')).unwrap_or(word)
}

/// A token that can be part of a person's name: "Sergey", "Marie-Claude", "K.", "O'Brien".
pub(crate) fn is_name_like(t: &Token<'_>, lower: &str) -> bool {
    if !t.is_capitalised() || t.quoted {
        return false;
    }
    let letters = t.text.chars().filter(|c| c.is_alphabetic()).count();
    let is_initial = letters == 1 && t.text.ends_with('.');
    let all_caps = letters > 1 && !t.text.chars().any(char::is_lowercase);
    let stem = strip_possessive(lower);
    is_initial
        || (!all_caps
            && letters > 1
            && !is_role_word(stem)
            && !is_org_word(stem)
            && !is_state_name(stem)
            && !is_demonym(stem)
            && !is_weekday_or_month(stem)
            && !is_function_word(stem)
            && !is_determiner(stem)
            && pronoun(stem).is_none())
}

/// The phrase's end without a trailing place ("a spokesman in Geneva", "residents in the
/// town of X"): where someone speaks from is not who they are. After a plural, a bare
/// country or capital stays, since it says whose officials they are ("officials in Kyiv").
fn without_location(words: &Words<'_, '_>, a: usize, to: usize) -> usize {
    let Some(at) = (a + 1..to).find(|&k| words.low(k) == "in") else { return to };
    let place = at + 1;
    let group = words.low(at - 1);
    if place + 1 == to
        && is_state_name(words.low(place))
        && group.ends_with('s')
        && !group.ends_with("ss")
    {
        return to;
    }
    at
}

/// Normalises the phrase in tokens `from..to` of one sentence, without looking elsewhere.
pub(crate) fn normalise(words: &Words<'_, '_>, from: usize, to: usize) -> Option<Named> {
    let tokens = &words.sentence.tokens;
    let text = words.sentence.text;
    let mut a = from;
    while a < to
        && (is_article(words.low(a))
            || matches!(words.low(a), "his" | "her" | "their" | "its")
            // "one grandmother": "one" as an article before a singular common noun.
            || (words.low(a) == "one" && a + 1 < to && !tokens[a + 1].is_capitalised()))
    {
        a += 1;
    }
    let to = without_location(words, a, to);
    // "the country's Interior Ministry" names the Interior Ministry.
    if let Some(p) = (a..to).find(|&k| tokens[k].is_possessive() && !tokens[k].is_capitalised())
        && p + 1 < to
        && (p + 1..to).all(|k| tokens[k].is_capitalised())
    {
        a = p + 1;
    }
    if a >= to {
        return None;
    }
    let whole = text_of(text, tokens, a, to);
    // "pricing data", "industry estimates", "international law": documents are not speakers.
    if (a..to)
        .take_while(|&k| k == a || !is_inner_preposition(words.low(k)))
        .any(|k| !tokens[k].is_capitalised() && is_document_noun(words.low(k)))
    {
        return None;
    }
    if (a..to).any(|k| matches!(words.low(k), "and" | "&")) {
        return Some(Named { name: whole.to_string(), role: None, class: Class::Group });
    }
    // A person's name ends the head; what follows a preposition is an affiliation.
    let head_end = (a + 1..to)
        .find(|&k| is_inner_preposition(words.low(k)) && tokens[k].kind == Kind::Word)
        .unwrap_or(to);
    let mut name_from = head_end;
    while name_from > a && is_name_like(&tokens[name_from - 1], words.low(name_from - 1)) {
        name_from -= 1;
    }
    let name_len = head_end - name_from;
    let head_has_org = (a..head_end).any(|k| is_org_word(strip_possessive(words.low(k))));
    // "Resources Minister Dianne Cole": an institution word in the role does not make the
    // name an institution when a role word stands right before the name.
    let role_before_name =
        name_from > a && is_role_word(strip_possessive(words.low(name_from - 1)));
    if name_len > 0 && (!head_has_org || role_before_name) && (name_len >= 2 || name_from > a) {
        let name = text_of(text, tokens, name_from, head_end);
        let name = strip_possessive(name);
        let role = match (name_from > a, head_end < to) {
            (true, _) => {
                Some(text_of(text, tokens, a, name_from).trim_end_matches(',').to_string())
            }
            (false, true) => Some(text_of(text, tokens, head_end, to).to_string()),
            _ => None,
        };
        // "President Putin": one name word after a title is still a person.
        return Some(Named { name: name.to_string(), role, class: Class::Person });
    }
    if to - a == 1 && tokens[a].is_capitalised() {
        let stem = strip_possessive(words.low(a));
        let class = if is_state_name(stem) || is_org_word(stem) {
            Class::Institution
        } else if from == 0 && stem.ends_with('s') && !stem.ends_with("ss") {
            // Capitalised only as the sentence's first word: "Officials say", "Locals claim".
            Class::Group
        } else if is_name_like(&tokens[a], words.low(a)) {
            Class::Unknown
        } else if stem.ends_with("ans") || stem.ends_with("ers") {
            Class::Group
        } else {
            Class::Institution
        };
        return Some(Named { name: whole.to_string(), role: None, class });
    }
    let head = strip_possessive(words.low(head_end - 1));
    let class = if is_org_word(head) && !matches!(head, "forces" | "authorities" | "teams") {
        Class::Institution
    } else if head.ends_with('s') && !head.ends_with("ss") && !head.ends_with("us") {
        Class::Group
    } else if is_role_word(head) || ["man", "woman", "person"].iter().any(|m| head.ends_with(m)) {
        Class::Person
    } else {
        Class::Institution
    };
    Some(Named { name: whole.to_string(), role: None, class })
}

/// A name the article mentions, wherever: speakers resolve against these.
#[derive(Clone, Debug)]
struct Mention {
    named: Named,
    sentence: usize,
    /// Lower-cased words of the name, for matching surnames and shortened forms.
    words: Vec<String>,
    /// Lower-cased words of the role ("revenue minister").
    role_words: Vec<String>,
}

/// Everything named in the article, and which person opens each sentence.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    mentions: Vec<Mention>,
    /// Per sentence: the person its subject names, if any.
    subjects: Vec<Option<String>>,
    /// Per sentence: the noun phrase opening it as a subject, normalised, and the token it
    /// ends before ("One grandmother, wrapped in a blanket, wept as she told …").
    leading: Vec<Option<(Named, usize)>>,
}

/// Words that may open a sentence before a place or time phrase and its comma ("Inside the
/// plant, one marine …").
fn opens_adverbial(lower: &str) -> bool {
    matches!(
        lower,
        "inside"
            | "outside"
            | "in"
            | "at"
            | "on"
            | "near"
            | "after"
            | "before"
            | "later"
            | "earlier"
            | "from"
            | "behind"
            | "across"
            | "by"
            | "during"
            | "since"
            | "within"
    )
}

/// How many sentences later a pronoun may still stand for a sentence's opening subject.
const SUBJECT_REACH: usize = 3;

/// Most tokens of an opening adverbial before its comma.
const MAX_OPENING_ADVERBIAL: usize = 8;

/// The subject opening a sentence, after a leading conjunction or a short adverbial with its
/// comma: the phrase and the token it ends before. Followed by a verb (a lower-case word) or
/// by the comma of an appositive.
fn leading_subject(words: &Words<'_, '_>) -> Option<(Named, usize)> {
    let mut start = 0;
    while start < words.len()
        && (words.kind(start) == Some(Kind::QuoteOpen)
            || matches!(words.low(start), "but" | "and" | "meanwhile" | "however"))
    {
        start += 1;
    }
    if opens_adverbial(words.low(start)) {
        let comma = (start..words.len().min(start + MAX_OPENING_ADVERBIAL))
            .find(|&k| words.kind(k) == Some(Kind::Comma))?;
        start = comma + 1;
    }
    if start >= words.len() || pronoun(words.low(start)).is_some() {
        return None;
    }
    let mut end = words.phrase_right(start)?;
    // A lower-case phrase read rightwards may run on into its verb ("the port authority gave
    // new …"): it ends at its first head noun.
    if let Some(head) = (start..end).find(|&k| {
        let is_head = |j: usize| is_org_word(words.low(j)) || is_role_word(words.low(j));
        is_head(k) && (k + 1 == end || !(is_head(k + 1) || words.tok(k + 1).is_capitalised()))
    }) {
        end = head + 1;
    }
    let next = words.tok(end);
    let verb_or_apposition = end < words.len()
        && match words.kind(end) {
            Some(Kind::Word) => !next.is_capitalised(),
            Some(Kind::Comma) => true,
            _ => false,
        };
    if !verb_or_apposition {
        return None;
    }
    normalise(words, start, end).map(|named| (named, end))
}

fn lower_words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| strip_possessive(&w.to_lowercase()).to_string())
        .collect()
}

impl Registry {
    pub fn build(sentences: &[Words<'_, '_>]) -> Registry {
        let mut registry = Registry::default();
        // Opening subjects matter only to pronouns in the same or the next few sentences:
        // reading them elsewhere would cost most of the time spent here.
        let has_pronoun: Vec<bool> = sentences
            .iter()
            .map(|w| {
                (0..w.len()).any(|k| w.kind(k) == Some(Kind::Word) && pronoun(w.low(k)).is_some())
            })
            .collect();
        for (si, words) in sentences.iter().enumerate() {
            let mut subject = None;
            let tokens = &words.sentence.tokens;
            let mut k = 0;
            while k < tokens.len() {
                if !tokens[k].is_capitalised() || tokens[k].quoted {
                    k += 1;
                    continue;
                }
                let start = k;
                let mut end = k;
                // A capitalised run, with lower-case role words and "of"/"for" inside it:
                // "UN chief Antonio Guterres", "Ministry of Defence".
                while end < tokens.len() && tokens[end].kind == Kind::Word && !tokens[end].quoted {
                    let w = words.low(end);
                    let inside = tokens[end].is_capitalised()
                        || (end > start
                            && is_role_word(w)
                            && tokens.get(end + 1).is_some_and(|t| {
                                t.is_capitalised() || is_role_word(&t.text.to_lowercase())
                            }))
                        || (end > start
                            && matches!(w, "of" | "for" | "de" | "von" | "van" | "al" | "bin")
                            && tokens.get(end + 1).is_some_and(Token::is_capitalised));
                    if !inside {
                        break;
                    }
                    end += 1;
                    if tokens[end - 1].is_possessive() {
                        break;
                    }
                }
                let mut from = start;
                while from < end
                    && (is_function_word(words.low(from)) || is_article(words.low(from)))
                {
                    from += 1;
                }
                if from < end
                    && let Some(named) = normalise(words, from, end)
                {
                    let is_person =
                        named.class == Class::Person && named.name.split_whitespace().count() >= 2;
                    let is_org = named.class == Class::Institution
                        && (from..end).any(|j| is_org_word(strip_possessive(words.low(j))));
                    if is_person && start == 0 {
                        subject = Some(named.name.clone());
                    }
                    if is_person || is_org {
                        let role_words = named.role.as_deref().map(lower_words).unwrap_or_default();
                        registry.mentions.push(Mention {
                            words: lower_words(&named.name),
                            role_words,
                            named,
                            sentence: si,
                        });
                    }
                }
                k = end.max(k + 1);
            }
            let pronoun_ahead =
                has_pronoun[si..(si + SUBJECT_REACH + 1).min(sentences.len())].iter().any(|&p| p);
            let leading = if pronoun_ahead { leading_subject(words) } else { None };
            if subject.is_none()
                && let Some((named, _)) = &leading
                && named.class == Class::Person
            {
                subject = Some(named.name.clone());
            }
            registry.subjects.push(subject);
            registry.leading.push(leading);
        }
        registry
    }

    /// The mention best matching `accept`: the latest at or before sentence `at`, else the only
    /// one after it.
    fn find(&self, at: usize, accept: impl Fn(&Mention) -> bool) -> Option<&Mention> {
        let before = self.mentions.iter().filter(|m| m.sentence <= at && accept(m)).last();
        if before.is_some() {
            return before;
        }
        let mut after = self.mentions.iter().filter(|m| m.sentence > at && accept(m));
        let first = after.next()?;
        after.all(|m| m.named.name == first.named.name).then_some(first)
    }

    /// Resolves a normalised phrase against the article's names.
    pub fn resolve(&self, named: Named, at: usize) -> Named {
        let words = lower_words(&named.name);
        let Some(last) = words.last() else { return named };
        let common_noun = named.name.chars().next().is_some_and(char::is_lowercase);
        if common_noun || named.class == Class::Institution {
            // "ministry" → the "… Ministry" named; "minister" → the person with that role;
            // "Defense Ministry" → "Russian Defense Ministry".
            let org = self.find(at, |m| {
                m.named.class == Class::Institution
                    && m.words.len() > words.len()
                    && if words.len() == 1 {
                        m.words.contains(last)
                    } else {
                        m.words.ends_with(&words)
                    }
            });
            if let Some(m) = org {
                return Named { name: m.named.name.clone(), role: None, class: Class::Institution };
            }
            if words.len() == 1 && is_role_word(last) {
                if let Some(m) =
                    self.find(at, |m| m.named.class == Class::Person && m.role_words.contains(last))
                {
                    return Named {
                        name: m.named.name.clone(),
                        role: m.named.role.clone(),
                        class: Class::Person,
                    };
                }
                return Named { class: Class::Person, ..named };
            }
            return named;
        }
        if matches!(named.class, Class::Person | Class::Unknown) && words.len() <= 2 {
            // A surname (or a first name, or the last two words) of a fuller name.
            let by_surname = self.find(at, |m| {
                m.named.class == Class::Person
                    && m.words.len() > words.len()
                    && m.words.ends_with(&words)
            });
            let by_first = || {
                (words.len() == 1)
                    .then(|| {
                        self.find(at, |m| {
                            m.named.class == Class::Person
                                && m.words.len() >= 2
                                && m.words[0] == *last
                        })
                    })
                    .flatten()
            };
            return match by_surname.or_else(by_first) {
                Some(m) => Named {
                    name: m.named.name.clone(),
                    role: named.role.or_else(|| m.named.role.clone()),
                    class: Class::Person,
                },
                None if named.class == Class::Unknown => Named { class: Class::Person, ..named },
                None => named,
            };
        }
        named
    }

    /// The subject opening sentence `at` and the token it ends before, if one does.
    pub fn leading_of(&self, at: usize) -> Option<&(Named, usize)> {
        self.leading.get(at).and_then(Option::as_ref)
    }

    /// The person opening sentence `at`, if one does.
    pub fn subject_of(&self, at: usize) -> Option<&str> {
        self.subjects.get(at).and_then(|s| s.as_deref())
    }
}
