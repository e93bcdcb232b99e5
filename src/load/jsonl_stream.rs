//! Large JSON Lines files are read in blocks of whole lines and each block's lines are parsed
//! in parallel, so memory holds one block at a time instead of the file, its decoded text and
//! the articles all at once (a 400 MB dump would otherwise peak at three times its size).

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use rayon::prelude::*;

use super::json;
use super::text::stem;
use super::{LoadWarning, Loaded};

/// Files larger than this are streamed; smaller ones are read whole.
pub const STREAM_THRESHOLD: u64 = 16 << 20;
/// About how much text one block holds.
const BLOCK_BYTES: usize = 8 << 20;

pub fn load_json_lines_file(path: &Path, name: &str) -> Loaded {
    let mut loaded = Loaded::default();
    let file = match File::open(path) {
        Ok(file) => file,
        Err(err) => {
            loaded
                .warnings
                .push(LoadWarning::new(name, format!("cannot read: {err}")));
            return loaded;
        }
    };
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let stem = stem(name);
    let mut next_line = 1;
    loop {
        let mut block = Vec::with_capacity(BLOCK_BYTES + (64 << 10));
        let mut read_error = None;
        while block.len() < BLOCK_BYTES {
            match reader.read_until(b'\n', &mut block) {
                Ok(0) => break,
                Ok(_) => {}
                Err(err) => {
                    read_error = Some(err);
                    break;
                }
            }
        }
        if block.is_empty() {
            stop_reading(&mut loaded, name, next_line, read_error);
            break;
        }
        let lines: Vec<(usize, &[u8])> = block
            .split(|&b| b == b'\n')
            .enumerate()
            .map(|(i, line)| (next_line + i, line))
            .collect();
        let in_block = block.iter().filter(|&&b| b == b'\n').count();
        let parsed: Vec<Loaded> = lines
            .par_iter()
            .map(|&(line_no, bytes)| decode_line(name, &stem, line_no, bytes))
            .collect();
        for part in parsed {
            loaded.articles.extend(part.articles);
            loaded.warnings.extend(part.warnings);
        }
        next_line += in_block;
        if read_error.is_some() {
            stop_reading(&mut loaded, name, next_line, read_error);
            break;
        }
    }
    if loaded.articles.is_empty() && loaded.warnings.is_empty() {
        loaded
            .warnings
            .push(LoadWarning::new(name, "empty file, skipped"));
    }
    loaded
}

/// A read error ends the file: say where, and keep what was read.
fn stop_reading(loaded: &mut Loaded, name: &str, line: usize, error: Option<std::io::Error>) {
    if let Some(err) = error {
        loaded.warnings.push(LoadWarning::at_line(
            name,
            line,
            format!("cannot read further: {err}"),
        ));
    }
}

/// One line: an article, a warning naming the line, or nothing (a blank line).
fn decode_line(name: &str, stem: &str, line_no: usize, bytes: &[u8]) -> Loaded {
    let mut loaded = Loaded::default();
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
        loaded.warnings.push(LoadWarning::at_line(
            name,
            line_no,
            "binary data (NUL bytes), line skipped",
        ));
        return loaded;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(err) => {
            loaded.warnings.push(LoadWarning::at_line(
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
