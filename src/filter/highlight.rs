//! Finding on screen exactly what the query matched: the words (or the typed prefix of a word)
//! that spell a query word within its typo budget, with the same patterns the index used.

use std::ops::Range;
use std::sync::Arc;

use crate::model::EntityKind;

use super::eval::patterns;
use super::finder::phrase_ranges_slow;
use super::index::Index;
use super::query::{Facet, Query};
use super::text::{fold_char, words};
use super::typo::WordPattern;

/// Which field a piece of text on screen comes from, to know which terms highlight it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    /// Article text.
    Body,
    Name(EntityKind),
    QuoteText,
    Speaker,
    Outlet,
}

impl Field {
    fn takes(self, facet: Facet) -> bool {
        match (self, facet) {
            (_, Facet::Any) => !matches!(self, Field::Outlet),
            (Field::Title, Facet::Title) => true,
            (Field::Body, Facet::Kind(_) | Facet::Quote | Facet::Speaker) => true,
            (Field::Name(k), Facet::Kind(f)) => k == f,
            (Field::Name(_), Facet::Speaker) => true,
            (Field::QuoteText, Facet::Quote | Facet::Kind(_)) => true,
            (Field::Speaker, Facet::Speaker | Facet::Kind(_)) => true,
            (Field::Outlet, Facet::Outlet) => true,
            _ => false,
        }
    }
}

/// Scratch space for highlighting words on screen (one per frame).
#[derive(Debug, Default)]
pub struct Fuzzy {
    buf: String,
}

/// Finds what a query matched in text on screen.
#[derive(Debug, Clone, Default)]
pub struct Highlighter {
    terms: Arc<[(Facet, Vec<WordPattern>)]>,
}

impl Highlighter {
    /// `index` tells which typed words the texts have as typed (see `WordPattern::complete`).
    pub fn new(query: &Query, index: &Index) -> Highlighter {
        let terms: Vec<(Facet, Vec<WordPattern>)> = query
            .groups
            .iter()
            .filter(|g| !g.negated && g.facet != Facet::Date)
            .flat_map(|g| {
                g.active_terms()
                    .filter(|t| !t.negated)
                    .map(move |t| (g.facet, patterns(t, false, index)))
            })
            .collect();
        Highlighter {
            terms: terms.into(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Byte ranges of `text` matched by the terms that apply to `field`, sorted and merged.
    pub fn ranges(&self, field: Field, text: &str, fuzzy: &mut Fuzzy) -> Vec<Range<usize>> {
        let mut all: Vec<Range<usize>> = Vec::new();
        for (facet, pats) in self.terms.iter() {
            if !field.takes(*facet) {
                continue;
            }
            if pats.len() > 1 {
                all.extend(phrase_ranges_slow(text, pats, usize::MAX));
            } else if let Some(p) = pats.first() {
                word_ranges(text, p, &mut fuzzy.buf, &mut all);
            }
        }
        merge(&mut all);
        all
    }

    /// Byte ranges of article text where the query's words occur.
    pub fn body_ranges(&self, text: &str) -> Vec<Range<usize>> {
        self.ranges(Field::Body, text, &mut Fuzzy::default())
    }
}

/// The part of each word of `text` that spells `pattern`.
fn word_ranges(text: &str, pattern: &WordPattern, buf: &mut String, out: &mut Vec<Range<usize>>) {
    for r in words(text) {
        let word = &text[r.clone()];
        buf.clear();
        buf.extend(word.chars().map(fold_char));
        if let Some(chars) = pattern.matched_chars(buf) {
            let end = word
                .char_indices()
                .nth(chars)
                .map_or(r.end, |(i, _)| r.start + i);
            out.push(r.start..end);
        }
    }
}

fn merge(ranges: &mut Vec<Range<usize>>) {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges.drain(..) {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    *ranges = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(h: &Highlighter, field: Field, text: &str) -> Vec<String> {
        h.ranges(field, text, &mut Fuzzy::default())
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    }

    #[test]
    fn highlights_whole_words_prefixes_and_typos() {
        let h = Highlighter::new(&Query::parse("t:talks"), &Index::default());
        assert_eq!(
            shown(&h, Field::Title, "Iran and US hold indirect talks in Oman"),
            ["talks"]
        );
        assert!(shown(&h, Field::QuoteText, "talks").is_empty());
        // The last word, still being typed, is a prefix; exclusions are not highlighted.
        let h = Highlighter::new(&Query::parse("!oman aragh"), &Index::default());
        assert_eq!(
            shown(&h, Field::Name(EntityKind::Person), "Abbas Araghchi"),
            ["Aragh"]
        );
        assert_eq!(h.body_ranges("Araghchi said Oman"), vec![0..5]);
        let h = Highlighter::new(&Query::parse("obama "), &Index::default());
        // "of global warming" spells no word within one typo of "obama".
        assert!(
            shown(
                &h,
                Field::Title,
                "Scientists analyse effects of global warming"
            )
            .is_empty()
        );
        assert_eq!(shown(&h, Field::Body, "Barack Obama’s plan"), ["Obama"]);
        let h = Highlighter::new(&Query::parse("witkof "), &Index::default());
        assert_eq!(shown(&h, Field::Body, "Steve Witkoff said"), ["Witkoff"]);
        let h = Highlighter::new(&Query::parse("\"white hou"), &Index::default());
        assert_eq!(
            shown(&h, Field::Body, "at the White House on"),
            ["White Hou"]
        );
    }
}
