//! The `lede` binary: parse the command line, then run a headless command or the explorer.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};

use indicatif::{ProgressBar, ProgressStyle};
use lede::app::correct_loaded;
use lede::corpus::{Progress, Stage};
use lede::corrections::Correction;
use lede::load::sanitize::sanitize;
use lede::load::{self, Input, LoadWarning, MB};
use lede::open::{self, CacheChoice, Opened};
use lede::output;
use lede::snapshot;
use lede::state::StateDir;

/// A terminal explorer for news articles: who is in them, which countries and organisations,
/// and who said what.
#[derive(Parser)]
#[command(name = "lede", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Files or folders to open (text, Markdown, JSON, JSON Lines, HTML, RSS/Atom, CSV/TSV,
    /// WARC; any of them gzip-, zstd- or bzip2-compressed), or - for standard input. With
    /// none, the bundled demo corpus opens. Put `--` before paths that start with `-`.
    paths: Vec<PathBuf>,
    /// Capture the mouse (off by default, so the terminal's own text selection keeps working).
    #[arg(long)]
    mouse: bool,
    /// Neither read nor keep corrections, marks, history or saved searches for this corpus.
    #[arg(long)]
    no_state: bool,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    cache: CacheArgs,
}

/// Where snapshots of built corpora are kept (see the README's Performance section).
#[derive(Args, Clone)]
struct CacheArgs {
    /// Keep snapshots in DIR instead of $XDG_CACHE_HOME/lede.
    #[arg(long, global = true, value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Neither read nor write a snapshot: extract from the files.
    #[arg(long, global = true)]
    no_cache: bool,
}

impl CacheArgs {
    fn choice(&self) -> CacheChoice {
        match (&self.cache, self.no_cache) {
            (_, true) => CacheChoice::Off,
            (Some(dir), false) => CacheChoice::At(dir.clone()),
            (None, false) => CacheChoice::Default,
        }
    }
}

/// Size limits on what is read (see the README's Security section).
#[derive(Args, Clone, Copy)]
struct LimitArgs {
    /// Largest article text to load, in MB (at most 4095: offsets into an article are held
    /// in 32 bits); a larger article is skipped with a warning.
    #[arg(long, global = true, default_value_t = 256, value_name = "MB",
          value_parser = clap::value_parser!(u64).range(1..=4095))]
    max_article_mb: u64,
    /// Largest input to read whole (after decompression), in MB; JSON Lines over 16 MB are
    /// streamed, each record within --max-article-mb, and may be 64 times this.
    #[arg(long, global = true, default_value_t = 1024, value_name = "MB")]
    max_file_mb: u64,
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
        /// Apply the corrections in FILE (JSON Lines, as `lede corrections` lists them)
        /// instead of those kept for this corpus.
        #[arg(long, value_name = "FILE")]
        corrections: Option<PathBuf>,
        /// Apply no corrections at all.
        #[arg(long, conflicts_with = "corrections")]
        no_corrections: bool,
        /// Only what this query finds, in the explorer's query language (`iran !trump`,
        /// `p:araghchi`, `star:`).
        #[arg(long, value_name = "QUERY")]
        filter: Option<String>,
        /// Write a table as the explorer's `E` does: csv, jsonl or md.
        #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
        format: Option<lede::export::Format>,
        /// What the table lists: articles, entities, quotes or speakers.
        #[arg(long, value_name = "WHAT", value_parser = parse_what, default_value = "articles")]
        what: lede::export::What,
        /// List scare quotes too (hidden by default, as in the explorer).
        #[arg(long)]
        scare_quotes: bool,
        /// Write shard output instead, the map half of a run over many machines (see "Beyond
        /// one machine"): each article with its own extraction, then the shard's name table.
        #[arg(long, conflicts_with_all = ["apply", "format", "filter", "json", "corrections"])]
        shard: bool,
        /// Rewrite shard output (PATHS, or - for standard input) to the contract, with the
        /// canonical names of MAPPING (written by `lede merge`).
        #[arg(long, value_name = "MAPPING", conflicts_with_all = ["format", "filter", "corrections"])]
        apply: Option<PathBuf>,
        /// With --shard: the name of standard input (its path in the output and the stem of
        /// its articles' ids; its ending gives its format).
        #[arg(long, value_name = "NAME", requires = "shard")]
        source: Option<String>,
        /// With --shard: standard input is a tar archive of files, each read as a file.
        #[arg(long, requires = "shard", conflicts_with = "source")]
        tar: bool,
    },
    /// Explore output extracted already, without extracting again: a Spark job's output
    /// folder (Parquet tables or JSON Lines), or `lede extract --json` lines. `lede PATH` opens
    /// such output too when it recognises it.
    Open {
        /// The job's output folder, or files of contract JSON Lines.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Join the name tables of shards (`lede extract --shard` output, or tables from
    /// `--partial`) into the corpus-wide mapping of canonical names for `lede extract --apply`.
    Merge {
        /// Shard output or name tables; - (or none) for standard input.
        paths: Vec<PathBuf>,
        /// Write the joined name table instead (to be merged again with others).
        #[arg(long)]
        partial: bool,
    },
    /// List the corrections kept for a corpus (and say which no longer apply).
    Corrections {
        /// Files or folders; the bundled corpus when none.
        paths: Vec<PathBuf>,
    },
    /// The configuration: where it is read from and what is wrong with it.
    Config {
        /// Print a commented configuration holding every default.
        #[arg(long)]
        print_default: bool,
        /// List the actions keys can be bound to.
        #[arg(long)]
        actions: bool,
    },
    /// Print counts: articles, entities per kind, quotes, warnings, load time.
    Stats { paths: Vec<PathBuf> },
    /// Load a corpus and replay a typed query keystroke by keystroke through the explorer's
    /// filter engine: load time, extraction MB/s, filter latency p50/p99, peak memory.
    Bench {
        /// Files or folders; the bundled corpus when none.
        paths: Vec<PathBuf>,
        /// A query to type, one keystroke at a time (repeat for several).
        #[arg(long)]
        query: Vec<String>,
        /// A file of queries, one a line (`#` comments), each typed keystroke by keystroke.
        #[arg(long)]
        queries: Option<PathBuf>,
        /// How many times to replay each query.
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        /// Internal: the browsing half only, from the snapshot in DIR, as one JSON line (run by
        /// `lede bench` in a process of its own so that each half's peak memory is its own).
        #[arg(long, value_name = "DIR", hide = true)]
        warm_in: Option<PathBuf>,
    },
    /// List or remove the snapshots of built corpora.
    Cache {
        #[command(subcommand)]
        action: CacheAction,
    },
}

#[derive(Subcommand)]
enum CacheAction {
    /// Every snapshot: its inputs, articles, size and age.
    List,
    /// Remove the snapshot of PATHS, or every snapshot when none are named.
    Clear { paths: Vec<PathBuf> },
}

/// Run the browsing half of `lede bench` as a new process of this binary, reading its JSON
/// line; `None` when it cannot run (the caller then measures here).
fn warm_in_fresh_process(
    paths: &[PathBuf],
    dir: &std::path::Path,
    queries: &[String],
    rounds: usize,
) -> Option<lede::bench::Browse> {
    let exe = std::env::current_exe().ok()?;
    let mut cmd = std::process::Command::new(exe);
    cmd.arg("bench")
        .arg("--warm-in")
        .arg(dir)
        .arg("--rounds")
        .arg(rounds.to_string());
    for q in queries {
        // `--query=…` so that a query starting with `-` stays a value.
        cmd.arg(format!("--query={q}"));
    }
    cmd.arg("--").args(paths);
    let out = match cmd.stderr(std::process::Stdio::inherit()).output() {
        Ok(out) if out.status.success() => out,
        Ok(out) => {
            eprintln!(
                "lede: browsing in a fresh process failed ({}); measured in this one instead",
                out.status
            );
            return None;
        }
        Err(err) => {
            eprintln!(
                "lede: browsing in a fresh process could not start ({err}); measured in this one instead"
            );
            return None;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let browse: Option<lede::bench::Browse> = text
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok());
    if browse
        .as_ref()
        .is_none_or(|b| b.warm_open_seconds.is_none())
    {
        eprintln!(
            "lede: the fresh process did not open the snapshot; measured in this one instead"
        );
        return None;
    }
    browse
}

fn parse_format(s: &str) -> Result<lede::export::Format, String> {
    lede::export::Format::parse(s).ok_or_else(|| "expected csv, jsonl or md".to_string())
}

fn parse_what(s: &str) -> Result<lede::export::What, String> {
    lede::export::What::parse(s)
        .ok_or_else(|| "expected articles, entities, quotes or speakers".to_string())
}

/// The corrections and marks to apply headless: from `--corrections FILE`, or those kept for
/// the corpus; with warnings about lines that do not read.
fn headless_state(
    paths: &[PathBuf],
    file: Option<&PathBuf>,
    no_corrections: bool,
) -> (
    Vec<Correction>,
    String,
    lede::state::Marks,
    Vec<LoadWarning>,
) {
    let mut warnings = Vec::new();
    let stored = StateDir::for_paths(paths).map(|s| (s.load(), s));
    let marks = lede::state::Marks {
        list: stored
            .as_ref()
            .map(|(st, _)| st.marks.clone())
            .unwrap_or_default(),
    };
    if no_corrections {
        return (Vec::new(), String::new(), marks, warnings);
    }
    match file {
        Some(f) => {
            // A file the user names is read, never moved or changed.
            let read = lede::state::file::read_json_lines::<Correction>(f, false);
            warnings.extend(read.warnings);
            let list = read.items.into_iter().map(|(_, c)| c).collect();
            (list, f.display().to_string(), marks, warnings)
        }
        None => match stored {
            Some((st, dir)) => {
                warnings.extend(st.warnings);
                let source = dir.path(lede::state::CORRECTIONS).display().to_string();
                (st.corrections, source, marks, warnings)
            }
            None => (Vec::new(), String::new(), marks, warnings),
        },
    }
}

/// Inputs for the given paths, or the bundled corpus when there are none.
fn inputs_for(paths: &[PathBuf]) -> (Vec<Input>, Vec<LoadWarning>) {
    if paths.is_empty() {
        (load::bundled_files(), Vec::new())
    } else {
        load::expand_paths(paths)
    }
}

/// A progress line on stderr when it is a terminal.
fn progress_bar() -> Option<ProgressBar> {
    io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
            bar.set_style(style);
        }
        bar
    })
}

fn show_progress(bar: &Option<ProgressBar>, p: Progress) {
    if let Some(bar) = bar {
        bar.set_message(format!("{} {}", p.stage_name(), p.line()));
        bar.tick();
    }
}

/// Open the corpus (from its snapshot, or built), with a progress line on stderr (what it is
/// doing, how fast, how long is left) when stderr is a terminal; nothing extra when it is not
/// (a pipe or a log file). Notes about the cache go to stderr.
fn open_with_bar(
    inputs: &[Input],
    warnings: Vec<LoadWarning>,
    roots: &[PathBuf],
    cache: &CacheChoice,
) -> Opened {
    let bar = progress_bar();
    let started = Instant::now();
    let show = |p: Progress| show_progress(&bar, p);
    if let Some(found) = lede::contract::recognise(roots) {
        // Output extracted already (the warnings of reading it as articles do not apply).
        drop(warnings);
        let opened = lede::contract::open(&found, Vec::new(), &|read, total| {
            show(Progress {
                stage: Stage::Reading,
                files_total: found.len(),
                bytes_done: read,
                bytes_total: total,
                stage_elapsed: started.elapsed(),
                ..Progress::default()
            })
        });
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        return opened;
    }
    let snapshot = |read: u64, total: u64| {
        show(Progress {
            stage: Stage::Snapshot,
            bytes_done: read,
            bytes_total: total,
            stage_elapsed: started.elapsed(),
            ..Progress::default()
        })
    };
    let opened = open::open(inputs, warnings, roots, cache, &show, &snapshot, &|_| {});
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    for note in &opened.notes {
        eprintln!("lede: {}", sanitize(note));
    }
    opened
}

fn report_warnings(warnings: &[LoadWarning]) {
    let mut err = io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "lede: warning: {w}");
    }
}

/// Parse the command line. Usage errors are rendered here rather than by clap, sanitised like
/// everything else, since they quote the arguments (and a file name can hold escape sequences).
fn parse_cli() -> Result<Cli, ExitCode> {
    match Cli::try_parse() {
        Ok(cli) => Ok(cli),
        Err(err) => {
            let text = sanitize(&err.render().to_string()).into_owned();
            if err.use_stderr() {
                let _ = write!(io::stderr(), "{text}");
                Err(ExitCode::from(2))
            } else {
                // --help and --version.
                let _ = write!(io::stdout(), "{text}");
                Err(ExitCode::SUCCESS)
            }
        }
    }
}

/// The end of a command that printed: a closed pipe (`lede stats | head -1`) is no error, any
/// other failed write (a full disk) is.
fn finish_output(result: io::Result<()>, loaded_any: bool) -> ExitCode {
    match result {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => {
            eprintln!("lede: cannot write output: {err}");
            ExitCode::FAILURE
        }
        _ if !loaded_any => ExitCode::FAILURE,
        _ => ExitCode::SUCCESS,
    }
}

/// Write with a buffered stdout, flushed at the end (so a write error is seen here).
fn with_stdout(
    write: impl FnOnce(&mut io::BufWriter<io::StdoutLock<'static>>) -> io::Result<()>,
) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    write(&mut out)?;
    out.flush()
}

/// `lede cache list` and `lede cache clear [PATHS]`.
fn cache_command(action: CacheAction, args: &CacheArgs) -> ExitCode {
    let Some(cache) = args.choice().cache() else {
        eprintln!("lede: no cache directory (set XDG_CACHE_HOME or HOME, or give --cache DIR)");
        return ExitCode::from(2);
    };
    match action {
        CacheAction::List => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let listed = snapshot::list(&cache);
            let result = with_stdout(|out| {
                if listed.is_empty() {
                    writeln!(
                        out,
                        "no snapshots in {}",
                        sanitize(&cache.dir.display().to_string())
                    )?;
                }
                for l in &listed {
                    let age = now.saturating_sub(l.created);
                    writeln!(
                        out,
                        "{}  {:.1} MB  {} articles  {} old{}\n  {}",
                        sanitize(&l.path.display().to_string()),
                        l.bytes as f64 / 1e6,
                        l.articles,
                        if age < 3600 {
                            format!("{} min", age / 60)
                        } else {
                            format!("{} h", age / 3600)
                        },
                        if l.current {
                            ""
                        } else {
                            "  (another lede's: rebuilt when next opened)"
                        },
                        sanitize(&l.roots.join("\n  ")),
                    )?;
                }
                Ok(())
            });
            finish_output(result, true)
        }
        CacheAction::Clear { paths } => {
            let roots = if paths.is_empty() {
                None
            } else {
                let (inputs, _) = load::expand_paths(&paths);
                match snapshot::stamps(&paths, &inputs) {
                    Some((roots, _)) => Some(roots),
                    None => {
                        eprintln!("lede: those paths cannot be found");
                        return ExitCode::FAILURE;
                    }
                }
            };
            match snapshot::clear(&cache, roots.as_deref()) {
                Ok(n) => {
                    println!("removed {n} snapshot{}", if n == 1 { "" } else { "s" });
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    eprintln!("lede: cannot clear the cache: {err}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// `lede extract --shard`: the map half. A shard with nothing in it (every record bad) is no
/// failure: its warnings say why, and a distributed job goes on.
fn shard_command(paths: &[PathBuf], source: Option<&str>, tar: bool) -> ExitCode {
    let stdin_only = paths.is_empty() || paths.iter().all(|p| p.as_os_str() == "-");
    let (articles, warnings) = match (tar, source) {
        (true, _) => lede::shard::read_tar(io::stdin().lock()),
        (false, Some(name)) if stdin_only => lede::shard::read_named_stdin(name),
        (false, Some(_)) => {
            eprintln!("lede: --source names standard input: give - as the only path");
            return ExitCode::from(2);
        }
        (false, None) => {
            let (inputs, mut warnings) = inputs_for(paths);
            let (articles, more) = lede::corpus::load_inputs(&inputs);
            warnings.extend(more);
            (articles, warnings)
        }
    };
    let mut articles = articles;
    lede::corpus::make_ids_unique(&mut articles);
    report_warnings(&warnings);
    let result = with_stdout(|out| lede::shard::write_shard(&articles, &warnings, out).map(drop));
    finish_output(result, true)
}

/// `lede extract --apply MAPPING`: shard output to the contract.
fn apply_command(mapping: &std::path::Path, paths: &[PathBuf], min_confidence: f32) -> ExitCode {
    let name = sanitize(&mapping.display().to_string()).into_owned();
    let read = std::fs::File::open(mapping)
        .map_err(|e| format!("{name}: cannot read: {e}"))
        .and_then(|f| lede::shard::Mapping::read(&name, io::BufReader::new(f)));
    let mapping = match read {
        Ok(m) => m,
        Err(err) => {
            eprintln!("lede: {}", sanitize(&err));
            return ExitCode::FAILURE;
        }
    };
    let mut warnings = Vec::new();
    let result = with_stdout(|out| {
        let (result, w) = lede::shard::apply_command(&mapping, paths, min_confidence, out);
        warnings = w;
        result.map(drop)
    });
    report_warnings(&warnings);
    finish_output(result, true)
}

fn main() -> ExitCode {
    lede::mem::tune_allocator();
    let cli = match parse_cli() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    load::set_limits(load::Limits {
        file: cli.limits.max_file_mb.saturating_mul(MB),
        article: cli.limits.max_article_mb.saturating_mul(MB),
    });
    match cli.command {
        Some(Command::Extract {
            paths,
            json,
            min_confidence,
            corrections,
            no_corrections,
            filter,
            format,
            what,
            scare_quotes,
            shard,
            apply,
            source,
            tar,
        }) => {
            if shard {
                return shard_command(&paths, source.as_deref(), tar);
            }
            if let Some(mapping) = apply {
                return apply_command(&mapping, &paths, min_confidence);
            }
            let config = lede::config::load();
            for m in config.messages() {
                eprintln!("lede: warning: {}", sanitize(&m));
            }
            let (list, source, marks, state_warnings) =
                headless_state(&paths, corrections.as_ref(), no_corrections);
            let (inputs, warnings) = inputs_for(&paths);
            let opened = open_with_bar(&inputs, warnings, &paths, &cli.cache.choice());
            let mut index = opened.index;
            let (mut corpus, _, _) =
                correct_loaded(opened.corpus, &list, &source, config.config.min_confidence);
            if !list.is_empty() {
                // Corrections change entities: their part of the index follows.
                index.refresh_entities(&corpus);
            }
            corpus.warnings.extend(state_warnings);
            report_warnings(&corpus.warnings);
            if corpus.articles.is_empty() {
                eprintln!("lede: no article could be loaded");
                return ExitCode::FAILURE;
            }
            let (mark_sets, _) = marks.resolve(&corpus);
            let query = filter.clone().unwrap_or_default();
            let result = with_stdout(|out| match (format, filter.is_some()) {
                (Some(format), _) => {
                    let table = lede::export::search_table(
                        &corpus,
                        &index,
                        &query,
                        what,
                        &config.config.sorts,
                        &mark_sets,
                        scare_quotes || config.config.show_scare,
                    );
                    lede::export::write(&table, format, out)
                }
                (None, true) => {
                    let found = lede::export::search_articles(&corpus, &index, &query, &mark_sets);
                    if json {
                        for a in found {
                            serde_json::to_writer(
                                &mut *out,
                                &output::article_json(&corpus, a as usize, min_confidence),
                            )?;
                            out.write_all(b"\n")?;
                        }
                        Ok(())
                    } else {
                        output::write_text_of(
                            &corpus,
                            found.iter().map(|&a| a as usize),
                            min_confidence,
                            out,
                        )
                    }
                }
                _ if json => output::write_json_lines_min(&corpus, min_confidence, out),
                _ => output::write_text_min(&corpus, min_confidence, out),
            });
            finish_output(result, true)
        }
        Some(Command::Corrections { paths }) => {
            let Some(state) = StateDir::for_paths(&paths) else {
                eprintln!("lede: no state folder: set HOME or XDG_STATE_HOME");
                return ExitCode::FAILURE;
            };
            let stored = state.load();
            report_warnings(&stored.warnings);
            let file = state.path(lede::state::CORRECTIONS);
            let stale = if stored.corrections.is_empty() {
                Vec::new()
            } else {
                let (inputs, warnings) = inputs_for(&paths);
                let mut corpus =
                    open_with_bar(&inputs, warnings, &paths, &cli.cache.choice()).corpus;
                lede::corrections::apply(&mut corpus, &stored.corrections)
            };
            let result = with_stdout(|out| {
                writeln!(out, "{}", sanitize(&file.display().to_string()))?;
                if stored.corrections.is_empty() {
                    writeln!(out, "  no corrections")?;
                }
                for (i, c) in stored.corrections.iter().enumerate() {
                    let note = stale
                        .iter()
                        .find(|s| s.index == i)
                        .map(|s| format!("  [stale: {}]", s.reason))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "{:>4}  {}{}",
                        i + 1,
                        sanitize(&c.to_string()),
                        sanitize(&note)
                    )?;
                }
                Ok(())
            });
            finish_output(result, true)
        }
        Some(Command::Config {
            print_default,
            actions,
        }) => {
            let result = with_stdout(|out| {
                if print_default {
                    return write!(out, "{}", lede::config::DEFAULT);
                }
                if actions {
                    return write!(out, "{}", lede::config::actions_text());
                }
                let loaded = lede::config::load();
                let (_, problems) =
                    lede::app::keymap::Keymap::bundled().with_user(&loaded.config.keys);
                match &loaded.path {
                    Some(p) if p.exists() => {
                        writeln!(out, "{}", sanitize(&p.display().to_string()))?
                    }
                    Some(p) => writeln!(
                        out,
                        "{} (not there: the defaults are in force)",
                        sanitize(&p.display().to_string())
                    )?,
                    None => writeln!(out, "no config path: set HOME or XDG_CONFIG_HOME")?,
                }
                for m in loaded.messages() {
                    writeln!(out, "  {}", sanitize(&m))?;
                }
                for p in problems {
                    writeln!(out, "  line {}: {}", p.line, sanitize(&p.message))?;
                }
                Ok(())
            });
            finish_output(result, true)
        }
        Some(Command::Stats { paths }) => {
            let (inputs, warnings) = inputs_for(&paths);
            let opened = open_with_bar(&inputs, warnings, &paths, &cli.cache.choice());
            report_warnings(&opened.corpus.warnings);
            let result = with_stdout(|out| output::write_stats(&opened, out));
            finish_output(result, !opened.corpus.articles.is_empty())
        }
        Some(Command::Cache { action }) => cache_command(action, &cli.cache),
        Some(Command::Merge { paths, partial }) => {
            let mut warnings = Vec::new();
            let result = with_stdout(|out| {
                let (result, w) = lede::shard::merge_command(&paths, partial, out);
                warnings = w;
                result
            });
            report_warnings(&warnings);
            finish_output(result, true)
        }
        Some(Command::Bench {
            paths,
            mut query,
            queries,
            rounds,
            warm_in,
        }) => {
            if let Some(file) = queries {
                match std::fs::read_to_string(&file) {
                    Ok(text) => query.extend(lede::bench::read_queries(&text)),
                    Err(err) => {
                        eprintln!("lede: cannot read {}: {err}", file.display());
                        return ExitCode::from(2);
                    }
                }
            }
            if query.is_empty() {
                query.push("araghchi iran".to_string());
            }
            let (inputs, warnings) = inputs_for(&paths);
            let bar = progress_bar();
            let show = |p: Progress| show_progress(&bar, p);
            if let Some(dir) = warm_in {
                let browse =
                    lede::bench::browse(&inputs, warnings, &paths, &dir, &query, rounds, &show);
                if let Some(bar) = bar {
                    bar.finish_and_clear();
                }
                let result = with_stdout(|out| {
                    writeln!(
                        out,
                        "{}",
                        serde_json::to_string(&browse).unwrap_or_default()
                    )
                });
                return finish_output(result, browse.articles > 0);
            }
            // Built from the files in a scratch cache (never the user's snapshot), then opened
            // again from the snapshot it wrote, in a fresh process.
            let fresh = |dir: &std::path::Path| warm_in_fresh_process(&paths, dir, &query, rounds);
            let report = lede::bench::run(&inputs, warnings, &paths, &query, rounds, &show, &fresh);
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
            let result = with_stdout(|out| {
                write!(out, "{}", report.table())?;
                writeln!(
                    out,
                    "{}",
                    serde_json::to_string(&report).unwrap_or_default()
                )
            });
            finish_output(result, report.articles > 0)
        }
        Some(Command::Open { paths }) => {
            let Some(found) = lede::contract::recognise(&paths) else {
                eprintln!(
                    "lede: not output lede extracted (a job's folder of Parquet tables or JSON Lines, or `lede extract --json` lines): {}",
                    sanitize(
                        &paths
                            .iter()
                            .map(|p| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(" ")
                    )
                );
                return ExitCode::FAILURE;
            };
            explore(
                lede::tui::Source::Extracted(found),
                Vec::new(),
                &paths,
                cli.mouse,
                cli.no_state,
                cli.cache.choice(),
            )
        }
        None => {
            if let Some(found) = lede::contract::recognise(&cli.paths) {
                return explore(
                    lede::tui::Source::Extracted(found),
                    Vec::new(),
                    &cli.paths,
                    cli.mouse,
                    cli.no_state,
                    cli.cache.choice(),
                );
            }
            let (inputs, warnings) = inputs_for(&cli.paths);
            if inputs.is_empty() {
                // Nothing to open at all (a mistyped path): say so here, not in an empty
                // explorer.
                report_warnings(&warnings);
                eprintln!("lede: no article could be loaded");
                return ExitCode::FAILURE;
            }
            explore(
                lede::tui::Source::Inputs(inputs),
                warnings,
                &cli.paths,
                cli.mouse,
                cli.no_state,
                cli.cache.choice(),
            )
        }
    }
}

/// Open the explorer on a source.
fn explore(
    source: lede::tui::Source,
    warnings: Vec<LoadWarning>,
    paths: &[PathBuf],
    mouse: bool,
    no_state: bool,
    cache: CacheChoice,
) -> ExitCode {
    if !io::stdout().is_terminal() {
        eprintln!("lede: the explorer needs a terminal; try `lede extract` for headless output");
        return ExitCode::from(2);
    }
    let setup = lede::tui::Setup {
        config: lede::config::load(),
        state: if no_state {
            None
        } else {
            StateDir::for_paths(paths)
        },
        roots: paths.to_vec(),
        cache,
    };
    match lede::tui::run_source(source, warnings, mouse, setup) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("lede: {}", sanitize(&format!("{err:#}")));
            ExitCode::FAILURE
        }
    }
}
