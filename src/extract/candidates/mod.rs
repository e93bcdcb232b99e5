//! Finding name candidates in the token stream: gazetteer phrases first (countries, demonyms,
//! organisations, places, titles), then runs of capitalised words typed by shape and cues.

mod typing;

pub(crate) use typing::is_camel_case;

use super::gazetteer::{GAZETTEER, Gazetteer, Phrase, Target};
use super::lexicon::{self, Lex};
use super::token::{Token, TokenKind};
use crate::model::EntityKind;
use crate::word_set;
use crate::wordkey::WordSet;
use std::sync::LazyLock;

/// Lower-case words allowed inside a name between capitalised words ("Bank of England",
/// "Badr bin Hamad", "Ludwig van Beethoven").
static CONNECTORS: LazyLock<WordSet> = word_set![
    "of", "the", "de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le",
    "bin", "bint", "ibn", "al", "el", "van", "von", "der", "den", "ter", "y", "for", "and", "&",
    "on", "in",
];

/// Connectors that only organisations use ("Committee for ...", "Bank of ...", "Research and
/// Development"). A run that needs one of them is never a person.
static ORG_ONLY_CONNECTORS: LazyLock<WordSet> =
    word_set!["of", "the", "for", "and", "&", "on", "in"];

/// Last words of names of events, laws and awards.
static EVENT_HEADS: LazyLock<WordSet> = word_set![
    "Day",
    "Week",
    "Year",
    "Festival",
    "Cup",
    "Open",
    "Championship",
    "Championships",
    "Games",
    "Olympics",
    "Award",
    "Awards",
    "Prize",
    "Act",
    "Bill",
    "Treaty",
    "Accord",
    "Agreement",
    "Conference",
    "Summit",
    "Expo",
    "War",
    "Revolution",
    "Show",
    "Series",
    "Tour",
    "Marathon",
];

/// Adjectives that introduce a company: "Ontario-based Magna", "family-controlled Douglas".
const ORG_ADJECTIVE_SUFFIXES: &[&str] = &[
    "-based",
    "-owned",
    "-controlled",
    "-listed",
    "-run",
    "-headquartered",
];

/// Prefixes of ships' names: "USS Abraham Lincoln" is a vessel, not a person.
static VESSEL_PREFIXES: LazyLock<WordSet> =
    word_set!["USS", "HMS", "MV", "SS", "RMS", "INS", "HMAS", "HMCS", "MS"];

/// Last words of place names that are not in the gazetteer ("Grace Road", "Hyde Park").
static PLACE_HEADS: LazyLock<WordSet> = word_set![
    "Road",
    "Street",
    "Avenue",
    "Square",
    "Park",
    "River",
    "Mountains",
    "Mountain",
    "Island",
    "Islands",
    "Bay",
    "Sea",
    "Ocean",
    "Valley",
    "Airport",
    "Stadium",
    "Bridge",
    "Lake",
    "Desert",
    "Province",
    "County",
    "District",
    "Region",
    "Peninsula",
    "Strait",
    "Gulf",
    "Coast",
    "Hill",
    "Hills",
    "Beach",
    "Canal",
    "Harbour",
    "Harbor",
    "Arena",
    "Oval",
    "Ground",
    "Gardens",
    "Palace",
    "Hall",
    "Tower",
    "Mosque",
    "Cathedral",
    "Temple",
];

/// Why a candidate got its kind; later rules weigh these.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cues {
    pub gazetteer: bool,
    pub title_before: bool,
    pub given_name: bool,
    pub speech_subject: bool,
    pub apposition: bool,
    pub org_head: bool,
    /// A single capitalised word that is also an ordinary English word ("Such", "Hope").
    pub common_word: bool,
    pub sentence_start: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Token range of the name (titles and possessives excluded), in the tokens of its
    /// segment (at most `SEGMENT_BYTES`, so `u32`: a large article holds millions of
    /// candidates, and their size is most of extraction's memory).
    pub first_token: u32,
    pub end_token: u32,
    /// Byte span in the body (`u32`: an article is under 4 GiB, `--max-article-mb` is capped
    /// there); `span()` gives it as `usize`.
    pub start: u32,
    pub end: u32,
    /// `None` for a lone capitalised word that only merging can place.
    pub kind: Option<EntityKind>,
    /// The canonical name, when a gazetteer gave it.
    pub canonical: Option<&'static str>,
    pub cues: Cues,
    /// "(IRGC)" right after an organisation's name: its byte span in the body (an article is
    /// under 4 GiB: the per-article limit is capped there).
    pub acronym: Option<(u32, u32)>,
    /// How sure the model is of the kind (1 for the rules alone).
    pub confidence: f32,
}

impl Candidate {
    /// The first token of the name, in its segment.
    pub fn first(&self) -> usize {
        self.first_token as usize
    }

    /// One past the last token of the name, in its segment.
    pub fn end_tok(&self) -> usize {
        self.end_token as usize
    }

    /// The byte span of the name.
    pub fn span(&self) -> (usize, usize) {
        (self.start as usize, self.end as usize)
    }

    /// The byte span of "(IRGC)" after the name.
    pub fn acronym_span(&self) -> Option<(usize, usize)> {
        self.acronym.map(|(s, e)| (s as usize, e as usize))
    }
}

pub struct Finder<'a> {
    body: &'a str,
    tokens: &'a [Token],
    /// What the gazetteers say of each token.
    lex: &'a [Lex],
    gaz: &'static Gazetteer,
    out: Vec<Candidate>,
    /// Title-cased copy of an all-caps word ("IRAN" -> "Iran").
    titled: String,
    /// A sports report: places and unknown names next to match words are teams.
    sports: bool,
    /// Last words of the full names of people found so far.
    surnames: rustc_hash::FxHashSet<&'a str>,
    /// End token of the last team found, so lists of teams ("Essex, Derbyshire and Surrey")
    /// carry the reading along.
    last_team_end: Option<usize>,
}

/// Locative prepositions: a place after one of these is a place even in a sports report.
static LOCATIVES: LazyLock<WordSet> = word_set![
    "in", "at", "near", "from", "of", "outside", "around", "In", "At",
];

/// All candidates of one article, in text order. `sports` marks a sports report.
pub fn find_candidates(body: &str, tokens: &[Token], lex: &[Lex], sports: bool) -> Vec<Candidate> {
    let mut finder = Finder {
        body,
        tokens,
        lex,
        gaz: &GAZETTEER,
        out: Vec::new(),
        titled: String::new(),
        sports,
        last_team_end: None,
        surnames: rustc_hash::FxHashSet::default(),
    };
    finder.run();
    finder.out
}

impl<'a> Finder<'a> {
    fn text(&self, i: usize) -> &'a str {
        self.tokens[i].text(self.body)
    }

    fn is_word(&self, i: usize) -> bool {
        i < self.tokens.len() && self.tokens[i].kind == TokenKind::Word
    }

    fn is_cap_word(&self, i: usize) -> bool {
        self.is_word(i) && self.tokens[i].capitalised
    }

    fn is_punct(&self, i: usize, p: &str) -> bool {
        i < self.tokens.len() && self.tokens[i].kind == TokenKind::Punct && self.text(i) == p
    }

    /// Does token `i` carry this `lexicon` flag?
    fn has(&self, i: usize, flag: u16) -> bool {
        self.lex.get(i).is_some_and(|l| l.has(flag))
    }

    /// An ordinary word or a calendar word ("Such", "Monday").
    fn is_common(&self, i: usize) -> bool {
        self.has(i, lexicon::CALENDAR | lexicon::COMMON)
    }

    /// The gazetteer phrases starting with token `i` as written.
    fn phrases_at(&self, i: usize) -> &'static [Phrase] {
        self.lex.get(i).map_or(&[], |l| l.phrases(self.gaz))
    }

    /// Longest gazetteer phrase starting at token `i`: (tokens it spans, what it names).
    fn match_phrase(&mut self, i: usize) -> Option<(usize, Target)> {
        let word = self.text(i);
        if let Some(found) = self.match_phrase_as(i, self.phrases_at(i), word, false) {
            return Some(found);
        }
        // Headlines and sports tables shout: "IRAN", "LEICESTERSHIRE".
        if self.tokens[i].all_caps && word.len() > 2 {
            let mut titled = std::mem::take(&mut self.titled);
            titled.clear();
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                titled.push(first);
                titled.extend(chars.flat_map(char::to_lowercase));
            }
            let found = self.match_phrase_as(i, self.gaz.phrases_starting(&titled), &titled, true);
            self.titled = titled;
            return found;
        }
        None
    }

    fn match_phrase_as(
        &self,
        i: usize,
        phrases: &[Phrase],
        first: &str,
        caps: bool,
    ) -> Option<(usize, Target)> {
        'phrases: for phrase in phrases {
            let len = phrase.words.len();
            if i + len > self.tokens.len() {
                continue;
            }
            for (k, want) in phrase.words.iter().enumerate().skip(1) {
                let tok = self.tokens[i + k];
                if tok.kind == TokenKind::Newline {
                    continue 'phrases;
                }
                let got = tok.text(self.body);
                let same = got == *want || (caps && got.eq_ignore_ascii_case(want));
                if !same {
                    continue 'phrases;
                }
            }
            // A lone all-caps acronym must be written exactly ("US" yes, "Us" no).
            if caps && len == 1 && first.len() <= 3 {
                continue;
            }
            // Title phrases written in capitals only count when capitalised as a title.
            return Some((len, phrase.target));
        }
        None
    }

    fn push(
        &mut self,
        first: usize,
        end: usize,
        kind: Option<EntityKind>,
        canonical: Option<&'static str>,
        cues: Cues,
    ) {
        let start = self.tokens[first].start;
        let end_byte = self.tokens[end - 1].end;
        if kind == Some(EntityKind::Person) && end - first >= 2 {
            self.surnames.insert(self.tokens[end - 1].text(self.body));
        }
        self.out.push(Candidate {
            first_token: first as u32,
            end_token: end as u32,
            start: start as u32,
            end: end_byte as u32,
            kind,
            canonical,
            cues,
            acronym: None,
            confidence: 1.0,
        });
    }

    /// Is this sentence written in capitals (a headline or a results table)?
    fn caps_context(&self, i: usize) -> bool {
        let mut words = 0;
        let mut caps = 0;
        let mut j = i;
        while j > 0 && self.tokens[j - 1].kind != TokenKind::Newline && i - j < 8 {
            j -= 1;
        }
        let mut k = j;
        while k < self.tokens.len() && self.tokens[k].kind != TokenKind::Newline && k - j < 16 {
            if self.tokens[k].kind == TokenKind::Word {
                words += 1;
                if self.tokens[k].all_caps {
                    caps += 1;
                }
            }
            k += 1;
        }
        words >= 3 && caps * 10 >= words * 6
    }

    fn run(&mut self) {
        let n = self.tokens.len();
        let mut i = 0;
        // Set by a title ("President", "special envoy"): the name that follows is a person.
        let mut title_pending = false;
        while i < n {
            let tok = self.tokens[i];
            if tok.kind != TokenKind::Word {
                // A title survives its abbreviation dot and one comma ("resident, Maryam,").
                let keeps_title = tok.kind == TokenKind::Punct && matches!(self.text(i), "." | ",");
                if !keeps_title {
                    title_pending = false;
                }
                i += 1;
                continue;
            }
            if let Some((len, target)) = self.match_phrase(i) {
                match target {
                    Target::Country(c) | Target::Demonym(c)
                        if !self.inside_larger_name(i, i + len)
                            && !self.surname_of_named_person(i, len) =>
                    {
                        let canonical = self.gaz.countries[c as usize].canonical;
                        let org_end = self.org_continuation(i + len);
                        if let Some(end) = org_end {
                            // "Oman Foreign Ministry", "Iranian Red Crescent": an organisation
                            // named after its country, which is mentioned too.
                            let cues = Cues {
                                org_head: true,
                                ..Cues::default()
                            };
                            self.push(i, end, Some(EntityKind::Organisation), None, cues);
                        }
                        let cues = Cues {
                            gazetteer: true,
                            ..Cues::default()
                        };
                        self.push(i, i + len, Some(EntityKind::Country), Some(canonical), cues);
                        title_pending = false;
                        i = org_end.unwrap_or(i + len);
                        continue;
                    }
                    Target::Organisation(o) => {
                        let canonical = self.gaz.organisations[o as usize].canonical;
                        let cues = Cues {
                            gazetteer: true,
                            ..Cues::default()
                        };
                        self.push(
                            i,
                            i + len,
                            Some(EntityKind::Organisation),
                            Some(canonical),
                            cues,
                        );
                        self.attach_acronym(i + len);
                        title_pending = false;
                        i += len;
                        continue;
                    }
                    Target::Place
                        if !self.inside_larger_name(i, i + len)
                            && !self.surname_of_named_person(i, len) =>
                    {
                        if self.sports && self.team_context(i, i + len) {
                            self.push(
                                i,
                                i + len,
                                Some(EntityKind::Organisation),
                                None,
                                Cues::default(),
                            );
                            self.last_team_end = Some(i + len);
                            i += len;
                            title_pending = false;
                            continue;
                        }
                        if let Some(end) = self.org_continuation(i + len) {
                            let cues = Cues {
                                org_head: true,
                                ..Cues::default()
                            };
                            self.push(i, end, Some(EntityKind::Organisation), None, cues);
                            self.attach_acronym(end);
                            i = end;
                        } else {
                            i += len;
                        }
                        title_pending = false;
                        continue;
                    }
                    Target::Country(_) | Target::Demonym(_) | Target::Place => {
                        // Part of a larger name ("American League", "U.S. Open", "Chad
                        // Curtis"): read as a run of capitalised words below.
                    }
                    Target::Title => {
                        // A capitalised title word at the start of a longer organisation name
                        // ("General Motors", "Chief Executive Office") is left to the run below.
                        let end = i + len;
                        let org_follows = self.org_continuation(i).is_some();
                        if !org_follows {
                            title_pending = true;
                            i = end;
                            continue;
                        }
                    }
                }
            }
            if !tok.capitalised {
                title_pending = false;
                i += 1;
                continue;
            }
            // A sentence-initial ordinary word ("The", "But", "Speaking") starts no name.
            if tok.sentence_start
                && !tok.all_caps
                && self.is_common(i)
                && !self.has(i, lexicon::GIVEN)
            {
                i += 1;
                continue;
            }
            if tok.all_caps && self.caps_context(i) {
                i += 1;
                continue;
            }
            let end = self.run_end(i, title_pending);
            self.type_run(i, end, title_pending);
            title_pending = false;
            i = end;
        }
    }

    /// End (exclusive) of a run of capitalised words starting at `i`.
    fn run_end(&self, i: usize, title_before: bool) -> usize {
        // A run that opens with a given name or follows a title is a person's name: let it run
        // over words that are also places ("Paris Hilton"), but not over "of" ("Rep. Elijah
        // Cummings of Maryland"); others stop where a place or country starts.
        let person_like = title_before || self.has(i, lexicon::GIVEN);
        let mut j = i + 1;
        loop {
            if self.is_cap_word(j) && !self.breaks_run(j, person_like) {
                j += 1;
                continue;
            }
            // An initial: "J. Smith".
            if self.is_punct(j, ".")
                && self.text(j - 1).chars().count() == 1
                && self.tokens[j - 1].capitalised
                && self.is_cap_word(j + 1)
            {
                j += 2;
                continue;
            }
            // "Bank of England", "Federation of Kenyan Farmers", "Badr bin Hamad".
            if self.is_word(j)
                && !self.tokens[j].capitalised
                && self.is_cap_word(j + 1)
                && !self.starts_title(j + 1)
            {
                let w = self.text(j);
                let org_only = ORG_ONLY_CONNECTORS.contains(&w);
                // "and" joins parts of one organisation's name ("Department of Health and Human
                // Services") but usually two names ("Obama and Clinton").
                let and_ok = w != "and" || (i..j).any(|k| self.has(k, lexicon::ORG_HEAD));
                let lower_particle =
                    (CONNECTORS.contains(&w) && and_ok && !(person_like && org_only))
                        || w.starts_with("al-")
                        || w.starts_with("el-");
                if lower_particle {
                    j += 2;
                    continue;
                }
            }
            // "Suleiman al-Amr": a lower-case particle joined to the surname.
            if self.is_word(j) && {
                let w = self.text(j);
                ["al-", "el-", "bin-", "ad-", "as-", "ash-"]
                    .iter()
                    .any(|p| {
                        w.strip_prefix(p)
                            .is_some_and(|rest| rest.chars().next().is_some_and(char::is_uppercase))
                    })
            } {
                j += 1;
                continue;
            }
            if self.is_punct(j, "&") && self.is_cap_word(j + 1) {
                j += 2;
                continue;
            }
            break;
        }
        j
    }

    /// Does a name run stop before token `j`? At a title, a demonym, and (unless the run is a
    /// person's) a country or place: "V SRI LANKA", "Lebed Chechnya".
    fn breaks_run(&self, j: usize, person_like: bool) -> bool {
        if self.has(j, lexicon::ORG_HEAD) {
            return false;
        }
        self.phrases_at(j).iter().any(|p| match p.target {
            Target::Title | Target::Demonym(_) => p.words.len() == 1,
            Target::Country(_) | Target::Place => !person_like && self.phrase_matches_at(j, p),
            Target::Organisation(_) => false,
        })
    }

    fn phrase_matches_at(&self, j: usize, p: &super::gazetteer::Phrase) -> bool {
        p.words.iter().enumerate().all(|(k, w)| {
            self.tokens
                .get(j + k)
                .is_some_and(|t| t.kind == TokenKind::Word && t.text(self.body) == *w)
        })
    }

    fn starts_title(&self, j: usize) -> bool {
        self.phrases_at(j)
            .iter()
            .any(|p| p.target == Target::Title && p.words.len() == 1)
            && !self.has(j, lexicon::ORG_HEAD)
    }

    /// If capitalised words starting at `i` end in an organisation head word ("Foreign
    /// Ministry", "University"), the end of that organisation name.
    fn org_continuation(&self, i: usize) -> Option<usize> {
        let mut j = i;
        let mut last_head = None;
        while j < self.tokens.len() && j < i + 6 {
            if self.is_cap_word(j) {
                if self.has(j, lexicon::ORG_HEAD) {
                    last_head = Some(j + 1);
                }
                j += 1;
            } else if self.is_word(j)
                && matches!(self.text(j), "of" | "for" | "and")
                && self.is_cap_word(j + 1)
            {
                j += 1;
            } else {
                break;
            }
        }
        // "Harbin Institute of Technology": the name runs on past its head word.
        last_head.map(|_| {
            while j > i && self.has(j - 1, lexicon::CALENDAR) {
                j -= 1;
            }
            j
        })
    }
}

#[cfg(test)]
mod size {
    /// A large article holds millions of candidates at once: each stays within 64 bytes
    /// (32-bit offsets), which keeps extraction under 3 times the article.
    #[test]
    fn a_candidate_is_at_most_64_bytes() {
        assert!(std::mem::size_of::<super::Candidate>() <= 64);
    }
}
