//! Opening a corpus, for the explorer and the headless commands alike: from its snapshot when
//! the inputs are unchanged since it was written, otherwise built (read, extract, merge, index)
//! and then snapshotted for next time.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::corpus::{self, BuildTimes, Progress};
use crate::filter::Index;
use crate::load::Input;
use crate::model::{Corpus, LoadWarning};
use crate::snapshot::{self, Cache, Miss};

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

/// A corpus ready to explore.
pub struct Opened {
    pub corpus: Corpus,
    pub index: Index,
    /// How it was built (zero when read from a snapshot).
    pub times: BuildTimes,
    /// Time spent building the search index (zero when read from a snapshot).
    pub index_time: Duration,
    /// Time spent reading the snapshot, when one was used.
    pub snapshot_time: Option<Duration>,
    /// One-line notes about the cache ("snapshot ignored: …"): for stderr, or the warnings.
    pub notes: Vec<String>,
}

/// Open `inputs` (expanded from `roots`, the paths the user named): from the snapshot in
/// `cache` if it holds, else built and then saved there. `progress` hears how the build goes;
/// `snapshot_progress` how reading a snapshot goes (bytes read, bytes in all); `preview` gets an
/// early corpus of the first articles while a large one is built.
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
    // Stamped before reading, so a file changed while it is read is read again next time.
    let cache = cache.cache();
    let stamped = cache.as_ref().and_then(|_| snapshot::stamps(roots, inputs));
    if let (Some(cache), Some((roots, files))) = (&cache, &stamped) {
        let t = Instant::now();
        match snapshot::load(cache, roots, files, snapshot_progress) {
            Ok((corpus, index)) => {
                return Opened {
                    corpus,
                    index,
                    times: BuildTimes::default(),
                    index_time: Duration::ZERO,
                    snapshot_time: Some(t.elapsed()),
                    notes,
                };
            }
            Err(Miss::Absent) => {}
            Err(Miss::Stale(why)) => {
                notes.push(format!("cache: snapshot out of date ({why}); rebuilding"))
            }
            Err(Miss::Broken(why)) => {
                notes.push(format!("cache: snapshot ignored ({why}); rebuilding"))
            }
        }
    }
    let (corpus, times) = corpus::build_with_preview(inputs, warnings, progress, preview);
    let t = Instant::now();
    let index = Index::build(&corpus);
    let index_time = t.elapsed();
    if let (Some(cache), Some((roots, files))) = (&cache, &stamped)
        && !corpus.articles.is_empty()
        && let Err(err) = snapshot::save(cache, roots, files, &corpus, &index)
    {
        notes.push(format!(
            "cache: no snapshot written to {} ({err})",
            cache.dir.display()
        ));
    }
    Opened {
        corpus,
        index,
        times,
        index_time,
        snapshot_time: None,
        notes,
    }
}
