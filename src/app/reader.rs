//! The open article wrapped to the text pane's width, with the marks to colour (mentions,
//! quotes) and the hits `n`/`N` step through. A long article is wrapped a screenful at first and
//! in full off the UI thread (`WrapJob`), so opening or resizing a 100 MB article never stalls
//! the screen; wrapping works a block at a time, so its memory stays small and it can stop.

use std::ops::Range;
use std::sync::Arc;

use textwrap::WordSeparator;
use textwrap::core::{Word, break_words};
use textwrap::wrap_algorithms::wrap_first_fit;

use super::date;
use crate::filter::Highlighter;
use crate::model::{Article, Corpus, EntityId, EntityKind};

/// Bodies up to this size are wrapped at once on the UI thread (a few milliseconds); longer
/// ones get their first `PREFIX_BYTES` at once and the rest from the wrapping worker.
pub const SYNC_WRAP_BYTES: usize = 256 * 1024;
/// How much of a long body is wrapped at once: many screens' worth.
pub const PREFIX_BYTES: usize = 64 * 1024;
/// A paragraph is wrapped in blocks of about this many bytes.
const BLOCK_BYTES: usize = 64 * 1024;

/// Which string a wrapped line is a piece of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Title,
    /// The meta lines (date, outlet, URL), `Reader::meta`.
    Meta,
    Body,
    Blank,
}

/// One screen line: a byte range of the title, the meta lines or the body.
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

/// Marks sorted by start, with the furthest end so far, so the marks on one line are found
/// without looking at the others.
#[derive(Debug, Clone, Default)]
pub struct MarkList {
    marks: Vec<Mark>,
    max_end: Vec<usize>,
}

impl MarkList {
    fn new(mut marks: Vec<Mark>) -> MarkList {
        marks.sort_by_key(|m| (m.range.start, m.range.end));
        let mut furthest = 0;
        let max_end = marks
            .iter()
            .map(|m| {
                furthest = furthest.max(m.range.end);
                furthest
            })
            .collect();
        MarkList { marks, max_end }
    }

    /// The marks overlapping `range`, in order of start.
    pub fn overlapping(&self, range: &Range<usize>) -> Vec<&Mark> {
        let hi = self.marks.partition_point(|m| m.range.start < range.end);
        let mut out: Vec<&Mark> = (0..hi)
            .rev()
            .take_while(|&i| self.max_end[i] > range.start)
            .map(|i| &self.marks[i])
            .filter(|m| m.range.end > range.start)
            .collect();
        out.reverse();
        out
    }

    pub fn len(&self) -> usize {
        self.marks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }
}

/// The mentions and quotes of an article.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    pub mentions: MarkList,
    pub quotes: MarkList,
}

impl Marks {
    /// Marks starting before `upto` (all with `None`).
    pub fn build(corpus: &Corpus, ai: usize, upto: Option<usize>) -> Marks {
        let limit = upto.unwrap_or(usize::MAX);
        let mut mentions = Vec::new();
        for &e in corpus.entities_in(ai) {
            let kind = corpus.entity(e).kind;
            let ms = corpus.mentions_in(e, ai);
            let end = ms.partition_point(|m| (m.start as usize) < limit);
            mentions.extend(ms[..end].iter().map(|m| Mark {
                range: m.range(),
                kind: MarkKind::Mention { entity: e, kind },
            }));
        }
        let quotes = corpus
            .quote_range(ai)
            .zip(corpus.quotes_in(ai))
            .take_while(|(_, q)| (q.start as usize) < limit)
            .map(|(i, q)| Mark {
                range: q.range(),
                kind: MarkKind::Quote { index: i },
            })
            .collect();
        Marks {
            mentions: MarkList::new(mentions),
            quotes: MarkList::new(quotes),
        }
    }
}

/// What `n`/`N` step through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitKind {
    /// The filter's words in the text.
    Match,
    /// The pinned entities' mentions.
    Mention,
    Quote,
}

impl HitKind {
    pub fn noun(self) -> &'static str {
        match self {
            HitKind::Match => "match",
            HitKind::Mention => "mention",
            HitKind::Quote => "quote",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            HitKind::Match => "matches of the filter",
            HitKind::Mention => "mentions of the pinned entities",
            HitKind::Quote => "quotes",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hits {
    pub kind: HitKind,
    /// Sorted, without duplicates.
    pub ranges: Vec<Range<usize>>,
}

/// Where a jump went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jump {
    /// To hit `index` (from 1) of `count`.
    To { index: usize, count: usize },
    /// There is no hit further that way in this article.
    Past,
    /// The article has none.
    Empty,
}

#[derive(Debug, Clone, Default)]
pub struct Reader {
    /// The article shown, as an index into `corpus.articles`.
    pub article: Option<usize>,
    /// Date, outlet and author; then the URL (or the file): one line each.
    pub meta: String,
    /// The width the lines were wrapped to.
    pub width: usize,
    pub lines: Vec<TextLine>,
    /// Every line of the body is in `lines` (false while a long one is wrapped off the UI thread).
    pub complete: bool,
    /// The wrapping job whose result this reader waits for.
    pub generation: u64,
    pub marks: Marks,
    /// The marks cover the whole body (not only the first screens).
    marks_complete: bool,
    /// First line shown.
    pub scroll: usize,
    /// Where `n`/`N` go, computed when first asked for.
    pub hits: Option<Hits>,
    /// The range jumped to last (or the quote opened), shown marked.
    pub current: Option<Range<usize>>,
    /// A range to bring on screen once the wrapping worker has reached it.
    pub pending_reveal: Option<Range<usize>>,
    /// The search for the filter's matches in a long body this reader waits for (0: none),
    /// and the jump to make (forward?) once they are found.
    pub hits_generation: u64,
    pub pending_jump: Option<bool>,
}

/// The filter's matches in a long article, found off the UI thread.
#[derive(Debug, Clone)]
pub struct HitsJob {
    pub generation: u64,
    pub corpus: Arc<Corpus>,
    pub article: usize,
    pub highlighter: Highlighter,
}

/// A search for matches, done.
#[derive(Debug, Clone)]
pub struct FoundHits {
    pub generation: u64,
    pub article: usize,
    pub ranges: Vec<Range<usize>>,
}

impl HitsJob {
    pub fn run(&self) -> Option<FoundHits> {
        let body = &self.corpus.articles.get(self.article)?.body;
        let mut ranges = self.highlighter.body_ranges(body);
        ranges.sort_by_key(|r| (r.start, r.end));
        ranges.dedup();
        Some(FoundHits {
            generation: self.generation,
            article: self.article,
            ranges,
        })
    }
}

/// A long article to wrap off the UI thread.
#[derive(Debug, Clone)]
pub struct WrapJob {
    pub generation: u64,
    pub corpus: Arc<Corpus>,
    pub article: usize,
    pub width: usize,
    pub meta: String,
    /// Build the marks too (the UI thread built only those of the first screens).
    pub marks: bool,
}

/// A wrapping job's result.
#[derive(Debug, Clone)]
pub struct Wrapped {
    pub generation: u64,
    pub article: usize,
    pub width: usize,
    pub lines: Vec<TextLine>,
    pub marks: Option<Marks>,
}

impl WrapJob {
    /// Wrap the article; `None` when `cancelled` said so first.
    pub fn run(&self, cancelled: &dyn Fn() -> bool) -> Option<Wrapped> {
        let art = self.corpus.articles.get(self.article)?;
        let (lines, complete) = wrap_article(art, &self.meta, self.width, None, cancelled);
        if !complete {
            return None;
        }
        let marks = self
            .marks
            .then(|| Marks::build(&self.corpus, self.article, None));
        Some(Wrapped {
            generation: self.generation,
            article: self.article,
            width: self.width,
            lines,
            marks,
        })
    }
}

/// The meta lines of an article: "2025-02-07 16:00 · Gulf Wire · Jane Doe", then the URL
/// (or, with none, where it was read from).
pub fn meta_of(art: &Article) -> String {
    let date = art.date.as_deref().map(date::display);
    let first: Vec<&str> = [
        date.as_deref(),
        art.outlet.as_deref(),
        art.author.as_deref(),
    ]
    .into_iter()
    .flatten()
    .map(str::trim)
    .filter(|s| !s.is_empty())
    .collect();
    let second = match art.url.as_deref().map(str::trim) {
        Some(u) if !u.is_empty() => u,
        _ => art.path.as_str(),
    };
    if first.is_empty() {
        second.to_string()
    } else {
        format!("{}\n{second}", first.join(" · "))
    }
}

impl Reader {
    /// Show an article (or nothing) wrapped to `width`. A long body is wrapped only in part:
    /// the job returned wraps the rest.
    pub fn open(
        corpus: &Arc<Corpus>,
        article: Option<usize>,
        width: usize,
        generation: u64,
    ) -> (Reader, Option<WrapJob>) {
        let Some((ai, art)) = article.and_then(|a| corpus.articles.get(a).map(|x| (a, x))) else {
            return (Reader::default(), None);
        };
        let long = art.body.len() > SYNC_WRAP_BYTES;
        let upto = long.then_some(PREFIX_BYTES);
        let mut reader = Reader {
            article: Some(ai),
            meta: meta_of(art),
            marks: Marks::build(corpus, ai, upto),
            marks_complete: !long,
            generation,
            ..Reader::default()
        };
        let job = reader.wrap(corpus, width, generation);
        (reader, job)
    }

    /// Wrap for `width`: at once for a short body; for a long one, the first screens now (when
    /// nothing is wrapped yet; otherwise the old lines stay up, cut to the new width) and a job
    /// for the whole.
    fn wrap(&mut self, corpus: &Arc<Corpus>, width: usize, generation: u64) -> Option<WrapJob> {
        let width = width.max(1);
        let ai = self.article?;
        let art = corpus.articles.get(ai)?;
        let top = self.top_byte();
        if art.body.len() <= SYNC_WRAP_BYTES {
            let (lines, _) = wrap_article(art, &self.meta, width, None, &|| false);
            self.set_lines(lines, width, true, top);
            return None;
        }
        if self.lines.is_empty() {
            let (lines, _) = wrap_article(art, &self.meta, width, Some(PREFIX_BYTES), &|| false);
            self.set_lines(lines, width, false, top);
        }
        self.generation = generation;
        Some(WrapJob {
            generation,
            corpus: corpus.clone(),
            article: ai,
            width,
            meta: self.meta.clone(),
            marks: !self.marks_complete,
        })
    }

    fn set_lines(
        &mut self,
        lines: Vec<TextLine>,
        width: usize,
        complete: bool,
        top: Option<usize>,
    ) {
        let scroll = self.scroll;
        self.lines = lines;
        self.width = width;
        self.complete = complete;
        self.scroll = match top {
            Some(offset) => self.line_of(offset),
            None => scroll.min(self.lines.len().saturating_sub(1)),
        };
    }

    /// Wrap again for a new width, keeping the same text at the top. Returns a job for a long
    /// body.
    pub fn rewrap(
        &mut self,
        corpus: &Arc<Corpus>,
        width: usize,
        generation: u64,
    ) -> Option<WrapJob> {
        let width = width.max(1);
        if self.article.is_none() || (width == self.width && !self.lines.is_empty()) {
            return None;
        }
        self.wrap(corpus, width, generation)
    }

    /// Take in the wrapping worker's result, if it is the one waited for. Returns whether it was.
    pub fn wrapped(&mut self, w: Wrapped, height: usize) -> bool {
        if w.generation != self.generation || Some(w.article) != self.article {
            return false;
        }
        let top = self.top_byte();
        self.set_lines(w.lines, w.width, true, top);
        if let Some(marks) = w.marks {
            self.marks = marks;
            self.marks_complete = true;
        }
        if let Some(r) = self.pending_reveal.take() {
            self.reveal(&r, height);
        }
        true
    }

    /// The body byte at the top of the screen (`None` above the body).
    pub fn top_byte(&self) -> Option<usize> {
        self.lines
            .get(self.scroll)
            .filter(|l| matches!(l.source, Source::Body | Source::Blank))
            .map(|l| l.range.start)
    }

    /// The line showing body byte `offset` (the last wrapped one, if not wrapped that far yet).
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

    /// Whether body byte `offset` is within the lines wrapped so far.
    fn wrapped_to(&self, offset: usize) -> bool {
        self.complete
            || self
                .lines
                .last()
                .is_some_and(|l| l.source == Source::Body && offset < l.range.end)
    }

    pub fn max_scroll(&self, height: usize) -> usize {
        self.lines.len().saturating_sub(height.max(1))
    }

    pub fn scroll_by(&mut self, delta: isize, height: usize) {
        let s = self.scroll as isize + delta;
        self.scroll = (s.max(0) as usize).min(self.max_scroll(height));
    }

    /// Scroll so the body range shows a third of the way down (once wrapped that far).
    pub fn reveal(&mut self, range: &Range<usize>, height: usize) {
        if !self.wrapped_to(range.start) {
            self.pending_reveal = Some(range.clone());
        }
        let line = self.line_of(range.start);
        self.scroll = line.saturating_sub(height / 3).min(self.max_scroll(height));
    }

    /// Set where `n`/`N` go.
    pub fn set_hits(&mut self, hits: Hits) {
        self.hits = Some(hits);
    }

    /// Forget the hits (the filter, the pins or the quotes shown changed), and any search for
    /// them still running.
    pub fn clear_hits(&mut self) {
        self.hits = None;
        self.hits_generation = 0;
        self.pending_jump = None;
    }

    /// Take in matches found off the UI thread, if they are the ones waited for; then make the
    /// jump that asked for them.
    pub fn found(&mut self, f: FoundHits, height: usize) -> Option<Jump> {
        if f.generation != self.hits_generation || Some(f.article) != self.article {
            return None;
        }
        self.hits_generation = 0;
        self.hits = Some(Hits {
            kind: HitKind::Match,
            ranges: f.ranges,
        });
        let forward = self.pending_jump.take()?;
        Some(self.jump(forward, height))
    }

    /// Move to the next (`forward`) or previous hit, from the current one or from the top of
    /// the screen.
    pub fn jump(&mut self, forward: bool, height: usize) -> Jump {
        let Some(hits) = &self.hits else {
            return Jump::Empty;
        };
        let n = hits.ranges.len();
        if n == 0 {
            return Jump::Empty;
        }
        let key = |r: &Range<usize>| (r.start, r.end);
        let next = match (&self.current, forward) {
            (Some(c), true) => {
                let i = hits.ranges.partition_point(|r| key(r) <= key(c));
                (i < n).then_some(i)
            }
            (Some(c), false) => hits
                .ranges
                .partition_point(|r| key(r) < key(c))
                .checked_sub(1),
            (None, true) => {
                let top = self.top_byte().unwrap_or(0);
                let i = hits.ranges.partition_point(|r| r.start < top);
                (i < n).then_some(i)
            }
            (None, false) => {
                let top = self.top_byte().unwrap_or(0);
                hits.ranges
                    .partition_point(|r| r.start < top)
                    .checked_sub(1)
            }
        };
        let Some(i) = next else {
            return Jump::Past;
        };
        self.jump_to(i, height)
    }

    /// Go to hit `i` (from 0).
    pub fn jump_to(&mut self, i: usize, height: usize) -> Jump {
        let Some(hits) = &self.hits else {
            return Jump::Empty;
        };
        let Some(range) = hits.ranges.get(i).cloned() else {
            return Jump::Empty;
        };
        let count = hits.ranges.len();
        self.current = Some(range.clone());
        self.reveal(&range, height);
        Jump::To {
            index: i + 1,
            count,
        }
    }

    /// Mark a body range (an opened quote) as current, scrolling to it.
    pub fn focus_range(&mut self, range: Range<usize>, height: usize) {
        self.reveal(&range, height);
        self.current = Some(range);
    }

    /// The current range's place among the hits: (index from 1, count).
    pub fn position(&self) -> Option<(usize, usize)> {
        let hits = self.hits.as_ref()?;
        let c = self.current.as_ref()?;
        let i = hits
            .ranges
            .binary_search_by_key(&(c.start, c.end), |r| (r.start, r.end))
            .ok()?;
        Some((i + 1, hits.ranges.len()))
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

/// Wrap an article: its title, its meta lines and body paragraphs (a blank line before each),
/// stopping after the paragraph that passes `limit` body bytes. Returns the lines and whether
/// the whole body was wrapped (false when stopped by `limit` or `cancelled`).
pub fn wrap_article(
    art: &Article,
    meta: &str,
    width: usize,
    limit: Option<usize>,
    cancelled: &dyn Fn() -> bool,
) -> (Vec<TextLine>, bool) {
    let mut lines = Vec::new();
    let mut ranges = Vec::new();
    wrap_into(&art.title, width, 0, &mut ranges, &|| false);
    lines.extend(ranges.drain(..).map(|range| TextLine {
        source: Source::Title,
        range,
    }));
    let mut at = 0;
    for line in meta.split('\n') {
        wrap_into(line, width, at, &mut ranges, &|| false);
        at += line.len() + 1;
    }
    lines.extend(ranges.drain(..).map(|range| TextLine {
        source: Source::Meta,
        range,
    }));
    for paragraph in paragraphs(&art.body) {
        if limit.is_some_and(|l| paragraph.start >= l) {
            return (lines, false);
        }
        // A blank line before each paragraph, placed at its start so lines stay in order.
        lines.push(TextLine {
            source: Source::Blank,
            range: paragraph.start..paragraph.start,
        });
        let text = &art.body[paragraph.clone()];
        let text = match limit {
            // Only as much of a long paragraph as the limit asks for.
            Some(l) if paragraph.end > l => &text[..floor_boundary(text, l - paragraph.start)],
            _ => text,
        };
        if !wrap_into(text, width, paragraph.start, &mut ranges, cancelled) {
            return (lines, false);
        }
        lines.extend(ranges.drain(..).map(|range| TextLine {
            source: Source::Body,
            range,
        }));
        if text.len() < paragraph.end - paragraph.start {
            return (lines, false);
        }
    }
    (lines, true)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Wrap one paragraph to `width` columns, pushing each line's byte range (plus `base`). A long
/// paragraph is wrapped a block at a time, each block starting where the last line of the one
/// before started, so the lines are those one pass would give (first-fit wrapping depends only
/// on where a line starts). Returns false if `cancelled` stopped it.
pub fn wrap_into(
    text: &str,
    width: usize,
    base: usize,
    out: &mut Vec<Range<usize>>,
    cancelled: &dyn Fn() -> bool,
) -> bool {
    let mut pos = 0;
    while pos < text.len() {
        if cancelled() {
            return false;
        }
        let rest = &text[pos..];
        if rest.len() <= BLOCK_BYTES {
            out.extend(
                wrap(rest, width)
                    .into_iter()
                    .map(|r| r.start + base + pos..r.end + base + pos),
            );
            return true;
        }
        let block = &rest[..floor_boundary(rest, BLOCK_BYTES)];
        let lines = wrap(block, width);
        match lines.split_last() {
            Some((last, done)) if !done.is_empty() && last.start > 0 => {
                out.extend(
                    done.iter()
                        .map(|r| r.start + base + pos..r.end + base + pos),
                );
                pos += last.start;
            }
            _ => {
                // One line holds the whole block (a very wide pane): take it as it is.
                out.extend(
                    lines
                        .iter()
                        .map(|r| r.start + base + pos..r.end + base + pos),
                );
                pos += block.len();
            }
        }
    }
    true
}

/// Wrap a short text (a block) to `width` columns with textwrap; returns each line's byte range.
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

/// Wrap a text of any length to `width` (for views: help, details).
pub fn wrap_text(text: &str, width: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    wrap_into(text, width, 0, &mut out, &|| false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::fixture;

    fn open(c: &Arc<Corpus>, a: usize, width: usize) -> Reader {
        Reader::open(c, Some(a), width, 1).0
    }

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
    fn block_by_block_wrapping_gives_the_lines_of_one_pass() {
        // A paragraph of several blocks, words of varied length and a few very long ones.
        let mut text = String::new();
        let mut i = 0u64;
        while text.len() < 3 * BLOCK_BYTES + 777 {
            i = i
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = 1 + (i >> 59) as usize + if i.is_multiple_of(97) { 40 } else { 0 };
            text.push_str(&"x".repeat(len));
            text.push(if i.is_multiple_of(13) { '’' } else { 'y' });
            text.push(' ');
        }
        for width in [1, 7, 33, 80, 200] {
            let mut blocks = Vec::new();
            assert!(wrap_into(&text, width, 5, &mut blocks, &|| false));
            let one: Vec<Range<usize>> = wrap(&text, width)
                .into_iter()
                .map(|r| r.start + 5..r.end + 5)
                .collect();
            assert_eq!(blocks, one, "width {width}");
        }
    }

    #[test]
    fn wrapping_can_be_cancelled_between_blocks() {
        let text = "word ".repeat(3 * BLOCK_BYTES / 5);
        let mut out = Vec::new();
        assert!(!wrap_into(&text, 40, 0, &mut out, &|| true));
    }

    #[test]
    fn a_long_article_is_wrapped_in_part_and_completed_by_a_job() {
        let c = fixture::corpus();
        let mut articles = c.articles.clone();
        let paragraph = "Araghchi said the talks went well and would go on. ".repeat(40);
        articles[0].body = format!("{paragraph}\n").repeat(SYNC_WRAP_BYTES / paragraph.len() * 3);
        let c = Arc::new(Corpus::new(articles, Vec::new(), Vec::new(), Vec::new()));
        let (mut r, job) = Reader::open(&c, Some(0), 60, 7);
        let job = job.expect("a wrapping job");
        assert!(!r.complete);
        let wrapped_now = r
            .lines
            .iter()
            .filter(|l| l.source == Source::Body)
            .map(|l| l.range.len())
            .sum::<usize>();
        assert!(
            wrapped_now <= PREFIX_BYTES + paragraph.len(),
            "{wrapped_now}"
        );
        // Ask for a place the first screens do not reach: it is shown once wrapped.
        let far = c.articles[0].body.len() - 100..c.articles[0].body.len() - 90;
        r.focus_range(far.clone(), 20);
        assert_eq!(r.pending_reveal, Some(far.clone()));
        let done = job.run(&|| false).expect("not cancelled");
        assert!(r.wrapped(done, 20));
        assert!(r.complete);
        let line = r.line_of(far.start);
        assert!(line >= r.scroll && line < r.scroll + 20);
        // The same lines as wrapping at once.
        let (all, complete) = wrap_article(&c.articles[0], &r.meta, 60, None, &|| false);
        assert!(complete);
        assert_eq!(r.lines, all);
    }

    #[test]
    fn a_stale_wrapping_result_is_ignored() {
        let c = fixture::corpus();
        let mut articles = c.articles.clone();
        articles[1].body = "words and more words\n".repeat(SYNC_WRAP_BYTES / 10);
        let c = Arc::new(Corpus::new(articles, Vec::new(), Vec::new(), Vec::new()));
        let (mut r, job) = Reader::open(&c, Some(1), 60, 3);
        let job = job.unwrap();
        let newer = r.rewrap(&c, 50, 4).unwrap();
        let old = job.run(&|| false).unwrap();
        assert!(!r.wrapped(old, 20));
        assert!(r.wrapped(newer.run(&|| false).unwrap(), 20));
        assert_eq!(r.width, 50);
    }

    #[test]
    fn jumps_step_through_hits_and_report_the_end() {
        let c = Arc::new(fixture::corpus());
        let araghchi = c
            .entities
            .iter()
            .find(|e| e.name == "Abbas Araghchi")
            .unwrap()
            .id;
        let mut r = open(&c, 0, 30);
        let ranges: Vec<Range<usize>> = c
            .mentions_in(araghchi, 0)
            .iter()
            .map(|m| m.range())
            .collect();
        let n = ranges.len();
        r.set_hits(Hits {
            kind: HitKind::Mention,
            ranges,
        });
        assert_eq!(r.jump(true, 10), Jump::To { index: 1, count: n });
        assert_eq!(r.jump(true, 10), Jump::To { index: 2, count: n });
        assert_eq!(r.jump(false, 10), Jump::To { index: 1, count: n });
        assert_eq!(r.jump(false, 10), Jump::Past);
        for _ in 1..n {
            r.jump(true, 10);
        }
        assert_eq!(r.position(), Some((n, n)));
        assert_eq!(r.jump(true, 10), Jump::Past);
        // The current mention is on screen.
        let line = r.line_of(r.current.clone().unwrap().start);
        assert!(line >= r.scroll && line < r.scroll + 10);
    }

    #[test]
    fn rewrapping_keeps_the_top_line() {
        let c = Arc::new(fixture::corpus());
        let mut r = open(&c, 0, 40);
        r.scroll = (8..r.lines.len())
            .find(|&i| r.lines[i].source == Source::Body)
            .unwrap();
        let top = r.lines[r.scroll].range.start;
        assert!(r.rewrap(&c, 25, 2).is_none());
        let now = &r.lines[r.scroll];
        assert!(now.range.start <= top && top <= now.range.end + 1);
    }

    #[test]
    fn marks_on_a_line_are_found_without_the_rest() {
        let list = MarkList::new(vec![
            Mark {
                range: 0..100,
                kind: MarkKind::Quote { index: 0 },
            },
            Mark {
                range: 10..12,
                kind: MarkKind::Quote { index: 1 },
            },
            Mark {
                range: 150..160,
                kind: MarkKind::Quote { index: 2 },
            },
        ]);
        let starts = |r: Range<usize>| -> Vec<usize> {
            list.overlapping(&r).iter().map(|m| m.range.start).collect()
        };
        assert_eq!(starts(50..60), [0]);
        assert_eq!(starts(5..20), [0, 10]);
        assert_eq!(starts(100..150), Vec::<usize>::new());
        assert_eq!(starts(155..156), [150]);
    }
}
