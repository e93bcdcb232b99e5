//! The reader's own work, kept between sessions: corrections to the entities (merge, rename,
//! hide, kind, undo), stars and review marks, exports of what a pane lists, the filter history
//! and saved searches, and the prompts and command palette they go through. What is to be kept
//! is handed to the event loop as `Effect::Save`; `update` itself does no I/O.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::prompt::{Choice, ChoiceAction, Prompt, PromptKind};
use super::view::{View, ViewKind};
use super::{App, Command, Data, Effect, Loaded, Mode, Msg, Pane, Shown};
use crate::corrections::{self, Base, Correction, EntityRef, Stale};
use crate::export::{self, Format, Table, What};
use crate::filter::{Index, Marks as MarkSets, Query};
use crate::model::{Corpus, EntityId, EntityKind};
use crate::state::{self, Mark, Marks, Prefs, SavedSearch, Stored};

/// State to write, by the event loop, to the corpus's state directory.
#[derive(Debug, Clone, PartialEq)]
pub enum Save {
    Corrections(Vec<Correction>),
    Marks(Vec<Mark>),
    History(Vec<String>),
    Searches(Vec<SavedSearch>),
    Prefs(Prefs),
}

/// A pane's contents to write to a file (named by the event loop, in `dir`).
#[derive(Debug, Clone)]
pub struct ExportJob {
    pub what: What,
    pub format: Format,
    pub rows: usize,
    pub bytes: Vec<u8>,
    pub dir: Option<PathBuf>,
}

/// Build the corpus again from its extracted entities with the corrections, and its index.
#[derive(Debug, Clone)]
pub struct CorrectJob {
    pub generation: u64,
    pub current: Arc<Corpus>,
    pub base: Arc<Base>,
    pub corrections: Vec<Correction>,
    /// What the loop says when it is done ("Merged … (u undoes)").
    pub done: String,
    /// The corrections file, for warnings.
    pub source: String,
}

impl CorrectJob {
    pub fn run(&self) -> Msg {
        let (corpus, stale) =
            corrections::reapply(&self.current, &self.base, &self.corrections, &self.source);
        let index = Index::build(&corpus);
        Msg::Corrected {
            generation: self.generation,
            loaded: Loaded {
                corpus: Arc::new(corpus),
                index: Arc::new(index),
                elapsed: Duration::ZERO,
                base: Some(self.base.clone()),
                stale: stale.clone(),
            },
            done: self.done.clone(),
        }
    }
}

/// The reader's work carried by the app.
#[derive(Debug, Clone, Default)]
pub struct Work {
    pub corrections: Vec<Correction>,
    /// The corpus as extracted (for applying the corrections again from the start).
    pub base: Option<Arc<Base>>,
    /// Corrections that found nothing to correct at the last load.
    pub stale: Vec<Stale>,
    /// The newest correction job; older results are dropped.
    pub correcting: u64,
    pub marks: Marks,
    /// `marks`, as indexes of the loaded corpus.
    pub mark_sets: Arc<MarkSets>,
    pub filter_history: Vec<String>,
    /// Walking the history: the entry shown, and the line as it was before.
    pub walk: Option<(usize, String)>,
    pub searches: Vec<SavedSearch>,
    pub prefs: Prefs,
    /// The format the config file sets (asked for, when none).
    pub export_format: Option<Format>,
    pub export_dir: Option<PathBuf>,
    pub prompt: Option<Prompt>,
    /// Where corrections are kept (named in warnings about stale ones).
    pub corrections_source: String,
    pub min_confidence: f32,
}

impl App {
    /// Take in what was kept from earlier sessions (before the corpus loads).
    pub fn restore(&mut self, stored: Stored) {
        self.work.corrections = stored.corrections;
        self.work.marks = Marks { list: stored.marks };
        self.work.filter_history = stored.history;
        self.work.searches = stored.searches;
        self.work.prefs = stored.prefs;
    }

    /// The corrections to apply as a corpus loads.
    pub fn corrections(&self) -> &[Correction] {
        &self.work.corrections
    }

    /// The format `E` writes in: the config's, else the one chosen before.
    pub fn export_format(&self) -> Option<Format> {
        self.work.export_format.or(self.work.prefs.export_format)
    }

    fn save(&mut self, save: Save) {
        self.effects.push(Effect::Save(save));
    }

    /// After a load: marks resolved against the new corpus, stale corrections reported.
    pub(super) fn loaded_work(&mut self, loaded: &Loaded) {
        if let Some(base) = &loaded.base {
            self.work.base = Some(base.clone());
        }
        self.work.stale = loaded.stale.clone();
        self.resolve_marks(&loaded.corpus);
        if !loaded.stale.is_empty() {
            let n = loaded.stale.len();
            self.message = Some(format!(
                "{n} correction{} no longer appl{} (w lists {})",
                if n == 1 { "" } else { "s" },
                if n == 1 { "ies" } else { "y" },
                if n == 1 { "it" } else { "them" }
            ));
        }
    }

    fn resolve_marks(&mut self, corpus: &Corpus) {
        let (sets, _) = self.work.marks.resolve(corpus);
        self.work.mark_sets = Arc::new(sets);
    }

    /// Marks for a search: only when the query asks about them (so a new star does not search
    /// again for a query that does not care).
    pub(super) fn marks_for(&self, query: &Query) -> Arc<MarkSets> {
        if query.groups.iter().any(|g| g.facet.is_mark()) {
            self.work.mark_sets.clone()
        } else {
            Arc::default()
        }
    }

    pub fn is_starred_article(&self, a: usize) -> bool {
        self.work
            .mark_sets
            .starred_articles
            .binary_search(&(a as u32))
            .is_ok()
    }

    pub fn is_starred_quote(&self, q: usize) -> bool {
        self.work
            .mark_sets
            .starred_quotes
            .binary_search(&(q as u32))
            .is_ok()
    }

    pub fn is_reviewed(&self, a: usize) -> bool {
        self.work
            .mark_sets
            .reviewed
            .binary_search(&(a as u32))
            .is_ok()
    }

    pub fn prompt(&self) -> Option<&Prompt> {
        self.work.prompt.as_ref()
    }

    pub(super) fn work(&mut self, c: Command) {
        match c {
            Command::Merge => self.begin_correction(c),
            Command::Rename => self.begin_correction(c),
            Command::Hide => self.begin_correction(c),
            Command::ChangeKind => self.begin_correction(c),
            Command::Undo => self.undo(),
            Command::Export => match self.export_format() {
                Some(format) => self.export(format),
                None => self.ask_format(true),
            },
            Command::ExportFormat => self.ask_format(false),
            Command::Star => self.star(),
            Command::Reviewed => self.toggle_reviewed(),
            Command::SaveSearch => self.ask_search_name(),
            Command::Palette => self.open_palette(),
            _ => {}
        }
    }

    // Prompts.

    fn open_prompt(&mut self, prompt: Prompt) {
        self.work.prompt = Some(prompt);
        self.views.retain(|v| v.kind != ViewKind::Prompt);
        self.views.push(View::new(ViewKind::Prompt));
    }

    pub(super) fn close_prompt(&mut self) {
        self.work.prompt = None;
        self.views.retain(|v| v.kind != ViewKind::Prompt);
    }

    /// Rows of choices a prompt shows at most.
    pub fn prompt_rows(&self) -> usize {
        self.layout().prompt_rows()
    }

    /// A command while a prompt is on top.
    pub(super) fn prompt_command(&mut self, c: Command) {
        let rows = self.prompt_rows();
        let Some(p) = self.work.prompt.as_mut() else {
            self.close_prompt();
            return;
        };
        match c {
            Command::Down => p.step(1, rows),
            Command::Up => p.step(-1, rows),
            Command::Close | Command::Back => self.close_prompt(),
            Command::Accept => self.accept(),
            Command::Quit => self.should_quit = true,
            Command::Suspend => self.effects.push(Effect::Suspend),
            c => {
                if p.input.edit(c) && !p.is_line() {
                    p.narrow();
                }
            }
        }
    }

    pub(super) fn prompt_insert(&mut self, text: &str) {
        if let Some(p) = self.work.prompt.as_mut() {
            for c in text.chars() {
                p.input.insert(if c.is_control() { ' ' } else { c });
            }
            if !p.is_line() {
                p.narrow();
            }
        }
    }

    fn accept(&mut self) {
        let Some(p) = self.work.prompt.take() else {
            return;
        };
        self.close_prompt();
        let text = p.input.text.trim().to_string();
        let choice = p.selected().map(|c| c.action);
        match (p.kind, choice) {
            (PromptKind::Rename(id), _) => {
                if text.is_empty() {
                    self.message = Some("A name cannot be empty: nothing renamed".into());
                } else if let Some(e) = self.corpus().map(|c| c.entity(id).clone()) {
                    if e.name == text {
                        self.message = Some("Same name: nothing renamed".into());
                        return;
                    }
                    let done = format!("Renamed {} to {text} (u undoes)", e.name);
                    self.correct(
                        Correction::Rename {
                            name: e.name,
                            kind: e.kind,
                            to: text,
                        },
                        done,
                    );
                }
            }
            (PromptKind::SaveSearch, _) => self.save_search(text),
            (_, None) => self.message = Some("Nothing chosen".into()),
            (PromptKind::Palette, Some(ChoiceAction::Command(c))) => self.command(c),
            (PromptKind::Palette, Some(ChoiceAction::Search(i))) => self.run_search(i),
            (PromptKind::MergeInto(from), Some(ChoiceAction::Entity(into))) => {
                if let Some(corpus) = self.corpus() {
                    let (f, t) = (corpus.entity(from).clone(), corpus.entity(into).clone());
                    let done = format!("Merged {} into {} (u undoes)", f.name, t.name);
                    self.correct(Correction::merge(&f, &t), done);
                }
            }
            (PromptKind::Kind(id), Some(ChoiceAction::Kind(to))) => {
                if let Some(e) = self.corpus().map(|c| c.entity(id).clone()) {
                    let done = format!("{} is now {} (u undoes)", e.name, a_kind(to));
                    self.correct(
                        Correction::Kind {
                            name: e.name,
                            kind: e.kind,
                            to,
                        },
                        done,
                    );
                }
            }
            (PromptKind::ExportFormat { then_export }, Some(ChoiceAction::Format(f))) => {
                self.work.prefs.export_format = Some(f);
                // The config's format, if it names one, still wins; this is the remembered one.
                self.work.export_format = None;
                let prefs = self.work.prefs.clone();
                self.save(Save::Prefs(prefs));
                if then_export {
                    self.export(f);
                } else {
                    self.message = Some(format!("E now exports as {}", f.label()));
                }
            }
            _ => {}
        }
    }

    fn open_palette(&mut self) {
        let mut choices: Vec<Choice> = self
            .work
            .searches
            .iter()
            .enumerate()
            .map(|(i, s)| Choice {
                label: s.name.clone(),
                detail: search_summary(s),
                key: "search".into(),
                action: ChoiceAction::Search(i),
            })
            .collect();
        // The reader's own work first, then views and settings, then opening and moving.
        let mut commands: Vec<Command> = Command::ALL
            .iter()
            .copied()
            .filter(|c| {
                !matches!(c, Command::Palette | Command::Accept) && c.group() != super::Group::Edit
            })
            .collect();
        commands.sort_by_key(|c| match c.group() {
            super::Group::Work => 0,
            super::Group::Other => 1,
            super::Group::Open => 2,
            _ => 3,
        });
        for c in commands {
            choices.push(Choice {
                label: c.name().replace('_', " "),
                detail: c.description().to_string(),
                key: self.keymap.key_of(c).unwrap_or_default(),
                action: ChoiceAction::Command(c),
            });
        }
        self.open_prompt(Prompt::choose(
            PromptKind::Palette,
            "Commands and saved searches",
            choices,
        ));
    }

    // Corrections.

    /// The entity a correction is about: the one selected in Entities (or the speakers list).
    fn entity_to_correct(&mut self) -> Option<EntityId> {
        let id = match (self.focus, self.speakers) {
            (Pane::Entities, _) => self.selected_entity().map(|h| h.id),
            (Pane::Quotes, true) => self.selected_speaker(),
            _ => None,
        };
        let id = id.or(match self.views.last().map(|v| v.kind) {
            Some(ViewKind::Entity(id)) => Some(id),
            _ => None,
        });
        if id.is_none() {
            self.message = Some("Select an entity first: 3 focuses Entities".into());
        }
        id
    }

    fn begin_correction(&mut self, c: Command) {
        if self.data.is_none() {
            return;
        }
        let Some(id) = self.entity_to_correct() else {
            return;
        };
        let Some(corpus) = self.corpus() else { return };
        let e = corpus.entity(id).clone();
        match c {
            Command::Merge => {
                let mut others: Vec<&crate::model::Entity> =
                    corpus.entities.iter().filter(|o| o.id != id).collect();
                // The same kind first, then the most mentioned.
                others
                    .sort_by_key(|o| (o.kind != e.kind, std::cmp::Reverse(o.article_count), o.id));
                let choices = others
                    .iter()
                    .map(|o| Choice {
                        label: o.name.clone(),
                        detail: format!(
                            "{} · {} article{}",
                            o.kind.as_str(),
                            o.article_count,
                            if o.article_count == 1 { "" } else { "s" }
                        ),
                        key: String::new(),
                        action: ChoiceAction::Entity(o.id),
                    })
                    .collect();
                self.open_prompt(Prompt::choose(
                    PromptKind::MergeInto(id),
                    format!("Merge {} into", e.name),
                    choices,
                ));
            }
            Command::Rename => {
                self.open_prompt(Prompt::line(
                    PromptKind::Rename(id),
                    format!("Rename {}", e.name),
                    &e.name,
                ));
            }
            Command::ChangeKind => {
                let choices = EntityKind::ALL
                    .into_iter()
                    .filter(|k| *k != e.kind)
                    .map(|k| Choice {
                        label: k.as_str().to_string(),
                        detail: format!("{} is {} now", e.name, a_kind(e.kind)),
                        key: String::new(),
                        action: ChoiceAction::Kind(k),
                    })
                    .collect();
                self.open_prompt(Prompt::choose(
                    PromptKind::Kind(id),
                    format!("{} is a", e.name),
                    choices,
                ));
            }
            Command::Hide => {
                let done = format!("Hid {}: not an entity (u undoes)", e.name);
                self.correct(
                    Correction::Hide {
                        name: e.name,
                        kind: e.kind,
                    },
                    done,
                );
            }
            _ => {}
        }
    }

    /// Keep a correction and build the corrected corpus (off the UI thread).
    fn correct(&mut self, correction: Correction, done: String) {
        self.work.corrections.push(correction);
        let list = self.work.corrections.clone();
        self.save(Save::Corrections(list));
        self.rebuild_corrected(done);
    }

    fn rebuild_corrected(&mut self, done: String) {
        let (Some(data), Some(base)) = (self.data.clone(), self.work.base.clone()) else {
            self.message = Some("The corpus is still loading: try again in a moment".into());
            return;
        };
        self.work.correcting += 1;
        self.effects.push(Effect::Correct(CorrectJob {
            generation: self.work.correcting,
            current: data.corpus,
            base,
            corrections: self.work.corrections.clone(),
            done,
            source: self.work.corrections_source.clone(),
        }));
        self.message = Some("Applying the correction…".into());
    }

    fn undo(&mut self) {
        match self.work.corrections.pop() {
            Some(c) => {
                let list = self.work.corrections.clone();
                self.save(Save::Corrections(list));
                self.rebuild_corrected(format!("Undone: {c}"));
            }
            None => self.message = Some("No correction to undo".into()),
        }
    }

    /// A corrected corpus is in (the newest job's only).
    pub(super) fn corrected(&mut self, generation: u64, loaded: Loaded, done: String) {
        if generation != self.work.correcting {
            return;
        }
        // Entity ids change: keep the selected entity (or the one it was merged into).
        let keep = self.selected_entity().and_then(|h| {
            let corpus = self.corpus()?;
            Some(EntityRef::of(corpus.entity(h.id)))
        });
        self.loaded_work(&loaded);
        self.replace_data(loaded);
        self.reselect_entity = keep;
        if self.work.stale.is_empty() {
            self.message = Some(done);
        }
    }

    // Marks.

    fn star(&mut self) {
        let Some(corpus) = self.data.as_ref().map(|d| d.corpus.clone()) else {
            return;
        };
        let quote_view = match self.views.last().map(|v| v.kind) {
            Some(ViewKind::Quote(q)) => Some(q),
            _ => None,
        };
        let (mark, what) = match (quote_view, self.focus) {
            (Some(q), _) => (Mark::star_quote(&corpus, q), "the quote"),
            (None, Pane::Quotes) if !self.speakers => (
                self.selected_quote()
                    .and_then(|q| Mark::star_quote(&corpus, q)),
                "the quote",
            ),
            (None, Pane::Articles) => (
                self.selected_article()
                    .and_then(|a| Mark::star_article(&corpus, a)),
                "the article",
            ),
            (None, Pane::Text) => (
                self.reader
                    .article
                    .and_then(|a| Mark::star_article(&corpus, a)),
                "the article",
            ),
            _ => (None, ""),
        };
        let Some(mark) = mark else {
            self.message = Some("Select an article or a quote to star".into());
            return;
        };
        let on = self.work.marks.toggle(mark);
        self.message = Some(if on {
            format!("Starred {what} (star: lists starred ones)")
        } else {
            format!("Unstarred {what}")
        });
        self.marks_changed(&corpus);
    }

    fn toggle_reviewed(&mut self) {
        let Some(corpus) = self.data.as_ref().map(|d| d.corpus.clone()) else {
            return;
        };
        let article = match self.focus {
            Pane::Text => self.reader.article,
            _ => self.selected_article(),
        };
        let Some(mark) = article.and_then(|a| Mark::reviewed(&corpus, a)) else {
            self.message = Some("Select an article to mark reviewed".into());
            return;
        };
        let on = self.work.marks.toggle(mark);
        self.message = Some(if on {
            "Marked reviewed (!reviewed: lists the others)".into()
        } else {
            "No longer marked reviewed".into()
        });
        self.marks_changed(&corpus);
    }

    fn marks_changed(&mut self, corpus: &Corpus) {
        self.resolve_marks(corpus);
        let list = self.work.marks.list.clone();
        self.save(Save::Marks(list));
        if self.shown.query.groups.iter().any(|g| g.facet.is_mark()) {
            self.refilter();
        }
    }

    // Exports.

    fn ask_format(&mut self, then_export: bool) {
        let current = self.export_format();
        let choices = Format::ALL
            .into_iter()
            .map(|f| Choice {
                label: f.extension().to_string(),
                detail: format!(
                    "{}{}",
                    f.label(),
                    if Some(f) == current { " · now" } else { "" }
                ),
                key: String::new(),
                action: ChoiceAction::Format(f),
            })
            .collect();
        self.open_prompt(Prompt::choose(
            PromptKind::ExportFormat { then_export },
            "Export as (remembered)",
            choices,
        ));
    }

    /// The focused list as a table, as it is listed.
    pub fn export_table(&self) -> Option<Table> {
        let corpus = self.corpus()?;
        let starred_article = |a: usize| self.is_starred_article(a);
        let starred_quote = |q: usize| self.is_starred_quote(q);
        let reviewed = |a: usize| self.is_reviewed(a);
        Some(match (self.focus, self.speakers) {
            (Pane::Articles, _) => {
                export::articles(corpus, &self.article_list, &starred_article, &reviewed)
            }
            (Pane::Entities, _) => {
                let hits: Vec<_> = self
                    .entity_rows
                    .iter()
                    .filter_map(|r| match r {
                        super::EntityRow::Entity(h) => Some(*h),
                        _ => None,
                    })
                    .collect();
                export::entities(corpus, &hits)
            }
            (Pane::Quotes, false) => export::quotes(corpus, &self.quote_list, &starred_quote),
            (Pane::Quotes, true) => export::speakers(corpus, &self.speaker_rows),
            (Pane::Text, _) => {
                let a = self.reader.article?;
                let hits: Vec<_> = corpus
                    .quote_range(a)
                    .filter(|&q| self.show_scare || !corpus.quotes[q].scare)
                    .map(|q| crate::filter::QuoteHit {
                        quote: q as u32,
                        relation: crate::filter::Relation::Matches,
                    })
                    .collect();
                export::quotes(corpus, &hits, &starred_quote)
            }
        })
    }

    fn export(&mut self, format: Format) {
        let Some(table) = self.export_table() else {
            self.message = Some("Nothing to export yet".into());
            return;
        };
        if self.results.quotes_partial && table.what == What::Quotes {
            self.message = Some("Still listing quotes: export again in a moment".into());
            return;
        }
        let rows = table.rows.len();
        self.effects.push(Effect::Export(ExportJob {
            what: table.what,
            format,
            rows,
            bytes: export::to_bytes(&table, format),
            dir: self.work.export_dir.clone(),
        }));
    }

    // History and saved searches.

    /// Record a filter as it is left.
    pub(super) fn remember_filter(&mut self) {
        self.work.walk = None;
        let text = self.input.text.clone();
        if state::remember(&mut self.work.filter_history, &text) {
            let list = self.work.filter_history.clone();
            self.save(Save::History(list));
        }
    }

    /// Up (older) or Down (newer) in the filter line.
    pub(super) fn walk_history(&mut self, older: bool) {
        let len = self.work.filter_history.len();
        let (at, draft) = match self.work.walk.take() {
            Some(w) => w,
            None => (len, self.input.text.clone()),
        };
        let to = if older {
            if at == 0 {
                self.work.walk = Some((at, draft));
                self.message = Some("The oldest filter in the history".into());
                return;
            }
            at - 1
        } else {
            at + 1
        };
        if to >= len {
            self.input = super::LineInput::at_end(draft);
        } else {
            self.input = super::LineInput::at_end(self.work.filter_history[to].clone());
            self.work.walk = Some((to, draft));
        }
        self.refilter();
    }

    fn ask_search_name(&mut self) {
        let suggestion = if !self.input.text.trim().is_empty() {
            self.input.text.trim().to_string()
        } else if let Some(corpus) = self.corpus() {
            self.chips
                .iter()
                .map(|&c| corpus.entity(c).name.clone())
                .collect::<Vec<_>>()
                .join(" + ")
        } else {
            String::new()
        };
        if suggestion.is_empty() {
            self.message = Some("Nothing to save: type a filter or pin an entity first".into());
            return;
        }
        if self.mode == Mode::Filter {
            self.commit_filter();
        }
        self.open_prompt(Prompt::line(
            PromptKind::SaveSearch,
            "Save this search as",
            &suggestion,
        ));
    }

    fn save_search(&mut self, name: String) {
        if name.is_empty() {
            self.message = Some("A saved search needs a name: nothing saved".into());
            return;
        }
        let Some(corpus) = self.corpus() else { return };
        let pins = self
            .chips
            .iter()
            .map(|&c| EntityRef::of(corpus.entity(c)))
            .collect();
        let saved = SavedSearch {
            name: name.clone(),
            query: self.input.text.trim().to_string(),
            pins,
        };
        self.work.searches.retain(|s| s.name != name);
        self.work.searches.push(saved);
        let list = self.work.searches.clone();
        self.save(Save::Searches(list));
        self.message = Some(format!("Saved the search as “{name}” (: lists it)"));
    }

    fn run_search(&mut self, i: usize) {
        let Some(saved) = self.work.searches.get(i).cloned() else {
            return;
        };
        let Some(corpus) = self.corpus() else { return };
        let mut missing = Vec::new();
        let chips: Vec<EntityId> = saved
            .pins
            .iter()
            .filter_map(|p| {
                let found = corpus
                    .entities
                    .iter()
                    .find(|e| e.kind == p.kind && e.name == p.name)
                    .map(|e| e.id);
                if found.is_none() {
                    missing.push(p.name.clone());
                }
                found
            })
            .collect();
        self.visit();
        self.mode = Mode::Normal;
        self.input = super::LineInput::at_end(saved.query.clone());
        self.chips = chips;
        self.refilter();
        self.message = Some(if missing.is_empty() {
            format!("Search “{}”", saved.name)
        } else {
            format!(
                "Search “{}”: no longer found: {}",
                saved.name,
                missing.join(", ")
            )
        });
    }
}

fn a_kind(k: EntityKind) -> &'static str {
    match k {
        EntityKind::Person => "a person",
        EntityKind::Country => "a country",
        EntityKind::Organisation => "an organisation",
    }
}

fn search_summary(s: &SavedSearch) -> String {
    let mut parts = Vec::new();
    if !s.query.is_empty() {
        parts.push(format!("/{}", s.query));
    }
    for p in &s.pins {
        parts.push(format!("pin {}", p.name));
    }
    parts.join(" · ")
}

/// Apply corrections to a freshly built corpus, as every load does: the corrected corpus, what
/// it was before them (for undo), and those that found nothing (also added to the corpus's
/// warnings, naming `source`).
pub fn correct_loaded(
    mut corpus: Corpus,
    corrections: &[Correction],
    source: &str,
    min_confidence: f32,
) -> (Corpus, Base, Vec<Stale>) {
    crate::config::min_confidence_hook(&mut corpus, min_confidence);
    let base = Base::of(&corpus);
    let stale = corrections::apply(&mut corpus, corrections);
    corrections::warn_stale(&mut corpus, &stale, source);
    (corpus, base, stale)
}

impl Data {
    pub fn of(loaded: &Loaded) -> Data {
        Data {
            corpus: loaded.corpus.clone(),
            index: loaded.index.clone(),
        }
    }
}

impl Shown {
    pub fn asks_marks(&self) -> bool {
        self.query.groups.iter().any(|g| g.facet.is_mark())
    }
}
