//! The bottom two lines and the tab bar: pinned chips and the filter line; load progress,
//! messages, counts and warnings, with the focused pane's key hints from the keymap.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;

use super::text;
use crate::app::{App, Command, LoadState, Mode, Pane};
use crate::geometry::Layout;

/// Tabs for the folded panes on narrow terminals, each given room for its label (see
/// `geometry::tab_cells`, which clicks use too), the focused one reversed.
pub fn draw_tabs(app: &App, layout: &Layout, buf: &mut Buffer) {
    let theme = &app.theme;
    let labels = app.tab_labels();
    let cells = app.tab_cells(layout);
    for (i, (pane, cell)) in Pane::ALL.into_iter().zip(cells).enumerate() {
        let rect = cell.rect;
        if rect.width == 0 || rect.height == 0 {
            continue;
        }
        let label = labels[i].get(cell.label).map_or("", String::as_str);
        let style = if pane == app.focus {
            theme.tab_focus
        } else {
            theme.tab
        };
        buf.set_style(rect, style);
        // Centred in its cell.
        let pad = (rect.width as usize).saturating_sub(text::width(label)) / 2;
        let mut spans = vec![ratatui::text::Span::styled(" ".repeat(pad), style)];
        spans.extend(text::fit(label, rect.width as usize - pad, style));
        text::put(buf, rect, 0, spans);
    }
}

/// The chips and the filter line; the cursor is placed there while typing.
pub fn draw_filter_line(app: &App, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let columns = area.width as usize;
    let mut spans: Vec<Span<'static>> = Vec::new();
    if let Some(corpus) = app.corpus() {
        for &c in &app.chips {
            let name = &corpus.entity(c).name;
            spans.push(Span::styled(format!(" {} ", text::clean(name)), theme.chip));
            spans.push(Span::raw(" "));
        }
    }
    let chips_width = text::line_width(&spans);
    if chips_width + 10 > columns && !app.chips.is_empty() {
        // No room for the names: say how many.
        spans = vec![
            Span::styled(format!(" {} pinned ", app.chips.len()), theme.chip),
            Span::raw(" "),
        ];
    }
    let filtering = app.mode == Mode::Filter && app.views.is_empty();
    let prompt_style = if filtering { theme.heading } else { theme.dim };
    spans.push(Span::styled("/", prompt_style));
    let before = text::line_width(&spans);
    let room = columns.saturating_sub(before + 1);
    let input = &app.input;
    if input.text.is_empty() && !filtering {
        let hint = if app.chips.is_empty() {
            " filter: type words · p: c: o: s: q: t: date: outlet: · \"phrase\" 'exact !not"
        } else {
            " type words to narrow these articles"
        };
        spans.extend(text::fit(hint, room, theme.dim));
    } else {
        // Keep the cursor in view: show the end of a long line.
        let typed = text::clean(&input.text).into_owned();
        let cursor_cols = text::width(&typed[..input.cursor.min(typed.len())]);
        let skip_cols = cursor_cols.saturating_sub(room.saturating_sub(1));
        let mut skipped = 0;
        let mut start = 0;
        for (i, c) in typed.char_indices() {
            if skipped >= skip_cols {
                start = i;
                break;
            }
            skipped += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            start = i + c.len_utf8();
        }
        let shown = &typed[start..];
        spans.extend(text::fit(shown, room, ratatui::style::Style::new()));
        if filtering {
            let x = area.x as usize + before + cursor_cols - skipped;
            if x < (area.x + area.width) as usize {
                frame.set_cursor_position(Position::new(x as u16, area.y));
            }
        }
    }
    text::put(frame.buffer_mut(), area, 0, spans);
}

/// Progress, a message, or the counts on the left; key hints on the right.
pub fn draw_status_line(app: &App, buf: &mut Buffer, area: Rect) {
    let theme = &app.theme;
    let columns = area.width as usize;
    let left: Vec<Span<'static>> = match (&app.load, &app.message) {
        (LoadState::Loading { progress, elapsed }, _) => {
            let mut spans = Vec::new();
            if progress.files_total == 0 && progress.bytes_total == 0 {
                spans.push(Span::styled("Loading…", theme.heading));
            } else {
                spans.push(Span::styled(
                    format!("{} ", progress.stage_name()),
                    theme.heading,
                ));
                spans.push(Span::raw(progress.line()));
            }
            spans.push(Span::styled(
                format!(" · {} s", elapsed.as_secs()),
                theme.dim,
            ));
            spans
        }
        (LoadState::Ready { .. }, Some(msg)) => text::fit(msg, columns, theme.heading),
        (LoadState::Ready { elapsed }, None) => {
            let mut spans = Vec::new();
            if let Some(c) = app.corpus() {
                spans.push(Span::raw(app.counts().line()));
                if elapsed.as_secs() >= 1 {
                    spans.push(Span::styled(
                        format!(" · loaded in {:.1} s", elapsed.as_secs_f64()),
                        theme.dim,
                    ));
                }
                if !c.warnings.is_empty() {
                    spans.push(Span::styled(
                        match c.warnings.len() {
                            1 => " · 1 warning (w)".to_string(),
                            n => format!(" · {n} warnings (w)"),
                        },
                        theme.warning,
                    ));
                }
            }
            spans
        }
    };
    // Hints, as many as fit after the left part. How to go back (or, at the top, to quit) and
    // "? help" always show, even if the left part has to be cut for them.
    let contexts = app.contexts();
    let all = app.keymap.hints(&contexts);
    let is_back = |c: Command| matches!(c, Command::Back | Command::Close);
    let way_out: Option<(String, &str)> = if app.can_go_back() {
        all.iter()
            .find(|(_, _, c)| is_back(*c) && app.mode != Mode::Filter)
            .or_else(|| all.iter().find(|(_, _, c)| *c == Command::LeaveFilter))
            .map(|(k, w, _)| (k.clone(), *w))
            .or_else(|| Some(("Esc".to_string(), "back")))
    } else {
        all.iter()
            .find(|(_, _, c)| *c == Command::Close)
            .map(|(k, w, _)| (k.clone(), *w))
    };
    let help = all
        .iter()
        .find(|(_, _, c)| *c == Command::Help)
        .map(|(k, w, _)| (k.clone(), *w));
    let hint_width = |(key, word): &(String, &str)| text::width(key) + 1 + word.len() + 2;
    let left_width = text::line_width(&left);
    let reserved: usize = way_out.iter().chain(help.iter()).map(hint_width).sum();
    // At least one blank column between the left part and the hints.
    let left_room = columns.saturating_sub(reserved + 1);
    let room = columns.saturating_sub(left_width.min(left_room) + 2 + reserved);
    let mut chosen: Vec<(String, &str)> = Vec::new();
    let mut used = 0;
    for (key, word, command) in &all {
        // Sorting does nothing in the text pane: not offered there.
        let idle = *command == Command::CycleSort && app.sorts_nothing();
        if idle
            || is_back(*command)
            || *command == Command::Help
            || *command == Command::LeaveFilter && way_out.as_ref().is_some_and(|(_, w)| w == word)
        {
            continue;
        }
        let h = (key.clone(), *word);
        let w = hint_width(&h);
        if used + w > room {
            break;
        }
        used += w;
        chosen.push(h);
    }
    chosen.extend(way_out);
    chosen.extend(help);
    let left: Vec<Span<'static>> = if left_width > left_room {
        let plain: String = left.iter().map(|s| s.content.as_ref()).collect();
        text::fit(&plain, left_room, ratatui::style::Style::new())
    } else {
        left
    };
    text::put(buf, area, 0, left);
    let mut hints: Vec<Span<'static>> = Vec::new();
    for (key, word) in chosen {
        hints.push(Span::styled(key, theme.heading));
        hints.push(Span::styled(format!(" {word}  "), theme.dim));
    }
    if !hints.is_empty() {
        text::put_right(buf, area, 0, hints);
    }
}
