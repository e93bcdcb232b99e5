//! Where each pane goes for a terminal size: all four side by side on wide terminals, one at a
//! time behind a tab bar on narrow ones, a short note when too small. Pure geometry, shared by
//! drawing and by the app (page sizes, wrap width, mouse clicks).

use ratatui::layout::{Constraint, Layout as Split, Rect};

use crate::app::Pane;

/// At least this wide shows all panes at once.
pub const WIDE_WIDTH: u16 = 100;
/// Smaller than this shows only a note.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub area: Rect,
    pub too_small: bool,
    pub wide: bool,
    /// The tab bar (narrow terminals only).
    pub tabs: Option<Rect>,
    articles: Rect,
    text: Rect,
    entities: Rect,
    quotes: Rect,
    pub filter: Rect,
    pub status: Rect,
}

impl Layout {
    pub fn new(width: u16, height: u16) -> Layout {
        let area = Rect::new(0, 0, width, height);
        let too_small = width < MIN_WIDTH || height < MIN_HEIGHT;
        let wide = width >= WIDE_WIDTH;
        let mut layout = Layout {
            area,
            too_small,
            wide,
            tabs: None,
            articles: Rect::default(),
            text: Rect::default(),
            entities: Rect::default(),
            quotes: Rect::default(),
            filter: Rect::default(),
            status: Rect::default(),
        };
        if too_small {
            return layout;
        }
        let [main, filter, status] = Split::vertical([
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        layout.filter = filter;
        layout.status = status;
        if wide {
            let quotes_height = (main.height * 3 / 10).max(6);
            let [top, quotes] =
                Split::vertical([Constraint::Min(6), Constraint::Length(quotes_height)])
                    .areas(main);
            let [articles, text, entities] = Split::horizontal([
                Constraint::Percentage(32),
                Constraint::Percentage(45),
                Constraint::Percentage(23),
            ])
            .areas(top);
            layout.articles = articles;
            layout.text = text;
            layout.entities = entities;
            layout.quotes = quotes;
        } else {
            let [tabs, body] =
                Split::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(main);
            layout.tabs = Some(tabs);
            layout.articles = body;
            layout.text = body;
            layout.entities = body;
            layout.quotes = body;
        }
        layout
    }

    /// Where a pane is drawn (on narrow terminals: where it would be when focused).
    pub fn rect(&self, pane: Pane) -> Rect {
        match pane {
            Pane::Articles => self.articles,
            Pane::Text => self.text,
            Pane::Entities => self.entities,
            Pane::Quotes => self.quotes,
        }
    }

    /// The pane's rectangle inside its border.
    pub fn inner(&self, pane: Pane) -> Rect {
        let r = self.rect(pane);
        Rect::new(
            r.x.saturating_add(1),
            r.y.saturating_add(1),
            r.width.saturating_sub(2),
            r.height.saturating_sub(2),
        )
    }

    pub fn visible(&self, pane: Pane, focus: Pane) -> bool {
        !self.too_small && (self.wide || pane == focus)
    }

    /// The visible pane at a screen position.
    pub fn pane_at(&self, column: u16, row: u16, focus: Pane) -> Option<Pane> {
        Pane::ALL.into_iter().find(|&p| {
            let r = self.rect(p);
            self.visible(p, focus)
                && column >= r.x
                && column < r.x + r.width
                && row >= r.y
                && row < r.y + r.height
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_shows_four_panes_that_do_not_overlap() {
        let l = Layout::new(120, 40);
        assert!(l.wide && !l.too_small);
        for (i, a) in Pane::ALL.iter().enumerate() {
            for b in &Pane::ALL[i + 1..] {
                assert!(!l.rect(*a).intersects(l.rect(*b)), "{a:?} {b:?}");
            }
        }
        assert_eq!(l.status.y, 39);
    }

    #[test]
    fn narrow_folds_into_tabs_and_tiny_is_too_small() {
        let l = Layout::new(80, 24);
        assert!(!l.wide && l.tabs.is_some());
        assert!(l.visible(Pane::Quotes, Pane::Quotes));
        assert!(!l.visible(Pane::Text, Pane::Quotes));
        assert!(Layout::new(39, 30).too_small);
        assert!(Layout::new(0, 0).too_small);
        assert!(!Layout::new(40, 12).too_small);
    }
}
