//! Within one article: candidates become entities. Surnames join full names ("Araghchi" ->
//! "Abbas Araghchi"), close misspellings join when one person fits ("Argachi"), acronyms join
//! their organisation, and lone words nobody can place are dropped.

use rustc_hash::FxHashMap;

use super::candidates::Candidate;
use crate::model::EntityKind;

/// An entity as one article knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    pub of_candidate: Vec<Option<usize>>,
}

/// Surface text of a candidate, with line breaks folded.
fn surface(body: &str, c: &Candidate) -> String {
    let text = &body[c.start..c.end];
    if text.contains(char::is_whitespace) {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        text.to_string()
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
    let mut by_key: FxHashMap<(EntityKind, String), usize> = FxHashMap::default();
    let mut acronyms: FxHashMap<String, usize> = FxHashMap::default();

    fn intern(
        r: &mut Resolved,
        by_key: &mut FxHashMap<(EntityKind, String), usize>,
        kind: EntityKind,
        name: String,
        known: bool,
    ) -> usize {
        *by_key.entry((kind, name.clone())).or_insert_with(|| {
            r.entities.push(LocalEntity {
                name,
                kind,
                aliases: Vec::new(),
                mentions: Vec::new(),
                known,
                tentative: false,
            });
            r.entities.len() - 1
        })
    }

    // Pass 1: names that stand on their own: gazetteer entries, organisations, full names.
    for (ci, c) in candidates.iter().enumerate() {
        let Some(kind) = c.kind else { continue };
        let text = surface(body, c);
        let words = text.split(' ').count();
        if kind == EntityKind::Person && words < 2 {
            continue;
        }
        if kind == EntityKind::Organisation
            && c.canonical.is_none()
            && words == 1
            && text.chars().all(|ch| !ch.is_lowercase())
        {
            // An undefined acronym: placed in pass 2, once definitions are known.
            continue;
        }
        let name = match c.canonical {
            Some(canonical) => canonical.to_string(),
            None => strip_article(&text).to_string(),
        };
        let e = intern(&mut r, &mut by_key, kind, name, c.canonical.is_some());
        r.entities[e].add_mention(&text, (c.start, c.end));
        r.of_candidate[ci] = Some(e);
        if let Some((s, t)) = c.acronym {
            let acronym = &body[s..t];
            acronyms.insert(acronym.to_string(), e);
            r.entities[e].add_mention(acronym, (s, t));
        }
    }
    merge_partial_names(&mut r);

    // Surnames and first names of the people found so far, for lone words.
    let people: Vec<usize> = (0..r.entities.len())
        .filter(|&e| r.entities[e].kind == EntityKind::Person)
        .collect();
    let mut people_index = PeopleIndex::new(&r, &people);

    // Pass 2: lone words and undefined acronyms.
    for (ci, c) in candidates.iter().enumerate() {
        if r.of_candidate[ci].is_some() {
            continue;
        }
        let text = surface(body, c);
        let is_acronym_org = c.kind == Some(EntityKind::Organisation);
        if let Some(&e) = acronyms.get(text.as_str()) {
            r.entities[e].add_mention(&text, (c.start, c.end));
            r.of_candidate[ci] = Some(e);
            continue;
        }
        if let Some(e) = acronym_of_known_org(&r, &text) {
            r.entities[e].add_mention(&text, (c.start, c.end));
            r.of_candidate[ci] = Some(e);
            continue;
        }
        if is_acronym_org {
            let e = intern(
                &mut r,
                &mut by_key,
                EntityKind::Organisation,
                text.clone(),
                false,
            );
            r.entities[e].add_mention(&text, (c.start, c.end));
            r.of_candidate[ci] = Some(e);
            continue;
        }
        if let Some(e) = people_index.person_for_word(&text, c.start) {
            r.entities[e].add_mention(&text, (c.start, c.end));
            r.of_candidate[ci] = Some(e);
            continue;
        }
        if c.kind == Some(EntityKind::Person)
            && !(c.cues.common_word && !c.cues.title_before && !c.cues.apposition)
        {
            let e = intern(&mut r, &mut by_key, EntityKind::Person, text.clone(), false);
            r.entities[e].tentative = false;
            r.entities[e].add_mention(&text, (c.start, c.end));
            r.of_candidate[ci] = Some(e);
        } else if c.kind.is_none()
            && !c.cues.common_word
            && !c.cues.sentence_start
            && text.chars().count() >= 3
            && text.chars().skip(1).any(char::is_lowercase)
        {
            let existed = by_key.contains_key(&(EntityKind::Person, text.clone()));
            let e = intern(&mut r, &mut by_key, EntityKind::Person, text.clone(), false);
            if !existed {
                r.entities[e].tentative = true;
            }
            r.entities[e].add_mention(&text, (c.start, c.end));
            r.of_candidate[ci] = Some(e);
        }
    }
    for e in &mut r.entities {
        e.mentions.sort_unstable();
        e.mentions.dedup();
    }
    r
}

/// "Badr Al Busaidi" is part of "Badr bin Hamad Al Busaidi": one person, under the fuller name.
fn merge_partial_names(r: &mut Resolved) {
    let n = r.entities.len();
    let mut target: Vec<usize> = (0..n).collect();
    // Only names with the same first and last word can be one person: bucket by them.
    let mut buckets: FxHashMap<(&str, &str), Vec<usize>> = FxHashMap::default();
    for (i, e) in r.entities.iter().enumerate() {
        if e.kind == EntityKind::Person {
            let first = e.name.split(' ').next().unwrap_or("");
            let last = e.name.rsplit(' ').next().unwrap_or("");
            buckets.entry((first, last)).or_default().push(i);
        }
    }
    for bucket in buckets.values().filter(|b| b.len() > 1) {
        for &a in bucket {
            let words_a: Vec<&str> = r.entities[a].name.split(' ').collect();
            let mut fuller = None;
            for &b in bucket {
                let words_b: Vec<&str> = r.entities[b].name.split(' ').collect();
                if a != b && words_b.len() > words_a.len() && is_subsequence(&words_a, &words_b) {
                    if fuller.is_some() {
                        fuller = None;
                        break;
                    }
                    fuller = Some(b);
                }
            }
            if let Some(b) = fuller {
                target[a] = b;
            }
        }
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
            if !e.aliases.contains(&moved.name) {
                e.aliases.push(moved.name.clone());
            }
            e.mentions.extend(&moved.mentions);
        }
    }
    r.entities = new;
    for e in r.of_candidate.iter_mut().flatten() {
        *e = remap[*e];
    }
}

fn is_subsequence(short: &[&str], long: &[&str]) -> bool {
    let mut it = long.iter();
    short.iter().all(|w| it.any(|x| x == w))
}

/// An all-caps word made of the initials of an organisation's name ("NSC" for "National
/// Security Council").
fn acronym_of_known_org(r: &Resolved, word: &str) -> Option<usize> {
    if word.len() < 2 || !word.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let mut found = None;
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
        if initials == word {
            if found.is_some() {
                return None;
            }
            found = Some(i);
        }
    }
    found
}

/// The people an article names in full, indexed for lone words: by surname (and its part after
/// a hyphen: "Al-Busaidi" -> "Busaidi"), by first name, and where each was mentioned.
struct PeopleIndex {
    by_last: FxHashMap<String, Vec<usize>>,
    by_first: FxHashMap<String, Vec<usize>>,
    surnames: Vec<(usize, String)>,
    /// Pass-one mention starts of each person, sorted.
    starts: FxHashMap<usize, Vec<usize>>,
    /// Spelling-variant look-ups already made.
    variants: FxHashMap<String, Vec<usize>>,
}

impl PeopleIndex {
    fn new(r: &Resolved, people: &[usize]) -> Self {
        let mut index = PeopleIndex {
            by_last: FxHashMap::default(),
            by_first: FxHashMap::default(),
            surnames: Vec::new(),
            starts: FxHashMap::default(),
            variants: FxHashMap::default(),
        };
        for &p in people {
            let e = &r.entities[p];
            let last = e.name.rsplit(' ').next().unwrap_or("");
            index.by_last.entry(last.to_string()).or_default().push(p);
            if let Some((_, part)) = last.rsplit_once('-') {
                index.by_last.entry(part.to_string()).or_default().push(p);
            }
            if let Some(first) = e.name.split(' ').next() {
                index.by_first.entry(first.to_string()).or_default().push(p);
            }
            index.surnames.push((p, last.to_string()));
            let mut starts: Vec<usize> = e.mentions.iter().map(|m| m.0).collect();
            starts.sort_unstable();
            index.starts.insert(p, starts);
        }
        index
    }

    /// The person a lone word names: a surname (or its misspelling) or a first name, of a
    /// person this article already names in full. When two people share it, the one mentioned
    /// last before `here` wins.
    fn person_for_word(&mut self, word: &str, here: usize) -> Option<usize> {
        let chars = word.chars().count();
        let mut found: Vec<usize> = self.by_last.get(word).cloned().unwrap_or_default();
        if found.is_empty() && chars >= 3 {
            found = self.by_first.get(word).cloned().unwrap_or_default();
        }
        if found.is_empty() && chars >= 5 {
            let surnames = &self.surnames;
            found = self
                .variants
                .entry(word.to_string())
                .or_insert_with(|| {
                    surnames
                        .iter()
                        .filter(|(_, last)| {
                            last.chars().next() == word.chars().next()
                                && spelling_variant(last, word)
                        })
                        .map(|(p, _)| *p)
                        .collect()
                })
                .clone();
        }
        found.dedup();
        match found.len() {
            0 => None,
            1 => Some(found[0]),
            _ => found
                .iter()
                .copied()
                .filter_map(|p| {
                    let starts = self.starts.get(&p)?;
                    let before = starts.partition_point(|&s| s < here);
                    before.checked_sub(1).map(|k| (starts[k], p))
                })
                .max()
                .map(|(_, p)| p)
                .or(Some(found[0])),
        }
    }
}

/// Two spellings of one name: a small edit distance for their length.
pub fn spelling_variant(a: &str, b: &str) -> bool {
    let la = a.chars().count();
    let lb = b.chars().count();
    let limit = if la.min(lb) >= 8 { 2 } else { 1 };
    // "Argachi"/"Araghchi" is a transposition plus a drop: allow one more for a common shape.
    let d = edit_distance(a, b);
    d <= limit || (d == limit + 1 && la.min(lb) >= 6 && same_consonant_skeleton(a, b))
}

fn same_consonant_skeleton(a: &str, b: &str) -> bool {
    let skel = |s: &str| {
        let mut out: Vec<char> = s
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphabetic() && !"aeiouyh".contains(*c))
            .collect();
        out.dedup();
        out.sort_unstable();
        out
    };
    skel(a) == skel(b)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}
