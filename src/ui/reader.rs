//! The article text: the lines wrapped by `update`, with mentions coloured by kind, quotes,
//! the pinned entities, the words the filter found, and the hit jumped to. The title says
//! where the screen is ("line 25 of 144") and which hit is marked ("quote 2 of 14").

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

use super::{empty_note, pane_block, text};
use crate::app::reader::{Mark, MarkKind, Source};
use crate::app::{App, LoadState, Pane};

/// "quote 2 of 14 · line 25 of 144": the hit marked, then the last line on screen (as less
/// counts), with "+" while a long article is still being wrapped; shorter forms when the title
/// has less room (`room` columns).
fn position(app: &App, height: usize, room: usize) -> Option<String> {
    let r = &app.reader;
    if r.lines.is_empty() {
        return None;
    }
    let last = (r.scroll + height.max(1)).min(r.lines.len());
    let more = if r.complete { "" } else { "+" };
    let line = format!("line {last} of {}{more}", r.lines.len());
    let mut forms = Vec::new();
    if let (Some((i, n)), Some(h)) = (r.position(), &r.hits) {
        let hit = format!("{} {i} of {n}", h.kind.noun());
        forms.push(format!("{hit} · {line}"));
        forms.push(hit);
    } else if !r.complete {
        forms.push(format!("{line} (wrapping…)"));
    }
    forms.push(line);
    forms.push(format!("{last}/{}{more}", r.lines.len()));
    let fits = |f: &String| text::width(f) + 2 <= room;
    forms.iter().find(|f| fits(f)).or(forms.last()).cloned()
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let r = &app.reader;
    let inner_height = area.height.saturating_sub(2) as usize;
    let block = pane_block(
        app,
        Pane::Text,
        area,
        vec![Span::styled("Text", theme.heading)],
        // Room beside " 2 Text " and the corners.
        position(
            app,
            inner_height,
            (area.width as usize).saturating_sub(8 + 3),
        ),
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (Some(corpus), Some(ai)) = (app.corpus(), r.article) else {
        let note = match app.load {
            LoadState::Loading { .. } => "Loading…",
            LoadState::Ready { .. } => "No article selected",
        };
        empty_note(app, frame, inner, note);
        return;
    };
    let Some(article) = corpus.articles.get(ai) else {
        return;
    };
    let columns = inner.width as usize;
    let current = r.current.clone();
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
    let quotes: Vec<&Mark> = app.reader.marks.quotes.overlapping(&line);
    let mentions: Vec<&Mark> = app.reader.marks.mentions.overlapping(&line);
    let mut cuts = vec![line.start, line.end];
    let mut add = |r: &Range<usize>| {
        for p in [r.start, r.end] {
            if p > line.start && p < line.end {
                cuts.push(p);
            }
        }
    };
    quotes.iter().chain(&mentions).for_each(|m| add(&m.range));
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
        if quotes.iter().any(|m| inside(&m.range)) {
            style = style.patch(theme.quote);
        }
        for m in mentions.iter().filter(|m| inside(&m.range)) {
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
