//! Reading and writing one state file. Writes are atomic (a temporary file in the same
//! directory, synced, renamed over the old one, the directory synced), so a crash or a full
//! disk leaves the old file or the new one, never half of one. A file that does not read (a
//! line that is not JSON, text that is not UTF-8) is moved aside beside itself, with a warning,
//! and whatever of it did read is kept.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::load::LoadWarning;

/// Write `bytes` to `path` atomically, creating its directory when missing.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".lede-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // The rename itself is durable once the directory is synced (not possible everywhere).
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Items as JSON Lines, after `header` lines (written as `# ` comments).
pub fn to_json_lines<T: Serialize>(header: &[String], items: &[T]) -> String {
    let mut out = String::new();
    for h in header {
        out.push_str("# ");
        out.push_str(&h.replace('\n', " "));
        out.push('\n');
    }
    for item in items {
        if let Ok(line) = serde_json::to_string(item) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// What reading a JSON Lines file gave: its items with their line numbers, and warnings.
#[derive(Debug)]
pub struct Read<T> {
    pub items: Vec<(usize, T)>,
    pub warnings: Vec<LoadWarning>,
    /// Where the file was moved, when it did not read.
    pub moved_to: Option<PathBuf>,
}

impl<T> Default for Read<T> {
    fn default() -> Self {
        Read {
            items: Vec::new(),
            warnings: Vec::new(),
            moved_to: None,
        }
    }
}

/// Read a JSON Lines file (blank lines and `#` comments skipped). A missing file is empty. A
/// line that does not read is reported with its number; then, when `set_aside` (lede's own
/// state, not a file the user named), the file is moved aside so the next write cannot lose
/// what it held.
pub fn read_json_lines<T: DeserializeOwned>(path: &Path, set_aside: bool) -> Read<T> {
    let mut read = Read::default();
    let shown = path.display().to_string();
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return read,
        Err(e) => {
            read.warnings
                .push(LoadWarning::new(&shown, format!("cannot read: {e}")));
            return read;
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut bad = matches!(text, std::borrow::Cow::Owned(_));
    if bad {
        read.warnings
            .push(LoadWarning::new(&shown, "not UTF-8 text (damaged?)"));
    }
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match serde_json::from_str::<T>(trimmed) {
            Ok(item) => read.items.push((i + 1, item)),
            Err(e) => {
                bad = true;
                read.warnings
                    .push(LoadWarning::at_line(&shown, i + 1, format!("{e}")));
            }
        }
    }
    if bad && set_aside {
        match set_aside_file(path) {
            Ok(to) => {
                read.warnings.push(LoadWarning::new(
                    &shown,
                    format!(
                        "damaged, moved aside to {} ({} entries that read are kept)",
                        to.display(),
                        read.items.len()
                    ),
                ));
                read.moved_to = Some(to);
            }
            Err(e) => read.warnings.push(LoadWarning::new(
                &shown,
                format!("damaged, and could not be moved aside: {e}"),
            )),
        }
    }
    read
}

/// Read a JSON file holding one value; a damaged one is moved aside (`None` then).
pub fn read_json<T: DeserializeOwned>(path: &Path) -> (Option<T>, Vec<LoadWarning>) {
    let shown = path.display().to_string();
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return (None, Vec::new()),
        Err(e) => {
            return (
                None,
                vec![LoadWarning::new(&shown, format!("cannot read: {e}"))],
            );
        }
    };
    match serde_json::from_slice::<T>(&bytes) {
        Ok(v) => (Some(v), Vec::new()),
        Err(e) => {
            let mut warnings = vec![LoadWarning::at_line(&shown, e.line(), e.to_string())];
            match set_aside_file(path) {
                Ok(to) => warnings.push(LoadWarning::new(
                    &shown,
                    format!("damaged, moved aside to {}", to.display()),
                )),
                Err(e) => warnings.push(LoadWarning::new(
                    &shown,
                    format!("damaged, and could not be moved aside: {e}"),
                )),
            }
            (None, warnings)
        }
    }
}

/// Rename `path` to `path.damaged-<seconds>` (with `-2`, `-3` … if taken).
pub fn set_aside_file(path: &Path) -> io::Result<PathBuf> {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".into());
    for n in 1..1000 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let to = path.with_file_name(format!("{name}.damaged-{secs}{suffix}"));
        if !to.exists() {
            fs::rename(path, &to)?;
            return Ok(to);
        }
    }
    Err(io::Error::other("no free name to move it to"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_replaces_the_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep/er/state.jsonl");
        write_atomic(&path, b"one\n").unwrap();
        write_atomic(&path, b"two\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two\n");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["state.jsonl"]);
    }

    #[test]
    fn a_file_truncated_mid_write_is_moved_aside_and_what_read_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        fs::write(&path, "\"iran\"\n\"trump\"\n\"white ho").unwrap();
        let read: Read<String> = read_json_lines(&path, true);
        let items: Vec<&str> = read.items.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(items, ["iran", "trump"]);
        assert!(!path.exists());
        let moved = read.moved_to.unwrap();
        assert_eq!(
            fs::read_to_string(&moved).unwrap(),
            "\"iran\"\n\"trump\"\n\"white ho"
        );
        assert!(
            read.warnings.iter().any(|w| w.line == Some(3)),
            "{:?}",
            read.warnings
        );
        assert!(
            read.warnings
                .iter()
                .any(|w| w.message.contains("moved aside")),
            "{:?}",
            read.warnings
        );
        // A user's own file (set_aside false) is reported, never moved.
        fs::write(&path, "nope\n").unwrap();
        let read: Read<String> = read_json_lines(&path, false);
        assert!(path.exists() && read.moved_to.is_none() && read.items.is_empty());
        assert_eq!(read.warnings[0].line, Some(1));
    }

    #[test]
    fn a_missing_file_is_empty_and_comments_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let read: Read<String> = read_json_lines(&dir.path().join("none"), true);
        assert!(read.items.is_empty() && read.warnings.is_empty());
        let path = dir.path().join("c.jsonl");
        fs::write(&path, "# a comment\n\n\"x\"\n").unwrap();
        let read: Read<String> = read_json_lines(&path, true);
        assert_eq!(read.items, [(3, "x".to_string())]);
    }

    #[test]
    fn a_damaged_json_file_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prefs.json");
        fs::write(&path, "{\"export_format\": \"cs").unwrap();
        let (v, warnings) = read_json::<serde_json::Value>(&path);
        assert!(v.is_none() && !path.exists());
        assert!(warnings.iter().any(|w| w.message.contains("moved aside")));
    }
}
