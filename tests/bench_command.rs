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
