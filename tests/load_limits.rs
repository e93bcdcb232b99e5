//! Hostile input, second pass (issue 15): reads are bounded (a sparse 1 TB file, a link to
//! `/proc/self/pagemap`), one bad record hides nothing, the FIFO swap race never hangs, and
//! every message and write of the binary behaves (usage errors sanitised, EPIPE quiet, a full
//! disk an error).

mod common;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use common::corpus::{GOOD_TXT, build, lede, run_with_stdin, titles, warning_for, write};
use common::tmux::Tmux;
use lede::load::{self, Format, Input, Limits, MB};

/// A folder holding the good article and `bad`, made by `make_bad`.
fn beside_good(make_bad: impl FnOnce(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", GOOD_TXT.as_bytes());
    make_bad(dir.path());
    dir
}

fn sparse_terabyte(dir: &Path) {
    let f = fs::File::create(dir.join("b.txt")).unwrap();
    f.set_len(1 << 40).unwrap();
}

fn pagemap_links(dir: &Path) {
    std::os::unix::fs::symlink("/proc/self/pagemap", dir.join("c.txt")).unwrap();
    std::os::unix::fs::symlink("/proc/self/pagemap", dir.join("d.jsonl")).unwrap();
}

fn stats(dir: &Path) -> (i32, String, String) {
    let out = lede().arg("stats").arg(dir).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_sparse_terabyte_file_is_refused_from_its_size() {
    let dir = beside_good(sparse_terabyte);
    let (code, stdout, stderr) = stats(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("articles       1"), "{stdout}");
    assert!(
        stderr.contains("b.txt: file is 1024.0 GB, over the per-file limit of 1.0 GB"),
        "{stderr}"
    );
}

/// JSON Lines over 16 MB are streamed record by record: a file over --max-file-mb still loads
/// (up to 64 times it), while a sparse 1 TB `.jsonl` is refused from its size.
#[test]
fn streamed_json_lines_may_exceed_the_per_file_limit_but_not_a_terabyte() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    let body = "Foreign Minister Abbas Araghchi said the talks in Muscat were useful. ".repeat(40);
    let mut n = 0;
    while text.len() < 17 << 20 {
        text.push_str(&format!(
            "{{\"title\":\"Talks {n}\",\"text\":\"{body}\"}}\n"
        ));
        n += 1;
    }
    fs::write(dir.path().join("dump.jsonl"), &text).unwrap();
    let f = fs::File::create(dir.path().join("sparse.jsonl")).unwrap();
    f.set_len(1 << 40).unwrap();
    let out = lede()
        .args(["stats", "--max-file-mb", "1"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.contains(&format!("articles       {n}")),
        "{stdout}\n{stderr}"
    );
    assert!(
        stderr.contains("sparse.jsonl: file is 1024.0 GB, over the per-file limit of 64 MB (64 × --max-file-mb, for JSON Lines read record by record)"),
        "{stderr}"
    );
}

#[test]
fn links_to_proc_self_pagemap_stop_at_the_limit() {
    if !Path::new("/proc/self/pagemap").exists() {
        return;
    }
    let dir = beside_good(pagemap_links);
    let (code, stdout, stderr) = stats(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("articles       1"), "{stdout}");
    assert!(
        stderr.contains("c.txt: more than the per-file limit"),
        "{stderr}"
    );
    // A .jsonl is read whole below 16 MB (its size reads 0): the per-file limit stops it.
    assert!(stderr.contains("d.jsonl: "), "{stderr}");
}

/// The limits are the command line's: an article over --max-article-mb is skipped by name.
#[test]
fn max_article_mb() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", GOOD_TXT.as_bytes());
    let big = format!("Big one\n{}", "Araghchi said it went well. ".repeat(80_000));
    write(dir.path(), "big.txt", big.as_bytes());
    let line = serde_json::json!({"title": "Big line", "text": &big[8..]}).to_string();
    let small = serde_json::json!({"title": "Small line", "text": "Witkoff agreed."}).to_string();
    write(
        dir.path(),
        "feed.jsonl",
        format!("{line}\n{small}\n").as_bytes(),
    );
    let out = lede()
        .args(["extract", "--max-article-mb", "1"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("Talks resume in Oman") && stdout.contains("Small line"));
    assert!(
        !stdout.contains("Big one") && !stdout.contains("Big line"),
        "{stdout}"
    );
    assert!(
        stderr.contains("big.txt: article big is 3 MB, over the per-article limit of 1 MB"),
        "{stderr}"
    );
    assert!(
        stderr.contains("feed.jsonl: article feed:1 is 3 MB, over the per-article limit"),
        "{stderr}"
    );
}

/// A JSON Lines record longer than the limit is skipped without being held: the streaming
/// reader stops keeping a line at the limit.
#[test]
fn the_streaming_reader_bounds_each_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    bytes.extend_from_slice(b"{\"title\": \"First\", \"text\": \"A.\"}\n");
    bytes.extend_from_slice(b"{\"text\": \"");
    bytes.resize(bytes.len() + (20 << 20), b'x');
    bytes.extend_from_slice(b"\"}\n{\"title\": \"Last\", \"text\": \"B.\"}\n");
    let path = write(dir.path(), "big.jsonl", &bytes);
    let limits = Limits {
        file: 1024 * MB,
        article: 4 * MB,
    };
    let l = load::load_input_with(
        &Input::File {
            path,
            format: Some(Format::JsonLines),
        },
        limits,
    );
    let t: Vec<&str> = l.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(t, ["First", "Last"]);
    assert_eq!(l.warnings.len(), 1, "{:?}", &l.warnings[..]);
    assert_eq!(l.warnings[0].line, Some(2));
    assert!(l.warnings[0].message.contains("over the per-article limit"));
}

/// In the explorer: the good article loads, the bad files are warnings, quitting leaves the
/// terminal as it was (exit 0, the tty cooked again).
#[test]
fn in_the_explorer_the_good_article_loads_and_the_terminal_is_restored() {
    let dir = beside_good(|d| {
        sparse_terabyte(d);
        if Path::new("/proc/self/pagemap").exists() {
            pagemap_links(d);
        }
    });
    let tmux = Tmux::new(
        format!("lede-limits-{}", std::process::id()),
        tempfile::tempdir().unwrap(),
    );
    let script = format!(
        "TERM=xterm-256color '{bin}' '{dir}'; rc=$?; stty -a > '{stty}'; echo EXIT=$rc > '{exit}'; sleep 30",
        bin = env!("CARGO_BIN_EXE_lede"),
        dir = dir.path().display(),
        exit = tmux.exit_file().display(),
        stty = tmux.dir().join("stty").display(),
    );
    // The terminal's state is written before the exit file, which the test waits for.
    tmux.new_session(120, 40, &script);
    let screen = tmux.wait_for("the article and the warnings", |s| {
        s.contains("Talks resume in Oman") && s.contains("warnings (w)")
    });
    assert!(
        screen.contains("1 articles") || screen.contains("Articles 1"),
        "{screen}"
    );
    tmux.keys(&["q"]);
    assert_eq!(tmux.wait_for_exit(), "EXIT=0");
    let stty = fs::read_to_string(tmux.dir().join("stty")).unwrap_or_default();
    assert!(
        stty.contains(" icanon") && stty.contains(" echo"),
        "terminal left raw: {stty}"
    );
}

#[test]
fn a_nul_in_the_first_json_lines_record_skips_that_record_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "feed.jsonl",
        b"{\"title\": \"Bad\", \"text\": \"x\x00y\"}\n{\"title\": \"One\", \"text\": \"A.\"}\n{\"title\": \"Two\", \"text\": \"B.\"}\n",
    );
    let c = build(&[path]);
    assert_eq!(titles(&c), ["One", "Two"]);
    assert_eq!(warning_for(&c, "feed.jsonl").line, Some(1));
}

#[test]
fn a_malformed_first_record_on_standard_input_loses_nothing_else() {
    let input = b"{\"title\": \"Broken\", \"text\": \n{\"title\": \"One\", \"text\": \"Araghchi spoke.\"}\n{\"title\": \"Two\", \"text\": \"Witkoff spoke.\"}\n";
    let (out, err, ok) = run_with_stdin(&["extract", "--json", "-"], input);
    assert!(ok, "{err}");
    assert_eq!(out.lines().count(), 2, "{out}\n{err}");
    assert!(err.contains("<stdin>:1: malformed JSON"), "{err}");
}

/// `”` written as UTF-8 and read as Windows-1252 is `â€` and U+009D; that C1 character is
/// shown, and the text after it (quotes, names) is kept.
#[test]
fn a_mojibake_body_keeps_the_text_after_the_control() {
    let text = "Talks in Muscat\nForeign Minister Abbas Araghchi said the talks were a “good start.â€\u{9d} Steve Witkoff said “we will meet again” and Badr Albusaidi agreed.\n";
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "mojibake.txt", text.as_bytes());
    let json = serde_json::json!({"title": "J", "text": text}).to_string();
    let jpath = write(dir.path(), "mojibake.jsonl", format!("{json}\n").as_bytes());
    let c = build(&[path, jpath]);
    for (i, a) in c.articles.iter().enumerate() {
        assert!(
            a.body.contains(
                "â€\u{FFFD} Steve Witkoff said “we will meet again” and Badr Albusaidi agreed."
            ),
            "{:?}",
            a.body
        );
        let quotes: Vec<&str> = c.quotes_in(i).iter().map(|q| c.quote_text(q)).collect();
        assert!(quotes.contains(&"we will meet again"), "{quotes:?}");
    }
    let names: Vec<&str> = c.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"Steve Witkoff"), "{names:?}");
}

/// A path that flips between a large JSON Lines file and a FIFO while it is being loaded:
/// every load ends (the FIFO is refused on the opened handle), none waits for a writer.
#[test]
fn the_fifo_swap_race_never_hangs() {
    let dir = tempfile::tempdir().unwrap();
    // Over the 16 MB streaming threshold, cheap to read: one record and blank lines.
    let mut big = b"{\"title\": \"T\", \"text\": \"A.\"}\n".to_vec();
    let blank = format!("{}\n", " ".repeat(1023));
    while big.len() < (17 << 20) {
        big.extend_from_slice(blank.as_bytes());
    }
    let file = write(dir.path(), "big.jsonl", &big);
    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let link = dir.path().join("feed.jsonl");
    let stop = Arc::new(AtomicBool::new(false));
    let flipper = {
        let (stop, dir, file, fifo) = (stop.clone(), dir.path().to_path_buf(), file, fifo);
        std::thread::spawn(move || {
            let tmp = dir.join("next");
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let target = if n.is_multiple_of(2) { &file } else { &fifo };
                let _ = fs::remove_file(&tmp);
                std::os::unix::fs::symlink(target, &tmp).unwrap();
                fs::rename(&tmp, dir.join("feed.jsonl")).unwrap();
                n += 1;
                std::thread::sleep(Duration::from_micros(50));
            }
        })
    };
    while !link.exists() {
        std::thread::sleep(Duration::from_millis(1));
    }
    let (tx, rx) = mpsc::channel();
    let worker = {
        let link = link.clone();
        std::thread::spawn(move || {
            for _ in 0..60 {
                let l = load::load_input(&Input::File {
                    path: link.clone(),
                    format: Some(Format::JsonLines),
                });
                let _ = tx.send(l.articles.len());
            }
        })
    };
    for i in 0..60 {
        rx.recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("load {i} hung on the FIFO"));
    }
    stop.store(true, Ordering::Relaxed);
    worker.join().unwrap();
    flipper.join().unwrap();
}

/// `lede bench … | true`: the reader is gone before lede writes; no panic, exit 0.
#[test]
fn a_closed_pipe_is_no_error() {
    for args in [
        vec!["bench", "--rounds", "1"],
        vec!["stats"],
        vec!["extract", "--json"],
    ] {
        let mut child = lede()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

/// `lede stats > /dev/full`: the write fails, and so does lede.
#[test]
fn a_failed_write_is_an_error() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    for args in [
        vec!["stats"],
        vec!["extract", "--json"],
        vec!["bench", "--rounds", "1"],
    ] {
        let out = lede()
            .args(&args)
            .stdout(fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("cannot write output"), "{args:?}: {stderr}");
    }
}

/// A file named like an option and holding escape sequences, given as `lede *` would: clap's
/// usage error quotes it, and what reaches stderr holds no control character.
#[test]
fn a_usage_error_quoting_a_hostile_file_name_is_sanitised() {
    let name = OsStr::from_bytes(b"--a\x1b]52;c;cm0gLXJmIH4K\x07\x1b]2;PWNED\x07.txt");
    let out = lede().arg(name).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unexpected argument"), "{stderr}");
    assert!(
        !out.stderr.iter().any(|&b| b == 0x1b || b == 0x07),
        "{stderr:?}"
    );
    assert!(
        stderr.contains("'--a.txt'"),
        "the name is shown, made harmless: {stderr}"
    );
    // After `--`, the same name is a path.
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = write(dir.path(), name, GOOD_TXT.as_bytes());
    let out = Command::new(env!("CARGO_BIN_EXE_lede"))
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .current_dir(dir.path())
        .args([
            OsStr::new("extract"),
            OsStr::new("--"),
            path.file_name().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Talks resume in Oman"));
}
