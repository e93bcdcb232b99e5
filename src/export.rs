//! Writing what a pane lists to a file: articles, entities with counts, quotes with speaker,
//! kind and citation, or speakers, as CSV, JSON Lines or Markdown. The explorer's `E` and the
//! headless `lede extract --format` build the same tables from the same lists, so an export is
//! what the pane showed. CSV goes through the `csv` crate and is safe to open in a
//! spreadsheet: a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is
//! prefixed with `'`, so it is never taken for a formula.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::app::lists::SpeakerRow;
use crate::app::{citation, date};
use crate::filter::{EntityHit, QuoteHit};
use crate::model::Corpus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Csv,
    Jsonl,
    Md,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Csv, Format::Jsonl, Format::Md];

    pub fn parse(name: &str) -> Option<Format> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "csv" => Format::Csv,
            "jsonl" | "json-lines" | "ndjson" => Format::Jsonl,
            "md" | "markdown" => Format::Md,
            _ => return None,
        })
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Md => "md",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV (spreadsheets)",
            Format::Jsonl => "JSON Lines (scripts)",
            Format::Md => "Markdown (notes, reports)",
        }
    }
}

/// What a table lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Articles,
    Entities,
    Quotes,
    Speakers,
}

impl What {
    pub fn parse(name: &str) -> Option<What> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "articles" => What::Articles,
            "entities" => What::Entities,
            "quotes" => What::Quotes,
            "speakers" => What::Speakers,
            _ => return None,
        })
    }

    pub fn noun(self) -> &'static str {
        match self {
            What::Articles => "articles",
            What::Entities => "entities",
            What::Quotes => "quotes",
            What::Speakers => "speakers",
        }
    }
}

/// Rows under named columns; a cell is a JSON string, number, boolean or null.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub what: What,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Value>>,
}

fn opt(s: Option<&str>) -> Value {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Value::String(s.to_string()),
        None => Value::Null,
    }
}

/// Text on one line (exports keep a row a line where the format allows).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The listed articles, in the pane's order. `starred` and `reviewed` say whether each is
/// marked.
pub fn articles(
    corpus: &Corpus,
    list: &[u32],
    starred: &dyn Fn(usize) -> bool,
    reviewed: &dyn Fn(usize) -> bool,
) -> Table {
    let rows = list
        .iter()
        .filter_map(|&a| {
            let art = corpus.articles.get(a as usize)?;
            Some(vec![
                Value::String(art.id.to_string()),
                Value::String(one_line(&art.title)),
                opt(art.date.as_deref().map(date::display).as_deref()),
                opt(art.outlet.as_deref()),
                opt(art.author.as_deref()),
                opt(art.url.as_deref()),
                Value::String(art.path.to_string()),
                Value::Bool(starred(a as usize)),
                Value::Bool(reviewed(a as usize)),
            ])
        })
        .collect();
    Table {
        what: What::Articles,
        columns: vec![
            "id", "title", "date", "outlet", "author", "url", "source", "starred", "reviewed",
        ],
        rows,
    }
}

/// The listed entities, with how many listed articles mention each and their mentions.
pub fn entities(corpus: &Corpus, list: &[EntityHit]) -> Table {
    let rows = list
        .iter()
        .filter_map(|h| {
            let e = corpus.entities.get(h.id.0 as usize)?;
            Some(vec![
                Value::String(e.name.clone()),
                Value::String(e.kind.as_str().to_string()),
                Value::from(h.count),
                Value::from(e.mentions.len()),
                Value::String(e.aliases.join("; ")),
            ])
        })
        .collect();
    Table {
        what: What::Entities,
        columns: vec!["name", "kind", "articles", "mentions", "aliases"],
        rows,
    }
}

/// The listed quotes: speaker, words, kind, the article's title, outlet, date, URL, and the
/// citation `y` copies.
pub fn quotes(corpus: &Corpus, list: &[QuoteHit], starred: &dyn Fn(usize) -> bool) -> Table {
    let rows = list
        .iter()
        .filter_map(|h| {
            let qi = h.quote as usize;
            let q = corpus.quotes.get(qi)?;
            let art = corpus.articles.get(q.article as usize)?;
            Some(vec![
                opt(q.speaker.map(|s| corpus.entity(s).name.as_str())),
                Value::String(one_line(corpus.quote_text(q))),
                Value::String(if q.scare { "scare" } else { q.kind.as_str() }.to_string()),
                Value::String(one_line(&art.title)),
                opt(art.outlet.as_deref()),
                opt(art.date.as_deref().map(date::display).as_deref()),
                opt(art.url.as_deref()),
                Value::String(citation(corpus, qi)),
                Value::String(art.id.to_string()),
                Value::Bool(starred(qi)),
            ])
        })
        .collect();
    Table {
        what: What::Quotes,
        columns: vec![
            "speaker",
            "quote",
            "kind",
            "article",
            "outlet",
            "date",
            "url",
            "citation",
            "article_id",
            "starred",
        ],
        rows,
    }
}

/// The speakers view: who is quoted, how often, in how many articles.
pub fn speakers(corpus: &Corpus, list: &[SpeakerRow]) -> Table {
    let rows = list
        .iter()
        .filter_map(|r| {
            let e = corpus.entities.get(r.id.0 as usize)?;
            Some(vec![
                Value::String(e.name.clone()),
                Value::String(e.kind.as_str().to_string()),
                Value::from(r.quotes),
                Value::from(r.articles),
            ])
        })
        .collect();
    Table {
        what: What::Speakers,
        columns: vec!["speaker", "kind", "quotes", "articles"],
        rows,
    }
}

/// The table the explorer's pane for `what` would list for `query` (the same search, the same
/// lists in the same orders): what `lede extract --filter … --format …` writes.
pub fn search_table(
    corpus: &Corpus,
    index: &crate::filter::Index,
    query: &str,
    what: What,
    sorts: &crate::app::lists::Sorts,
    marks: &crate::filter::Marks,
    show_scare: bool,
) -> Table {
    use crate::app::lists;
    let request = crate::filter::Request {
        query: crate::filter::Query::parse(query),
        chips: Vec::new(),
        show_scare,
        marks: std::sync::Arc::new(marks.clone()),
    };
    let results = crate::filter::search(corpus, index, &request, &|| false).unwrap_or_default();
    let results = if results.quotes_partial {
        crate::filter::complete_quotes(corpus, index, &request, &results, &|| false)
            .unwrap_or(results)
    } else {
        results
    };
    let dates = lists::date_keys(corpus);
    let has = |v: &[u32], x: usize| v.binary_search(&(x as u32)).is_ok();
    match what {
        What::Articles => {
            let list = lists::articles(&results, corpus, sorts.articles, &dates);
            articles(corpus, &list, &|a| has(&marks.starred_articles, a), &|a| {
                has(&marks.reviewed, a)
            })
        }
        What::Entities => {
            let hits: Vec<EntityHit> =
                lists::entity_rows(&results.entities, corpus, sorts.entities, 0.0)
                    .into_iter()
                    .filter_map(|r| match r {
                        lists::EntityRow::Entity(h) => Some(h),
                        _ => None,
                    })
                    .collect();
            entities(corpus, &hits)
        }
        What::Quotes => {
            let list = lists::quotes(&results, corpus, sorts.quotes, &dates);
            quotes(corpus, &list, &|q| has(&marks.starred_quotes, q))
        }
        What::Speakers => {
            let list = lists::quotes(&results, corpus, sorts.quotes, &dates);
            let (rows, _) = lists::speakers(&list, corpus, sorts.speakers);
            speakers(corpus, &rows)
        }
    }
}

/// The articles a query finds, best first (for `lede extract --json --filter`).
pub fn search_articles(
    corpus: &Corpus,
    index: &crate::filter::Index,
    query: &str,
    marks: &crate::filter::Marks,
) -> Vec<u32> {
    let request = crate::filter::Request {
        query: crate::filter::Query::parse(query),
        marks: std::sync::Arc::new(marks.clone()),
        ..Default::default()
    };
    crate::filter::search(corpus, index, &request, &|| false)
        .map(|r| r.articles)
        .unwrap_or_default()
}

/// A cell as text (null is empty).
fn text_of(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A CSV cell that a spreadsheet will not run: one starting with a formula character gets a
/// leading `'` (OWASP's advice for CSV injection).
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

fn md_cell(s: &str) -> String {
    one_line(s).replace('\\', "\\\\").replace('|', "\\|")
}

/// Write the table in `format`.
pub fn write(table: &Table, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(&table.columns)?;
            for row in &table.rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|v| spreadsheet_safe(&text_of(v)).into_owned())
                    .collect();
                w.write_record(&cells)?;
            }
            w.flush()?;
        }
        Format::Jsonl => {
            for row in &table.rows {
                let object: serde_json::Map<String, Value> = table
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(c, v)| (c.to_string(), v.clone()))
                    .collect();
                serde_json::to_writer(&mut *out, &object)?;
                out.write_all(b"\n")?;
            }
        }
        Format::Md => {
            writeln!(out, "| {} |", table.columns.join(" | "))?;
            writeln!(
                out,
                "|{}",
                table.columns.iter().map(|_| "---|").collect::<String>()
            )?;
            for row in &table.rows {
                let cells: Vec<String> = row.iter().map(|v| md_cell(&text_of(v))).collect();
                writeln!(out, "| {} |", cells.join(" | "))?;
            }
        }
    }
    Ok(())
}

/// A path as short as it can be said: relative to the working folder when inside it, else
/// with `~` for the home folder (the status line is 80 columns on many servers).
pub fn short_path(path: &std::path::Path) -> String {
    if let Ok(cwd) = std::env::current_dir()
        && let Ok(rest) = path.strip_prefix(&cwd)
        && !rest.as_os_str().is_empty()
    {
        return rest.display().to_string();
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty())
        && let Ok(rest) = path.strip_prefix(&home)
        && !rest.as_os_str().is_empty()
    {
        return format!("~/{}", rest.display());
    }
    path.display().to_string()
}

/// Write an export to a new file in `dir` (the current directory when `None`), named after
/// what it lists and when: `lede-quotes-20250207-160502.csv` (`-2`, `-3` … when taken). Returns
/// the file's path, absolute when it can be.
pub fn write_file(
    dir: Option<&std::path::Path>,
    what: What,
    format: Format,
    bytes: &[u8],
) -> io::Result<std::path::PathBuf> {
    let dir = match dir {
        Some(d) => d.to_path_buf(),
        None => std::env::current_dir()?,
    };
    std::fs::create_dir_all(&dir)?;
    let stamp = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now())
        .format("%Y%m%d-%H%M%S")
        .to_string();
    for n in 1..1000 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let path = dir.join(format!(
            "lede-{}-{stamp}{suffix}.{}",
            what.noun(),
            format.extension()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(bytes)?;
                file.sync_all()?;
                return Ok(std::fs::canonicalize(&path).unwrap_or(path));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("no free file name"))
}

/// The table in `format`, as bytes.
pub fn to_bytes(table: &Table, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(table, format, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_path_is_said_from_the_working_folder() {
        let cwd = std::env::current_dir().unwrap();
        let file = cwd.join("lede-quotes-20261202-120000.csv");
        assert_eq!(short_path(&file), "lede-quotes-20261202-120000.csv");
        let elsewhere = std::path::Path::new("/nonexistent-root-for-lede/x.csv");
        assert_eq!(short_path(elsewhere), "/nonexistent-root-for-lede/x.csv");
    }

    fn table() -> Table {
        Table {
            what: What::Quotes,
            columns: vec!["speaker", "quote", "n"],
            rows: vec![
                vec![
                    Value::String("=HYPERLINK(\"http://x\")".into()),
                    Value::String("a, \"b\" | c".into()),
                    Value::from(3),
                ],
                vec![Value::Null, Value::String("-1+2".into()), Value::from(0)],
                vec![
                    Value::String("@SUM(A1)".into()),
                    Value::String("+cmd".into()),
                    Value::from(1),
                ],
            ],
        }
    }

    #[test]
    fn csv_parses_back_and_formulas_are_escaped() {
        let bytes = to_bytes(&table(), Format::Csv);
        let mut r = csv::Reader::from_reader(bytes.as_slice());
        assert_eq!(r.headers().unwrap(), vec!["speaker", "quote", "n"]);
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|rec| rec.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(rows[0][0], "'=HYPERLINK(\"http://x\")");
        assert_eq!(rows[0][1], "a, \"b\" | c");
        assert_eq!(rows[1], ["", "'-1+2", "0"]);
        assert_eq!(rows[2][0], "'@SUM(A1)");
        assert_eq!(rows[2][1], "'+cmd");
        for row in &rows {
            for cell in row {
                assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
            }
        }
    }

    #[test]
    fn json_lines_parse_back_with_their_types() {
        let bytes = to_bytes(&table(), Format::Jsonl);
        let rows: Vec<serde_json::Value> = String::from_utf8(bytes)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0]["speaker"], "=HYPERLINK(\"http://x\")");
        assert_eq!(rows[0]["n"], 3);
        assert!(rows[1]["speaker"].is_null());
    }

    /// A quote's kind in an export is the extraction's (direct, mixed, indirect), not
    /// "direct" for every quote that is not a scare quote.
    #[test]
    fn quotes_export_their_kind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(
            &path,
            "Talks\n\nAbbas Araghchi said the talks were a good start. \
             “We will meet again next week,” said Kaja Kallas.\n",
        )
        .unwrap();
        let (inputs, _) = crate::load::expand_paths(&[path]);
        let (corpus, _) = crate::corpus::build(&inputs, Vec::new());
        let hits: Vec<QuoteHit> = (0..corpus.quotes.len() as u32)
            .map(|quote| QuoteHit {
                quote,
                relation: crate::filter::Relation::Matches,
            })
            .collect();
        let t = quotes(&corpus, &hits, &|_| false);
        let kind = t.columns.iter().position(|c| *c == "kind").unwrap();
        let mut kinds: Vec<String> = t
            .rows
            .iter()
            .map(|r| r[kind].as_str().unwrap().to_string())
            .collect();
        kinds.sort();
        assert_eq!(kinds, ["direct", "indirect"], "{:?}", corpus.quotes);
    }

    #[test]
    fn markdown_is_a_table_with_pipes_escaped() {
        let text = String::from_utf8(to_bytes(&table(), Format::Md)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "| speaker | quote | n |");
        assert_eq!(lines[1], "|---|---|---|");
        assert!(lines[2].contains("a, \"b\" \\| c"), "{}", lines[2]);
        assert_eq!(lines.len(), 5);
    }
}
