"""The personal trial's window: the answer (or the interim view, labelled so), the chart of
ratings over the trial with its periods shaded, and starting or stopping a trial.

Everything shown comes from the companion; the words are core's (core/trial_text.py), the
same as `bedtime trial status` prints.
"""

import sqlite3

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...app.companion import Companion
from ...core.errors import Refused
from ...core.trial_plan import running
from ...core.trial_text import answer as trial_answer
from ...core.wording import N_, _
from ..common.fitting import resize_within_screen
from ..common.icons import icon
from .trial_chart import TrialChart
from .trial_start_dialog import TrialStartDialog

NO_TRIAL = N_(
    "Does magnesium make a difference to how you rate your sleep? A trial can give an "
    "honest answer: for some weeks your nights come in pairs of periods, one on magnesium "
    "and one off, in random order, and you rate every morning as usual. It is not blinded: "
    "you know which nights are on, and expecting a difference can move ratings by itself."
)


class TrialWindow(QWidget):
    def __init__(self, companion: Companion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.companion = companion
        self.setWindowTitle(_("Trial"))
        self.setWindowIcon(icon())
        em = self.fontMetrics().height()
        resize_within_screen(self, 52 * em, 38 * em)

        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        larger = self.sentence.font()
        larger.setPointSizeF(larger.pointSizeF() * 1.15)
        self.sentence.setFont(larger)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAccessibleName(_("Figures and caveats"))
        self.chart = TrialChart()

        self.start_button = QPushButton(_("&Start a trial…"))
        self.start_button.setAccessibleName(_("Start a trial"))
        self.start_button.clicked.connect(self.start_trial)
        self.stop_button = QPushButton(_("S&top the trial…"))
        self.stop_button.setAccessibleName(_("Stop the trial"))
        self.stop_button.clicked.connect(self.stop_trial)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(em, em, em, em)
        layout.addWidget(self.heading)
        layout.addWidget(self.sentence)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        companion.changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        try:
            answer = self.companion.trial_result()
        except sqlite3.Error as error:
            self.heading.setText(_("Could not read the log ({error})").format(error=error))
            return
        if answer is None:
            self.heading.setText(_("No trial yet"))
            self.sentence.setText(_(NO_TRIAL))
            self.details.clear()
            self.chart.hide()
            self.start_button.setEnabled(True)
            self.stop_button.setEnabled(False)
            return
        result, observations = answer
        words = trial_answer(result)
        self.heading.setText(words.heading)
        self.sentence.setText(" ".join(words.sentences))
        self.details.setText("\n".join([*words.figures, "", *words.caveats]))
        self.chart.show()
        self.chart.show_trial(result.trial, observations)
        active = running(result.trial, self.companion.tonight())
        self.start_button.setEnabled(not active)
        self.stop_button.setEnabled(active)

    def start_trial(self) -> None:
        dialog = TrialStartDialog(self.companion, self)
        if dialog.exec() != TrialStartDialog.DialogCode.Accepted or dialog.trial is None:
            return
        try:
            self.companion.start_trial(dialog.trial)
        except (Refused, sqlite3.Error) as error:
            self._warn(_("The trial was not started"), str(error))

    def stop_trial(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Stop the trial?"),
            _(
                "Stop the trial now? Tonight and the nights after it are no longer part of it; "
                "the answer then rests on the nights so far, and says it was stopped early."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        try:
            self.companion.stop_trial()
        except (Refused, sqlite3.Error) as error:
            self._warn(_("The trial was not stopped"), str(error))

    def _warn(self, title: str, text: str) -> None:
        QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        ).exec()
