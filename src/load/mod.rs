//! Reading articles from files, folders, standard input and the bundled corpus.
//! A loader returns the articles it could read plus warnings for the rest; it never panics.

mod boilerplate;
mod bundled;
mod decode;
mod json;
mod jsonl_stream;
mod markdown;
pub mod sanitize;
mod text;
mod walk;

use std::fmt;
use std::path::Path;

use crate::model::Article;
use sanitize::sanitize_line;

pub use bundled::bundled_files;
pub use walk::{Input, expand_paths};

/// A problem with one input that did not stop the rest from loading. Path and message are
/// sanitised when the warning is made (a file name can hold escape sequences too), so
/// whoever prints one prints no control character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadWarning {
    pub path: String,
    /// 1-based line, for JSON Lines.
    pub line: Option<usize>,
    pub message: String,
}

impl LoadWarning {
    pub fn new(path: &str, message: impl Into<String>) -> Self {
        Self {
            path: sanitize_line(path),
            line: None,
            message: sanitize_line(&message.into()),
        }
    }

    pub fn at_line(path: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            ..Self::new(path, message)
        }
    }
}

impl fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// What one input produced.
#[derive(Debug, Default)]
pub struct Loaded {
    pub articles: Vec<Article>,
    pub warnings: Vec<LoadWarning>,
}

impl Loaded {
    fn extend(&mut self, other: Loaded) {
        self.articles.extend(other.articles);
        self.warnings.extend(other.warnings);
    }
}

/// The input formats lede understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    JsonLines,
}

impl Format {
    /// The format a file name implies, or `None` for files lede does not read.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }

    /// Guess the format of unnamed input (standard input) from its first bytes.
    pub fn sniff(text: &str) -> Format {
        let trimmed = text.trim_start();
        if trimmed.starts_with('[') {
            return Format::Json;
        }
        if trimmed.starts_with('{') {
            // One object over several lines is JSON; one object a line is JSON Lines.
            let first_line = trimmed.lines().next().unwrap_or("");
            return if serde_json::from_str::<serde_json::Value>(first_line).is_ok() {
                Format::JsonLines
            } else {
                Format::Json
            };
        }
        if trimmed.starts_with("---\n")
            || trimmed.starts_with("---\r\n")
            || trimmed.starts_with("# ")
        {
            return Format::Markdown;
        }
        Format::Text
    }
}

/// Parse already-read bytes of one source. `name` is used in warnings and as the article's path
/// (and id), sanitised like any other text from outside.
pub fn parse_bytes(name: &str, bytes: &[u8], format: Option<Format>) -> Loaded {
    let name = &sanitize_line(name);
    let mut loaded = Loaded::default();
    let Some(text) = decode::decode(name, bytes, &mut loaded.warnings) else {
        return loaded;
    };
    let format = format.unwrap_or_else(|| Format::sniff(&text));
    // Text is sanitised whole; JSON is parsed first and each field sanitised (a JSON string
    // may hold U+2028 or a C1 character, which sanitising would turn into a break mid-string).
    let parsed = match format {
        Format::Text => text::parse(name, &sanitize::sanitize(&text)),
        Format::Markdown => markdown::parse(name, &sanitize::sanitize(&text)),
        Format::Json => json::parse_json(name, &text),
        Format::JsonLines => json::parse_json_lines(name, &text),
    };
    loaded.extend(parsed);
    if loaded.articles.is_empty() && loaded.warnings.is_empty() {
        loaded
            .warnings
            .push(LoadWarning::new(name, "no article found"));
    }
    loaded
}

/// Read one input (a file or standard input).
pub fn load_input(input: &Input) -> Loaded {
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            if let Err(err) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes) {
                let mut loaded = Loaded::default();
                loaded
                    .warnings
                    .push(LoadWarning::new("<stdin>", format!("cannot read: {err}")));
                return loaded;
            }
            parse_bytes("<stdin>", &bytes, None)
        }
        Input::File { path, format } => {
            let name = path.display().to_string();
            let large = std::fs::metadata(path)
                .is_ok_and(|m| m.is_file() && m.len() > jsonl_stream::STREAM_THRESHOLD);
            if *format == Format::JsonLines && large {
                return jsonl_stream::load_json_lines_file(path, &sanitize_line(&name));
            }
            match read_regular_file(path) {
                Ok(bytes) => parse_bytes(&name, &bytes, Some(*format)),
                Err(message) => {
                    let mut loaded = Loaded::default();
                    loaded.warnings.push(LoadWarning::new(&name, message));
                    loaded
                }
            }
        }
        Input::Bundled { name, bytes } => {
            let format = Format::from_path(Path::new(name));
            parse_bytes(&format!("<bundled>/{name}"), bytes, format)
        }
    }
}

/// Read a whole file, checking on the opened handle that it is a regular file: a path that
/// became a FIFO or a device after `expand_paths` looked at it is refused, never blocked on
/// (opened non-blocking; the flag means nothing to regular files) or read forever.
fn read_regular_file(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let cannot = |err: std::io::Error| format!("cannot read: {err}");
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let mut file = options.open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    if !meta.is_file() {
        return Err(walk::NOT_REGULAR.to_string());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(cannot)?;
    Ok(bytes)
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
