//! Input files for the loading tests: written into a temporary folder, loaded as the binary
//! loads them, and the results looked up; and the binary itself, run on standard input.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use lede::corpus;
use lede::load::{self, LoadWarning};
use lede::model::Corpus;

/// A small good article: its title is "Talks resume in Oman".
pub const GOOD_TXT: &str =
    "Talks resume in Oman\nForeign Minister Abbas Araghchi said the talks were a “good start”.\n";

/// The corpus the binary would load from `paths` (files and folders), with its warnings.
pub fn build(paths: &[PathBuf]) -> Corpus {
    let (inputs, warnings) = load::expand_paths(paths);
    corpus::build(&inputs, warnings).0
}

/// Write `bytes` to `name` below `dir`, making the folders on the way.
pub fn write(dir: &Path, name: impl AsRef<OsStr>, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name.as_ref());
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, bytes).unwrap();
    path
}

/// The corpus of one file, `name` holding `bytes`, in a temporary folder of its own.
pub fn build_one(name: &str, bytes: &[u8]) -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), name, bytes);
    build(&[p])
}

/// The warning about `file`; fails, listing the warnings, if there is none.
pub fn warning_for<'a>(c: &'a Corpus, file: &str) -> &'a LoadWarning {
    c.warnings
        .iter()
        .find(|w| w.path.ends_with(file))
        .unwrap_or_else(|| panic!("no warning for {file}: {:?}", c.warnings))
}

pub fn titles(c: &Corpus) -> Vec<&str> {
    c.articles.iter().map(|a| a.title.as_str()).collect()
}

/// The binary under test, with snapshots kept in a folder of this test run's (never the
/// user's cache), under cargo's scratch folder for tests (`target/tmp`) rather than the
/// system's temporary folder, which runs would otherwise fill.
pub fn lede() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lede"));
    cmd.env(
        "XDG_CACHE_HOME",
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("test-cache-{}", std::process::id())),
    );
    cmd
}

/// Run the binary with `args`, `input` on its standard input: (stdout, stderr, success).
pub fn run_with_stdin(args: &[&str], input: &[u8]) -> (String, String, bool) {
    use std::io::Write;
    let mut child = lede()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}
