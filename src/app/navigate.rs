//! Moving: the selection in each list, scrolling the text, focusing panes, the entity sections,
//! and the mouse (clicks and the wheel land where `geometry` says things are drawn).

use super::{App, Command, Effect, EntityRow, Pane, lists, offset_index};
use crate::geometry::{self, Target};
use crate::model::EntityKind;

impl App {
    pub(super) fn navigate(&mut self, c: Command) {
        let page = self.visible_items(self.focus).max(1) as isize;
        match c {
            Command::Down => self.move_selection(1),
            Command::Up => self.move_selection(-1),
            Command::Top => self.move_selection(isize::MIN / 2),
            Command::Bottom => self.move_selection(isize::MAX / 2),
            Command::HalfPageDown => self.move_selection((page / 2).max(1)),
            Command::HalfPageUp => self.move_selection(-(page / 2).max(1)),
            Command::PageDown => self.move_selection(page),
            Command::PageUp => self.move_selection(-page),
            Command::NextPane => self.focus = self.focus.next(),
            Command::PrevPane => self.focus = self.focus.prev(),
            Command::FocusArticles => self.focus = Pane::Articles,
            Command::FocusText => self.focus = Pane::Text,
            Command::FocusEntities => self.focus = Pane::Entities,
            Command::FocusQuotes => self.focus = Pane::Quotes,
            Command::People => self.jump_section(EntityKind::Person),
            Command::Countries => self.jump_section(EntityKind::Country),
            Command::Organisations => self.jump_section(EntityKind::Organisation),
            Command::NextSection => self.step_section(true),
            Command::PrevSection => self.step_section(false),
            _ => {}
        }
    }

    pub(super) fn move_selection(&mut self, delta: isize) {
        let pane = self.focus;
        let visible = self.visible_items(pane);
        match pane {
            Pane::Articles => {
                let len = self.article_list.len();
                let to = offset_index(self.articles.selected, delta, len);
                self.articles.set(to, len, visible);
                self.follow_article_selection();
            }
            Pane::Entities => {
                let len = self.entity_rows.len();
                let mut to = offset_index(self.entities.selected, delta, len);
                // Skip headings, in the direction of travel (or back if none is left).
                let is_entity = |i: usize, rows: &[EntityRow]| {
                    matches!(rows.get(i), Some(EntityRow::Entity(_)))
                };
                if !is_entity(to, &self.entity_rows) {
                    let fwd = (to..len).find(|&i| is_entity(i, &self.entity_rows));
                    let back = (0..to).rev().find(|&i| is_entity(i, &self.entity_rows));
                    to = if delta >= 0 {
                        fwd.or(back)
                    } else {
                        back.or(fwd)
                    }
                    .unwrap_or(to);
                }
                self.entities.set(to, len, visible);
                if !self
                    .entity_rows
                    .iter()
                    .take(to)
                    .any(|r| matches!(r, EntityRow::Entity(_)))
                {
                    self.entities.offset = 0;
                }
            }
            Pane::Quotes if self.speakers => {
                let len = self.speaker_rows.len();
                let visible = self.pane_height(Pane::Quotes).max(1);
                let to = offset_index(self.speaker_cursor.selected, delta, len);
                self.speaker_cursor.set(to, len, visible);
            }
            Pane::Quotes => {
                let len = self.quote_list.len();
                let to = offset_index(self.quotes.selected, delta, len);
                self.quotes.set(to, len, visible);
            }
            Pane::Text => {
                let h = self.text_height();
                self.reader.scroll_by(delta, h);
            }
        }
    }

    /// Select the first entity of a section, its heading at the top.
    pub(super) fn jump_section(&mut self, kind: EntityKind) {
        self.focus = Pane::Entities;
        match lists::section_row(&self.entity_rows, kind) {
            Some(h) => self.select_section(h),
            None => {
                self.message = Some(format!("No {} listed", kind.plural_title().to_lowercase()))
            }
        }
    }

    pub(super) fn select_section(&mut self, heading: usize) {
        let (len, vis) = (self.entity_rows.len(), self.visible_items(Pane::Entities));
        self.entities.selected = (heading + 1).min(len.saturating_sub(1));
        self.entities.offset = heading;
        self.entities.fit(len, vis);
    }

    pub(super) fn step_section(&mut self, forward: bool) {
        let heads = lists::section_rows(&self.entity_rows);
        let sel = self.entities.selected;
        let to = if forward {
            heads.iter().copied().find(|&h| h > sel)
        } else {
            // The start of this section, unless already there: then the one before.
            let current = heads.iter().copied().rfind(|&h| h < sel);
            match current {
                Some(h) if sel > h + 1 => Some(h),
                Some(h) => heads.iter().copied().rfind(|&x| x < h),
                None => None,
            }
        };
        match to {
            Some(h) => self.select_section(h),
            None => {
                self.message = Some(
                    if forward {
                        "The last section"
                    } else {
                        "The first section"
                    }
                    .into(),
                )
            }
        }
    }

    pub(super) fn resize(&mut self, width: u16, height: u16) {
        self.width = width;
        self.height = height;
        let layout = self.layout();
        let vis = |p: Pane| layout.visible_items(p);
        self.articles
            .fit(self.article_list.len(), vis(Pane::Articles));
        self.entities
            .fit(self.entity_rows.len(), vis(Pane::Entities));
        self.quotes.fit(self.quote_list.len(), vis(Pane::Quotes));
        let qh = layout.inner(Pane::Quotes).height as usize;
        self.speaker_cursor.fit(self.speaker_rows.len(), qh);
        if let Some(data) = self.data.clone() {
            let w = self.text_width();
            self.wrap_generation += 1;
            if let Some(job) = self.reader.rewrap(&data.corpus, w, self.wrap_generation) {
                self.effects.push(Effect::Wrap(job));
            }
            let h = self.text_height();
            self.reader.scroll = self.reader.scroll.min(self.reader.max_scroll(h));
        }
        self.scroll_view(0);
    }

    pub(super) fn click(&mut self, column: u16, row: u16) {
        if !self.views.is_empty() {
            return;
        }
        let layout = self.layout();
        let tabs = self.tab_cells(&layout);
        match geometry::locate(&layout, &tabs, self.focus, column, row) {
            Target::Tab(p) | Target::Pane(p) => self.focus = p,
            Target::Nothing => {}
            Target::Line { pane, line } => {
                self.focus = pane;
                let per = layout.rows_per_item(pane);
                match pane {
                    Pane::Articles => {
                        let i = self.articles.offset + line / per;
                        if i < self.article_list.len() {
                            self.articles.selected = i;
                            self.follow_article_selection();
                        }
                    }
                    Pane::Entities => {
                        let i = self.entities.offset + line;
                        if matches!(self.entity_rows.get(i), Some(EntityRow::Entity(_))) {
                            self.entities.selected = i;
                        }
                    }
                    Pane::Quotes if self.speakers => {
                        let i = self.speaker_cursor.offset + line;
                        if i < self.speaker_rows.len() {
                            self.speaker_cursor.selected = i;
                        }
                    }
                    Pane::Quotes => {
                        let i = self.quotes.offset + line / per;
                        if i < self.quote_list.len() {
                            self.quotes.selected = i;
                        }
                    }
                    Pane::Text => {}
                }
            }
        }
    }

    pub(super) fn scroll_at(&mut self, column: u16, row: u16, down: bool) {
        if !self.views.is_empty() {
            self.scroll_view(if down { 3 } else { -3 });
            return;
        }
        let layout = self.layout();
        let tabs = self.tab_cells(&layout);
        let pane = match geometry::locate(&layout, &tabs, self.focus, column, row) {
            Target::Line { pane, .. } | Target::Pane(pane) => pane,
            _ => return,
        };
        self.focus = pane;
        let step = if pane == Pane::Text { 3 } else { 1 };
        self.move_selection(if down { step } else { -step });
    }
}
