//! Bytes to text: byte-order marks (UTF-8 and UTF-16), binary files, invalid UTF-8 and legacy
//! single-byte text (encoding_rs decodes; chardetng guesses which encoding when there is no
//! UTF-8 at all). Sanitising comes after, by format: a JSON source is parsed first, since its
//! strings may legally hold characters that sanitising rewrites.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8};

use super::Warnings;
use crate::model::LoadWarning;

/// How many leading bytes are checked for NUL when deciding a one-article file is binary.
const BINARY_SNIFF_BYTES: usize = 8192;
/// How much of a file of records (JSON Lines, CSV) is looked at to decide it is binary.
const RECORD_SNIFF_BYTES: usize = 64 << 10;

/// How the input is laid out, for deciding whether NUL bytes make it binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One article (or one document): a NUL near the start means a binary file.
    Document,
    /// One record a line: binary only when no line of the sample is free of NUL bytes; a NUL
    /// in one record skips that record, not the file.
    Records,
}

/// Decode one input into text, or `None` (with a warning) when there is nothing to read.
/// `hint` is an encoding the document declares (an HTML `<meta charset>`), used when the
/// bytes are not UTF-8.
pub fn decode<'a>(
    name: &str,
    bytes: &'a [u8],
    layout: Layout,
    hint: Option<&'static Encoding>,
    warnings: &mut Warnings,
) -> Option<Cow<'a, str>> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes)
        && encoding != UTF_8
    {
        // UTF-16 announced by its byte-order mark (bad surrogates become U+FFFD; an odd last
        // byte is no character and is dropped).
        let rest = &bytes[bom..];
        let (text, _) = encoding.decode_without_bom_handling(&rest[..rest.len() & !1]);
        return decoded(name, &text, warnings).map(Cow::Owned);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        warnings.push(LoadWarning::new(name, "empty file, skipped"));
        return None;
    }
    if is_binary(bytes, layout) {
        warnings.push(LoadWarning::new(
            name,
            "binary file (contains NUL bytes), skipped",
        ));
        return None;
    }
    let text = match std::str::from_utf8(bytes) {
        // Valid UTF-8 (nearly every file) is borrowed, not copied: a large article is not
        // held twice.
        Ok(text) => Cow::Borrowed(text),
        Err(_) if hint.is_some_and(|h| h != UTF_8) => {
            let encoding = hint.unwrap_or(UTF_8);
            let (text, _, _) = encoding.decode(bytes);
            Cow::Owned(text.into_owned())
        }
        Err(_) if !has_utf8_multibyte(bytes) => {
            // No valid multi-byte sequence at all: almost certainly a legacy encoding.
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            let encoding = legacy_encoding(detector.guess(None, chardetng::Utf8Detection::Deny));
            let (text, _, _) = encoding.decode(bytes);
            warnings.push(LoadWarning::new(
                name,
                format!(
                    "not valid UTF-8; decoded as {}{}",
                    display_name(encoding),
                    latin_note(encoding)
                ),
            ));
            Cow::Owned(text.into_owned())
        }
        Err(err) => {
            warnings.push(LoadWarning::new(
                name,
                format!(
                    "invalid UTF-8 at byte {}; bad bytes replaced with U+FFFD",
                    err.valid_up_to()
                ),
            ));
            Cow::Owned(String::from_utf8_lossy(bytes).into_owned())
        }
    };
    Some(text)
}

/// The encoding to decode with, from chardetng's guess. Guesses between Latin-script
/// encodings (1252, 1250, 1257...) are unreliable on short texts and differ in a few letters,
/// so the Latin family is read as Windows-1252; a guess of another script (Cyrillic, Greek,
/// Arabic, Hebrew, Thai, Japanese, Chinese, Korean) is taken.
fn legacy_encoding(guess: &'static Encoding) -> &'static Encoding {
    use encoding_rs::*;
    let latin = [
        WINDOWS_1250,
        WINDOWS_1252,
        WINDOWS_1254,
        WINDOWS_1257,
        ISO_8859_2,
        ISO_8859_3,
        ISO_8859_4,
        ISO_8859_10,
        ISO_8859_13,
        ISO_8859_14,
        ISO_8859_15,
        ISO_8859_16,
    ];
    if latin.contains(&guess) {
        WINDOWS_1252
    } else {
        guess
    }
}

/// "windows-1252" as "Windows-1252".
fn display_name(encoding: &'static Encoding) -> String {
    let name = encoding.name();
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn latin_note(encoding: &'static Encoding) -> &'static str {
    if encoding == encoding_rs::WINDOWS_1252 {
        " (Latin-1)"
    } else {
        ""
    }
}

/// NUL bytes mean binary data: near the start of a document, or on every line of a sample of
/// records.
fn is_binary(bytes: &[u8], layout: Layout) -> bool {
    match layout {
        Layout::Document => bytes[..bytes.len().min(BINARY_SNIFF_BYTES)].contains(&0),
        Layout::Records => {
            let sample = &bytes[..bytes.len().min(RECORD_SNIFF_BYTES)];
            if !sample.contains(&0) {
                return false;
            }
            let mut lines = sample.split(|&b| b == b'\n').peekable();
            let mut clean_line = false;
            while let Some(line) = lines.next() {
                // The sample's last piece may be a line cut short; it still counts.
                // A record that reads as text: valid UTF-8 ("\x89PNG" is not) and no control
                // bytes but tab, CR and ESC (an escape sequence is hostile text, not binary).
                let blank = line.iter().all(u8::is_ascii_whitespace);
                let text_bytes = line
                    .iter()
                    .all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\r' | 0x1b));
                if !blank && text_bytes && std::str::from_utf8(line).is_ok() {
                    clean_line = true;
                    break;
                }
                if lines.peek().is_none() {
                    break;
                }
            }
            !clean_line
        }
    }
}

/// Already-decoded text: the same empty and binary checks as for bytes.
fn decoded(name: &str, text: &str, warnings: &mut Warnings) -> Option<String> {
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

/// Does the text hold at least one well-formed multi-byte UTF-8 sequence?
fn has_utf8_multibyte(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii())
}

#[cfg(test)]
mod tests {
    use super::super::sanitize::sanitize;
    use super::*;

    fn text_of(bytes: &[u8]) -> (Option<String>, Warnings) {
        let mut warnings = Warnings::default();
        let text = decode("f.txt", bytes, Layout::Document, None, &mut warnings);
        (text.map(|t| sanitize(&t).into_owned()), warnings)
    }

    #[test]
    fn windows_1252_quotes_and_dashes() {
        let (text, warnings) = text_of(b"\x93Caf\xe9\x94 \x96 10\x80 \x9bok\x9d0;gone\x07");
        assert_eq!(text.as_deref(), Some("“Café” – 10€ ›ok"));
        assert!(warnings[0].message.contains("Windows-1252"), "{warnings:?}");
    }

    #[test]
    fn a_longer_latin_1_text_is_guessed_as_such() {
        let (text, warnings) = text_of(
            b"Le ministre fran\xe7ais a d\xe9clar\xe9 \xab une avanc\xe9e \xbb apr\xe8s la r\xe9union \xe0 Gen\xe8ve.",
        );
        assert_eq!(
            text.as_deref(),
            Some("Le ministre français a déclaré « une avancée » après la réunion à Genève.")
        );
        assert!(warnings[0].message.contains("Windows-1252"), "{warnings:?}");
    }

    #[test]
    fn another_script_is_guessed_from_its_bytes() {
        // "Министр иностранных дел заявил" in Windows-1251.
        let cyrillic = encoding_rs::WINDOWS_1251
            .encode("Министр иностранных дел России заявил, что переговоры продолжатся.")
            .0
            .into_owned();
        let (text, warnings) = text_of(&cyrillic);
        assert_eq!(
            text.as_deref(),
            Some("Министр иностранных дел России заявил, что переговоры продолжатся.")
        );
        assert!(warnings[0].message.contains("Windows-1251"), "{warnings:?}");
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

    #[test]
    fn records_are_binary_only_when_no_line_is_free_of_nul() {
        assert!(!is_binary(
            b"{\"a\":\"\x00\"}\n{\"a\":\"ok\"}\n",
            Layout::Records
        ));
        assert!(is_binary(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            Layout::Records
        ));
        assert!(is_binary(b"{\"a\":\"\x00\"}\n", Layout::Document));
    }
}
