//! Plain text articles: a headline-like first line is the title; a dateline opening the text is
//! recorded; web-page leftovers are dropped.

use super::boilerplate::strip_boilerplate;
use super::{LoadWarning, Loaded, shorten};
use crate::model::Article;

/// Longest first line (in characters) that still reads as a headline.
const HEADLINE_MAX_CHARS: usize = 150;
/// Titles made from the first sentence are cut to this many characters.
const DERIVED_TITLE_CHARS: usize = 90;

/// A `.txt` file: one article, or a news-database export of several.
pub fn parse_text_or_export(name: &str, text: &str) -> Loaded {
    if super::export::is_export(text) {
        super::export::parse(name, text)
    } else {
        parse(name, text)
    }
}

pub fn parse(name: &str, text: &str) -> Loaded {
    let mut loaded = Loaded::default();
    let text = text.trim_start_matches(['\n', ' ']);
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let (title, body) = if !rest.trim().is_empty() && is_headline(first) {
        (Some(first.trim().to_string()), strip_boilerplate(rest))
    } else {
        (None, strip_boilerplate(text))
    };
    if body.trim().is_empty() {
        loaded.warn(LoadWarning::new(name, "no article text, skipped"));
        return loaded;
    }
    let dateline = find_dateline(&body);
    let title = title.unwrap_or_else(|| derive_title(&body, dateline.as_ref()));
    loaded.articles.push(Article {
        id: stem(name).into(),
        title: title.into(),
        dateline: dateline.map(|d| d.text),
        body,
        path: name.to_string().into(),
        ..Article::default()
    });
    loaded
}

/// A headline is short and does not end like a sentence.
pub fn is_headline(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && line.chars().count() <= HEADLINE_MAX_CHARS
        && !line.ends_with(['.', ',', ';', ':'])
        && line.chars().next().is_some_and(|c| !c.is_lowercase())
}

/// The first sentence after any dateline, shortened.
pub fn derive_title(body: &str, dateline: Option<&Dateline>) -> String {
    let start = dateline.map_or(0, |d| d.body_start);
    let text = body[start..].lines().next().unwrap_or("").trim();
    let sentence_end = text
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?') && (i + 1 == text.len() || text[i + 1..].starts_with(' '))
        })
        .map_or(text.len(), |(i, _)| i);
    let mut title = shorten(&text[..sentence_end], DERIVED_TITLE_CHARS);
    if let Some(first) = title.chars().next() {
        title = first.to_uppercase().collect::<String>() + &title[first.len_utf8()..];
    }
    title
}

/// A dateline: where and who filed, before the story begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    pub text: String,
    /// Where the story proper starts, in bytes.
    pub body_start: usize,
}

/// Recognise "Tehran, Iran – ", "LONDON (Reuters) - ", "WASHINGTON — " or a line such as
/// "LONDON 1996-08-30" among the first two lines.
pub fn find_dateline(body: &str) -> Option<Dateline> {
    let first_line = body.lines().next()?;
    for sep in [" – ", " — ", " -- ", " - "] {
        if let Some(pos) = first_line.find(sep)
            && pos <= 60
            && looks_like_place(&first_line[..pos])
        {
            return Some(Dateline {
                text: first_line[..pos].trim().to_string(),
                body_start: pos + sep.len(),
            });
        }
    }
    let mut offset = 0;
    for line in body.lines().take(2) {
        if is_place_date_line(line) {
            return Some(Dateline {
                text: line.trim().to_string(),
                body_start: (offset + line.len() + 1).min(body.len()),
            });
        }
        offset += line.len() + 1;
    }
    None
}

/// "Tehran, Iran", "LONDON (Reuters)", "Washington D.C.": a few capitalised words.
fn looks_like_place(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && words.iter().all(|w| {
            let w = w.trim_start_matches('(').trim_end_matches([',', ')']);
            w.chars().next().is_some_and(char::is_uppercase)
        })
        && (!text.trim_end().ends_with(['.', '!', '?']) || text.trim_end().ends_with("D.C."))
}

/// "LONDON 1996-08-30" or "NEW YORK, March 3": capitals, then a date.
fn is_place_date_line(line: &str) -> bool {
    let line = line.trim();
    let Some(split) = line.find(|c: char| c.is_ascii_digit()) else {
        return false;
    };
    let (place, date) = line.split_at(split);
    let place = place.trim().trim_end_matches(',');
    !place.is_empty()
        && place.len() <= 40
        && place
            .chars()
            .all(|c| c.is_uppercase() || c == ' ' || c == '.' || c == '-' || c == '\'')
        && date.len() <= 12
        && date
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '/')
}

/// An article id from a path: the file name without its extension.
pub fn stem(name: &str) -> String {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match file.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => file.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines() {
        let d = find_dateline("Tehran, Iran – Iranian officials said.").unwrap();
        assert_eq!(d.text, "Tehran, Iran");
        assert_eq!(d.body_start, "Tehran, Iran – ".len());
        assert_eq!(
            find_dateline("LONDON (Reuters) - Shares fell.")
                .unwrap()
                .text,
            "LONDON (Reuters)"
        );
        assert_eq!(
            find_dateline("HEADLINE HERE.\nLONDON 1996-08-30\nText.")
                .unwrap()
                .text,
            "LONDON 1996-08-30"
        );
        assert_eq!(
            find_dateline("The talks went well - or so they said."),
            None
        );
    }

    #[test]
    fn headlines() {
        assert!(is_headline("Iran and US hold talks in Oman"));
        assert!(!is_headline(
            "Iranian officials described the talks as positive."
        ));
    }
}
