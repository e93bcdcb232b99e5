//! How far a word may be from a query word and still match it: the typo budget grows with the
//! query word's length, a transposition counts as one edit, and the word being typed also
//! matches as a prefix. One `WordPattern` decides this for the index (by walking the term
//! dictionary with a Levenshtein automaton) and for highlighting (on the words on screen).

use std::sync::{Arc, OnceLock};

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder};

/// How a word matched a query word, best first. The order is the ranking order: exact words,
/// then prefixes of a word being typed, then one typo, then two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    Exact = 0,
    Prefix = 1,
    OneTypo = 2,
    TwoTypos = 3,
}

impl Class {
    pub const ALL: [Class; 4] = [Class::Exact, Class::Prefix, Class::OneTypo, Class::TwoTypos];

    fn of_distance(d: u8) -> Class {
        match d {
            0 => Class::Prefix,
            1 => Class::OneTypo,
            _ => Class::TwoTypos,
        }
    }
}

/// Words up to this many letters must be spelt exactly ("iran" never finds "iraq").
pub const EXACT_UP_TO: usize = 4;
/// Words up to this many letters may have one typo; longer ones two.
pub const ONE_TYPO_UP_TO: usize = 6;

/// The number of edits a query word of this folded text may be off by: none up to 4 letters,
/// one for 5 and 6, two from 7 ("argachi" finds "araghchi"); none for anything with a digit
/// (years and figures are meant as typed).
pub fn budget(word: &str) -> u8 {
    let letters = word.chars().count();
    if word.chars().any(|c| c.is_ascii_digit()) || letters <= EXACT_UP_TO {
        0
    } else if letters <= ONE_TYPO_UP_TO {
        1
    } else {
        2
    }
}

fn builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    let cell = if distance <= 1 { &ONE } else { &TWO };
    cell.get_or_init(|| LevenshteinAutomatonBuilder::new(distance.clamp(1, 2), true))
}

/// One query word compiled for matching words of text (all folded).
pub struct WordPattern {
    /// The folded query word.
    pub text: String,
    /// Being typed: words starting with it match too.
    pub open: bool,
    pub budget: u8,
    /// An open word the corpus has as typed ("putin"): the user has likely finished it, so
    /// completions must start with it as typed and a typo makes a whole word ("puttin"), never
    /// a completion of a misspelt prefix ("putting", "Trumka" for "trump").
    pub complete: bool,
    /// The only words a typo may match, when the texts have the typed word: those more
    /// frequent than it (sorted). A word the texts use is no typo, so it stands for a rarer
    /// lookalike ("ukraine" for Kaine, "putin" for Gutin) only where it could be a misspelling
    /// of a commoner word ("argachi", once in the texts, for Araghchi, in fifty articles).
    pub typos: Option<Arc<[Box<str>]>>,
    /// With a budget: the automaton the dictionary is walked with (a prefix automaton for an
    /// open word), and one for whole words, to find how much of a word matched.
    search: Option<DFA>,
    whole: Option<DFA>,
}

impl std::fmt::Debug for WordPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WordPattern")
            .field("text", &self.text)
            .field("open", &self.open)
            .field("budget", &self.budget)
            .field("complete", &self.complete)
            .finish()
    }
}

fn distance_of(d: Distance) -> Option<u8> {
    match d {
        Distance::Exact(d) => Some(d),
        Distance::AtLeast(_) => None,
    }
}

impl WordPattern {
    /// `text` must be folded; `budget` is usually [`budget`]`(text)`, 0 for exact words.
    pub fn new(text: &str, open: bool, budget: u8) -> WordPattern {
        let (search, whole) = if budget == 0 {
            (None, None)
        } else {
            let b = builder(budget);
            let whole = b.build_dfa(text);
            if open {
                (Some(b.build_prefix_dfa(text)), Some(whole))
            } else {
                (Some(whole), None)
            }
        };
        WordPattern {
            text: text.to_string(),
            open,
            budget,
            complete: false,
            typos: None,
            search,
            whole,
        }
    }

    /// This pattern, told whether the corpus has its word as typed (see `complete`). Only an
    /// open word with a typo budget changes.
    pub fn known(mut self, in_corpus: bool) -> WordPattern {
        if in_corpus && self.open && self.whole.is_some() {
            self.search = self.whole.take();
            self.complete = true;
        }
        self
    }

    /// This pattern, its typos limited to `allowed` (see `typos`).
    pub fn with_typos(mut self, allowed: Arc<[Box<str>]>) -> WordPattern {
        self.typos = Some(allowed);
        self
    }

    /// May `word`, matched with a typo, count?
    pub fn typo_allowed(&self, word: &str) -> bool {
        self.typos
            .as_ref()
            .is_none_or(|t| t.binary_search_by(|w| (**w).cmp(word)).is_ok())
    }

    /// The automaton to walk the dictionary with, when there is a typo budget.
    pub fn automaton(&self) -> Option<&DFA> {
        self.search.as_ref()
    }

    /// The class of a search-automaton distance for dictionary word `word`.
    pub fn class_for(&self, word: &str, distance: u8) -> Class {
        if word == self.text {
            Class::Exact
        } else {
            Class::of_distance(distance)
        }
    }

    /// Does folded word `word` match, and how?
    pub fn classify(&self, word: &str) -> Option<Class> {
        if word == self.text {
            return Some(Class::Exact);
        }
        if self.open && word.starts_with(self.text.as_str()) {
            return Some(Class::Prefix);
        }
        let dfa = self.search.as_ref()?;
        let d = distance_of(dfa.eval(word))?;
        (d <= self.budget && self.typo_allowed(word)).then(|| Class::of_distance(d.max(1)))
    }

    /// How many characters at the start of folded word `word` spell the query word (all of
    /// it for a whole-word match; the matched prefix for a word being typed), if it matches.
    pub fn matched_chars(&self, word: &str) -> Option<usize> {
        let class = self.classify(word)?;
        let all = word.chars().count();
        match class {
            Class::Exact => Some(all),
            Class::Prefix => Some(self.text.chars().count()),
            _ if !self.open || self.complete => Some(all),
            _ => {
                // The prefix of `word` closest to the query word (fewest edits, then nearest
                // in length), read off the whole-word automaton one character at a time.
                let dfa = self.whole.as_ref()?;
                let want = self.text.chars().count();
                let mut state = dfa.initial_state();
                let mut best: Option<(u8, usize, usize)> = None;
                let mut consider = |state: u32, n: usize| {
                    if let Some(d) = distance_of(dfa.distance(state))
                        && d <= self.budget
                    {
                        let key = (d, n.abs_diff(want), n);
                        if best.is_none_or(|b| key < b) {
                            best = Some(key);
                        }
                    }
                };
                consider(state, 0);
                let mut buf = [0u8; 4];
                for (n, c) in word.chars().enumerate() {
                    for &b in c.encode_utf8(&mut buf).as_bytes() {
                        state = dfa.transition(state, b);
                    }
                    consider(state, n + 1);
                }
                best.map(|(_, _, n)| n).filter(|&n| n > 0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(query: &str, open: bool, word: &str) -> Option<Class> {
        WordPattern::new(query, open, budget(query)).classify(word)
    }

    #[test]
    fn budget_grows_with_length() {
        assert_eq!(budget("iran"), 0);
        assert_eq!(budget("obama"), 1);
        assert_eq!(budget("witkof"), 1);
        assert_eq!(budget("argachi"), 2);
        assert_eq!(budget("20161"), 0);
    }

    #[test]
    fn typos_within_the_budget() {
        assert_eq!(matches("argachi", false, "araghchi"), Some(Class::TwoTypos));
        assert_eq!(matches("witkof", false, "witkoff"), Some(Class::OneTypo));
        assert_eq!(matches("clintn", false, "clinton"), Some(Class::OneTypo));
        // A transposition is one edit.
        assert_eq!(matches("cilnton", false, "clinton"), Some(Class::OneTypo));
        assert_eq!(matches("iran", false, "iraq"), None);
        assert_eq!(matches("obama", false, "of"), None);
        assert_eq!(matches("obama", false, "global"), None);
    }

    #[test]
    fn open_words_match_prefixes() {
        assert_eq!(matches("oba", true, "obama"), Some(Class::Prefix));
        assert_eq!(matches("oba", false, "obama"), None);
        assert_eq!(matches("obama", true, "obama"), Some(Class::Exact));
        assert_eq!(matches("witkof", true, "witkoff"), Some(Class::Prefix));
        assert_eq!(matches("argach", true, "araghchi"), None);
        assert_eq!(matches("araghc", true, "araghchi"), Some(Class::Prefix));
        assert_eq!(matches("aragch", true, "araghchi"), Some(Class::OneTypo));
    }

    #[test]
    fn a_word_finished_as_typed_takes_no_typo_inside_its_completions() {
        let typing = |q: &str, word: &str| WordPattern::new(q, true, budget(q)).classify(word);
        let finished = |q: &str, word: &str| {
            WordPattern::new(q, true, budget(q))
                .known(true)
                .classify(word)
        };
        // "putin" is one edit from "puttin", the start of "putting".
        assert_eq!(typing("putin", "putting"), Some(Class::OneTypo));
        assert_eq!(finished("putin", "putting"), None);
        assert_eq!(finished("trump", "trumka"), None);
        // Completions as typed, and whole words one typo away, still match.
        assert_eq!(finished("putin", "putins"), Some(Class::Prefix));
        assert_eq!(finished("putin", "puttin"), Some(Class::OneTypo));
        assert_eq!(finished("putin", "putin"), Some(Class::Exact));
        let p = WordPattern::new("putin", true, 1).known(true);
        assert_eq!(p.matched_chars("puttin"), Some(6));
        // A word still being typed keeps its misspelt completions: "aragch" is no word.
        assert_eq!(typing("aragch", "araghchi"), Some(Class::OneTypo));
    }

    #[test]
    fn matched_chars_of_a_typed_prefix() {
        let p = WordPattern::new("aragch", true, budget("aragch"));
        // "araghc" is one transposition away from "aragch".
        assert_eq!(p.matched_chars("araghchi"), Some(6));
        let p = WordPattern::new("oba", true, 0);
        assert_eq!(p.matched_chars("obama"), Some(3));
        let p = WordPattern::new("clintn", false, 1);
        assert_eq!(p.matched_chars("clinton"), Some(7));
    }
}
