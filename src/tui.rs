//! The explorer's event loop. The first frame is drawn at once while the corpus builds on a
//! thread of its own; searches run on a worker that drops stale ones. The loop blocks until
//! something happens (no polling: idle costs nothing), applies every pending event, and only
//! then draws, inside a synchronized update so the terminal never shows half a frame.

use std::collections::VecDeque;
use std::io::{self, Stdout, Write};
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

use crate::app::{self, Action, App, Effect, Job, Loaded};
use crate::corpus::{self, Progress};
use crate::filter::Index;
use crate::load::{Input, LoadWarning};
use crate::term;
use crate::ui::{self, theme::ColorMode, theme::Theme};

/// Everything the loop waits for.
enum Event {
    Terminal(TermEvent),
    /// Reading the terminal failed: it is gone.
    InputClosed,
    Signal(i32),
    Action(Action),
}

/// Progress reports are sent at most this often.
const PROGRESS_EVERY: Duration = Duration::from_millis(100);

pub fn run(
    inputs: Vec<Input>,
    warnings: Vec<LoadWarning>,
    mouse: bool,
) -> anyhow::Result<ExitCode> {
    let theme = Theme::new(ColorMode::detect());
    let guard = term::enter(mouse)?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    let mut app = App::new(theme, size.width, size.height);

    let (tx, rx) = mpsc::channel();
    {
        let tx = tx.clone();
        term::watch_signals(move |sig| {
            let _ = tx.send(Event::Signal(sig));
        })?;
    }
    spawn_input_reader(tx.clone())?;
    spawn_loader(inputs, warnings, tx.clone())?;
    let searcher = SearchWorker::spawn(tx)?;

    draw(&mut terminal, &app)?;
    let code = event_loop(&mut terminal, &mut app, &rx, &searcher, mouse)?;
    drop(terminal);
    drop(guard);
    Ok(code)
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    app: &mut App,
    rx: &Receiver<Event>,
    searcher: &SearchWorker,
    mouse: bool,
) -> anyhow::Result<ExitCode> {
    // Keys typed while a search runs act on its results, not on the stale ones on screen
    // ("/araghchi", Enter, "3", Enter pins Araghchi even if the search is slower than the
    // typist): they wait here, in order, until the results are in. Typing in the filter line
    // never waits, and waiting never lasts longer than `HOLD_LIMIT`.
    let mut held = Typeahead::default();
    loop {
        let mut release_all = false;
        let first = if held.is_empty() {
            match rx.recv() {
                Ok(event) => Some(event),
                Err(_) => return Ok(ExitCode::SUCCESS),
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
        let mut changed = false;
        for event in first.into_iter().chain(rx.try_iter()) {
            let action = match event {
                Event::Terminal(ev) => match held.offer(app, ev) {
                    Some(ev) => action_for(app, ev, mouse),
                    None if held.quit_requested(app) => return Ok(ExitCode::SUCCESS),
                    None => None,
                },
                Event::Action(action) => Some(action),
                Event::Signal(sig) => return Ok(ExitCode::from((128 + sig).clamp(0, 255) as u8)),
                Event::InputClosed => return Ok(ExitCode::from(129)),
            };
            if let Some(action) = action {
                app::update(app, action);
                changed = true;
            }
        }
        // Replay held keys while no search runs (a replayed key may start one: then the rest
        // wait for it in turn).
        while let Some(ev) = held.release(app, release_all) {
            if let Some(action) = action_for(app, ev, mouse) {
                app::update(app, action);
                changed = true;
            }
        }
        for effect in app.take_effects() {
            match effect {
                Effect::Search(job) => searcher.submit(job),
                Effect::Copy(text) => copy_to_clipboard(terminal.backend_mut(), &text)?,
            }
        }
        if app.should_quit {
            return Ok(ExitCode::SUCCESS);
        }
        if changed {
            draw(terminal, app)?;
        }
    }
}

/// The longest keys wait for a search before they act on what is on screen.
const HOLD_LIMIT: Duration = Duration::from_secs(3);

/// Input held back while a search runs, in arrival order.
#[derive(Debug, Default)]
struct Typeahead {
    held: VecDeque<TermEvent>,
}

impl Typeahead {
    fn is_empty(&self) -> bool {
        self.held.is_empty()
    }

    /// The event back if it can act now; `None` if it must wait (it is kept). Keys, pastes and
    /// clicks wait while a search runs outside the filter line, or behind others waiting.
    fn offer(&mut self, app: &App, ev: TermEvent) -> Option<TermEvent> {
        let input = matches!(
            ev,
            TermEvent::Key(_) | TermEvent::Paste(_) | TermEvent::Mouse(_)
        );
        if input && (!self.held.is_empty() || must_wait(app)) {
            self.held.push_back(ev);
            None
        } else {
            Some(ev)
        }
    }

    /// Whether the last key held means quit (which never waits).
    fn quit_requested(&self, app: &App) -> bool {
        matches!(
            self.held.back(),
            Some(TermEvent::Key(key)) if matches!(app.action_for_key(key), Some(Action::Quit))
        )
    }

    /// The next held event, once no search runs (or when told to stop waiting).
    fn release(&mut self, app: &App, force: bool) -> Option<TermEvent> {
        if force || !must_wait(app) {
            self.held.pop_front()
        } else {
            None
        }
    }
}

/// A search is running and the filter line does not have the keyboard.
fn must_wait(app: &App) -> bool {
    app.searching() && !app.filtering
}

/// What a terminal event means to the app.
fn action_for(app: &App, ev: TermEvent, mouse: bool) -> Option<Action> {
    match ev {
        TermEvent::Key(key) => app.action_for_key(&key),
        TermEvent::Resize(width, height) => Some(Action::Resize { width, height }),
        TermEvent::Paste(text) => Some(Action::Paste(text)),
        TermEvent::Mouse(m) if mouse => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Action::ScrollAt {
                column: m.column,
                row: m.row,
                down: m.kind == MouseEventKind::ScrollDown,
            }),
            _ => None,
        },
        _ => None,
    }
}

fn draw(terminal: &mut Terminal<CrosstermBackend<Stdout>>, app: &App) -> io::Result<()> {
    queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| ui::draw(app, frame))?;
    execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
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
                Ok(ev) => Event::Terminal(ev),
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

/// Build the corpus and its search index, reporting progress now and then.
fn spawn_loader(
    inputs: Vec<Input>,
    warnings: Vec<LoadWarning>,
    tx: Sender<Event>,
) -> io::Result<()> {
    thread::Builder::new()
        .name("loader".into())
        .spawn(move || {
            let start = Instant::now();
            let loading = Arc::new(AtomicBool::new(true));
            spawn_load_clock(start, loading.clone(), tx.clone());
            let last_sent: Mutex<Option<(Instant, bool)>> = Mutex::new(None);
            let report = |progress: Progress| {
                let Ok(mut last) = last_sent.lock() else {
                    return;
                };
                let now = Instant::now();
                let due = match *last {
                    None => true,
                    Some((at, extracting)) => {
                        now - at >= PROGRESS_EVERY || extracting != progress.extracting
                    }
                };
                if due {
                    *last = Some((now, progress.extracting));
                    let _ = tx.send(Event::Action(Action::Progress {
                        progress,
                        elapsed: start.elapsed(),
                    }));
                }
            };
            let preview = |corpus: crate::model::Corpus| {
                let index = Index::build(&corpus);
                let _ = tx.send(Event::Action(Action::Preview(Loaded {
                    corpus: Arc::new(corpus),
                    index: Arc::new(index),
                    elapsed: start.elapsed(),
                })));
            };
            let (corpus, _times) = corpus::build_with_preview(&inputs, warnings, &report, &preview);
            let index = Index::build(&corpus);
            loading.store(false, Ordering::Relaxed);
            let _ = tx.send(Event::Action(Action::Loaded(Loaded {
                corpus: Arc::new(corpus),
                index: Arc::new(index),
                elapsed: start.elapsed(),
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
                if tx
                    .send(Event::Action(Action::LoadTick { elapsed }))
                    .is_err()
                {
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
                    job.run_all(&stale, |action| {
                        gone |= events.send(Event::Action(action)).is_err();
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
        if let Some(action) = action_for(app, ev, false) {
            app::update(app, action);
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
            if let Some(ev) = held.offer(&app, ev) {
                apply(&mut app, ev);
            }
        }
        // Letters went into the line; focus and pin wait for the search.
        assert_eq!(app.input.text, "javani");
        assert_eq!(app.focus, Pane::Articles);
        assert!(held.release(&app, false).is_none());
        settle(&mut app);
        while let Some(ev) = held.release(&app, false) {
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
        app::update(&mut app, Action::ToggleScareQuotes);
        assert!(app.searching());
        let mut held = Typeahead::default();
        assert!(held.offer(&app, key(KeyCode::Char('j'))).is_none());
        assert!(held.offer(&app, key(KeyCode::Char('q'))).is_none());
        assert!(held.quit_requested(&app));
        // Resizes never wait.
        assert!(held.offer(&app, TermEvent::Resize(80, 24)).is_some());
    }
}
