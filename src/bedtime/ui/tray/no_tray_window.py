"""Shown when the desktop has no system tray: says why, and offers the tray's actions."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...app.companion import Status
from ...core.settings import Settings
from ...core.wording import N_, _
from ..common.icons import icon
from . import wording
from .menu import TrayMenu

WHY = N_(
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
        why = QLabel(_(WHY))
        why.setWordWrap(True)
        self.header = QLabel()
        font = self.header.font()
        font.setBold(True)
        self.header.setFont(font)
        self.tonight = QLabel()
        buttons = QHBoxLayout()
        self.take_button = QPushButton(_("Take now"))
        self.take_button.clicked.connect(lambda: menu.take.emit(None))
        self.snooze_button = QPushButton(_("Snooze"))
        self.snooze_button.clicked.connect(lambda: menu.snooze.emit(self._snooze_minutes))
        rate = QPushButton(_("How did I sleep?…"))
        rate.clicked.connect(menu.rate.emit)
        for button in (self.take_button, self.snooze_button, rate):
            button.setAccessibleName(button.text())
            buttons.addWidget(button)
        more = QPushButton(_("More"))
        more.setAccessibleName(_("More actions"))
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
        self.snooze_button.setText(_("Snooze {minutes} min").format(minutes=self._snooze_minutes))
        self.header.setText(wording.header(status))
        self.tonight.setText(wording.tonight(status))

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the window keeps the app (and tonight's reminder) running; Quit is in More.
        event.ignore()
        self.showMinimized()
