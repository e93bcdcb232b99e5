//! Turning command-line paths into inputs: files, folders walked recursively (hidden entries
//! skipped, links followed with loop detection, files of other kinds counted and summed up in
//! one warning), and `-` for standard input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::read::open_regular;
use super::{Format, LoadWarning};

/// The warning for a path that is there but is no file to read.
pub(super) const NOT_REGULAR: &str = "not a regular file (FIFO, socket or device), skipped";

#[derive(Debug, Clone)]
pub enum Input {
    Stdin,
    File {
        path: PathBuf,
        /// From the file name; `None` when the name says nothing and the content decides.
        format: Option<Format>,
    },
    Bundled {
        name: &'static str,
        bytes: &'static [u8],
    },
}

impl Input {
    /// Size in bytes when known up front (for progress).
    pub fn size(&self) -> u64 {
        match self {
            Input::Stdin => 0,
            Input::File { path, .. } => std::fs::metadata(path).map_or(0, |m| m.len()),
            Input::Bundled { bytes, .. } => bytes.len() as u64,
        }
    }
}

/// Expand paths into the inputs to read, in a stable order, with warnings for paths that
/// cannot be read at all.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<Input>, Vec<LoadWarning>) {
    let mut inputs = Vec::new();
    let mut warnings = Vec::new();
    let mut skipped = Skipped::default();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let name = path.display().to_string();
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(err) => {
                warnings.push(LoadWarning::new(&name, format!("cannot read: {err}")));
                continue;
            }
        };
        if meta.is_dir() {
            let before = (inputs.len(), warnings.len(), skipped.total());
            walk_dir(path, &mut inputs, &mut warnings, &mut skipped);
            if (inputs.len(), warnings.len(), skipped.total()) == before {
                // Named on the command line and nothing in it: say so rather than open nothing.
                warnings.push(LoadWarning::new(
                    &name,
                    "folder holds no file lede reads, skipped",
                ));
            }
        } else if meta.is_file() {
            // Opened (and closed) now, so a file that cannot be read is known before the
            // explorer opens.
            if let Err(message) = open_regular(path) {
                warnings.push(LoadWarning::new(&name, message));
                continue;
            }
            // A file named explicitly is read whatever its name; the content decides when the
            // name says nothing.
            inputs.push(Input::File {
                path: path.clone(),
                format: Format::from_path(path),
            });
        } else {
            warnings.push(LoadWarning::new(&name, NOT_REGULAR));
        }
    }
    if let Some(summary) = skipped.warning() {
        warnings.push(summary);
    }
    (inputs, warnings)
}

/// What a folder walk does with a file found at `path` inside the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InFolder {
    /// Read, in this format.
    Read(Format),
    /// Passed over in silence: hidden, or a document about the folder (README.md).
    Passed,
    /// Not a format lede reads: counted in the "skipped N files" warning.
    Other,
}

/// The walk's rules for one file, for files that come from a folder some other way (a tar
/// stream of a folder's files, as the Spark job sends them).
pub fn in_folder(path: &Path) -> InFolder {
    if path.components().any(|c| is_hidden(c.as_os_str())) || is_project_document(path) {
        return InFolder::Passed;
    }
    Format::from_path(path).map_or(InFolder::Other, InFolder::Read)
}

/// Files in folders that lede does not read, counted by ending.
#[derive(Debug, Default)]
pub struct Skipped {
    by_ending: BTreeMap<String, usize>,
}

impl Skipped {
    pub fn add(&mut self, path: &Path) {
        let ending = path.extension().and_then(|e| e.to_str()).map_or_else(
            || "(no ending)".to_string(),
            |e| format!(".{}", e.to_ascii_lowercase()),
        );
        *self.by_ending.entry(ending).or_default() += 1;
    }

    fn total(&self) -> usize {
        self.by_ending.values().sum()
    }

    /// "skipped 12 files: 8 .pdf, 4 .docx — not a format lede reads"
    pub fn warning(&self) -> Option<LoadWarning> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        let mut endings: Vec<(&String, &usize)> = self.by_ending.iter().collect();
        endings.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let shown: Vec<String> = endings
            .iter()
            .take(8)
            .map(|(ending, n)| format!("{n} {ending}"))
            .collect();
        let more = if endings.len() > 8 { ", …" } else { "" };
        Some(LoadWarning::new(
            "folders",
            format!(
                "skipped {total} file{}: {}{more} — not a format lede reads",
                if total == 1 { "" } else { "s" },
                shown.join(", ")
            ),
        ))
    }
}

fn walk_dir(
    root: &Path,
    inputs: &mut Vec<Input>,
    warnings: &mut Vec<LoadWarning>,
    skipped: &mut Skipped,
) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err
                    .path()
                    .map_or_else(|| root.display().to_string(), |p| p.display().to_string());
                let reason = if err.loop_ancestor().is_some() {
                    "symbolic link loop, skipped".to_string()
                } else {
                    format!(
                        "cannot read: {}",
                        err.io_error()
                            .map_or_else(|| err.to_string(), |e| e.to_string())
                    )
                };
                warnings.push(LoadWarning::new(&path, reason));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        if is_project_document(path) {
            continue;
        }
        let Some(format) = Format::from_path(path) else {
            skipped.add(path);
            continue;
        };
        inputs.push(Input::File {
            path: path.to_path_buf(),
            format: Some(format),
        });
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// README.md, SOURCES.md, LICENSE.txt...: documents about a folder, not articles in it.
/// Skipped when walking a folder; still read when named on the command line.
fn is_project_document(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|stem| {
            stem.len() > 1
                && stem
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-')
        })
}
