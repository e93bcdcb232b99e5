//! Train lede's extraction model from the training sets and write its weights to assets/model/.
//!
//!     cargo run --release --example train                       # ../shared/eval/train
//!     cargo run --release --example train -- --data DIR --out DIR
//!
//! Deterministic: the same data gives the same bytes (a test checks the committed weights).

use std::path::PathBuf;

fn main() {
    let mut data = PathBuf::from("../shared/eval/train");
    let mut out = PathBuf::from("assets/model");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => data = args.next().map(PathBuf::from).unwrap_or(data),
            "--out" => out = args.next().map(PathBuf::from).unwrap_or(out),
            other => {
                eprintln!("train: unknown argument {other:?} (use --data DIR --out DIR)");
                std::process::exit(2);
            }
        }
    }
    let (files, summary) = match lede::extract::train::train_all(&data) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("train: {e}");
            std::process::exit(1);
        }
    };
    eprintln!("{summary}");
    for (name, bytes) in files {
        let path = out.join(name);
        if let Err(e) = std::fs::write(&path, &bytes) {
            eprintln!("train: {}: {e}", path.display());
            std::process::exit(1);
        }
        eprintln!("wrote {} ({} bytes)", path.display(), bytes.len());
    }
}
