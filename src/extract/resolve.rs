//! Within one article: candidates become entities. Surnames join full names ("Araghchi" ->
//! "Abbas Araghchi"), close misspellings join when one person fits ("Argachi"), acronyms join
//! their organisation, and lone words nobody can place are dropped.

use crate::word_set;
use crate::wordkey::WordSet;
use compact_str::CompactString;
use rustc_hash::{FxHashMap, FxHashSet};
use smallvec::SmallVec;
use std::sync::LazyLock;

use super::candidates::Candidate;
use super::names;
use crate::model::EntityKind;
use crate::wordkey::WordMap;

/// An entity as one article knows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LocalEntity {
    pub name: String,
    pub kind: EntityKind,
    /// Surface forms other than the name, in first-seen order.
    pub aliases: Vec<String>,
    /// Byte spans, sorted.
    pub mentions: Vec<(usize, usize)>,
    /// True when the name came from a gazetteer (so cross-article merging trusts it as is).
    pub known: bool,
    /// A lone capitalised word kept only in case the corpus names its person in full
    /// elsewhere ("Obama" in an article that never says "Barack Obama"); dropped otherwise.
    pub tentative: bool,
    /// Sum of its mentions' probabilities under the entity model (mean = sum / mentions).
    pub confidence_sum: f32,
}

impl LocalEntity {
    /// The mean probability of its mentions, 0..1.
    pub fn confidence(&self) -> f32 {
        if self.mentions.is_empty() {
            0.0
        } else {
            (self.confidence_sum / self.mentions.len() as f32).clamp(0.0, 1.0)
        }
    }
}

impl LocalEntity {
    fn add_mention(&mut self, surface: &str, span: (usize, usize)) {
        if surface != self.name && !self.aliases.iter().any(|a| a == surface) {
            self.aliases.push(surface.to_string());
        }
        self.mentions.push(span);
    }
}

/// The entities of one article, and which entity each candidate became.
#[derive(Debug, Default)]
pub struct Resolved {
    pub entities: Vec<LocalEntity>,
    /// The entity of each candidate (`u32`: a large article holds millions of candidates).
    pub of_candidate: Vec<Option<u32>>,
}

/// Surface text of a candidate, with line breaks and runs of spaces folded to one space
/// (the text itself when it has none: most names).
fn surface<'a>(body: &'a str, c: &Candidate) -> std::borrow::Cow<'a, str> {
    let text = &body[c.start as usize..c.end as usize];
    let folded = text.starts_with(' ')
        || text.ends_with(' ')
        || text.contains("  ")
        || text.chars().any(|ch| ch != ' ' && ch.is_whitespace());
    if folded {
        text.split_whitespace().collect::<Vec<_>>().join(" ").into()
    } else {
        text.into()
    }
}

fn strip_article(name: &str) -> &str {
    name.strip_prefix("The ").unwrap_or(name)
}

pub fn resolve(body: &str, candidates: &[Candidate]) -> Resolved {
    let mut r = Resolved {
        entities: Vec::new(),
        of_candidate: vec![None; candidates.len()],
    };
    // Entities by kind and name (the names are the entities' own, never copied for a key).
    let mut by_key: [NameTable; 3] = Default::default();
    let mut acronyms: FxHashMap<String, usize> = FxHashMap::default();

    fn intern(
        r: &mut Resolved,
        by_key: &mut [NameTable; 3],
        kind: EntityKind,
        name: &str,
        known: bool,
    ) -> (usize, bool) {
        let names = &mut by_key[kind as usize];
        if let Some(e) = names.get(&r.entities, name) {
            return (e, false);
        }
        names.insert(name, r.entities.len());
        r.entities.push(LocalEntity {
            name: name.to_string(),
            kind,
            aliases: Vec::new(),
            mentions: Vec::new(),
            known,
            tentative: false,
            confidence_sum: 0.0,
        });
        (r.entities.len() - 1, true)
    }

    // Pass 1: names that stand on their own: gazetteer entries, organisations, full names.
    for (ci, c) in candidates.iter().enumerate() {
        let Some(kind) = c.kind else { continue };
        let text = surface(body, c);
        let words = text.split(' ').count();
        if kind == EntityKind::Person && words < 2 {
            continue;
        }
        if kind == EntityKind::Organisation && c.canonical.is_none() && words == 1 {
            // An undefined acronym is placed in pass 2, once definitions are known; any other
            // lone word the model calls an organisation, once the people named in full are
            // ("Baird said" beside "John Baird": a name keeps one referent in an article).
            continue;
        }
        let name = match c.canonical {
            Some(canonical) => canonical,
            None => strip_article(&text),
        };
        let (e, _) = intern(&mut r, &mut by_key, kind, name, c.canonical.is_some());
        r.entities[e].add_mention(&text, c.span());
        r.entities[e].confidence_sum += c.confidence;
        r.of_candidate[ci] = Some(e as u32);
        if let Some((s, t)) = c.acronym_span() {
            let acronym = &body[s..t];
            acronyms.insert(acronym.to_string(), e);
            r.entities[e].add_mention(acronym, (s, t));
            r.entities[e].confidence_sum += c.confidence;
        }
    }
    merge_partial_names(body, &mut r);
    // The merge moves entities to new places: their names are indexed again.
    by_key = Default::default();
    for (i, e) in r.entities.iter().enumerate() {
        by_key[e.kind as usize].insert(&e.name, i);
    }

    // Surnames and first names of the people found so far, for lone words.
    let people: Vec<usize> = (0..r.entities.len())
        .filter(|&e| r.entities[e].kind == EntityKind::Person)
        .collect();
    let mut people_index = PeopleIndex::new(&r, &people);
    let initials = org_initials(&r);

    // Pass 2: lone words and undefined acronyms. Lone words the model calls organisations
    // come last, so that a person named by that word anywhere in the article is known.
    let mut lone_orgs = Vec::new();
    for (ci, c) in candidates.iter().enumerate() {
        if r.of_candidate[ci].is_some() {
            continue;
        }
        let text = surface(body, c);
        // An organisation left to this pass is an undefined acronym, or a lone word (last).
        let is_acronym_org = c.kind == Some(EntityKind::Organisation);
        if is_acronym_org && text.chars().any(char::is_lowercase) {
            lone_orgs.push(ci);
            continue;
        }
        if let Some(&e) = acronyms.get(&*text) {
            r.entities[e].add_mention(&text, c.span());
            r.entities[e].confidence_sum += c.confidence;
            r.of_candidate[ci] = Some(e as u32);
            continue;
        }
        if let Some(e) = (text.len() >= 2 && text.chars().all(|c| c.is_ascii_uppercase()))
            .then(|| initials.get(&*text).copied().flatten())
            .flatten()
        {
            r.entities[e].add_mention(&text, c.span());
            r.entities[e].confidence_sum += c.confidence;
            r.of_candidate[ci] = Some(e as u32);
            continue;
        }
        if is_acronym_org {
            let (e, _) = intern(&mut r, &mut by_key, EntityKind::Organisation, &text, false);
            r.entities[e].add_mention(&text, c.span());
            r.entities[e].confidence_sum += c.confidence;
            r.of_candidate[ci] = Some(e as u32);
            continue;
        }
        if let Some(e) = people_index.person_for_word(&text, c.start as usize) {
            r.entities[e].add_mention(&text, c.span());
            r.entities[e].confidence_sum += c.confidence;
            r.of_candidate[ci] = Some(e as u32);
            continue;
        }
        if c.kind == Some(EntityKind::Person)
            && !(c.cues.common_word && !c.cues.title_before && !c.cues.apposition)
        {
            // One word the model alone calls a person, with nothing in the text saying so (no
            // title, given name, speech, apposition, gazetteer), waits for the corpus: it stays
            // if it is the surname of someone named in full, or confirmed elsewhere.
            let cue = c.cues.title_before
                || c.cues.given_name
                || c.cues.speech_subject
                || c.cues.apposition
                || c.cues.gazetteer;
            let lone = c.end_tok() - c.first() == 1 && !cue && c.confidence < LONE_PERSON_SURE;
            let (e, new) = intern(&mut r, &mut by_key, EntityKind::Person, &text, false);
            if !lone {
                r.entities[e].tentative = false;
            } else if new {
                r.entities[e].tentative = true;
            }
            r.entities[e].add_mention(&text, c.span());
            r.entities[e].confidence_sum += c.confidence;
            r.of_candidate[ci] = Some(e as u32);
        } else if c.kind.is_none()
            && !c.cues.common_word
            && !c.cues.sentence_start
            && text.chars().count() >= 3
            && text.chars().skip(1).any(char::is_lowercase)
        {
            let (e, new) = intern(&mut r, &mut by_key, EntityKind::Person, &text, false);
            if new {
                r.entities[e].tentative = true;
            }
            r.entities[e].add_mention(&text, c.span());
            r.entities[e].confidence_sum += c.confidence;
            r.of_candidate[ci] = Some(e as u32);
        }
    }
    for ci in lone_orgs {
        let c = &candidates[ci];
        let text = surface(body, c);
        // The surname or given name of someone named in full, before an organisation of that
        // name. (Not a person known by this one word alone: the model's two readings of a lone
        // word, "the newspaper Granma" and "Granma reported", are no evidence either way.)
        let e = match people_index.person_for_word(&text, c.start as usize) {
            Some(e) => e,
            None => intern(&mut r, &mut by_key, EntityKind::Organisation, &text, false).0,
        };
        r.entities[e].add_mention(&text, c.span());
        r.entities[e].confidence_sum += c.confidence;
        r.of_candidate[ci] = Some(e as u32);
    }
    for e in &mut r.entities {
        e.mentions.sort_unstable();
        e.mentions.dedup();
    }
    r
}

/// Entities of one kind by name: the name's hash, then the entities' own names compared (a
/// name is not copied to be a key).
#[derive(Default)]
struct NameTable(FxHashMap<u64, SmallVec<[usize; 1]>>);

impl NameTable {
    fn hash(name: &str) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(name)
    }

    fn get(&self, entities: &[LocalEntity], name: &str) -> Option<usize> {
        self.0
            .get(&Self::hash(name))?
            .iter()
            .copied()
            .find(|&e| entities[e].name == name)
    }

    fn insert(&mut self, name: &str, e: usize) {
        self.0.entry(Self::hash(name)).or_default().push(e);
    }
}

/// How sure the model must be of a one-word person with no cue for it to stand on its own.
const LONE_PERSON_SURE: f32 = 0.9;

/// "Sayyid Badr Al Busaidi", "Badr al-Busaidi" and "Al Busaidi" are parts of "Badr bin Hamad
/// Al Busaidi": one person, under the fuller name (see `names`). A shorter name joins only when
/// one fuller name fits it.
fn merge_partial_names(body: &str, r: &mut Resolved) {
    let n = r.entities.len();
    let mut target: Vec<usize> = (0..n).collect();
    // A name with an ordinary word glued on from a headline in title case ("Ted Cruz
    // Refuses", "Lindsey Graham Says") beside the name without it: that name, its mentions
    // cut before the word, which is no alias.
    let glued = glued_words(body, r);
    for &(a, b) in &glued {
        target[a] = b;
    }
    let keys: Vec<names::NameKey> = r
        .entities
        .iter()
        .map(|e| {
            if e.kind == EntityKind::Person {
                names::name_key(&e.name)
            } else {
                names::NameKey::new()
            }
        })
        .collect();
    // Only names with the same last word can be one person: bucket by it.
    let mut buckets: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, k) in keys.iter().enumerate() {
        if let Some(b) = names::block_of(k) {
            buckets.entry(b).or_default().push(i);
        }
    }
    for bucket in buckets
        .values()
        .filter(|b| b.len() > 1 && b.len() <= MAX_BUCKET)
    {
        for &a in bucket {
            if target[a] != a {
                continue;
            }
            let mut fuller = None;
            for &b in bucket {
                let longer = keys[b].len() > keys[a].len()
                    || (keys[b].len() == keys[a].len()
                        && r.entities[b].name.len() > r.entities[a].name.len());
                if a != b && longer && names::part_of(&keys[a], &keys[b]) {
                    // The fullest fitting name, if the fitting names are parts of one another.
                    match fuller {
                        None => fuller = Some(b),
                        Some(f)
                            if names::part_of(&keys[f], &keys[b])
                                && keys[b].len() > keys[f].len() =>
                        {
                            fuller = Some(b)
                        }
                        Some(f) if names::part_of(&keys[b], &keys[f]) => {}
                        Some(_) => {
                            fuller = None;
                            break;
                        }
                    }
                }
            }
            if let Some(b) = fuller {
                target[a] = b;
            }
        }
    }
    // Follow chains to their end (a -> b -> c), so every name lands on a kept one.
    for i in 0..n {
        let mut t = target[i];
        let mut steps = 0;
        while target[t] != t && steps < n {
            t = target[t];
            steps += 1;
        }
        target[i] = t;
    }
    if target.iter().enumerate().all(|(i, &t)| i == t) {
        return;
    }
    let mut remap = vec![usize::MAX; n];
    let mut kept = Vec::new();
    for i in 0..n {
        if target[i] == i {
            remap[i] = kept.len();
            kept.push(i);
        }
    }
    for i in 0..n {
        if target[i] != i {
            remap[i] = remap[target[i]];
        }
    }
    let old = std::mem::take(&mut r.entities);
    let mut new: Vec<LocalEntity> = kept.iter().map(|&i| old[i].clone()).collect();
    for i in 0..n {
        if target[i] != i {
            let e = &mut new[remap[i]];
            let moved = &old[i];
            if !glued.iter().any(|&(a, _)| a == i) && !e.aliases.contains(&moved.name) {
                e.aliases.push(moved.name.clone());
            }
            for a in &moved.aliases {
                if !e.aliases.contains(a) {
                    e.aliases.push(a.clone());
                }
            }
            e.mentions.extend(&moved.mentions);
            e.confidence_sum += moved.confidence_sum;
        }
    }
    r.entities = new;
    for e in r.of_candidate.iter_mut().flatten() {
        *e = remap[*e as usize] as u32;
    }
}

/// People whose name is another's in this article with one ordinary English word after it
/// (not a given name: "Ted Cruz Refuses" beside "Ted Cruz"; "Larry Fine" has no "Larry"), as
/// (glued, plain) pairs; the glued one's mentions are cut before the word.
fn glued_words(body: &str, r: &mut Resolved) -> Vec<(usize, usize)> {
    let gaz = &super::gazetteer::GAZETTEER;
    let people: FxHashMap<&str, usize> = r
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EntityKind::Person && e.name.contains(' '))
        .map(|(i, e)| (e.name.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for (i, e) in r.entities.iter().enumerate() {
        if e.kind != EntityKind::Person || e.known {
            continue;
        }
        let Some((plain, word)) = e.name.rsplit_once(' ') else {
            continue;
        };
        if gaz.given_names.contains(word)
            || !super::lexicon::with_lower(word, |w| gaz.is_common_word(w))
            || !plain.contains(' ')
        {
            continue;
        }
        if let Some(&b) = people.get(plain) {
            out.push((i, b));
        }
    }
    for &(a, _) in &out {
        let e = &mut r.entities[a];
        let word = e.name.rsplit_once(' ').map_or(0, |(_, w)| w.len());
        for m in &mut e.mentions {
            let text = body.get(m.0..m.1).unwrap_or("");
            let at_word_start =
                text.len() > word && text[..text.len() - word].ends_with(char::is_whitespace);
            if at_word_start && text.ends_with(&e.name[e.name.len() - word..]) {
                let cut = text[..text.len() - word].trim_end();
                m.1 = m.0 + cut.len();
            }
        }
    }
    out
}

/// Initials of each organisation's name ("NSC" for "National Security Council"), for acronyms
/// that were never defined in the text. An acronym two organisations share names neither.
fn org_initials(r: &Resolved) -> FxHashMap<String, Option<usize>> {
    let mut out: FxHashMap<String, Option<usize>> = FxHashMap::default();
    for (i, e) in r.entities.iter().enumerate() {
        if e.kind != EntityKind::Organisation {
            continue;
        }
        let initials: String = e
            .name
            .split([' ', '-'])
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .filter_map(|w| w.chars().next())
            .collect();
        if initials.len() < 2 {
            continue;
        }
        out.entry(initials)
            .and_modify(|v| *v = None)
            .or_insert(Some(i));
    }
    out
}

/// The people an article names in full, indexed for lone words: by surname (and its part after
/// a hyphen: "Al-Busaidi" -> "Busaidi"), by first name, and where each was mentioned.
struct PeopleIndex {
    /// People by surname (and its part after a hyphen) and by first name: a few each, kept
    /// inline, under keys that are mostly short words (no string made for them).
    by_last: WordMap<People>,
    by_first: WordMap<People>,
    surnames: Vec<(usize, CompactString)>,
    /// Pass-one mention starts, as (person, start), sorted: the mentions of one person are
    /// a range of it.
    starts: Vec<(usize, usize)>,
    /// Spelling-variant look-ups already made.
    variants: FxHashMap<String, Vec<usize>>,
    /// Indexes into `surnames` by blocking key (`variant_key_hashes`), as sorted (key, index)
    /// pairs, built when a lone word first needs it (most articles never do).
    by_key: Option<Vec<(u64, usize)>>,
    /// People by every word of their name's key.
    by_key_word: WordMap<People>,
}

/// A few people (entity indexes), inline.
type People = SmallVec<[usize; 2]>;

/// A blocking key shared by more names than this is no evidence: skipped, so a crowd of
/// similar names never makes comparisons quadratic.
pub const MAX_BUCKET: usize = 32;

impl PeopleIndex {
    fn new(r: &Resolved, people: &[usize]) -> Self {
        let mut index = PeopleIndex {
            by_last: WordMap::default(),
            by_first: WordMap::default(),
            surnames: Vec::new(),
            starts: Vec::new(),
            variants: FxHashMap::default(),
            by_key: None,
            by_key_word: WordMap::default(),
        };
        for &p in people {
            let e = &r.entities[p];
            let last = names::surname(&e.name);
            index.by_last.entry(last, People::new).push(p);
            if let Some((_, part)) = last.rsplit_once('-') {
                index.by_last.entry(part, People::new).push(p);
            }
            if let Some(first) = e.name.split(' ').next() {
                index.by_first.entry(first, People::new).push(p);
            }
            index.surnames.push((p, last.into()));
            names::for_each_key_word(&e.name, |w| {
                index.by_key_word.entry(w, People::new).push(p);
            });
            index.starts.extend(e.mentions.iter().map(|m| (p, m.0)));
        }
        index.starts.sort_unstable();
        index
    }

    /// The person a lone word names: a surname (or its misspelling) or a first name, of a
    /// person this article already names in full. When two people share it, the one mentioned
    /// last before `here` wins.
    fn person_for_word(&mut self, word: &str, here: usize) -> Option<usize> {
        let chars = word.chars().count();
        let mut found: People = self.by_last.get(word).cloned().unwrap_or_default();
        if found.is_empty() && chars >= 2 {
            // "Xi" for "Xi Jinping": a family name written first.
            found = self.by_first.get(word).cloned().unwrap_or_default();
        }
        if found.is_empty() && chars >= 3 {
            // A mononym inside a fuller name ("Lula" in "Luiz Inácio Lula da Silva"), or a
            // surname written with its particle joined ("Albusaidi").
            let key = names::name_key(word);
            if let Some(k) = key.first() {
                let mut hits: People = People::new();
                let mut look = |form: &str| {
                    if let Some(people) = self.by_key_word.get(form) {
                        hits.extend(people.iter().copied());
                    }
                };
                look(k);
                let mut joined = String::with_capacity(k.len() + 2);
                for p in ["al", "el"] {
                    joined.clear();
                    joined.push_str(p);
                    joined.push_str(k);
                    look(&joined);
                }
                for p in ["al", "el"] {
                    if let Some(r) = k.strip_prefix(p)
                        && r.len() >= 4
                    {
                        look(r);
                    }
                }
                hits.sort_unstable();
                hits.dedup();
                if hits.len() == 1 {
                    found = hits;
                }
            }
        }
        if found.is_empty() && chars >= 5 {
            let surnames = &self.surnames;
            let by_key = self.by_key.get_or_insert_with(|| {
                let mut by_key: Vec<(u64, usize)> = surnames
                    .iter()
                    .enumerate()
                    .flat_map(|(i, (_, last))| {
                        variant_key_hashes(last).into_iter().map(move |k| (k, i))
                    })
                    .collect();
                by_key.sort_unstable();
                by_key
            });
            if !self.variants.contains_key(word) {
                let mut near: Vec<usize> = variant_key_hashes(word)
                    .iter()
                    .map(|&k| {
                        let from = by_key.partition_point(|&(h, _)| h < k);
                        let to = from + by_key[from..].partition_point(|&(h, _)| h == k);
                        &by_key[from..to]
                    })
                    .filter(|b| b.len() <= MAX_BUCKET)
                    .flatten()
                    .map(|&(_, i)| i)
                    .collect();
                near.sort_unstable();
                near.dedup();
                let variants = near
                    .into_iter()
                    .filter(|&k| {
                        let (_, last) = &surnames[k];
                        last.chars().next() == word.chars().next() && spelling_variant(last, word)
                    })
                    .map(|k| surnames[k].0)
                    .collect();
                self.variants.insert(word.to_string(), variants);
            }
            found = self.variants[word].iter().copied().collect();
        }
        found.dedup();
        match found.len() {
            0 => None,
            1 => Some(found[0]),
            _ => found
                .iter()
                .copied()
                .filter_map(|p| {
                    let from = self.starts.partition_point(|&(q, _)| q < p);
                    let to = self.starts.partition_point(|&(q, _)| q <= p);
                    let starts = &self.starts[from..to];
                    let before = starts.partition_point(|&(_, s)| s < here);
                    before.checked_sub(1).map(|k| (starts[k].1, p))
                })
                .max()
                .map(|(_, p)| p)
                .or(Some(found[0])),
        }
    }
}

/// Names longer than this (in characters) are not names: never compared for spelling.
pub const MAX_NAME_CHARS: usize = 40;

/// Two spellings of one name: a small edit distance for their length.
pub fn spelling_variant(a: &str, b: &str) -> bool {
    let la = a.chars().count();
    let lb = b.chars().count();
    if la > MAX_NAME_CHARS || lb > MAX_NAME_CHARS {
        return false;
    }
    let limit = if la.min(lb) >= 8 { 2 } else { 1 };
    // The distance is at least the difference in length: the band the rule allows.
    if la.abs_diff(lb) > limit + 1 {
        return false;
    }
    // "Argachi"/"Araghchi" is a transposition plus a drop: allow one more for a common shape.
    let d = edit_distance(a, b);
    d <= limit || (d == limit + 1 && la.min(lb) >= 6 && same_consonant_skeleton(a, b))
}

/// The consonants of a word, lower case, deduplicated and sorted: spellings of one name
/// that differ in vowels and doubled or swapped letters share it.
pub fn consonant_skeleton(s: &str) -> String {
    let mut out: Vec<char> = s
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic() && !"aeiouyh".contains(*c))
        .collect();
    out.dedup();
    out.sort_unstable();
    out.into_iter().collect()
}

/// The consonants of a word in order, lower case, repeats collapsed ("Araghchi" and
/// "Argachi" both give "rgc"): a blocking key for the skeleton rule that stays selective.
fn consonants_in_order(s: &str) -> String {
    let mut out = String::new();
    for_each_consonant_in_order(s, |c| out.push(c));
    out
}

/// Each character of [`consonants_in_order`] in turn, with no string made for ASCII words.
fn for_each_consonant_in_order(s: &str, mut each: impl FnMut(char)) {
    let mut last = None;
    let mut consonant = |c: char| {
        if c.is_alphabetic() && !"aeiouyh".contains(c) && last != Some(c) {
            each(c);
            last = Some(c);
        }
    };
    if s.is_ascii() {
        s.chars()
            .map(|c| c.to_ascii_lowercase())
            .for_each(&mut consonant);
    } else {
        // The whole word lower-cased at once (a final sigma).
        s.to_lowercase().chars().for_each(&mut consonant);
    }
}

fn same_consonant_skeleton(a: &str, b: &str) -> bool {
    consonant_skeleton(a) == consonant_skeleton(b)
}

/// Levenshtein distance over characters (strsim), counted as work. Callers cap the length.
pub fn edit_distance(a: &str, b: &str) -> usize {
    super::work::add((a.len() as u64 + 1) * (b.len() as u64 + 1));
    strsim::levenshtein(a, b)
}

/// Blocking keys of a surname for finding its spelling variants without comparing every pair:
/// the word itself, the word with any one character deleted (two spellings one edit apart
/// share one of these: a deletion from the longer, or the same deletion from both), and its consonant skeleton. Empty for words too long to be names.
pub fn variant_keys(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() > MAX_NAME_CHARS {
        return Vec::new();
    }
    let mut keys = Vec::with_capacity(chars.len() + 2);
    keys.push(word.to_string());
    for i in 0..chars.len() {
        let mut k = String::with_capacity(word.len());
        k.extend(&chars[..i]);
        k.extend(&chars[i + 1..]);
        keys.push(k);
    }
    keys.push(format!("\u{1}{}", consonants_in_order(word)));
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Names of God, which the entity model takes for a person's.
static DEITIES: LazyLock<WordSet> = word_set!["God", "Allah", "Almighty", "Yahweh", "Jehovah"];

/// Nouns that head the names of buildings, streets and places and are nobody's surname in
/// English: a "person" whose name ends in one is that place ("Trump Tower", "Whitney Museum",
/// "Lee County"). Surnames that are also such nouns (Hall, Park, Lane, Bay) are not here.
static PLACE_HEADS: LazyLock<WordSet> = word_set![
    "Airport",
    "Arena",
    "Avenue",
    "Boulevard",
    "Cathedral",
    "County",
    "Hospital",
    "Mosque",
    "Museum",
    "Plaza",
    "River",
    "Square",
    "Stadium",
    "Street",
    "Tower",
    "Towers",
    "Valley",
];

/// Words that open a noun phrase. A person's name takes none ("the Visual Arts", "their own
/// Polaroid"); as a modifier it can ("the Tom Cruise video"), but then it opens with a given
/// name, which is checked first.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "its", "their", "our", "own", "every", "each",
];

/// The word just before byte `at`, over one space and any opening quotation marks ("the" of
/// "the Visual Arts", "its" of "its “Bathroom Bill”").
fn word_before(body: &str, at: usize) -> Option<&str> {
    let before = body
        .get(..at)?
        .trim_end_matches(['“', '"', '‘', '\''])
        .strip_suffix(' ')?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, _)| i)?;
    Some(&before[start..])
}

/// Does the word at `at` open a sentence: nothing before it but opening marks, after the
/// start of the text, a line break or a sentence's end (not an abbreviation's or an initial's
/// full stop: "Mr. Price")?
fn opens_sentence(body: &str, at: usize) -> bool {
    let before = body.get(..at).unwrap_or("");
    let before = before.trim_end_matches(|c: char| {
        c == ' ' || matches!(c, '“' | '"' | '‘' | '\'' | '(' | '[' | '—' | '–' | '-')
    });
    match before.chars().next_back() {
        None => true,
        Some('.') => {
            let word = &before[..before.len() - 1];
            let start = word
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphanumeric())
                .last()
                .map_or(word.len(), |(i, _)| i);
            !super::token::is_abbreviation(&word[start..])
        }
        Some(c) => matches!(c, '!' | '?' | '…' | ':' | '\n' | '\r'),
    }
}

/// Does the text have `word` as a whole word, as written (a SIMD search of the text)?
fn has_word(body: &str, word: &str) -> bool {
    super::work::add(body.len() as u64);
    let edge = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
    memchr::memmem::find_iter(body.as_bytes(), word.as_bytes()).any(|at| {
        edge(body[..at].chars().next_back()) && edge(body[at + word.len()..].chars().next())
    })
}

/// The words written after a determiner anywhere in the text ("Polaroid" of "the Polaroid
/// camera"): one pass over the text, made once per article when first needed.
fn determined_words(body: &str) -> FxHashSet<&str> {
    super::work::add(body.len() as u64);
    let mut out = FxHashSet::default();
    let mut last: Option<(usize, usize)> = None;
    let mut start = None;
    for (i, c) in body
        .char_indices()
        .chain(std::iter::once((body.len(), ' ')))
    {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            if let Some((ps, pe)) = last
                && pe + 1 == s
                && body.as_bytes()[pe] == b' '
                && DETERMINERS
                    .iter()
                    .any(|d| body[ps..pe].eq_ignore_ascii_case(d))
            {
                out.insert(&body[s..i]);
            }
            last = Some((s, i));
        }
    }
    out
}

/// A count after a name, over one space, ending the word ("Internet Explorer 6").
fn number_after(body: &str, at: usize) -> bool {
    let Some(rest) = body.get(at..).and_then(|r| r.strip_prefix(' ')) else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let next = rest.as_bytes().get(digits).copied();
    (1..=3).contains(&digits)
        && !matches!(next, Some(b'-' | b':' | b'/' | b',' | b'0'..=b'9'))
        && !(next == Some(b'.')
            && rest
                .as_bytes()
                .get(digits + 1)
                .is_some_and(u8::is_ascii_digit))
}

/// Things named like people are told apart by how the text uses them: a person's name takes no
/// determiner or count ("the Visual Arts", "100 Polaroids"), is no countable noun with a plural
/// ("Polaroid", "Polaroids") and has no version number ("Internet Explorer 6"); such a "person"
/// whose name opens with no given name is dropped when half its mentions say so. A lone word
/// that a person's full name follows as "X's" or that follows one as "of X" is an affiliation,
/// an organisation ("Demosisto's Nathan Law", "Nathan Law of Demosisto"). A lone word the text
/// capitalises only where a sentence opens, and writes in lower case elsewhere, is an ordinary
/// word ("Pollsters agree" beside "two pollsters"). Counts and numbers after names are not read
/// in sports reports, where they are scores and places.
pub fn recheck_people(body: &str, r: &mut Resolved, sports: bool) {
    let gaz = &super::gazetteer::GAZETTEER;
    let full_name = |e: &LocalEntity| e.kind == EntityKind::Person && e.name.contains(' ');
    let mut full_starts: FxHashMap<usize, ()> = FxHashMap::default();
    let mut full_ends: FxHashMap<usize, ()> = FxHashMap::default();
    for e in r.entities.iter().filter(|e| full_name(e)) {
        for &(s, t) in &e.mentions {
            full_starts.insert(s, ());
            full_ends.insert(t, ());
        }
    }
    let mut keep = vec![true; r.entities.len()];
    // Organisations named in the article by the first word of a name of two words or more
    // ("Fox" of "Fox News"; a word several organisations open: `None`). Only the first: a
    // surname ends a name, and a person taken for an organisation ("Merrick Garland") must
    // not take the lone surname along.
    let mut org_heads: FxHashMap<CompactString, Option<usize>> = FxHashMap::default();
    for (i, e) in r.entities.iter().enumerate() {
        if e.kind != EntityKind::Organisation {
            continue;
        }
        let mut firsts: SmallVec<[&str; 4]> = std::iter::once(&e.name)
            .chain(&e.aliases)
            .filter_map(|name| name.split_once(' ').map(|(first, _)| first))
            .collect();
        firsts.sort_unstable();
        firsts.dedup();
        for w in firsts {
            org_heads
                .entry(w.into())
                .and_modify(|o| *o = o.filter(|&o| o == i))
                .or_insert(Some(i));
        }
    }
    // Lone words that are an organisation's short name: (person, organisation).
    let mut short_names: Vec<(usize, usize)> = Vec::new();
    let mut determined: Option<FxHashSet<&str>> = None;
    for (i, e) in r.entities.iter_mut().enumerate() {
        if e.kind != EntityKind::Person || e.known || e.mentions.is_empty() {
            continue;
        }
        let first = e.name.split(' ').next().unwrap_or("");
        if e.name.contains(' ')
            && e.name
                .rsplit(' ')
                .next()
                .is_some_and(|w| PLACE_HEADS.contains(&w))
        {
            keep[i] = false;
            continue;
        }
        // A god is named like a person and is nobody a reporter tracks ("believed in God").
        if DEITIES.contains(&e.name.as_str()) {
            keep[i] = false;
            continue;
        }
        let given = gaz.given_names.contains(first) || first.ends_with('.');
        if !e.name.contains(' ') {
            let affiliation = e.mentions.iter().any(|&(s, t)| {
                let after = body.get(t..).unwrap_or("");
                let possessive = ["'s ", "’s "]
                    .iter()
                    .find_map(|p| after.strip_prefix(p))
                    .is_some_and(|rest| full_starts.contains_key(&(body.len() - rest.len())));
                let of = body
                    .get(..s)
                    .and_then(|b| b.strip_suffix(" of "))
                    .is_some_and(|b| full_ends.contains_key(&b.len()));
                possessive || of
            });
            if affiliation && !given {
                e.kind = EntityKind::Organisation;
                continue;
            }
            // "a new Fox poll" in an article that names Fox News: the first word of an
            // organisation's name in the same text is that organisation's short name (a
            // person's surname was joined to the person already), unless it is a given name.
            if !given && let Some(&org) = org_heads.get(e.name.as_str()) {
                match org {
                    Some(org) => short_names.push((i, org)),
                    None => e.kind = EntityKind::Organisation,
                }
                continue;
            }
        }
        if given {
            continue;
        }
        let noun_uses = e
            .mentions
            .iter()
            .filter(|&&(s, t)| {
                let det = word_before(body, s).is_some_and(|w| {
                    DETERMINERS.iter().any(|d| w.eq_ignore_ascii_case(d))
                        || (!sports && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit()))
                });
                det || (!sports && number_after(body, t))
            })
            .count();
        let surfaces: Vec<&str> = e
            .mentions
            .iter()
            .filter_map(|&(s, t)| body.get(s..t))
            .collect();
        // "Polaroids" beside "Polaroid" or "the Polaroid camera": a countable noun.
        let plural = surfaces.iter().any(|p| {
            !p.contains(' ')
                && p.chars().count() >= 5
                && p.strip_suffix('s').is_some_and(|w| {
                    surfaces.contains(&w)
                        || determined
                            .get_or_insert_with(|| determined_words(body))
                            .contains(w)
                })
        });
        // "Pollsters agree" opening a paragraph of a text that also writes "two pollsters": a
        // word capitalised only where a sentence opens, and written in lower case elsewhere in
        // the text, is an ordinary word, not a name.
        let ordinary = !e.name.contains(' ')
            && e.mentions.iter().all(|&(s, _)| opens_sentence(body, s))
            && super::lexicon::with_lower(&e.name, |w| w != e.name && has_word(body, w));
        if plural || ordinary || (noun_uses > 0 && 2 * noun_uses >= e.mentions.len()) {
            keep[i] = false;
        }
    }
    for &(person, org) in &short_names {
        let moved = std::mem::take(&mut r.entities[person].mentions);
        let (name, confidence) = (
            r.entities[person].name.clone(),
            r.entities[person].confidence_sum,
        );
        let o = &mut r.entities[org];
        if !o.aliases.contains(&name) {
            o.aliases.push(name);
        }
        o.mentions.extend(moved);
        o.mentions.sort_unstable();
        o.mentions.dedup();
        o.confidence_sum += confidence;
        keep[person] = false;
    }
    if keep.iter().all(|&k| k) {
        return;
    }
    let mut remap = vec![None; r.entities.len()];
    let mut next = 0;
    for (i, &k) in keep.iter().enumerate() {
        if k {
            remap[i] = Some(next);
            next += 1;
        }
    }
    for &(person, org) in &short_names {
        remap[person] = remap[org];
    }
    let mut i = 0;
    r.entities.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    for e in &mut r.of_candidate {
        *e = e.and_then(|x| remap[x as usize].map(|y| y as u32));
    }
}

/// `variant_keys` as hashes, made without building each key (a name's index makes one key per
/// letter of every surname): the same keys, so the same blocking; a collision only adds a
/// name that `spelling_variant` then turns down.
fn variant_key_hashes(word: &str) -> SmallVec<[u64; MAX_NAME_CHARS + 2]> {
    use std::hash::Hasher;
    let chars: SmallVec<[char; MAX_NAME_CHARS]> = word.chars().take(MAX_NAME_CHARS + 1).collect();
    if chars.len() > MAX_NAME_CHARS {
        return SmallVec::new();
    }
    let hash = |skip: Option<usize>| {
        let mut h = rustc_hash::FxHasher::default();
        for (i, &c) in chars.iter().enumerate() {
            if Some(i) != skip {
                h.write_u32(c as u32);
            }
        }
        h.finish()
    };
    let mut keys = SmallVec::new();
    keys.push(hash(None));
    keys.extend((0..chars.len()).map(|i| hash(Some(i))));
    // The hash of `consonants_in_order`'s key, made as it goes.
    let mut h = rustc_hash::FxHasher::default();
    h.write_u32('\u{1}' as u32);
    for_each_consonant_in_order(word, |c| h.write_u32(c as u32));
    keys.push(h.finish());
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::super::candidates::Cues;
    use super::*;

    #[test]
    fn a_word_is_found_whole_and_as_written() {
        let text = "Two pollsters said voters don’t care. Pollsters agree.";
        assert!(has_word(text, "pollsters") && has_word(text, "don’t") && has_word(text, "care"));
        assert!(!has_word(text, "pollster") && !has_word(text, "ollsters"));
        assert!(has_word(text, "Pollsters") && !has_word(text, "agre"));
    }

    #[test]
    fn a_sentence_opens_after_a_stop_a_line_break_or_an_opening_mark() {
        let text = "He left. “Pollsters agree,\nPollsters said (Green paint ran), and Will";
        let at = |w: &str, n: usize| text.match_indices(w).nth(n).unwrap().0;
        assert!(opens_sentence(text, 0));
        assert!(opens_sentence(text, at("Pollsters", 0)));
        assert!(opens_sentence(text, at("Pollsters", 1)));
        assert!(!opens_sentence(text, at("Green", 0)));
        assert!(!opens_sentence(text, at("Will", 0)));
        // An abbreviation's or an initial's full stop ends no sentence.
        let text = "Mr. Price and J. Price. Price";
        let at = |w: &str, n: usize| text.match_indices(w).nth(n).unwrap().0;
        assert!(!opens_sentence(text, at("Price", 0)) && !opens_sentence(text, at("Price", 1)));
        assert!(opens_sentence(text, at("Price", 2)));
    }

    fn candidate(body: &str, name: &str, n: usize, kind: EntityKind, tokens: u32) -> Candidate {
        let start = body.match_indices(name).nth(n).unwrap().0;
        Candidate {
            first_token: 0,
            end_token: tokens,
            start: start as u32,
            end: (start + name.len()) as u32,
            kind: Some(kind),
            canonical: None,
            cues: Cues::default(),
            acronym: None,
            confidence: 0.6,
        }
    }

    /// A lone word the model reads as an organisation is the surname of the person the
    /// article names in full, wherever in the article the full name stands; with no such
    /// person it stays an organisation.
    #[test]
    fn a_lone_surname_read_as_an_organisation_is_the_person_named_in_full() {
        use EntityKind::{Organisation, Person};
        let body = "Baird would not say. Environment Minister John Baird asked for it, \
                    and Baird said so. The Monti government fell.";
        let found = [
            candidate(body, "Baird", 0, Organisation, 1),
            candidate(body, "John Baird", 0, Person, 2),
            candidate(body, "Baird", 2, Organisation, 1),
            candidate(body, "Monti", 0, Organisation, 1),
        ];
        let r = resolve(body, &found);
        let named = |name: &str| r.entities.iter().find(|e| e.name == name).unwrap();
        let baird = named("John Baird");
        assert_eq!(baird.kind, Person);
        assert_eq!(baird.mentions.len(), 3, "{:?}", r.entities);
        assert!(r.entities.iter().all(|e| e.name != "Baird"));
        assert_eq!(named("Monti").kind, Organisation);
    }
}
