//! `lede bench`: build a corpus from its files (cold), snapshot it and open it again (warm),
//! then replay queries keystroke by keystroke through the same filter engine the explorer
//! uses; report load and extraction throughput, index build, warm open time, per-keystroke
//! latency (per query and over all keystrokes of all queries) and peak memory.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::filter::{self, Index, Query, Request, Results};
use crate::load::Input;
use crate::model::{Corpus, LoadWarning};
use crate::open::{self, CacheChoice};

/// Latency of one query's keystrokes.
#[derive(Debug, Clone, Serialize)]
pub struct QueryReport {
    pub query: String,
    pub keystrokes: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Articles matched after the last keystroke.
    pub matches: usize,
}

/// What one bench run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub articles: usize,
    pub text_mb: f64,
    pub load_seconds: f64,
    /// Text extracted per second of extraction (all cores).
    pub extract_mb_per_s: f64,
    /// Text loaded and extracted per second of the whole build (reading, extraction, merging).
    pub build_mb_per_s: f64,
    pub index_seconds: f64,
    /// Load and index together: the cold start of the explorer, in MB of text per second.
    pub cold_mb_per_s: f64,
    /// Writing the snapshot, and opening it again (the warm start), when the inputs can be
    /// snapshotted (files, not standard input or the bundled corpus).
    pub snapshot_write_seconds: Option<f64>,
    pub warm_open_seconds: Option<f64>,
    pub snapshot_mb: Option<f64>,
    pub rounds: usize,
    pub queries: Vec<QueryReport>,
    /// Keystrokes in all the queries (each typed `rounds` times; the figures below are over
    /// every one of them).
    pub keystrokes: usize,
    pub filter_p50_ms: f64,
    pub filter_p99_ms: f64,
    pub filter_max_ms: f64,
    /// Peak resident memory of the process (Linux: VmHWM) after the cold build, if known.
    pub cold_peak_rss_mb: Option<f64>,
    /// Peak resident memory of the process (Linux: VmHWM) at the end, if known.
    pub peak_rss_mb: Option<f64>,
    /// Peak memory over the corpus text size.
    pub peak_over_text: Option<f64>,
}

/// The `p`th percentile (0..1) of sorted samples, in milliseconds.
fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted
        .get(((sorted.len() as f64 - 1.0) * p).round() as usize)
        .map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

/// Type `query` one keystroke at a time, as the explorer's filter line does; the latency of
/// each keystroke's search and the last one's results.
fn type_query(corpus: &Corpus, index: &Index, query: &str) -> (Vec<Duration>, Results) {
    // Each query starts from a cold cache (only its own earlier keystrokes help it).
    index.clear_cache();
    let mut samples = Vec::new();
    let mut last = Results::default();
    for (i, c) in query.char_indices() {
        let request = Request {
            query: Query::typing(&query[..i + c.len_utf8()]),
            ..Request::default()
        };
        let t = Instant::now();
        last = filter::search(corpus, index, &request, &|| false).unwrap_or_default();
        samples.push(t.elapsed());
    }
    (samples, last)
}

/// Open `inputs` twice in a scratch cache: built from the files (cold, which writes the
/// snapshot), then from the snapshot (warm); replay every query `rounds` times on what the warm
/// open gave (the cold copy is dropped first).
pub fn run(
    inputs: &[Input],
    warnings: Vec<LoadWarning>,
    roots: &[PathBuf],
    queries: &[String],
    rounds: usize,
    progress: &(dyn Fn(crate::corpus::Progress) + Sync),
) -> Report {
    let dir = std::env::temp_dir().join(format!("lede-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cache = CacheChoice::At(dir.clone());
    let cold = open::open(
        inputs,
        warnings.clone(),
        roots,
        &cache,
        progress,
        &|_, _| {},
        &|_| {},
    );
    let times = cold.times;
    let index_seconds = cold.index_time.as_secs_f64();
    let cold_peak_rss_mb = peak_rss_bytes().map(|b| b as f64 / 1e6);
    let written = cold.snapshot_written.clone();
    let warm = written.as_ref().map(|_| {
        drop(cold);
        open::open(
            inputs,
            warnings,
            roots,
            &cache,
            progress,
            &|_, _| {},
            &|_| {},
        )
    });
    let snapshot_mb = written
        .as_ref()
        .and_then(|(p, _)| std::fs::metadata(p).ok())
        .map(|m| m.len() as f64 / 1e6);
    let _ = std::fs::remove_dir_all(&dir);
    let warm_open_seconds = warm
        .as_ref()
        .and_then(|w| w.snapshot_time)
        .map(|d| d.as_secs_f64());
    let opened = match warm {
        Some(w) => w,
        // Standard input or the bundled corpus: no snapshot; the cold build is used.
        None => open::open(
            inputs,
            Vec::new(),
            roots,
            &CacheChoice::Off,
            progress,
            &|_, _| {},
            &|_| {},
        ),
    };
    let (corpus, index) = (&opened.corpus, &opened.index);
    let rounds = rounds.max(1);
    let mut all: Vec<Duration> = Vec::new();
    let mut reports = Vec::new();
    for query in queries {
        let mut samples = Vec::new();
        let mut matches = 0;
        for _ in 0..rounds {
            let (s, results) = type_query(corpus, index, query);
            samples.extend(s);
            matches = results.articles.len();
        }
        all.extend_from_slice(&samples);
        samples.sort_unstable();
        reports.push(QueryReport {
            query: query.clone(),
            keystrokes: query.chars().count(),
            p50_ms: percentile(&samples, 0.50),
            p99_ms: percentile(&samples, 0.99),
            max_ms: samples.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
            matches,
        });
    }
    all.sort_unstable();
    let text_mb = corpus
        .articles
        .iter()
        .map(|a| a.body.len() as f64)
        .sum::<f64>()
        / 1e6;
    let build = (times.load + times.extract + times.merge).as_secs_f64();
    let peak_rss_mb = peak_rss_bytes().map(|b| b as f64 / 1e6);
    Report {
        articles: corpus.articles.len(),
        text_mb,
        load_seconds: build,
        extract_mb_per_s: text_mb / times.extract.as_secs_f64().max(1e-9),
        build_mb_per_s: text_mb / build.max(1e-9),
        index_seconds,
        cold_mb_per_s: text_mb / (build + index_seconds).max(1e-9),
        snapshot_write_seconds: written.map(|(_, d)| d.as_secs_f64()),
        warm_open_seconds,
        snapshot_mb,
        rounds,
        queries: reports,
        keystrokes: all.len() / rounds,
        filter_p50_ms: percentile(&all, 0.50),
        filter_p99_ms: percentile(&all, 0.99),
        filter_max_ms: all.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        cold_peak_rss_mb,
        peak_rss_mb,
        peak_over_text: peak_rss_mb.map(|p| p / text_mb.max(1e-9)),
    }
}

/// The queries of a file: one a line; blank lines and `#` comments skipped.
pub fn read_queries(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// Peak resident set size of this process, from /proc (Linux only).
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

impl Report {
    /// The human-readable table.
    pub fn table(&self) -> String {
        let mem = match (self.peak_rss_mb, self.peak_over_text) {
            (Some(mb), Some(ratio)) => format!("{mb:.0} MB ({ratio:.2} × text)"),
            _ => "unknown".to_string(),
        };
        let warm = match (self.warm_open_seconds, self.snapshot_mb) {
            (Some(s), Some(mb)) => format!("{s:.2} s ({mb:.0} MB snapshot)"),
            _ => "no snapshot (standard input or the bundled corpus)".to_string(),
        };
        let mut out = format!(
            "articles                {}\n\
             text                    {:.1} MB\n\
             load + extract          {:.2} s ({:.1} MB/s; extraction alone {:.1} MB/s)\n\
             search index            {:.2} s (cold start {:.1} MB/s)\n\
             warm open               {}\n\
             peak memory             {}\n\
             filter per keystroke    {} keystrokes × {} rounds: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms\n\n",
            self.articles,
            self.text_mb,
            self.load_seconds,
            self.build_mb_per_s,
            self.extract_mb_per_s,
            self.index_seconds,
            self.cold_mb_per_s,
            warm,
            mem,
            self.keystrokes,
            self.rounds,
            self.filter_p50_ms,
            self.filter_p99_ms,
            self.filter_max_ms,
        );
        let width = self
            .queries
            .iter()
            .map(|q| q.query.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        out.push_str(&format!(
            "{:<width$}  {:>8}  {:>8}  {:>8}  {:>8}\n",
            "query", "p50 ms", "p99 ms", "max ms", "matches"
        ));
        for q in &self.queries {
            out.push_str(&format!(
                "{:<width$}  {:>8.2}  {:>8.2}  {:>8.2}  {:>8}\n",
                q.query, q.p50_ms, q.p99_ms, q.max_ms, q.matches
            ));
        }
        out
    }
}
