//! `--help` on every binary and example prints its usage and exits 0 (a request for help is not
//! a usage error); an unknown option still exits 2.

use std::path::PathBuf;
use std::process::Command;

/// The examples cargo built beside the binary (`cargo test` builds them).
fn example(name: &str) -> PathBuf {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_lede"));
    let path = bin
        .parent()
        .map(|d| d.join("examples").join(name))
        .unwrap_or_default();
    assert!(
        path.exists(),
        "{} is not built: `cargo test` builds the examples (or `cargo build --examples`)",
        path.display()
    );
    path
}

fn run(program: &PathBuf, args: &[&str]) -> (i32, String) {
    let out = Command::new(program).args(args).output().expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn help_exits_zero_everywhere() {
    let lede = PathBuf::from(env!("CARGO_BIN_EXE_lede"));
    for args in [
        &["--help"][..],
        &["-h"],
        &["extract", "--help"],
        &["stats", "--help"],
        &["bench", "--help"],
        &["help"],
    ] {
        let (code, out) = run(&lede, args);
        assert_eq!(code, 0, "lede {args:?}");
        assert!(out.to_lowercase().contains("usage"), "lede {args:?}: {out}");
    }
    let gencorpus = example("gencorpus");
    for flag in ["--help", "-h"] {
        let (code, out) = run(&gencorpus, &[flag]);
        assert_eq!(code, 0, "gencorpus {flag}");
        assert!(out.contains("usage: gencorpus"), "{out}");
    }
}

#[test]
fn an_unknown_option_is_still_a_usage_error() {
    let lede = PathBuf::from(env!("CARGO_BIN_EXE_lede"));
    assert_eq!(run(&lede, &["--no-such-flag"]).0, 2);
    assert_eq!(run(&example("gencorpus"), &["--no-such-flag"]).0, 2);
}
