"""The real tray app, started as `python -m bedtime`: one per data folder, whatever the timing.

Each launch runs offscreen, with a runtime folder and data folder of the test's own and
bus addresses that lead nowhere, so nothing here reaches the desktop of whoever runs it.
"Running" means: the process is still alive a moment later and its pid is the one
written in the lock file.
"""

import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile

from bedtime.services.single_instance import instance_key
from tests.other_user import OtherUser

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and kill -9")

# How long a primary must stay up to count as running.
SETTLE_S = 1.5
# Generous bounds for a loaded CI machine; the usual times are a fraction of these.
START_S = 20.0
FORWARD_S = 10.0
NOWHERE = "unix:path=/nonexistent"


def wait_for(condition: Callable[[], bool], timeout: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


@dataclass
class Apps:
    """Launches of `python -m bedtime` sharing one data folder and one runtime folder."""

    root: Path
    env: dict[str, str]
    runtime: Path
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: dict[int, Path] = field(default_factory=dict)

    def launch(self, *args: str) -> subprocess.Popen[bytes]:
        log = self.root / f"launch-{len(self.started)}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "bedtime", *args],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.started.append(proc)
        self.logs[proc.pid] = log
        return proc

    def run(
        self, *args: str, timeout: float = 30
    ) -> tuple[subprocess.CompletedProcess[str], float]:
        """A launch expected to finish by itself: its result and how long it took."""
        begun = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "bedtime", *args],
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return done, time.monotonic() - begun

    def output(self, proc: subprocess.Popen[bytes]) -> str:
        return self.logs[proc.pid].read_text(errors="replace")

    def lock_owner(self) -> int | None:
        """The pid in the lock file (QLockFile writes it on the first line), if there is one."""
        for lock in self.runtime.glob("bedtime-*.lock"):
            try:
                first = lock.read_text().splitlines()[0]
            except (OSError, IndexError):  # being written or removed right now
                return None
            return int(first) if first.strip().isdigit() else None
        return None

    def assert_running(self, proc: subprocess.Popen[bytes]) -> None:
        """PROC takes the lock and is still alive SETTLE_S later."""
        assert wait_for(lambda: self.lock_owner() == proc.pid or proc.poll() is not None, START_S)
        assert proc.poll() is None, f"exited {proc.returncode}:\n{self.output(proc)}"
        assert self.lock_owner() == proc.pid, (self.lock_owner(), proc.pid)
        time.sleep(SETTLE_S)
        assert proc.poll() is None, f"exited {proc.returncode}:\n{self.output(proc)}"
        assert self.lock_owner() == proc.pid
        assert "Traceback" not in self.output(proc), self.output(proc)

    def stop_all(self) -> None:
        for proc in self.started:
            if proc.poll() is None:
                proc.kill()
            proc.wait()


@pytest.fixture
def apps(tmp_path: Path) -> Iterator[Apps]:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env |= {
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_STATE_HOME": str(tmp_path / "state"),  # the log
        "BEDTIME_DATA_DIR": str(tmp_path / "data"),
        "TZ": "Europe/Amsterdam",
        "DBUS_SESSION_BUS_ADDRESS": NOWHERE,
        "DBUS_SYSTEM_BUS_ADDRESS": NOWHERE,
    }
    launched = Apps(tmp_path, env, runtime)
    try:
        yield launched
    finally:
        launched.stop_all()


@pytest.mark.slow
def test_of_two_launches_at_once_one_runs_and_a_killed_one_leaves_nothing_in_the_way(
    apps: Apps,
) -> None:
    """20 races, the first on a fresh folder, the rest on the lock a kill -9 left behind."""
    forward_times: list[float] = []
    for attempt in range(20):
        begun = time.monotonic()
        pair = (apps.launch(), apps.launch())
        assert wait_for(lambda pair=pair: any(p.poll() is not None for p in pair), START_S), (
            f"round {attempt}: neither launch left"
        )
        forward_times.append(time.monotonic() - begun)
        loser, winner = pair if pair[0].poll() is not None else pair[::-1]
        assert loser.returncode == 0, f"round {attempt}:\n{apps.output(loser)}"
        assert "Traceback" not in apps.output(loser), apps.output(loser)
        apps.assert_running(winner)
        winner.kill()
        winner.wait()

    # The last primary died by kill -9: its lock file and socket are still there.
    assert apps.lock_owner() == winner.pid
    assert list(apps.runtime.glob("bedtime-*[0-9a-f]")), "no leftover socket"
    after_crash = apps.launch()
    apps.assert_running(after_crash)
    after_crash.send_signal(signal.SIGTERM)
    assert after_crash.wait(timeout=10) == 0  # SIGTERM quits cleanly
    slowest = max(forward_times)
    print(f"second launch left after {min(forward_times):.2f}–{slowest:.2f} s")
    assert slowest < FORWARD_S


def test_a_later_launch_forwards_its_request_and_a_bad_one_is_refused(apps: Apps) -> None:
    primary = apps.launch()
    apps.assert_running(primary)

    shown, took = apps.run("show", "history")
    assert shown.returncode == 0, shown.stderr
    assert "Traceback" not in shown.stderr, shown.stderr
    assert took < FORWARD_S, took

    bad, _ = apps.run("show", "nonsense")
    assert bad.returncode == 2, (bad.returncode, bad.stderr)
    assert len(bad.stderr.strip().splitlines()) == 1, bad.stderr
    assert "invalid choice: 'nonsense'" in bad.stderr, bad.stderr
    assert "Traceback" not in bad.stderr

    time.sleep(0.5)
    assert primary.poll() is None, apps.output(primary)
    assert apps.lock_owner() == primary.pid


def test_show_with_no_app_running_starts_the_app(apps: Apps) -> None:
    started = apps.launch("show", "settings")
    apps.assert_running(started)
    # It is the primary now: a later request reaches it.
    again, took = apps.run("show", "diary")
    assert again.returncode == 0, again.stderr
    assert took < FORWARD_S, took
    assert started.poll() is None, apps.output(started)


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT])
def test_a_logout_or_ctrl_c_quits_cleanly(apps: Apps, signal_number: int) -> None:
    app = apps.launch()
    apps.assert_running(app)
    app.send_signal(signal_number)
    assert app.wait(timeout=10) == 0, apps.output(app)
    assert "Traceback" not in apps.output(app)
    # Quit ran its cleanup: no lock file or socket left for the next start to step over.
    assert list(apps.runtime.iterdir()) == []
    log = apps.root / "state" / "bedtime" / "log" / "bedtime.log"
    lines = log.read_text().splitlines()
    assert "started: Bedtime" in lines[0], lines
    assert lines[-1].endswith("stopped (exit code 0)"), lines


def test_verbose_adds_debug_lines_to_the_log(apps: Apps) -> None:
    app = apps.launch("--verbose")
    apps.assert_running(app)
    app.send_signal(signal.SIGTERM)
    assert app.wait(timeout=10) == 0, apps.output(app)
    log = (apps.root / "state" / "bedtime" / "log" / "bedtime.log").read_text()
    assert " DEBUG bedtime.services.scheduler: alarm alert armed for " in log, log


def test_another_user_taking_the_temp_paths_first_neither_stops_bedtime_nor_hears_it(
    apps: Apps, neighbour: OtherUser, shared: Path, qapp: object
) -> None:
    """No XDG_RUNTIME_DIR, and a neighbour has taken every place in the shared temp folder
    the lock and socket could go: the app runs (its reminder planned), says so in one line
    and in the log, and the neighbour hears nothing."""
    tmp = shared / "tmp"
    tmp.mkdir()
    tmp.chmod(0o1777)
    del apps.env["XDG_RUNTIME_DIR"]
    apps.env["TMPDIR"] = str(tmp)
    sample = QLockFile(str(apps.root / "sample.lock"))
    assert sample.tryLock(0)
    lock_text = (apps.root / "sample.lock").read_text()
    sample.unlock()
    trap, heard = shared / "squatter.py", shared / "heard"
    shutil.copy(Path(__file__).with_name("squatter.py"), trap)
    heard.touch()
    os.chown(heard, neighbour.uid, neighbour.gid)
    key = instance_key(Path(apps.env["BEDTIME_DATA_DIR"]))
    user = pwd.getpwuid(os.getuid()).pw_name
    args = [str(tmp), str(os.getuid()), user, key, lock_text, str(heard)]
    squatter = subprocess.Popen(
        neighbour.command("/usr/bin/python3", str(trap), *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert squatter.stdout is not None
        assert squatter.stdout.readline().strip() == "ready"
        app = apps.launch()
        log = apps.root / "state" / "bedtime" / "log" / "bedtime.log"
        assert wait_for(
            lambda: app.poll() is not None or (log.exists() and "planned: " in log.read_text()),
            START_S,
        ), apps.output(app)
        time.sleep(SETTLE_S)
        assert app.poll() is None, apps.output(app)
        output = apps.output(app)
        # One line of its own (offscreen Qt adds warnings of its own about window sizes).
        warnings = [line for line in output.splitlines() if "only once" in line]
        assert len(warnings) == 1, output
        assert warnings[0].startswith("bedtime: warning: "), output
        assert "Bedtime cannot make sure it runs only once: " in warnings[0]
        assert (
            f"{tmp}/bedtime-{os.getuid()} belongs to another user, {neighbour.name}."
            in (warnings[0])
        )
        assert "Traceback" not in output
        assert warnings[0].removeprefix("bedtime: warning: ") in log.read_text()
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=10) == 0, apps.output(app)
        assert heard.read_bytes() == b""
    finally:
        squatter.kill()
        squatter.wait()
