//! The explorer's state and the one function that changes it. `update(&mut App, Msg)` is the
//! only place state changes; drawing reads it, the event loop feeds it messages and carries out
//! the effects it asks for (a search or a wrap on a worker, a copy to the clipboard, a suspend).

mod analyst;
mod command;
pub mod date;
mod edit;
pub mod history;
pub mod keymap;
pub mod lists;
mod msg;
mod navigate;
mod open;
pub mod prompt;
pub mod reader;
mod results;
mod search;
mod settings;
pub mod view;
mod word;

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::KeyEvent;

pub use crate::geometry::{ARTICLE_ROWS, Pane, quote_rows};
pub use analyst::{CorrectJob, ExportJob, Save, Work, correct_loaded};
pub use command::{Command, Group};
pub use lists::{EntityRow, Sorts, SpeakerRow};
pub use msg::{Loaded, Msg};
pub use search::Job;
pub use view::{View, ViewKind};

use history::{History, Location};
use keymap::{Context, Key, Keymap};
use reader::{HitsJob, Reader, WrapJob};

use crate::corpus::Progress;
use crate::filter::{EntityHit, Highlighter, Index, Query, QuoteHit, Results};
use crate::geometry::{self, Layout, TabCell};
use crate::model::{Corpus, EntityId};
use crate::theme::Theme;

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

/// Where typed keys go when no view is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Keys are commands; a printable key bound to none starts the filter.
    Normal,
    /// Keys type into the filter line.
    Filter,
}

/// Entities with a confidence under this are dimmed in the sidebar, or hidden (`U`).
pub const UNSURE: f32 = 0.5;

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

    /// Select `selected` with it `row` lines from the top, as far as the list allows.
    fn place(&mut self, selected: usize, row: usize, len: usize, visible: usize) {
        self.selected = selected.min(len.saturating_sub(1));
        self.offset = self.selected.saturating_sub(row);
        self.fit(len, visible);
    }

    fn row(&self) -> usize {
        self.selected.saturating_sub(self.offset)
    }
}

/// The filter line being edited; `cursor` is a byte offset on a character boundary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
    pub cursor: usize,
}

impl LineInput {
    fn at_end(text: String) -> LineInput {
        let cursor = text.len();
        LineInput { text, cursor }
    }

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

    /// Apply a line-editing command; returns whether the text changed.
    fn edit(&mut self, c: Command) -> bool {
        let before = self.text.len();
        match c {
            Command::DeleteBack if self.cursor > 0 => {
                let p = self.prev_boundary();
                self.text.replace_range(p..self.cursor, "");
                self.cursor = p;
            }
            Command::DeleteForward => {
                let n = self.next_boundary();
                self.text.replace_range(self.cursor..n, "");
            }
            Command::CursorLeft => self.cursor = self.prev_boundary(),
            Command::CursorRight => self.cursor = self.next_boundary(),
            Command::CursorHome => self.cursor = 0,
            Command::CursorEnd => self.cursor = self.text.len(),
            Command::ClearLine => *self = LineInput::default(),
            Command::DeleteWord => {
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
            _ => {}
        }
        self.text.len() != before
    }
}

/// What the shown results were computed for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shown {
    pub query: Query,
    pub chips: Vec<EntityId>,
    pub show_scare: bool,
    /// The marks the search saw (empty unless the query asks about marks).
    pub marks: Arc<crate::filter::Marks>,
}

/// Work the app asks the event loop to do.
#[derive(Debug, Clone)]
pub enum Effect {
    Search(Job),
    /// Wrap a long article off the UI thread.
    Wrap(WrapJob),
    /// Find the filter's matches in a long article off the UI thread.
    FindHits(HitsJob),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Give the terminal back and stop until continued (Ctrl-Z).
    Suspend,
    /// Build the corpus again with the corrections (off the UI thread).
    Correct(CorrectJob),
    /// Keep state in the corpus's state directory.
    Save(Save),
    /// Write a pane's contents to a file.
    Export(ExportJob),
}

/// One count shown in pane titles and on the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub shown: usize,
    pub total: usize,
    /// More are still being listed.
    pub partial: bool,
}

impl Count {
    /// "25", "5 of 25", "500+ of 143,000".
    pub fn label(self) -> String {
        let more = if self.partial { "+" } else { "" };
        if self.shown == self.total && !self.partial {
            self.total.to_string()
        } else {
            format!("{}{more} of {}", self.shown, self.total)
        }
    }
}

/// The counts, one per thing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub articles: Count,
    pub entities: Count,
    pub quotes: Count,
    /// Scare quotes left out of the list (of the listed articles' under a filter); `None`
    /// when they are shown.
    pub scare_hidden: Option<usize>,
}

impl Counts {
    /// "116 of 143 quotes (27 scare quotes hidden)".
    pub fn quotes_label(&self) -> String {
        let mut s = format!(
            "{} {}",
            self.quotes.label(),
            plural(self.quotes.total, "quote", "quotes")
        );
        if let Some(n) = self.scare_hidden.filter(|&n| n > 0) {
            let what = plural(n, "scare quote", "scare quotes");
            s.push_str(&format!(" ({n} {what} hidden)"));
        }
        s
    }

    /// The status line's summary.
    pub fn line(&self) -> String {
        format!(
            "{} {} · {} {} · {}",
            self.articles.label(),
            plural(self.articles.total, "article", "articles"),
            self.entities.label(),
            plural(self.entities.total, "entity", "entities"),
            self.quotes_label()
        )
    }
}

#[derive(Debug, Clone)]
pub struct App {
    pub theme: Theme,
    pub width: u16,
    pub height: u16,
    pub data: Option<Data>,
    pub load: LoadState,
    pub focus: Pane,
    pub mode: Mode,
    /// Views over the panes, the top one last.
    pub views: Vec<View>,
    pub history: History,
    pub input: LineInput,
    /// Where the explorer was when the filter line was opened (recorded if the filter changes).
    filter_origin: Option<Location>,
    /// Pinned entities, in pinning order.
    pub chips: Vec<EntityId>,
    /// Hide entities whose confidence is under [`UNSURE`] (they are dimmed otherwise).
    pub hide_unsure: bool,
    pub show_scare: bool,
    pub results: Arc<Results>,
    pub shown: Shown,
    /// `results` come from a search of the loaded corpus (not the empty start).
    pub shown_ready: bool,
    pub highlighter: Highlighter,
    pub sorts: Sorts,
    /// The listed articles, in the chosen order.
    pub article_list: Arc<Vec<u32>>,
    /// The listed quotes, in the chosen order.
    pub quote_list: Arc<Vec<QuoteHit>>,
    pub entity_rows: Arc<Vec<EntityRow>>,
    /// The Quotes pane lists speakers instead of quotes.
    pub speakers: bool,
    pub speaker_rows: Arc<Vec<SpeakerRow>>,
    /// Listed quotes without a speaker.
    pub unattributed: usize,
    pub articles: Cursor,
    pub entities: Cursor,
    pub quotes: Cursor,
    pub speaker_cursor: Cursor,
    pub reader: Reader,
    /// A one-off message for the status line ("Copied …").
    pub message: Option<String>,
    /// The newest search asked for; results of older ones are dropped.
    pub generation: u64,
    /// A search is running for `pending`.
    pub pending: Option<(u64, Shown)>,
    /// The search `results` came from.
    pub shown_generation: u64,
    /// The newest wrapping job.
    wrap_generation: u64,
    /// The newest search for matches in a long article.
    hits_generation: u64,
    /// A place to go to once the search it started (its generation) is in.
    restore: Option<(u64, Location)>,
    /// Article date sort keys, made when a date sort is first chosen.
    dates: Option<Arc<Vec<i64>>>,
    /// Scare quotes in the corpus.
    scare_total: usize,
    /// Entities the model is sure of (at or above [`UNSURE`]): the total while unsure ones
    /// are hidden.
    sure_total: usize,
    /// Entities in `entity_rows` (not their headings).
    listed_entities: usize,
    /// The filter's words were looked for in the listed articles' text and are in none (it
    /// matched titles or names): `n` steps through mentions or quotes instead.
    no_body_matches: bool,
    pub should_quit: bool,
    effects: Vec<Effect>,
    /// The key bindings: the bundled table with the user's merged over it.
    pub keymap: Arc<Keymap>,
    /// Corrections, marks, history, saved searches, prompts.
    pub work: Work,
    /// After a correction: select this entity again (ids change).
    reselect_entity: Option<crate::corrections::EntityRef>,
    /// A letter's command that a following letter may still take back (a word being typed).
    word_start: Option<Box<word::WordStart>>,
}

/// How many articles `n` looks through for the next one with a hit.
const NEXT_ARTICLE_SCAN: usize = 2000;

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
            mode: Mode::Normal,
            views: Vec::new(),
            history: History::default(),
            input: LineInput::default(),
            filter_origin: None,
            chips: Vec::new(),
            show_scare: false,
            hide_unsure: false,
            results: Arc::new(Results::default()),
            shown: Shown::default(),
            shown_ready: false,
            highlighter: Highlighter::default(),
            sorts: Sorts::default(),
            article_list: Arc::default(),
            quote_list: Arc::default(),
            entity_rows: Arc::default(),
            speakers: false,
            speaker_rows: Arc::default(),
            unattributed: 0,
            articles: Cursor::default(),
            entities: Cursor::default(),
            quotes: Cursor::default(),
            speaker_cursor: Cursor::default(),
            reader: Reader::default(),
            message: None,
            generation: 0,
            pending: None,
            shown_generation: 0,
            wrap_generation: 0,
            hits_generation: 0,
            restore: None,
            dates: None,
            scare_total: 0,
            sure_total: 0,
            listed_entities: 0,
            no_body_matches: false,
            should_quit: false,
            effects: Vec::new(),
            keymap: Arc::new(Keymap::default()),
            work: Work {
                corrections_source: "corrections".into(),
                ..Work::default()
            },
            reselect_entity: None,
            word_start: None,
        }
    }

    /// Take the settings of a configuration and the key bindings made from it.
    pub fn configure(&mut self, config: &crate::config::Config, keymap: Keymap) {
        self.sorts = config.sorts;
        self.show_scare = config.show_scare;
        self.work.export_format = config.export_format;
        self.work.export_dir = config.export_dir.clone();
        self.work.min_confidence = config.min_confidence;
        self.keymap = Arc::new(keymap);
    }

    /// Load a corpus here and now, with the corrections applied as the loader would (for tests
    /// and benchmarks).
    pub fn load_now(&mut self, corpus: Corpus) {
        let (corpus, base, stale) = correct_loaded(
            corpus,
            &self.work.corrections,
            &self.work.corrections_source,
            self.work.min_confidence,
        );
        let index = Index::build(&corpus);
        update(
            self,
            Msg::Loaded(Loaded {
                corpus: Arc::new(corpus),
                index: Arc::new(index),
                elapsed: Duration::ZERO,
                base: Some(Arc::new(base)),
                stale,
            }),
        );
        settle(self);
    }

    /// An app with a corpus already loaded and searched (for tests and benchmarks).
    pub fn ready(corpus: Corpus, theme: Theme, width: u16, height: u16) -> App {
        let mut app = App::new(theme, width, height);
        app.load_now(corpus);
        app
    }

    pub fn corpus(&self) -> Option<&Corpus> {
        self.data.as_ref().map(|d| d.corpus.as_ref())
    }

    /// The geometry of the app's idea of the screen (drawing uses the frame's own area).
    pub fn layout(&self) -> Layout {
        Layout::of_size(self.width, self.height)
    }

    /// Take the work asked for since the last call.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// The keymap contexts, most specific first, in the current state.
    pub fn contexts(&self) -> Vec<Context> {
        if let Some(v) = self.views.last() {
            if v.kind == ViewKind::Prompt {
                return vec![Context::Prompt];
            }
            return v.contexts();
        }
        match self.mode {
            Mode::Filter => vec![Context::Filter],
            Mode::Normal => {
                let mut c = Vec::with_capacity(3);
                if self.focus == Pane::Quotes && self.speakers {
                    c.push(Context::Speakers);
                }
                c.push(Context::Pane(self.focus));
                c.push(Context::Global);
                c
            }
        }
    }

    /// The message a key stands for in the current state: its command, or a character for the
    /// filter line (typed there, or a printable key bound to nothing, which starts it).
    pub fn msg_for_key(&self, ev: &KeyEvent) -> Option<Msg> {
        let key = Key::from_event(ev)?;
        if let Some(command) = self.keymap.lookup(key, &self.contexts()) {
            return Some(Msg::Command(command));
        }
        let prompt = self
            .views
            .last()
            .is_some_and(|v| v.kind == ViewKind::Prompt);
        match key.printable() {
            Some(c) if self.views.is_empty() || prompt => Some(Msg::Insert(c)),
            _ => None,
        }
    }

    /// Whether this command ends the program now (`q` does from the lists).
    pub fn quits(&self, command: Command) -> bool {
        match command {
            Command::Quit => true,
            Command::Close => {
                self.views.is_empty() && self.mode == Mode::Normal && self.focus != Pane::Text
            }
            _ => false,
        }
    }

    /// Whether `o` has nothing to sort where the focus is (the text pane).
    pub fn sorts_nothing(&self) -> bool {
        self.focus == Pane::Text
    }

    /// Whether a back step has somewhere to go (the hint line says so).
    pub fn can_go_back(&self) -> bool {
        !self.views.is_empty()
            || self.mode == Mode::Filter
            || self.history.can_go_back()
            || self.focus == Pane::Text
    }

    /// Lines a pane shows inside its border.
    pub fn pane_height(&self, pane: Pane) -> usize {
        self.layout().inner(pane).height as usize
    }

    fn visible_items(&self, pane: Pane) -> usize {
        self.layout().visible_items(pane)
    }

    fn text_width(&self) -> usize {
        self.layout().text_width()
    }

    fn text_height(&self) -> usize {
        self.pane_height(Pane::Text)
    }

    pub fn selected_article(&self) -> Option<usize> {
        self.article_list
            .get(self.articles.selected)
            .map(|&a| a as usize)
    }

    pub fn selected_entity(&self) -> Option<EntityHit> {
        match self.entity_rows.get(self.entities.selected) {
            Some(EntityRow::Entity(hit)) => Some(*hit),
            _ => None,
        }
    }

    pub fn selected_quote(&self) -> Option<usize> {
        self.quote_list
            .get(self.quotes.selected)
            .map(|h| h.quote as usize)
    }

    pub fn selected_speaker(&self) -> Option<EntityId> {
        self.speaker_rows
            .get(self.speaker_cursor.selected)
            .map(|r| r.id)
    }

    pub fn searching(&self) -> bool {
        self.pending.is_some()
    }

    /// The counts every title and the status line show.
    pub fn counts(&self) -> Counts {
        let corpus = self.corpus();
        let total = |f: fn(&Corpus) -> usize| corpus.map_or(0, f);
        let filtered = !self.shown.query.is_empty() || !self.chips.is_empty();
        Counts {
            articles: Count {
                shown: self.article_list.len(),
                total: total(|c| c.articles.len()),
                partial: false,
            },
            // What the pane lists: hidden unsure entities are neither shown nor counted.
            entities: Count {
                shown: self.listed_entities,
                total: if self.hide_unsure {
                    self.sure_total
                } else {
                    total(|c| c.entities.len())
                },
                partial: false,
            },
            quotes: Count {
                shown: self.quote_list.len(),
                total: total(|c| c.quotes.len()),
                partial: self.results.quotes_partial,
            },
            // Under a filter, the search counted those of the listed articles (or quotes).
            scare_hidden: (!self.show_scare).then_some(if filtered {
                self.results.scare_hidden
            } else {
                self.scare_total
            }),
        }
    }

    /// Each tab's labels, longest first (the tab bar shows the longest that fit).
    pub fn tab_labels(&self) -> [Vec<String>; 4] {
        let counts = self.counts();
        Pane::ALL.map(|pane| {
            let n = pane.number();
            let title = pane.title();
            let count = match pane {
                _ if self.data.is_none() => None,
                Pane::Articles => Some(counts.articles.shown.to_string()),
                Pane::Text => None,
                Pane::Entities => Some(counts.entities.shown.to_string()),
                Pane::Quotes if self.speakers => Some(self.speaker_rows.len().to_string()),
                Pane::Quotes => Some(format!(
                    "{}{}",
                    counts.quotes.shown,
                    if counts.quotes.partial { "+" } else { "" }
                )),
            };
            let title = if pane == Pane::Quotes && self.speakers {
                "Speakers"
            } else {
                title
            };
            // Four labels for every tab, so a level means the same kind of label for all.
            let mut labels = Vec::with_capacity(4);
            labels.push(match count {
                Some(c) => format!(" {n} {title} {c} "),
                None => format!(" {n} {title} "),
            });
            labels.push(format!(" {n} {title} "));
            labels.push(format!(" {n} {} ", &title[..3]));
            labels.push(format!(" {n} "));
            labels
        })
    }

    /// The tab cells of a layout, for drawing and for clicks alike.
    pub fn tab_cells(&self, layout: &Layout) -> [TabCell; 4] {
        let widths = self.tab_labels().map(|ls| {
            ls.iter()
                .map(|l| unicode_width::UnicodeWidthStr::width(l.as_str()))
                .collect()
        });
        match layout.tabs {
            Some(bar) => geometry::tab_cells(bar, &widths, self.focus.number() - 1),
            None => [TabCell::default(); 4],
        }
    }

    fn command(&mut self, c: Command) {
        if self
            .views
            .last()
            .is_some_and(|v| v.kind == ViewKind::Prompt)
        {
            self.prompt_command(c);
            return;
        }
        if self.view_command(c) {
            return;
        }
        match c.group() {
            Group::Move => self.navigate(c),
            Group::Open => self.open(c),
            Group::Edit => self.edit(c),
            Group::Other => self.other(c),
            Group::Work => self.work(c),
        }
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn offset_index(current: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let to = current as isize + delta;
    to.clamp(0, len as isize - 1) as usize
}

/// Text as one line: newlines and runs of spaces become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A quote with who said it, where and when, for the clipboard: one line, ending with the URL.
pub fn citation(corpus: &Corpus, qi: usize) -> String {
    let q = &corpus.quotes[qi];
    let article = &corpus.articles[q.article as usize];
    let text = one_line(corpus.quote_text(q));
    let speaker = q.speaker.map_or("Unattributed".to_string(), |s| {
        corpus.entity(s).name.clone()
    });
    let mut source = format!("“{}”", one_line(&article.title));
    let date = article.date.as_deref().map(date::display);
    for part in [
        article.outlet.as_deref(),
        date.as_deref(),
        article.url.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        let part = one_line(part);
        if !part.is_empty() {
            source.push_str(", ");
            source.push_str(&part);
        }
    }
    match q.kind {
        // The writer's words: never put in quotation marks.
        crate::model::QuoteKind::Indirect => {
            format!("Reported (not a quotation): {text} — {speaker}, {source}")
        }
        _ => format!("“{text}” — {speaker}, {source}"),
    }
}

/// Apply one message. The only place the app's state changes.
pub fn update(app: &mut App, msg: Msg) {
    match &msg {
        Msg::Key { .. } | Msg::Tick(_) => {}
        // Any other input, or a corpus replacing this one, means no word is being typed.
        m if m.from_user()
            || matches!(
                m,
                Msg::Loaded(_) | Msg::Preview(_) | Msg::Corrected { .. } | Msg::Resize { .. }
            ) =>
        {
            app.settle_word_start()
        }
        _ => {}
    }
    if msg.from_user() {
        app.message = None;
    }
    match msg {
        Msg::Key { key, at } => app.key(&key, at),
        Msg::Tick(now) => app.tick(now),
        Msg::Command(c) => app.command(c),
        Msg::Insert(c) => app.insert(c),
        Msg::Paste(text) => app.paste(text),
        Msg::Focus(p) => app.focus = p,
        Msg::Click { column, row } => app.click(column, row),
        Msg::ScrollAt { column, row, down } => app.scroll_at(column, row, down),
        Msg::Resize { width, height } => app.resize(width, height),
        Msg::Progress { progress, elapsed } => {
            if matches!(app.load, LoadState::Loading { .. }) {
                app.load = LoadState::Loading { progress, elapsed };
            }
        }
        Msg::LoadTick { elapsed } => {
            if let LoadState::Loading { progress, .. } = app.load {
                app.load = LoadState::Loading { progress, elapsed };
            }
        }
        Msg::Preview(loaded) => {
            // Panes fill in from the first articles; the status line keeps showing progress.
            if matches!(app.load, LoadState::Loading { .. }) {
                app.replace_data(loaded);
            }
        }
        Msg::Loaded(loaded) => {
            app.load = LoadState::Ready {
                elapsed: loaded.elapsed,
            };
            app.loaded_work(&loaded);
            app.replace_data(loaded);
        }
        Msg::Corrected {
            generation,
            loaded,
            done,
        } => app.corrected(generation, loaded, done),
        Msg::Note(text) => app.message = Some(text),
        Msg::Filtered {
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
        Msg::QuotesCompleted {
            generation,
            results,
        } => {
            if app.pending.is_none() && app.shown_generation == generation && app.shown_ready {
                app.complete_quotes(results);
            }
        }
        Msg::CannotSuspend => {
            app.message = Some("No shell with job control to suspend to (Q quits)".into());
        }
        Msg::Hits(found) => {
            let h = app.text_height();
            if let Some(jump) = app.reader.found(*found, h) {
                app.jumped(jump, true);
            }
        }
        Msg::Wrapped(wrapped) => {
            let h = app.text_height();
            app.reader.wrapped(*wrapped, h);
        }
    }
}

/// Run the searches and wrapping jobs asked for right here, one after another, and apply their
/// results: what the worker threads do, for tests. Other effects stay queued.
pub fn settle(app: &mut App) {
    loop {
        let effects = app.take_effects();
        let (work, others): (Vec<_>, Vec<_>) = effects.into_iter().partition(|e| {
            matches!(
                e,
                Effect::Search(_) | Effect::Wrap(_) | Effect::FindHits(_) | Effect::Correct(_)
            )
        });
        app.effects.extend(others);
        if work.is_empty() {
            break;
        }
        for effect in work {
            let mut msgs = Vec::new();
            match effect {
                Effect::Search(job) => job.run_all(&|| false, |m| msgs.push(m)),
                Effect::Wrap(job) => {
                    msgs.extend(job.run(&|| false).map(|w| Msg::Wrapped(Box::new(w))))
                }
                Effect::FindHits(job) => msgs.extend(job.run().map(|f| Msg::Hits(Box::new(f)))),
                Effect::Correct(job) => msgs.push(job.run()),
                _ => {}
            }
            for m in msgs {
                update(app, m);
            }
        }
    }
}

#[cfg(test)]
mod tests;
