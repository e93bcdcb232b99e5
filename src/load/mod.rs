//! Reading articles from files, folders, standard input and the bundled corpus.
//! A loader returns the articles it could read plus warnings for the rest; it never panics.

mod boilerplate;
mod bundled;
mod decode;
mod export;
mod feed;
mod format;
mod html;
mod json;
mod jsonl_stream;
mod markdown;
mod read;
pub mod sanitize;
mod table;
mod text;
mod walk;
mod warnings;
mod web_archive;

use smallvec::SmallVec;
use std::borrow::Cow;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use sanitize::sanitize_line;

use crate::model::Article;
pub use crate::model::LoadWarning;
pub use bundled::bundled_files;
pub use format::{FORMATS, Format, FormatSpec};
pub use read::{Limits, MB};
pub use walk::{InFolder, Input, Skipped, expand_paths, in_folder};
pub use warnings::{KEPT_WARNINGS, Warnings};

use format::Parser;
use read::{ReadError, size_text};

impl LoadWarning {
    /// A warning about a whole input. Path and message are sanitised here.
    pub fn new(path: &str, message: impl Into<String>) -> Self {
        Self {
            path: sanitize_line(path),
            line: None,
            message: sanitize_line(&message.into()),
            grouped: 0,
        }
    }

    /// A warning about one record (line, row or item) of an input.
    pub fn at_line(path: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            ..Self::new(path, message)
        }
    }
}

/// What one input produced. Most inputs are one article, kept inline: a vector of its own
/// per file (room for four, 864 bytes) was freed once the files' articles were gathered,
/// leaving a hole between each file's text and the next that nothing else fitted, 80 MB for
/// a folder of 100,000 articles.
#[derive(Debug, Default)]
pub struct Loaded {
    pub articles: SmallVec<[Article; 1]>,
    pub warnings: Warnings,
}

impl Loaded {
    fn extend(&mut self, other: Loaded) {
        // Moved, not copied, when there is nothing yet (a file of a million records is not
        // held twice).
        if self.articles.is_empty() {
            self.articles = other.articles;
        } else {
            self.articles.extend(other.articles);
        }
        self.warnings.append(other.warnings);
    }

    fn warn(&mut self, warning: LoadWarning) {
        self.warnings.push(warning);
    }

    fn only_warning(path: &str, message: impl Into<String>) -> Loaded {
        let mut loaded = Loaded::default();
        loaded.warn(LoadWarning::new(path, message));
        loaded
    }
}

static FILE_LIMIT: AtomicU64 = AtomicU64::new(1024 * MB);
static ARTICLE_LIMIT: AtomicU64 = AtomicU64::new(256 * MB);

/// Set the size limits for every later read (the command line's `--max-article-mb` and
/// `--max-file-mb`).
pub fn set_limits(limits: Limits) {
    FILE_LIMIT.store(limits.file, Ordering::Relaxed);
    ARTICLE_LIMIT.store(limits.article, Ordering::Relaxed);
}

/// The limits in force.
pub fn limits() -> Limits {
    Limits {
        file: FILE_LIMIT.load(Ordering::Relaxed),
        article: ARTICLE_LIMIT.load(Ordering::Relaxed),
    }
}

/// Parse already-read bytes of one source. `name` is used in warnings and as the article's path
/// (and id), sanitised like any other text from outside. `None` sniffs the format.
pub fn parse_bytes(name: &str, bytes: &[u8], format: Option<Format>) -> Loaded {
    parse_with_limits(name, Cow::Borrowed(bytes), format, limits())
}

/// Parse one source's bytes. Bytes read here are handed over (`Cow::Owned`) so that they are
/// let go as soon as a cleaned copy of the text exists: a large article is held at most twice.
fn parse_with_limits(
    name: &str,
    bytes: Cow<'_, [u8]>,
    format: Option<Format>,
    limits: Limits,
) -> Loaded {
    let name = &sanitize_line(name);
    // Bytes handed over already compressed (standard input, a bundled file) are peeled here.
    if read::Compression::sniff(&bytes).is_some() {
        return match read::peel(&bytes[..])
            .map_err(ReadError::Io)
            .and_then(|mut opened| read::read_bounded(&mut opened.reader, limits.file, 0))
        {
            Ok(inner) => parse_with_limits(name, Cow::Owned(inner), format, limits),
            Err(err) => Loaded::only_warning(name, read_error_text(&err, limits.file, "file")),
        };
    }
    let format = format.unwrap_or_else(|| Format::sniff(&bytes));
    let spec = format.spec();
    let mut loaded = match spec.parser {
        Parser::Bytes(parse) => parse(name, &bytes),
        Parser::Text(parse) | Parser::Structured(parse) => {
            let mut loaded = Loaded::default();
            if let Some(text) =
                decode::decode(name, &bytes, spec.layout, None, &mut loaded.warnings)
            {
                let parsed = match spec.parser {
                    Parser::Text(_) => match sanitize::sanitize(&text) {
                        Cow::Borrowed(clean) => parse(name, clean),
                        Cow::Owned(clean) => {
                            drop(text);
                            drop(bytes);
                            parse(name, &clean)
                        }
                    },
                    _ => parse(name, &text),
                };
                loaded.extend(parsed);
            }
            loaded
        }
    };
    drop_oversized(&mut loaded, name, limits.article);
    if loaded.articles.is_empty() && loaded.warnings.is_empty() {
        loaded.warn(LoadWarning::new(name, "no article found"));
    }
    loaded
}

/// Articles over the per-article limit are left out, each with a warning.
fn drop_oversized(loaded: &mut Loaded, name: &str, limit: u64) {
    if loaded.articles.iter().all(|a| a.body.len() as u64 <= limit) {
        return;
    }
    let mut warnings = Vec::new();
    loaded.articles.retain(|a| {
        let keep = a.body.len() as u64 <= limit;
        if !keep {
            warnings.push(LoadWarning::new(
                name,
                format!(
                    "article {} is {}, over the per-article limit of {} (--max-article-mb), skipped",
                    a.id,
                    size_text(a.body.len() as u64),
                    size_text(limit)
                ),
            ));
        }
        keep
    });
    for w in warnings {
        loaded.warn(w);
    }
}

fn read_error_text(err: &ReadError, limit: u64, what: &str) -> String {
    match err {
        ReadError::TooBig => format!(
            "more than the per-{what} limit of {} ({}), skipped",
            size_text(limit),
            if what == "file" {
                "--max-file-mb"
            } else {
                "--max-article-mb"
            }
        ),
        ReadError::Io(err) => format!("cannot read: {err}"),
    }
}

/// Read one input (a file or standard input).
pub fn load_input(input: &Input) -> Loaded {
    load_input_with(input, limits())
}

/// Read one input under the given limits.
pub fn load_input_with(input: &Input, limits: Limits) -> Loaded {
    match input {
        Input::Stdin => load_stream("<stdin>", std::io::stdin(), None, false, 0, limits),
        Input::File { path, format } => load_file(path, *format, limits),
        Input::Bundled { name, bytes } => {
            let format = Format::from_path(Path::new(name));
            parse_with_limits(
                &format!("<bundled>/{name}"),
                Cow::Borrowed(bytes),
                format,
                limits,
            )
        }
    }
}

/// How many times the per-file limit a JSON Lines file read record by record may be.
const STREAMED_FILES: u64 = 64;

fn load_file(path: &Path, format: Option<Format>, limits: Limits) -> Loaded {
    let name = sanitize_line(&path.display().to_string());
    let (file, len) = match read::open_regular(path) {
        Ok(opened) => opened,
        Err(message) => return Loaded::only_warning(&name, message),
    };
    let limit = format.map_or((limits.file, "file", "--max-file-mb"), |f| {
        read_limit(f, limits)
    });
    // JSON Lines over the streaming threshold are read record by record, each record within
    // the per-article limit, so they may be far larger than a file read whole (a 3 GB dump of
    // a million articles is what the streaming reader is for): STREAMED_FILES times the limit.
    let streamed = format == Some(Format::JsonLines) && len > jsonl_stream::STREAM_THRESHOLD;
    let limit = if streamed {
        (
            limit.0.saturating_mul(STREAMED_FILES),
            "file",
            "64 × --max-file-mb, for JSON Lines read record by record",
        )
    } else {
        limit
    };
    if len > limit.0 {
        // The file system's size is enough to refuse a file (a sparse 1 TB file is refused
        // before a byte of it is read).
        return Loaded::only_warning(
            &name,
            format!(
                "file is {}, over the per-{} limit of {} ({}), skipped",
                size_text(len),
                limit.1,
                size_text(limit.0),
                limit.2
            ),
        );
    }
    let large = len > jsonl_stream::STREAM_THRESHOLD;
    load_stream(&name, file, format, large, len, limits)
}

/// The limit on one whole read: the per-article limit for formats of one article, the
/// per-file limit otherwise (with what to call it in a warning).
fn read_limit(format: Format, limits: Limits) -> (u64, &'static str, &'static str) {
    if format.spec().one_article {
        (
            limits.article.min(limits.file),
            "article",
            "--max-article-mb",
        )
    } else {
        (limits.file, "file", "--max-file-mb")
    }
}

/// Read a stream: decompressed when it is compressed; JSON Lines that are large or compressed
/// are streamed record by record; anything else is read whole, within the limit.
fn load_stream(
    name: &str,
    reader: impl Read + Send,
    format: Option<Format>,
    large: bool,
    len: u64,
    limits: Limits,
) -> Loaded {
    let mut opened = match read::peel_sized(reader, Some(len)) {
        Ok(opened) => opened,
        Err(err) => return Loaded::only_warning(name, format!("cannot read: {err}")),
    };
    if format == Some(Format::JsonLines) && (large || opened.compression.is_some()) {
        let mut loaded = jsonl_stream::load_json_lines(&mut opened.reader, name, limits);
        drop_oversized(&mut loaded, name, limits.article);
        return loaded;
    }
    let (limit, what, _) = format.map_or((limits.file, "file", ""), |f| read_limit(f, limits));
    let expect = if opened.compression.is_none() { len } else { 0 };
    match read::read_bounded(&mut opened.reader, limit, expect) {
        Ok(bytes) => parse_with_limits(name, Cow::Owned(bytes), format, limits),
        Err(err) => {
            let mut message = read_error_text(&err, limit, what);
            if let Some(c) = opened.compression {
                message = format!("{message} (once {} decompressed)", c.name());
            }
            Loaded::only_warning(name, message)
        }
    }
}

/// Title shortened to a list row: cut at a word boundary, with an ellipsis.
pub(crate) fn shorten(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut cut = 0;
    for (i, c) in text.char_indices() {
        if text[..i].chars().count() >= max_chars {
            break;
        }
        if c == ' ' {
            cut = i;
        }
    }
    if cut == 0 {
        cut = text
            .char_indices()
            .nth(max_chars)
            .map_or(text.len(), |(i, _)| i);
    }
    format!("{}…", text[..cut].trim_end_matches([',', ';', ':', ' ']))
}
