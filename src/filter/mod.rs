//! Filtering the corpus by a query and pinned entities: which articles, entities and quotes
//! match, ranked, with matched positions for highlighting. Knows nothing of the terminal.
//!
//! Entity names are matched fuzzily against haystacks prepared once at load ([`Index`]); titles
//! and quotes fuzzily in place; article text and titles also through word indexes, never by
//! scanning text per keystroke. A term of fewer than [`FUZZY_MIN`] letters (the first
//! keystrokes) matches words starting with it, through the indexes: fuzzy-matching one or two
//! letters finds them in nearly everything and costs a pass over every field. Work per search
//! is proportional to the candidate articles: all of them, those of the rarest pinned entity,
//! or those of a broader earlier query; quotes are listed a page at a time ([`complete_quotes`]
//! lists the rest).

#[doc(hidden)]
pub mod fixture;
pub mod fuzzy;
pub mod query;
pub mod words;

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;

use crate::model::{Corpus, EntityId, EntityKind};
pub use fuzzy::{Fuzzy, Haystack, Needle};
pub use query::{Facet, Query, Term};
use words::{BodyNeedle, WordIndex};

/// Terms shorter than this (in characters) match as word prefixes, not fuzzily.
pub const FUZZY_MIN: usize = 4;

/// Everything prepared at load so that a keystroke never re-reads the text.
#[derive(Debug, Default)]
pub struct Index {
    /// Each entity's name, then its aliases.
    names: Vec<Haystack>,
    /// Entity `e` owns `names[name_starts[e]..name_starts[e + 1]]`.
    name_starts: Vec<usize>,
    words: WordIndex,
    title_words: WordIndex,
    /// For each article, the mention count of each entity in `corpus.entities_in(article)`, in
    /// that order (article `a`'s at `mention_counts[count_starts[a]..count_starts[a + 1]]`),
    /// so counting entities over many articles needs no searching.
    mention_counts: Vec<u32>,
    count_starts: Vec<usize>,
    /// Per article, the speakers of its quotes that it does not otherwise mention (almost
    /// always none), at `unmentioned_speakers[speaker_starts[a]..speaker_starts[a + 1]]`: the
    /// only ones the speaker route can add to the entity route.
    unmentioned_speakers: Vec<EntityId>,
    speaker_starts: Vec<usize>,
    /// Per title, its letters and digits ([`words::char_mask`]).
    title_masks: Vec<u64>,
    /// Every title, concatenated in corpus order (title `a` ends at `title_ends[a]`): a fuzzy
    /// pass over all titles reads one block of memory instead of a string per article.
    titles: String,
    title_ends: Vec<usize>,
    /// `corpus.entities_in(a)` for every article, concatenated, at the same offsets as
    /// `mention_counts`: matching entities over many articles reads one block of memory.
    article_entities: Vec<EntityId>,
}

impl Index {
    pub fn build(corpus: &Corpus) -> Index {
        let mut names = Vec::new();
        let mut name_starts = Vec::with_capacity(corpus.entities.len() + 1);
        for e in &corpus.entities {
            name_starts.push(names.len());
            names.push(fuzzy::prepare(&e.name));
            names.extend(e.aliases.iter().map(|a| fuzzy::prepare(a)));
        }
        name_starts.push(names.len());
        let words = WordIndex::build(corpus.articles.par_iter().map(|a| a.body.as_str()));
        let title_words = WordIndex::build(corpus.articles.par_iter().map(|a| a.title.as_str()));
        let per_article: Vec<Vec<u32>> = (0..corpus.articles.len())
            .into_par_iter()
            .map(|a| {
                corpus
                    .entities_in(a)
                    .iter()
                    .map(|&e| corpus.mentions_in(e, a).len() as u32)
                    .collect()
            })
            .collect();
        let mut mention_counts = Vec::with_capacity(per_article.iter().map(Vec::len).sum());
        let mut article_entities = Vec::with_capacity(mention_counts.capacity());
        let mut count_starts = Vec::with_capacity(per_article.len() + 1);
        for (a, counts) in per_article.iter().enumerate() {
            count_starts.push(mention_counts.len());
            mention_counts.extend_from_slice(counts);
            article_entities.extend_from_slice(corpus.entities_in(a));
        }
        count_starts.push(mention_counts.len());
        let mut titles = String::with_capacity(corpus.articles.iter().map(|a| a.title.len()).sum());
        let mut title_ends = Vec::with_capacity(corpus.articles.len());
        for a in &corpus.articles {
            titles.push_str(&a.title);
            title_ends.push(titles.len());
        }
        let per_article: Vec<Vec<EntityId>> = (0..corpus.articles.len())
            .into_par_iter()
            .map(|a| {
                let mentioned = corpus.entities_in(a);
                let mut odd: Vec<EntityId> = corpus
                    .quotes_in(a)
                    .iter()
                    .filter_map(|q| q.speaker)
                    .filter(|sp| !mentioned.contains(sp))
                    .collect();
                odd.sort_unstable();
                odd.dedup();
                odd
            })
            .collect();
        let mut unmentioned_speakers = Vec::new();
        let mut speaker_starts = Vec::with_capacity(per_article.len() + 1);
        for odd in &per_article {
            speaker_starts.push(unmentioned_speakers.len());
            unmentioned_speakers.extend_from_slice(odd);
        }
        speaker_starts.push(unmentioned_speakers.len());
        let title_masks = corpus
            .articles
            .par_iter()
            .map(|a| words::char_mask(&a.title))
            .collect();
        Index {
            names,
            name_starts,
            words,
            title_words,
            mention_counts,
            count_starts,
            unmentioned_speakers,
            speaker_starts,
            title_masks,
            titles,
            title_ends,
            article_entities,
        }
    }

    fn title_of(&self, article: usize) -> Option<&str> {
        let end = *self.title_ends.get(article)?;
        let start = match article.checked_sub(1) {
            Some(p) => self.title_ends[p],
            None => 0,
        };
        self.titles.get(start..end)
    }

    /// The entities article `article` mentions (`corpus.entities_in`).
    fn entities_of(&self, article: usize) -> &[EntityId] {
        match (
            self.count_starts.get(article),
            self.count_starts.get(article + 1),
        ) {
            (Some(&s), Some(&e)) => &self.article_entities[s..e],
            _ => &[],
        }
    }

    fn unmentioned_speakers_of(&self, article: usize) -> &[EntityId] {
        match (
            self.speaker_starts.get(article),
            self.speaker_starts.get(article + 1),
        ) {
            (Some(&s), Some(&e)) => &self.unmentioned_speakers[s..e],
            _ => &[],
        }
    }

    fn names_of(&self, e: EntityId) -> &[Haystack] {
        let i = e.0 as usize;
        match (self.name_starts.get(i), self.name_starts.get(i + 1)) {
            (Some(&s), Some(&end)) => &self.names[s..end],
            _ => &[],
        }
    }

    fn mention_counts_of(&self, article: usize) -> &[u32] {
        match (
            self.count_starts.get(article),
            self.count_starts.get(article + 1),
        ) {
            (Some(&s), Some(&e)) => &self.mention_counts[s..e],
            _ => &[],
        }
    }

    /// Approximate heap bytes of the word indexes and counts, for reports.
    pub fn heap_bytes(&self) -> usize {
        self.words.heap_bytes()
            + self.title_words.heap_bytes()
            + self.mention_counts.len() * 4
            + self.count_starts.len() * 8
            + self.unmentioned_speakers.len() * 4
            + self.speaker_starts.len() * 8
            + self.title_masks.len() * 8
            + self.titles.len()
            + self.title_ends.len() * 8
            + self.article_entities.len() * 4
    }
}

fn quote_text(corpus: &Corpus, qi: usize) -> &str {
    corpus
        .quotes
        .get(qi)
        .and_then(|q| {
            let body = &corpus.articles.get(q.article as usize)?.body;
            body.get(q.start as usize..q.end as usize)
        })
        .unwrap_or("")
}

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub query: Query,
    /// Pinned entities: an article must mention every one.
    pub chips: Vec<EntityId>,
    /// Keep one- and two-word "scare quotes" in the quote list.
    pub show_scare: bool,
    /// The results of an earlier, broader search (same pins and scare-quote setting): look
    /// only among its articles and quotes.
    pub within: Option<Arc<Results>>,
}

/// How a listed quote relates to the pinned entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// No entity is pinned.
    Listed,
    /// A pinned entity said it.
    SaidBy,
    /// It names a pinned entity.
    Mentions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteHit {
    /// Index into `corpus.quotes`.
    pub quote: u32,
    pub relation: Relation,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityHit {
    pub id: EntityId,
    /// Mentions within the listed articles.
    pub count: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Results {
    /// Matching articles, best first.
    pub articles: Vec<u32>,
    /// The same articles in corpus order.
    pub matched: Arc<[u32]>,
    /// The articles a query extending this one can match, in corpus order: `matched`, unless a
    /// short term (matched by word prefix) may turn fuzzy as it grows.
    pub pool: Arc<[u32]>,
    /// The listed quotes in corpus order, to narrow the next search.
    pub matched_quotes: Arc<[u32]>,
    /// Entities in the matching articles that pass the query's entity terms: by kind, then
    /// count (highest first), then name.
    pub entities: Vec<EntityHit>,
    /// Quotes of the matching articles that pass the query's quote terms; with pinned
    /// entities, those said by them first.
    pub quotes: Vec<QuoteHit>,
    /// `quotes` holds only the first page or so; [`complete_quotes`] gives the rest.
    pub quotes_partial: bool,
    /// Some term was matched by word prefix (see `pool`).
    short_terms: bool,
}

/// A term compiled for one search, with its cache of entity matches.
struct Compiled<'q> {
    term: &'q Term,
    needle: Needle,
    /// A short term, folded: matched as the start of a word.
    prefix: Option<String>,
    /// Article text (for unprefixed and quote terms).
    body: Option<BodyNeedle>,
    /// Titles, for a short term.
    title: Option<BodyNeedle>,
    /// The term's letters and digits ([`words::char_mask`]).
    mask: u64,
    /// Per entity: `UNKNOWN`, 0 for no match, or 1 + score. Shared by the threads of a search
    /// (two threads may compute the same entry; they agree).
    entity_scores: Vec<AtomicU32>,
}

const UNKNOWN: u32 = u32::MAX;

/// Scores of the routes by which an article matches a term: a title match ranks first.
const TITLE_RANK: u32 = 3000;
const ENTITY_RANK: u32 = 2000;
const BODY_RANK: u32 = 1000;
/// A short term's score where it starts a word.
const PREFIX_SCORE: u32 = 100;

/// Articles (or quotes) handed to one thread at a time; cancellation is checked between them.
const CHUNK: usize = 1024;

/// Quotes listed by [`search`] before it returns (a few screens); the rest are listed by
/// [`complete_quotes`], off the keystroke's clock.
const QUOTE_PAGE: usize = 500;
/// Quotes [`search`] examines at most, should matches be rare.
const QUOTE_BUDGET: usize = 10_000;

/// Is this term matched by word prefix? Short, one plain word, not exact.
pub fn is_short(term: &Term) -> bool {
    !term.exact
        && term.text.chars().count() < FUZZY_MIN
        && term.text.chars().all(char::is_alphanumeric)
}

/// Does a word of `text` start with `prefix` (folded)?
fn starts_a_word(text: &str, prefix: &str) -> bool {
    let needle = BodyNeedle::for_highlight(prefix);
    !needle.phrase_ranges(text, 1).is_empty()
}

/// One search's compiled terms over the corpus; shared by the threads that run it, each with
/// its own `Fuzzy`.
struct Searcher<'a> {
    corpus: &'a Corpus,
    index: &'a Index,
    terms: Vec<Compiled<'a>>,
}

/// Where an article stands after the terms.
enum Verdict {
    /// A term that keeps its meaning as it is typed further rules it out.
    Out,
    /// Only a short term rules it out (it may match once that term grows).
    Pool,
    Match(u32),
}

impl<'a> Searcher<'a> {
    fn new(corpus: &'a Corpus, index: &'a Index, query: &'a Query) -> Self {
        let terms = query
            .terms
            .iter()
            .map(|term| {
                let short = is_short(term);
                Compiled {
                    term,
                    needle: Needle::new(&term.text, term.exact || term.negated || term.phrase),
                    prefix: short.then(|| words::folded(&term.text)),
                    body: matches!(term.facet, Facet::Any | Facet::Quote)
                        .then(|| BodyNeedle::new(&term.text, &index.words)),
                    title: (short && matches!(term.facet, Facet::Any | Facet::Title))
                        .then(|| BodyNeedle::new(&term.text, &index.title_words)),
                    mask: words::char_mask(&term.text),
                    entity_scores: (0..corpus.entities.len())
                        .map(|_| AtomicU32::new(UNKNOWN))
                        .collect(),
                }
            })
            .collect();
        Searcher {
            corpus,
            index,
            terms,
        }
    }

    fn has_short_terms(&self) -> bool {
        self.terms.iter().any(|c| c.prefix.is_some())
    }

    /// Does entity `e` match term `t` by name or alias (and kind, for a kind facet)?
    fn entity_score(&self, t: usize, e: EntityId, fuzzy: &mut Fuzzy) -> Option<u32> {
        let c = &self.terms[t];
        let slot = c.entity_scores.get(e.0 as usize)?;
        let known = slot.load(Ordering::Relaxed);
        if known != UNKNOWN {
            return known.checked_sub(1);
        }
        let entity = self.corpus.entities.get(e.0 as usize);
        let kind_ok = match c.term.facet {
            Facet::Kind(k) => entity.is_some_and(|x| x.kind == k),
            _ => true,
        };
        let score = match (&c.prefix, entity) {
            _ if !kind_ok => None,
            (Some(prefix), Some(entity)) => std::iter::once(&entity.name)
                .chain(&entity.aliases)
                .any(|name| starts_a_word(name, prefix))
                .then_some(PREFIX_SCORE),
            _ => self
                .index
                .names_of(e)
                .iter()
                .filter_map(|h| c.needle.score(h, fuzzy))
                .max()
                .map(u32::from),
        };
        slot.store(score.map_or(0, |s| s + 1), Ordering::Relaxed);
        score
    }

    fn quote_score(&self, t: usize, qi: usize, fuzzy: &mut Fuzzy) -> Option<u32> {
        let c = &self.terms[t];
        let text = quote_text(self.corpus, qi);
        if let Some(prefix) = &c.prefix {
            // A quote is part of its article's text: no word there, none in the quote.
            let article = self.corpus.quotes.get(qi)?.article as usize;
            let in_article = c.body.as_ref().is_none_or(|b| b.in_document(article));
            return (in_article && starts_a_word(text, prefix)).then_some(PREFIX_SCORE);
        }
        c.needle.score_str(text, fuzzy).map(u32::from)
    }

    fn speaker_score(&self, t: usize, qi: usize, fuzzy: &mut Fuzzy) -> Option<u32> {
        let speaker = self.corpus.quotes.get(qi)?.speaker?;
        self.entity_score(t, speaker, fuzzy)
    }

    fn best_entity_in(&self, t: usize, a: usize, fuzzy: &mut Fuzzy) -> Option<u32> {
        self.index
            .entities_of(a)
            .iter()
            .filter_map(|&e| self.entity_score(t, e, fuzzy))
            .max()
    }

    fn title_score(&self, t: usize, a: usize, fuzzy: &mut Fuzzy) -> Option<u32> {
        let c = &self.terms[t];
        if let Some(title) = &c.title {
            return title.in_document(a).then_some(PREFIX_SCORE);
        }
        if c.mask & !self.index.title_masks.get(a)? != 0 {
            return None;
        }
        let title = self.index.title_of(a)?;
        c.needle.score_str(title, fuzzy).map(u32::from)
    }

    /// How well article `a` matches term `t`, ignoring negation. Quote text is not a route of
    /// its own: a quote is part of the text, which the word index already covers (fuzzy
    /// matching every quote of every article would cost a pass over the quotes per keystroke).
    fn article_score(&self, t: usize, a: usize, fuzzy: &mut Fuzzy) -> Option<u32> {
        let quotes = self.corpus.quote_range(a);
        match self.terms[t].term.facet {
            Facet::Title => self.title_score(t, a, fuzzy),
            Facet::Kind(_) => self.best_entity_in(t, a, fuzzy),
            Facet::Speaker => quotes
                .filter_map(|qi| self.speaker_score(t, qi, fuzzy))
                .max(),
            Facet::Quote => quotes.filter_map(|qi| self.quote_score(t, qi, fuzzy)).max(),
            Facet::Any => {
                if let Some(s) = self.title_score(t, a, fuzzy) {
                    return Some(TITLE_RANK + s);
                }
                if let Some(s) = self.best_entity_in(t, a, fuzzy) {
                    return Some(ENTITY_RANK + s);
                }
                if let Some(b) = &self.terms[t].body
                    && b.in_document(a)
                    && (b.words.len() == 1 || {
                        let body = self.corpus.articles.get(a).map_or("", |x| x.body.as_str());
                        b.matches(a, body)
                    })
                {
                    return Some(BODY_RANK);
                }
                // Speakers it mentions were tried with the entities.
                self.index
                    .unmentioned_speakers_of(a)
                    .iter()
                    .find_map(|&sp| self.entity_score(t, sp, fuzzy))
                    .map(|s| ENTITY_RANK + s)
            }
        }
    }

    /// The article's total score over all terms. Terms that keep their meaning as they grow
    /// are tried first, so `Pool` means only a short term failed.
    fn article(&self, a: usize, fuzzy: &mut Fuzzy) -> Verdict {
        let mut total = 0;
        let mut short_failed = false;
        for short in [false, true] {
            for t in 0..self.terms.len() {
                if self.terms[t].prefix.is_some() != short {
                    continue;
                }
                let score = self.article_score(t, a, fuzzy);
                match (self.terms[t].term.negated, score) {
                    (false, Some(s)) => total += s,
                    (true, None) => {}
                    _ if short => short_failed = true,
                    _ => return Verdict::Out,
                }
                if short_failed {
                    return Verdict::Pool;
                }
            }
        }
        Verdict::Match(total)
    }

    /// Does the entity pass the query's entity terms? Unprefixed terms must all match its name
    /// or an alias; of the kind-prefixed ones (`p:` `c:` `o:`) it must match one.
    fn entity_passes(&self, e: EntityId, fuzzy: &mut Fuzzy) -> bool {
        let mut kind_terms = 0;
        let mut kind_hit = false;
        for t in 0..self.terms.len() {
            let term = self.terms[t].term;
            if !matches!(term.facet, Facet::Any | Facet::Kind(_)) {
                continue;
            }
            let hit = self.entity_score(t, e, fuzzy).is_some();
            match (term.facet, term.negated) {
                (_, true) if hit => return false,
                (_, true) => {}
                (Facet::Any, false) if !hit => return false,
                (Facet::Kind(_), false) => {
                    kind_terms += 1;
                    kind_hit |= hit;
                }
                _ => {}
            }
        }
        kind_terms == 0 || kind_hit
    }

    /// Does the quote pass the query's quote terms (unprefixed, `q:` and `s:`)?
    fn quote_passes(&self, qi: usize, fuzzy: &mut Fuzzy) -> bool {
        for t in 0..self.terms.len() {
            let term = self.terms[t].term;
            let hit = match term.facet {
                Facet::Any => {
                    self.speaker_score(t, qi, fuzzy).is_some()
                        || self.quote_score(t, qi, fuzzy).is_some()
                }
                Facet::Quote => self.quote_score(t, qi, fuzzy).is_some(),
                Facet::Speaker => self.speaker_score(t, qi, fuzzy).is_some(),
                _ => continue,
            };
            if hit == term.negated {
                return false;
            }
        }
        true
    }

    /// How quote `qi` of article `a` relates to the pinned entities (`None`: not at all).
    fn relation(&self, a: usize, qi: usize, chips: &[EntityId]) -> Option<Relation> {
        let q = self.corpus.quotes.get(qi)?;
        if chips.is_empty() {
            Some(Relation::Listed)
        } else if q.speaker.is_some_and(|sp| chips.contains(&sp)) {
            Some(Relation::SaidBy)
        } else if chips.iter().any(|&c| {
            self.corpus
                .mentions_in(c, a)
                .iter()
                .any(|m| m.start >= q.start && m.end <= q.end)
        }) {
            Some(Relation::Mentions)
        } else {
            None
        }
    }

    /// The quote as listed, if it is: shown (scare quotes), related to the pins, passing.
    fn quote_hit(
        &self,
        request: &Request,
        a: usize,
        qi: usize,
        fuzzy: &mut Fuzzy,
    ) -> Option<QuoteHit> {
        if self.corpus.quotes.get(qi)?.scare && !request.show_scare {
            return None;
        }
        let relation = self.relation(a, qi, &request.chips)?;
        self.quote_passes(qi, fuzzy).then_some(QuoteHit {
            quote: qi as u32,
            relation,
        })
    }
}

/// Articles mentioning an entity, in corpus order.
fn articles_of(corpus: &Corpus, e: EntityId) -> Vec<u32> {
    let mut out: Vec<u32> = corpus
        .entities
        .get(e.0 as usize)
        .map(|x| x.mentions.iter().map(|m| m.article).collect())
        .unwrap_or_default();
    out.dedup();
    out
}

/// Run `work` over chunks of `items` on all cores, each thread with its own `Fuzzy`, results in
/// order; `None` as soon as `cancelled` says so.
fn par_chunks<T: Send>(
    items: &[u32],
    chunk: usize,
    cancelled: &(dyn Fn() -> bool + Sync),
    work: impl Fn(&[u32], &mut Fuzzy) -> Vec<T> + Sync,
) -> Option<Vec<T>> {
    let parts: Option<Vec<Vec<T>>> = items
        .par_chunks(chunk.max(1))
        .map_init(Fuzzy::default, |fuzzy, chunk| {
            (!cancelled()).then(|| work(chunk, fuzzy))
        })
        .collect();
    Some(parts?.into_iter().flatten().collect())
}

/// Where a search takes its quotes from: the earlier search's list, when it holds every quote
/// this one can list, or else the quotes of the matching articles.
fn quote_source<'r>(request: &'r Request, matched: &'r [u32]) -> (&'r [u32], bool) {
    match &request.within {
        Some(w) if !w.quotes_partial && !w.short_terms => (&w.matched_quotes, false),
        _ => (matched, true),
    }
}

/// The listed quotes, in corpus order, from `source` (quote ids, or article ids when
/// `by_article`). With `page`, stop once that many are found or `QUOTE_BUDGET` quotes were
/// examined; the flag says whether the list is complete.
fn list_quotes(
    s: &Searcher,
    request: &Request,
    matched: &[u32],
    (source, by_article): (&[u32], bool),
    page: Option<usize>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<(Vec<QuoteHit>, bool)> {
    let corpus = s.corpus;
    let work = |chunk: &[u32], fuzzy: &mut Fuzzy| -> Vec<QuoteHit> {
        if by_article {
            chunk
                .iter()
                .flat_map(|&a| corpus.quote_range(a as usize).map(move |qi| (a, qi)))
                .filter_map(|(a, qi)| s.quote_hit(request, a as usize, qi, fuzzy))
                .collect()
        } else {
            chunk
                .iter()
                .filter_map(|&qi| {
                    let a = corpus.quotes.get(qi as usize)?.article;
                    matched.binary_search(&a).ok()?;
                    s.quote_hit(request, a as usize, qi as usize, fuzzy)
                })
                .collect()
        }
    };
    let Some(page) = page else {
        return Some((par_chunks(source, CHUNK, cancelled, work)?, true));
    };
    // A page at a time, in order, a batch of items split over the cores each time.
    let per_item = if by_article {
        (corpus.quotes.len() / corpus.articles.len().max(1)).max(1)
    } else {
        1
    };
    let batch = (4096 / per_item).max(16).min(page.max(1));
    let mut hits = Vec::new();
    let mut examined = 0;
    let mut done = 0;
    while done < source.len() && hits.len() < page && examined < QUOTE_BUDGET {
        let items = &source[done..(done + batch).min(source.len())];
        hits.extend(par_chunks(items, batch.div_ceil(8), cancelled, work)?);
        examined += items.len() * per_item;
        done += items.len();
    }
    Some((hits, done >= source.len()))
}

/// Run a search, on all cores. `cancelled` is polled between chunks of work; when it says yes
/// the search stops and returns `None` (a newer query has made this one stale). Only the first
/// page of quotes may be listed (`quotes_partial`): [`complete_quotes`] lists the rest.
pub fn search(
    corpus: &Corpus,
    index: &Index,
    request: &Request,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Results> {
    let chips = &request.chips;
    let everything = request.query.is_empty() && chips.is_empty() && request.within.is_none();
    let candidates: Arc<[u32]> = if let Some(within) = &request.within {
        within.pool.clone()
    } else if let Some(rarest) = chips.iter().min_by_key(|c| {
        corpus
            .entities
            .get(c.0 as usize)
            .map_or(0, |e| e.article_count)
    }) {
        articles_of(corpus, *rarest).into()
    } else {
        (0..corpus.articles.len() as u32).collect()
    };

    let s = Searcher::new(corpus, index, &request.query);
    let short_terms = s.has_short_terms();
    // Pool members, with their rank if they match.
    let scored: Vec<(u32, Option<u32>)> =
        par_chunks(&candidates, CHUNK, cancelled, |chunk, fuzzy| {
            chunk
                .iter()
                .filter_map(|&a| {
                    let ai = a as usize;
                    let mut chip_mentions = 0;
                    for &c in chips {
                        let m = corpus.mentions_in(c, ai).len() as u32;
                        if m == 0 {
                            return None;
                        }
                        chip_mentions += m;
                    }
                    let rank = match s.article(ai, fuzzy) {
                        Verdict::Out => return None,
                        Verdict::Pool => None,
                        Verdict::Match(_) if request.query.is_empty() => Some(chip_mentions),
                        Verdict::Match(score) => Some(score),
                    };
                    Some((a, rank))
                })
                .collect()
        })?;
    let mut ranked: Vec<(u32, u32)> = scored
        .iter()
        .filter_map(|&(a, rank)| Some((a, rank?)))
        .collect();
    let matched: Arc<[u32]> = ranked.iter().map(|&(a, _)| a).collect();
    let pool: Arc<[u32]> = if short_terms {
        scored.iter().map(|&(a, _)| a).collect()
    } else {
        matched.clone()
    };
    drop(scored);
    if !request.query.is_empty() || !chips.is_empty() {
        // Stable: equal ranks keep corpus order.
        ranked.par_sort_by_key(|x| std::cmp::Reverse(x.1));
    }
    let articles = ranked.into_iter().map(|(a, _)| a).collect();

    let entities = list_entities(&s, index, &matched, everything);

    let (mut quotes, complete) = list_quotes(
        &s,
        request,
        &matched,
        quote_source(request, &matched),
        Some(QUOTE_PAGE),
        cancelled,
    )?;
    let matched_quotes: Arc<[u32]> = quotes.iter().map(|h| h.quote).collect();
    // Said by the pinned entities first, keeping corpus order within each group.
    quotes.sort_by_key(|h| h.relation == Relation::Mentions);

    Some(Results {
        articles,
        matched,
        pool,
        matched_quotes,
        entities,
        quotes,
        quotes_partial: !complete,
        short_terms,
    })
}

/// The whole quote list of a search that listed only its first page (`quotes_partial`): the
/// same results with every quote. `None` when cancelled.
pub fn complete_quotes(
    corpus: &Corpus,
    index: &Index,
    request: &Request,
    results: &Results,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Results> {
    let s = Searcher::new(corpus, index, &request.query);
    let (mut quotes, _) = list_quotes(
        &s,
        request,
        &results.matched,
        quote_source(request, &results.matched),
        None,
        cancelled,
    )?;
    let matched_quotes: Arc<[u32]> = quotes.iter().map(|h| h.quote).collect();
    quotes.sort_by_key(|h| h.relation == Relation::Mentions);
    Some(Results {
        matched_quotes,
        quotes,
        quotes_partial: false,
        ..results.clone()
    })
}

/// Entities of the matching articles that pass the query, with their mentions there.
fn list_entities(s: &Searcher, index: &Index, matched: &[u32], everything: bool) -> Vec<EntityHit> {
    let corpus = s.corpus;
    let mut fuzzy = Fuzzy::default();
    let passes: Vec<bool> = corpus
        .entities
        .iter()
        .map(|e| everything || s.entity_passes(e.id, &mut fuzzy))
        .collect();
    let n = corpus.entities.len();
    let add_up = |articles: &mut dyn Iterator<Item = usize>| {
        let mut counts = vec![0u32; n];
        for a in articles {
            for (&e, &m) in index.entities_of(a).iter().zip(index.mention_counts_of(a)) {
                if let Some(c) = counts.get_mut(e.0 as usize) {
                    *c += m;
                }
            }
        }
        counts
    };
    let total = corpus.articles.len();
    let counts: Vec<u32> = if everything || matched.len() == total {
        corpus
            .entities
            .iter()
            .map(|e| e.mentions.len() as u32)
            .collect()
    } else if matched.len() * 2 > total {
        // Most articles match: count the others and subtract.
        let mut missing = matched.iter().map(|&a| a as usize).peekable();
        let unmatched: Vec<u32> = (0..total)
            .filter(|&a| {
                if missing.peek() == Some(&a) {
                    missing.next();
                    false
                } else {
                    true
                }
            })
            .map(|a| a as u32)
            .collect();
        let less = sum_counts(&unmatched, n, &add_up);
        corpus
            .entities
            .iter()
            .zip(less)
            .map(|(e, l)| (e.mentions.len() as u32).saturating_sub(l))
            .collect()
    } else {
        sum_counts(matched, n, &add_up)
    };
    let mut entities: Vec<EntityHit> = counts
        .iter()
        .enumerate()
        .filter(|&(e, &count)| count > 0 && passes[e])
        .map(|(e, &count)| EntityHit {
            id: EntityId(e as u32),
            count,
        })
        .collect();
    entities.sort_by(|x, y| {
        let (ex, ey) = (corpus.entity(x.id), corpus.entity(y.id));
        ex.kind
            .cmp(&ey.kind)
            .then(y.count.cmp(&x.count))
            .then_with(|| ex.name.cmp(&ey.name))
    });
    entities
}

/// Per entity, its mentions in `articles`, added up on all cores.
fn sum_counts(
    articles: &[u32],
    n: usize,
    add_up: &(dyn Fn(&mut dyn Iterator<Item = usize>) -> Vec<u32> + Sync),
) -> Vec<u32> {
    articles
        .par_chunks(CHUNK * 4)
        .map(|chunk| add_up(&mut chunk.iter().map(|&a| a as usize)))
        .reduce(
            || vec![0; n],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(b) {
                    *x += y;
                }
                a
            },
        )
}

/// Which field a piece of text on screen comes from, to know which terms highlight it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Name(EntityKind),
    QuoteText,
    Speaker,
}

impl Field {
    fn takes(self, facet: Facet) -> bool {
        match (self, facet) {
            (_, Facet::Any) => true,
            (Field::Title, Facet::Title) => true,
            (Field::Name(k), Facet::Kind(f)) => k == f,
            (Field::QuoteText, Facet::Quote) => true,
            (Field::Speaker, Facet::Speaker) => true,
            _ => false,
        }
    }
}

/// Finds what a query matched in text on screen, to highlight it.
#[derive(Debug, Clone, Default)]
pub struct Highlighter {
    needles: Vec<(Facet, Needle)>,
    body: Vec<BodyNeedle>,
}

impl Highlighter {
    pub fn new(query: &Query) -> Highlighter {
        let positive = query.terms.iter().filter(|t| !t.negated);
        Highlighter {
            needles: positive
                .clone()
                .map(|t| (t.facet, Needle::new(&t.text, t.exact || t.phrase)))
                .collect(),
            body: positive
                .filter(|t| t.facet == Facet::Any)
                .map(|t| BodyNeedle::for_highlight(&t.text))
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// Byte ranges of `text` matched by the terms that apply to `field`, sorted and merged.
    pub fn ranges(&self, field: Field, text: &str, fuzzy: &mut Fuzzy) -> Vec<Range<usize>> {
        let mut all: Vec<Range<usize>> = self
            .needles
            .iter()
            .filter(|(facet, _)| field.takes(*facet))
            .flat_map(|(_, n)| n.ranges(text, fuzzy))
            .collect();
        merge(&mut all);
        all
    }

    /// Byte ranges of article text where the query's words occur.
    pub fn body_ranges(&self, text: &str) -> Vec<Range<usize>> {
        let mut all: Vec<Range<usize>> = self
            .body
            .iter()
            .flat_map(|b| b.phrase_ranges(text, usize::MAX))
            .collect();
        merge(&mut all);
        all
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
mod tests;
