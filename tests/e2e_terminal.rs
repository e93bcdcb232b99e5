//! The terminal in hard situations, with the real binary: the window resized every few
//! milliseconds while a corpus loads (no panic), SIGTERM while the terminal has stopped reading
//! (a stalled SSH link: lede still ends within 2 s), and Ctrl-Z / SIGTSTP then `fg` (the
//! terminal given back while stopped, raw mode and the screen back on continuing).

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::tmux::{Tmux, running, wait_for_record, wait_for_state};

fn loaded(screen: &str) -> bool {
    screen.contains(" articles · ") && screen.contains(" entities · ")
}

fn signal(pid: u32, sig: &str) {
    let ok = Command::new("kill")
        .args([&format!("-{sig}"), &pid.to_string()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "kill -{sig} {pid}");
}

/// A JSON Lines corpus that takes the (unoptimised) test binary a few seconds to load.
fn slow_corpus(dir: &Path, articles: usize) -> String {
    let path = dir.join("feed.jsonl");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..articles {
        let body = format!(
            "Foreign Minister Abbas Araghchi met envoy Steve Witkoff in Muscat, officials said. \
             “The talks were useful,” Araghchi said of round {i}. The United Nations and Oman \
             welcomed the meeting, while Tehran and Washington weighed the next steps. {}",
            "Diplomats from Iran and the United States traded proposals on sanctions. ".repeat(12)
        );
        let line = serde_json::json!({"id": format!("a{i}"), "title": format!("Talks, round {i}"), "body": body});
        writeln!(out, "{line}").unwrap();
    }
    out.flush().unwrap();
    path.display().to_string()
}

#[test]
fn a_resize_storm_while_a_corpus_loads_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let feed = slow_corpus(dir.path(), 6000);
    let t = Tmux::lede("resize-storm", 100, 30, "", &[feed]);
    let record = t.record();
    t.go();
    let pid = t.pid();
    let sizes = [
        (100, 30),
        (61, 19),
        (80, 19),
        (40, 12),
        (120, 40),
        (20, 6),
        (99, 29),
    ];
    let start = Instant::now();
    let mut resizes = 0;
    // Resize as fast as tmux lets us until the load is done (and a while at least).
    while start.elapsed() < Duration::from_secs(3) || !loaded(&t.screen()) {
        let (w, h) = sizes[resizes % sizes.len()];
        t.resize(w, h);
        resizes += 1;
        assert!(
            running(pid),
            "lede died during the storm; screen:\n{}",
            t.screen()
        );
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the load never finished"
        );
    }
    t.resize(100, 30);
    let screen = t.wait_for("the explorer after the storm", |s| {
        loaded(s) && s.contains("Articles")
    });
    assert!(running(pid), "{screen}");
    assert!(resizes > 100, "only {resizes} resizes");
    t.keys(&["Q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
    let bytes = wait_for_record(&record);
    assert!(
        !String::from_utf8_lossy(&bytes).contains("panicked"),
        "a panic message was written"
    );
}

/// Run lede on a pseudo-terminal nobody reads once it has drawn: keys make it redraw until its
/// writes block, then SIGTERM. Prints "blocked=<bytes waiting> exit=<status> seconds=<time>".
const STALLED: &str = r#"
import fcntl, os, pty, select, signal, struct, sys, termios, time
binary = sys.argv[1]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm-256color"
    os.execv(binary, [binary])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
seen = b""
deadline = time.time() + 30
while b" entities " not in seen and time.time() < deadline:
    if select.select([fd], [], [], 0.2)[0]:
        seen += os.read(fd, 65536)
if b" entities " not in seen:
    print("never-loaded"); sys.exit(1)
# From here on nobody reads. Help on and off, and resizes, redraw the whole screen.
for i in range(3000):
    try:
        os.write(fd, b"?")
    except BlockingIOError:
        pass
    if i % 50 == 0:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40 + i % 7, 120 - i % 9, 0, 0))
        os.kill(pid, signal.SIGWINCH)
time.sleep(1.5)
waiting = struct.unpack("i", fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0"))[0]
start = time.time()
os.kill(pid, signal.SIGTERM)
status = None
while time.time() - start < 10:
    done, st = os.waitpid(pid, os.WNOHANG)
    if done == pid:
        status = os.waitstatus_to_exitcode(st); break
    time.sleep(0.01)
print("blocked=%d exit=%s seconds=%.2f" % (waiting, status, time.time() - start))
"#;

#[test]
fn sigterm_ends_lede_within_two_seconds_when_the_terminal_does_not_read() {
    let out = Command::new("python3")
        .args(["-c", STALLED, env!("CARGO_BIN_EXE_lede")])
        .output()
        .expect("these tests need python3");
    let report = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let field = |name: &str| -> String {
        report
            .split_whitespace()
            .find_map(|f| f.strip_prefix(&format!("{name}=")))
            .unwrap_or("")
            .to_string()
    };
    // Not vacuous: output was piling up unread, so lede's writes were blocked.
    let blocked: usize = field("blocked").parse().unwrap_or(0);
    assert!(
        blocked > 1000,
        "the terminal was not stalled: {report} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(field("exit"), "143", "{report}");
    let seconds: f64 = field("seconds").parse().unwrap_or(f64::MAX);
    assert!(seconds < 2.0, "took {seconds} s to end: {report}");
}

/// How often `needle` is in the recording, once it is there at least `at_least` times (or
/// whatever the count is at the timeout).
fn count_recorded(record: &Path, needle: &str, at_least: usize) -> usize {
    let start = Instant::now();
    loop {
        let bytes = std::fs::read(record).unwrap_or_default();
        let n = String::from_utf8_lossy(&bytes).matches(needle).count();
        if n >= at_least || start.elapsed() > common::tmux::TIMEOUT {
            return n;
        }
        sleep(common::tmux::POLL);
    }
}

/// lede in a 100x30 window under a shell with job control (`set -m`), as a user runs it:
/// when lede stops, the shell waits for Enter (the user's `fg`), then continues it; until lede
/// ends of itself.
fn under_job_control(name: &str) -> Tmux {
    let t = Tmux::new(
        format!("lede-e2e-{name}-{}", std::process::id()),
        tempfile::tempdir().expect("temp dir"),
    );
    let script = format!(
        "set -m; read go; sh -c 'echo $$ > \"{pid}\"; exec \"{bin}\"'; s=$?; \
         while [ $s -ge 128 ] && read again; do fg; s=$?; done; echo EXIT=$s > '{exit}'",
        pid = t.dir().join("pid").display(),
        bin = env!("CARGO_BIN_EXE_lede"),
        exit = t.exit_file().display(),
    );
    t.new_session(100, 30, &script);
    t.run(&["set-option", "-g", "window-size", "manual"]);
    t
}

#[test]
fn sigtstp_gives_the_terminal_back_and_fg_takes_it_again() {
    let t = under_job_control("tstp");
    let record = t.record();
    t.go();
    t.wait_for("the bundled corpus to load", loaded);
    let pid = t.pid();
    for (round, stop) in ["signal", "key"].into_iter().enumerate() {
        if stop == "signal" {
            signal(pid, "TSTP");
        } else {
            t.keys(&["C-z"]);
        }
        wait_for_state(pid, "stopped", |s| s == Some('T'));
        // While stopped, the terminal is the shell's again: the alternate screen left, the
        // explorer gone from view.
        assert_eq!(
            count_recorded(&record, "\x1b[?1049l", round + 1),
            round + 1,
            "{stop}"
        );
        let screen = t.wait_for("the explorer to be gone", |s| !s.contains("Articles"));
        assert!(!screen.contains('┏'), "{screen}");
        // The user's fg.
        t.keys(&["Enter"]);
        wait_for_state(pid, "continued", |s| s.is_some_and(|c| c != 'T'));
        // The alternate screen again (once at the start, once per continue), redrawn.
        assert!(count_recorded(&record, "\x1b[?1049h", round + 2) >= round + 2);
        t.wait_for("the explorer redrawn", |s| {
            loaded(s) && s.contains("Articles")
        });
    }
    // Raw mode again: one key, no Enter, acts.
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
}

/// With no shell to stop to (lede is the window's own command: an orphaned process group),
/// Ctrl-Z does not stop lede, which nobody could continue; it says so.
#[test]
fn ctrl_z_without_job_control_says_so_and_keeps_running() {
    let t = Tmux::lede("tstp-orphan", 100, 30, "", &[]);
    t.go();
    t.wait_for("the bundled corpus to load", loaded);
    let pid = t.pid();
    t.keys(&["C-z"]);
    t.wait_for("the note", |s| s.contains("No shell with job control"));
    assert_eq!(
        common::tmux::process_state(pid).map(|c| c != 'T'),
        Some(true)
    );
    signal(pid, "TSTP");
    sleep(Duration::from_millis(300));
    assert_eq!(
        common::tmux::process_state(pid).map(|c| c != 'T'),
        Some(true)
    );
    t.keys(&["q"]);
    assert_eq!(t.wait_for_exit(), "EXIT=0");
}
