//! Building the one read-only `Corpus`: load every input, extract each article (in parallel),
//! then merge entities across articles so one person has one name corpus-wide. The merge works
//! from a `NameTable` alone (names, kinds, counts, flags), so it can also run as the reduce of a
//! job over many machines (`shard`).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::extract::{self, Extraction, spelling_variant};
use crate::load::{self, Input, LoadWarning};
use crate::model::{Article, Corpus, Entity, EntityId, EntityKind, Mention, Quote};

/// Figures about one build, for `lede stats` and `lede bench`.
#[derive(Debug, Clone, Copy, Default)]
pub struct BuildTimes {
    pub load: Duration,
    pub extract: Duration,
    pub merge: Duration,
    pub bytes: u64,
}

/// What an opening corpus is doing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Stage {
    /// Reading the input files.
    #[default]
    Reading,
    /// Every article read; finding entities and quotes.
    Extracting,
    /// Reading a snapshot of the corpus made earlier.
    Snapshot,
    /// Taking the unchanged files' articles and extractions from a snapshot (some files
    /// changed since it was made).
    Reusing,
    /// Every article extracted; joining names across articles.
    Merging,
    /// Building the search index.
    Indexing,
    /// Writing the snapshot for the next open.
    Saving,
}

/// How far opening a corpus has got; sent to a progress callback now and then.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub files_done: usize,
    pub files_total: usize,
    /// Bytes of input files read (or of the snapshot), of how many.
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub articles_done: usize,
    /// Known once reading is over.
    pub articles_total: usize,
    /// Time spent in this stage so far (for rates and time left).
    pub stage_elapsed: Duration,
}

impl Progress {
    /// What it is doing, in a word ("Reading", "Extracting", "Opening").
    pub fn stage_name(&self) -> &'static str {
        match self.stage {
            Stage::Reading => "Reading",
            Stage::Extracting => "Extracting",
            Stage::Snapshot => "Opening snapshot",
            Stage::Reusing => "Reusing",
            Stage::Merging => "Merging",
            Stage::Indexing => "Indexing",
            Stage::Saving => "Saving",
        }
    }

    /// A line that says how far it got, how fast, and how long is left ("40000 of 100000
    /// articles · 4100/s · 15 s left").
    pub fn line(&self) -> String {
        let secs = self.stage_elapsed.as_secs_f64().max(1e-3);
        let mb = |b: u64| b as f64 / 1e6;
        let left = |done: f64, total: f64| -> String {
            if done <= 0.0 || total <= done {
                return String::new();
            }
            let rest = (total - done) / (done / secs);
            if rest < 1.0 {
                " · under a second left".to_string()
            } else if rest < 120.0 {
                format!(" · {rest:.0} s left")
            } else {
                format!(" · {:.0} min left", rest / 60.0)
            }
        };
        match self.stage {
            Stage::Reading => format!(
                "{}/{} files · {:.0} of {:.0} MB · {:.1} MB/s{}",
                self.files_done,
                self.files_total,
                mb(self.bytes_done),
                mb(self.bytes_total),
                mb(self.bytes_done) / secs,
                left(self.bytes_done as f64, self.bytes_total as f64)
            ),
            Stage::Extracting => format!(
                "{} of {} articles · {:.0}/s{}",
                self.articles_done,
                self.articles_total,
                self.articles_done as f64 / secs,
                left(self.articles_done as f64, self.articles_total as f64)
            ),
            Stage::Snapshot => format!(
                "{:.0} of {:.0} MB · {:.0} MB/s{}",
                mb(self.bytes_done),
                mb(self.bytes_total),
                mb(self.bytes_done) / secs,
                left(self.bytes_done as f64, self.bytes_total as f64)
            ),
            Stage::Reusing => format!(
                "the snapshot's {} unchanged of {} files",
                self.files_done, self.files_total
            ),
            Stage::Merging => format!("names across {} articles", self.articles_total),
            Stage::Indexing => format!("{} articles for search", self.articles_total),
            Stage::Saving => "a snapshot for the next open".to_string(),
        }
    }

    /// A stage that gives no figures as it goes (merging, indexing, saving): what it works on.
    pub fn begun(stage: Stage, files: usize, articles: usize) -> Progress {
        Progress {
            stage,
            files_done: files,
            files_total: files,
            articles_done: articles,
            articles_total: articles,
            ..Progress::default()
        }
    }
}

/// Load inputs into articles (files read in parallel), keeping input order.
pub fn load_inputs(inputs: &[Input]) -> (Vec<Article>, Vec<LoadWarning>) {
    let (articles, warnings, _) = load_inputs_with(inputs, &|_| {});
    (articles, warnings)
}

/// Load inputs as `load_inputs` does, reporting progress; also how many articles each input
/// gave, in input order.
pub fn load_inputs_with(
    inputs: &[Input],
    progress: &(dyn Fn(Progress) + Sync),
) -> (Vec<Article>, Vec<LoadWarning>, Vec<u32>) {
    let files_done = AtomicUsize::new(0);
    let bytes_done = AtomicU64::new(0);
    let articles_done = AtomicUsize::new(0);
    let sizes: Vec<u64> = inputs.par_iter().map(Input::size).collect();
    let bytes_total = sizes.iter().sum();
    let started = Instant::now();
    let loaded: Vec<load::Loaded> = inputs
        .par_iter()
        .zip(&sizes)
        .map(|(input, &bytes)| {
            let l = load::load_input(input);
            progress(Progress {
                stage: Stage::Reading,
                files_done: files_done.fetch_add(1, Ordering::Relaxed) + 1,
                files_total: inputs.len(),
                bytes_done: bytes_done.fetch_add(bytes, Ordering::Relaxed) + bytes,
                bytes_total,
                articles_done: articles_done.fetch_add(l.articles.len(), Ordering::Relaxed)
                    + l.articles.len(),
                articles_total: 0,
                stage_elapsed: started.elapsed(),
            });
            l
        })
        .collect();
    // Exactly as many as there are, not a vector grown by doubling.
    let total: usize = loaded.iter().map(|l| l.articles.len()).sum();
    let mut articles = Vec::new();
    let mut per_input = Vec::with_capacity(loaded.len());
    // Capped: past the first thousand, warnings are counted by kind, not kept.
    let mut warnings = load::Warnings::default();
    for l in loaded {
        per_input.push(l.articles.len() as u32);
        // The first file's articles are moved, not copied, and grown in place to hold the
        // rest: one file of a million records is not held twice.
        if articles.is_empty() {
            articles = l.articles.into_vec();
            articles.reserve_exact(total - articles.len());
        } else {
            articles.extend(l.articles);
        }
        warnings.append(l.warnings);
    }
    make_ids_unique(&mut articles);
    (articles, warnings.into_vec(), per_input)
}

/// Two files may share a stem ("a/1.txt", "b/1.txt"): later ones get "#2", "#3".
/// (The ids are looked at in place; only the repeated ones are noted, so a million articles
/// are not given a second copy of their ids.)
pub fn make_ids_unique(articles: &mut [Article]) {
    let mut repeats: Vec<(usize, usize)> = Vec::new();
    {
        let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, a) in articles.iter().enumerate() {
            let n = seen.entry(a.id.as_str()).or_insert(0);
            *n += 1;
            if *n > 1 {
                repeats.push((i, *n));
            }
        }
    }
    for (i, n) in repeats {
        articles[i].id = format!("{}#{}", articles[i].id, n).into();
    }
}

/// Build a corpus from inputs, timing each stage.
pub fn build(inputs: &[Input], warnings: Vec<LoadWarning>) -> (Corpus, BuildTimes) {
    build_with_progress(inputs, warnings, &|_| {})
}

/// Build a corpus, reporting progress as files finish (called from worker threads).
pub fn build_with_progress(
    inputs: &[Input],
    warnings: Vec<LoadWarning>,
    progress: &(dyn Fn(Progress) + Sync),
) -> (Corpus, BuildTimes) {
    build_with_preview(inputs, warnings, progress, &|_| {})
}

/// Build a corpus as `build_with_progress` does, and hand `preview` an early, smaller corpus of
/// the first articles as soon as they are extracted (only when there are more to come), so an
/// explorer can fill its panes while the rest is still being read.
pub fn build_with_preview(
    inputs: &[Input],
    warnings: Vec<LoadWarning>,
    progress: &(dyn Fn(Progress) + Sync),
    preview: &dyn Fn(Corpus),
) -> (Corpus, BuildTimes) {
    let built = build_with(inputs, warnings, progress, preview, &|_| {});
    (built.corpus, built.times)
}

/// A corpus built from its files, with how many articles each input gave.
pub struct Built {
    pub corpus: Corpus,
    pub times: BuildTimes,
    pub per_input: Vec<u32>,
}

/// Build a corpus as `build_with_preview` does, handing `on_window` each window of articles'
/// extractions, in article order, before they are merged and dropped (a snapshot keeps them,
/// so that changed files can be merged in later without extracting the others again).
pub fn build_with(
    inputs: &[Input],
    mut warnings: Vec<LoadWarning>,
    progress: &(dyn Fn(Progress) + Sync),
    preview: &dyn Fn(Corpus),
    on_window: &dyn Fn(&[Extraction]),
) -> Built {
    let t0 = Instant::now();
    let (articles, load_warnings, per_input) = load_inputs_with(inputs, progress);
    warnings.extend(load_warnings);
    let t1 = Instant::now();
    let total_bytes = articles.iter().map(|a| a.body.len() as u64).sum();
    let articles_total = articles.len();
    let extracted = |articles_done: usize| {
        progress(Progress {
            stage_elapsed: t1.elapsed(),
            stage: Stage::Extracting,
            files_done: inputs.len(),
            files_total: inputs.len(),
            bytes_done: total_bytes,
            bytes_total: total_bytes,
            articles_done,
            articles_total,
        })
    };
    // Loading is done: every article read, none extracted yet.
    extracted(0);
    let merging = || {
        progress(Progress::begun(
            Stage::Merging,
            inputs.len(),
            articles_total,
        ))
    };
    let (corpus, merge) =
        extract_and_merge(articles, warnings, &extracted, &merging, preview, on_window);
    let t3 = Instant::now();
    let times = BuildTimes {
        load: t1 - t0,
        extract: (t3 - t1).saturating_sub(merge),
        merge,
        bytes: total_bytes,
    };
    Built {
        corpus,
        times,
        per_input,
    }
}

/// Articles are extracted a window at a time (in parallel within the window) and each window's
/// results are merged and dropped before the next, so per-article extraction output never
/// accumulates for the whole corpus.
const EXTRACT_WINDOW: usize = 4096;

/// Extract every article and merge the results into corpus-wide entities and quotes. Returns
/// the corpus and the time spent merging across articles.
fn extract_and_merge(
    articles: Vec<Article>,
    warnings: Vec<LoadWarning>,
    extracted: &dyn Fn(usize),
    merging: &dyn Fn(),
    preview: &dyn Fn(Corpus),
    on_window: &dyn Fn(&[Extraction]),
) -> (Corpus, Duration) {
    let mut merger = Merger::default();
    // Speakers point at merger drafts until the merge is finished.
    let mut quotes = Placed::default();
    let mut merge = Duration::ZERO;
    for (w, window) in articles.chunks(EXTRACT_WINDOW).enumerate() {
        let extractions: Vec<Extraction> = window
            .par_iter()
            .map(|a| extract::extract_article(&a.title, &a.body))
            .collect();
        on_window(&extractions);
        let t = Instant::now();
        for (k, ex) in extractions.into_iter().enumerate() {
            let ai = (w * EXTRACT_WINDOW + k) as u32;
            add_extraction(&mut merger, &mut quotes, ai, &ex);
        }
        merge += t.elapsed();
        let done = ((w + 1) * EXTRACT_WINDOW).min(articles.len());
        extracted(done);
        if w == 0 && done < articles.len() {
            // The first window, merged on its own: a small corpus to explore meanwhile.
            let first = articles[..done].to_vec();
            preview(finish_corpus(
                merger.clone(),
                quotes.clone(),
                first,
                warnings.clone(),
            ));
        }
    }
    merging();
    let t = Instant::now();
    let corpus = finish_corpus(merger, quotes, articles, warnings);
    (corpus, merge + t.elapsed())
}

/// Merge articles' extractions (in article order) into a corpus, on the calling thread: the
/// corpus-wide half of `build`, as a function of the per-article results alone.
pub fn merge(
    articles: Vec<Article>,
    extractions: Vec<Extraction>,
    warnings: Vec<LoadWarning>,
) -> Corpus {
    let mut merger = Merger::default();
    let mut quotes = Placed::default();
    for (ai, ex) in extractions.iter().enumerate() {
        add_extraction(&mut merger, &mut quotes, ai as u32, ex);
    }
    finish_corpus(merger, quotes, articles, warnings)
}

/// An article's quote as the corpus keeps it, its speaker still to be given.
pub(crate) fn placed_quote(article: u32, q: &extract::LocalQuote) -> Quote {
    Quote {
        article,
        start: q.start as u32,
        end: q.end as u32,
        speaker: None,
        source: q.source,
        scare: q.scare,
        kind: q.kind,
        confidence: q.confidence,
        cue: q.cue,
    }
}

/// The corpus's quotes as they are merged, each with the merger's draft of its speaker, in two
/// lists: the quotes become the corpus's in place, their speakers given, with no second list of
/// 800,000 quotes beside the first (that copy was the peak of loading 100,000 articles).
#[derive(Default, Clone)]
struct Placed {
    quotes: Vec<Quote>,
    drafts: Vec<Option<u32>>,
}

/// Add one article's extraction to the merger and its quotes to the list.
fn add_extraction(merger: &mut Merger, placed: &mut Placed, ai: u32, ex: &Extraction) {
    let drafts = merger.add(ai, &ex.entities);
    for q in &ex.quotes {
        placed.quotes.push(placed_quote(ai, q));
        let draft = q.speaker.and_then(|l| drafts.get(l).copied());
        placed.drafts.push(draft.map(|d| d as u32));
    }
}

/// Finish merging and point each quote at its speaker's final entity.
fn finish_corpus(
    merger: Merger,
    placed: Placed,
    articles: Vec<Article>,
    warnings: Vec<LoadWarning>,
) -> Corpus {
    let (entities, remap) = merger.finish();
    let Placed { mut quotes, drafts } = placed;
    for (q, draft) in quotes.iter_mut().zip(drafts) {
        q.speaker = draft
            .and_then(|d| remap[d as usize])
            .map(|g| EntityId(g as u32));
    }
    Corpus::new(articles, entities, quotes, warnings)
}

/// Sums of mention probabilities are kept in fixed point, in units of 2^-32 (an entity model
/// probability of at least 2^-8 is a whole number of them): integer sums are exact, so shards
/// added in any order give the same total, where floating-point sums would not.
const CONFIDENCE_UNIT: f64 = 4_294_967_296.0;

fn to_units(p: f32) -> u64 {
    (f64::from(p.clamp(0.0, 1.0)) * CONFIDENCE_UNIT).round() as u64
}

/// What the corpus-wide merge knows of one local name (a kind and a name as articles resolved
/// it): its forms, counts and flags, never text. The map half of extraction sums these per
/// shard (`NameTable::add_row` is associative and commutative); the reduce
/// (`NameTable::resolve`) needs nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameRow {
    pub kind: EntityKind,
    pub name: String,
    /// Every surface form with how many mentions used it (the name itself at least once per
    /// article that has it, the other forms from zero).
    pub forms: BTreeMap<String, u64>,
    /// Mentions in all.
    pub mentions: u64,
    /// Named from a gazetteer (in some article): canonical as it is.
    pub known: bool,
    /// Only a lone word nobody confirmed, in every article that has it: dropped unless merged
    /// with a real entity.
    pub tentative: bool,
    /// Sum of its mentions' probabilities under the entity model, in units of 2^-32.
    pub confidence: u64,
    /// Other people's names with this one's surname seen in one article beside it ("Ivanka
    /// Trump" beside "Ivana Trump"): an article names two people, so they never join as
    /// spellings of one first name.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub beside: BTreeSet<String>,
    /// Mentions of a one-word organisation in articles that name a longer organisation opening
    /// with it ("Jones" beside "Jones Medical Industries Inc"): that company's short name
    /// there, not a namesake's surname.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub short_org_mentions: u64,
}

impl NameRow {
    fn new(kind: EntityKind, name: &str) -> Self {
        NameRow {
            kind,
            name: name.to_string(),
            forms: BTreeMap::new(),
            mentions: 0,
            known: false,
            tentative: true,
            confidence: 0,
            beside: BTreeSet::new(),
            short_org_mentions: 0,
        }
    }

    fn add_form(&mut self, form: &str, count: u64) {
        match self.forms.get_mut(form) {
            Some(c) => *c += count,
            None => {
                self.forms.insert(form.to_string(), count);
            }
        }
    }

    /// Add another row's evidence to this one (same key or same group).
    fn absorb(&mut self, other: NameRow) {
        self.known |= other.known;
        self.tentative &= other.tentative;
        self.mentions += other.mentions;
        self.confidence = self.confidence.saturating_add(other.confidence);
        self.beside.extend(other.beside);
        self.short_org_mentions += other.short_org_mentions;
        if self.forms.is_empty() {
            self.forms = other.forms;
        } else {
            for (form, count) in other.forms {
                *self.forms.entry(form).or_default() += count;
            }
        }
    }

    /// The fullest form: most words, then most used, then with its accents ("Inês" over
    /// "Ines"), then first in order.
    fn fullest_form(&self) -> String {
        self.forms
            .iter()
            .max_by_key(|(name, count)| {
                (
                    name.split(' ').count(),
                    **count,
                    name.chars()
                        .filter(|c| c.is_alphabetic() && !c.is_ascii())
                        .count(),
                    std::cmp::Reverse(name.as_str()),
                )
            })
            .map(|(n, _)| n.clone())
            .unwrap_or_default()
    }

    /// For gazetteer entities: the most used form (the gazetteer's name counts every time it
    /// is the key, so it wins).
    fn most_used_form(&self) -> String {
        self.forms
            .iter()
            .max_by_key(|(name, count)| (**count, std::cmp::Reverse(name.as_str())))
            .map(|(n, _)| n.clone())
            .unwrap_or_default()
    }
}

/// The name table: one row per (kind, local name), summed over the articles added. Small next
/// to the text (names and counts), so the tables of many shards can be joined in one place.
#[derive(Debug, Default, Clone)]
pub struct NameTable {
    rows: Vec<NameRow>,
    by_key: FxHashMap<(EntityKind, String), usize>,
}

/// One corpus-wide entity as the merge decides it: everything but its mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Canonical {
    pub name: String,
    pub kind: EntityKind,
    /// Its other names, sorted.
    pub aliases: Vec<String>,
    /// Mentions in all (the entities' order: kind, then this, descending, then name).
    pub mentions: u64,
    pub confidence: f32,
}

/// The merge's decision: the corpus's entities in their final order, and which of them each
/// row of the table became (none: a tentative name nobody confirmed).
#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub entities: Vec<Canonical>,
    /// By row, in the order the rows were added.
    pub of_row: Vec<Option<u32>>,
    /// Each row's kind and name, in the order the rows were added (the kind may differ from
    /// its entity's: an organisation the merge read as a person's surname).
    pub row_names: Vec<(EntityKind, String)>,
}

impl NameTable {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Rows in the order they were added.
    pub fn rows(&self) -> &[NameRow] {
        &self.rows
    }

    /// Rows ordered by kind and name (for writing: the same table always reads the same).
    pub fn sorted_rows(&self) -> Vec<&NameRow> {
        let mut rows: Vec<&NameRow> = self.rows.iter().collect();
        rows.sort_unstable_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
        rows
    }

    fn row_index(&mut self, kind: EntityKind, name: &str) -> usize {
        let rows = &mut self.rows;
        *self
            .by_key
            .entry((kind, name.to_string()))
            .or_insert_with(|| {
                rows.push(NameRow::new(kind, name));
                rows.len() - 1
            })
    }

    /// Add one article's local entity; returns its row.
    pub fn add_entity(&mut self, e: &extract::LocalEntity) -> usize {
        extract::work::add(1 + e.aliases.len() as u64);
        let id = self.row_index(e.kind, &e.name);
        let row = &mut self.rows[id];
        let n = e.mentions.len() as u64;
        row.known |= e.known;
        row.tentative &= e.tentative;
        row.mentions += n;
        row.confidence = row
            .confidence
            .saturating_add(to_units(e.confidence()).saturating_mul(n));
        row.add_form(&e.name, n.max(1));
        for a in &e.aliases {
            row.add_form(a, 0);
        }
        id
    }

    /// Add one article's entities; returns their rows here. People of one surname named
    /// apart in the article are marked as two people (`NameRow::beside`).
    pub fn add_article(&mut self, entities: &[extract::LocalEntity]) -> Vec<usize> {
        let rows: Vec<usize> = entities.iter().map(|e| self.add_entity(e)).collect();
        let full: Vec<(usize, &str, &str)> = entities
            .iter()
            .zip(&rows)
            .filter(|(e, _)| e.kind == EntityKind::Person)
            .filter(|(e, _)| e.name.contains(' '))
            .map(|(e, &r)| (r, extract::names::surname(&e.name), e.name.as_str()))
            .collect();
        for (a, &(ra, sa, na)) in full.iter().enumerate() {
            for &(rb, sb, nb) in &full[a + 1..] {
                if sa == sb && na != nb {
                    self.rows[ra].beside.insert(nb.to_string());
                    self.rows[rb].beside.insert(na.to_string());
                }
            }
        }
        // First words of the article's longer organisation names ("Jones" of "Jones Medical").
        let opening: FxHashSet<&str> = entities
            .iter()
            .filter(|o| o.kind == EntityKind::Organisation)
            .filter_map(|o| o.name.split_once(' ').map(|(first, _)| first))
            .collect();
        for (e, &r) in entities.iter().zip(&rows) {
            if e.kind == EntityKind::Organisation && opening.contains(e.name.as_str()) {
                self.rows[r].short_org_mentions += e.mentions.len() as u64;
            }
        }
        rows
    }

    /// Add a row of another table (a shard's); returns its row here.
    pub fn add_row(&mut self, row: NameRow) -> usize {
        let id = self.row_index(row.kind, &row.name);
        self.rows[id].absorb(row);
        id
    }

    /// Join people across articles: a lone surname to the one full name that has it, spelling
    /// variants of a full name with the same first name, shorter forms to the fuller one.
    /// The result depends on the table's contents only, never on the order rows were added
    /// (rows are taken in key order), so shards joined in any order agree with one pass.
    pub fn resolve(self) -> Resolution {
        let mut indexed: Vec<(usize, NameRow)> = self.rows.into_iter().enumerate().collect();
        indexed.sort_unstable_by(|(_, a), (_, b)| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
        let (added_at, mut drafts): (Vec<usize>, Vec<NameRow>) = indexed.into_iter().unzip();
        let n = drafts.len();
        let mut row_names = vec![(EntityKind::Person, String::new()); n];
        for (p, d) in drafts.iter().enumerate() {
            row_names[added_at[p]] = (d.kind, d.name.clone());
        }
        let mut parent: Vec<usize> = (0..n).collect();
        let people: Vec<(usize, String)> = (0..n)
            .filter(|&i| drafts[i].kind == EntityKind::Person)
            .map(|i| (i, drafts[i].fullest_form()))
            .collect();
        // Full names by surname; and blocking keys for spelling variants: a first name with one
        // of the surname's variant keys (the surname, it less one letter, its consonants), so
        // only names that share a key are compared, never all pairs.
        let mut by_surname: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        let mut by_first: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        let mut by_key: FxHashMap<(&str, String), Vec<(usize, &str)>> = FxHashMap::default();
        for (i, name) in &people {
            let words: Vec<&str> = name.split(' ').collect();
            if words.len() >= 2 {
                let surname = extract::names::surname(name);
                by_surname.entry(surname).or_default().push(*i);
                by_first.entry(words[0]).or_default().push(*i);
                if surname.chars().count() >= 5 {
                    for k in extract::variant_keys(surname) {
                        by_key.entry((words[0], k)).or_default().push((*i, surname));
                    }
                }
            }
        }
        // Spelling variants of full names: same first name, close surnames. Buckets in key
        // order, so the unions (and the result) never depend on hash-map order.
        let mut keys: Vec<&(&str, String)> = by_key.keys().collect();
        keys.sort_unstable();
        for key in keys {
            let group = &by_key[key];
            if group.len() > extract::MAX_BUCKET {
                continue;
            }
            for a in 0..group.len() {
                for b in a + 1..group.len() {
                    let (ia, sa) = group[a];
                    let (ib, sb) = group[b];
                    extract::work::add(1);
                    if sa != sb
                        && sa.chars().next() == sb.chars().next()
                        && spelling_variant(sa, sb)
                    {
                        union(&mut parent, ia, ib);
                    }
                }
            }
        }
        // Spellings of one first name with one surname ("Dmitri"/"Dmitry Petrov", "Hiro"/
        // "Hiroshi Tanaka"): joined when each is the other's only such partner and no article
        // names both (an article that does names two people: "Ivana", "Ivanka Trump").
        let mut by_rest: std::collections::BTreeMap<&str, Vec<(usize, &str)>> = Default::default();
        for (i, name) in &people {
            if let Some((first, rest)) = name.split_once(' ')
                && rest.chars().count() >= 4
            {
                by_rest.entry(rest).or_default().push((*i, first));
            }
        }
        for group in by_rest
            .values()
            .filter(|g| g.len() > 1 && g.len() <= extract::MAX_BUCKET)
        {
            // Each form's partners, as places in the group.
            let partners: Vec<Vec<usize>> = group
                .iter()
                .map(|&(a, fa)| {
                    (0..group.len())
                        .filter(|&kb| {
                            let (b, fb) = group[kb];
                            extract::work::add(1);
                            a != b
                                && given_name_variant(fa, fb)
                                && !drafts[a].beside.contains(&drafts[b].name)
                                && !drafts[b].beside.contains(&drafts[a].name)
                        })
                        .collect()
                })
                .collect();
            for (k, &(a, _)) in group.iter().enumerate() {
                if let [kb] = partners[k][..]
                    && k < kb
                    && partners[kb].len() == 1
                {
                    union(&mut parent, a, group[kb].0);
                }
            }
        }
        // Shorter forms of a fuller name across articles ("Sayyid Badr Al Busaidi", "Badr
        // Albusaidi" -> "Badr bin Hamad Al Busaidi"): compared within a block of one last
        // name, joined to the fullest form when the forms fit inside one another; forms whose
        // keys are equal joined outright.
        let keys: Vec<extract::names::NameKey> = people
            .iter()
            .map(|(_, name)| extract::names::name_key(name))
            .collect();
        let mut blocks: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
        for (k, key) in keys.iter().enumerate() {
            if key.len() >= 2
                && let Some(b) = extract::names::block_of(key)
            {
                blocks.entry(b).or_default().push(k);
            }
        }
        for block in blocks
            .values()
            .filter(|b| b.len() > 1 && b.len() <= extract::MAX_BUCKET)
        {
            for &a in block {
                let mut fuller: Option<usize> = None;
                for &b in block {
                    extract::work::add(1);
                    // The same name written with or without accents, dots or an honorific
                    // ("Inês Ferreira", "Ines Ferreira"; "Mr. Ali Khan", "Ali Khan").
                    if a < b && keys[a] == keys[b] {
                        union(&mut parent, people[a].0, people[b].0);
                        continue;
                    }
                    if a == b || keys[b].len() <= keys[a].len() {
                        continue;
                    }
                    if !extract::names::part_of(&keys[a], &keys[b]) {
                        continue;
                    }
                    fuller = match fuller {
                        None => Some(b),
                        Some(f) if extract::names::part_of(&keys[f], &keys[b]) => Some(b),
                        Some(f) if extract::names::part_of(&keys[b], &keys[f]) => Some(f),
                        Some(_) => {
                            fuller = None;
                            break;
                        }
                    };
                }
                if let Some(b) = fuller {
                    union(&mut parent, people[a].0, people[b].0);
                }
            }
        }
        // Mentions of each full name's group, counted before any lone name joins.
        let gaz = &*extract::gazetteer::GAZETTEER;
        let full_root: Vec<usize> = (0..n).map(|x| find(&mut parent, x)).collect();
        let mut full_mentions: FxHashMap<usize, u64> = FxHashMap::default();
        for (i, name) in &people {
            if name.contains(' ') {
                *full_mentions.entry(full_root[*i]).or_default() += drafts[*i].mentions;
            }
        }
        // A lone word the model took for an organisation but gave less than even odds, that
        // the corpus names at least twice as often as the surname of people named in full
        // ("Obama's supporters", "Witkoff said" opening an article): a person's surname, and
        // resolved as one below. An organisation from a gazetteer stays one, and so does one
        // mostly named where an article also gives its full name ("Jones Medical").
        let mut lone: Vec<(usize, String)> = people
            .iter()
            .filter(|(_, name)| !name.contains(' '))
            .cloned()
            .collect();
        // One-word person rows by their own name (an organisation's row name is compared).
        let lone_person: FxHashMap<String, usize> = people
            .iter()
            .filter(|(i, _)| !drafts[*i].name.contains(' '))
            .map(|(i, _)| (drafts[*i].name.clone(), *i))
            .collect();
        let mut turned: Vec<(usize, String)> = Vec::new();
        for (i, d) in drafts.iter().enumerate() {
            if d.kind != EntityKind::Organisation || d.known || d.name.contains(' ') {
                continue;
            }
            let Some(bearers) = by_surname.get(d.name.as_str()) else {
                continue;
            };
            let doubt = d.confidence as f64 / CONFIDENCE_UNIT / d.mentions.max(1) as f64;
            let mut roots: Vec<usize> = bearers.iter().map(|&x| full_root[x]).collect();
            roots.sort_unstable();
            roots.dedup();
            let as_people: u64 = roots
                .iter()
                .map(|r| full_mentions.get(r).copied().unwrap_or(0))
                .sum();
            if doubt < ORG_DOUBT
                && as_people >= 2 * d.mentions
                && 2 * d.short_org_mentions < d.mentions
            {
                turned.push((i, d.name.clone()));
            }
        }
        for (i, name) in turned {
            drafts[i].kind = EntityKind::Person;
            if let Some(&same) = lone_person.get(&name) {
                union(&mut parent, same, i);
            } else {
                lone.push((i, name));
            }
        }
        let mut initial_of: Vec<Option<char>> = vec![None; n];
        for (i, name) in &people {
            initial_of[*i] = name.chars().next();
        }
        // Lone surnames: join the one full name with that surname, or the one the corpus
        // names overwhelmingly more than every other bearer together (a reader takes a bare
        // "Obama" for Barack, not Michelle). Counted before any lone surname joins, so the
        // result does not depend on the order they are taken in.
        for (i, name) in &lone {
            // A place's name that no article gave a person's cue ("Denver" beating Houston)
            // is the place, not a namesake's surname (John Denver).
            if name.contains(' ') || (drafts[*i].tentative && gaz.is_place(name)) {
                continue;
            }
            let mut exact = by_surname.get(name.as_str()).cloned().unwrap_or_default();
            // A lone given name nobody has for a surname ("Bernie"): the full name it opens, when
            // the corpus talks of that bearer often and overwhelmingly more than of any other.
            let given = exact.is_empty() && gaz.given_names.contains(name.as_str());
            if given {
                exact = by_first.get(name.as_str()).cloned().unwrap_or_default();
            }
            let roots: Vec<usize> = {
                let mut r: Vec<usize> = exact.iter().map(|&x| full_root[x]).collect();
                r.sort_unstable();
                r.dedup();
                r
            };
            if roots.len() == 1 && !given {
                union(&mut parent, roots[0], *i);
            } else if !roots.is_empty() {
                let count = |r: &usize| full_mentions.get(r).copied().unwrap_or(0);
                // For a surname, bearers with one first initial count together, as one family
                // of forms ("Joe Biden", "Joseph R. Biden Jr"; "Donald J. Trump", "Donald Trump
                // Jr"): the surname goes to its most named member when the family dominates.
                let mut family_of: FxHashMap<usize, usize> = FxHashMap::default();
                for &x in &exact {
                    let r = full_root[x];
                    let f = match initial_of[x] {
                        Some(c) if !given => usize::MAX - c as usize,
                        _ => r,
                    };
                    family_of.entry(r).or_insert(f);
                }
                let family = |r: usize| family_of.get(&r).copied().unwrap_or(r);
                let mut family_total: FxHashMap<usize, u64> = FxHashMap::default();
                for r in &roots {
                    *family_total.entry(family(*r)).or_default() += count(r);
                }
                let family_count = |f: usize| family_total.get(&f).copied().unwrap_or(0);
                let total: u64 = roots.iter().map(count).sum();
                let top = roots
                    .iter()
                    .copied()
                    .max_by_key(|&r| (family_count(family(r)), count(&r), std::cmp::Reverse(r)));
                match top {
                    Some(top)
                        if family_count(family(top))
                            >= DOMINANT_BEARER * (total - family_count(family(top)))
                            && (!given || count(&top) >= DOMINANT_BEARER) =>
                    {
                        union(&mut parent, top, *i);
                    }
                    // "Clinton" when the corpus has Hillary and Bill, both often: a real
                    // surname, but whose is unknown, so it stays its own entity.
                    _ => drafts[*i].tentative = false,
                }
            }
        }
        // Collect groups (members in key order); the group's evidence is its members' summed.
        let mut groups: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        for i in 0..n {
            let r = find(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
        let mut roots: Vec<usize> = groups.keys().copied().collect();
        roots.sort_unstable();
        let mut slots: Vec<Option<NameRow>> = drafts.into_iter().map(Some).collect();
        let mut built: Vec<(Canonical, Vec<usize>)> = Vec::with_capacity(groups.len());
        for r in roots {
            let members = &groups[&r];
            let mut group: Option<NameRow> = None;
            for &m in members {
                if let Some(row) = slots[m].take() {
                    match &mut group {
                        None => group = Some(row),
                        Some(g) => g.absorb(row),
                    }
                }
            }
            let Some(g) = group else { continue };
            if g.tentative {
                continue;
            }
            let confidence =
                (g.confidence as f64 / CONFIDENCE_UNIT / g.mentions.max(1) as f64) as f32;
            let name = if g.known {
                g.most_used_form()
            } else {
                g.fullest_form()
            };
            let aliases: Vec<String> = g.forms.into_keys().filter(|a| *a != name).collect();
            let canonical = Canonical {
                name,
                kind: g.kind,
                aliases,
                mentions: g.mentions,
                confidence: confidence.clamp(0.0, 1.0),
            };
            built.push((canonical, members.clone()));
        }
        // Order: by kind, then mention count (descending), then name (a stable sort: ties
        // keep key order).
        built.sort_by(|(a, _), (b, _)| {
            a.kind
                .cmp(&b.kind)
                .then(b.mentions.cmp(&a.mentions))
                .then(a.name.cmp(&b.name))
        });
        let mut of_row = vec![None; n];
        let mut entities = Vec::with_capacity(built.len());
        for (idx, (c, members)) in built.into_iter().enumerate() {
            for m in members {
                of_row[added_at[m]] = Some(idx as u32);
            }
            entities.push(c);
        }
        Resolution {
            entities,
            of_row,
            row_names,
        }
    }
}

/// Two spellings of one given name: one a short form of the other ("Hiro", "Hiroshi"; four
/// letters at least) or one vowel, "h" or doubled letter apart ("Dmitri", "Dmitry"; "Mohamed",
/// "Mohammed"; five at least): transliterations differ so, other names differ in a consonant
/// ("Ivana", "Ivanka"). A feminine form is another name ("Eric", "Erica"; "Mario", "Maria"),
/// and so may be the full name a short form stands for ("Chris", "Christina").
fn given_name_variant(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let (short, long) = if la <= lb { (a, b) } else { (b, a) };
    if a == b || la.min(lb) < 4 || a.chars().next() != b.chars().next() {
        return false;
    }
    let feminine = |f: &str, m: &str| {
        f.strip_suffix('a').is_some_and(|stem| {
            stem == m || m.strip_suffix(['o', 'e']).is_some_and(|ms| ms == stem)
        })
    };
    if feminine(a, b) || feminine(b, a) || (long.ends_with('a') && !short.ends_with('a')) {
        return false;
    }
    long.starts_with(short)
        || (la.min(lb) >= 5
            && extract::edit_distance(a, b) <= 1
            && extract::resolve::consonant_skeleton(a) == extract::resolve::consonant_skeleton(b))
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A one-word organisation the entity model gave less than this probability on average may
/// be a person's surname (even odds: the model leans away from organisation).
const ORG_DOUBT: f64 = 0.5;

/// A lone surname joins the full name with it that the corpus mentions at least this many
/// times as often as all other full names with it together.
const DOMINANT_BEARER: u64 = 10;

/// A corpus entity from the merge's decision and its mentions (in any order).
pub fn entity_of(id: EntityId, c: Canonical, mut mentions: Vec<Mention>) -> Entity {
    mentions.sort_unstable();
    mentions.dedup();
    let article_count = crate::model::articles_of(&mentions).count();
    Entity {
        id,
        name: c.name,
        kind: c.kind,
        aliases: c.aliases,
        mentions,
        article_count,
        confidence: c.confidence,
    }
}

/// The single-machine merge: the name table, and each row's mentions beside it.
#[derive(Default, Clone)]
struct Merger {
    names: NameTable,
    mentions: Vec<Vec<Mention>>,
}

impl Merger {
    fn add(&mut self, article: u32, entities: &[extract::LocalEntity]) -> Vec<usize> {
        let ids = self.names.add_article(entities);
        for (e, &id) in entities.iter().zip(&ids) {
            if id >= self.mentions.len() {
                self.mentions.resize_with(id + 1, Vec::new);
            }
            self.mentions[id].extend(e.mentions.iter().map(|&(start, end)| Mention {
                article,
                start: start as u32,
                end: end as u32,
            }));
        }
        ids
    }

    /// The entities, and a map from row to final entity index.
    fn finish(self) -> (Vec<Entity>, Vec<Option<usize>>) {
        let resolution = self.names.resolve();
        let mut mentions_of: Vec<Vec<Mention>> = vec![Vec::new(); resolution.entities.len()];
        for (row, ms) in self.mentions.into_iter().enumerate() {
            if let Some(e) = resolution.of_row[row] {
                mentions_of[e as usize].extend(ms);
            }
        }
        let entities = resolution
            .entities
            .into_iter()
            .zip(mentions_of)
            .enumerate()
            .map(|(i, (c, ms))| entity_of(EntityId(i as u32), c, ms))
            .collect();
        let remap = resolution
            .of_row
            .iter()
            .map(|e| e.map(|e| e as usize))
            .collect();
        (entities, remap)
    }
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let ra = find(parent, a);
    let rb = find(parent, b);
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}
