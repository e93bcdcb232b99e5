//! Warnings kept up to a cap and counted beyond it, grouped by kind, so ten million bad records
//! cost a thousand warnings and a few counters, not gigabytes (and the overlay stays readable).

use std::ops::Deref;

use crate::model::LoadWarning;

/// How many warnings are kept in full; the rest are counted in groups.
pub const KEPT_WARNINGS: usize = 1000;
/// How many distinct kinds are counted apart; further kinds share one group.
const MAX_GROUPS: usize = 64;

/// A list of warnings with a cap. Reads as a slice of the kept ones.
#[derive(Debug, Default, Clone)]
pub struct Warnings {
    kept: Vec<LoadWarning>,
    groups: Vec<Group>,
}

#[derive(Debug, Clone)]
struct Group {
    kind: String,
    /// The file of the first warning left out, and whether all left out were from it.
    path: String,
    one_file: bool,
    count: u64,
}

impl Warnings {
    pub fn push(&mut self, warning: LoadWarning) {
        if warning.grouped > 0 {
            self.add_to_group(kind_of(&warning.message), &warning.path, warning.grouped);
        } else if self.kept.len() < KEPT_WARNINGS {
            self.kept.push(warning);
        } else {
            self.add_to_group(kind_of(&warning.message), &warning.path, 1);
        }
    }

    /// Take another list's warnings, summaries included.
    pub fn append(&mut self, other: Warnings) {
        for w in other.kept {
            self.push(w);
        }
        for g in other.groups {
            let path = if g.one_file { g.path } else { String::new() };
            self.add_to_group(g.kind, &path, g.count);
        }
    }

    fn add_to_group(&mut self, kind: String, path: &str, count: u64) {
        let at = match self.groups.iter().position(|g| g.kind == kind) {
            Some(at) => at,
            None if self.groups.len() < MAX_GROUPS => {
                self.groups.push(Group {
                    kind,
                    path: path.to_string(),
                    one_file: !path.is_empty(),
                    count: 0,
                });
                self.groups.len() - 1
            }
            None => self.groups.len() - 1,
        };
        let g = &mut self.groups[at];
        g.one_file &= g.path == path;
        g.count += count;
    }

    /// How many warnings there were, including those only counted.
    pub fn total(&self) -> u64 {
        self.kept.len() as u64 + self.groups.iter().map(|g| g.count).sum::<u64>()
    }

    /// The kept warnings, then one summary per group ("and 9,999,000 more like it").
    pub fn into_vec(self) -> Vec<LoadWarning> {
        let mut out = self.kept;
        for g in self.groups {
            out.push(LoadWarning {
                path: if g.one_file {
                    g.path
                } else {
                    "several files".to_string()
                },
                line: None,
                message: format!("and {} more like it: {}", thousands(g.count), g.kind),
                grouped: g.count,
            });
        }
        out
    }
}

impl Deref for Warnings {
    type Target = [LoadWarning];
    fn deref(&self) -> &[LoadWarning] {
        &self.kept
    }
}

impl<'a> IntoIterator for &'a Warnings {
    type Item = &'a LoadWarning;
    type IntoIter = std::slice::Iter<'a, LoadWarning>;
    fn into_iter(self) -> Self::IntoIter {
        self.kept.iter()
    }
}

/// What a warning says with its particulars left out: the text before any colon, digits as
/// `N` ("invalid UTF-8 at byte N; bad bytes replaced with U+FFFD", "malformed JSON, line
/// skipped").
fn kind_of(message: &str) -> String {
    let head = message.split(": ").next().unwrap_or(message);
    let mut kind = String::with_capacity(head.len().min(120));
    let mut last_digit = false;
    for c in head.chars().take(120) {
        if c.is_ascii_digit() {
            if !last_digit {
                kind.push('N');
            }
            last_digit = true;
        } else {
            kind.push(c);
            last_digit = false;
        }
    }
    kind
}

/// 9999000 as "9,999,000".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(path: &str, line: usize, message: &str) -> LoadWarning {
        LoadWarning {
            path: path.into(),
            line: Some(line),
            message: message.into(),
            grouped: 0,
        }
    }

    #[test]
    fn beyond_the_cap_warnings_are_counted_by_kind() {
        let mut w = Warnings::default();
        for line in 1..=1500 {
            w.push(warning(
                "a.jsonl",
                line,
                &format!("malformed JSON, line skipped: at column {line}"),
            ));
        }
        w.push(warning(
            "b.jsonl",
            1,
            "invalid UTF-8 at byte 17; bad bytes replaced",
        ));
        assert_eq!(w.len(), KEPT_WARNINGS);
        assert_eq!(w.total(), 1501);
        let all = w.into_vec();
        assert_eq!(all.len(), KEPT_WARNINGS + 2);
        assert_eq!(
            all[KEPT_WARNINGS].to_string(),
            "a.jsonl: and 500 more like it: malformed JSON, line skipped"
        );
        assert_eq!(
            all[KEPT_WARNINGS + 1].message,
            "and 1 more like it: invalid UTF-N at byte N; bad bytes replaced"
        );
        assert_eq!(crate::model::warning_total(&all), 1501);
    }

    #[test]
    fn summaries_survive_being_appended() {
        let mut one = Warnings::default();
        for line in 0..1200 {
            one.push(warning("a", line, "bad"));
        }
        let mut two = Warnings::default();
        for line in 0..1200 {
            two.push(warning("b", line, "bad"));
        }
        let mut all = Warnings::default();
        all.append(one);
        all.append(two);
        assert_eq!(all.total(), 2400);
        let v = all.into_vec();
        assert_eq!(v.last().map(|w| w.path.as_str()), Some("several files"));
        assert_eq!(thousands(9_999_000), "9,999,000");
    }
}
