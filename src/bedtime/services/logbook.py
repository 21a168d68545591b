"""The tray app's log, and what happens to an error nothing else caught.

Under a tray nobody reads stderr, so the running app writes what it does (start and stop,
reminders planned, shown and answered, doses logged, wake-ups and clock jumps) and every
error with its traceback to a small rotating file in the platform's log folder. It is a
health log's neighbour: the folder is 0700 and every file 0600, whatever the umask, and
callers log times, amounts and what happened, never names or notes a person typed.

No Qt here: `bedtime --version` and the start line use the same facts without loading it.
"""

import io
import logging
import logging.handlers
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from platformdirs import user_log_dir

from ..private_files import open_private, own_folder

LOG_NAME = "bedtime.log"
MAX_BYTES = 1024 * 1024
BACKUPS = 3  # bedtime.log.1 … .3: about 4 MiB at most, months of ordinary nights
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

log = logging.getLogger(__name__)


def log_dir() -> Path:
    """The platform's log folder (~/.local/state/bedtime/log on Linux)."""
    return Path(user_log_dir("bedtime", appauthor=False))


def runtime() -> str:
    """What Bedtime runs on, in one line; loads Qt only to read its version."""
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        qt = f"Qt {qVersion()}, PySide6 {PySide6.__version__}"
    except ImportError as error:  # a broken install: still say what there is
        qt = f"Qt not available ({error})"
    python = sys.version.split()[0]
    return f"Python {python}, {qt}"


class _PrivateRotatingFile(logging.handlers.RotatingFileHandler):
    """A rotating file created 0600; rotation renames, so the older files keep that mode."""

    def _open(self) -> io.TextIOWrapper:
        fd = open_private(Path(self.baseFilename), os.O_WRONLY | os.O_APPEND)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


class _TerminalFormatter(logging.Formatter):
    """One line as the command line words its own: "bedtime: warning: …"."""

    def format(self, record: logging.LogRecord) -> str:
        return f"bedtime: {record.levelname.lower()}: {super().format(record)}"


class Logbook:
    """The open log: where it is (None: no file could be made), and how to close it again."""

    def __init__(self, path: Path | None, handlers: list[logging.Handler], level: int) -> None:
        self.path = path
        self._handlers = handlers
        self._level = level  # the root logger's, before

    def close(self) -> None:
        root = logging.getLogger()
        root.setLevel(self._level)
        for handler in self._handlers:
            root.removeHandler(handler)
            handler.close()


def open_logbook(folder: Path, *, verbose: bool = False) -> Logbook:
    """Send the app's log lines to FOLDER/bedtime.log (debug lines too when VERBOSE).

    Warnings and errors also go to stderr, for whoever started the app in a terminal; so
    does the reason when the file cannot be made (the app runs on without one).
    """
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    # APScheduler notes every job it adds and runs at INFO: one per re-plan, noise here.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    to_terminal = logging.StreamHandler(sys.stderr)
    to_terminal.setLevel(logging.DEBUG if verbose else logging.WARNING)
    to_terminal.setFormatter(_TerminalFormatter())
    root.addHandler(to_terminal)
    path = folder / LOG_NAME
    try:
        own_folder(folder)
        to_file = _PrivateRotatingFile(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as error:
        log.warning("no log file this time: %s", error)
        return Logbook(None, [to_terminal], level)
    to_file.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(to_file)
    return Logbook(path, [to_file, to_terminal], level)


_ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]
_ThreadExceptHook = Callable[[threading.ExceptHookArgs], object]


class UnhandledErrors:
    """Catch every exception nothing else caught: log it with its traceback, then REPORT it.

    PySide6 hands an exception raised in a slot, a timer or an event handler to
    sys.excepthook and carries on with the event loop; so does this hook, which is what keeps
    the reminders coming after a bug. REPORT gets the traceback as text (for a dialog).
    """

    def __init__(self, report: Callable[[str], None]) -> None:
        self._report = report
        self._previous: tuple[_ExceptHook, _ThreadExceptHook] = (
            sys.excepthook,
            threading.excepthook,
        )
        sys.excepthook = self._caught
        threading.excepthook = self._caught_in_thread

    def restore(self) -> None:
        """Put back the hooks found at the start, unless something has replaced ours since."""
        if sys.excepthook == self._caught:
            sys.excepthook = self._previous[0]
        if threading.excepthook == self._caught_in_thread:
            threading.excepthook = self._previous[1]

    def _caught(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log.error("unhandled error", exc_info=(kind, error, tb))
        details = "".join(traceback.format_exception(kind, error, tb))
        try:
            self._report(details)
        except Exception:  # the report failing must not hide the error it was reporting
            log.exception("could not report the error above")

    def _caught_in_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self._caught(args.exc_type, args.exc_value, args.exc_traceback)
