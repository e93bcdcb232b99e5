//! The key bindings, read from one table (`assets/keymap/keymap.tsv`). Key handling, the help
//! overlay, the status-line hints and the README's keys table all read it, so what the help
//! says is what the keys do. A user's own bindings (from the config file) are merged over these
//! defaults into the app's [`Keymap`], which help and hints then read.

use std::sync::LazyLock;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::command::Command;
use crate::geometry::Pane;

/// The bundled table.
const TABLE: &str = include_str!("../../assets/keymap/keymap.tsv");

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Normal mode, whatever pane has focus.
    Global,
    /// Normal mode, with this pane focused.
    Pane(Pane),
    /// The Quotes pane listing speakers (before the Quotes bindings).
    Speakers,
    /// Typing in the filter line.
    Filter,
    /// A prompt or picker over the panes (command palette, rename, merge, export format).
    Prompt,
    /// Any view over the panes: help, warnings, a detail.
    View,
    /// A quote's detail (before the view bindings).
    Quote,
    /// An entity's detail (before the view bindings).
    Entity,
}

impl Context {
    /// In the order help and the README list them.
    pub const ALL: [Context; 11] = [
        Context::Global,
        Context::Pane(Pane::Articles),
        Context::Pane(Pane::Text),
        Context::Pane(Pane::Entities),
        Context::Pane(Pane::Quotes),
        Context::Speakers,
        Context::Filter,
        Context::Prompt,
        Context::View,
        Context::Quote,
        Context::Entity,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Any pane",
            Context::Pane(p) => p.title(),
            Context::Speakers => "Speakers (in Quotes)",
            Context::Filter => "Filter line",
            Context::Prompt => "Prompts (palette, rename, merge, export)",
            Context::View => "Views (help, warnings, details)",
            Context::Quote => "A quote's detail",
            Context::Entity => "An entity's detail",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Some(match name {
            "global" => Context::Global,
            "articles" => Context::Pane(Pane::Articles),
            "text" => Context::Pane(Pane::Text),
            "entities" => Context::Pane(Pane::Entities),
            "quotes" => Context::Pane(Pane::Quotes),
            "speakers" => Context::Speakers,
            "filter" => Context::Filter,
            "prompt" => Context::Prompt,
            "view" => Context::View,
            "quote" => Context::Quote,
            "entity" => Context::Entity,
            _ => return None,
        })
    }
}

/// A key as bindings name it: Shift is folded into the character, Control kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

/// Names of keys in the table, with how help shows them.
const NAMED: &[(&str, KeyCode, &str)] = &[
    ("Space", KeyCode::Char(' '), "Space"),
    ("Up", KeyCode::Up, "↑"),
    ("Down", KeyCode::Down, "↓"),
    ("Left", KeyCode::Left, "←"),
    ("Right", KeyCode::Right, "→"),
    ("PgUp", KeyCode::PageUp, "PgUp"),
    ("PgDn", KeyCode::PageDown, "PgDn"),
    ("Home", KeyCode::Home, "Home"),
    ("End", KeyCode::End, "End"),
    ("Enter", KeyCode::Enter, "Enter"),
    ("Esc", KeyCode::Esc, "Esc"),
    ("Tab", KeyCode::Tab, "Tab"),
    ("S-Tab", KeyCode::BackTab, "S-Tab"),
    ("Bksp", KeyCode::Backspace, "Bksp"),
    ("Del", KeyCode::Delete, "Del"),
];

impl Key {
    pub const fn char(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: false,
        }
    }

    /// Parse a key as the table writes it: `j`, `G`, `C-d`, `Enter`, `S-Tab`, `PgDn`.
    pub fn parse(text: &str) -> Option<Key> {
        if let Some(rest) = text.strip_prefix("C-")
            && let Some(k) = Key::parse(rest)
        {
            let code = match k.code {
                KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
                other => other,
            };
            return Some(Key { code, ctrl: true });
        }
        if let Some((_, code, _)) = NAMED.iter().find(|(name, _, _)| *name == text) {
            return Some(Key {
                code: *code,
                ctrl: false,
            });
        }
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() && c != ' ' => Some(Key::char(c)),
            _ => None,
        }
    }

    /// The key as help and hints show it.
    pub fn label(self) -> String {
        let base = match NAMED.iter().find(|(_, code, _)| *code == self.code) {
            Some((_, _, label)) => (*label).to_string(),
            None => match self.code {
                KeyCode::Char(c) => c.to_string(),
                other => format!("{other:?}"),
            },
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

    /// A character that would be typed into the filter line.
    pub fn printable(self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if !self.ctrl && !c.is_control() => Some(c),
            _ => None,
        }
    }
}

/// One row of the keymap.
#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<Key>,
    pub command: Command,
    /// What it does here, for help.
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

/// A line of the table that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    pub line: usize,
    pub message: String,
}

/// Read a keymap table. Lines that cannot be read are reported (with their line number) and
/// skipped; the rest still bind.
pub fn parse(table: &'static str) -> (Vec<Binding>, Vec<TableError>) {
    let mut bindings = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in table.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut error = |message: String| {
            errors.push(TableError {
                line: line_no,
                message,
            })
        };
        let cols: Vec<&'static str> = line.split('\t').collect();
        if cols.len() < 3 {
            error(format!(
                "expected at least 3 tab-separated columns, found {}",
                cols.len()
            ));
            continue;
        }
        let Some(context) = Context::from_name(cols[0].trim()) else {
            error(format!("unknown context {:?}", cols[0]));
            continue;
        };
        let Some(command) = Command::from_name(cols[2].trim()) else {
            error(format!("unknown command {:?}", cols[2]));
            continue;
        };
        let mut keys = Vec::new();
        for k in cols[1].split_whitespace() {
            match Key::parse(k) {
                Some(key) => keys.push(key),
                None => error(format!("unknown key {k:?}")),
            }
        }
        if keys.is_empty() {
            error("no keys".into());
            continue;
        }
        let help = cols.get(3).map(|s| s.trim()).filter(|s| !s.is_empty());
        let hint = cols.get(4).map(|s| s.trim()).filter(|s| !s.is_empty());
        bindings.push(Binding {
            context,
            keys,
            command,
            help: help.unwrap_or(command.description()),
            hint,
        });
    }
    (bindings, errors)
}

/// A user's binding from the config file: these keys for this command here (replacing the
/// command's keys in that place; none unbinds it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserBinding {
    pub context: Context,
    pub command: Command,
    pub keys: Vec<Key>,
    /// Its line in the config file.
    pub line: usize,
}

/// A double binding or other trouble found merging a user's bindings, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeProblem {
    pub line: usize,
    pub message: String,
}

/// The bindings in force: the bundled table, with a user's bindings merged over it.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
    /// Config lines of user bindings, parallel to `bindings` (`None`: bundled).
    lines: Vec<Option<usize>>,
}

static KEYMAP: LazyLock<Keymap> = LazyLock::new(|| {
    let bindings = parse(TABLE).0;
    Keymap {
        lines: vec![None; bindings.len()],
        bindings,
    }
});

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap::bundled().clone()
    }
}

impl Keymap {
    /// The bundled table alone.
    pub fn bundled() -> &'static Keymap {
        &KEYMAP
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Merge a user's bindings over these. A user's keys for a command replace the command's
    /// keys in that place; a key already bound there to another command is taken from it (the
    /// user's wins) and reported, with the line, as a double binding, as is a key the user binds
    /// twice in one place.
    pub fn with_user(&self, user: &[UserBinding]) -> (Keymap, Vec<MergeProblem>) {
        let mut map = self.clone();
        let mut problems = Vec::new();
        for u in user {
            // The place's own row for the command: its help and hint stay.
            let old = map
                .bindings
                .iter()
                .position(|b| b.context == u.context && b.command == u.command);
            let (help, hint) = match old {
                Some(i) => (map.bindings[i].help, map.bindings[i].hint),
                None => (u.command.description(), None),
            };
            if let Some(i) = old {
                map.bindings.remove(i);
                map.lines.remove(i);
            }
            let mut keys = Vec::new();
            for &k in &u.keys {
                if keys.contains(&k) {
                    continue;
                }
                let clash = map
                    .bindings
                    .iter()
                    .position(|b| b.context == u.context && b.keys.contains(&k));
                if let Some(j) = clash {
                    let other = map.bindings[j].command;
                    let message = match map.lines[j] {
                        Some(line) => {
                            problems.push(MergeProblem {
                                line: u.line,
                                message: format!(
                                    "{} is bound twice in {}: to {} (line {line}) and to {}; the first stays",
                                    k.label(),
                                    u.context.name(),
                                    other.name(),
                                    u.command.name()
                                ),
                            });
                            continue;
                        }
                        None => format!(
                            "{} was bound to {} in {}; now to {} (your binding wins)",
                            k.label(),
                            other.name(),
                            u.context.name(),
                            u.command.name()
                        ),
                    };
                    problems.push(MergeProblem {
                        line: u.line,
                        message,
                    });
                    map.bindings[j].keys.retain(|x| *x != k);
                }
                keys.push(k);
            }
            // Rows left with no key bind nothing.
            let mut i = 0;
            while i < map.bindings.len() {
                if map.bindings[i].keys.is_empty() {
                    map.bindings.remove(i);
                    map.lines.remove(i);
                } else {
                    i += 1;
                }
            }
            if !keys.is_empty() {
                let at = old.unwrap_or(map.bindings.len()).min(map.bindings.len());
                map.bindings.insert(
                    at,
                    Binding {
                        context: u.context,
                        keys,
                        command: u.command,
                        help,
                        hint,
                    },
                );
                map.lines.insert(at, Some(u.line));
            }
        }
        (map, problems)
    }

    /// The command bound to a key in these contexts (the first, most specific, that binds it).
    pub fn lookup(&self, key: Key, contexts: &[Context]) -> Option<Command> {
        contexts.iter().find_map(|ctx| {
            self.bindings
                .iter()
                .find(|b| b.context == *ctx && b.keys.contains(&key))
                .map(|b| b.command)
        })
    }

    /// The binding of a command in these contexts, for hints that must name a key.
    pub fn binding_for(&self, command: Command, contexts: &[Context]) -> Option<&Binding> {
        contexts.iter().find_map(|ctx| {
            self.bindings
                .iter()
                .find(|b| b.context == *ctx && b.command == command)
        })
    }

    /// The first key of a command anywhere (for the palette), most general place first.
    pub fn key_of(&self, command: Command) -> Option<String> {
        let order = |c: Context| match c {
            Context::Global => 0,
            Context::Pane(_) => 1,
            _ => 2,
        };
        self.bindings
            .iter()
            .filter(|b| b.command == command)
            .min_by_key(|b| order(b.context))
            .map(Binding::short_label)
    }

    /// The status-line hints for these contexts: (key, word, command), most specific first,
    /// each command once.
    pub fn hints(&self, contexts: &[Context]) -> Vec<(String, &'static str, Command)> {
        let mut out: Vec<(String, &'static str, Command)> = Vec::new();
        for b in contexts
            .iter()
            .flat_map(|ctx| self.bindings.iter().filter(move |b| b.context == *ctx))
        {
            if let Some(h) = b.hint
                && !out.iter().any(|(_, _, c)| *c == b.command)
            {
                out.push((b.short_label(), h, b.command));
            }
        }
        out
    }
}

impl Context {
    /// The name the table and the config file use.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Pane(Pane::Articles) => "articles",
            Context::Pane(Pane::Text) => "text",
            Context::Pane(Pane::Entities) => "entities",
            Context::Pane(Pane::Quotes) => "quotes",
            Context::Speakers => "speakers",
            Context::Filter => "filter",
            Context::Prompt => "prompt",
            Context::View => "view",
            Context::Quote => "quote",
            Context::Entity => "entity",
        }
    }
}

/// Every binding of the bundled table.
pub fn bindings() -> &'static [Binding] {
    Keymap::bundled().bindings()
}

/// The command bound to a key in these contexts, by the bundled table.
pub fn lookup(key: Key, contexts: &[Context]) -> Option<Command> {
    Keymap::bundled().lookup(key, contexts)
}

/// The binding of a command in these contexts, by the bundled table.
pub fn binding_for(command: Command, contexts: &[Context]) -> Option<&'static Binding> {
    Keymap::bundled().binding_for(command, contexts)
}

/// The status-line hints of the bundled table.
pub fn hints(contexts: &[Context]) -> Vec<(String, &'static str, Command)> {
    Keymap::bundled().hints(contexts)
}

/// The bindings as a Markdown table (for the README), generated so it cannot drift.
pub fn markdown_table() -> String {
    let mut out = String::from("| Where | Keys | Does |\n|---|---|---|\n");
    for ctx in Context::ALL {
        for b in bindings().iter().filter(|b| b.context == ctx) {
            let keys = b
                .keys
                .iter()
                .map(|k| match k.label().as_str() {
                    "`" => "`` ` ``".to_string(),
                    "|" => "`\\|`".to_string(),
                    l => format!("`{l}`"),
                })
                .collect::<Vec<_>>()
                .join(" ");
            out.push_str(&format!("| {} | {} | {} |\n", ctx.title(), keys, b.help));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    fn normal(pane: Pane) -> Vec<Context> {
        vec![Context::Pane(pane), Context::Global]
    }

    #[test]
    fn the_bundled_table_reads_without_errors() {
        let (bindings, errors) = parse(TABLE);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(bindings.len(), super::bindings().len());
    }

    #[test]
    fn bad_lines_are_reported_with_their_number_and_skipped() {
        let (b, errors) =
            parse("global\tj\tdown\n\nglobal\tX-1\tdown\nnowhere\tk\tup\nglobal\tk\tfly\n");
        assert_eq!(b.len(), 1);
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 3, 4, 5]);
    }

    #[test]
    fn keys_parse_and_label() {
        assert_eq!(
            Key::parse("C-d"),
            Some(Key {
                code: KeyCode::Char('d'),
                ctrl: true
            })
        );
        assert_eq!(Key::parse("S-Tab").map(|k| k.code), Some(KeyCode::BackTab));
        assert_eq!(Key::parse("Down").map(Key::label).as_deref(), Some("↓"));
        assert_eq!(Key::parse("G"), Some(Key::char('G')));
        assert_eq!(Key::parse("Bogus"), None);
    }

    #[test]
    fn shift_is_ignored_on_characters() {
        let plain = Key::from_event(&ev(KeyCode::Char('?'), KeyModifiers::NONE));
        let shifted = Key::from_event(&ev(KeyCode::Char('?'), KeyModifiers::SHIFT));
        assert_eq!(plain, shifted);
        let n = Key::from_event(&ev(KeyCode::Char('n'), KeyModifiers::SHIFT));
        assert_eq!(n, Some(Key::char('N')));
        let back = Key::from_event(&ev(KeyCode::Tab, KeyModifiers::SHIFT));
        assert_eq!(back.map(|k| k.code), Some(KeyCode::BackTab));
    }

    #[test]
    fn pane_bindings_win_over_global_ones() {
        assert_eq!(
            lookup(Key::char('y'), &normal(Pane::Quotes)),
            Some(Command::Copy)
        );
        assert_eq!(
            lookup(Key::char('j'), &normal(Pane::Quotes)),
            Some(Command::Down)
        );
        assert_eq!(lookup(Key::char('y'), &normal(Pane::Articles)), None);
    }

    #[test]
    fn letters_type_in_the_filter_line() {
        let ctx = [Context::Filter];
        assert_eq!(lookup(Key::char('j'), &ctx), None);
        assert_eq!(lookup(Key::char('q'), &ctx), None);
        let esc = Key::parse("Esc").unwrap();
        assert_eq!(lookup(esc, &ctx), Some(Command::LeaveFilter));
    }

    #[test]
    fn esc_goes_back_and_never_quits() {
        let esc = Key::parse("Esc").unwrap();
        for ctx in Context::ALL {
            let c = lookup(esc, &[ctx]);
            assert!(!matches!(c, Some(Command::Quit)), "{ctx:?}");
        }
        for pane in Pane::ALL {
            assert_eq!(lookup(esc, &normal(pane)), Some(Command::Back));
            for k in ["Bksp", "h", "Left", "C-o"] {
                assert_eq!(
                    lookup(Key::parse(k).unwrap(), &normal(pane)),
                    Some(Command::Back)
                );
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_context() {
        let all = bindings();
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                if a.context == b.context {
                    for k in &a.keys {
                        assert!(!b.keys.contains(k), "{k:?} twice in {:?}", a.context);
                    }
                }
            }
        }
    }

    #[test]
    fn every_command_has_a_key_somewhere() {
        for c in Command::ALL
            .iter()
            .filter(|c| !Command::PALETTE_ONLY.contains(c))
        {
            assert!(
                bindings().iter().any(|b| b.command == *c),
                "{c:?} has no key"
            );
        }
    }

    #[test]
    fn the_markdown_table_lists_every_binding() {
        let table = markdown_table();
        assert_eq!(table.lines().count(), bindings().len() + 2);
        assert!(table.contains("| Quotes | `y` | copy the quote"));
    }

    /// The README's keys table is this table; `LEDE_REGENERATE=1` rewrites it.
    #[test]
    fn the_readme_keys_table_is_generated_from_the_keymap() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
        let readme = std::fs::read_to_string(path).expect("README.md");
        let (start, end) = ("<!-- keys:start -->\n", "<!-- keys:end -->");
        let (Some(a), Some(b)) = (readme.find(start), readme.find(end)) else {
            panic!("README.md lacks the {start:?} … {end:?} markers");
        };
        let current = &readme[a + start.len()..b];
        let table = markdown_table();
        if std::env::var_os("LEDE_REGENERATE").is_some() {
            let updated = format!("{}{}{}", &readme[..a + start.len()], table, &readme[b..]);
            std::fs::write(path, updated).expect("write README.md");
        } else {
            assert_eq!(
                current, table,
                "the README's keys table is stale: LEDE_REGENERATE=1 cargo test --lib keymap"
            );
        }
    }

    #[test]
    fn user_bindings_replace_and_report_double_bindings_with_their_line() {
        let user = [
            UserBinding {
                context: Context::Global,
                command: Command::Top,
                keys: vec![Key::char('j'), Key::char('T')],
                line: 4,
            },
            UserBinding {
                context: Context::Global,
                command: Command::Bottom,
                keys: vec![Key::char('T')],
                line: 5,
            },
        ];
        let (map, problems) = Keymap::bundled().with_user(&user);
        let g = [Context::Global];
        assert_eq!(map.lookup(Key::char('j'), &g), Some(Command::Top));
        assert_eq!(map.lookup(Key::char('T'), &g), Some(Command::Top));
        // g no longer goes to the top: the user's keys replace the defaults.
        assert_eq!(map.lookup(Key::char('g'), &g), None);
        // Down keeps its other key.
        assert_eq!(
            map.lookup(Key::parse("Down").unwrap(), &g),
            Some(Command::Down)
        );
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [4, 5], "{problems:?}");
        assert!(
            problems[0].message.contains("was bound to down"),
            "{problems:?}"
        );
        assert!(problems[1].message.contains("bound twice"), "{problems:?}");
        // Bottom lost its only key to the clash: G and End were replaced by nothing.
        assert_eq!(map.lookup(Key::char('G'), &g), None);
        // The bundled table is untouched.
        assert_eq!(lookup(Key::char('j'), &g), Some(Command::Down));
    }

    #[test]
    fn hints_come_from_the_table() {
        let h = hints(&normal(Pane::Entities));
        assert_eq!(
            h.first().map(|(k, w, _)| (k.as_str(), *w)),
            Some(("Enter", "pin"))
        );
        assert!(h.iter().any(|(k, w, _)| k == "?" && *w == "help"));
        assert!(h.iter().any(|(k, w, _)| k == "Esc" && *w == "back"));
    }
}
