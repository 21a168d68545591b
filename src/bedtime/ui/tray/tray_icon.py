"""The tray icon: its picture says "due" or "taken tonight", its tooltip the next times."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, Signal
from PySide6.QtDBus import QDBusConnection
from PySide6.QtGui import QCursor, QGuiApplication, QWindow
from PySide6.QtWidgets import QSystemTrayIcon

from ..common.icons import DUE_ICON, TAKEN_ICON, TRAY_ICON, icon
from .menu import TrayMenu

# The icon is made before anything else loads; the status it shows comes later, with the
# wording (tests/test_lean_start.py).
if TYPE_CHECKING:
    from ...app.companion import Status

# The panel's side of the StatusNotifierItem tray (KDE, GNOME's AppIndicator extension, …).
WATCHER = "org.kde.StatusNotifierWatcher"


def icon_name(status: "Status") -> str:
    if status.taken:
        return TAKEN_ICON
    if status.reminder_pending:
        return DUE_ICON
    return TRAY_ICON


# On X11 Qt draws the icon in a window of its own, which the tray host takes in (XEmbed) a
# moment after show(): until then it sits unseen at the screen's top-left corner.
XEMBED_ICON_WINDOW = "QSystemTrayIconSysWindow"


class Tray(QObject):
    moved = Signal()  # the icon got a (new) place on the screen: see geometry()

    def __init__(self, menu: TrayMenu, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.menu = menu
        self.icon = QSystemTrayIcon(icon(TRAY_ICON), self)
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(self._activated)
        self._shown_icon = TRAY_ICON
        self._icon_window: QWindow | None = None

    @staticmethod
    def available() -> bool:
        """Whether there is a tray to sit in.

        Qt's generic Unix theme may remember its first answer to "is there a StatusNotifier
        watcher?" for the life of the process; asked before a late panel's watcher is on the
        bus (at login), it could then never use it, and outside X11 there is no other tray.
        So there Qt is only asked once the watcher is there. On X11 an XEmbed tray serves too,
        and Qt 6.11 was seen to look again (docs/platform-notes.md).
        """
        if QGuiApplication.platformName() != "xcb" and not _watcher_present():
            return False
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        self.icon.show()
        if self._icon_window is None:
            self._icon_window = next(
                (w for w in QGuiApplication.allWindows() if w.objectName() == XEMBED_ICON_WINDOW),
                None,
            )
            if self._icon_window is not None:
                self._icon_window.installEventFilter(self)

    def hide(self) -> None:
        self.icon.hide()

    def show_status(self, status: "Status") -> None:
        from . import wording

        name = icon_name(status)
        if name != self._shown_icon:
            self.icon.setIcon(icon(name))
            self._shown_icon = name
        self.icon.setToolTip(wording.tooltip(status))

    def geometry(self) -> QRect | None:
        """Where the icon is on the screen; None while that is not known (a tray host that
        tells no positions, or an X11 icon not yet taken in by the tray)."""
        rect = self.icon.geometry()
        placed = self._icon_window is None or self._icon_window.isExposed()
        return rect if self.icon.isVisible() and placed and rect.isValid() else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        placing = (QEvent.Type.Expose, QEvent.Type.Move)
        if watched is self._icon_window and event.type() in placing and self.geometry():
            self.moved.emit()
        return False

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        # A left click opens the same menu: the actions are all there.
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.menu.popup(QCursor.pos())


def _watcher_present() -> bool:
    bus = QDBusConnection.sessionBus().interface()  # None without a session bus
    if bus is None:
        return False
    reply = bus.isServiceRegistered(WATCHER)
    return reply.isValid() and bool(reply.value())
