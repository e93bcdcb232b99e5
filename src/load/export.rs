//! Text exports of news databases holding many articles in one file: LexisNexis (Nexis Uni's
//! "End of Document"), Factiva ("Document GRDN0000…" closing each article) and ProQuest (rules
//! of underscores between articles). The file is split at those separators and each article's
//! headline, outlet, date and byline are read from its header block.

use super::boilerplate::strip_boilerplate;
use super::sanitize::sanitize_line;
use super::text::{derive_title, find_dateline, stem};
use super::{LoadWarning, Loaded};
use crate::model::Article;

/// How many lines at the start of an article may be its header.
const HEADER_LINES: usize = 30;

/// Labels that carry metadata in a header ("Byline: Patrick Wintour").
const LABELS: &[(&str, Field)] = &[
    ("title", Field::Title),
    ("headline", Field::Title),
    ("hd", Field::Title),
    ("byline", Field::Author),
    ("by", Field::Author),
    ("author", Field::Author),
    ("authors", Field::Author),
    ("publication title", Field::Outlet),
    ("source", Field::Outlet),
    ("sn", Field::Outlet),
    ("publication date", Field::Date),
    ("date", Field::Date),
    ("pd", Field::Date),
    ("url", Field::Url),
    ("document url", Field::Url),
    ("dateline", Field::Ignored),
    ("section", Field::Ignored),
    ("length", Field::Ignored),
    ("wc", Field::Ignored),
    ("edition", Field::Ignored),
    ("highlight", Field::Ignored),
    ("version", Field::Ignored),
];

/// Labels that end an article's text (the trailer Nexis, Factiva and ProQuest add).
const TRAILER_LABELS: &[&str] = &[
    "load-date",
    "language",
    "publication-type",
    "journal-code",
    "subject",
    "classification",
    "graphic",
    "notes",
    "copyright",
    "location",
    "people",
    "company / organization",
    "identifier / keyword",
    "publication year",
    "publisher",
    "place of publication",
    "country of publication",
    "source type",
    "issn",
    "document type",
    "proquest document id",
    "document url",
    "last updated",
    "database",
    "co",
    "in",
    "ns",
    "re",
    "ipd",
    "pub",
    "an",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Author,
    Outlet,
    Date,
    Url,
    Ignored,
}

/// Is this text an export of several articles (or of one, with its separator)?
pub fn is_export(text: &str) -> bool {
    text.lines().take(200_000).any(|l| is_separator(l.trim()))
}

fn is_separator(line: &str) -> bool {
    line.eq_ignore_ascii_case("end of document")
        || is_factiva_document_line(line)
        || (line.len() >= 20 && line.bytes().all(|b| b == b'_'))
}

/// Factiva closes each article with "Document " and its accession number.
fn is_factiva_document_line(line: &str) -> bool {
    line.strip_prefix("Document ").is_some_and(|id| {
        id.len() >= 16 && !id.contains(' ') && id.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

/// Split an export (already sanitised) into its articles.
pub fn parse(name: &str, text: &str) -> Loaded {
    let mut loaded = Loaded::default();
    let stem = stem(name);
    let mut chunk = Vec::new();
    let mut number = 0;
    let mut push = |chunk: &mut Vec<&str>, loaded: &mut Loaded| {
        if chunk.iter().any(|l| !l.trim().is_empty()) {
            number += 1;
            match article(name, &format!("{stem}#{number}"), chunk) {
                Some(a) => loaded.articles.push(a),
                None => loaded.warn(LoadWarning::at_line(
                    name,
                    number,
                    "article in the export has no text, skipped",
                )),
            }
        }
        chunk.clear();
    };
    for line in text.lines() {
        if is_separator(line.trim()) {
            push(&mut chunk, &mut loaded);
        } else {
            chunk.push(line);
        }
    }
    push(&mut chunk, &mut loaded);
    loaded
}

/// One article from its lines: header block, then text up to the trailer.
fn article(name: &str, id: &str, lines: &[&str]) -> Option<Article> {
    let mut a = Article {
        id: id.to_string().into(),
        path: name.to_string().into(),
        ..Article::default()
    };
    let start = lines.iter().position(|l| !l.trim().is_empty())?;
    let lines = &lines[start..];
    // Where the header ends: after "Body" or "Full text:", or after the last line of the
    // first lines that is recognisably header.
    let mut body_start = None;
    let mut header_end = 0;
    let mut plain: Vec<(usize, &str)> = Vec::new();
    let mut words_line = None;
    let mut date_line = None;
    let mut old_style = false;
    for (i, line) in lines.iter().enumerate().take(HEADER_LINES) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.eq_ignore_ascii_case("body") {
            body_start = Some(i + 1);
            break;
        }
        if let Some(rest) = label_value(line, "full text") {
            a.body = rest.to_string();
            body_start = Some(i + 1);
            break;
        }
        if let Some((field, value)) = labelled(line) {
            set(&mut a, field, value);
            header_end = i + 1;
        } else if is_documents_count(line) {
            old_style = true;
            header_end = i + 1;
        } else if is_words_count(line) {
            words_line = Some(i);
            header_end = i + 1;
        } else if date_line.is_none() && is_date_line(line) {
            a.date.get_or_insert_with(|| line.to_string());
            date_line = Some(i);
            header_end = i + 1;
        } else if is_copyright(line) {
            header_end = i + 1;
        } else if is_trailer(line) {
            break;
        } else {
            plain.push((i, line));
        }
    }
    let header_end = body_start.unwrap_or(header_end);
    // Plain header lines: the title first (Nexis Uni, Factiva); in an old Nexis export the
    // outlet comes first and the title last, just before the labels.
    let header_plain: Vec<(usize, &str)> = plain
        .iter()
        .copied()
        .filter(|&(i, _)| i < header_end)
        .collect();
    if let Some(&(first_i, first)) = header_plain.first() {
        if old_style {
            a.outlet.get_or_insert_with(|| first.to_string());
            if let Some(&(_, last)) = header_plain.last().filter(|(i, _)| *i != first_i)
                && a.title.is_empty()
            {
                a.title = last.to_string().into();
            }
        } else {
            if a.title.is_empty() {
                a.title = first.to_string().into();
            }
            for &(i, line) in &header_plain[1..] {
                let before_words = words_line.is_some_and(|w| i < w);
                let before_date = date_line.is_some_and(|d| i < d);
                if before_words {
                    a.author.get_or_insert_with(|| line.to_string());
                } else if before_date || date_line.is_some_and(|d| i > d) {
                    a.outlet.get_or_insert_with(|| line.to_string());
                }
            }
        }
    }
    let first = std::mem::take(&mut a.body);
    let mut body_lines: Vec<&str> = Vec::new();
    if !first.is_empty() {
        body_lines.push(&first);
    }
    body_lines.extend(
        lines[header_end.min(lines.len())..]
            .iter()
            .map(|l| l.trim_end())
            .take_while(|l| !is_trailer(l.trim())),
    );
    a.body = strip_boilerplate(&body_lines.join("\n"));
    if a.body.trim().is_empty() {
        return None;
    }
    let dateline = find_dateline(&a.body);
    for field in [&mut a.author, &mut a.outlet, &mut a.date, &mut a.url] {
        *field = field
            .take()
            .map(|v| sanitize_line(&v))
            .filter(|v| !v.is_empty());
    }
    a.title = sanitize_line(&a.title).into();
    if a.title.is_empty() {
        a.title = derive_title(&a.body, dateline.as_ref()).into();
    }
    a.dateline = dateline.map(|d| d.text);
    Some(a)
}

fn set(a: &mut Article, field: Field, value: &str) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    let value = value.to_string();
    match field {
        Field::Title if a.title.is_empty() => a.title = value.into(),
        Field::Author => {
            let value = value
                .strip_prefix("By ")
                .or_else(|| value.strip_prefix("BY "))
                .map_or(value.clone(), str::to_string);
            a.author.get_or_insert(value);
        }
        Field::Outlet => {
            a.outlet.get_or_insert(value);
        }
        Field::Date => {
            a.date.get_or_insert(value);
        }
        Field::Url => {
            a.url.get_or_insert(value);
        }
        _ => {}
    }
}

/// "Byline: Patrick Wintour" or "BY Patrick Wintour" (Factiva's two-letter codes).
fn labelled(line: &str) -> Option<(Field, &str)> {
    LABELS
        .iter()
        .find_map(|&(label, field)| label_value(line, label).map(|value| (field, value)))
}

/// The value after `label:` (any case), or after a Factiva code and a space.
fn label_value<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let head = line.get(..label.len())?;
    if !head.eq_ignore_ascii_case(label) {
        return None;
    }
    let rest = &line[label.len()..];
    if let Some(value) = rest.strip_prefix(':') {
        return Some(value.trim());
    }
    // Factiva's field codes are upper case, two or three letters, then a wide gap.
    (label.len() <= 3
        && head == label.to_ascii_uppercase()
        && (rest.starts_with("  ") || rest.starts_with('\t')))
    .then(|| rest.trim())
}

fn is_trailer(line: &str) -> bool {
    TRAILER_LABELS
        .iter()
        .any(|label| label_value(line, label).is_some())
        || TRAILER_HEADINGS
            .iter()
            .any(|h| line.eq_ignore_ascii_case(h))
}

/// Headings alone on a line that open Nexis's trailer.
const TRAILER_HEADINGS: &[&str] = &["classification", "graphic", "notes", "correction-date"];

/// "1 of 3 DOCUMENTS", as old Nexis exports open each article.
fn is_documents_count(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    matches!(words.as_slice(), [n, "of", m, d]
        if n.chars().all(|c| c.is_ascii_digit())
        && m.chars().all(|c| c.is_ascii_digit())
        && d.eq_ignore_ascii_case("documents"))
}

/// "812 words", Factiva's length line.
fn is_words_count(line: &str) -> bool {
    line.strip_suffix(" words")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == ','))
}

fn is_copyright(line: &str) -> bool {
    let lower = line.to_lowercase();
    lower.starts_with("copyright") || lower.starts_with('©') || lower.starts_with("(c)")
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// "February 6, 2026 Friday", "6 February 2026": short, a month name and a year.
fn is_date_line(line: &str) -> bool {
    if line.len() > 48 {
        return false;
    }
    let lower = line.to_lowercase();
    let has_month = lower
        .split(|c: char| !c.is_alphabetic())
        .any(|w| MONTHS.contains(&w) || (w.len() == 3 && MONTHS.iter().any(|m| m.starts_with(w))));
    let has_year = lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")));
    has_month && has_year
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines() {
        assert!(is_date_line("February 6, 2026 Friday"));
        assert!(is_date_line("6 February 2026"));
        assert!(!is_date_line("Iran and US hold talks in 2026"));
        assert!(is_words_count("1,204 words"));
        assert!(is_documents_count("2 of 3 DOCUMENTS"));
        assert!(is_factiva_document_line(
            "Document GRDN000020260206ek260005l"
        ));
        assert_eq!(
            labelled("Byline: Patrick Wintour"),
            Some((Field::Author, "Patrick Wintour"))
        );
        assert_eq!(
            labelled("BY  Patrick Wintour"),
            Some((Field::Author, "Patrick Wintour"))
        );
        assert_eq!(labelled("By the way, he said"), None);
    }
}
