//! Prompts over the panes: the command palette (saved searches and every command), choosing
//! the entity to merge into, a kind, the export format; and lines to type (a new name, a name
//! for a search). Choices are narrowed fuzzily (nucleo) as the user types.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::{Command, Cursor, LineInput};
use crate::export::Format;
use crate::model::{EntityId, EntityKind};

/// What a prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Palette,
    /// The entity to merge this one into.
    MergeInto(EntityId),
    Rename(EntityId),
    Kind(EntityId),
    /// The format `E` writes in; then export, if `E` asked.
    ExportFormat {
        then_export: bool,
    },
    SaveSearch,
}

/// What taking a choice does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChoiceAction {
    Command(Command),
    /// A saved search (index into the app's list).
    Search(usize),
    Entity(EntityId),
    Kind(EntityKind),
    Format(Format),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    /// Said beside it, dimmer ("person · 12 articles", what a command does).
    pub detail: String,
    /// Its key, for commands.
    pub key: String,
    pub action: ChoiceAction,
}

/// A prompt being answered.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub kind: PromptKind,
    pub title: String,
    pub input: LineInput,
    /// Every choice; none for a line to type.
    pub choices: Vec<Choice>,
    /// The choices that match what is typed, best first (indexes into `choices`).
    pub shown: Vec<usize>,
    pub cursor: Cursor,
}

/// At most this many choices are listed (typing narrows the rest).
const SHOWN: usize = 500;

impl Prompt {
    pub fn choose(kind: PromptKind, title: impl Into<String>, choices: Vec<Choice>) -> Prompt {
        let mut p = Prompt {
            kind,
            title: title.into(),
            input: LineInput::default(),
            choices,
            shown: Vec::new(),
            cursor: Cursor::default(),
        };
        p.narrow();
        p
    }

    pub fn line(kind: PromptKind, title: impl Into<String>, text: &str) -> Prompt {
        Prompt {
            kind,
            title: title.into(),
            input: LineInput::at_end(text.to_string()),
            choices: Vec::new(),
            shown: Vec::new(),
            cursor: Cursor::default(),
        }
    }

    /// A line to type, not a choice.
    pub fn is_line(&self) -> bool {
        matches!(self.kind, PromptKind::Rename(_) | PromptKind::SaveSearch)
    }

    pub fn selected(&self) -> Option<&Choice> {
        self.shown
            .get(self.cursor.selected)
            .and_then(|&i| self.choices.get(i))
    }

    /// List the choices matching the input, best first (all, in order, when it is empty).
    pub fn narrow(&mut self) {
        let text = self.input.text.trim();
        if text.is_empty() {
            self.shown = (0..self.choices.len().min(SHOWN)).collect();
        } else {
            let mut matcher = Matcher::new(Config::DEFAULT);
            let pattern = Pattern::parse(text, CaseMatching::Ignore, Normalization::Smart);
            let mut buf = Vec::new();
            let mut scored: Vec<(u32, usize)> = self
                .choices
                .iter()
                .enumerate()
                .filter_map(|(i, c)| {
                    let hay = format!("{} {}", c.label, c.detail);
                    // The label counts more than the detail.
                    let label = pattern.score(Utf32Str::new(&c.label, &mut buf), &mut matcher);
                    let any = pattern.score(Utf32Str::new(&hay, &mut buf), &mut matcher)?;
                    Some((label.map_or(any, |l| l * 2), i))
                })
                .collect();
            scored.sort_by_key(|&(score, i)| (std::cmp::Reverse(score), i));
            self.shown = scored.into_iter().take(SHOWN).map(|(_, i)| i).collect();
        }
        self.cursor = Cursor::default();
    }

    /// Move the selection, wrapping round.
    pub fn step(&mut self, delta: isize, visible: usize) {
        let len = self.shown.len();
        if len == 0 {
            return;
        }
        let to = (self.cursor.selected as isize + delta).rem_euclid(len as isize) as usize;
        self.cursor.set(to, len, visible);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(label: &str, detail: &str) -> Choice {
        Choice {
            label: label.into(),
            detail: detail.into(),
            key: String::new(),
            action: ChoiceAction::Kind(EntityKind::Person),
        }
    }

    #[test]
    fn typing_narrows_the_choices_fuzzily() {
        let mut p = Prompt::choose(
            PromptKind::Palette,
            "Commands",
            vec![
                choice("merge", "merge the entity into another"),
                choice("export", "export the focused list"),
                choice("help", "this help"),
            ],
        );
        assert_eq!(p.shown, [0, 1, 2]);
        p.input = LineInput::at_end("exprt".into());
        p.narrow();
        assert_eq!(p.selected().map(|c| c.label.as_str()), Some("export"));
        p.input = LineInput::at_end("zzzz".into());
        p.narrow();
        assert!(p.shown.is_empty() && p.selected().is_none());
    }

    #[test]
    fn the_selection_wraps() {
        let mut p = Prompt::choose(
            PromptKind::Palette,
            "",
            vec![choice("a", ""), choice("b", ""), choice("c", "")],
        );
        p.step(-1, 10);
        assert_eq!(p.cursor.selected, 2);
        p.step(1, 10);
        assert_eq!(p.cursor.selected, 0);
    }
}
