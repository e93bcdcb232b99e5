//! Web archives (WARC, as Common Crawl and CC-News store crawled news; the `warc` crate): each
//! HTML response inside is read as an HTML page, with the record's target URI and date.
//! Requests, metadata and non-HTML responses are passed over.

use std::io::Read;

use encoding_rs::Encoding;
use warc::{RecordType, WarcHeader, WarcReader};

use super::decode::{Layout, decode};
use super::html::{declared_charset, page_article};
use super::sanitize::sanitize_line;
use super::text::stem;
use super::{LoadWarning, Loaded, Warnings};

/// A decompressed HTTP payload may be at most this many times its compressed size.
const MAX_INFLATE: u64 = 64;

pub fn parse(name: &str, bytes: &[u8]) -> Loaded {
    let mut loaded = Loaded::default();
    let stem = stem(name);
    if let Some(message) = lying_length(bytes) {
        loaded.warn(LoadWarning::new(name, message));
        return loaded;
    }
    let mut html_records = 0;
    for (index, record) in WarcReader::new(bytes).iter_records().enumerate() {
        let number = index + 1;
        let record = match record {
            Ok(record) => record,
            Err(err @ (warc::Error::MissingHeader(_) | warc::Error::MalformedHeader(..))) => {
                loaded.warn(LoadWarning::at_line(
                    name,
                    number,
                    format!("WARC record skipped: {err}"),
                ));
                continue;
            }
            Err(err) => {
                loaded.warn(LoadWarning::at_line(
                    name,
                    number,
                    format!("WARC record unreadable, the rest of the archive skipped: {err}"),
                ));
                break;
            }
        };
        let warc_type = record.warc_type().clone();
        let date = *record.date();
        // Header values read from the raw bytes: `Record::header` panics on a value that is not
        // UTF-8 (found by fuzzing).
        let (head, body) = record.into_raw_parts();
        let value = |h: WarcHeader| {
            head.as_ref()
                .get(&h)
                .map(|v| String::from_utf8_lossy(v).into_owned())
        };
        let content_type = value(WarcHeader::ContentType)
            .map(|c| c.to_ascii_lowercase())
            .unwrap_or_default();
        let page = match warc_type {
            RecordType::Response if content_type.starts_with("application/http") => {
                http_html(&body)
            }
            RecordType::Resource if content_type.contains("html") => Some(HttpPage {
                payload: body,
                charset: charset_in(&content_type),
            }),
            _ => None,
        };
        let Some(page) = page else {
            continue;
        };
        html_records += 1;
        let uri = value(WarcHeader::TargetURI).map(|u| sanitize_line(u.trim_matches(['<', '>'])));
        let mut warnings = Warnings::default();
        let hint = page.charset.or_else(|| declared_charset(&page.payload));
        let Some(html) = decode(name, &page.payload, Layout::Document, hint, &mut warnings) else {
            continue;
        };
        let id = format!("{stem}#{number}");
        match page_article(name, &html, &id) {
            Some(mut article) => {
                if let Some(uri) = uri.filter(|u| !u.is_empty()) {
                    article.url = Some(uri);
                }
                if article.date.is_none() {
                    article.date = Some(date.format("%Y-%m-%dT%H:%M:%SZ").to_string());
                }
                loaded.articles.push(article);
            }
            None => loaded.warn(LoadWarning::at_line(
                name,
                number,
                format!(
                    "HTML response{} has no article text, skipped",
                    uri.map(|u| format!(" for {u}")).unwrap_or_default()
                ),
            )),
        }
    }
    if html_records == 0 && loaded.warnings.is_empty() {
        loaded.warn(LoadWarning::new(
            name,
            "web archive holds no HTML response, skipped",
        ));
    }
    loaded
}

/// A record header whose Content-Length is more than the archive holds (the `warc` crate adds
/// to it unchecked): the archive is refused with a warning rather than parsed.
fn lying_length(bytes: &[u8]) -> Option<String> {
    let mut record = 0;
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"WARC/1.") {
        let start = at + found;
        at = start + 7;
        if start != 0 && bytes[start - 1] != b'\n' {
            continue;
        }
        record += 1;
        let end = find(&bytes[start..], b"\r\n\r\n").map_or(bytes.len(), |e| start + e);
        let head = String::from_utf8_lossy(&bytes[start..end]);
        for line in head.lines() {
            if let Some((key, value)) = line.split_once(':')
                && key.trim().eq_ignore_ascii_case("content-length")
            {
                let fits = value
                    .trim()
                    .parse::<u64>()
                    .is_ok_and(|n| n <= (bytes.len() - end) as u64);
                if !fits {
                    return Some(format!(
                        "WARC record {record} claims a Content-Length of {}, more than the archive holds; archive skipped",
                        value.trim()
                    ));
                }
            }
        }
    }
    None
}

struct HttpPage {
    payload: Vec<u8>,
    charset: Option<&'static Encoding>,
}

/// The HTML payload of an HTTP response (de-chunked and decompressed as its headers say), or
/// `None` for anything else.
fn http_html(message: &[u8]) -> Option<HttpPage> {
    let (head_len, sep) = find(message, b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| find(message, b"\n\n").map(|i| (i, 2)))?;
    let head = String::from_utf8_lossy(&message[..head_len]).to_ascii_lowercase();
    let mut lines = head.lines();
    let status = lines.next()?;
    if !status.starts_with("http/") || status.split_whitespace().nth(1) != Some("200") {
        return None;
    }
    let mut content_type = String::new();
    let mut chunked = false;
    let mut encoding = String::new();
    for line in lines {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        match key.trim() {
            "content-type" => content_type = value.trim().to_string(),
            "transfer-encoding" => chunked = value.contains("chunked"),
            "content-encoding" => encoding = value.trim().to_string(),
            _ => {}
        }
    }
    if !content_type.contains("html") {
        return None;
    }
    let mut payload = message[head_len + sep..].to_vec();
    if chunked {
        payload = dechunk(&payload)?;
    }
    let limit = (payload.len() as u64).saturating_mul(MAX_INFLATE);
    let inflated = match encoding.as_str() {
        "gzip" | "x-gzip" => inflate(flate2::read::MultiGzDecoder::new(&payload[..]), limit),
        "deflate" => inflate(flate2::read::ZlibDecoder::new(&payload[..]), limit),
        _ => None,
    };
    Some(HttpPage {
        payload: inflated.unwrap_or(payload),
        charset: charset_in(&content_type),
    })
}

fn inflate(reader: impl Read, limit: u64) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    reader.take(limit).read_to_end(&mut out).ok()?;
    Some(out)
}

/// `text/html; charset=windows-1252` → windows-1252.
fn charset_in(content_type: &str) -> Option<&'static Encoding> {
    let at = content_type.find("charset=")? + "charset=".len();
    let label = content_type[at..]
        .trim_matches(['"', '\''])
        .split([';', ' ', '"'])
        .next()?;
    Encoding::for_label(label.as_bytes())
}

/// HTTP/1.1 chunked transfer coding undone; `None` when it is not well formed.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let line_end = find(data, b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size..)?;
        data = data.strip_prefix(b"\r\n").unwrap_or(data);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_payloads() {
        assert_eq!(
            dechunk(b"5\r\nHello\r\n7;x=1\r\n, world\r\n0\r\n\r\n").as_deref(),
            Some(&b"Hello, world"[..])
        );
        assert_eq!(dechunk(b"ff\r\nshort"), None);
    }

    #[test]
    fn only_html_responses() {
        assert!(http_html(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>").is_some());
        assert!(http_html(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG").is_none());
        assert!(http_html(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n").is_none());
    }
}
