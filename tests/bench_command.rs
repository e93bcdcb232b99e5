//! `lede bench` runs end to end: a table, then one JSON line with the measured figures.

use std::process::Command;

#[test]
fn bench_prints_a_table_and_a_json_line() {
    let out = Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(["bench", "--query", "iran", "--rounds", "2"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("filter per keystroke"), "{stdout}");
    // Not a terminal: no progress bar on stderr.
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(json["articles"], 25);
    assert_eq!(json["keystrokes"], 4);
    assert_eq!(json["rounds"], 2);
    assert_eq!(json["queries"][0]["query"], "iran");
    assert!(json["queries"][0]["matches"].as_u64().unwrap() >= 1);
    assert!(json["filter_p99_ms"].as_f64().unwrap() >= json["filter_p50_ms"].as_f64().unwrap());
    assert!(json["extract_mb_per_s"].as_f64().unwrap() > 0.0);
}

#[test]
fn bench_types_every_query_of_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("queries.txt");
    std::fs::write(&file, "# a comment\niran\n\np:trump\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_lede"))
        .args(["bench", "--rounds", "1", "--queries"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    let queries = json["queries"].as_array().unwrap();
    assert_eq!(queries.len(), 2);
    assert_eq!(queries[1]["query"], "p:trump");
    assert_eq!(json["keystrokes"], 4 + 7);
    // The table has a row per query.
    assert!(
        stdout.lines().any(|l| l.starts_with("p:trump ")),
        "{stdout}"
    );
}

/// Files (not the bundled corpus): the warm half runs in a fresh process from the snapshot the
/// cold half wrote, so the browsing peak is measured apart from the build's.
#[test]
fn bench_on_files_measures_browsing_in_a_fresh_process() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("news");
    std::fs::create_dir(&corpus).unwrap();
    for (i, name) in ["Abbas Araghchi", "Steve Witkoff", "Badr Albusaidi"]
        .iter()
        .enumerate()
    {
        std::fs::write(
            corpus.join(format!("{i}.md")),
            format!(
                "# Talks {i}\n\n{name} said the talks in Muscat were \u{201c}useful\u{201d}.\n"
            ),
        )
        .unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_lede"))
        .args([
            "bench",
            "--rounds",
            "1",
            "--query=-witkof",
            "--query",
            "witkof",
        ])
        .arg(&corpus)
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json: serde_json::Value = serde_json::from_str(stdout.lines().last().unwrap()).unwrap();
    assert_eq!(json["browse_in_fresh_process"], true, "{stdout}");
    assert!(json["warm_open_seconds"].as_f64().is_some(), "{stdout}");
    assert_eq!(json["queries"][0]["query"], "-witkof");
    assert_eq!(json["queries"][1]["matches"], 1);
    for key in [
        "cold_peak_over_text",
        "browse_peak_over_text",
        "peak_over_text",
    ] {
        assert!(json[key].as_f64().unwrap() > 0.0, "{key}: {stdout}");
    }
    assert!(stdout.contains("browsing (a fresh process)"), "{stdout}");
    // The scratch cache is gone and the user's cache untouched.
    assert!(!dir.path().join("cache").join("lede").exists());
}
