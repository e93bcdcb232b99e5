//! Large (or compressed) JSON Lines files are read in blocks of whole lines and each block's
//! lines are parsed in parallel, so memory holds one block at a time instead of the file, its
//! decoded text and the articles all at once. A line is read up to the per-article limit and
//! no further: a line without end costs a warning, not the machine's memory.

use std::borrow::Cow;
use std::io::BufRead;

use rayon::prelude::*;

use super::read::{Limits, read_line_bounded, size_text};
use super::text::stem;
use super::{LoadWarning, Loaded, json};

/// Files larger than this are streamed; smaller ones are read whole.
pub const STREAM_THRESHOLD: u64 = 16 << 20;
/// About how much text one block holds.
const BLOCK_BYTES: usize = 8 << 20;

/// One line of a block: its number and where it lies in the block (or that it was too long).
struct LineAt {
    number: usize,
    range: std::ops::Range<usize>,
    too_long: bool,
}

pub fn load_json_lines(reader: &mut dyn BufRead, name: &str, limits: Limits) -> Loaded {
    let mut loaded = Loaded::default();
    let stem = stem(name);
    // A record is its text plus JSON's quoting; allow for escapes on top of the limit.
    let line_limit = limits.article.saturating_mul(2).saturating_add(1 << 20);
    let mut next_line = 1;
    let mut seen_any = false;
    loop {
        let mut block = Vec::with_capacity(BLOCK_BYTES + (64 << 10));
        let mut lines = Vec::new();
        let mut read_error = None;
        let mut at_end = false;
        while block.len() < BLOCK_BYTES {
            let start = block.len();
            match read_line_bounded(reader, &mut block, line_limit) {
                Ok((0, _)) => {
                    at_end = true;
                    break;
                }
                Ok((_, too_long)) => lines.push(LineAt {
                    number: next_line + lines.len(),
                    range: start..block.len(),
                    too_long,
                }),
                Err(err) => {
                    read_error = Some(err);
                    break;
                }
            }
        }
        seen_any |= !lines.is_empty();
        let parsed: Vec<Loaded> = lines
            .par_iter()
            .map(|line| {
                if line.too_long {
                    let mut l = Loaded::default();
                    l.warn(LoadWarning::at_line(
                        name,
                        line.number,
                        format!(
                            "record over the per-article limit of {} (--max-article-mb), skipped",
                            size_text(limits.article)
                        ),
                    ));
                    return l;
                }
                decode_line(name, &stem, line.number, &block[line.range.clone()])
            })
            .collect();
        for part in parsed {
            loaded.extend(part);
        }
        next_line += lines.len();
        if let Some(err) = read_error {
            // A read error ends the file: say where, and keep what was read.
            loaded.warn(LoadWarning::at_line(
                name,
                next_line,
                format!("cannot read further: {err}"),
            ));
            break;
        }
        if at_end {
            break;
        }
    }
    if loaded.articles.is_empty() && loaded.warnings.is_empty() {
        let what = if seen_any {
            "no article found"
        } else {
            "empty file, skipped"
        };
        loaded.warn(LoadWarning::new(name, what));
    }
    loaded
}

/// One line: an article, a warning naming the line, or nothing (a blank line).
fn decode_line(name: &str, stem: &str, line_no: usize, bytes: &[u8]) -> Loaded {
    let mut loaded = Loaded::default();
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let bytes = if line_no == 1 {
        bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
    } else {
        bytes
    };
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return loaded;
    }
    if bytes.contains(&0) {
        loaded.warn(LoadWarning::at_line(
            name,
            line_no,
            "binary data (NUL bytes), line skipped",
        ));
        return loaded;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(err) => {
            loaded.warn(LoadWarning::at_line(
                name,
                line_no,
                format!(
                    "invalid UTF-8 at byte {}; bad bytes replaced with U+FFFD",
                    err.valid_up_to()
                ),
            ));
            String::from_utf8_lossy(bytes)
        }
    };
    json::parse_line(&mut loaded, name, stem, line_no, &text);
    loaded
}
