"""The app's own reminder window, for desktops whose notifications have no buttons (or none).

It stays on top near the tray (or the screen's corner) until answered; closing it is the same
as ignoring a notification: the nudges go on.
"""

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class ReminderPopup(QWidget):
    chosen = Signal(str)  # an action key
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle("Bedtime")
        self.setAccessibleName("Bedtime reminder")
        em = self.fontMetrics().height()
        self.setMinimumWidth(24 * em)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(em, em, em, em)
        layout.setSpacing(em // 2)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addLayout(self.buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self._answered = False

    def present(
        self, title: str, body: str, actions: Sequence[tuple[str, str]], near: QRect | None
    ) -> None:
        """Show (or update) the popup with ACTIONS as (key, label) buttons, the first default."""
        self.title.setText(title)
        self.body.setText(body)
        while self.buttons.count():
            item = self.buttons.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self.buttons.addStretch(1)
        for index, (key, label) in enumerate(actions):
            button = QPushButton(label)
            button.setAccessibleName(label)
            button.setAutoDefault(True)
            button.setDefault(index == 0)
            button.clicked.connect(lambda _=False, k=key: self._choose(k))
            self.buttons.addWidget(button)
        self._answered = False
        self.adjustSize()
        self.move(self._position(near))
        self.show()
        self.raise_()
        self.activateWindow()

    def withdraw(self) -> None:
        """Take it off the screen without counting it as dismissed."""
        self._answered = True
        self.hide()

    def _choose(self, key: str) -> None:
        self._answered = True
        self.hide()
        self.chosen.emit(key)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._answered:
            self._answered = True
            self.dismissed.emit()
        super().closeEvent(event)

    def _position(self, near: QRect | None) -> QPoint:
        """Beside the tray icon if it is known, else the bottom-right corner of the screen."""
        screen = QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)
        size = self.sizeHint()
        margin = self.fontMetrics().height()
        if near is not None and near.isValid() and area.intersects(near):
            x = min(
                max(near.center().x() - size.width() // 2, area.left()), area.right() - size.width()
            )
            below = near.bottom() + margin // 2
            y = (
                below
                if near.center().y() < area.center().y()
                else near.top() - size.height() - margin // 2
            )
            return QPoint(x, max(area.top(), min(y, area.bottom() - size.height())))
        return QPoint(area.right() - size.width() - margin, area.bottom() - size.height() - margin)
