//! JSON (one object or an array of objects) and JSON Lines, with the field names that real news
//! dumps use. For JSON input the body is the text field unchanged (apart from sanitising).

use serde_json::{Map, Value};

use super::sanitize::sanitize_line;
use super::text::{derive_title, find_dateline, stem};
use super::{LoadWarning, Loaded};
use crate::model::Article;

const TITLE_FIELDS: &[&str] = &["title", "headline"];
const BODY_FIELDS: &[&str] = &["body", "text", "content", "article", "maintext"];
const DATE_FIELDS: &[&str] = &["date", "published", "published_at", "date_publish"];
const URL_FIELDS: &[&str] = &["url", "link"];
const AUTHOR_FIELDS: &[&str] = &["author", "authors", "byline"];
const OUTLET_FIELDS: &[&str] = &["source", "outlet", "source_domain"];

pub fn parse_json(name: &str, text: &str) -> Loaded {
    let mut loaded = Loaded::default();
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => {
            for (index, item) in items.into_iter().enumerate() {
                let id = format!("{}[{index}]", stem(name));
                push_object(&mut loaded, name, None, &id, item);
            }
        }
        Ok(item @ Value::Object(_)) => push_object(&mut loaded, name, None, &stem(name), item),
        Ok(_) => loaded.warnings.push(LoadWarning::new(
            name,
            "JSON is neither an object nor an array of objects, skipped",
        )),
        Err(err) => loaded.warnings.push(LoadWarning::new(
            name,
            format!(
                "not valid JSON (line {}, column {}): {err}",
                err.line(),
                err.column()
            ),
        )),
    }
    loaded
}

pub fn parse_json_lines(name: &str, text: &str) -> Loaded {
    let mut loaded = Loaded::default();
    let stem = stem(name);
    for (index, line) in text.lines().enumerate() {
        if !line.trim().is_empty() {
            parse_line(&mut loaded, name, &stem, index + 1, line);
        }
    }
    loaded
}

/// One JSON Lines record: an article with the id `stem:line`, or a warning naming the line.
pub(super) fn parse_line(loaded: &mut Loaded, name: &str, stem: &str, line_no: usize, line: &str) {
    match serde_json::from_str::<Value>(line) {
        Ok(value) => {
            let id = format!("{stem}:{line_no}");
            push_object(loaded, name, Some(line_no), &id, value);
        }
        Err(err) => loaded.warnings.push(LoadWarning::at_line(
            name,
            line_no,
            format!("malformed JSON, line skipped: {err}"),
        )),
    }
}

pub(super) fn push_object(
    loaded: &mut Loaded,
    name: &str,
    line: Option<usize>,
    fallback_id: &str,
    value: Value,
) {
    let warn = |message: &str| match line {
        Some(line) => LoadWarning::at_line(name, line, message),
        None => LoadWarning::new(name, message),
    };
    let Value::Object(object) = value else {
        loaded.warnings.push(warn("not a JSON object, skipped"));
        return;
    };
    // Sanitised before the emptiness check: a body of nothing but zero-width or control
    // characters is no text.
    let Some(body) = field(&object, BODY_FIELDS)
        .map(|b| super::sanitize::sanitize(&b).into_owned())
        .filter(|b| !b.trim().is_empty())
    else {
        loaded.warnings.push(warn(&format!(
            "no text field ({}), skipped",
            BODY_FIELDS.join("|")
        )));
        return;
    };
    let dateline = find_dateline(&body);
    let title = field(&object, TITLE_FIELDS)
        .map(|t| sanitize_line(&t))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| derive_title(&body, dateline.as_ref()));
    let id = object
        .get("id")
        .and_then(|v| match v {
            Value::String(s) => Some(sanitize_line(s)),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| fallback_id.to_string());
    let meta = |fields: &[&str]| field(&object, fields).map(|v| sanitize_line(&v));
    loaded.articles.push(Article {
        id,
        title,
        dateline: dateline.map(|d| d.text),
        date: meta(DATE_FIELDS),
        url: meta(URL_FIELDS),
        author: meta(AUTHOR_FIELDS),
        outlet: meta(OUTLET_FIELDS),
        body,
        path: name.to_string(),
    });
}

/// The first of `names` present as a string (or a list of strings, joined).
fn field(object: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| match object.get(*name)? {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => {
            let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}
