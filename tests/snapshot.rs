//! Snapshots of built corpora (issue 14): opening the same inputs again reads the snapshot and
//! gives what a fresh build gives; a changed, added or removed file is read again alone; a
//! snapshot that is truncated, damaged or from another format is rebuilt with a note; two
//! processes at once both work and leave one valid snapshot; a cache that cannot be written
//! degrades to no cache with a note.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use lede::corpus::Stage;
use lede::filter::{self, Query, Request};
use lede::load;
use lede::model::Corpus;
use lede::open::{self, CacheChoice, How, Opened};

/// A folder of articles: the bundled Wikinews ones, as files.
fn corpus_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus/wikinews");
    for e in fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    dir
}

fn open_at(dir: &Path, cache: &CacheChoice) -> Opened {
    open_telling(dir, cache).0
}

/// Open as `open_at` does, with the stages its progress went through, each once, in order.
fn open_telling(dir: &Path, cache: &CacheChoice) -> (Opened, Vec<Stage>) {
    let roots = vec![dir.to_path_buf()];
    let (inputs, warnings) = load::expand_paths(&roots);
    let stages = std::sync::Mutex::new(Vec::new());
    let heard = |stage: Stage| {
        let mut stages = stages.lock().unwrap();
        if stages.last() != Some(&stage) {
            stages.push(stage);
        }
    };
    let opened = open::open(
        &inputs,
        warnings,
        &roots,
        cache,
        &|p| heard(p.stage),
        &|_, _| heard(Stage::Snapshot),
        &|_| {},
    );
    (opened, stages.into_inner().unwrap())
}

/// What two corpora must agree on: articles, entities (names, kinds, aliases, mentions) and
/// quotes (spans, speakers by name, kinds).
fn same(a: &Corpus, b: &Corpus) {
    assert_eq!(a.articles, b.articles);
    let entities = |c: &Corpus| {
        c.entities
            .iter()
            .map(|e| {
                (
                    e.name.clone(),
                    e.kind,
                    e.aliases.clone(),
                    e.mentions.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(entities(a), entities(b));
    let quotes = |c: &Corpus| {
        c.quotes
            .iter()
            .map(|q| {
                (
                    q.article,
                    q.start,
                    q.end,
                    q.speaker.map(|s| c.entity(s).name.clone()),
                    q.kind,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(quotes(a), quotes(b));
}

const QUERIES: &[&str] = &[
    "obama",
    "p:warhol",
    "\"united states\"",
    "c:",
    "q:said",
    "nasa !space",
    "date:2015",
];

fn searches_agree(a: &Opened, b: &Opened) {
    for q in QUERIES {
        let request = Request {
            query: Query::parse(q),
            ..Request::default()
        };
        let x = filter::search(&a.corpus, &a.index, &request, &|| false).unwrap();
        let y = filter::search(&b.corpus, &b.index, &request, &|| false).unwrap();
        assert_eq!(x.articles, y.articles, "{q}");
        assert_eq!(x.entities, y.entities, "{q}");
        assert_eq!(x.quotes, y.quotes, "{q}");
    }
}

fn snapshot_file(cache: &Path) -> PathBuf {
    let files: Vec<PathBuf> = fs::read_dir(cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "lede"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

#[test]
fn a_snapshot_opens_what_was_built() {
    let dir = corpus_dir();
    let cache = tempfile::tempdir().unwrap();
    let choice = CacheChoice::At(cache.path().to_path_buf());
    let built = open_at(dir.path(), &choice);
    assert_eq!(built.how, How::Built);
    assert!(built.snapshot_written.is_some(), "{:?}", built.notes);
    let again = open_at(dir.path(), &choice);
    assert_eq!(again.how, How::Snapshot);
    assert!(again.notes.is_empty(), "{:?}", again.notes);
    same(&built.corpus, &again.corpus);
    assert_eq!(built.corpus.warnings, again.corpus.warnings);
    searches_agree(&built, &again);
    // Without the cache: the same as well.
    let fresh = open_at(dir.path(), &CacheChoice::Off);
    assert_eq!(fresh.how, How::Built);
    same(&fresh.corpus, &again.corpus);
}

#[test]
fn a_touched_file_is_read_again_and_nothing_else() {
    let dir = corpus_dir();
    let cache = tempfile::tempdir().unwrap();
    let choice = CacheChoice::At(cache.path().to_path_buf());
    let built = open_at(dir.path(), &choice);
    let files = built.corpus.articles.len();
    // Change one file (a new person in it), add one, remove one.
    let changed = dir.path().join("nasa.md");
    let mut text = fs::read_to_string(&changed).unwrap();
    text.push_str("\nAstronaut Priya Raman said the mission was “a quiet triumph”.\n");
    fs::write(&changed, text).unwrap();
    let updated = open_at(dir.path(), &choice);
    assert_eq!(
        updated.how,
        How::Updated {
            reextracted: 1,
            reused: files - 1
        }
    );
    assert!(
        updated
            .corpus
            .entities
            .iter()
            .any(|e| e.name == "Priya Raman"),
        "the changed file was read again"
    );
    same(
        &updated.corpus,
        &open_at(dir.path(), &CacheChoice::Off).corpus,
    );
    // The update was snapshotted: the next open reads it.
    assert_eq!(open_at(dir.path(), &choice).how, How::Snapshot);

    fs::remove_file(dir.path().join("flag.md")).unwrap();
    fs::write(
        dir.path().join("zz-new.md"),
        "# Envoy returns\n\nSpecial envoy Steve Witkoff said the talks in Oman were “useful”.\n",
    )
    .unwrap();
    let again = open_at(dir.path(), &choice);
    // One file gone, one new: the new one is read, the other 23 reused.
    assert_eq!(
        again.how,
        How::Updated {
            reextracted: 1,
            reused: files - 1
        }
    );
    same(
        &again.corpus,
        &open_at(dir.path(), &CacheChoice::Off).corpus,
    );
    searches_agree(&again, &open_at(dir.path(), &CacheChoice::Off));
}

#[test]
fn a_broken_snapshot_is_rebuilt_with_a_note() {
    let dir = corpus_dir();
    let cache = tempfile::tempdir().unwrap();
    let choice = CacheChoice::At(cache.path().to_path_buf());
    let built = open_at(dir.path(), &choice);
    let file = snapshot_file(cache.path());
    let good = fs::read(&file).unwrap();

    // Truncated.
    fs::write(&file, &good[..good.len() / 2]).unwrap();
    let opened = open_at(dir.path(), &choice);
    assert_eq!(opened.how, How::Built);
    assert!(
        opened.notes[0].contains("ignored (it ends early)"),
        "{:?}",
        opened.notes
    );
    same(&opened.corpus, &built.corpus);
    // Rebuilt and written again: the next open reads it.
    assert_eq!(open_at(dir.path(), &choice).how, How::Snapshot);

    // A bit flipped in the middle.
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x10;
    fs::write(&file, &flipped).unwrap();
    let opened = open_at(dir.path(), &choice);
    assert_eq!(opened.how, How::Built);
    assert!(opened.notes[0].contains("checksum"), "{:?}", opened.notes);

    // An article section that matches its checksum but does not decode (as a writer's bug
    // would leave it): the decoder's error is the one told, not the reader's.
    let mut undecodable = good.clone();
    let section_len = |at: usize, bytes: &[u8]| {
        u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize
    };
    let header_at = 12;
    let articles_at = header_at + 12 + section_len(header_at, &undecodable);
    let len = section_len(articles_at, &undecodable);
    let payload = articles_at + 12..articles_at + 12 + len;
    for b in &mut undecodable[payload.clone()] {
        *b = 0xFF;
    }
    let crc = crc32fast::hash(&undecodable[payload]);
    undecodable[articles_at + 8..articles_at + 12].copy_from_slice(&crc.to_le_bytes());
    fs::write(&file, &undecodable).unwrap();
    let opened = open_at(dir.path(), &choice);
    assert_eq!(opened.how, How::Built);
    assert!(
        opened.notes[0].contains("does not decode"),
        "{:?}",
        opened.notes
    );

    // Another format.
    let mut other = good.clone();
    other[8..12].copy_from_slice(&999u32.to_le_bytes());
    fs::write(&file, &other).unwrap();
    let opened = open_at(dir.path(), &choice);
    assert_eq!(opened.how, How::Built);
    assert!(
        opened.notes[0].contains("out of date"),
        "{:?}",
        opened.notes
    );

    // Not a snapshot at all.
    fs::write(&file, b"hello").unwrap();
    let opened = open_at(dir.path(), &choice);
    assert_eq!(opened.how, How::Built);
    assert!(!opened.notes.is_empty());
    same(&opened.corpus, &built.corpus);
}

#[test]
fn a_cache_that_cannot_be_written_degrades_to_none_with_a_note() {
    let dir = corpus_dir();
    let blocker = tempfile::NamedTempFile::new().unwrap();
    // A "folder" under a regular file cannot be made.
    let choice = CacheChoice::At(blocker.path().join("lede"));
    let opened = open_at(dir.path(), &choice);
    assert_eq!(opened.how, How::Built);
    assert!(opened.snapshot_written.is_none());
    assert!(
        opened
            .notes
            .iter()
            .any(|n| n.contains("no snapshot written")),
        "{:?}",
        opened.notes
    );
    assert!(!opened.corpus.articles.is_empty());
}

#[test]
fn two_processes_at_once_both_work_and_leave_one_valid_snapshot() {
    let dir = corpus_dir();
    let cache = tempfile::tempdir().unwrap();
    let run = || {
        common::corpus::lede()
            .args(["stats", "--cache"])
            .arg(cache.path())
            .arg(dir.path())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut a, mut b) = (run(), run());
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    // One snapshot, no temporary files left, and it opens.
    let left: Vec<String> = fs::read_dir(cache.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
    // The test binary is another lede than the one that wrote it: read it as that one would.
    let out = stats_with(cache.path(), dir.path());
    assert!(out.status.success());
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("cache:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `lede stats --cache CACHE DIR`, run to the end.
fn stats_with(cache: &Path, dir: &Path) -> std::process::Output {
    common::corpus::lede()
        .args(["stats", "--cache"])
        .arg(cache)
        .arg(dir)
        .output()
        .unwrap()
}

#[test]
fn cache_list_and_clear() {
    let dir = corpus_dir();
    let cache = tempfile::tempdir().unwrap();
    let lede = |args: &[&str]| {
        common::corpus::lede()
            .args(args)
            .arg("--cache")
            .arg(cache.path())
            .output()
            .unwrap()
    };
    assert!(
        lede(&["stats", dir.path().to_str().unwrap()])
            .status
            .success()
    );
    let listed = String::from_utf8(lede(&["cache", "list"]).stdout).unwrap();
    assert!(listed.contains("24 articles"), "{listed}");
    assert!(listed.contains(&*fs::canonicalize(dir.path()).unwrap().to_string_lossy()));
    let cleared = String::from_utf8(lede(&["cache", "clear"]).stdout).unwrap();
    assert_eq!(cleared.trim(), "removed 1 snapshot");
    let listed = String::from_utf8(lede(&["cache", "list"]).stdout).unwrap();
    assert!(listed.starts_with("no snapshots"), "{listed}");
}

#[test]
fn stats_say_whether_the_corpus_was_built_read_or_updated() {
    let dir = corpus_dir();
    let cache = tempfile::tempdir().unwrap();
    let stats = || {
        let out = stats_with(cache.path(), dir.path());
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let line = |out: &str, key: &str| -> String {
        out.lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_else(|| panic!("no {key} in {out}"))
            .to_string()
    };
    let built = stats();
    assert!(line(&built, "load time").contains("(read "), "{built}");
    let read = stats();
    assert!(
        line(&read, "load time").ends_with("(from the snapshot)"),
        "{read}"
    );
    // The corpus's text, not what was extracted this time (nothing).
    assert_eq!(line(&read, "text"), line(&built, "text"));
    assert_eq!(line(&read, "articles"), line(&built, "articles"));
    let changed = dir.path().join("nasa.md");
    let mut text = fs::read_to_string(&changed).unwrap();
    text.push_str("\nAstronaut Priya Raman said the mission was “a quiet triumph”.\n");
    fs::write(&changed, text).unwrap();
    let updated = stats();
    assert!(
        line(&updated, "load time").contains("(1 changed or added files"),
        "{updated}"
    );
}

#[test]
fn progress_names_every_stage_of_an_open() {
    use Stage::*;
    let dir = corpus_dir();
    let cache = tempfile::tempdir().unwrap();
    let choice = CacheChoice::At(cache.path().to_path_buf());
    let (_, built) = open_telling(dir.path(), &choice);
    assert_eq!(
        built,
        [Reading, Extracting, Merging, Indexing, Saving],
        "a first open"
    );
    let (_, read) = open_telling(dir.path(), &choice);
    assert_eq!(read, [Snapshot], "an open from the snapshot");
    fs::write(
        dir.path().join("zz-new.md"),
        "# Envoy returns\n\nSpecial envoy Steve Witkoff said the talks were “useful”.\n",
    )
    .unwrap();
    let (opened, updated) = open_telling(dir.path(), &choice);
    assert!(matches!(opened.how, How::Updated { reextracted: 1, .. }));
    assert_eq!(
        updated,
        [Reusing, Reading, Extracting, Merging, Indexing, Saving],
        "an open with a file added"
    );
}
