//! The word index over article bodies, built once at load: a sorted vocabulary of folded words
//! and, per article, the sorted ids of the words it contains. Prefix and phrase look-ups cost a
//! binary search per candidate article instead of a pass over its text.

use std::ops::Range;

use nucleo_matcher::chars::{normalize, to_lower_case};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// Lower-case, accent-free form of one character, as words are indexed.
fn fold(c: char) -> char {
    normalize(to_lower_case(c))
}

/// The words of `text` with their byte ranges; a word is a run of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut iter = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = iter.peek() {
            if c.is_alphanumeric() {
                break;
            }
            iter.next();
        }
        let (start, _) = *iter.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = iter.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = i + c.len_utf8();
            iter.next();
        }
        Some(start..end)
    })
}

/// A word as it is indexed.
pub fn folded(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// Append the folded form of `word` to `out` (ASCII, by far the most common, without tables).
fn fold_into(word: &str, out: &mut String) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
    } else {
        out.extend(word.chars().map(fold));
    }
}

/// The folded characters of `word`, without allocating.
fn folded_chars(word: &str) -> impl Iterator<Item = char> + '_ {
    word.chars().map(|c| {
        if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            fold(c)
        }
    })
}

/// Does `word`, folded, equal `want` (or start with it, for `prefix`)?
fn folded_matches(word: &str, want: &str, prefix: bool) -> bool {
    let mut got = folded_chars(word);
    for w in want.chars() {
        if got.next() != Some(w) {
            return false;
        }
    }
    prefix || got.next().is_none()
}

/// The folded words of a query text ("Foreign-Minister" → ["foreign", "minister"]).
pub fn query_words(text: &str) -> Vec<String> {
    words(text).map(|r| folded(&text[r])).collect()
}

/// One chunk's words (by chunk-local id) and each of its articles' local word ids.
type ChunkWords = (Vec<Box<str>>, Vec<Vec<u32>>);

#[derive(Debug, Default)]
pub struct WordIndex {
    /// Every distinct folded word, sorted, so the words with one prefix are a contiguous run.
    vocabulary: Vec<Box<str>>,
    /// Word ids of all articles, each article's sorted and distinct.
    ids: Vec<u32>,
    /// Article `a` owns `ids[starts[a]..starts[a + 1]]`.
    starts: Vec<usize>,
}

impl WordIndex {
    pub fn build<'a>(bodies: impl IndexedParallelIterator<Item = &'a str>) -> WordIndex {
        let bodies: Vec<&str> = bodies.collect();
        // Each chunk of articles numbers its own words, so a word is allocated once per chunk,
        // not once per occurrence; the chunks' words are then merged and sorted.
        let chunks: Vec<ChunkWords> = bodies
            .par_chunks(2048)
            .map(|chunk| {
                let mut id_of: FxHashMap<Box<str>, u32> = FxHashMap::default();
                let mut words_by_id: Vec<Box<str>> = Vec::new();
                let mut buf = String::new();
                let articles = chunk
                    .iter()
                    .map(|body| {
                        let mut ids: Vec<u32> = words(body)
                            .map(|r| {
                                buf.clear();
                                fold_into(&body[r], &mut buf);
                                if let Some(&id) = id_of.get(buf.as_str()) {
                                    return id;
                                }
                                let id = words_by_id.len() as u32;
                                words_by_id.push(buf.as_str().into());
                                id_of.insert(buf.as_str().into(), id);
                                id
                            })
                            .collect();
                        ids.sort_unstable();
                        ids.dedup();
                        ids
                    })
                    .collect();
                (words_by_id, articles)
            })
            .collect();
        let mut vocabulary: Vec<&str> = chunks
            .iter()
            .flat_map(|(ws, _)| ws.iter().map(|w| &**w))
            .collect();
        vocabulary.par_sort_unstable();
        vocabulary.dedup();
        // Chunk-local ids to global ones, each article's list sorted again.
        let per_chunk: Vec<Vec<Vec<u32>>> = chunks
            .par_iter()
            .map(|(ws, articles)| {
                let global: Vec<u32> = ws
                    .iter()
                    .map(|w| vocabulary.partition_point(|v| *v < &**w) as u32)
                    .collect();
                articles
                    .iter()
                    .map(|local| {
                        let mut ids: Vec<u32> = local.iter().map(|&l| global[l as usize]).collect();
                        ids.sort_unstable();
                        ids
                    })
                    .collect()
            })
            .collect();
        let mut ids = Vec::new();
        let mut starts = Vec::with_capacity(bodies.len() + 1);
        for article in per_chunk.iter().flatten() {
            starts.push(ids.len());
            ids.extend_from_slice(article);
        }
        starts.push(ids.len());
        let vocabulary = vocabulary.into_iter().map(Box::from).collect();
        WordIndex {
            vocabulary,
            ids,
            starts,
        }
    }

    /// The ids of the words starting with `prefix` (already folded).
    pub fn prefix_range(&self, prefix: &str) -> Range<u32> {
        let lo = self.vocabulary.partition_point(|w| &**w < prefix);
        let len = self.vocabulary[lo..].partition_point(|w| w.starts_with(prefix));
        lo as u32..(lo + len) as u32
    }

    /// The id of exactly `word`, as a range of zero or one ids.
    pub fn exact_range(&self, word: &str) -> Range<u32> {
        let lo = self.vocabulary.partition_point(|w| &**w < word);
        let hit = self.vocabulary.get(lo).is_some_and(|w| &**w == word);
        lo as u32..(lo + usize::from(hit)) as u32
    }

    /// Whether the article contains a word whose id is in `range`.
    pub fn contains(&self, article: usize, range: &Range<u32>) -> bool {
        let (Some(&s), Some(&e)) = (self.starts.get(article), self.starts.get(article + 1)) else {
            return false;
        };
        let ids = &self.ids[s..e];
        let i = ids.partition_point(|&id| id < range.start);
        i < ids.len() && ids[i] < range.end
    }
}

/// A body search: one word (matched as a prefix) or a phrase (each word whole but the last,
/// which may still be being typed).
#[derive(Debug, Clone)]
pub struct BodyNeedle {
    pub words: Vec<String>,
    ranges: Vec<Range<u32>>,
}

impl BodyNeedle {
    pub fn new(text: &str, index: &WordIndex) -> BodyNeedle {
        let words = query_words(text);
        let ranges = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i + 1 == words.len() {
                    index.prefix_range(w)
                } else {
                    index.exact_range(w)
                }
            })
            .collect();
        BodyNeedle { words, ranges }
    }

    /// A needle only for finding the words in a piece of text (`phrase_ranges`), not for
    /// index look-ups.
    pub fn for_highlight(text: &str) -> BodyNeedle {
        BodyNeedle {
            words: query_words(text),
            ranges: Vec::new(),
        }
    }

    /// Does the article's text hold these words (in this order, for a phrase)?
    pub fn matches(&self, index: &WordIndex, article: usize, body: &str) -> bool {
        if self.words.is_empty() || self.ranges.len() != self.words.len() {
            return false;
        }
        if !self.ranges.iter().all(|r| index.contains(article, r)) {
            return false;
        }
        self.words.len() == 1 || !self.phrase_ranges(body, 1).is_empty()
    }

    /// Byte ranges in `text` where the words occur (each word's prefix, or the whole phrase),
    /// at most `limit` of them.
    pub fn phrase_ranges(&self, text: &str, limit: usize) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        let n = self.words.len();
        if n == 0 {
            return found;
        }
        // The last `n` words seen, as a ring.
        let mut window: Vec<Range<usize>> = Vec::with_capacity(n);
        let mut next = 0;
        for r in words(text) {
            if window.len() < n {
                window.push(r);
            } else {
                window[next] = r;
                next = (next + 1) % n;
            }
            if window.len() < n {
                continue;
            }
            let matches = (0..n).all(|i| {
                let w = &window[(next + i) % n];
                folded_matches(&text[w.clone()], &self.words[i], i + 1 == n)
            });
            if matches {
                let first = &window[next % n];
                let last = &window[(next + n - 1) % n];
                found.push(first.start..last.end);
                if found.len() >= limit {
                    break;
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(bodies: &[&str]) -> WordIndex {
        WordIndex::build(bodies.par_iter().copied())
    }

    #[test]
    fn words_split_on_punctuation() {
        let text = "Iran’s “good start”, U.S.-led talks";
        let ws: Vec<&str> = words(text).map(|r| &text[r]).collect();
        assert_eq!(ws, ["Iran", "s", "good", "start", "U", "S", "led", "talks"]);
    }

    #[test]
    fn prefix_and_exact_lookups() {
        let idx = index(&["Talks in Muscat", "The talking stopped", "Tehran"]);
        let talk = BodyNeedle::new("talk", &idx);
        assert!(talk.matches(&idx, 0, "Talks in Muscat"));
        assert!(talk.matches(&idx, 1, "The talking stopped"));
        assert!(!talk.matches(&idx, 2, "Tehran"));
        assert_eq!(idx.exact_range("talks").len(), 1);
        assert_eq!(idx.exact_range("talk").len(), 0);
        assert!(!idx.contains(99, &(0..10)));
    }

    #[test]
    fn phrases_need_order_and_adjacency() {
        let bodies = [
            "Foreign Minister Abbas Araghchi said",
            "the minister, not foreign to this",
        ];
        let idx = index(&bodies);
        let phrase = BodyNeedle::new("foreign minis", &idx);
        assert!(phrase.matches(&idx, 0, bodies[0]));
        assert!(!phrase.matches(&idx, 1, bodies[1]));
        assert_eq!(phrase.phrase_ranges(bodies[0], 5), vec![0..16]);
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        let idx = index(&["Türkiye and CÔTE d'Ivoire"]);
        assert!(BodyNeedle::new("turk", &idx).matches(&idx, 0, ""));
        assert!(BodyNeedle::new("Cote", &idx).matches(&idx, 0, ""));
    }
}
