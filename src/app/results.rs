//! Searches and their results: starting a search for the filter line and pins, taking in its
//! results (lists in the chosen order, selections kept or reset), and a new corpus.

use std::sync::Arc;

use super::history::{Selected, TextPlace};
use super::lists;
use super::reader::Reader;
use super::view::ViewKind;
use super::{App, Cursor, Data, Effect, EntityRow, Job, Loaded, Pane, Shown};
use crate::filter::{Highlighter, Query, Request, Results};
use crate::model::EntityId;

impl App {
    pub(super) fn open_reader(&mut self, article: Option<usize>) {
        let Some(data) = &self.data else { return };
        self.wrap_generation += 1;
        let (reader, job) = Reader::open(
            &data.corpus,
            article,
            self.text_width(),
            self.wrap_generation,
        );
        self.reader = reader;
        if let Some(job) = job {
            self.effects.push(Effect::Wrap(job));
        }
    }

    /// Show the selected article in the text pane (if it is not shown already).
    pub(super) fn follow_article_selection(&mut self) {
        let selected = self.selected_article();
        if selected != self.reader.article {
            self.open_reader(selected);
        }
    }

    pub(super) fn dates(&mut self) -> Arc<Vec<i64>> {
        if let Some(d) = &self.dates {
            return d.clone();
        }
        let d = Arc::new(self.corpus().map(lists::date_keys).unwrap_or_default());
        self.dates = Some(d.clone());
        d
    }

    /// The lists in the chosen orders, from the results.
    pub(super) fn rebuild_lists(&mut self) {
        let Some(data) = self.data.clone() else {
            return;
        };
        let corpus = &data.corpus;
        let needs_dates = self.sorts.articles == lists::ArticleSort::Date
            || self.sorts.quotes == lists::QuoteSort::Date;
        let dates = if needs_dates {
            self.dates()
        } else {
            Arc::new(Vec::new())
        };
        self.article_list = Arc::new(lists::articles(
            &self.results,
            corpus,
            self.sorts.articles,
            &dates,
        ));
        self.quote_list = Arc::new(lists::quotes(
            &self.results,
            corpus,
            self.sorts.quotes,
            &dates,
        ));
        let min_confidence = if self.hide_unsure { super::UNSURE } else { 0.0 };
        self.entity_rows = Arc::new(lists::entity_rows(
            &self.results.entities,
            corpus,
            self.sorts.entities,
            min_confidence,
        ));
        self.listed_entities = (self.entity_rows.iter())
            .map(|r| match r {
                EntityRow::Heading { count, .. } => *count,
                EntityRow::Entity(_) => 0,
            })
            .sum();
        self.rebuild_speakers();
    }

    pub(super) fn rebuild_speakers(&mut self) {
        if !self.speakers {
            self.speaker_rows = Arc::default();
            return;
        }
        let Some(data) = self.data.clone() else {
            return;
        };
        let (rows, unattributed) =
            lists::speakers(&self.quote_list, &data.corpus, self.sorts.speakers);
        self.speaker_rows = Arc::new(rows);
        self.unattributed = unattributed;
        let (len, vis) = (self.speaker_rows.len(), self.pane_height(Pane::Quotes));
        self.speaker_cursor.fit(len, vis);
    }

    /// Start a search for the current filter line, pins and scare-quote setting.
    pub(super) fn refilter(&mut self) {
        let Some(data) = self.data.clone() else {
            return;
        };
        // While the line is being edited a `!word` being typed waits for its end (so every
        // keystroke narrows); leaving the line commits it.
        let query = if self.mode == super::Mode::Filter {
            Query::typing(&self.input.text)
        } else {
            Query::parse(&self.input.text)
        };
        let marks = self.marks_for(&query);
        let wanted = Shown {
            query,
            chips: self.chips.clone(),
            show_scare: self.show_scare,
            marks,
        };
        self.generation += 1;
        if wanted == self.shown && self.shown_ready {
            // Back to what is on screen (a trailing space, an undo): drop any running search.
            self.pending = None;
            return;
        }
        let request = Request {
            query: wanted.query.clone(),
            chips: wanted.chips.clone(),
            show_scare: wanted.show_scare,
            marks: wanted.marks.clone(),
        };
        self.pending = Some((self.generation, wanted));
        self.effects.push(Effect::Search(Job {
            generation: self.generation,
            data,
            request,
        }));
    }

    /// Swap in a (fuller) corpus. Pins made on a preview are carried over by name and kind,
    /// since entity ids differ between the two (in history too); articles keep their places
    /// (a preview holds the first articles of the full corpus, in the same order).
    pub(super) fn replace_data(&mut self, loaded: Loaded) {
        if let Some(old) = self.data.clone() {
            let remap = |id: EntityId| -> Option<EntityId> {
                let e = old.corpus.entities.get(id.0 as usize)?;
                loaded
                    .corpus
                    .entities
                    .iter()
                    .find(|n| n.kind == e.kind && n.name == e.name)
                    .map(|n| n.id)
            };
            self.chips = self.chips.iter().filter_map(|&c| remap(c)).collect();
            for place in self.history.places_mut() {
                place.chips = place.chips.iter().filter_map(|&c| remap(c)).collect();
                place.entity = place
                    .entity
                    .and_then(|s| remap(s.id).map(|id| Selected { id, ..s }));
                place.speaker = place
                    .speaker
                    .and_then(|s| remap(s.id).map(|id| Selected { id, ..s }));
            }
            self.views.retain_mut(|v| match v.kind {
                ViewKind::Entity(id) => match remap(id) {
                    Some(new) => {
                        v.kind = ViewKind::Entity(new);
                        true
                    }
                    None => false,
                },
                _ => true,
            });
        }
        self.scare_total = loaded.corpus.quotes.iter().filter(|q| q.scare).count();
        self.sure_total = (loaded.corpus.entities.iter())
            .filter(|e| e.confidence >= super::UNSURE)
            .count();
        self.dates = None;
        self.data = Some(Data {
            corpus: loaded.corpus,
            index: loaded.index,
        });
        // The text's marks name entities by id: open it again, where it was.
        if let Some(place) = self.reader.article.map(|article| TextPlace {
            article,
            top: self.reader.top_byte(),
            scroll: self.reader.scroll,
            current: self.reader.current.clone(),
        }) {
            self.open_reader(Some(place.article));
            self.reader.scroll = match place.top {
                Some(top) => self.reader.line_of(top),
                None => place.scroll,
            };
            self.reader.current = place.current;
        }
        self.shown_ready = false;
        self.refilter();
    }

    pub(super) fn apply_results(&mut self, results: Arc<Results>, shown: Shown) {
        let old_article = self.selected_article();
        let old_entity = self.selected_entity().map(|h| h.id);
        let old_quote = self.selected_quote();
        let new_query = shown.query != self.shown.query;
        self.highlighter = match &self.data {
            Some(data) => Highlighter::new(&shown.query, &data.index),
            None => Highlighter::default(),
        };
        self.results = results;
        self.shown = shown;
        self.shown_ready = true;
        self.no_body_matches = false;
        self.reader.clear_hits();
        self.rebuild_lists();
        // A place from history, if this is the search going there started (a later keystroke
        // makes it moot).
        if let Some((generation, to)) = self.restore.take()
            && generation == self.shown_generation
        {
            self.apply_location(&to);
            return;
        }
        // A new filter starts every list at its top; otherwise the selections stay put.
        let keep = |old: Option<usize>| if new_query { None } else { old };
        let a = keep(old_article)
            .and_then(|id| self.article_list.iter().position(|&x| x as usize == id))
            .unwrap_or(0);
        let (len, vis) = (self.article_list.len(), self.visible_items(Pane::Articles));
        self.articles.set(a, len, vis);
        if new_query {
            self.articles.offset = 0;
        }

        let e = (if new_query { None } else { old_entity })
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
        let (len, vis) = (self.entity_rows.len(), self.visible_items(Pane::Entities));
        self.entities.set(e, len, vis);
        if e <= 1 {
            // Show the heading above the first entity.
            self.entities.offset = 0;
        }

        let q = keep(old_quote)
            .and_then(|id| self.quote_list.iter().position(|h| h.quote as usize == id))
            .unwrap_or(0);
        let (len, vis) = (self.quote_list.len(), self.visible_items(Pane::Quotes));
        self.quotes.set(q, len, vis);
        if new_query {
            self.quotes.offset = 0;
            self.speaker_cursor = Cursor::default();
        }
        if let Some(want) = self.reselect_entity.take() {
            self.reselect(&want);
        }
        self.follow_article_selection();
    }

    /// Select an entity by name and kind (or the one that took its name as an alias).
    fn reselect(&mut self, want: &crate::corrections::EntityRef) {
        let Some(corpus) = self.corpus() else { return };
        let matches = |id: EntityId, alias: bool| {
            let e = corpus.entity(id);
            e.kind == want.kind && (e.name == want.name || alias && e.aliases.contains(&want.name))
        };
        let pos = [false, true].into_iter().find_map(|alias| {
            self.entity_rows
                .iter()
                .position(|r| matches!(r, EntityRow::Entity(h) if matches(h.id, alias)))
        });
        if let Some(pos) = pos {
            let (len, vis) = (self.entity_rows.len(), self.visible_items(Pane::Entities));
            self.entities.set(pos, len, vis);
        }
    }

    /// The shown results, now with every quote: the selected quote stays selected.
    pub(super) fn complete_quotes(&mut self, results: Arc<Results>) {
        let old_quote = self.selected_quote();
        self.results = results;
        let Some(data) = self.data.clone() else {
            return;
        };
        let dates = if self.sorts.quotes == lists::QuoteSort::Date {
            self.dates()
        } else {
            Arc::new(Vec::new())
        };
        self.quote_list = Arc::new(lists::quotes(
            &self.results,
            &data.corpus,
            self.sorts.quotes,
            &dates,
        ));
        self.rebuild_speakers();
        let q = old_quote
            .and_then(|id| self.quote_list.iter().position(|h| h.quote as usize == id))
            .unwrap_or(self.quotes.selected);
        let (len, vis) = (self.quote_list.len(), self.visible_items(Pane::Quotes));
        self.quotes.set(q, len, vis);
    }
}
