//! Who speaks in an article: direct quotes and attributed statements.
//!
//! How it works. Each sentence is tokenised once (`tokens`), with its quotation marks paired
//! (a quotation left open continues into the next sentence). Within the sentence
//! (`attribution`), every speech cue outside quotation marks — a speech verb ("said",
//! "told", "claimed", "called for", …), "according to", or a colon before a quotation — is
//! matched with a speaker phrase (`phrases`): before it ("the ministry said"), after it
//! ("…, said Dr. Helen Tran"), before an appositive ("Mykola Savchuk, an adviser to the mayor,
//! said"), a pronoun ("it added"), or the subject of the verb it is coordinated with ("…
//! insists … and has denied …"). The statement is the quotation when one is all of it, the
//! clause before a trailing attribution ("…, the ministry said"), or the clause after the
//! verb (after "that" when it comes within a few words). Across the article (`speakers`),
//! phrases are normalised (articles, titles and roles dropped: "Russian Defense Minister
//! Sergey Shoigu" → "Sergey Shoigu") and resolved: surnames to full names, "the ministry" to
//! the "… Ministry" named, pronouns to the last speaker they can stand for; an unresolvable
//! pronoun drops the voice. Quotations running over several sentences take the speaker given
//! where they close or where they open; a whole-sentence quotation right after a direct quote
//! continues that speaker (the news convention of attributing a run of quotes once).
//!
//! What is not a voice: a verb with no speaker before or after it ("has drawn accusations",
//! "were confirmed"), perception ("a video … shows"), and quoted words with no attribution
//! (scare quotes such as "liberated").
//!
//! Cost: no pattern is compiled; every word list is a `match`; each sentence is scanned a
//! small number of times. See `examples/voices_speed.rs` for a timing over 10,000 sentences.

mod attribution;
mod key;
mod lexicon;
mod phrases;
mod speakers;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_rules;
mod tokens;

pub use key::speaker_key;

use serde::{Deserialize, Serialize};

use crate::Span;

/// How a voice is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoiceKind {
    /// Words in quotation marks with a speaker.
    Direct,
    /// Reported speech: "X said (that) …", "X told Y …", "X claimed …".
    Reported,
    /// "according to X", "X's statement".
    According,
}

/// One attributed statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Voice {
    /// The sentence it is in (index into the sentences given).
    pub sentence: usize,
    /// The statement: the quoted words, or the reported clause.
    pub span: Span,
    /// The speaker as written in this sentence ("the ministry", "Shoigu", "It"), if written.
    pub speaker_span: Option<Span>,
    /// The speaker, normalised across the article: full name or institution as the article
    /// first names it ("Russian Defense Ministry", "Sergey Shoigu"), no leading article, no
    /// pronoun. An unresolvable pronoun leaves the voice out.
    pub speaker: String,
    /// The speech verb or cue, lower-cased ("said", "told", "according to").
    pub cue: String,
    /// How it is given.
    pub kind: VoiceKind,
    /// The speaker's office or affiliation as written before or after the name ("Russian
    /// Defense Minister", "from the 36th Separate Marine Brigade"), when one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// Finds the voices of an article, given its sentences in order (the title, if wanted,
/// first). Later mentions ("the ministry", "he", "Putin") resolve to the speaker the article
/// named in full.
pub fn extract(sentences: &[&str]) -> Vec<Voice> {
    let mut carry = tokens::Carry::default();
    let tokenised: Vec<tokens::Sentence<'_>> =
        sentences.iter().map(|s| tokens::tokenise(s, &mut carry)).collect();
    let words: Vec<phrases::Words<'_, '_>> = tokenised.iter().map(phrases::Words::new).collect();
    let registry = speakers::Registry::build(&words);
    let mut article = Article::new(&registry);
    for (index, sentence) in words.iter().enumerate() {
        let found = attribution::find(sentence);
        article.sentence(index, sentence, &found);
    }
    let mut voices = article.voices;
    voices.sort_by_key(|v| (v.sentence, v.span.start));
    // One voice per speaker and sentence: "X reported … and said …" is one attributed
    // statement of X's in that sentence, however many cues it has.
    let mut seen = std::collections::HashSet::new();
    voices.retain(|v| seen.insert((v.sentence, v.speaker.to_lowercase())));
    voices
}

/// A speaker resolved for one finding.
#[derive(Clone, Debug)]
struct Resolved {
    name: String,
    role: Option<String>,
    class: speakers::Class,
    span: Option<Span>,
}

/// A quotation running over several sentences, waiting for the attribution that closes it.
#[derive(Debug, Default)]
struct Run {
    /// Known when the quotation opened after its attribution ("X said: "…").
    speaker: Option<(Resolved, String)>,
    /// Pieces seen before the speaker was known.
    pieces: Vec<(usize, Span)>,
    /// The direct voice right before the quotation opened, which a run of quotes continues.
    continues: Option<(Resolved, String)>,
}

/// How many sentences back a pronoun looks for its speaker.
const PRONOUN_REACH: usize = 6;

/// The article-level state: resolved speakers so far and quotations still open.
struct Article<'r> {
    registry: &'r speakers::Registry,
    voices: Vec<Voice>,
    /// Speakers in order, with the sentence they spoke in.
    history: Vec<(Resolved, usize)>,
    open_run: Option<Run>,
    /// The last direct voice of the previous sentence.
    previous_direct: Option<(Resolved, String)>,
    /// People the article has called "he" (true) or "she" (false), so that a "he" does not
    /// go to a woman speaker.
    genders: std::collections::HashMap<String, bool>,
}

impl<'r> Article<'r> {
    fn new(registry: &'r speakers::Registry) -> Self {
        Article {
            registry,
            voices: Vec::new(),
            history: Vec::new(),
            open_run: None,
            previous_direct: None,
            genders: std::collections::HashMap::new(),
        }
    }

    fn resolve(
        &self,
        words: &phrases::Words<'_, '_>,
        index: usize,
        who: attribution::Who,
        earlier: &[Option<Resolved>],
    ) -> Option<Resolved> {
        use attribution::Who;
        use speakers::Class;
        match who {
            Who::Phrase { from, to } => {
                let named = speakers::normalise(words, from, to)?;
                let named = self.registry.resolve(named, index);
                let span = Span::new(words.tok(from).start, words.tok(to - 1).end);
                Some(Resolved {
                    name: named.name,
                    role: named.role,
                    class: named.class,
                    span: Some(span),
                })
            }
            Who::SameAs(e) => earlier.get(e).cloned().flatten(),
            Who::Pronoun(p, at) => {
                let span = Some(Span::new(words.tok(at).start, words.tok(at).end));
                let male = match words.low(at) {
                    "he" => Some(true),
                    "she" => Some(false),
                    _ => None,
                };
                let gender_fits = |name: &str| match (male, self.genders.get(name)) {
                    (Some(m), Some(g)) => m == *g,
                    _ => true,
                };
                let fits = |r: &Resolved| match p {
                    lexicon::Pronoun::Person => {
                        matches!(r.class, Class::Person) && gender_fits(&r.name)
                    }
                    lexicon::Pronoun::Thing => matches!(r.class, Class::Institution),
                    lexicon::Pronoun::Plural => matches!(r.class, Class::Group),
                    lexicon::Pronoun::Deictic => false,
                };
                let recent = self
                    .history
                    .iter()
                    .rev()
                    .take_while(|(_, s)| s + PRONOUN_REACH >= index)
                    .find(|(r, _)| fits(r));
                if p != lexicon::Pronoun::Person {
                    // "The ministry gave new figures: it said …": the subject before the
                    // pronoun in its own sentence comes first.
                    let own_subject = self
                        .registry
                        .leading_of(index)
                        .filter(|(named, end)| {
                            *end <= at
                                && match p {
                                    lexicon::Pronoun::Thing => named.class == Class::Institution,
                                    lexicon::Pronoun::Plural => named.class == Class::Group,
                                    _ => false,
                                }
                        })
                        .map(|(named, _)| self.registry.resolve(named.clone(), index))
                        .map(|named| Resolved {
                            name: named.name,
                            role: named.role,
                            class: named.class,
                            span,
                        })
                        .filter(|r| fits(r));
                    return own_subject
                        .or_else(|| recent.map(|(r, _)| Resolved { span, ..r.clone() }));
                }
                // A person named as the subject of a sentence since that speaker (or in the
                // last few sentences, if none) is the likelier "he" or "she": "Chloe Hartwell,
                // 24, was sleeping … "…," she said".
                let since = recent.map_or(index.saturating_sub(3), |(_, s)| s + 1);
                let subject = (since..=index)
                    .rev()
                    .find_map(|s| self.registry.subject_of(s))
                    .filter(|name| gender_fits(name));
                match (subject, recent) {
                    (Some(name), _) => Some(Resolved {
                        name: name.to_string(),
                        role: None,
                        class: Class::Person,
                        span,
                    }),
                    (None, Some((r, _))) => Some(Resolved { span, ..r.clone() }),
                    (None, None) => None,
                }
            }
        }
    }

    fn emit(
        &mut self,
        sentence: usize,
        span: Span,
        who: &Resolved,
        cue: &str,
        kind: VoiceKind,
        written: bool,
    ) {
        self.voices.push(Voice {
            sentence,
            span,
            speaker_span: if written { who.span } else { None },
            speaker: who.name.clone(),
            cue: cue.to_string(),
            kind,
            role: who.role.clone(),
        });
    }

    fn sentence(
        &mut self,
        index: usize,
        words: &phrases::Words<'_, '_>,
        found: &[attribution::Found],
    ) {
        let mut resolved: Vec<Option<Resolved>> = Vec::with_capacity(found.len());
        let mut direct_here: Option<(Resolved, String)> = None;
        for f in found {
            let who = self.resolve(words, index, f.who, &resolved);
            if let (Some(r), attribution::Who::Pronoun(_, at)) = (&who, f.who)
                && let male @ ("he" | "she") = words.low(at)
            {
                self.genders.insert(r.name.clone(), male == "he");
            }
            if let Some(r) = &who {
                self.emit(index, f.span, r, &f.cue, f.kind, true);
                self.history.push((r.clone(), index));
                if f.kind == VoiceKind::Direct {
                    direct_here = Some((r.clone(), f.cue.clone()));
                }
            }
            resolved.push(who);
        }
        let quotations = &words.sentence.quotations;
        for (q, quotation) in quotations.iter().enumerate() {
            let attributed = found
                .iter()
                .zip(&resolved)
                .find(|(f, _)| f.quotation == Some(q))
                .and_then(|(f, r)| r.clone().map(|r| (r, f.cue.clone())));
            let piece = Span::new(quotation.inner_start, quotation.inner_end);
            let piece = trim_piece(words.sentence.text, piece);
            if piece.end <= piece.start {
                continue;
            }
            let whole_sentence = quotation.open.is_none_or(|o| o == 0)
                && quotation.close.is_none_or(|c| c + 3 >= words.len());
            match (quotation.open, quotation.close) {
                (None, close) => {
                    let mut run = self.open_run.take().unwrap_or_default();
                    match (&attributed, &run.speaker) {
                        (Some((who, cue)), _) => {
                            for (s, span) in std::mem::take(&mut run.pieces) {
                                self.emit(s, span, who, cue, VoiceKind::Direct, false);
                            }
                            run.speaker = Some((who.clone(), cue.clone()));
                        }
                        (None, Some((who, cue))) => {
                            let (who, cue) = (who.clone(), cue.clone());
                            self.emit(index, piece, &who, &cue, VoiceKind::Direct, false);
                            direct_here.get_or_insert((who, cue));
                        }
                        (None, None) => run.pieces.push((index, piece)),
                    }
                    if close.is_none() {
                        self.open_run = Some(run);
                    } else if !run.pieces.is_empty()
                        && let Some((who, cue)) = run.continues.take()
                    {
                        // A run of quotes after a direct quote, never attributed itself.
                        for (s, span) in run.pieces {
                            self.emit(s, span, &who, &cue, VoiceKind::Direct, false);
                        }
                        direct_here.get_or_insert((who, cue));
                    }
                }
                (Some(open), None) => {
                    let continues = if open == 0 { self.previous_direct.clone() } else { None };
                    let mut run =
                        Run { speaker: attributed.clone(), pieces: Vec::new(), continues };
                    if attributed.is_none() {
                        run.pieces.push((index, piece));
                    }
                    self.open_run = Some(run);
                }
                (Some(_), Some(_)) => {
                    if attributed.is_none()
                        && whole_sentence
                        && let Some((who, cue)) = self.previous_direct.clone()
                    {
                        self.emit(index, piece, &who, &cue, VoiceKind::Direct, false);
                        direct_here.get_or_insert((who, cue));
                    }
                }
            }
        }
        if quotations.iter().all(|q| q.close.is_some()) {
            // Nothing carries on past this sentence.
            self.open_run = None;
        }
        self.previous_direct = direct_here;
    }
}

/// The quoted words of a piece, without edge spaces or a trailing comma.
fn trim_piece(text: &str, span: Span) -> Span {
    let inner = span.text(text);
    let end = inner.trim_end_matches([',', ' ', '\u{a0}']).chars().count();
    let lead = inner.chars().take_while(|c| c.is_whitespace()).count().min(end);
    Span::new(span.start + lead, span.start + end)
}
