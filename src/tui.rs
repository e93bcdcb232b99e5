//! The explorer's event loop. The first frame is drawn at once while the corpus builds on a
//! thread of its own; searches and the wrapping of long articles run on workers that drop
//! stale jobs. The loop blocks until something happens (no polling: idle costs nothing),
//! applies every pending event, and only then draws, inside a synchronized update so the
//! terminal never shows half a frame.

use std::collections::VecDeque;
use std::io::{self, Stdout, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine;
use crossterm::event::{self as term_event, Event as TermEvent, MouseButton, MouseEventKind};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use crossterm::{execute, queue};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::app::keymap::Keymap;
use crate::app::reader::{HitsJob, WrapJob};
use crate::app::{self, App, Command, Effect, Job, Loaded, Msg, Save, correct_loaded};
use crate::config;
use crate::corpus::{Progress, Stage};
use crate::corrections::Correction;
use crate::filter::Index;
use crate::load::{Input, LoadWarning};
use crate::open::{self, CacheChoice};
use crate::state::{self, StateDir};
use crate::term::{self, Output, Signal};
use crate::theme::{ColorMode, Theme};
use crate::ui;

type Term = Terminal<CrosstermBackend<Output<Stdout>>>;

/// Everything the loop waits for.
enum Event {
    /// Input, with when it was read (a word typed into a list is told from commands by it).
    Terminal(TermEvent, Instant),
    /// Reading the terminal failed: it is gone.
    InputClosed,
    Signal(Signal),
    Msg(Msg),
}

/// Progress reports are sent at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// What the explorer starts with besides its inputs: the user's configuration and the
/// corpus's state directory (none: nothing is kept between sessions).
pub struct Setup {
    pub config: config::Loaded,
    pub state: Option<StateDir>,
    /// The paths the user named, and where snapshots of the built corpus are kept.
    pub roots: Vec<PathBuf>,
    pub cache: CacheChoice,
}

/// The app as configured, with what was kept for this corpus; the problems found on the way
/// (config lines, double bindings, damaged state files) are added to `warnings`, and the first
/// is said on the status line.
pub fn prepare_app(
    setup: &Setup,
    theme_mode: ColorMode,
    width: u16,
    height: u16,
    warnings: &mut Vec<LoadWarning>,
) -> App {
    let config = &setup.config.config;
    let theme = Theme::configured(theme_mode, config.preset, &config.colors);
    let mut app = App::new(theme, width, height);
    let (keymap, problems) = Keymap::bundled().with_user(&config.keys);
    let mut config_loaded = setup.config.clone();
    config_loaded
        .problems
        .extend(problems.into_iter().map(|p| config::Problem {
            line: Some(p.line),
            message: p.message,
        }));
    app.configure(config, keymap);
    let mut notes: Vec<String> = config_loaded.messages();
    warnings.extend(config_loaded.warnings());
    if let Some(state) = &setup.state {
        let stored = state.load();
        notes.extend(stored.warnings.iter().map(|w| w.to_string()));
        warnings.extend(stored.warnings.iter().cloned());
        app.restore(stored);
        app.work.corrections_source = state.path(state::CORRECTIONS).display().to_string();
    }
    if let Some(first) = notes.first() {
        let more = if notes.len() > 1 {
            " (w lists all)"
        } else {
            " (w)"
        };
        app.message = Some(format!("{first}{more}"));
    }
    app
}

/// What the explorer opens: inputs to read (from their snapshot when they have one, else
/// built), or output extracted already (`lede open`), read back without extracting.
pub enum Source {
    Inputs(Vec<Input>),
    Extracted(Vec<crate::contract::Extracted>),
}

pub fn run(
    inputs: Vec<Input>,
    warnings: Vec<LoadWarning>,
    mouse: bool,
    setup: Setup,
) -> anyhow::Result<ExitCode> {
    run_source(Source::Inputs(inputs), warnings, mouse, setup)
}

/// The explorer on any source.
pub fn run_source(
    opening: Source,
    mut warnings: Vec<LoadWarning>,
    mouse: bool,
    setup: Setup,
) -> anyhow::Result<ExitCode> {
    let mode = ColorMode::detect();
    let guard = term::enter(mouse)?;
    let output = Output::new(io::stdout(), mode == ColorMode::Ansi16);
    let mut terminal = Terminal::new(CrosstermBackend::new(output))?;
    let size = terminal.size()?;
    let mut app = prepare_app(&setup, mode, size.width, size.height, &mut warnings);
    let corrections = app.corrections().to_vec();
    let source = app.work.corrections_source.clone();
    let min_confidence = app.work.min_confidence;

    let (tx, rx) = mpsc::channel();
    {
        let tx = tx.clone();
        term::watch_signals(move |sig| {
            let _ = tx.send(Event::Signal(sig));
        })?;
    }
    spawn_input_reader(tx.clone())?;
    spawn_loader(
        opening,
        warnings,
        (setup.roots.clone(), setup.cache.clone()),
        Corrections {
            list: corrections,
            source,
            min_confidence,
        },
        tx.clone(),
    )?;
    let workers = Workers {
        search: SearchWorker::spawn(tx.clone())?,
        reader: ReaderWorker::spawn(tx.clone())?,
        events: tx,
        state: setup.state,
    };

    draw(&mut terminal, &mut app)?;
    let code = event_loop(&mut terminal, &mut app, &rx, &workers, mouse)?;
    drop(terminal);
    drop(guard);
    // Freeing a large corpus takes a while (1.2 s at a million articles): it is done on a
    // thread of its own, so the shell has its prompt back at once (the process ends without
    // waiting for it) and a caller that goes on still gets the memory back.
    let _ = thread::Builder::new()
        .name("free".into())
        .spawn(move || drop((app, workers)));
    Ok(code)
}

/// The worker threads, and where state is kept.
struct Workers {
    search: SearchWorker,
    reader: ReaderWorker,
    /// For jobs that get a thread of their own (applying corrections).
    events: Sender<Event>,
    state: Option<StateDir>,
}

impl Workers {
    /// Apply corrections on a thread of their own (the index is built again).
    fn correct(&self, job: app::CorrectJob) {
        let tx = self.events.clone();
        let _ = thread::Builder::new()
            .name("correct".into())
            .spawn(move || {
                let _ = tx.send(Event::Msg(job.run()));
            });
    }

    /// Keep state; a failure is said on the status line, never fatal.
    fn save(&self, save: Save) -> Option<Msg> {
        let state = self.state.as_ref()?;
        save_state(state, &save).err().map(|e| {
            Msg::Note(
                crate::load::sanitize::sanitize(&format!(
                    "Could not save to {}: {e}",
                    state.dir.display()
                ))
                .into_owned(),
            )
        })
    }
}

/// Keep what the app asked to keep, in the corpus's state directory.
pub fn save_state(state: &StateDir, save: &Save) -> io::Result<()> {
    match save {
        Save::Corrections(c) => state.save_corrections(c),
        Save::Marks(m) => state.save_marks(m),
        Save::History(h) => state.save_history(h),
        Save::Searches(s) => state.save_searches(s),
        Save::Prefs(p) => state.save_prefs(p),
    }
}

/// Write an export and say where (or why not).
fn export(job: &app::ExportJob) -> Msg {
    let noun = job.what.noun();
    let text = match crate::export::write_file(job.dir.as_deref(), job.what, job.format, &job.bytes)
    {
        Ok(path) => format!(
            "Wrote {} {noun} to {}",
            job.rows,
            crate::export::short_path(&path)
        ),
        Err(e) => format!("Could not export the {noun}: {e}"),
    };
    Msg::Note(crate::load::sanitize::sanitize(&text).into_owned())
}

fn event_loop(
    terminal: &mut Term,
    app: &mut App,
    rx: &Receiver<Event>,
    workers: &Workers,
    mouse: bool,
) -> anyhow::Result<ExitCode> {
    // Keys typed while a search runs act on its results, not on the stale ones on screen
    // ("/araghchi", Enter, "3", Enter pins Araghchi even if the search is slower than the
    // typist): they wait here, in order, until the results are in. Typing in the filter line
    // never waits, and waiting never lasts longer than `HOLD_LIMIT`.
    let mut held = Typeahead::default();
    loop {
        let mut release_all = false;
        let mut changed = false;
        let first = if held.is_empty() {
            // A letter's command held while a word may follow comes due without a key.
            let wait = app
                .word_start_due()
                .map(|due| due.saturating_duration_since(Instant::now()));
            match wait {
                None => match rx.recv() {
                    Ok(event) => Some(event),
                    Err(_) => return Ok(ExitCode::SUCCESS),
                },
                Some(wait) => match rx.recv_timeout(wait + Duration::from_millis(1)) {
                    Ok(event) => Some(event),
                    Err(RecvTimeoutError::Timeout) => {
                        app::update(app, Msg::Tick(Instant::now()));
                        changed = true;
                        None
                    }
                    Err(RecvTimeoutError::Disconnected) => return Ok(ExitCode::SUCCESS),
                },
            }
        } else if app.searching() {
            match rx.recv_timeout(HOLD_LIMIT) {
                Ok(event) => Some(event),
                Err(RecvTimeoutError::Timeout) => {
                    release_all = true;
                    None
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(ExitCode::SUCCESS),
            }
        } else {
            None
        };
        // Take every event already waiting too, so a burst of keys (a paste, key repeat)
        // costs one frame.
        let mut redraw_all = false;
        for event in first.into_iter().chain(rx.try_iter()) {
            let msg = match event {
                Event::Terminal(ev, at) => match held.offer(app, ev, at) {
                    Some(ev) => msg_for(ev, at, mouse),
                    None if held.quit_requested(app) => {
                        finish(app, workers);
                        return Ok(ExitCode::SUCCESS);
                    }
                    None => None,
                },
                Event::Msg(msg) => Some(msg),
                Event::Signal(Signal::Terminate(sig)) => {
                    finish(app, workers);
                    return Ok(ExitCode::from((128 + sig).clamp(0, 255) as u8));
                }
                Event::Signal(Signal::Stop) => {
                    redraw_all = suspend(mouse)?;
                    None
                }
                Event::Signal(Signal::Continue) => {
                    // Stopped from outside (SIGSTOP) and continued: take the terminal again.
                    term::resume(mouse)?;
                    redraw_all = true;
                    None
                }
                Event::InputClosed => {
                    finish(app, workers);
                    return Ok(ExitCode::from(129));
                }
            };
            if let Some(msg) = msg {
                app::update(app, msg);
                changed = true;
            }
        }
        // Replay held keys while no search runs (a replayed key may start one: then the rest
        // wait for it in turn).
        while let Some((ev, at)) = held.release(app, release_all) {
            if let Some(msg) = msg_for(ev, at, mouse) {
                app::update(app, msg);
                changed = true;
            }
        }
        for effect in app.take_effects() {
            match effect {
                Effect::Search(job) => workers.search.submit(job),
                Effect::Wrap(job) => workers.reader.wrap(job),
                Effect::FindHits(job) => workers.reader.find_hits(job),
                Effect::Copy(text) => copy_to_clipboard(terminal.backend_mut(), &text)?,
                Effect::Correct(job) => workers.correct(job),
                Effect::Save(save) => {
                    if let Some(msg) = workers.save(save) {
                        app::update(app, msg);
                        changed = true;
                    }
                }
                Effect::Export(job) => {
                    app::update(app, export(&job));
                    changed = true;
                }
                Effect::Suspend => {
                    if suspend(mouse)? {
                        redraw_all = true;
                    } else {
                        app::update(app, Msg::CannotSuspend);
                        changed = true;
                    }
                }
            }
        }
        if app.should_quit {
            return Ok(ExitCode::SUCCESS);
        }
        if redraw_all {
            // Clear the screen and forget what is on it, so the next frame is drawn whole.
            // (Not `Terminal::clear`: it asks the terminal where the cursor is, which the input
            // thread's reading would swallow.)
            let size = terminal.size()?;
            terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
        }
        if changed || redraw_all {
            draw(terminal, app)?;
        }
    }
}

/// Leaving early (a quit key held behind a search, a signal, the terminal gone): what a
/// letter's command still held is kept first (a sort or setting saved).
fn finish(app: &mut App, workers: &Workers) {
    app.settle_word_start();
    for effect in app.take_effects() {
        if let Effect::Save(save) = effect {
            workers.save(save);
        }
    }
}

/// The longest keys wait for a search before they act on what is on screen.
const HOLD_LIMIT: Duration = Duration::from_secs(3);

/// Input held back while a search runs, in arrival order.
#[derive(Debug, Default)]
struct Typeahead {
    /// Each with when it came (a word typed meanwhile is still told from commands).
    held: VecDeque<(TermEvent, Instant)>,
}

impl Typeahead {
    fn is_empty(&self) -> bool {
        self.held.is_empty()
    }

    /// The event back if it can act now; `None` if it must wait (it is kept). Keys, pastes and
    /// clicks wait while a search runs outside the filter line, or behind others waiting.
    fn offer(&mut self, app: &App, ev: TermEvent, at: Instant) -> Option<TermEvent> {
        let input = matches!(
            ev,
            TermEvent::Key(_) | TermEvent::Paste(_) | TermEvent::Mouse(_)
        );
        if input && (!self.held.is_empty() || must_wait(app)) {
            self.held.push_back((ev, at));
            None
        } else {
            Some(ev)
        }
    }

    /// Whether the last key held means quit at once (`Q`, `C-c`: they never wait; `q` does,
    /// since the keys before it may open the filter line and make it a letter).
    fn quit_requested(&self, app: &App) -> bool {
        matches!(
            self.held.back(),
            Some((TermEvent::Key(key), _)) if matches!(app.msg_for_key(key), Some(Msg::Command(Command::Quit)))
        )
    }

    /// The next held event, once no search runs (or when told to stop waiting).
    fn release(&mut self, app: &App, force: bool) -> Option<(TermEvent, Instant)> {
        if force || !must_wait(app) {
            self.held.pop_front()
        } else {
            None
        }
    }
}

/// A search is running and the filter line does not have the keyboard.
fn must_wait(app: &App) -> bool {
    app.searching() && !(app.mode == app::Mode::Filter && app.views.is_empty())
}

/// What a terminal event means to the app.
fn msg_for(ev: TermEvent, at: Instant, mouse: bool) -> Option<Msg> {
    match ev {
        TermEvent::Key(key) => Some(Msg::Key { key, at }),
        TermEvent::Resize(width, height) => Some(Msg::Resize { width, height }),
        TermEvent::Paste(text) => Some(Msg::Paste(text)),
        TermEvent::Mouse(m) if mouse => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Msg::ScrollAt {
                column: m.column,
                row: m.row,
                down: m.kind == MouseEventKind::ScrollDown,
            }),
            _ => None,
        },
        _ => None,
    }
}

/// Draw a frame. The terminal's size is read first and given to the app, so its state (page
/// sizes, wrapping) follows the screen; drawing itself uses only the frame's own area, so a
/// size that changes again meanwhile cannot put a cell outside the buffer.
fn draw(terminal: &mut Term, app: &mut App) -> io::Result<()> {
    if let Ok(size) = terminal.size()
        && (size.width, size.height) != (app.width, app.height)
    {
        app::update(
            app,
            Msg::Resize {
                width: size.width,
                height: size.height,
            },
        );
    }
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| ui::draw(app, frame))?;
    execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
}

/// Ctrl-Z, or SIGTSTP from outside: give the terminal back, stop, and take it again when
/// continued (the caller redraws everything). Returns false, doing nothing, when there is no
/// shell with job control to stop to (see `term::can_suspend`).
fn suspend(mouse: bool) -> io::Result<bool> {
    if !term::can_suspend() {
        return Ok(false);
    }
    term::suspend();
    term::stop_now();
    term::resume(mouse)?;
    Ok(true)
}

/// OSC 52: the terminal puts the text on the clipboard, even over SSH.
fn copy_to_clipboard(out: &mut impl Write, text: &str) -> io::Result<()> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

fn spawn_input_reader(tx: Sender<Event>) -> io::Result<()> {
    thread::Builder::new().name("input".into()).spawn(move || {
        loop {
            let event = match term_event::read() {
                Ok(ev) => Event::Terminal(ev, Instant::now()),
                Err(_) => Event::InputClosed,
            };
            let closed = matches!(event, Event::InputClosed);
            if tx.send(event).is_err() || closed {
                return;
            }
        }
    })?;
    Ok(())
}

/// The corrections a load applies.
struct Corrections {
    list: Vec<Correction>,
    source: String,
    min_confidence: f32,
}

/// Build the corpus, apply the corrections and build its search index, reporting progress now
/// and then.
fn spawn_loader(
    source: Source,
    warnings: Vec<LoadWarning>,
    (roots, cache): (Vec<PathBuf>, CacheChoice),
    corrections: Corrections,
    tx: Sender<Event>,
) -> io::Result<()> {
    thread::Builder::new()
        .name("loader".into())
        .spawn(move || {
            let start = Instant::now();
            let loading = Arc::new(AtomicBool::new(true));
            spawn_load_clock(start, loading.clone(), tx.clone());
            let last_sent: Mutex<Option<(Instant, Stage)>> = Mutex::new(None);
            let report = |progress: Progress| {
                let Ok(mut last) = last_sent.lock() else {
                    return;
                };
                let now = Instant::now();
                let due = match *last {
                    None => true,
                    Some((at, stage)) => now - at >= PROGRESS_EVERY || stage != progress.stage,
                };
                if due {
                    *last = Some((now, progress.stage));
                    let _ = tx.send(Event::Msg(Msg::Progress {
                        progress,
                        elapsed: start.elapsed(),
                    }));
                }
            };
            let correct = |corpus| {
                correct_loaded(
                    corpus,
                    &corrections.list,
                    &corrections.source,
                    corrections.min_confidence,
                )
            };
            let preview = |corpus: crate::model::Corpus| {
                // Corrected too, so the panes never show what the reader corrected.
                let (corpus, _, _) = correct(corpus);
                let index = Index::build(&corpus);
                let _ = tx.send(Event::Msg(Msg::Preview(Loaded {
                    corpus: Arc::new(corpus),
                    index: Arc::new(index),
                    elapsed: start.elapsed(),
                    base: None,
                    stale: Vec::new(),
                })));
            };
            let snapshot_start = Instant::now();
            let snapshot_report = |read: u64, total: u64| {
                report(Progress {
                    stage: Stage::Snapshot,
                    bytes_done: read,
                    bytes_total: total,
                    stage_elapsed: snapshot_start.elapsed(),
                    ..Progress::default()
                })
            };
            let opened = match source {
                Source::Inputs(inputs) => open::open(
                    &inputs,
                    warnings,
                    &roots,
                    &cache,
                    &report,
                    &snapshot_report,
                    &preview,
                ),
                Source::Extracted(found) => {
                    let files_total = found.len();
                    let read_start = Instant::now();
                    crate::contract::open(&found, warnings, &|done, total| {
                        report(Progress {
                            stage: Stage::Reading,
                            files_total,
                            bytes_done: done,
                            bytes_total: total,
                            stage_elapsed: read_start.elapsed(),
                            ..Progress::default()
                        })
                    })
                }
            };
            let mut index = opened.index;
            let (mut corpus, base, stale) = correct(opened.corpus);
            if !corrections.list.is_empty() {
                // Corrections change entities: their part of the index follows.
                index.refresh_entities(&corpus);
            }
            // Notes about the cache join the warnings (the status line counts them).
            corpus.warnings.extend(
                opened
                    .notes
                    .iter()
                    .map(|n| LoadWarning::new("lede", n.clone())),
            );
            loading.store(false, Ordering::Relaxed);
            let _ = tx.send(Event::Msg(Msg::Loaded(Loaded {
                corpus: Arc::new(corpus),
                index: Arc::new(index),
                elapsed: start.elapsed(),
                base: Some(Arc::new(base)),
                stale,
            })));
        })?;
    Ok(())
}

/// Tick the loading clock twice a second until loading ends (then the loop is idle again).
fn spawn_load_clock(start: Instant, loading: Arc<AtomicBool>, tx: Sender<Event>) {
    let _ = thread::Builder::new()
        .name("load-clock".into())
        .spawn(move || {
            while loading.load(Ordering::Relaxed) {
                thread::sleep(Duration::from_millis(500));
                if !loading.load(Ordering::Relaxed) {
                    return;
                }
                let elapsed = start.elapsed();
                if tx.send(Event::Msg(Msg::LoadTick { elapsed })).is_err() {
                    return;
                }
            }
        });
}

/// Runs searches off the UI thread. Only the newest job matters: older ones waiting are
/// skipped and a running one stops as soon as a newer one is submitted.
struct SearchWorker {
    jobs: Sender<Job>,
    latest: Arc<AtomicU64>,
}

impl SearchWorker {
    fn spawn(events: Sender<Event>) -> io::Result<SearchWorker> {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let latest = Arc::new(AtomicU64::new(0));
        let newest = latest.clone();
        thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                while let Ok(mut job) = inbox.recv() {
                    while let Ok(newer) = inbox.try_recv() {
                        job = newer;
                    }
                    let generation = job.generation;
                    let stale = || newest.load(Ordering::Relaxed) != generation;
                    if stale() {
                        continue;
                    }
                    // Results first, then (when they list only a page of quotes) the rest.
                    let mut gone = false;
                    job.run_all(&stale, |msg| {
                        gone |= events.send(Event::Msg(msg)).is_err();
                    });
                    if gone {
                        return;
                    }
                }
            })?;
        Ok(SearchWorker { jobs, latest })
    }

    fn submit(&self, job: Job) {
        self.latest.store(job.generation, Ordering::Relaxed);
        let _ = self.jobs.send(job);
    }
}

/// Work on the open article, off the UI thread: wrapping a long one, finding the filter's
/// matches in it. Only the newest job of each kind counts; finding matches (which a jump
/// waits for) goes first.
enum ReaderJob {
    Wrap(WrapJob),
    Hits(HitsJob),
}

struct ReaderWorker {
    jobs: Sender<ReaderJob>,
    latest_wrap: Arc<AtomicU64>,
    latest_hits: Arc<AtomicU64>,
}

impl ReaderWorker {
    fn spawn(events: Sender<Event>) -> io::Result<ReaderWorker> {
        let (jobs, inbox) = mpsc::channel::<ReaderJob>();
        let latest_wrap = Arc::new(AtomicU64::new(0));
        let latest_hits = Arc::new(AtomicU64::new(0));
        let (newest_wrap, newest_hits) = (latest_wrap.clone(), latest_hits.clone());
        thread::Builder::new()
            .name("reader".into())
            .spawn(move || {
                while let Ok(first) = inbox.recv() {
                    let (mut wrap, mut hits) = (None, None);
                    for job in std::iter::once(first).chain(inbox.try_iter()) {
                        match job {
                            ReaderJob::Wrap(j) => wrap = Some(j),
                            ReaderJob::Hits(j) => hits = Some(j),
                        }
                    }
                    if let Some(job) = hits
                        && newest_hits.load(Ordering::Relaxed) == job.generation
                        && let Some(found) = job.run()
                        && events.send(Event::Msg(Msg::Hits(Box::new(found)))).is_err()
                    {
                        return;
                    }
                    if let Some(job) = wrap {
                        let generation = job.generation;
                        let stale = || newest_wrap.load(Ordering::Relaxed) != generation;
                        if let Some(done) = job.run(&stale)
                            && events
                                .send(Event::Msg(Msg::Wrapped(Box::new(done))))
                                .is_err()
                        {
                            return;
                        }
                    }
                }
            })?;
        Ok(ReaderWorker {
            jobs,
            latest_wrap,
            latest_hits,
        })
    }

    fn wrap(&self, job: WrapJob) {
        self.latest_wrap.store(job.generation, Ordering::Relaxed);
        let _ = self.jobs.send(ReaderJob::Wrap(job));
    }

    fn find_hits(&self, job: HitsJob) {
        self.latest_hits.store(job.generation, Ordering::Relaxed);
        let _ = self.jobs.send(ReaderJob::Hits(job));
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::app::{EntityRow, Pane, settle};
    use crate::filter::fixture;

    fn key(code: KeyCode) -> TermEvent {
        TermEvent::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn apply(app: &mut App, ev: TermEvent) {
        if let Some(msg) = msg_for(ev, Instant::now(), false) {
            app::update(app, msg);
        }
    }

    #[test]
    fn keys_typed_during_a_search_act_on_its_results() {
        let mut app = App::ready(fixture::corpus(), Theme::default(), 120, 40);
        let mut held = Typeahead::default();
        // "/javani", Enter, "3", Enter, in one burst, before the search for "javani" is back.
        let burst = [
            key(KeyCode::Char('/')),
            key(KeyCode::Char('j')),
            key(KeyCode::Char('a')),
            key(KeyCode::Char('v')),
            key(KeyCode::Char('a')),
            key(KeyCode::Char('n')),
            key(KeyCode::Char('i')),
            key(KeyCode::Enter),
            key(KeyCode::Char('3')),
            key(KeyCode::Enter),
        ];
        for ev in burst {
            if let Some(ev) = held.offer(&app, ev, Instant::now()) {
                apply(&mut app, ev);
            }
        }
        // Letters went into the line; focus and pin wait for the search.
        assert_eq!(app.input.text, "javani");
        assert_eq!(app.focus, Pane::Articles);
        assert!(held.release(&app, false).is_none());
        settle(&mut app);
        while let Some((ev, _)) = held.release(&app, false) {
            apply(&mut app, ev);
            settle(&mut app);
        }
        let corpus = app.corpus().unwrap();
        let pinned: Vec<&str> = app
            .chips
            .iter()
            .map(|&c| corpus.entity(c).name.as_str())
            .collect();
        // Within each kind, entities named by the query come first.
        assert_eq!(pinned, ["Yadollah Javani"]);
        assert!(matches!(
            app.entity_rows.first(),
            Some(EntityRow::Heading { .. })
        ));
    }

    #[test]
    fn quit_does_not_wait() {
        let mut app = App::ready(fixture::corpus(), Theme::default(), 120, 40);
        app::update(&mut app, Msg::Command(Command::ToggleScare));
        assert!(app.searching());
        let mut held = Typeahead::default();
        assert!(
            held.offer(&app, key(KeyCode::Char('j')), Instant::now())
                .is_none()
        );
        assert!(
            held.offer(&app, key(KeyCode::Char('Q')), Instant::now())
                .is_none()
        );
        assert!(held.quit_requested(&app));
        // Resizes never wait.
        assert!(
            held.offer(&app, TermEvent::Resize(80, 24), Instant::now())
                .is_some()
        );
    }

    /// "iraq" typed while a search runs: the "i" starts the filter when it is replayed, so the
    /// "q" is a letter of the filter, not quit.
    #[test]
    fn a_word_typed_during_a_search_is_a_filter_not_commands() {
        let mut app = App::ready(fixture::corpus(), Theme::default(), 120, 40);
        app::update(&mut app, Msg::Command(Command::ToggleScare));
        let mut held = Typeahead::default();
        for c in "iraq".chars() {
            assert!(
                held.offer(&app, key(KeyCode::Char(c)), Instant::now())
                    .is_none()
            );
            assert!(!held.quit_requested(&app));
        }
        settle(&mut app);
        while let Some((ev, _)) = held.release(&app, false) {
            apply(&mut app, ev);
        }
        assert_eq!(app.input.text, "iraq");
        assert!(!app.should_quit);
    }
}
