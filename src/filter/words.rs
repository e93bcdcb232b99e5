//! The word indexes over article bodies and titles, built once at load: an inverted index of
//! folded words whose prefix look-ups give a bit set of documents, so testing a candidate
//! article costs a bit instead of a pass over its text.

use std::ops::Range;
use std::sync::{Arc, Mutex};

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

/// The ASCII letters and digits in `text`, folded, one bit each: a field can only match a
/// needle whose bits it has.
pub fn char_mask(text: &str) -> u64 {
    let mut mask = 0;
    for c in folded_chars(text) {
        match c {
            'a'..='z' => mask |= 1 << (c as u32 - 'a' as u32),
            '0'..='9' => mask |= 1 << (26 + c as u32 - '0' as u32),
            _ => {}
        }
    }
    mask
}

/// The folded words of a query text ("Foreign-Minister" → ["foreign", "minister"]).
pub fn query_words(text: &str) -> Vec<String> {
    words(text).map(|r| folded(&text[r])).collect()
}

/// One chunk's words (by chunk-local id) and each of its articles' local word ids.
type ChunkWords = (Vec<Box<str>>, Vec<Box<[u32]>>);

/// A set of documents (articles), one bit each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocSet {
    bits: Box<[u64]>,
}

impl DocSet {
    fn with_capacity(documents: usize) -> DocSet {
        DocSet {
            bits: vec![0; documents.div_ceil(64)].into(),
        }
    }

    fn insert(&mut self, doc: usize) {
        if let Some(w) = self.bits.get_mut(doc / 64) {
            *w |= 1 << (doc % 64);
        }
    }

    pub fn contains(&self, doc: usize) -> bool {
        self.bits
            .get(doc / 64)
            .is_some_and(|w| w & (1 << (doc % 64)) != 0)
    }
}

/// Look-ups whose postings are longer than this are kept for the next keystroke.
const CACHE_BYTES: usize = 64 * 1024;
/// At most this many look-ups are kept (each is one bit per document).
const CACHE_ENTRIES: usize = 256;

/// An inverted index over documents (article bodies, or titles): a sorted vocabulary of folded
/// words and, per word, the documents containing it as delta-encoded varints (about a byte
/// per posting instead of four). A prefix look-up ORs the postings of a run of words into a
/// bit set, so testing a document afterwards costs one bit. Sets for every one-letter prefix
/// are built with the index, and other large look-ups are cached, so the first keystrokes
/// (whose prefixes cover most of the vocabulary) stay cheap.
#[derive(Debug, Default)]
pub struct WordIndex {
    /// Every distinct folded word, sorted and concatenated; word `i` ends at `word_ends[i]`.
    vocabulary: String,
    word_ends: Vec<usize>,
    /// Word `i`'s documents are `postings[posting_starts[i]..posting_starts[i + 1]]`.
    postings: Vec<u8>,
    posting_starts: Vec<usize>,
    documents: usize,
    /// Documents with a word starting with each ASCII letter or digit, by that prefix's ids.
    initials: Vec<(Range<u32>, Arc<DocSet>)>,
    cache: Mutex<FxHashMap<(u32, u32), Arc<DocSet>>>,
}

fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The document ids of one delta-encoded postings list.
fn decode(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut i = 0;
    let mut doc = 0usize;
    let mut first = true;
    std::iter::from_fn(move || {
        let mut v = 0usize;
        let mut shift = 0;
        loop {
            let b = *bytes.get(i)?;
            i += 1;
            v |= usize::from(b & 0x7f) << shift;
            shift += 7;
            if b < 0x80 || shift > 63 {
                break;
            }
        }
        doc = if first { v } else { doc + v };
        first = false;
        Some(doc)
    })
}

impl WordIndex {
    pub fn build<'a>(bodies: impl IndexedParallelIterator<Item = &'a str>) -> WordIndex {
        let bodies: Vec<&str> = bodies.collect();
        // Each chunk of articles numbers its own words, so a word is allocated once per chunk,
        // not once per occurrence; the chunks' words are then merged and sorted.
        let chunks: Vec<ChunkWords> = bodies
            .par_chunks(8192)
            .map(|chunk| {
                let mut id_of: FxHashMap<Box<str>, u32> = FxHashMap::default();
                let mut words_by_id: Vec<Box<str>> = Vec::new();
                let mut buf = String::new();
                // One scratch list for every article: an article's words before dedup are
                // many times its distinct ones, and only those are kept.
                let mut scratch: Vec<u32> = Vec::new();
                let articles = chunk
                    .iter()
                    .map(|body| {
                        scratch.clear();
                        scratch.extend(words(body).map(|r| {
                            buf.clear();
                            fold_into(&body[r], &mut buf);
                            if let Some(&id) = id_of.get(buf.as_str()) {
                                return id;
                            }
                            let id = words_by_id.len() as u32;
                            words_by_id.push(buf.as_str().into());
                            id_of.insert(buf.as_str().into(), id);
                            id
                        }));
                        scratch.sort_unstable();
                        scratch.dedup();
                        Box::<[u32]>::from(scratch.as_slice())
                    })
                    .collect();
                (words_by_id, articles)
            })
            .collect();
        let (chunk_words, chunk_articles): (Vec<_>, Vec<_>) = chunks.into_iter().unzip();
        let mut sorted: Vec<&str> = chunk_words
            .iter()
            .flat_map(|ws| ws.iter().map(|w| &**w))
            .collect();
        sorted.par_sort_unstable();
        sorted.dedup();
        // Chunk-local ids to global ones.
        let globals: Vec<Vec<u32>> = chunk_words
            .par_iter()
            .map(|ws| {
                ws.iter()
                    .map(|w| sorted.partition_point(|v| *v < &**w) as u32)
                    .collect()
            })
            .collect();
        let mut vocabulary = String::with_capacity(sorted.iter().map(|w| w.len()).sum());
        let mut word_ends = Vec::with_capacity(sorted.len());
        for w in &sorted {
            vocabulary.push_str(w);
            word_ends.push(vocabulary.len());
        }
        drop(sorted);
        drop(chunk_words);
        // Postings, in document order: each word's list grows as the documents go by.
        let mut lists: Vec<Vec<u8>> = vec![Vec::new(); word_ends.len()];
        let mut last: Vec<u32> = vec![u32::MAX; word_ends.len()];
        let mut doc = 0u32;
        // Each chunk's lists are dropped as soon as they are posted.
        for (articles, global) in chunk_articles.into_iter().zip(&globals) {
            for local in &articles {
                for &l in local.iter() {
                    let Some(&w) = global.get(l as usize) else {
                        continue;
                    };
                    let w = w as usize;
                    let delta = if last[w] == u32::MAX {
                        doc
                    } else {
                        doc - last[w]
                    };
                    push_varint(&mut lists[w], delta);
                    last[w] = doc;
                }
                doc += 1;
            }
        }
        drop(last);
        let mut postings = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        let mut posting_starts = Vec::with_capacity(lists.len() + 1);
        for list in lists {
            posting_starts.push(postings.len());
            postings.extend_from_slice(&list);
        }
        posting_starts.push(postings.len());
        let mut index = WordIndex {
            vocabulary,
            word_ends,
            postings,
            posting_starts,
            documents: bodies.len(),
            initials: Vec::new(),
            cache: Mutex::default(),
        };
        let initials: Vec<char> = ('a'..='z').chain('0'..='9').collect();
        index.initials = initials
            .par_iter()
            .map(|&c| {
                let range = index.prefix_range(c.encode_utf8(&mut [0; 4]));
                let set = Arc::new(index.union(&range));
                (range, set)
            })
            .collect();
        index
    }

    fn word(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.word_ends[i - 1] };
        self.vocabulary.get(start..self.word_ends[i]).unwrap_or("")
    }

    /// The ids of the words starting with `prefix` (already folded).
    pub fn prefix_range(&self, prefix: &str) -> Range<u32> {
        let n = self.word_ends.len();
        let lo = partition(n, |i| self.word(i) < prefix);
        let len = partition(n - lo, |i| self.word(lo + i).starts_with(prefix));
        lo as u32..(lo + len) as u32
    }

    /// The id of exactly `word`, as a range of zero or one ids.
    pub fn exact_range(&self, word: &str) -> Range<u32> {
        let n = self.word_ends.len();
        let lo = partition(n, |i| self.word(i) < word);
        let hit = lo < n && self.word(lo) == word;
        lo as u32..(lo + usize::from(hit)) as u32
    }

    fn postings_of(&self, range: &Range<u32>) -> &[u8] {
        let (s, e) = (range.start as usize, range.end as usize);
        match (self.posting_starts.get(s), self.posting_starts.get(e)) {
            (Some(&a), Some(&b)) if s < e => &self.postings[a..b],
            _ => &[],
        }
    }

    fn union(&self, range: &Range<u32>) -> DocSet {
        let mut set = DocSet::with_capacity(self.documents);
        for w in range.start..range.end {
            let list = self.postings_of(&(w..w + 1));
            for doc in decode(list) {
                set.insert(doc);
            }
        }
        set
    }

    /// The documents holding a word whose id is in `range`.
    pub fn documents_with(&self, range: &Range<u32>) -> Arc<DocSet> {
        if let Some((_, set)) = self.initials.iter().find(|(r, _)| r == range) {
            return set.clone();
        }
        let key = (range.start, range.end);
        if let Some(set) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return set;
        }
        let set = Arc::new(self.union(range));
        if self.postings_of(range).len() > CACHE_BYTES
            && let Ok(mut cache) = self.cache.lock()
        {
            if cache.len() >= CACHE_ENTRIES {
                cache.clear();
            }
            cache.insert(key, set.clone());
        }
        set
    }

    /// Whether document `doc` contains a word whose id is in `range` (slow: for tests).
    pub fn contains(&self, doc: usize, range: &Range<u32>) -> bool {
        (range.start..range.end).any(|w| decode(self.postings_of(&(w..w + 1))).any(|d| d == doc))
    }

    /// Approximate heap bytes held, for reports.
    pub fn heap_bytes(&self) -> usize {
        self.vocabulary.len()
            + self.word_ends.len() * 8
            + self.postings.len()
            + self.posting_starts.len() * 8
            + self.initials.len() * self.documents / 8
    }
}

/// The first `i` in `0..n` for which `before(i)` is false (`before` must be true, then false).
fn partition(n: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// A body search: one word (matched as a prefix) or a phrase (each word whole but the last,
/// which may still be being typed).
#[derive(Debug, Clone)]
pub struct BodyNeedle {
    pub words: Vec<String>,
    /// Per word, the documents holding it (empty for a highlighting needle).
    sets: Vec<Arc<DocSet>>,
}

impl BodyNeedle {
    pub fn new(text: &str, index: &WordIndex) -> BodyNeedle {
        let words = query_words(text);
        let sets = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let range = if i + 1 == words.len() {
                    index.prefix_range(w)
                } else {
                    index.exact_range(w)
                };
                index.documents_with(&range)
            })
            .collect();
        BodyNeedle { words, sets }
    }

    /// A needle only for finding the words in a piece of text (`phrase_ranges`), not for
    /// index look-ups.
    pub fn for_highlight(text: &str) -> BodyNeedle {
        BodyNeedle {
            words: query_words(text),
            sets: Vec::new(),
        }
    }

    /// Does the document hold every word (in any order)? A phrase may still not match.
    pub fn in_document(&self, doc: usize) -> bool {
        !self.words.is_empty()
            && self.sets.len() == self.words.len()
            && self.sets.iter().all(|s| s.contains(doc))
    }

    /// Does the document's text hold these words (in this order, for a phrase)?
    pub fn matches(&self, doc: usize, text: &str) -> bool {
        self.in_document(doc) && (self.words.len() == 1 || !self.phrase_ranges(text, 1).is_empty())
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
        assert!(talk.matches(0, "Talks in Muscat"));
        assert!(talk.matches(1, "The talking stopped"));
        assert!(!talk.matches(2, "Tehran"));
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
        assert!(phrase.matches(0, bodies[0]));
        assert!(!phrase.matches(1, bodies[1]));
        assert_eq!(phrase.phrase_ranges(bodies[0], 5), vec![0..16]);
    }

    #[test]
    fn postings_survive_large_gaps_and_initials_are_prebuilt() {
        let mut bodies = vec!["filler"; 300];
        bodies[0] = "alpha beta";
        bodies[200] = "alpine";
        bodies[299] = "beta 42";
        let idx = index(&bodies);
        let a = idx.documents_with(&idx.prefix_range("a"));
        assert!(a.contains(0) && a.contains(200) && !a.contains(299) && !a.contains(1));
        let al = idx.documents_with(&idx.prefix_range("alp"));
        assert!(al.contains(0) && al.contains(200));
        let beta = idx.documents_with(&idx.exact_range("beta"));
        assert!(beta.contains(0) && beta.contains(299) && !beta.contains(200));
        assert!(idx.documents_with(&idx.prefix_range("4")).contains(299));
        assert!(idx.contains(299, &idx.exact_range("42")));
        assert!(!idx.documents_with(&idx.prefix_range("zz")).contains(0));
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        let idx = index(&["Türkiye and CÔTE d'Ivoire"]);
        assert!(BodyNeedle::new("turk", &idx).matches(0, ""));
        assert!(BodyNeedle::new("Cote", &idx).matches(0, ""));
    }
}
