"""Putting the companion's reminders and questions on the screen, and its answers back.

A desktop notification with buttons where the server has actions; the app's own popup where
it has none, or there is no server at all, or the settings ask for it. Each choice comes back
as an action key on `chosen`, for the app to carry out; the presenter decides nothing.

Everything shown stays until the person has seen it: a notification never expires (a
reminder asked at 21:00 is still to be answered at 21:10), and a reminder is also marked
resident, so servers that support it keep it until the app takes it back. A plain click on a
reminder (its `default` action) opens the popup with every button, for servers whose buttons
are hard to reach (dunst lists them in a menu that needs a menu program); the popup then
takes the notification's place, and later nudges that night update the popup.
"""

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, QRect, Signal

from ...app.companion import Reminder
from ...core.alerts import Kind
from ...core.dosing import Supplement
from ...services.notifications import DesktopNotifier
from . import wording
from .reminder_popup import ReminderPopup

MISSED_ACTIONS = (("taken", "Take it now"), ("earlier", "I took it earlier"), ("skip", "Skip"))
# What a server does on a plain click on the notification; some show the label in a menu.
OPEN_ACTION = ("default", "Open the reminder")
# Normal, also for the missed-night question: GNOME shows no banner for low urgency (only the
# list behind the clock), so the question would go unseen; critical is for emergencies, and
# breaks through do-not-disturb and full-screen video, which a supplement should not.
REMINDER_URGENCY = 1
NEVER_EXPIRE = 0  # the spec's expire_timeout for "until the person closes it"


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
        # Both popups are made when first shown: most evenings a notification does the job,
        # and a window made ahead would hold its memory (fonts, layouts) all day for nothing.
        self._popup: ReminderPopup | None = None
        # Notices (low stock, a data file problem) have a popup of their own, so that one never
        # takes the place of an unanswered reminder.
        self._notice_popup: ReminderPopup | None = None
        self._night: date | None = None
        self._shown: tuple[str, str, tuple[tuple[str, str], ...]] | None = None
        self._notification: int | None = None
        # The popup stands in for a notification server that failed or went away: once one
        # answers again, the reminder goes back to a notification.
        self._standing_in = False
        if notifier is not None:
            notifier.action_invoked.connect(self._on_action)
            notifier.closed.connect(self._on_closed)
            notifier.server_lost.connect(self._on_server_lost)

    @property
    def popup(self) -> ReminderPopup:
        if self._popup is None:
            self._popup = ReminderPopup()
            self._popup.chosen.connect(lambda key: self.chosen.emit(key, self._night))
        return self._popup

    @property
    def notice_popup(self) -> ReminderPopup:
        if self._notice_popup is None:
            self._notice_popup = ReminderPopup()
        return self._notice_popup

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
        self._shown = (title, body, actions)
        if _shown(self._popup) and not self._standing_in:
            # Opened from the notification, or the popup all along.
            self._open_popup()
            return
        if not reminder.popup:
            if self.uses_notifications and self.notifier is not None:
                shown = self.notifier.notify(
                    title,
                    body,
                    (*actions, OPEN_ACTION),
                    # A nudge replaces the reminder on screen rather than stacking another.
                    replaces_id=self._notification or 0,
                    urgency=REMINDER_URGENCY,
                    expire_ms=NEVER_EXPIRE,
                    resident=True,
                )
                if shown is not None:
                    self._notification = shown
                    if self._standing_in:  # a server (again): one reminder on screen
                        self._standing_in = False
                        self.popup.withdraw()
                    return
                self._notification = None
            # No server that can show it (yet): the popup stands in until one can.
            self._standing_in = True
        self._open_popup()

    def follow_tray(self) -> None:
        """The tray icon has (again) a place on the screen: put open popups beside it."""
        for popup in (self._popup, self._notice_popup):
            if popup is not None and popup.isVisible():
                popup.place(self._beside(popup))

    def withdraw(self) -> None:
        self._close_notification()
        self._shown = None
        self._standing_in = False
        if self._popup is not None:
            self._popup.withdraw()

    def _close_notification(self) -> None:
        if self._notification is not None and self.notifier is not None:
            self.notifier.close(self._notification)
        self._notification = None

    def ask_morning(self, night: date) -> None:
        self.morning.emit(night)

    def low_stock(self, supplements: list[Supplement], popup: bool) -> None:
        self.notice(wording.LOW_STOCK_TITLE, wording.low_stock(supplements), popup=popup)

    def notice(self, title: str, text: str, *, popup: bool) -> None:
        """Tell something that needs no answer, as a notification that stays until closed, or
        (asked for, or without a server) in the notice popup."""
        notifier = self.notifier
        if (
            not popup
            and notifier is not None
            and notifier.notify(title, text, expire_ms=NEVER_EXPIRE) is not None
        ):
            return
        if _shown(self._notice_popup):  # not read yet: keep it, and add the new one
            first = self.notice_popup.title.text()
            if title != first:  # under the first one's title, the new one says what it is
                text = f"{title}: {text}"
            title = first
            text = f"{self.notice_popup.body.text()}\n\n{text}"
        self.notice_popup.present(title, text, (("ok", "OK"),), self._beside(self.notice_popup))

    def _open_popup(self) -> None:
        if self._shown is not None:
            title, body, actions = self._shown
            self.popup.present(title, body, actions, self._beside(self.popup))
            if _shown(self._notice_popup):
                self.notice_popup.place(self._beside(self.notice_popup))

    def _beside(self, popup: ReminderPopup) -> QRect | None:
        """The tray icon; for a notice while a reminder is up, the reminder, so that both show
        (placed by the same rule, the notice opens from the reminder as that does from the
        tray)."""
        if popup is self._notice_popup and _shown(self._popup):
            return self.popup.frameGeometry()
        return self._anchor()

    def _on_action(self, notification_id: int, key: str) -> None:
        if notification_id != self._notification:
            return
        if key == OPEN_ACTION[0]:
            # A click on the notification itself: nothing is chosen yet. The popup offers
            # every button and takes the notification's place (dunst would leave it up, on
            # top of the popup).
            self._close_notification()
            self._open_popup()
            return
        # Some servers (dunst) leave a notification up after an action was chosen from it.
        self.withdraw()
        self.chosen.emit(key, self._night)

    def _on_server_lost(self) -> None:
        """The reminder on screen went with its server: the popup takes over at once."""
        if self._notification is None:
            return
        self._notification = None
        self._standing_in = True
        self._open_popup()

    def _on_closed(self, notification_id: int, _reason: int) -> None:
        # Closed without a choice (expired, dismissed): like an ignored reminder, the nudges
        # go on; nothing is logged.
        if notification_id == self._notification:
            self._notification = None


def _shown(popup: ReminderPopup | None) -> bool:
    return popup is not None and popup.isVisible()
