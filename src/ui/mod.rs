//! Drawing: one function of the app's state, one file per pane. `draw` only reads the state;
//! everything it needs (wrapped text, lists, views) was prepared by `update`. Geometry comes
//! from the frame's own area, so a resize racing a draw can never put a cell outside it.

mod articles;
mod entities;
mod prompt;
mod quotes;
mod reader;
mod status;
pub mod text;
mod view;

/// The theme lives below `app` and `ui`; `ui::theme` is kept as its familiar path.
pub use crate::theme;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use crate::app::{App, LoadState, Pane};
use crate::filter::Fuzzy;
use crate::geometry::{self, Layout};

/// Draw the whole screen.
pub fn draw(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let layout = Layout::new(area);
    if layout.too_small {
        draw_too_small(app, frame, area);
        return;
    }
    // One matcher per frame for highlighting what the filter matched on screen.
    let mut fuzzy = Fuzzy::default();
    if layout.tabs.is_some() {
        status::draw_tabs(app, &layout, frame.buffer_mut());
    }
    for pane in Pane::ALL {
        if !layout.visible(pane, app.focus) {
            continue;
        }
        let rect = layout.rect(pane);
        match pane {
            Pane::Articles => articles::draw(app, frame, rect, &mut fuzzy),
            Pane::Text => reader::draw(app, frame, rect),
            Pane::Entities => entities::draw(app, frame, rect, &mut fuzzy),
            Pane::Quotes if app.speakers => quotes::draw_speakers(app, frame, rect, &mut fuzzy),
            Pane::Quotes => quotes::draw(app, frame, rect, &mut fuzzy),
        }
    }
    status::draw_filter_line(app, frame, layout.filter);
    status::draw_status_line(app, frame.buffer_mut(), layout.status);
    if let Some(v) = app.views.last() {
        view::draw(app, v, &layout, frame);
    }
}

/// The border and title of a pane; the focused one stands out. The right title is dropped
/// when it would not fit beside the left one.
fn pane_block<'a>(
    app: &App,
    pane: Pane,
    area: Rect,
    title: Vec<Span<'a>>,
    right: Option<String>,
) -> Block<'a> {
    let focused = app.focus == pane;
    let theme = &app.theme;
    let (border, border_type) = if focused {
        (theme.border_focus, BorderType::Thick)
    } else {
        (theme.border, BorderType::Plain)
    };
    let mut head = vec![Span::styled(
        format!(" {} ", pane.number()),
        if focused { theme.tab_focus } else { theme.dim },
    )];
    head.extend(title);
    head.push(Span::raw(" "));
    let left_width = text::line_width(&head);
    let mut block = Block::bordered()
        .border_type(border_type)
        .border_style(border)
        .title(Line::from(head));
    if let Some(r) = right {
        let r = format!(" {} ", text::clean(&r));
        if left_width + text::width(&r) + 3 <= area.width as usize {
            block = block.title(Line::from(Span::styled(r, theme.dim)).alignment(Alignment::Right));
        }
    }
    block
}

/// A centred, dim line for empty panes ("No article matches").
fn empty_note(app: &App, frame: &mut Frame, inner: Rect, note: &str) {
    if inner.height == 0 {
        return;
    }
    let y = inner.y + inner.height / 3;
    let line = Line::from(text::fit(note, inner.width as usize, app.theme.dim))
        .alignment(Alignment::Center);
    frame.render_widget(Paragraph::new(line), Rect::new(inner.x, y, inner.width, 1));
}

/// A centred, dim paragraph for an empty pane, wrapped to its width (why nothing matches).
fn empty_paragraph(app: &App, frame: &mut Frame, inner: Rect, note: &str) {
    let width = (inner.width as usize).saturating_sub(2).max(1);
    let lines: Vec<String> = textwrap::wrap(note, width)
        .into_iter()
        .map(|l| l.into_owned())
        .collect();
    let top = inner.y + inner.height / 3;
    for (i, l) in lines.iter().enumerate() {
        let y = top + i as u16;
        if y >= inner.y + inner.height {
            break;
        }
        let line = Line::from(text::fit(l, inner.width as usize, app.theme.dim))
            .alignment(Alignment::Center);
        frame.render_widget(Paragraph::new(line), Rect::new(inner.x, y, inner.width, 1));
    }
}

/// What an empty pane says while the corpus is loading or when nothing matches.
fn nothing_here(app: &App, what: &str) -> String {
    match app.load {
        LoadState::Loading { .. } => "Loading…".into(),
        LoadState::Ready { .. } if app.corpus().is_some_and(|c| c.articles.is_empty()) => {
            "Nothing could be loaded: w shows why".into()
        }
        LoadState::Ready { .. } if app.shown.query.is_empty() && app.chips.is_empty() => {
            format!("No {what}")
        }
        LoadState::Ready { .. } => format!("No {what} match · Esc goes back"),
    }
}

fn draw_too_small(app: &App, frame: &mut Frame, area: Rect) {
    let lines = [
        "Terminal too small".to_string(),
        format!("need {}×{}", geometry::MIN_WIDTH, geometry::MIN_HEIGHT),
        "q quits".to_string(),
    ];
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, l) in lines.iter().enumerate() {
        let row = top + i as u16;
        if row >= area.height {
            break;
        }
        let spans = text::fit(
            l,
            area.width as usize,
            if i == 0 {
                app.theme.heading
            } else {
                Style::new()
            },
        );
        let w = text::line_width(&spans) as u16;
        let x = area.x + (area.width.saturating_sub(w)) / 2;
        frame
            .buffer_mut()
            .set_line(x, area.y + row, &Line::from(spans), area.width);
    }
}
