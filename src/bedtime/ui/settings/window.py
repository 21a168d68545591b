"""The settings window: five short pages, checked as the user types, saved all at once.

Save hands everything to the companion, which stores it in one transaction and plans
again (the reminder re-arms at once); Cancel, Esc or closing without saving leaves
everything as it was.
"""

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...app.companion import Companion
from ...core.dosing import doses_above
from ...core.errors import InvalidInput
from ...core.settings import Settings, apply_all
from ...core.wording import _
from ...desktop.launcher import NotInstalled
from ...services.autostart import AutostartError, StartAtLogin
from ..common.error_text import error_text
from ..common.fitting import resize_within_screen
from ..common.form_parts import allowed_sentence
from ..common.icons import icon
from .amounts_page import AmountsPage
from .general_page import GeneralPage
from .page import Saved, SettingsPage
from .reminders_page import RemindersPage
from .schedule_page import SchedulePage
from .supplements_page import SupplementsPage

HEALTH_NOTE_KEY = "health_note"


class SettingsWindow(QWidget):
    def __init__(
        self,
        companion: Companion,
        login: StartAtLogin,
        *,
        notifications_have_buttons: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.companion = companion
        self.setWindowTitle(_("Settings"))  # Qt adds " — Bedtime", the display name
        self.setWindowIcon(icon())
        self._loaded = Settings()
        self._draft: Settings | None = Settings()
        self.schedule = SchedulePage(companion.tonight(), companion.clock.zone())
        self.supplements = SupplementsPage()
        self.amounts = AmountsPage()
        self.reminders = RemindersPage(notifications_have_buttons)
        self.general = GeneralPage(companion, login)
        # The pages, in tab order: everything below goes through this one list.
        self.pages: tuple[SettingsPage, ...] = (
            self.schedule,
            self.supplements,
            self.amounts,
            self.reminders,
            self.general,
        )
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("Settings sections"))
        for page in self.pages:
            # No mnemonics on the tabs: they would clash with the fields' own Alt keys.
            # Ctrl+Tab and Ctrl+PgDown move between pages (see below).
            page.setAccessibleName(_(page.TITLE))
            self.tabs.addTab(page, _(page.TITLE))

        self.problem = QLabel()  # a problem on a page not in view, named here too
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(_("Problem"))
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.cancel)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.cancel)
        # The window's own keys for the pages: the tab bar only hears Ctrl+Tab that the field
        # in focus lets through, and time, date and number fields keep it for themselves.
        ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
        for keys, step in (
            (ctrl | Qt.Key.Key_Tab, 1),
            (ctrl | Qt.Key.Key_PageDown, 1),
            (ctrl | shift | Qt.Key.Key_Backtab, -1),
            (ctrl | Qt.Key.Key_PageUp, -1),
        ):
            QShortcut(QKeySequence(keys), self, lambda step=step: self._turn_page(step))
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

        em = self.fontMetrics().height()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(em, em, em, em)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        resize_within_screen(self, 46 * em, 34 * em)

        for page in self.pages:
            page.edited.connect(self._check)
        self.amounts.note_read.connect(lambda: companion.mark_shown(HEALTH_NOTE_KEY))
        self.general.data_replaced.connect(self._data_replaced)

    def _turn_page(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    # -- loading and checking --------------------------------------------------------------

    def load(self) -> None:
        """Fill every page with what is saved, dropping anything not saved."""
        c = self.companion
        self._loaded = c.settings()
        saved = Saved(
            settings=self._loaded,
            tonight=c.tonight(),
            paused_through=c.paused_through(),
            supplements=tuple(c.supplements()),
            health_note_read=c.was_shown(HEALTH_NOTE_KEY),
        )
        for page in self.pages:
            page.load(saved)
        self._check()

    def showEvent(self, event: QShowEvent) -> None:
        if not event.spontaneous():
            self.load()
        super().showEvent(event)

    def pairs(self) -> dict[str, str]:
        pairs: dict[str, str] = {}
        for page in self.pages:
            pairs.update(page.pairs())
        return pairs

    def _check(self) -> None:
        """Judge the form as it stands: explain a problem beside its field, or allow Save."""
        for page in self.pages:
            for problem in page.problems.values():
                problem.clear_problem()
        self.problem.hide()
        try:
            self._draft = apply_all(self._loaded, self.pairs())
        except InvalidInput as error:
            self._draft = None
            self._explain(error)
        for page in self.pages:
            page.show_draft(self._draft)
        self.save_button.setEnabled(self._draft is not None)

    def _explain(self, error: InvalidInput) -> None:
        sentence = allowed_sentence(error.allowed)
        for page in self.pages:
            place = page.problem_for(error.field)
            if place is not None:
                place.say(sentence)
                if self.tabs.currentWidget() is not page:
                    self.problem.setText(
                        "⚠ " + _("{title}: {text}").format(title=_(page.TITLE), text=sentence)
                    )
                    self.problem.show()
                return
        self.problem.setText(f"⚠ {error_text(error)}")
        self.problem.show()

    # -- save and cancel -------------------------------------------------------------------

    def has_changes(self) -> bool:
        return self._draft != self._loaded or any(page.other_changes() for page in self.pages)

    def save(self) -> None:
        if self._draft is None or not self._lower_limit_confirmed(self._draft):
            return
        try:
            self.companion.save_settings(
                self._draft, self.supplements.changes, self.schedule.paused_through()
            )
        except InvalidInput as error:
            QMessageBox.warning(
                self, _("Not saved"), _("Nothing was saved. {why}").format(why=error_text(error))
            )
            return
        except sqlite3.Error as error:
            QMessageBox.warning(
                self,
                _("Not saved"),
                _("The data file could not be updated ({error}). Nothing was saved.").format(
                    error=error
                ),
            )
            return
        self._loaded = self._draft
        try:
            # Not in the transaction: the login entry belongs to the desktop, not the data file.
            self.general.apply_login()
        except (NotInstalled, AutostartError, OSError) as error:
            QMessageBox.warning(
                self,
                _("Start at login not changed"),
                _("Your other settings were saved; start at login was not changed: {error}").format(
                    error=error
                ),
            )
            self.load()
            return
        self.hide()

    def _lower_limit_confirmed(self, draft: Settings) -> bool:
        """A limit changed to below a supplement's one dose is kept only if the person says so.

        A supplement added or edited here was asked about in its own dialog; this is for the
        limit moving under doses already kept, which `config set limit_mg` warns about too.
        """
        if draft.limit_mg == self._loaded.limit_mg:
            return True
        above = doses_above(self.supplements.shown(), draft.limit_mg)
        if not above:
            return True
        lines = "\n".join(f"{str(a)[0].upper()}{str(a)[1:]}." for a in above)
        answer = QMessageBox.warning(
            self,
            _("Above your daily limit"),
            lines
            + "\n\n"
            + _("A dose above your limit is logged only once you confirm it. Save the new limit?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return True
        self.tabs.setCurrentWidget(self.amounts)
        self.amounts.limit.setFocus()
        return False

    def cancel(self) -> None:
        self.load()  # nothing of what was typed survives into the next opening
        self.hide()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isVisible() and self.has_changes():
            answer = QMessageBox.question(
                self,
                _("Settings"),
                _("Save your changes?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                if self.isVisible():  # not saved: stay open so nothing is lost
                    event.ignore()
                    return
        event.accept()

    def _data_replaced(self) -> None:
        self.companion.refresh()
        self.load()
