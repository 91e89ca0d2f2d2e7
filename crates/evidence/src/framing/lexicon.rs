//! A phrase lexicon matched word by word: case-insensitive, on word boundaries, with simple
//! English inflection, multi-word cues, and the longest cue winning.
//!
//! The data format is one cue per line, `label: cue`, where `cue` may list several forms
//! separated by `|` (for irregular forms: `take a swipe | took a swipe`); `#` starts a
//! comment. A cue written with a hyphen ("so-called") only matches hyphenated text; one
//! written with a space matches either.

use std::collections::HashMap;

use crate::Span;

/// One word of a sentence, with its character offsets and its lower-cased text.
#[derive(Debug)]
struct Token {
    span: Span,
    lower: String,
    /// Joined to the previous token by a hyphen ("so-called"): the two belong to one compound.
    hyphen_before: bool,
}

/// Splits a sentence into words: runs of letters and digits, keeping an apostrophe that sits
/// between two letters ("don't", "Obama's"), and noting hyphens that join two words.
fn tokens(sentence: &str) -> Vec<Token> {
    let chars: Vec<char> = sentence.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        let mut lower = String::new();
        while i < chars.len() {
            let c = chars[i];
            if c.is_alphanumeric() {
                lower.extend(c.to_lowercase());
                i += 1;
            } else if is_apostrophe(c)
                && i > start
                && chars.get(i + 1).is_some_and(|n| n.is_alphabetic())
            {
                lower.push('\'');
                i += 1;
            } else {
                break;
            }
        }
        let hyphen_before = start >= 1
            && is_hyphen(chars[start - 1])
            && out.last().is_some_and(|t: &Token| t.span.end + 1 == start);
        out.push(Token { span: Span::new(start, i), lower, hyphen_before });
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The dictionary forms a word may be an inflection of, the word itself first.
///
/// Rather than expanding every cue into its inflections, each word of the sentence is reduced
/// to the few stems it could come from ("slammed" → slamm, slamme, slam); a cue matches when
/// one of them is the cue's word. A wrong stem costs nothing unless it happens to be a cue.
fn candidates(word: &str) -> Vec<String> {
    let mut out = vec![word.to_string()];
    let base = word.strip_suffix("'s").unwrap_or(word);
    if base != word {
        out.push(base.to_string());
    }
    let len = base.chars().count();
    let mut push = |s: String| {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    };
    // -s, -es, -ies
    if len > 3 && base.ends_with('s') && !base.ends_with("ss") {
        push(base[..base.len() - 1].to_string());
        if let Some(stem) = base.strip_suffix("es") {
            push(stem.to_string());
        }
        if let Some(stem) = base.strip_suffix("ies") {
            push(format!("{stem}y"));
        }
    }
    // -ed, -ing and -est: the bare stem, the stem with its silent e back, the stem with a
    // doubled final consonant undone.
    for (suffix, min_len) in [("ed", 4), ("ing", 5), ("est", 6)] {
        if len > min_len
            && let Some(stem) = base.strip_suffix(suffix)
        {
            push(stem.to_string());
            push(format!("{stem}e"));
            if let Some(undoubled) = undouble(stem) {
                push(undoubled.to_string());
            }
            if suffix != "ing"
                && let Some(y_stem) = stem.strip_suffix('i')
            {
                push(format!("{y_stem}y"));
            }
        }
    }
    // -ly adverbs: fiercely → fierce, angrily → angry, terribly → terrible, tragically → tragic
    if len > 5
        && let Some(stem) = base.strip_suffix("ly")
    {
        push(stem.to_string());
        if let Some(y_stem) = stem.strip_suffix('i') {
            push(format!("{y_stem}y"));
        }
        if stem.ends_with('b') {
            push(format!("{stem}le"));
        }
        if let Some(ic) = stem.strip_suffix("al")
            && ic.ends_with("ic")
        {
            push(ic.to_string());
        }
    }
    out
}

/// "slamm" → "slam": a stem ending in a doubled consonant, with one of them dropped.
fn undouble(stem: &str) -> Option<&str> {
    let mut rev = stem.chars().rev();
    let (last, before) = (rev.next()?, rev.next()?);
    (last == before && !"aeiouls".contains(last)).then(|| &stem[..stem.len() - last.len_utf8()])
}

/// The words of a cue and, for each word after the first, whether a hyphen must join it to
/// the word before.
fn cue_words(cue: &str) -> Vec<(String, bool)> {
    let mut words = Vec::new();
    for chunk in cue.split_whitespace() {
        for (j, part) in chunk.split(is_hyphen).enumerate() {
            if part.is_empty() {
                continue;
            }
            let lower: String = part
                .chars()
                .map(|c| if is_apostrophe(c) { '\'' } else { c })
                .flat_map(char::to_lowercase)
                .collect();
            let joined = j > 0 && !words.is_empty();
            words.push((lower, joined));
        }
    }
    words
}

#[derive(Debug)]
struct Node<L> {
    /// The next word, with or without a space before it.
    children: HashMap<String, usize>,
    /// The next word when the cue joins it with a hyphen.
    joined: HashMap<String, usize>,
    labels: Vec<L>,
}

impl<L> Node<L> {
    fn new() -> Node<L> {
        Node { children: HashMap::new(), joined: HashMap::new(), labels: Vec::new() }
    }
}

/// A word trie of cues, each carrying the labels it was listed under.
#[derive(Debug)]
pub(crate) struct Lexicon<L> {
    nodes: Vec<Node<L>>,
    cues: usize,
}

/// A line of a data file that could not be read.
#[derive(Debug, PartialEq)]
pub(crate) struct BadLine {
    pub line: usize,
    pub message: String,
}

impl<L: Copy + PartialEq> Lexicon<L> {
    /// Reads a data file; `label` turns the text before the colon into a label, or `None` when
    /// it is not one.
    pub(crate) fn parse(
        data: &str,
        label: impl Fn(&str) -> Option<L>,
    ) -> Result<Lexicon<L>, BadLine> {
        let mut lexicon = Lexicon { nodes: vec![Node::new()], cues: 0 };
        for (i, raw) in data.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let bad = |message: String| BadLine { line: i + 1, message };
            let (name, cues) =
                line.split_once(':').ok_or_else(|| bad("expected `label: cue`".into()))?;
            let name = name.trim();
            let value = label(name).ok_or_else(|| bad(format!("unknown label {name:?}")))?;
            for cue in cues.split('|') {
                let words = cue_words(cue);
                if words.is_empty() {
                    return Err(bad("empty cue".into()));
                }
                lexicon.insert(&words, value);
            }
        }
        Ok(lexicon)
    }

    fn insert(&mut self, words: &[(String, bool)], label: L) {
        let mut at = 0;
        for (word, hyphen) in words {
            let fresh = self.nodes.len();
            let node = &mut self.nodes[at];
            let edges = if *hyphen { &mut node.joined } else { &mut node.children };
            at = *edges.entry(word.clone()).or_insert(fresh);
            if at == fresh {
                self.nodes.push(Node::new());
            }
        }
        if !self.nodes[at].labels.contains(&label) {
            self.nodes[at].labels.push(label);
            self.cues += 1;
        }
    }

    /// How many (cue, label) pairs the lexicon holds.
    pub(crate) fn len(&self) -> usize {
        self.cues
    }

    /// Every cue found in `sentence`, left to right: at each word the longest cue starting
    /// there wins, and matching resumes after it. A match that starts or ends inside a
    /// hyphenated compound is widened to the whole compound ("ultra-brutal", not "brutal").
    pub(crate) fn find(&self, sentence: &str) -> Vec<(Span, &[L])> {
        let tokens = tokens(sentence);
        let forms: Vec<Vec<String>> = tokens.iter().map(|t| candidates(&t.lower)).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let Some((last, node)) = self.longest_from(&tokens, &forms, i) else {
                i += 1;
                continue;
            };
            let mut first = i;
            while first > 0 && tokens[first].hyphen_before {
                first -= 1;
            }
            let mut end = last;
            while tokens.get(end + 1).is_some_and(|t| t.hyphen_before) {
                end += 1;
            }
            out.push((Span::new(tokens[first].span.start, tokens[end].span.end), &node[..]));
            i = end + 1;
        }
        out
    }

    /// The last token and the labels of the longest cue starting at token `from`.
    fn longest_from(
        &self,
        tokens: &[Token],
        forms: &[Vec<String>],
        from: usize,
    ) -> Option<(usize, &Vec<L>)> {
        let mut best = None;
        // Several stems of one word may each lead down the trie; follow all of them.
        let mut frontier = vec![0usize];
        for (k, token) in tokens.iter().enumerate().skip(from) {
            let mut next = Vec::new();
            for &node in &frontier {
                for form in &forms[k] {
                    let plain = self.nodes[node].children.get(form.as_str()).copied();
                    let joined = (token.hyphen_before && k > from)
                        .then(|| self.nodes[node].joined.get(form.as_str()).copied())
                        .flatten();
                    // Discovery order puts the word as written before its stems, so "stocks"
                    // beats "stock" when both are cues.
                    for child in plain.into_iter().chain(joined) {
                        if !next.contains(&child) {
                            next.push(child);
                        }
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            if let Some(&hit) = next.iter().find(|&&n| !self.nodes[n].labels.is_empty()) {
                best = Some((k, &self.nodes[hit].labels));
            }
            frontier = next;
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon(data: &str) -> Lexicon<u8> {
        Lexicon::parse(data, |name| name.parse().ok()).unwrap()
    }

    fn found(lexicon: &Lexicon<u8>, sentence: &str) -> Vec<(String, Vec<u8>)> {
        lexicon
            .find(sentence)
            .into_iter()
            .map(|(span, labels)| (span.text(sentence).to_string(), labels.to_vec()))
            .collect()
    }

    #[test]
    fn tokens_keep_inner_apostrophes_and_note_hyphens() {
        let t = tokens("'Nothing left': don't—the so-called “rebels’” Obama’s");
        let words: Vec<&str> = t.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(words, ["nothing", "left", "don't", "the", "so", "called", "rebels", "obama's"]);
        assert!(t[5].hyphen_before && !t[4].hyphen_before && !t[3].hyphen_before);
        assert_eq!(t[0].span, Span::new(1, 8));
    }

    #[test]
    fn inflections_reduce_to_their_stems() {
        for (word, stem) in [
            ("slammed", "slam"),
            ("slamming", "slam"),
            ("blamed", "blame"),
            ("blaming", "blame"),
            ("decried", "decry"),
            ("cronies", "crony"),
            ("taxes", "tax"),
            ("fiercely", "fierce"),
            ("angrily", "angry"),
            ("terribly", "terrible"),
            ("tragically", "tragic"),
            ("harshest", "harsh"),
            ("regime's", "regime"),
            ("killed", "kill"),
        ] {
            assert!(candidates(word).iter().any(|c| c == stem), "{word} → {stem}");
        }
        assert_eq!(candidates("is"), ["is"]);
        assert!(!candidates("red").iter().any(|c| c == "r"));
    }

    #[test]
    fn longest_cue_wins_and_multiword_cues_inflect() {
        let lex = lexicon(
            "1: threat\n2: threaten to | threatens to\n3: take a swipe | took a swipe\n4: swipe",
        );
        assert_eq!(
            found(&lex, "He threatened to quit, then took a swipe at the threat."),
            [
                ("threatened to".into(), vec![2]),
                ("took a swipe".into(), vec![3]),
                ("threat".into(), vec![1])
            ]
        );
        assert_eq!(found(&lex, "Taking a swipe"), [("Taking a swipe".into(), vec![3])]);
    }

    #[test]
    fn matches_respect_word_boundaries_and_case() {
        let lex = lexicon("1: war\n2: so-called\n3: crisis");
        assert_eq!(found(&lex, "The WARDEN warned of war."), [("war".into(), vec![1])]);
        assert_eq!(found(&lex, "the so-called deal"), [("so-called".into(), vec![2])]);
        // A hyphenated cue needs the hyphen; a match inside a compound covers the compound.
        assert!(found(&lex, "so called").is_empty());
        assert_eq!(found(&lex, "an anti-war rally"), [("anti-war".into(), vec![1])]);
        assert_eq!(found(&lex, "CRISES"), Vec::<(String, Vec<u8>)>::new());
    }

    #[test]
    fn one_cue_may_carry_several_labels() {
        let lex = lexicon("1: sanctions\n2: sanctions # both\n");
        assert_eq!(found(&lex, "new sanctions"), [("sanctions".into(), vec![1, 2])]);
        assert_eq!(lex.len(), 2);
    }

    #[test]
    fn malformed_lines_are_reported() {
        let parse = |d: &str| Lexicon::<u8>::parse(d, |n| n.parse().ok()).map(|l| l.len());
        assert_eq!(parse("# only a comment\n\n1: a\n"), Ok(1));
        assert_eq!(parse("1: a\nno colon").unwrap_err().line, 2);
        assert_eq!(parse("x: a").unwrap_err().line, 1);
        assert_eq!(parse("1: a | ").unwrap_err().line, 1);
    }

    #[test]
    fn hostile_input_does_not_panic() {
        let lex = lexicon("1: war\n2: so-called");
        for s in ["", "   ", "!!!--''’’", "-war-", "'", "so-", "-called", "Київ — «війна»", "ß-war"]
        {
            let _ = found(&lex, s);
        }
        let long = "war and peace ".repeat(5000);
        assert_eq!(found(&lex, &long).len(), 5000);
    }
}
