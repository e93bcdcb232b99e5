//! The help overlay, generated from the keymap table (so it lists the real bindings), plus the
//! filter syntax; and the load-warnings overlay.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, BorderType, Clear};

use super::text;
use crate::app::keymap::{Context, KEYMAP};
use crate::app::{App, Overlay, Pane};

/// Help sections in the order shown.
const SECTIONS: [Context; 7] = [
    Context::Global,
    Context::Pane(Pane::Articles),
    Context::Pane(Pane::Text),
    Context::Pane(Pane::Entities),
    Context::Pane(Pane::Quotes),
    Context::Filter,
    Context::Overlay,
];

const SYNTAX: &[(&str, &str)] = &[
    (
        "iran talks",
        "both words: in titles, names, quotes or the text",
    ),
    ("araghci", "fuzzy: letters in order, typos tolerated"),
    ("'exact", "exactly this (in the text: a word starting so)"),
    ("!word", "without this word"),
    ("\"two words\"", "this phrase"),
    ("p: c: o:", "person, country, organisation names"),
    ("s: q: t:", "speaker, quote text, article title"),
];

/// A help line: a heading, or keys with what they do.
enum HelpLine {
    Heading(&'static str),
    Row(String, &'static str),
    Blank,
}

fn lines() -> Vec<HelpLine> {
    let mut out = Vec::new();
    for ctx in SECTIONS {
        out.push(HelpLine::Heading(ctx.title()));
        for b in KEYMAP.iter().filter(|b| b.context == ctx) {
            out.push(HelpLine::Row(b.keys_label(), b.help));
        }
        out.push(HelpLine::Blank);
    }
    out.push(HelpLine::Heading("Filter syntax"));
    for (example, meaning) in SYNTAX {
        out.push(HelpLine::Row((*example).to_string(), meaning));
    }
    out
}

/// How many lines the help has (for scrolling).
pub fn line_count() -> usize {
    lines().len()
}

/// The overlay's box: most of the screen, at most 78 columns wide.
fn overlay_area(area: Rect) -> Rect {
    let w = area.width.saturating_sub(4).min(78);
    let h = area.height.saturating_sub(2);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn draw(app: &App, overlay: Overlay, frame: &mut Frame, area: Rect) {
    let theme = &app.theme;
    let rect = overlay_area(area);
    if rect.width < 4 || rect.height < 3 {
        return;
    }
    let title = match overlay {
        Overlay::Help => " Keys (Esc closes, j/k scroll) ",
        Overlay::Warnings => " Load warnings (Esc closes) ",
    };
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Span::styled(title, theme.heading));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let columns = inner.width as usize;
    let buf = frame.buffer_mut();
    match overlay {
        Overlay::Help => {
            let key_width = (columns / 3).clamp(6, 22);
            for (row, line) in lines()
                .iter()
                .skip(app.overlay_scroll)
                .take(inner.height as usize)
                .enumerate()
            {
                let spans = match line {
                    HelpLine::Heading(h) => text::fit(h, columns, theme.heading),
                    HelpLine::Blank => Vec::new(),
                    HelpLine::Row(keys, help) => {
                        let mut s = vec![Span::raw("  ")];
                        let k = text::fit(keys, key_width, theme.matched);
                        let pad = key_width.saturating_sub(text::line_width(&k)) + 2;
                        s.extend(k);
                        s.push(Span::raw(" ".repeat(pad)));
                        let used = text::line_width(&s);
                        s.extend(text::fit(help, columns.saturating_sub(used), Style::new()));
                        s
                    }
                };
                text::put(buf, inner, row as u16, spans);
            }
        }
        Overlay::Warnings => {
            let warnings: Vec<String> = app
                .corpus()
                .map(|c| c.warnings.iter().map(|w| w.to_string()).collect())
                .unwrap_or_default();
            if warnings.is_empty() {
                text::put(buf, inner, 0, text::fit("No warnings.", columns, theme.dim));
            }
            for (row, w) in warnings
                .iter()
                .skip(app.overlay_scroll)
                .take(inner.height as usize)
                .enumerate()
            {
                text::put(buf, inner, row as u16, text::fit(w, columns, Style::new()));
            }
        }
    }
}
