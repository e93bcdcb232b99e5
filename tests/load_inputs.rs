//! Every input format, standard input, and every kind of bad input: each warns, naming the file
//! (and line), and the good articles beside it still load.

mod common;

use std::fs;
use std::process::Command;

use common::corpus::{
    GOOD_TXT, build, build_one, lede, run_with_stdin, titles, warning_for, write,
};
use lede::corpus;
use lede::load;

#[test]
fn plain_text_title_dateline_and_boilerplate() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "a.txt",
        "Tehran, Iran – Iranian officials described the talks as “positive,” but offered no roadmap.\nRecommended stories\n3 List of itemsEnd of list\nSecond paragraph.\n".as_bytes(),
    );
    let c = build(&[p]);
    let a = &c.articles[0];
    assert_eq!(a.dateline.as_deref(), Some("Tehran, Iran"));
    assert!(
        a.title.starts_with("Iranian officials described the talks"),
        "{}",
        a.title
    );
    assert!(!a.body.contains("Recommended stories"));
    assert!(!a.body.contains("List of items"));
    assert!(a.body.contains("Second paragraph."));
    assert_eq!(a.id, "a");

    let p = write(dir.path(), "b.txt", GOOD_TXT.as_bytes());
    let c = build(&[p]);
    assert_eq!(c.articles[0].title, "Talks resume in Oman");
    assert!(c.articles[0].body.starts_with("Foreign Minister"));
}

#[test]
fn markdown_front_matter() {
    let c = build_one(
        "m.md",
        b"---\ntitle: \"Flag vote\"\ndate: 2015-05-07\nauthor: Wikinews\nurl: https://example.org/x\nsource: Wikinews\n---\n\nNew Zealand begins a process.\n",
    );
    let a = &c.articles[0];
    assert_eq!(a.title, "Flag vote");
    assert_eq!(a.date.as_deref(), Some("2015-05-07"));
    assert_eq!(a.url.as_deref(), Some("https://example.org/x"));
    assert_eq!(a.outlet.as_deref(), Some("Wikinews"));
    assert_eq!(a.body, "New Zealand begins a process.");
}

#[test]
fn json_object_array_and_field_names() {
    let dir = tempfile::tempdir().unwrap();
    let one = write(
        dir.path(),
        "one.json",
        br#"{"id": "x1", "headline": "H", "maintext": "Body one.", "date_publish": "2020-01-01", "authors": ["A", "B"], "source_domain": "example.org", "extra": 5}"#,
    );
    let many = write(
        dir.path(),
        "many.json",
        br#"[{"title": "T1", "content": "Body two."}, {"title": "T2", "article": "Body three.", "link": "u"}]"#,
    );
    let c = build(&[one, many]);
    assert_eq!(titles(&c), ["H", "T1", "T2"]);
    let a = &c.articles[0];
    assert_eq!(a.id, "x1");
    assert_eq!(a.body, "Body one.");
    assert_eq!(a.author.as_deref(), Some("A, B"));
    assert_eq!(a.outlet.as_deref(), Some("example.org"));
    assert_eq!(a.date.as_deref(), Some("2020-01-01"));
    assert_eq!(c.articles[2].url.as_deref(), Some("u"));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn json_body_is_kept_unchanged() {
    let body = "Line one.\n\n  Indented “quote” here.\nRecommended stories\n";
    let json = serde_json::json!({"title": "T", "body": body}).to_string();
    let c = build_one("k.json", json.as_bytes());
    assert_eq!(c.articles[0].body, body);
}

#[test]
fn json_lines_with_a_malformed_line() {
    let c = build_one(
        "feed.jsonl",
        b"{\"title\": \"A\", \"text\": \"First.\"}\n{not json\n\n{\"title\": \"C\", \"body\": \"Third.\"}\n{\"title\": \"D\"}\n",
    );
    assert_eq!(titles(&c), ["A", "C"]);
    assert_eq!(c.articles[0].id, "feed:1");
    let lines: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
    assert!(
        lines
            .iter()
            .any(|w| w.contains("feed.jsonl:2: malformed JSON")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|w| w.contains("feed.jsonl:5: no text field")),
        "{lines:?}"
    );
}

#[test]
fn ndjson_extension() {
    let c = build_one("f.ndjson", b"{\"text\": \"Only body here.\"}\n");
    assert_eq!(c.articles.len(), 1);
    assert_eq!(c.articles[0].title, "Only body here");
}

#[test]
fn folders_are_walked_hidden_and_unknown_files_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a/one.txt", GOOD_TXT.as_bytes());
    write(dir.path(), "a/b/two.md", b"# Two\n\nText two.\n");
    write(dir.path(), ".hidden/three.txt", GOOD_TXT.as_bytes());
    write(dir.path(), "a/.four.txt", GOOD_TXT.as_bytes());
    write(dir.path(), "a/image.png", b"\x89PNG");
    write(
        dir.path(),
        "a/README.md",
        b"# Not an article\n\nAbout this folder.\n",
    );
    let c = build(&[dir.path().to_path_buf()]);
    let mut t = titles(&c);
    t.sort();
    assert_eq!(t, ["Talks resume in Oman", "Two"]);
    // Files of other kinds are not read but counted, in one line (hidden files and the
    // folder's own README are passed over in silence).
    let text: Vec<String> = c.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        ["folders: skipped 1 file: 1 .png — not a format lede reads"]
    );
}

#[test]
fn bad_inputs_warn_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", GOOD_TXT.as_bytes());
    let empty = write(dir.path(), "empty.txt", b"");
    let blank = write(dir.path(), "blank.md", b"  \n\n");
    let binary = write(dir.path(), "binary.txt", b"\x00\x01\x02PK\x03\x04 zip-ish");
    let bad_utf8 = write(
        dir.path(),
        "utf8.txt",
        "Headline here\nCafé “ok” \u{e9}t\u{e9}"
            .as_bytes()
            .iter()
            .copied()
            .chain([0xff, 0xfe, b'x'])
            .collect::<Vec<u8>>()
            .as_slice(),
    );
    let latin1 = write(
        dir.path(),
        "latin1.txt",
        b"Caf\xe9 opens\nThe caf\xe9 in M\xfcnchen opened.\n",
    );
    let broken_json = write(dir.path(), "broken.json", b"{\"title\": \"x\", ");
    let no_text = write(dir.path(), "notext.json", br#"{"title": "No body"}"#);
    let missing = dir.path().join("missing.txt");
    let dangling = dir.path().join("dangling.txt");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
    let c = build(&[
        good,
        empty,
        blank,
        binary,
        bad_utf8,
        latin1,
        broken_json,
        no_text,
        missing,
        dangling,
    ]);

    assert!(warning_for(&c, "empty.txt").message.contains("empty file"));
    assert!(warning_for(&c, "blank.md").message.contains("empty file"));
    assert!(
        warning_for(&c, "binary.txt")
            .message
            .contains("binary file")
    );
    assert!(
        warning_for(&c, "utf8.txt")
            .message
            .contains("invalid UTF-8")
    );
    assert!(warning_for(&c, "latin1.txt").message.contains("Latin-1"));
    assert!(
        warning_for(&c, "broken.json")
            .message
            .contains("not valid JSON")
    );
    assert!(
        warning_for(&c, "notext.json")
            .message
            .contains("no text field")
    );
    assert!(
        warning_for(&c, "missing.txt")
            .message
            .contains("cannot read")
    );
    assert!(
        warning_for(&c, "dangling.txt")
            .message
            .contains("cannot read")
    );

    let t = titles(&c);
    assert!(t.contains(&"Talks resume in Oman"));
    assert!(
        t.contains(&"Headline here"),
        "lossy UTF-8 still loads: {t:?}"
    );
    let latin = c
        .articles
        .iter()
        .find(|a| a.path.ends_with("latin1.txt"))
        .unwrap();
    assert_eq!(latin.title, "Café opens");
    assert!(latin.body.contains("München"));
    let lossy = c
        .articles
        .iter()
        .find(|a| a.path.ends_with("utf8.txt"))
        .unwrap();
    assert!(lossy.body.contains('\u{FFFD}') && lossy.body.contains("Café"));
}

#[cfg(unix)]
#[test]
fn fifos_are_skipped_not_blocked_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", GOOD_TXT.as_bytes());
    let fifo = dir.path().join("pipe.txt");
    let status = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(status.success());
    let c = build(&[good, fifo]);
    assert_eq!(c.articles.len(), 1);
    assert!(
        warning_for(&c, "pipe.txt")
            .message
            .contains("not a regular file")
    );
    // Walking a folder with a FIFO in it skips it silently.
    let c = build(&[dir.path().to_path_buf()]);
    assert_eq!(c.articles.len(), 1);
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "d/good.txt", GOOD_TXT.as_bytes());
    std::os::unix::fs::symlink(dir.path().join("d"), dir.path().join("d/loop")).unwrap();
    let c = build(&[dir.path().to_path_buf()]);
    assert_eq!(c.articles.len(), 1);
    assert!(
        c.warnings.iter().any(|w| w.message.contains("link loop")),
        "{:?}",
        c.warnings
    );
}

#[test]
fn input_files_are_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "a.txt",
        "Head\r\nText with \u{1b}[31mred\u{1b}[0m.\r\n".as_bytes(),
    );
    let before = fs::read(&p).unwrap();
    let modified = fs::metadata(&p).unwrap().modified().unwrap();
    let c = build(std::slice::from_ref(&p));
    assert_eq!(c.articles[0].body, "Text with red.");
    assert_eq!(fs::read(&p).unwrap(), before);
    assert_eq!(fs::metadata(&p).unwrap().modified().unwrap(), modified);
}

#[test]
fn standard_input_is_sniffed() {
    let (out, _, ok) = run_with_stdin(
        &["extract", "-", "--json"],
        b"{\"title\": \"A\", \"text\": \"One.\"}\n{\"title\": \"B\", \"text\": \"Two.\"}\n",
    );
    assert!(ok);
    assert_eq!(out.lines().count(), 2);
    let (out, _, ok) = run_with_stdin(
        &["extract", "-", "--json"],
        br#"[{"title": "A", "text": "One."}]"#,
    );
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["title"], "A");
    assert_eq!(v["source"], "<stdin>");
    let (out, _, ok) = run_with_stdin(&["extract", "-", "--json"], GOOD_TXT.as_bytes());
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["title"], "Talks resume in Oman");
    let (out, _, ok) = run_with_stdin(
        &["extract", "-", "--json"],
        b"---\ntitle: Front\n---\nText.\n",
    );
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(v["title"], "Front");
}

#[test]
fn exit_status_is_failure_only_when_nothing_loads() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", b"");
    let good = write(dir.path(), "good.txt", GOOD_TXT.as_bytes());
    let out = lede().arg("extract").arg(&empty).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty.txt: empty file"));
    let out = lede()
        .arg("extract")
        .arg(&empty)
        .arg(&good)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = lede()
        .arg("extract")
        .arg("--no-such-flag")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn bundled_corpus_loads_every_article() {
    let c = corpus::build(&load::bundled_files(), Vec::new()).0;
    assert_eq!(c.articles.len(), 25);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(c.articles[0].id, "000_363a54723bec1907");
    assert!(
        c.articles
            .iter()
            .all(|a| !a.title.is_empty() && !a.body.is_empty())
    );
}
