//! The lists the panes show, made from a search's results: articles and quotes in the order
//! chosen with `o`, entities in sections (People, Countries, Organisations), and who is quoted
//! most (the speakers view of the Quotes pane).

use crate::filter::{EntityHit, QuoteHit, Results};
use crate::model::{Corpus, EntityId, EntityKind};

/// How the article list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArticleSort {
    /// Best match first (corpus order with no filter).
    #[default]
    Relevance,
    /// Newest first; undated last.
    Date,
    Title,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EntitySort {
    /// The number of listed articles that mention it, highest first.
    #[default]
    Articles,
    /// Mentions in the whole corpus, highest first.
    Mentions,
    Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuoteSort {
    /// As the filter lists them: articles in corpus order, quotes in text order.
    #[default]
    Article,
    Speaker,
    /// Newest article first.
    Date,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SpeakerSort {
    #[default]
    Quotes,
    Articles,
    Name,
}

impl ArticleSort {
    pub fn next(self) -> Self {
        match self {
            Self::Relevance => Self::Date,
            Self::Date => Self::Title,
            Self::Title => Self::Relevance,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Relevance => "by relevance",
            Self::Date => "newest first",
            Self::Title => "by title",
        }
    }
}

impl EntitySort {
    pub fn next(self) -> Self {
        match self {
            Self::Articles => Self::Mentions,
            Self::Mentions => Self::Name,
            Self::Name => Self::Articles,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Articles => "by articles",
            Self::Mentions => "by mentions",
            Self::Name => "by name",
        }
    }
}

impl QuoteSort {
    pub fn next(self) -> Self {
        match self {
            Self::Article => Self::Speaker,
            Self::Speaker => Self::Date,
            Self::Date => Self::Article,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Article => "in article order",
            Self::Speaker => "by speaker",
            Self::Date => "newest first",
        }
    }
}

impl SpeakerSort {
    pub fn next(self) -> Self {
        match self {
            Self::Quotes => Self::Articles,
            Self::Articles => Self::Name,
            Self::Name => Self::Quotes,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Quotes => "by quotes",
            Self::Articles => "by articles",
            Self::Name => "by name",
        }
    }
}

/// The sort chosen for each list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sorts {
    pub articles: ArticleSort,
    pub entities: EntitySort,
    pub quotes: QuoteSort,
    pub speakers: SpeakerSort,
}

/// One row of the entity sidebar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityRow {
    Heading { kind: EntityKind, count: usize },
    Entity(EntityHit),
}

/// One row of the speakers view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpeakerRow {
    pub id: EntityId,
    /// Listed quotes they said.
    pub quotes: u32,
    /// Listed articles those quotes are in.
    pub articles: u32,
}

/// Sort keys of article dates (newest first), made once per corpus when first needed.
pub fn date_keys(corpus: &Corpus) -> Vec<i64> {
    corpus
        .articles
        .iter()
        .map(|a| {
            a.date
                .as_deref()
                .and_then(super::date::parse)
                .map_or(i64::MIN, |d| d.key())
        })
        .collect()
}

/// The articles of `results` in the chosen order (`dates` from [`date_keys`]).
pub fn articles(results: &Results, corpus: &Corpus, sort: ArticleSort, dates: &[i64]) -> Vec<u32> {
    let mut list = results.articles.clone();
    match sort {
        ArticleSort::Relevance => {}
        ArticleSort::Date => list.sort_by_key(|&a| {
            std::cmp::Reverse(dates.get(a as usize).copied().unwrap_or(i64::MIN))
        }),
        ArticleSort::Title => list.sort_by_cached_key(|&a| {
            corpus
                .articles
                .get(a as usize)
                .map(|x| x.title.trim().to_lowercase())
                .unwrap_or_default()
        }),
    }
    list
}

/// The quotes of `results` in the chosen order. Quotes said by a pinned entity stay first.
pub fn quotes(results: &Results, corpus: &Corpus, sort: QuoteSort, dates: &[i64]) -> Vec<QuoteHit> {
    let mut list = results.quotes.clone();
    // Said by the pins, then naming them, then matching the words, then the rest.
    let said_first = |h: &QuoteHit| h.relation;
    match sort {
        QuoteSort::Article => {}
        QuoteSort::Speaker => list.sort_by_cached_key(|h| {
            let speaker = corpus
                .quotes
                .get(h.quote as usize)
                .and_then(|q| match q.speaker {
                    Some(s) => Some(corpus.entity(s).name.to_lowercase()),
                    // An unnamed source by its words ("police", "the senator").
                    None => corpus.quote_source(q).map(str::to_lowercase),
                });
            // Unattributed last.
            (said_first(h), speaker.is_none(), speaker)
        }),
        QuoteSort::Date => list.sort_by_key(|h| {
            let a = corpus
                .quotes
                .get(h.quote as usize)
                .map_or(0, |q| q.article as usize);
            (
                said_first(h),
                std::cmp::Reverse(dates.get(a).copied().unwrap_or(i64::MIN)),
            )
        }),
    }
    list
}

/// The entity sidebar: a heading for each kind, then its entities in the chosen order.
pub fn entity_rows(
    hits: &[EntityHit],
    corpus: &Corpus,
    sort: EntitySort,
    min_confidence: f32,
) -> Vec<EntityRow> {
    let mut rows = Vec::with_capacity(hits.len() + 3);
    for kind in EntityKind::ALL {
        let mut of_kind: Vec<EntityHit> = hits
            .iter()
            .filter(|h| {
                let e = corpus.entity(h.id);
                e.kind == kind && e.confidence >= min_confidence
            })
            .copied()
            .collect();
        if of_kind.is_empty() {
            continue;
        }
        match sort {
            EntitySort::Articles => {}
            // The entities the query names stay first in every order: typing a name, then
            // Enter in this pane, pins that name.
            EntitySort::Mentions => of_kind.sort_by(|x, y| {
                let (ex, ey) = (corpus.entity(x.id), corpus.entity(y.id));
                (y.named.cmp(&x.named))
                    .then_with(|| ey.mentions.len().cmp(&ex.mentions.len()))
                    .then_with(|| ex.name.cmp(&ey.name))
            }),
            EntitySort::Name => {
                of_kind.sort_by_cached_key(|h| (!h.named, corpus.entity(h.id).name.to_lowercase()))
            }
        }
        rows.push(EntityRow::Heading {
            kind,
            count: of_kind.len(),
        });
        rows.extend(of_kind.into_iter().map(EntityRow::Entity));
    }
    rows
}

/// Who said the listed quotes that match the query (all of them when none is asked of
/// quotes), with how many quotes and articles each; and how many of those quotes have no
/// speaker.
pub fn speakers(
    quotes: &[QuoteHit],
    corpus: &Corpus,
    sort: SpeakerSort,
) -> (Vec<SpeakerRow>, usize) {
    let mut quote_counts = vec![0u32; corpus.entities.len()];
    let mut article_counts = vec![0u32; corpus.entities.len()];
    let mut last_article = vec![u32::MAX; corpus.entities.len()];
    let mut unattributed = 0;
    // Quotes are listed article by article, but sorting may have mixed them: count articles
    // on a copy in corpus order.
    let mut ordered: Vec<u32> = quotes
        .iter()
        .filter(|h| h.relation != crate::filter::Relation::Context)
        .map(|h| h.quote)
        .collect();
    ordered.sort_unstable();
    for qi in ordered {
        let Some(q) = corpus.quotes.get(qi as usize) else {
            continue;
        };
        let Some(s) = q.speaker else {
            unattributed += 1;
            continue;
        };
        let i = s.0 as usize;
        let (Some(qc), Some(ac), Some(last)) = (
            quote_counts.get_mut(i),
            article_counts.get_mut(i),
            last_article.get_mut(i),
        ) else {
            continue;
        };
        *qc += 1;
        if *last != q.article {
            *last = q.article;
            *ac += 1;
        }
    }
    let mut rows: Vec<SpeakerRow> = quote_counts
        .iter()
        .zip(&article_counts)
        .enumerate()
        .filter(|&(_, (&q, _))| q > 0)
        .map(|(i, (&q, &a))| SpeakerRow {
            id: EntityId(i as u32),
            quotes: q,
            articles: a,
        })
        .collect();
    let name = |r: &SpeakerRow| corpus.entity(r.id).name.to_lowercase();
    match sort {
        SpeakerSort::Quotes => rows.sort_by(|x, y| {
            (y.quotes, y.articles)
                .cmp(&(x.quotes, x.articles))
                .then_with(|| name(x).cmp(&name(y)))
        }),
        SpeakerSort::Articles => rows.sort_by(|x, y| {
            (y.articles, y.quotes)
                .cmp(&(x.articles, x.quotes))
                .then_with(|| name(x).cmp(&name(y)))
        }),
        SpeakerSort::Name => rows.sort_by_cached_key(name),
    }
    (rows, unattributed)
}

/// Row of the heading of `kind`'s section, if listed.
pub fn section_row(rows: &[EntityRow], kind: EntityKind) -> Option<usize> {
    rows.iter()
        .position(|r| matches!(r, EntityRow::Heading { kind: k, .. } if *k == kind))
}

/// Rows of every section heading, in order.
pub fn section_rows(rows: &[EntityRow]) -> Vec<usize> {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| matches!(r, EntityRow::Heading { .. }))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::{self, Index, Request, fixture};

    fn all(c: &Corpus) -> Results {
        let index = Index::build(c);
        filter::search(c, &index, &Request::default(), &|| false).unwrap()
    }

    #[test]
    fn articles_sort_by_date_and_title() {
        let c = fixture::corpus();
        let r = all(&c);
        let dates = date_keys(&c);
        let by_date = articles(&r, &c, ArticleSort::Date, &dates);
        let shown: Vec<&str> = by_date
            .iter()
            .map(|&a| c.articles[a as usize].date.as_deref().unwrap_or(""))
            .collect();
        let mut sorted = shown.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(shown, sorted);
        let by_title = articles(&r, &c, ArticleSort::Title, &dates);
        let titles: Vec<String> = by_title
            .iter()
            .map(|&a| c.articles[a as usize].title.as_str().to_lowercase())
            .collect();
        assert!(titles.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(articles(&r, &c, ArticleSort::Relevance, &dates), r.articles);
    }

    #[test]
    fn entity_rows_keep_their_sections_whatever_the_sort() {
        let c = fixture::corpus();
        let r = all(&c);
        for sort in [EntitySort::Articles, EntitySort::Mentions, EntitySort::Name] {
            let rows = entity_rows(&r.entities, &c, sort, 0.0);
            let headings = section_rows(&rows);
            assert_eq!(headings.len(), 3, "{sort:?}");
            assert_eq!(section_row(&rows, EntityKind::Country), Some(headings[1]));
            assert_eq!(rows.len(), r.entities.len() + 3);
        }
        let rows = entity_rows(&r.entities, &c, EntitySort::Name, 0.0);
        let people: Vec<String> = rows
            .iter()
            .take_while(|r| {
                !matches!(
                    r,
                    EntityRow::Heading {
                        kind: EntityKind::Country,
                        ..
                    }
                )
            })
            .filter_map(|r| match r {
                EntityRow::Entity(h) => Some(c.entity(h.id).name.to_lowercase()),
                _ => None,
            })
            .collect();
        assert!(people.windows(2).all(|w| w[0] <= w[1]), "{people:?}");
    }

    #[test]
    fn speakers_are_counted_over_the_listed_quotes() {
        let c = fixture::corpus();
        let r = all(&c);
        let (rows, unattributed) = speakers(&r.quotes, &c, SpeakerSort::Quotes);
        let said: usize = rows.iter().map(|s| s.quotes as usize).sum();
        assert_eq!(said + unattributed, r.quotes.len());
        let top = rows.first().unwrap();
        assert!(rows.iter().all(|s| s.quotes <= top.quotes));
        for s in &rows {
            let articles: std::collections::BTreeSet<u32> = r
                .quotes
                .iter()
                .map(|h| &c.quotes[h.quote as usize])
                .filter(|q| q.speaker == Some(s.id))
                .map(|q| q.article)
                .collect();
            assert_eq!(s.articles as usize, articles.len());
        }
    }
}
