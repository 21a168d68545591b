"""History's corrections to the log, each one undoable: a dose changed or deleted, a rating
added, changed or deleted.

Each step is one change through the companion (one store transaction), so a change either
happens whole or not at all. The window runs the first `apply` itself, so a change the log
refuses never reaches the undo stack; the stack runs every later redo and undo. A failure
then (the log changed elsewhere) is kept in `error` for the window to report.
"""

import sqlite3
from collections.abc import Callable
from datetime import date

from PySide6.QtGui import QUndoCommand

from ...app.companion import Companion
from ...core.diary import DiaryEntry
from ...core.dosing import Intake
from ...core.errors import InvalidInput, Refused
from ...core.wording import _
from .night_words import NightNames

# What a change can fail with: the file (locked, damaged) or a rule of the log.
ERRORS = (sqlite3.Error, InvalidInput, Refused)


class LogEdit(QUndoCommand):
    """One change to the log, with what the status line says when it is done and undone."""

    def __init__(self, text: str, night: date, done: str, undone: str) -> None:
        super().__init__(text)
        self.night = night  # the night to show afterwards
        self.done, self.undone = done, undone
        self.error: Exception | None = None
        self._pushed = False

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if not self._pushed:  # push() calls redo(): the change is already made
            self._pushed = True
            return
        self._guarded(self.apply)

    def undo(self) -> None:
        self._guarded(self.revert)

    def _guarded(self, step: Callable[[], None]) -> None:
        self.error = None
        try:
            step()
        except ERRORS as error:
            self.error = error


class DeleteDose(LogEdit):
    def __init__(self, companion: Companion, dose: Intake, words: NightNames) -> None:
        super().__init__(
            _("delete the dose of {day}").format(day=words.night(dose.night)),
            dose.night,
            _("Dose deleted"),
            _("Dose back in the log"),
        )
        self.companion, self.dose = companion, dose

    def apply(self) -> None:
        self.companion.delete_dose(self.dose)

    def revert(self) -> None:
        self.companion.put_dose(self.dose)


class EditDose(LogEdit):
    def __init__(self, companion: Companion, old: Intake, new: Intake, words: NightNames) -> None:
        super().__init__(
            _("change the dose of {day}").format(day=words.night(old.night)),
            new.night,
            _("Dose changed"),
            _("Dose as before"),
        )
        self.companion, self.old, self.new = companion, old, new

    def apply(self) -> None:
        self.companion.change_dose(self.old, self.new)
        self.night = self.new.night  # a changed time can move the dose to another night

    def revert(self) -> None:
        self.companion.put_dose(self.old)
        self.night = self.old.night


class Rate(LogEdit):
    def __init__(
        self, companion: Companion, old: DiaryEntry | None, new: DiaryEntry, words: NightNames
    ) -> None:
        if old is None:
            what = _("add the rating of {day}").format(day=words.night(new.night))
        else:
            what = _("change the rating of {day}").format(day=words.night(new.night))
        super().__init__(
            what,
            new.night,
            _("Rating saved"),
            _("Rating removed") if old is None else _("Rating as before"),
        )
        self.companion, self.old, self.new = companion, old, new

    def apply(self) -> None:
        self.companion.put_rating(self.new)

    def revert(self) -> None:
        if self.old is None:
            self.companion.delete_rating(self.new.night)
        else:
            self.companion.put_rating(self.old)


class DeleteRating(LogEdit):
    def __init__(self, companion: Companion, old: DiaryEntry, words: NightNames) -> None:
        super().__init__(
            _("delete the rating of {day}").format(day=words.night(old.night)),
            old.night,
            _("Rating deleted"),
            _("Rating back in the log"),
        )
        self.companion, self.old = companion, old

    def apply(self) -> None:
        if self.companion.delete_rating(self.old.night) is None:
            raise InvalidInput(
                "rating", _("is no longer in the log; it may have been changed elsewhere")
            )

    def revert(self) -> None:
        self.companion.put_rating(self.old)
