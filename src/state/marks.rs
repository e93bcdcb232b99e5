//! Marks a reader puts on what they have seen: a star on an article or a quote, an article
//! marked reviewed. Kept by article id (and a quote by its span, with its text to find it
//! again should the span move), and resolved to indexes of a loaded corpus for the filter's
//! `star:` and `reviewed:`.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::filter::Marks as MarkSets;
use crate::model::Corpus;

/// A quote, as a mark names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRef {
    /// Byte span in the article's body.
    pub span: [u32; 2],
    /// Its words, to find it again if the span no longer fits.
    pub text: String,
}

/// One mark, as kept in `marks.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mark", rename_all = "snake_case")]
pub enum Mark {
    Star {
        article: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        quote: Option<QuoteRef>,
    },
    Reviewed {
        article: String,
    },
}

impl Mark {
    /// The same mark (a quote by its span; its text only helps finding it).
    fn same(&self, other: &Mark) -> bool {
        match (self, other) {
            (
                Mark::Star {
                    article: a,
                    quote: qa,
                },
                Mark::Star {
                    article: b,
                    quote: qb,
                },
            ) => a == b && qa.as_ref().map(|q| q.span) == qb.as_ref().map(|q| q.span),
            (Mark::Reviewed { article: a }, Mark::Reviewed { article: b }) => a == b,
            _ => false,
        }
    }

    pub fn star_article(corpus: &Corpus, article: usize) -> Option<Mark> {
        Some(Mark::Star {
            article: corpus.articles.get(article)?.id.to_string(),
            quote: None,
        })
    }

    pub fn star_quote(corpus: &Corpus, quote: usize) -> Option<Mark> {
        let q = corpus.quotes.get(quote)?;
        Some(Mark::Star {
            article: corpus.articles.get(q.article as usize)?.id.to_string(),
            quote: Some(QuoteRef {
                span: [q.start, q.end],
                text: corpus.quote_text(q).to_string(),
            }),
        })
    }

    pub fn reviewed(corpus: &Corpus, article: usize) -> Option<Mark> {
        Some(Mark::Reviewed {
            article: corpus.articles.get(article)?.id.to_string(),
        })
    }
}

/// The marks of one corpus, in the order they were made.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    pub list: Vec<Mark>,
}

impl Marks {
    /// Put the mark on, or take it off if it is on; returns whether it is on now.
    pub fn toggle(&mut self, mark: Mark) -> bool {
        if let Some(i) = self.list.iter().position(|m| m.same(&mark)) {
            self.list.remove(i);
            false
        } else {
            self.list.push(mark);
            true
        }
    }

    /// The marks as indexes of `corpus`, and how many name nothing in it.
    pub fn resolve(&self, corpus: &Corpus) -> (MarkSets, usize) {
        let by_id: FxHashMap<&str, usize> = corpus
            .articles
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut sets = MarkSets::default();
        let mut stale = 0;
        for m in &self.list {
            let found = match m {
                Mark::Star {
                    article,
                    quote: None,
                } => by_id.get(article.as_str()).map(|&a| {
                    sets.starred_articles.push(a as u32);
                }),
                Mark::Star {
                    article,
                    quote: Some(q),
                } => by_id.get(article.as_str()).and_then(|&a| {
                    let range = corpus.quote_range(a);
                    let by_span = range.clone().find(|&i| {
                        let x = &corpus.quotes[i];
                        [x.start, x.end] == q.span
                    });
                    let by_text = || {
                        range
                            .clone()
                            .find(|&i| corpus.quote_text(&corpus.quotes[i]) == q.text)
                    };
                    by_span
                        .or_else(by_text)
                        .map(|i| sets.starred_quotes.push(i as u32))
                }),
                Mark::Reviewed { article } => by_id
                    .get(article.as_str())
                    .map(|&a| sets.reviewed.push(a as u32)),
            };
            stale += usize::from(found.is_none());
        }
        for v in [
            &mut sets.starred_articles,
            &mut sets.starred_quotes,
            &mut sets.reviewed,
        ] {
            v.sort_unstable();
            v.dedup();
        }
        (sets, stale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::fixture;

    #[test]
    fn marks_toggle_and_resolve_by_id_and_span() {
        let c = fixture::corpus();
        let mut marks = Marks::default();
        assert!(marks.toggle(Mark::star_article(&c, 1).unwrap()));
        assert!(marks.toggle(Mark::reviewed(&c, 0).unwrap()));
        assert!(marks.toggle(Mark::star_quote(&c, 2).unwrap()));
        assert!(!marks.toggle(Mark::reviewed(&c, 0).unwrap()));
        marks.toggle(Mark::reviewed(&c, 2).unwrap());
        marks.list.push(Mark::Reviewed {
            article: "gone".into(),
        });
        let (sets, stale) = marks.resolve(&c);
        assert_eq!(sets.starred_articles, [1]);
        assert_eq!(sets.starred_quotes, [2]);
        assert_eq!(sets.reviewed, [2]);
        assert_eq!(stale, 1);
        // A quote whose span moved is found by its text.
        let mut moved = Mark::star_quote(&c, 2).unwrap();
        if let Mark::Star { quote: Some(q), .. } = &mut moved {
            q.span = [0, 1];
        }
        let (sets, _) = Marks { list: vec![moved] }.resolve(&c);
        assert_eq!(sets.starred_quotes, [2]);
    }

    #[test]
    fn marks_read_as_written() {
        let line = r#"{"mark":"star","article":"a1","quote":{"span":[3,9],"text":"hello"}}"#;
        let m: Mark = serde_json::from_str(line).unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), line);
        let m: Mark = serde_json::from_str(r#"{"mark":"reviewed","article":"a1"}"#).unwrap();
        assert_eq!(
            m,
            Mark::Reviewed {
                article: "a1".into()
            }
        );
    }
}
