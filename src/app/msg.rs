//! Everything that can change the explorer's state arrives as a `Msg`: a bound command, a
//! character typed into the filter line, the mouse, or news from the loader, the search worker
//! and the wrapping worker.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::KeyEvent;

use super::command::Command;
use super::reader::{FoundHits, Wrapped};
use crate::corpus::Progress;
use crate::filter::{Index, Results};
use crate::geometry::Pane;
use crate::model::Corpus;

/// A finished corpus build with its search index.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub corpus: Arc<Corpus>,
    pub index: Arc<Index>,
    pub elapsed: Duration,
    /// The corpus as extracted, before the corrections (for undo); `None` for a preview.
    pub base: Option<Arc<crate::corrections::Base>>,
    /// Corrections that found nothing to correct.
    pub stale: Vec<crate::corrections::Stale>,
}

#[derive(Debug, Clone)]
pub enum Msg {
    /// A key as typed, and when: its command, or a letter for the filter line (see `word`).
    Key {
        key: KeyEvent,
        at: Instant,
    },
    /// Time passes with no key: a letter's held command may come due.
    Tick(Instant),
    /// A key's command.
    Command(Command),
    /// A character for the filter line (typed there, or an unbound key that starts it).
    Insert(char),
    Paste(String),
    /// Focus a pane (a click on a tab, or a test).
    Focus(Pane),

    // Mouse (only with --mouse).
    Click {
        column: u16,
        row: u16,
    },
    ScrollAt {
        column: u16,
        row: u16,
        down: bool,
    },

    // From the outside world.
    Resize {
        width: u16,
        height: u16,
    },
    Progress {
        progress: Progress,
        elapsed: Duration,
    },
    /// Time passes while loading (a large file reports no progress until it is read).
    LoadTick {
        elapsed: Duration,
    },
    /// An early corpus of the first articles while the rest is still being extracted.
    Preview(Loaded),
    Loaded(Loaded),
    Filtered {
        generation: u64,
        results: Arc<Results>,
    },
    /// The same search's results with every quote (`Filtered` may list only the first page).
    QuotesCompleted {
        generation: u64,
        results: Arc<Results>,
    },
    /// A long article, wrapped off the UI thread.
    Wrapped(Box<Wrapped>),
    /// The filter's matches in a long article, found off the UI thread.
    Hits(Box<FoundHits>),
    /// Ctrl-Z with no shell to stop to (no job control).
    CannotSuspend,
    /// The corpus built again with the corrections; `done` says what changed.
    Corrected {
        generation: u64,
        loaded: Loaded,
        done: String,
    },
    /// Something to say on the status line (a file written, a state file that could not be).
    Note(String),
}

impl From<Command> for Msg {
    fn from(c: Command) -> Msg {
        Msg::Command(c)
    }
}

impl Msg {
    /// Sent by the user (a message on the status line makes way for what they do next).
    pub fn from_user(&self) -> bool {
        matches!(
            self,
            Msg::Key { .. }
                | Msg::Command(_)
                | Msg::Insert(_)
                | Msg::Paste(_)
                | Msg::Focus(_)
                | Msg::Click { .. }
                | Msg::ScrollAt { .. }
        )
    }
}
