//! JSON (one object, an array of objects, or an API response holding an array of articles) and
//! JSON Lines, with the field names real news dumps and APIs use (NewsAPI, the Guardian, the
//! New York Times, Elasticsearch). A field's HTML (the Guardian's `fields.body`) is read as
//! HTML; any other text is the field unchanged apart from sanitising.

use serde_json::{Map, Value};

use super::html::fragment_text;
use super::sanitize::sanitize_line;
use super::text::{derive_title, find_dateline, stem};
use super::{LoadWarning, Loaded};
use crate::model::Article;

/// Field names, first found wins. Matched without regard to case, `_`, `-` or spaces
/// (`published_at`, `publishedAt` and a CSV's "Published At" are one name); a dotted name
/// follows nested objects.
pub const TITLE_FIELDS: &[&str] = &["title", "headline", "webTitle"];
pub const BODY_FIELDS: &[&str] = &[
    "body",
    "text",
    "content",
    "article",
    "maintext",
    "bodyText",
    "fields.bodyText",
    "fields.body",
    "description",
    "lead_paragraph",
    "abstract",
    "summary",
];
const DATE_FIELDS: &[&str] = &[
    "date",
    "published",
    "published_at",
    "date_publish",
    "pub_date",
    "webPublicationDate",
    "datePublished",
    "publication_date",
];
const URL_FIELDS: &[&str] = &["url", "link", "web_url", "webUrl", "canonical_url"];
const AUTHOR_FIELDS: &[&str] = &["author", "authors", "byline", "fields.byline", "creator"];
const OUTLET_FIELDS: &[&str] = &[
    "source",
    "outlet",
    "source_domain",
    "publisher",
    "site_name",
];
const ID_FIELDS: &[&str] = &["id", "_id", "uuid"];

/// Where API responses and exports keep their articles.
const CONTAINERS: &[&str] = &[
    "articles",
    "results",
    "data",
    "items",
    "docs",
    "documents",
    "stories",
    "posts",
    "entries",
    "records",
    "response.docs",
    "response.results",
    "hits.hits",
];

/// Inside an object, these name the part that holds a value (NewsAPI's `source.name`, the
/// NYT's `headline.main` and `byline.original`).
const INNER_NAMES: &[&str] = &["name", "main", "original", "value", "text"];

pub fn sniff_json(head: &[u8]) -> bool {
    matches!(first_byte(head), Some(b'[' | b'{'))
}

/// JSON Lines when one of the first lines is a whole object on its own (a pretty-printed
/// document has none such); a broken first record does not make it one JSON document.
pub fn sniff_json_lines(head: &[u8]) -> bool {
    if first_byte(head) != Some(b'{') {
        return false;
    }
    let mut lines = head.split(|&b| b == b'\n').peekable();
    let mut looked = 0;
    while let Some(line) = lines.next() {
        if lines.peek().is_none() && head.len() >= super::format::SNIFF_BYTES {
            break; // cut short by the end of the sample
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if matches!(serde_json::from_slice::<Value>(line), Ok(Value::Object(_))) {
            return true;
        }
        looked += 1;
        if looked >= 100 {
            break;
        }
    }
    false
}

fn first_byte(head: &[u8]) -> Option<u8> {
    head.iter().copied().find(|b| !b.is_ascii_whitespace())
}

pub fn parse_json(name: &str, text: &str) -> Loaded {
    let mut loaded = Loaded::default();
    let stem = stem(name);
    let items = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => items,
        Ok(Value::Object(mut object)) => match take_container(&mut object) {
            Some(items) => items,
            None => {
                push_object(&mut loaded, name, None, &stem, Value::Object(object));
                return loaded;
            }
        },
        Ok(_) => {
            loaded.warn(LoadWarning::new(
                name,
                "JSON is neither an object nor an array of objects, skipped",
            ));
            return loaded;
        }
        Err(err) => {
            loaded.warn(LoadWarning::new(
                name,
                format!(
                    "not valid JSON (line {}, column {}): {err}",
                    err.line(),
                    err.column()
                ),
            ));
            return loaded;
        }
    };
    for (index, item) in items.into_iter().enumerate() {
        let id = format!("{stem}[{index}]");
        push_object(&mut loaded, name, Some(index + 1), &id, item);
    }
    loaded
}

/// The array of articles an API response holds, taken out of it.
fn take_container(object: &mut Map<String, Value>) -> Option<Vec<Value>> {
    let path = CONTAINERS.iter().find(|path| {
        let mut parts = path.split('.');
        let mut value = parts.next().and_then(|first| object.get(first));
        for part in parts {
            value = value.and_then(|v| v.get(part));
        }
        matches!(value, Some(Value::Array(items)) if items.iter().any(Value::is_object))
    })?;
    let mut parts = path.split('.');
    let mut value = object.get_mut(parts.next()?)?;
    for part in parts {
        value = value.get_mut(part)?;
    }
    match value {
        Value::Array(items) => Some(std::mem::take(items)),
        _ => None,
    }
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
        Err(err) => loaded.warn(LoadWarning::at_line(
            name,
            line_no,
            format!("malformed JSON, line skipped: {err}"),
        )),
    }
}

/// One record (a JSON object, a CSV row) as an article, or a warning naming it.
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
    let Value::Object(mut object) = value else {
        loaded.warn(warn("not a JSON object, skipped"));
        return;
    };
    // An Elasticsearch hit: the document is its `_source`, its id `_id`.
    if let Some(Value::Object(source)) = object.remove("_source") {
        let id = object.remove("_id");
        object = source;
        if let Some(id) = id {
            object.entry("_id").or_insert(id);
        }
    }
    let fields = Fields::of(&object);
    // Sanitised before the emptiness check: a body of nothing but zero-width or control
    // characters is no text.
    let Some(body) = fields
        .body()
        .map(|b| super::sanitize::sanitize(&b).into_owned())
        .filter(|b| !b.trim().is_empty())
    else {
        loaded.warn(warn(&format!(
            "no text field ({}), skipped",
            BODY_FIELDS.join("|")
        )));
        return;
    };
    let dateline = find_dateline(&body);
    let title = fields
        .get(TITLE_FIELDS)
        .map(|t| sanitize_line(&t))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| derive_title(&body, dateline.as_ref()));
    let id = fields
        .get(ID_FIELDS)
        .map(|id| sanitize_line(&id))
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| fallback_id.to_string());
    let meta = |names: &[&str]| {
        fields
            .get(names)
            .map(|v| sanitize_line(&v))
            .filter(|v| !v.is_empty())
    };
    loaded.articles.push(Article {
        id: id.into(),
        title: title.into(),
        dateline: dateline.map(|d| d.text),
        date: meta(DATE_FIELDS),
        url: meta(URL_FIELDS),
        author: meta(AUTHOR_FIELDS).map(|a| strip_by(&a).to_string()),
        outlet: meta(OUTLET_FIELDS),
        body,
        path: name.to_string().into(),
    });
}

/// An object's fields by normalised name.
struct Fields<'a> {
    by_name: Vec<(String, &'a Value)>,
}

impl<'a> Fields<'a> {
    fn of(object: &'a Map<String, Value>) -> Self {
        Fields {
            by_name: object.iter().map(|(k, v)| (normalise(k), v)).collect(),
        }
    }

    fn value(&self, path: &str) -> Option<&'a Value> {
        let mut parts = path.split('.');
        let first = normalise(parts.next()?);
        let mut value = self
            .by_name
            .iter()
            .find(|(k, _)| *k == first)
            .map(|(_, v)| *v)?;
        for part in parts {
            let part = normalise(part);
            let Value::Object(inner) = value else {
                return None;
            };
            value = inner
                .iter()
                .find(|(k, _)| normalise(k) == part)
                .map(|(_, v)| v)?;
        }
        Some(value)
    }

    /// The first of `names` present as text.
    fn get(&self, names: &[&str]) -> Option<String> {
        names.iter().find_map(|name| {
            self.value(name)
                .and_then(as_text)
                .filter(|t| !t.trim().is_empty())
        })
    }

    /// The article text: HTML read as HTML, NewsAPI's "… [+1234 chars]" cut off.
    fn body(&self) -> Option<String> {
        let text = self.get(BODY_FIELDS)?;
        // Text that only looked like HTML (a stray "<p" and an unclosed "<script>") keeps its
        // characters rather than vanish; so does text whose markup left nothing visible (an
        // escape sequence before an unclosed share bar is no article).
        let visible = |t: &str| !super::sanitize::sanitize(t).trim().is_empty();
        let text = match looks_like_html(&text).then(|| fragment_text(&text)) {
            Some(html_text) if visible(&html_text) => html_text,
            _ => text,
        };
        Some(strip_truncation_note(&text).to_string())
    }
}

/// Whether a column or key names the article text.
pub fn is_body_field(name: &str) -> bool {
    let name = normalise(name);
    BODY_FIELDS.iter().any(|f| normalise(f) == name)
}

/// `publishedAt`, `published_at` and "Published At" alike.
fn normalise(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A value as text: a string; a number; a list joined with commas; an object's name.
fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(as_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Object(inner) => INNER_NAMES
            .iter()
            .find_map(|k| inner.get(*k).and_then(Value::as_str))
            .map(str::to_string),
        _ => None,
    }
}

fn looks_like_html(text: &str) -> bool {
    let head = &text[..text.floor_char_boundary(4096)];
    ["<p>", "<p ", "</p>", "<br", "</div>", "<div"]
        .iter()
        .any(|tag| head.contains(tag))
}

/// "By David E. Sanger" as bylines print it: the name without the "By".
pub fn strip_by(author: &str) -> &str {
    ["By ", "BY ", "by "]
        .iter()
        .find_map(|p| author.strip_prefix(p))
        .map_or(author, str::trim)
}

/// NewsAPI cuts `content` at 200 characters and appends "… [+1234 chars]".
fn strip_truncation_note(text: &str) -> &str {
    let trimmed = text.trim_end();
    if let Some(open) = trimmed.rfind(" [+")
        && trimmed.ends_with(" chars]")
        && trimmed[open + 3..trimmed.len() - 7]
            .chars()
            .all(|c| c.is_ascii_digit())
    {
        return trimmed[..open].trim_end();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_json_lines_past_a_broken_first_record() {
        assert!(sniff_json_lines(b"{broken\n{\"text\": \"ok\"}\n"));
        assert!(!sniff_json_lines(b"{\n  \"text\": \"pretty\"\n}\n"));
        assert!(!sniff_json_lines(b"[{\"text\": \"a\"}]"));
    }

    #[test]
    fn markup_that_leaves_nothing_visible_keeps_the_text() {
        // Found by tests/properties.rs: an escape sequence before an unclosed share bar was
        // the only "text" of the HTML reading, which sanitising then emptied.
        let record = r#"{"text": "\u001b\\<div class=\"share\"> Abbas Araghchi said hello."}"#;
        let loaded = crate::load::parse_bytes("a.json", record.as_bytes(), None);
        assert_eq!(loaded.articles.len(), 1, "{:?}", loaded.warnings);
        assert!(
            loaded.articles[0]
                .body
                .contains("Abbas Araghchi said hello.")
        );
    }

    #[test]
    fn newsapi_truncation_notes() {
        assert_eq!(
            strip_truncation_note("Talks resumed in Muscat on Friday… [+3456 chars]"),
            "Talks resumed in Muscat on Friday…"
        );
        assert_eq!(
            strip_truncation_note("plain [+x chars]"),
            "plain [+x chars]"
        );
    }
}
