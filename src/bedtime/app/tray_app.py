"""The tray app's composition root: builds the pieces and wires their signals; nothing else."""

import contextlib
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    QSocketNotifier,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from .. import paths
from ..core.wording import _
from ..services.single_instance import SingleInstance, instance_key
from ..ui.common.icons import icon
from ..ui.tray.menu import TrayMenu
from ..ui.tray.tray_icon import Tray
from . import qt_language
from .memory import give_back
from .open_windows import OpenWindows
from .window_names import SHOW_WINDOWS

# Only what the icon needs is imported above: the single-instance check (so two icons never
# show), the icon and its menu. The log, the data file, the clock and its zone, the scheduler,
# the notifier and every window are imported where they are first used, after the icon is in
# the tray: a start at every login should not wait for them (tests/test_lean_start.py keeps
# it so). Even a name from a module already loaded can cost: QMessageBox's enums are made
# when the name is first taken from QtWidgets.
if TYPE_CHECKING:
    import socket
    from datetime import date

    from PySide6.QtWidgets import QWidget

    from ..core.diary import DiaryEntry
    from ..services.autostart import StartAtLogin
    from ..services.logbook import Logbook
    from ..store.repository import Store
    from ..ui.dialogs.error_dialog import ErrorDialog
    from ..ui.dialogs.login_question import LoginQuestion
    from ..ui.dialogs.morning_dialog import MorningDialog
    from ..ui.history.window import HistoryWindow
    from ..ui.tray.no_tray_window import NoTrayWindow
    from .clock import SystemClock
    from .companion import Status

log = logging.getLogger(__name__)

# How often to look for a tray host that was not there at start (a panel starting late).
TRAY_POLL_MS = 5_000
# Started at login, the panel may come up after the app: look for it every second, and only
# after this long show the no-tray window instead. Nothing flashes on screen meanwhile.
LOGIN_POLL_MS = 1_000
LOGIN_TRAY_WAIT_MS = 120_000
# After the data file could not be written, try again this much later.
RETRY_MS = 60_000


class BedtimeApp(QObject):
    """Everything the running app holds, wired together.

    Made in two steps, so the icon is in the tray before anything else is loaded: the icon
    and its menu when made, then `attach` hands over the data and the clock, and what runs
    behind the icon is built from the event loop (`start`).
    """

    def __init__(self, *, at_login: bool = False) -> None:
        super().__init__()
        self.error_dialog: ErrorDialog | None = None
        self.menu = TrayMenu(self.status)
        self.tray = Tray(self.menu, self)
        self._no_tray: NoTrayWindow | None = None  # made only when there is no tray
        self._morning: MorningDialog | None = None
        self.windows = OpenWindows(self._window, self)
        self.windows.closing.connect(self._closing)
        self._history_period: int | None = None  # as History was last left; None: its own
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.refresh)
        self._tray_poll = QTimer(self)
        self._tray_poll.timeout.connect(self._look_for_tray)
        self._tray_wait = QTimer(self)
        self._tray_wait.setSingleShot(True)
        self._tray_wait.timeout.connect(self._no_tray_after_all)
        self._question: LoginQuestion | None = None
        self._attached = False
        self._started = False
        self._place(at_login)
        # The icon goes out to the tray host now, before the caller goes on to open the data.
        QGuiApplication.sync()

    def attach(
        self,
        store: "Store",
        clock: "SystemClock",
        login: "StartAtLogin",
        notices: Sequence[str] = (),
        log_file: Path | None = None,
    ) -> None:
        """What runs behind the icon: the data, the clock and start at login; `start` follows
        from the event loop. NOTICES: what to tell once started; LOG_FILE: where the log is."""
        from ..services.logbook import UnhandledErrors

        self.clock = clock
        self.login = login
        self.log_file = log_file
        self._store = store
        self._notices = tuple(notices)
        # First, so a bug anywhere below is logged and told rather than lost on stderr.
        self.errors = UnhandledErrors(self._unexpected)
        self._data_version = store.data_version()
        self._attached = True
        QTimer.singleShot(0, self, self.start)

    def start(self) -> None:
        """Build and wire what runs behind the icon, then plan: once, as soon as needed.

        Called from the event loop just after the icon is shown, or earlier by anything that
        needs the companion (the menu opened, a message from a later launch).
        """
        if self._started:
            return
        self._started = True
        from ..services.notifications import DesktopNotifier
        from ..services.scheduler import Alarms
        from ..services.wake_watch import WakeWatch
        from ..ui.common.form_parts import allowed_sentence
        from ..ui.tray.presenter import ScreenPresenter
        from ..ui.tray.take_flow import TakeFlow
        from .companion import Companion

        self.alarms: Alarms = Alarms(self.clock.zone(), self.clock.now)
        self.notifier: DesktopNotifier | None = DesktopNotifier.connect("Bedtime", self)
        self.presenter: ScreenPresenter = ScreenPresenter(
            self.notifier, self.clock.now, self.tray.geometry, self
        )
        read_only = self._store.read_only()
        if read_only:
            self._store.hold_run_state()  # so tonight's reminders still come, and nudge
        self.companion: Companion = Companion(
            self._store, self.clock, self.alarms, self.presenter, self
        )
        self.flow: TakeFlow = TakeFlow(self.companion)
        self.watch: WakeWatch = WakeWatch(self.clock.reload_zone, self)
        self._wire()
        self.refresh()
        for notice in self._notices:
            self._tell("Bedtime", allowed_sentence(notice))
        if read_only:
            self._tell(
                _("Bedtime cannot save"),
                _(
                    "The data folder {folder} is read-only. Reminders still come, but doses "
                    "cannot be logged until it is writable (a snooze, skip or pause lasts until "
                    "Bedtime quits)."
                ).format(folder=self._store.file().parent),
            )
        self._ask_about_login()

    def _wire(self) -> None:
        m, c = self.menu, self.companion
        m.take.connect(lambda name: self._guarded(lambda: self.flow.take(name)))
        m.snooze.connect(lambda minutes: self._guarded(lambda: c.snooze(minutes)))
        m.skip.connect(lambda skipped: self._guarded(lambda: c.skip(skipped)))
        m.pause.connect(lambda nights: self._guarded(lambda: c.pause(nights)))
        m.resume.connect(lambda: self._guarded(c.resume))
        m.rate.connect(lambda: self.open_morning(c.rating_night(), asked=False))
        m.show_window.connect(self.show)
        m.quit.connect(quit_app)
        c.changed.connect(self._show_status)
        self.presenter.chosen.connect(self._chosen)
        self.tray.moved.connect(self.presenter.follow_tray)
        self.presenter.morning.connect(lambda night: self.open_morning(night, asked=True))
        self.watch.moved.connect(self._moved)
        self.watch.beat_done.connect(self._look_for_changes)

    def _place(self, at_login: bool) -> None:
        """In the tray if there is one; else the window, until a tray host turns up.

        Started at login, wait quietly for the panel first (it may start after Bedtime).
        """
        if Tray.available():
            self.tray.show()
        elif at_login:
            self._tray_poll.start(LOGIN_POLL_MS)
            self._tray_wait.start(LOGIN_TRAY_WAIT_MS)
        else:
            self._no_tray_after_all()

    @property
    def window(self) -> "NoTrayWindow":
        """The window shown instead of the icon while there is no tray to sit in."""
        if self._no_tray is None:
            from ..ui.tray.no_tray_window import NoTrayWindow

            self._no_tray = NoTrayWindow(self.menu)
            if self._started:
                self._no_tray.show_status(self.companion.status())
        return self._no_tray

    def _no_tray_after_all(self) -> None:
        self.window.show()
        self._tray_poll.start(TRAY_POLL_MS)

    def _look_for_tray(self) -> None:
        if Tray.available():
            self._tray_poll.stop()
            self._tray_wait.stop()
            self.tray.show()
            if self._no_tray is not None:
                self._no_tray.hide()

    # -- start at login --------------------------------------------------------------------

    def _ask_about_login(self) -> None:
        """On the first run, ask once whether to start at login."""
        from ..services.autostart import LOGIN_QUESTION

        store = self.companion.store
        if store.was_shown(LOGIN_QUESTION):
            return
        if self.login.enabled():  # already on (set from the command line): nothing to ask
            store.mark_shown(LOGIN_QUESTION, self.clock.now())
            return
        if not self.login.possible():
            return  # a throwaway copy (uvx): ask once Bedtime is installed
        from ..ui.dialogs.login_question import LoginQuestion

        self._question = LoginQuestion()
        self._question.answered.connect(self._answered_login)
        self._question.show()

    def _answered_login(self, yes: bool) -> None:
        from ..desktop.launcher import NotInstalled
        from ..services.autostart import LOGIN_QUESTION, AutostartError

        self._question = None
        self._guarded(lambda: self.companion.store.mark_shown(LOGIN_QUESTION, self.clock.now()))
        if not yes:
            return
        try:
            self.login.set(True)
        except (NotInstalled, AutostartError, OSError) as error:
            self._tell(_("Bedtime will not start at login"), f"{error}")

    # -- keeping the plan current ----------------------------------------------------------

    def status(self) -> "Status":
        self.start()
        return self.companion.status()

    def refresh(self) -> None:
        self._guarded(self.companion.refresh)

    def _moved(self, reason: str) -> None:
        log.info("time moved (%s): re-arming", reason)
        self.alarms.recheck()
        self.refresh()

    def _look_for_changes(self) -> None:
        """A dose or setting saved by `bedtime` on the command line: plan again.

        SQLite's data_version changes when another connection commits; reading it is cheap.
        """
        version = self.companion.store.data_version()
        if version != self._data_version:
            self._data_version = version
            log.info("the data was changed by another program: planning again")
            self.refresh()

    def _unexpected(self, details: str) -> None:
        """A bug surfaced (already logged): tell the user once per run, and plan again.

        The error may have cut a re-plan short; the retry arms tonight's reminder anew.
        """
        self._retry.start(RETRY_MS)
        if self.error_dialog is None:
            from .. import __version__
            from ..services.logbook import runtime
            from ..ui.dialogs.error_dialog import ErrorDialog

            self.error_dialog = ErrorDialog(
                f"Bedtime {__version__} ({runtime()})\n\n{details}", self.log_file
            )
            self.error_dialog.show()

    def _guarded(self, action: Callable[[], object]) -> None:
        """Run ACTION; if the data file cannot be written, say so and try the plan again later."""
        import sqlite3  # loaded with the store already

        from ..store.database import is_read_only

        try:
            action()
        except sqlite3.Error as error:
            log.warning("data file not updated: %s", error, exc_info=True)
            if is_read_only(error):  # told at start; trying again changes nothing
                folder = self.companion.store.file().parent
                self._tell(
                    _("Bedtime could not save"),
                    _("The data folder {folder} is read-only.").format(folder=folder),
                )
                return
            self._tell(
                _("Bedtime could not save"),
                _("The data file could not be updated ({error}).").format(error=error),
            )
            self._retry.start(RETRY_MS)

    def _show_status(self) -> None:
        status = self.companion.status()
        self.tray.show_status(status)
        if self._no_tray is not None:
            self._no_tray.show_status(status)

    def _tell(self, title: str, text: str) -> None:
        import sqlite3  # loaded with the store already

        try:
            popup = self.companion.settings().notify_style == "popup"
        except sqlite3.Error:  # the data file is what went wrong: the popup needs nothing from it
            popup = True
        self.presenter.notice(title, text, popup=popup)

    # -- answers ---------------------------------------------------------------------------

    def _chosen(self, key: str, night: "date | None") -> None:
        log.info("reminder answered: %s", key)
        if night is not None and night != self.companion.tonight():
            # A reminder left on screen past its night: acting on it would log the wrong night.
            self.refresh()
            return
        actions = {
            "taken": lambda: self.flow.take(None),
            "earlier": self.flow.take_earlier,
            "snooze": lambda: self.companion.snooze(),
            "skip": lambda: self.companion.skip(True),
        }
        if key in actions:
            self._guarded(actions[key])

    def open_morning(self, night: "date", *, asked: bool) -> None:
        if self._morning is not None:  # open: one question at a time
            self._morning.raise_()
            self._morning.activateWindow()
            return
        from ..ui.dialogs.morning_dialog import MorningDialog

        dialog = MorningDialog(
            night,
            self.clock.zone().key,
            existing=self.companion.existing_rating(night),
            allow_later=asked,
        )

        def rated(entry: "DiaryEntry") -> None:
            self._guarded(lambda: self.companion.rate(entry))

        dialog.rated.connect(rated)
        dialog.later.connect(lambda: self._guarded(lambda: self.companion.later(night)))
        dialog.dismissed.connect(self.companion.dismissed)
        # Imported here: the first use of Qt's namespace makes all its enums, some 15 ms, which
        # the icon must not wait for (tests/test_lean_start.py).
        from PySide6.QtCore import Qt

        # Asked every morning: each answered dialog is freed, not kept hidden all day.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._morning_closed)
        self._morning = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _morning_closed(self) -> None:
        self._morning = None

    def show(self, target: str) -> None:
        """Open a window by name, as `bedtime show TARGET` asks."""
        if target == "diary":
            self.open_morning(self.companion.rating_night(), asked=False)
            return
        self.windows.show(target)

    def _window(self, target: str) -> "QWidget":
        if target == "settings":
            from ..ui.settings.window import SettingsWindow

            return SettingsWindow(
                self.companion,
                self.login,
                notifications_have_buttons=self.presenter.uses_notifications,
            )
        if target == "trial":
            from ..ui.history.trial_window import TrialWindow

            return TrialWindow(self.companion)
        from ..ui.history.window import HistoryWindow

        history = HistoryWindow(self.companion)
        if self._history_period is not None:
            history.set_period(self._history_period)
        return history

    def _closing(self, target: str, window: "QWidget") -> None:
        """Keep what should look the same when the window is opened again; once it is gone,
        give back what it held (app/memory.py)."""
        if target == "history":
            self._history_period = cast("HistoryWindow", window).period()
        window.destroyed.connect(lambda: QTimer.singleShot(0, give_back))

    def shutdown(self) -> None:
        """Stop every timer and connection, and close every window: nothing runs after this."""
        self._retry.stop()
        self._tray_poll.stop()
        self._tray_wait.stop()
        self.tray.hide()
        if self._started:
            self.alarms.stop()
            self.watch.stop()
            self.presenter.withdraw()
            if self.notifier is not None:
                self.notifier.shutdown()
        self.windows.close_all()
        for widget in (self._no_tray, self._morning, self._question):
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        if self._attached:
            self.errors.restore()

    def handle(self, message: str) -> None:
        """A message from a later launch: "activate" or "show TARGET"."""
        self.start()
        verb, _space, target = message.partition(" ")
        if verb == "show" and target in SHOW_WINDOWS:
            self.show(target)
        elif not self.tray.icon.isVisible():
            self.window.showNormal()
            self.window.raise_()
            self.window.activateWindow()
        else:
            self.tray.icon.showMessage(_("Bedtime is running"), self.tray.icon.toolTip())


def run(
    data_dir: Path,
    message: str = "activate",
    *,
    verbose: bool = False,
    at_login: bool = False,
    notices: Sequence[str] = (),
) -> int:
    """Start the app, or hand MESSAGE to the one already running; the exit code.

    AT_LOGIN: started by the login entry, so the tray only, once the panel is there.
    NOTICES: what the environment held that could not be used, and what is used instead.
    """
    # The application id as argv[0] and name makes it the X11 window class (instance and
    # class), also when started as `python -m bedtime`: the desktop matches the window to
    # its entry by it.
    # A QApplication made earlier (by a test) is used; QApplication() refuses a second one.
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([paths.APP_ID])
    qt_language.speak(app)
    app.setApplicationName(paths.APP_ID)
    app.setApplicationDisplayName("Bedtime")
    # Wayland and the task switcher find the name and icon through the .desktop file.
    QGuiApplication.setDesktopFileName(paths.APP_ID)
    app.setWindowIcon(icon())
    app.setQuitOnLastWindowClosed(False)

    instance = SingleInstance(instance_key(data_dir))
    alone: str | None = None
    try:
        primary = instance.claim()
    except OSError as error:
        # Someone else's lock or socket, or no folder of the user's own for them: tonight's
        # reminder matters more than one instance, so run, and say why.
        primary = True
        alone = _(
            "Bedtime cannot make sure it runs only once: {error}. It runs anyway; starting "
            "it again may start a second one."
        ).format(error=error)
    if not primary:
        if at_login:  # already running (started by hand first): nothing to bring forward
            return 0
        if instance.forward(message):
            return 0
        print(
            _("bedtime: error: {problem}").format(
                problem=_("another Bedtime holds the lock but does not answer")
            ),
            file=sys.stderr,
        )
        return 1
    # The icon first (a start at every login waits for nothing else); it is out to the tray
    # host before the log, the zone and the data file are opened below.
    bedtime = BedtimeApp(at_login=at_login)
    _quit_on_signals(app)
    instance.listen()  # a later launch meanwhile waits for it (services/single_instance.py)
    from ..services.autostart import for_data_dir as start_at_login
    from ..services.logbook import log_dir, open_logbook
    from ..store.database import StoreError, open_database
    from ..store.repository import Store
    from .clock import SystemClock, zone_or_system_zone

    # Only the instance that runs writes the log: one writer, so rotation stays safe.
    logbook = open_logbook(log_dir(), verbose=verbose)
    warnings = [
        _("the lock and socket are not kept there: {why}").format(why=why)
        for why in instance.passed_over
    ]
    if alone is not None:
        warnings.append(alone)
    zone, zone_notice = zone_or_system_zone()
    # One message on screen for all of the environment's problems, however many.
    fallbacks = [*notices, *([] if zone_notice is None else [zone_notice])]
    warnings += fallbacks
    try:
        paths.make_data_dir(data_dir)
        opened = open_database(data_dir / paths.DATABASE_NAME)
    except (StoreError, OSError) as error:
        bedtime.shutdown()  # the icon goes: there is nothing behind it
        return _fail(f"{error}", logbook, data_dir, warnings)
    warnings += opened.notices
    # Logged from the event loop, before the rest of the app is built (posted events keep
    # their order): looking up the version takes longer than showing the icon.
    QTimer.singleShot(0, lambda: _log_start(data_dir, warnings))
    bedtime.attach(
        Store(opened.conn),
        SystemClock(zone),
        start_at_login(data_dir),
        [
            *opened.notices,
            *([alone] if alone else []),
            *(["\n".join(fallbacks)] if fallbacks else []),
        ],
        logbook.path,
    )
    instance.message_received.connect(bedtime.handle)
    if message != "activate":
        bedtime.handle(message)
    code = app.exec()
    bedtime.shutdown()
    opened.conn.close()
    instance.release()
    log.info("stopped (exit code %d)", code)
    logbook.close()
    return code


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
    """Qt's own warnings (a missing tray, a D-Bus hiccup) belong in the log too."""
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s", text)


def quit_app() -> None:
    """Leave the event loop. Not QApplication.quit(): since Qt 6 it first asks every window to
    close, and the no-tray window refuses (closing it must not stop tonight's reminder)."""
    QApplication.exit(0)


def _quit_on_signals(app: QApplication) -> None:
    """Quit cleanly on SIGTERM (logout, kill) and SIGINT (Ctrl+C).

    Python runs signal handlers only between its own bytecodes, and an idle Qt loop runs none;
    so the signal is written to a socket that Qt watches, which wakes the loop only then.
    """
    import socket

    reader, writer = socket.socketpair()
    for end in (reader, writer):
        end.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: None)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drained() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)
        quit_app()

    notifier.activated.connect(drained)
    _SIGNAL_SOCKETS.extend((reader, writer))  # kept open as long as the process runs


_SIGNAL_SOCKETS: "list[socket.socket]" = []


def _log_start(data_dir: Path, warnings: Sequence[str]) -> None:
    """The log's first lines: what runs, on what, with which data, and what is amiss."""
    from .. import __version__
    from ..services.logbook import runtime

    QApplication.setApplicationVersion(__version__)
    log.info("started: Bedtime %s (%s); data in %s", __version__, runtime(), data_dir)
    # From here on Qt's own messages go to the log too (before, Qt prints them on stderr).
    qInstallMessageHandler(_qt_message)
    for warning in warnings:
        log.warning("%s", warning)


def _fail(message: str, logbook: "Logbook", data_dir: Path, warnings: Sequence[str]) -> int:
    _log_start(data_dir, warnings)
    log.error("cannot start: %s", message)
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, _("Bedtime cannot start"), message)
    logbook.close()
    return 1
