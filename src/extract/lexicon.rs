//! What the gazetteers say of each word of a text, looked up once per token (one hash look-up,
//! two for a capitalised word) and read by every later stage: candidates, the span model, speakers.

use super::gazetteer::{GAZETTEER, Gazetteer, Phrase, WordEntry};
use super::token::{Token, TokenKind};
use crate::wordkey;

/// A given name, as written ("Ann").
pub const GIVEN: u16 = 1;
/// An ordinary English word, in lower case ("hope" for "Hope").
pub const COMMON: u16 = 1 << 1;
/// A day, month or other calendar word, as written.
pub const CALENDAR: u16 = 1 << 2;
/// A reporting verb in any regular inflection, in lower case ("said", "reported").
pub const SPEECH: u16 = 1 << 3;
/// A one-word person's title, as written ("President", "Sen").
pub const TITLE: u16 = 1 << 4;
/// A title when followed by its abbreviation dot ("Sen" of "Sen.").
pub const TITLE_DOT: u16 = 1 << 5;
/// A head word of organisation names, as written ("Ministry", "University").
pub const ORG_HEAD: u16 = 1 << 6;
/// A word around a team's name in sports reports, in lower case ("beat", "drew").
pub const MATCH_VERB: u16 = 1 << 7;

/// Flags that hold of the word as written; the others hold of its lower-case form.
pub const EXACT_FLAGS: u16 = GIVEN | CALENDAR | TITLE | TITLE_DOT | ORG_HEAD;

/// No gazetteer phrase starts with the word.
pub const NO_PHRASES: u32 = u32::MAX;

/// One token's entry: flags and the gazetteer phrases that start with it as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lex {
    pub flags: u16,
    pub phrases: u32,
}

impl Default for Lex {
    fn default() -> Self {
        Lex {
            flags: 0,
            phrases: NO_PHRASES,
        }
    }
}

impl Lex {
    pub fn has(self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    /// The phrases starting with this word, longest first.
    pub fn phrases(self, gaz: &Gazetteer) -> &[Phrase] {
        gaz.phrase_list(self.phrases)
    }
}

/// `f` of `word` in lower case: lower-cased on the stack when it is short and ASCII (most
/// words), so no string is made for a look-up.
pub fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if word.len() <= buf.len() && word.is_ascii() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        // ASCII lower-cased is still UTF-8.
        if let Ok(lower) = std::str::from_utf8(lower) {
            return f(lower);
        }
    }
    f(&word.to_lowercase())
}

/// Every token's entry (default for tokens that are not words).
pub fn look_up(body: &str, tokens: &[Token]) -> Vec<Lex> {
    look_up_hashing(body, tokens, None)
}

/// [`look_up`], and into `hashes` (one per token) each word's lower-cased hash
/// (`linear::word_hash`) where the table knows the word as written or in lower case: the hash
/// of that entry, the same number, made once when the table was built. 0 where the table does
/// not know the word (the span model works those out itself).
pub fn look_up_hashing(
    body: &str,
    tokens: &[Token],
    mut hashes: Option<&mut Vec<u64>>,
) -> Vec<Lex> {
    let gaz: &Gazetteer = &GAZETTEER;
    let bytes = body.as_bytes();
    let mut lower = String::new();
    let mut out = Vec::with_capacity(tokens.len());
    if let Some(h) = hashes.as_deref_mut() {
        h.clear();
        h.reserve(tokens.len());
    }
    for t in tokens {
        let (lex, hash) = entry(gaz, body, bytes, t, &mut lower);
        out.push(lex);
        if let Some(h) = hashes.as_deref_mut() {
            h.push(hash);
        }
    }
    out
}

/// One token's entry, and its word's lower-cased hash when the table knows it (else 0).
#[inline]
fn entry(gaz: &Gazetteer, body: &str, bytes: &[u8], t: &Token, lower: &mut String) -> (Lex, u64) {
    if t.kind != TokenKind::Word {
        return (Lex::default(), 0);
    }
    let text = &body[t.start..t.end];
    if text.len() > gaz.longest_word {
        return (Lex::default(), 0);
    }
    // `hashed`: the entry whose hash is the word's.
    let found =
        |exact: Option<&WordEntry>, lower_entry: Option<&WordEntry>, hashed: Option<&WordEntry>| {
            let lex = Lex {
                flags: exact.map_or(0, |e| e.exact) | lower_entry.map_or(0, |e| e.lower),
                phrases: exact.map_or(NO_PHRASES, |e| e.phrases),
            };
            (lex, hashed.map_or(0, |e| e.hash))
        };
    // Most words: at most 16 ASCII bytes, packed and lower-cased in a register.
    if let Some(key) = wordkey::pack(&bytes[t.start..t.end])
        && wordkey::packed_is_ascii(key)
    {
        let exact = gaz.word_packed(key);
        let folded = wordkey::packed_ascii_lower(key);
        let lower_entry = if folded == key {
            exact
        } else {
            gaz.word_packed(folded)
        };
        // A word and its lower-case form hash alike (the hash lower-cases ASCII letters).
        return found(exact, lower_entry, exact.or(lower_entry));
    }
    let exact = gaz.word(text);
    lower.clear();
    if text.is_ascii() {
        lower.push_str(text);
        lower.make_ascii_lowercase();
    } else {
        lower.extend(text.chars().flat_map(char::to_lowercase));
    }
    let lower_entry = if *lower == text {
        exact
    } else {
        gaz.word(lower)
    };
    // Outside ASCII, lower-casing changes letters the hash keeps as they are: only the word as
    // written gives its hash.
    found(exact, lower_entry, exact)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::token::tokenize;

    #[test]
    fn one_look_up_tells_what_a_word_is() {
        let text = "President Ann Okafor SAID Such and such, Sen. Ministry beat Monday";
        let tokens = tokenize(text);
        let lex = look_up(text, &tokens);
        let flags = |w: &str| {
            let i = tokens.iter().position(|t| t.text(text) == w).unwrap();
            lex[i]
        };
        assert!(flags("President").has(TITLE));
        assert!(flags("Ann").has(GIVEN));
        assert!(flags("SAID").has(SPEECH));
        assert!(flags("Such").has(COMMON) && flags("such").has(COMMON));
        assert!(flags("Sen").has(TITLE_DOT));
        assert!(flags("Ministry").has(ORG_HEAD));
        assert!(flags("beat").has(MATCH_VERB));
        assert!(flags("Monday").has(CALENDAR));
        assert!(!flags("Okafor").has(COMMON) && !flags("Okafor").has(GIVEN));
        // Inflections of reporting verbs: "reported" from "report".
        let t2 = "He reported and noted";
        let toks = tokenize(t2);
        let l2 = look_up(t2, &toks);
        assert!(l2[1].has(SPEECH) && l2[3].has(SPEECH));
    }

    #[test]
    fn a_known_word_comes_with_its_hash() {
        let text = "The president SAID Ann and Zoë met Internationalisationists in Émile's ÉTÉ";
        let tokens = tokenize(text);
        let mut hashes = Vec::new();
        let lex = look_up_hashing(text, &tokens, Some(&mut hashes));
        assert_eq!(lex, look_up(text, &tokens));
        assert_eq!(hashes.len(), tokens.len());
        for (t, &h) in tokens.iter().zip(&hashes) {
            if h != 0 {
                assert_eq!(
                    h,
                    crate::extract::linear::word_hash(t.text(text)),
                    "{:?}",
                    t.text(text)
                );
            }
        }
        // "The" by its lower-case entry, "SAID" and "president" as listed.
        let known = |w: &str| hashes[tokens.iter().position(|t| t.text(text) == w).unwrap()] != 0;
        assert!(known("The") && known("SAID") && known("president") && known("Ann"));
    }

    #[test]
    fn a_word_in_lower_case_on_the_stack_or_not() {
        for w in [
            "Officials",
            "SAID",
            "x",
            "Ünal",
            "ΣΟΦΊΑ",
            &"Long".repeat(20),
        ] {
            assert_eq!(with_lower(w, str::to_string), w.to_lowercase());
        }
    }
}
