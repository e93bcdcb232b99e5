//! A reader's corrections to the extracted entities: merge one into another, rename, hide as
//! not an entity, change its kind. They are data (one JSON object a line in the corpus's
//! `corrections.jsonl`), applied in order to a built corpus by [`apply`], before the filter's
//! index is built, so every view and `lede extract` see the corrected corpus.
//!
//! Entities are named by canonical name and kind (ids are not stable across loads); a name no
//! entity has any more is looked for among aliases, and a correction that finds nothing is
//! reported as stale, never fatal.

use std::fmt;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::{Corpus, Entity, EntityId, EntityKind, Quote};

/// An entity by name and kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EntityRef {
    pub name: String,
    #[serde(with = "kind_name")]
    pub kind: EntityKind,
}

impl EntityRef {
    pub fn of(e: &Entity) -> EntityRef {
        EntityRef {
            name: e.name.clone(),
            kind: e.kind,
        }
    }
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.kind.as_str())
    }
}

/// One correction, as kept in `corrections.jsonl`:
/// `{"op":"merge","name":"Warhol Polaroids","kind":"person","into":"Andy Warhol"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Correction {
    /// Merge the entity into another (its mentions, names and quotes go there).
    Merge {
        name: String,
        #[serde(with = "kind_name")]
        kind: EntityKind,
        into: String,
        /// The other entity's kind, when it differs.
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "opt_kind_name"
        )]
        into_kind: Option<EntityKind>,
    },
    /// Give it another canonical name (the old one stays as an alias).
    Rename {
        name: String,
        #[serde(with = "kind_name")]
        kind: EntityKind,
        to: String,
    },
    /// Not an entity: drop it (its quotes become unattributed).
    Hide {
        name: String,
        #[serde(with = "kind_name")]
        kind: EntityKind,
    },
    /// Another kind (person, country, organisation).
    Kind {
        name: String,
        #[serde(with = "kind_name")]
        kind: EntityKind,
        #[serde(with = "kind_name")]
        to: EntityKind,
    },
}

impl Correction {
    /// The entity it corrects.
    pub fn target(&self) -> EntityRef {
        let (name, kind) = match self {
            Correction::Merge { name, kind, .. }
            | Correction::Rename { name, kind, .. }
            | Correction::Hide { name, kind }
            | Correction::Kind { name, kind, .. } => (name, kind),
        };
        EntityRef {
            name: name.clone(),
            kind: *kind,
        }
    }

    pub fn merge(from: &Entity, into: &Entity) -> Correction {
        Correction::Merge {
            name: from.name.clone(),
            kind: from.kind,
            into: into.name.clone(),
            into_kind: (into.kind != from.kind).then_some(into.kind),
        }
    }
}

impl fmt::Display for Correction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Correction::Merge {
                name,
                kind,
                into,
                into_kind,
            } => write!(
                f,
                "merge {name} ({}) into {into} ({})",
                kind.as_str(),
                into_kind.unwrap_or(*kind).as_str()
            ),
            Correction::Rename { name, kind, to } => {
                write!(f, "rename {name} ({}) to {to}", kind.as_str())
            }
            Correction::Hide { name, kind } => {
                write!(f, "hide {name} ({}): not an entity", kind.as_str())
            }
            Correction::Kind { name, kind, to } => {
                write!(f, "{name}: {} → {}", kind.as_str(), to.as_str())
            }
        }
    }
}

/// A correction that no longer applies, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// Its place in the list (0-based).
    pub index: usize,
    pub correction: Correction,
    pub reason: String,
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.correction, self.reason)
    }
}

/// What corrections change of a corpus, kept so they can be applied again from the start (an
/// undo): the entities and the quotes' speakers as extracted.
#[derive(Debug, Clone, Default)]
pub struct Base {
    pub entities: Vec<Entity>,
    pub speakers: Vec<Option<EntityId>>,
    /// The load's warnings, before any about stale corrections.
    pub warnings: Vec<crate::load::LoadWarning>,
}

impl Base {
    pub fn of(corpus: &Corpus) -> Base {
        Base {
            entities: corpus.entities.clone(),
            speakers: corpus.quotes.iter().map(|q| q.speaker).collect(),
            warnings: corpus.warnings.clone(),
        }
    }
}

/// A corpus with `corrections` applied to its extracted entities (`base`): the articles and
/// quotes of `current`, which may already be corrected. For undo, and for corrections made in
/// the explorer. Stale corrections are added to its warnings, naming `source`.
pub fn reapply(
    current: &Corpus,
    base: &Base,
    corrections: &[Correction],
    source: &str,
) -> (Corpus, Vec<Stale>) {
    let quotes: Vec<Quote> = current
        .quotes
        .iter()
        .zip(&base.speakers)
        .map(|(q, &speaker)| Quote {
            speaker,
            ..q.clone()
        })
        .collect();
    let mut corpus = Corpus::new(
        current.articles.clone(),
        base.entities.clone(),
        quotes,
        base.warnings.clone(),
    );
    let stale = apply(&mut corpus, corrections);
    warn_stale(&mut corpus, &stale, source);
    (corpus, stale)
}

/// Add a warning per stale correction, naming the file they came from.
pub fn warn_stale(corpus: &mut Corpus, stale: &[Stale], source: &str) {
    for s in stale {
        corpus.warnings.push(crate::load::LoadWarning::new(
            source,
            format!("correction {} no longer applies: {s}", s.index + 1),
        ));
    }
}

/// Apply corrections in order; returns those that found nothing to correct.
pub fn apply(corpus: &mut Corpus, corrections: &[Correction]) -> Vec<Stale> {
    if corrections.is_empty() {
        return Vec::new();
    }
    let mut work = Work::new(std::mem::take(&mut corpus.entities));
    let mut stale = Vec::new();
    for (index, c) in corrections.iter().enumerate() {
        if let Err(reason) = work.apply(c) {
            stale.push(Stale {
                index,
                correction: c.clone(),
                reason,
            });
        }
    }
    let taken = std::mem::take(corpus);
    let (entities, remap) = work.finish();
    let quotes = taken
        .quotes
        .into_iter()
        .map(|mut q| {
            q.speaker = q
                .speaker
                .and_then(|s| remap.get(s.0 as usize).copied().flatten());
            q
        })
        .collect();
    *corpus = Corpus::new(taken.articles, entities, quotes, taken.warnings);
    stale
}

/// Entities being corrected: a slot per original entity (emptied when hidden or merged away),
/// and where each went.
struct Work {
    slots: Vec<Option<Entity>>,
    /// Original index → the slot it lives in now (itself, or what it was merged into), or
    /// `None` when hidden.
    goes_to: Vec<Option<usize>>,
    by_name: FxHashMap<(EntityKind, String), usize>,
}

impl Work {
    fn new(entities: Vec<Entity>) -> Work {
        let mut by_name = FxHashMap::default();
        for (i, e) in entities.iter().enumerate() {
            by_name.entry((e.kind, e.name.clone())).or_insert(i);
        }
        Work {
            goes_to: (0..entities.len()).map(Some).collect(),
            slots: entities.into_iter().map(Some).collect(),
            by_name,
        }
    }

    /// The live entity named so: by canonical name, else the one with that alias (the most
    /// mentioned, if several).
    fn find(&self, kind: EntityKind, name: &str) -> Option<usize> {
        if let Some(&i) = self.by_name.get(&(kind, name.to_string()))
            && self.slots[i]
                .as_ref()
                .is_some_and(|e| e.name == name && e.kind == kind)
        {
            return Some(i);
        }
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.as_ref().map(|e| (i, e)))
            .filter(|(_, e)| {
                e.kind == kind && (e.name == name || e.aliases.iter().any(|a| a == name))
            })
            .max_by_key(|(i, e)| (e.name == name, e.mentions.len(), std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
    }

    fn need(&self, kind: EntityKind, name: &str) -> Result<usize, String> {
        self.find(kind, name)
            .ok_or_else(|| format!("no {} named {name:?} in this corpus", kind.as_str()))
    }

    fn apply(&mut self, c: &Correction) -> Result<(), String> {
        match c {
            Correction::Merge {
                name,
                kind,
                into,
                into_kind,
            } => {
                let from = self.need(*kind, name)?;
                let to = self.need(into_kind.unwrap_or(*kind), into)?;
                if from == to {
                    return Err(format!("{name:?} and {into:?} are already one entity"));
                }
                self.merge(from, to);
            }
            Correction::Rename { name, kind, to } => {
                let i = self.need(*kind, name)?;
                let to = to.trim();
                if to.is_empty() {
                    return Err("the new name is empty".into());
                }
                match self.find(*kind, to) {
                    // The name of another entity: they are one.
                    Some(other) if other != i && self.name_of(other) == to => self.merge(i, other),
                    _ => self.rename(i, to),
                }
            }
            Correction::Hide { name, kind } => {
                let i = self.need(*kind, name)?;
                self.slots[i] = None;
                for g in self.goes_to.iter_mut() {
                    if *g == Some(i) {
                        *g = None;
                    }
                }
            }
            Correction::Kind { name, kind, to } => {
                let i = self.need(*kind, name)?;
                if kind == to {
                    return Err(format!("{name:?} is already a {}", to.as_str()));
                }
                let entity_name = self.name_of(i).to_string();
                match self.by_name.get(&(*to, entity_name.clone())).copied() {
                    Some(other) if self.slots[other].is_some() && other != i => {
                        self.set_kind(i, *to);
                        self.merge(i, other);
                    }
                    _ => {
                        self.set_kind(i, *to);
                        self.by_name.insert((*to, entity_name), i);
                    }
                }
            }
        }
        Ok(())
    }

    fn name_of(&self, i: usize) -> &str {
        self.slots[i].as_ref().map_or("", |e| e.name.as_str())
    }

    fn set_kind(&mut self, i: usize, kind: EntityKind) {
        if let Some(e) = self.slots[i].as_mut() {
            e.kind = kind;
        }
    }

    fn rename(&mut self, i: usize, to: &str) {
        let Some(e) = self.slots[i].as_mut() else {
            return;
        };
        let old = std::mem::replace(&mut e.name, to.to_string());
        e.aliases.retain(|a| a != to);
        if !e.aliases.contains(&old) {
            e.aliases.push(old);
            e.aliases.sort();
        }
        let kind = e.kind;
        self.by_name.insert((kind, to.to_string()), i);
    }

    /// Merge entity `from` into `to`: mentions, names, and whoever pointed at `from`.
    fn merge(&mut self, from: usize, to: usize) {
        let Some(src) = self.slots[from].take() else {
            return;
        };
        for g in self.goes_to.iter_mut() {
            if *g == Some(from) {
                *g = Some(to);
            }
        }
        let Some(dst) = self.slots[to].as_mut() else {
            return;
        };
        dst.mentions.extend(src.mentions);
        dst.mentions.sort_unstable();
        dst.mentions.dedup();
        let mut articles: Vec<u32> = dst.mentions.iter().map(|m| m.article).collect();
        articles.dedup();
        dst.article_count = articles.len();
        for name in std::iter::once(src.name).chain(src.aliases) {
            if name != dst.name && !dst.aliases.contains(&name) {
                dst.aliases.push(name);
            }
        }
        dst.aliases.sort();
    }

    /// The entities in corpus order (by kind, then mentions, then name), ids renumbered, and
    /// each original id's new one.
    fn finish(self) -> (Vec<Entity>, Vec<Option<EntityId>>) {
        let mut live: Vec<(usize, Entity)> = self
            .slots
            .into_iter()
            .enumerate()
            .filter_map(|(i, e)| e.map(|e| (i, e)))
            .collect();
        live.sort_by(|(_, a), (_, b)| {
            a.kind
                .cmp(&b.kind)
                .then(b.mentions.len().cmp(&a.mentions.len()))
                .then(a.name.cmp(&b.name))
        });
        let mut slot_to_new = vec![None; self.goes_to.len()];
        let mut entities = Vec::with_capacity(live.len());
        for (new, (slot, mut e)) in live.into_iter().enumerate() {
            e.id = EntityId(new as u32);
            slot_to_new[slot] = Some(e.id);
            entities.push(e);
        }
        let remap = self
            .goes_to
            .iter()
            .map(|g| g.and_then(|s| slot_to_new[s]))
            .collect();
        (entities, remap)
    }
}

/// Kinds by the names the JSON contract uses.
mod kind_name {
    use super::*;

    pub fn parse(name: &str) -> Option<EntityKind> {
        EntityKind::ALL
            .into_iter()
            .find(|k| k.as_str() == name.trim().to_ascii_lowercase())
    }

    pub fn serialize<S: Serializer>(kind: &EntityKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<EntityKind, D::Error> {
        let name = String::deserialize(d)?;
        parse(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown kind {name:?} (person, country or organisation)"
            ))
        })
    }
}

mod opt_kind_name {
    use super::*;

    pub fn serialize<S: Serializer>(kind: &Option<EntityKind>, s: S) -> Result<S::Ok, S::Error> {
        match kind {
            Some(k) => s.serialize_str(k.as_str()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<EntityKind>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(name) => kind_name::parse(&name).map(Some).ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "unknown kind {name:?} (person, country or organisation)"
                ))
            }),
        }
    }
}

/// A kind from its contract name (`person`, `country`, `organisation`).
pub fn parse_kind(name: &str) -> Option<EntityKind> {
    kind_name::parse(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::fixture;

    fn find<'a>(c: &'a Corpus, name: &str) -> Option<&'a Entity> {
        c.entities.iter().find(|e| e.name == name)
    }

    fn check_invariants(c: &Corpus) {
        for (i, e) in c.entities.iter().enumerate() {
            assert_eq!(e.id.0 as usize, i);
            assert!(e.mentions.windows(2).all(|w| w[0] < w[1]));
        }
        assert!(c.entities.windows(2).all(|w| w[0].kind <= w[1].kind));
        for q in &c.quotes {
            if let Some(s) = q.speaker {
                assert!((s.0 as usize) < c.entities.len());
            }
        }
    }

    #[test]
    fn a_merge_joins_mentions_names_and_quotes() {
        let mut c = fixture::corpus();
        let javani = find(&c, "Yadollah Javani").unwrap().clone();
        let araghchi = find(&c, "Abbas Araghchi").unwrap().clone();
        let javani_quotes = c
            .quotes
            .iter()
            .filter(|q| q.speaker == Some(javani.id))
            .count();
        assert!(javani_quotes > 0);
        let stale = apply(&mut c, &[Correction::merge(&javani, &araghchi)]);
        assert!(stale.is_empty(), "{stale:?}");
        check_invariants(&c);
        assert!(find(&c, "Yadollah Javani").is_none());
        let merged = find(&c, "Abbas Araghchi").unwrap();
        assert_eq!(
            merged.mentions.len(),
            javani.mentions.len() + araghchi.mentions.len()
        );
        assert!(merged.aliases.contains(&"Yadollah Javani".to_string()));
        let said = c
            .quotes
            .iter()
            .filter(|q| q.speaker == Some(merged.id))
            .count();
        let before = fixture::corpus()
            .quotes
            .iter()
            .filter(|q| q.speaker == Some(javani.id) || q.speaker == Some(araghchi.id))
            .count();
        assert_eq!(said, before);
    }

    #[test]
    fn rename_hide_and_kind() {
        let mut c = fixture::corpus();
        let total = c.entities.len();
        let javani = find(&c, "Yadollah Javani").unwrap().clone();
        let stale = apply(
            &mut c,
            &[
                Correction::Rename {
                    name: "Yadollah Javani".into(),
                    kind: EntityKind::Person,
                    to: "Y. Javani".into(),
                },
                Correction::Kind {
                    name: "Y. Javani".into(),
                    kind: EntityKind::Person,
                    to: EntityKind::Organisation,
                },
            ],
        );
        assert!(stale.is_empty(), "{stale:?}");
        check_invariants(&c);
        let e = find(&c, "Y. Javani").unwrap();
        assert_eq!(e.kind, EntityKind::Organisation);
        assert!(e.aliases.contains(&"Yadollah Javani".to_string()));
        // Its quotes still point at it.
        let id = e.id;
        assert!(c.quotes.iter().any(|q| q.speaker == Some(id)));
        // Hidden: gone, its quotes unattributed.
        let stale = apply(
            &mut c,
            &[Correction::Hide {
                name: "Y. Javani".into(),
                kind: EntityKind::Organisation,
            }],
        );
        assert!(stale.is_empty());
        check_invariants(&c);
        assert_eq!(c.entities.len(), total - 1);
        assert!(find(&c, "Y. Javani").is_none());
        let _ = javani;
    }

    #[test]
    fn stale_corrections_are_reported_and_the_rest_apply() {
        let mut c = fixture::corpus();
        let list = [
            Correction::Hide {
                name: "Nobody At All".into(),
                kind: EntityKind::Person,
            },
            Correction::Hide {
                name: "Yadollah Javani".into(),
                kind: EntityKind::Person,
            },
        ];
        let stale = apply(&mut c, &list);
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].index, 0);
        assert!(stale[0].reason.contains("no person named"), "{}", stale[0]);
        assert!(find(&c, "Yadollah Javani").is_none());
    }

    #[test]
    fn an_old_name_is_found_among_aliases() {
        let mut c = fixture::corpus();
        apply(
            &mut c,
            &[
                Correction::Rename {
                    name: "Abbas Araghchi".into(),
                    kind: EntityKind::Person,
                    to: "Seyed Abbas Araghchi".into(),
                },
                // Written when it was still called so.
                Correction::Rename {
                    name: "Abbas Araghchi".into(),
                    kind: EntityKind::Person,
                    to: "Abbas Araqchi".into(),
                },
            ],
        );
        assert!(find(&c, "Abbas Araqchi").is_some());
    }

    #[test]
    fn reapply_starts_from_the_base() {
        let original = fixture::corpus();
        let base = Base::of(&original);
        let hide = Correction::Hide {
            name: "Yadollah Javani".into(),
            kind: EntityKind::Person,
        };
        let (hidden, _) = reapply(&original, &base, std::slice::from_ref(&hide), "c");
        assert!(find(&hidden, "Yadollah Javani").is_none());
        let (undone, stale) = reapply(&hidden, &base, &[], "c");
        assert!(stale.is_empty());
        assert_eq!(undone.entities, original.entities);
        assert_eq!(undone.quotes, original.quotes);
    }

    #[test]
    fn corrections_read_and_write_one_line_each() {
        let line =
            r#"{"op":"merge","name":"Warhol Polaroids","kind":"person","into":"Andy Warhol"}"#;
        let c: Correction = serde_json::from_str(line).unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), line);
        let c: Correction = serde_json::from_str(
            r#"{"op":"kind","name":"Hamas","kind":"country","to":"organisation"}"#,
        )
        .unwrap();
        assert_eq!(c.to_string(), "Hamas: country → organisation");
        assert!(
            serde_json::from_str::<Correction>(r#"{"op":"hide","name":"X","kind":"place"}"#)
                .is_err()
        );
        assert!(
            serde_json::from_str::<Correction>(r#"{"op":"fly","name":"X","kind":"person"}"#)
                .is_err()
        );
    }
}
