//! The in-memory corpus: plain, serialisable data shared by the TUI and the headless commands.
//! Built once by `corpus::build`, read-only afterwards.

mod article;
mod entity;

pub use article::Article;
pub use entity::{Entity, EntityId, EntityKind, Mention, Quote, QuoteKind};

use std::ops::Range;

use crate::load::LoadWarning;

/// Everything lede knows about a set of articles.
#[derive(Debug, Default, Clone)]
pub struct Corpus {
    pub articles: Vec<Article>,
    /// Corpus-wide entities, each with one canonical name; sorted by kind, then mention count.
    pub entities: Vec<Entity>,
    /// Quotes in article order, then by position in the body.
    pub quotes: Vec<Quote>,
    pub warnings: Vec<LoadWarning>,
    /// Entities mentioned in each article, in entity order.
    article_entities: Vec<Vec<EntityId>>,
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
        let mut article_entities = vec![Vec::new(); articles.len()];
        for e in &entities {
            let mut last = None;
            for m in &e.mentions {
                if last != Some(m.article) {
                    article_entities[m.article as usize].push(e.id);
                    last = Some(m.article);
                }
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
            article_quotes,
        }
    }

    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id.0 as usize]
    }

    /// Entities mentioned in one article, in entity order.
    pub fn entities_in(&self, article: usize) -> &[EntityId] {
        self.article_entities
            .get(article)
            .map_or(&[], Vec::as_slice)
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

    pub fn count_kind(&self, kind: EntityKind) -> usize {
        self.entities.iter().filter(|e| e.kind == kind).count()
    }
}
