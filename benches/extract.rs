//! Extraction throughput on one core: the bundled corpus, repeated, through `extract::extract`.
//! Criterion reports time per iteration and, with `Throughput::Bytes`, MB/s.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lede::{corpus, extract, load};

fn bench_extract(c: &mut Criterion) {
    let articles = corpus::load_inputs(&load::bundled_files()).0;
    let bytes: usize = articles.iter().map(|a| a.body.len()).sum();
    // Warm the gazetteer so its one-time parse is not measured.
    let _ = extract::extract("Warm up.");
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("bundled corpus, one core", |b| {
        b.iter(|| {
            for a in &articles {
                std::hint::black_box(extract::extract(&a.body));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
