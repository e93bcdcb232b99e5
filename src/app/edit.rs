//! The filter line: opening it (with `/`, or by typing a letter no key uses), editing it, and
//! leaving it, which records a changed filter as a step in history.

use super::view::ViewKind;
use super::{App, Command, Mode};

impl App {
    pub(super) fn begin_filter(&mut self) {
        if self.mode != Mode::Filter {
            self.filter_origin = Some(self.location());
            self.mode = Mode::Filter;
            self.input.cursor = self.input.text.len();
        }
    }

    /// Open the filter line for a word typed in a list: after the filter there is, as a word
    /// of its own ("trump", then "putin" typed in a list, is "trump putin", not "trumpputin").
    fn begin_typed_word(&mut self) {
        if self.mode != Mode::Filter {
            self.begin_filter();
            if !self.input.text.is_empty() && !self.input.text.ends_with(char::is_whitespace) {
                self.input.insert(' ');
            }
        }
    }

    /// Leave the filter line; a changed filter is a step in history.
    pub(super) fn commit_filter(&mut self) {
        self.mode = Mode::Normal;
        self.remember_filter();
        if let Some(origin) = self.filter_origin.take()
            && origin.query != self.input.text
        {
            self.history.visit(origin);
        }
        // Committed, a `!word` still being typed takes effect.
        self.refilter();
    }

    pub(super) fn edit(&mut self, c: Command) {
        match c {
            Command::OpenFilter => self.begin_filter(),
            Command::LeaveFilter => self.commit_filter(),
            Command::HistoryPrev => self.walk_history(true),
            Command::HistoryNext => self.walk_history(false),
            Command::DeleteBack if self.input.text.is_empty() => {
                self.commit_filter();
                self.back();
            }
            _ => {
                if self.input.edit(c) {
                    self.refilter();
                }
            }
        }
    }

    pub(super) fn insert(&mut self, c: char) {
        if self
            .views
            .last()
            .is_some_and(|v| v.kind == ViewKind::Prompt)
        {
            self.prompt_insert(&c.to_string());
            return;
        }
        if !self.views.is_empty() || c.is_control() {
            return;
        }
        self.begin_typed_word();
        self.input.insert(c);
        self.refilter();
    }

    pub(super) fn paste(&mut self, text: String) {
        if self
            .views
            .last()
            .is_some_and(|v| v.kind == ViewKind::Prompt)
        {
            self.prompt_insert(&text);
            return;
        }
        if !self.views.is_empty() {
            return;
        }
        self.begin_typed_word();
        for c in text.chars() {
            self.input.insert(if c.is_control() { ' ' } else { c });
        }
        self.refilter();
    }
}
