//! The knowledge extraction starts from: countries, organisations, places, names, titles and
//! cue words, kept as readable files in assets/gazetteer/ and compiled into the binary.
//! Parsed once, on first use.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::wordkey::WordMap;

use super::token::{TokenKind, tokenize};

/// Lines of a data file that carry data: not blank, not `#` comments.
pub fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

/// What a gazetteer phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Country(u16),
    /// "Iranian", "Saudis": a mention of the country by its people.
    Demonym(u16),
    Organisation(u16),
    /// A city, region or sea: a name that is no person, country or organisation.
    Place,
    /// "President", "Foreign Minister", "special envoy": a person's name may follow.
    Title,
}

#[derive(Debug)]
pub struct Phrase {
    pub words: Vec<&'static str>,
    pub target: Target,
}

/// What the lists say of one word: flags as written, flags of it as a lower-case form, and
/// the phrases it starts (`lexicon` has the flags).
#[derive(Debug, Clone, Copy)]
pub struct WordEntry {
    pub exact: u16,
    pub lower: u16,
    pub phrases: u32,
    /// The word's lower-cased hash (`linear::word_hash`), which the span model reads.
    pub hash: u64,
}

#[derive(Debug)]
pub struct Named {
    pub canonical: &'static str,
    pub aliases: Vec<&'static str>,
}

pub struct Gazetteer {
    pub countries: Vec<Named>,
    pub organisations: Vec<Named>,
    /// Phrases keyed by their first word (an index into `phrase_lists`).
    phrases: FxHashMap<&'static str, u32>,
    /// Lists of phrases with one first word, longest first.
    phrase_lists: Vec<Vec<Phrase>>,
    /// Every word the lists know and what it is (see `lexicon`): one look-up per token.
    words: WordMap<WordEntry>,
    /// Longer words are in no list.
    pub longest_word: usize,
    pub given_names: FxHashSet<&'static str>,
    pub org_heads: FxHashSet<&'static str>,
    pub common_words: FxHashSet<&'static str>,
    pub calendar: FxHashSet<&'static str>,
    pub speech_verbs: FxHashSet<&'static str>,
    pub titles_lower: FxHashSet<&'static str>,
    /// Stems of the reporting verbs ("report" from "reported"), for other inflections.
    pub speech_stems: FxHashSet<&'static str>,
    /// Sport names that open a sports headline, lower case.
    pub sports: Vec<&'static str>,
    /// Words around a team's name in sports reports, lower case.
    pub match_verbs: FxHashSet<&'static str>,
}

pub static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::load);

fn set(text: &'static str) -> FxHashSet<&'static str> {
    data_lines(text).map(str::trim).collect()
}

fn split_multi(field: Option<&'static str>) -> impl Iterator<Item = &'static str> {
    field
        .unwrap_or("")
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

impl Gazetteer {
    fn load() -> Gazetteer {
        let mut g = Gazetteer {
            countries: Vec::new(),
            organisations: Vec::new(),
            phrases: FxHashMap::default(),
            phrase_lists: Vec::new(),
            words: WordMap::default(),
            longest_word: 0,
            given_names: set(include_str!("../../assets/gazetteer/given_names.tsv")),
            org_heads: set(include_str!("../../assets/gazetteer/org_heads.tsv")),
            common_words: set(include_str!("../../assets/gazetteer/common_words.tsv")),
            calendar: set(include_str!("../../assets/gazetteer/calendar.tsv")),
            speech_verbs: set(include_str!("../../assets/gazetteer/speech_verbs.tsv")),
            titles_lower: FxHashSet::default(),
            sports: data_lines(include_str!("../../assets/gazetteer/sports.tsv"))
                .map(str::trim)
                .collect(),
            match_verbs: set(include_str!("../../assets/gazetteer/match_verbs.tsv")),
            speech_stems: FxHashSet::default(),
        };
        let stems: Vec<&'static str> = g
            .speech_verbs
            .iter()
            .flat_map(|v| std::iter::once(*v).chain(verb_stems(v)))
            .collect();
        g.speech_stems.extend(stems);
        for line in data_lines(include_str!("../../assets/gazetteer/countries.tsv")) {
            let mut cols = line.split('\t');
            let Some(canonical) = cols.next().map(str::trim) else {
                continue;
            };
            let index = g.countries.len() as u16;
            let aliases: Vec<&'static str> = split_multi(cols.next()).collect();
            g.add_phrase(canonical, Target::Country(index));
            for alias in &aliases {
                g.add_phrase(alias, Target::Country(index));
            }
            for demonym in split_multi(cols.next()) {
                g.add_phrase(demonym, Target::Demonym(index));
            }
            g.countries.push(Named { canonical, aliases });
        }
        for line in data_lines(include_str!("../../assets/gazetteer/organisations.tsv")) {
            let mut cols = line.split('\t');
            let Some(canonical) = cols.next().map(str::trim) else {
                continue;
            };
            let index = g.organisations.len() as u16;
            let aliases: Vec<&'static str> = split_multi(cols.next()).collect();
            g.add_phrase(canonical, Target::Organisation(index));
            for alias in &aliases {
                g.add_phrase(alias, Target::Organisation(index));
            }
            g.organisations.push(Named { canonical, aliases });
        }
        for place in data_lines(include_str!("../../assets/gazetteer/places.tsv")) {
            g.add_phrase(place.trim(), Target::Place);
        }
        for title in data_lines(include_str!("../../assets/gazetteer/person_titles.tsv")) {
            let title = title.trim();
            g.add_phrase(title, Target::Title);
            if !title.contains(' ') {
                g.titles_lower.insert(title);
            }
        }
        for list in &mut g.phrase_lists {
            // Longest first; on equal length, names beat places beat titles (earlier added).
            list.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
        }
        g.words = g.word_table();
        g.longest_word = g.words.longest();
        g
    }

    /// The table behind `lexicon`: each word with the flags it has as written and in lower
    /// case, and the phrases it starts.
    fn word_table(&self) -> WordMap<WordEntry> {
        use super::lexicon::*;
        let mut words: WordMap<WordEntry> = WordMap::default();
        fn entry<'w>(words: &'w mut WordMap<WordEntry>, w: &str) -> &'w mut WordEntry {
            words.entry(w, || WordEntry {
                exact: 0,
                lower: 0,
                phrases: NO_PHRASES,
                hash: super::linear::word_hash(w),
            })
        }
        let mut add = |w: &str, exact: u16, lower: u16| {
            let e = entry(&mut words, w);
            e.exact |= exact;
            e.lower |= lower;
        };
        for w in &self.given_names {
            add(w, GIVEN, 0);
        }
        for w in &self.calendar {
            add(w, CALENDAR, 0);
        }
        for w in &self.titles_lower {
            add(w, TITLE, 0);
            if let Some(bare) = w.strip_suffix('.') {
                add(bare, TITLE_DOT, 0);
            }
        }
        for w in &self.org_heads {
            add(w, ORG_HEAD, 0);
        }
        for w in &self.common_words {
            add(w, 0, COMMON);
        }
        for w in &self.match_verbs {
            add(w, 0, MATCH_VERB);
        }
        // Every form `is_speech_verb` accepts: the verbs, and each stem with a regular ending.
        for w in &self.speech_verbs {
            add(w, 0, SPEECH);
        }
        for stem in self.speech_stems.iter().filter(|s| s.len() >= 3) {
            for ending in VERB_ENDINGS {
                add(&format!("{stem}{ending}"), 0, SPEECH);
            }
        }
        for (w, &list) in &self.phrases {
            entry(&mut words, w).phrases = list;
        }
        words
    }

    /// What the lists say of a word spelt exactly so.
    pub fn word(&self, w: &str) -> Option<&WordEntry> {
        self.words.get(w)
    }

    /// What the lists say of a word of at most 16 bytes, packed (`wordkey::pack`).
    pub fn word_packed(&self, key: u128) -> Option<&WordEntry> {
        self.words.get_packed(key)
    }

    /// A list of phrases by its index (`lexicon::NO_PHRASES` gives none).
    pub fn phrase_list(&self, index: u32) -> &[Phrase] {
        self.phrase_lists
            .get(index as usize)
            .map_or(&[], Vec::as_slice)
    }

    fn add_phrase(&mut self, phrase: &'static str, target: Target) {
        let words: Vec<&'static str> = tokenize(phrase)
            .into_iter()
            .filter(|t| t.kind != TokenKind::Newline)
            .map(|t| &phrase[t.start..t.end])
            .collect();
        let Some(first) = words.first().copied() else {
            return;
        };
        let next = self.phrase_lists.len() as u32;
        let index = *self.phrases.entry(first).or_insert(next);
        if index == next {
            self.phrase_lists.push(Vec::new());
        }
        let list = &mut self.phrase_lists[index as usize];
        // The first target given for a phrase wins (countries before organisations before places).
        if list.iter().any(|p| p.words == words) {
            return;
        }
        list.push(Phrase { words, target });
    }

    /// Phrases that start with this word, longest first.
    pub fn phrases_starting(&self, word: &str) -> &[Phrase] {
        self.phrases.get(word).map_or(&[], |&i| self.phrase_list(i))
    }

    /// Is this one word a well-known place ("Denver", "Cork")?
    pub fn is_place(&self, word: &str) -> bool {
        self.phrases_starting(word)
            .iter()
            .any(|p| p.words.len() == 1 && p.target == Target::Place)
    }

    /// Does this title (or first line) open like a sports report ("SOCCER - ...")?
    pub fn is_sports_headline(&self, line: &str) -> bool {
        let line = line.trim_start().to_lowercase();
        self.sports.iter().any(|sport| {
            line.strip_prefix(sport).is_some_and(|rest| {
                rest.trim_start().starts_with(['-', ':', '–', '—'])
                    || rest.trim_start().starts_with("results")
            })
        })
    }

    /// A reporting verb in any regular inflection ("report", "reports", "reported").
    pub fn is_speech_verb(&self, lower: &str) -> bool {
        self.speech_verbs.contains(lower)
            || verb_stems(lower).any(|stem| self.speech_stems.contains(stem))
    }

    pub fn is_common_word(&self, lower: &str) -> bool {
        self.common_words.contains(lower)
    }
}

/// Endings of regular verb forms.
const VERB_ENDINGS: [&str; 5] = ["es", "s", "ed", "d", "ing"];

/// Candidate stems of a regular verb form: "reports" -> "report", "noted" -> "not"/"note".
fn verb_stems(word: &str) -> impl Iterator<Item = &str> {
    VERB_ENDINGS
        .into_iter()
        .filter_map(|ending| word.strip_suffix(ending))
        .filter(|stem| stem.len() >= 3)
}
