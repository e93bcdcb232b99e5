//! Views over the panes (help, warnings, details) and their scrolling; the settings and the
//! rest: sort orders, the speakers view, scare quotes, copying a quote, quitting, suspending.

use super::view::{self, View, ViewKind};
use super::{App, Command, Cursor, Effect, EntityRow, Pane, citation};

impl App {
    /// A command for the view on top; false if the view leaves it to the rest.
    pub(super) fn view_command(&mut self, c: Command) -> bool {
        let Some(view) = self.views.last().copied() else {
            return false;
        };
        let page = self.layout().view_page() as isize;
        let delta = match c {
            Command::Down => 1,
            Command::Up => -1,
            Command::PageDown => page,
            Command::PageUp => -page,
            Command::HalfPageDown => (page / 2).max(1),
            Command::HalfPageUp => -(page / 2).max(1),
            Command::Top => isize::MIN / 2,
            Command::Bottom => isize::MAX / 2,
            _ => 0,
        };
        if delta != 0 {
            self.scroll_view(delta);
            return true;
        }
        match (c, view.kind) {
            (Command::Close, _) => {
                self.views.pop();
            }
            (Command::Help, _) => self.toggle_view(ViewKind::Help),
            (Command::Warnings, _) => self.toggle_view(ViewKind::Warnings),
            (Command::Open, ViewKind::Quote(q)) => self.open_quote(q),
            (Command::Copy, ViewKind::Quote(q)) => self.copy(q),
            (Command::Pin, ViewKind::Entity(id)) => {
                self.views.pop();
                self.toggle_pin(id);
            }
            _ => return false,
        }
        true
    }

    pub(super) fn toggle_view(&mut self, kind: ViewKind) {
        if self.views.last().is_some_and(|v| v.kind == kind) {
            self.views.pop();
        } else {
            self.views.retain(|v| v.kind != kind);
            self.views.push(View::new(kind));
        }
    }

    /// Lines of a view's document at the view's width (warnings: one per warning).
    pub fn view_len(&self, view: &View) -> usize {
        let width = self.layout().view_inner().width as usize;
        match view.kind {
            ViewKind::Help => view::help_lines(width, &self.keymap).len(),
            ViewKind::Prompt => 0,
            ViewKind::Warnings => self.corpus().map_or(0, |c| c.warnings.len()),
            ViewKind::Quote(q) => self
                .corpus()
                .map_or(0, |c| view::quote_lines(c, q, width).len()),
            ViewKind::Entity(id) => self
                .data
                .as_ref()
                .map_or(0, |d| view::entity_lines(d, id, None, width).len()),
        }
    }

    pub(super) fn scroll_view(&mut self, delta: isize) {
        let page = self.layout().view_page();
        let Some(view) = self.views.last().copied() else {
            return;
        };
        let len = self.view_len(&view);
        let max = match view.kind {
            // A warning per step; the last one may be at the top.
            ViewKind::Warnings => len.saturating_sub(1),
            _ => len.saturating_sub(page),
        };
        if let Some(v) = self.views.last_mut() {
            let s = v.scroll as isize + delta;
            v.scroll = (s.max(0) as usize).min(max);
        }
    }

    pub(super) fn other(&mut self, c: Command) {
        match c {
            Command::CycleSort => self.cycle_sort(),
            Command::ToggleSpeakers => {
                self.speakers = !self.speakers;
                self.focus = Pane::Quotes;
                self.speaker_cursor = Cursor::default();
                self.rebuild_speakers();
            }
            Command::ToggleUnsure => {
                self.hide_unsure = !self.hide_unsure;
                self.message = Some(if self.hide_unsure {
                    "Hiding entities the model is unsure of".into()
                } else {
                    "Showing every entity (unsure ones dimmed)".into()
                });
                self.rebuild_lists();
                let len = self.entity_rows.len();
                let vis = self.pane_height(Pane::Entities);
                self.entities.fit(len, vis);
            }
            Command::ToggleScare => {
                self.show_scare = !self.show_scare;
                self.message = Some(if self.show_scare {
                    "Showing scare quotes".into()
                } else {
                    "Hiding scare quotes (one or two words)".into()
                });
                self.refilter();
            }
            Command::Copy => {
                let qi = match self.focus {
                    Pane::Quotes if !self.speakers => self.selected_quote(),
                    _ => self.quote_at_mark(),
                };
                match qi {
                    Some(qi) => self.copy(qi),
                    None => {
                        self.message = Some(
                            "No quote to copy: select one in Quotes (or jump to one with n)".into(),
                        )
                    }
                }
            }
            Command::Help => self.toggle_view(ViewKind::Help),
            Command::Warnings => self.toggle_view(ViewKind::Warnings),
            Command::Close => {
                if !self.views.is_empty() {
                    self.views.pop();
                } else if self.focus == Pane::Text {
                    self.back();
                } else {
                    self.should_quit = true;
                }
            }
            Command::Quit => self.should_quit = true,
            Command::Suspend => self.effects.push(Effect::Suspend),
            _ => {}
        }
    }

    /// The quote at the text's mark (jumped to, or opened).
    pub(super) fn quote_at_mark(&self) -> Option<usize> {
        let corpus = self.corpus()?;
        let a = self.reader.article?;
        let mark = self.reader.current.as_ref()?;
        corpus.quote_range(a).find(|&i| {
            let r = corpus.quotes[i].range();
            r.start <= mark.start && mark.end <= r.end
        })
    }

    pub(super) fn copy(&mut self, qi: usize) {
        let Some(corpus) = self.corpus() else { return };
        let Some(q) = corpus.quotes.get(qi) else {
            return;
        };
        let speaker = q.speaker.map_or("an unnamed speaker".to_string(), |s| {
            corpus.entity(s).name.clone()
        });
        let text = citation(corpus, qi);
        self.effects.push(Effect::Copy(text));
        self.message = Some(format!(
            "Copied the quote by {speaker} with its citation (OSC 52)"
        ));
    }

    pub(super) fn cycle_sort(&mut self) {
        let label = match (self.focus, self.speakers) {
            (Pane::Articles, _) => {
                self.sorts.articles = self.sorts.articles.next();
                self.sorts.articles.label()
            }
            (Pane::Entities, _) => {
                self.sorts.entities = self.sorts.entities.next();
                self.sorts.entities.label()
            }
            (Pane::Quotes, false) => {
                self.sorts.quotes = self.sorts.quotes.next();
                self.sorts.quotes.label()
            }
            (Pane::Quotes, true) => {
                self.sorts.speakers = self.sorts.speakers.next();
                self.sorts.speakers.label()
            }
            (Pane::Text, _) => {
                self.message = Some("The text has no order to change: o sorts the lists".into());
                return;
            }
        };
        let (article, entity, quote) = (
            self.selected_article(),
            self.selected_entity().map(|h| h.id),
            self.selected_quote(),
        );
        self.rebuild_lists();
        // The same items stay selected, wherever they are now.
        if let Some(pos) =
            article.and_then(|a| self.article_list.iter().position(|&x| x as usize == a))
        {
            let vis = self.visible_items(Pane::Articles);
            self.articles.set(pos, self.article_list.len(), vis);
        }
        if let Some(pos) = entity.and_then(|id| {
            self.entity_rows
                .iter()
                .position(|r| matches!(r, EntityRow::Entity(h) if h.id == id))
        }) {
            let vis = self.visible_items(Pane::Entities);
            self.entities.set(pos, self.entity_rows.len(), vis);
        }
        if let Some(pos) =
            quote.and_then(|q| self.quote_list.iter().position(|h| h.quote as usize == q))
        {
            let vis = self.visible_items(Pane::Quotes);
            self.quotes.set(pos, self.quote_list.len(), vis);
        }
        self.message = Some(format!("{} {label}", self.focus.title()));
    }
}
