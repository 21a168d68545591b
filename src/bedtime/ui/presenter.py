"""Putting the companion's reminders and questions on the screen, and its answers back.

A desktop notification with buttons where the server has actions; the app's own popup where
it has none, or there is no server at all. Each choice comes back as an action key on
`chosen`, for the app to carry out; the presenter decides nothing.
"""

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, QRect, Signal

from ..companion import Reminder
from ..core.alerts import Kind
from ..core.dosing import Supplement
from ..services.notifications import DesktopNotifier
from . import wording
from .reminder_popup import ReminderPopup

MISSED_ACTIONS = (("taken", "Take it now"), ("earlier", "I took it earlier"), ("skip", "Skip"))
LOW_URGENCY, NORMAL_URGENCY = 0, 1  # freedesktop urgency levels


def remind_actions(snooze_minutes: int) -> tuple[tuple[str, str], ...]:
    return (
        ("taken", "Taken"),
        ("snooze", f"Snooze {snooze_minutes} min"),
        ("skip", "Skip tonight"),
    )


class ScreenPresenter(QObject):
    chosen = Signal(str, object)  # action key, the night (a date) the reminder was about
    morning = Signal(object)  # the night (a date) to ask about

    def __init__(
        self,
        notifier: DesktopNotifier | None,
        now: Callable[[], datetime],
        anchor: Callable[[], QRect | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.notifier, self._now, self._anchor = notifier, now, anchor
        self.popup = ReminderPopup()
        self.popup.chosen.connect(lambda key: self.chosen.emit(key, self._night))
        self._night: date | None = None
        self._notification: int | None = None
        if notifier is not None:
            notifier.action_invoked.connect(self._on_action)
            notifier.closed.connect(self._on_closed)

    @property
    def uses_notifications(self) -> bool:
        return (
            self.notifier is not None and self.notifier.connected and self.notifier.supports_actions
        )

    def remind(self, reminder: Reminder) -> None:
        self._night = reminder.night
        missed = reminder.kind is Kind.MISSED
        actions = MISSED_ACTIONS if missed else remind_actions(reminder.snooze_minutes)
        title = wording.reminder_title(reminder)
        body = wording.reminder_body(reminder, self._now())
        if self.uses_notifications and self.notifier is not None and not reminder.popup:
            shown = self.notifier.notify(
                title,
                body,
                actions,
                # A nudge replaces the reminder on screen rather than stacking another one.
                replaces_id=self._notification or 0,
                urgency=LOW_URGENCY if missed else NORMAL_URGENCY,
            )
            if shown is not None:
                self._notification = shown
                return
        self.popup.present(title, body, actions, self._anchor())

    def withdraw(self) -> None:
        if self._notification is not None and self.notifier is not None:
            self.notifier.close(self._notification)
        self._notification = None
        self.popup.withdraw()

    def ask_morning(self, night: date) -> None:
        self.morning.emit(night)

    def low_stock(self, supplements: list[Supplement]) -> None:
        text = wording.low_stock(supplements)
        notifier = self.notifier
        if notifier is not None and notifier.notify("Bedtime", text) is not None:
            return
        self.popup.present("Bedtime", text, (("ok", "OK"),), self._anchor())

    def _on_action(self, notification_id: int, key: str) -> None:
        if notification_id != self._notification or key == "default":
            # "default" is a click on the notification body: nothing chosen, keep nudging.
            return
        # Some servers (dunst) leave a notification up after an action was chosen from it.
        self.withdraw()
        self.chosen.emit(key, self._night)

    def _on_closed(self, notification_id: int, _reason: int) -> None:
        # Closed without a choice (expired, dismissed): like an ignored reminder, the nudges
        # go on; nothing is logged.
        if notification_id == self._notification:
            self._notification = None
