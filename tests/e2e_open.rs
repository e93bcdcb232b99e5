//! `lede open` in a real terminal: the explorer on output extracted already shows the same
//! entities and quotes as the explorer on the raw files (here the bundled corpus, written out
//! as `lede extract --json` writes it), unfiltered and filtered.

mod common;

use common::tmux::Tmux;

fn loaded(screen: &str) -> bool {
    screen.contains(" articles · ") && screen.contains(" entities · ")
}

/// The filter has been applied: the status line counts "N of M articles" (the search runs on a
/// worker, so the query line shows before its results do), and Enter has closed the filter line
/// (while it is open, the hints offer "Enter done" and no pane is drawn focused).
fn filtered(screen: &str) -> bool {
    screen.contains("/p:araghchi")
        && !screen.contains("Enter done")
        && screen.lines().any(|l| {
            l.contains(" entities · ")
                && l.split(" articles")
                    .next()
                    .is_some_and(|head| head.contains(" of "))
        })
}

/// The screen below the first line (whose right edge can carry a changing clock or note).
fn panes(screen: &str) -> String {
    screen.lines().skip(1).collect::<Vec<_>>().join("\n")
}

#[test]
fn lede_open_on_extracted_output_shows_what_lede_shows_on_the_raw_files() {
    let (corpus, _) = lede::corpus::build(&lede::load::bundled_files(), Vec::new());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("extracted.jsonl");
    let mut out = Vec::new();
    lede::output::write_json_lines(&corpus, &mut out).unwrap();
    std::fs::write(&file, out).unwrap();

    let raw = Tmux::lede("open-raw", 120, 40, "", &[]);
    raw.go();
    let opened = Tmux::lede(
        "open-extracted",
        120,
        40,
        "",
        &["open".to_string(), file.display().to_string()],
    );
    opened.go();
    let a = raw.wait_for("the bundled corpus", loaded);
    let b = opened.wait_for("the extracted output", loaded);
    let status = |s: &str| {
        s.lines()
            .rev()
            .find(|l| l.contains(" entities · "))
            .map(str::to_string)
    };
    assert_eq!(status(&a), status(&b), "the counts differ");
    // Entities and quotes panes, then filtered to one person and pinned.
    for t in [&raw, &opened] {
        t.keys(&["/"]);
        t.type_text("p:araghchi");
        t.keys(&["Enter"]);
    }
    let a = raw.wait_for("the filter's results", filtered);
    let b = opened.wait_for("the filter's results", filtered);
    assert!(a.contains("Abbas Araghchi"), "{a}");
    assert_eq!(panes(&a), panes(&b), "raw:\n{a}\nopened:\n{b}");
    for t in [&raw, &opened] {
        t.keys(&["4"]);
    }
    let a = raw.wait_for("the quotes pane", |s| s.contains("4 Quotes") && filtered(s));
    let b = opened.wait_for("the quotes pane", |s| s.contains("4 Quotes") && filtered(s));
    assert_eq!(panes(&a), panes(&b), "raw:\n{a}\nopened:\n{b}");
    for t in [&raw, &opened] {
        t.keys(&["Q"]);
        t.wait_for_exit();
    }
}
