//! The real binary in a real terminal: a tmux server of a test's own (`-L`), with one session
//! named `lede`. The test types into it (`send-keys`), reads the screen (`capture-pane`) and
//! records what the program writes (`pipe-pane`); the server is killed when the harness is
//! dropped. tmux must be installed (CI installs it).
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Long enough for a slow CI machine to load the bundled corpus.
pub const TIMEOUT: Duration = Duration::from_secs(20);
pub const POLL: Duration = Duration::from_millis(100);
/// How long to wait before looking again at a screen that showed what was waited for.
const SETTLE: Duration = Duration::from_millis(60);
const SETTLE_TRIES: usize = 10;

pub struct Tmux {
    socket: String,
    dir: tempfile::TempDir,
}

impl Tmux {
    /// A harness for the tmux server `socket`, keeping its files in `dir`; the server starts
    /// with [`Tmux::new_session`]. Fails at once if tmux is not installed.
    pub fn new(socket: String, dir: tempfile::TempDir) -> Tmux {
        let version = Command::new("tmux").arg("-V").output();
        assert!(
            version.is_ok_and(|o| o.status.success()),
            "these tests need tmux: install it (apt-get install tmux)"
        );
        Tmux { socket, dir }
    }

    /// Start the server with one `width`x`height` window (session `lede`) running `script`
    /// in `sh`. lede's state, config and cache folders are in the test's own folder, so no
    /// test reads or writes the user's (a script may set them again).
    pub fn new_session(&self, width: u16, height: u16, script: &str) {
        let script = format!(
            "export XDG_STATE_HOME='{home}/state' XDG_CONFIG_HOME='{home}/config' XDG_CACHE_HOME='{home}/cache'; unset LEDE_CONFIG; {script}",
            home = self.dir.path().display()
        );
        let script = script.as_str();
        self.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "lede",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            "sh",
            "-c",
            script,
        ]);
    }

    /// The test's own folder, removed with the harness.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Where the session's script writes `EXIT=<status>` when the program ends.
    pub fn exit_file(&self) -> PathBuf {
        self.dir.path().join("exit")
    }

    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Record everything the program writes to the terminal into a file.
    pub fn record(&self) -> PathBuf {
        let record = self.dir.path().join("output");
        self.run(&[
            "pipe-pane",
            "-o",
            "-t",
            "lede",
            &format!("cat >> '{}'", record.display()),
        ]);
        record
    }

    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", "lede"])
    }

    pub fn pane_title(&self) -> String {
        self.run(&["display", "-p", "-t", "lede", "#{pane_title}"])
            .trim_end()
            .to_string()
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "lede"];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", "lede", "-l", text]);
    }

    pub fn resize(&self, width: u16, height: u16) {
        self.run(&[
            "resize-window",
            "-t",
            "lede",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }

    /// Poll the screen until `ok` holds (failing with the screen after the timeout). A frame
    /// reaches the terminal in pieces, so a capture can fall between its first and last rows:
    /// a screen that holds is looked at again a moment later and taken when it has not changed
    /// (or, when something on it keeps changing, after `SETTLE_TRIES` looks).
    pub fn wait_for(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut seen: Option<String> = None;
        let mut looks = 0;
        loop {
            let screen = self.screen();
            if ok(&screen) {
                if seen.as_deref() == Some(screen.as_str()) || looks >= SETTLE_TRIES {
                    return screen;
                }
                seen = Some(screen);
                looks += 1;
                sleep(SETTLE);
                continue;
            }
            seen = None;
            if start.elapsed() > TIMEOUT {
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            sleep(POLL);
        }
    }

    /// The `EXIT=<status>` line, once the program has ended.
    pub fn wait_for_exit(&self) -> String {
        let start = Instant::now();
        loop {
            if let Ok(s) = fs::read_to_string(self.exit_file())
                && !s.is_empty()
            {
                return s.trim().to_string();
            }
            if start.elapsed() > TIMEOUT {
                panic!("lede did not exit; the screen:\n{}", self.screen());
            }
            sleep(POLL);
        }
    }
}

impl Tmux {
    /// A tmux server of its own (named after the test) with one `width`x`height` window running
    /// lede on `args` behind a `read`, so `pipe-pane` can be set up before lede writes its first
    /// byte (`go` lets it start). `env` goes before the command (`NO_COLOR=1`, `TERM=xterm`);
    /// TERM is xterm-256color unless `env` sets it. The window keeps its size (manual).
    pub fn lede(name: &str, width: u16, height: u16, env: &str, args: &[String]) -> Tmux {
        let tmux = Tmux::new(
            format!("lede-e2e-{name}-{}", std::process::id()),
            tempfile::tempdir().expect("temp dir"),
        );
        let bin = env!("CARGO_BIN_EXE_lede");
        let args: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
        // The inner shell notes its pid and becomes lede, so the test can signal lede itself.
        let script = format!(
            "read go; TERM=xterm-256color {env} sh -c 'echo $$ > \"{pid}\"; exec \"{bin}\" \"$@\"' lede {args}; echo EXIT=$? > '{exit}'",
            pid = tmux.dir().join("pid").display(),
            exit = tmux.exit_file().display(),
            args = args.join(" "),
        );
        tmux.new_session(width, height, &script);
        tmux.run(&["set-option", "-g", "window-size", "manual"]);
        tmux
    }

    /// lede's process id, once it has started.
    pub fn pid(&self) -> u32 {
        let path = self.dir().join("pid");
        let start = Instant::now();
        loop {
            if let Some(pid) = fs::read_to_string(&path)
                .ok()
                .and_then(|s| s.trim().parse().ok())
            {
                return pid;
            }
            assert!(start.elapsed() < TIMEOUT, "lede did not start");
            sleep(POLL);
        }
    }

    /// Let lede start (it waits behind `read`).
    pub fn go(&self) {
        self.run(&["send-keys", "-t", "lede", "Enter"]);
    }

    /// The tmux server's process id.
    pub fn server_pid(&self) -> u32 {
        self.run(&["display", "-p", "-t", "lede", "#{pid}"])
            .trim()
            .parse()
            .expect("tmux server pid")
    }
}

/// Whether a process is still running (a zombie waiting to be reaped counts as gone).
pub fn running(pid: u32) -> bool {
    process_state(pid).is_some_and(|s| s != 'Z')
}

/// A process's state letter from /proc (R, S, T for stopped, Z), if it exists.
pub fn process_state(pid: u32) -> Option<char> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit(')').next()?.trim_start().chars().next()
}

/// Wait until `ok` holds for a process's state, failing after the timeout.
pub fn wait_for_state(pid: u32, what: &str, ok: impl Fn(Option<char>) -> bool) {
    let start = Instant::now();
    while !ok(process_state(pid)) {
        assert!(
            start.elapsed() < TIMEOUT,
            "lede {pid} never {what}: state {:?}",
            process_state(pid)
        );
        sleep(POLL / 4);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

/// A recording once it shows the alternate screen left (so the program has restored the
/// terminal), or whatever was recorded by the timeout.
pub fn wait_for_record(path: &Path) -> Vec<u8> {
    let start = Instant::now();
    loop {
        if let Ok(b) = fs::read(path)
            && String::from_utf8_lossy(&b).contains("\x1b[?1049l")
        {
            return b;
        }
        if start.elapsed() > TIMEOUT {
            return fs::read(path).unwrap_or_default();
        }
        sleep(POLL);
    }
}
