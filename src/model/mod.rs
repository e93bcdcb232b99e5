//! The in-memory corpus: plain, serialisable data shared by the TUI and the headless commands.
//! Built once by `corpus::build`, read-only afterwards.

mod article;
pub mod date;
mod entity;
mod warning;

pub use article::Article;
pub use entity::{Entity, EntityId, EntityKind, Mention, Quote, QuoteKind, articles_of};
pub use warning::{LoadWarning, warning_total};

use std::ops::Range;

/// Everything lede knows about a set of articles.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    pub articles: Vec<Article>,
    /// Corpus-wide entities, each with one canonical name; sorted by kind, then mention count.
    pub entities: Vec<Entity>,
    /// Quotes in article order, then by position in the body.
    pub quotes: Vec<Quote>,
    pub warnings: Vec<LoadWarning>,
    /// Entities mentioned in each article, in entity order: article `a`'s are
    /// `article_entities[entity_starts[a]..entity_starts[a + 1]]` (one allocation, read in
    /// order when a search counts the entities of many articles).
    article_entities: Vec<EntityId>,
    entity_starts: Vec<usize>,
    /// Each article's quotes, as a range of `quotes`.
    article_quotes: Vec<Range<usize>>,
}

impl Corpus {
    /// Index a corpus. `quotes` must be sorted by article.
    pub fn new(
        articles: Vec<Article>,
        entities: Vec<Entity>,
        quotes: Vec<Quote>,
        warnings: Vec<LoadWarning>,
    ) -> Self {
        // Each entity once per article it is mentioned in.
        let n = articles.len();
        let mut entity_starts = vec![0usize; n + 1];
        for e in &entities {
            for a in e.articles().map(|a| a as usize).filter(|&a| a < n) {
                entity_starts[a + 1] += 1;
            }
        }
        for a in 1..entity_starts.len() {
            entity_starts[a] += entity_starts[a - 1];
        }
        let mut article_entities = vec![EntityId(0); entity_starts[n]];
        let mut next = entity_starts.clone();
        for e in &entities {
            for a in e.articles().map(|a| a as usize).filter(|&a| a < n) {
                article_entities[next[a]] = e.id;
                next[a] += 1;
            }
        }
        let mut article_quotes = vec![0..0; articles.len()];
        let mut i = 0;
        while i < quotes.len() {
            let a = quotes[i].article as usize;
            let start = i;
            while i < quotes.len() && quotes[i].article as usize == a {
                i += 1;
            }
            article_quotes[a] = start..i;
        }
        Corpus {
            articles,
            entities,
            quotes,
            warnings,
            article_entities,
            entity_starts,
            article_quotes,
        }
    }

    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id.0 as usize]
    }

    /// Entities mentioned in one article, in entity order.
    pub fn entities_in(&self, article: usize) -> &[EntityId] {
        match self.entity_starts.get(article..).unwrap_or(&[]) {
            [s, e, ..] => &self.article_entities[*s..*e],
            _ => &[],
        }
    }

    /// One entity's mentions in one article.
    pub fn mentions_in(&self, id: EntityId, article: usize) -> &[Mention] {
        let ms = &self.entity(id).mentions;
        let a = article as u32;
        let lo = ms.partition_point(|m| m.article < a);
        let hi = ms.partition_point(|m| m.article <= a);
        &ms[lo..hi]
    }

    /// Quotes of one article, in body order.
    pub fn quotes_in(&self, article: usize) -> &[Quote] {
        self.article_quotes
            .get(article)
            .map_or(&[], |r| &self.quotes[r.clone()])
    }

    /// Index of the first quote of an article in `quotes`.
    pub fn quote_range(&self, article: usize) -> Range<usize> {
        self.article_quotes.get(article).cloned().unwrap_or(0..0)
    }

    pub fn quote_text(&self, q: &Quote) -> &str {
        &self.articles[q.article as usize].body[q.range()]
    }

    /// The words for a quote's unnamed speaker ("the Vermont senator"), when it has one.
    pub fn quote_source(&self, q: &Quote) -> Option<&str> {
        let (s, e) = q.source?;
        self.articles[q.article as usize]
            .body
            .get(s as usize..e as usize)
    }

    /// Is it well formed (as read back from a file)? Ids in order and in range, every mention
    /// and quote a span of its article's text on character boundaries, quotes in article
    /// order: what the rest of lede relies on without checking.
    pub fn check(&self) -> Result<(), String> {
        let n = self.articles.len() as u32;
        let span_ok = |article: u32, start: u32, end: u32| {
            self.articles.get(article as usize).is_some_and(|a| {
                start <= end
                    && a.body.is_char_boundary(start as usize)
                    && a.body.is_char_boundary(end as usize)
                    && (end as usize) <= a.body.len()
            })
        };
        use rayon::prelude::*;
        self.entities
            .par_iter()
            .enumerate()
            .try_for_each(|(i, e)| {
                if e.id.0 as usize != i {
                    return Err(format!("entity {i} numbered {}", e.id.0));
                }
                let sorted = e.mentions.windows(2).all(|w| w[0] <= w[1]);
                let placed = e
                    .mentions
                    .iter()
                    .all(|m| m.article < n && span_ok(m.article, m.start, m.end));
                if sorted && placed {
                    Ok(())
                } else {
                    Err(format!("entity {i}: mentions out of place"))
                }
            })?;
        let sorted = self.quotes.windows(2).all(|w| w[0].article <= w[1].article);
        if !sorted {
            return Err("quotes out of article order".to_string());
        }
        for (i, q) in self.quotes.iter().enumerate() {
            let speaker_ok = q
                .speaker
                .is_none_or(|s| (s.0 as usize) < self.entities.len());
            let source_ok = q.source.is_none_or(|(s, e)| span_ok(q.article, s, e));
            if !span_ok(q.article, q.start, q.end) || !speaker_ok || !source_ok {
                return Err(format!("quote {i} out of place"));
            }
        }
        Ok(())
    }

    /// Leave out the entities and quotes whose confidence is under `min` (entities renumbered
    /// in order; a quote whose speaker is left out keeps no speaker).
    pub fn retain_confident(&mut self, min: f32) {
        let mut new_id: Vec<Option<EntityId>> = Vec::with_capacity(self.entities.len());
        let mut kept = Vec::with_capacity(self.entities.len());
        for mut e in std::mem::take(&mut self.entities) {
            if e.confidence >= min {
                let id = EntityId(kept.len() as u32);
                new_id.push(Some(id));
                e.id = id;
                kept.push(e);
            } else {
                new_id.push(None);
            }
        }
        let quotes = std::mem::take(&mut self.quotes)
            .into_iter()
            .filter(|q| q.confidence >= min)
            .map(|mut q| {
                q.speaker = q
                    .speaker
                    .and_then(|s| new_id.get(s.0 as usize).copied().flatten());
                q
            })
            .collect();
        let articles = std::mem::take(&mut self.articles);
        let warnings = std::mem::take(&mut self.warnings);
        *self = Corpus::new(articles, kept, quotes, warnings);
    }

    pub fn count_kind(&self, kind: EntityKind) -> usize {
        self.entities.iter().filter(|e| e.kind == kind).count()
    }
}
