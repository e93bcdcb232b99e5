//! The real binary in tmux on articles full of terminal escape sequences: every byte lede
//! writes is recorded (`pipe-pane`) while the articles are shown, and none of the article's
//! sequences (clipboard writes, hyperlinks, titles, DCS, APC, C1 controls, bidi overrides) is
//! in it; the pane title set before lede started is still there after it quits.

mod common;

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::Instant;

use common::tmux::{POLL, TIMEOUT, Tmux, wait_for_record};

const TITLE: &str = "lede-e2e-title";
/// Each test has a tmux server of its own.
static SERVERS: AtomicUsize = AtomicUsize::new(0);

/// An article in UTF-8 with every family of escape sequence, raw C1 bytes (which make it
/// invalid UTF-8) and bidi overrides.
fn hostile_article() -> Vec<u8> {
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"Hostile \x1b]0;pwned-0\x07headline \x1b]2;pwned-2\x1b\\here\n");
    bytes.extend_from_slice(
        "Foreign Minister Abbas Araghchi said \x1b]52;c;cm0gLXJmIH4K\x07the talks were a \
         \x1b]8;;https://evil.example/\x1b\\“good start”\x1b]8;;\x1b\\ on Saturday.\x07\x07\n\n"
            .as_bytes(),
    );
    bytes.extend_from_slice(
        "Device control \x1bP1$qm\x1b\\ and \x1bP+q544e\x1b\\ queries, APC \x1b_Gf=100;AAAA\x1b\\ \
         privacy \x1b^pm\x1b\\ start \x1bXsos\x1b\\ strings, a reset \x1bc and a bell \x07.\n\n"
            .as_bytes(),
    );
    bytes.extend_from_slice(
        "C1 as UTF-8: \u{9b}31mred\u{9b}0m \u{9d}2;pwned-c1\u{9c} \u{90}dcs\u{9c} \u{9f}apc\u{9c} \
         bidi \u{202e}desrever\u{202c} \u{2066}isolated\u{2069} \u{202b}embedded\u{202c} end.\n\n"
            .as_bytes(),
    );
    bytes.extend_from_slice(b"Raw C1 bytes: \x9b31mred \x9d0;pwned-raw\x07 \x90x\x9c done.\n");
    bytes
}

/// Only ASCII and raw C1 bytes: read as Windows-1252, where 0x9D is undefined (an OSC).
fn c1_article() -> Vec<u8> {
    b"Single byte article\nThe minister said \x9b31mit\x9b0m was \x9d2;pwned-1252\x07fine and \x93quoted\x94.\n"
        .to_vec()
}

impl Tmux {
    /// A 100x30 tmux window that sets its pane title, then runs `program` on `files` once
    /// told to (Enter), so that `pipe-pane` can be set up before the first byte.
    fn start(program: &str, files: &[PathBuf], dir: tempfile::TempDir) -> Tmux {
        let tmux = Tmux::new(
            format!(
                "lede-e2e-hostile-{}-{}",
                std::process::id(),
                SERVERS.fetch_add(1, Ordering::Relaxed)
            ),
            dir,
        );
        let files: Vec<String> = files.iter().map(|f| format!("'{}'", f.display())).collect();
        let script = format!(
            "printf '\\033]2;{TITLE}\\033\\\\'; read go; TERM=xterm-256color '{program}' {}; echo EXIT=$? > '{}'; sleep 60",
            files.join(" "),
            tmux.exit_file().display()
        );
        tmux.new_session(100, 30, &script);
        tmux
    }

    /// Wait for the title the shell set (so a title sequence would visibly change it), start
    /// recording the pane's output, then let the program run.
    fn record_after_title(&self) -> PathBuf {
        let start = Instant::now();
        while self.pane_title() != TITLE {
            assert!(
                start.elapsed() < TIMEOUT,
                "title never set: {:?}",
                self.pane_title()
            );
            sleep(POLL);
        }
        let record = self.record();
        self.keys(&["Enter"]);
        record
    }
}

/// Everything in `bytes` that came from the articles rather than from lede's own drawing.
fn hazards(bytes: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    for (needle, what) in [
        (&b"\x1b]52"[..], "OSC 52 (clipboard)"),
        (b"\x1b]8;", "OSC 8 (hyperlink)"),
        (b"\x1b]0;", "OSC 0 (title)"),
        (b"\x1b]2;", "OSC 2 (title)"),
        (b"\x1bP", "DCS"),
        (b"\x1b_", "APC"),
        (b"\x1b^", "PM"),
        (b"\x1bX", "SOS"),
        (b"\x1bc", "RIS (reset)"),
        (b"\x07", "BEL"),
        // The text of title sequences that are removed whole. (In an otherwise UTF-8 file a
        // raw C1 byte is invalid and becomes U+FFFD, so what followed it is shown as text.)
        (b"pwned-0", "text of an OSC 0"),
        (b"pwned-2", "text of an OSC 2"),
        (b"pwned-c1", "text of an 8-bit OSC"),
        (b"pwned-1252", "text of an 8-bit OSC in Windows-1252"),
        (b"cm0gLXJmIH4K", "clipboard payload"),
    ] {
        if bytes.windows(needle.len()).any(|w| w == needle) {
            found.push(what.to_string());
        }
    }
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if ('\u{80}'..='\u{9f}').contains(&c) {
                found.push(format!("C1 control {c:?} as UTF-8"));
            }
            if matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
                found.push(format!("bidi control {c:?}"));
            }
        }
        for &b in chunk.invalid() {
            if (0x80..=0x9f).contains(&b) {
                found.push(format!("raw C1 byte {b:#04x}"));
            }
        }
    }
    found
}

#[test]
fn escape_sequences_in_articles_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hostile = dir.path().join("hostile.txt");
    let c1 = dir.path().join("c1.txt");
    fs::write(&hostile, hostile_article()).unwrap();
    fs::write(&c1, c1_article()).unwrap();
    let t = Tmux::start(env!("CARGO_BIN_EXE_lede"), &[hostile, c1], dir);
    let record = t.record_after_title();

    // The first article in the text pane (articles are listed in load order).
    t.wait_for("the articles to load", |s| s.contains("Articles 2"));
    t.keys(&["2"]);
    t.wait_for("the hostile article's text", |s| {
        s.contains("Abbas Araghchi") && s.contains("Raw C1 bytes")
    });
    // The second article.
    t.keys(&["1", "j", "2"]);
    t.wait_for("the single-byte article's text", |s| s.contains("“quoted”"));
    t.keys(&["Q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");

    let bytes = wait_for_record(&record);
    let text = String::from_utf8_lossy(&bytes);
    // Not vacuous: lede drew both articles and restored the terminal.
    assert!(
        text.contains("Araghchi") && text.contains("quoted"),
        "{text}"
    );
    assert!(text.contains("\x1b[?1049l"), "alternate screen not left");
    let found = hazards(&bytes);
    assert!(
        found.is_empty(),
        "from the articles to the terminal: {found:?}"
    );
    assert_eq!(t.pane_title(), TITLE, "the window title changed");
}

/// The control experiment: the same articles printed by `cat` do reach the terminal with
/// their sequences, and do retitle the window. So the test above could fail.
#[test]
fn the_same_articles_through_cat_would_attack_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hostile = dir.path().join("hostile.txt");
    fs::write(&hostile, hostile_article()).unwrap();
    let t = Tmux::start("cat", &[hostile], dir);
    let record = t.record_after_title();
    assert_eq!(t.wait_for_exit(), "EXIT=0");
    let start = Instant::now();
    let bytes = loop {
        let bytes = fs::read(&record).unwrap_or_default();
        if bytes.ends_with(b"done.\n") || bytes.ends_with(b"done.\r\n") || start.elapsed() > TIMEOUT
        {
            break bytes;
        }
        sleep(POLL);
    };
    let found = hazards(&bytes);
    for what in [
        "OSC 52 (clipboard)",
        "OSC 8 (hyperlink)",
        "OSC 0 (title)",
        "DCS",
        "APC",
        "BEL",
    ] {
        assert!(
            found.iter().any(|f| f == what),
            "{what} not seen in {found:?}"
        );
    }
    assert!(
        found.iter().any(|f| f.starts_with("raw C1 byte")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|f| f.starts_with("bidi control")),
        "{found:?}"
    );
    assert_ne!(t.pane_title(), TITLE, "cat did not retitle the window");
}

#[test]
fn the_hazard_detector_sees_each_hazard() {
    assert!(hazards(b"plain \x1b[1mbold\x1b[0m \x1b[?2026h \xe2\x80\x9cq\xe2\x80\x9d").is_empty());
    assert_eq!(hazards(b"\x1b]52;c;x\x07").len(), 2);
    assert_eq!(hazards(b"a\x9bb"), ["raw C1 byte 0x9b"]);
    assert_eq!(
        hazards("a\u{9d}b".as_bytes()),
        ["C1 control '\\u{9d}' as UTF-8"]
    );
    assert_eq!(hazards("\u{202e}".as_bytes()), ["bidi control '\\u{202e}'"]);
    assert_eq!(hazards(b"\x1bP1$q\x1b\\"), ["DCS"]);
}
