//! Opening things and walking back and forward: an article, a quote's detail and its article,
//! a pin; where the explorer was (history), and `n`/`N` through the hits of the text and on to
//! the next article.

use std::sync::Arc;

use super::history::{Location, Selected, TextPlace};
use super::reader::{HitKind, Hits, HitsJob, Jump, SYNC_WRAP_BYTES};
use super::view::{View, ViewKind};
use super::{
    App, Command, Cursor, Effect, EntityRow, LineInput, Mode, NEXT_ARTICLE_SCAN, Pane, capitalise,
};
use crate::model::{Corpus, EntityId};

impl App {
    /// Where the explorer is now, to come back to.
    pub fn location(&self) -> Location {
        let at = |c: &Cursor| c.row();
        Location {
            focus: self.focus,
            query: self.input.text.clone(),
            chips: self.chips.clone(),
            article: self.selected_article().map(|a| Selected {
                id: a as u32,
                row: at(&self.articles),
            }),
            entity: self.selected_entity().map(|h| Selected {
                id: h.id,
                row: at(&self.entities),
            }),
            quote: self.selected_quote().map(|q| Selected {
                id: q as u32,
                row: at(&self.quotes),
            }),
            speakers: self.speakers,
            speaker: self.selected_speaker().map(|id| Selected {
                id,
                row: at(&self.speaker_cursor),
            }),
            text: self.reader.article.map(|article| TextPlace {
                article,
                top: self.reader.top_byte(),
                scroll: self.reader.scroll,
                current: self.reader.current.clone(),
            }),
            detail: match self.views.last().map(|v| v.kind) {
                Some(ViewKind::Quote(q)) => Some(q),
                _ => None,
            },
        }
    }

    /// Record the place being left for something new.
    pub(super) fn visit(&mut self) {
        let here = self.location();
        self.history.visit(here);
    }

    /// Go to a recorded place: its filter and pins (searching again if they differ), then its
    /// selections, scroll and open article once the results are in.
    pub(super) fn go_to(&mut self, to: Location) {
        self.mode = Mode::Normal;
        self.filter_origin = None;
        self.views.clear();
        if let Some(q) = to.detail {
            self.views.push(View::new(ViewKind::Quote(q)));
        }
        self.focus = to.focus;
        if self.speakers != to.speakers {
            self.speakers = to.speakers;
            self.rebuild_speakers();
        }
        self.input = LineInput::at_end(to.query.clone());
        self.chips = to.chips.clone();
        self.refilter();
        if self.searching() {
            self.restore = Some((self.generation, to));
        } else {
            self.apply_location(&to);
        }
    }

    pub(super) fn apply_location(&mut self, to: &Location) {
        if let Some(sel) = to.article
            && let Some(pos) = self.article_list.iter().position(|&a| a == sel.id)
        {
            let (len, vis) = (self.article_list.len(), self.visible_items(Pane::Articles));
            self.articles.place(pos, sel.row, len, vis);
        }
        if let Some(sel) = to.entity
            && let Some(pos) = self
                .entity_rows
                .iter()
                .position(|r| matches!(r, EntityRow::Entity(h) if h.id == sel.id))
        {
            let (len, vis) = (self.entity_rows.len(), self.visible_items(Pane::Entities));
            self.entities.place(pos, sel.row, len, vis);
        }
        if let Some(sel) = to.quote
            && let Some(pos) = self.quote_list.iter().position(|h| h.quote == sel.id)
        {
            let (len, vis) = (self.quote_list.len(), self.visible_items(Pane::Quotes));
            self.quotes.place(pos, sel.row, len, vis);
        }
        if let Some(sel) = to.speaker
            && let Some(pos) = self.speaker_rows.iter().position(|r| r.id == sel.id)
        {
            let (len, vis) = (self.speaker_rows.len(), self.pane_height(Pane::Quotes));
            self.speaker_cursor.place(pos, sel.row, len, vis);
        }
        match &to.text {
            Some(place) => {
                if self.reader.article != Some(place.article) {
                    self.open_reader(Some(place.article));
                }
                let h = self.text_height();
                self.reader.scroll = match place.top {
                    Some(top) => self.reader.line_of(top),
                    None => place.scroll,
                }
                .min(self.reader.max_scroll(h));
                self.reader.current = place.current.clone();
                self.reader.clear_hits();
            }
            None => self.follow_article_selection(),
        }
    }

    pub(super) fn open(&mut self, c: Command) {
        match c {
            Command::Open => self.open_selected(),
            Command::Detail => self.show_detail(),
            Command::Pin => self.pin_selected(),
            Command::Back => self.back(),
            Command::Forward => match self.history.forward(self.location()) {
                Some(to) => self.go_to(to),
                None => self.message = Some("Nothing to go forward to".into()),
            },
            Command::NextHit => self.jump(true),
            Command::PrevHit => self.jump(false),
            _ => {}
        }
    }

    pub(super) fn open_selected(&mut self) {
        match (self.focus, self.speakers) {
            (Pane::Articles, _) => {
                if self.selected_article().is_some() {
                    self.visit();
                    self.follow_article_selection();
                    self.focus = Pane::Text;
                }
            }
            (Pane::Entities, _) | (Pane::Quotes, true) => self.pin_selected(),
            (Pane::Quotes, false) => self.show_detail(),
            (Pane::Text, _) => {}
        }
    }

    pub(super) fn show_detail(&mut self) {
        let kind = match (self.focus, self.speakers) {
            (Pane::Quotes, false) => self.selected_quote().map(ViewKind::Quote),
            (Pane::Quotes, true) => self.selected_speaker().map(ViewKind::Entity),
            (Pane::Entities, _) => self.selected_entity().map(|h| ViewKind::Entity(h.id)),
            _ => None,
        };
        if let Some(kind) = kind {
            self.views.push(View::new(kind));
        }
    }

    pub(super) fn pin_selected(&mut self) {
        let id = match (self.focus, self.speakers) {
            (Pane::Entities, _) => self.selected_entity().map(|h| h.id),
            (Pane::Quotes, true) => self.selected_speaker(),
            _ => None,
        };
        if let Some(id) = id {
            self.toggle_pin(id);
        }
    }

    pub(super) fn toggle_pin(&mut self, id: EntityId) {
        let Some((name, kind)) = self.corpus().map(|c| {
            let e = c.entity(id);
            (e.name.clone(), e.kind)
        }) else {
            return;
        };
        // The entity stays selected in the re-sorted list (the words that found it are gone).
        self.reselect_entity = Some(crate::corrections::EntityRef {
            name: name.clone(),
            kind,
        });
        self.visit();
        if let Some(i) = self.chips.iter().position(|&c| c == id) {
            self.chips.remove(i);
            self.message = Some(format!("Unpinned {name}"));
        } else {
            self.chips.push(id);
            self.message = Some(format!(
                "Pinned {name}: n/N jump between mentions, Esc goes back"
            ));
        }
        // The pin replaces the words typed to find the entity.
        self.input = LineInput::default();
        self.refilter();
    }

    /// Open a quote's article at the quote (from its detail).
    pub(super) fn open_quote(&mut self, qi: usize) {
        let Some(data) = self.data.clone() else {
            return;
        };
        let Some(q) = data.corpus.quotes.get(qi) else {
            return;
        };
        self.visit();
        self.views.clear();
        let article = q.article as usize;
        if let Some(pos) = self
            .article_list
            .iter()
            .position(|&a| a as usize == article)
        {
            let vis = self.visible_items(Pane::Articles);
            self.articles.set(pos, self.article_list.len(), vis);
        }
        if self.reader.article != Some(article) {
            self.open_reader(Some(article));
        }
        let h = self.text_height();
        self.reader.clear_hits();
        self.reader.focus_range(q.range(), h);
        self.focus = Pane::Text;
        if self.reader.pending_reveal.is_some() {
            self.message = Some("Wrapping the article: the quote shows when it is ready".into());
        }
    }

    /// One step back: close a view, or return to the place before the last thing opened.
    pub(super) fn back(&mut self) {
        if let Some(to) = self.history.back(self.location()) {
            self.go_to(to);
        } else if !self.views.is_empty() {
            self.views.pop();
        } else if self.focus == Pane::Text {
            self.focus = Pane::Articles;
        } else {
            self.message = Some("Nothing to go back to (q quits)".into());
        }
    }

    /// What `n`/`N` step through now: the filter's words in the text when a filter is on (and
    /// found in the text at all), the pins' mentions when pinned, quotes otherwise.
    pub(super) fn hit_kind(&self) -> HitKind {
        if !self.shown.query.is_empty() && !self.no_body_matches {
            HitKind::Match
        } else if !self.chips.is_empty() {
            HitKind::Mention
        } else {
            HitKind::Quote
        }
    }

    pub(super) fn hits_in(
        &self,
        corpus: &Corpus,
        article: usize,
        kind: HitKind,
    ) -> Vec<std::ops::Range<usize>> {
        let Some(art) = corpus.articles.get(article) else {
            return Vec::new();
        };
        let mut ranges: Vec<std::ops::Range<usize>> = match kind {
            HitKind::Match => self.highlighter.body_ranges(&art.body),
            HitKind::Mention => self
                .chips
                .iter()
                .flat_map(|&c| corpus.mentions_in(c, article))
                .map(|m| m.range())
                .collect(),
            HitKind::Quote => corpus
                .quotes_in(article)
                .iter()
                .filter(|q| self.show_scare || !q.scare)
                .map(|q| q.range())
                .collect(),
        };
        ranges.sort_by_key(|r| (r.start, r.end));
        ranges.dedup();
        ranges
    }

    /// Make the open article's hits ready for a jump `forward` (or back). False when they are
    /// being found off the UI thread (the filter's matches in a long article): the jump is
    /// made when they arrive.
    pub(super) fn ensure_hits(&mut self, corpus: &Arc<Corpus>, forward: bool) -> bool {
        let kind = self.hit_kind();
        let Some(article) = self.reader.article else {
            return true;
        };
        if self.reader.hits.as_ref().is_some_and(|h| h.kind == kind) {
            return true;
        }
        if kind == HitKind::Match && is_long(corpus, article) {
            self.reader.pending_jump = Some(forward);
            if self.reader.hits_generation == 0 {
                self.hits_generation += 1;
                self.reader.hits_generation = self.hits_generation;
                self.effects.push(Effect::FindHits(HitsJob {
                    generation: self.hits_generation,
                    corpus: corpus.clone(),
                    article,
                    highlighter: self.highlighter.clone(),
                }));
            }
            self.message = Some("Finding the filter's matches in this long article…".into());
            return false;
        }
        let ranges = self.hits_in(corpus, article, kind);
        self.reader.set_hits(Hits { kind, ranges });
        true
    }

    pub(super) fn jump(&mut self, forward: bool) {
        let Some(data) = self.data.clone() else {
            return;
        };
        if self.reader.article.is_none() {
            self.message = Some("No article open".into());
            return;
        }
        if !self.ensure_hits(&data.corpus, forward) {
            return;
        }
        let h = self.text_height();
        let jump = self.reader.jump(forward, h);
        self.jumped(jump, forward);
    }

    /// Report a jump, or go on to the next article when there was no hit that way.
    pub(super) fn jumped(&mut self, jump: Jump, forward: bool) {
        match jump {
            Jump::To { index, count } => {
                let noun = self.hit_kind().noun();
                self.message = Some(format!("{} {index} of {count}", capitalise(noun)));
                if !self.layout().wide {
                    self.focus = Pane::Text;
                }
            }
            Jump::Past | Jump::Empty => {
                if let Some(data) = self.data.clone() {
                    self.jump_to_next_article(forward, &data.corpus);
                }
            }
        }
    }

    /// Past the last hit of an article (or before the first): the next listed article that
    /// has one, at its first (or last) hit.
    pub(super) fn jump_to_next_article(&mut self, forward: bool, corpus: &Corpus) {
        let kind = self.hit_kind();
        let here = self
            .reader
            .article
            .and_then(|a| self.article_list.iter().position(|&x| x as usize == a))
            .unwrap_or(self.articles.selected);
        let order: Vec<usize> = if forward {
            (here + 1..self.article_list.len())
                .take(NEXT_ARTICLE_SCAN)
                .collect()
        } else {
            (0..here).rev().take(NEXT_ARTICLE_SCAN).collect()
        };
        for pos in order {
            let article = self.article_list[pos] as usize;
            if kind == HitKind::Match && is_long(corpus, article) {
                // Its matches are found off the UI thread; the jump (or the next article, if
                // it has none) follows when they are in.
                self.visit();
                let vis = self.visible_items(Pane::Articles);
                self.articles.set(pos, self.article_list.len(), vis);
                self.open_reader(Some(article));
                if !forward {
                    let h = self.text_height();
                    self.reader.scroll = self.reader.max_scroll(h);
                }
                if let Some(data) = self.data.clone() {
                    self.ensure_hits(&data.corpus, forward);
                }
                return;
            }
            let ranges = self.hits_in(corpus, article, kind);
            if ranges.is_empty() {
                continue;
            }
            let count = ranges.len();
            self.visit();
            let vis = self.visible_items(Pane::Articles);
            self.articles.set(pos, self.article_list.len(), vis);
            self.open_reader(Some(article));
            self.reader.set_hits(Hits { kind, ranges });
            let h = self.text_height();
            self.reader.jump_to(if forward { 0 } else { count - 1 }, h);
            let title = corpus.articles.get(article).map_or("", |a| a.title.trim());
            let (index, which) = if forward {
                (1, "Next")
            } else {
                (count, "Previous")
            };
            self.message = Some(format!(
                "{which} article: {} {index} of {count} · {title}",
                kind.noun()
            ));
            if !self.layout().wide {
                self.focus = Pane::Text;
            }
            return;
        }
        // Nothing further. A filter found in no article's text at all (it matched titles or
        // names) steps through mentions or quotes instead.
        if kind == HitKind::Match && !self.any_body_match(corpus) {
            self.no_body_matches = true;
            self.reader.clear_hits();
            self.message = Some(
                "The filter matched titles or names, not the text: n steps through quotes".into(),
            );
            return;
        }
        self.message = Some(format!(
            "No more {} {} this article in the list",
            kind.plural(),
            if forward { "after" } else { "before" }
        ));
    }

    pub(super) fn any_body_match(&self, corpus: &Corpus) -> bool {
        self.article_list
            .iter()
            .take(NEXT_ARTICLE_SCAN)
            .any(|&a| !self.hits_in(corpus, a as usize, HitKind::Match).is_empty())
    }
}

/// A body long enough that scanning it for the filter's words belongs off the UI thread.
fn is_long(corpus: &Corpus, article: usize) -> bool {
    corpus
        .articles
        .get(article)
        .is_some_and(|a| a.body.len() > SYNC_WRAP_BYTES)
}
