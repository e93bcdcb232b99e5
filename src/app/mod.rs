//! The explorer's state and the one function that changes it. `update(&mut App, Action)` is
//! the only place state changes; drawing reads it, the event loop feeds it actions and carries
//! out the effects it asks for (a search on the worker, a copy to the clipboard).

mod action;
pub mod keymap;
pub mod reader;

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::KeyEvent;

pub use action::{Action, Loaded, Pane};
use keymap::Key;
use reader::Reader;

use crate::corpus::Progress;
use crate::filter::{self, EntityHit, Highlighter, Index, Query, Relation, Request, Results};
use crate::model::{Corpus, EntityId, EntityKind};
use crate::ui::layout::Layout;
use crate::ui::theme::Theme;

/// Screen lines per article in the list: title, then date and source.
pub const ARTICLE_ROWS: usize = 2;

/// Screen lines per quote in the list: one on wide panes, two on narrow ones.
pub fn quote_rows(width: u16) -> usize {
    if width >= 70 { 1 } else { 2 }
}

/// The corpus and its index, once loaded.
#[derive(Debug, Clone)]
pub struct Data {
    pub corpus: Arc<Corpus>,
    pub index: Arc<Index>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadState {
    Loading {
        progress: Progress,
        elapsed: Duration,
    },
    Ready {
        elapsed: Duration,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Warnings,
}

/// A selection in a list and the first item on screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    fn set(&mut self, selected: usize, len: usize, visible: usize) {
        self.selected = selected.min(len.saturating_sub(1));
        self.fit(len, visible);
    }

    /// Keep the selection on screen and the screen full where possible.
    fn fit(&mut self, len: usize, visible: usize) {
        let visible = visible.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        }
        if self.selected >= self.offset + visible {
            self.offset = self.selected + 1 - visible;
        }
        self.offset = self.offset.min(len.saturating_sub(visible));
    }
}

/// The filter line being edited; `cursor` is a byte offset on a character boundary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
    pub cursor: usize,
}

impl LineInput {
    fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .chars()
            .next()
            .map_or(self.cursor, |c| self.cursor + c.len_utf8())
    }

    fn backspace(&mut self) {
        let p = self.prev_boundary();
        self.text.replace_range(p..self.cursor, "");
        self.cursor = p;
    }

    fn delete(&mut self) {
        let n = self.next_boundary();
        self.text.replace_range(self.cursor..n, "");
    }

    fn delete_word(&mut self) {
        let before = &self.text[..self.cursor];
        let trimmed = before.trim_end();
        let start = trimmed
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }
}

/// One row of the entity sidebar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityRow {
    Heading { kind: EntityKind, count: usize },
    Entity(EntityHit),
}

/// Entities with a confidence under this are dimmed in the sidebar, or hidden (`u`).
pub const UNSURE: f32 = 0.5;

/// What the shown results were computed for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shown {
    pub query: Query,
    pub chips: Vec<EntityId>,
    pub show_scare: bool,
}

/// A search for the worker thread.
#[derive(Debug, Clone)]
pub struct Job {
    pub generation: u64,
    pub data: Data,
    pub request: Request,
}

impl Job {
    /// Run it here. `cancelled` says when a newer job has made it stale.
    pub fn run(&self, cancelled: &(dyn Fn() -> bool + Sync)) -> Option<Action> {
        let results = filter::search(
            &self.data.corpus,
            &self.data.index,
            &self.request,
            cancelled,
        )?;
        Some(Action::Filtered {
            generation: self.generation,
            results: Arc::new(results),
        })
    }

    /// After `run`, when it listed only the first page of quotes: every quote.
    pub fn complete(
        &self,
        results: &Results,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Action> {
        if !results.quotes_partial {
            return None;
        }
        let results = filter::complete_quotes(
            &self.data.corpus,
            &self.data.index,
            &self.request,
            results,
            cancelled,
        )?;
        Some(Action::QuotesCompleted {
            generation: self.generation,
            results: Arc::new(results),
        })
    }

    /// Run it and then complete it, handing each action over as it is ready.
    pub fn run_all(&self, cancelled: &(dyn Fn() -> bool + Sync), mut send: impl FnMut(Action)) {
        let Some(action) = self.run(cancelled) else {
            return;
        };
        let partial = match &action {
            Action::Filtered { results, .. } if results.quotes_partial => Some(results.clone()),
            _ => None,
        };
        send(action);
        if let Some(results) = partial
            && let Some(more) = self.complete(&results, cancelled)
        {
            send(more);
        }
    }
}

/// Work the app asks the event loop to do.
#[derive(Debug, Clone)]
pub enum Effect {
    Search(Job),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
}

#[derive(Debug, Clone)]
pub struct App {
    pub theme: Theme,
    pub width: u16,
    pub height: u16,
    pub data: Option<Data>,
    pub load: LoadState,
    pub focus: Pane,
    /// The filter line has the keyboard.
    pub filtering: bool,
    pub overlay: Option<Overlay>,
    pub overlay_scroll: usize,
    pub input: LineInput,
    /// Pinned entities, in pinning order.
    pub chips: Vec<EntityId>,
    pub show_scare: bool,
    /// Hide entities whose confidence is under `UNSURE` (they are shown dimmed otherwise).
    pub hide_unsure: bool,
    pub results: Arc<Results>,
    pub shown: Shown,
    /// `results` come from a search of the loaded corpus (not the empty start).
    pub shown_ready: bool,
    pub highlighter: Highlighter,
    pub entity_rows: Vec<EntityRow>,
    pub articles: Cursor,
    pub entities: Cursor,
    pub quotes: Cursor,
    pub reader: Reader,
    /// A one-off message for the status line ("Copied …").
    pub message: Option<String>,
    /// The newest search asked for; results of older ones are dropped.
    pub generation: u64,
    /// A search is running for `pending`.
    pub pending: Option<(u64, Shown)>,
    /// The search `results` came from.
    pub shown_generation: u64,
    pub should_quit: bool,
    effects: Vec<Effect>,
}

impl App {
    pub fn new(theme: Theme, width: u16, height: u16) -> App {
        App {
            theme,
            width,
            height,
            data: None,
            load: LoadState::Loading {
                progress: Progress::default(),
                elapsed: Duration::ZERO,
            },
            focus: Pane::Articles,
            filtering: false,
            overlay: None,
            overlay_scroll: 0,
            input: LineInput::default(),
            chips: Vec::new(),
            show_scare: false,
            hide_unsure: false,
            results: Arc::new(Results::default()),
            shown: Shown::default(),
            shown_ready: false,
            highlighter: Highlighter::default(),
            entity_rows: Vec::new(),
            articles: Cursor::default(),
            entities: Cursor::default(),
            quotes: Cursor::default(),
            reader: Reader::default(),
            message: None,
            generation: 0,
            pending: None,
            shown_generation: 0,
            should_quit: false,
            effects: Vec::new(),
        }
    }

    /// An app with a corpus already loaded and searched (for tests and benchmarks).
    pub fn ready(corpus: Corpus, theme: Theme, width: u16, height: u16) -> App {
        let index = Index::build(&corpus);
        let mut app = App::new(theme, width, height);
        update(
            &mut app,
            Action::Loaded(Loaded {
                corpus: Arc::new(corpus),
                index: Arc::new(index),
                elapsed: Duration::ZERO,
            }),
        );
        settle(&mut app);
        app
    }

    pub fn corpus(&self) -> Option<&Corpus> {
        self.data.as_ref().map(|d| d.corpus.as_ref())
    }

    pub fn layout(&self) -> Layout {
        Layout::new(self.width, self.height)
    }

    /// Take the work asked for since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// The action a key stands for in the current state.
    pub fn action_for_key(&self, ev: &KeyEvent) -> Option<Action> {
        let key = Key::from_event(ev)?;
        let contexts = keymap::contexts(self.overlay.is_some(), self.filtering, self.focus);
        if let Some(action) = keymap::lookup(key, &contexts) {
            return Some(action);
        }
        match key.code {
            crossterm::event::KeyCode::Char(c) if self.filtering && !key.ctrl => {
                Some(Action::FilterInsert(c))
            }
            _ => None,
        }
    }

    /// Lines a pane shows inside its border.
    pub fn pane_height(&self, pane: Pane) -> usize {
        self.layout().inner(pane).height as usize
    }

    fn visible_items(&self, pane: Pane) -> usize {
        let inner = self.layout().inner(pane);
        let h = inner.height as usize;
        match pane {
            Pane::Articles => h / ARTICLE_ROWS,
            Pane::Quotes => h / quote_rows(inner.width),
            Pane::Entities | Pane::Text => h,
        }
        .max(1)
    }

    fn text_width(&self) -> usize {
        self.layout().inner(Pane::Text).width.max(1) as usize
    }

    pub fn selected_article(&self) -> Option<usize> {
        self.results
            .articles
            .get(self.articles.selected)
            .map(|&a| a as usize)
    }

    pub fn selected_entity(&self) -> Option<EntityHit> {
        match self.entity_rows.get(self.entities.selected) {
            Some(EntityRow::Entity(hit)) => Some(*hit),
            _ => None,
        }
    }

    pub fn selected_quote(&self) -> Option<(usize, Relation)> {
        self.results
            .quotes
            .get(self.quotes.selected)
            .map(|h| (h.quote as usize, h.relation))
    }

    pub fn searching(&self) -> bool {
        self.pending.is_some()
    }

    /// Show the selected article in the text pane (if it is not shown already).
    fn follow_article_selection(&mut self) {
        let Some(data) = &self.data else { return };
        let selected = self.selected_article();
        if selected != self.reader.article {
            self.reader = Reader::open(&data.corpus, selected, self.text_width(), &self.chips);
        }
    }

    fn rebuild_entity_rows(&mut self) {
        let Some(corpus) = self.corpus() else { return };
        let mut rows = Vec::with_capacity(self.results.entities.len() + 3);
        for kind in EntityKind::ALL {
            let hits: Vec<EntityHit> = self
                .results
                .entities
                .iter()
                .filter(|h| corpus.entity(h.id).kind == kind)
                .filter(|h| !self.hide_unsure || corpus.entity(h.id).confidence >= UNSURE)
                .copied()
                .collect();
            if hits.is_empty() {
                continue;
            }
            rows.push(EntityRow::Heading {
                kind,
                count: hits.len(),
            });
            rows.extend(hits.into_iter().map(EntityRow::Entity));
        }
        self.entity_rows = rows;
    }

    /// Start a search for the current filter line, pins and scare-quote setting.
    fn refilter(&mut self) {
        let Some(data) = self.data.clone() else {
            return;
        };
        let wanted = Shown {
            query: Query::parse(&self.input.text),
            chips: self.chips.clone(),
            show_scare: self.show_scare,
        };
        self.generation += 1;
        if wanted == self.shown && self.shown_ready {
            // Back to what is on screen (a trailing space, an undo): drop any running search.
            self.pending = None;
            return;
        }
        let same_frame = wanted.chips == self.shown.chips
            && wanted.show_scare == self.shown.show_scare
            && self.shown_ready;
        let within =
            (same_frame && !self.shown.query.is_empty() && wanted.query.narrows(&self.shown.query))
                .then(|| self.results.clone());
        let request = Request {
            query: wanted.query.clone(),
            chips: wanted.chips.clone(),
            show_scare: wanted.show_scare,
            within,
        };
        self.pending = Some((self.generation, wanted));
        self.effects.push(Effect::Search(Job {
            generation: self.generation,
            data,
            request,
        }));
    }

    /// Swap in a (fuller) corpus. Pins made on a preview are carried over by name and kind,
    /// since entity ids differ between the two; articles keep their places (a preview holds
    /// the first articles of the full corpus, in the same order).
    fn replace_data(&mut self, loaded: Loaded) {
        if let Some(old) = self.corpus() {
            let pins: Vec<(String, crate::model::EntityKind)> = self
                .chips
                .iter()
                .map(|&id| (old.entity(id).name.clone(), old.entity(id).kind))
                .collect();
            self.chips = pins
                .iter()
                .filter_map(|(name, kind)| {
                    loaded
                        .corpus
                        .entities
                        .iter()
                        .find(|e| e.kind == *kind && e.name == *name)
                        .map(|e| e.id)
                })
                .collect();
        }
        self.data = Some(Data {
            corpus: loaded.corpus,
            index: loaded.index,
        });
        self.shown_ready = false;
        self.refilter();
    }

    fn apply_results(&mut self, results: Arc<Results>, shown: Shown) {
        let old_article = self.selected_article();
        let old_entity = self.selected_entity().map(|h| h.id);
        let old_quote = self.selected_quote().map(|(q, _)| q);
        let chips_changed = shown.chips != self.shown.chips;
        self.highlighter = Highlighter::new(&shown.query);
        self.results = results;
        self.shown = shown;
        self.shown_ready = true;
        self.rebuild_entity_rows();

        let a = old_article
            .and_then(|id| self.results.articles.iter().position(|&x| x as usize == id))
            .unwrap_or(0);
        let len = self.results.articles.len();
        let vis = self.visible_items(Pane::Articles);
        self.articles.set(a, len, vis);

        let e = old_entity
            .and_then(|id| {
                self.entity_rows
                    .iter()
                    .position(|r| matches!(r, EntityRow::Entity(h) if h.id == id))
            })
            .or_else(|| {
                self.entity_rows
                    .iter()
                    .position(|r| matches!(r, EntityRow::Entity(_)))
            })
            .unwrap_or(0);
        let len = self.entity_rows.len();
        let vis = self.visible_items(Pane::Entities);
        self.entities.set(e, len, vis);
        if e <= 1 {
            // Show the heading above the first entity.
            self.entities.offset = 0;
        }

        let q = old_quote
            .and_then(|id| {
                self.results
                    .quotes
                    .iter()
                    .position(|h| h.quote as usize == id)
            })
            .unwrap_or(0);
        let len = self.results.quotes.len();
        let vis = self.visible_items(Pane::Quotes);
        self.quotes.set(q, len, vis);

        if chips_changed && let Some(data) = &self.data {
            let corpus = data.corpus.clone();
            self.reader.set_targets(&corpus, &self.chips);
        }
        self.follow_article_selection();
    }

    /// The shown results, now with every quote: the selected quote stays selected.
    fn complete_quotes(&mut self, results: Arc<Results>) {
        let old_quote = self.selected_quote().map(|(q, _)| q);
        self.results = results;
        let q = old_quote
            .and_then(|id| {
                self.results
                    .quotes
                    .iter()
                    .position(|h| h.quote as usize == id)
            })
            .unwrap_or(self.quotes.selected);
        let len = self.results.quotes.len();
        let vis = self.visible_items(Pane::Quotes);
        self.quotes.set(q, len, vis);
    }

    fn move_selection(&mut self, delta: isize) {
        let pane = self.focus;
        let visible = self.visible_items(pane);
        match pane {
            Pane::Articles => {
                let len = self.results.articles.len();
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
            Pane::Quotes => {
                let len = self.results.quotes.len();
                let to = offset_index(self.quotes.selected, delta, len);
                self.quotes.set(to, len, visible);
            }
            Pane::Text => {
                let h = self.pane_height(Pane::Text);
                self.reader.scroll_by(delta, h);
            }
        }
    }

    fn page(&self) -> isize {
        let pane = self.focus;
        self.visible_items(pane).max(1) as isize
    }

    fn activate(&mut self) {
        let Some(data) = self.data.clone() else {
            return;
        };
        match self.focus {
            Pane::Articles => {
                if self.selected_article().is_some() {
                    self.focus = Pane::Text;
                }
            }
            Pane::Text => {}
            Pane::Entities => {
                let Some(hit) = self.selected_entity() else {
                    return;
                };
                let name = data.corpus.entity(hit.id).name.clone();
                if let Some(i) = self.chips.iter().position(|&c| c == hit.id) {
                    self.chips.remove(i);
                    self.message = Some(format!("Unpinned {name}"));
                } else {
                    self.chips.push(hit.id);
                    self.message = Some(format!(
                        "Pinned {name}: n/N jump between mentions, Backspace unpins"
                    ));
                }
                // The pin replaces the words typed to find the entity.
                self.input = LineInput::default();
                self.refilter();
            }
            Pane::Quotes => {
                let Some((qi, _)) = self.selected_quote() else {
                    return;
                };
                let q = data.corpus.quotes[qi].clone();
                let article = q.article as usize;
                if let Some(pos) = self
                    .results
                    .articles
                    .iter()
                    .position(|&a| a as usize == article)
                {
                    let vis = self.visible_items(Pane::Articles);
                    self.articles.set(pos, self.results.articles.len(), vis);
                }
                if self.reader.article != Some(article) {
                    self.reader =
                        Reader::open(&data.corpus, Some(article), self.text_width(), &self.chips);
                }
                let h = self.pane_height(Pane::Text);
                self.reader.focus_range(q.range(), h);
                self.focus = Pane::Text;
            }
        }
    }

    fn jump(&mut self, forward: bool) {
        let h = self.pane_height(Pane::Text);
        let what = if self.chips.is_empty() {
            "Quote"
        } else {
            "Mention"
        };
        self.message = Some(match self.reader.jump(forward, h) {
            Some((i, n)) => format!("{what} {i} of {n}"),
            None if self.reader.article.is_none() => "No article open".to_string(),
            None if self.chips.is_empty() => "No quotes in this article".to_string(),
            None => "The pinned entities are not mentioned in this article".to_string(),
        });
    }

    fn copy_quote(&mut self) {
        let Some(data) = self.data.clone() else {
            return;
        };
        let corpus = &data.corpus;
        let qi = match self.focus {
            Pane::Quotes => self.selected_quote().map(|(q, _)| q),
            _ => self.reader.current_range().and_then(|r| {
                let a = self.reader.article?;
                corpus
                    .quote_range(a)
                    .find(|&i| corpus.quotes[i].range() == *r)
            }),
        };
        let Some(qi) = qi else {
            self.message =
                Some("No quote to copy: select one in Quotes (or jump to one with n)".into());
            return;
        };
        let text = citation(corpus, qi);
        let speaker = corpus.quotes[qi]
            .speaker
            .map_or("an unnamed speaker".to_string(), |s| {
                corpus.entity(s).name.clone()
            });
        self.effects.push(Effect::Copy(text));
        self.message = Some(format!(
            "Copied the quote by {speaker} with its citation (OSC 52)"
        ));
    }

    fn overlay_len(&self) -> usize {
        match self.overlay {
            Some(Overlay::Help) => crate::ui::help::line_count(),
            Some(Overlay::Warnings) => self.corpus().map_or(0, |c| c.warnings.len()) + 2,
            None => 0,
        }
    }

    fn overlay_page(&self) -> usize {
        (self.height as usize).saturating_sub(6).max(1)
    }

    fn scroll_overlay(&mut self, delta: isize) {
        let max = self.overlay_len().saturating_sub(self.overlay_page());
        let s = self.overlay_scroll as isize + delta;
        self.overlay_scroll = (s.max(0) as usize).min(max);
    }

    fn on_resize(&mut self) {
        for pane in [Pane::Articles, Pane::Entities, Pane::Quotes] {
            let vis = self.visible_items(pane);
            match pane {
                Pane::Articles => self.articles.fit(self.results.articles.len(), vis),
                Pane::Entities => self.entities.fit(self.entity_rows.len(), vis),
                _ => self.quotes.fit(self.results.quotes.len(), vis),
            }
        }
        if let Some(data) = self.data.clone() {
            let w = self.text_width();
            self.reader.rewrap(&data.corpus, w);
            let h = self.pane_height(Pane::Text);
            self.reader.scroll = self.reader.scroll.min(self.reader.max_scroll(h));
        }
        self.scroll_overlay(0);
    }

    fn click(&mut self, column: u16, row: u16) {
        let layout = self.layout();
        if let Some(tabs) = layout.tabs
            && row == tabs.y
        {
            // Tabs are drawn evenly spaced.
            let i = (column.saturating_sub(tabs.x) as usize * 4) / tabs.width.max(1) as usize;
            self.focus = Pane::ALL[i.min(3)];
            return;
        }
        let Some(pane) = layout.pane_at(column, row, self.focus) else {
            return;
        };
        self.focus = pane;
        let inner = layout.inner(pane);
        if row < inner.y || row >= inner.y + inner.height {
            return;
        }
        let line = (row - inner.y) as usize;
        match pane {
            Pane::Articles => {
                let i = self.articles.offset + line / ARTICLE_ROWS;
                if i < self.results.articles.len() {
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
            Pane::Quotes => {
                let i = self.quotes.offset + line / quote_rows(inner.width);
                if i < self.results.quotes.len() {
                    self.quotes.selected = i;
                }
            }
            Pane::Text => {}
        }
    }
}

fn offset_index(current: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let to = current as isize + delta;
    to.clamp(0, len as isize - 1) as usize
}

/// A quote with who said it, where and when, for the clipboard.
pub fn citation(corpus: &Corpus, qi: usize) -> String {
    let q = &corpus.quotes[qi];
    let article = &corpus.articles[q.article as usize];
    let text = corpus.quote_text(q).trim();
    let speaker = q.speaker.map_or("Unattributed".to_string(), |s| {
        corpus.entity(s).name.clone()
    });
    let mut source = format!("“{}”", article.title.trim());
    for part in [article.outlet.as_deref(), article.date.as_deref()]
        .into_iter()
        .flatten()
    {
        if !part.is_empty() {
            source.push_str(", ");
            source.push_str(part);
        }
    }
    format!("“{text}” — {speaker}, {source}")
}

/// Apply one action. The only place the app's state changes.
pub fn update(app: &mut App, action: Action) {
    let user_action = !matches!(
        action,
        Action::Progress { .. }
            | Action::Preview(_)
            | Action::Loaded(_)
            | Action::Filtered { .. }
            | Action::QuotesCompleted { .. }
            | Action::Resize { .. }
    );
    if user_action {
        app.message = None;
    }
    // With an overlay open, movement scrolls it.
    if app.overlay.is_some() {
        let page = app.overlay_page() as isize;
        match action {
            Action::Up => return app.scroll_overlay(-1),
            Action::Down => return app.scroll_overlay(1),
            Action::PageUp | Action::HalfPageUp => return app.scroll_overlay(-page),
            Action::PageDown | Action::HalfPageDown => return app.scroll_overlay(page),
            Action::Top => return app.scroll_overlay(isize::MIN / 2),
            Action::Bottom => return app.scroll_overlay(isize::MAX / 2),
            _ => {}
        }
    }
    match action {
        Action::Up => app.move_selection(-1),
        Action::Down => app.move_selection(1),
        Action::Top => app.move_selection(isize::MIN / 2),
        Action::Bottom => app.move_selection(isize::MAX / 2),
        Action::HalfPageUp => {
            let p = app.page();
            app.move_selection(-(p / 2).max(1))
        }
        Action::HalfPageDown => {
            let p = app.page();
            app.move_selection((p / 2).max(1))
        }
        Action::PageUp => {
            let p = app.page();
            app.move_selection(-p)
        }
        Action::PageDown => {
            let p = app.page();
            app.move_selection(p)
        }
        Action::FocusNext => app.focus = app.focus.next(),
        Action::FocusPrev => app.focus = app.focus.prev(),
        Action::Focus(p) => app.focus = p,
        Action::Activate => app.activate(),
        Action::NextMention => app.jump(true),
        Action::PrevMention => app.jump(false),
        Action::RemoveLastChip => {
            if let Some(id) = app.chips.pop() {
                if let Some(c) = app.corpus() {
                    app.message = Some(format!("Unpinned {}", c.entity(id).name));
                }
                app.refilter();
            }
        }
        Action::ToggleScareQuotes => {
            app.show_scare = !app.show_scare;
            app.message = Some(if app.show_scare {
                "Showing scare quotes".into()
            } else {
                "Hiding scare quotes (one or two words)".into()
            });
            app.refilter();
        }
        Action::ToggleUnsure => {
            app.hide_unsure = !app.hide_unsure;
            app.message = Some(if app.hide_unsure {
                "Hiding entities the model is unsure of".into()
            } else {
                "Showing every entity (unsure ones dimmed)".into()
            });
            app.rebuild_entity_rows();
            app.entities.selected = app
                .entities
                .selected
                .min(app.entity_rows.len().saturating_sub(1));
        }
        Action::CopyQuote => app.copy_quote(),
        Action::ToggleHelp => {
            app.overlay = match app.overlay {
                Some(Overlay::Help) => None,
                _ => Some(Overlay::Help),
            };
            app.overlay_scroll = 0;
        }
        Action::ToggleWarnings => {
            app.overlay = match app.overlay {
                Some(Overlay::Warnings) => None,
                _ => Some(Overlay::Warnings),
            };
            app.overlay_scroll = 0;
        }
        Action::CloseOverlay => app.overlay = None,
        Action::Quit => app.should_quit = true,
        Action::OpenFilter => {
            app.filtering = true;
            app.input.cursor = app.input.text.len();
        }
        Action::LeaveFilter => app.filtering = false,
        Action::FilterInsert(c) => {
            if !c.is_control() {
                app.input.insert(c);
                app.refilter();
            }
        }
        Action::FilterBackspace => {
            if app.input.text.is_empty() {
                update(app, Action::RemoveLastChip);
            } else if app.input.cursor > 0 {
                app.input.backspace();
                app.refilter();
            }
        }
        Action::FilterDelete => {
            app.input.delete();
            app.refilter();
        }
        Action::FilterLeft => app.input.cursor = app.input.prev_boundary(),
        Action::FilterRight => app.input.cursor = app.input.next_boundary(),
        Action::FilterHome => app.input.cursor = 0,
        Action::FilterEnd => app.input.cursor = app.input.text.len(),
        Action::FilterClear => {
            app.input = LineInput::default();
            app.refilter();
        }
        Action::FilterDeleteWord => {
            app.input.delete_word();
            app.refilter();
        }
        Action::Paste(text) => {
            app.filtering = true;
            for c in text.chars() {
                app.input.insert(if c.is_control() { ' ' } else { c });
            }
            app.refilter();
        }
        Action::Click { column, row } => app.click(column, row),
        Action::ScrollAt { column, row, down } => {
            if let Some(p) = app.layout().pane_at(column, row, app.focus) {
                app.focus = p;
                let step = if p == Pane::Text { 3 } else { 1 };
                app.move_selection(if down { step } else { -step });
            }
        }
        Action::Resize { width, height } => {
            app.width = width;
            app.height = height;
            app.on_resize();
        }
        Action::Progress { progress, elapsed } => {
            if matches!(app.load, LoadState::Loading { .. }) {
                app.load = LoadState::Loading { progress, elapsed };
            }
        }
        Action::LoadTick { elapsed } => {
            if let LoadState::Loading { progress, .. } = app.load {
                app.load = LoadState::Loading { progress, elapsed };
            }
        }
        Action::Preview(loaded) => {
            // Panes fill in from the first articles; the status line keeps showing progress.
            if matches!(app.load, LoadState::Loading { .. }) {
                app.replace_data(loaded);
            }
        }
        Action::Loaded(loaded) => {
            app.load = LoadState::Ready {
                elapsed: loaded.elapsed,
            };
            app.replace_data(loaded);
        }
        Action::Filtered {
            generation,
            results,
        } => {
            if let Some((g, _)) = &app.pending
                && *g == generation
                && let Some((_, shown)) = app.pending.take()
            {
                app.shown_generation = generation;
                app.apply_results(results, shown);
            }
        }
        Action::QuotesCompleted {
            generation,
            results,
        } => {
            if app.pending.is_none() && app.shown_generation == generation && app.shown_ready {
                app.complete_quotes(results);
            }
        }
    }
}

/// Run the searches asked for right here, one after another, and apply their results: what the
/// worker thread does, for tests. Other effects stay queued.
pub fn settle(app: &mut App) {
    loop {
        let effects = app.take_effects();
        let (searches, others): (Vec<_>, Vec<_>) = effects
            .into_iter()
            .partition(|e| matches!(e, Effect::Search(_)));
        app.effects.extend(others);
        if searches.is_empty() {
            break;
        }
        for effect in searches {
            if let Effect::Search(job) = effect {
                let mut actions = Vec::new();
                job.run_all(&|| false, |a| actions.push(a));
                for action in actions {
                    update(app, action);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
