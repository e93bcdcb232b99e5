//! Web-page leftovers in scraped text ("Recommended stories", "3 List of itemsEnd of list").
//! The phrases are data (assets/gazetteer/boilerplate_lines.tsv); a line is dropped only when it
//! consists of nothing but such phrases and counts.

use std::sync::LazyLock;

/// The phrases in lower case (all ASCII), by their first byte, longest first within each
/// first byte so "Related stories" wins over "Related". A line is compared with the few
/// phrases that start like it, ignoring ASCII case in place: no lower-cased copy of every
/// line of every article (in a folder of text files that was a quarter of the reading time).
static PHRASES: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
    let mut by_first: Vec<Vec<String>> = vec![Vec::new(); 128];
    for phrase in crate::extract::gazetteer::data_lines(include_str!(
        "../../assets/gazetteer/boilerplate_lines.tsv"
    ))
    .map(|line| line.trim().to_ascii_lowercase())
    .filter(|p| !p.is_empty())
    {
        assert!(phrase.is_ascii(), "boilerplate phrases are ASCII: {phrase}");
        by_first[usize::from(phrase.as_bytes()[0])].push(phrase);
    }
    for list in &mut by_first {
        list.sort_by_key(|p| std::cmp::Reverse(p.len()));
    }
    by_first
});

/// The length of the longest phrase `text` starts with, ignoring ASCII case.
fn phrase_at(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let first = bytes.first()?.to_ascii_lowercase();
    PHRASES
        .get(usize::from(first))?
        .iter()
        .find(|p| {
            bytes
                .get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p.as_bytes()))
        })
        .map(String::len)
}

/// True when the whole line is web-page furniture rather than article text.
pub fn is_boilerplate_line(line: &str) -> bool {
    let mut rest = line.trim();
    if rest.is_empty() {
        return false;
    }
    let mut matched_phrase = false;
    loop {
        rest = rest.trim_start_matches(|c: char| {
            c.is_ascii_digit() || c.is_whitespace() || c == '|' || c == '·'
        });
        if rest.is_empty() {
            return matched_phrase;
        }
        match phrase_at(rest) {
            // The phrase is ASCII, so its length ends on a character boundary.
            Some(len) => {
                rest = &rest[len..];
                rest = rest.trim_start_matches([':', '.', '»', '›', '>']);
                matched_phrase = true;
            }
            None => return false,
        }
    }
}

/// The text without its boilerplate lines. Paragraph structure is kept.
/// Built in one buffer the size of the text, trimmed in place (a large article is held once
/// more here, not three times).
pub fn strip_boilerplate(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for line in text.lines() {
        if is_boilerplate_line(line) {
            continue;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    let end = out.trim_end_matches('\n').len();
    out.truncate(end);
    let start = out.len() - out.trim_start_matches('\n').len();
    out.drain(..start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_lines_made_only_of_known_phrases_and_counts() {
        assert!(is_boilerplate_line("Recommended stories"));
        assert!(is_boilerplate_line("3 List of itemsEnd of list"));
        assert!(is_boilerplate_line("  ADVERTISEMENT "));
        assert!(!is_boilerplate_line(
            "Recommended stories are a feature of the site."
        ));
        assert!(!is_boilerplate_line("3 people were killed"));
        assert!(!is_boilerplate_line("red line"));
        // Any case; text that merely starts like a phrase is kept.
        assert!(is_boilerplate_line("RECOMMENDED STORIES"));
        assert!(is_boilerplate_line("Advertisement · 2 Share"));
        assert!(!is_boilerplate_line("Advertisement für Zürich"));
        assert!(!is_boilerplate_line("Ádvertisement"));
    }
}
