//! Where everything goes on screen for a given area: the panes, the tab bar and each tab's
//! cell, the box of views (help, details), rows per list item. Drawing and input (page sizes,
//! wrap width, mouse clicks) both read it, so where a thing is drawn is where a click lands.

use ratatui::layout::{Constraint, Layout as Split, Rect};

/// The four panes, numbered as the 1–4 keys choose them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Articles,
    Text,
    Entities,
    Quotes,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Articles, Pane::Text, Pane::Entities, Pane::Quotes];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Articles => "Articles",
            Pane::Text => "Text",
            Pane::Entities => "Entities",
            Pane::Quotes => "Quotes",
        }
    }

    pub fn number(self) -> usize {
        match self {
            Pane::Articles => 1,
            Pane::Text => 2,
            Pane::Entities => 3,
            Pane::Quotes => 4,
        }
    }

    pub fn next(self) -> Pane {
        Pane::ALL[self.number() % 4]
    }

    pub fn prev(self) -> Pane {
        Pane::ALL[(self.number() + 2) % 4]
    }
}

/// At least this wide shows all panes at once.
pub const WIDE_WIDTH: u16 = 100;
/// Smaller than this shows only a note.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;
/// Screen lines per article in the list: title, then date and source.
pub const ARTICLE_ROWS: usize = 2;
/// Views (help, details) are at most this wide, for lines that read well.
pub const VIEW_MAX_WIDTH: u16 = 96;

/// Screen lines per quote in the list: one on wide panes, two on narrow ones.
pub fn quote_rows(width: u16) -> usize {
    if width >= 70 { 1 } else { 2 }
}

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
    /// The layout of `area` (the frame's own area when drawing).
    pub fn new(area: Rect) -> Layout {
        let too_small = area.width < MIN_WIDTH || area.height < MIN_HEIGHT;
        let wide = area.width >= WIDE_WIDTH;
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

    /// The layout of a terminal of this size.
    pub fn of_size(width: u16, height: u16) -> Layout {
        Layout::new(Rect::new(0, 0, width, height))
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
        inside(self.rect(pane))
    }

    pub fn visible(&self, pane: Pane, focus: Pane) -> bool {
        !self.too_small && (self.wide || pane == focus)
    }

    /// Screen lines one item of a pane's list takes.
    pub fn rows_per_item(&self, pane: Pane) -> usize {
        match pane {
            Pane::Articles => ARTICLE_ROWS,
            Pane::Quotes => quote_rows(self.inner(pane).width),
            Pane::Entities | Pane::Text => 1,
        }
    }

    /// Items of a pane's list on one screen (lines, for the text).
    pub fn visible_items(&self, pane: Pane) -> usize {
        (self.inner(pane).height as usize / self.rows_per_item(pane)).max(1)
    }

    /// The width the article text is wrapped to.
    pub fn text_width(&self) -> usize {
        self.inner(Pane::Text).width.max(1) as usize
    }

    /// The box views (help, warnings, a quote's detail) are drawn in: most of the screen.
    pub fn view(&self) -> Rect {
        let area = self.area;
        let w = area.width.saturating_sub(4).min(VIEW_MAX_WIDTH);
        let h = area.height.saturating_sub(2);
        Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height - h) / 2,
            w,
            h,
        )
    }

    /// Inside the view's border.
    pub fn view_inner(&self) -> Rect {
        inside(self.view())
    }

    /// Lines a view shows at once.
    pub fn view_page(&self) -> usize {
        (self.view_inner().height as usize).max(1)
    }

    /// Rows of choices a prompt can list at most (below its input line).
    pub fn prompt_rows(&self) -> usize {
        (self.view().height as usize).saturating_sub(3).max(1)
    }

    /// The box a prompt (the command palette, a rename) is drawn in: at the top of the view's
    /// box, at most `PROMPT_MAX_WIDTH` wide, as tall as its input line and `rows` rows need.
    pub fn prompt(&self, rows: usize) -> Rect {
        let view = self.view();
        let w = view.width.min(PROMPT_MAX_WIDTH);
        let rows = rows.min(self.prompt_rows()) as u16;
        let h = (rows + 3).min(view.height);
        Rect::new(view.x + (view.width - w) / 2, view.y, w, h)
    }
}

/// The widest a prompt gets.
pub const PROMPT_MAX_WIDTH: u16 = 76;

fn inside(r: Rect) -> Rect {
    Rect::new(
        r.x.saturating_add(1),
        r.y.saturating_add(1),
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

/// One tab's cell in the bar and which of its labels (longest first) fits there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TabCell {
    pub rect: Rect,
    pub label: usize,
}

/// Cells for the tabs of a bar. `labels[i]` are the widths of tab `i`'s labels, longest
/// first. Every tab gets the same kind of label where possible (all with counts, all titles,
/// all short), then tabs take longer ones while they fit, the focused tab first; space left
/// over is shared out evenly, so no tab is cut while another has spare padding.
pub fn tab_cells(bar: Rect, labels: &[Vec<usize>; 4], focus: usize) -> [TabCell; 4] {
    let levels = labels.iter().map(Vec::len).max().unwrap_or(0);
    let at = |i: usize, level: usize| {
        let l = &labels[i];
        l.get(level.min(l.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0)
    };
    let width = bar.width as usize;
    let total = |chosen: &[usize; 4]| (0..4).map(|i| at(i, chosen[i])).sum::<usize>();
    let uniform = (0..levels)
        .find(|&l| total(&[l; 4]) <= width)
        .unwrap_or(levels.saturating_sub(1));
    let mut chosen = [uniform; 4];
    // Longer labels one level at a time (every tab tries the next level before any tries the
    // one after), the focused tab first, then left to right.
    let order: Vec<usize> = std::iter::once(focus % 4)
        .chain((0..4).filter(|&i| i != focus % 4))
        .collect();
    for target in (0..uniform).rev() {
        for &i in &order {
            if chosen[i] == target + 1 {
                let mut tried = chosen;
                tried[i] = target;
                if total(&tried) <= width {
                    chosen = tried;
                }
            }
        }
    }
    let chosen = chosen.map(|l| l.min(levels.saturating_sub(1)));
    let used = total(&chosen).min(width);
    let spare = width - used;
    let mut cells = [TabCell::default(); 4];
    let mut x = bar.x;
    let end = bar.x + bar.width;
    for i in 0..4 {
        let extra = spare / 4 + usize::from(i < spare % 4);
        let w = (at(i, chosen[i]) + extra).min((end - x) as usize) as u16;
        let label = chosen[i].min(labels[i].len().saturating_sub(1));
        cells[i] = TabCell {
            rect: Rect::new(x, bar.y, w, 1.min(bar.height)),
            label,
        };
        x += w;
    }
    cells
}

/// What is under a screen position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Tab(Pane),
    /// A line inside a pane's border, counted from the pane's first inner line.
    Line {
        pane: Pane,
        line: usize,
    },
    /// A pane's border or title.
    Pane(Pane),
    Nothing,
}

/// The target at a position, for the layout, the tab cells drawn and the focused pane.
pub fn locate(layout: &Layout, tabs: &[TabCell; 4], focus: Pane, column: u16, row: u16) -> Target {
    let inside =
        |r: Rect| column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height;
    if layout.tabs.is_some() {
        for (i, cell) in tabs.iter().enumerate() {
            if inside(cell.rect) {
                return Target::Tab(Pane::ALL[i]);
            }
        }
    }
    let Some(pane) = Pane::ALL
        .into_iter()
        .find(|&p| layout.visible(p, focus) && inside(layout.rect(p)))
    else {
        return Target::Nothing;
    };
    let inner = layout.inner(pane);
    if inside(inner) {
        Target::Line {
            pane,
            line: (row - inner.y) as usize,
        }
    } else {
        Target::Pane(pane)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_shows_four_panes_that_do_not_overlap() {
        let l = Layout::of_size(120, 40);
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
        let l = Layout::of_size(80, 24);
        assert!(!l.wide && l.tabs.is_some());
        assert!(l.visible(Pane::Quotes, Pane::Quotes));
        assert!(!l.visible(Pane::Text, Pane::Quotes));
        assert!(Layout::of_size(39, 30).too_small);
        assert!(Layout::of_size(0, 0).too_small);
        assert!(!Layout::of_size(40, 12).too_small);
    }

    #[test]
    fn every_rect_lies_inside_the_area_it_was_made_for() {
        for (w, h) in [(40, 12), (61, 19), (99, 30), (100, 30), (333, 77)] {
            let area = Rect::new(0, 0, w, h);
            let l = Layout::new(area);
            for p in Pane::ALL {
                assert_eq!(area.intersection(l.rect(p)), l.rect(p), "{p:?} at {w}x{h}");
            }
            assert_eq!(area.intersection(l.view()), l.view());
        }
    }

    #[test]
    fn tabs_get_room_by_need_and_clicks_land_where_they_are_drawn() {
        // " 1 Articles 25 " is wider than " 2 Text ": at 60 columns neither is cut.
        let bar = Rect::new(0, 0, 60, 1);
        let labels = [
            vec![15, 12, 7],
            vec![8, 8, 7],
            vec![16, 12, 7],
            vec![13, 10, 7],
        ];
        let cells = tab_cells(bar, &labels, 0);
        assert_eq!(cells.iter().map(|c| c.label).collect::<Vec<_>>(), [0; 4]);
        assert_eq!(cells.iter().map(|c| c.rect.width).sum::<u16>(), 60);
        for (i, c) in cells.iter().enumerate() {
            assert!(c.rect.width as usize >= labels[i][0]);
        }
        // Narrower: titles for all, counts dropped; the focused tab may keep more.
        let bar = Rect::new(0, 0, 41, 1);
        let cells = tab_cells(bar, &labels, 2);
        assert!(cells.iter().map(|c| c.rect.width).sum::<u16>() <= 41);
        assert_eq!(cells.map(|c| c.label), [1, 0, 1, 2]);
        let cells = tab_cells(Rect::new(0, 0, 30, 1), &labels, 3);
        assert_eq!(cells.map(|c| c.label), [2, 0, 2, 2]);
        // Every column of the bar belongs to the tab drawn there.
        let layout = Layout::of_size(41, 20);
        for (i, c) in cells.iter().enumerate() {
            for x in c.rect.x..c.rect.x + c.rect.width {
                let hit = locate(&layout, &cells, Pane::Articles, x, 0);
                assert_eq!(hit, Target::Tab(Pane::ALL[i]));
            }
        }
    }
}
