//! Taking over the terminal and always giving it back: a guard that restores it when dropped,
//! a panic hook that restores it before the message is printed, signal handling so SIGTERM,
//! SIGHUP (a dropped SSH connection) and SIGINT end the program cleanly even when the terminal
//! has stopped reading, suspending on Ctrl-Z like less and vim, and an output that speaks the
//! classic 16-colour codes to terminals that know no more.

use std::io::{self, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use crossterm::cursor::Show;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
    enable_raw_mode,
};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

/// The terminal is in raw mode on the alternate screen.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// It was taken over at some point (so a last-resort restore has something to undo).
static ENTERED: AtomicBool = AtomicBool::new(false);

/// How long a terminating signal waits for the event loop to restore the terminal and end,
/// before the terminal is restored from the signal thread and the process ends from there.
pub const EXIT_GRACE: Duration = Duration::from_millis(800);

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
    let guard = TerminalGuard(());
    take_over(mouse)?;
    Ok(guard)
}

fn take_over(mouse: bool) -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    ENTERED.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
    if mouse {
        execute!(out, EnableMouseCapture)?;
    }
    Ok(())
}

/// The bytes that undo what `enter` wrote. Mouse capture is switched off even if it was never
/// on: harmless, and a panic between enabling it and noting so cannot leave it on.
fn restore_sequence() -> Vec<u8> {
    let mut bytes = Vec::new();
    let _ = execute!(
        bytes,
        EndSynchronizedUpdate,
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    bytes
}

/// Undo everything `enter` did. Safe to call twice, from any thread, on a terminal that is
/// gone (errors are ignored: there is nobody left to tell).
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut out = io::stdout();
    let _ = out.write_all(&restore_sequence());
    let _ = out.flush();
    let _ = disable_raw_mode();
}

/// The last resort when the event loop is stuck writing to a terminal that does not read (a
/// stalled SSH link holds the stdout lock in a blocked write): the restore sequence goes to
/// the terminal device without that lock and without waiting (dropped if the terminal cannot
/// take it), and the terminal modes are set back, which never waits for output to drain.
pub fn restore_without_waiting() {
    if !ENTERED.load(Ordering::SeqCst) {
        return;
    }
    ACTIVE.store(false, Ordering::SeqCst);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        if let Ok(mut tty) = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
            .open("/dev/tty")
        {
            let _ = tty.write(&restore_sequence());
        }
    }
    let _ = disable_raw_mode();
}

/// Give the terminal back before stopping (Ctrl-Z): as on quitting, but `resume` takes it
/// over again.
pub fn suspend() {
    restore();
}

/// Take the terminal over again after a stop. Raw mode is set afresh: the shell may have
/// changed the terminal's modes while lede was stopped.
pub fn resume(mouse: bool) -> io::Result<()> {
    let _ = disable_raw_mode();
    take_over(mouse)
}

/// Whether stopping would hand the terminal to a shell that can continue lede: its parent is in
/// another process group of the same session (a shell with job control). In a process group
/// without one ("orphaned", as when lede is the command of a tmux window) the kernel ignores
/// SIGTSTP, since nobody could send the SIGCONT; so does lede. Read from /proc; elsewhere,
/// assumed.
pub fn can_suspend() -> bool {
    fn ids(pid: &str) -> Option<(u32, u32, u32)> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        let n = |i: usize| fields.get(i)?.parse().ok();
        Some((n(1)?, n(2)?, n(3)?))
    }
    let Some((parent, group, session)) = ids("self") else {
        return true;
    };
    match ids(&parent.to_string()) {
        Some((_, parent_group, parent_session)) => {
            parent_group != group && parent_session == session
        }
        None => true,
    }
}

/// Stop this process as SIGTSTP would have (the signal's own action was replaced to restore
/// the terminal first); returns once continued.
pub fn stop_now() {
    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
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

/// What the signal thread tells the event loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// End: SIGTERM, SIGHUP, SIGINT or SIGQUIT (the number).
    Terminate(i32),
    /// SIGTSTP: give the terminal back and stop.
    Stop,
    /// SIGCONT: take the terminal again and redraw.
    Continue,
}

/// Call `on_signal` (on a thread of its own) for each signal lede handles. After a terminating
/// one the event loop is expected to quit; if it has not within `EXIT_GRACE` (stuck writing to
/// a terminal that does not read), the terminal is restored from here, without waiting on
/// the output, and the process ends.
pub fn watch_signals(on_signal: impl Fn(Signal) + Send + 'static) -> io::Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])?;
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                match sig {
                    SIGTSTP => on_signal(Signal::Stop),
                    SIGCONT => on_signal(Signal::Continue),
                    _ => {
                        on_signal(Signal::Terminate(sig));
                        thread::sleep(EXIT_GRACE);
                        restore_without_waiting();
                        std::process::exit(128 + sig);
                    }
                }
            }
        })?;
    Ok(())
}

/// The terminal's output. With the 16-colour palette, colours are sent as the classic SGR codes
/// (30–37, 90–97, 40–47, 100–107) that every terminal knows: crossterm writes even the basic
/// colours as 256-colour codes (`38;5;n`), which `TERM=xterm`, `screen` and `linux` terminals
/// may not understand.
pub struct Output<W: Write> {
    inner: W,
    palette16: bool,
    /// An escape sequence begun in one write and not yet ended.
    pending: Vec<u8>,
}

impl<W: Write> Output<W> {
    pub fn new(inner: W, palette16: bool) -> Self {
        Output {
            inner,
            palette16,
            pending: Vec::new(),
        }
    }

    pub fn into_inner(self) -> W {
        self.inner
    }

    pub fn get_ref(&self) -> &W {
        &self.inner
    }
}

/// `ESC [ … m` with 256-colour codes for the first 16 colours rewritten to their classic codes.
fn classic_sgr(seq: &[u8]) -> Vec<u8> {
    let params = String::from_utf8_lossy(&seq[2..seq.len() - 1]).into_owned();
    let parts: Vec<&str> = params.split(';').collect();
    let mut out: Vec<String> = Vec::with_capacity(parts.len());
    let mut i = 0;
    while i < parts.len() {
        let colour = parts.get(i + 2).and_then(|n| n.parse::<u8>().ok());
        match (parts[i], parts.get(i + 1), colour) {
            ("38" | "48", Some(&"5"), Some(n)) if n < 16 => {
                let base: u8 = match (parts[i], n < 8) {
                    ("38", true) => 30,
                    ("38", false) => 90 - 8,
                    (_, true) => 40,
                    (_, false) => 100 - 8,
                };
                out.push((base + n).to_string());
                i += 3;
            }
            (p, _, _) => {
                out.push(p.to_string());
                i += 1;
            }
        }
    }
    format!("\x1b[{}m", out.join(";")).into_bytes()
}

impl<W: Write> Write for Output<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.palette16 {
            return self.inner.write(buf);
        }
        let mut out = Vec::with_capacity(buf.len() + 8);
        for &b in buf {
            if self.pending.is_empty() {
                if b == 0x1b {
                    self.pending.push(b);
                } else {
                    out.push(b);
                }
                continue;
            }
            self.pending.push(b);
            if self.pending.len() == 2 {
                if b != b'[' {
                    // Not a CSI sequence (OSC 52 for the clipboard, …): as it is.
                    out.append(&mut self.pending);
                }
                continue;
            }
            if (0x40..=0x7e).contains(&b) {
                if b == b'm' {
                    out.extend(classic_sgr(&self.pending));
                } else {
                    out.extend_from_slice(&self.pending);
                }
                self.pending.clear();
            } else if self.pending.len() > 64 {
                out.append(&mut self.pending);
            }
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(palette16: bool, writes: &[&[u8]]) -> String {
        let mut o = Output::new(Vec::new(), palette16);
        for w in writes {
            o.write_all(w).unwrap();
        }
        String::from_utf8(o.into_inner()).unwrap()
    }

    #[test]
    fn basic_colours_become_classic_codes() {
        let s = through(
            true,
            &[b"a\x1b[38;5;3mb\x1b[48;5;8mc\x1b[38;5;12;1m\x1b[0m"],
        );
        assert_eq!(s, "a\x1b[33mb\x1b[100mc\x1b[94;1m\x1b[0m");
    }

    #[test]
    fn sequences_split_across_writes_are_rewritten_whole() {
        let s = through(true, &[b"x\x1b", b"[38;", b"5;", b"2m", b"y"]);
        assert_eq!(s, "x\x1b[32my");
    }

    #[test]
    fn other_sequences_pass_unchanged() {
        let raw: &[u8] = b"\x1b[2J\x1b[38;5;179m\x1b]52;c;aGk=\x07\x1b[?2026h";
        assert_eq!(through(true, &[raw]), String::from_utf8_lossy(raw));
        assert_eq!(through(false, &[b"\x1b[38;5;3m"]), "\x1b[38;5;3m");
    }

    #[test]
    fn the_restore_sequence_leaves_the_alternate_screen() {
        let s = String::from_utf8(restore_sequence()).unwrap();
        assert!(s.contains("\x1b[?1049l") && s.contains("\x1b[?2004l") && s.contains("\x1b[?25h"));
    }
}
