//! The `lede` binary: parse the command line, then run a headless command or the explorer.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use indicatif::{ProgressBar, ProgressStyle};
use lede::corpus::{self, BuildTimes};
use lede::load::{self, Input, LoadWarning};
use lede::model::Corpus;
use lede::output;

/// A terminal explorer for news articles: who is in them, which countries and organisations,
/// and who said what.
#[derive(Parser)]
#[command(name = "lede", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Files or folders to open (.txt, .md, .json, .jsonl/.ndjson), or - for standard input.
    /// With none, the bundled demo corpus opens.
    paths: Vec<PathBuf>,
    /// Capture the mouse (off by default, so the terminal's own text selection keeps working).
    #[arg(long)]
    mouse: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Print the extracted entities and quotes of every article.
    Extract {
        /// Files or folders (or - for standard input); the bundled corpus when none.
        paths: Vec<PathBuf>,
        /// One JSON object per article (the contract in the README).
        #[arg(long)]
        json: bool,
        /// Leave out entities and quotes whose confidence (0..1) is below this.
        #[arg(long, default_value_t = 0.0, value_name = "P")]
        min_confidence: f32,
    },
    /// Print counts: articles, entities per kind, quotes, warnings, load time.
    Stats { paths: Vec<PathBuf> },
    /// Load a corpus and replay a typed query keystroke by keystroke through the explorer's
    /// filter engine: load time, extraction MB/s, filter latency p50/p99, peak memory.
    Bench {
        /// Files or folders; the bundled corpus when none.
        paths: Vec<PathBuf>,
        /// The query to type, one keystroke at a time.
        #[arg(long, default_value = "araghchi iran")]
        query: String,
        /// How many times to replay the query.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
}

/// Inputs for the given paths, or the bundled corpus when there are none.
fn inputs_for(paths: &[PathBuf]) -> (Vec<Input>, Vec<LoadWarning>) {
    if paths.is_empty() {
        (load::bundled_files(), Vec::new())
    } else {
        load::expand_paths(paths)
    }
}

/// Build the corpus with a progress bar on stderr (files, MB, articles/s) when stderr is a
/// terminal; with nothing extra when it is not (a pipe or a log file).
fn build_with_bar(inputs: &[Input], warnings: Vec<LoadWarning>) -> (Corpus, BuildTimes) {
    if !io::stderr().is_terminal() {
        return corpus::build(inputs, warnings);
    }
    let bar = ProgressBar::new(inputs.len() as u64);
    if let Ok(style) = ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} files  {msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    let started = Instant::now();
    let result = corpus::build_with_progress(inputs, warnings, &|p| {
        bar.set_position(p.files_done as u64);
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        if p.extracting {
            bar.set_message(format!(
                "{:.1} MB read; extracting",
                p.bytes_done as f64 / 1e6
            ));
        } else {
            bar.set_message(format!(
                "{:.1} MB, {:.0} articles/s",
                p.bytes_done as f64 / 1e6,
                p.articles_done as f64 / secs
            ));
        }
    });
    bar.finish_and_clear();
    result
}

fn report_warnings(corpus: &Corpus) {
    let mut err = io::stderr().lock();
    for w in &corpus.warnings {
        let _ = writeln!(err, "lede: warning: {w}");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Extract {
            paths,
            json,
            min_confidence,
        }) => {
            let (inputs, warnings) = inputs_for(&paths);
            let (corpus, _) = build_with_bar(&inputs, warnings);
            report_warnings(&corpus);
            if corpus.articles.is_empty() {
                eprintln!("lede: no article could be loaded");
                return ExitCode::FAILURE;
            }
            let stdout = io::stdout();
            let mut out = io::BufWriter::new(stdout.lock());
            let result = if json {
                output::write_json_lines_min(&corpus, min_confidence, &mut out)
            } else {
                output::write_text_min(&corpus, min_confidence, &mut out)
            };
            if let Err(err) = result.and_then(|()| out.flush())
                && err.kind() != io::ErrorKind::BrokenPipe
            {
                eprintln!("lede: cannot write output: {err}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Some(Command::Stats { paths }) => {
            let (inputs, warnings) = inputs_for(&paths);
            let (corpus, times) = build_with_bar(&inputs, warnings);
            report_warnings(&corpus);
            let _ = output::write_stats(&corpus, &times, &mut io::stdout().lock());
            if corpus.articles.is_empty() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Some(Command::Bench {
            paths,
            query,
            rounds,
        }) => {
            let (inputs, warnings) = inputs_for(&paths);
            let (corpus, times) = build_with_bar(&inputs, warnings);
            report_warnings(&corpus);
            let report = lede::bench::run(&corpus, &times, &query, rounds);
            print!("{}", report.table());
            println!("{}", serde_json::to_string(&report).unwrap_or_default());
            if report.articles == 0 {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        None => {
            if !io::stdout().is_terminal() {
                eprintln!(
                    "lede: the explorer needs a terminal; try `lede extract` for headless output"
                );
                return ExitCode::from(2);
            }
            let (inputs, warnings) = inputs_for(&cli.paths);
            match lede::tui::run(inputs, warnings, cli.mouse) {
                Ok(code) => code,
                Err(err) => {
                    eprintln!("lede: {err:#}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
