//! Bytes to text: byte-order marks (UTF-8 and UTF-16), binary files, invalid UTF-8 and
//! single-byte Windows-1252/Latin-1 text. Sanitising comes after, by format: a JSON source is
//! parsed first, since its strings may legally hold characters that sanitising rewrites.

use super::LoadWarning;

/// How many leading bytes are checked for NUL when deciding a file is binary.
const BINARY_SNIFF_BYTES: usize = 8192;

/// Windows-1252 for the bytes 0x80–0x9F, where it differs from Latin-1 (curly quotes, dashes,
/// the euro sign). The five bytes it leaves undefined stay C1 controls, which sanitising
/// removes. 0xA0–0xFF are the same in both.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Decode one input into text, or `None` (with a warning) when there is nothing to read.
pub fn decode(name: &str, bytes: &[u8], warnings: &mut Vec<LoadWarning>) -> Option<String> {
    if let Some(text) = decode_utf16(bytes) {
        return decoded(name, &text, warnings);
    }
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
        Ok(text) => text.to_string(),
        Err(_) if !has_utf8_multibyte(bytes) => {
            // No valid multi-byte sequence at all: almost certainly a single-byte encoding.
            warnings.push(LoadWarning::new(
                name,
                "not valid UTF-8; decoded as Windows-1252 (Latin-1)",
            ));
            windows_1252(bytes)
        }
        Err(err) => {
            warnings.push(LoadWarning::new(
                name,
                format!(
                    "invalid UTF-8 at byte {}; bad bytes replaced with U+FFFD",
                    err.valid_up_to()
                ),
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    Some(text)
}

/// UTF-16 text announced by its byte-order mark, decoded (bad surrogates become U+FFFD).
fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let (rest, little_endian) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (rest, true),
        [0xFE, 0xFF, rest @ ..] => (rest, false),
        _ => return None,
    };
    let units = rest.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

/// Already-decoded text: the same empty and binary checks as for bytes.
fn decoded(name: &str, text: &str, warnings: &mut Vec<LoadWarning>) -> Option<String> {
    if text.trim().is_empty() {
        warnings.push(LoadWarning::new(name, "empty file, skipped"));
        return None;
    }
    if text.chars().take(BINARY_SNIFF_BYTES).any(|c| c == '\0') {
        warnings.push(LoadWarning::new(
            name,
            "binary file (contains NUL characters), skipped",
        ));
        return None;
    }
    Some(text.to_string())
}

fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::super::sanitize::sanitize;
    use super::*;

    fn text_of(bytes: &[u8]) -> (Option<String>, Vec<LoadWarning>) {
        let mut warnings = Vec::new();
        let text = decode("f.txt", bytes, &mut warnings);
        (text.map(|t| sanitize(&t).into_owned()), warnings)
    }

    #[test]
    fn windows_1252_quotes_and_dashes() {
        let (text, warnings) = text_of(b"\x93Caf\xe9\x94 \x96 10\x80 \x9bok\x9d0;gone\x07");
        assert_eq!(text.as_deref(), Some("“Café” – 10€ ›ok"));
        assert!(warnings[0].message.contains("Windows-1252"));
    }

    #[test]
    fn utf16_with_a_byte_order_mark() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Héllo\r\nwörld".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Héllo\r\nwörld".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(text_of(&le).0.as_deref(), Some("Héllo\nwörld"));
        assert_eq!(text_of(&be).0.as_deref(), Some("Héllo\nwörld"));
        // An odd trailing byte and a lone surrogate do not stop it.
        assert_eq!(
            text_of(&[0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0, 7])
                .0
                .as_deref(),
            Some("a\u{FFFD}b")
        );
        let (text, warnings) = text_of(&[0xFF, 0xFE, b' ', 0]);
        assert_eq!(text, None);
        assert!(warnings[0].message.contains("empty"));
    }

    #[test]
    fn utf8_byte_order_mark_is_dropped() {
        assert_eq!(
            text_of("\u{FEFF}Title\n".as_bytes()).0.as_deref(),
            Some("Title\n")
        );
    }
}
