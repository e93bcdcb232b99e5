//! The analyst's workflow in a real terminal (tmux): merge "Marilyn" into "Andy
//! Warhol" with `m`, quit, open again and see one entry; pin Andy Warhol, export the Quotes
//! pane to CSV with `e` and read the file back. State and config live in the test's own folder.

mod common;

use std::path::Path;

use common::tmux::Tmux;

fn loaded(screen: &str) -> bool {
    screen.contains(" articles · ") && screen.contains(" entities · ")
}

/// The Entities pane's column of the screen (at 120 columns it is the right-most box).
fn entities_pane(screen: &str) -> Vec<String> {
    let first = screen.lines().next().unwrap_or("");
    let Some(byte) = first.find("3 Entities") else {
        return Vec::new();
    };
    let col = first[..byte].chars().count().saturating_sub(2);
    screen
        .lines()
        .map(|l| l.chars().skip(col).collect::<String>())
        .collect()
}

fn start(name: &str, home: &Path) -> Tmux {
    let env = format!(
        "XDG_STATE_HOME='{}' XDG_CONFIG_HOME='{}'",
        home.join("state").display(),
        home.join("config").display()
    );
    let t = Tmux::lede(name, 120, 40, &env, &[]);
    t.go();
    t.wait_for("the bundled corpus to load", loaded);
    t
}

#[test]
fn a_merge_sticks_and_a_pinned_entitys_quotes_export_to_csv() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("exports");
    std::fs::create_dir_all(home.path().join("config/lede")).unwrap();
    std::fs::write(
        home.path().join("config/lede/config.toml"),
        format!("[export]\ndir = \"{}\"\n", out.display()),
    )
    .unwrap();

    // Before: both entries.
    let t = start("merge", home.path());
    t.keys(&["/"]);
    t.type_text("p:marilyn");
    t.keys(&["Enter", "3"]);
    let screen = t.wait_for("Marilyn listed", |s| {
        entities_pane(s).iter().any(|l| l.contains("Marilyn"))
    });
    // The entity the filter names is selected first.
    assert!(
        entities_pane(&screen).iter().any(|l| l.contains("Marilyn")),
        "{screen}"
    );
    t.keys(&["M"]);
    t.wait_for("the merge prompt", |s| s.contains("Merge Marilyn into"));
    // A person reads the prompt before typing into it (letters within 0.4 s of `M` would be a
    // word typed into the list, and close it).
    std::thread::sleep(std::time::Duration::from_millis(600));
    t.type_text("andy warhol");
    t.wait_for("Andy Warhol to choose", |s| s.contains("› andy warhol"));
    t.keys(&["Enter"]);
    t.wait_for("the merge", |s| {
        s.contains("Merged Marilyn into Andy Warhol")
    });
    t.keys(&["Q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
    drop(t);
    let corrections =
        std::fs::read_to_string(home.path().join("state/lede/bundled/corrections.jsonl")).unwrap();
    assert!(
        corrections.contains(r#""op":"merge","name":"Marilyn""#),
        "{corrections}"
    );

    // Again: one entry, and it has the other's names.
    let t = start("reopen", home.path());
    t.keys(&["/"]);
    t.type_text("p:warhol");
    t.keys(&["Enter", "3"]);
    // Waited for until the frame shows the filtered list whole (a capture can fall between a
    // frame's first and last lines, with rows of the one before still there).
    let screen = t.wait_for("Andy Warhol listed once, Marilyn merged away", |s| {
        let pane = entities_pane(s);
        let warhols = pane
            .iter()
            .filter(|l| l.contains("  Andy Warhol  "))
            .count();
        warhols == 1 && !pane.iter().any(|l| l.contains("Marilyn"))
    });
    let pane = entities_pane(&screen);
    assert!(
        !pane.iter().any(|l| l.contains("Marilyn")),
        "merged away, yet listed:\n{screen}"
    );
    assert_eq!(
        pane.iter()
            .filter(|l| l.contains("  Andy Warhol  "))
            .count(),
        1,
        "{screen}"
    );

    // Pin Andy Warhol (the first entity the filter names), export the Quotes pane.
    t.keys(&["Enter"]);
    t.wait_for("the pin", |s| s.contains("Pinned Andy Warhol"));
    t.keys(&["4", "E"]);
    t.wait_for("the format prompt", |s| s.contains("Export as"));
    std::thread::sleep(std::time::Duration::from_millis(600));
    t.type_text("csv");
    t.keys(&["Enter"]);
    let screen = t.wait_for("the export", |s| s.contains("Wrote "));
    let files: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("lede-quotes-") && name.ends_with(".csv"),
        "{name}"
    );
    let mut reader = csv::Reader::from_path(&files[0]).unwrap();
    assert_eq!(&reader.headers().unwrap()[0], "speaker");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter().any(|r| r[1].contains("Warhol")),
        "a quote about him first: {rows:?}"
    );
    let said = format!("Wrote {} quotes to ", rows.len());
    assert!(screen.contains(&said), "{said}:\n{screen}");
    t.keys(&["Q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
}
