//! Words, punctuation and sentences with byte spans: the one pass over the text that every
//! later rule reads. Possessive `'s` is its own token, so "Trump's" names "Trump".

use crate::word_set;
use crate::wordkey::{self, WordSet};
use std::sync::LazyLock;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    /// `'s` or a lone `'` after a plural ("Iran's", "Rangers'").
    Possessive,
    Punct,
    /// Paragraph break (an empty line or, in most news text, a single newline).
    Newline,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// First character is upper case.
    pub capitalised: bool,
    /// Every letter upper case, at least two letters ("IRGC", "U.S.").
    pub all_caps: bool,
    /// The first word of its sentence.
    pub sentence_start: bool,
    /// An upper-case letter after the first character ("iPhone", "McCain", "US").
    pub inner_capital: bool,
}

impl Token {
    pub fn text<'a>(&self, body: &'a str) -> &'a str {
        &body[self.start..self.end]
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// ASCII letters, digits and `_`: the bytes a word is mostly made of, looked up in a table.
const ASCII_WORD: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

/// Abbreviations whose full stop does not end a sentence.
static ABBREVIATIONS: LazyLock<WordSet> = word_set![
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Gen", "Lt", "Col", "Capt", "Sgt", "St",
    "Jr", "Sr", "Inc", "Corp", "Co", "Ltd", "No", "vs", "Mt", "Ft", "Adm", "Maj", "Rev", "Hon",
    "Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Gens", "Messrs", "Cpl",
    "Pvt", "Supt", "Insp", "Det", "Ave", "approx", "etc", "Nos", "Vol",
];

/// A word whose full stop does not end a sentence: an abbreviation ("Mr", "Gov", "Jan") or an
/// initial ("J").
pub fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    ABBREVIATIONS.contains(&word)
        || chars.next().is_some_and(char::is_uppercase) && chars.next().is_none()
}

/// Split a text into tokens.
pub fn tokenize(body: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::with_capacity(body.len() / 5);
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Most tokens: a word that starts with an ASCII letter or digit.
        if b < 0x80 && ASCII_WORD[b as usize] {
            let end = word_end(body, i);
            push_word(body, &mut tokens, i, end);
            i = end;
            continue;
        }
        if b == b'\n' {
            if tokens.last().is_none_or(|t| t.kind != TokenKind::Newline) {
                tokens.push(punct(i, i + 1, TokenKind::Newline));
            }
            i += 1;
            continue;
        }
        if b == b' ' || b == b'\t' || b == b'\r' {
            i += 1;
            continue;
        }
        let c = if b < 0x80 {
            b as char
        } else {
            body[i..].chars().next().unwrap_or(' ')
        };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if is_word_char(c) {
            let end = word_end(body, i);
            push_word(body, &mut tokens, i, end);
            i = end;
            continue;
        }
        // Possessive or plural possessive after a word: "Iran's", "Rangers'".
        if is_apostrophe(c) && tokens.last().is_some_and(|t| t.end == i && t.is_word()) {
            let after = i + c.len_utf8();
            let rest = &body[after..];
            if (rest.starts_with('s') || rest.starts_with('S'))
                && !rest[1..].starts_with(is_word_char)
            {
                tokens.push(punct(i, after + 1, TokenKind::Possessive));
                i = after + 1;
                continue;
            }
            if !rest.starts_with(is_word_char)
                && tokens
                    .last()
                    .is_some_and(|t| body[t.start..t.end].ends_with('s'))
            {
                tokens.push(punct(i, after, TokenKind::Possessive));
                i = after;
                continue;
            }
        }
        let len = c.len_utf8();
        tokens.push(punct(i, i + len, TokenKind::Punct));
        i += len;
    }
    mark_sentence_starts(body, &mut tokens);
    tokens
}

fn punct(start: usize, end: usize, kind: TokenKind) -> Token {
    Token {
        start,
        end,
        kind,
        capitalised: false,
        all_caps: false,
        sentence_start: false,
        inner_capital: false,
    }
}

/// End of the word starting at `start`: letters and digits, joined by inner hyphens, inner
/// apostrophes ("don't", "O'Brien", but not a possessive 's), and dots between single letters
/// ("U.S.", "D.C.").
fn word_end(body: &str, start: usize) -> usize {
    let bytes = body.as_bytes();
    let mut i = start;
    let mut segment_len = 0;
    let mut dotted = false;
    loop {
        // Consume a run of word characters.
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if ASCII_WORD[b as usize] {
                    i += 1;
                    segment_len += 1;
                    continue;
                }
                break;
            }
            match body[i..].chars().next() {
                Some(c) if is_word_char(c) || is_combining(c) => {
                    i += c.len_utf8();
                    segment_len += 1;
                }
                _ => break,
            }
        }
        if i >= bytes.len() {
            return i;
        }
        // Most words end at a space or a mark that joins nothing.
        if bytes[i] < 0x80 && !matches!(bytes[i], b'-' | b'\'' | b'.') {
            return i;
        }
        let next = body[i..].chars().next().unwrap_or(' ');
        let after = &body[i + next.len_utf8()..];
        let next_is_word = after.chars().next().is_some_and(is_word_char);
        match next {
            '-' | '‐' | '‑' if next_is_word => {
                i += next.len_utf8();
                segment_len = 0;
            }
            c if is_apostrophe(c) && next_is_word => {
                // Keep "'s" for the possessive token; join "don't", "O'Brien".
                let possessive = (after.starts_with('s') || after.starts_with('S'))
                    && !after[1..].starts_with(is_word_char);
                if possessive {
                    return i;
                }
                i += c.len_utf8();
                segment_len = 0;
            }
            '.' if segment_len == 1 && (dotted || single_letter_follows(after)) => {
                // "U.S." and "D.C.": take the dot; continue with the next letter if any.
                dotted = true;
                i += 1;
                segment_len = 0;
                if !after.chars().next().is_some_and(char::is_alphabetic) {
                    return i;
                }
            }
            _ => return i,
        }
    }
}

fn single_letter_follows(after: &str) -> bool {
    let mut chars = after.chars();
    chars.next().is_some_and(char::is_alphabetic) && chars.next() == Some('.')
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{200C}' | '\u{200D}')
}

fn push_word(body: &str, tokens: &mut Vec<Token>, start: usize, end: usize) {
    let text = &body[start..end];
    let bytes = text.as_bytes();
    // "12-day", "3.67": a word that starts with a digit is a number, never a name.
    let kind = if bytes.first().is_some_and(u8::is_ascii_digit) {
        TokenKind::Number
    } else {
        TokenKind::Word
    };
    // Every letter a capital (and at least two letters); a capital first, and after the first
    // character.
    let (all_caps, capitalised, inner_capital);
    if let Some(key) = wordkey::pack(bytes)
        && wordkey::packed_is_ascii(key)
    {
        // Most words: at most 16 ASCII bytes, read from bit masks in a register: all capitals
        // is no lower-case letter and more than one capital.
        let (up, low) = (wordkey::packed_upper(key), wordkey::packed_lower(key));
        all_caps = low == 0 && up & up.wrapping_sub(1) != 0;
        capitalised = up & 0x80 != 0;
        inner_capital = up >> 8 != 0;
    } else if bytes.first().is_some_and(u8::is_ascii_lowercase) {
        // Most words: lower case, so neither capitalised nor all capitals; a capital further
        // on ("iPhone") is all that is left to see.
        all_caps = false;
        capitalised = false;
        inner_capital = bytes.iter().any(u8::is_ascii_uppercase)
            || (!text.is_ascii() && text.chars().skip(1).any(char::is_uppercase));
    } else {
        let (mut letters, mut upper, mut first, mut inner) = (0, 0, false, false);
        for (k, c) in text.chars().enumerate() {
            let up = c.is_uppercase();
            first |= k == 0 && up;
            inner |= k > 0 && up;
            if c.is_alphabetic() {
                letters += 1;
                upper += u32::from(up);
            }
        }
        all_caps = letters >= 2 && upper == letters;
        capitalised = first;
        inner_capital = inner;
    }
    tokens.push(Token {
        start,
        end,
        kind,
        capitalised,
        all_caps,
        sentence_start: false,
        inner_capital,
    });
}

/// Mark the first word of every sentence: after a paragraph break, or after `.`, `!`, `?`
/// (optionally followed by closing quotes or brackets) that is not an abbreviation's dot.
fn mark_sentence_starts(body: &str, tokens: &mut [Token]) {
    let mut at_start = true;
    for i in 0..tokens.len() {
        let t = tokens[i];
        match t.kind {
            TokenKind::Newline => at_start = true,
            TokenKind::Word | TokenKind::Number => {
                if at_start {
                    tokens[i].sentence_start = true;
                }
                at_start = false;
            }
            TokenKind::Punct => {
                // A mark is one character.
                let p = body[t.start..].chars().next().unwrap_or(' ');
                if matches!(p, '.' | '!' | '?' | '…') {
                    let prev = i.checked_sub(1).map(|j| tokens[j]);
                    let abbreviation = p == '.'
                        && prev.is_some_and(|pt| {
                            pt.end == t.start && pt.is_word() && {
                                let w = pt.text(body);
                                is_abbreviation(w)
                            }
                        });
                    if !abbreviation {
                        at_start = true;
                    }
                } else if at_start
                    && matches!(
                        p,
                        '“' | '"'
                            | '‘'
                            | '('
                            | '['
                            | '\''
                            | '”'
                            | '’'
                            | ')'
                            | ']'
                            | '—'
                            | '–'
                            | '-'
                    )
                {
                    // Opening or closing marks keep the next word a sentence start.
                } else if !at_start {
                } else {
                    at_start = false;
                }
            }
            TokenKind::Possessive => at_start = false,
        }
    }
    // A dotted abbreviation ending a sentence ("in the U.S. The talks") is ambiguous; the next
    // word is treated as a sentence start only when it is a common sentence opener, which the
    // entity rules decide. Nothing to do here.
}

/// Sentences as token index ranges (a sentence never crosses a paragraph break).
pub fn sentences(tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, t) in tokens.iter().enumerate() {
        if t.kind == TokenKind::Newline {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
            continue;
        }
        if t.sentence_start
            && let Some(s) = start.replace(i)
        {
            // Trailing closing marks belong to the previous sentence already (they precede i).
            out.push(s..i);
        }
        if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(s..tokens.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn possessives_abbreviations_and_hyphens() {
        assert_eq!(words("Trump's son"), ["Trump", "'s", "son"]);
        assert_eq!(words("Iran’s team"), ["Iran", "’s", "team"]);
        assert_eq!(words("the U.S. wants"), ["the", "U.S.", "wants"]);
        assert_eq!(words("Al-Busaidi don't"), ["Al-Busaidi", "don't"]);
        assert_eq!(words("O'Brien"), ["O'Brien"]);
        assert_eq!(words("Rangers' win"), ["Rangers", "'", "win"]);
        assert_eq!(
            words("Washington D.C. today"),
            ["Washington", "D.C.", "today"]
        );
    }

    #[test]
    fn sentence_starts() {
        let text = "Mr. Smith went home. He said “Yes.” Then Dr. Jones left.\nNew paragraph";
        let toks = tokenize(text);
        let starts: Vec<&str> = toks
            .iter()
            .filter(|t| t.sentence_start)
            .map(|t| t.text(text))
            .collect();
        assert_eq!(starts, ["Mr", "He", "Then", "New"]);
    }
}
