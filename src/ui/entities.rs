//! The entity sidebar: People, Countries, Organisations, each heading saying what the number
//! beside a name counts (the listed articles that mention it, or its mentions), in the order
//! chosen; pinned ones marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Span;

use super::{empty_note, nothing_here, pane_block, text};
use crate::app::lists::EntitySort;
use crate::app::{App, EntityRow, Pane};
use crate::filter::{Field, Fuzzy};

pub fn draw(app: &App, frame: &mut Frame, area: Rect, fuzzy: &mut Fuzzy) {
    let theme = &app.theme;
    let count = app.counts().entities.label();
    let order = (app.sorts.entities == EntitySort::Name).then(|| "by name".to_string());
    let mut title = vec![Span::styled("Entities ", theme.heading), Span::raw(count)];
    if app.hide_unsure {
        // Said for as long as it holds, not only in the message when `U` is pressed.
        title.push(Span::styled(" · unsure hidden (U)", theme.dim));
    }
    let block = pane_block(app, Pane::Entities, area, title, order);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(corpus) = app.corpus() else {
        empty_note(app, frame, inner, &nothing_here(app, "entities"));
        return;
    };
    if app.entity_rows.is_empty() {
        empty_note(app, frame, inner, &nothing_here(app, "entities"));
        return;
    }
    let by_mentions = app.sorts.entities == EntitySort::Mentions;
    let column = if by_mentions { "mentions" } else { "articles" };
    let columns = inner.width as usize;
    let buf = frame.buffer_mut();
    for (row, (i, entry)) in app
        .entity_rows
        .iter()
        .enumerate()
        .skip(app.entities.offset)
        .take(inner.height as usize)
        .enumerate()
    {
        let row = row as u16;
        match *entry {
            EntityRow::Heading { kind, count } => {
                let label = format!("{} {count}", kind.plural_title());
                let spans = text::fit(&label, columns, theme.heading);
                let used = text::line_width(&spans);
                text::put(buf, inner, row, spans);
                // What the numbers below count, over their column, when there is room.
                if used + 1 + column.len() <= columns {
                    text::put_right(buf, inner, row, vec![Span::styled(column, theme.dim)]);
                }
            }
            EntityRow::Entity(hit) => {
                let e = corpus.entity(hit.id);
                let pinned = app.chips.contains(&hit.id);
                let count = if by_mentions {
                    e.mentions.len().to_string()
                } else {
                    hit.count.to_string()
                };
                let marker = if pinned { "● " } else { "  " };
                let name_room = columns.saturating_sub(marker.len() + count.len() + 1);
                let ranges = if app.highlighter.is_empty() {
                    Vec::new()
                } else {
                    app.highlighter.ranges(Field::Name(e.kind), &e.name, fuzzy)
                };
                let mut name_style = theme.kind(e.kind);
                if pinned {
                    name_style = name_style.add_modifier(Modifier::BOLD);
                }
                if e.confidence < crate::app::UNSURE {
                    // The model is unsure this is an entity of this kind: dimmed (u hides it).
                    name_style = name_style.add_modifier(Modifier::DIM);
                }
                let mut spans = vec![Span::styled(marker, theme.kind(e.kind))];
                spans.extend(text::spans(
                    &e.name,
                    name_room,
                    &ranges,
                    name_style,
                    theme.matched,
                ));
                text::put(buf, inner, row, spans);
                text::put_right(buf, inner, row, vec![Span::styled(count, theme.dim)]);
                if i == app.entities.selected {
                    let style = if app.focus == Pane::Entities {
                        theme.selection
                    } else {
                        theme.selection.add_modifier(Modifier::DIM)
                    };
                    buf.set_style(Rect::new(inner.x, inner.y + row, inner.width, 1), style);
                }
            }
        }
    }
}
