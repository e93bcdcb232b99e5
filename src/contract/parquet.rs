//! A Spark job's output as Parquet tables, read back (`spark/lede_job.py` writes them): one
//! folder per table (`articles`, `mentions`, `quotes`, `entities`), each of part files.

use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Float64Type, Int32Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use rustc_hash::FxHashMap;

use super::{Builder, QuoteRecord};
use crate::load::sanitize::sanitize_line;
use crate::model::{Article, EntityKind, LoadWarning, QuoteKind};

/// The `.parquet` files of one table, walked (Spark may partition into `key=value` folders),
/// in path order.
pub(super) fn table_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            e.file_type().is_file() && name.ends_with(".parquet") && !name.starts_with('.')
        })
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// Bytes of the tables lede reads.
pub(super) fn size(dir: &Path) -> u64 {
    ["articles", "mentions", "quotes", "entities"]
        .iter()
        .flat_map(|t| table_files(&dir.join(t)))
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum()
}

/// One batch's columns by name, each read as the type the reader asks for. Spark writes
/// strings as UTF-8 byte arrays, whole numbers as 32- or 64-bit integers, floats as 32 or 64
/// bits: all are taken.
struct Columns<'a> {
    batch: &'a RecordBatch,
}

impl Columns<'_> {
    fn column(&self, name: &str) -> Option<&ArrayRef> {
        self.batch.column_by_name(name)
    }

    fn string(&self, name: &str, row: usize) -> Option<String> {
        let c = self.column(name)?;
        if c.is_null(row) {
            return None;
        }
        if let Some(a) = c.as_string_opt::<i32>() {
            return Some(a.value(row).to_string());
        }
        if let Some(a) = c.as_string_opt::<i64>() {
            return Some(a.value(row).to_string());
        }
        c.as_string_view_opt().map(|a| a.value(row).to_string())
    }

    fn int(&self, name: &str, row: usize) -> Option<u64> {
        let c = self.column(name)?;
        if c.is_null(row) {
            return None;
        }
        let v = if let Some(a) = c.as_primitive_opt::<Int32Type>() {
            i64::from(a.value(row))
        } else {
            c.as_primitive_opt::<Int64Type>()?.value(row)
        };
        u64::try_from(v).ok()
    }

    fn float(&self, name: &str, row: usize) -> Option<f32> {
        let c = self.column(name)?;
        if c.is_null(row) {
            return None;
        }
        if let Some(a) = c.as_primitive_opt::<Float32Type>() {
            return Some(a.value(row));
        }
        c.as_primitive_opt::<Float64Type>()
            .map(|a| a.value(row) as f32)
    }

    fn boolean(&self, name: &str, row: usize) -> Option<bool> {
        let c = self.column(name)?;
        if c.is_null(row) {
            return None;
        }
        c.as_boolean_opt().map(|a| a.value(row))
    }

    fn strings(&self, name: &str, row: usize) -> Vec<String> {
        let Some(c) = self.column(name) else {
            return Vec::new();
        };
        if c.is_null(row) {
            return Vec::new();
        }
        let Some(list) = c.as_list_opt::<i32>() else {
            return Vec::new();
        };
        let items = list.value(row);
        let Some(items) = items.as_string_opt::<i32>() else {
            return Vec::new();
        };
        (0..items.len())
            .filter(|&i| !items.is_null(i))
            .map(|i| items.value(i).to_string())
            .collect()
    }
}

/// Every batch of a table, in file order; a file that does not read is a warning.
fn each_batch(
    dir: &Path,
    builder: &mut Builder,
    mut each: impl FnMut(&mut Builder, &Columns<'_>, &str),
) {
    for path in table_files(dir) {
        let name = sanitize_line(&path.display().to_string());
        let reader = File::open(&path).map_err(|e| e.to_string()).and_then(|f| {
            ParquetRecordBatchReaderBuilder::try_new(f)
                .and_then(|b| b.with_batch_size(8192).build())
                .map_err(|e| e.to_string())
        });
        let reader = match reader {
            Ok(r) => r,
            Err(err) => {
                builder.warn(LoadWarning::new(
                    &name,
                    format!("not a Parquet table: {err}"),
                ));
                continue;
            }
        };
        for batch in reader {
            match batch {
                Ok(batch) => each(builder, &Columns { batch: &batch }, &name),
                Err(err) => {
                    builder.warn(LoadWarning::new(
                        &name,
                        format!("cannot read, the rest of the file skipped: {err}"),
                    ));
                    break;
                }
            }
        }
    }
}

fn kind_of(s: Option<String>) -> Option<EntityKind> {
    match s.as_deref()? {
        "person" => Some(EntityKind::Person),
        "country" => Some(EntityKind::Country),
        "organisation" => Some(EntityKind::Organisation),
        _ => None,
    }
}

fn quote_kind_of(s: Option<String>) -> QuoteKind {
    match s.as_deref() {
        Some("mixed") => QuoteKind::Mixed,
        Some("indirect") => QuoteKind::Indirect,
        _ => QuoteKind::Direct,
    }
}

/// Read the tables of one job's output folder into the builder.
pub(super) fn read(dir: &Path, builder: &mut Builder) {
    // Articles first (mentions and quotes are checked against their text), by id.
    let mut by_id: FxHashMap<String, u32> = FxHashMap::default();
    each_batch(&dir.join("articles"), builder, |b, cols, name| {
        for row in 0..cols.batch.num_rows() {
            let Some(id) = cols.string("id", row) else {
                b.warn(LoadWarning::new(name, "an article without an id, skipped"));
                continue;
            };
            let article = Article {
                id: id.clone().into(),
                title: cols.string("title", row).unwrap_or_default().into(),
                body: cols.string("body", row).unwrap_or_default(),
                dateline: cols.string("dateline", row),
                date: cols.string("date", row),
                url: cols.string("url", row),
                author: cols.string("author", row),
                outlet: cols.string("outlet", row),
                path: cols.string("source", row).unwrap_or_default().into(),
            };
            let a = b.add_article(article, name);
            if by_id.insert(id, a).is_some() {
                b.warn(LoadWarning::new(
                    name,
                    "two articles share an id: mentions and quotes go to the later",
                ));
            }
        }
    });
    // The corpus-wide entities: aliases and confidence.
    let mut about: FxHashMap<(EntityKind, String), (Vec<String>, f32)> = FxHashMap::default();
    each_batch(&dir.join("entities"), builder, |_, cols, _| {
        for row in 0..cols.batch.num_rows() {
            let (Some(kind), Some(name)) =
                (kind_of(cols.string("kind", row)), cols.string("name", row))
            else {
                continue;
            };
            let confidence = cols.float("confidence", row).unwrap_or(1.0);
            about.insert((kind, name), (cols.strings("aliases", row), confidence));
        }
    });
    // Mentions: one row each, grouped by article and entity as they come.
    each_batch(&dir.join("mentions"), builder, |b, cols, name| {
        for row in 0..cols.batch.num_rows() {
            let article = cols
                .string("article_id", row)
                .and_then(|id| by_id.get(&id).copied());
            let kind = kind_of(cols.string("kind", row));
            let entity = cols.string("name", row);
            let span = cols.int("start", row).zip(cols.int("end", row));
            let (Some(article), Some(kind), Some(entity), Some(span)) =
                (article, kind, entity, span)
            else {
                b.warn(LoadWarning::new(
                    name,
                    "a mention of no known article, entity or span, skipped",
                ));
                continue;
            };
            let describe = || {
                about
                    .get(&(kind, entity.clone()))
                    .cloned()
                    .unwrap_or((Vec::new(), 1.0))
            };
            b.add_mentions(article, kind, &entity, describe, &[span], name);
        }
    });
    each_batch(&dir.join("quotes"), builder, |b, cols, name| {
        for row in 0..cols.batch.num_rows() {
            let article = cols
                .string("article_id", row)
                .and_then(|id| by_id.get(&id).copied());
            let span = cols.int("start", row).zip(cols.int("end", row));
            let (Some(article), Some(span)) = (article, span) else {
                b.warn(LoadWarning::new(
                    name,
                    "a quote of no known article or span, skipped",
                ));
                continue;
            };
            let source = cols
                .int("speaker_start", row)
                .zip(cols.int("speaker_end", row));
            let quote = QuoteRecord {
                span,
                // An unnamed speaker's words are no entity's name.
                speaker: cols.string("speaker", row).filter(|_| source.is_none()),
                source,
                speaker_kind: kind_of(cols.string("speaker_kind", row)),
                scare: cols.boolean("scare", row).unwrap_or(false),
                kind: quote_kind_of(cols.string("kind", row)),
                cue: cols.int("cue_start", row).zip(cols.int("cue_end", row)),
                confidence: cols.float("confidence", row).unwrap_or(1.0),
            };
            b.add_quote(article, quote, name);
        }
    });
}
