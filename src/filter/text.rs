//! Words as the filter sees them: runs of letters and digits, folded to lower case without
//! accents, so "Türkiye’s" holds the words "turkiye" and "s". Indexing, matching and
//! highlighting all cut text with these two functions, so they always agree.

use std::ops::Range;

use nucleo_matcher::chars::{normalize, to_lower_case};

/// Lower-case, accent-free form of one character.
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        normalize(to_lower_case(c))
    }
}

/// The byte ranges of the words of `text`.
pub fn words(text: &str) -> Words<'_> {
    Words { text, pos: 0 }
}

/// Iterator behind [`words`]: ASCII is tested byte by byte, other text a character at a time.
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
}

impl Words<'_> {
    /// Is there a word character at `pos`, and how long is it in bytes?
    fn at(&self, pos: usize) -> (bool, usize) {
        let b = self.text.as_bytes()[pos];
        if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            match self.text.get(pos..).and_then(|t| t.chars().next()) {
                Some(c) => (c.is_alphanumeric(), c.len_utf8()),
                None => (false, 1),
            }
        }
    }
}

impl Iterator for Words<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let len = self.text.len();
        while self.pos < len {
            let (word, n) = self.at(self.pos);
            if word {
                break;
            }
            self.pos += n;
        }
        if self.pos >= len {
            return None;
        }
        let start = self.pos;
        while self.pos < len {
            let (word, n) = self.at(self.pos);
            if !word {
                break;
            }
            self.pos += n;
        }
        Some(start..self.pos)
    }
}

/// Append the folded form of `word` to `out`.
pub fn fold_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.extend(word.chars().map(fold_char));
    }
}

/// The folded form of one word.
pub fn folded(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// The folded words of a piece of text ("Foreign-Minister" → ["foreign", "minister"]).
pub fn folded_words(text: &str) -> Vec<String> {
    words(text).map(|r| folded(&text[r])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_punctuation_and_fold() {
        let text = "Iran’s “good start”, U.S.-led talks in Türkiye";
        let ws: Vec<&str> = words(text).map(|r| &text[r]).collect();
        assert_eq!(
            ws,
            [
                "Iran", "s", "good", "start", "U", "S", "led", "talks", "in", "Türkiye"
            ]
        );
        assert_eq!(folded("Türkiye"), "turkiye");
        assert_eq!(folded("CÔTE"), "cote");
        assert_eq!(folded_words("Foreign-Minister"), ["foreign", "minister"]);
    }

    #[test]
    fn no_words_in_punctuation() {
        assert_eq!(words("“ — … ”").count(), 0);
        assert_eq!(words("").count(), 0);
    }
}
