//! The quote list: speaker, quote, article. With entities pinned, quotes they said are told
//! apart from quotes that only mention them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use super::{empty_note, nothing_here, pane_block, text};
use crate::app::{App, Pane, quote_rows};
use crate::filter::{Field, Fuzzy, Relation};
use crate::model::QuoteKind;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, fuzzy: &mut Fuzzy) {
    let theme = &app.theme;
    let count = app.results.quotes.len();
    let mut title = vec![
        Span::styled("Quotes ", theme.heading),
        // While the rest of a long list is still being gathered: "500+".
        Span::raw(if app.results.quotes_partial {
            format!("{count}+")
        } else {
            count.to_string()
        }),
    ];
    if !app.show_scare {
        title.push(Span::styled(" (scare quotes hidden: s)", theme.dim));
    }
    let block = pane_block(app, Pane::Quotes, title, None);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(corpus) = app.corpus() else {
        empty_note(app, frame, inner, &nothing_here(app, "quotes"));
        return;
    };
    if app.results.quotes.is_empty() {
        empty_note(app, frame, inner, &nothing_here(app, "quotes"));
        return;
    }
    let rows = quote_rows(inner.width);
    let visible = (inner.height as usize / rows).max(1);
    let columns = inner.width as usize;
    let pinned = !app.chips.is_empty();
    let buf = frame.buffer_mut();
    for (slot, (i, hit)) in app
        .results
        .quotes
        .iter()
        .enumerate()
        .skip(app.quotes.offset)
        .take(visible)
        .enumerate()
    {
        let row = (slot * rows) as u16;
        if row >= inner.height {
            break;
        }
        let Some(q) = corpus.quotes.get(hit.quote as usize) else {
            continue;
        };
        let quote = corpus.quote_text(q).trim();
        let article = corpus
            .articles
            .get(q.article as usize)
            .map_or("", |a| a.title.trim());
        let (speaker, speaker_style) = match q.speaker {
            Some(s) => {
                let e = corpus.entity(s);
                (e.name.as_str(), theme.kind(e.kind))
            }
            None => ("unattributed", theme.dim),
        };
        let tag = match (pinned, hit.relation) {
            (false, _) | (true, Relation::Listed) => None,
            (true, Relation::SaidBy) => Some(("said  ", theme.heading)),
            (true, Relation::Mentions) => Some(("about ", theme.dim)),
        };
        let speaker_ranges = app.highlighter.ranges(Field::Speaker, speaker, fuzzy);
        let quote_ranges = app.highlighter.ranges(Field::QuoteText, quote, fuzzy);

        let mut head: Vec<Span<'static>> = vec![Span::raw(" ")];
        if let Some((t, style)) = tag {
            head.push(Span::styled(t, style));
        }
        if rows == 1 {
            // speaker │ “quote” … article
            let article_room = (columns / 4).clamp(10, 40);
            let speaker_room = (columns / 6).clamp(8, 24);
            let start = text::line_width(&head);
            head.extend(text::spans(
                speaker,
                speaker_room,
                &speaker_ranges,
                speaker_style,
                theme.matched,
            ));
            let used = text::line_width(&head);
            head.push(Span::raw(
                " ".repeat((start + speaker_room + 1).saturating_sub(used).max(1)),
            ));
            let used = text::line_width(&head);
            // Room for the quote between its marks, with a gap before the article.
            let quote_room = columns.saturating_sub(used + 2 + 2 + article_room + 1);
            head.push(Span::styled("“", theme.quote));
            head.extend(text::spans(
                quote,
                quote_room,
                &quote_ranges,
                theme.quote,
                theme.matched,
            ));
            head.push(Span::styled("”", theme.quote));
            text::put(buf, inner, row, head);
            text::put_right(buf, inner, row, {
                let mut a = text::fit(article, article_room, theme.dim);
                a.push(Span::raw(" "));
                a
            });
        } else {
            // speaker · article
            //   “quote”
            head.extend(text::spans(
                speaker,
                columns / 2,
                &speaker_ranges,
                speaker_style,
                theme.matched,
            ));
            head.push(Span::styled(" · ", theme.dim));
            if q.kind != QuoteKind::Direct {
                // Mixed: a few quoted words inside the writer's sentence.
                head.push(Span::styled(format!("{} · ", q.kind.as_str()), theme.dim));
            }
            let used = text::line_width(&head);
            head.extend(text::fit(article, columns.saturating_sub(used), theme.dim));
            text::put(buf, inner, row, head);
            let mut second = vec![Span::raw("  "), Span::styled("“", theme.quote)];
            second.extend(text::spans(
                quote,
                columns.saturating_sub(4),
                &quote_ranges,
                theme.quote,
                theme.matched,
            ));
            second.push(Span::styled("”", theme.quote));
            if row + 1 < inner.height {
                text::put(buf, inner, row + 1, second);
            }
        }
        if i == app.quotes.selected {
            let h = (rows as u16).min(inner.height - row);
            let style: Style = if app.focus == Pane::Quotes {
                theme.selection
            } else {
                theme.selection.add_modifier(Modifier::DIM)
            };
            buf.set_style(Rect::new(inner.x, inner.y + row, inner.width, h), style);
        }
    }
}
