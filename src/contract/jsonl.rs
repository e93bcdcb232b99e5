//! The contract as JSON Lines (`lede extract --json`), one article a line, read back: parsed
//! in parallel blocks, added in order.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use rayon::prelude::*;
use serde::Deserialize;

use super::{Builder, QuoteRecord};
use crate::load::sanitize::sanitize_line;
use crate::model::{Article, EntityKind, LoadWarning, QuoteKind};

#[derive(Deserialize)]
struct ArticleRecord {
    id: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    title: String,
    dateline: Option<String>,
    date: Option<String>,
    url: Option<String>,
    author: Option<String>,
    outlet: Option<String>,
    body: String,
    entities: Vec<EntityRecord>,
    quotes: Vec<QuoteJson>,
}

#[derive(Deserialize)]
struct EntityRecord {
    name: String,
    kind: EntityKind,
    #[serde(default)]
    aliases: Vec<String>,
    mentions: Vec<(u64, u64)>,
    #[serde(default = "one")]
    confidence: f32,
}

fn one() -> f32 {
    1.0
}

#[derive(Deserialize)]
struct QuoteJson {
    speaker: Option<String>,
    /// Given for an unnamed speaker: `speaker` is then the article's words, not an entity.
    speaker_span: Option<(u64, u64)>,
    span: (u64, u64),
    #[serde(default)]
    scare: bool,
    #[serde(default = "direct")]
    kind: QuoteKind,
    cue: Option<(u64, u64)>,
    #[serde(default = "one")]
    confidence: f32,
}

fn direct() -> QuoteKind {
    QuoteKind::Direct
}

/// The fields that make a line the contract rather than an article to extract.
#[derive(Deserialize)]
struct Probe {
    #[allow(dead_code)]
    body: serde::de::IgnoredAny,
    entities: Vec<ProbeEntity>,
    #[allow(dead_code)]
    quotes: serde::de::IgnoredAny,
}

#[derive(Deserialize)]
struct ProbeEntity {
    #[allow(dead_code)]
    name: serde::de::IgnoredAny,
    #[allow(dead_code)]
    kind: EntityKind,
    #[allow(dead_code)]
    mentions: serde::de::IgnoredAny,
}

/// Is this a file of contract lines? Its first line is read (up to 256 MB) and must have a
/// body, entities with names, kinds and mentions, and quotes.
pub fn is_contract_file(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut line = Vec::new();
    let mut reader = BufReader::new(file.take(256 << 20));
    if reader.read_until(b'\n', &mut line).is_err() {
        return false;
    }
    serde_json::from_slice::<Probe>(line.trim_ascii()).is_ok_and(|p| {
        let _ = p.entities.len();
        true
    })
}

/// Lines are parsed this many bytes at a time, in parallel.
const BLOCK: usize = 32 << 20;

/// Read one file of contract lines into the builder, reporting bytes read.
pub(super) fn read(path: &Path, builder: &mut Builder, progress: &mut dyn FnMut(u64)) {
    let name = sanitize_line(&path.display().to_string());
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(err) => {
            builder.warn(LoadWarning::new(&name, format!("cannot read: {err}")));
            return;
        }
    };
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut line_no = 0;
    let mut block: Vec<u8> = Vec::new();
    loop {
        // A block of whole lines.
        block.clear();
        let mut eof = false;
        while block.len() < BLOCK {
            match reader.read_until(b'\n', &mut block) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(_) => {}
                Err(err) => {
                    builder.warn(LoadWarning::new(
                        &name,
                        format!("cannot read, the rest skipped: {err}"),
                    ));
                    eof = true;
                    break;
                }
            }
        }
        let lines: Vec<&[u8]> = block.split(|&b| b == b'\n').collect();
        let parsed: Vec<Option<Result<ArticleRecord, String>>> = lines
            .par_iter()
            .map(|line| {
                let line = line.trim_ascii();
                (!line.is_empty()).then(|| serde_json::from_slice(line).map_err(|e| e.to_string()))
            })
            .collect();
        let lines_here = lines.len() - usize::from(block.ends_with(b"\n"));
        for (i, record) in parsed.into_iter().enumerate() {
            let at = line_no + i + 1;
            match record {
                None => {}
                Some(Ok(record)) => add(builder, record, &name, at),
                Some(Err(err)) => builder.warn(LoadWarning::at_line(
                    &name,
                    at,
                    format!("not a line of lede's output ({err}), skipped"),
                )),
            }
        }
        line_no += lines_here;
        progress(block.len() as u64);
        if eof {
            break;
        }
    }
}

fn add(builder: &mut Builder, r: ArticleRecord, name: &str, line: usize) {
    let where_ = format!("{name}:{line}");
    let article = Article {
        id: r.id.into(),
        title: r.title.into(),
        body: r.body,
        dateline: r.dateline,
        date: r.date,
        url: r.url,
        author: r.author,
        outlet: r.outlet,
        path: r.source.into(),
    };
    let a = builder.add_article(article, &where_);
    for e in r.entities {
        let (aliases, confidence) = (e.aliases, e.confidence);
        builder.add_mentions(
            a,
            e.kind,
            &e.name,
            move || (aliases, confidence),
            &e.mentions,
            &where_,
        );
    }
    for q in r.quotes {
        builder.add_quote(
            a,
            QuoteRecord {
                span: q.span,
                speaker: q.speaker.filter(|_| q.speaker_span.is_none()),
                speaker_kind: None,
                scare: q.scare,
                kind: q.kind,
                cue: q.cue,
                source: q.speaker_span,
                confidence: q.confidence,
            },
            &where_,
        );
    }
}
