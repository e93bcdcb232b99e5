//! What a user can bind to a key: every `Command` has a snake_case name (the keymap table and,
//! later, the user's own bindings and a command palette refer to it by name) and a description.
//! What the system sends (progress, results, resizes) is a `Msg`, never a command.

use serde::{Deserialize, Deserializer};

/// Which handler of `update` a command belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Moving the selection, scrolling, focusing panes and sections.
    Move,
    /// Opening things and walking back and forward through what was opened (history).
    Open,
    /// The filter line.
    Edit,
    /// Views over the panes (help, warnings), settings, the clipboard, quitting.
    Other,
    /// The reader's own work: corrections, marks, exports, saved searches, prompts.
    Work,
}

macro_rules! commands {
    ($($variant:ident $name:literal $group:ident $desc:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Command {
            $($variant,)*
        }

        impl Command {
            /// Every command, in the order help lists them.
            pub const ALL: &'static [Command] = &[$(Command::$variant,)*];

            /// The name the keymap table uses.
            pub fn name(self) -> &'static str {
                match self {
                    $(Command::$variant => $name,)*
                }
            }

            pub fn description(self) -> &'static str {
                match self {
                    $(Command::$variant => $desc,)*
                }
            }

            pub fn group(self) -> Group {
                match self {
                    $(Command::$variant => Group::$group,)*
                }
            }
        }
    };
}

commands! {
    Down "down" Move "move down";
    Up "up" Move "move up";
    Top "top" Move "go to the top";
    Bottom "bottom" Move "go to the bottom";
    HalfPageDown "half_page_down" Move "half a page down";
    HalfPageUp "half_page_up" Move "half a page up";
    PageDown "page_down" Move "a page down";
    PageUp "page_up" Move "a page up";
    NextPane "next_pane" Move "focus the next pane";
    PrevPane "prev_pane" Move "focus the previous pane";
    FocusArticles "focus_articles" Move "focus Articles";
    FocusText "focus_text" Move "focus Text";
    FocusEntities "focus_entities" Move "focus Entities";
    FocusQuotes "focus_quotes" Move "focus Quotes";
    People "people" Move "jump to the People section";
    Countries "countries" Move "jump to the Countries section";
    Organisations "organisations" Move "jump to the Organisations section";
    NextSection "next_section" Move "jump to the next section";
    PrevSection "prev_section" Move "jump to the previous section";
    Open "open" Open "open what is selected";
    Detail "detail" Open "show what is selected in full";
    Pin "pin" Open "pin the selected entity as a filter (again: unpin)";
    Back "back" Open "go back one step";
    Forward "forward" Open "go forward again";
    NextHit "next_hit" Open "next match, mention or quote in the text";
    PrevHit "prev_hit" Open "previous match, mention or quote in the text";
    OpenFilter "filter" Edit "type a filter";
    LeaveFilter "leave_filter" Edit "leave the filter line (the filter stays)";
    DeleteBack "delete_back" Edit "delete the character before the cursor";
    DeleteForward "delete_forward" Edit "delete the character under the cursor";
    CursorLeft "cursor_left" Edit "cursor left";
    CursorRight "cursor_right" Edit "cursor right";
    CursorHome "cursor_home" Edit "cursor to the start";
    CursorEnd "cursor_end" Edit "cursor to the end";
    ClearLine "clear_line" Edit "clear the line";
    DeleteWord "delete_word" Edit "delete the word before the cursor";
    HistoryPrev "history_prev" Edit "the previous filter in the history";
    HistoryNext "history_next" Edit "the next filter in the history";
    CycleSort "sort" Other "sort the focused list another way";
    ToggleSpeakers "speakers" Other "show speakers instead of quotes (again: quotes)";
    ToggleScare "scare_quotes" Other "show or hide scare quotes (one or two words)";
    ToggleUnsure "unsure" Other "hide or show the entities the model is unsure of (dimmed)";
    Copy "copy" Other "copy the quote with its citation, as one line (OSC 52)";
    Help "help" Other "this help";
    Warnings "warnings" Other "show the load warnings";
    Close "close" Other "close the view; quit at the top level";
    Quit "quit" Other "quit at once";
    Suspend "suspend" Other "suspend to the shell (fg resumes)";
    Merge "merge" Work "merge the entity into another (type to choose it)";
    Rename "rename" Work "rename the entity";
    Hide "hide" Work "hide the entity: not an entity";
    ChangeKind "change_kind" Work "change the entity's kind (person, country, organisation)";
    Undo "undo" Work "undo the last correction";
    Export "export" Work "export the focused list to a file (CSV, JSON Lines or Markdown)";
    ExportFormat "export_format" Work "choose the export format (asked once, then remembered)";
    Star "star" Work "star the article or quote (again: unstar)";
    Reviewed "reviewed" Work "mark the article reviewed (again: unmark)";
    SaveSearch "save_search" Work "save the filter and pins under a name";
    Palette "palette" Work "the command palette: saved searches and commands";
    Accept "accept" Work "take the prompt's choice";
}

impl Command {
    /// Commands with no key of their own: the command palette runs them.
    pub const PALETTE_ONLY: &'static [Command] = &[Command::ExportFormat];

    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.iter().copied().find(|c| c.name() == name)
    }
}

impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Command, D::Error> {
        let name = String::deserialize(d)?;
        Command::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("no command named {name:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_round_trip() {
        for (i, c) in Command::ALL.iter().enumerate() {
            assert!(
                c.name()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch == '_'),
                "{c:?}"
            );
            assert_eq!(Command::from_name(c.name()), Some(*c));
            assert!(Command::ALL[i + 1..].iter().all(|d| d.name() != c.name()));
            assert!(!c.description().is_empty());
        }
        let c: Command = serde_json::from_str("\"next_hit\"").unwrap();
        assert_eq!(c, Command::NextHit);
        assert!(serde_json::from_str::<Command>("\"fly\"").is_err());
    }
}
