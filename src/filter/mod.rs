//! Filtering the corpus by a query and pinned entities: which articles, entities and quotes
//! match, ranked, with matched positions for highlighting. Knows nothing of the terminal.
//!
//! Short fields (titles, entity names and aliases, quotes) are matched fuzzily against
//! haystacks prepared once at load ([`Index`]); article text only through the word index, never
//! by scanning it per keystroke. Work per search is proportional to the candidate articles:
//! all of them, those of the rarest pinned entity, or the results of a broader earlier query.

#[doc(hidden)]
pub mod fixture;
pub mod fuzzy;
pub mod query;
pub mod words;

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;

use crate::model::{Corpus, EntityId, EntityKind, Quote};
pub use fuzzy::{Fuzzy, Haystack, Needle};
pub use query::{Facet, Query, Term};
use words::{BodyNeedle, WordIndex};

/// Everything prepared at load so that a keystroke never re-reads the text.
#[derive(Debug, Default)]
pub struct Index {
    titles: Vec<Haystack>,
    /// Each entity's name, then its aliases.
    names: Vec<Haystack>,
    /// Entity `e` owns `names[name_starts[e]..name_starts[e + 1]]`.
    name_starts: Vec<usize>,
    quotes: Vec<Haystack>,
    words: WordIndex,
    /// For each article, the mention count of each entity in `corpus.entities_in(article)`, in
    /// that order, so counting entities over many articles needs no searching.
    mention_counts: Vec<Box<[u32]>>,
}

impl Index {
    pub fn build(corpus: &Corpus) -> Index {
        let titles = corpus
            .articles
            .par_iter()
            .map(|a| fuzzy::prepare(&a.title))
            .collect();
        let mut names = Vec::new();
        let mut name_starts = Vec::with_capacity(corpus.entities.len() + 1);
        for e in &corpus.entities {
            name_starts.push(names.len());
            names.push(fuzzy::prepare(&e.name));
            names.extend(e.aliases.iter().map(|a| fuzzy::prepare(a)));
        }
        name_starts.push(names.len());
        let quotes = corpus
            .quotes
            .par_iter()
            .map(|q| fuzzy::prepare(quote_text(corpus, q)))
            .collect();
        let words = WordIndex::build(corpus.articles.par_iter().map(|a| a.body.as_str()));
        let mention_counts = (0..corpus.articles.len())
            .into_par_iter()
            .map(|a| {
                corpus
                    .entities_in(a)
                    .iter()
                    .map(|&e| corpus.mentions_in(e, a).len() as u32)
                    .collect()
            })
            .collect();
        Index {
            titles,
            names,
            name_starts,
            quotes,
            words,
            mention_counts,
        }
    }

    fn names_of(&self, e: EntityId) -> &[Haystack] {
        let i = e.0 as usize;
        match (self.name_starts.get(i), self.name_starts.get(i + 1)) {
            (Some(&s), Some(&end)) => &self.names[s..end],
            _ => &[],
        }
    }
}

fn quote_text<'c>(corpus: &'c Corpus, q: &Quote) -> &'c str {
    corpus
        .articles
        .get(q.article as usize)
        .and_then(|a| a.body.get(q.range()))
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
    /// The same articles in corpus order, to narrow the next search.
    pub matched: Arc<[u32]>,
    /// The listed quotes in corpus order, to narrow the next search.
    pub matched_quotes: Arc<[u32]>,
    /// Entities in the matching articles that pass the query's entity terms: by kind, then
    /// count (highest first), then name.
    pub entities: Vec<EntityHit>,
    /// Quotes of the matching articles that pass the query's quote terms; with pinned
    /// entities, those said by them first.
    pub quotes: Vec<QuoteHit>,
}

/// A term compiled for one search, with its cache of entity matches.
struct Compiled<'q> {
    term: &'q Term,
    needle: Needle,
    body: Option<BodyNeedle>,
    /// Per entity: `UNKNOWN`, 0 for no match, or 1 + score. Shared by the threads of a search
    /// (two threads may compute the same entry; they agree).
    entity_scores: Vec<AtomicU32>,
}

const UNKNOWN: u32 = u32::MAX;

/// Scores of the routes by which an article matches a term: a title match ranks first.
const TITLE_RANK: u32 = 3000;
const ENTITY_RANK: u32 = 2000;
const BODY_RANK: u32 = 1000;

/// Articles (or quotes) handed to one thread at a time; cancellation is checked between them.
const CHUNK: usize = 1024;

/// One search's compiled terms over the corpus; shared by the threads that run it, each with
/// its own `Fuzzy`.
struct Searcher<'a> {
    corpus: &'a Corpus,
    index: &'a Index,
    terms: Vec<Compiled<'a>>,
}

impl<'a> Searcher<'a> {
    fn new(corpus: &'a Corpus, index: &'a Index, query: &'a Query) -> Self {
        let terms = query
            .terms
            .iter()
            .map(|term| Compiled {
                term,
                needle: Needle::new(&term.text, term.exact || term.negated || term.phrase),
                body: (term.facet == Facet::Any).then(|| BodyNeedle::new(&term.text, &index.words)),
                entity_scores: (0..corpus.entities.len())
                    .map(|_| AtomicU32::new(UNKNOWN))
                    .collect(),
            })
            .collect();
        Searcher {
            corpus,
            index,
            terms,
        }
    }

    /// Does entity `e` match term `t` by name or alias (and kind, for a kind facet)?
    fn entity_score(&self, t: usize, e: EntityId, fuzzy: &mut Fuzzy) -> Option<u32> {
        let c = &self.terms[t];
        let slot = c.entity_scores.get(e.0 as usize)?;
        let known = slot.load(Ordering::Relaxed);
        if known != UNKNOWN {
            return known.checked_sub(1);
        }
        let kind_ok = match c.term.facet {
            Facet::Kind(k) => self
                .corpus
                .entities
                .get(e.0 as usize)
                .is_some_and(|x| x.kind == k),
            _ => true,
        };
        let score = if kind_ok {
            self.index
                .names_of(e)
                .iter()
                .filter_map(|h| c.needle.score(h, fuzzy))
                .max()
                .map(u32::from)
        } else {
            None
        };
        slot.store(score.map_or(0, |s| s + 1), Ordering::Relaxed);
        score
    }

    fn quote_score(&self, t: usize, qi: usize, fuzzy: &mut Fuzzy) -> Option<u32> {
        let h = self.index.quotes.get(qi)?;
        self.terms[t].needle.score(h, fuzzy).map(u32::from)
    }

    fn speaker_score(&self, t: usize, qi: usize, fuzzy: &mut Fuzzy) -> Option<u32> {
        let speaker = self.corpus.quotes.get(qi)?.speaker?;
        self.entity_score(t, speaker, fuzzy)
    }

    fn best_entity_in(&self, t: usize, a: usize, fuzzy: &mut Fuzzy) -> Option<u32> {
        self.corpus
            .entities_in(a)
            .iter()
            .filter_map(|&e| self.entity_score(t, e, fuzzy))
            .max()
    }

    fn title_score(&self, t: usize, a: usize, fuzzy: &mut Fuzzy) -> Option<u32> {
        let title = self.index.titles.get(a)?;
        self.terms[t].needle.score(title, fuzzy).map(u32::from)
    }

    /// How well article `a` matches term `t`, ignoring negation. Quote text is not a route of
    /// its own: a quote is part of the text, which the word index already covers (fuzzy
    /// matching every quote of every article would cost a pass over the quotes per keystroke).
    fn article_score(&self, t: usize, a: usize, fuzzy: &mut Fuzzy) -> Option<u32> {
        let mut quotes = self.corpus.quote_range(a);
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
                let body = self.corpus.articles.get(a).map_or("", |x| x.body.as_str());
                if let Some(b) = &self.terms[t].body
                    && b.matches(&self.index.words, a, body)
                {
                    return Some(BODY_RANK);
                }
                quotes
                    .find_map(|qi| self.speaker_score(t, qi, fuzzy))
                    .map(|s| ENTITY_RANK + s)
            }
        }
    }

    /// The article's total score over all terms, or `None` if a term rules it out.
    fn article(&self, a: usize, fuzzy: &mut Fuzzy) -> Option<u32> {
        let mut total = 0;
        for t in 0..self.terms.len() {
            let score = self.article_score(t, a, fuzzy);
            match (self.terms[t].term.negated, score) {
                (false, Some(s)) => total += s,
                (true, None) => {}
                _ => return None,
            }
        }
        Some(total)
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
        let q = &self.corpus.quotes[qi];
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
    cancelled: &(dyn Fn() -> bool + Sync),
    work: impl Fn(&[u32], &mut Fuzzy) -> Vec<T> + Sync,
) -> Option<Vec<T>> {
    let parts: Option<Vec<Vec<T>>> = items
        .par_chunks(CHUNK)
        .map_init(Fuzzy::default, |fuzzy, chunk| {
            (!cancelled()).then(|| work(chunk, fuzzy))
        })
        .collect();
    Some(parts?.into_iter().flatten().collect())
}

/// Run a search, on all cores. `cancelled` is polled between chunks of work; when it says yes
/// the search stops and returns `None` (a newer query has made this one stale).
pub fn search(
    corpus: &Corpus,
    index: &Index,
    request: &Request,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Results> {
    let chips = &request.chips;
    let everything = request.query.is_empty() && chips.is_empty() && request.within.is_none();
    let candidates: Arc<[u32]> = if let Some(within) = &request.within {
        within.matched.clone()
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
    let scored: Vec<(u32, u32)> = par_chunks(&candidates, cancelled, |chunk, fuzzy| {
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
                let score = s.article(ai, fuzzy)?;
                let rank = if request.query.is_empty() {
                    chip_mentions
                } else {
                    score
                };
                Some((a, rank))
            })
            .collect()
    })?;
    let matched: Arc<[u32]> = scored.iter().map(|&(a, _)| a).collect();
    let mut ranked = scored;
    if !request.query.is_empty() || !chips.is_empty() {
        // Stable: equal ranks keep corpus order.
        ranked.sort_by_key(|x| std::cmp::Reverse(x.1));
    }
    let articles = ranked.into_iter().map(|(a, _)| a).collect();

    // Entities: counted within the matching articles.
    let mut entities = Vec::new();
    if everything {
        for e in &corpus.entities {
            entities.push(EntityHit {
                id: e.id,
                count: e.mentions.len() as u32,
            });
        }
    } else {
        let pairs: Vec<(u32, u32)> = par_chunks(&matched, cancelled, |chunk, fuzzy| {
            let mut out = Vec::new();
            for &a in chunk {
                let counts = index
                    .mention_counts
                    .get(a as usize)
                    .map_or(&[][..], |c| &c[..]);
                for (&e, &n) in corpus.entities_in(a as usize).iter().zip(counts) {
                    if s.entity_passes(e, fuzzy) {
                        out.push((e.0, n));
                    }
                }
            }
            out
        })?;
        let mut counts = vec![0u32; corpus.entities.len()];
        for (e, n) in pairs {
            counts[e as usize] += n;
        }
        for (i, &count) in counts.iter().enumerate() {
            if count > 0 {
                entities.push(EntityHit {
                    id: EntityId(i as u32),
                    count,
                });
            }
        }
    }
    entities.sort_by(|x, y| {
        let (ex, ey) = (
            &corpus.entities[x.id.0 as usize],
            &corpus.entities[y.id.0 as usize],
        );
        ex.kind
            .cmp(&ey.kind)
            .then(y.count.cmp(&x.count))
            .then_with(|| ex.name.cmp(&ey.name))
    });

    // Quotes of the matching articles (or, narrowing, the earlier search's quotes of them).
    let quote_pass = |a: usize, qi: usize, fuzzy: &mut Fuzzy| {
        if corpus.quotes[qi].scare && !request.show_scare {
            return None;
        }
        let relation = s.relation(a, qi, chips)?;
        s.quote_passes(qi, fuzzy).then_some(QuoteHit {
            quote: qi as u32,
            relation,
        })
    };
    let mut quotes = if let Some(within) = &request.within {
        par_chunks(&within.matched_quotes, cancelled, |chunk, fuzzy| {
            chunk
                .iter()
                .filter_map(|&qi| {
                    let a = corpus.quotes.get(qi as usize)?.article;
                    matched.binary_search(&a).ok()?;
                    quote_pass(a as usize, qi as usize, fuzzy)
                })
                .collect()
        })?
    } else {
        par_chunks(&matched, cancelled, |chunk, fuzzy| {
            chunk
                .iter()
                .flat_map(|&a| corpus.quote_range(a as usize).map(move |qi| (a, qi)))
                .filter_map(|(a, qi)| quote_pass(a as usize, qi, fuzzy))
                .collect()
        })?
    };
    let matched_quotes: Arc<[u32]> = quotes.iter().map(|h| h.quote).collect();
    // Said by the pinned entities first, keeping corpus order within each group.
    quotes.sort_by_key(|h| h.relation == Relation::Mentions);

    Some(Results {
        articles,
        matched,
        matched_quotes,
        entities,
        quotes,
    })
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
