//! The real binary in a real terminal: tmux runs `lede` on the bundled corpus, the test types
//! into it (`send-keys`) and reads the screen (`capture-pane`). Each test has its own tmux
//! server (`-L`), killed at the end. tmux must be installed (CI installs it).

mod common;

use std::process::Command;
use std::thread::sleep;
use std::time::Instant;

use common::tmux::{POLL, TIMEOUT, Tmux, running, wait_for_record};

/// A tmux server with one 120x40 window running `lede` on the bundled corpus.
fn start(name: &str, env: &str) -> Tmux {
    Tmux::lede(name, 120, 40, env, &[])
}

/// "Articles 3 of 25" in a pane title: (shown, total).
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
    let total = after.strip_prefix(" of ").map(digits);
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

    // Open the first quote's detail, then its article: focus moves to the text, at the quote.
    t.keys(&["4", "Enter"]);
    t.wait_for("the quote's detail", |s| s.contains("Said by"));
    t.keys(&["Enter"]);
    t.wait_for("the quote's article", |s| {
        s.contains("┏ 2 Text") && s.contains("line ")
    });

    // Down to 20x6 (too small) and back.
    t.resize(20, 6);
    t.wait_for("the too-small note", |s| s.contains("too small"));
    t.resize(120, 40);
    t.wait_for("the explorer again", |s| {
        s.contains("┏ 2 Text") && s.contains("Quotes")
    });

    // q closes the article first (back to the quote's detail it was opened from), then the
    // detail, and quits only from the lists.
    t.keys(&["q"]);
    t.wait_for("the quote's detail again", |s| s.contains("Said by"));
    t.keys(&["q"]);
    t.wait_for("the lists again", |s| {
        s.contains("┏ 4 Quotes") && !s.contains("Said by")
    });
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
}

#[test]
fn explore_the_bundled_corpus() {
    let t = start("explore", "");
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
    let t = start("nocolor", "NO_COLOR=1");
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

/// 256-colour and true-colour codes in a recording.
fn extended_colours(bytes: &[u8]) -> Vec<String> {
    colour_escapes(bytes)
        .into_iter()
        .filter(|e| {
            e.contains("38;5") || e.contains("48;5") || e.contains(";2;") || e.contains("38:")
        })
        .collect()
}

/// `TERM=xterm` (and `screen`, `linux`) get the 16 classic colours, sent as the classic codes.
#[test]
fn sixteen_colour_terminals_get_classic_colour_codes() {
    for term in ["xterm", "screen", "linux"] {
        let t = start(&format!("palette16-{term}"), &format!("TERM={term}"));
        let record = t.record();
        t.go();
        walk(&t);
        let bytes = wait_for_record(&record);
        let extended = extended_colours(&bytes);
        assert!(extended.is_empty(), "TERM={term}: {extended:?}");
        // Not vacuous: colours were sent.
        assert!(
            !colour_escapes(&bytes).is_empty(),
            "TERM={term}: no colours at all"
        );
    }
}

#[test]
fn colour_escape_detection() {
    assert!(colour_escapes(b"\x1b[39m\x1b[49m\x1b[0m\x1b[1;7m").is_empty());
    assert_eq!(colour_escapes(b"\x1b[1;31mx"), ["ESC[1;31m"]);
    assert_eq!(colour_escapes(b"\x1b[38;5;179m"), ["ESC[38;5;179m"]);
    assert_eq!(colour_escapes(b"\x1b[48;2;1;2;3m"), ["ESC[48;2;1;2;3m"]);
    assert_eq!(extended_colours(b"\x1b[33m\x1b[38;5;3m"), ["ESC[38;5;3m"]);
}

#[test]
fn sigterm_restores_the_terminal_and_exits() {
    let t = start("sigterm", "");
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
    let t = start("sighup", "");
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
    let t = start("typeahead", "");
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
    t.keys(&["Q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
}

/// Bundled articles whose text holds the word `word` (any case), by their titles.
fn bundled_titles_with(word: &str) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus/wikinews");
    let mut titles = Vec::new();
    for entry in std::fs::read_dir(dir).expect("bundled corpus") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).unwrap_or_default();
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
    let t = start("obama", "");
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
