//! Finding query words in article text fast, for the two checks that must read text: that a
//! phrase's words stand together, and how close together the query's words stand. The folded
//! words are searched as bytes, ignoring ASCII case (a `regex` of the words as literals: its
//! literal search tries their case variants at once with SIMD, a few times faster on news than
//! aho-corasick's case-blind search, which stops at every letter the words start with), and
//! each hit is checked at word boundaries, instead of cutting the whole text into folded words.
//! Words with letters beyond ASCII ("Côte") fold differently from their bytes: those alone
//! are found by a scan for non-ASCII bytes and folded one by one.

use std::ops::Range;

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
    /// The words as one case-blind pattern, longest first (so that of two words starting at
    /// the same place the longer is found), and the words in the caller's order.
    searcher: Option<(regex::bytes::Regex, Vec<String>)>,
}

impl Finder {
    /// A finder for `words` (folded); `None` inside when a word is not ASCII (then only the
    /// slow path is right) or the pattern cannot be built.
    pub fn new(words: &[&str]) -> Finder {
        let searcher = if !words.is_empty() && words.iter().all(|w| w.is_ascii() && !w.is_empty()) {
            let mut longest_first: Vec<&str> = words.to_vec();
            longest_first.sort_by_key(|w| std::cmp::Reverse(w.len()));
            let alternatives: Vec<String> =
                longest_first.iter().map(|w| regex::escape(w)).collect();
            regex::bytes::RegexBuilder::new(&format!("(?i-u:{})", alternatives.join("|")))
                .unicode(false)
                .build()
                .ok()
                .map(|re| (re, words.iter().map(|w| w.to_string()).collect()))
        } else {
            None
        };
        Finder { searcher }
    }
}

/// Where `re` finds one of `words` in `text`: (start, end, which word: the first written as
/// found, ignoring ASCII case).
fn find_words<'t>(
    re: &'t regex::bytes::Regex,
    words: &'t [String],
    text: &'t str,
) -> impl Iterator<Item = (usize, usize, usize)> + 't {
    re.find_iter(text.as_bytes()).filter_map(move |m| {
        let g = words
            .iter()
            .position(|w| w.as_bytes().eq_ignore_ascii_case(m.as_bytes()))?;
        Some((m.start(), m.end(), g))
    })
}

/// Can a character starting with this UTF-8 byte fold to an ASCII letter? Latin letters with
/// diacritics (U+00C0–U+027F), Latin Extended Additional (U+1E00–U+1EFF) and fullwidth forms;
/// not punctuation (curly quotes, dashes) nor other scripts.
fn may_fold_to_ascii(lead: u8) -> bool {
    matches!(lead, 0xC3..=0xC9 | 0xE1 | 0xEF)
}

/// Does a word have a letter beyond ASCII that may fold to ASCII ("Côte")? Texts without such
/// a word need no scan for them.
pub fn folds_to_ascii(word: &str) -> bool {
    !word.is_ascii() && word.bytes().any(may_fold_to_ascii)
}

/// The first byte at or after `from` that may start a letter folding to ASCII: 64 bytes are
/// tested at a time without branching (so the compiler can use vector instructions), and only a
/// block with such a byte is searched.
fn next_folding_lead(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while at < bytes.len() {
        let block = &bytes[at..(at + 64).min(bytes.len())];
        if block
            .iter()
            .fold(false, |any, &b| any | may_fold_to_ascii(b))
        {
            return block
                .iter()
                .position(|&b| may_fold_to_ascii(b))
                .map(|p| at + p);
        }
        at += block.len();
    }
    None
}

/// The words of `text` with a letter that may fold to ASCII (which byte search for folded
/// ASCII words misses: "Côte" is the word "cote"), found by scanning for their lead bytes.
fn accented_words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            // Lead bytes never occur inside a character, so `j` starts one.
            let j = next_folding_lead(bytes, i)?;
            let c = text.get(j..)?.chars().next()?;
            if !c.is_alphanumeric() {
                i = j + c.len_utf8();
                continue;
            }
            let start = text[..j]
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphanumeric())
                .last()
                .map_or(j, |(k, _)| k);
            let end = text[j..]
                .char_indices()
                .find(|(_, c)| !c.is_alphanumeric())
                .map_or(text.len(), |(k, _)| j + k);
            i = end;
            return Some(start..end);
        }
    })
}

/// The folded first character of a word.
fn initial(word: &str) -> Option<char> {
    word.chars().next().map(fold_char)
}

/// The byte ranges where a phrase (several patterns, each word next to the last) occurs in
/// `text`, at most `limit`. `folds` says whether the text may have words with letters that
/// fold to ASCII ([`folds_to_ascii`]; when in doubt, true).
pub fn phrase_ranges(
    text: &str,
    patterns: &[WordPattern],
    finder: &Finder,
    folds: bool,
    limit: usize,
) -> Vec<Range<usize>> {
    let Some((re, words)) = &finder.searcher else {
        return phrase_ranges_slow(text, patterns, limit);
    };
    let mut found = Vec::new();
    let Some(first) = patterns.first() else {
        return found;
    };
    let want = first.text.chars().next();
    // Where the first word may start: its bytes, ignoring case; or an accented word.
    let mut starts: Vec<usize> = find_words(re, words, text)
        .map(|(start, ..)| start)
        .filter(|&s| !word_before(text, s))
        .collect();
    let ascii = starts.len();
    if folds {
        starts.extend(
            accented_words(text)
                .filter(|w| initial(&text[w.clone()]) == want)
                .map(|w| w.start),
        );
    }
    if starts.len() > ascii {
        starts.sort_unstable();
        starts.dedup();
    }
    let mut buf = String::new();
    for start in starts {
        if let Some(r) = phrase_at(text, start, patterns, first, &mut buf) {
            found.push(r);
            if found.len() >= limit {
                break;
            }
        }
    }
    found
}

/// The phrase at byte `start` of `text` (where an earlier search found the same phrase typed
/// less far), if it is still there.
pub fn phrase_again(text: &str, start: usize, patterns: &[WordPattern]) -> Option<Range<usize>> {
    let first = patterns.first()?;
    phrase_at(text, start, patterns, first, &mut String::new())
}

/// The phrase found at `earlier` with `added` (ASCII) letters typed at the end of its last
/// word, and that word now `closed` (whole) or not: `Some(None)` when the text says no,
/// `None` when the text there is not ASCII and only [`phrase_again`] can tell (letters beyond
/// ASCII may fold to the added ones).
pub fn phrase_extended(
    text: &str,
    earlier: &Range<usize>,
    added: &str,
    closed: bool,
) -> Option<Option<Range<usize>>> {
    let end = earlier.end + added.len();
    let bytes = text.as_bytes().get(earlier.end..)?;
    let next = bytes.get(..added.len() + 1).unwrap_or(bytes);
    Some(extended(next, added, closed)?.then_some(earlier.start..end))
}

/// Does the text that follows a place (`next`: the `added.len() + 1` bytes after it, fewer
/// where the text ends) go on with the `added` letters, and end the word there if `closed`?
/// `None` when those bytes are not ASCII (see [`phrase_extended`]).
pub fn extended(next: &[u8], added: &str, closed: bool) -> Option<bool> {
    if !next.is_ascii() {
        return None;
    }
    let spelt =
        next.len() >= added.len() && next[..added.len()].eq_ignore_ascii_case(added.as_bytes());
    let whole = !next.get(added.len()).is_some_and(u8::is_ascii_alphanumeric);
    Some(spelt && (whole || !closed))
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

/// [`phrase_ranges`] by cutting the whole text into words; only words whose first letter
/// folds to the phrase's are folded whole and checked (a phrase's first word is matched
/// exactly or as a prefix, never with a typo).
pub fn phrase_ranges_slow(text: &str, patterns: &[WordPattern], limit: usize) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let Some(first) = patterns.first() else {
        return found;
    };
    let Some(initial) = first.text.chars().next() else {
        return found;
    };
    let mut buf = String::new();
    for r in words(text) {
        if text[r.clone()].chars().next().map(fold_char) != Some(initial) {
            continue;
        }
        if let Some(range) = phrase_at(text, r.start, patterns, first, &mut buf) {
            found.push(range);
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

impl Occurrences {
    /// From the sorted (byte offset, pattern) matches of `patterns` patterns: the narrowest
    /// window holding one match of each, and the number of matches.
    fn of_events(events: &[(usize, usize)], patterns: usize) -> Occurrences {
        let mut last_seen: Vec<Option<usize>> = vec![None; patterns];
        let mut span = usize::MAX;
        for &(at, g) in events {
            last_seen[g] = Some(at);
            let mut lo = at;
            if last_seen
                .iter()
                .all(|seen| seen.inspect(|&v| lo = lo.min(v)).is_some())
            {
                span = span.min(at - lo + 1);
            }
        }
        Occurrences {
            span,
            hits: events.len(),
        }
    }
}

/// The [`Occurrences`] of `patterns` in `text`; `finder` searches for the patterns' words, in
/// the same order.
pub fn occurrences(
    text: &str,
    patterns: &[&WordPattern],
    finder: &Finder,
    folds: bool,
) -> Occurrences {
    // (where, which pattern), in text order.
    let mut events: Vec<(usize, usize)> = Vec::new();
    let initials: Vec<Option<char>> = patterns.iter().map(|p| p.text.chars().next()).collect();
    let mut buf = String::new();
    let mut check = |r: Range<usize>, events: &mut Vec<(usize, usize)>| {
        let first = initial(&text[r.clone()]);
        if !initials.contains(&first) {
            return;
        }
        buf.clear();
        buf.extend(text[r.clone()].chars().map(fold_char));
        for (g, p) in patterns.iter().enumerate() {
            if initials[g] == first && plain_match(p, &buf) {
                events.push((r.start, g));
            }
        }
    };
    match &finder.searcher {
        Some((re, words)) => {
            for (start, end, g) in find_words(re, words, text) {
                // A whole word must end where the match ends.
                if word_before(text, start) || (!patterns[g].open && word_at(text, end)) {
                    continue;
                }
                events.push((start, g));
            }
            let ascii = events.len();
            if folds {
                for w in accented_words(text) {
                    check(w, &mut events);
                }
            }
            if events.len() > ascii {
                events.sort_unstable();
            }
        }
        None => {
            for w in words(text) {
                check(w, &mut events);
            }
        }
    }
    Occurrences::of_events(&events, patterns.len())
}

/// Counts the query's words in a text for ranking: each folded ASCII word as written in
/// lower case, capitalised and in capitals, found by SIMD substring search. Rarer spellings
/// ("iPhone", "Côte") are not counted: this only orders the first articles, it never decides
/// what matches.
pub struct Counter {
    /// (pattern, its word as written).
    finders: Vec<(usize, memchr::memmem::Finder<'static>)>,
    open: Vec<bool>,
}

impl Counter {
    pub fn new(patterns: &[&WordPattern]) -> Counter {
        let mut finders = Vec::new();
        for (g, p) in patterns.iter().enumerate() {
            let w = &p.text;
            let mut capital = w.clone();
            if let Some(first) = capital.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            let mut forms = vec![w.clone(), capital, w.to_ascii_uppercase()];
            forms.sort();
            forms.dedup();
            for f in forms {
                finders.push((g, memchr::memmem::Finder::new(f.as_bytes()).into_owned()));
            }
        }
        Counter {
            finders,
            open: patterns.iter().map(|p| p.open).collect(),
        }
    }

    /// The [`Occurrences`] of the words in `text`.
    pub fn count(&self, text: &str) -> Occurrences {
        let mut events: Vec<(usize, usize)> = Vec::new();
        for (g, f) in &self.finders {
            for start in f.find_iter(text.as_bytes()) {
                let end = start + f.needle().len();
                if word_before(text, start) || (!self.open[*g] && word_at(text, end)) {
                    continue;
                }
                events.push((start, *g));
            }
        }
        events.sort_unstable();
        Occurrences::of_events(&events, self.open.len())
    }
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
                    phrase_ranges(t, &p, &finder, true, usize::MAX),
                    phrase_ranges_slow(t, &p, usize::MAX),
                    "{t:?} open={open}"
                );
            }
        }
        let p = pats(&["white", "hou"], true);
        let r = phrase_ranges("the White House", &p, &Finder::new(&["white"]), true, 9);
        assert_eq!(r, vec![4..13]);
        // An accented first word is found though its bytes differ from the query's.
        let p = pats(&["cote", "d"], false);
        let text = "Côte d’Ivoire and cote d Azur";
        assert_eq!(
            phrase_ranges(text, &p, &Finder::new(&["cote"]), true, 9),
            phrase_ranges_slow(text, &p, 9)
        );
        assert_eq!(
            phrase_ranges(text, &p, &Finder::new(&["cote"]), true, 9).len(),
            2
        );
        assert!(folds_to_ascii("Côte") && !folds_to_ascii("cote") && !folds_to_ascii("“"));
    }

    #[test]
    fn closeness_in_bytes_and_hits() {
        let p = pats(&["new"], false);
        let q = pats(&["york"], false);
        let both = [&p[0], &q[0]];
        let finder = Finder::new(&["new", "york"]);
        let near = "in New York today";
        let far = "new plans for the city of York";
        let span = |t: &str| occurrences(t, &both, &finder, true).span;
        assert!(span(near) < span(far));
        assert_eq!(span("newyork"), usize::MAX);
        assert_eq!(
            occurrences("New York, new york, York", &both, &finder, false).hits,
            5
        );
        // Accented words count, and the slow path agrees.
        let p = pats(&["cote"], false);
        let one = [&p[0]];
        let text = "Côte and cote and COTE";
        assert_eq!(
            occurrences(text, &one, &Finder::new(&["cote"]), true).hits,
            3
        );
        assert_eq!(
            occurrences(text, &one, &Finder::new(&["côte"]), true).hits,
            3
        );
    }

    /// Checking only the letters added to a phrase's last word agrees with checking the whole
    /// phrase again, or leaves it to that check where the text is not ASCII.
    #[test]
    fn letters_added_to_a_phrase_are_checked_where_it_stood() {
        let texts = [
            "the White House, the white houses, WHITE HOUSE. White H. white Hôtel",
            "a white house",
            "white ho",
            "white hôuse and white house",
        ];
        for text in texts {
            let earlier = phrase_ranges_slow(text, &pats(&["white", "h"], true), usize::MAX);
            for (typed, open) in [
                ("ho", true),
                ("hou", true),
                ("house", true),
                ("house", false),
            ] {
                let p = pats(&["white", typed], open);
                let added = &typed[1..];
                for r in &earlier {
                    let whole = phrase_again(text, r.start, &p);
                    match phrase_extended(text, r, added, !open) {
                        Some(found) => assert_eq!(found, whole, "{text:?} {r:?} {typed} {open}"),
                        None => assert!(!text[r.end..].is_ascii(), "{text:?} {r:?}"),
                    }
                }
            }
        }
    }

    /// The byte search ignores case in every letter, not only the first or all of them
    /// ("McDonald", "iPhone", "WHite"), and of two words starting at the same place finds the
    /// longer, whichever order they were asked in.
    #[test]
    fn the_search_ignores_case_anywhere_and_prefers_the_longer_word() {
        let text = "McDonald met an iPhone fan; WHite House; mcdonald’s";
        let p = pats(&["mcdonald"], false);
        assert_eq!(
            occurrences(text, &[&p[0]], &Finder::new(&["mcdonald"]), false).hits,
            2
        );
        let p = pats(&["iphone"], false);
        assert_eq!(
            occurrences(text, &[&p[0]], &Finder::new(&["iphone"]), false).hits,
            1
        );
        let p = pats(&["white", "house"], false);
        assert_eq!(
            phrase_ranges(text, &p, &Finder::new(&["white"]), false, 9),
            phrase_ranges_slow(text, &p, 9)
        );
        assert_eq!(
            phrase_ranges(text, &p, &Finder::new(&["white"]), false, 9).len(),
            1
        );
        for order in [["new", "newark"], ["newark", "new"]] {
            // Both whole words: were "New" taken first, "Newark" would be missed.
            let a = pats(&[order[0]], false);
            let b = pats(&[order[1]], false);
            let both = [&a[0], &b[0]];
            let found = occurrences("Newark, new", &both, &Finder::new(&order), false);
            assert_eq!(found.hits, 2, "{order:?}");
        }
    }
}
