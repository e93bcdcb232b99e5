//! The term dictionary of a word index: every distinct folded word, in an `fst` map from the
//! word to its id (its rank in sorted order). Exact words are one look-up, the words starting
//! with a prefix are a contiguous range of ids, and typo matching is a walk of the map by a
//! Levenshtein automaton, never a scan of the vocabulary.

use fst::{IntoStreamer, Map, MapBuilder, Streamer};
use levenshtein_automata::{DFA, Distance};

use super::typo::{Class, WordPattern};

#[derive(Clone)]
pub struct Lexicon {
    map: Map<Vec<u8>>,
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::build(std::iter::empty::<&str>())
    }
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lexicon({} words)", self.len())
    }
}

/// The smallest byte string greater than every string starting with `prefix`, if any.
fn after_prefix(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

impl serde::Serialize for Lexicon {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.map.as_fst().as_bytes())
    }
}

impl<'de> serde::Deserialize<'de> for Lexicon {
    /// The dictionary's bytes, checked by `fst` as it opens them.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let bytes = serde_bytes::ByteBuf::deserialize(d)?.into_vec();
        Map::new(bytes)
            .map(|map| Lexicon { map })
            .map_err(serde::de::Error::custom)
    }
}

impl Lexicon {
    /// From words in strictly increasing byte order (duplicates are skipped); word `i` of the
    /// distinct ones gets id `i`.
    pub fn build<'a>(sorted: impl IntoIterator<Item = &'a str>) -> Lexicon {
        let mut builder = MapBuilder::memory();
        let mut next = 0u64;
        let mut last: Option<&str> = None;
        for w in sorted {
            if last.is_some_and(|l| l >= w) {
                continue;
            }
            // Insertion only fails out of order, which the check above rules out.
            if builder.insert(w, next).is_ok() {
                next += 1;
                last = Some(w);
            }
        }
        let bytes = builder.into_inner().unwrap_or_default();
        let map = Map::new(bytes).unwrap_or_else(|_| Map::default());
        Lexicon { map }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn get(&self, word: &str) -> Option<u32> {
        self.map.get(word).map(|v| v as u32)
    }

    /// The first id whose word is at least `key` (the number of words below it).
    fn rank(&self, key: &[u8]) -> u32 {
        let mut stream = self.map.range().ge(key).into_stream();
        match stream.next() {
            Some((_, v)) => v as u32,
            None => self.map.len() as u32,
        }
    }

    /// The ids of the words starting with `prefix`.
    pub fn prefix_range(&self, prefix: &str) -> std::ops::Range<u32> {
        let lo = self.rank(prefix.as_bytes());
        let hi = match after_prefix(prefix.as_bytes()) {
            Some(end) => self.rank(&end),
            None => self.map.len() as u32,
        };
        lo..hi.max(lo)
    }

    /// Every word matching `pattern`, with how it matched. Words within the prefix range of
    /// an open pattern without a typo budget are given as one range (they can be many).
    pub fn matches(&self, pattern: &WordPattern) -> Matches {
        let exact = self.get(&pattern.text);
        if let Some(dfa) = pattern.automaton() {
            // A finished word's completions as typed are a range; its typos are whole words.
            let prefix = if pattern.complete {
                self.prefix_range(&pattern.text)
            } else {
                0..0
            };
            let mut words = Vec::new();
            self.walk(pattern, dfa, |id, word, class| {
                if !prefix.contains(&id) && (class < Class::OneTypo || pattern.typo_allowed(word)) {
                    words.push((id, class));
                }
            });
            Matches {
                exact,
                prefix,
                words,
            }
        } else if pattern.open {
            Matches {
                exact,
                prefix: self.prefix_range(&pattern.text),
                words: Vec::new(),
            }
        } else {
            Matches {
                exact,
                prefix: 0..0,
                words: exact.map(|id| (id, Class::Exact)).into_iter().collect(),
            }
        }
    }

    /// The words `pattern` matches with a typo, with their ids (however `pattern.typos`
    /// limits them).
    pub fn typo_words(&self, pattern: &WordPattern) -> Vec<(u32, Box<str>)> {
        let mut out = Vec::new();
        if let Some(dfa) = pattern.automaton() {
            self.walk(pattern, dfa, |id, word, class| {
                if class >= Class::OneTypo {
                    out.push((id, word.into()));
                }
            });
        }
        out
    }

    /// Every word `dfa` (the automaton of `pattern`) accepts, with its id and class.
    fn walk(&self, pattern: &WordPattern, dfa: &DFA, mut found: impl FnMut(u32, &str, Class)) {
        let mut stream = self.map.search_with_state(dfa).into_stream();
        while let Some((key, id, state)) = stream.next() {
            let Distance::Exact(d) = dfa.distance(state) else {
                continue;
            };
            let word = std::str::from_utf8(key).unwrap_or("");
            found(id as u32, word, pattern.class_for(word, d));
        }
    }

    /// The word with id `id` (slow: for tests and messages).
    pub fn word(&self, id: u32) -> Option<String> {
        let mut stream = self.map.stream();
        while let Some((k, v)) = stream.next() {
            if v as u32 == id {
                return Some(String::from_utf8_lossy(k).into_owned());
            }
        }
        None
    }

    pub fn heap_bytes(&self) -> usize {
        self.map.as_fst().as_bytes().len()
    }
}

/// The words a pattern matched in a lexicon.
#[derive(Debug, Clone, Default)]
pub struct Matches {
    /// The id of the query word itself, if the lexicon has it.
    pub exact: Option<u32>,
    /// Ids of words starting with the query word (open words without a typo budget); the
    /// exact word, if any, among them.
    pub prefix: std::ops::Range<u32>,
    /// Other matched words with their class.
    pub words: Vec<(u32, Class)>,
}

impl Matches {
    pub fn is_empty(&self) -> bool {
        self.prefix.is_empty() && self.words.is_empty()
    }

    /// Every matched id with its class.
    pub fn each(&self) -> impl Iterator<Item = (u32, Class)> + '_ {
        self.prefix
            .clone()
            .map(move |id| {
                let class = if Some(id) == self.exact {
                    Class::Exact
                } else {
                    Class::Prefix
                };
                (id, class)
            })
            .chain(self.words.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::typo::budget;

    fn lexicon(words: &[&str]) -> Lexicon {
        let mut w = words.to_vec();
        w.sort_unstable();
        Lexicon::build(w)
    }

    fn found(lex: &Lexicon, query: &str, open: bool) -> Vec<(String, Class)> {
        found_as(lex, query, open, false)
    }

    /// `known`: the pattern is told whether the lexicon has its word as typed.
    fn found_as(lex: &Lexicon, query: &str, open: bool, known: bool) -> Vec<(String, Class)> {
        let known = known && lex.get(query).is_some();
        let p = WordPattern::new(query, open, budget(query)).known(known);
        let mut out: Vec<(String, Class)> = lex
            .matches(&p)
            .each()
            .map(|(id, c)| (lex.word(id).unwrap(), c))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn exact_prefix_and_typo_lookups() {
        let lex = lexicon(&[
            "araghchi", "arab", "iran", "iraq", "obama", "of", "global", "warming", "witkoff",
            "trump", "trumpet", "truman",
        ]);
        assert_eq!(lex.len(), 12);
        assert_eq!(
            lex.get("iran").map(|i| lex.word(i).unwrap()).as_deref(),
            Some("iran")
        );
        assert_eq!(
            found(&lex, "ira", true),
            [
                ("iran".into(), Class::Prefix),
                ("iraq".into(), Class::Prefix)
            ]
        );
        assert_eq!(found(&lex, "iran", false), [("iran".into(), Class::Exact)]);
        assert_eq!(
            found(&lex, "argachi", false),
            [("araghchi".into(), Class::TwoTypos)]
        );
        assert_eq!(
            found(&lex, "witkof", false),
            [("witkoff".into(), Class::OneTypo)]
        );
        assert!(
            found(&lex, "obama", false)
                .iter()
                .all(|(w, _)| w == "obama")
        );
        let trump = found(&lex, "trump", true);
        assert!(trump.contains(&("trump".into(), Class::Exact)));
        assert!(trump.contains(&("trumpet".into(), Class::Prefix)));
        assert!(lex.prefix_range("zz").is_empty());
        assert!(Lexicon::default().is_empty());
    }

    #[test]
    fn a_finished_word_finds_its_completions_and_whole_word_typos_only() {
        let lex = lexicon(&[
            "putin", "putins", "puttin", "putting", "trump", "trumps", "trumka", "putt",
        ]);
        let finished = |q: &str| found_as(&lex, q, true, true);
        assert_eq!(
            finished("putin"),
            [
                ("putin".into(), Class::Exact),
                ("putins".into(), Class::Prefix),
                ("puttin".into(), Class::OneTypo),
            ]
        );
        assert_eq!(
            finished("trump"),
            [
                ("trump".into(), Class::Exact),
                ("trumps".into(), Class::Prefix),
            ]
        );
        // Still typing ("putti" is no word): a misspelt prefix is completed.
        assert!(finished("putti").contains(&("putting".into(), Class::Prefix)));
        assert!(found(&lex, "putin", true).contains(&("putting".into(), Class::OneTypo)));
    }
}
