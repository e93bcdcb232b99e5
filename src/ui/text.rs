//! Putting text into cells safely: control characters never reach the buffer, long text is cut
//! to the column with an ellipsis, and highlighted byte ranges become styled spans.

use std::borrow::Cow;
use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// The text with every control character (tabs, escapes, stray C1 bytes) turned into a space.
/// Article text is sanitised at load; this is for anything formatted on the way out.
pub fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_control) {
        Cow::Owned(
            text.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

pub fn width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// The byte length of the longest start of `text` that fits in `columns`.
fn fitting_prefix(text: &str, columns: usize) -> usize {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > columns {
            return i;
        }
        used += w;
    }
    text.len()
}

/// Spans for `text` cut to `columns` (ending in "…" when cut), with `ranges` (byte ranges into
/// `text`, sorted) drawn in `highlight` on top of `base`.
pub fn spans(
    text: &str,
    columns: usize,
    ranges: &[Range<usize>],
    base: Style,
    highlight: Style,
) -> Vec<Span<'static>> {
    if columns == 0 {
        return Vec::new();
    }
    let (cut, ellipsis) = if width(text) <= columns {
        (text.len(), false)
    } else {
        (fitting_prefix(text, columns - 1), true)
    };
    let mut out = Vec::new();
    let mut at = 0;
    for r in ranges {
        let start = r.start.min(cut);
        let end = r.end.min(cut);
        if start < at
            || start >= end
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        if at < start {
            out.push(Span::styled(clean(&text[at..start]).into_owned(), base));
        }
        out.push(Span::styled(
            clean(&text[start..end]).into_owned(),
            base.patch(highlight),
        ));
        at = end;
    }
    if at < cut {
        out.push(Span::styled(clean(&text[at..cut]).into_owned(), base));
    }
    if ellipsis {
        out.push(Span::styled("…", base));
    }
    out
}

/// One plain span cut to `columns`.
pub fn fit(text: &str, columns: usize, style: Style) -> Vec<Span<'static>> {
    spans(text, columns, &[], style, Style::new())
}

pub fn line_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
}

/// Draw a line of spans at a row of `area`, clipped to the area.
pub fn put(buf: &mut Buffer, area: Rect, row: u16, spans: Vec<Span<'static>>) {
    if row >= area.height || area.width == 0 {
        return;
    }
    buf.set_line(area.x, area.y + row, &Line::from(spans), area.width);
}

/// Draw spans right-aligned on a row of `area`.
pub fn put_right(buf: &mut Buffer, area: Rect, row: u16, spans: Vec<Span<'static>>) {
    let w = line_width(&spans).min(area.width as usize) as u16;
    if row >= area.height || w == 0 {
        return;
    }
    let x = area.x + area.width - w;
    buf.set_line(x, area.y + row, &Line::from(spans), w);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_spaces() {
        assert_eq!(clean("a\tb\x1b[31mc\u{85}"), "a b [31mc ");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis_and_ranges_follow() {
        let text = "Abbas Araghchi said";
        let ranges: Vec<Range<usize>> = std::iter::once(6..14).collect();
        let s = spans(text, 10, &ranges, Style::new(), Style::new().bold());
        let joined: String = s.iter().map(|x| x.content.as_ref()).collect();
        assert_eq!(joined, "Abbas Ara…");
        assert_eq!(s[1].content, "Ara");
        assert_eq!(line_width(&s), 10);
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let s = fit("東京の会議", 5, Style::new());
        assert!(line_width(&s) <= 5);
        assert!(fit("x", 0, Style::new()).is_empty());
    }
}
