"""What Bedtime costs at every login and all day after, against the floor of its stack.

Starts its own throwaway desktop (Xvfb, a session bus, the trayer tray host and the dunst
notification server), then runs the
floor (benchmarks/bare_tray.py: a bare PySide6 tray icon with a one-item menu) and the tray
app interleaved, each in fresh private folders with eight weeks of nights, and measures:

- to tray: from exec to the icon embedded in the tray host (seen from outside, in the X tree);
- resident memory of the process tree once settled (the scheduler and notifier loaded), and
  its anonymous part (/proc/PID/smaps_rollup);
- CPU while idle, over --idle seconds;
- for Bedtime, resident memory again after opening History and Settings and closing both.

Then `bedtime status --json` on ten years of nights against a Python that only imports what
such a command cannot do without (sqlite3, json, zoneinfo, argparse). Prints the table with
the ratios and exits 1 when a target is missed.

Linux only; needs Xvfb, dbus-daemon, trayer, dunst, xwininfo and xdotool (tools/test.sh
installs them); --status-only needs none of them.
Usage: uv run python benchmarks/startup.py [--runs 3] [--idle 20] [--cli-runs 10] [--status-only]
       [--display N] [--compare SRC]
"""

import argparse
import ctypes
import ctypes.util
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable
BEDTIME = [PYTHON, "-m", "bedtime"]
FLOOR = [PYTHON, str(HERE / "bare_tray.py")]
CLI_FLOOR = [PYTHON, "-c", "import sqlite3, json, zoneinfo, argparse"]

SETTLE_S = 3.0  # after the icon is in: the scheduler and notifier load from the event loop
WINDOW_S = 2.5  # for a window to open, or to be gone
TIMEOUT_S = 30.0

# The targets.
TO_TRAY_RATIO = 1.3
RSS_OVER_FLOOR_MIB = 25.0
WINDOWS_BACK_MIB = 5.0
IDLE_CPU_MS_PER_MIN = 5.0
CLI_RATIO = 3.0


@dataclass
class TrayRun:
    to_tray: float | None  # seconds; None when no icon showed
    rss: float  # MiB, whole process tree, settled
    anon: float  # MiB, anonymous, main process
    idle_cpu: float  # ms per minute
    after_windows: float | None  # MiB after History and Settings were opened and closed


# -- the desktop --------------------------------------------------------------------------


@contextmanager
def desktop(number: int | None = None) -> Iterator[dict[str, str]]:
    """Xvfb on display NUMBER (None: a free one), a private session bus, trayer and dunst;
    the environment."""
    started: list[subprocess.Popen[bytes]] = []
    read_end, write_end = os.pipe()
    # Xvfb writes the display's number to the pipe once it accepts connections.
    xvfb = subprocess.Popen(
        [
            "Xvfb",
            *([] if number is None else [f":{number}"]),
            *("-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"),
        ],
        pass_fds=(write_end,),
        stderr=subprocess.DEVNULL,
    )
    started.append(xvfb)
    os.close(write_end)
    with os.fdopen(read_end) as displayfd:
        answer = displayfd.readline().strip()
    if not answer:
        raise SystemExit(f"Xvfb could not start on display :{number} (in use?)")
    display = f":{answer}"
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    started.append(bus)  # type: ignore[arg-type]
    assert bus.stdout is not None
    env = {
        **os.environ,
        "DISPLAY": display,
        "DBUS_SESSION_BUS_ADDRESS": bus.stdout.readline().strip(),
        "QT_QPA_PLATFORM": "xcb",
    }
    env.pop("WAYLAND_DISPLAY", None)
    tray = subprocess.Popen(
        [
            *("trayer", "--edge", "top", "--align", "right", "--widthtype", "request"),
            *("--height", "32", "--transparent", "false", "--tint", "0x303030"),
        ],
        env={**env, "NO_AT_BRIDGE": "1", "GDK_BACKEND": "x11"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    started.append(tray)
    # A notification server, as on any desktop (else the bus would try to start one itself).
    notices = subprocess.Popen(
        ["dunst"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    started.append(notices)
    try:
        deadline = time.monotonic() + 30
        while _panel_windows(env) is None:
            if time.monotonic() > deadline or tray.poll() is not None:
                tray.kill()
                raise SystemExit(f"trayer did not come up: {tray.communicate()[1]}")
            time.sleep(0.1)
        yield env
    finally:
        for proc in reversed(started):
            proc.terminate()
            proc.wait(10)


def _panel_windows(env: dict[str, str]) -> int | None:
    """How many windows sit inside the tray host's panel (None: no panel yet).

    Each icon the host takes in is reparented into a socket window of the panel, so the count
    goes up the moment an icon is embedded.
    """
    tree = subprocess.run(
        ["xwininfo", "-root", "-tree"], env=env, capture_output=True, text=True
    ).stdout
    depth, count = None, 0
    for line in tree.splitlines():
        indent = len(line) - len(line.lstrip())
        if depth is None:
            if '"panel"' in line:
                depth = indent
        elif line.strip():
            if indent <= depth:
                break
            if re.match(r"\s*0x[0-9a-f]+ ", line):
                count += 1
    return None if depth is None else count


# -- /proc --------------------------------------------------------------------------------


def _tree(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry))
    found, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_mib(root: int) -> float:
    return sum(_status_kib(pid, "VmRSS") for pid in _tree(root)) / 1024


def anon_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Anonymous:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_ms(root: int) -> float:
    ticks = 0
    for pid in _tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


# -- closing a window as the window manager would ----------------------------------------


class _ClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
        ("pad", ctypes.c_long * 24),  # XEvent is a union of 24 longs
    ]


def close_window(env: dict[str, str], title: str) -> bool:
    """Send WM_DELETE_WINDOW to the window named TITLE, as a close button would."""
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", f"^{title}"],
        env=env,
        capture_output=True,
        text=True,
    ).stdout.split()
    if not found:
        return False
    xlib = ctypes.CDLL(ctypes.util.find_library("X11"))
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XInternAtom.restype = ctypes.c_ulong
    xlib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    xlib.XSendEvent.argtypes = [
        ctypes.c_void_p,
        ctypes.c_ulong,
        ctypes.c_int,
        ctypes.c_long,
        ctypes.c_void_p,
    ]
    xlib.XFlush.argtypes = xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = xlib.XOpenDisplay(env["DISPLAY"].encode())
    try:
        for window in found:
            message = _ClientMessage()
            message.type = 33  # ClientMessage
            message.window = int(window)
            message.message_type = xlib.XInternAtom(display, b"WM_PROTOCOLS", 0)
            message.format = 32
            message.data[0] = xlib.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
            xlib.XSendEvent(display, int(window), 0, 0, ctypes.byref(message))
        xlib.XFlush(display)
    finally:
        xlib.XCloseDisplay(display)
    return True


# -- one run ------------------------------------------------------------------------------


def fresh_home(tmp: Path, data: Path, n: int) -> tuple[dict[str, str], Path]:
    """Private XDG folders for one run, with a copy of DATA as the data folder."""
    home = tmp / f"run{n}"
    for name in ("config", "state", "cache", "runtime"):
        (home / name).mkdir(parents=True, mode=0o700)
    shutil.copytree(data, home / "data")
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_RUNTIME_DIR": str(home / "runtime"),
    }
    return env, home / "data"


def tray_run(
    argv: list[str], env: dict[str, str], idle: float, windows: list[str] | None, output: Path
) -> TrayRun:
    before = _panel_windows(env) or 0
    with output.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    to_tray = None
    try:
        while time.perf_counter() - start < TIMEOUT_S and proc.poll() is None:
            if (_panel_windows(env) or 0) > before:
                to_tray = time.perf_counter() - start
                break
            time.sleep(0.004)
        time.sleep(SETTLE_S)
        if proc.poll() is not None:
            raise SystemExit(f"{argv} exited with {proc.returncode}:\n{output.read_text()}")
        rss, anon = rss_mib(proc.pid), anon_mib(proc.pid)
        cpu = cpu_ms(proc.pid)
        time.sleep(idle)
        idle_cpu = (cpu_ms(proc.pid) - cpu) * 60 / idle
        after = None
        if windows is not None:
            for target, title in zip(windows[::2], windows[1::2], strict=True):
                subprocess.run([*argv, "show", target], env=env, timeout=TIMEOUT_S)
                time.sleep(WINDOW_S)
                if not close_window(env, title):
                    print(f"  ({title} did not open)", file=sys.stderr)
                time.sleep(WINDOW_S)
            after = rss_mib(proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    time.sleep(0.5)
    return TrayRun(to_tray, rss, anon, idle_cpu, after)


def wall(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
    return time.perf_counter() - start


def demo_data(folder: Path, nights: int) -> None:
    subprocess.run(
        [PYTHON, str(ROOT / "tools" / "demo_data.py"), str(folder), str(nights)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


# -- the report ---------------------------------------------------------------------------


def status_part(data: Path, runs: int) -> tuple[str, bool]:
    """`bedtime status --json` on DATA against the floor, interleaved: the report's line, and
    whether it met the target."""
    env = {**os.environ, "BEDTIME_DATA_DIR": str(data)}
    floor, status = [], []
    wall(CLI_FLOOR, env)  # one warm-up each: the page cache, not the code, is cold
    wall([*BEDTIME, "status", "--json"], env)
    for _ in range(runs):
        floor.append(wall(CLI_FLOOR, env))
        status.append(wall([*BEDTIME, "status", "--json"], env))
    ratio = median(status) / median(floor)
    line = (
        f"4. status --json on ten years: {median(status) * 1000:.0f} ms against "
        f"{median(floor) * 1000:.0f} ms: {ratio:.2f} × (target ≤ {CLI_RATIO:g}; "
        f"{runs} interleaved runs)"
    )
    return line, ratio <= CLI_RATIO


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="interleaved runs of each (3)")
    parser.add_argument("--idle", type=float, default=20, help="seconds of idle CPU (20)")
    parser.add_argument("--cli-runs", type=int, default=10, help="runs of status --json (10)")
    parser.add_argument(
        "--status-only", action="store_true", help="only status --json (no desktop needed)"
    )
    parser.add_argument(
        "--display", type=int, default=None, help="the X display number to use (a free one)"
    )
    parser.add_argument(
        "--compare",
        type=Path,
        default=None,
        metavar="SRC",
        help="also run the tray app from SRC, another checkout's src folder (say, `git archive` "
        "of the commit before a change), interleaved with the others: before and after in one run",
    )
    args = parser.parse_args()
    # As installed programs run: their bytecode is cached after the first run (or at install).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    if args.status_only:
        with tempfile.TemporaryDirectory() as tmp_name:
            demo_data(Path(tmp_name) / "years", 3650)
            line, met = status_part(Path(tmp_name) / "years", args.cli_runs)
        print(line)
        return 0 if met else 1
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        demo_data(tmp / "weeks", 56)
        demo_data(tmp / "years", 3650)
        floor: list[TrayRun] = []
        app: list[TrayRun] = []
        other: list[TrayRun] = []
        with desktop(args.display) as session:
            # Run 0 warms up (bytecode, page cache) and is not counted. Then A B A B: drift on
            # a shared machine hits both alike.
            for n in range(args.runs + 1):
                if n == 1:
                    floor.clear()
                    app.clear()
                    other.clear()
                idle = args.idle if n else 1.0
                env, _ = fresh_home(tmp, tmp / "weeks", 2 * n)
                output = tmp / f"run{2 * n}" / "output.txt"
                floor.append(tray_run(FLOOR, {**session, **env}, idle, None, output))
                env, data = fresh_home(tmp, tmp / "weeks", 2 * n + 1)
                env["BEDTIME_DATA_DIR"] = str(data)
                windows = ["history", "History", "settings", "Settings"]
                output = tmp / f"run{2 * n + 1}" / "output.txt"
                app.append(tray_run(BEDTIME, {**session, **env}, idle, windows, output))
                if args.compare is not None:
                    env, data = fresh_home(tmp, tmp / "weeks", 2 * n + 1000)
                    env["BEDTIME_DATA_DIR"] = str(data)
                    env["PYTHONPATH"] = str(args.compare.resolve())
                    output = tmp / f"run{2 * n + 1000}" / "output.txt"
                    other.append(tray_run(BEDTIME, {**session, **env}, idle, windows, output))
        status_line, status_met = status_part(tmp / "years", args.cli_runs)

    def column(runs: list[TrayRun], field: str) -> float:
        return median([v for r in runs if (v := getattr(r, field)) is not None])

    f_tray, a_tray = column(floor, "to_tray"), column(app, "to_tray")
    f_rss, a_rss = column(floor, "rss"), column(app, "rss")
    a_after = column(app, "after_windows")
    print(f"{args.runs} interleaved runs, medians; idle CPU over {args.idle:.0f} s")
    print(f"{'':28} {'to tray s':>10} {'RSS MiB':>9} {'anon MiB':>9} {'idle ms/min':>12}")
    rows = [("bare PySide6 tray (floor)", floor), ("Bedtime", app)]
    if other:
        rows.append((f"Bedtime from {args.compare}", other))
    for name, runs in rows:
        print(
            f"{name:28} {column(runs, 'to_tray'):>10.3f} {column(runs, 'rss'):>9.1f} "
            f"{column(runs, 'anon'):>9.1f} {column(runs, 'idle_cpu'):>12.1f}"
        )
        if runs is not floor:  # against the floor, and what the windows left
            ratio, over = column(runs, "to_tray") / f_tray, column(runs, "rss") - f_rss
            back = column(runs, "after_windows") - column(runs, "rss")
            print(f"{'':28} {ratio:>9.2f}× {over:>+9.1f} (after History and Settings {back:+.1f})")
        if any(r.to_tray is None for r in runs):
            missed.append(f"{name}: no icon in some runs")
    ratio = a_tray / f_tray
    print(f"\n1. to tray: {ratio:.2f} × the floor (target ≤ {TO_TRAY_RATIO})")
    if not ratio <= TO_TRAY_RATIO:
        missed.append("1. to tray")
    over = a_rss - f_rss
    print(f"2. resident: floor + {over:.1f} MiB (target ≤ + {RSS_OVER_FLOOR_MIB:g})", end="")
    print(
        f"; after History and Settings: {a_after - a_rss:+.1f} MiB (target ≤ {WINDOWS_BACK_MIB:g})"
    )
    if not over <= RSS_OVER_FLOOR_MIB:
        missed.append("2. resident memory")
    if not a_after - a_rss <= WINDOWS_BACK_MIB:
        missed.append("2. memory after the windows")
    idle_cpu = column(app, "idle_cpu")
    print(f"3. idle CPU: {idle_cpu:.1f} ms/min (target ≤ {IDLE_CPU_MS_PER_MIN:g})")
    if not idle_cpu <= IDLE_CPU_MS_PER_MIN:
        missed.append("3. idle CPU")
    print(status_line)
    if not status_met:
        missed.append("4. status --json")
    if missed:
        print("\nmissed: " + "; ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
