//! A word typed into a list is a filter, even when its first letter is a key's command:
//! "obama" in Articles filters, it does not sort by `o` and then filter for "bama".
//!
//! A lower-case letter that runs a command in a list runs it at once (so `j`, `o` and `n`
//! answer without delay), but the app keeps how it was before, and what the command would do
//! outside itself (quit, save, copy, correct, export) waits. If another letter follows within
//! [`WORD_GAP`], as the letters of a typed word do, the command is taken back, nothing it held
//! happens, and both letters start the filter line. Otherwise what it held happens: when the
//! next key is not such a letter, or when the gap has passed (`Msg::Tick`). The same letter
//! twice ("jj") is a command twice, never a word. Capitals too: "Merkel" typed in Entities
//! neither merges by `M` nor types "erkel" into the merge prompt (a prompt opened by a letter
//! is closed again when a second letter follows that fast; typing into it after a glance at it
//! is slower than that). The keys that open a prompt or correct are capitals (`M`, `R`, `X`,
//! `K`, `E`), so a lower-case word is never one of them even when typed slowly.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::msg::Msg;
use super::{App, Effect, Mode, update};
use crate::geometry::Pane;

/// How soon the next letter must follow for the two to be a word being typed: well above the
/// gap between a typist's letters (about 0.1 to 0.3 s), well below a pause to look at what a
/// command did.
pub const WORD_GAP: Duration = Duration::from_millis(400);

/// A command run by a letter in a list, which a following letter may still take back.
#[derive(Debug, Clone)]
pub struct WordStart {
    letter: char,
    at: Instant,
    /// The app as it was before the command.
    before: Box<App>,
    /// What the command does outside the app, held until the gap has passed.
    held: Vec<Effect>,
    /// The command quits (`q` in a list), once the gap has passed.
    quit: bool,
}

/// The key's character when it is a letter typed plainly (no Ctrl or Alt).
fn plain_letter(ev: &KeyEvent) -> Option<char> {
    if ev
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    {
        return None;
    }
    match ev.code {
        KeyCode::Char(c) if c.is_alphabetic() => Some(c),
        _ => None,
    }
}

/// Effects that only compute (a search, wrapping, finding matches): they run at once, and
/// their results are dropped if the command is taken back.
fn computes(e: &Effect) -> bool {
    matches!(e, Effect::Search(_) | Effect::Wrap(_) | Effect::FindHits(_))
}

impl App {
    /// A key typed at `at`.
    pub(super) fn key(&mut self, ev: &KeyEvent, at: Instant) {
        // Terminals that report key releases: only presses type.
        if ev.kind == KeyEventKind::Release {
            return;
        }
        let letter = plain_letter(ev);
        if let Some(ws) = self.word_start.take() {
            match letter {
                Some(c)
                    if c.is_lowercase()
                        && c != ws.letter
                        && at.saturating_duration_since(ws.at) <= WORD_GAP =>
                {
                    let first = ws.letter;
                    self.take_back(*ws);
                    self.insert(first);
                    self.insert(c);
                    return;
                }
                _ => self.release(*ws),
            }
        }
        let Some(msg) = self.msg_for_key(ev) else {
            return;
        };
        let starts_word = matches!(msg, Msg::Command(_))
            && letter.is_some_and(|c| c.is_ascii_alphabetic())
            && self.views.is_empty()
            && self.mode == Mode::Normal
            && matches!(self.focus, Pane::Articles | Pane::Entities | Pane::Quotes);
        let Some(c) = letter.filter(|_| starts_word) else {
            update(self, msg);
            return;
        };
        let mut before = self.clone();
        before.effects.clear();
        let from = self.effects.len();
        update(self, msg);
        let (computing, held): (Vec<Effect>, Vec<Effect>) =
            self.effects.drain(from..).partition(computes);
        self.effects.extend(computing);
        let quit = std::mem::take(&mut self.should_quit);
        self.word_start = Some(Box::new(WordStart {
            letter: c,
            at,
            before: Box::new(before),
            held,
            quit,
        }));
    }

    /// When a held command comes due, if one waits.
    pub fn word_start_due(&self) -> Option<Instant> {
        self.word_start.as_ref().map(|ws| ws.at + WORD_GAP)
    }

    /// Time has passed: a command whose gap is over does what it held.
    pub(super) fn tick(&mut self, now: Instant) {
        if self
            .word_start
            .as_ref()
            .is_some_and(|ws| now.saturating_duration_since(ws.at) > WORD_GAP)
            && let Some(ws) = self.word_start.take()
        {
            self.release(*ws);
        }
    }

    /// No word follows: the command stands; what it held happens.
    pub fn settle_word_start(&mut self) {
        if let Some(ws) = self.word_start.take() {
            self.release(*ws);
        }
    }

    fn release(&mut self, ws: WordStart) {
        self.effects.extend(ws.held);
        if ws.quit {
            self.should_quit = true;
        }
    }

    /// Back to how the app was before the command. Generations only go forward (a search the
    /// command started is dropped when its results come), and effects asked for meanwhile
    /// stay asked for; the screen keeps its current size.
    fn take_back(&mut self, ws: WordStart) {
        let generations = (self.generation, self.wrap_generation, self.hits_generation);
        let effects = std::mem::take(&mut self.effects);
        let size = (self.width, self.height);
        *self = *ws.before;
        (self.generation, self.wrap_generation, self.hits_generation) = generations;
        self.effects = effects;
        self.pending = None;
        if size != (self.width, self.height) {
            self.resize(size.0, size.1);
        }
        // A long article still being wrapped: the command's own wrapping job took its place
        // in the worker, so it is asked for again.
        if !self.reader.complete && self.reader.article.is_some() {
            let article = self.reader.article;
            self.open_reader(article);
        }
    }
}
