//! A built corpus saved to disk, so the next open of the same inputs reads it instead of
//! extracting again: articles, entities, quotes, warnings and the search index, in one file per
//! set of inputs under `$XDG_CACHE_HOME/lede/`. The file is stamped with each input file's
//! canonical path, size and modification time and with the lede binary that wrote it; each
//! section is postcard-encoded and checked with a CRC-32; the whole is checked again once read
//! (`Corpus::check`, `Index::check`). Anything that does not check out is ignored, never
//! trusted. Files are written to a temporary name, synced and renamed into place, so a crash,
//! a full disk or a second lede writing at the same time never leaves a half-written snapshot.

use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::filter::Index;
use crate::load::Input;
use crate::model::{Article, Corpus, Entity, LoadWarning, Quote};

/// Changes whenever the layout of the file changes.
const FORMAT: u32 = 1;
const MAGIC: &[u8; 8] = b"LEDESNAP";
/// Articles and entities are written in sections of about this many bytes, so reading one
/// back never holds more than a section's bytes beside what it decodes to.
const SECTION_BYTES: usize = 32 << 20;
/// No section is longer than this (a longer length is corruption, not an allocation to try).
const MAX_SECTION: u64 = 1 << 34;

/// Where snapshots live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    pub dir: PathBuf,
}

impl Cache {
    /// `$XDG_CACHE_HOME/lede`, or `~/.cache/lede`.
    pub fn default_dir() -> Option<PathBuf> {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
        Some(base.join("lede"))
    }

    /// The snapshot file for a set of inputs (named by a hash of their canonical paths; the
    /// paths are in the file too, so two sets sharing a hash are told apart).
    pub fn file_for(&self, roots: &[String]) -> PathBuf {
        let mut hasher = crc32fast::Hasher::new();
        for r in roots {
            hasher.update(r.as_bytes());
            hasher.update(b"\n");
        }
        let joined: usize = roots.iter().map(String::len).sum();
        self.dir.join(format!(
            "corpus-{:08x}-{:x}.lede",
            hasher.finalize(),
            joined
        ))
    }
}

/// One input file as it was when the snapshot was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub path: String,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch.
    pub modified: i128,
}

/// The canonical paths the user named (files and folders), and a stamp for each input file:
/// `None` when some input cannot be cached (standard input, the bundled corpus).
pub fn stamps(roots: &[PathBuf], inputs: &[Input]) -> Option<(Vec<String>, Vec<Stamp>)> {
    let roots: Vec<String> = roots
        .iter()
        .map(|p| {
            fs::canonicalize(p)
                .ok()
                .map(|c| c.to_string_lossy().into_owned())
        })
        .collect::<Option<_>>()?;
    let files = inputs
        .iter()
        .map(|input| match input {
            Input::File { path, .. } => stamp(path),
            _ => None,
        })
        .collect::<Option<Vec<Stamp>>>()?;
    (!roots.is_empty()).then_some((roots, files))
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = fs::metadata(path).ok()?;
    let modified = meta.modified().ok()?;
    let nanos = match modified.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    };
    Some(Stamp {
        path: fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .to_string_lossy()
            .into_owned(),
        size: meta.len(),
        modified: nanos,
    })
}

/// Who wrote a snapshot: this lede binary exactly (its version, size and build time), since
/// another build may extract differently.
pub fn writer_id() -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| fs::metadata(p).ok())
        .map(|m| {
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{t}", m.len())
        })
        .unwrap_or_default();
    format!("lede {} {exe}", env!("CARGO_PKG_VERSION"))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header {
    writer: String,
    roots: Vec<String>,
    files: Vec<Stamp>,
    articles: u64,
    text_bytes: u64,
    /// Unix seconds.
    created: u64,
    article_sections: u32,
    entity_sections: u32,
}

/// What `lede cache list` shows of one snapshot.
#[derive(Debug, Clone)]
pub struct Listed {
    pub path: PathBuf,
    pub bytes: u64,
    pub roots: Vec<String>,
    pub articles: u64,
    pub created: u64,
    /// Written by this lede (else it will be rebuilt when next opened).
    pub current: bool,
}

/// Why a snapshot was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// There is none yet.
    Absent,
    /// It is for other inputs, another lede, or the files changed since: rebuilt.
    Stale(String),
    /// It could not be read or did not check out: ignored and rebuilt.
    Broken(String),
}

/// Write `corpus` and `index` as the snapshot of `roots`/`files`, atomically. Returns the
/// file written.
pub fn save(
    cache: &Cache,
    roots: &[String],
    files: &[Stamp],
    corpus: &Corpus,
    index: &Index,
) -> io::Result<PathBuf> {
    fs::create_dir_all(&cache.dir)?;
    let target = cache.file_for(roots);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let temp = cache
        .dir
        .join(format!(".tmp-{}-{nanos}.lede", std::process::id()));
    let result = write_file(&temp, roots, files, corpus, index)
        .and_then(|()| fs::rename(&temp, &target))
        .and_then(|()| File::open(&cache.dir).and_then(|d| d.sync_all()).or(Ok(())));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map(|()| target)
}

/// Sizes of sections of a list: about `SECTION_BYTES` each, at least one item.
fn chunks<T>(items: &[T], bytes_of: impl Fn(&T) -> usize) -> Vec<&[T]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (i, item) in items.iter().enumerate() {
        size += bytes_of(item);
        if size >= SECTION_BYTES {
            out.push(&items[start..=i]);
            start = i + 1;
            size = 0;
        }
    }
    if start < items.len() || out.is_empty() {
        out.push(&items[start..]);
    }
    out
}

fn article_bytes(a: &Article) -> usize {
    a.body.len() + a.title.len() + a.path.len() + 64
}

fn entity_bytes(e: &Entity) -> usize {
    e.name.len() + e.aliases.iter().map(String::len).sum::<usize>() + e.mentions.len() * 12 + 32
}

fn write_file(
    path: &Path,
    roots: &[String],
    files: &[Stamp],
    corpus: &Corpus,
    index: &Index,
) -> io::Result<()> {
    let file = File::create(path)?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    w.write_all(MAGIC)?;
    w.write_all(&FORMAT.to_le_bytes())?;
    let article_chunks = chunks(&corpus.articles, article_bytes);
    let entity_chunks = chunks(&corpus.entities, entity_bytes);
    let header = Header {
        writer: writer_id(),
        roots: roots.to_vec(),
        files: files.to_vec(),
        articles: corpus.articles.len() as u64,
        text_bytes: corpus.articles.iter().map(|a| a.body.len() as u64).sum(),
        created: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        article_sections: article_chunks.len() as u32,
        entity_sections: entity_chunks.len() as u32,
    };
    section(&mut w, &header)?;
    for c in article_chunks {
        section(&mut w, &c)?;
    }
    for c in entity_chunks {
        section(&mut w, &c)?;
    }
    section(&mut w, &corpus.quotes)?;
    section(&mut w, &corpus.warnings)?;
    section(&mut w, index)?;
    let file = w.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
}

/// One section: its length, its CRC-32, then its postcard bytes.
fn section<T: Serialize + ?Sized>(w: &mut impl Write, value: &T) -> io::Result<()> {
    let bytes = postcard::to_stdvec(value).map_err(io::Error::other)?;
    w.write_all(&(bytes.len() as u64).to_le_bytes())?;
    w.write_all(&crc32fast::hash(&bytes).to_le_bytes())?;
    w.write_all(&bytes)
}

/// Reads sections back, counting bytes for progress.
struct Sections<R> {
    r: R,
    /// Bytes left in the file (no section may claim more).
    left: u64,
    read: u64,
}

impl<R: Read> Sections<R> {
    fn next<T: DeserializeOwned>(&mut self) -> Result<T, String> {
        let mut head = [0u8; 12];
        self.r
            .read_exact(&mut head)
            .map_err(|_| "it ends early".to_string())?;
        let len = u64::from_le_bytes(head[..8].try_into().unwrap_or_default());
        let crc = u32::from_le_bytes(head[8..].try_into().unwrap_or_default());
        self.left = self.left.saturating_sub(12);
        if len > self.left || len > MAX_SECTION {
            return Err("it ends early".to_string());
        }
        let mut bytes = vec![0u8; len as usize];
        self.r
            .read_exact(&mut bytes)
            .map_err(|_| "it ends early".to_string())?;
        self.left -= len;
        self.read += 12 + len;
        if crc32fast::hash(&bytes) != crc {
            return Err("a section does not match its checksum".to_string());
        }
        postcard::from_bytes(&bytes).map_err(|e| format!("a section does not decode ({e})"))
    }
}

fn open_sections(path: &Path) -> Result<Sections<BufReader<File>>, Miss> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Miss::Absent),
        Err(e) => return Err(Miss::Broken(format!("cannot be read: {e}"))),
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut r = BufReader::with_capacity(1 << 20, file);
    let mut magic = [0u8; 12];
    if r.read_exact(&mut magic).is_err() || &magic[..8] != MAGIC {
        return Err(Miss::Broken("it is not a lede snapshot".to_string()));
    }
    let format = u32::from_le_bytes(magic[8..].try_into().unwrap_or_default());
    if format != FORMAT {
        return Err(Miss::Stale(format!("it has format {format}, not {FORMAT}")));
    }
    Ok(Sections {
        r,
        left: size.saturating_sub(12),
        read: 12,
    })
}

/// Read the snapshot of `roots`/`files` if there is one that still holds: written by this lede,
/// for these inputs, none changed since. `progress` hears bytes read and the file's size.
pub fn load(
    cache: &Cache,
    roots: &[String],
    files: &[Stamp],
    progress: &dyn Fn(u64, u64),
) -> Result<(Corpus, Index), Miss> {
    let path = cache.file_for(roots);
    let total = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let mut s = open_sections(&path)?;
    let header: Header = s.next().map_err(Miss::Broken)?;
    if header.writer != writer_id() {
        return Err(Miss::Stale("it was written by another lede".to_string()));
    }
    if header.roots != roots {
        return Err(Miss::Stale("it is for other inputs".to_string()));
    }
    if header.files != files {
        let changed = files.iter().filter(|f| !header.files.contains(f)).count();
        let gone = header.files.iter().filter(|f| !files.contains(f)).count();
        return Err(Miss::Stale(format!(
            "{changed} files changed or added and {gone} changed or removed since"
        )));
    }
    let broken = Miss::Broken;
    let mut articles: Vec<Article> = Vec::with_capacity(header.articles as usize);
    for _ in 0..header.article_sections {
        articles.extend(s.next::<Vec<Article>>().map_err(broken)?);
        progress(s.read, total);
    }
    let mut entities: Vec<Entity> = Vec::new();
    for _ in 0..header.entity_sections {
        entities.extend(s.next::<Vec<Entity>>().map_err(broken)?);
        progress(s.read, total);
    }
    let quotes: Vec<Quote> = s.next().map_err(broken)?;
    let warnings: Vec<LoadWarning> = s.next().map_err(broken)?;
    let index: Index = s.next().map_err(broken)?;
    progress(s.read, total);
    if articles.len() as u64 != header.articles {
        return Err(Miss::Broken(
            "it holds fewer articles than it says".to_string(),
        ));
    }
    let corpus = Corpus::new(articles, entities, quotes, warnings);
    corpus.check().map_err(Miss::Broken)?;
    index.check(&corpus).map_err(Miss::Broken)?;
    Ok((corpus, index))
}

/// Every snapshot in the cache.
pub fn list(cache: &Cache) -> Vec<Listed> {
    let Ok(entries) = fs::read_dir(&cache.dir) else {
        return Vec::new();
    };
    let me = writer_id();
    let mut out: Vec<Listed> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "lede"))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| !n.to_string_lossy().starts_with('.'))
        })
        .map(|path| {
            let bytes = fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            let header = open_sections(&path)
                .ok()
                .and_then(|mut s| s.next::<Header>().ok());
            Listed {
                bytes,
                roots: header.as_ref().map(|h| h.roots.clone()).unwrap_or_default(),
                articles: header.as_ref().map_or(0, |h| h.articles),
                created: header.as_ref().map_or(0, |h| h.created),
                current: header.is_some_and(|h| h.writer == me),
                path,
            }
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Remove snapshots: those of `roots` when given, else all (and leftover temporary files).
/// Returns how many files were removed.
pub fn clear(cache: &Cache, roots: Option<&[String]>) -> io::Result<usize> {
    let mut removed = 0;
    match roots {
        Some(roots) => {
            let path = cache.file_for(roots);
            if path.exists() {
                fs::remove_file(path)?;
                removed += 1;
            }
        }
        None => {
            let Ok(entries) = fs::read_dir(&cache.dir) else {
                return Ok(0);
            };
            for e in entries.filter_map(Result::ok) {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "lede") {
                    fs::remove_file(&p)?;
                    removed += 1;
                }
            }
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_cover_every_item() {
        let items: Vec<usize> = (0..10).collect();
        let parts = chunks(&items, |_| SECTION_BYTES / 3 + 1);
        assert_eq!(parts.concat(), items);
        assert!(parts.iter().all(|p| p.len() <= 3));
        let empty: Vec<usize> = Vec::new();
        assert_eq!(chunks(&empty, |_| 1).len(), 1);
    }
}
