//! The user's state, kept between sessions: per corpus (corrections, marks, filter history,
//! saved searches) in `$XDG_STATE_HOME/lede/<corpus key>/`, and a few preferences in
//! `$XDG_STATE_HOME/lede/prefs.json`. Small JSON Lines files, one entry a line, written
//! atomically; a damaged one is moved aside with a warning, never fatal.

pub mod file;
pub mod key;
pub mod marks;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corrections::Correction;
use crate::load::LoadWarning;
pub use key::CorpusKey;
pub use marks::{Mark, Marks};

pub const CORRECTIONS: &str = "corrections.jsonl";
pub const MARKS: &str = "marks.jsonl";
pub const HISTORY: &str = "history.jsonl";
pub const SEARCHES: &str = "searches.jsonl";
pub const INPUTS: &str = "inputs.txt";
pub const PREFS: &str = "prefs.json";

/// Filters kept in the history, newest last.
pub const HISTORY_CAP: usize = 500;

/// `$XDG_STATE_HOME/lede`, or `~/.local/state/lede`; `None` with neither variable set.
pub fn root() -> Option<PathBuf> {
    let from = |var: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    from("XDG_STATE_HOME")
        .or_else(|| from("HOME").map(|h| h.join(".local/state")))
        .map(|p| p.join("lede"))
}

/// A saved search: a filter and the pins, under a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearch {
    pub name: String,
    #[serde(default)]
    pub query: String,
    /// Pinned entities by name and kind (ids are not stable across loads).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pins: Vec<crate::corrections::EntityRef>,
}

/// Preferences kept for every corpus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prefs {
    /// The format `E` exports in, once asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export_format: Option<crate::export::Format>,
}

/// Everything kept for one corpus, as read at start.
#[derive(Debug, Default)]
pub struct Stored {
    pub corrections: Vec<Correction>,
    pub marks: Vec<Mark>,
    pub history: Vec<String>,
    pub searches: Vec<SavedSearch>,
    pub prefs: Prefs,
    /// Damaged files and lines, each naming its file.
    pub warnings: Vec<LoadWarning>,
}

/// One corpus's state directory (not created until something is written).
#[derive(Debug, Clone)]
pub struct StateDir {
    pub root: PathBuf,
    pub dir: PathBuf,
    pub key: CorpusKey,
}

impl StateDir {
    pub fn new(root: &Path, key: CorpusKey) -> StateDir {
        StateDir {
            root: root.to_path_buf(),
            dir: root.join(&key.dir_name),
            key,
        }
    }

    /// The state directory of the corpus opened from `paths`, under the user's state root.
    pub fn for_paths(paths: &[PathBuf]) -> Option<StateDir> {
        Some(StateDir::new(&root()?, CorpusKey::from_paths(paths)))
    }

    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// Read everything kept for this corpus.
    pub fn load(&self) -> Stored {
        let mut stored = Stored::default();
        let corrections = file::read_json_lines::<Correction>(&self.path(CORRECTIONS), true);
        stored.corrections = corrections.items.into_iter().map(|(_, c)| c).collect();
        stored.warnings.extend(corrections.warnings);
        let marks = file::read_json_lines::<Mark>(&self.path(MARKS), true);
        stored.marks = marks.items.into_iter().map(|(_, m)| m).collect();
        stored.warnings.extend(marks.warnings);
        let history = file::read_json_lines::<String>(&self.path(HISTORY), true);
        stored.history = history.items.into_iter().map(|(_, h)| h).collect();
        stored.warnings.extend(history.warnings);
        let searches = file::read_json_lines::<SavedSearch>(&self.path(SEARCHES), true);
        stored.searches = searches.items.into_iter().map(|(_, s)| s).collect();
        stored.warnings.extend(searches.warnings);
        let (prefs, warnings) = file::read_json::<Prefs>(&self.root.join(PREFS));
        stored.prefs = prefs.unwrap_or_default();
        stored.warnings.extend(warnings);
        stored
    }

    /// The header of a per-corpus file: what it is and which corpus it belongs to.
    fn header(&self, what: &str) -> Vec<String> {
        let mut h = vec![format!(
            "lede {what}, one a line; this file may be edited by hand."
        )];
        h.push(format!("Corpus: {}", self.key.inputs.join(", ")));
        h
    }

    fn save_lines<T: Serialize>(&self, file: &str, what: &str, items: &[T]) -> std::io::Result<()> {
        // Say which inputs the directory is for, once, for whoever browses the state folder.
        let inputs = self.path(INPUTS);
        if !inputs.exists() {
            let mut text = self.key.inputs.join("\n");
            text.push('\n');
            file::write_atomic(&inputs, text.as_bytes())?;
        }
        let text = file::to_json_lines(&self.header(what), items);
        file::write_atomic(&self.path(file), text.as_bytes())
    }

    pub fn save_corrections(&self, corrections: &[Correction]) -> std::io::Result<()> {
        self.save_lines(CORRECTIONS, "corrections", corrections)
    }

    pub fn save_marks(&self, marks: &[Mark]) -> std::io::Result<()> {
        self.save_lines(MARKS, "marks (stars, reviewed articles)", marks)
    }

    pub fn save_history(&self, history: &[String]) -> std::io::Result<()> {
        self.save_lines(HISTORY, "filter history, newest last", history)
    }

    pub fn save_searches(&self, searches: &[SavedSearch]) -> std::io::Result<()> {
        self.save_lines(SEARCHES, "saved searches", searches)
    }

    pub fn save_prefs(&self, prefs: &Prefs) -> std::io::Result<()> {
        let text = serde_json::to_string_pretty(prefs).unwrap_or_else(|_| "{}".into());
        file::write_atomic(&self.root.join(PREFS), format!("{text}\n").as_bytes())
    }
}

/// Add a filter to the history: newest last, once (an older copy is dropped), at most
/// [`HISTORY_CAP`] kept. Returns whether it changed.
pub fn remember(history: &mut Vec<String>, query: &str) -> bool {
    let query = query.trim();
    if query.is_empty() || history.last().is_some_and(|h| h == query) {
        return false;
    }
    history.retain(|h| h != query);
    history.push(query.to_string());
    if history.len() > HISTORY_CAP {
        let extra = history.len() - HISTORY_CAP;
        history.drain(..extra);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_is_deduplicated_and_capped() {
        let mut h = Vec::new();
        assert!(remember(&mut h, "iran"));
        assert!(remember(&mut h, "trump"));
        assert!(!remember(&mut h, "trump "));
        assert!(remember(&mut h, "iran"));
        assert_eq!(h, ["trump", "iran"]);
        assert!(!remember(&mut h, "  "));
        for i in 0..HISTORY_CAP + 10 {
            remember(&mut h, &format!("q{i}"));
        }
        assert_eq!(h.len(), HISTORY_CAP);
        assert_eq!(h.last().map(String::as_str), Some("q509"));
    }

    #[test]
    fn state_survives_a_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let state = StateDir::new(dir.path(), CorpusKey::bundled());
        state
            .save_history(&["iran".into(), "p:trump".into()])
            .unwrap();
        let saved = SavedSearch {
            name: "Iran".into(),
            query: "iran".into(),
            pins: Vec::new(),
        };
        state.save_searches(std::slice::from_ref(&saved)).unwrap();
        let stored = state.load();
        assert_eq!(stored.history, ["iran", "p:trump"]);
        assert_eq!(stored.searches, [saved]);
        assert!(stored.warnings.is_empty(), "{:?}", stored.warnings);
        let inputs = std::fs::read_to_string(state.path(INPUTS)).unwrap();
        assert_eq!(inputs, "<bundled>\n");
    }
}
