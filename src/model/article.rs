//! One loaded article: its text and the metadata its source gave.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier: the JSON `id` field, or the file stem (with a line or index for
    /// several articles from one file).
    pub id: CompactString,
    pub title: CompactString,
    /// The sanitised text. Every byte offset in the model points into this string.
    pub body: String,
    /// "Tehran, Iran" or "LONDON (Reuters)" when the text opens with one.
    pub dateline: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    /// The outlet (`source` field of JSON or front matter).
    pub outlet: Option<String>,
    /// Where it was read from: a path, `<stdin>` or `<bundled>/...`.
    pub path: CompactString,
}
