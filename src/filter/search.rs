//! One search: the articles that match every group of the query (and mention every pinned
//! entity), ranked; the entities in them, by how many of them mention each; their quotes, those
//! matching the words first. Every pane narrows by this one rule.

use std::sync::Arc;

use rayon::prelude::*;

use crate::model::{Corpus, EntityId, EntityKind};

use super::docset::DocSet;
use super::eval::{self, CLASSES, GroupEval, Marks, patterns};
use super::finder::{self, Finder};
use super::index::Index;
use super::query::{Facet, Group, Query};
use super::typo::WordPattern;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub query: Query,
    /// Pinned entities: an article must mention every one.
    pub chips: Vec<EntityId>,
    /// Keep one- and two-word "scare quotes" in the quote list.
    pub show_scare: bool,
    /// The reader's marks, for `star:` and `reviewed:`.
    pub marks: Arc<Marks>,
}

/// How a listed quote relates to what was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Relation {
    /// A pinned entity said it.
    SaidBy,
    /// It names a pinned entity.
    Mentions,
    /// It matches the query's words (its text or its speaker); or nothing was asked of quotes.
    Matches,
    /// It is in a matching article, but does not match the words itself.
    Context,
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
    /// How many of the matching articles mention it.
    pub count: u32,
    /// The query's words match its name (it is listed before the others of its kind, in
    /// every order of the list).
    pub named: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Results {
    /// Matching articles, best first.
    pub articles: Vec<u32>,
    /// The same articles in corpus order.
    pub matched: Arc<[u32]>,
    /// Entities in the matching articles (of the kinds asked for): by kind, then by how many
    /// matching articles mention them, then corpus order.
    pub entities: Vec<EntityHit>,
    /// Quotes of the matching articles: those matching the words (said by or naming the
    /// pinned entities) first, in article order; then the others.
    pub quotes: Vec<QuoteHit>,
    /// `quotes` holds only the first page or so; [`complete_quotes`] gives the rest.
    pub quotes_partial: bool,
    /// How many quotes the whole list holds, and how many of them match (they come first).
    pub quote_total: usize,
    pub quote_matching: usize,
    /// Scare quotes in the matching articles left out of the list.
    pub scare_hidden: usize,
    /// When nothing matches: why, in a sentence.
    pub why: Option<String>,
}

/// Quotes [`search`] lists before returning (a few screens of each kind); [`complete_quotes`]
/// lists the rest, off the keystroke's clock.
const QUOTE_PAGE: usize = 500;

/// How many of the best articles are ordered by how close together the words stand and how
/// often they occur (their text is read for it).
const RANK_DEPTH: usize = 100;

/// The groups that take part in a search, with their evaluations.
fn evaluate_all(
    corpus: &Corpus,
    index: &Index,
    request: &Request,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<(Group, Arc<GroupEval>)>> {
    let mut out = Vec::new();
    for g in request.query.groups.iter().filter(|g| g.active()) {
        if cancelled() {
            return None;
        }
        let eval = if g.facet.is_mark() {
            Arc::new(eval::evaluate_marks(corpus, g, &request.marks))
        } else {
            eval::evaluate(corpus, index, g)
        };
        out.push((g.clone(), eval));
    }
    Some(out)
}

fn articles_of(index: &Index, e: EntityId) -> DocSet {
    DocSet::from_ids(
        index.articles,
        index.entity_articles.get(e.0 as usize).iter().copied(),
    )
}

/// Run a search. `cancelled` is polled between steps; when it says yes the search stops and
/// returns `None` (a newer query has made this one stale). Only the first page of quotes may
/// be listed (`quotes_partial`): [`complete_quotes`] lists the rest.
pub fn search(
    corpus: &Corpus,
    index: &Index,
    request: &Request,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Results> {
    let n = corpus.articles.len();
    let evals = evaluate_all(corpus, index, request, cancelled)?;
    let mut matched = DocSet::full(n);
    for &chip in &request.chips {
        matched.intersect_with(&articles_of(index, chip));
    }
    for (g, e) in &evals {
        if g.negated {
            matched.subtract(e.all());
        } else {
            matched.intersect_with(e.all());
        }
    }
    if cancelled() {
        return None;
    }
    let positive: Vec<&GroupEval> = evals
        .iter()
        .filter(|(g, _)| !g.negated)
        .map(|(_, e)| &**e)
        .collect();
    // The three lists depend on the matched articles only: made at once, on both cores.
    let named = named_entities(&evals);
    let (articles, (entities, quotes)) = rayon::join(
        || {
            let mut articles = rank(corpus, index, &matched, &positive, &request.chips);
            refine_by_occurrences(corpus, index, &evals, &mut articles);
            articles
        },
        || {
            rayon::join(
                || {
                    list_entities(
                        corpus,
                        index,
                        &matched,
                        &request.query.listed_kinds(),
                        named.as_ref(),
                    )
                },
                || QuoteList::new(corpus, index, request, &evals, &matched),
            )
        },
    );
    if cancelled() {
        return None;
    }
    let (listed, partial) = quotes.list(&articles, Some(QUOTE_PAGE));
    let why = articles
        .is_empty()
        .then(|| explain(corpus, index, request, &evals));
    Some(Results {
        matched: matched.iter().collect(),
        articles,
        entities,
        quotes: listed,
        quotes_partial: partial,
        quote_total: quotes.total,
        quote_matching: quotes.matching_count,
        scare_hidden: quotes.scare_hidden,
        why,
    })
}

/// The whole quote list of a search that listed only its first page (`quotes_partial`).
/// `None` when cancelled.
pub fn complete_quotes(
    corpus: &Corpus,
    index: &Index,
    request: &Request,
    results: &Results,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Results> {
    let evals = evaluate_all(corpus, index, request, cancelled)?;
    let matched = DocSet::from_ids(corpus.articles.len(), results.matched.iter().copied());
    let quotes = QuoteList::new(corpus, index, request, &evals, &matched);
    if cancelled() {
        return None;
    }
    let (listed, _) = quotes.list(&results.articles, None);
    Some(Results {
        quotes: listed,
        quotes_partial: false,
        ..results.clone()
    })
}

/// An article's tier: typos summed over the groups, then groups matched only in the text.
fn tier(positive: &[&GroupEval], a: u32) -> usize {
    let (mut typos, mut low) = (0, 0);
    for e in positive {
        let (c, high) = e.class_of(a as usize).unwrap_or((CLASSES - 1, false));
        typos += c;
        low += usize::from(!high);
    }
    typos * (positive.len() + 1) + low
}

/// Order the matching articles: fewest typos (exact, then prefix, then typos) summed over the
/// groups; then more groups matched in a title or entity name; then newest first (the first
/// ones are then refined by [`refine_by_occurrences`]). With only
/// pins, by how often the pinned entities are mentioned; with nothing asked, corpus order.
fn rank(
    corpus: &Corpus,
    index: &Index,
    matched: &DocSet,
    positive: &[&GroupEval],
    chips: &[EntityId],
) -> Vec<u32> {
    if positive.is_empty() {
        let mut list: Vec<u32> = matched.iter().collect();
        if !chips.is_empty() {
            list.sort_by_key(|&a| {
                let mentions: usize = chips
                    .iter()
                    .map(|&c| corpus.mentions_in(c, a as usize).len())
                    .sum();
                std::cmp::Reverse(mentions)
            });
        }
        return list;
    }
    let g = positive.len();
    let tiers = (CLASSES - 1) * g * (g + 1) + g + 1;
    // A counting sort by tier, stable, so each tier keeps the newest-first order: each chunk
    // of the newest-first order sorts its own matching articles by tier, then the chunks' runs
    // of each tier are laid end to end (the whole list is never grown by doubling).
    let sorted: Vec<(Vec<u32>, Vec<usize>)> = index
        .by_date
        .par_chunks(RANK_CHUNK)
        .map(|chunk| {
            let mut keys: Vec<(usize, u32)> = Vec::with_capacity(chunk.len());
            keys.extend(
                chunk
                    .iter()
                    .filter(|&&a| matched.contains(a as usize))
                    .map(|&a| (tier(positive, a).min(tiers), a)),
            );
            let mut starts = vec![0usize; tiers + 2];
            for &(k, _) in &keys {
                starts[k + 1] += 1;
            }
            for i in 1..starts.len() {
                starts[i] += starts[i - 1];
            }
            let mut run = vec![0u32; keys.len()];
            let mut next = starts.clone();
            for &(k, a) in &keys {
                run[next[k]] = a;
                next[k] += 1;
            }
            (run, starts)
        })
        .collect();
    let mut out = Vec::with_capacity(sorted.iter().map(|(run, _)| run.len()).sum());
    for t in 0..=tiers {
        for (run, starts) in &sorted {
            out.extend_from_slice(&run[starts[t]..starts[t + 1]]);
        }
    }
    out
}

/// How many articles of the newest-first order one task of the ranking sorts.
const RANK_CHUNK: usize = 8192;

/// Among the first articles of each tier, those where the query's words stand closer
/// together come first, then those where they occur more often (the caller's order, newest
/// first, breaks ties). Only the text of these articles is read, never the whole list's.
fn refine_by_occurrences(
    corpus: &Corpus,
    index: &Index,
    evals: &[(Group, Arc<GroupEval>)],
    articles: &mut [u32],
) {
    // The plain words (a phrase stands for itself by its first word).
    let plain: Vec<Vec<WordPattern>> = evals
        .iter()
        .filter(|(g, _)| g.facet == Facet::Any && !g.negated)
        .filter_map(|(g, _)| g.active_terms().next())
        .map(|t| patterns(t, true, index))
        .filter(|p| !p.is_empty())
        .collect();
    if plain.is_empty() {
        return;
    }
    let firsts: Vec<&WordPattern> = plain.iter().map(|p| &p[0]).collect();
    let texts: Vec<&str> = firsts.iter().map(|p| p.text.as_str()).collect();
    // The counter when the words are ASCII; else the slower, exact search.
    enum Search {
        Count(finder::Counter),
        Find(Finder),
    }
    let search = if texts.iter().all(|t| t.is_ascii()) {
        Search::Count(finder::Counter::new(&firsts))
    } else {
        Search::Find(Finder::new(&texts))
    };
    let positive: Vec<&GroupEval> = evals
        .iter()
        .filter(|(g, _)| !g.negated)
        .map(|(_, e)| &**e)
        .collect();
    let depth = articles.len().min(RANK_DEPTH);
    let mut keyed: Vec<(usize, usize, std::cmp::Reverse<usize>, usize, u32)> = articles[..depth]
        .par_iter()
        .enumerate()
        .map(|(i, &a)| {
            let body = corpus
                .articles
                .get(a as usize)
                .map_or("", |x| x.body.as_str());
            let found = match &search {
                Search::Count(counter) => counter.count(body),
                Search::Find(finder) => {
                    let folds = index.folding.contains(a as usize);
                    finder::occurrences(body, &firsts, finder, folds)
                }
            };
            let span = if firsts.len() > 1 { found.span } else { 0 };
            (
                tier(&positive, a),
                span,
                std::cmp::Reverse(found.hits),
                i,
                a,
            )
        })
        .collect();
    // Tiers are already in order along `articles`: this only reorders within a tier.
    keyed.sort_unstable();
    for (slot, k) in articles[..depth].iter_mut().zip(keyed) {
        *slot = k.4;
    }
}

/// Per entity, how many of the matching articles mention it: counted over whichever is
/// fewest of the matching articles, the others (subtracted from each entity's total), or the
/// articles that changed since the last search (a keystroke that extends a word mostly
/// leaves the set as it was). The result is kept for the next search.
fn entity_counts(corpus: &Corpus, index: &Index, matched: &DocSet) -> Arc<(DocSet, Vec<u32>)> {
    let n = corpus.articles.len();
    let found = matched.len();
    let totals = || corpus.entities.iter().map(|e| e.article_count as u32);
    let last = index.cache.lock().ok().and_then(|c| c.counts.clone());
    let changed = last
        .as_ref()
        .filter(|l| l.0.universe() == n && l.1.len() == corpus.entities.len())
        .map(|l| {
            let mut gone = l.0.clone();
            gone.subtract(matched);
            let mut new = matched.clone();
            new.subtract(&l.0);
            (l, gone, new)
        });
    let counts: Vec<u32> = match changed {
        _ if found == n => totals().collect(),
        Some((last, gone, new)) if gone.len() + new.len() < found.min(n - found) => {
            let less = count_articles(corpus, &gone.iter().collect::<Vec<_>>());
            let more = count_articles(corpus, &new.iter().collect::<Vec<_>>());
            last.1
                .iter()
                .zip(less.iter().zip(&more))
                .map(|(&c, (&l, &m))| (c + m).saturating_sub(l))
                .collect()
        }
        _ if found * 2 > n => {
            // Most articles match: count the others and subtract.
            let others: Vec<u32> = (0..n as u32)
                .filter(|&a| !matched.contains(a as usize))
                .collect();
            let less = count_articles(corpus, &others);
            totals()
                .zip(less)
                .map(|(t, l)| t.saturating_sub(l))
                .collect()
        }
        _ => count_articles(corpus, &matched.iter().collect::<Vec<_>>()),
    };
    let counted = Arc::new((matched.clone(), counts));
    if let Ok(mut cache) = index.cache.lock() {
        cache.counts = Some(counted.clone());
    }
    counted
}

/// Per entity, how many of `articles` mention it, counted on all cores.
fn count_articles(corpus: &Corpus, articles: &[u32]) -> Vec<u32> {
    let m = corpus.entities.len();
    articles
        .par_chunks(4096)
        .fold(
            || vec![0u32; m],
            |mut counts, chunk| {
                for &a in chunk {
                    for e in corpus.entities_in(a as usize) {
                        counts[e.0 as usize] += 1;
                    }
                }
                counts
            },
        )
        .reduce_with(|mut a, b| {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
            a
        })
        .unwrap_or_else(|| vec![0; m])
}

/// The entities whose names the query's words match (by any of its groups).
fn named_entities(evals: &[(Group, Arc<GroupEval>)]) -> Option<DocSet> {
    let mut named: Option<DocSet> = None;
    for (_, e) in evals.iter().filter(|(g, _)| !g.negated) {
        if let Some(set) = &e.entities {
            match &mut named {
                None => named = Some(set.clone()),
                Some(n) => n.union_with(set),
            }
        }
    }
    named
}

/// Entities in the matching articles, counted by article: by kind (in `kinds` order), those
/// whose names the query matches first, then most articles first, then corpus order.
fn list_entities(
    corpus: &Corpus,
    index: &Index,
    matched: &DocSet,
    kinds: &[EntityKind],
    named: Option<&DocSet>,
) -> Vec<EntityHit> {
    let counted = entity_counts(corpus, index, matched);
    let counts = &counted.1;
    let mut keyed: Vec<(u64, EntityHit)> = counts
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c > 0)
        .filter_map(|(e, &count)| {
            let kind = kinds.iter().position(|&k| k == corpus.entities[e].kind)? as u64;
            let unnamed = u64::from(named.is_some_and(|n| !n.contains(e)));
            // Kind, then named ones, then most articles, then corpus order: one number.
            let key = kind << 62 | unnamed << 61 | u64::from(u32::MAX - count) << 29 | e as u64;
            Some((
                key,
                EntityHit {
                    id: EntityId(e as u32),
                    count,
                    named: named.is_some_and(|n| n.contains(e)),
                },
            ))
        })
        .collect();
    keyed.par_sort_unstable_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, h)| h).collect()
}

/// What the quote list of one search holds: the quotes of the matching articles (scare
/// quotes hidden unless asked for), those that match first.
struct QuoteList<'a> {
    corpus: &'a Corpus,
    index: &'a Index,
    show_scare: bool,
    /// Quotes the query's words match (`None`: nothing was asked of quotes).
    matching: Option<DocSet>,
    /// List the matching quotes only (the query asks for quotes: `s:`, `q:`).
    only_matching: bool,
    chips: Vec<EntityId>,
    said_by_chips: DocSet,
    total: usize,
    matching_count: usize,
    scare_hidden: usize,
}

impl<'a> QuoteList<'a> {
    fn new(
        corpus: &'a Corpus,
        index: &'a Index,
        request: &Request,
        evals: &[(Group, Arc<GroupEval>)],
        matched: &DocSet,
    ) -> QuoteList<'a> {
        let q = corpus.quotes.len();
        let all = matched.par_sum(|a| corpus.quote_range(a as usize).len());
        let scare_hidden = if request.show_scare {
            0
        } else {
            matched.par_sum(|a| index.scare_counts.get(a as usize).copied().unwrap_or(0) as usize)
        };
        let total = all - scare_hidden;
        let mut matching: Option<DocSet> = None;
        for (g, e) in evals {
            if let (false, Some(quotes)) = (g.negated, &e.quotes) {
                match &mut matching {
                    None => matching = Some(quotes.clone()),
                    Some(m) => m.intersect_with(quotes),
                }
            }
        }
        let mut said_by_chips = DocSet::empty(q);
        if !request.chips.is_empty() {
            // Quotes said by a pinned entity, or naming one: only these match.
            let mut about = DocSet::empty(q);
            for &chip in &request.chips {
                for &qi in index.speaker_quotes.get(chip.0 as usize) {
                    said_by_chips.insert(qi as usize);
                    about.insert(qi as usize);
                }
            }
            for a in matched.iter() {
                for qi in corpus.quote_range(a as usize) {
                    let quote = &corpus.quotes[qi];
                    let names_chip = request.chips.iter().any(|&c| {
                        corpus
                            .mentions_in(c, a as usize)
                            .iter()
                            .any(|m| m.start >= quote.start && m.end <= quote.end)
                    });
                    if names_chip {
                        about.insert(qi);
                    }
                }
            }
            match &mut matching {
                None => matching = Some(about),
                Some(m) => m.intersect_with(&about),
            }
        }
        // A query that asks for quotes by speaker or words (`s:`, `q:`) lists those quotes
        // only; otherwise the matching articles' other quotes follow the matching ones.
        let only_matching = matching.is_some()
            && request.query.groups.iter().any(|g| {
                g.active() && !g.negated && matches!(g.facet, Facet::Speaker | Facet::Quote)
            });
        let mut list = QuoteList {
            corpus,
            index,
            show_scare: request.show_scare,
            matching,
            only_matching,
            chips: request.chips.clone(),
            said_by_chips,
            total,
            matching_count: total,
            scare_hidden,
        };
        if let Some(m) = &list.matching {
            // Counted over whichever costs less: the matching quotes (each one's article read
            // from the quote itself, memory far apart), or the matching articles (a count over
            // each one's run of quotes, bits side by side), much cheaper per item. At
            // a million articles, `ne` matched fewer quotes than articles, and its keystroke
            // took 30 ms counted by quote, 24 ms by article.
            const LOOK_UP_COST: usize = 4;
            let count = |shown: &DocSet| -> usize {
                if shown.len() * LOOK_UP_COST < matched.len() {
                    shown.par_sum(|qi| {
                        usize::from(
                            corpus
                                .quotes
                                .get(qi as usize)
                                .is_some_and(|x| matched.contains(x.article as usize)),
                        )
                    })
                } else {
                    matched.par_sum(|a| shown.count_in(corpus.quote_range(a as usize)))
                }
            };
            let mut shown = m.clone();
            if !request.show_scare {
                shown.subtract(&index.scare);
            }
            list.matching_count = count(&shown);
            if only_matching {
                list.total = list.matching_count;
                if !request.show_scare {
                    let mut scare = m.clone();
                    scare.intersect_with(&index.scare);
                    list.scare_hidden = count(&scare);
                }
            }
        }
        list
    }

    /// Is quote `qi` listed at all (not a hidden scare quote)?
    fn shown(&self, qi: usize) -> bool {
        self.show_scare || !self.index.scare.contains(qi)
    }

    fn relation(&self, qi: usize) -> Relation {
        if self.matching.as_ref().is_some_and(|m| !m.contains(qi)) {
            Relation::Context
        } else if self.chips.is_empty() {
            Relation::Matches
        } else if self.said_by_chips.contains(qi) {
            Relation::SaidBy
        } else {
            Relation::Mentions
        }
    }

    /// The list in the order of the ranked articles: matching quotes first (said by the
    /// pinned entities before those naming them), then the rest. Within an article, the
    /// speakers' own words come first, then quoted words inside the writer's sentence, then
    /// reported speech, each in the order of the text. With `page`, stop once that many of
    /// each are found; the flag says whether the list was cut short.
    fn list(&self, ranked: &[u32], page: Option<usize>) -> (Vec<QuoteHit>, bool) {
        let mut first = Vec::new();
        let mut rest = Vec::new();
        let mut cut = false;
        let mut run: Vec<usize> = Vec::new();
        for (i, &a) in ranked.iter().enumerate() {
            // Enough of each kind (or every one there is) for a few screens.
            if let Some(p) = page
                && first.len() >= p.min(self.matching_count)
                && rest.len() >= p.min(self.total - self.matching_count)
            {
                cut = i < ranked.len();
                break;
            }
            run.clear();
            run.extend(
                self.corpus
                    .quote_range(a as usize)
                    .filter(|&qi| self.shown(qi)),
            );
            // Stable: text order within each kind.
            run.sort_by_key(|&qi| self.corpus.quotes[qi].kind);
            for &qi in &run {
                let hit = QuoteHit {
                    quote: qi as u32,
                    relation: self.relation(qi),
                };
                if hit.relation == Relation::Context {
                    if !self.only_matching {
                        rest.push(hit);
                    }
                } else {
                    first.push(hit);
                }
            }
        }
        first.sort_by_key(|h| h.relation);
        first.extend(rest);
        (first, cut)
    }
}

/// Why nothing matches, in a sentence: the group that finds nothing on its own (and, for a
/// facet, how many articles hold its words anyway), or the groups that exclude each other.
fn explain(
    corpus: &Corpus,
    index: &Index,
    request: &Request,
    evals: &[(Group, Arc<GroupEval>)],
) -> String {
    let n = corpus.articles.len();
    if n == 0 {
        return "No articles are loaded".to_string();
    }
    let plural = |k: usize| if k == 1 { "article" } else { "articles" };
    for (g, e) in evals.iter().filter(|(g, _)| !g.negated) {
        if !e.all().is_empty() {
            continue;
        }
        let shown = g.display();
        let words = shown
            .split_once(':')
            .map_or(shown.as_str(), |(_, w)| w)
            .to_string();
        return match g.facet {
            Facet::Any => format!("No article contains '{words}'"),
            Facet::Star => "No article or quote is starred (* stars one)".to_string(),
            Facet::Reviewed => "No article is marked reviewed (R marks one)".to_string(),
            Facet::Date => {
                let undated = index.dates.iter().filter(|&&d| d == 0).count();
                format!("No article is dated {words} ({undated} of {n} have no date)")
            }
            facet => {
                // The same words anywhere in the text.
                let plain = Group {
                    facet: Facet::Any,
                    negated: false,
                    terms: g.terms.iter().filter(|t| !t.negated).cloned().collect(),
                    dates: None,
                    date_text: String::new(),
                    pending: false,
                };
                let mut anywhere = DocSet::full(n);
                for t in &plain.terms {
                    let single = Group {
                        terms: vec![t.clone()],
                        ..plain.clone()
                    };
                    anywhere.intersect_with(eval::evaluate(corpus, index, &single).all());
                }
                let k = anywhere.len();
                let what = match facet {
                    Facet::Kind(_) => format!("mentions {} matching '{words}'", facet.described()),
                    Facet::Speaker => format!("quotes a speaker matching '{words}'"),
                    Facet::Quote => format!("has a quote with '{words}'"),
                    Facet::Title => format!("has '{words}' in its title"),
                    Facet::Outlet => format!("is from an outlet matching '{words}'"),
                    _ => format!("matches '{shown}'"),
                };
                let the_words = if plain.terms.iter().map(|t| t.words.len()).sum::<usize>() == 1 {
                    "the word"
                } else {
                    "the words"
                };
                let contain = if k == 1 { "contains" } else { "contain" };
                if k > 0 {
                    format!("No article {what}; {k} {} {contain} {the_words}", plural(k))
                } else {
                    format!("No article {what}, nor contains {the_words}")
                }
            }
        };
    }
    let mut parts: Vec<String> = Vec::new();
    for &chip in &request.chips {
        let e = corpus.entity(chip);
        parts.push(format!(
            "pinned {} ({} {})",
            e.name,
            e.article_count,
            plural(e.article_count)
        ));
    }
    for (g, e) in evals {
        let k = e.all().len();
        if g.negated {
            parts.push(format!("'{}' (excludes {k} {})", g.display(), plural(k)));
        } else {
            parts.push(format!("'{}' ({k} {})", g.display(), plural(k)));
        }
    }
    format!("No article matches all of: {}", parts.join(", "))
}

#[cfg(test)]
mod counts {
    use super::*;
    use crate::filter::fixture;

    /// Counted the long way: every matching article's entities.
    fn recount(corpus: &Corpus, matched: &DocSet) -> Vec<u32> {
        count_articles(corpus, &matched.iter().collect::<Vec<_>>())
    }

    /// Whichever way the counts are made (all articles, the others subtracted, or the last
    /// search's counts corrected by what changed), they are the counts.
    #[test]
    fn counts_carried_from_the_last_search_are_the_counts() {
        let corpus = fixture::corpus();
        let index = Index::build(&corpus);
        let n = corpus.articles.len();
        assert!(n >= 5, "the fixture has {n} articles");
        // All, then all but one (the others counted), then all but two (one changed since: the
        // last counts corrected), then a third, one more (corrected again), then sets far from
        // the last one.
        let sets: Vec<Vec<u32>> = vec![
            (0..n as u32).collect(),
            (1..n as u32).collect(),
            (2..n as u32).collect(),
            (0..n as u32 / 3).collect(),
            (0..n as u32 / 3 + 1).collect(),
            (1..n as u32).collect(),
            (0..n as u32).filter(|a| a % 2 == 0).collect(),
            vec![],
        ];
        for ids in sets {
            let matched = DocSet::from_ids(n, ids.iter().copied());
            let counted = entity_counts(&corpus, &index, &matched);
            assert_eq!(counted.1, recount(&corpus, &matched), "articles {ids:?}");
            assert_eq!(counted.0.iter().collect::<Vec<_>>(), ids);
        }
    }
}
