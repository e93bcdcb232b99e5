//! `lede bench`: build a corpus from its files (cold), snapshot it and open it again (warm),
//! then replay queries keystroke by keystroke through the same filter engine the explorer
//! uses; report load and extraction throughput, index build, warm open time, per-keystroke
//! latency (per query and over all keystrokes of all queries) and peak memory.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::filter::{self, Index, Query, Request, Results};
use crate::load::Input;
use crate::model::{Corpus, LoadWarning};
use crate::open::{self, CacheChoice};

/// Latency of one query's keystrokes.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct QueryReport {
    pub query: String,
    pub keystrokes: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// What was typed when the slowest keystroke was (`"white h`): where the time goes.
    pub slowest: String,
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
    /// Peak resident memory (Linux: VmHWM) of the cold build: reading, extracting, merging,
    /// indexing and writing the snapshot.
    pub cold_peak_rss_mb: Option<f64>,
    /// Peak resident memory of a fresh process that opens the snapshot and replays the queries
    /// (browsing); the cold build's when there is no snapshot.
    pub browse_peak_rss_mb: Option<f64>,
    /// Whether browsing was measured in a process of its own (else after the cold build, in
    /// the same process, whose peak then includes the build's).
    pub browse_in_fresh_process: bool,
    /// The larger of the two peaks.
    pub peak_rss_mb: Option<f64>,
    /// The cold build's and browsing's peaks over the corpus text size, and the larger.
    pub cold_peak_over_text: Option<f64>,
    pub browse_peak_over_text: Option<f64>,
    pub peak_over_text: Option<f64>,
}

/// What the browsing half measured: opening the snapshot and typing the queries, in a process
/// of its own so its peak memory is its own (`lede bench --warm-in DIR` prints it as JSON).
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Browse {
    pub articles: usize,
    pub text_mb: f64,
    /// Seconds to open from the snapshot, when it was read (not rebuilt).
    pub warm_open_seconds: Option<f64>,
    pub queries: Vec<QueryReport>,
    pub keystrokes: usize,
    pub filter_p50_ms: f64,
    pub filter_p99_ms: f64,
    pub filter_max_ms: f64,
    pub peak_rss_mb: Option<f64>,
}

/// The `p`th percentile (0..1) of sorted samples, in milliseconds.
fn percentile(sorted: &[Duration], p: f64) -> f64 {
    sorted
        .get(((sorted.len() as f64 - 1.0) * p).round() as usize)
        .map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

/// Type `query` one keystroke at a time, as the explorer's filter line does; the latency of
/// each keystroke's search and the last one's results.
fn type_query(corpus: &Corpus, index: &Index, query: &str) -> (Vec<(Duration, usize)>, Results) {
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
        samples.push((t.elapsed(), i + c.len_utf8()));
    }
    (samples, last)
}

/// Replay every query `rounds` times on an opened corpus.
fn replay(corpus: &Corpus, index: &Index, queries: &[String], rounds: usize) -> Browse {
    let rounds = rounds.max(1);
    let mut all: Vec<Duration> = Vec::new();
    let mut reports = Vec::new();
    for query in queries {
        let mut samples = Vec::new();
        let mut matches = 0;
        let mut slowest = (Duration::ZERO, 0);
        for _ in 0..rounds {
            let (s, results) = type_query(corpus, index, query);
            for &(d, typed) in &s {
                samples.push(d);
                if d > slowest.0 {
                    slowest = (d, typed);
                }
            }
            matches = results.articles.len();
        }
        all.extend_from_slice(&samples);
        samples.sort_unstable();
        reports.push(QueryReport {
            slowest: query[..slowest.1].to_string(),
            query: query.clone(),
            keystrokes: query.chars().count(),
            p50_ms: percentile(&samples, 0.50),
            p99_ms: percentile(&samples, 0.99),
            max_ms: samples.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
            matches,
        });
    }
    all.sort_unstable();
    Browse {
        articles: corpus.articles.len(),
        text_mb: text_mb(corpus),
        warm_open_seconds: None,
        queries: reports,
        keystrokes: all.len() / rounds,
        filter_p50_ms: percentile(&all, 0.50),
        filter_p99_ms: percentile(&all, 0.99),
        filter_max_ms: all.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        peak_rss_mb: peak_rss_bytes().map(|b| b as f64 / 1e6),
    }
}

fn text_mb(corpus: &Corpus) -> f64 {
    corpus
        .articles
        .iter()
        .map(|a| a.body.len() as f64)
        .sum::<f64>()
        / 1e6
}

/// The browsing half, run by `lede bench --warm-in DIR` in a process of its own: open
/// `inputs` from the snapshot in `cache_dir` and replay the queries.
pub fn browse(
    inputs: &[Input],
    warnings: Vec<LoadWarning>,
    roots: &[PathBuf],
    cache_dir: &Path,
    queries: &[String],
    rounds: usize,
    progress: &(dyn Fn(crate::corpus::Progress) + Sync),
) -> Browse {
    let opened = open::open(
        inputs,
        warnings,
        roots,
        &CacheChoice::At(cache_dir.to_path_buf()),
        progress,
        &|_, _| {},
        &|_| {},
    );
    let warm_open_seconds = opened.snapshot_time.map(|d| d.as_secs_f64());
    let mut browse = replay(&opened.corpus, &opened.index, queries, rounds);
    browse.warm_open_seconds = warm_open_seconds;
    browse
}

/// Open `inputs` twice in a scratch cache: built from the files (cold, which writes the
/// snapshot), then from the snapshot (warm) by `fresh` (a new process, so each half's peak
/// memory is its own), which replays every query `rounds` times. Without a snapshot (standard
/// input, the bundled corpus) or when `fresh` gives nothing, the queries are replayed here on
/// the cold build.
pub fn run(
    inputs: &[Input],
    warnings: Vec<LoadWarning>,
    roots: &[PathBuf],
    queries: &[String],
    rounds: usize,
    progress: &(dyn Fn(crate::corpus::Progress) + Sync),
    fresh: &dyn Fn(&Path) -> Option<Browse>,
) -> Report {
    // Removed when dropped, on a panic too (a snapshot of a big corpus is gigabytes).
    let scratch = tempfile::Builder::new().prefix("lede-bench-").tempdir();
    let dir = match &scratch {
        Ok(t) => t.path().to_path_buf(),
        Err(_) => std::env::temp_dir().join(format!("lede-bench-{}", std::process::id())),
    };
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
    let snapshot_mb = written
        .as_ref()
        .and_then(|(p, _)| std::fs::metadata(p).ok())
        .map(|m| m.len() as f64 / 1e6);
    let text_mb = text_mb(&cold.corpus);
    let articles = cold.corpus.articles.len();
    let (browse, in_fresh) = if written.is_some() {
        // The cold build is dropped first: the machine holds one copy at a time.
        drop(cold);
        match fresh(&dir) {
            // Only a browse that read the snapshot is a warm open.
            Some(b) if b.warm_open_seconds.is_some() => (b, true),
            _ => (
                browse(inputs, warnings, roots, &dir, queries, rounds, progress),
                false,
            ),
        }
    } else {
        (replay(&cold.corpus, &cold.index, queries, rounds), false)
    };
    let _ = std::fs::remove_dir_all(&dir);
    let build = (times.load + times.extract + times.merge).as_secs_f64();
    let over = |mb: Option<f64>| mb.map(|p| p / text_mb.max(1e-9));
    let browse_peak_rss_mb = browse.peak_rss_mb;
    let peak_rss_mb = match (cold_peak_rss_mb, browse_peak_rss_mb) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    Report {
        articles,
        text_mb,
        load_seconds: build,
        extract_mb_per_s: text_mb / times.extract.as_secs_f64().max(1e-9),
        build_mb_per_s: text_mb / build.max(1e-9),
        index_seconds,
        cold_mb_per_s: text_mb / (build + index_seconds).max(1e-9),
        snapshot_write_seconds: written.map(|(_, d)| d.as_secs_f64()),
        warm_open_seconds: browse.warm_open_seconds,
        snapshot_mb,
        rounds: rounds.max(1),
        keystrokes: browse.keystrokes,
        filter_p50_ms: browse.filter_p50_ms,
        filter_p99_ms: browse.filter_p99_ms,
        filter_max_ms: browse.filter_max_ms,
        queries: browse.queries,
        cold_peak_rss_mb,
        browse_peak_rss_mb,
        browse_in_fresh_process: in_fresh,
        peak_rss_mb,
        cold_peak_over_text: over(cold_peak_rss_mb),
        browse_peak_over_text: over(browse_peak_rss_mb),
        peak_over_text: over(peak_rss_mb),
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
        let peak = |mb: Option<f64>, ratio: Option<f64>| match (mb, ratio) {
            (Some(mb), Some(ratio)) => format!("{mb:.0} MB ({ratio:.2} × text)"),
            _ => "unknown".to_string(),
        };
        let mem = if self.browse_in_fresh_process {
            format!(
                "{} loading; {} browsing (a fresh process)",
                peak(self.cold_peak_rss_mb, self.cold_peak_over_text),
                peak(self.browse_peak_rss_mb, self.browse_peak_over_text)
            )
        } else {
            format!(
                "{} (loading and browsing in one process)",
                peak(self.peak_rss_mb, self.peak_over_text)
            )
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
            "{:<width$}  {:>8}  {:>8}  {:>8}  {:>8}  slowest at\n",
            "query", "p50 ms", "p99 ms", "max ms", "matches"
        ));
        for q in &self.queries {
            out.push_str(&format!(
                "{:<width$}  {:>8.2}  {:>8.2}  {:>8.2}  {:>8}  {}\n",
                q.query, q.p50_ms, q.p99_ms, q.max_ms, q.matches, q.slowest
            ));
        }
        out
    }
}
