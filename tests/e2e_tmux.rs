//! The real binary in a real terminal: tmux runs `lede` on the bundled corpus, the test types
//! into it (`send-keys`) and reads the screen (`capture-pane`). Each test has its own tmux
//! server (`-L`), killed at the end. tmux must be installed (CI installs it).

mod common;

use std::fs;
use std::process::Command;
use std::thread::sleep;
use std::time::Instant;

use common::tmux::{POLL, TIMEOUT, Tmux, wait_for_record};

impl Tmux {
    /// A tmux server with one 120x40 window running `lede` behind a `read`, so that
    /// `pipe-pane` can be set up before lede writes its first byte.
    fn start(name: &str, env: &str) -> Tmux {
        let tmux = Tmux::new(
            format!("lede-e2e-{name}-{}", std::process::id()),
            tempfile::tempdir().expect("temp dir"),
        );
        let bin = env!("CARGO_BIN_EXE_lede");
        // The inner shell notes its pid and becomes lede, so the test can signal lede itself.
        let script = format!(
            "read go; {env} TERM=xterm-256color sh -c 'echo $$ > \"{pid}\"; exec \"{bin}\"'; echo EXIT=$? > '{exit}'",
            pid = tmux.dir().join("pid").display(),
            exit = tmux.exit_file().display(),
        );
        tmux.new_session(120, 40, &script);
        tmux.run(&["set-option", "-g", "window-size", "manual"]);
        tmux
    }

    /// lede's process id, once it has started.
    fn pid(&self) -> u32 {
        let path = self.dir().join("pid");
        let start = Instant::now();
        loop {
            if let Some(pid) = fs::read_to_string(&path)
                .ok()
                .and_then(|s| s.trim().parse().ok())
            {
                return pid;
            }
            assert!(start.elapsed() < TIMEOUT, "lede did not start");
            sleep(POLL);
        }
    }

    /// Let lede start (it waits behind `read`).
    fn go(&self) {
        self.run(&["send-keys", "-t", "lede", "Enter"]);
    }
}

/// "Articles 3/25" in a pane title: (shown, total).
fn article_count(screen: &str) -> Option<(usize, usize)> {
    let at = screen.find("Articles ")? + "Articles ".len();
    let rest = &screen[at..];
    let digits = |s: &str| {
        s.chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
    };
    let shown = digits(rest);
    let after = &rest[shown.len()..];
    let total = after.strip_prefix('/').map(digits);
    let shown: usize = shown.parse().ok()?;
    let total = match total {
        Some(t) => t.parse().ok()?,
        None => shown,
    };
    Some((shown, total))
}

fn loaded(screen: &str) -> bool {
    screen.contains(" articles · ") && screen.contains(" entities · ")
}

/// Filter, pin, open a quote, resize small and back, quit: the walk of both tests.
fn walk(t: &Tmux) {
    let screen = t.wait_for("the bundled corpus to load", loaded);
    let (_, total) = article_count(&screen).expect("an article count");
    assert!(total > 1, "{screen}");

    // Filter: every pane narrows.
    t.keys(&["/"]);
    t.type_text("Araghchi");
    t.keys(&["Enter"]);
    let screen = t.wait_for("the filter to narrow the articles", |s| {
        article_count(s).is_some_and(|(shown, all)| shown < all && shown > 0)
    });
    assert!(screen.contains("/Araghchi"), "{screen}");
    assert!(screen.contains("Araghchi"), "{screen}");

    // Pin the entity.
    t.keys(&["3", "Enter"]);
    let screen = t.wait_for("the pin", |s| s.contains("Pinned "));
    let filter_line = screen.lines().rev().nth(1).unwrap_or("");
    assert!(filter_line.contains("Araghchi"), "the chip:\n{screen}");
    assert!(
        screen.contains("said ") || screen.contains("about "),
        "quotes said by him or about him, told apart:\n{screen}"
    );

    // Open the first quote: focus moves to the text, at the quote.
    t.keys(&["4", "Enter"]);
    t.wait_for("the quote's article", |s| {
        s.contains("┏ 2 Text") && s.contains("mention ")
    });

    // Down to 20x6 (too small) and back.
    t.resize(20, 6);
    t.wait_for("the too-small note", |s| s.contains("too small"));
    t.resize(120, 40);
    t.wait_for("the explorer again", |s| {
        s.contains("┏ 2 Text") && s.contains("Quotes")
    });

    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
}

#[test]
fn explore_the_bundled_corpus() {
    let t = Tmux::start("explore", "");
    t.go();
    walk(&t);
}

/// SGR parameters that set a colour (foreground, background, underline; 16, 256 or true
/// colour). 39, 49 and 59 only reset to the terminal's default and are allowed.
fn colour_escapes(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut found = Vec::new();
    let mut rest = text.as_ref();
    while let Some(at) = rest.find("\x1b[") {
        let seq = &rest[at + 2..];
        let end = seq
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))
            .unwrap_or(seq.len());
        if seq[end..].starts_with('m') {
            let params = &seq[..end];
            let colour = params.split([';', ':']).any(|p| {
                matches!(
                    p.parse::<u32>(),
                    Ok(30..=38 | 40..=48 | 58 | 90..=97 | 100..=107)
                )
            });
            if colour {
                found.push(format!("ESC[{params}m"));
            }
        }
        rest = &seq[end.min(seq.len())..];
    }
    found
}

#[test]
fn no_color_means_no_colour_escapes() {
    let t = Tmux::start("nocolor", "NO_COLOR=1");
    let record = t.record();
    t.go();
    walk(&t);
    let bytes = wait_for_record(&record);
    let escapes = colour_escapes(&bytes);
    assert!(
        escapes.is_empty(),
        "colour escapes with NO_COLOR: {escapes:?}"
    );
    let text = String::from_utf8_lossy(&bytes);
    // Not vacuous: lede did draw, with reverse video for the selection, frame by frame.
    assert!(text.contains("\x1b[7m"), "no reverse video recorded");
    assert!(
        text.contains("\x1b[?2026h"),
        "frames are not synchronized updates"
    );
    // And it restored the terminal: the alternate screen was left.
    assert!(text.contains("\x1b[?1049l"), "alternate screen not left");
}

#[test]
fn colour_escape_detection() {
    assert!(colour_escapes(b"\x1b[39m\x1b[49m\x1b[0m\x1b[1;7m").is_empty());
    assert_eq!(colour_escapes(b"\x1b[1;31mx"), ["ESC[1;31m"]);
    assert_eq!(colour_escapes(b"\x1b[38;5;179m"), ["ESC[38;5;179m"]);
    assert_eq!(colour_escapes(b"\x1b[48;2;1;2;3m"), ["ESC[48;2;1;2;3m"]);
}

/// Whether a process is still running (a zombie waiting to be reaped counts as gone).
fn running(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(stat) => !stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

#[test]
fn sigterm_restores_the_terminal_and_exits() {
    let t = Tmux::start("sigterm", "");
    let record = t.record();
    t.go();
    t.wait_for("the bundled corpus to load", loaded);
    let pid = t.pid();
    let kill = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    assert!(kill.is_ok_and(|s| s.success()));
    assert_eq!(t.wait_for_exit(), "EXIT=143");
    let text = String::from_utf8_lossy(&wait_for_record(&record)).into_owned();
    assert!(text.contains("\x1b[?1049l"), "alternate screen not left");
    assert!(
        text.contains("\x1b[?2004l"),
        "bracketed paste not switched off"
    );
}

#[test]
fn a_dropped_connection_leaves_no_process_behind() {
    let t = Tmux::start("sighup", "");
    t.go();
    t.wait_for("the bundled corpus to load", loaded);
    let pid = t.pid();
    assert!(running(pid));
    // Killing the pane hangs up its terminal, as a dropped SSH connection does.
    t.run(&["kill-pane", "-t", "lede"]);
    let start = Instant::now();
    while running(pid) {
        assert!(
            start.elapsed() < TIMEOUT,
            "lede {pid} still running after SIGHUP"
        );
        sleep(POLL);
    }
}

/// Keys typed faster than a search runs act on its results: typing a filter, leaving the line
/// and pinning the first entity in one burst pins the entity the filter found.
#[test]
fn keys_typed_ahead_wait_for_the_search() {
    let t = Tmux::start("typeahead", "");
    t.go();
    t.wait_for("the bundled corpus to load", loaded);
    t.keys(&["/"]);
    t.type_text("araghchi");
    t.keys(&["Enter", "3", "Enter"]);
    let screen = t.wait_for("the pin", |s| s.contains("Pinned "));
    let filter_line = screen.lines().rev().nth(1).unwrap_or("");
    assert!(
        filter_line.contains("Araghchi"),
        "pinned the wrong entity:\n{screen}"
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
}

/// Bundled articles whose text holds the word `word` (any case), by their titles.
fn bundled_titles_with(word: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus/wikinews");
    let mut titles = Vec::new();
    for entry in fs::read_dir(dir).expect("bundled corpus") {
        let text = fs::read_to_string(entry.expect("entry").path()).unwrap_or_default();
        let holds = text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case(word));
        if let Some(title) = text
            .lines()
            .find_map(|l| l.strip_prefix("title: "))
            .filter(|_| holds)
        {
            titles.push(title.trim_matches('"').to_string());
        }
    }
    titles
}

/// Typing `obama` lists exactly the articles that mention Obama (no letters scattered
/// through other titles), and the Obama they mention is the first person listed.
#[test]
fn typing_obama_finds_the_articles_that_mention_obama() {
    let t = Tmux::start("obama", "");
    t.go();
    t.wait_for("the bundled corpus to load", loaded);
    let want = bundled_titles_with("obama");
    assert!(!want.is_empty());
    t.keys(&["/"]);
    t.type_text("obama");
    let screen = t.wait_for("the filter to narrow the articles", |s| {
        article_count(s).is_some_and(|(shown, all)| shown < all)
    });
    let (shown, _) = article_count(&screen).expect("an article count");
    assert_eq!(shown, want.len(), "{screen}");
    for title in &want {
        // Titles are cut to the pane's width: their start must be listed.
        let start: String = title.chars().take(24).collect();
        assert!(screen.contains(&start), "{start:?} not listed:\n{screen}");
    }
    assert!(!screen.contains("global warming"), "{screen}");
    let people = screen.find("People").expect("the People heading");
    assert!(
        screen[people..]
            .lines()
            .nth(1)
            .is_some_and(|l| l.contains("Barack Obama")),
        "{screen}"
    );
    t.keys(&["Enter"]);
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
}
