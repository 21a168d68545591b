"""The panel beside History's chart: what the log says about the period, a line each."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...core.wording import N_, _
from .night_words import NightNames

TITLE = N_("What the log says")


class InsightPanel(QWidget):
    """A bold heading naming the nights looked at, and the insight lines under it, wrapped."""

    def __init__(self, words: NightNames, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words = words
        self._lines: list[str] = []
        em = self.fontMetrics().height()
        self.heading = QLabel(_(TITLE))
        bold = QFont(self.font())
        bold.setBold(True)
        self.heading.setFont(bold)
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName(_(TITLE))
        self.labels: list[QLabel] = []
        self._box = QVBoxLayout()
        self._box.setSpacing(max(4, round(em * 0.45)))
        self.setAccessibleName(_("Insights"))
        panel = QVBoxLayout(self)
        panel.setContentsMargins(0, 0, 0, 0)
        panel.setSpacing(max(4, round(em * 0.5)))
        panel.addWidget(self.heading)
        panel.addLayout(self._box)
        panel.addStretch(1)
        self.setMinimumWidth(18 * em)
        self.setMaximumWidth(26 * em)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def show_lines(self, span: tuple[date, date] | None, lines: list[str]) -> None:
        """LINES about the nights of SPAN (first, last; None when there are none)."""
        if span is not None:
            first, last = span
            year = first.year != last.year
            # No break inside a date: the heading wraps, if it must, around the dash.
            named = " – ".join(
                self._words.night(night, year=year).replace(" ", "\u00a0") for night in span
            )
            self.heading.setText(_("What the log says ({span})").format(span=named))
        else:
            self.heading.setText(_(TITLE))
        while len(self.labels) < len(lines):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
            self._box.addWidget(label)
            self.labels.append(label)
        self._lines = lines
        for index, label in enumerate(self.labels):
            if index < len(lines):
                # A number stays with its unit when the line wraps.
                label.setText(lines[index].replace(" %", "\u00a0%").replace(" mg", "\u00a0mg"))
                label.setAccessibleName(lines[index])
                label.show()
            else:
                label.clear()
                label.hide()

    def lines(self) -> list[str]:
        """The lines shown, as insight_lines wrote them."""
        return list(self._lines)
