"""The app's own popup as a Notifier (services/notifications.py): what shows a reminder or a
notice where the desktop's notifications cannot, or when the settings ask for it.

One window, made when first shown (most evenings a notification does the job, and a window
made ahead would hold its memory all day for nothing). It shows every button itself, so the
"default" action (a click on a notification, to open its popup) has no button here. A
notifier that STACKS keeps what it shows until read: a second notice joins the first.
"""

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QRect, Signal

from ...core.wording import _
from .reminder_popup import ReminderPopup

DISMISSED = 2  # the close reason the notification spec gives "dismissed by the user"


class PopupNotifier(QObject):
    action_invoked = Signal(int, str)  # notification id, action key
    closed = Signal(int, int)  # notification id, reason
    server_lost = Signal()  # never: the popup is the app's own

    def __init__(
        self,
        near: Callable[[], QRect | None],
        *,
        stacks: bool = False,
        parent: QObject | None = None,
    ) -> None:
        """NEAR: what to open beside (the tray icon, or another popup), None if unknown."""
        super().__init__(parent)
        self._near, self._stacks = near, stacks
        self._window: ReminderPopup | None = None
        self._id = 0  # of what the window shows (or showed last)

    @property
    def window(self) -> ReminderPopup:
        if self._window is None:
            self._window = ReminderPopup()
            self._window.chosen.connect(lambda key: self.action_invoked.emit(self._id, key))
            self._window.dismissed.connect(lambda: self.closed.emit(self._id, DISMISSED))
        return self._window

    @property
    def visible(self) -> bool:
        return self._window is not None and self._window.isVisible()

    def ready(self, *, actions: bool) -> bool:
        return True

    def notify(
        self,
        summary: str,
        body: str,
        actions: Sequence[tuple[str, str]] = (),
        *,
        replaces_id: int = 0,
        urgency: int = 1,
        expire_ms: int = -1,
        resident: bool = False,
    ) -> int:
        """Show it until answered or closed; urgency and expiry are for servers, it stays."""
        buttons = tuple(a for a in actions if a[0] != "default") or (("ok", _("OK")),)
        if self._stacks and self.visible and replaces_id != self._id:
            # Not read yet: keep it, and add the new one under the first one's title.
            first = self.window.title.text()
            if summary != first:
                body = _("{title}: {text}").format(title=summary, text=body)
            summary, body = first, f"{self.window.body.text()}\n\n{body}"
        self._id += 1
        self.window.present(summary, body, buttons, self._near())
        return self._id

    def close(self, notification_id: int) -> None:
        if notification_id == self._id and self._window is not None:
            self._window.withdraw()

    def follow(self) -> None:
        """Put the window (when shown) beside what it belongs to, which may have moved."""
        if self.visible:
            self.window.place(self._near())
