"""The icon first: nothing the icon does not need is loaded on the way from exec to the tray.

Bedtime starts at every login, so every module loaded before its icon shows is paid for by
every user every day. The real app runs as the `bedtime` command does (cli.main), on Xvfb
with trayer as the tray host; the moment it shows its icon, it writes down every Python
module and shared library it has loaded. The scheduler, the notifier, the windows, the
chart, CSV and backup code must all come later (benchmarks/startup.py measures what that
buys), and the scheduler must still come: tonight's plan is made from the event loop.
"""

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bedtime import cli
from tests.ui.test_tray_xvfb import Desktop, wait_for
from tests.ui.test_tray_xvfb import desktop as desktop  # a fixture
from tests.ui.test_tray_xvfb import pytestmark as needs_a_desktop


def on_a_desktop(test: Callable[..., Any]) -> Callable[..., Any]:
    for mark in needs_a_desktop:
        test = mark(test)
    return test


# Records what is loaded when the icon is shown, then goes on as `bedtime` would. Importing
# the tray module first changes nothing: the icon needs it, so it loads before the icon anyway.
PROBE = """
import gc
import sys
from pathlib import Path

from PySide6 import QtCore

from bedtime.ui.tray import tray_icon as tray

shown = tray.Tray.show
out = Path(sys.argv[1])


def show(self):
    shown(self)
    if not out.exists():
        Path(f"{out}.gc").write_text("on" if gc.isenabled() else "off")
        Path(f"{out}.qt").write_text("made" if "Qt" in vars(QtCore) else "not made")
        libraries = {line.split()[-1] for line in open("/proc/self/maps") if ".so" in line}
        out.write_text("\\n".join(sorted(sys.modules) + sorted(libraries)))


tray.Tray.show = show
from bedtime.cli import main

sys.exit(main(sys.argv[2:]))
"""

# Python modules (and their submodules) that must not load before the icon.
NOT_BEFORE_THE_ICON = (
    "apscheduler",  # the scheduler library, with asyncio, ssl and multiprocessing behind it
    "bedtime.services.scheduler",
    "bedtime.services.notifications",
    "jeepney",
    "bedtime.ui.history.window",
    "bedtime.ui.history.table",
    "bedtime.ui.history.night_chart",
    "bedtime.ui.settings.window",
    "bedtime.ui.dialogs.morning_dialog",
    "bedtime.ui.settings.supplement_dialog",
    "bedtime.ui.tray.take_flow",
    "bedtime.ui.tray.no_tray_window",
    "bedtime.export",
    "csv",
    "bedtime.store.backup",
    "bedtime.desktop.install",
    "bedtime.desktop.launcher",  # only for the login entry, and it brings dataclasses
    "dataclasses",  # with inspect, ast and dis: some 4 ms; the core's records come after
    "importlib.metadata",  # the version lookup: the log has it a moment later
    "asyncio",
    "ssl",
    "multiprocessing",
    "babel",  # the catalogs are built with it; at run time gettext reads the compiled ones
    "socket",  # the signal wake-up is set up after the icon
    "zoneinfo",  # the clock's zone is read after the icon
    "PySide6.QtNetwork",  # the single instance takes its lock first and listens after the icon
)
# Qt's SVG module (the icons are drawn from pre-rendered PNGs) and its network module.
LIBRARIES_NOT_BEFORE_THE_ICON = ("libQt6Svg", "libQt6Network")


@on_a_desktop
def test_nothing_but_the_icon_loads_before_the_icon_and_the_plan_comes_right_after(
    desktop: Desktop, tmp_path: Path
) -> None:
    trayer = desktop.start_trayer()
    assert wait_for(desktop.tray_available, 15, step=0.2), desktop.log(trayer)
    loaded = tmp_path / "loaded.txt"
    state = tmp_path / "state"
    app = desktop.start(
        [sys.executable, "-c", PROBE, str(loaded)],
        "bedtime",
        **desktop.app_env(XDG_STATE_HOME=str(state)),
    )
    assert wait_for(lambda: loaded.exists() or app.poll() is not None, 20), desktop.log(app)
    assert loaded.exists(), desktop.describe(app)
    # It runs for days: the cycle collector, off while a command runs, is on.
    assert Path(f"{loaded}.gc").read_text() == "on"
    names = loaded.read_text().splitlines()
    early = [
        name
        for name in names
        if any(name == banned or name.startswith(banned + ".") for banned in NOT_BEFORE_THE_ICON)
        or any(library in name for library in LIBRARIES_NOT_BEFORE_THE_ICON)
    ]
    assert early == [], f"loaded before the icon showed: {early}"
    # The first use of Qt's namespace (Qt.AlignmentFlag, …) makes all its enums, some 15 ms.
    assert Path(f"{loaded}.qt").read_text() == "not made"

    # What was left for later comes: the icon is taken in, and tonight is planned.
    log = state / "bedtime" / "log" / "bedtime.log"
    assert wait_for(lambda: desktop.embedded_icon(app) is not None, 20), desktop.describe(app)
    assert wait_for(lambda: log.exists() and "planned:" in log.read_text(), 20), desktop.log(app)
    lines = log.read_text().splitlines()
    assert "started: Bedtime" in lines[0], lines
    assert app.poll() is None, desktop.describe(app)
    assert "Traceback" not in desktop.log(app), desktop.log(app)
    app.terminate()
    assert app.wait(10) == 0, desktop.log(app)


def test_status_loads_only_what_status_needs(tmp_path: Path) -> None:
    """`bedtime status` starts in a fraction of the tray app's time: no Qt, no tray app, no
    version lookup, and of the command line only its own module and what all commands share."""
    probe = (
        "import sys\n"
        "from bedtime.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "--data-dir", str(tmp_path), "status", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    loaded = set(done.stderr.splitlines())
    shared = {"__init__", "main", "parser", "outcome", "output", "context"}
    commands = {path.stem for path in Path(cli.__file__).parent.glob("*.py")} - shared
    others = [f"bedtime.cli.{name}" for name in sorted(commands - {"status"})]
    unwanted = (
        *("PySide6", "shiboken6", "apscheduler", "jeepney", "importlib.metadata", "csv"),
        *("bedtime.app.tray_app", "bedtime.app.companion", "bedtime.ui", "bedtime.services"),
        *("bedtime.desktop.install", "bedtime.export"),
        *("bedtime.store.backup", "bedtime.core.history", "bedtime.core.insights"),
        *others,
    )
    early = sorted(
        name
        for name in loaded
        if any(name == banned or name.startswith(banned + ".") for banned in unwanted)
    )
    assert early == []
    assert len(others) >= 7, others  # the other commands' modules were found to be banned
    assert {"bedtime.cli.status", "bedtime.store.repository"} <= loaded  # the probe saw them


# The tray app's own start path, as the entry point calls it once it knows a tray app is
# wanted: besides the modules above, the log, the data file and the clock's zone come after
# the icon too. Records the files open when the icon is shown as well.
TRAY_PATH_PROBE = """
import os
import sys
from pathlib import Path

from bedtime.pyside_imports import check_sources_without_keeping_them

check_sources_without_keeping_them()
from bedtime.ui.tray import tray_icon as tray

shown = tray.Tray.show
out = Path(sys.argv[1])


def show(self):
    shown(self)
    if not out.exists():
        files = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                files.append(os.readlink(f"/proc/self/fd/{fd}"))
            except OSError:  # the listing's own, closed by now
                pass
        out.write_text("\\n".join(sorted(sys.modules) + [f"file:{f}" for f in files]))


tray.Tray.show = show
from bedtime.app.tray_app import run

sys.exit(run(Path(sys.argv[2])))
"""

NOT_BEFORE_THE_ICON_ON_THE_TRAY_PATH = (
    *NOT_BEFORE_THE_ICON,
    "sqlite3",
    "bedtime.store",
    "bedtime.app.companion",
    "bedtime.core.nights",
    "bedtime.core.alerts",
    "bedtime.services.logbook",
    "bedtime.services.autostart",
    "logging.handlers",
    "tzlocal",
)


@on_a_desktop
def test_the_tray_path_opens_the_log_and_the_data_file_only_after_the_icon(
    desktop: Desktop, tmp_path: Path
) -> None:
    trayer = desktop.start_trayer()
    assert wait_for(desktop.tray_available, 15, step=0.2), desktop.log(trayer)
    loaded = tmp_path / "loaded.txt"
    state, data = tmp_path / "state", tmp_path / "data"
    app = desktop.start(
        [sys.executable, "-c", TRAY_PATH_PROBE, str(loaded), str(data)],
        "bedtime",
        **desktop.app_env(XDG_STATE_HOME=str(state)),
    )
    assert wait_for(lambda: loaded.exists() or app.poll() is not None, 20), desktop.log(app)
    assert loaded.exists(), desktop.describe(app)
    lines = loaded.read_text().splitlines()
    modules = [line for line in lines if not line.startswith("file:")]
    files = [line.removeprefix("file:") for line in lines if line.startswith("file:")]
    early = [
        name
        for name in modules
        if any(
            name == banned or name.startswith(banned + ".")
            for banned in NOT_BEFORE_THE_ICON_ON_THE_TRAY_PATH
        )
    ]
    assert early == [], f"loaded before the icon showed: {early}"
    assert [f for f in files if f.startswith((str(data), str(state)))] == []
    assert "bedtime.ui.tray.tray_icon" in modules  # the probe saw the icon's own modules

    # Right after the icon: the log, the data file, and tonight planned.
    log = state / "bedtime" / "log" / "bedtime.log"
    assert wait_for(lambda: log.exists() and "planned:" in log.read_text(), 20), desktop.log(app)
    assert (data / "bedtime.db").is_file()
    assert desktop.embedded_icon(app) is not None, desktop.describe(app)
    app.terminate()
    assert app.wait(10) == 0, desktop.log(app)
    assert "Traceback" not in desktop.log(app), desktop.log(app)


# The message box stands in for the person reading it: says what it was shown and whether the
# icon or the no-tray window was still up by then, and answers at once.
CANNOT_START_PROBE = """
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from bedtime.app.tray_app import run


def critical(parent, title, text):
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    print(f"box: {title}: {text}; windows up: {len(shown)}")
    return QMessageBox.StandardButton.Ok


QMessageBox.critical = critical
sys.exit(run(Path(sys.argv[1])))
"""


def test_a_data_folder_that_cannot_be_opened_after_the_icon_is_told_and_the_app_stops(
    tmp_path: Path,
) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the data folder should be")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    done = subprocess.run(
        [sys.executable, "-c", CANNOT_START_PROBE, str(not_a_folder)],
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",  # no tray: the no-tray window stands in for it
            "XDG_RUNTIME_DIR": str(runtime),
            "XDG_STATE_HOME": str(tmp_path / "state"),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1, done.stderr
    told = f"box: Bedtime cannot start: the data folder {not_a_folder} is a file"
    assert done.stdout.startswith(told), done.stdout
    assert done.stdout.rstrip().endswith("windows up: 0"), done.stdout  # nothing behind it
    assert "Traceback" not in done.stderr, done.stderr
    log = (tmp_path / "state" / "bedtime" / "log" / "bedtime.log").read_text()
    assert "cannot start:" in log
