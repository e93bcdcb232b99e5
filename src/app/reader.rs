//! The open article, wrapped to the text pane's width once (not per frame), with the marks to
//! colour (mentions, quotes) and the places `n`/`N` jump to.

use std::ops::Range;

use textwrap::WordSeparator;
use textwrap::core::{Word, break_words};
use textwrap::wrap_algorithms::wrap_first_fit;

use crate::model::{Corpus, EntityId, EntityKind};

/// Which string a wrapped line is a piece of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Title,
    Meta,
    Body,
    Blank,
}

/// One screen line: a byte range of the title, the meta line or the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextLine {
    pub source: Source,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    Mention { entity: EntityId, kind: EntityKind },
    Quote { index: usize },
}

/// A highlighted span of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub range: Range<usize>,
    pub kind: MarkKind,
}

#[derive(Debug, Clone, Default)]
pub struct Reader {
    /// The article shown, as an index into `corpus.articles`.
    pub article: Option<usize>,
    /// Date, outlet and path, shown under the title.
    pub meta: String,
    /// The width the lines were wrapped to.
    pub width: usize,
    pub lines: Vec<TextLine>,
    /// Mentions and quotes, sorted by start.
    pub marks: Vec<Mark>,
    /// First line shown.
    pub scroll: usize,
    /// Where `n`/`N` go: the pinned entities' mentions, or the quotes.
    pub targets: Vec<Range<usize>>,
    /// The target jumped to last (or the quote opened), shown marked.
    pub current: Option<usize>,
}

impl Reader {
    /// Show an article (or nothing), wrapped to `width`, with targets for the pinned entities.
    pub fn open(
        corpus: &Corpus,
        article: Option<usize>,
        width: usize,
        chips: &[EntityId],
    ) -> Reader {
        let Some(a) = article.and_then(|a| corpus.articles.get(a).map(|x| (a, x))) else {
            return Reader::default();
        };
        let (ai, art) = a;
        let meta = [
            art.date.as_deref(),
            art.outlet.as_deref(),
            Some(art.path.as_str()),
        ]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
        let mut marks: Vec<Mark> = Vec::new();
        for &e in corpus.entities_in(ai) {
            let kind = corpus.entity(e).kind;
            for m in corpus.mentions_in(e, ai) {
                marks.push(Mark {
                    range: m.range(),
                    kind: MarkKind::Mention { entity: e, kind },
                });
            }
        }
        for (i, q) in corpus.quote_range(ai).zip(corpus.quotes_in(ai)) {
            marks.push(Mark {
                range: q.range(),
                kind: MarkKind::Quote { index: i },
            });
        }
        marks.sort_by_key(|m| (m.range.start, m.range.end));
        let mut reader = Reader {
            article: Some(ai),
            meta,
            width: 0,
            lines: Vec::new(),
            marks,
            scroll: 0,
            targets: Vec::new(),
            current: None,
        };
        reader.set_targets(corpus, chips);
        reader.rewrap(corpus, width);
        reader
    }

    /// Recompute where `n`/`N` go after the pinned entities change.
    pub fn set_targets(&mut self, corpus: &Corpus, chips: &[EntityId]) {
        let Some(ai) = self.article else { return };
        let mut targets: Vec<Range<usize>> = if chips.is_empty() {
            corpus.quotes_in(ai).iter().map(|q| q.range()).collect()
        } else {
            chips
                .iter()
                .flat_map(|&c| corpus.mentions_in(c, ai))
                .map(|m| m.range())
                .collect()
        };
        targets.sort_by_key(|r| (r.start, r.end));
        targets.dedup();
        self.targets = targets;
        self.current = None;
    }

    /// Wrap again for a new width, keeping the same text at the top.
    pub fn rewrap(&mut self, corpus: &Corpus, width: usize) {
        let width = width.max(1);
        if width == self.width && !self.lines.is_empty() {
            return;
        }
        let Some(art) = self.article.and_then(|a| corpus.articles.get(a)) else {
            return;
        };
        let top = self.lines.get(self.scroll).cloned();
        let mut lines = Vec::new();
        for r in wrap(&art.title, width) {
            lines.push(TextLine {
                source: Source::Title,
                range: r,
            });
        }
        for r in wrap(&self.meta, width) {
            lines.push(TextLine {
                source: Source::Meta,
                range: r,
            });
        }
        for paragraph in paragraphs(&art.body) {
            // A blank line before each paragraph, placed at its start so lines stay in order.
            lines.push(TextLine {
                source: Source::Blank,
                range: paragraph.start..paragraph.start,
            });
            for r in wrap(&art.body[paragraph.clone()], width) {
                lines.push(TextLine {
                    source: Source::Body,
                    range: r.start + paragraph.start..r.end + paragraph.start,
                });
            }
        }
        self.lines = lines;
        self.width = width;
        self.scroll = match top {
            Some(t) if matches!(t.source, Source::Body | Source::Blank) => {
                self.line_of(t.range.start)
            }
            _ => 0,
        };
    }

    /// The line showing body byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let in_body = |l: &TextLine| matches!(l.source, Source::Body | Source::Blank);
        let after = self
            .lines
            .partition_point(|l| !in_body(l) || l.range.start <= offset);
        // `after` is the first body line starting past `offset`; step back to a body line.
        (0..after)
            .rev()
            .find(|&i| self.lines[i].source == Source::Body)
            .unwrap_or(0)
    }

    pub fn max_scroll(&self, height: usize) -> usize {
        self.lines.len().saturating_sub(height.max(1))
    }

    pub fn scroll_by(&mut self, delta: isize, height: usize) {
        let s = self.scroll as isize + delta;
        self.scroll = (s.max(0) as usize).min(self.max_scroll(height));
    }

    /// Scroll so the body range shows a third of the way down.
    pub fn reveal(&mut self, range: &Range<usize>, height: usize) {
        let line = self.line_of(range.start);
        self.scroll = line.saturating_sub(height / 3).min(self.max_scroll(height));
    }

    /// Move to the next (`forward`) or previous target; returns (position, count) to report.
    pub fn jump(&mut self, forward: bool, height: usize) -> Option<(usize, usize)> {
        let n = self.targets.len();
        if n == 0 {
            return None;
        }
        let next = match self.current {
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
            None => {
                // From the top of the screen, the first target at or below it.
                let top = self
                    .lines
                    .get(self.scroll)
                    .filter(|l| l.source == Source::Body)
                    .map_or(0, |l| l.range.start);
                let first_below = self.targets.partition_point(|t| t.start < top);
                if forward {
                    first_below % n
                } else {
                    (first_below + n - 1) % n
                }
            }
        };
        self.current = Some(next);
        let range = self.targets[next].clone();
        self.reveal(&range, height);
        Some((next + 1, n))
    }

    /// Mark a body range (an opened quote) as current, scrolling to it.
    pub fn focus_range(&mut self, range: Range<usize>, height: usize) {
        if let Some(i) = self.targets.iter().position(|t| *t == range) {
            self.current = Some(i);
        } else {
            self.targets.push(range.clone());
            self.targets.sort_by_key(|r| (r.start, r.end));
            self.current = self.targets.iter().position(|t| *t == range);
        }
        self.reveal(&range, height);
    }

    pub fn current_range(&self) -> Option<&Range<usize>> {
        self.current.and_then(|c| self.targets.get(c))
    }
}

/// Non-empty paragraphs (lines) of a body, as byte ranges.
fn paragraphs(body: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    body.split('\n').filter_map(move |p| {
        let r = start..start + p.len();
        start += p.len() + 1;
        let trimmed = p.trim_end_matches('\r');
        (!trimmed.trim().is_empty()).then_some(r.start..r.start + trimmed.len())
    })
}

/// Wrap one paragraph to `width` columns with textwrap; returns each line's byte range.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    if text.is_empty() {
        return Vec::new();
    }
    let base = text.as_ptr() as usize;
    let words: Vec<Word> = WordSeparator::AsciiSpace.find_words(text).collect();
    let words = break_words(words, width.max(1));
    let lines = wrap_first_fit(&words, &[width.max(1) as f64]);
    lines
        .iter()
        .filter_map(|line| {
            let first = line.first()?;
            let last = line.last()?;
            let start = first.word.as_ptr() as usize - base;
            let end = last.word.as_ptr() as usize - base + last.word.len();
            Some(start..end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::fixture;

    #[test]
    fn wrapping_keeps_byte_ranges_into_the_text() {
        let text = "Iran’s team in Muscat was led by Abbas Araghchi, said officials.";
        let lines = wrap(text, 20);
        assert!(lines.len() > 2);
        for r in &lines {
            let piece = &text[r.clone()];
            assert!(
                unicode_width::UnicodeWidthStr::width(piece) <= 20,
                "{piece}"
            );
            assert_eq!(piece.trim(), piece);
        }
        let joined: Vec<&str> = lines.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn long_words_are_broken() {
        let text = "supercalifragilistic";
        let lines = wrap(text, 6);
        assert_eq!(lines.len(), 4);
    }

    #[test]
    fn jumps_cycle_through_the_pinned_mentions() {
        let c = fixture::corpus();
        let araghchi = c
            .entities
            .iter()
            .find(|e| e.name == "Abbas Araghchi")
            .unwrap()
            .id;
        let mut r = Reader::open(&c, Some(0), 30, &[araghchi]);
        let n = r.targets.len();
        assert_eq!(n, c.mentions_in(araghchi, 0).len());
        assert_eq!(r.jump(true, 10), Some((1, n)));
        assert_eq!(r.jump(true, 10), Some((2, n)));
        assert_eq!(r.jump(false, 10), Some((1, n)));
        assert_eq!(r.jump(false, 10), Some((n, n)));
        // The current mention is on screen.
        let line = r.line_of(r.current_range().unwrap().start);
        assert!(line >= r.scroll && line < r.scroll + 10);
    }

    #[test]
    fn rewrapping_keeps_the_top_line() {
        let c = fixture::corpus();
        let mut r = Reader::open(&c, Some(0), 40, &[]);
        r.scroll = (8..r.lines.len())
            .find(|&i| r.lines[i].source == Source::Body)
            .unwrap();
        let top = r.lines[r.scroll].range.start;
        r.rewrap(&c, 25);
        let now = &r.lines[r.scroll];
        assert!(now.range.start <= top && top <= now.range.end + 1);
    }
}
