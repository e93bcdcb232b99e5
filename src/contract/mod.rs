//! Output extracted already, read back without extracting again (`lede open`): the contract
//! of `lede extract --json` as JSON Lines, or a Spark job's folder of Parquet tables.

mod jsonl;
mod parquet;

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::load::sanitize::{sanitize, sanitize_line};
use crate::model::{
    Article, Corpus, Entity, EntityId, EntityKind, LoadWarning, Mention, Quote, QuoteKind,
};

pub use jsonl::is_contract_file;

/// One piece of extracted output lede can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Extracted {
    /// Contract JSON Lines (`lede extract --json`, `lede extract --apply`, the job's `jsonl/`).
    JsonLines(PathBuf),
    /// A folder of Parquet tables (`articles/`, `mentions/`, `quotes/`, `entities/`).
    Parquet(PathBuf),
}

/// The extracted output `paths` name, when every one of them is some (a folder written by the
/// Spark job, a folder of contract JSON Lines, or such a file); `None` when any is not, so the
/// paths are read as articles.
pub fn recognise(paths: &[PathBuf]) -> Option<Vec<Extracted>> {
    if paths.is_empty() {
        return None;
    }
    let mut found = Vec::new();
    for p in paths {
        found.extend(recognise_one(p)?);
    }
    Some(found)
}

fn recognise_one(path: &Path) -> Option<Vec<Extracted>> {
    if path.is_file() {
        return is_contract_file(path).then(|| vec![Extracted::JsonLines(path.to_path_buf())]);
    }
    if !path.is_dir() {
        return None;
    }
    if !parquet::table_files(&path.join("articles")).is_empty() {
        return Some(vec![Extracted::Parquet(path.to_path_buf())]);
    }
    let dir = if path.join("jsonl").is_dir() {
        path.join("jsonl")
    } else {
        path.to_path_buf()
    };
    let files = data_files(&dir);
    let first = files.first()?;
    if !is_contract_file(first) {
        return None;
    }
    Some(files.into_iter().map(Extracted::JsonLines).collect())
}

/// The data files of a folder written by Spark or by hand, in name order (part-00000 first):
/// hidden files, `_SUCCESS` markers and checksums left out.
fn data_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            p.is_file()
                && !name.starts_with('.')
                && !name.starts_with('_')
                && !name.ends_with(".crc")
        })
        .collect();
    files.sort();
    files
}

/// Read extracted output into a corpus, reporting bytes read now and then.
pub fn load(found: &[Extracted], progress: &dyn Fn(u64, u64)) -> Corpus {
    let mut builder = Builder::default();
    let total: u64 = found
        .iter()
        .map(|f| match f {
            Extracted::JsonLines(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            Extracted::Parquet(dir) => parquet::size(dir),
        })
        .sum();
    let mut done = 0;
    for f in found {
        match f {
            Extracted::JsonLines(p) => jsonl::read(p, &mut builder, &mut |n| {
                done += n;
                progress(done, total)
            }),
            Extracted::Parquet(dir) => {
                parquet::read(dir, &mut builder);
                done += parquet::size(dir);
                progress(done, total);
            }
        }
    }
    builder.finish()
}

/// An entity while extracted output is read: what the output says of it, and its mentions.
struct Draft {
    name: String,
    kind: EntityKind,
    aliases: Vec<String>,
    confidence: f32,
    mentions: Vec<Mention>,
    /// Where it was first seen, to keep ties in a stable order.
    first: usize,
}

/// A speaker named in the output, resolved to an entity once every entity is in.
struct Speaker {
    name: String,
    kind: Option<EntityKind>,
}

/// Gathers articles, entity mentions and quotes from records of any of the output's forms,
/// checking every span against its article's text, and builds the corpus.
#[derive(Default)]
pub(crate) struct Builder {
    articles: Vec<Article>,
    entities: Vec<Draft>,
    by_key: FxHashMap<(EntityKind, String), usize>,
    quotes: Vec<(Quote, Option<Speaker>)>,
    /// Capped: past the first thousand, counted by kind.
    warnings: crate::load::Warnings,
    /// Articles with a span that did not fit its text (warned about once each).
    damaged: Vec<bool>,
}

/// The longest unnamed speaker's words read back from a file.
const MAX_SOURCE_BYTES: u64 = 200;

/// A quote as the output gives it.
pub(crate) struct QuoteRecord {
    pub span: (u64, u64),
    pub speaker: Option<String>,
    pub speaker_kind: Option<EntityKind>,
    pub scare: bool,
    pub kind: QuoteKind,
    pub cue: Option<(u64, u64)>,
    /// The unnamed speaker's words ("the Vermont senator"), when no entity spoke.
    pub source: Option<(u64, u64)>,
    pub confidence: f32,
}

impl Builder {
    /// Add an article; returns its index. Text from a file is sanitised like any other: lede's
    /// own output is sanitised already, so a body that changes was not written by lede, and
    /// its spans cannot be trusted (they are dropped with a warning).
    pub(crate) fn add_article(&mut self, mut article: Article, where_: &str) -> u32 {
        for field in [&mut article.id, &mut article.title, &mut article.path] {
            *field = sanitize_line(field).into();
        }
        for field in [
            &mut article.dateline,
            &mut article.date,
            &mut article.url,
            &mut article.author,
            &mut article.outlet,
        ]
        .into_iter()
        .flatten()
        {
            *field = sanitize_line(field);
        }
        let mut damaged = false;
        if let std::borrow::Cow::Owned(clean) = sanitize(&article.body) {
            article.body = clean;
            damaged = true;
            self.warnings.push(LoadWarning::new(
                where_,
                format!(
                    "article {}: text with control characters (not lede's output?), cleaned; its entities and quotes left out",
                    article.id
                ),
            ));
        }
        self.articles.push(article);
        self.damaged.push(damaged);
        (self.articles.len() - 1) as u32
    }

    pub(crate) fn warn(&mut self, warning: LoadWarning) {
        self.warnings.push(warning);
    }

    /// Does a span fit the article's text? Reports a damaged article once.
    fn fits(&mut self, article: u32, (start, end): (u64, u64), where_: &str) -> bool {
        let Some(a) = self.articles.get(article as usize) else {
            return false;
        };
        if self.damaged[article as usize] {
            return false;
        }
        let ok = start <= end
            && end <= a.body.len() as u64
            && a.body.is_char_boundary(start as usize)
            && a.body.is_char_boundary(end as usize);
        if !ok {
            self.damaged[article as usize] = true;
            let id = a.id.clone();
            self.warnings.push(LoadWarning::new(
                where_,
                format!("article {id}: a mention or quote outside its text; its entities and quotes from there on left out"),
            ));
        }
        ok
    }

    /// An entity's mentions in one article; `describe` gives its aliases and confidence
    /// (corpus-wide: asked the first time the entity is seen).
    pub(crate) fn add_mentions(
        &mut self,
        article: u32,
        kind: EntityKind,
        name: &str,
        describe: impl FnOnce() -> (Vec<String>, f32),
        spans: &[(u64, u64)],
        where_: &str,
    ) {
        let key = (kind, sanitize_line(name));
        let next = self.entities.len();
        let id = *self.by_key.entry(key.clone()).or_insert(next);
        if id == next {
            let (aliases, confidence) = describe();
            let aliases = aliases.iter().map(|a| sanitize_line(a)).collect();
            self.entities.push(Draft {
                name: key.1,
                kind,
                aliases,
                confidence: if confidence.is_finite() {
                    confidence.clamp(0.0, 1.0)
                } else {
                    0.0
                },
                mentions: Vec::new(),
                first: next,
            });
        }
        for &span in spans {
            if self.fits(article, span, where_) {
                self.entities[id].mentions.push(Mention {
                    article,
                    start: span.0 as u32,
                    end: span.1 as u32,
                });
            }
        }
    }

    pub(crate) fn add_quote(&mut self, article: u32, q: QuoteRecord, where_: &str) {
        if !self.fits(article, q.span, where_)
            || q.cue.is_some_and(|c| !self.fits(article, c, where_))
            || q.source.is_some_and(|c| !self.fits(article, c, where_))
        {
            return;
        }
        let quote = Quote {
            article,
            start: q.span.0 as u32,
            end: q.span.1 as u32,
            speaker: None,
            // An unnamed speaker is a few words: a long span or one over a line break is not
            // lede's (dropped, the quote kept).
            source: q
                .source
                .filter(|&(s, e)| e.saturating_sub(s) <= MAX_SOURCE_BYTES)
                .filter(|&(s, e)| {
                    self.articles[article as usize]
                        .body
                        .get(s as usize..e as usize)
                        .is_some_and(|w| !w.contains('\n'))
                })
                .map(|(s, e)| (s as u32, e as u32)),
            scare: q.scare,
            kind: q.kind,
            cue: q.cue.map(|(s, e)| (s as u32, e as u32)),
            confidence: if q.confidence.is_finite() {
                q.confidence.clamp(0.0, 1.0)
            } else {
                0.0
            },
        };
        let speaker = q.speaker.map(|name| Speaker {
            name: sanitize_line(&name),
            kind: q.speaker_kind,
        });
        self.quotes.push((quote, speaker));
    }

    /// Entities in the explorer's order (kind, mentions, name), quotes in article order with
    /// their speakers found among the entities (a person before an organisation of one name).
    pub(crate) fn finish(self) -> Corpus {
        let mut drafts = self.entities;
        for d in &mut drafts {
            d.mentions.sort_unstable();
            d.mentions.dedup();
        }
        drafts.retain(|d| !d.mentions.is_empty());
        drafts.sort_by(|a, b| {
            a.kind
                .cmp(&b.kind)
                .then(b.mentions.len().cmp(&a.mentions.len()))
                .then(a.name.cmp(&b.name))
                .then(a.first.cmp(&b.first))
        });
        let mut by_key: FxHashMap<(EntityKind, &str), u32> = FxHashMap::default();
        for (i, d) in drafts.iter().enumerate() {
            by_key.insert((d.kind, d.name.as_str()), i as u32);
        }
        let mut quotes: Vec<Quote> = self
            .quotes
            .into_iter()
            .map(|(mut q, speaker)| {
                q.speaker = speaker.and_then(|s| {
                    let kinds: &[EntityKind] = match s.kind {
                        Some(k) => &[k][..],
                        None => &[
                            EntityKind::Person,
                            EntityKind::Organisation,
                            EntityKind::Country,
                        ],
                    };
                    kinds
                        .iter()
                        .find_map(|&k| by_key.get(&(k, s.name.as_str())).copied())
                        .map(EntityId)
                });
                q
            })
            .collect();
        drop(by_key);
        // Stable: quotes of one article keep the output's order.
        quotes.sort_by_key(|q| q.article);
        let entities: Vec<Entity> = drafts
            .into_iter()
            .enumerate()
            .map(|(i, d)| {
                let article_count = crate::model::articles_of(&d.mentions).count();
                Entity {
                    id: EntityId(i as u32),
                    name: d.name,
                    kind: d.kind,
                    aliases: d.aliases,
                    mentions: d.mentions,
                    article_count,
                    confidence: d.confidence,
                }
            })
            .collect();
        Corpus::new(self.articles, entities, quotes, self.warnings.into_vec())
    }
}

/// Open extracted output as the explorer and the headless commands open any corpus: the
/// corpus read back, its search index built. `warnings` (from the command line) join the
/// corpus's; `progress` hears bytes read.
pub fn open(
    found: &[Extracted],
    warnings: Vec<LoadWarning>,
    progress: &dyn Fn(u64, u64),
) -> crate::open::Opened {
    let started = std::time::Instant::now();
    let mut corpus = load(found, progress);
    let bytes = corpus.articles.iter().map(|a| a.body.len() as u64).sum();
    if !warnings.is_empty() {
        let mut all = warnings;
        all.append(&mut corpus.warnings);
        corpus.warnings = all;
    }
    let read = started.elapsed();
    let t = std::time::Instant::now();
    let index = crate::filter::Index::build(&corpus);
    crate::open::Opened {
        corpus,
        index,
        // Read, not extracted: nearest to a build (nothing of a snapshot was used).
        how: crate::open::How::Built,
        snapshot_written: None,
        times: crate::corpus::BuildTimes {
            load: read,
            bytes,
            ..Default::default()
        },
        index_time: t.elapsed(),
        snapshot_time: None,
        notes: Vec::new(),
    }
}
