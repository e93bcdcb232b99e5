//! Views over the panes (help, load warnings, a quote's or an entity's detail): a box with the
//! document `app::view` made for its width, scrolled, each piece in its tone's style.

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear};

use super::text;
use crate::app::App;
use crate::app::view::{self, DocLine, Tone, View, ViewKind};
use crate::geometry::Layout;
use crate::theme::Theme;

fn style(theme: &Theme, tone: Tone) -> Style {
    match tone {
        Tone::Plain => Style::new(),
        Tone::Heading => theme.heading,
        Tone::Label => theme.heading,
        Tone::Dim => theme.dim,
        Tone::Key => theme.matched,
        Tone::Quote => theme.quote,
        Tone::Entity(kind) => theme.kind(kind),
        Tone::Mark => theme.current,
    }
}

pub fn draw(app: &App, v: &View, layout: &Layout, frame: &mut Frame) {
    if v.kind == ViewKind::Prompt {
        super::prompt::draw(app, layout, frame);
        return;
    }
    let theme = &app.theme;
    let rect = layout.view();
    if rect.width < 4 || rect.height < 3 {
        return;
    }
    let inner = layout.view_inner();
    let width = inner.width as usize;
    let height = inner.height as usize;
    let corpus = app.corpus();
    let (lines, len): (Vec<DocLine>, usize) = match v.kind {
        ViewKind::Warnings => {
            let total = corpus.map_or(0, |c| c.warnings.len());
            (view::warning_lines(corpus, v.scroll, width, height), total)
        }
        kind => {
            let doc = match (kind, corpus) {
                (ViewKind::Help, _) => view::help_lines(width, &app.keymap),
                (ViewKind::Quote(q), Some(c)) => view::quote_lines(c, q, width),
                (ViewKind::Entity(id), Some(_)) => {
                    let listed = app
                        .results
                        .entities
                        .iter()
                        .find(|h| h.id == id)
                        .map(|h| h.count);
                    app.data
                        .as_ref()
                        .map_or_else(Vec::new, |d| view::entity_lines(d, id, listed, width))
                }
                _ => Vec::new(),
            };
            let len = doc.len();
            (doc.into_iter().skip(v.scroll).take(height).collect(), len)
        }
    };
    let hint = match v.kind {
        ViewKind::Quote(_) => " Enter opens the article · y copies · Esc back ",
        ViewKind::Entity(_) => " Enter pins · Esc back ",
        _ => " Esc back ",
    };
    let position = match v.kind {
        ViewKind::Warnings if len > 0 => {
            format!(
                " {}–{} of {len} ",
                v.scroll + 1,
                (v.scroll + height).min(len)
            )
        }
        _ if len > height => format!(
            " {}–{} of {len} lines ",
            v.scroll + 1,
            (v.scroll + height).min(len)
        ),
        _ => String::new(),
    };
    let mut block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focus)
        .title(Line::from(vec![
            Span::styled(format!(" {} ", v.title()), theme.heading),
            Span::styled(text::clean(hint).into_owned(), theme.dim),
        ]));
    let title_width = text::width(v.title()) + 2 + text::width(hint);
    if !position.is_empty() && title_width + text::width(&position) + 2 <= rect.width as usize {
        block =
            block.title(Line::from(Span::styled(position, theme.dim)).alignment(Alignment::Right));
    }
    // The column each side between the panes' borders and the view's is blanked too: the
    // lists' cut-off ends (an ellipsis, a count) showed through there. Borders stay.
    let area = frame.area();
    let buf = frame.buffer_mut();
    let sides = [
        rect.x.checked_sub(1).filter(|&x| x >= area.x),
        Some(rect.x + rect.width).filter(|&x| x < area.x + area.width),
    ];
    for x in sides.into_iter().flatten() {
        for y in rect.y..rect.y + rect.height {
            if let Some(cell) = buf.cell_mut((x, y))
                && !cell
                    .symbol()
                    .chars()
                    .all(|c| ('\u{2500}'..='\u{257F}').contains(&c))
            {
                cell.reset();
            }
        }
    }
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let buf = frame.buffer_mut();
    for (row, line) in lines.iter().enumerate() {
        let mut spans = Vec::new();
        let mut used = 0;
        for p in line {
            let piece = text::fit(&p.text, width.saturating_sub(used), style(theme, p.tone));
            used += text::line_width(&piece);
            spans.extend(piece);
        }
        text::put(buf, inner, row as u16, spans);
    }
}
