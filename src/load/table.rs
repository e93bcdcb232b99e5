//! CSV and TSV exports (the `csv` crate: quoted cells, cells over several lines, doubled
//! quotes): one article a row, the columns named in the header row mapped as JSON fields are.

use serde_json::{Map, Value};

use super::json::{BODY_FIELDS, is_body_field, push_object};
use super::text::stem;
use super::{LoadWarning, Loaded};

pub fn sniff_csv(head: &[u8]) -> bool {
    header_names(head, b',').is_some_and(|names| names.iter().any(|n| is_text_column(n)))
}

pub fn sniff_tsv(head: &[u8]) -> bool {
    header_names(head, b'\t').is_some_and(|names| names.iter().any(|n| is_text_column(n)))
}

pub fn parse_csv(name: &str, text: &str) -> Loaded {
    parse(name, text, b',')
}

pub fn parse_tsv(name: &str, text: &str) -> Loaded {
    parse(name, text, b'\t')
}

/// The first line's cells, lower case, when it has at least two.
fn header_names(head: &[u8], delimiter: u8) -> Option<Vec<String>> {
    let first = head.split(|&b| b == b'\n').next()?;
    let names: Vec<String> = String::from_utf8_lossy(first)
        .trim_end_matches('\r')
        .split(char::from(delimiter))
        .map(|n| n.trim().trim_matches('"').to_string())
        .collect();
    (names.len() >= 2).then_some(names)
}

fn is_text_column(name: &str) -> bool {
    is_body_field(name)
}

fn parse(name: &str, text: &str, delimiter: u8) -> Loaded {
    let mut loaded = Loaded::default();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|n| n.trim().trim_start_matches('\u{feff}').to_string())
            .collect(),
        Err(err) => {
            loaded.warn(LoadWarning::new(name, format!("no header row: {err}")));
            return loaded;
        }
    };
    if !headers.iter().any(|h| is_text_column(h)) {
        let seen: Vec<&str> = headers.iter().map(String::as_str).take(20).collect();
        loaded.warn(LoadWarning::new(
            name,
            format!(
                "no text column ({}) among the columns {}, skipped",
                BODY_FIELDS.join("|"),
                seen.join(", ")
            ),
        ));
        return loaded;
    }
    let stem = stem(name);
    for (index, record) in reader.records().enumerate() {
        // Rows are numbered as a spreadsheet shows them: the header is row 1.
        let row = index + 2;
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                loaded.warn(LoadWarning::at_line(
                    name,
                    row,
                    format!("malformed row, skipped: {err}"),
                ));
                continue;
            }
        };
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let mut object = Map::new();
        for (header, cell) in headers.iter().zip(record.iter()) {
            if !cell.trim().is_empty() && !object.contains_key(header) {
                object.insert(header.clone(), Value::String(cell.to_string()));
            }
        }
        push_object(
            &mut loaded,
            name,
            Some(row),
            &format!("{stem}:{row}"),
            Value::Object(object),
        );
    }
    loaded
}
