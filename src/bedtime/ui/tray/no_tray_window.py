"""Shown when the desktop has no system tray: says why, and offers the tray's actions."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...app.companion import Status
from ...core.settings import Settings
from ..common.icons import icon
from . import wording
from .menu import TrayMenu

WHY = (
    "This desktop has no system tray, so Bedtime lives in this window. Reminders still "
    "come on time. On GNOME, the AppIndicator extension adds a tray; when one appears, "
    "Bedtime moves there by itself."
)


class NoTrayWindow(QWidget):
    def __init__(self, menu: TrayMenu, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._snooze_minutes = Settings().snooze_minutes
        self.menu = menu
        self.setWindowTitle("Bedtime")
        self.setWindowIcon(icon())
        em = self.fontMetrics().height()
        self.setMinimumWidth(26 * em)
        why = QLabel(WHY)
        why.setWordWrap(True)
        self.header = QLabel()
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.tonight = QLabel()
        buttons = QHBoxLayout()
        for label, handler in (
            ("Take now", lambda: menu.take.emit(None)),
            ("Snooze", lambda: menu.snooze.emit(self._snooze_minutes)),
            ("How did I sleep?…", menu.rate.emit),
        ):
            button = QPushButton(label)
            button.setAccessibleName(label)
            button.clicked.connect(handler)
            buttons.addWidget(button)
            if label == "Take now":
                self.take_button = button
            elif label == "Snooze":
                self.snooze_button = button
        more = QPushButton("More")
        more.setAccessibleName("More actions")
        more.setMenu(menu)
        buttons.addWidget(more)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(em, em, em, em)
        layout.addWidget(why)
        layout.addSpacing(em // 2)
        layout.addWidget(self.header)
        layout.addWidget(self.tonight)
        layout.addLayout(buttons)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)

    def show_status(self, status: Status) -> None:
        self._snooze_minutes = status.settings.snooze_minutes
        self.snooze_button.setText(f"Snooze {self._snooze_minutes} min")
        self.header.setText(wording.header(status))
        self.tonight.setText(wording.tonight(status))

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the window keeps the app (and tonight's reminder) running; Quit is in More.
        event.ignore()
        self.showMinimized()
