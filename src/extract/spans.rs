//! The trained half of entity finding: every span of a run of capitalised words is scored by a
//! linear model (person, organisation, country, other place, other name, or nothing) over its
//! words, context, shape, the gazetteers and what the rules said about it; the best set of
//! non-overlapping spans is kept, each with a probability.

use std::sync::LazyLock;

use super::candidates::{Candidate, Cues};
use super::gazetteer::{GAZETTEER, Gazetteer, Target};
use super::linear::{Feature, FeatureHasher, Model, word_hash};
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
const CONNECTORS: &[&str] = &[
    "of", "the", "de", "del", "della", "di", "da", "do", "dos", "das", "du", "des", "la", "le",
    "bin", "bint", "ibn", "al", "el", "van", "von", "der", "den", "ter", "y", "for", "and", "on",
    "in", "upon", "am",
];

/// Lower-case particles inside people's names.
const PERSON_PARTICLES: &[&str] = &[
    "von", "van", "der", "den", "de", "da", "di", "du", "dos", "das", "do", "bin", "bint", "ibn",
    "al", "el", "la", "le", "ter", "del", "della",
];

/// Prefixes of ships' names.
const VESSEL_PREFIXES: &[&str] = &["USS", "HMS", "MV", "SS", "RMS", "INS", "HMAS", "HMCS"];

/// Tokens of one text, with what the model reads per token computed once.
pub struct Doc<'a> {
    pub body: &'a str,
    pub tokens: &'a [Token],
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

fn is_namelike(body: &str, t: &Token) -> bool {
    if t.kind != TokenKind::Word || t.end - t.start > MAX_NAME_WORD {
        return false;
    }
    // "iPhone", "eBay": a capital after the first letter counts too.
    t.capitalised || body[t.start..t.end].chars().skip(1).any(char::is_uppercase)
}

impl<'a> Doc<'a> {
    pub fn new(body: &'a str, tokens: &'a [Token], sports: bool) -> Doc<'a> {
        let mut hashes = vec![0u64; tokens.len()];
        let words = tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
        let mut lower_seen = Bloom::new(words);
        let mut midcap_seen = Bloom::new(words / 4 + 1);
        let mut flags = vec![0u8; tokens.len()];
        let gaz: &Gazetteer = &GAZETTEER;
        let mut lower = String::new();
        for (i, t) in tokens.iter().enumerate() {
            if t.kind != TokenKind::Word {
                continue;
            }
            let text = &body[t.start..t.end];
            let h = word_hash(text);
            hashes[i] = h;
            if !t.capitalised {
                lower_seen.insert(h);
            } else if !t.sentence_start && !t.all_caps {
                midcap_seen.insert(h);
            }
            if is_namelike(body, t) {
                flags[i] |= FLAG_NAMELIKE;
            }
        }
        // Gazetteer look-ups only where the model reads them: name-like tokens and the words
        // up to two tokens before and after them.
        let namelike = |k: usize| flags.get(k).is_some_and(|&f| f & FLAG_NAMELIKE != 0);
        let mut looked = vec![0u8; tokens.len()];
        for i in 0..tokens.len() {
            let near = namelike(i)
                || namelike(i + 1)
                || namelike(i + 2)
                || (i >= 1 && namelike(i - 1))
                || (i >= 2 && namelike(i - 2));
            if !near || tokens[i].kind != TokenKind::Word {
                continue;
            }
            let text = &body[tokens[i].start..tokens[i].end];
            if text.len() > MAX_NAME_WORD {
                continue;
            }
            lower.clear();
            lower.extend(text.chars().flat_map(char::to_lowercase));
            let mut f = 0;
            let given = gaz.given_names.contains(text);
            if given {
                f |= FLAG_GIVEN;
            }
            if gaz.is_common_word(&lower) && !given {
                f |= FLAG_COMMON;
            }
            if gaz.is_speech_verb(&lower) {
                f |= FLAG_SPEECH;
            }
            let dotted = tokens.get(i + 1).is_some_and(|n| {
                n.kind == TokenKind::Punct
                    && n.start == tokens[i].end
                    && &body[n.start..n.end] == "."
            });
            let titled = gaz.titles_lower.contains(text)
                || (dotted && {
                    lower.clear();
                    lower.push_str(text);
                    lower.push('.');
                    gaz.titles_lower.contains(lower.as_str())
                });
            if titled {
                f |= FLAG_TITLE;
            }
            if gaz.org_heads.contains(text) {
                f |= FLAG_ORG_HEAD;
            }
            looked[i] = f;
        }
        for (f, l) in flags.iter_mut().zip(looked) {
            *f |= l;
        }
        let mut doc = Doc {
            body,
            tokens,
            hashes,
            lower_seen,
            midcap_seen,
            surnames: Bloom::new(words / 8 + 1),
            flags,
            runs: Vec::new(),
            sports,
        };
        doc.runs = runs(&doc);
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
    let found = |first: &str, caps: bool| {
        gaz.phrases_starting(first).iter().find_map(|p| {
            if p.words.len() != len {
                return None;
            }
            let same = p.words.iter().enumerate().skip(1).all(|(k, w)| {
                let got = doc.text(i + k);
                got == *w || (caps && got.eq_ignore_ascii_case(w))
            });
            same.then_some(p.target)
        })
    };
    if let Some(t) = found(first, false) {
        return Some(t);
    }
    if doc.tokens[i].all_caps && first.len() > 3 {
        let mut titled = String::with_capacity(first.len());
        let mut chars = first.chars();
        if let Some(c) = chars.next() {
            titled.push(c);
            titled.extend(chars.flat_map(char::to_lowercase));
        }
        return found(&titled, true);
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

/// The rules' verdict on a span, for the model: the kind the rules gave this exact span, or
/// a larger one around it.
fn rule_features(rules: &[Candidate], span: &Span, push: &mut impl FnMut(Feature)) {
    // Rule candidates are in text order (by first token) and no longer than a run.
    let from = rules.partition_point(|c| c.first_token + MAX_RUN < span.first);
    for c in rules[from..]
        .iter()
        .take_while(|c| c.first_token < span.end)
        .filter(|c| c.end_token > span.first)
    {
        let kind = c.kind.map_or(0, |k| k as u64 + 1);
        if c.first_token == span.first && c.end_token == span.end {
            push(FeatureHasher::new("rule=").num(kind).finish());
            let cues = c.cues;
            for (on, name) in [
                (cues.title_before, "title"),
                (cues.given_name, "given"),
                (cues.speech_subject, "speech"),
                (cues.apposition, "appos"),
                (cues.org_head, "head"),
                (cues.common_word, "common"),
            ] {
                if on {
                    push(FeatureHasher::new("cue=").bytes(name.as_bytes()).finish());
                }
            }
            if c.canonical.is_some() {
                push(FeatureHasher::new("rule_gaz").num(kind).finish());
            }
        } else if c.first_token <= span.first && c.end_token >= span.end {
            push(FeatureHasher::new("rule_in=").num(kind).finish());
        } else {
            push(FeatureHasher::new("rule_overlap=").num(kind).finish());
        }
    }
}

/// The feature every span has.
pub fn bias_feature() -> Feature {
    FeatureHasher::new("bias").finish()
}

/// The features of one span.
pub fn span_features(doc: &Doc, rules: &[Candidate], span: &Span, out: &mut Vec<Feature>) {
    let gaz: &Gazetteer = &GAZETTEER;
    out.clear();
    let mut push = |f: Feature| out.push(f);
    let (s, e) = (span.first, span.end);
    let len = e - s;
    push(bias_feature());
    let mut whole = FeatureHasher::new("span=");
    let mut shape = FeatureHasher::new("shape=");
    let mut common = 0;
    let mut words = 0;
    for k in s..e {
        let t = doc.tokens[k];
        let h = if t.kind == TokenKind::Word {
            doc.hashes[k]
        } else {
            word_hash(doc.text(k))
        };
        whole = whole.hash(h);
        shape = shape.hash(shape_hash(doc.text(k)));
        if t.kind == TokenKind::Word {
            words += 1;
            if doc.flag(k, FLAG_COMMON) {
                common += 1;
            }
            let role = if len == 1 {
                "single="
            } else if k == s {
                "first="
            } else if k == e - 1 {
                "last="
            } else {
                "inner="
            };
            push(FeatureHasher::new(role).hash(h).finish());
            if len > 1 {
                push(FeatureHasher::new("word=").hash(h).finish());
            }
        }
    }
    push(whole.finish());
    push(shape.finish());
    push(FeatureHasher::new("len=").num(len.min(6) as u64).finish());
    let all_common = common == words;
    push(
        FeatureHasher::new("common=")
            .num(u64::from(common > 0) + u64::from(all_common))
            .num(len.min(3) as u64)
            .finish(),
    );
    // Affixes of the last word ("-stan", "-ski", "-ington").
    let last = doc.text(e - 1);
    // The last 2, 3 and 4 characters, when the word is longer than that.
    let mut ends = last.char_indices().rev().map(|(i, _)| i);
    for n in 1..=4 {
        let Some(at) = ends.next() else { break };
        if n >= 2 && at > 0 {
            push(FeatureHasher::new("suf=").lower(&last[at..]).finish());
        }
    }
    // Context.
    let prev = s.checked_sub(1);
    let prev2 = s.checked_sub(2);
    push(
        FeatureHasher::new("prev=")
            .hash(doc.context_hash(prev))
            .finish(),
    );
    push(
        FeatureHasher::new("prev2=")
            .hash(doc.context_hash(prev2))
            .hash(doc.context_hash(prev))
            .finish(),
    );
    push(
        FeatureHasher::new("next=")
            .hash(doc.context_hash(Some(e)))
            .finish(),
    );
    push(
        FeatureHasher::new("next2=")
            .hash(doc.context_hash(Some(e)))
            .hash(doc.context_hash(Some(e + 1)))
            .finish(),
    );
    // Where the span stands in its run: a piece cut from a longer name, or the whole.
    push(
        FeatureHasher::new("runpos=")
            .num(u64::from(s == span.run.0))
            .num(u64::from(e == span.run.1))
            .num((span.run.1 - span.run.0).min(5) as u64)
            .finish(),
    );
    let first = doc.tokens[s];
    if first.sentence_start {
        push(
            FeatureHasher::new("sstart")
                .num(u64::from(common > 0))
                .num(len.min(2) as u64)
                .finish(),
        );
        if doc.lower_seen.contains(doc.hashes[s]) {
            push(FeatureHasher::new("sstart_lower_seen").finish());
        }
        if doc.midcap_seen.contains(doc.hashes[s]) {
            push(FeatureHasher::new("sstart_midcap_seen").finish());
        }
    }
    if doc.is_word(e - 1) && doc.surname_seen(doc.hashes[e - 1]) {
        push(
            FeatureHasher::new("surname_seen")
                .num(len.min(3) as u64)
                .finish(),
        );
    }
    // "bin", "van der", "de": particles of people's names between capitalised words.
    if (s + 1..e.saturating_sub(1)).any(|k| {
        matches!(
            doc.text(k),
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
    }) {
        push(FeatureHasher::new("name_particle").finish());
    }
    if len == 1 && first.kind == TokenKind::Word {
        if doc.lower_seen.contains(doc.hashes[s]) {
            push(FeatureHasher::new("lower_seen").finish());
        }
        if first.all_caps {
            push(
                FeatureHasher::new("acronym")
                    .num(doc.text(s).len().min(6) as u64)
                    .finish(),
            );
        }
    }
    if first.all_caps && doc.tokens[e - 1].all_caps && len > 1 {
        push(FeatureHasher::new("allcaps").finish());
    }
    if doc.sports {
        push(FeatureHasher::new("sports").finish());
        let num_after = doc
            .tokens
            .get(e)
            .is_some_and(|t| t.kind == TokenKind::Number);
        push(
            FeatureHasher::new("sports_num")
                .num(u64::from(num_after))
                .finish(),
        );
    }
    // Gazetteers.
    if let Some(t) = phrase_exact(doc, gaz, s, len) {
        push(FeatureHasher::new("gaz=").num(target_code(t)).finish());
        push(
            FeatureHasher::new("gaz_ctx=")
                .num(target_code(t))
                .hash(doc.context_hash(Some(e)))
                .finish(),
        );
    }
    // A title just before, over its abbreviation dot ("Sen. Susan Collins").
    let title_at = |p: usize| doc.flag(p, FLAG_TITLE);
    let title_before = match prev {
        Some(p) if doc.text(p) == "." => p.checked_sub(1).is_some_and(title_at),
        Some(p) => title_at(p),
        None => false,
    };
    if title_before {
        push(FeatureHasher::new("title_before").finish());
    }
    if doc.flag(s, FLAG_GIVEN) {
        push(
            FeatureHasher::new("given_first")
                .num(len.min(3) as u64)
                .finish(),
        );
    }
    if doc.flag(s, FLAG_TITLE) {
        push(FeatureHasher::new("title_first").finish());
    }
    let head_last = doc.flag(e - 1, FLAG_ORG_HEAD);
    let head_any = (s..e).any(|k| doc.flag(k, FLAG_ORG_HEAD));
    if head_any {
        push(
            FeatureHasher::new("org_head")
                .num(u64::from(head_last))
                .finish(),
        );
    }
    // Speech after the name: "X said".
    if doc.flag(e, FLAG_SPEECH) {
        push(FeatureHasher::new("speech_after").finish());
    }
    rule_features(rules, span, &mut push);
}

/// One decided span: tokens, class, probability.
#[derive(Debug, Clone, Copy)]
pub struct Decided {
    pub first: usize,
    pub end: usize,
    pub class: SpanClass,
    pub probability: f32,
}

/// Score every span of the text and keep the best non-overlapping ones in each run.
pub fn decide(doc: &Doc, rules: &[Candidate]) -> Option<Vec<Decided>> {
    let training = super::train::ENTITY_OVERRIDE.with(|o| o.borrow().clone());
    let model = match &training {
        Some(m) => m,
        None => MODEL.as_ref()?,
    };
    let mut out = Vec::new();
    let mut spans = Vec::new();
    let mut feats = Vec::with_capacity(64);
    let mut scores = [0f32; CLASSES];
    let mut probs = [0f32; CLASSES];
    // Per run: (span, best class, margin over "none", probability).
    let mut scored: Vec<(Span, usize, f32, f32)> = Vec::new();
    for &run in &doc.runs {
        spans.clear();
        spans_of_run(doc, run, &mut spans);
        scored.clear();
        for sp in &spans {
            span_features(doc, rules, sp, &mut feats);
            model.scores_into(&feats, &mut scores);
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
            continue;
        }
        // Best segmentation of the run: the chosen spans' margins summed, by dynamic
        // programming over token positions.
        let n = run.1 - run.0;
        let mut best = vec![0f32; n + 1];
        let mut back: Vec<Option<usize>> = vec![None; n + 1];
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
    }
    Some(out)
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
            if all_common || brand {
                continue;
            }
        }
        // Ships are named like people: "USS Abraham Lincoln" is neither.
        if d.first > 0 && VESSEL_PREFIXES.contains(&doc.text(d.first - 1))
            || VESSEL_PREFIXES.contains(&doc.text(d.first))
        {
            continue;
        }
        let len = d.end - d.first;
        let target = phrase_exact(doc, gaz, d.first, len);
        let from = rules.partition_point(|c| c.first_token < d.first);
        let rule = rules[from..]
            .iter()
            .take_while(|c| c.first_token == d.first)
            .find(|c| c.end_token == d.end);
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
        let cues = rule.map_or_else(
            || Cues {
                sentence_start: t.sentence_start,
                common_word: len == 1 && gaz.is_common_word(&doc.text(d.first).to_lowercase()),
                ..Cues::default()
            },
            |c| c.cues,
        );
        out.push(Candidate {
            first_token: d.first,
            end_token: d.end,
            start: t.start,
            end: doc.tokens[d.end - 1].end,
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
        if c.kind != Some(EntityKind::Person) || c.end_token - c.first_token != 1 {
            continue;
        }
        while k < decided.len() && decided[k].end <= c.first_token {
            k += 1;
        }
        let overlaps = decided
            .get(k)
            .is_some_and(|d| d.first < c.end_token && d.end > c.first_token);
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
    let mut surnames: Vec<&str> = out
        .iter()
        .filter(|c| c.kind == Some(EntityKind::Person) && c.end_token - c.first_token >= 2)
        .map(|c| doc.text(c.end_token - 1))
        .collect();
    surnames.sort_unstable();
    surnames.dedup();
    if !surnames.is_empty() {
        let mut covered = vec![false; doc.tokens.len()];
        for c in &out {
            covered[c.first_token..c.end_token].fill(true);
        }
        for (i, t) in doc.tokens.iter().enumerate() {
            if !covered[i] && doc.namelike(i) && surnames.binary_search(&doc.text(i)).is_ok() {
                out.push(Candidate {
                    first_token: i,
                    end_token: i + 1,
                    start: t.start,
                    end: t.end,
                    kind: None,
                    canonical: None,
                    cues: Cues::default(),
                    acronym: None,
                    confidence: 0.5,
                });
            }
        }
    }
    out.sort_by_key(|c| c.first_token);
    out
}

/// Every span with its class probabilities, for looking at what the model does.
pub fn decide_all(doc: &Doc, body: &str, tokens: &[Token], sports: bool) -> Vec<String> {
    let rules = super::candidates::find_candidates(body, tokens, sports);
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
