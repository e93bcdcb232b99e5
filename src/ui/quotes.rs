//! The quote list: speaker, quote, article. With entities pinned, quotes they said are told
//! apart from quotes that only mention them. And the speakers view: who is quoted most.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use super::{empty_note, nothing_here, pane_block, text};
use crate::app::lists::{QuoteSort, SpeakerSort};
use crate::app::{App, Pane, quote_rows};
use crate::filter::{Field, Fuzzy, Relation};
use crate::model::{Corpus, Quote, QuoteKind};
use crate::theme::Theme;

/// The tags before a speaker while entities are pinned: the quote is theirs, names them, or
/// is another quote of the same articles (one width, so the speakers stand in one column).
const SAID: &str = "said  ";
const ABOUT: &str = "about ";
const OTHER: &str = "other ";

/// The narrowest the speaker column gets on one line.
const SPEAKER_MIN: usize = 8;

/// Who said a quote, as the list shows it: the entity, or an unnamed source in the article's
/// words ("the Vermont senator"), or "unattributed".
fn speaker_of<'c>(corpus: &'c Corpus, q: &Quote, theme: &Theme) -> (&'c str, Style) {
    match (q.speaker, corpus.quote_source(q)) {
        (Some(s), _) => {
            let e = corpus.entity(s);
            (e.name.as_str(), theme.kind(e.kind))
        }
        (None, Some(words)) => (words, Style::default()),
        (None, None) => ("unattributed", theme.dim),
    }
}

pub fn draw(app: &App, frame: &mut Frame, area: Rect, fuzzy: &mut Fuzzy) {
    let theme = &app.theme;
    let counts = app.counts();
    // While the rest of a long list is still being gathered: "500+ of …".
    let mut title = vec![
        Span::styled("Quotes ", theme.heading),
        Span::raw(counts.quotes.label()),
    ];
    if let Some(n) = counts.scare_hidden.filter(|&n| n > 0) {
        title.push(Span::styled(format!(" · {n} scare hidden (s)"), theme.dim));
    }
    let order =
        (app.sorts.quotes != QuoteSort::default()).then(|| app.sorts.quotes.label().to_string());
    let block = pane_block(app, Pane::Quotes, area, title, order);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(corpus) = app.corpus() else {
        empty_note(app, frame, inner, &nothing_here(app, "quotes"));
        return;
    };
    if app.quote_list.is_empty() {
        empty_note(app, frame, inner, &nothing_here(app, "quotes"));
        return;
    }
    let rows = quote_rows(inner.width);
    let visible = (inner.height as usize / rows).max(1);
    let columns = inner.width as usize;
    let pinned = !app.chips.is_empty();
    let on_screen = app.quote_list.get(app.quotes.offset..).unwrap_or_default();
    let on_screen = &on_screen[..visible.min(on_screen.len())];
    // On one line, the speaker column is as wide as the longest speaker on screen, up to a
    // quarter of the row: short names leave their room to the quotes.
    let speaker_room = on_screen
        .iter()
        .filter_map(|hit| corpus.quotes.get(hit.quote as usize))
        .map(|q| text::width(speaker_of(corpus, q, theme).0))
        .max()
        .unwrap_or(0)
        .clamp(SPEAKER_MIN, (columns / 4).max(SPEAKER_MIN));
    // Some row on screen is tagged "said" or "about" (entities are pinned).
    let tagged = pinned
        && on_screen
            .iter()
            .any(|hit| matches!(hit.relation, Relation::SaidBy | Relation::Mentions));
    let buf = frame.buffer_mut();
    for (slot, hit) in on_screen.iter().enumerate() {
        let i = app.quotes.offset + slot;
        let row = (slot * rows) as u16;
        if row >= inner.height {
            break;
        }
        let Some(q) = corpus.quotes.get(hit.quote as usize) else {
            continue;
        };
        // Shown on one line: a quote over several paragraphs reads as one.
        let quote_text = corpus.quote_text(q);
        let quote_line = one_line(quote_text);
        let quote = quote_line.as_ref();
        let article = corpus
            .articles
            .get(q.article as usize)
            .map_or("", |a| a.title.trim());
        let (speaker, speaker_style) = speaker_of(corpus, q, theme);
        let tag = match (pinned, hit.relation) {
            (false, _) | (true, Relation::Matches) => None,
            (true, Relation::SaidBy) => Some((SAID, theme.heading)),
            (true, Relation::Mentions) => Some((ABOUT, theme.dim)),
            (true, Relation::Context) => Some((OTHER, theme.dim)),
        };
        let speaker_ranges = app.highlighter.ranges(Field::Speaker, speaker, fuzzy);
        let quote_ranges = app.highlighter.ranges(Field::QuoteText, quote, fuzzy);

        let mut head: Vec<Span<'static>> = if app.is_starred_quote(hit.quote as usize) {
            vec![Span::styled("*", theme.heading)]
        } else {
            vec![Span::raw(" ")]
        };
        match tag {
            Some((t, style)) => head.push(Span::styled(t, style)),
            // Beside rows tagged "said" or "about", a row without a tag keeps the tag's room,
            // so the speakers and quotes of all rows stand in one column.
            None if tagged && rows == 1 => head.push(Span::raw(" ".repeat(ABOUT.len()))),
            None => {}
        }
        if rows == 1 {
            // speaker │ “quote” … article
            let article_room = (columns / 4).clamp(10, 40);
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
                " ".repeat((start + speaker_room + 2).saturating_sub(used).max(2)),
            ));
            let used = text::line_width(&head);
            // Room for the quote between its marks (reported speech has none, but a word
            // saying so), with a gap before the article.
            let (open, close) = q.kind.marks();
            let opening = text::width(open) + text::width(close);
            let quote_room = columns.saturating_sub(used + opening + 2 + article_room + 1);
            head.push(Span::styled(open, theme.quote));
            head.extend(text::spans(
                quote,
                quote_room,
                &quote_ranges,
                theme.quote,
                theme.matched,
            ));
            head.push(Span::styled(close, theme.quote));
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
            let (open, close) = q.kind.marks();
            let mut second = vec![Span::raw("  "), Span::styled(open, theme.quote)];
            second.extend(text::spans(
                quote,
                columns.saturating_sub(2 + text::width(open) + text::width(close)),
                &quote_ranges,
                theme.quote,
                theme.matched,
            ));
            second.push(Span::styled(close, theme.quote));
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

/// The text on one line (newlines as spaces), trimmed; borrowed when already so.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    let t = text.trim();
    if t.contains('\n') {
        std::borrow::Cow::Owned(t.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

/// Who is quoted most in the listed quotes, with their quotes and articles.
pub fn draw_speakers(app: &App, frame: &mut Frame, area: Rect, fuzzy: &mut Fuzzy) {
    let theme = &app.theme;
    let mut title = vec![
        Span::styled("Speakers ", theme.heading),
        Span::raw(app.speaker_rows.len().to_string()),
        Span::styled(" · quotes / articles", theme.dim),
    ];
    if app.unattributed > 0 {
        title.push(Span::styled(
            format!(" · {} with no named speaker", app.unattributed),
            theme.dim,
        ));
    }
    if app.results.quotes_partial {
        title.push(Span::styled(" …", theme.dim));
    }
    let order = (app.sorts.speakers != SpeakerSort::default())
        .then(|| app.sorts.speakers.label().to_string());
    let block = pane_block(app, Pane::Quotes, area, title, order);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(corpus) = app.corpus() else {
        empty_note(app, frame, inner, &nothing_here(app, "speakers"));
        return;
    };
    if app.speaker_rows.is_empty() {
        empty_note(app, frame, inner, &nothing_here(app, "speakers"));
        return;
    }
    let columns = inner.width as usize;
    let buf = frame.buffer_mut();
    for (row, (i, s)) in app
        .speaker_rows
        .iter()
        .enumerate()
        .skip(app.speaker_cursor.offset)
        .take(inner.height as usize)
        .enumerate()
    {
        let row = row as u16;
        let e = corpus.entity(s.id);
        let pinned = app.chips.contains(&s.id);
        let counts = format!("{} / {} ", s.quotes, s.articles);
        let marker = if pinned { " ● " } else { "   " };
        let room = columns.saturating_sub(marker.len() + counts.len() + 1);
        let ranges = app.highlighter.ranges(Field::Speaker, &e.name, fuzzy);
        let mut spans = vec![Span::styled(marker, theme.kind(e.kind))];
        spans.extend(text::spans(
            &e.name,
            room,
            &ranges,
            theme.kind(e.kind),
            theme.matched,
        ));
        text::put(buf, inner, row, spans);
        text::put_right(buf, inner, row, vec![Span::styled(counts, theme.dim)]);
        if i == app.speaker_cursor.selected {
            let style: Style = if app.focus == Pane::Quotes {
                theme.selection
            } else {
                theme.selection.add_modifier(Modifier::DIM)
            };
            buf.set_style(Rect::new(inner.x, inner.y + row, inner.width, 1), style);
        }
    }
}
