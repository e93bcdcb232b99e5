//! The key bindings as one table. Key handling, the help overlay and the status-line hints all
//! read it, so what the help says is what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Pane};

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Normal mode, whatever pane has focus.
    Global,
    /// Normal mode, with this pane focused.
    Pane(Pane),
    /// Typing in the filter line.
    Filter,
    /// The help or warnings overlay is open.
    Overlay,
}

impl Context {
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Pane(p) => p.title(),
            Context::Filter => "Filter line",
            Context::Overlay => "Help and warnings",
        }
    }
}

/// A key as bindings name it: Shift is folded into the character, Control kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn key(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

const fn named(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

impl Key {
    /// The key as help and hints show it.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::Delete => "Del".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl { format!("C-{base}") } else { base }
    }

    /// The key of a terminal event, or `None` for releases and keys lede does not use.
    /// Shift is dropped from characters: terminals disagree on whether `?` or `N` carry it.
    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        if ev.modifiers.contains(KeyModifiers::ALT) {
            return None;
        }
        let shift = ev.modifiers.contains(KeyModifiers::SHIFT);
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let code = match ev.code {
            KeyCode::Char(c) if shift && c.is_ascii_lowercase() && !ctrl => {
                KeyCode::Char(c.to_ascii_uppercase())
            }
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            KeyCode::Tab if shift => KeyCode::BackTab,
            other => other,
        };
        Some(Key { code, ctrl })
    }
}

/// One row of the keymap.
#[derive(Debug)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    /// What it does, for the help overlay.
    pub help: &'static str,
    /// A word or two for the status line, when it is worth the room.
    pub hint: Option<&'static str>,
}

impl Binding {
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The first key only, for the status line.
    pub fn short_label(&self) -> String {
        self.keys.first().map(|k| k.label()).unwrap_or_default()
    }
}

macro_rules! bind {
    ($ctx:expr, [$($k:expr),+], $action:expr, $help:expr) => {
        Binding { context: $ctx, keys: &[$($k),+], action: $action, help: $help, hint: None }
    };
    ($ctx:expr, [$($k:expr),+], $action:expr, $help:expr, $hint:expr) => {
        Binding { context: $ctx, keys: &[$($k),+], action: $action, help: $help, hint: Some($hint) }
    };
}

use Context::{Filter, Global, Overlay};
const ARTICLES: Context = Context::Pane(Pane::Articles);
const TEXT: Context = Context::Pane(Pane::Text);
const ENTITIES: Context = Context::Pane(Pane::Entities);
const QUOTES: Context = Context::Pane(Pane::Quotes);

/// Every binding. Pane bindings come before global ones so they win.
pub static KEYMAP: &[Binding] = &[
    bind!(
        ARTICLES,
        [named(KeyCode::Enter)],
        Action::Activate,
        "read the article",
        "read"
    ),
    bind!(
        TEXT,
        [key('y')],
        Action::CopyQuote,
        "copy the quote at the mark with its citation",
        "copy"
    ),
    bind!(
        ENTITIES,
        [named(KeyCode::Enter)],
        Action::Activate,
        "pin the entity as a filter (again: unpin)",
        "pin"
    ),
    bind!(
        QUOTES,
        [named(KeyCode::Enter)],
        Action::Activate,
        "open the article at the quote",
        "open"
    ),
    bind!(
        QUOTES,
        [key('y')],
        Action::CopyQuote,
        "copy the quote with its citation (OSC 52)",
        "copy"
    ),
    bind!(
        Global,
        [key('j'), named(KeyCode::Down)],
        Action::Down,
        "move down",
        "move"
    ),
    bind!(
        Global,
        [key('k'), named(KeyCode::Up)],
        Action::Up,
        "move up"
    ),
    bind!(
        Global,
        [key('g'), named(KeyCode::Home)],
        Action::Top,
        "go to the top"
    ),
    bind!(
        Global,
        [key('G'), named(KeyCode::End)],
        Action::Bottom,
        "go to the bottom"
    ),
    bind!(
        Global,
        [ctrl('d')],
        Action::HalfPageDown,
        "half a page down"
    ),
    bind!(Global, [ctrl('u')], Action::HalfPageUp, "half a page up"),
    bind!(
        Global,
        [named(KeyCode::PageDown)],
        Action::PageDown,
        "a page down"
    ),
    bind!(
        Global,
        [named(KeyCode::PageUp)],
        Action::PageUp,
        "a page up"
    ),
    bind!(
        Global,
        [key('n')],
        Action::NextMention,
        "next mention of the pinned entities in the text (no pin: next quote)",
        "next"
    ),
    bind!(
        Global,
        [key('N')],
        Action::PrevMention,
        "previous mention (or quote)"
    ),
    bind!(
        Global,
        [named(KeyCode::Tab)],
        Action::FocusNext,
        "focus the next pane",
        "pane"
    ),
    bind!(
        Global,
        [named(KeyCode::BackTab)],
        Action::FocusPrev,
        "focus the previous pane"
    ),
    bind!(
        Global,
        [key('1')],
        Action::Focus(Pane::Articles),
        "focus Articles"
    ),
    bind!(Global, [key('2')], Action::Focus(Pane::Text), "focus Text"),
    bind!(
        Global,
        [key('3')],
        Action::Focus(Pane::Entities),
        "focus Entities"
    ),
    bind!(
        Global,
        [key('4')],
        Action::Focus(Pane::Quotes),
        "focus Quotes"
    ),
    bind!(
        Global,
        [key('/')],
        Action::OpenFilter,
        "type a filter",
        "filter"
    ),
    bind!(
        Global,
        [named(KeyCode::Backspace)],
        Action::RemoveLastChip,
        "unpin the last pinned entity"
    ),
    bind!(
        Global,
        [key('s')],
        Action::ToggleScareQuotes,
        "show or hide scare quotes (one or two words)"
    ),
    bind!(
        Global,
        [key('u')],
        Action::ToggleUnsure,
        "show or hide entities extraction is unsure of"
    ),
    bind!(
        Global,
        [key('w')],
        Action::ToggleWarnings,
        "show the load warnings"
    ),
    bind!(Global, [key('?')], Action::ToggleHelp, "this help", "help"),
    bind!(Global, [key('q'), ctrl('c')], Action::Quit, "quit", "quit"),
    bind!(
        Filter,
        [named(KeyCode::Enter), named(KeyCode::Esc)],
        Action::LeaveFilter,
        "leave the filter line (the filter stays)",
        "done"
    ),
    bind!(
        Filter,
        [named(KeyCode::Backspace)],
        Action::FilterBackspace,
        "delete a character (on an empty line: unpin the last entity)"
    ),
    bind!(
        Filter,
        [named(KeyCode::Delete)],
        Action::FilterDelete,
        "delete the character under the cursor"
    ),
    bind!(
        Filter,
        [named(KeyCode::Left)],
        Action::FilterLeft,
        "cursor left"
    ),
    bind!(
        Filter,
        [named(KeyCode::Right)],
        Action::FilterRight,
        "cursor right"
    ),
    bind!(
        Filter,
        [named(KeyCode::Home), ctrl('a')],
        Action::FilterHome,
        "cursor to the start"
    ),
    bind!(
        Filter,
        [named(KeyCode::End), ctrl('e')],
        Action::FilterEnd,
        "cursor to the end"
    ),
    bind!(
        Filter,
        [ctrl('u')],
        Action::FilterClear,
        "clear the line",
        "clear"
    ),
    bind!(
        Filter,
        [ctrl('w')],
        Action::FilterDeleteWord,
        "delete the word before the cursor"
    ),
    bind!(
        Filter,
        [named(KeyCode::Down)],
        Action::Down,
        "move down in the focused pane"
    ),
    bind!(
        Filter,
        [named(KeyCode::Up)],
        Action::Up,
        "move up in the focused pane"
    ),
    bind!(Filter, [ctrl('c')], Action::Quit, "quit"),
    bind!(
        Overlay,
        [named(KeyCode::Esc), key('q'), key('?')],
        Action::CloseOverlay,
        "close",
        "close"
    ),
    bind!(
        Overlay,
        [key('j'), named(KeyCode::Down)],
        Action::Down,
        "scroll down",
        "scroll"
    ),
    bind!(
        Overlay,
        [key('k'), named(KeyCode::Up)],
        Action::Up,
        "scroll up"
    ),
    bind!(
        Overlay,
        [named(KeyCode::PageDown), ctrl('d')],
        Action::PageDown,
        "a page down"
    ),
    bind!(
        Overlay,
        [named(KeyCode::PageUp), ctrl('u')],
        Action::PageUp,
        "a page up"
    ),
    bind!(
        Overlay,
        [key('g'), named(KeyCode::Home)],
        Action::Top,
        "top"
    ),
    bind!(
        Overlay,
        [key('G'), named(KeyCode::End)],
        Action::Bottom,
        "bottom"
    ),
    bind!(Overlay, [ctrl('c')], Action::Quit, "quit"),
];

/// The contexts searched, most specific first, in the given state.
pub fn contexts(overlay: bool, filtering: bool, focus: Pane) -> Vec<Context> {
    if overlay {
        vec![Context::Overlay]
    } else if filtering {
        vec![Context::Filter]
    } else {
        vec![Context::Pane(focus), Context::Global]
    }
}

/// The action bound to a key in these contexts.
pub fn lookup(key: Key, contexts: &[Context]) -> Option<Action> {
    contexts.iter().find_map(|ctx| {
        KEYMAP
            .iter()
            .find(|b| b.context == *ctx && b.keys.contains(&key))
            .map(|b| b.action.clone())
    })
}

/// The status-line hints for these contexts: (key, word) pairs, most specific first.
pub fn hints(contexts: &[Context]) -> Vec<(String, &'static str)> {
    contexts
        .iter()
        .flat_map(|ctx| KEYMAP.iter().filter(move |b| b.context == *ctx))
        .filter_map(|b| b.hint.map(|h| (b.short_label(), h)))
        .collect()
}

/// The bindings as a Markdown table (for the README), generated so it cannot drift.
pub fn markdown_table() -> String {
    let mut out = String::from("| Where | Keys | Does |\n|---|---|---|\n");
    for b in KEYMAP {
        let keys = b
            .keys
            .iter()
            .map(|k| format!("`{}`", k.label()))
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            b.context.title(),
            keys,
            b.help
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn shift_is_ignored_on_characters() {
        let plain = Key::from_event(&ev(KeyCode::Char('?'), KeyModifiers::NONE));
        let shifted = Key::from_event(&ev(KeyCode::Char('?'), KeyModifiers::SHIFT));
        assert_eq!(plain, shifted);
        let n = Key::from_event(&ev(KeyCode::Char('n'), KeyModifiers::SHIFT));
        assert_eq!(n, Some(key('N')));
        let big_n = Key::from_event(&ev(KeyCode::Char('N'), KeyModifiers::SHIFT));
        assert_eq!(big_n, Some(key('N')));
        let back = Key::from_event(&ev(KeyCode::Tab, KeyModifiers::SHIFT));
        assert_eq!(back, Some(named(KeyCode::BackTab)));
    }

    #[test]
    fn pane_bindings_win_over_global_ones() {
        let ctx = contexts(false, false, Pane::Quotes);
        assert!(matches!(lookup(key('y'), &ctx), Some(Action::CopyQuote)));
        assert!(matches!(lookup(key('j'), &ctx), Some(Action::Down)));
        let ctx = contexts(false, false, Pane::Articles);
        assert!(lookup(key('y'), &ctx).is_none());
    }

    #[test]
    fn letters_type_in_the_filter_line() {
        let ctx = contexts(false, true, Pane::Articles);
        assert!(lookup(key('j'), &ctx).is_none());
        assert!(lookup(key('q'), &ctx).is_none());
        assert!(matches!(
            lookup(named(KeyCode::Esc), &ctx),
            Some(Action::LeaveFilter)
        ));
    }

    #[test]
    fn esc_never_quits() {
        for ctx in [
            Context::Global,
            Context::Filter,
            Context::Overlay,
            Context::Pane(Pane::Text),
        ] {
            assert!(!matches!(
                lookup(named(KeyCode::Esc), &[ctx]),
                Some(Action::Quit)
            ));
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        for (i, a) in KEYMAP.iter().enumerate() {
            for b in &KEYMAP[i + 1..] {
                if a.context == b.context {
                    for k in a.keys {
                        assert!(!b.keys.contains(k), "{k:?} twice in {:?}", a.context);
                    }
                }
            }
        }
    }

    #[test]
    fn the_markdown_table_lists_every_binding() {
        let table = markdown_table();
        assert_eq!(table.lines().count(), KEYMAP.len() + 2);
        assert!(table.contains("| Quotes | `y` | copy the quote"));
    }

    #[test]
    fn hints_come_from_the_table() {
        let h = hints(&contexts(false, false, Pane::Entities));
        assert_eq!(h.first(), Some(&("Enter".to_string(), "pin")));
        assert!(h.iter().any(|(k, w)| k == "?" && *w == "help"));
    }
}
