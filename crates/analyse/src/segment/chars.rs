//! Character classes the scanner asks about.

pub(super) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | ')'
            | ']'
            | '}'
            | '\u{201D}' // ”
            | '\u{2019}' // ’
            | '\u{00BB}' // »
            | '\u{203A}' // ›
            | '\u{300D}' // 」
            | '\u{300F}' // 』
            | '\u{FF09}' // ）
            | '\u{3015}' // 〕
            | '\u{3011}' // 】
            | '\u{3009}' // 〉
            | '\u{300B}' // 》
            | '\u{201C}' // “ used as a closer in German typography
    )
}

pub(super) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '{'
            | '*'
            | '\u{201C}' // “
            | '\u{2018}' // ‘
            | '\u{201E}' // „
            | '\u{201A}' // ‚
            | '\u{00AB}' // «
            | '\u{2039}' // ‹
            | '\u{00BF}' // ¿
            | '\u{00A1}' // ¡
            | '\u{300C}' // 「
            | '\u{300E}' // 『
            | '\u{FF08}' // （
            | '\u{3010}' // 【
    )
}

/// Spaces that French typography puts inside guillemets.
pub(super) fn is_inner_space(c: char) -> bool {
    matches!(c, ' ' | '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

pub(super) fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '◦' | '▪' | '‣' | '●' | '■' | '►' | '▶')
}

pub(super) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

/// Terminators that end a sentence whatever follows (scripts without case, CJK).
pub(super) fn is_hard_terminator(c: char) -> bool {
    matches!(
        c,
        '。' | '！'
            | '？'
            | '｡'
            | '।'
            | '॥'
            | '؟'
            | '۔'
            | '։'
            | '።'
            | '፧'
            | '။'
            | '។'
            | '܂'
    )
}

pub(super) fn is_strong_terminator(c: char) -> bool {
    matches!(c, '‼' | '⁇' | '⁈' | '⁉' | '‽')
}

/// Lead bytes of every non-ASCII character the scanner reacts to.
pub(super) fn is_interesting_lead(b: u8) -> bool {
    matches!(b, 0xD6 | 0xD8 | 0xDB | 0xDC | 0xE0 | 0xE1 | 0xE2 | 0xE3 | 0xEF)
}

/// A letter with no case (CJK, Arabic, Devanagari…) counts as a capital after a period.
pub(super) fn is_capital_like(c: char) -> bool {
    c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase())
}

pub(super) fn is_currency(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₹' | '₽' | '₴' | '₩' | '₪' | '₺' | '¢')
}
