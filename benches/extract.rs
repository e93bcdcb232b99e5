//! Extraction throughput on one core, on real news text: a slice of
//! `../shared/bench/realcorpus.py` output (generated into target/ when missing: 2,000 articles
//! of CoNLL, PolNeAR and Wikinews text), through `extract::extract_article`. Falls back to the
//! bundled corpus, saying so, when the generator is not beside the repository.
//! Criterion reports time per iteration and, with `Throughput::Bytes`, MB/s.

use std::path::Path;
use std::process::Command;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lede::model::Article;
use lede::{corpus, extract, load};

const ARTICLES: usize = 2000;

fn real_articles() -> Option<Vec<Article>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let script = root.join("../shared/bench/realcorpus.py");
    let out = root.join(format!("target/realcorpus-{ARTICLES}.jsonl"));
    if !out.exists() {
        if !script.exists() {
            return None;
        }
        let ok = Command::new("python3")
            .arg(&script)
            .args(["--articles", &ARTICLES.to_string(), "--out"])
            .arg(&out)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return None;
        }
    }
    let (inputs, _) = load::expand_paths(&[out]);
    Some(corpus::load_inputs(&inputs).0)
}

fn bench_extract(c: &mut Criterion) {
    let (label, articles) = match real_articles() {
        Some(a) => ("real news (realcorpus.py), one core", a),
        None => {
            eprintln!("extract bench: realcorpus.py not found; measuring the bundled corpus");
            (
                "bundled corpus, one core",
                corpus::load_inputs(&load::bundled_files()).0,
            )
        }
    };
    let bytes: usize = articles.iter().map(|a| a.body.len()).sum();
    // Warm the gazetteer and the models so their one-time parse is not measured.
    let _ = extract::extract("Warm up. Ann Lee said “yes”.");
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function(label, |b| {
        b.iter(|| {
            for a in &articles {
                std::hint::black_box(extract::extract_article(&a.title, &a.body));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
