//! The trained half of entity finding: every span of a run of capitalised words is scored by a
//! linear model (person, organisation, country, other place, other name, or nothing) over its
//! words, context, shape, the gazetteers and what the rules said about it; the best set of
//! non-overlapping spans is kept, each with a probability.

use crate::word_set;
use crate::wordkey::WordSet;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use super::candidates::{Candidate, Cues};
use super::gazetteer::{GAZETTEER, Gazetteer, Phrase, Target};
use super::lexicon::{self, Lex};
use super::linear::{Feature, FeatureHasher, LANES, Model, Sums, word_hash};
use super::token::{Token, TokenKind};
use crate::model::EntityKind;

/// What a span is, as the model decides it. `Loc` is a place that is no country (a city, a
/// region); `Misc` another name (a nationality, an event, a product, a work).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanClass {
    None = 0,
    Person = 1,
    Organisation = 2,
    Country = 3,
    Loc = 4,
    Misc = 5,
}

pub const CLASSES: usize = 6;

impl SpanClass {
    pub fn from_index(i: usize) -> SpanClass {
        match i {
            1 => SpanClass::Person,
            2 => SpanClass::Organisation,
            3 => SpanClass::Country,
            4 => SpanClass::Loc,
            5 => SpanClass::Misc,
            _ => SpanClass::None,
        }
    }
}

/// Longest span scored, in tokens.
const MAX_SPAN: usize = 7;
/// Longest run of name-like tokens read as one; longer runs (title-case headlines) are cut.
const MAX_RUN: usize = 14;
/// A word longer than this (in bytes) is no part of a name.
pub const MAX_NAME_WORD: usize = 40;

/// The committed weights (`cargo run --release --example train` writes them).
static MODEL: LazyLock<Option<Model>> =
    LazyLock::new(|| Model::from_bytes(include_bytes!("../../assets/model/entities.bin")));

/// Lower-case words that may stand inside a name between capitalised ones.
static CONNECTORS: LazyLock<WordSet> = word_set![
    "of", "the", "de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le",
    "bin", "bint", "ibn", "al", "el", "van", "von", "der", "den", "ter", "y", "for", "and", "on",
    "in", "upon", "am",
];

/// Lower-case particles inside people's names.
static PERSON_PARTICLES: LazyLock<WordSet> = word_set![
    "von", "van", "der", "den", "de", "da", "di", "du", "dos", "das", "do", "bin", "bint", "ibn",
    "al", "el", "la", "le", "ter", "del", "della",
];

/// Names of peoples, faiths and other groups of people that are no country's demonym, in
/// the singular and plural: never a person or an organisation on their own.
static GROUP_NOUNS: LazyLock<WordSet> = word_set![
    "Hispanic",
    "Hispanics",
    "Latino",
    "Latinos",
    "Latina",
    "Latinas",
    "Latinx",
    "Muslim",
    "Muslims",
    "Christian",
    "Christians",
    "Jew",
    "Jews",
    "Jewish",
    "Catholic",
    "Catholics",
    "Protestant",
    "Protestants",
    "Evangelical",
    "Evangelicals",
    "Mormon",
    "Mormons",
    "Hindu",
    "Hindus",
    "Sikh",
    "Sikhs",
    "Buddhist",
    "Buddhists",
    "Sunni",
    "Sunnis",
    "Shia",
    "Shiite",
    "Shiites",
    "Arab",
    "Arabs",
    "Kurd",
    "Kurds",
    "Pashtun",
    "Pashtuns",
    "Uighur",
    "Uighurs",
    "Uyghur",
    "Uyghurs",
    "Rohingya",
    "Roma",
    "Asian",
    "Asians",
    "African",
    "Africans",
    "European",
    "Europeans",
    "Caucasian",
    "Caucasians",
    "Native",
    "Natives",
    "Aboriginal",
    "Aboriginals",
    "Millennial",
    "Millennials",
];

/// "D-N.C.", "R-Utah", "I-Vt.": a legislator's party and state, as written after the name.
fn is_party_label(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 3
        && b.len() <= 12
        && matches!(b[0], b'D' | b'R' | b'I')
        && b[1] == b'-'
        && b[2].is_ascii_uppercase()
        && b[2..]
            .iter()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, b'.' | b'-' | b' '))
}

/// Prefixes of ships' names.
static VESSEL_PREFIXES: LazyLock<WordSet> =
    word_set!["USS", "HMS", "MV", "SS", "RMS", "INS", "HMAS", "HMCS"];

/// Tokens of one text, with what the model reads per token computed once.
pub struct Doc<'a> {
    pub body: &'a str,
    pub tokens: &'a [Token],
    /// What the gazetteers say of each token.
    pub lex: &'a [Lex],
    /// Lower-cased hash of each word token (0 for others).
    hashes: Vec<u64>,
    /// Words seen in lower case somewhere in the text (a small Bloom filter).
    lower_seen: Bloom,
    /// Capitalised words seen away from a sentence start.
    midcap_seen: Bloom,
    /// Last words of names that open with a given name or follow a title.
    surnames: Bloom,
    /// What the gazetteers say of each token (`FLAG_*`), looked up once.
    flags: Vec<u8>,
    /// Runs of name-like tokens.
    runs: Vec<(usize, usize)>,
    /// Shape hash of each token inside a run (0 elsewhere).
    shapes: Vec<u64>,
    pub sports: bool,
}

const FLAG_NAMELIKE: u8 = 1;
/// An ordinary English word (in lower case), not also a given name.
const FLAG_COMMON: u8 = 2;
const FLAG_GIVEN: u8 = 4;
/// A person's title ("President", "Sen" before its dot).
const FLAG_TITLE: u8 = 8;
const FLAG_ORG_HEAD: u8 = 16;
const FLAG_SPEECH: u8 = 32;

/// A set of hashes with false positives and no false negatives, sized to the text.
struct Bloom {
    bits: Vec<u64>,
    mask: u64,
}

impl Bloom {
    fn new(items: usize) -> Bloom {
        let bits = (items * 16).next_power_of_two().max(1024);
        Bloom {
            bits: vec![0; bits / 64],
            mask: bits as u64 - 1,
        }
    }

    fn insert(&mut self, h: u64) {
        for k in [h, h.rotate_left(29)] {
            let b = k & self.mask;
            self.bits[(b / 64) as usize] |= 1 << (b % 64);
        }
    }

    fn contains(&self, h: u64) -> bool {
        [h, h.rotate_left(29)].iter().all(|k| {
            let b = k & self.mask;
            self.bits[(b / 64) as usize] & (1 << (b % 64)) != 0
        })
    }
}

fn is_namelike(t: &Token) -> bool {
    if t.kind != TokenKind::Word || t.end - t.start > MAX_NAME_WORD {
        return false;
    }
    // "iPhone", "eBay": a capital after the first letter counts too.
    t.capitalised || t.inner_capital
}

/// Token `i` is a capitalised -ing word ("Impeaching") opening a sentence, not a known given
/// name, with no title before it and never capitalised mid-sentence in the text.
fn is_gerund_opening(doc: &Doc, i: usize) -> bool {
    let t = &doc.tokens[i];
    let word = doc.text(i);
    t.sentence_start
        && t.capitalised
        && !t.all_caps
        && word.len() >= 6
        && word.ends_with("ing")
        && !doc.flag(i, FLAG_GIVEN)
        && !doc.title_before(i)
        && !doc.midcap_seen.contains(doc.hashes[i])
}

/// "I’ve", "I'm", "I’ll", "I'd": the pronoun, capitalised wherever it stands, never a name.
fn is_first_person(word: &str) -> bool {
    word.strip_prefix('I')
        .and_then(|rest| rest.strip_prefix('\'').or_else(|| rest.strip_prefix('’')))
        .is_some_and(|ending| matches!(ending, "m" | "ve" | "ll" | "d"))
}

impl<'a> Doc<'a> {
    pub fn new(body: &'a str, tokens: &'a [Token], lex: &'a [Lex], sports: bool) -> Doc<'a> {
        Doc::with_hashes(body, tokens, lex, Vec::new(), sports)
    }

    /// [`Doc::new`] with the words' hashes the gazetteer look-up gave
    /// (`lexicon::look_up_hashing`: 0 where it had none); the others are worked out here.
    pub fn with_hashes(
        body: &'a str,
        tokens: &'a [Token],
        lex: &'a [Lex],
        mut hashes: Vec<u64>,
        sports: bool,
    ) -> Doc<'a> {
        if hashes.len() != tokens.len() {
            hashes.clear();
            hashes.resize(tokens.len(), 0);
        }
        let words = tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
        let mut lower_seen = Bloom::new(words);
        let mut midcap_seen = Bloom::new(words / 4 + 1);
        let mut flags = vec![0u8; tokens.len()];
        for (i, t) in tokens.iter().enumerate() {
            if t.kind != TokenKind::Word {
                continue;
            }
            let h = match hashes[i] {
                0 => word_hash(&body[t.start..t.end]),
                known => known,
            };
            hashes[i] = h;
            if !t.capitalised {
                lower_seen.insert(h);
            } else if !t.sentence_start && !t.all_caps {
                midcap_seen.insert(h);
            }
            if is_namelike(t) {
                flags[i] |= FLAG_NAMELIKE;
            }
        }
        // Gazetteer look-ups only where the model reads them: name-like tokens and the words
        // up to two tokens before and after them.
        // Only the name-like flags are read here, and only other flags are added: the flags
        // take the look-ups in place. `last_namelike` is the last name-like token up to i + 2.
        let namelike_at =
            |flags: &[u8], k: usize| flags.get(k).is_some_and(|&f| f & FLAG_NAMELIKE != 0);
        let mut last_namelike = (0..2).rev().find(|&k| namelike_at(&flags, k));
        for i in 0..tokens.len() {
            if namelike_at(&flags, i + 2) {
                last_namelike = Some(i + 2);
            }
            let near = last_namelike.is_some_and(|l| l + 2 >= i);
            if !near || tokens[i].kind != TokenKind::Word {
                continue;
            }
            if tokens[i].end - tokens[i].start > MAX_NAME_WORD {
                continue;
            }
            let l = lex[i];
            let mut f = 0;
            let given = l.has(lexicon::GIVEN);
            if given {
                f |= FLAG_GIVEN;
            }
            if l.has(lexicon::COMMON) && !given {
                f |= FLAG_COMMON;
            }
            if l.has(lexicon::SPEECH) {
                f |= FLAG_SPEECH;
            }
            let dotted = tokens.get(i + 1).is_some_and(|n| {
                n.kind == TokenKind::Punct
                    && n.start == tokens[i].end
                    && &body[n.start..n.end] == "."
            });
            if l.has(lexicon::TITLE) || (dotted && l.has(lexicon::TITLE_DOT)) {
                f |= FLAG_TITLE;
            }
            if l.has(lexicon::ORG_HEAD) {
                f |= FLAG_ORG_HEAD;
            }
            flags[i] |= f;
        }
        let mut doc = Doc {
            body,
            tokens,
            lex,
            hashes,
            lower_seen,
            midcap_seen,
            surnames: Bloom::new(words / 8 + 1),
            flags,
            runs: Vec::new(),
            shapes: Vec::new(),
            sports,
        };
        doc.runs = runs(&doc);
        doc.shapes = vec![0; tokens.len()];
        for &(a, b) in &doc.runs {
            for k in a..b {
                doc.shapes[k] = shape_hash(doc.text(k));
            }
        }
        for &(a, b) in &doc.runs {
            if b - a < 2 || !doc.namelike(b - 1) {
                continue;
            }
            let titled = a > 0 && doc.flag(a - 1, FLAG_TITLE);
            if titled || doc.flag(a, FLAG_GIVEN) {
                let h = doc.hashes[b - 1];
                doc.surnames.insert(h);
            }
        }
        doc
    }

    fn text(&self, i: usize) -> &'a str {
        self.tokens[i].text(self.body)
    }

    /// The word just before token `i`, over an abbreviation's dot ("Sen." before "Susan").
    fn word_before(&self, i: usize) -> Option<usize> {
        let p = i.checked_sub(1)?;
        if self.text(p) == "." {
            p.checked_sub(1)
        } else {
            Some(p)
        }
    }

    /// Is there a title just before token `i` ("Sen. Susan Collins")?
    fn title_before(&self, i: usize) -> bool {
        self.word_before(i)
            .is_some_and(|p| self.flag(p, FLAG_TITLE))
    }

    /// The text of tokens `first..end`.
    fn span_text(&self, first: usize, end: usize) -> &'a str {
        &self.body[self.tokens[first].start..self.tokens[end - 1].end]
    }

    fn is_word(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Word)
    }

    fn namelike(&self, i: usize) -> bool {
        self.flag(i, FLAG_NAMELIKE)
    }

    fn flag(&self, i: usize, f: u8) -> bool {
        self.flags.get(i).is_some_and(|&x| x & f != 0)
    }

    /// A token that may stand inside a run between name-like ones.
    fn joins(&self, i: usize) -> bool {
        let Some(t) = self.tokens.get(i) else {
            return false;
        };
        match t.kind {
            TokenKind::Word => CONNECTORS.contains(&self.text(i)),
            TokenKind::Possessive => true,
            TokenKind::Punct => match self.text(i) {
                "&" => true,
                // "J. Smith", "St. Louis": the dot of an initial or abbreviation.
                "." => {
                    i > 0
                        && self.tokens[i - 1].capitalised
                        && self.tokens[i - 1].end == t.start
                        && self.text(i - 1).len() <= 3
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// The hash of token `k` inside a span: the word (lower case) or the mark as written.
    fn word_or_mark_hash(&self, k: usize) -> u64 {
        if self.tokens[k].kind == TokenKind::Word {
            self.hashes[k]
        } else {
            word_hash(self.text(k))
        }
    }

    /// The hash standing for token `i` as context: the word, or the punctuation mark, or a
    /// line break.
    fn context_hash(&self, i: Option<usize>) -> u64 {
        match i.and_then(|i| self.tokens.get(i).map(|t| (i, t))) {
            None => 1,
            Some((_, t)) if t.kind == TokenKind::Newline => 2,
            Some((i, t)) if t.kind == TokenKind::Word => self.hashes[i],
            Some((_, t)) if t.kind == TokenKind::Number => 3,
            // Curly and straight marks are one mark to the model.
            Some((i, _)) => word_hash(match self.text(i) {
                "“" | "”" | "„" | "«" | "»" => "\"",
                "‘" | "’" => "'",
                "—" | "–" => "-",
                other => other,
            }),
        }
    }

    /// Was this word the last word of a name that opens with a given name or follows a title,
    /// somewhere in the text ("Ava DuVernay" makes a later "DuVernay" a surname)?
    fn surname_seen(&self, h: u64) -> bool {
        self.surnames.contains(h)
    }
}

/// Runs of name-like tokens (with the connectors between them), as token ranges.
pub fn runs(doc: &Doc) -> Vec<(usize, usize)> {
    let n = doc.tokens.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if !doc.namelike(i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        loop {
            if end - start >= MAX_RUN {
                break;
            }
            if doc.namelike(end) {
                end += 1;
                continue;
            }
            // "Windows 95", "Apollo 13".
            if doc
                .tokens
                .get(end)
                .is_some_and(|t| t.kind == TokenKind::Number)
                && doc.tokens[end].start == doc.tokens[end - 1].end + 1
                && doc.text(end).len() <= 4
            {
                end += 1;
                continue;
            }
            // One to three joining words: "Bank of England", "Ursula von der Leyen".
            let mut j = end;
            while j < end + 3 && doc.joins(j) {
                j += 1;
            }
            if j > end && doc.namelike(j) {
                end = j + 1;
                continue;
            }
            break;
        }
        out.push((start, end));
        i = end;
    }
    out
}

/// A span the model weighs: tokens `first..end`.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub first: usize,
    pub end: usize,
    /// The run it lies in.
    pub run: (usize, usize),
}

/// Every span of every run that starts and ends on a name-like word (or ends on a number).
pub fn spans_of_run(doc: &Doc, run: (usize, usize), out: &mut Vec<Span>) {
    for s in run.0..run.1 {
        if !doc.namelike(s) {
            continue;
        }
        for e in s + 1..=run.1.min(s + MAX_SPAN) {
            let last = &doc.tokens[e - 1];
            if doc.namelike(e - 1) || (e - 1 > s && last.kind == TokenKind::Number) {
                out.push(Span {
                    first: s,
                    end: e,
                    run,
                });
            }
        }
    }
}

/// The longest gazetteer phrase starting at `i` and its length, plus whether one of exactly
/// `len` tokens exists there (and what it names).
fn phrase_exact(doc: &Doc, gaz: &Gazetteer, i: usize, len: usize) -> Option<Target> {
    let first = doc.text(i);
    let found = |phrases: &[Phrase], caps: bool| {
        // Longest first: the ones of `len` words follow the longer ones.
        let longer = phrases.partition_point(|p| p.words.len() > len);
        phrases[longer..]
            .iter()
            .take_while(|p| p.words.len() == len)
            .find_map(|p| {
                let same = p.words.iter().enumerate().skip(1).all(|(k, w)| {
                    let got = doc.text(i + k);
                    got == *w || (caps && got.eq_ignore_ascii_case(w))
                });
                same.then_some(p.target)
            })
    };
    // The phrases starting with the word as written were looked up with it.
    if let Some(t) = found(doc.lex[i].phrases(gaz), false) {
        return Some(t);
    }
    if doc.tokens[i].all_caps && first.len() > 3 {
        // "NATIONS" as "Nations": on the stack when it is ASCII (headlines in capitals are).
        let mut buf = [0u8; MAX_NAME_WORD];
        if first.is_ascii() && first.len() <= buf.len() {
            let titled = &mut buf[..first.len()];
            titled.copy_from_slice(first.as_bytes());
            titled[1..].make_ascii_lowercase();
            let titled = std::str::from_utf8(titled).unwrap_or(first);
            return found(gaz.phrases_starting(titled), true);
        }
        let mut titled = String::with_capacity(first.len());
        let mut chars = first.chars();
        if let Some(c) = chars.next() {
            titled.push(c);
            titled.extend(chars.flat_map(char::to_lowercase));
        }
        return found(gaz.phrases_starting(&titled), true);
    }
    None
}

fn target_code(t: Target) -> u64 {
    match t {
        Target::Country(_) => 1,
        Target::Demonym(_) => 2,
        Target::Organisation(_) => 3,
        Target::Place => 4,
        Target::Title => 5,
    }
}

/// A word's shape: "Xx", "X", "XX", "x", "d", with runs collapsed and "." and "-" kept.
fn shape_hash(text: &str) -> u64 {
    let mut h = FeatureHasher::new("");
    let mut last = ' ';
    for c in text.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s != last {
            let mut buf = [0u8; 4];
            h = h.bytes(s.encode_utf8(&mut buf).as_bytes());
            last = s;
        }
    }
    h.raw()
}

/// Where a span's features go: a list (training, looking) or a model's running sums (scoring).
pub trait Sink {
    fn put(&mut self, f: Feature);
}

impl Sink for Vec<Feature> {
    fn put(&mut self, f: Feature) {
        self.push(f);
    }
}

/// A model's sums over the features put in.
struct Scorer<'m> {
    model: &'m Model,
    sums: Sums,
}

impl Sink for Scorer<'_> {
    #[inline]
    fn put(&mut self, f: Feature) {
        self.model.add(f, &mut self.sums);
    }
}

fn feature(template: &str, nums: &[u64]) -> Feature {
    nums.iter()
        .fold(FeatureHasher::new(template), |h, &n| h.num(n))
        .finish()
}

/// The features that take a few values only (flags, small counts, the rules' kinds), hashed
/// once instead of once per span.
struct Consts {
    bias: Feature,
    len: [Feature; 7],
    /// By (some word common + every word common), then length up to 3.
    common: [[Feature; 4]; 3],
    /// By starts the run, ends the run, run length up to 5.
    runpos: [[[Feature; 6]; 2]; 2],
    /// By some word common, then length up to 2.
    sstart: [[Feature; 3]; 2],
    sstart_lower_seen: Feature,
    sstart_midcap_seen: Feature,
    surname_seen: [Feature; 4],
    name_particle: Feature,
    lower_seen: Feature,
    acronym: [Feature; 7],
    allcaps: Feature,
    sports: Feature,
    sports_num: [Feature; 2],
    title_before: Feature,
    given_first: [Feature; 4],
    title_first: Feature,
    org_head: [Feature; 2],
    speech_after: Feature,
    /// The rules' kind (0 for none, else `EntityKind` + 1) of the same span, a larger one
    /// around it, an overlapping one; the gazetteer gave it.
    rule_same: [Feature; 4],
    rule_in: [Feature; 4],
    rule_overlap: [Feature; 4],
    rule_gaz: [Feature; 4],
    /// The rules' cues: title, given, speech, appos, head, common.
    cue: [Feature; 6],
    gaz: [Feature; 6],
}

static CONSTS: LazyLock<Consts> = LazyLock::new(|| {
    let by = |template: &str, n: u64| feature(template, &[n]);
    Consts {
        bias: feature("bias", &[]),
        len: std::array::from_fn(|n| by("len=", n as u64)),
        common: std::array::from_fn(|c| {
            std::array::from_fn(|l| feature("common=", &[c as u64, l as u64]))
        }),
        runpos: std::array::from_fn(|a| {
            std::array::from_fn(|b| {
                std::array::from_fn(|l| feature("runpos=", &[a as u64, b as u64, l as u64]))
            })
        }),
        sstart: std::array::from_fn(|c| {
            std::array::from_fn(|l| feature("sstart", &[c as u64, l as u64]))
        }),
        sstart_lower_seen: feature("sstart_lower_seen", &[]),
        sstart_midcap_seen: feature("sstart_midcap_seen", &[]),
        surname_seen: std::array::from_fn(|l| by("surname_seen", l as u64)),
        name_particle: feature("name_particle", &[]),
        lower_seen: feature("lower_seen", &[]),
        acronym: std::array::from_fn(|l| by("acronym", l as u64)),
        allcaps: feature("allcaps", &[]),
        sports: feature("sports", &[]),
        sports_num: std::array::from_fn(|n| by("sports_num", n as u64)),
        title_before: feature("title_before", &[]),
        given_first: std::array::from_fn(|l| by("given_first", l as u64)),
        title_first: feature("title_first", &[]),
        org_head: std::array::from_fn(|h| by("org_head", h as u64)),
        speech_after: feature("speech_after", &[]),
        rule_same: std::array::from_fn(|k| by("rule=", k as u64)),
        rule_in: std::array::from_fn(|k| by("rule_in=", k as u64)),
        rule_overlap: std::array::from_fn(|k| by("rule_overlap=", k as u64)),
        rule_gaz: std::array::from_fn(|k| by("rule_gaz", k as u64)),
        cue: ["title", "given", "speech", "appos", "head", "common"]
            .map(|name| FeatureHasher::new("cue=").bytes(name.as_bytes()).finish()),
        gaz: std::array::from_fn(|t| by("gaz=", t as u64)),
    }
});

/// The rules' verdict on a span, for the model: the kind the rules gave this exact span, or
/// a larger one around it.
fn rule_features(rules: &[Candidate], span: &Span, sink: &mut impl Sink) {
    let consts = &*CONSTS;
    // Rule candidates are in text order (by first token) and no longer than a run.
    let from = rules.partition_point(|c| c.first() + MAX_RUN < span.first);
    for c in rules[from..]
        .iter()
        .take_while(|c| c.first() < span.end)
        .filter(|c| c.end_tok() > span.first)
    {
        let kind = c.kind.map_or(0, |k| k as usize + 1);
        if c.first() == span.first && c.end_tok() == span.end {
            sink.put(consts.rule_same[kind]);
            let cues = c.cues;
            let on = [
                cues.title_before,
                cues.given_name,
                cues.speech_subject,
                cues.apposition,
                cues.org_head,
                cues.common_word,
            ];
            for (on, &f) in on.into_iter().zip(&consts.cue) {
                if on {
                    sink.put(f);
                }
            }
            if c.canonical.is_some() {
                sink.put(consts.rule_gaz[kind]);
            }
        } else if c.first() <= span.first && c.end_tok() >= span.end {
            sink.put(consts.rule_in[kind]);
        } else {
            sink.put(consts.rule_overlap[kind]);
        }
    }
}

/// The feature every span has.
pub fn bias_feature() -> Feature {
    CONSTS.bias
}

/// The features of one span: those of where it starts, where it ends, its words in their
/// roles, and its own. Scoring shares the first three between the spans of a run.
pub fn span_features(doc: &Doc, rules: &[Candidate], span: &Span, out: &mut Vec<Feature>) {
    out.clear();
    start_features(doc, span.first, out);
    end_features(doc, span.end, out);
    let (s, e) = (span.first, span.end);
    if e - s == 1 {
        token_features(doc, s, Role::Single, out);
    } else {
        token_features(doc, s, Role::First, out);
        for k in s + 1..e - 1 {
            token_features(doc, k, Role::Inner, out);
        }
        token_features(doc, e - 1, Role::Last, out);
    }
    own_features(doc, rules, span, out);
}

/// What a token is to a span holding it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// The whole span.
    Single,
    First,
    Inner,
    Last,
}

/// A token's features in its role: the word as first, last, inner or only word (and as a
/// word of a longer span), the last word's endings ("-stan", "-ski", "-ington"), and for a
/// one-word span whether it is seen in lower case or is an acronym.
fn token_features(doc: &Doc, k: usize, role: Role, sink: &mut impl Sink) {
    let consts = &*CONSTS;
    let t = doc.tokens[k];
    if t.kind == TokenKind::Word {
        let h = doc.hashes[k];
        let template = match role {
            Role::Single => const { FeatureHasher::new("single=") },
            Role::First => const { FeatureHasher::new("first=") },
            Role::Last => const { FeatureHasher::new("last=") },
            Role::Inner => const { FeatureHasher::new("inner=") },
        };
        sink.put(template.hash(h).finish());
        if role != Role::Single {
            sink.put(FeatureHasher::new("word=").hash(h).finish());
        }
    }
    if matches!(role, Role::Single | Role::Last) {
        let last = doc.text(k);
        // The last 2, 3 and 4 characters, when the word is longer than that.
        let mut ends = last.char_indices().rev().map(|(i, _)| i);
        for n in 1..=4 {
            let Some(at) = ends.next() else { break };
            if n >= 2 && at > 0 {
                sink.put(FeatureHasher::new("suf=").lower(&last[at..]).finish());
            }
        }
    }
    if role == Role::Single && t.kind == TokenKind::Word {
        if doc.lower_seen.contains(doc.hashes[k]) {
            sink.put(consts.lower_seen);
        }
        if t.all_caps {
            sink.put(consts.acronym[doc.text(k).len().min(6)]);
        }
    }
}

/// Features of the words before a span starting at `s`: the context, a title just before,
/// a sentence start's evidence of the word elsewhere.
fn start_features(doc: &Doc, s: usize, sink: &mut impl Sink) {
    let consts = &*CONSTS;
    let prev = s.checked_sub(1);
    let prev2 = s.checked_sub(2);
    sink.put(
        FeatureHasher::new("prev=")
            .hash(doc.context_hash(prev))
            .finish(),
    );
    sink.put(
        FeatureHasher::new("prev2=")
            .hash(doc.context_hash(prev2))
            .hash(doc.context_hash(prev))
            .finish(),
    );
    if doc.tokens[s].sentence_start {
        if doc.lower_seen.contains(doc.hashes[s]) {
            sink.put(consts.sstart_lower_seen);
        }
        if doc.midcap_seen.contains(doc.hashes[s]) {
            sink.put(consts.sstart_midcap_seen);
        }
    }
    // A title just before, over its abbreviation dot ("Sen. Susan Collins").
    if doc.title_before(s) {
        sink.put(consts.title_before);
    }
    if doc.flag(s, FLAG_TITLE) {
        sink.put(consts.title_first);
    }
}

/// Features of the words after a span ending before `e`: the context, speech ("X said"), a
/// score in a sports report.
fn end_features(doc: &Doc, e: usize, sink: &mut impl Sink) {
    let consts = &*CONSTS;
    sink.put(
        FeatureHasher::new("next=")
            .hash(doc.context_hash(Some(e)))
            .finish(),
    );
    sink.put(
        FeatureHasher::new("next2=")
            .hash(doc.context_hash(Some(e)))
            .hash(doc.context_hash(Some(e + 1)))
            .finish(),
    );
    if doc.flag(e, FLAG_SPEECH) {
        sink.put(consts.speech_after);
    }
    if doc.sports {
        sink.put(consts.sports);
        let num_after = doc
            .tokens
            .get(e)
            .is_some_and(|t| t.kind == TokenKind::Number);
        sink.put(consts.sports_num[usize::from(num_after)]);
    }
}

/// "bin", "van der", "de": particles of people's names between capitalised words.
fn is_name_particle(word: &str) -> bool {
    matches!(
        word,
        "bin"
            | "bint"
            | "ibn"
            | "al"
            | "el"
            | "van"
            | "von"
            | "der"
            | "den"
            | "de"
            | "da"
            | "dos"
            | "du"
            | "la"
            | "le"
            | "ter"
            | "del"
            | "di"
    )
}

/// The features of the span as a whole: its words and shape together, length, ordinary words,
/// place in its run, gazetteer phrase, title, given name, head word, the rules' verdict.
fn own_features(doc: &Doc, rules: &[Candidate], span: &Span, sink: &mut impl Sink) {
    let gaz: &Gazetteer = &GAZETTEER;
    let consts = &*CONSTS;
    let (s, e) = (span.first, span.end);
    let len = e - s;
    sink.put(consts.bias);
    let mut whole = FeatureHasher::new("span=");
    let mut shape = FeatureHasher::new("shape=");
    let mut common = 0;
    let mut words = 0;
    for k in s..e {
        whole = whole.hash(doc.word_or_mark_hash(k));
        shape = shape.hash(doc.shapes[k]);
        if doc.tokens[k].kind == TokenKind::Word {
            words += 1;
            if doc.flag(k, FLAG_COMMON) {
                common += 1;
            }
        }
    }
    sink.put(whole.finish());
    sink.put(shape.finish());
    sink.put(consts.len[len.min(6)]);
    let all_common = common == words;
    sink.put(consts.common[usize::from(common > 0) + usize::from(all_common)][len.min(3)]);
    // Where the span stands in its run: a piece cut from a longer name, or the whole.
    sink.put(
        consts.runpos[usize::from(s == span.run.0)][usize::from(e == span.run.1)]
            [(span.run.1 - span.run.0).min(5)],
    );
    if doc.tokens[s].sentence_start {
        sink.put(consts.sstart[usize::from(common > 0)][len.min(2)]);
    }
    if doc.is_word(e - 1) && doc.surname_seen(doc.hashes[e - 1]) {
        sink.put(consts.surname_seen[len.min(3)]);
    }
    if (s + 1..e.saturating_sub(1)).any(|k| is_name_particle(doc.text(k))) {
        sink.put(consts.name_particle);
    }
    if doc.tokens[s].all_caps && doc.tokens[e - 1].all_caps && len > 1 {
        sink.put(consts.allcaps);
    }
    // Gazetteers.
    if let Some(t) = phrase_exact(doc, gaz, s, len) {
        sink.put(consts.gaz[target_code(t) as usize]);
        sink.put(
            FeatureHasher::new("gaz_ctx=")
                .num(target_code(t))
                .hash(doc.context_hash(Some(e)))
                .finish(),
        );
    }
    if doc.flag(s, FLAG_GIVEN) {
        sink.put(consts.given_first[len.min(3)]);
    }
    let head_last = doc.flag(e - 1, FLAG_ORG_HEAD);
    let head_any = (s..e).any(|k| doc.flag(k, FLAG_ORG_HEAD));
    if head_any {
        sink.put(consts.org_head[usize::from(head_last)]);
    }
    rule_features(rules, span, sink);
}

/// One decided span: tokens, class, probability.
#[derive(Debug, Clone, Copy)]
pub struct Decided {
    pub first: usize,
    pub end: usize,
    pub class: SpanClass,
    pub probability: f32,
}

/// Adds `b` to `a`, lane by lane.
#[inline]
fn add_sums(a: &mut Sums, b: &Sums) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

/// Sums of the features of each place and token of one run, computed once and shared by every
/// span of the run (a token in a run of n words lies in up to 7n spans).
#[derive(Default)]
struct RunParts {
    start: Vec<Sums>,
    end: Vec<Sums>,
    single: Vec<Sums>,
    first: Vec<Sums>,
    inner: Vec<Sums>,
    last: Vec<Sums>,
    /// A word's sums in a role, by its hash (lower case), role and whether it is all
    /// capitals: what `token_features` reads of a word, so a name met again in the article
    /// is not weighed again.
    words: FxHashMap<(u64, u8, bool), Sums>,
}

/// The model's sums over the features `put` puts in.
fn part_sums(model: &Model, put: impl FnOnce(&mut Scorer)) -> Sums {
    let mut sc = Scorer {
        model,
        sums: [0; LANES],
    };
    put(&mut sc);
    sc.sums
}

impl RunParts {
    /// The sums of token `k`'s features in `role`, from the memo for a word seen before.
    fn token_part(&mut self, doc: &Doc, model: &Model, k: usize, role: Role) -> Sums {
        let score = || part_sums(model, |sc| token_features(doc, k, role, sc));
        let t = &doc.tokens[k];
        if t.kind != TokenKind::Word {
            return score();
        }
        *self
            .words
            .entry((doc.hashes[k], role as u8, t.all_caps))
            .or_insert_with(score)
    }

    fn fill(&mut self, doc: &Doc, model: &Model, run: (usize, usize)) {
        let n = run.1 - run.0;
        for v in [
            &mut self.start,
            &mut self.end,
            &mut self.single,
            &mut self.first,
            &mut self.inner,
            &mut self.last,
        ] {
            v.clear();
        }
        let zero = [0; LANES];
        for i in 0..n {
            let k = run.0 + i;
            // Spans start on name-like words and end on one or on a number, so only those
            // places and roles are read (an inner word is never the run's first or last).
            let starts = doc.namelike(k);
            let ends = starts || doc.tokens[k].kind == TokenKind::Number;
            let (end, last) = if ends {
                let end = part_sums(model, |sc| end_features(doc, k + 1, sc));
                let last = if i > 0 {
                    self.token_part(doc, model, k, Role::Last)
                } else {
                    zero
                };
                (end, last)
            } else {
                (zero, zero)
            };
            self.end.push(end);
            self.last.push(last);
            if starts {
                let start = part_sums(model, |sc| start_features(doc, k, sc));
                let single = self.token_part(doc, model, k, Role::Single);
                let first = if i + 1 < n {
                    self.token_part(doc, model, k, Role::First)
                } else {
                    zero
                };
                self.start.push(start);
                self.single.push(single);
                self.first.push(first);
            } else {
                self.start.push(zero);
                self.single.push(zero);
                self.first.push(zero);
            }
            let inner = if i > 0 && i + 1 < n {
                self.token_part(doc, model, k, Role::Inner)
            } else {
                zero
            };
            self.inner.push(inner);
        }
    }

    /// The sums of a span's shared features (all but its own).
    fn span(&self, run: (usize, usize), sp: &Span) -> Sums {
        let (s, e) = (sp.first - run.0, sp.end - run.0);
        let mut sums = self.start[s];
        add_sums(&mut sums, &self.end[e - 1]);
        if e - s == 1 {
            add_sums(&mut sums, &self.single[s]);
        } else {
            add_sums(&mut sums, &self.first[s]);
            for k in s + 1..e - 1 {
                add_sums(&mut sums, &self.inner[k]);
            }
            add_sums(&mut sums, &self.last[e - 1]);
        }
        sums
    }
}

/// Score every span of the text and keep the best non-overlapping ones in each run.
pub fn decide(doc: &Doc, rules: &[Candidate]) -> Option<Vec<Decided>> {
    let training = super::train::ENTITY_OVERRIDE.with(|o| o.borrow().clone());
    let model = match &training {
        Some(m) => m,
        None => MODEL.as_ref()?,
    };
    // Training scores with float weights, feature by feature; the program with its integer
    // weights, sharing the parts of a run between its spans.
    let quantized = model.is_quantized();
    let mut feats = Vec::new();
    let mut out = Vec::new();
    let mut spans = Vec::new();
    let mut parts = RunParts::default();
    let mut scores = [0f32; CLASSES];
    let mut probs = [0f32; CLASSES];
    // Per run: (span, best class, margin over "none", probability).
    let mut scored: Vec<(Span, usize, f32, f32)> = Vec::new();
    // The segmentation's table, reused from run to run.
    let mut best: Vec<f32> = Vec::new();
    let mut back: Vec<Option<usize>> = Vec::new();
    let (mut lo, mut hi) = (0, 0);
    for &run in &doc.runs {
        spans.clear();
        spans_of_run(doc, run, &mut spans);
        scored.clear();
        if quantized {
            parts.fill(doc, model, run);
        }
        // The rule candidates a span of this run may meet (`rule_features`), so each span
        // searches a few of them, not the article's all. Runs come in text order, and so do
        // the rules: both ends only move forward.
        while lo < rules.len() && rules[lo].first() + MAX_RUN < run.0 {
            lo += 1;
        }
        hi = hi.max(lo);
        while hi < rules.len() && rules[hi].first() < run.1 {
            hi += 1;
        }
        let rules = &rules[lo..hi];
        for sp in &spans {
            if quantized {
                let mut sc = Scorer {
                    model,
                    sums: parts.span(run, sp),
                };
                own_features(doc, rules, sp, &mut sc);
                model.finish(&sc.sums, &mut scores);
            } else {
                span_features(doc, rules, sp, &mut feats);
                model.scores_into(&feats, &mut scores);
            }
            let best = (1..CLASSES)
                .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
                .unwrap_or(1);
            let margin = scores[best] - scores[0];
            if margin > 0.0 {
                model.probabilities(&scores, &mut probs);
                scored.push((*sp, best, margin, probs[best]));
            }
        }
        if scored.is_empty() {
            person_backstop(doc, run, &mut out, 0);
            continue;
        }
        // Best segmentation of the run: the chosen spans' margins summed, by dynamic
        // programming over token positions.
        let n = run.1 - run.0;
        best.clear();
        best.resize(n + 1, 0.0);
        back.clear();
        back.resize(n + 1, None);
        scored.sort_by_key(|(sp, ..)| sp.end);
        let mut k = 0;
        for pos in 1..=n {
            best[pos] = best[pos - 1];
            back[pos] = None;
            while k < scored.len() && scored[k].0.end - run.0 == pos {
                let (sp, _, margin, _) = scored[k];
                let from = sp.first - run.0;
                if best[from] + margin > best[pos] {
                    best[pos] = best[from] + margin;
                    back[pos] = Some(k);
                }
                k += 1;
            }
        }
        let mut pos = n;
        let start_len = out.len();
        while pos > 0 {
            match back[pos] {
                Some(k) => {
                    let (sp, class, _, p) = scored[k];
                    out.push(Decided {
                        first: sp.first,
                        end: sp.end,
                        class: SpanClass::from_index(class),
                        probability: p,
                    });
                    pos = sp.first - run.0;
                }
                None => pos -= 1,
            }
        }
        out[start_len..].reverse();
        person_backstop(doc, run, &mut out, start_len);
    }
    Some(out)
}

/// Offices addressed with an honorific ("Mr. President", "Madam Speaker"): no surname.
static ADDRESSED_OFFICES: LazyLock<WordSet> = word_set![
    "President",
    "Speaker",
    "Chairman",
    "Chairwoman",
    "Chair",
    "Secretary",
    "Mayor",
    "Ambassador",
    "Prime",
    "Vice",
    "Chief",
    "Commissioner",
    "Governor",
    "Senator",
    "Minister",
    "Director",
    "Justice",
    "Attorney",
    "Deputy",
    "Leader",
    "Premier",
    "Chancellor",
];

/// The probability given to a name the model passed over and the pattern below vouches for.
const BACKSTOP_PROBABILITY: f32 = 0.6;

/// Names the model passes over inside long runs of capitals ("Ohio Democratic Party Chairman
/// David Pepper", "said Representative Charles B. Rangel of New York"), where its training
/// text, Reuters, has few: a known given name, then initials or not, then one or two
/// capitalised words that are neither titles nor heads of organisations' names, ending the run
/// or before a lower-case word; with a title just before it or a middle initial in it. English
/// names only that, so it is a person, even when the surname is also a word ("Chairman David
/// Pepper"). Spans the model chose are kept; `out[from..]` are this run's, in order, and stay
/// in order.
fn person_backstop(doc: &Doc, run: (usize, usize), out: &mut Vec<Decided>, from: usize) {
    let covered =
        |out: &[Decided], a: usize, b: usize| out[from..].iter().any(|d| d.first < b && d.end > a);
    // A signature the model took for a place or some other name is still a person.
    if out[from..]
        .iter()
        .all(|d| matches!(d.class, SpanClass::Loc | SpanClass::Misc))
        && signs_a_quote(doc, run)
    {
        out.truncate(from);
        out.push(Decided {
            first: run.0,
            end: run.1,
            class: SpanClass::Person,
            probability: BACKSTOP_PROBABILITY,
        });
        return;
    }
    // "Martin Luther King III", "Sammy Davis Jr": a run ending in a generational suffix is
    // one person from its first person (or given name) on, whatever the model made of the
    // words between (King is also a title).
    let last = run.1 - 1;
    if run.1 - run.0 >= 3 && super::names::GENERATIONAL.contains(&doc.text(last)) {
        let model_person = out[from..]
            .iter()
            .find(|d| d.class == SpanClass::Person && d.first >= run.0)
            .map(|d| (d.first, d.probability));
        let given = (run.0..last)
            .find(|&k| doc.flag(k, FLAG_GIVEN) && !doc.flag(k, FLAG_TITLE))
            .map(|k| (k, BACKSTOP_PROBABILITY));
        if let Some((first, p)) = model_person.or(given)
            && last - first >= 2
        {
            let kept = out[from..].iter().filter(|d| d.end <= first).count();
            out.truncate(from + kept);
            out.push(Decided {
                first,
                end: run.1,
                class: SpanClass::Person,
                probability: p.max(BACKSTOP_PROBABILITY),
            });
            return;
        }
    }
    // "Mr. King", "Dr. Oz", "Ms Moore": after a personal honorific, one capitalised word is a
    // surname, even a word that is also a title or an ordinary word.
    let after_honorific = |i: usize| {
        doc.word_before(i)
            .is_some_and(|p| matches!(doc.text(p), "Mr" | "Mrs" | "Ms" | "Miss" | "Mx" | "Dr"))
    };
    // A person found here, among this run's decided spans in order.
    let place = |out: &mut Vec<Decided>, first: usize, end: usize| {
        let at = out[from..].partition_point(|d| d.first < first) + from;
        let person = Decided {
            first,
            end,
            class: SpanClass::Person,
            probability: BACKSTOP_PROBABILITY,
        };
        out.insert(at, person);
    };
    let mut i = run.0;
    while i < run.1 {
        if after_honorific(i)
            && doc.namelike(i)
            && !ADDRESSED_OFFICES.contains(&doc.text(i))
            && !doc.tokens[i].all_caps
            && (i + 1 >= run.1 || !doc.namelike(i + 1))
            && !covered(out, i, i + 1)
        {
            place(out, i, i + 1);
            i += 1;
            continue;
        }
        if !doc.flag(i, FLAG_GIVEN)
            || !doc.namelike(i)
            || doc.flag(i, FLAG_TITLE)
            || doc.tokens[i].all_caps
            || covered(out, i, i + 1)
        {
            i += 1;
            continue;
        }
        // Initials: "B." (one capital letter and its dot).
        let mut j = i + 1;
        let mut initials = 0;
        while j + 1 < run.1
            && doc.is_word(j)
            && doc.text(j).len() == 1
            && doc.text(j).bytes().all(|b| b.is_ascii_uppercase())
            && doc.text(j + 1) == "."
        {
            j += 2;
            initials += 1;
        }
        let surname = |k: usize| {
            k < run.1
                && doc.namelike(k)
                && !doc.tokens[k].all_caps
                && !doc.flag(k, FLAG_TITLE | FLAG_ORG_HEAD)
        };
        let mut k = j;
        while k < j + 2 && surname(k) {
            k += 1;
        }
        let ends_here = k > j && (k >= run.1 || !doc.namelike(k));
        if ends_here && (doc.title_before(i) || initials > 0) && !covered(out, i, k) {
            place(out, i, k);
            i = k;
        } else {
            i += 1;
        }
    }
}

/// A quote signed with a name: “...” ― Krystal Correa, at the end of its paragraph. The name
/// (two or three words, initials aside, none of them an ordinary word, a title or an
/// organisation's head) is who said it, so it is a person even when the model does not know it.
fn signs_a_quote(doc: &Doc, run: (usize, usize)) -> bool {
    let dash =
        |k: usize| doc.tokens[k].kind == TokenKind::Punct && matches!(doc.text(k), "―" | "—" | "–");
    let closes = |k: usize| matches!(doc.text(k), "”" | "\"");
    let signed = run.0 >= 2 && dash(run.0 - 1) && closes(run.0 - 2);
    if !signed {
        return false;
    }
    let mut words = 0;
    let mut k = run.0;
    while k < run.1 {
        if doc.text(k) == "." {
            k += 1;
            continue;
        }
        let initial = doc.text(k).len() == 1 && k + 1 < doc.tokens.len() && doc.text(k + 1) == ".";
        if !doc.namelike(k)
            || doc.tokens[k].all_caps && !initial
            || doc.flag(k, FLAG_COMMON | FLAG_TITLE | FLAG_ORG_HEAD)
        {
            return false;
        }
        words += usize::from(!initial);
        k += 1;
    }
    // The paragraph ends with the name (perhaps after a full stop).
    let mut end = run.1;
    if doc
        .tokens
        .get(end)
        .is_some_and(|t| t.kind == TokenKind::Punct)
        && doc.text(end) == "."
    {
        end += 1;
    }
    (2..=3).contains(&words)
        && doc
            .tokens
            .get(end)
            .is_none_or(|t| t.kind == TokenKind::Newline)
}

/// Turn decided spans into candidates for resolution: people and organisations as they are,
/// countries (and nationalities) under their gazetteer names; other places and names dropped.
pub fn to_candidates(doc: &Doc, rules: &[Candidate], decided: &[Decided]) -> Vec<Candidate> {
    let gaz: &Gazetteer = &GAZETTEER;
    let mut out = Vec::with_capacity(decided.len());
    for (k, d) in decided.iter().enumerate() {
        let mut d = *d;
        // Particles belong to a person's name: "Ursula" + "von der Leyen", "Lula" + "da
        // Silva", unless the words after them were decided otherwise.
        if d.class == SpanClass::Person {
            let mut j = d.end;
            while j < d.end + 3 && doc.is_word(j) && PERSON_PARTICLES.contains(&doc.text(j)) {
                j += 1;
            }
            let free = decided.get(k + 1).is_none_or(|n| n.first > j);
            if j > d.end && doc.namelike(j) && !doc.tokens[j].all_caps && free {
                d.end = j + 1;
            }
        }
        // A person's name never opens with a title ("Ms Bauchtman", "Sen. Collins"): the
        // title is context, not name.
        while d.class == SpanClass::Person && d.end - d.first > 1 && doc.flag(d.first, FLAG_TITLE) {
            d.first += 1;
            if doc.text(d.first) == "." && d.end - d.first > 1 {
                d.first += 1;
            }
        }
        // A verb's -ing form opening a sentence or headline is no part of the name after it
        // ("Injecting Clinton’s marital troubles into the campaign", "Impeaching Trump"),
        // unless the article also writes it with a capital mid-sentence, as a given name is
        // ("Sterling Hitchcock").
        if d.class == SpanClass::Person && d.end - d.first > 1 && is_gerund_opening(doc, d.first) {
            d.first += 1;
        }
        // "I’ve" is no name, nor part of one ("Jim Eastland I’ve known for years").
        while d.end > d.first && is_first_person(doc.text(d.end - 1)) {
            d.end -= 1;
        }
        if d.end == d.first {
            continue;
        }
        // A label before a colon is no part of a name: "Ahmed Mohamed Image: Twitter".
        while d.end - d.first > 1
            && doc.flag(d.end - 1, FLAG_COMMON)
            && doc
                .tokens
                .get(d.end)
                .is_some_and(|t| t.kind == TokenKind::Punct)
            && doc.text(d.end) == ":"
        {
            d.end -= 1;
        }
        if d.class == SpanClass::Person && d.end - d.first > 1 {
            let words: Vec<usize> = (d.first..d.end).filter(|&k| doc.is_word(k)).collect();
            // People are not named in ordinary words only ("Visual Arts", "Internet Explorer")
            // nor in brand spellings ("PlayStation VR").
            let all_common = words.iter().all(|&k| doc.flag(k, FLAG_COMMON));
            let brand = words
                .iter()
                .any(|&k| super::candidates::is_camel_case(doc.text(k)));
            // Nor with a pronoun in them: "Jeb Can Fix It" is a slogan. ("He", "She" and "You"
            // are also Chinese surnames, so only pronouns that no name uses.)
            let pronoun = words
                .iter()
                .any(|&k| matches!(doc.text(k), "It" | "We" | "They" | "Them" | "Us" | "Him"));
            if all_common || brand || pronoun {
                continue;
            }
        }
        // A party and state after a legislator's name, "(D-N.C.)", is a label, not a name.
        if d.first > 0
            && doc.text(d.first - 1) == "("
            && is_party_label(doc.span_text(d.first, d.end))
        {
            continue;
        }
        // Peoples, faiths and other groups of people ("Hispanics", "Muslims") are neither a
        // person nor an organisation; as countries' demonyms they are found above.
        if d.end - d.first == 1
            && matches!(d.class, SpanClass::Person | SpanClass::Organisation)
            && GROUP_NOUNS.contains(&doc.text(d.first))
        {
            continue;
        }
        // Ships are named like people: "USS Abraham Lincoln" is neither.
        if d.first > 0 && VESSEL_PREFIXES.contains(&doc.text(d.first - 1))
            || VESSEL_PREFIXES.contains(&doc.text(d.first))
        {
            continue;
        }
        let len = d.end - d.first;
        let target = phrase_exact(doc, gaz, d.first, len);
        let from = rules.partition_point(|c| c.first() < d.first);
        let rule = rules[from..]
            .iter()
            .take_while(|c| c.first() == d.first)
            .find(|c| c.end_tok() == d.end);
        let (kind, canonical) = match d.class {
            SpanClass::Person => (EntityKind::Person, None),
            SpanClass::Organisation => (
                EntityKind::Organisation,
                match target {
                    Some(Target::Organisation(o)) => Some(gaz.organisations[o as usize].canonical),
                    _ => None,
                },
            ),
            SpanClass::Country | SpanClass::Misc | SpanClass::Loc => match target {
                Some(Target::Country(c)) if d.class != SpanClass::Loc => (
                    EntityKind::Country,
                    Some(gaz.countries[c as usize].canonical),
                ),
                Some(Target::Demonym(c)) if d.class != SpanClass::Loc => (
                    EntityKind::Country,
                    Some(gaz.countries[c as usize].canonical),
                ),
                _ => continue,
            },
            SpanClass::None => continue,
        };
        let t = doc.tokens[d.first];
        let mut cues = rule.map_or_else(
            || Cues {
                sentence_start: t.sentence_start,
                common_word: len == 1 && doc.lex[d.first].has(lexicon::COMMON),
                ..Cues::default()
            },
            |c| c.cues,
        );
        cues.title_before |= doc.title_before(d.first);
        out.push(Candidate {
            first_token: d.first as u32,
            end_token: d.end as u32,
            start: t.start as u32,
            end: doc.tokens[d.end - 1].end as u32,
            kind: Some(kind),
            canonical,
            cues,
            acronym: rule.and_then(|c| c.acronym),
            confidence: d.probability,
        });
    }
    // A lone word the rules took for a person and the model for nothing is kept in reserve:
    // resolution keeps it only as the surname of someone the text names in full ("Kasich"
    // after "John Kasich"), never on its own.
    let mut k = 0;
    for c in rules {
        if c.kind != Some(EntityKind::Person) || c.end_tok() - c.first() != 1 {
            continue;
        }
        while k < decided.len() && decided[k].end <= c.first() {
            k += 1;
        }
        let overlaps = decided
            .get(k)
            .is_some_and(|d| d.first < c.end_tok() && d.end > c.first());
        if !overlaps {
            // The rules vetted it as a name already, so a sentence start does not rule it out.
            let mut cues = c.cues;
            cues.sentence_start = false;
            out.push(Candidate {
                kind: None,
                confidence: 0.5,
                cues,
                ..c.clone()
            });
        }
    }
    // A lone word that is the surname of someone this text names in full ("Trump" after
    // "Donald Trump") goes to resolution too, which joins it to that person.
    // By the word's hash (lower case), then its text as written: most tokens are told apart
    // by the number alone.
    let mut surnames: Vec<(u64, &str)> = out
        .iter()
        .filter(|c| c.kind == Some(EntityKind::Person) && c.end_tok() - c.first() >= 2)
        .map(|c| (doc.hashes[c.end_tok() - 1], doc.text(c.end_tok() - 1)))
        .collect();
    surnames.sort_unstable();
    surnames.dedup();
    let is_surname = |i: usize| {
        let h = doc.hashes[i];
        let from = surnames.partition_point(|&(k, _)| k < h);
        surnames[from..]
            .iter()
            .take_while(|&&(k, _)| k == h)
            .any(|&(_, w)| w == doc.text(i))
    };
    if !surnames.is_empty() {
        let mut covered = vec![false; doc.tokens.len()];
        for c in &out {
            covered[c.first()..c.end_tok()].fill(true);
        }
        for (i, t) in doc.tokens.iter().enumerate() {
            if !covered[i] && doc.namelike(i) && is_surname(i) {
                out.push(Candidate {
                    first_token: i as u32,
                    end_token: i as u32 + 1,
                    start: t.start as u32,
                    end: t.end as u32,
                    kind: None,
                    canonical: None,
                    cues: Cues::default(),
                    acronym: None,
                    confidence: 0.5,
                });
            }
        }
    }
    out.sort_by_key(|c| c.first());
    out
}

/// Every span with its class probabilities, for looking at what the model does.
pub fn decide_all(doc: &Doc, body: &str, tokens: &[Token], sports: bool) -> Vec<String> {
    let rules = super::candidates::find_candidates(body, tokens, doc.lex, sports);
    let Some(model) = MODEL.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut feats = Vec::new();
    let mut scores = [0f32; CLASSES];
    let mut probs = [0f32; CLASSES];
    for &run in &doc.runs {
        let mut spans = Vec::new();
        spans_of_run(doc, run, &mut spans);
        for sp in spans {
            span_features(doc, &rules, &sp, &mut feats);
            model.scores_into(&feats, &mut scores);
            model.probabilities(&scores, &mut probs);
            let text = &body[tokens[sp.first].start..tokens[sp.end - 1].end];
            let p: Vec<String> = probs.iter().map(|p| format!("{p:.2}")).collect();
            out.push(format!(
                "{text:<40} none/per/org/ctry/loc/misc {}",
                p.join(" ")
            ));
        }
    }
    for d in decide(doc, &rules).unwrap_or_default() {
        let text = &body[tokens[d.first].start..tokens[d.end - 1].end];
        out.push(format!("=> {text} {:?} {:.2}", d.class, d.probability));
    }
    out
}
