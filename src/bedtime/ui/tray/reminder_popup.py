"""The app's own reminder window, for desktops whose notifications have no buttons (or none).

It stays on top beside the tray (or in the screen's corner) until answered; closing it is the
same as ignoring a notification: the nudges go on.
"""

from collections.abc import Sequence

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QCloseEvent, QCursor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from .placement import popup_origin, screen_area


class ReminderPopup(QWidget):
    chosen = Signal(str)  # an action key
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle("Bedtime")
        em = self.fontMetrics().height()
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
        # What a screen reader announces: what this popup is about, then what it says.
        self.setAccessibleName(title)
        self.setAccessibleDescription(body)
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
        self.body.setMinimumHeight(0)  # the room the last text needed; see `place`
        self.place(near)
        self.show()
        # Once shown, the desktop's frame around it is known: its size counts too.
        self.place(near)
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

    def place(self, near: QRect | None) -> None:
        """Fit the popup to its text and put it wholly on the screen that holds NEAR (the tray
        icon, or another popup), else the one with the cursor; see `placement`."""
        point = near.center() if near is not None and near.isValid() else QCursor.pos()
        screens = QGuiApplication.screens()
        if not screens:
            return
        area = screen_area([s.availableGeometry() for s in screens], point)
        margin = self.fontMetrics().height()
        # Long words or a large font on a small screen: wrap rather than run off the edge.
        self.setMinimumWidth(min(24 * margin, area.width() - 2 * margin))
        self.adjustSize()
        if self.isVisible():
            # On screen and given more text (a second notice), the layout would keep the
            # text's old height and clip its last lines: ask for the height it needs.
            self.body.setMinimumHeight(self.body.heightForWidth(self.body.width()))
            self.adjustSize()
        # The size the window really has (its minimum width included, and the window frame
        # once the desktop has drawn one), not the layout's wish.
        size = self.frameGeometry().size().expandedTo(self.size())
        self.move(popup_origin(area, size, near, margin))
