"""The tray's context menu: every action of the app, since some tray hosts never deliver a
left click. The no-tray window offers the same menu.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from ...core.wording import N_, _

# The menu is made with the icon, before anything else loads; what it says is worded when it
# opens, so the status and its wording are loaded then (tests/test_lean_start.py).
if TYPE_CHECKING:
    from ...app.companion import Status


SNOOZES = (10, 20, 30)
PAUSES = ((N_("Until tomorrow"), 1), (N_("For 3 days"), 3), (N_("For a week"), 7))


class TrayMenu(QMenu):
    take = Signal(object)  # a supplement name, or None: ask which
    snooze = Signal(int)  # minutes
    skip = Signal(bool)
    rate = Signal()
    pause = Signal(int)  # nights, from tonight
    resume = Signal()
    show_window = Signal(str)  # "settings", "history" or "trial"
    quit = Signal()

    def __init__(self, status: Callable[[], "Status"], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._status = status
        self.header = self._info("")
        bold = self.header.font()
        bold.setBold(True)
        self.header.setFont(bold)
        self.tonight = self._info("")
        self.addSeparator()
        self.take_now = self.addAction(_("Take now"))
        self.take_now.triggered.connect(lambda: self.take.emit(None))
        self.take_menu = QMenu(_("Take now"), self)
        self.snooze_menu = self.addMenu(_("Snooze"))
        for minutes in SNOOZES:
            action = self.snooze_menu.addAction(_("{minutes} min").format(minutes=minutes))
            action.triggered.connect(lambda _=False, m=minutes: self.snooze.emit(m))
        self.skip_action = self.addAction(_("Skip tonight"))
        self.skip_action.setCheckable(True)
        self.skip_action.triggered.connect(lambda: self.skip.emit(self.skip_action.isChecked()))
        self.addSeparator()
        self.addAction(_("How did I sleep?…")).triggered.connect(self.rate.emit)
        self.pause_menu = self.addMenu(_("Pause reminders"))
        for label, nights in PAUSES:
            action = self.pause_menu.addAction(_(label))
            action.triggered.connect(lambda _=False, n=nights: self.pause.emit(n))
        self.pause_menu.addSeparator()
        self.resume_action = self.pause_menu.addAction(_("Resume reminders"))
        self.resume_action.triggered.connect(self.resume.emit)
        self.addSeparator()
        self.addAction(_("Settings…")).triggered.connect(lambda: self.show_window.emit("settings"))
        self.addAction(_("History…")).triggered.connect(lambda: self.show_window.emit("history"))
        self.addAction(_("Trial: does it help me?…")).triggered.connect(
            lambda: self.show_window.emit("trial")
        )
        self.addSeparator()
        self.addAction(_("Quit Bedtime")).triggered.connect(self.quit.emit)
        # Times in the menu must never be stale: rebuild from a fresh status on every opening.
        self.aboutToShow.connect(self.refresh)

    def _info(self, text: str) -> QAction:
        action = self.addAction(text)
        action.setEnabled(False)
        return action

    def refresh(self) -> None:
        # Named here, before it first shows, not when made: naming a widget starts Qt's
        # accessibility bridge (a round trip on the session bus), which would delay the icon.
        self.setAccessibleName("Bedtime")
        from . import wording

        status = self._status()
        self.header.setText(wording.header(status))
        self.tonight.setText(wording.tonight(status))
        self._take_entries(status)
        # An off night of a trial stays open: a dose is allowed, asked about, and noted.
        open_night = not status.tonight.settled or status.tonight.skipped or status.tonight.off
        self.skip_action.setChecked(status.tonight.skipped)
        self.skip_action.setEnabled(
            open_night and not status.taken and not status.tonight.paused and not status.tonight.off
        )
        self.snooze_menu.setEnabled(not status.tonight.settled)
        self.resume_action.setEnabled(status.paused_through is not None)

    def _take_entries(self, status: "Status") -> None:
        """One "Take now" item, or a submenu naming each supplement when there are several."""
        from . import wording

        self.take_menu.clear()
        several = len(status.supplements) > 1
        if several:
            for s in status.supplements:
                action = self.take_menu.addAction(wording.dose_line(s))
                action.triggered.connect(lambda _=False, n=s.name: self.take.emit(n))
            self.insertMenu(self.take_now, self.take_menu)
        else:
            self.removeAction(self.take_menu.menuAction())
        self.take_menu.menuAction().setVisible(several)
        self.take_now.setVisible(not several)
