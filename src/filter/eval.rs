//! One group of a query (a plain word, or a facet and its words) evaluated against the index:
//! the articles where it holds, by how well (exact, prefix, one typo, two), and where (a title
//! or an entity name, or only the text); the quotes and entities it speaks of. Evaluations are
//! kept for the next keystrokes, which mostly repeat all groups but the last.

use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::model::Corpus;

use super::docset::DocSet;
use super::finder::{self, Finder};
use super::index::Index;
use super::lexicon::{Lexicon, Matches};
use super::postings::Postings;
use super::query::{Facet, Group, Term};
use super::typo::{self, Class, WordPattern};

/// Match classes, best first (see [`Class`]).
pub const CLASSES: usize = 4;

/// A group's matches: the articles where it holds, and how well in each.
#[derive(Debug, Clone)]
pub struct GroupEval {
    /// Every article where the group holds.
    all: DocSet,
    /// The quotes it matches (their text, or who said them), for groups that speak of quotes.
    pub quotes: Option<DocSet>,
    /// The entities whose names it matches, for groups that speak of entities.
    pub entities: Option<DocSet>,
    /// Per article, `2 × best class + 1 if only in the text` ([`NO_MATCH`] when it does not
    /// match): ranking reads a byte per group.
    classes: Vec<u8>,
    /// For a phrase: where it stands in each article's text, so the same phrase typed further
    /// is checked at these places instead of reading the texts again.
    places: Option<Arc<PhrasePlaces>>,
}

/// Bytes of the text kept after each place of a phrase.
const AHEAD: usize = 8;

/// The bytes of an article's text just after a place where a phrase stands: the phrase typed
/// a few letters further is checked against them, without reading the text (which at a
/// million articles is a cache miss per place).
#[derive(Debug, Clone, Copy)]
struct Ahead {
    bytes: [u8; AHEAD],
    len: u8,
    /// No byte of the text follows the kept ones (they are all that is left).
    ends: bool,
}

impl Ahead {
    fn of(text: &str, at: usize) -> Ahead {
        let rest = text.as_bytes().get(at..).unwrap_or(&[]);
        let len = rest.len().min(AHEAD);
        let mut bytes = [0; AHEAD];
        bytes[..len].copy_from_slice(&rest[..len]);
        Ahead {
            bytes,
            len: len as u8,
            ends: rest.len() <= AHEAD,
        }
    }

    /// The next `n` bytes, or as many as there are before the text ends; `None` when not kept.
    fn next(&self, n: usize) -> Option<&[u8]> {
        let len = usize::from(self.len);
        if len >= n {
            Some(&self.bytes[..n])
        } else if self.ends {
            Some(&self.bytes[..len])
        } else {
            None
        }
    }

    /// What is left after the first `n` bytes.
    fn skip(&self, n: usize) -> Ahead {
        let n = n.min(usize::from(self.len));
        let mut bytes = [0; AHEAD];
        bytes[..usize::from(self.len) - n].copy_from_slice(&self.bytes[n..usize::from(self.len)]);
        Ahead {
            bytes,
            len: self.len - n as u8,
            ends: self.ends,
        }
    }
}

/// One place where a phrase stands: its article, its bytes there, and what follows.
#[derive(Debug, Clone)]
struct Place {
    article: u32,
    range: std::ops::Range<usize>,
    ahead: Ahead,
}

impl Place {
    /// The place at `range` of an article's `text`.
    fn at(article: u32, text: &str, range: std::ops::Range<usize>) -> Place {
        Place {
            article,
            ahead: Ahead::of(text, range.end),
            range,
        }
    }

    /// Does quote `q` hold the place?
    fn within(&self, q: &crate::model::Quote) -> bool {
        q.start as usize <= self.range.start && self.range.end <= q.end as usize
    }
}

/// Where a phrase was found, and the phrase as it was typed then.
#[derive(Debug)]
pub struct PhrasePlaces {
    /// Its words: (folded text, open, typo budget).
    words: Vec<(String, bool, u8)>,
    /// In article order (a place's quotes are found by article: `quotes_holding`,
    /// `quotes_still_holding`).
    at: Vec<Place>,
    /// The quotes holding one of the places, by ascending id.
    quotes: Vec<u32>,
}

impl PhrasePlaces {
    /// What the last word of `patterns` adds to the phrase found at these places, when that is
    /// all that changed (the same words before it, the last one spelt further or closed, no
    /// typos): then each place needs only the added letters checked.
    fn added<'p>(&self, patterns: &'p [WordPattern]) -> Option<&'p str> {
        let ((last, earlier), (was, before)) = (patterns.split_last()?, self.words.split_last()?);
        let same_before = earlier.len() == before.len()
            && earlier
                .iter()
                .zip(before)
                .all(|(p, (w, open, _))| p.text == *w && p.open == *open);
        let exact = patterns.iter().all(|p| p.budget == 0) && self.words.iter().all(|w| w.2 == 0);
        (same_before && exact && was.1)
            .then(|| last.text.strip_prefix(was.0.as_str()))
            .flatten()
            .filter(|added| added.is_ascii())
    }
}

/// In [`GroupEval`]'s classes: the article does not match.
const NO_MATCH: u8 = u8::MAX;

impl GroupEval {
    fn new(cum: Sets, high: Sets, quotes: Option<DocSet>) -> GroupEval {
        GroupEval::with_entities(cum, high, quotes, None)
    }

    fn with_entities(
        cum: Sets,
        high: Sets,
        quotes: Option<DocSet>,
        entities: Option<DocSet>,
    ) -> GroupEval {
        // `cum[c]` holds the articles matching with class `c` or better, `high[c]` those of
        // them matching in a title or an entity's name. An article's byte is the least of
        // `2c` for each `high[c]` and `2c + 1` for each `cum[c]` holding it; worked out a
        // machine word of the sets (64 articles) at a time, on all cores.
        let mut classes = vec![NO_MATCH; cum[0].universe()];
        let cum_words: [&[u64]; CLASSES] = std::array::from_fn(|c| cum[c].words());
        let high_words: [&[u64]; CLASSES] = std::array::from_fn(|c| high[c].words());
        classes
            .par_chunks_mut(64 * 1024)
            .enumerate()
            .for_each(|(chunk, bytes)| {
                for (i, block) in bytes.chunks_mut(64).enumerate() {
                    let w = chunk * 1024 + i;
                    let word =
                        |sets: &[&[u64]; CLASSES], c: usize| sets[c].get(w).copied().unwrap_or(0);
                    let mut any = 0;
                    for c in 0..CLASSES {
                        any |= word(&cum_words, c) | word(&high_words, c);
                    }
                    while any != 0 {
                        let bit = any.trailing_zeros() as usize;
                        any &= any - 1;
                        let code = (0..CLASSES).find_map(|c| {
                            if word(&high_words, c) >> bit & 1 == 1 {
                                Some(2 * c as u8)
                            } else if word(&cum_words, c) >> bit & 1 == 1 {
                                Some(2 * c as u8 + 1)
                            } else {
                                None
                            }
                        });
                        if let (Some(code), Some(slot)) = (code, block.get_mut(bit)) {
                            *slot = code;
                        }
                    }
                }
            });
        let [.., all] = cum;
        GroupEval {
            all,
            quotes,
            entities,
            classes,
            places: None,
        }
    }

    pub fn all(&self) -> &DocSet {
        &self.all
    }

    /// The best class with which article `a` matches, and whether in a title or name.
    pub fn class_of(&self, a: usize) -> Option<(usize, bool)> {
        match self.classes.get(a) {
            Some(&v) if v != NO_MATCH => Some((usize::from(v / 2), v % 2 == 0)),
            _ => None,
        }
    }
}

/// The reader's marks as indexes into the corpus (sorted), for `star:` and `reviewed:`. The app
/// owns the marks and passes them in with each search, so the filter does no I/O.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Marks {
    pub starred_articles: Vec<u32>,
    pub starred_quotes: Vec<u32>,
    pub reviewed: Vec<u32>,
}

/// A `star:` or `reviewed:` group, from the marks (never cached: marks change between two
/// searches of the same query). `star:` holds for starred articles and those with a starred
/// quote, and speaks of the starred quotes.
pub fn evaluate_marks(corpus: &Corpus, group: &Group, marks: &Marks) -> GroupEval {
    let n = corpus.articles.len();
    let sets = |set: &DocSet| -> Sets { std::array::from_fn(|_| set.clone()) };
    match group.facet {
        Facet::Star => {
            let quotes =
                DocSet::from_ids(corpus.quotes.len(), marks.starred_quotes.iter().copied());
            let mut articles = DocSet::from_ids(n, marks.starred_articles.iter().copied());
            for q in quotes.iter() {
                if let Some(quote) = corpus.quotes.get(q as usize) {
                    articles.insert(quote.article as usize);
                }
            }
            GroupEval::new(sets(&articles), sets(&articles), Some(quotes))
        }
        Facet::Reviewed => {
            let articles = DocSet::from_ids(n, marks.reviewed.iter().copied());
            GroupEval::new(sets(&articles), sets(&articles), None)
        }
        _ => GroupEval::new(empty_sets(n), empty_sets(n), None),
    }
}

/// Evaluated groups of recent searches (a few, most recent first).
#[derive(Debug, Default)]
pub struct Cache {
    entries: Vec<(Group, Arc<GroupEval>)>,
    /// The last search's matching articles and, per entity, how many of them mention it: the
    /// next keystroke's counts are this corrected by the articles that changed.
    pub(super) counts: Option<Arc<(DocSet, Vec<u32>)>>,
    /// Per pattern (text, open, budget) of a word the texts have: the commoner words its
    /// typos may match.
    lookalikes: rustc_hash::FxHashMap<PatternText, Arc<[Box<str>]>>,
}

const CACHE_ENTRIES: usize = 24;

impl Cache {
    /// A cached group every match of `group` is a match of (an earlier keystroke of a phrase).
    fn broader(&self, group: &Group) -> Option<Arc<GroupEval>> {
        self.entries
            .iter()
            .find(|(g, _)| group.narrows(g))
            .map(|(_, e)| e.clone())
    }

    fn get(&mut self, group: &Group) -> Option<Arc<GroupEval>> {
        let i = self.entries.iter().position(|(g, _)| g == group)?;
        let entry = self.entries.remove(i);
        let eval = entry.1.clone();
        self.entries.insert(0, entry);
        Some(eval)
    }

    fn put(&mut self, group: &Group, eval: Arc<GroupEval>) {
        self.entries.retain(|(g, _)| g != group);
        self.entries.insert(0, (group.clone(), eval));
        self.entries.truncate(CACHE_ENTRIES);
    }
}

/// The group's evaluation, from the cache or computed (and kept).
pub fn evaluate(corpus: &Corpus, index: &Index, group: &Group) -> Arc<GroupEval> {
    let (hit, within) = match index.cache.lock() {
        Ok(mut c) => match c.get(group) {
            Some(hit) => (Some(hit), None),
            None => (None, c.broader(group)),
        },
        Err(_) => (None, None),
    };
    if let Some(hit) = hit {
        return hit;
    }
    let eval = Arc::new(
        Evaluator {
            corpus,
            index,
            within,
            matched: Mutex::default(),
        }
        .group(group),
    );
    if let Ok(mut cache) = index.cache.lock() {
        cache.put(group, eval.clone());
    }
    eval
}

/// Cumulative sets over one universe, one per class.
type Sets = [DocSet; CLASSES];

/// Adds to `out` the articles holding the quotes of `quotes`: each quote's article looked up
/// (`look_up`), or each article's run of quotes tested (on all cores, a machine word at a
/// time).
fn articles_holding(corpus: &Corpus, quotes: &DocSet, look_up: bool, out: &mut DocSet) {
    if look_up {
        for q in quotes.iter() {
            if let Some(quote) = corpus.quotes.get(q as usize) {
                out.insert(quote.article as usize);
            }
        }
        return;
    }
    let n = corpus.articles.len();
    out.union_with(&DocSet::from_fn(n, |a| {
        quotes.any_in(corpus.quote_range(a))
    }));
}

/// The quotes holding one of the places where a phrase was found in the text (on all cores),
/// in order.
fn quotes_holding(corpus: &Corpus, places: &[Place]) -> Vec<u32> {
    places
        .par_chunk_by(|a, b| a.article == b.article)
        .flat_map_iter(|here| {
            corpus
                .quote_range(here[0].article as usize)
                .filter(move |&qi| here.iter().any(|p| p.within(&corpus.quotes[qi])))
        })
        .map(|qi| qi as u32)
        .collect()
}

/// The same, for places that are earlier ones grown at their end (the same start, an end no
/// smaller): a quote holding one now held the earlier place, so only the quotes that held an
/// earlier place (`earlier`) are read.
fn quotes_still_holding(corpus: &Corpus, places: &[Place], earlier: &[u32]) -> Vec<u32> {
    debug_assert!(places.is_sorted_by_key(|p| p.article));
    earlier
        .par_iter()
        .copied()
        .filter(|&qi| {
            let Some(q) = corpus.quotes.get(qi as usize) else {
                return false;
            };
            let from = places.partition_point(|p| p.article < q.article);
            places[from..]
                .iter()
                .take_while(|p| p.article == q.article)
                .any(|p| p.within(q))
        })
        .collect()
}

fn empty_sets(universe: usize) -> Sets {
    std::array::from_fn(|_| DocSet::empty(universe))
}

fn full_sets(universe: usize) -> Sets {
    std::array::from_fn(|_| DocSet::full(universe))
}

fn cumulate(sets: &mut Sets) {
    for c in 1..CLASSES {
        let (done, rest) = sets.split_at_mut(c);
        rest[0].union_with(&done[c - 1]);
    }
}

fn and_sets(into: &mut Sets, other: &Sets) {
    for (a, b) in into.iter_mut().zip(other) {
        a.intersect_with(b);
    }
}

fn or_sets(into: &mut Sets, other: &Sets) {
    for (a, b) in into.iter_mut().zip(other) {
        a.union_with(b);
    }
}

/// The typo budget of a term's word: none for exact words, phrases and exclusions (strict).
fn budget_of(term: &Term, word: &str, strict: bool) -> u8 {
    if strict || term.exact || term.phrase || term.negated {
        0
    } else {
        typo::budget(word)
    }
}

/// The patterns of a term's words: every word whole, but the last while it is being typed
/// (and finished when the texts have it as typed). A word the texts have matches with a typo
/// only words more frequent than it (`WordPattern::typos`).
pub fn patterns(term: &Term, strict: bool, index: &Index) -> Vec<WordPattern> {
    let n = term.words.len();
    term.words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let p = WordPattern::new(w, term.open && i + 1 == n, budget_of(term, w, strict));
            if p.budget == 0 {
                return p;
            }
            let Some(id) = index.lexicon.get(w) else {
                return p;
            };
            let p = p.known(true);
            let allowed = commoner_lookalikes(index, &p, index.body.count(id));
            p.with_typos(allowed)
        })
        .collect()
}

/// The words of the texts within `pattern`'s typos that more articles hold than `floor`
/// (remembered per pattern: a few per query).
fn commoner_lookalikes(index: &Index, pattern: &WordPattern, floor: u32) -> Arc<[Box<str>]> {
    let key = (pattern.text.clone(), pattern.open, pattern.budget);
    if let Some(found) = index
        .cache
        .lock()
        .ok()
        .and_then(|c| c.lookalikes.get(&key).cloned())
    {
        return found;
    }
    let mut words: Vec<Box<str>> = index
        .lexicon
        .typo_words(pattern)
        .into_iter()
        .filter(|(id, _)| index.body.count(*id) > floor)
        .map(|(_, w)| w)
        .collect();
    words.sort_unstable();
    let found: Arc<[Box<str>]> = words.into();
    if let Ok(mut c) = index.cache.lock() {
        if c.lookalikes.len() >= LOOKALIKE_ENTRIES {
            c.lookalikes.clear();
        }
        c.lookalikes.insert(key, found.clone());
    }
    found
}

/// A pattern's text, whether it is open, and its typo budget.
type PatternText = (String, bool, u8);

/// Patterns whose lookalikes are remembered before the memory is cleared.
const LOOKALIKE_ENTRIES: usize = 256;

/// The documents of `postings` holding one word (matched in `lexicon` as `matches`), by
/// class (cumulative).
fn word_sets(
    lexicon: &Lexicon,
    postings: &Postings,
    pattern: &WordPattern,
    matches: &Matches,
) -> Sets {
    let mut chars = pattern.text.chars();
    if let (Some(c), None, true) = (chars.next(), chars.next(), pattern.open) {
        // One character typed: every word starting with it, prepared at load.
        if let Some(all) = postings.initial(c) {
            let mut sets = empty_sets(postings.universe());
            if let Some(id) = lexicon.get(&pattern.text) {
                postings.add_to(id, &mut sets[0]);
            }
            sets[1] = all.clone();
            cumulate(&mut sets);
            return sets;
        }
    }
    let ids: Vec<(u32, Class)> = matches.each().collect();
    // A short prefix ("pr") matches thousands of words: their lists are merged on all cores,
    // a share of the words each, when there are many more documents to add than one set holds.
    let work: u64 = ids
        .iter()
        .map(|&(id, _)| u64::from(postings.count(id)))
        .sum();
    let threads = rayon::current_num_threads();
    let share = if threads > 1 && work > postings.universe() as u64 {
        ids.len().div_ceil(threads)
    } else {
        ids.len()
    };
    let merge = |part: &[(u32, Class)]| {
        let mut sets = empty_sets(postings.universe());
        for &(id, class) in part {
            postings.add_to(id, &mut sets[class as usize]);
        }
        sets
    };
    let mut sets = if share < ids.len() {
        ids.par_chunks(share.max(1))
            .map(merge)
            .reduce_with(|mut a, b| {
                or_sets(&mut a, &b);
                a
            })
            .unwrap_or_else(|| empty_sets(postings.universe()))
    } else {
        merge(&ids)
    };
    cumulate(&mut sets);
    sets
}

/// Keep in every set only the documents whose text holds the phrase (checked on the cores,
/// among `within` when an earlier, broader search already checked it). `text_of` gives a
/// document's text and whether it may have words folding to ASCII. Returns, for each place
/// where the phrase stands (up to `limit` per document, in document order), what `mark` makes
/// of it while the text is at hand: (document, text, bytes of the place).
fn verify_phrase<'t, T: Send>(
    sets: &mut Sets,
    patterns: &[WordPattern],
    within: Option<&DocSet>,
    limit: usize,
    text_of: impl Fn(u32) -> (&'t str, bool) + Sync,
    mark: impl Fn(u32, &str, std::ops::Range<usize>) -> T + Sync,
) -> Vec<T> {
    if patterns.len() < 2 {
        return Vec::new();
    }
    let universe = sets[0].universe();
    let finder = Finder::new(&[patterns[0].text.as_str()]);
    let candidates: Vec<u32> = sets[CLASSES - 1]
        .iter()
        .filter(|&d| within.is_none_or(|w| w.contains(d as usize)))
        .collect();
    let kept: Vec<(u32, T)> = candidates
        .par_chunks(64)
        .flat_map_iter(|chunk| {
            let mut out = Vec::new();
            for &d in chunk {
                let (text, folds) = text_of(d);
                let found = finder::phrase_ranges(text, patterns, &finder, folds, limit);
                out.extend(found.into_iter().map(|r| (d, mark(d, text, r))));
            }
            out
        })
        .collect();
    let keep = DocSet::from_ids(universe, kept.iter().map(|(d, _)| *d));
    for s in sets.iter_mut() {
        s.intersect_with(&keep);
    }
    kept.into_iter().map(|(_, t)| t).collect()
}

struct Evaluator<'a> {
    corpus: &'a Corpus,
    index: &'a Index,
    /// A broader group's evaluation (same phrase, typed less far): matches lie within it.
    within: Option<Arc<GroupEval>>,
    /// The words each pattern matched in a lexicon (bodies, titles and quotes share one, so a
    /// pattern's walk of it is done once): by lexicon address and pattern.
    matched: Mutex<Vec<(PatternKey, Arc<Matches>)>>,
}

/// A lexicon (by address) and a pattern (text, open, budget, complete).
type PatternKey = (usize, String, bool, u8, bool);

impl Evaluator<'_> {
    /// The words `pattern` matches in `lexicon`, walked once per evaluation.
    fn lexicon_matches(&self, lexicon: &Lexicon, pattern: &WordPattern) -> Arc<Matches> {
        let address = std::ptr::from_ref(lexicon) as usize;
        let key: PatternKey = (
            address,
            pattern.text.clone(),
            pattern.open,
            pattern.budget,
            pattern.complete,
        );
        if let Some(found) = self
            .matched
            .lock()
            .ok()
            .and_then(|m| m.iter().find(|(k, _)| *k == key).map(|(_, m)| m.clone()))
        {
            return found;
        }
        let found = Arc::new(lexicon.matches(pattern));
        if let Ok(mut m) = self.matched.lock() {
            m.push((key, found.clone()));
        }
        found
    }

    /// The documents of `postings` (over `lexicon`) holding a term's words, by class
    /// (cumulative). A phrase's class is its last word's (the others are whole and exact); its
    /// documents hold all its words, and whether they stand together is checked by the caller
    /// on the text.
    fn term_sets(&self, lexicon: &Lexicon, postings: &Postings, patterns: &[WordPattern]) -> Sets {
        let Some((last, inner)) = patterns.split_last() else {
            return empty_sets(postings.universe());
        };
        let sets_of =
            |p: &WordPattern| word_sets(lexicon, postings, p, &self.lexicon_matches(lexicon, p));
        let mut sets = sets_of(last);
        for p in inner {
            let all = &sets_of(p)[CLASSES - 1];
            for s in sets.iter_mut() {
                s.intersect_with(all);
            }
        }
        sets
    }

    fn articles(&self) -> usize {
        self.index.articles
    }

    fn entity_names(&self, e: u32) -> impl Iterator<Item = &str> {
        self.corpus
            .entities
            .get(e as usize)
            .into_iter()
            .flat_map(|x| {
                std::iter::once(x.name.as_str()).chain(x.aliases.iter().map(|s| s.as_str()))
            })
    }

    /// Entities whose names (or aliases) hold the term.
    fn entity_sets(&self, patterns: &[WordPattern]) -> Sets {
        let mut sets = self.term_sets(&self.index.names, &self.index.name_postings, patterns);
        if patterns.len() > 1 {
            let universe = sets[0].universe();
            let mut keep = DocSet::empty(universe);
            for e in sets[CLASSES - 1].iter() {
                if self
                    .entity_names(e)
                    .any(|n| !finder::phrase_ranges_slow(n, patterns, 1).is_empty())
                {
                    keep.insert(e as usize);
                }
            }
            for s in sets.iter_mut() {
                s.intersect_with(&keep);
            }
        }
        sets
    }

    /// The articles of entities, by the entities' class.
    fn articles_of_entities(&self, entities: &Sets) -> Sets {
        let mut out = empty_sets(self.articles());
        let mut seen = DocSet::empty(entities[0].universe());
        for c in 0..CLASSES {
            for e in entities[c].iter() {
                if seen.contains(e as usize) {
                    continue;
                }
                seen.insert(e as usize);
                for &a in self.index.entity_articles.get(e as usize) {
                    out[c].insert(a as usize);
                }
            }
        }
        cumulate(&mut out);
        out
    }

    /// The articles of quotes, by the quotes' class.
    fn articles_of_quotes(&self, quotes: &Sets) -> Sets {
        let n = self.articles();
        let mut out = empty_sets(n);
        for c in 0..CLASSES {
            // The classes are cumulated below, so a class adds only the articles of quotes
            // new in it (a one-letter prefix has no typo class of its own: nothing to add).
            let mut set = quotes[c].clone();
            if c > 0 {
                set.subtract(&quotes[c - 1]);
            }
            let count = set.len();
            if count == 0 {
                continue;
            }
            // A few quotes: each one's article looked up. Many (a speaker named in a fifth of
            // the corpus, a one-letter prefix): every article's run of quotes tested.
            articles_holding(self.corpus, &set, count < n / 32, &mut out[c]);
        }
        cumulate(&mut out);
        out
    }

    /// The quotes said by entities, by the entities' class.
    fn quotes_of_speakers(&self, entities: &Sets) -> Sets {
        let mut out = empty_sets(self.corpus.quotes.len());
        for c in 0..CLASSES {
            for e in entities[c].iter() {
                for &q in self.index.speaker_quotes.get(e as usize) {
                    out[c].insert(q as usize);
                }
            }
        }
        cumulate(&mut out);
        out
    }

    fn quote_text(&self, q: u32) -> &str {
        self.corpus
            .quotes
            .get(q as usize)
            .map_or("", |quote| self.corpus.quote_text(quote))
    }

    /// Quotes whose text holds the term.
    fn quote_sets(&self, patterns: &[WordPattern]) -> Sets {
        let mut sets = self.term_sets(&self.index.lexicon, &self.index.quote, patterns);
        let within = self.within.as_ref().and_then(|w| w.quotes.as_ref());
        verify_phrase(
            &mut sets,
            patterns,
            within,
            1,
            |q| {
                let article = self.corpus.quotes.get(q as usize).map_or(0, |x| x.article);
                (self.quote_text(q), self.folds(article))
            },
            |_, _, _| (),
        );
        sets
    }

    /// The quotes of unnamed sources whose words match (in the loosest class: the distinct
    /// sources are few, and their words are read here rather than indexed).
    fn source_sets(&self, patterns: &[WordPattern]) -> Sets {
        let mut sets = empty_sets(self.corpus.quotes.len());
        if patterns.is_empty() {
            return sets;
        }
        for (words, quotes) in &self.index.sources {
            if finder::phrase_ranges_slow(words, patterns, 1).is_empty() {
                continue;
            }
            for &q in quotes {
                // Still unnamed (a correction may have named the speaker since).
                if self
                    .corpus
                    .quotes
                    .get(q as usize)
                    .is_some_and(|x| x.speaker.is_none())
                {
                    sets[CLASSES - 1].insert(q as usize);
                }
            }
        }
        sets
    }

    fn within_articles(&self) -> Option<&DocSet> {
        self.within.as_ref().map(|w| w.all())
    }

    /// May article `a`'s text have words folding to ASCII?
    fn folds(&self, a: u32) -> bool {
        self.index.folding.contains(a as usize)
    }

    fn title(&self, a: u32) -> (&str, bool) {
        let title = self
            .corpus
            .articles
            .get(a as usize)
            .map_or("", |x| x.title.as_str());
        (title, self.folds(a))
    }

    fn body(&self, a: u32) -> (&str, bool) {
        let body = self
            .corpus
            .articles
            .get(a as usize)
            .map_or("", |x| x.body.as_str());
        (body, self.folds(a))
    }

    /// AND the positive terms of a group over units found by `unit_sets`, less its negated
    /// terms (matched strictly).
    fn units(
        &self,
        group: &Group,
        strict: bool,
        universe: usize,
        unit_sets: impl Fn(&[WordPattern]) -> Sets,
    ) -> Sets {
        let mut acc = full_sets(universe);
        for term in group.active_terms() {
            let sets = unit_sets(&patterns(term, strict || term.negated, self.index));
            if term.negated {
                for s in acc.iter_mut() {
                    s.subtract(&sets[CLASSES - 1]);
                }
            } else {
                and_sets(&mut acc, &sets);
            }
        }
        acc
    }

    fn group(&self, group: &Group) -> GroupEval {
        let strict = group.negated;
        let n = self.articles();
        match group.facet {
            Facet::Any => self.plain(group, strict),
            Facet::Kind(kind) => {
                let entities = self.index.kinds.get(kind as usize).cloned();
                let universe = self.corpus.entities.len();
                let mut ents = self.units(group, strict, universe, |p| self.entity_sets(p));
                if let Some(of_kind) = entities {
                    for s in ents.iter_mut() {
                        s.intersect_with(&of_kind);
                    }
                }
                let cum = self.articles_of_entities(&ents);
                let mut quotes = self.quotes_of_speakers(&ents)[CLASSES - 1].clone();
                // Quotes that name such an entity in their words.
                let named = self.units(group, strict, self.corpus.quotes.len(), |p| {
                    self.quote_sets(p)
                });
                quotes.union_with(&named[CLASSES - 1]);
                let [.., matched] = ents;
                GroupEval::with_entities(cum.clone(), cum, Some(quotes), Some(matched))
            }
            Facet::Speaker => {
                let universe = self.corpus.entities.len();
                let ents = self.units(group, strict, universe, |p| self.entity_sets(p));
                let mut quotes = self.quotes_of_speakers(&ents);
                // Unnamed sources by their words ("s:police").
                let mut unnamed = self.units(group, strict, self.corpus.quotes.len(), |p| {
                    self.source_sets(p)
                });
                // A group of negated words starts from every quote: keep those of unnamed
                // sources ("s:!police" is the other sources, not every quote).
                let sourced = DocSet::from_ids(
                    self.corpus.quotes.len(),
                    self.index
                        .sources
                        .iter()
                        .flat_map(|(_, q)| q.iter().copied()),
                );
                for s in unnamed.iter_mut() {
                    s.intersect_with(&sourced);
                }
                or_sets(&mut quotes, &unnamed);
                let cum = self.articles_of_quotes(&quotes);
                let [.., matched] = ents;
                let [.., quotes] = quotes;
                GroupEval::with_entities(cum.clone(), cum, Some(quotes), Some(matched))
            }
            Facet::Quote => {
                let quotes = self.units(group, strict, self.corpus.quotes.len(), |p| {
                    self.quote_sets(p)
                });
                let cum = self.articles_of_quotes(&quotes);
                GroupEval::new(cum, empty_sets(n), Some(quotes[CLASSES - 1].clone()))
            }
            Facet::Title => {
                let cum = self.units(group, strict, n, |p| {
                    let mut sets = self.term_sets(&self.index.lexicon, &self.index.title, p);
                    let within = self.within_articles();
                    verify_phrase(&mut sets, p, within, 1, |a| self.title(a), |_, _, _| ());
                    sets
                });
                GroupEval::new(cum.clone(), cum, None)
            }
            Facet::Outlet => {
                let cum = self.units(group, strict, n, |p| {
                    let mut sets =
                        self.term_sets(&self.index.outlets, &self.index.outlet_postings, p);
                    verify_phrase(
                        &mut sets,
                        p,
                        None,
                        1,
                        |a| {
                            let outlet = self
                                .corpus
                                .articles
                                .get(a as usize)
                                .and_then(|x| x.outlet.as_deref())
                                .unwrap_or("");
                            (outlet, true)
                        },
                        |_, _, _| (),
                    );
                    sets
                });
                GroupEval::new(cum, empty_sets(n), None)
            }
            // Evaluated from the marks by `evaluate_marks`.
            Facet::Star | Facet::Reviewed => GroupEval::new(empty_sets(n), empty_sets(n), None),
            Facet::Date => {
                let mut set = DocSet::empty(n);
                if let Some(range) = group.dates {
                    for (a, &d) in self.index.dates.iter().enumerate() {
                        if d != 0 && range.from <= d && d <= range.to {
                            set.insert(a);
                        }
                    }
                }
                GroupEval::new(std::array::from_fn(|_| set.clone()), empty_sets(n), None)
            }
        }
    }

    /// A plain word or phrase: in the text, the title, or the names of entities the article
    /// mentions (so a misspelt alias finds the person); its quotes by text or speaker.
    fn plain(&self, group: &Group, strict: bool) -> GroupEval {
        let n = self.articles();
        let Some(term) = group.active_terms().next() else {
            return GroupEval::new(empty_sets(n), empty_sets(n), None);
        };
        let patterns = patterns(term, strict || term.negated, self.index);
        let within = self.within_articles();
        let phrase = patterns.len() > 1;
        let earlier_places = self.within.as_ref().and_then(|w| w.places.clone());
        // The words are looked up in the lexicon once, for both the texts and the titles.
        for p in &patterns {
            self.lexicon_matches(&self.index.lexicon, p);
        }
        // The texts, and the titles, names and quotes, worked out side by side.
        let ((body, places), (high, named_quotes, named)) = rayon::join(
            || {
                let mut body = self.term_sets(&self.index.lexicon, &self.index.body, &patterns);
                let places = match &earlier_places {
                    // The same phrase typed further: look again where it stood, not at every
                    // text.
                    Some(earlier) if phrase => self.phrase_again(&mut body, &patterns, earlier),
                    _ => {
                        let found = verify_phrase(
                            &mut body,
                            &patterns,
                            within,
                            usize::MAX,
                            |a| self.body(a),
                            Place::at,
                        );
                        (found, false)
                    }
                };
                (body, places)
            },
            || {
                let mut high = self.term_sets(&self.index.lexicon, &self.index.title, &patterns);
                verify_phrase(
                    &mut high,
                    &patterns,
                    within,
                    1,
                    |a| self.title(a),
                    |_, _, _| (),
                );
                let entities = self.entity_sets(&patterns);
                or_sets(&mut high, &self.articles_of_entities(&entities));
                // Quotes holding a phrase are found where it stands in the texts, below.
                let mut quotes = self.quotes_of_speakers(&entities)[CLASSES - 1].clone();
                if !phrase {
                    quotes.union_with(&self.quote_sets(&patterns)[CLASSES - 1]);
                }
                let [.., named] = entities;
                (high, quotes, named)
            },
        );
        let mut cum = body;
        or_sets(&mut cum, &high);
        let mut quotes = named_quotes;
        let (places, grown) = places;
        let holding = match &earlier_places {
            Some(earlier) if grown => quotes_still_holding(self.corpus, &places, &earlier.quotes),
            _ if phrase => quotes_holding(self.corpus, &places),
            _ => Vec::new(),
        };
        for &qi in &holding {
            quotes.insert(qi as usize);
        }
        let mut eval = GroupEval::with_entities(cum, high, Some(quotes), Some(named));
        if phrase {
            let words = patterns
                .iter()
                .map(|p| (p.text.clone(), p.open, p.budget))
                .collect();
            eval.places = Some(Arc::new(PhrasePlaces {
                words,
                at: places,
                quotes: holding,
            }));
        }
        eval
    }

    /// Keep in `sets` the articles where the phrase still stands at one of `earlier`'s places,
    /// and where; and whether every place kept is an earlier one grown at its end.
    fn phrase_again(
        &self,
        sets: &mut Sets,
        patterns: &[WordPattern],
        earlier: &PhrasePlaces,
    ) -> (Vec<Place>, bool) {
        let added = earlier.added(patterns);
        let closed = patterns.last().is_some_and(|p| !p.open);
        let kept: Vec<(Place, bool)> = earlier
            .at
            .par_iter()
            .filter(|p| sets[CLASSES - 1].contains(p.article as usize))
            .filter_map(|p| {
                // Only letters added to the last word: checked against the bytes kept after
                // the place, else read from the text; unless the text there is not ASCII (it
                // may fold: "hôtel" is "hotel").
                if let Some(add) = added
                    && let Some(next) = p.ahead.next(add.len() + 1)
                    && let Some(found) = finder::extended(next, add, closed)
                {
                    let now = Place {
                        article: p.article,
                        range: p.range.start..p.range.end + add.len(),
                        ahead: p.ahead.skip(add.len()),
                    };
                    return found.then_some((now, true));
                }
                let (text, _) = self.body(p.article);
                let range = added
                    .and_then(|add| finder::phrase_extended(text, &p.range, add, closed))
                    .unwrap_or_else(|| finder::phrase_again(text, p.range.start, patterns))?;
                let grown = range.start == p.range.start && range.end >= p.range.end;
                Some((Place::at(p.article, text, range), grown))
            })
            .collect();
        let grown = kept.iter().all(|(_, g)| *g);
        let kept: Vec<Place> = kept.into_iter().map(|(p, _)| p).collect();
        let keep = DocSet::from_ids(sets[0].universe(), kept.iter().map(|p| p.article));
        for s in sets.iter_mut() {
            s.intersect_with(&keep);
        }
        (kept, grown)
    }
}

#[cfg(test)]
mod quotes_to_articles {
    use super::*;
    use crate::filter::fixture;

    /// Both ways of finding the articles of a set of quotes give the same articles, for every
    /// set of every kind: none, one, every other, all.
    #[test]
    fn looked_up_or_walked_the_articles_are_the_same() {
        let corpus = fixture::corpus();
        let (n, q) = (corpus.articles.len(), corpus.quotes.len());
        assert!(q > 3, "the fixture has {q} quotes");
        let sets = [
            DocSet::empty(q),
            DocSet::from_ids(q, [0]),
            DocSet::from_ids(q, [q as u32 - 1]),
            DocSet::from_ids(q, (0..q as u32).filter(|i| i % 2 == 1)),
            DocSet::full(q),
        ];
        for quotes in &sets {
            let want: Vec<u32> = {
                let mut v: Vec<u32> = quotes
                    .iter()
                    .map(|i| corpus.quotes[i as usize].article)
                    .collect();
                v.dedup();
                v
            };
            for look_up in [true, false] {
                let mut out = DocSet::empty(n);
                articles_holding(&corpus, quotes, look_up, &mut out);
                assert_eq!(out.iter().collect::<Vec<_>>(), want, "look_up {look_up}");
            }
        }
    }
}

#[cfg(test)]
mod ahead {
    use super::*;

    /// The bytes kept after a place give the next ones while they last, say when the text
    /// ends, and say nothing once used up (the text is read then).
    #[test]
    fn the_bytes_after_a_place_last_until_used_up() {
        let text = "the White House said";
        let at = "the White H".len();
        let a = Ahead::of(text, at);
        assert_eq!(a.next(3), Some(&b"ous"[..]));
        let b = a.skip(4);
        assert_eq!(b.next(2), Some(&b" s"[..]));
        // Eight bytes were kept ("ouse sai"): after seven, one is left, and the text goes on.
        assert_eq!(a.skip(7).next(1), Some(&b"i"[..]));
        assert_eq!(a.skip(7).next(2), None);
        // Near the end, what is left is all there is.
        let end = Ahead::of(text, "the White House sa".len());
        assert_eq!(end.next(5), Some(&b"id"[..]));
        assert_eq!(end.skip(2).next(1), Some(&b""[..]));
    }
}
