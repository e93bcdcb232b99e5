//! A prompt over the panes: its question in the border, the line being typed (with the
//! cursor), and for a choice the matching choices, the selected one reversed, what each is or
//! does dimmer beside it, a command's key on the right.

use ratatui::Frame;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear};

use super::text;
use crate::app::App;
use crate::geometry::Layout;

pub fn draw(app: &App, layout: &Layout, frame: &mut Frame) {
    let Some(p) = app.prompt() else { return };
    let theme = &app.theme;
    let rows = if p.is_line() { 1 } else { p.shown.len().max(1) };
    let rect = layout.prompt(rows);
    if rect.width < 6 || rect.height < 3 {
        return;
    }
    let count = if p.is_line() {
        String::new()
    } else if p.input.text.trim().is_empty() {
        format!(" {} ", p.choices.len())
    } else {
        format!(" {} of {} ", p.shown.len(), p.choices.len())
    };
    let title = format!(" {} ", text::clean(&p.title));
    let mut block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Line::from(Span::styled(
            text::fit(&title, rect.width.saturating_sub(2) as usize, theme.heading)
                .into_iter()
                .map(|s| s.content.into_owned())
                .collect::<String>(),
            theme.heading,
        )));
    if !count.is_empty() && text::width(&title) + text::width(&count) + 4 <= rect.width as usize {
        block = block.title(Line::from(Span::styled(count, theme.dim)).alignment(Alignment::Right));
    }
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let width = inner.width as usize;
    // The line being typed, its end in view.
    let typed = text::clean(&p.input.text).into_owned();
    let prompt = "› ";
    let room = width.saturating_sub(text::width(prompt) + 1);
    let cursor_cols = text::width(&typed[..p.input.cursor.min(typed.len())]);
    let skip = cursor_cols.saturating_sub(room);
    let mut skipped = 0;
    let mut start = 0;
    for (i, c) in typed.char_indices() {
        if skipped >= skip {
            start = i;
            break;
        }
        skipped += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        start = i + c.len_utf8();
    }
    let mut line = vec![Span::styled(prompt, theme.heading)];
    line.extend(text::fit(
        &typed[start..],
        room,
        ratatui::style::Style::new(),
    ));
    let buf = frame.buffer_mut();
    text::put(buf, inner, 0, line);
    let x = inner.x as usize + text::width(prompt) + cursor_cols - skipped;
    if x < (inner.x + inner.width) as usize {
        frame.set_cursor_position(Position::new(x as u16, inner.y));
    }
    let buf = frame.buffer_mut();
    if p.is_line() {
        if inner.height > 1 {
            text::put(
                buf,
                inner,
                1,
                text::fit("Enter keeps it · Esc cancels", width, theme.dim),
            );
        }
        return;
    }
    if p.shown.is_empty() {
        if inner.height > 1 {
            text::put(buf, inner, 1, text::fit("No match", width, theme.dim));
        }
        return;
    }
    let visible = inner.height.saturating_sub(1) as usize;
    // One column for keys, as wide as the widest shown, so labels and details line up.
    let key_w = p
        .shown
        .iter()
        .skip(p.cursor.offset)
        .take(visible)
        .filter_map(|&c| p.choices.get(c))
        .map(|c| text::width(&text::clean(&c.key)))
        .max()
        .map_or(0, |w| if w == 0 { 0 } else { w + 2 });
    let label_room = (width.saturating_sub(key_w + 1) * 2 / 5)
        .clamp(8, 32)
        .min(width);
    for (row, (i, &c)) in p
        .shown
        .iter()
        .enumerate()
        .skip(p.cursor.offset)
        .take(visible)
        .enumerate()
    {
        let Some(choice) = p.choices.get(c) else {
            continue;
        };
        let y = row as u16 + 1;
        let key = text::clean(&choice.key).into_owned();
        let mut spans = vec![Span::raw(" ")];
        spans.extend(text::fit(&choice.label, label_room, theme.heading));
        let used = text::line_width(&spans);
        let pad = (1 + label_room + 1).saturating_sub(used).max(1);
        spans.push(Span::raw(" ".repeat(pad)));
        let used = text::line_width(&spans);
        spans.extend(text::fit(
            &choice.detail,
            width.saturating_sub(used + key_w + 1),
            theme.dim,
        ));
        text::put(buf, inner, y, spans);
        if !key.is_empty() {
            text::put_right(
                buf,
                inner,
                y,
                vec![Span::styled(format!("{key} "), theme.dim)],
            );
        }
        if i == p.cursor.selected {
            buf.set_style(
                Rect::new(inner.x, inner.y + y, inner.width, 1),
                theme.selection,
            );
        }
    }
}
