//! The article text: the lines wrapped by `update`, with mentions coloured by kind, quotes,
//! the pinned entities, the words the filter found, and the mention or quote jumped to.

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use super::{empty_note, pane_block, text};
use crate::app::reader::{MarkKind, Source};
use crate::app::{App, Pane};

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let r = &app.reader;
    let position = (!r.lines.is_empty()).then(|| {
        let h = app.pane_height(Pane::Text).max(1);
        let last = (r.scroll + h).min(r.lines.len());
        match (r.current, r.targets.len()) {
            (Some(c), n) if n > 0 => {
                let what = if app.chips.is_empty() {
                    "quote"
                } else {
                    "mention"
                };
                format!("{what} {}/{n} · {last}/{}", c + 1, r.lines.len())
            }
            _ => format!("{last}/{}", r.lines.len()),
        }
    });
    let block = pane_block(
        app,
        Pane::Text,
        vec![Span::styled("Text", theme.heading)],
        position,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (Some(corpus), Some(ai)) = (app.corpus(), r.article) else {
        let note = match app.load {
            crate::app::LoadState::Loading { .. } => "Loading…",
            crate::app::LoadState::Ready { .. } => "No article selected",
        };
        empty_note(app, frame, inner, note);
        return;
    };
    let Some(article) = corpus.articles.get(ai) else {
        return;
    };
    let columns = inner.width as usize;
    let current = r.current_range().cloned();
    let buf = frame.buffer_mut();
    for (row, line) in r
        .lines
        .iter()
        .skip(r.scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let spans = match line.source {
            Source::Blank => continue,
            Source::Title => text::fit(
                article.title.get(line.range.clone()).unwrap_or(""),
                columns,
                theme.heading,
            ),
            Source::Meta => text::fit(
                r.meta.get(line.range.clone()).unwrap_or(""),
                columns,
                theme.dim,
            ),
            Source::Body => body_spans(
                app,
                &article.body,
                line.range.clone(),
                current.as_ref(),
                columns,
            ),
        };
        text::put(buf, inner, row as u16, spans);
    }
}

/// One body line cut into spans at every mark boundary, each with its combined style.
fn body_spans(
    app: &App,
    body: &str,
    line: Range<usize>,
    current: Option<&Range<usize>>,
    columns: usize,
) -> Vec<Span<'static>> {
    let theme = &app.theme;
    let Some(line_text) = body.get(line.clone()) else {
        return Vec::new();
    };
    let hits: Vec<Range<usize>> = app
        .highlighter
        .body_ranges(line_text)
        .into_iter()
        .map(|h| h.start + line.start..h.end + line.start)
        .collect();
    let marks: Vec<&crate::app::reader::Mark> = app
        .reader
        .marks
        .iter()
        .filter(|m| m.range.start < line.end && m.range.end > line.start)
        .collect();
    let mut cuts = vec![line.start, line.end];
    let mut add = |r: &Range<usize>| {
        for p in [r.start, r.end] {
            if p > line.start && p < line.end {
                cuts.push(p);
            }
        }
    };
    marks.iter().for_each(|m| add(&m.range));
    hits.iter().for_each(&mut add);
    if let Some(c) = current {
        add(c);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut spans = Vec::new();
    let mut used = 0;
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        if !body.is_char_boundary(s) || !body.is_char_boundary(e) {
            continue;
        }
        let inside = |r: &Range<usize>| r.start <= s && e <= r.end;
        let mut style = Style::new();
        for m in marks.iter().filter(|m| inside(&m.range)) {
            if let MarkKind::Quote { .. } = m.kind {
                style = style.patch(theme.quote);
            }
        }
        for m in marks.iter().filter(|m| inside(&m.range)) {
            if let MarkKind::Mention { entity, kind } = m.kind {
                style = style.patch(if app.chips.contains(&entity) {
                    theme.pinned
                } else {
                    theme.kind(kind)
                });
            }
        }
        if hits.iter().any(inside) {
            style = style.patch(theme.matched);
        }
        if current.is_some_and(inside) {
            style = style.patch(theme.current);
        }
        let piece = text::fit(&body[s..e], columns.saturating_sub(used), style);
        used += text::line_width(&piece);
        spans.extend(piece);
        if used >= columns {
            break;
        }
    }
    spans
}
