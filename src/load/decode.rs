//! Bytes to text: byte-order marks, binary files, invalid UTF-8 and Latin-1, then sanitising.

use super::LoadWarning;
use super::sanitize::sanitize;

/// How many leading bytes are checked for NUL when deciding a file is binary.
const BINARY_SNIFF_BYTES: usize = 8192;

/// Decode one input into sanitised text, or `None` (with a warning) when there is nothing to read.
pub fn decode(name: &str, bytes: &[u8], warnings: &mut Vec<LoadWarning>) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        warnings.push(LoadWarning::new(name, "empty file, skipped"));
        return None;
    }
    let head = &bytes[..bytes.len().min(BINARY_SNIFF_BYTES)];
    if head.contains(&0) {
        warnings.push(LoadWarning::new(
            name,
            "binary file (contains NUL bytes), skipped",
        ));
        return None;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => sanitize(text).into_owned(),
        Err(_) if !has_utf8_multibyte(bytes) => {
            // No valid multi-byte sequence at all: almost certainly a single-byte encoding.
            warnings.push(LoadWarning::new(
                name,
                "not valid UTF-8; decoded as Latin-1",
            ));
            let latin1: String = bytes.iter().map(|&b| b as char).collect();
            sanitize(&latin1).into_owned()
        }
        Err(err) => {
            warnings.push(LoadWarning::new(
                name,
                format!(
                    "invalid UTF-8 at byte {}; bad bytes replaced with U+FFFD",
                    err.valid_up_to()
                ),
            ));
            sanitize(&String::from_utf8_lossy(bytes)).into_owned()
        }
    };
    Some(text)
}

/// Does the text hold at least one well-formed multi-byte UTF-8 sequence?
fn has_utf8_multibyte(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => return !s.is_ascii(),
            Err(err) => {
                let good = &rest[..err.valid_up_to()];
                if !good.is_ascii() {
                    return true;
                }
                let skip = err.valid_up_to() + err.error_len().unwrap_or(1);
                if skip >= rest.len() {
                    return false;
                }
                rest = &rest[skip..];
            }
        }
    }
}
