//! Moving and reading in the real binary under tmux, as a user of fzf, less and tig would: a
//! word typed in a list is a filter (never commands), every back key returns from an opened
//! article at 80x24, `n` follows the filter through the text and on to the next article, and a
//! quote's detail shows it whole.

mod common;

use std::path::Path;

use common::corpus::write;
use common::tmux::Tmux;

fn loaded(screen: &str) -> bool {
    screen.contains(" articles · ") && screen.contains(" entities · ")
}

/// The status line (the screen's last line).
fn status(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

/// The filter line (the line above the status line).
fn filter_line(screen: &str) -> &str {
    screen.lines().rev().nth(1).unwrap_or("")
}

/// Type `word` a letter at a time, `gap_ms` apart, as a person does.
fn type_slowly(t: &Tmux, word: &str, gap_ms: u64) {
    for c in word.chars() {
        t.type_text(&c.to_string());
        std::thread::sleep(std::time::Duration::from_millis(gap_ms));
    }
}

#[test]
fn a_word_whose_first_letter_is_a_key_still_filters() {
    let t = Tmux::lede("words", 120, 40, "", &[]);
    t.go();
    t.wait_for("the bundled corpus to load", loaded);
    // "o" sorts and "q" quits in a list: typed as a word's first letter at a typist's pace,
    // neither does, and the word is the filter.
    type_slowly(&t, "oman", 150);
    let screen = t.wait_for("oman in the filter line", |s| {
        filter_line(s).contains("/oman")
    });
    assert!(!status(&screen).contains("by date"), "{screen}");
    t.keys(&["Enter", "3"]);
    // In Entities "r", "m" and "x" are not keys (corrections are capitals): a name filters.
    type_slowly(&t, "qatar", 150);
    let screen = t.wait_for("the second word", |s| {
        filter_line(s).contains("/oman qatar")
    });
    assert!(common::tmux::running(t.pid()), "{screen}");
    assert!(!screen.contains("Rename"), "{screen}");
    // A key alone, with a pause after it, is its command: "q" from a list quits.
    t.keys(&["Enter"]);
    t.wait_for("the filter committed", |s| {
        !status(s).contains("Enter done")
    });
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
}

#[test]
fn typing_iraq_in_the_articles_pane_filters_and_never_quits() {
    let t = Tmux::lede("iraq", 120, 40, "", &[]);
    t.go();
    t.wait_for("the bundled corpus to load", loaded);
    t.type_text("iraq");
    let screen = t.wait_for("iraq in the filter line", |s| {
        filter_line(s).contains("/iraq")
    });
    assert!(common::tmux::running(t.pid()), "{screen}");
    // Still running a moment later, and the letters went nowhere else.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let screen = t.screen();
    assert!(common::tmux::running(t.pid()), "{screen}");
    assert!(filter_line(&screen).contains("/iraq"), "{screen}");
    t.keys(&["C-c"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
}

#[test]
fn at_80x24_esc_backspace_and_ctrl_o_each_go_back_from_an_opened_article() {
    let t = Tmux::lede("back", 80, 24, "", &[]);
    t.go();
    t.wait_for("the bundled corpus to load", loaded);
    for back in ["Escape", "BSpace", "C-o"] {
        t.keys(&["j", "Enter"]);
        let screen = t.wait_for("the article", |s| s.contains("┏ 2 Text"));
        // In tab mode the hint line says how to go back.
        assert!(status(&screen).contains("Esc back"), "{screen}");
        t.keys(&[back]);
        let screen = t.wait_for(&format!("{back} to go back to the list"), |s| {
            s.contains("┏ 1 Articles")
        });
        assert!(!screen.contains("┏ 2 Text"), "{screen}");
    }
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
}

/// Three articles naming uranium, long enough that the text scrolls.
fn uranium_corpus(dir: &Path) -> Vec<String> {
    let filler = "Diplomats met again in Vienna to discuss the inspections and the timeline. ";
    let mut files = Vec::new();
    for (i, name) in ["a.txt", "b.txt", "c.txt"].iter().enumerate() {
        let mut body = format!("Talks on enrichment, round {}\n", i + 1);
        for p in 0..6 {
            body.push_str(&filler.repeat(6));
            if p % 2 == 1 || i == 1 {
                body.push_str(&format!("Inspectors counted the uranium stock, part {p}. "));
            }
            body.push('\n');
        }
        files.push(write(dir, name, body.as_bytes()).display().to_string());
    }
    files
}

#[test]
fn n_moves_through_the_filters_matches_and_on_to_the_next_article() {
    let dir = tempfile::tempdir().unwrap();
    let files = uranium_corpus(dir.path());
    let t = Tmux::lede("uranium", 80, 24, "", &files);
    t.go();
    t.wait_for("the articles to load", |s| {
        loaded(s) && s.contains("Articles 3")
    });
    t.keys(&["/"]);
    t.type_text("uranium");
    t.keys(&["Enter"]);
    t.wait_for("the filter", |s| filter_line(s).contains("/uranium"));
    t.keys(&["n"]);
    // The article where the word occurs most comes first: 6 matches, then 3 in each other.
    let screen = t.wait_for("the first match", |s| s.contains("Match 1 of 6"));
    // The text is shown at the match, which is marked.
    assert!(
        screen.contains("┏ 2 Text") && screen.contains("uranium"),
        "{screen}"
    );
    assert!(
        screen.contains("match 1 of 6"),
        "the text's title says where:\n{screen}"
    );
    t.keys(&["n"]);
    t.wait_for("the second match", |s| s.contains("Match 2 of 6"));
    t.keys(&["n", "n", "n", "n", "n"]);
    let screen = t.wait_for("the next article", |s| {
        s.contains("Next article: match 1 of 3")
    });
    assert!(screen.contains("uranium"), "{screen}");
    // N steps back into the article before, at its last match.
    t.keys(&["N"]);
    t.wait_for("the previous article's last match", |s| {
        s.contains("Previous article: match 6 of 6")
    });
    t.keys(&["Q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
}

#[test]
fn a_quotes_detail_shows_the_whole_quote() {
    let t = Tmux::lede("detail", 80, 24, "", &[]);
    t.go();
    t.wait_for("the bundled corpus to load", loaded);
    // The bundled sample article's long quote, cut short in the list.
    t.keys(&["4"]);
    t.type_text("/q:unveiling");
    t.keys(&["Enter"]);
    let list = t.wait_for("the quote listed", |s| s.contains("unveiling"));
    assert!(list.contains('…'), "the list cuts the quote:\n{list}");
    t.keys(&["Space"]);
    let screen = t.wait_for("the quote's detail", |s| s.contains("Said by"));
    let flat = screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '║' || c == '┃' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "“unveiling the missile means we will not give up our military power even if we sit at the negotiating table”"
        ),
        "{screen}"
    );
    assert!(flat.contains("Said by Yadollah Javani"), "{screen}");
    // "said that “…”": quoted words inside the writer's sentence.
    assert!(flat.contains("Kind mixed: quoted words"), "{screen}");
    // Esc closes it; q then quits.
    t.keys(&["Escape"]);
    t.wait_for("the list again", |s| !s.contains("Said by"));
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
}
