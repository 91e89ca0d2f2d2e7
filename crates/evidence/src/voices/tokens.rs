//! Words, punctuation and quotation marks of one sentence, located by character offsets.
//!
//! One forward pass over the characters. Quotation marks are paired here, because whether a
//! straight `"` opens or closes depends on what is open, and an opening mark without its
//! close carries over to the next sentence (news segmenters split quoted paragraphs into
//! sentences, so a quotation often spans several).

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters and digits, with inner apostrophes, hyphens and abbreviation periods.
    Word,
    Comma,
    Colon,
    Semicolon,
    /// A dash standing between words (`–`, `—`, or a spaced hyphen).
    Dash,
    /// `.`, `!`, `?`, `…`.
    Terminal,
    /// An opening quotation mark.
    QuoteOpen,
    /// A closing quotation mark.
    QuoteClose,
    OpenBracket,
    CloseBracket,
    Other,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Token<'s> {
    pub text: &'s str,
    /// Character offsets, end exclusive.
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Inside a quotation (not counting the marks themselves).
    pub quoted: bool,
}

impl Token<'_> {
    /// Starts with an upper-case letter (any script with case).
    pub fn is_capitalised(&self) -> bool {
        self.kind == Kind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    pub fn starts_with_digit(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }

    /// Ends in a possessive `'s` / `’s` or a plural possessive `s'`.
    pub fn is_possessive(&self) -> bool {
        let t = self.text;
        t.ends_with("'s") || t.ends_with("’s") || t.ends_with("s'") || t.ends_with("s’")
    }
}

/// One quotation: the character span of the quoted words, and the tokens of its marks.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Quotation {
    /// Quoted words, without the marks.
    pub inner_start: usize,
    pub inner_end: usize,
    /// Token index of the opening mark; `None` when the quotation was opened in an earlier
    /// sentence.
    pub open: Option<usize>,
    /// Token index of the closing mark; `None` when it runs past the end of the sentence.
    pub close: Option<usize>,
}

/// A tokenised sentence.
#[derive(Debug)]
pub(crate) struct Sentence<'s> {
    pub text: &'s str,
    pub tokens: Vec<Token<'s>>,
    pub quotations: Vec<Quotation>,
}

/// Quotation state carried from one sentence to the next.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Carry {
    /// A double quotation (straight, curly, guillemets, German) is open.
    pub open: bool,
    /// It was opened with `„`, so a `“` closes it.
    pub german: bool,
    /// How many sentences it has been open: a mark that never closes must not swallow the
    /// rest of the article.
    pub sentences: u8,
}

/// A quotation left open longer than this is taken as a stray mark.
const MAX_CARRIED_SENTENCES: u8 = 6;

/// Abbreviations whose period belongs to the word: titles and ranks before names.
fn keeps_period(word: &str) -> bool {
    if word.chars().count() == 1 {
        return word.chars().all(char::is_uppercase);
    }
    if word.contains('.') {
        return true;
    }
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Prof"
            | "Maj"
            | "Gen"
            | "Col"
            | "Lt"
            | "Sgt"
            | "Capt"
            | "Cpl"
            | "Adm"
            | "Rev"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Pres"
            | "St"
            | "Jr"
            | "Sr"
            | "Mt"
            | "Hon"
            | "Insp"
            | "Supt"
    )
}

fn is_dash(c: char) -> bool {
    matches!(c, '–' | '—' | '―' | '‒')
}

/// Characters after which a straight `"` opens a quotation.
fn opens_after(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => c.is_whitespace() || matches!(c, '(' | '[' | '{' | '/' | ':') || is_dash(c),
    }
}

/// Characters before which a straight `"` closes a quotation.
fn closes_before(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '…' | '\'')
                || is_dash(c)
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Open,
    Close,
}

/// Tokenises `text`, continuing a quotation left open by the previous sentence.
pub(crate) fn tokenise<'s>(text: &'s str, carry: &mut Carry) -> Sentence<'s> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let byte_at = |i: usize| if i < n { chars[i].0 } else { text.len() };
    let char_at = |i: usize| if i < n { Some(chars[i].1) } else { None };

    let mut tokens: Vec<Token<'s>> = Vec::with_capacity(n / 5 + 4);
    let mut quotations = Vec::new();

    if carry.open && carry.sentences >= MAX_CARRIED_SENTENCES {
        *carry = Carry::default();
    }
    let mut double_open = carry.open;
    let mut german = carry.german;
    let mut double_start: Option<(Option<usize>, usize)> = double_open.then_some((None, 0));
    // Single quotation marks only make a quotation outside a double one, and never carry
    // over: a lone `'` is as often an apostrophe or a prime.
    let mut single_start: Option<(usize, usize)> = None;
    let mut opened_now = false;

    let push = |tokens: &mut Vec<Token<'s>>, from: usize, to: usize, kind: Kind| {
        tokens.push(Token {
            text: &text[byte_at(from)..byte_at(to)],
            start: from,
            end: to,
            kind,
            quoted: false,
        });
    };

    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        let prev = if i > 0 { Some(chars[i - 1].1) } else { None };
        let next = char_at(i + 1);
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let start = i;
            i += 1;
            while i < n {
                let c = chars[i].1;
                let next = char_at(i + 1);
                let prev = chars[i - 1].1;
                let inner_joiner = matches!(c, '-' | '‐' | '\'' | '’' | '.' | ',' | '&');
                if c.is_alphanumeric() || c == '\u{301}' {
                    i += 1;
                } else if inner_joiner && next.is_some_and(char::is_alphanumeric) {
                    // "1,200" and "3.5" join digits only; "U.S" and "e.g" join single letters.
                    let joins = match c {
                        ',' => prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()),
                        '.' => {
                            (prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()))
                                || (i > start
                                    && (i == start + 1 || chars[i - 2].1 == '.')
                                    && next.is_some_and(char::is_alphabetic))
                        }
                        '\'' | '’' => prev.is_alphabetic(),
                        _ => true,
                    };
                    if !joins {
                        break;
                    }
                    i += 1;
                } else {
                    break;
                }
            }
            // A trailing possessive apostrophe ("Workers'") unless it closes a quotation.
            if i < n
                && matches!(chars[i].1, '\'' | '’')
                && single_start.is_none()
                && chars[i - 1].1 == 's'
                && !char_at(i + 1).is_some_and(char::is_alphanumeric)
            {
                i += 1;
            }
            let word = &text[byte_at(start)..byte_at(i)];
            if i < n && chars[i].1 == '.' && keeps_period(word) {
                i += 1;
            }
            push(&mut tokens, start, i, Kind::Word);
            continue;
        }
        let double_mark = match c {
            '"' => {
                if double_open && closes_before(next) {
                    Some(Mark::Close)
                } else if !double_open && opens_after(prev) {
                    Some(Mark::Open)
                } else if double_open {
                    Some(Mark::Close)
                } else {
                    Some(Mark::Open)
                }
            }
            '“' if german && double_open => Some(Mark::Close),
            '“' | '„' | '«' => Some(Mark::Open),
            '”' | '»' => double_open.then_some(Mark::Close),
            _ => None,
        };
        if let Some(mark) = double_mark {
            let index = tokens.len();
            match mark {
                Mark::Open => {
                    if double_open {
                        // A new opening mark while one is open: the earlier quotation ran to
                        // here (a paragraph-continuation mark, or a missing close).
                        if let Some((open, inner_start)) = double_start.take() {
                            quotations.push(Quotation {
                                inner_start,
                                inner_end: i,
                                open,
                                close: None,
                            });
                        }
                    }
                    double_open = true;
                    german = c == '„';
                    opened_now = true;
                    double_start = Some((Some(index), i + 1));
                    single_start = None;
                    push(&mut tokens, i, i + 1, Kind::QuoteOpen);
                }
                Mark::Close => {
                    if let Some((open, inner_start)) = double_start.take() {
                        quotations.push(Quotation {
                            inner_start,
                            inner_end: i,
                            open,
                            close: Some(index),
                        });
                    }
                    double_open = false;
                    german = false;
                    push(&mut tokens, i, i + 1, Kind::QuoteClose);
                }
            }
            i += 1;
            continue;
        }
        if matches!(c, '\'' | '‘' | '’' | '‹' | '›') {
            if !double_open {
                let opens = match c {
                    '‘' | '‹' => true,
                    '\'' => opens_after(prev) && next.is_some_and(|n| !n.is_whitespace()),
                    _ => false,
                };
                if single_start.is_some() && !opens && closes_before(next) {
                    let (open, inner_start) = single_start.take().unwrap_or((0, i));
                    let index = tokens.len();
                    quotations.push(Quotation {
                        inner_start,
                        inner_end: i,
                        open: Some(open),
                        close: Some(index),
                    });
                    push(&mut tokens, i, i + 1, Kind::QuoteClose);
                    i += 1;
                    continue;
                }
                if opens && single_start.is_none() {
                    single_start = Some((tokens.len(), i + 1));
                    push(&mut tokens, i, i + 1, Kind::QuoteOpen);
                    i += 1;
                    continue;
                }
            }
            push(&mut tokens, i, i + 1, Kind::Other);
            i += 1;
            continue;
        }
        let kind = match c {
            ',' | '،' | '，' => Kind::Comma,
            ':' => Kind::Colon,
            ';' => Kind::Semicolon,
            '.' | '!' | '?' | '…' | '。' | '！' | '？' => Kind::Terminal,
            '(' | '[' | '{' => Kind::OpenBracket,
            ')' | ']' | '}' => Kind::CloseBracket,
            '-' if prev.is_some_and(char::is_whitespace)
                && next.is_none_or(char::is_whitespace) =>
            {
                Kind::Dash
            }
            c if is_dash(c) => Kind::Dash,
            _ => Kind::Other,
        };
        push(&mut tokens, i, i + 1, kind);
        i += 1;
    }

    if let Some((open, inner_start)) = double_start {
        quotations.push(Quotation { inner_start, inner_end: n, open, close: None });
    }
    // An unclosed single mark was an apostrophe or a prime after all: turn it back.
    if let Some((open, _)) = single_start {
        tokens[open].kind = Kind::Other;
    }
    quotations.sort_by_key(|q| q.inner_start);
    // Both lists are in text order: one merged walk, linear on any input.
    let mut next_quotation = quotations.iter().peekable();
    for t in tokens.iter_mut() {
        while next_quotation.peek().is_some_and(|q| q.inner_end <= t.start) {
            next_quotation.next();
        }
        if let Some(q) = next_quotation.peek() {
            t.quoted = t.start >= q.inner_start
                && t.end <= q.inner_end
                && !matches!(t.kind, Kind::QuoteOpen | Kind::QuoteClose);
        }
    }

    *carry = if double_open {
        Carry {
            open: true,
            german,
            sentences: if opened_now { 1 } else { carry.sentences.saturating_add(1) },
        }
    } else {
        Carry::default()
    };
    Sentence { text, tokens, quotations }
}
