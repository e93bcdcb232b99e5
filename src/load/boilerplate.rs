//! Web-page leftovers in scraped text ("Recommended stories", "3 List of itemsEnd of list").
//! The phrases are data (assets/gazetteer/boilerplate_lines.tsv); a line is dropped only when it
//! consists of nothing but such phrases and counts.

use std::sync::LazyLock;

static PHRASES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut phrases: Vec<String> = crate::extract::gazetteer::data_lines(include_str!(
        "../../assets/gazetteer/boilerplate_lines.tsv"
    ))
    .map(|line| line.trim().to_lowercase())
    .filter(|p| !p.is_empty())
    .collect();
    // Longest first, so "Related stories" wins over "Related".
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    phrases
});

/// True when the whole line is web-page furniture rather than article text.
pub fn is_boilerplate_line(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    if lower.is_empty() {
        return false;
    }
    let mut rest = lower.as_str();
    let mut matched_phrase = false;
    loop {
        rest = rest.trim_start_matches(|c: char| {
            c.is_ascii_digit() || c.is_whitespace() || c == '|' || c == '·'
        });
        if rest.is_empty() {
            return matched_phrase;
        }
        match PHRASES.iter().find(|p| rest.starts_with(p.as_str())) {
            Some(p) => {
                rest = &rest[p.len()..];
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
    }
}
