//! A problem with one input that did not stop the rest from loading: model data, shown by the
//! headless commands and the explorer's warnings overlay.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One warning. Path and message are sanitised when the warning is made (a file name can hold
/// escape sequences too), so whoever prints one prints no control character.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadWarning {
    pub path: String,
    /// 1-based line (or row, or item), when the input has several records.
    pub line: Option<usize>,
    pub message: String,
    /// For a summary of warnings left out beyond the cap: how many it stands for (0 for an
    /// ordinary warning).
    pub grouped: u64,
}

impl LoadWarning {
    /// How many warnings this one counts for.
    pub fn count(&self) -> u64 {
        self.grouped.max(1)
    }
}

/// How many warnings a list stands for, summaries included.
pub fn warning_total(warnings: &[LoadWarning]) -> u64 {
    warnings.iter().map(LoadWarning::count).sum()
}

impl fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}
