//! What the filter builds once at load, so that a keystroke never reads article text: word
//! indexes over bodies, titles and quotes (one lexicon), over entity names with their aliases,
//! and over outlets; which articles mention each entity and which quotes each speaker said;
//! article dates, and the articles newest first.

use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::model::{Corpus, EntityId, EntityKind, date};
use crate::wordkey;

use super::csr::{Csr, Packed};
use super::docset::DocSet;
use super::eval::Cache;
use super::finder;
use super::lexicon::Lexicon;
use super::postings::Postings;
use super::text::{fold_into, words};

/// Articles tokenised together by one thread (each chunk numbers its own words).
const CHUNK: usize = 8192;

#[derive(Debug, Default)]
pub struct Index {
    pub(super) articles: usize,
    /// Words of bodies, titles and quotes.
    pub(super) lexicon: Lexicon,
    /// Word → articles whose body holds it.
    pub(super) body: Postings,
    /// Word → articles whose title holds it.
    pub(super) title: Postings,
    /// Word → quotes holding it.
    pub(super) quote: Postings,
    /// Words of entity names and aliases, and word → entities.
    pub(super) names: Lexicon,
    pub(super) name_postings: Postings,
    /// Words of outlets, and word → articles from such an outlet.
    pub(super) outlets: Lexicon,
    pub(super) outlet_postings: Postings,
    /// Entity → the articles that mention it.
    pub(super) entity_articles: Csr,
    /// Entity → the quotes it said.
    pub(super) speaker_quotes: Csr,
    /// Entities of each kind (in `EntityKind::ALL` order).
    pub(super) kinds: Vec<DocSet>,
    /// Article → its date as `yyyymmdd` (0 when unknown).
    pub(super) dates: Vec<u32>,
    /// Articles, newest first; undated ones last, in corpus order.
    pub(super) by_date: Vec<u32>,
    /// Articles whose body or title has a word with letters that fold to ASCII ("Côte"): only
    /// their text is scanned for such words when a phrase is checked.
    pub(super) folding: DocSet,
    /// Quotes flagged as scare quotes, and how many each article has.
    pub(super) scare: DocSet,
    pub(super) scare_counts: Vec<u32>,
    /// Unnamed sources ("police", "the Vermont senator"), each told once (case aside), with
    /// the quotes they said: `s:` reads these few words rather than every quote.
    pub(super) sources: Vec<Source>,
    /// Groups of the last queries, evaluated (typing extends the last query).
    pub(super) cache: Mutex<Cache>,
}

/// One chunk's words (by chunk-local id) and its documents' local word ids.
struct ChunkWords {
    words: WordList,
    body: Packed,
    title: Packed,
    quotes: Packed,
    /// Chunk-local numbers of the articles with words folding to ASCII.
    folding: Vec<u32>,
}

/// A chunk's words, numbered as they are first seen. Most words are at most 16 bytes folded:
/// those are keyed by their bytes packed into an integer (UTF-8 text has no zero byte), so a
/// look-up hashes one number and compares no strings; longer ones are keyed by the string.
#[derive(Default)]
struct LocalWords {
    short: FxHashMap<u128, u32>,
    long: FxHashMap<Box<str>, u32>,
    words: WordList,
    buf: String,
}

/// A chunk's words in first-seen order, in one buffer: every chunk holds its own tens of
/// thousands until the lexicon is made, and as `Box<str>` each would cost a pointer and a
/// heap allocation (the largest part of building the index's memory).
#[derive(Default)]
struct WordList {
    text: String,
    ends: Vec<u32>,
}

impl WordList {
    fn push(&mut self, word: &str) {
        self.text.push_str(word);
        self.ends.push(self.text.len() as u32);
    }

    /// Push `word` lowercased (ASCII).
    fn push_lower(&mut self, word: &[u8]) {
        self.text
            .extend(word.iter().map(|b| char::from(b.to_ascii_lowercase())));
        self.ends.push(self.text.len() as u32);
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Word `i` (empty past the end).
    fn get(&self, i: u32) -> &str {
        let i = i as usize;
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).map_or(0, |&e| e as usize),
            None => 0,
        };
        let end = self.ends.get(i).map_or(start, |&e| e as usize);
        self.text.get(start..end).unwrap_or("")
    }

    fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.len() as u32).map(|i| self.get(i))
    }
}

impl LocalWords {
    /// The local id of word `word` (not yet folded).
    fn id(&mut self, word: &str) -> u32 {
        let bytes = word.as_bytes();
        if let Some(key) = wordkey::pack_ascii_lower(bytes).filter(|_| word.is_ascii()) {
            if let Some(&id) = self.short.get(&key) {
                return id;
            }
            let id = self.words.len() as u32;
            self.words.push_lower(bytes);
            self.short.insert(key, id);
            return id;
        }
        self.buf.clear();
        fold_into(word, &mut self.buf);
        if let Some(key) = wordkey::pack(self.buf.as_bytes()) {
            if let Some(&id) = self.short.get(&key) {
                return id;
            }
            let id = self.words.len() as u32;
            self.words.push(&self.buf);
            self.short.insert(key, id);
            return id;
        }
        if let Some(&id) = self.long.get(self.buf.as_str()) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(&self.buf);
        self.long.insert(self.buf.as_str().into(), id);
        id
    }
}

/// Local ids of the words of `text`; `on_word` sees each word's byte range and id.
fn word_ids(
    text: &str,
    local: &mut LocalWords,
    mut on_word: impl FnMut(std::ops::Range<usize>, u32),
) {
    for r in words(text) {
        let id = local.id(&text[r.clone()]);
        on_word(r, id);
    }
}

fn sorted_distinct(list: &mut Vec<u32>) -> impl Iterator<Item = u32> + '_ {
    list.sort_unstable();
    list.dedup();
    list.iter().copied()
}

fn tokenize_chunk(corpus: &Corpus, articles: std::ops::Range<usize>) -> ChunkWords {
    let mut local = LocalWords::default();
    let (mut body, mut title, mut quotes) =
        (Packed::default(), Packed::default(), Packed::default());
    let mut body_ids: Vec<u32> = Vec::new();
    let mut quote_ids: Vec<Vec<u32>> = Vec::new();
    let mut title_ids: Vec<u32> = Vec::new();
    let mut folding = Vec::new();
    let first = articles.start;
    for a in articles {
        let article = &corpus.articles[a];
        let article_quotes = corpus.quotes_in(a);
        body_ids.clear();
        quote_ids.clear();
        quote_ids.resize(article_quotes.len(), Vec::new());
        // Quotes are in body order: the one a word may fall in is found by walking along.
        let mut q = 0;
        let mut folds = false;
        word_ids(&article.body, &mut local, |r, id| {
            body_ids.push(id);
            folds |= finder::folds_to_ascii(&article.body[r.clone()]);
            while q < article_quotes.len() && (article_quotes[q].end as usize) < r.end {
                q += 1;
            }
            if let Some(quote) = article_quotes.get(q)
                && quote.start as usize <= r.start
            {
                quote_ids[q].push(id);
            }
        });
        body.push(sorted_distinct(&mut body_ids));
        for list in &mut quote_ids {
            quotes.push(sorted_distinct(list));
        }
        title_ids.clear();
        word_ids(&article.title, &mut local, |r, id| {
            title_ids.push(id);
            folds |= finder::folds_to_ascii(&article.title[r]);
        });
        if folds {
            folding.push((a - first) as u32);
        }
        title.push(sorted_distinct(&mut title_ids));
    }
    ChunkWords {
        words: local.words,
        body,
        title,
        quotes,
        folding,
    }
}

/// A lexicon over short texts (names, outlets): each document's distinct words.
fn small_index(docs: &[Vec<&str>]) -> (Lexicon, Postings) {
    let mut local = LocalWords::default();
    let mut lists = Packed::default();
    let mut scratch = Vec::new();
    for texts in docs {
        scratch.clear();
        for text in texts {
            word_ids(text, &mut local, |_, id| scratch.push(id));
        }
        lists.push(sorted_distinct(&mut scratch));
    }
    let mut chunk = ChunkWords {
        words: local.words,
        body: lists,
        title: Packed::default(),
        quotes: Packed::default(),
        folding: Vec::new(),
    };
    let lexicon = lexicon_of(std::slice::from_ref(&chunk));
    to_global(&lexicon, &mut chunk);
    let postings = Postings::build(lexicon.len(), vec![std::mem::take(&mut chunk.body)])
        .with_initials(|c| lexicon.prefix_range(c));
    (lexicon, postings)
}

/// The sorted union of the chunks' words.
fn lexicon_of(chunks: &[ChunkWords]) -> Lexicon {
    // Each chunk's words put in order (as positions in its list: 4 bytes a word, where one
    // list of every chunk's words would take a 16-byte reference each), then merged.
    let orders: Vec<Vec<u32>> = chunks
        .par_iter()
        .map(|c| {
            let mut order: Vec<u32> = (0..c.words.len() as u32).collect();
            order.sort_unstable_by(|&a, &b| c.words.get(a).cmp(c.words.get(b)));
            order
        })
        .collect();
    let head = |ci: usize, pos: usize| {
        let w = *orders[ci].get(pos)?;
        Some(std::cmp::Reverse((chunks[ci].words.get(w), ci, pos)))
    };
    let mut heap: std::collections::BinaryHeap<_> =
        (0..chunks.len()).filter_map(|ci| head(ci, 0)).collect();
    // In order, with repeats (`Lexicon::build` passes over them).
    let merged = std::iter::from_fn(|| {
        let std::cmp::Reverse((word, ci, pos)) = heap.pop()?;
        if let Some(next) = head(ci, pos + 1) {
            heap.push(next);
        }
        Some(word)
    });
    Lexicon::build(merged)
}

/// Rewrite a chunk's lists from local ids to the lexicon's.
fn to_global(lexicon: &Lexicon, chunk: &mut ChunkWords) {
    let global: Vec<u32> = chunk
        .words
        .iter()
        .map(|w| lexicon.get(w).unwrap_or(0))
        .collect();
    let map = |id: u32| global.get(id as usize).copied().unwrap_or(0);
    for lists in [&mut chunk.body, &mut chunk.title, &mut chunk.quotes] {
        *lists = lists.remapped(map);
    }
    chunk.words = WordList::default();
}

/// An unnamed source's words, and the quotes it said.
type Source = (Box<str>, Vec<u32>);

/// The unnamed sources of the corpus's quotes, each once (case aside, in that order), with
/// their quotes in corpus order.
fn sources(corpus: &Corpus) -> Vec<Source> {
    let mut by_words: FxHashMap<String, Source> = FxHashMap::default();
    for (i, q) in corpus.quotes.iter().enumerate() {
        if q.speaker.is_some() {
            continue;
        }
        let Some(words) = corpus.quote_source(q) else {
            continue;
        };
        by_words
            .entry(words.to_lowercase())
            .or_insert_with(|| (words.into(), Vec::new()))
            .1
            .push(i as u32);
    }
    let mut out: Vec<(String, Source)> = by_words.into_iter().collect();
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out.into_iter().map(|(_, v)| v).collect()
}

/// What the index knows of entities: a word index of their names and aliases, the articles
/// that mention each, the quotes each said, and which are of each kind.
struct EntityParts {
    names: Lexicon,
    name_postings: Postings,
    entity_articles: Csr,
    speaker_quotes: Csr,
    kinds: Vec<DocSet>,
}

impl EntityParts {
    fn build(corpus: &Corpus) -> EntityParts {
        let name_docs: Vec<Vec<&str>> = corpus
            .entities
            .iter()
            .map(|e| {
                std::iter::once(e.name.as_str())
                    .chain(e.aliases.iter().map(String::as_str))
                    .collect()
            })
            .collect();
        let (names, name_postings) = small_index(&name_docs);

        let mut entity_articles = Csr::default();
        for e in &corpus.entities {
            entity_articles.push(e.articles());
        }
        let mut said: Vec<Vec<u32>> = vec![Vec::new(); corpus.entities.len()];
        for (qi, q) in corpus.quotes.iter().enumerate() {
            if let Some(list) = q.speaker.and_then(|s| said.get_mut(s.0 as usize)) {
                list.push(qi as u32);
            }
        }
        let mut speaker_quotes = Csr::default();
        for list in said {
            speaker_quotes.push(list);
        }
        let kinds = EntityKind::ALL
            .iter()
            .map(|&k| {
                DocSet::from_ids(
                    corpus.entities.len(),
                    corpus
                        .entities
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| e.kind == k)
                        .map(|(i, _)| i as u32),
                )
            })
            .collect();
        EntityParts {
            names,
            name_postings,
            entity_articles,
            speaker_quotes,
            kinds,
        }
    }
}

/// Where [`Index::write_parts`] puts the index's parts.
pub trait PartSink {
    fn part<T: Serialize + ?Sized>(&mut self, value: &T) -> std::io::Result<()>;
}

impl Index {
    pub fn build(corpus: &Corpus) -> Index {
        let n = corpus.articles.len();
        let bounds: Vec<std::ops::Range<usize>> = (0..n)
            .step_by(CHUNK)
            .map(|s| s..(s + CHUNK).min(n))
            .collect();
        let mut chunks: Vec<ChunkWords> = bounds
            .into_par_iter()
            .map(|r| tokenize_chunk(corpus, r))
            .collect();
        let lexicon = lexicon_of(&chunks);
        chunks.par_iter_mut().for_each(|c| to_global(&lexicon, c));
        // The chunks' own words and lists are gone: give their pages back before the postings
        // are made beside what is left.
        crate::mem::release_freed();
        let folding = DocSet::from_ids(
            n,
            chunks
                .iter()
                .enumerate()
                .flat_map(|(i, c)| c.folding.iter().map(move |&a| (i * CHUNK) as u32 + a)),
        );
        let (bodies, (titles, quotes)): (Vec<Packed>, (Vec<Packed>, Vec<Packed>)) = chunks
            .into_iter()
            .map(|c| (c.body, (c.title, c.quotes)))
            .unzip();
        let words = lexicon.len();
        let postings = |parts: Vec<Packed>| {
            Postings::build(words, parts).with_initials(|c| lexicon.prefix_range(c))
        };
        let (body, (title, quote)) = rayon::join(
            || postings(bodies),
            || rayon::join(|| postings(titles), || postings(quotes)),
        );
        crate::mem::release_freed();

        let outlet_docs: Vec<Vec<&str>> = corpus
            .articles
            .iter()
            .map(|a| a.outlet.iter().map(String::as_str).collect())
            .collect();
        let (outlets, outlet_postings) = small_index(&outlet_docs);
        let entities = EntityParts::build(corpus);
        let dates: Vec<u32> = corpus
            .articles
            .par_iter()
            .map(|a| {
                a.date
                    .as_deref()
                    .and_then(date::parse)
                    .map_or(0, |d| d.key())
            })
            .collect();
        let mut by_date: Vec<u32> = (0..n as u32).collect();
        // Newest first; undated (0) last; equal dates keep corpus order (stable sort).
        by_date.sort_by_key(|&a| std::cmp::Reverse(dates[a as usize]));
        let scare = DocSet::from_ids(
            corpus.quotes.len(),
            corpus
                .quotes
                .iter()
                .enumerate()
                .filter(|(_, q)| q.scare)
                .map(|(i, _)| i as u32),
        );
        let scare_counts = (0..n)
            .map(|a| corpus.quotes_in(a).iter().filter(|q| q.scare).count() as u32)
            .collect();
        let sources = sources(corpus);
        Index {
            articles: n,
            lexicon,
            body,
            title,
            quote,
            names: entities.names,
            name_postings: entities.name_postings,
            outlets,
            outlet_postings,
            entity_articles: entities.entity_articles,
            speaker_quotes: entities.speaker_quotes,
            kinds: entities.kinds,
            dates,
            by_date,
            scare,
            scare_counts,
            sources,
            folding,
            cache: Mutex::default(),
        }
    }

    /// Approximate heap bytes, for reports.
    pub fn heap_bytes(&self) -> usize {
        self.lexicon.heap_bytes()
            + self.body.heap_bytes()
            + self.title.heap_bytes()
            + self.quote.heap_bytes()
            + self.names.heap_bytes()
            + self.name_postings.heap_bytes()
            + self.outlets.heap_bytes()
            + self.outlet_postings.heap_bytes()
            + self.entity_articles.heap_bytes()
            + self.speaker_quotes.heap_bytes()
            + self.kinds.iter().map(DocSet::heap_bytes).sum::<usize>()
            + self.dates.len() * 4
            + self.by_date.len() * 4
            + self.scare.heap_bytes()
            + self.scare_counts.len() * 4
            + self
                .sources
                .iter()
                .map(|(w, q)| w.len() + q.len() * 4 + 40)
                .sum::<usize>()
            + self.folding.heap_bytes()
    }

    /// The index a part at a time, handed to `sink` to encode (so a snapshot never holds it
    /// encoded), in the order [`Index::read_parts`] takes them back.
    pub fn write_parts(&self, sink: &mut impl PartSink) -> std::io::Result<()> {
        sink.part(&(self.articles, &self.lexicon))?;
        sink.part(&self.body)?;
        sink.part(&self.title)?;
        sink.part(&self.quote)?;
        sink.part(&(&self.names, &self.name_postings))?;
        sink.part(&(&self.outlets, &self.outlet_postings))?;
        sink.part(&(&self.entity_articles, &self.speaker_quotes, &self.kinds))?;
        sink.part(&(
            &self.dates,
            &self.by_date,
            &self.scare,
            &self.scare_counts,
            &self.folding,
            &self.sources,
        ))
    }

    /// How many parts [`Index::write_parts`] writes.
    pub const PARTS: u32 = 8;

    /// An index from its parts (bytes from [`Index::write_parts`], each from `next`).
    pub fn read_parts(next: &mut dyn FnMut() -> Result<Vec<u8>, String>) -> Result<Index, String> {
        fn decode<T: for<'de> Deserialize<'de>>(
            bytes: Result<Vec<u8>, String>,
        ) -> Result<T, String> {
            postcard::from_bytes(&bytes?).map_err(|e| format!("the index does not decode ({e})"))
        }
        let (articles, lexicon) = decode(next())?;
        let body = decode(next())?;
        let title = decode(next())?;
        let quote = decode(next())?;
        let (names, name_postings) = decode(next())?;
        let (outlets, outlet_postings) = decode(next())?;
        let (entity_articles, speaker_quotes, kinds) = decode(next())?;
        let (dates, by_date, scare, scare_counts, folding, sources) = decode(next())?;
        Ok(Index {
            articles,
            lexicon,
            body,
            title,
            quote,
            names,
            name_postings,
            outlets,
            outlet_postings,
            entity_articles,
            speaker_quotes,
            kinds,
            dates,
            by_date,
            scare,
            scare_counts,
            sources,
            folding,
            cache: Mutex::default(),
        })
    }

    /// Does this index (read back from a file) fit `corpus`? Every list and set must have the
    /// corpus's sizes and lie inside its stored data, so no search can index out of bounds.
    pub fn check(&self, corpus: &Corpus) -> Result<(), String> {
        let (n, q, e) = (
            corpus.articles.len(),
            corpus.quotes.len(),
            corpus.entities.len(),
        );
        let words = self.lexicon.len();
        if self.articles != n {
            return Err(format!("an index of {} articles for {n}", self.articles));
        }
        self.body.check(words, n)?;
        self.title.check(words, n)?;
        self.quote.check(words, q)?;
        self.name_postings.check(self.names.len(), e)?;
        self.outlet_postings.check(self.outlets.len(), n)?;
        self.entity_articles.check(e, n)?;
        self.speaker_quotes.check(e, q)?;
        if self.kinds.len() != EntityKind::ALL.len() {
            return Err("entity kinds missing".to_string());
        }
        for k in &self.kinds {
            k.check(e)?;
        }
        self.scare.check(q)?;
        self.folding.check(n)?;
        if self
            .sources
            .iter()
            .any(|(_, ids)| ids.iter().any(|&x| x as usize >= q))
        {
            return Err("the quotes of unnamed sources are out of place".to_string());
        }
        let mut seen = vec![false; n];
        for &a in &self.by_date {
            match seen.get_mut(a as usize) {
                Some(s) if !*s => *s = true,
                _ => return Err("the date order is not one of the articles".to_string()),
            }
        }
        if self.dates.len() != n || self.by_date.len() != n || self.scare_counts.len() != n {
            return Err("per-article lists of the wrong length".to_string());
        }
        Ok(())
    }

    /// Rebuild what the index knows of entities (their names, articles, quotes and kinds) after
    /// the corpus's entities changed (corrections); the word indexes of the text stay.
    pub fn refresh_entities(&mut self, corpus: &Corpus) {
        let parts = EntityParts::build(corpus);
        self.names = parts.names;
        self.name_postings = parts.name_postings;
        self.entity_articles = parts.entity_articles;
        self.speaker_quotes = parts.speaker_quotes;
        self.kinds = parts.kinds;
        self.sources = sources(corpus);
        self.clear_cache();
    }

    /// Forget the groups evaluated by earlier searches (benchmarks start each query cold).
    pub fn clear_cache(&self) {
        if let Ok(mut cache) = self.cache.lock() {
            *cache = Cache::default();
        }
    }

    /// The lexicon of bodies, titles and quotes (for tests and diagnostics).
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The quotes an entity said (indexes into `corpus.quotes`, in corpus order).
    pub fn quotes_said_by(&self, id: EntityId) -> &[u32] {
        self.speaker_quotes.get(id.0 as usize)
    }

    /// The articles that mention an entity, in corpus order.
    pub fn articles_mentioning(&self, id: EntityId) -> &[u32] {
        self.entity_articles.get(id.0 as usize)
    }

    /// Up to `n` of `articles`, newest first (undated ones last, then in the order given).
    pub fn newest(&self, articles: impl IntoIterator<Item = u32>, n: usize) -> Vec<u32> {
        let key = |a: u32| std::cmp::Reverse(self.dates.get(a as usize).copied().unwrap_or(0));
        let mut best: Vec<u32> = Vec::with_capacity(n + 1);
        for a in articles {
            // Kept sorted; a new article goes in only when it beats the last kept.
            let at = best.partition_point(|&b| key(b) <= key(a));
            if at < n {
                best.insert(at, a);
                best.truncate(n);
            }
        }
        best
    }
}
