//! Finding query words in article text fast, for the two checks that must read text: that a
//! phrase's words stand together, and how close together the query's words stand. The folded
//! words are searched as bytes, ignoring ASCII case (aho-corasick, SIMD where it can), and each
//! hit is checked at word boundaries, instead of cutting the whole text into folded words.
//! Text with accented letters ("Côte") folds differently from its bytes, so it is cut into
//! words as before (`text::words`); callers say which texts those are.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::text::{fold_char, words};
use super::typo::{Class, WordPattern};

/// Is there a word character just before byte `at` of `text`?
fn word_before(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|t| t.chars().next_back())
        .is_some_and(char::is_alphanumeric)
}

/// Is there a word character at byte `at` of `text`?
fn word_at(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|t| t.chars().next())
        .is_some_and(char::is_alphanumeric)
}

/// Does folded word `word` match `pattern` exactly or as a prefix (no typos)?
fn plain_match(pattern: &WordPattern, word: &str) -> bool {
    pattern.classify(word).is_some_and(|c| c <= Class::Prefix)
}

/// Searches text for the start of a phrase (its first word) or for several words at once.
pub struct Finder {
    searcher: Option<AhoCorasick>,
}

impl Finder {
    /// A finder for `words` (folded); `None` inside when a word is not ASCII (then only the
    /// slow path is right) or the automaton cannot be built.
    pub fn new(words: &[&str]) -> Finder {
        let searcher = if words.iter().all(|w| w.is_ascii() && !w.is_empty()) {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .build(words)
                .ok()
        } else {
            None
        };
        Finder { searcher }
    }

    /// Can byte search be trusted for this text (ASCII words sought, text not `accented`)?
    fn usable(&self, accented: bool) -> Option<&AhoCorasick> {
        self.searcher.as_ref().filter(|_| !accented)
    }
}

/// The byte ranges where a phrase (several patterns, each word next to the last) occurs in
/// `text`, at most `limit`.
pub fn phrase_ranges(
    text: &str,
    patterns: &[WordPattern],
    finder: &Finder,
    accented: bool,
    limit: usize,
) -> Vec<Range<usize>> {
    let Some(ac) = finder.usable(accented) else {
        return phrase_ranges_slow(text, patterns, limit);
    };
    let mut found = Vec::new();
    let Some(first) = patterns.first() else {
        return found;
    };
    let mut buf = String::new();
    for m in ac.find_overlapping_iter(text) {
        let start = m.start();
        if word_before(text, start) {
            continue;
        }
        if let Some(r) = phrase_at(text, start, patterns, first, &mut buf) {
            found.push(r);
            if found.len() >= limit {
                break;
            }
        }
    }
    found
}

/// The phrase starting at byte `start` (where its first word was found), if it is there.
fn phrase_at(
    text: &str,
    start: usize,
    patterns: &[WordPattern],
    first: &WordPattern,
    buf: &mut String,
) -> Option<Range<usize>> {
    let rest = text.get(start..)?;
    let mut ws = words(rest);
    let mut end = start;
    for (i, p) in patterns.iter().enumerate() {
        let r = ws.next()?;
        buf.clear();
        buf.extend(rest[r.clone()].chars().map(fold_char));
        if (i == 0 && !plain_match(first, buf)) || p.classify(buf).is_none() {
            return None;
        }
        end = start + r.end;
        if i + 1 == patterns.len() {
            let chars = p.matched_chars(buf).unwrap_or(0);
            end = rest[r.clone()]
                .char_indices()
                .nth(chars)
                .map_or(end, |(j, _)| start + r.start + j);
        }
    }
    Some(start..end)
}

/// [`phrase_ranges`] by cutting the whole text into folded words.
pub fn phrase_ranges_slow(text: &str, patterns: &[WordPattern], limit: usize) -> Vec<Range<usize>> {
    let n = patterns.len();
    let mut found = Vec::new();
    if n == 0 {
        return found;
    }
    let mut window: std::collections::VecDeque<Range<usize>> =
        std::collections::VecDeque::with_capacity(n);
    let mut buf = String::new();
    for r in words(text) {
        if window.len() == n {
            window.pop_front();
        }
        window.push_back(r);
        if window.len() < n {
            continue;
        }
        let all = window.iter().zip(patterns).all(|(w, p)| {
            buf.clear();
            buf.extend(text[w.clone()].chars().map(fold_char));
            p.classify(&buf).is_some()
        });
        if all {
            let first = window[0].start;
            let last = &window[n - 1];
            buf.clear();
            buf.extend(text[last.clone()].chars().map(fold_char));
            let chars = patterns[n - 1].matched_chars(&buf).unwrap_or(0);
            let end = text[last.clone()]
                .char_indices()
                .nth(chars)
                .map_or(last.end, |(i, _)| last.start + i);
            found.push(first..end);
            if found.len() >= limit {
                break;
            }
        }
    }
    found
}

/// How the query's words stand in a text: the shortest stretch (in bytes) holding an exact or
/// prefix match of each pattern (`usize::MAX` when one is not found that way), and how many
/// such matches there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrences {
    pub span: usize,
    pub hits: usize,
}

/// The [`Occurrences`] of `patterns` in `text`; `finder` searches for the patterns' words, in
/// the same order.
pub fn occurrences(
    text: &str,
    patterns: &[&WordPattern],
    finder: &Finder,
    accented: bool,
) -> Occurrences {
    let n = patterns.len();
    let mut last_seen: Vec<Option<usize>> = vec![None; n];
    let mut best = usize::MAX;
    let mut hits = 0;
    let mut note = |g: usize, at: usize, last_seen: &mut Vec<Option<usize>>| {
        hits += 1;
        last_seen[g] = Some(at);
        if let Some(all) = last_seen.iter().copied().collect::<Option<Vec<usize>>>() {
            let lo = all.iter().min().copied().unwrap_or(at);
            best = best.min(at - lo + 1);
        }
    };
    let mut buf = String::new();
    match finder.usable(accented) {
        Some(ac) => {
            for m in ac.find_overlapping_iter(text) {
                let (g, start) = (m.pattern().as_usize(), m.start());
                if word_before(text, start) {
                    continue;
                }
                let p = patterns[g];
                // A whole word must end where the match ends.
                if !p.open && word_at(text, m.end()) {
                    continue;
                }
                note(g, start, &mut last_seen);
            }
        }
        None => {
            for r in words(text) {
                buf.clear();
                buf.extend(text[r.clone()].chars().map(fold_char));
                for (g, p) in patterns.iter().enumerate() {
                    if plain_match(p, &buf) {
                        note(g, r.start, &mut last_seen);
                    }
                }
            }
        }
    }
    Occurrences { span: best, hits }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pats(words: &[&str], open: bool) -> Vec<WordPattern> {
        let n = words.len();
        words
            .iter()
            .enumerate()
            .map(|(i, w)| WordPattern::new(w, open && i + 1 == n, 0))
            .collect()
    }

    #[test]
    fn fast_and_slow_phrase_search_agree() {
        let texts = [
            "At the White House, the white   house cat.",
            "Whitehouse and white-house and WHITE HOUSEHOLD",
            "a white\nhouse",
            "no phrase here",
            "Côte d’Ivoire: the white house",
        ];
        for open in [false, true] {
            let p = pats(&["white", "house"], open);
            let finder = Finder::new(&["white"]);
            for t in texts {
                assert_eq!(
                    phrase_ranges(t, &p, &finder, false, usize::MAX),
                    phrase_ranges_slow(t, &p, usize::MAX),
                    "{t:?} open={open}"
                );
            }
        }
        let p = pats(&["white", "hou"], true);
        let r = phrase_ranges("the White House", &p, &Finder::new(&["white"]), false, 9);
        assert_eq!(r, vec![4..13]);
    }

    #[test]
    fn closeness_in_bytes_and_hits() {
        let p = pats(&["new"], false);
        let q = pats(&["york"], false);
        let both = [&p[0], &q[0]];
        let finder = Finder::new(&["new", "york"]);
        let near = "in New York today";
        let far = "new plans for the city of York";
        let span = |t: &str, accented| occurrences(t, &both, &finder, accented).span;
        assert!(span(near, false) < span(far, false));
        assert_eq!(span("newyork", false), usize::MAX);
        assert_eq!(span(near, false), span(near, true));
        assert_eq!(
            occurrences("New York, new york, York", &both, &finder, false).hits,
            5
        );
    }
}
