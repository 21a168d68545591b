"""Settings and History as read-only pages, until their full windows exist.

They show the current values and the last two weeks, and the commands that change them, so
the tray's Settings… and History… already answer the question a person opened them with.
"""

from datetime import timedelta

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ..companion import Companion
from ..core.errors import fmt_number
from ..core.history import summarize
from ..core.settings import to_pairs
from .icons import icon

NIGHTS = 14
INTRO = {
    "settings": (
        "Your settings. To change one, use the command line, for example "
        "'bedtime config set bedtime 22:45' or 'bedtime config set offset 90'; the app "
        "follows within a minute."
    ),
    "history": f"The last {NIGHTS} nights. 'bedtime history --nights 56' shows eight weeks.",
}


class PlaceholderWindow(QWidget):
    def __init__(self, target: str, companion: Companion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target, self.companion = target, companion
        self.setWindowTitle(f"Bedtime: {target.capitalize()}")
        self.setWindowIcon(icon("bedtime"))
        em = self.fontMetrics().height()
        self.resize(36 * em, 24 * em)
        intro = QLabel(INTRO[target])
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(target.capitalize())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.text.setPlainText(self._settings() if self.target == "settings" else self._history())
        super().showEvent(event)

    def _settings(self) -> str:
        pairs = to_pairs(self.companion.settings())
        lines = [f"{key} = {value}" for key, value in pairs.items()]
        for s in self.companion.store.supplements():
            stock = "not tracked" if s.stock_units is None else fmt_number(s.stock_units)
            lines.append(
                f"supplement {s.name}: {fmt_number(s.mg_per_dose)} mg a dose, stock {stock}"
            )
        return "\n".join(lines)

    def _history(self) -> str:
        last = self.companion.tonight()
        first = last - timedelta(days=NIGHTS - 1)
        store = self.companion.store
        rows = summarize(first, last, store.intakes(first, last), store.diary(first, last))
        lines = []
        for row in rows:
            rating = "not rated" if row.diary is None else f"slept {row.diary.quality}/5"
            lines.append(f"{row.night:%a %d %b}  {fmt_number(row.total_mg):>5} mg  {rating}")
        return "\n".join(lines)
