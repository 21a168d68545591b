"""The real app on a real X server: its icon embedded in a real tray host, or its window.

Xvfb is the X server and trayer the tray host (a freedesktop system tray, XEmbed). The
app runs as `python -m bedtime` with the xcb platform. What X holds is read with
xwininfo and xprop: an icon is embedded when a window of the app's process (by
_NET_WM_PID) is mapped inside trayer's window tree and carries _XEMBED_INFO.
"""

import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bedtime.paths import APP_ID, DATABASE_NAME
from bedtime.store.database import open_database
from bedtime.store.repository import Store

# program: the Debian package that has it
NEEDED = {
    "Xvfb": "xvfb",
    "trayer": "trayer",
    "xwininfo": "x11-utils",
    "xprop": "x11-utils",
    "dbus-daemon": "dbus-daemon",
}
missing = sorted(name for name in NEEDED if shutil.which(name) is None)
pytestmark = [
    pytest.mark.desktop,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 tray on Linux"),
    pytest.mark.skipif(
        bool(missing),
        reason=f"needs {', '.join(missing)} "
        f"(apt-get install {' '.join(sorted({NEEDED[m] for m in missing}))})",
    ),
]

NOWHERE = "unix:path=/nonexistent"
# A session bus that starts no services: the system's service files would have it launch
# whatever notification daemon is installed, outside the test's control.
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir={tmpdir}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
TRAYER = [
    "trayer",
    "--edge",
    "top",
    "--align",
    "right",
    "--widthtype",
    "request",
    "--height",
    "32",
    "--transparent",
    "false",
    "--tint",
    "0x303030",
]
TRAY_PROBE = (
    "from PySide6.QtWidgets import QApplication, QSystemTrayIcon\n"
    "app = QApplication([])\n"
    "print(QSystemTrayIcon.isSystemTrayAvailable())\n"
)
# "     0x400007 "Bedtime": ("org.bedtime.Bedtime" "org.bedtime.Bedtime")  22x30+0+0  +777+1"
TREE_LINE = re.compile(
    r"^(?P<indent> *)(?P<id>0x[0-9a-f]+) (?P<name>\".*\"|\(has no name\)): "
    r"\((?P<wm_class>.*)\)\s+(?P<width>\d+)x(?P<height>\d+)[+-]"
)


def wait_for(condition: Callable[[], object], timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


@dataclass(frozen=True)
class Window:
    id: str
    name: str  # with its quotes, as xwininfo prints it
    wm_class: str
    width: int
    height: int
    ancestors: tuple[str, ...]  # outermost first, the root window left out


@dataclass
class Desktop:
    """An X display with a bus of its own, and the processes started on it."""

    root: Path
    env: dict[str, str]
    procs: list[tuple[subprocess.Popen[bytes], Path]] = field(default_factory=list)

    def start(self, command: list[str], name: str, **env: str) -> subprocess.Popen[bytes]:
        log = self.root / f"{name}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                command,
                env={**self.env, **env},
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.procs.append((proc, log))
        return proc

    def start_trayer(self) -> subprocess.Popen[bytes]:
        return self.start(TRAYER, "trayer", NO_AT_BRIDGE="1", GDK_BACKEND="x11")

    def tray_available(self) -> bool:
        """Whether Qt, as the app asks it, finds a tray host on the display."""
        done = subprocess.run(
            [sys.executable, "-c", TRAY_PROBE],
            env={**self.env, "QT_QPA_PLATFORM": "xcb"},
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        return done.stdout.strip() == "True"

    def app_env(self, **env: str) -> dict[str, str]:
        runtime = self.root / "run"
        runtime.mkdir(mode=0o700, exist_ok=True)
        return {
            "QT_QPA_PLATFORM": "xcb",
            "XDG_RUNTIME_DIR": str(runtime),
            "XDG_CONFIG_HOME": str(self.root / "config"),
            "BEDTIME_DATA_DIR": str(self.root / "data"),
            "TZ": "Europe/Amsterdam",
            "DBUS_SYSTEM_BUS_ADDRESS": NOWHERE,
            **env,
        }

    def start_app(self, *args: str, **env: str) -> subprocess.Popen[bytes]:
        return self.start(
            [sys.executable, "-m", "bedtime", *args], "bedtime", **self.app_env(**env)
        )

    def bedtime(self, *args: str, **env: str) -> None:
        """Run a command of the command line on this desktop's data."""
        subprocess.run(
            [sys.executable, "-m", "bedtime", *args],
            env={**self.env, **self.app_env(**env)},
            capture_output=True,
            timeout=30,
            check=True,
        )

    def geometry(self, window: Window) -> tuple[int, int, int, int]:
        """x, y, width, height on the screen."""
        info = self.x("xwininfo", "-id", window.id)
        value = {
            key: int(re.search(rf"{key}:\s+(-?\d+)", info)[1])  # type: ignore[index]
            for key in ("Absolute upper-left X", "Absolute upper-left Y", "Width", "Height")
        }
        return (
            value["Absolute upper-left X"],
            value["Absolute upper-left Y"],
            value["Width"],
            value["Height"],
        )

    def log(self, proc: subprocess.Popen[bytes]) -> str:
        return next(log for p, log in self.procs if p is proc).read_text(errors="replace")

    def x(self, *command: str) -> str:
        done = subprocess.run(
            command, env=self.env, capture_output=True, text=True, timeout=10, check=False
        )
        return done.stdout

    def tree(self) -> list[Window]:
        windows: list[Window] = []
        stack: list[tuple[int, str]] = []
        for line in self.x("xwininfo", "-root", "-tree").splitlines():
            found = TREE_LINE.match(line)
            if found is None:
                continue
            indent = len(found["indent"])
            while stack and stack[-1][0] >= indent:
                stack.pop()
            windows.append(
                Window(
                    found["id"],
                    found["name"],
                    found["wm_class"],
                    int(found["width"]),
                    int(found["height"]),
                    tuple(id for _, id in stack),
                )
            )
            stack.append((indent, found["id"]))
        return windows

    def pid_of(self, window: Window) -> int | None:
        found = re.search(r"= (\d+)", self.x("xprop", "-id", window.id, "_NET_WM_PID"))
        return int(found[1]) if found else None

    def viewable(self, window: Window) -> bool:
        return "Map State: IsViewable" in self.x("xwininfo", "-id", window.id)

    def xembed(self, window: Window) -> bool:
        return "_XEMBED_INFO(" in self.x("xprop", "-id", window.id, "_XEMBED_INFO")

    def windows_of(self, proc: subprocess.Popen[bytes]) -> list[Window]:
        return [
            w for w in self.tree() if f'"{APP_ID}"' in w.wm_class and self.pid_of(w) == proc.pid
        ]

    def embedded_icon(self, app: subprocess.Popen[bytes]) -> Window | None:
        """The app's window that trayer holds and shows, if there is one."""
        windows = self.tree()
        trayer = {w.id for w in windows if '"trayer"' in w.wm_class.lower()}
        for window in self.windows_of(app):
            if (
                trayer.intersection(window.ancestors)
                and window.width > 1
                and window.height > 1
                and self.viewable(window)
                and self.xembed(window)
            ):
                return window
        return None

    def top_level_window(self, app: subprocess.Popen[bytes]) -> Window | None:
        """The app's window titled "Bedtime" shown straight on the screen, if there is one."""
        for window in self.windows_of(app):
            if (
                not window.ancestors  # no window manager here: top level is a root child
                and window.name == '"Bedtime"'
                and window.width > 1
                and window.height > 1
                and self.viewable(window)
            ):
                return window
        return None

    def shown_windows(self, app: subprocess.Popen[bytes]) -> list[Window]:
        """Every window of the app straight on the screen: a window, a dialog, anything."""
        return [
            w
            for w in self.windows_of(app)
            if not w.ancestors and w.width > 1 and w.height > 1 and self.viewable(w)
        ]

    def describe(self, app: subprocess.Popen[bytes]) -> str:
        """What X holds and what the app said, for a failure message."""
        tree = self.x("xwininfo", "-root", "-tree")
        return f"pid {app.pid}, exit {app.poll()}\n{tree}\napp output:\n{self.log(app)}"

    def stop_all(self) -> None:
        for proc, _ in reversed(self.procs):
            _stop(proc)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _first_line(fd: int, what: str, log: Path) -> str:
    ready, _, _ = select.select([fd], [], [], 15)
    text = os.read(fd, 256).decode().strip() if ready else ""
    assert text, f"{what} did not start: {log.read_text(errors='replace')}"
    return text.splitlines()[0]


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Desktop]:
    """Xvfb on a display it picks itself (-displayfd), and a session bus for it alone."""
    read_end, write_end = os.pipe()
    xvfb_log = tmp_path / "xvfb.log"
    with xvfb_log.open("wb") as out:
        xvfb = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_end),
                "-screen",
                "0",
                "800x600x24",
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write_end,),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    os.close(write_end)
    bus: subprocess.Popen[bytes] | None = None
    desktop = None
    try:
        number = _first_line(read_end, "Xvfb", xvfb_log)
        bus_config = tmp_path / "bus.conf"
        bus_config.write_text(BUS_CONFIG.format(tmpdir=tempfile.gettempdir()))
        bus_log = tmp_path / "dbus.log"
        with bus_log.open("wb") as err:
            bus = subprocess.Popen(
                ["dbus-daemon", f"--config-file={bus_config}", "--nofork", "--print-address=1"],
                stdout=subprocess.PIPE,
                stderr=err,
            )
        assert bus.stdout is not None
        address = _first_line(bus.stdout.fileno(), "dbus-daemon", bus_log)
        env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
        env |= {"DISPLAY": f":{number}", "DBUS_SESSION_BUS_ADDRESS": address}
        desktop = Desktop(tmp_path, env)
        yield desktop
    finally:
        if desktop is not None:
            desktop.stop_all()
        if bus is not None:
            _stop(bus)
            assert bus.stdout is not None
            bus.stdout.close()
        os.close(read_end)
        _stop(xvfb)


def test_with_a_tray_host_the_icon_is_embedded_and_no_window_shows(desktop: Desktop) -> None:
    trayer = desktop.start_trayer()
    assert wait_for(desktop.tray_available, 15, step=0.2), desktop.log(trayer)
    app = desktop.start_app()
    assert wait_for(lambda: desktop.embedded_icon(app) or app.poll() is not None, 20), (
        desktop.describe(app)
    )
    assert app.poll() is None, desktop.describe(app)
    assert desktop.embedded_icon(app) is not None, desktop.describe(app)
    assert desktop.top_level_window(app) is None, desktop.describe(app)
    assert trayer.poll() is None, desktop.log(trayer)
    assert "Traceback" not in desktop.log(app), desktop.log(app)


def test_without_a_tray_host_the_window_shows_until_one_turns_up(desktop: Desktop) -> None:
    app = desktop.start_app()
    assert wait_for(lambda: desktop.top_level_window(app) or app.poll() is not None, 20), (
        desktop.describe(app)
    )
    assert app.poll() is None, desktop.describe(app)
    assert desktop.embedded_icon(app) is None, desktop.describe(app)

    # A panel starting late: the app looks for a tray every few seconds and moves there.
    desktop.start_trayer()
    assert wait_for(lambda: desktop.embedded_icon(app) or app.poll() is not None, 20), (
        desktop.describe(app)
    )
    assert app.poll() is None, desktop.describe(app)
    assert desktop.top_level_window(app) is None, desktop.describe(app)
    assert "Traceback" not in desktop.log(app), desktop.log(app)


def test_started_at_login_it_waits_for_a_late_tray_and_shows_nothing_meanwhile(
    desktop: Desktop,
) -> None:
    # As after `bedtime config set start_at_login on`: the login entry exists. No morning
    # question either, so that any window at all would be one too many.
    for key, value in (("start_at_login", "on"), ("morning_question", "off")):
        done = subprocess.run(
            [sys.executable, "-m", "bedtime", "config", "set", key, value],
            env={**desktop.env, **desktop.app_env()},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    entry = desktop.root / "config" / "autostart" / f"{APP_ID}.desktop"
    assert "--autostart" in entry.read_text()

    app = desktop.start_app("--autostart")
    # The panel is late: for these seconds there is no tray, and nothing appears on screen.
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:
        assert app.poll() is None, desktop.describe(app)
        assert desktop.shown_windows(app) == [], desktop.describe(app)
        time.sleep(0.5)
    desktop.start_trayer()
    assert wait_for(lambda: desktop.embedded_icon(app) or app.poll() is not None, 20), (
        desktop.describe(app)
    )
    assert app.poll() is None, desktop.describe(app)
    assert desktop.shown_windows(app) == [], desktop.describe(app)
    assert "Traceback" not in desktop.log(app), desktop.log(app)


@pytest.mark.parametrize(("kind", "scale"), [("reminder", "1"), ("missed", "1"), ("reminder", "2")])
def test_the_popup_shows_wholly_beside_the_tray_icon(
    desktop: Desktop, kind: str, scale: str
) -> None:
    """The reminder (and the missed-night question) in the app's own popup, as it comes at
    start: beside trayer's icon at the top right, every button on the screen."""
    # A zone in which it is now 20:xx, so that a bedtime can be due, or just past, right now.
    now = datetime.now(UTC)
    hours = (20 - now.hour) % 24
    hours = hours - 24 if hours > 14 else hours
    zone = f"Etc/GMT{-hours:+d}" if hours else "UTC"  # Etc/GMT-2 is two hours ahead of UTC
    local = now + timedelta(hours=hours)
    bedtime = local + (timedelta(minutes=40) if kind == "reminder" else -timedelta(minutes=30))
    desktop.bedtime("config", "set", "notify_style", "popup", TZ=zone)
    desktop.bedtime("config", "set", "bedtime", f"{bedtime:%H:%M}", TZ=zone)
    # In use since yesterday: tonight is a planned night, which can be missed.
    opened = open_database(desktop.root / "data" / DATABASE_NAME)
    Store(opened.conn).first_use(now - timedelta(days=1))
    opened.conn.close()

    trayer = desktop.start_trayer()
    assert wait_for(desktop.tray_available, 15, step=0.2), desktop.log(trayer)
    app = desktop.start_app(TZ=zone, QT_SCALE_FACTOR=scale)
    assert wait_for(
        lambda: (
            (desktop.embedded_icon(app) and desktop.top_level_window(app)) or app.poll() is not None
        ),
        20,
    ), desktop.describe(app)
    icon = desktop.embedded_icon(app)
    popup = desktop.top_level_window(app)
    assert icon is not None and popup is not None, desktop.describe(app)
    time.sleep(0.5)  # long enough for a popup placed before the icon to have moved
    x, y, width, height = desktop.geometry(popup)
    icon_x, icon_y, icon_width, icon_height = desktop.geometry(icon)
    assert 0 <= x <= 800 - width and 0 <= y <= 600 - height, (x, y, width, height)
    # Below the icon (not over it), its right edge near the icon's: beside the tray.
    assert y >= icon_y + icon_height, (y, icon_y, icon_height)
    assert x + width >= icon_x + icon_width - 40 * int(scale), (x, width, icon_x)


def test_when_the_tray_host_restarts_the_icon_comes_back(desktop: Desktop) -> None:
    """A panel that crashes and is started again (or a desktop reloading its panel)."""
    trayer = desktop.start_trayer()
    assert wait_for(desktop.tray_available, 15, step=0.2), desktop.log(trayer)
    app = desktop.start_app()
    assert wait_for(lambda: desktop.embedded_icon(app) or app.poll() is not None, 20), (
        desktop.describe(app)
    )
    for restart in range(2):
        trayer.kill()
        trayer.wait()
        assert wait_for(lambda: desktop.embedded_icon(app) is None, 10), desktop.describe(app)
        time.sleep(1)  # a moment with no tray at all: the app must stay up meanwhile
        assert app.poll() is None, desktop.describe(app)
        trayer = desktop.start_trayer()
        assert wait_for(lambda: desktop.embedded_icon(app) or app.poll() is not None, 20), (
            f"restart {restart}: {desktop.describe(app)}"
        )
        assert app.poll() is None, desktop.describe(app)
    assert "Traceback" not in desktop.log(app), desktop.log(app)


GROWING_POPUP = """
from PySide6.QtWidgets import QApplication
from bedtime.ui.tray.reminder_popup import ReminderPopup
app = QApplication([])
popup = ReminderPopup()
popup.present("Running low on magnesium", "Glycinate: 2 nights left", [("ok", "OK")], None)
for _ in range(20):
    app.processEvents()
popup.present(
    "Running low on magnesium",
    "Glycinate: 2 nights left\\n\\nBedtime could not save: the data file could not be updated.",
    [("ok", "OK")],
    None,
)
for _ in range(20):
    app.processEvents()
body = popup.body
print(body.height(), body.heightForWidth(body.width()))
"""


def test_a_popup_given_more_text_while_shown_grows_to_show_it(desktop: Desktop) -> None:
    """A second notice added to one on screen (on a real X server, where the window is
    mapped at its first size): every line shows, none is clipped."""
    out = subprocess.run(
        [sys.executable, "-c", GROWING_POPUP],
        env={**desktop.env, "QT_QPA_PLATFORM": "xcb"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split()
    height, needed = int(out[0]), int(out[1])
    assert height >= needed
