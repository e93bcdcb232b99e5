#!/usr/bin/env python3
"""First-frame latency and idle CPU of the explorer, in a real pseudo-terminal.

Usage: benches/tui_startup_idle.py [CORPUS] [--settle SECONDS] [--idle SECONDS]
  (build first: cargo build --release; CORPUS e.g. /tmp/gen100k from
   cargo run --release --example gencorpus -- --articles 100000 --out /tmp/gen100k)

Spawns ./target/release/lede CORPUS in a 200x60 pty and prints, as one JSON line:
  first_byte_ms   spawn to the first byte the explorer writes (terminal set-up);
  first_frame_ms  spawn to the first frame's pane titles on the terminal (it is drawn at
                  once, before any file is read);
  idle_cpu_pct    CPU (utime+stime from /proc/PID/stat) over --idle seconds with nothing
                  happening, after --settle seconds for loading to finish (target 0 %).
It reports numbers and asserts nothing: timings belong in reports, not in tests.
"""
import fcntl, json, os, pty, select, signal, struct, sys, termios, time

def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)

def main():
    args = sys.argv[1:]
    corpus = args[0] if args and not args[0].startswith("--") else "/tmp/gen100k"
    settle = float(args[args.index("--settle") + 1]) if "--settle" in args else 25.0
    idle = float(args[args.index("--idle") + 1]) if "--idle" in args else 10.0
    binary = os.path.join(os.path.dirname(__file__), "..", "target", "release", "lede")
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(binary, [binary, corpus])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 60, 200, 0, 0))
    first = None
    frame = None
    seen = b""
    deadline = start + settle
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if data and first is None:
                first = time.monotonic() - start
            if frame is None:
                seen += data
                if b"Articles" in seen:
                    frame = time.monotonic() - start
    # Keep draining output while measuring, as a terminal would.
    before = cpu_ticks(pid)
    t0 = time.monotonic()
    while time.monotonic() - t0 < idle:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            os.read(fd, 65536)
    after = cpu_ticks(pid)
    hz = os.sysconf("SC_CLK_TCK")
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    print(json.dumps({
        "corpus": corpus,
        "first_byte_ms": None if first is None else round(first * 1e3, 1),
        "first_frame_ms": None if frame is None else round(frame * 1e3, 1),
        "idle_seconds": idle,
        "idle_cpu_ticks": after - before,
        "idle_cpu_pct": round(100.0 * (after - before) / hz / idle, 2),
    }))

if __name__ == "__main__":
    main()
