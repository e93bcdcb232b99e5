//! The formats lede reads, as one table: the file-name endings of each, how it is recognised
//! from its first bytes (standard input, files with an unknown ending), how its bytes are laid
//! out and which parser reads it. A new format is one row.

use std::path::Path;

use super::decode::Layout;
use super::read::Compression;
use super::{Loaded, feed, html, json, markdown, table, text, web_archive};

/// The input formats lede understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Json,
    JsonLines,
    Html,
    Feed,
    Csv,
    Tsv,
    Warc,
}

/// How a format's bytes become articles.
#[derive(Clone, Copy)]
pub enum Parser {
    /// Decoded, then sanitised whole, then parsed (plain text and Markdown).
    Text(fn(&str, &str) -> Loaded),
    /// Decoded, parsed, and each field sanitised after (a JSON string or an HTML attribute may
    /// legally hold what sanitising rewrites; `&#27;` is only an escape once decoded).
    Structured(fn(&str, &str) -> Loaded),
    /// Given the raw bytes (WARC records and HTML pages carry their own encodings).
    Bytes(fn(&str, &[u8]) -> Loaded),
}

pub struct FormatSpec {
    pub format: Format,
    /// What the README calls it.
    pub name: &'static str,
    /// File-name endings, lower case, without the dot.
    pub extensions: &'static [&'static str],
    /// Recognise the format from the start of unnamed input (up to `SNIFF_BYTES`).
    pub sniff: fn(&[u8]) -> bool,
    pub layout: Layout,
    /// One article per input: the per-article size limit bounds the whole read.
    pub one_article: bool,
    pub parser: Parser,
}

/// Every format, in the order standard input is sniffed (the most particular first; plain
/// text takes whatever is left).
pub static FORMATS: &[FormatSpec] = &[
    FormatSpec {
        format: Format::Warc,
        name: "WARC web archive",
        extensions: &["warc"],
        sniff: |head| head.starts_with(b"WARC/"),
        layout: Layout::Records,
        one_article: false,
        parser: Parser::Bytes(web_archive::parse),
    },
    FormatSpec {
        format: Format::Feed,
        name: "RSS or Atom feed",
        extensions: &["rss", "atom", "xml"],
        sniff: feed::sniff,
        layout: Layout::Document,
        one_article: false,
        parser: Parser::Bytes(feed::parse),
    },
    FormatSpec {
        format: Format::Html,
        name: "HTML page",
        extensions: &["html", "htm", "xhtml"],
        sniff: html::sniff,
        layout: Layout::Document,
        one_article: true,
        parser: Parser::Bytes(html::parse),
    },
    FormatSpec {
        format: Format::JsonLines,
        name: "JSON Lines",
        extensions: &["jsonl", "ndjson"],
        sniff: json::sniff_json_lines,
        layout: Layout::Records,
        one_article: false,
        parser: Parser::Structured(json::parse_json_lines),
    },
    FormatSpec {
        format: Format::Json,
        name: "JSON",
        extensions: &["json"],
        sniff: json::sniff_json,
        layout: Layout::Document,
        one_article: false,
        parser: Parser::Structured(json::parse_json),
    },
    FormatSpec {
        format: Format::Tsv,
        name: "TSV",
        extensions: &["tsv", "tab"],
        sniff: table::sniff_tsv,
        layout: Layout::Records,
        one_article: false,
        parser: Parser::Structured(table::parse_tsv),
    },
    FormatSpec {
        format: Format::Csv,
        name: "CSV",
        extensions: &["csv"],
        sniff: table::sniff_csv,
        layout: Layout::Records,
        one_article: false,
        parser: Parser::Structured(table::parse_csv),
    },
    FormatSpec {
        format: Format::Markdown,
        name: "Markdown",
        extensions: &["md", "markdown"],
        sniff: markdown::sniff,
        layout: Layout::Document,
        one_article: true,
        parser: Parser::Text(markdown::parse),
    },
    FormatSpec {
        format: Format::Text,
        name: "plain text",
        extensions: &["txt", "text"],
        sniff: |_| true,
        layout: Layout::Document,
        // A news-database export holds many articles in one .txt.
        one_article: false,
        parser: Parser::Text(text::parse_text_or_export),
    },
];

impl Format {
    pub fn spec(self) -> &'static FormatSpec {
        FORMATS
            .iter()
            .find(|spec| spec.format == self)
            .unwrap_or(&FORMATS[FORMATS.len() - 1])
    }

    /// The format a file name implies (a compression ending is looked through:
    /// `feed.jsonl.gz` is JSON Lines), or `None` for files lede does not read.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let mut parts = name.rsplit('.');
        let mut ext = parts.next()?;
        if Compression::EXTENSIONS.contains(&ext) {
            ext = parts.next()?;
        }
        // "txt" alone or ".gz" alone is a name with no ending.
        parts.next()?;
        FORMATS
            .iter()
            .find(|spec| spec.extensions.contains(&ext))
            .map(|spec| spec.format)
    }

    /// Guess the format of unnamed input (standard input) from its first bytes.
    pub fn sniff(bytes: &[u8]) -> Format {
        let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        FORMATS
            .iter()
            .find(|spec| (spec.sniff)(head))
            .map_or(Format::Text, |spec| spec.format)
    }
}

/// How much of unnamed input is looked at to tell its format.
pub const SNIFF_BYTES: usize = 1 << 20;

/// The start of `head` as lower-case text, leading whitespace skipped (for sniffing markup).
pub fn lower_start(head: &[u8], len: usize) -> String {
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    String::from_utf8_lossy(&head[start..head.len().min(start + len)]).to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_extension_belongs_to_one_format() {
        let mut seen = std::collections::HashSet::new();
        for spec in FORMATS {
            for ext in spec.extensions {
                assert!(seen.insert(*ext), "{ext} is in two rows");
            }
        }
    }

    #[test]
    fn names_with_compression_endings() {
        let f = |name: &str| Format::from_path(Path::new(name));
        assert_eq!(f("a/feed.jsonl.gz"), Some(Format::JsonLines));
        assert_eq!(f("crawl.warc.gz"), Some(Format::Warc));
        assert_eq!(f("page.HTM"), Some(Format::Html));
        assert_eq!(f("export.csv.zst"), Some(Format::Csv));
        assert_eq!(f("notes.txt.bz2"), Some(Format::Text));
        assert_eq!(f("paper.pdf"), None);
        assert_eq!(f("archive.gz"), None);
        assert_eq!(f("txt"), None);
    }
}
