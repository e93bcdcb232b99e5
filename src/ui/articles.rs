//! The article list: title (matched letters highlighted), then date and source, with a count
//! and the order chosen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use super::{empty_note, nothing_here, pane_block, text};
use crate::app::lists::ArticleSort;
use crate::app::{ARTICLE_ROWS, App, Pane, date};
use crate::filter::{Field, Fuzzy};
use crate::model::Article;

pub fn draw(app: &App, frame: &mut Frame, area: Rect, fuzzy: &mut Fuzzy) {
    let theme = &app.theme;
    let count = app.counts().articles.label();
    let mut title = vec![Span::styled("Articles ", theme.heading), Span::raw(count)];
    if app.searching() {
        title.push(Span::styled(" …", theme.dim));
    }
    let order = (app.sorts.articles != ArticleSort::default())
        .then(|| app.sorts.articles.label().to_string());
    let block = pane_block(app, Pane::Articles, area, title, order);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(corpus) = app.corpus() else {
        empty_note(app, frame, inner, &nothing_here(app, "articles"));
        return;
    };
    if app.article_list.is_empty() {
        // The search says why nothing matches ("no article mentions a person matching …").
        match &app.results.why {
            Some(why) if matches!(app.load, crate::app::LoadState::Ready { .. }) => {
                super::empty_paragraph(app, frame, inner, &format!("{why} · Esc goes back"));
            }
            _ => empty_note(app, frame, inner, &nothing_here(app, "articles")),
        }
        return;
    }
    let columns = inner.width as usize;
    let visible = (inner.height as usize / ARTICLE_ROWS).max(1);
    let current = app.reader.article;
    let buf = frame.buffer_mut();
    for (slot, (i, &a)) in app
        .article_list
        .iter()
        .enumerate()
        .skip(app.articles.offset)
        .take(visible)
        .enumerate()
    {
        let Some(article) = corpus.articles.get(a as usize) else {
            continue;
        };
        let row = (slot * ARTICLE_ROWS) as u16;
        if row >= inner.height {
            break;
        }
        let title = title_of(article);
        let ranges = if app.highlighter.is_empty() {
            Vec::new()
        } else {
            app.highlighter.ranges(Field::Title, &title, fuzzy)
        };
        // The article open in the text, when the selection has moved on.
        // Starred: a star in the margin; reviewed: dimmed, the reader is done with it.
        let marker = if current == Some(a as usize) && i != app.articles.selected {
            "▸"
        } else if app.is_starred_article(a as usize) {
            "*"
        } else {
            " "
        };
        let reviewed = app.is_reviewed(a as usize);
        let title_style = if reviewed { theme.dim } else { Style::new() };
        let mut line = vec![Span::styled(marker, theme.heading)];
        line.extend(text::spans(
            &title,
            columns.saturating_sub(1),
            &ranges,
            title_style,
            theme.matched,
        ));
        text::put(buf, inner, row, line);
        let meta = if reviewed {
            format!("{} · reviewed", meta_of(article))
        } else {
            meta_of(article)
        };
        text::put(buf, inner, row + 1, {
            let mut l = vec![Span::raw(" ")];
            l.extend(text::fit(&meta, columns.saturating_sub(1), theme.dim));
            l
        });
        if i == app.articles.selected {
            let h = (ARTICLE_ROWS as u16).min(inner.height - row);
            let sel = Rect::new(inner.x, inner.y + row, inner.width, h);
            let style = if app.focus == Pane::Articles {
                theme.selection
            } else {
                theme.selection.add_modifier(Modifier::DIM)
            };
            buf.set_style(sel, style);
        }
    }
}

fn title_of(a: &Article) -> String {
    let t = a.title.trim();
    if t.is_empty() {
        format!("({})", a.id)
    } else {
        t.to_string()
    }
}

/// "2025-02-07 16:00 · Gulf Wire" (or the file when there is no outlet).
fn meta_of(a: &Article) -> String {
    let source = a.outlet.clone().unwrap_or_else(|| {
        a.path
            .rsplit('/')
            .next()
            .unwrap_or(a.path.as_str())
            .to_string()
    });
    match a.date.as_deref().map(date::display) {
        Some(d) if !d.is_empty() => format!("{d} · {source}"),
        _ => source,
    }
}
