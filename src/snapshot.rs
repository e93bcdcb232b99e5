//! A built corpus saved to disk, so the next open of the same inputs reads it instead of
//! extracting again: articles, entities, quotes, warnings and the search index, in one file per
//! set of inputs under `$XDG_CACHE_HOME/lede/`. The file is stamped with each input file's
//! canonical path, size and modification time and with the lede binary that wrote it; each
//! section is postcard-encoded and checked with a CRC-32; the whole is checked again once read
//! (`Corpus::check`, `Index::check`). Anything that does not check out is ignored, never
//! trusted. Files are written to a temporary name, synced and renamed into place, so a crash,
//! a full disk or a second lede writing at the same time never leaves a half-written snapshot.

use std::borrow::Cow;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::extract::Extraction;
use crate::filter::Index;
use crate::load::Input;
use crate::load::sanitize::sanitize_line;
use crate::model::{Article, Corpus, Entity, LoadWarning, Quote};

/// Changes whenever the layout of the file changes.
const FORMAT: u32 = 3;
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    pub path: String,
    pub size: u64,
    /// Modification time in nanoseconds since the epoch.
    pub modified: i128,
}

/// How a warning names an input file (to tell which warnings a file gave).
pub fn warning_name(input: &Input) -> String {
    match input {
        Input::File { path, .. } => sanitize_line(&path.display().to_string()),
        _ => String::new(),
    }
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
    // Each folder is made canonical once, not each file (`canonicalize` costs a `readlink`
    // per path component: 400,000 calls for a folder of 100,000 files); the files are looked
    // at on every core.
    let paths: Vec<&Path> = inputs
        .iter()
        .map(|input| match input {
            Input::File { path, .. } => Some(path.as_path()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let folders: FxHashSet<&Path> = paths.iter().map(|p| folder_of(p)).collect();
    let canonical: FxHashMap<&Path, PathBuf> = folders
        .into_par_iter()
        .filter_map(|f| Some((f, fs::canonicalize(f).ok()?)))
        .collect();
    let files = paths
        .par_iter()
        .map(|path| stamp(path, &canonical))
        .collect::<Option<Vec<Stamp>>>()?;
    (!roots.is_empty()).then_some((roots, files))
}

/// The folder a file is in ("." for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// A file's stamp: its canonical path (its canonical folder and its name, unless the file is
/// itself a symbolic link), size and modification time.
fn stamp(path: &Path, folders: &FxHashMap<&Path, PathBuf>) -> Option<Stamp> {
    let meta = fs::symlink_metadata(path).ok()?;
    let (meta, canonical) = if meta.file_type().is_symlink() {
        (fs::metadata(path).ok()?, fs::canonicalize(path).ok())
    } else {
        let in_folder = path
            .file_name()
            .and_then(|name| Some(folders.get(folder_of(path))?.join(name)));
        (meta, in_folder)
    };
    let modified = meta.modified().ok()?;
    let nanos = match modified.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    };
    Some(Stamp {
        path: canonical
            .unwrap_or_else(|| path.to_path_buf())
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

/// Written from borrowed file lists (a folder of 100,000 files has 100,000 stamps and names:
/// copies of them were the peak of a cold load), read back owned.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header<'a> {
    writer: String,
    roots: Vec<String>,
    files: Cow<'a, [Stamp]>,
    /// Per file: how many articles it gave (they follow each other in file order), and the
    /// name its warnings go by.
    file_articles: Cow<'a, [u32]>,
    file_names: Cow<'a, [String]>,
    articles: u64,
    text_bytes: u64,
    /// Unix seconds.
    created: u64,
    article_sections: u32,
    entity_sections: u32,
    /// Every article's extraction, before the corpus-wide merge (absent: 0 sections).
    extraction_sections: u32,
}

/// The input files' side of a snapshot: stamps, articles per file, warning names.
#[derive(Debug, Clone, Default)]
pub struct Files<'a> {
    pub stamps: &'a [Stamp],
    pub articles: &'a [u32],
    pub names: Vec<String>,
}

/// Each window's extractions, written as sections to a scratch file beside the cache while
/// the corpus is built (so they never pile up in memory), then copied into the snapshot.
pub struct Spill {
    path: PathBuf,
    w: Option<BufWriter<File>>,
    sections: u32,
    failed: bool,
}

/// Remove the scratch and temporary files (`.spill-PID-…`, `.tmp-PID-…`) that a lede killed
/// mid-build left behind (a dropped SSH session ends a process without its destructors): a
/// first load of 100,000 articles spills hundreds of MB. A file is removed only when no
/// process with its PID is running, so another lede building beside this one keeps its own.
/// Returns how many were removed.
pub fn sweep_leftovers(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name();
        let Some(pid) = leftover_pid(&name.to_string_lossy()) else {
            continue;
        };
        if pid != std::process::id() && !process_alive(pid) && fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The PID in a scratch or temporary file's name, if it is one.
fn leftover_pid(name: &str) -> Option<u32> {
    let rest = name
        .strip_prefix(".spill-")
        .or_else(|| name.strip_prefix(".tmp-"))?;
    let rest = rest.strip_suffix(".lede")?;
    rest.split_once('-')?.0.parse().ok()
}

/// Whether a process with this PID exists (`kill` with no signal: permission denied means it
/// exists).
#[cfg(unix)]
#[allow(unsafe_code)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 sends nothing; it only checks that the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

/// Where that cannot be asked, every process is taken to be alive.
#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    true
}

impl Spill {
    pub fn new(cache: &Cache) -> Spill {
        sweep_leftovers(&cache.dir);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path = cache
            .dir
            .join(format!(".spill-{}-{nanos}.lede", std::process::id()));
        let w = fs::create_dir_all(&cache.dir)
            .and_then(|()| File::create(&path))
            .ok()
            .map(|f| BufWriter::with_capacity(1 << 20, f));
        Spill {
            failed: w.is_none(),
            path,
            w,
            sections: 0,
        }
    }

    /// Add one window's extractions (in article order).
    pub fn push(&mut self, window: &[Extraction]) {
        if let Some(w) = &mut self.w {
            if section(w, window).is_ok() {
                self.sections += 1;
            } else {
                self.failed = true;
            }
        }
    }

    /// The sections written, once flushed (`None` if anything failed).
    fn finish(&mut self) -> Option<(u32, PathBuf)> {
        let w = self.w.take()?;
        let ok = !self.failed && w.into_inner().is_ok();
        ok.then(|| (self.sections, self.path.clone()))
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
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
    /// It is for other inputs or another lede: rebuilt.
    Stale(String),
    /// Files changed, were added or removed since: the others' articles and extractions can
    /// be reused ([`reuse`]).
    Changed(Reusable),
    /// It could not be read or did not check out: ignored and rebuilt.
    Broken(String),
}

/// A snapshot whose unchanged files can be reused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reusable {
    path: PathBuf,
    header_files: Vec<Stamp>,
    pub changed: usize,
    pub removed: usize,
}

/// What a snapshot holds of its unchanged files, in its file order (the inputs' order: both
/// are the order of the files' paths under the same roots).
#[derive(Debug, Default)]
pub struct Reused {
    /// Each kept file: its stamp, how many articles it gave, and its warnings.
    pub files: Vec<(Stamp, u32, Vec<LoadWarning>)>,
    /// The kept files' articles and extractions, one after another in file order (one vector
    /// each, not one per file: 100,000 small vectors, freed once the corpus is put together,
    /// would leave a hole between every two articles).
    pub articles: Vec<Article>,
    pub extractions: Vec<Extraction>,
}

/// Write `corpus` and `index` as the snapshot of `roots`/`files`, atomically. Returns the
/// file written.
pub fn save(
    cache: &Cache,
    roots: &[String],
    files: &Files,
    corpus: &Corpus,
    index: &Index,
    spill: Option<&mut Spill>,
) -> io::Result<PathBuf> {
    fs::create_dir_all(&cache.dir)?;
    let target = cache.file_for(roots);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let temp = cache
        .dir
        .join(format!(".tmp-{}-{nanos}.lede", std::process::id()));
    let extractions = spill.and_then(Spill::finish);
    let result = write_file(&temp, roots, files, corpus, index, extractions)
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
    files: &Files,
    corpus: &Corpus,
    index: &Index,
    extractions: Option<(u32, PathBuf)>,
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
        files: Cow::Borrowed(files.stamps),
        file_articles: Cow::Borrowed(files.articles),
        file_names: Cow::Borrowed(&files.names),
        extraction_sections: extractions.as_ref().map_or(0, |(n, _)| *n),
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
    index.write_parts(&mut Parts(&mut w))?;
    if let Some((_, spilled)) = &extractions {
        // Already framed as sections.
        io::copy(&mut File::open(spilled)?, &mut w)?;
    }
    let file = w.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
}

/// One section: its length, its CRC-32, then its postcard bytes.
fn section<T: Serialize + ?Sized>(w: &mut impl Write, value: &T) -> io::Result<()> {
    crate::mem::write_section(w, value)
}

/// The index's parts, each written as a section.
struct Parts<'a, W>(&'a mut W);

impl<W: Write> crate::filter::PartSink for Parts<'_, W> {
    fn part<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        section(self.0, value)
    }
}

/// Reads sections back, counting bytes for progress.
struct Sections<R> {
    r: R,
    /// One buffer for every section (fresh 32 MB buffers cost page faults and frees).
    buf: Vec<u8>,
    /// Bytes left in the file (no section may claim more).
    left: u64,
    read: u64,
}

impl<R: Read> Sections<R> {
    fn next<T: DeserializeOwned>(&mut self) -> Result<T, String> {
        self.fill()?;
        postcard::from_bytes(&self.buf).map_err(|e| format!("a section does not decode ({e})"))
    }

    /// The next section's bytes, checked against its CRC-32.
    fn next_bytes(&mut self) -> Result<Vec<u8>, String> {
        self.fill()?;
        Ok(std::mem::take(&mut self.buf))
    }

    /// Read the next section into `buf`, checked against its CRC-32.
    fn fill(&mut self) -> Result<(), String> {
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
        self.buf.clear();
        self.buf.resize(len as usize, 0);
        self.r
            .read_exact(&mut self.buf)
            .map_err(|_| "it ends early".to_string())?;
        self.left -= len;
        self.read += 12 + len;
        if crc32fast::hash(&self.buf) != crc {
            return Err("a section does not match its checksum".to_string());
        }
        Ok(())
    }
}

impl<R: Read + io::Seek> Sections<R> {
    /// Step over a section without reading it.
    fn skip(&mut self) -> Result<(), String> {
        let mut head = [0u8; 12];
        self.r
            .read_exact(&mut head)
            .map_err(|_| "it ends early".to_string())?;
        let len = u64::from_le_bytes(head[..8].try_into().unwrap_or_default());
        self.left = self.left.saturating_sub(12);
        if len > self.left {
            return Err("it ends early".to_string());
        }
        self.r
            .seek(io::SeekFrom::Current(len as i64))
            .map_err(|_| "it ends early".to_string())?;
        self.left -= len;
        self.read += 12 + len;
        Ok(())
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
        buf: Vec::new(),
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
    if *header.files != *files {
        // By hash: a folder of 100,000 files with one touched is 100,000 look-ups, not 10^10
        // comparisons.
        let (changed, removed) = {
            let before: FxHashSet<&Stamp> = header.files.iter().collect();
            let now: FxHashSet<&Stamp> = files.iter().collect();
            (
                files.iter().filter(|f| !before.contains(f)).count(),
                header.files.iter().filter(|f| !now.contains(f)).count(),
            )
        };
        if header.extraction_sections == 0
            || header.file_articles.len() != header.files.len()
            || header.file_names.len() != header.files.len()
        {
            return Err(Miss::Stale(format!(
                "{changed} files changed or added and {removed} changed or removed since"
            )));
        }
        return Err(Miss::Changed(Reusable {
            path,
            header_files: header.files.into_owned(),
            changed,
            removed,
        }));
    }
    let broken = Miss::Broken;
    // Articles and entities are decoded on a thread of their own while the file is read (the
    // decoding, UTF-8 checks and allocation, is the larger part of the work).
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(1);
    let sections = (header.article_sections, header.entity_sections);
    // A capacity no larger than the file could hold (the header is checked, but never trusted
    // with an allocation).
    let articles_wanted = header.articles.min(total / 16) as usize;
    // Said by the reader when the decoder has stopped: the decoder's error is the one to tell.
    const DECODER_STOPPED: &str = "the decoder stopped";
    let (decoded, rest) = std::thread::scope(|scope| {
        let decoder = scope.spawn(move || -> Result<(Vec<Article>, Vec<Entity>), String> {
            let decode_err = |e: postcard::Error| format!("a section does not decode ({e})");
            let mut articles: Vec<Article> = Vec::with_capacity(articles_wanted);
            for _ in 0..sections.0 {
                let bytes = rx.recv().map_err(|_| "it ends early".to_string())?;
                articles.extend(postcard::from_bytes::<Vec<Article>>(&bytes).map_err(decode_err)?);
            }
            let mut entities: Vec<Entity> = Vec::new();
            for _ in 0..sections.1 {
                let bytes = rx.recv().map_err(|_| "it ends early".to_string())?;
                entities.extend(postcard::from_bytes::<Vec<Entity>>(&bytes).map_err(decode_err)?);
            }
            Ok((articles, entities))
        });
        let rest = (|| -> Result<(Vec<Quote>, Vec<LoadWarning>, Index), String> {
            for _ in 0..u64::from(sections.0) + u64::from(sections.1) {
                let bytes = s.next_bytes()?;
                progress(s.read, total);
                if tx.send(bytes).is_err() {
                    return Err(DECODER_STOPPED.to_string());
                }
            }
            drop(tx);
            let quotes: Vec<Quote> = s.next()?;
            let warnings: Vec<LoadWarning> = s.next()?;
            let index = Index::read_parts(&mut || s.next_bytes())?;
            progress(s.read, total);
            Ok((quotes, warnings, index))
        })();
        let decoded = decoder
            .join()
            .unwrap_or_else(|_| Err("it could not be decoded".to_string()));
        (decoded, rest)
    });
    // The error of whichever stopped first: when the reader stops, the decoder only sees the
    // channel close; when the decoder stops, the reader only sees its sends fail.
    let (quotes, warnings, index) = match rest {
        Err(e) if e == DECODER_STOPPED => return Err(Miss::Broken(decoded.err().unwrap_or(e))),
        rest => rest.map_err(broken)?,
    };
    let (articles, entities) = decoded.map_err(broken)?;
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

/// Read back what a snapshot holds of the files in `keep` (unchanged since): their articles,
/// extractions and warnings, in the snapshot's file order. The rest is skipped, not decoded.
pub fn reuse(reusable: &Reusable, keep: &[Stamp]) -> Result<Reused, Miss> {
    let mut s = open_sections(&reusable.path)?;
    let header: Header = s.next().map_err(Miss::Broken)?;
    if *header.files != *reusable.header_files {
        return Err(Miss::Broken("it changed while it was read".to_string()));
    }
    let kept: Vec<bool> = {
        let keep: FxHashSet<&Stamp> = keep.iter().collect();
        header.files.iter().map(|f| keep.contains(f)).collect()
    };
    // Which file each article came from.
    let owner: Vec<usize> = header
        .file_articles
        .iter()
        .enumerate()
        .flat_map(|(f, &n)| std::iter::repeat_n(f, n as usize))
        .collect();
    if owner.len() as u64 != header.articles {
        return Err(Miss::Broken(
            "its files do not add up to its articles".to_string(),
        ));
    }
    let kept_articles: usize = owner.iter().filter(|&&f| kept[f]).count();
    let mut reused = Reused {
        articles: Vec::with_capacity(kept_articles),
        extractions: Vec::with_capacity(kept_articles),
        ..Reused::default()
    };
    let mut warnings_of: Vec<Vec<LoadWarning>> = Vec::new();
    warnings_of.resize_with(header.files.len(), Vec::new);
    let too_many = || Miss::Broken("more articles than it says".to_string());
    let mut a = 0usize;
    for _ in 0..header.article_sections {
        for article in s.next::<Vec<Article>>().map_err(Miss::Broken)? {
            if kept[*owner.get(a).ok_or_else(too_many)?] {
                reused.articles.push(article);
            }
            a += 1;
        }
    }
    // Entities and quotes (merged corpus-wide): made again.
    for _ in 0..header.entity_sections + 1 {
        s.skip().map_err(Miss::Broken)?;
    }
    let warnings: Vec<LoadWarning> = s.next().map_err(Miss::Broken)?;
    let file_of: FxHashMap<&str, usize> = header
        .file_names
        .iter()
        .enumerate()
        .rev()
        .map(|(f, n)| (n.as_str(), f))
        .collect();
    for w in warnings {
        if let Some(&f) = file_of.get(w.path.as_str())
            && kept[f]
        {
            warnings_of[f].push(w);
        }
    }
    // The index: made again.
    for _ in 0..Index::PARTS {
        s.skip().map_err(Miss::Broken)?;
    }
    let mut e = 0usize;
    for _ in 0..header.extraction_sections {
        for ex in s.next::<Vec<Extraction>>().map_err(Miss::Broken)? {
            if kept[*owner.get(e).ok_or_else(too_many)?] {
                reused.extractions.push(ex);
            }
            e += 1;
        }
    }
    if e != owner.len() {
        return Err(Miss::Broken("fewer extractions than articles".to_string()));
    }
    reused.files = (header.files.into_owned().into_iter())
        .zip(header.file_articles.iter().copied())
        .zip(warnings_of)
        .zip(kept)
        .filter(|(_, k)| *k)
        .map(|(((stamp, n), w), _)| (stamp, n, w))
        .collect();
    Ok(reused)
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

    /// A killed lede's scratch and temporary files are removed when the next build starts;
    /// those of a running process (this one, another lede), snapshots and other names stay.
    #[cfg(unix)]
    #[test]
    fn leftovers_of_dead_processes_are_swept() {
        let dir = tempfile::tempdir().unwrap();
        let mut dead = std::process::Command::new("true").spawn().unwrap();
        let dead_pid = dead.id();
        dead.wait().unwrap();
        let mut alive = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let names = [
            format!(".spill-{dead_pid}-1.lede"),
            format!(".tmp-{dead_pid}-2.lede"),
            format!(".spill-{}-3.lede", std::process::id()),
            format!(".tmp-{}-4.lede", alive.id()),
            "corpus-0000abcd-10.lede".to_string(),
            ".spill-notapid-5.lede".to_string(),
            format!(".spill-{dead_pid}-6.txt"),
        ];
        for n in &names {
            fs::write(dir.path().join(n), "x").unwrap();
        }
        let removed = sweep_leftovers(dir.path());
        alive.kill().unwrap();
        alive.wait().unwrap();
        let mut left: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut want: Vec<String> = names[2..].to_vec();
        want.sort();
        assert_eq!(removed, 2);
        assert_eq!(left, want);
    }

    /// A stamp names a file by its canonical path, as `fs::canonicalize` gives it, through a
    /// linked folder, for a linked file, and for a file named relative to the current folder.
    #[cfg(unix)]
    #[test]
    fn stamps_name_files_by_their_canonical_paths() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        fs::create_dir(&real).unwrap();
        fs::write(real.join("a.txt"), "Text.").unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("linked")).unwrap();
        std::os::unix::fs::symlink(real.join("a.txt"), dir.path().join("b.txt")).unwrap();
        let paths = [
            real.join("a.txt"),
            dir.path().join("linked/a.txt"),
            dir.path().join("b.txt"),
            dir.path().join("real/../real/a.txt"),
        ];
        let inputs: Vec<Input> = paths
            .iter()
            .map(|p| Input::File {
                path: p.clone(),
                format: None,
            })
            .collect();
        let (_, made) = stamps(&[dir.path().to_path_buf()], &inputs).unwrap();
        let want = fs::canonicalize(real.join("a.txt")).unwrap();
        for (p, s) in paths.iter().zip(&made) {
            assert_eq!(Path::new(&s.path), want, "{}", p.display());
            assert_eq!(s.size, 5);
        }
        // A bare file name is in the current folder (the test's own crate root).
        let here = Input::File {
            path: PathBuf::from("Cargo.toml"),
            format: None,
        };
        let (_, made) = stamps(&[PathBuf::from(".")], &[here]).unwrap();
        assert_eq!(
            Path::new(&made[0].path),
            fs::canonicalize("Cargo.toml").unwrap()
        );
    }

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
