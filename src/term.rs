//! Taking over the terminal and always giving it back: a guard that restores it when dropped,
//! a panic hook that restores it before the message is printed, and signal handling so that
//! SIGTERM, SIGHUP (a dropped SSH connection) and SIGINT end the program cleanly.

use std::io::{self, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
    enable_raw_mode,
};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

/// The terminal is in raw mode on the alternate screen.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Restores the terminal when dropped.
#[must_use = "the terminal is restored when the guard is dropped"]
pub struct TerminalGuard(());

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Raw mode, alternate screen, bracketed paste, and mouse capture only if asked for.
pub fn enter(mouse: bool) -> io::Result<TerminalGuard> {
    install_panic_hook();
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let guard = TerminalGuard(());
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(guard)
}

/// Undo everything `enter` did. Safe to call twice, from any thread, on a terminal that is
/// gone (errors are ignored: there is nobody left to tell).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    // Mouse capture is switched off even if it was never on: harmless, and a panic between
    // enabling it and noting so cannot leave it on.
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restore the terminal before the panic message is printed (so it is readable and the shell
/// usable), then end the process: a panic on a worker thread must not leave the explorer
/// running on a terminal it no longer controls.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let was_active = ACTIVE.load(Ordering::SeqCst);
            restore();
            previous(info);
            if was_active {
                std::process::exit(101);
            }
        }));
    });
}

/// Call `on_signal` (on a thread of its own) for SIGTERM, SIGHUP, SIGINT and SIGQUIT. The
/// event loop is expected to quit; if it has not within a few seconds (stuck writing to a dead
/// terminal), the terminal is restored and the process ends from here.
pub fn watch_signals(on_signal: impl Fn(i32) + Send + 'static) -> io::Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                on_signal(sig);
                thread::sleep(std::time::Duration::from_secs(3));
                restore();
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}
