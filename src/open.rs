//! Opening a corpus, for the explorer and the headless commands alike: from its snapshot when
//! the inputs are unchanged since it was written; when only some files changed, those alone
//! are read and extracted again and merged with the rest's kept extractions; otherwise built
//! (read, extract, merge, index). Whatever was built is snapshotted for next time.

use std::cell::RefCell;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::corpus::{self, BuildTimes, Progress, Stage};
use crate::extract::{self, Extraction};
use crate::filter::Index;
use crate::load::Input;
use crate::model::{Article, Corpus, LoadWarning};
use crate::snapshot::{self, Cache, Files, Miss, Reusable, Spill, Stamp};

/// Where snapshots are read and written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum CacheChoice {
    /// `$XDG_CACHE_HOME/lede`.
    #[default]
    Default,
    /// `--cache DIR`.
    At(PathBuf),
    /// `--no-cache`.
    Off,
}

impl CacheChoice {
    pub fn cache(&self) -> Option<Cache> {
        match self {
            CacheChoice::Default => Cache::default_dir().map(|dir| Cache { dir }),
            CacheChoice::At(dir) => Some(Cache { dir: dir.clone() }),
            CacheChoice::Off => None,
        }
    }
}

/// How the corpus was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// Read from its snapshot.
    Snapshot,
    /// Some files changed: they were extracted again, the others' extractions reused.
    Updated { reextracted: usize, reused: usize },
    /// Built from the files.
    Built,
}

/// A corpus ready to explore.
pub struct Opened {
    pub corpus: Corpus,
    pub index: Index,
    pub how: How,
    /// How it was built (zero when read from a snapshot; for an update, the changed files').
    pub times: BuildTimes,
    /// Time spent building the search index (zero when read from a snapshot).
    pub index_time: Duration,
    /// Time spent reading the snapshot, when one was used.
    pub snapshot_time: Option<Duration>,
    /// Time spent writing the snapshot, and where, when one was written.
    pub snapshot_written: Option<(PathBuf, Duration)>,
    /// One-line notes about the cache ("snapshot ignored: …"): for stderr, or the warnings.
    pub notes: Vec<String>,
}

/// The articles of a build of the inputs, with what the snapshot needs.
struct Made {
    corpus: Corpus,
    times: BuildTimes,
    per_input: Vec<u32>,
    how: How,
}

/// Open `inputs` (expanded from `roots`, the paths the user named): from the snapshot in
/// `cache` if it holds, updated if only some files changed, else built; then saved there.
/// `progress` hears how a build goes, `snapshot_progress` how reading a snapshot goes (bytes
/// read, bytes in all); `preview` gets an early corpus of the first articles while a large one
/// is built.
pub fn open(
    inputs: &[Input],
    warnings: Vec<LoadWarning>,
    roots: &[PathBuf],
    cache: &CacheChoice,
    progress: &(dyn Fn(Progress) + Sync),
    snapshot_progress: &dyn Fn(u64, u64),
    preview: &dyn Fn(Corpus),
) -> Opened {
    let mut notes = Vec::new();
    let cache = cache.cache();
    // Stamped before reading, so a file changed while it is read is read again next time.
    let stamped = cache.as_ref().and_then(|_| snapshot::stamps(roots, inputs));
    let mut reusable = None;
    if let (Some(cache), Some((roots, stamps))) = (&cache, &stamped) {
        let t = Instant::now();
        match snapshot::load(cache, roots, stamps, snapshot_progress) {
            Ok((corpus, index)) => {
                return Opened {
                    corpus,
                    index,
                    how: How::Snapshot,
                    times: BuildTimes::default(),
                    index_time: Duration::ZERO,
                    snapshot_time: Some(t.elapsed()),
                    snapshot_written: None,
                    notes,
                };
            }
            Err(Miss::Absent) => {}
            Err(Miss::Changed(r)) => reusable = Some(r),
            Err(Miss::Stale(why)) => {
                notes.push(format!("cache: snapshot out of date ({why}); rebuilding"))
            }
            Err(Miss::Broken(why)) => {
                notes.push(format!("cache: snapshot ignored ({why}); rebuilding"))
            }
        }
    }
    let spill = RefCell::new(cache.as_ref().filter(|_| stamped.is_some()).map(Spill::new));
    let on_window = |window: &[Extraction]| {
        if let Some(s) = spill.borrow_mut().as_mut() {
            s.push(window);
        }
    };
    let updated = match (&reusable, &stamped) {
        (Some(r), Some((_, stamps))) => {
            match update(inputs, &warnings, stamps, r, progress, &on_window) {
                Ok(made) => Some(made),
                Err(why) => {
                    notes.push(format!("cache: snapshot ignored ({why}); rebuilding"));
                    // What the update spilled is not the build's: start again.
                    *spill.borrow_mut() = cache.as_ref().map(Spill::new);
                    None
                }
            }
        }
        _ => None,
    };
    let made = match updated {
        Some(made) => made,
        None => {
            let built = corpus::build_with(inputs, warnings, progress, preview, &on_window);
            Made {
                corpus: built.corpus,
                times: built.times,
                per_input: built.per_input,
                how: How::Built,
            }
        }
    };
    crate::mem::release_freed();
    let articles = made.corpus.articles.len();
    progress(Progress::begun(Stage::Indexing, inputs.len(), articles));
    let t = Instant::now();
    let index = Index::build(&made.corpus);
    crate::mem::release_freed();
    let index_time = t.elapsed();
    let mut snapshot_written = None;
    if let (Some(cache), Some((roots, stamps))) = (&cache, &stamped)
        && !made.corpus.articles.is_empty()
    {
        let files = Files {
            stamps,
            articles: &made.per_input,
            names: inputs.iter().map(snapshot::warning_name).collect(),
        };
        progress(Progress::begun(Stage::Saving, inputs.len(), articles));
        let t = Instant::now();
        let mut spill = spill.into_inner();
        match snapshot::save(cache, roots, &files, &made.corpus, &index, spill.as_mut()) {
            Ok(path) => snapshot_written = Some((path, t.elapsed())),
            Err(err) => notes.push(format!(
                "cache: no snapshot written to {} ({err})",
                cache.dir.display()
            )),
        }
    }
    if let How::Updated {
        reextracted,
        reused,
    } = made.how
    {
        notes.push(format!(
            "cache: {reextracted} changed or added files read again, {reused} files' articles reused"
        ));
    }
    Opened {
        corpus: made.corpus,
        index,
        how: made.how,
        times: made.times,
        index_time,
        snapshot_time: None,
        snapshot_written,
        notes,
    }
}

/// Rebuild from a snapshot whose files partly changed: the unchanged files' articles and
/// extractions are taken from it, the changed and added files are read and extracted, and the
/// whole is merged corpus-wide again (the merge is a function of the per-article extractions,
/// so the result is what a build from scratch gives). `on_window` sees every extraction, in
/// article order, for the new snapshot.
fn update(
    inputs: &[Input],
    expand_warnings: &[LoadWarning],
    stamps: &[Stamp],
    reusable: &Reusable,
    progress: &(dyn Fn(Progress) + Sync),
    on_window: &dyn Fn(&[Extraction]),
) -> Result<Made, String> {
    let t0 = Instant::now();
    progress(Progress {
        stage: Stage::Reusing,
        files_done: inputs.len().saturating_sub(reusable.changed),
        files_total: inputs.len(),
        ..Progress::default()
    });
    let reused = snapshot::reuse(reusable, stamps).map_err(|m| match m {
        Miss::Broken(why) | Miss::Stale(why) => why,
        _ => "it cannot be read".to_string(),
    })?;
    // Each input's kept part, if it has one: how many articles, and its warnings.
    let mut kept: Vec<Option<(u32, Vec<LoadWarning>)>> = Vec::new();
    kept.resize_with(inputs.len(), || None);
    {
        let input_of: FxHashMap<&Stamp, usize> =
            stamps.iter().enumerate().map(|(i, s)| (s, i)).collect();
        let mut last = None;
        for (stamp, n, w) in reused.files {
            let Some(&i) = input_of.get(&stamp) else {
                continue;
            };
            // The kept articles are taken in order below.
            if last.is_some_and(|l| l >= i) {
                return Err("its files are in another order".to_string());
            }
            last = Some(i);
            kept[i] = Some((n, w));
        }
    }
    // The files to read again.
    let fresh: Vec<usize> = (0..inputs.len()).filter(|&i| kept[i].is_none()).collect();
    let fresh_inputs: Vec<Input> = fresh.iter().map(|&i| inputs[i].clone()).collect();
    let (fresh_articles, fresh_warnings, fresh_counts) =
        corpus::load_inputs_with(&fresh_inputs, progress);
    let t1 = Instant::now();
    let fresh_bytes: u64 = fresh_articles.iter().map(|a| a.body.len() as u64).sum();
    progress(Progress {
        stage: Stage::Extracting,
        files_done: fresh.len(),
        files_total: fresh.len(),
        articles_done: 0,
        articles_total: fresh_articles.len(),
        ..Progress::default()
    });
    let fresh_extractions: Vec<Extraction> = fresh_articles
        .par_iter()
        .map(|a| extract::extract_article(&a.title, &a.body))
        .collect();
    let t2 = Instant::now();
    // In input order: each file's articles and extractions, kept or fresh.
    let total = reused.articles.len() + fresh_articles.len();
    let mut articles: Vec<Article> = Vec::with_capacity(total);
    let mut extractions: Vec<Extraction> = Vec::with_capacity(total);
    let mut per_input = Vec::with_capacity(inputs.len());
    let mut warnings: Vec<LoadWarning> = expand_warnings.to_vec();
    let mut kept_articles = reused.articles.into_iter();
    let mut kept_extractions = reused.extractions.into_iter();
    let mut fresh_articles = fresh_articles.into_iter();
    let mut fresh_extractions = fresh_extractions.into_iter();
    let mut fresh_counts = fresh_counts.into_iter();
    for slot in kept {
        match slot {
            Some((n, w)) => {
                per_input.push(n);
                articles.extend(kept_articles.by_ref().take(n as usize));
                extractions.extend(kept_extractions.by_ref().take(n as usize));
                warnings.extend(w);
            }
            None => {
                let n = fresh_counts.next().unwrap_or(0);
                per_input.push(n);
                articles.extend(fresh_articles.by_ref().take(n as usize));
                extractions.extend(fresh_extractions.by_ref().take(n as usize));
            }
        }
    }
    warnings.extend(fresh_warnings);
    if articles.len() != total || extractions.len() != total {
        return Err("its extractions do not match its articles".to_string());
    }
    corpus::make_ids_unique(&mut articles);
    for window in extractions.chunks(4096) {
        on_window(window);
    }
    progress(Progress::begun(
        Stage::Merging,
        inputs.len(),
        articles.len(),
    ));
    let corpus = corpus::merge(articles, extractions, warnings);
    // What the kept extractions made is checked as a snapshot read whole is: a corpus that
    // does not hold together is rebuilt from the files, never shown.
    corpus.check()?;
    let t3 = Instant::now();
    Ok(Made {
        corpus,
        times: BuildTimes {
            load: t1 - t0,
            extract: t2 - t1,
            merge: t3 - t2,
            bytes: fresh_bytes,
        },
        per_input,
        how: How::Updated {
            reextracted: fresh.len(),
            reused: inputs.len() - fresh.len(),
        },
    })
}
