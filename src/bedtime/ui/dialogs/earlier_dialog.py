"""I took it earlier: the time of a dose that was taken but not logged at the moment."""

import datetime

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.wording import _

TIME_FORMAT = "HH:mm"


class EarlierDialog(QDialog):
    """Asks at what time the dose was taken; `time()` gives the answer after OK.

    Only a clock time is asked: the caller places it on the right evening (the latest such
    time that has passed), as `bedtime take --at` does.
    """

    def __init__(self, default: datetime.time, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("I took it earlier"))
        metrics = self.fontMetrics()
        em = metrics.height()

        self.time_edit = QTimeEdit(QTime(default.hour, default.minute))
        self.time_edit.setDisplayFormat(TIME_FORMAT)
        # Stepping back from 00 to 23 is the natural move for a dose taken before midnight.
        self.time_edit.setWrapping(True)
        self.time_edit.setAccessibleName(_("Taken at"))
        self.time_edit.setAccessibleDescription(_("hours and minutes, 24-hour clock"))
        self.time_edit.setMinimumWidth(metrics.horizontalAdvance("00:00") + 4 * em)
        self.time_edit.setCurrentSection(QTimeEdit.Section.HourSection)
        label = QLabel(_("&Taken at"))
        label.setBuddy(self.time_edit)
        form = QFormLayout()
        form.addRow(label, self.time_edit)

        hint = QLabel(_("Today's, or yesterday's if that time is still to come."))
        hint.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(max(6, em // 2))
        layout.setContentsMargins(em, em, em, em)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(metrics.averageCharWidth() * 40)
        self.time_edit.setFocus()

    def time(self) -> datetime.time:
        chosen = self.time_edit.time()
        return datetime.time(chosen.hour(), chosen.minute())
