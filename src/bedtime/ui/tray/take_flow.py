"""Logging a dose from the tray, a notification or the popup, with the questions it may need.

The rules are the store's (the same as `bedtime take`); this only asks the person what the
rules leave open: which supplement, whether to go over the limit, how much was restocked,
and, before the first dose ever, what they take.
"""

import sqlite3
from datetime import time

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from ...app.companion import Companion
from ...core.errors import InvalidInput, NotEnoughStock, OverLimit
from ...core.trial_plan import OffNightDose
from ...core.wording import _
from ..common.error_text import error_text
from ..dialogs.earlier_dialog import EarlierDialog
from ..dialogs.restock_prompt import ask_units_added
from ..settings.supplement_dialog import SupplementDialog


class TakeFlow:
    def __init__(self, companion: Companion, parent: QWidget | None = None) -> None:
        self.companion = companion
        self.parent = parent

    def take(self, name: str | None = None, at: time | None = None) -> bool:
        """Log one dose of NAME (asking which if there are several); True if it was logged."""
        if not self.companion.supplements() and not self._add_first():
            return False
        if name is None:
            name = self._choose()
            if name is None:
                return False
        force = deviation = False
        # At most: off night → confirmed, over the limit → confirmed, out of stock →
        # restocked, then logged.
        for _attempt in range(4):
            try:
                self.companion.take(name, at=at, force=force, deviation=deviation)
                return True
            except OffNightDose as refusal:
                if not self._confirm_off_night(str(refusal)):
                    return False
                deviation = True
            except OverLimit as refusal:
                if not self._confirm_over_limit(str(refusal)):
                    return False
                force = True
            except NotEnoughStock as refusal:
                if not self._restock(refusal):
                    return False
            except InvalidInput as error:
                self._warn(_("The dose was not logged"), error_text(error))
                return False
            except sqlite3.Error as error:
                self._warn(_("The dose was not logged"), self._not_saved(error))
                return False
        return False

    def take_earlier(self) -> bool:
        """ "I took it earlier": ask when (tonight's reminder time first), then log it then."""
        status = self.companion.status()
        default = status.tonight.shown[0] if status.tonight.shown else status.now
        dialog = EarlierDialog(default.astimezone(status.now.tzinfo).time(), self.parent)
        if dialog.exec() != EarlierDialog.DialogCode.Accepted:
            return False
        return self.take(None, at=dialog.time())

    def _add_first(self) -> bool:
        dialog = SupplementDialog(self.parent, limit_mg=self.companion.settings().limit_mg)
        while dialog.exec() == SupplementDialog.DialogCode.Accepted:
            draft = dialog.supplement()
            if draft is None:
                return False
            try:
                self.companion.add_supplement(draft)
                return True
            except InvalidInput as error:  # named as the dialog's field reads
                dialog.show_error(error)
            except sqlite3.Error as error:
                dialog.show_error(
                    _("The data file could not be updated ({error}).").format(error=error)
                )
        return False

    def _choose(self) -> str | None:
        supplements = self.companion.supplements()
        if len(supplements) == 1:
            return supplements[0].name
        names = [s.name for s in supplements]
        name, ok = QInputDialog.getItem(
            self.parent, _("Take now"), _("Which supplement did you take?"), names, 0, False
        )
        return name if ok else None

    def _confirm_over_limit(self, reason: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Above your daily limit"),
            _("{reason}.\n\nLog it anyway?").format(reason=f"{reason[0].upper()}{reason[1:]}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.parent,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _confirm_off_night(self, reason: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("An off night in your trial"),
            _("{reason}.\n\nLog the dose anyway?").format(
                reason=f"{reason[0].upper()}{reason[1:]}"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.parent,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _restock(self, refusal: NotEnoughStock) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Not enough in stock"),
            _("{reason}.\n\nIf you have a new pack, add it to the stock first.").format(
                reason=f"{str(refusal)[0].upper()}{str(refusal)[1:]}"
            ),
            QMessageBox.StandardButton.Cancel,
            self.parent,
        )
        restock = box.addButton(_("Restock…"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        if box.clickedButton() is not restock:
            return False
        units = ask_units_added(self.parent, self.companion.supplement(refusal.name))
        if units is None:
            return False
        try:
            self.companion.restock(refusal.name, units)
        except (InvalidInput, sqlite3.Error) as error:
            self._warn(_("{name} not restocked").format(name=refusal.name), str(error))
            return False
        return True

    def _not_saved(self, error: sqlite3.Error) -> str:
        if self.companion.is_read_only(error):
            return _(
                "The data folder {folder} is read-only, so doses cannot be logged until "
                "it is writable."
            ).format(folder=self.companion.data_file().parent)
        return _("The data file could not be updated ({error}). Nothing was changed.").format(
            error=error
        )

    def _warn(self, title: str, text: str) -> None:
        QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.parent
        ).exec()
