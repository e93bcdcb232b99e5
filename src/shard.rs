//! Extraction split for many machines. The map half (`lede extract --shard`) writes each article
//! with its local extraction, then the shard's name table; the reduce (`lede merge`) joins name
//! tables into the corpus-wide mapping; apply (`lede extract --apply`) rewrites shard output to
//! the contract with canonical names. The merge rules are `corpus`'s: one implementation.

use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::corpus::{self, Canonical, NameRow, NameTable, Resolution};
use crate::extract::{self, Extraction};
use crate::load::{self, Format, InFolder, LoadWarning};
use crate::model::{Article, Corpus, EntityId, EntityKind, Mention, Quote};

/// One line of shard output: an article with its local extraction, a row of the shard's name
/// table, or a warning from reading the shard's input. Exactly one of the three is there (an
/// article comes with its extraction).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ShardLine {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<Article>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extraction: Option<Extraction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<NameRow>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warning: Option<LoadWarning>,
}

#[derive(Serialize)]
struct ArticleLine<'a> {
    article: &'a Article,
    extraction: &'a Extraction,
}

#[derive(Serialize)]
struct NamesLine<'a> {
    names: &'a NameRow,
}

#[derive(Serialize)]
struct WarningLine<'a> {
    warning: &'a LoadWarning,
}

/// Articles are extracted a window at a time (in parallel within it) and written before the
/// next, so a shard's extractions never pile up.
const WINDOW: usize = 4096;

/// Writes shard output: articles as they come, then (at `finish`) warnings and the name table.
pub struct ShardWriter<W: Write> {
    out: W,
    names: NameTable,
}

impl<W: Write> ShardWriter<W> {
    pub fn new(out: W) -> Self {
        ShardWriter {
            out,
            names: NameTable::default(),
        }
    }

    /// One article and its extraction.
    pub fn add(&mut self, article: &Article, extraction: &Extraction) -> io::Result<()> {
        self.names.add_article(&extraction.entities);
        serde_json::to_writer(
            &mut self.out,
            &ArticleLine {
                article,
                extraction,
            },
        )?;
        self.out.write_all(b"\n")
    }

    /// The warnings, then the name table (sorted by kind and name); returns the output.
    pub fn finish(mut self, warnings: &[LoadWarning]) -> io::Result<W> {
        for warning in warnings {
            serde_json::to_writer(&mut self.out, &WarningLine { warning })?;
            self.out.write_all(b"\n")?;
        }
        write_names(&self.names, &mut self.out)?;
        Ok(self.out)
    }
}

/// A name table as lines of `{"names": ...}`, sorted by kind and name.
pub fn write_names(table: &NameTable, out: &mut impl Write) -> io::Result<()> {
    for names in table.sorted_rows() {
        serde_json::to_writer(&mut *out, &NamesLine { names })?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Extract `articles` and write them as one shard (the map half of `lede extract`).
pub fn write_shard<W: Write>(
    articles: &[Article],
    warnings: &[LoadWarning],
    out: W,
) -> io::Result<W> {
    let mut writer = ShardWriter::new(out);
    for window in articles.chunks(WINDOW) {
        let extractions: Vec<Extraction> = window
            .par_iter()
            .map(|a| extract::extract_article(&a.title, &a.body))
            .collect();
        for (article, extraction) in window.iter().zip(&extractions) {
            writer.add(article, extraction)?;
        }
    }
    writer.finish(warnings)
}

/// Read standard input as the one source `name` (its ending gives the format, else its first
/// bytes do): `lede extract - --shard --source part-00007.jsonl`, so the articles of different
/// shards keep apart ids and say where they came from.
pub fn read_named_stdin(name: &str) -> (Vec<Article>, Vec<LoadWarning>) {
    let limit = load::limits().file;
    let mut bytes = Vec::new();
    if let Err(err) = io::stdin().lock().take(limit + 1).read_to_end(&mut bytes) {
        return (
            Vec::new(),
            vec![LoadWarning::new(name, format!("cannot read: {err}"))],
        );
    }
    if bytes.len() as u64 > limit {
        return (
            Vec::new(),
            vec![LoadWarning::new(
                name,
                "more than the per-file limit (--max-file-mb), skipped",
            )],
        );
    }
    let format = Format::from_path(Path::new(name));
    let loaded = load::parse_bytes(name, &bytes, format);
    (loaded.articles.into_vec(), loaded.warnings.into_vec())
}

/// Read a tar archive on standard input, each member a file of its own named by its path in
/// the archive and taken as a folder walk takes a file (hidden files and README-style
/// documents passed over, other kinds counted in one warning): how a Spark job hands one
/// process many small files (web pages, feeds, WARCs) of the folders it was given.
pub fn read_tar(reader: impl Read) -> (Vec<Article>, Vec<LoadWarning>) {
    let limit = load::limits().file;
    let mut articles = Vec::new();
    let mut warnings = load::Warnings::default();
    let mut skipped = load::Skipped::default();
    let mut archive = tar::Archive::new(reader);
    let entries = match archive.entries() {
        Ok(entries) => entries,
        Err(err) => {
            return (
                articles,
                vec![LoadWarning::new(
                    "<stdin>",
                    format!("not a tar archive: {err}"),
                )],
            );
        }
    };
    for (i, entry) in entries.enumerate() {
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                warnings.push(LoadWarning::at_line(
                    "<stdin>",
                    i + 1,
                    format!("tar member unreadable, the rest skipped: {err}"),
                ));
                break;
            }
        };
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| format!("<stdin>#{}", i + 1));
        // Members are a folder's files: the folder walk's rules apply, so a job over a
        // folder reads what `lede extract FOLDER` reads.
        let format = match load::in_folder(Path::new(&name)) {
            InFolder::Read(format) => format,
            InFolder::Passed => continue,
            InFolder::Other => {
                skipped.add(Path::new(&name));
                continue;
            }
        };
        if entry.size() > limit {
            warnings.push(LoadWarning::new(
                &name,
                "more than the per-file limit (--max-file-mb), skipped",
            ));
            continue;
        }
        let mut bytes = Vec::new();
        if let Err(err) = entry.read_to_end(&mut bytes) {
            warnings.push(LoadWarning::new(&name, format!("cannot read: {err}")));
            continue;
        }
        let loaded = load::parse_bytes(&name, &bytes, Some(format));
        articles.extend(loaded.articles);
        warnings.append(loaded.warnings);
    }
    let mut warnings = warnings.into_vec();
    warnings.extend(skipped.warning());
    (articles, warnings)
}

/// A source of shard output or of a mapping: a file or standard input, or why it cannot be read.
type Source = (String, io::Result<Box<dyn BufRead>>);

/// Files, or standard input for `-` (or none).
fn open_sources(paths: &[PathBuf]) -> Vec<Source> {
    if paths.is_empty() {
        return vec![("<stdin>".to_string(), Ok(Box::new(io::stdin().lock())))];
    }
    paths
        .iter()
        .map(|p| -> Source {
            if p.as_os_str() == "-" {
                return ("<stdin>".to_string(), Ok(Box::new(io::stdin().lock())));
            }
            let name = load::sanitize::sanitize_line(&p.display().to_string());
            let reader = std::fs::File::open(p).map(|f| -> Box<dyn BufRead> {
                Box::new(io::BufReader::with_capacity(1 << 20, f))
            });
            (name, reader)
        })
        .collect()
}

/// Each line of a source, with its number; an unreadable source or a line that is not shard
/// output becomes a warning naming it, and the rest is read. Lines for which `skip` says so
/// are passed over unparsed.
fn each_line(
    sources: Vec<Source>,
    skip: impl Fn(&[u8]) -> bool,
    mut each: impl FnMut(&str, usize, ShardLine),
    warnings: &mut Vec<LoadWarning>,
) {
    let mut buf = Vec::new();
    for (name, reader) in sources {
        let mut reader = match reader {
            Ok(reader) => reader,
            Err(err) => {
                warnings.push(LoadWarning::new(&name, format!("cannot read: {err}")));
                continue;
            }
        };
        let mut line_no = 0;
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) => break,
                Ok(_) => {}
                Err(err) => {
                    warnings.push(LoadWarning::at_line(
                        &name,
                        line_no + 1,
                        format!("cannot read, the rest skipped: {err}"),
                    ));
                    break;
                }
            }
            line_no += 1;
            let line = buf.trim_ascii();
            if line.is_empty() || skip(line) {
                continue;
            }
            match serde_json::from_slice::<ShardLine>(line) {
                Ok(parsed) => each(&name, line_no, parsed),
                Err(err) => warnings.push(LoadWarning::at_line(
                    &name,
                    line_no,
                    format!("not a line of shard output ({err}), skipped"),
                )),
            }
        }
    }
}

/// Article lines as lede writes them open with this; the merge passes over them unparsed (it
/// needs the name table only, not the text).
const ARTICLE_LINE: &[u8] = b"{\"article\"";

/// The union of the name tables in `paths` (shard output or name tables; standard input for
/// `-` or none).
pub fn read_names(paths: &[PathBuf], warnings: &mut Vec<LoadWarning>) -> NameTable {
    let mut table = NameTable::default();
    each_line(
        open_sources(paths),
        |line| line.starts_with(ARTICLE_LINE),
        |_, _, line| {
            if let Some(row) = line.names {
                table.add_row(row);
            }
        },
        warnings,
    );
    table
}

/// One line of a mapping: a corpus-wide entity (in the corpus's entity order) and the local
/// names (of its kind) that became it.
#[derive(Debug, Serialize, Deserialize)]
struct MappingLine {
    name: String,
    kind: EntityKind,
    aliases: Vec<String>,
    mentions: u64,
    confidence: f32,
    members: Vec<String>,
    /// Local names of another kind that became it (an organisation the merge read as a
    /// person's surname).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    retyped: Vec<(EntityKind, String)>,
}

/// The corpus-wide canonical mapping: the merge's entities, and which local name became which.
#[derive(Debug, Default, Clone)]
pub struct Mapping {
    pub entities: Vec<Canonical>,
    by_key: FxHashMap<(EntityKind, String), u32>,
}

impl Mapping {
    /// The merge of a name table (the reduce).
    pub fn merge(table: NameTable) -> Mapping {
        Mapping::from_resolution(table.resolve())
    }

    fn from_resolution(r: Resolution) -> Mapping {
        let mut by_key = FxHashMap::default();
        for (key, e) in r.row_names.into_iter().zip(r.of_row) {
            if let Some(e) = e {
                by_key.insert(key, e);
            }
        }
        Mapping {
            entities: r.entities,
            by_key,
        }
    }

    /// The entity a local name (of a kind) became, if any.
    pub fn entity_of(&self, kind: EntityKind, name: &str) -> Option<u32> {
        self.by_key.get(&(kind, name.to_string())).copied()
    }

    /// One JSON object a line, an entity each, in entity order.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let mut members: Vec<Vec<&str>> = vec![Vec::new(); self.entities.len()];
        let mut retyped: Vec<Vec<(EntityKind, String)>> = vec![Vec::new(); self.entities.len()];
        for ((kind, name), &e) in &self.by_key {
            if *kind == self.entities[e as usize].kind {
                members[e as usize].push(name);
            } else {
                retyped[e as usize].push((*kind, name.clone()));
            }
        }
        for ((c, mut names), mut retyped) in self.entities.iter().zip(members).zip(retyped) {
            names.sort_unstable();
            retyped.sort_unstable();
            let line = MappingLine {
                name: c.name.clone(),
                kind: c.kind,
                aliases: c.aliases.clone(),
                mentions: c.mentions,
                confidence: c.confidence,
                members: names.into_iter().map(str::to_string).collect(),
                retyped,
            };
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Read a mapping `write` wrote. Unlike shard output, a mapping must be whole: a line that
    /// does not read is an error naming it.
    pub fn read(name: &str, reader: impl BufRead) -> Result<Mapping, String> {
        let mut mapping = Mapping::default();
        for (i, line) in reader.lines().enumerate() {
            let line = line.map_err(|e| format!("{name}:{}: cannot read: {e}", i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let m: MappingLine = serde_json::from_str(&line)
                .map_err(|e| format!("{name}:{}: not a line of a mapping ({e})", i + 1))?;
            let id = mapping.entities.len() as u32;
            for member in m.members {
                mapping.by_key.insert((m.kind, member), id);
            }
            for key in m.retyped {
                mapping.by_key.insert(key, id);
            }
            mapping.entities.push(Canonical {
                name: m.name,
                kind: m.kind,
                aliases: m.aliases,
                mentions: m.mentions,
                confidence: m.confidence,
            });
        }
        Ok(mapping)
    }

    /// A corpus of these articles with canonical entities: the entities they mention, in the
    /// corpus-wide order (so each article lists its entities as one machine would), their
    /// mentions here, the quotes with canonical speakers. A mention or quote that is not a span
    /// of its article's text (a damaged shard) is left out with a warning.
    pub fn apply(
        &self,
        articles: Vec<Article>,
        extractions: &[Extraction],
        mut warnings: Vec<LoadWarning>,
    ) -> Corpus {
        let mut mentions: FxHashMap<u32, Vec<Mention>> = FxHashMap::default();
        let mut quotes: Vec<(Quote, Option<u32>)> = Vec::new();
        for (ai, (article, ex)) in articles.iter().zip(extractions).enumerate() {
            let body = &article.body;
            let fits = |start: usize, end: usize| {
                start <= end
                    && end <= body.len()
                    && body.is_char_boundary(start)
                    && body.is_char_boundary(end)
                    && end <= u32::MAX as usize
            };
            let mut damaged = false;
            let global: Vec<Option<u32>> = ex
                .entities
                .iter()
                .map(|e| {
                    let g = self.entity_of(e.kind, &e.name)?;
                    let list = mentions.entry(g).or_default();
                    for &(start, end) in &e.mentions {
                        if fits(start, end) {
                            list.push(Mention {
                                article: ai as u32,
                                start: start as u32,
                                end: end as u32,
                            });
                        } else {
                            damaged = true;
                        }
                    }
                    Some(g)
                })
                .collect();
            for q in &ex.quotes {
                if !fits(q.start, q.end)
                    || q.cue.is_some_and(|(s, e)| !fits(s as usize, e as usize))
                    || q.source.is_some_and(|(s, e)| !fits(s as usize, e as usize))
                {
                    damaged = true;
                    continue;
                }
                quotes.push((
                    corpus::placed_quote(ai as u32, q),
                    q.speaker.and_then(|l| global.get(l).copied()?),
                ));
            }
            if damaged {
                warnings.push(LoadWarning::new(
                    &article.path,
                    format!(
                        "article {}: mentions or quotes outside its text, left out",
                        article.id
                    ),
                ));
            }
        }
        let mut used: Vec<u32> = mentions.keys().copied().collect();
        used.extend(quotes.iter().filter_map(|(_, s)| *s));
        used.sort_unstable();
        used.dedup();
        let local: FxHashMap<u32, u32> = used
            .iter()
            .enumerate()
            .map(|(i, &g)| (g, i as u32))
            .collect();
        let entities = used
            .iter()
            .enumerate()
            .filter_map(|(i, &g)| {
                let c = self.entities.get(g as usize)?.clone();
                let ms = mentions.remove(&g).unwrap_or_default();
                Some(corpus::entity_of(EntityId(i as u32), c, ms))
            })
            .collect();
        let quotes = quotes
            .into_iter()
            .map(|(mut q, s)| {
                q.speaker = s.and_then(|g| local.get(&g)).map(|&l| EntityId(l));
                q
            })
            .collect();
        Corpus::new(articles, entities, quotes, warnings)
    }
}

/// `lede merge`: the union of the name tables in `paths`, written as a combined name table
/// (`partial`, to be merged again) or as the corpus-wide mapping.
pub fn merge_command(
    paths: &[PathBuf],
    partial: bool,
    out: &mut impl Write,
) -> (io::Result<()>, Vec<LoadWarning>) {
    let mut warnings = Vec::new();
    let table = read_names(paths, &mut warnings);
    let result = if partial {
        write_names(&table, out)
    } else {
        Mapping::merge(table).write(out)
    };
    (result, warnings)
}

/// `lede extract --apply MAPPING`: shard output in `paths` rewritten to the contract, a batch
/// of articles at a time. Returns how many articles were written, with the warnings.
pub fn apply_command(
    mapping: &Mapping,
    paths: &[PathBuf],
    min_confidence: f32,
    out: &mut impl Write,
) -> (io::Result<usize>, Vec<LoadWarning>) {
    let mut warnings = Vec::new();
    let mut articles = Vec::new();
    let mut extractions = Vec::new();
    let mut written = 0;
    let mut result = Ok(());
    let mut flush = |articles: &mut Vec<Article>,
                     extractions: &mut Vec<Extraction>,
                     warnings: &mut Vec<LoadWarning>|
     -> io::Result<()> {
        let corpus = mapping.apply(
            std::mem::take(articles),
            &std::mem::take(extractions),
            Vec::new(),
        );
        warnings.extend(corpus.warnings.iter().cloned());
        written += corpus.articles.len();
        crate::output::write_json_lines_min(&corpus, min_confidence, out)
    };
    let mut line_warnings = Vec::new();
    each_line(
        open_sources(paths),
        |_| false,
        |name, line_no, line| {
            if result.is_err() {
                return;
            }
            match (line.article, line.extraction) {
                (Some(a), Some(ex)) => {
                    articles.push(a);
                    extractions.push(ex);
                    if articles.len() >= WINDOW {
                        result = flush(&mut articles, &mut extractions, &mut warnings);
                    }
                }
                (Some(_), None) => warnings.push(LoadWarning::at_line(
                    name,
                    line_no,
                    "an article without its extraction, skipped",
                )),
                _ => {}
            }
        },
        &mut line_warnings,
    );
    if result.is_ok() && !articles.is_empty() {
        result = flush(&mut articles, &mut extractions, &mut warnings);
    }
    warnings.extend(line_warnings);
    (result.map(|_| written), warnings)
}
