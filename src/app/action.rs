//! Intents as data: everything that can change the explorer's state arrives as an `Action`,
//! from a key, the mouse, the loader thread or the filter worker.

use std::sync::Arc;
use std::time::Duration;

use crate::corpus::Progress;
use crate::filter::{Index, Results};
use crate::model::Corpus;

/// The four panes, numbered as the 1–4 keys choose them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Articles,
    Text,
    Entities,
    Quotes,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Articles, Pane::Text, Pane::Entities, Pane::Quotes];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Articles => "Articles",
            Pane::Text => "Text",
            Pane::Entities => "Entities",
            Pane::Quotes => "Quotes",
        }
    }

    pub fn number(self) -> usize {
        match self {
            Pane::Articles => 1,
            Pane::Text => 2,
            Pane::Entities => 3,
            Pane::Quotes => 4,
        }
    }

    pub fn next(self) -> Pane {
        Pane::ALL[self.number() % 4]
    }

    pub fn prev(self) -> Pane {
        Pane::ALL[(self.number() + 2) % 4]
    }
}

/// A finished corpus build with its search index.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub corpus: Arc<Corpus>,
    pub index: Arc<Index>,
    pub elapsed: Duration,
}

#[derive(Debug, Clone)]
pub enum Action {
    // Moving in the focused pane (or the open overlay).
    Up,
    Down,
    Top,
    Bottom,
    HalfPageUp,
    HalfPageDown,
    PageUp,
    PageDown,
    FocusNext,
    FocusPrev,
    Focus(Pane),
    /// Enter: read an article, pin an entity, open a quote's article.
    Activate,
    /// Jump to the next or previous mention of the pinned entities in the article text.
    NextMention,
    PrevMention,
    RemoveLastChip,
    ToggleScareQuotes,
    /// Show or hide entities the extraction model is unsure of.
    ToggleUnsure,
    CopyQuote,
    ToggleHelp,
    ToggleWarnings,
    CloseOverlay,
    Quit,

    // The filter line (insert mode).
    OpenFilter,
    LeaveFilter,
    FilterInsert(char),
    FilterBackspace,
    FilterDelete,
    FilterLeft,
    FilterRight,
    FilterHome,
    FilterEnd,
    FilterClear,
    FilterDeleteWord,
    Paste(String),

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
}
