//! `lede bench`: load a corpus, then replay a typed query keystroke by keystroke through the
//! same filter engine the explorer uses, and report load time, extraction throughput,
//! per-keystroke latency and peak memory.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::corpus::BuildTimes;
use crate::filter::{self, Index, Query, Request, Results};
use crate::model::Corpus;

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
    pub query: String,
    pub keystrokes: usize,
    pub rounds: usize,
    pub filter_p50_ms: f64,
    pub filter_p99_ms: f64,
    pub filter_max_ms: f64,
    /// Articles matched after the last keystroke.
    pub final_matches: usize,
    /// Peak resident memory of the process (Linux: VmHWM), if known.
    pub peak_rss_mb: Option<f64>,
    /// Peak memory over the corpus text size.
    pub peak_over_text: Option<f64>,
}

/// Build the search index over a loaded corpus and replay `query` `rounds` times.
pub fn run(corpus: &Corpus, times: &BuildTimes, query: &str, rounds: usize) -> Report {
    let t = Instant::now();
    let index = Index::build(corpus);
    let index_seconds = t.elapsed().as_secs_f64();
    let mut samples: Vec<Duration> = Vec::new();
    let mut final_matches = 0;
    let prefixes: Vec<&str> = query
        .char_indices()
        .map(|(i, c)| &query[..i + c.len_utf8()])
        .collect();
    for _ in 0..rounds.max(1) {
        let mut previous: Option<(Query, Arc<Results>)> = None;
        for prefix in &prefixes {
            let query = Query::parse(prefix);
            // As the explorer does: a query that extends the last one narrows its results.
            let within = previous
                .as_ref()
                .filter(|(q, _)| !q.is_empty() && query.narrows(q))
                .map(|(_, r)| r.clone());
            let request = Request {
                query: query.clone(),
                within,
                ..Request::default()
            };
            let t = Instant::now();
            let results = filter::search(corpus, &index, &request, &|| false).unwrap_or_default();
            samples.push(t.elapsed());
            final_matches = results.articles.len();
            previous = Some((query, Arc::new(results)));
        }
    }
    samples.sort_unstable();
    let pct = |p: f64| {
        samples
            .get(((samples.len() as f64 - 1.0) * p).round() as usize)
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    let text_mb = times.bytes as f64 / 1e6;
    let build = (times.load + times.extract + times.merge).as_secs_f64();
    let peak_rss_mb = peak_rss_bytes().map(|b| b as f64 / 1e6);
    Report {
        articles: corpus.articles.len(),
        text_mb,
        load_seconds: build,
        extract_mb_per_s: text_mb / times.extract.as_secs_f64().max(1e-9),
        build_mb_per_s: text_mb / build.max(1e-9),
        index_seconds,
        query: query.to_string(),
        keystrokes: prefixes.len(),
        rounds: rounds.max(1),
        filter_p50_ms: pct(0.50),
        filter_p99_ms: pct(0.99),
        filter_max_ms: samples.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        final_matches,
        peak_rss_mb,
        peak_over_text: peak_rss_mb.map(|p| p / text_mb.max(1e-9)),
    }
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
        format!(
            "articles                {}\n\
             text                    {:.1} MB\n\
             load + extract          {:.2} s ({:.1} MB/s; extraction alone {:.1} MB/s)\n\
             search index            {:.2} s\n\
             query                   {:?}, {} keystrokes × {} rounds\n\
             filter per keystroke    p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms\n\
             matches at the end      {}\n\
             peak memory             {}\n",
            self.articles,
            self.text_mb,
            self.load_seconds,
            self.build_mb_per_s,
            self.extract_mb_per_s,
            self.index_seconds,
            self.query,
            self.keystrokes,
            self.rounds,
            self.filter_p50_ms,
            self.filter_p99_ms,
            self.filter_max_ms,
            self.final_matches,
            mem,
        )
    }
}
