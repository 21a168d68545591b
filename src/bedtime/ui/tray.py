"""The tray icon: its picture says "due" or "taken tonight", its tooltip the next times."""

from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QSystemTrayIcon

from ..companion import Status
from . import wording
from .icons import icon
from .tray_menu import TrayMenu


def icon_name(status: Status) -> str:
    if status.taken:
        return "bedtime-taken"
    if status.reminder_pending:
        return "bedtime-due"
    return "bedtime"


class Tray(QObject):
    def __init__(self, menu: TrayMenu, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = menu
        self.icon = QSystemTrayIcon(icon("bedtime"), self)
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(self._activated)
        self._shown_icon = "bedtime"

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def show_status(self, status: Status) -> None:
        name = icon_name(status)
        if name != self._shown_icon:
            self.icon.setIcon(icon(name))
            self._shown_icon = name
        self.icon.setToolTip(wording.tooltip(status))

    def geometry(self) -> QRect | None:
        rect = self.icon.geometry()
        return rect if self.icon.isVisible() and rect.isValid() else None

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        # A left click opens the same menu: the actions are all there.
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.menu.popup(QCursor.pos())
