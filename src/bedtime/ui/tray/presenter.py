"""Putting the companion's reminders and questions on the screen, and its answers back.

A desktop notification with buttons where the server has actions; the app's own popup where
it has none, or there is no server at all, or the settings ask for it: both are Notifiers, and
`notifications.pick` chooses. Each choice comes back as an action key on `chosen`, for the app
to carry out; the presenter decides nothing.

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
from ...core.dosing import Ahead, Supplement
from ...core.wording import N_, _
from ...services.notifications import Notifier, pick
from . import wording
from .popup_notifier import PopupNotifier
from .reminder_popup import ReminderPopup

MISSED_ACTIONS = (
    ("taken", N_("Take it now")),
    ("earlier", N_("I took it earlier")),
    ("skip", N_("Skip")),
)
# What a server does on a plain click on the notification; some show the label in a menu.
OPEN_ACTION = ("default", N_("Open the reminder"))
# Normal, also for the missed-night question: GNOME shows no banner for low urgency (only the
# list behind the clock), so the question would go unseen; critical is for emergencies, and
# breaks through do-not-disturb and full-screen video, which a supplement should not.
REMINDER_URGENCY = 1
NEVER_EXPIRE = 0  # the spec's expire_timeout for "until the person closes it"


def remind_actions(snooze_minutes: int) -> tuple[tuple[str, str], ...]:
    return (
        ("taken", _("Taken")),
        ("snooze", _("Snooze {minutes} min").format(minutes=snooze_minutes)),
        ("skip", _("Skip tonight")),
    )


class ScreenPresenter(QObject):
    chosen = Signal(str, object)  # action key, the night (a date) the reminder was about
    morning = Signal(object)  # the night (a date) to ask about

    def __init__(
        self,
        notifier: Notifier | None,
        now: Callable[[], datetime],
        anchor: Callable[[], QRect | None] = lambda: None,
        parent: QObject | None = None,
    ) -> None:
        """NOTIFIER: the desktop's notifications, None without a session bus."""
        super().__init__(parent)
        self.notifier, self._now = notifier, now
        self.reminders = PopupNotifier(anchor, parent=self)
        # Notices (low stock, a data file problem) have a popup of their own, so that one never
        # takes the place of an unanswered reminder; beside the reminder's, so that both show
        # (placed by the same rule, the notice opens from the reminder as that does from the
        # tray).
        self.notices = PopupNotifier(
            lambda: self.popup.frameGeometry() if self.reminders.visible else anchor(),
            stacks=True,
            parent=self,
        )
        self._night: date | None = None
        self._shown: tuple[str, str, tuple[tuple[str, str], ...]] | None = None
        # Where the reminder is on screen, and its id there.
        self._showing: Notifier | None = None
        self._notification: int | None = None
        # The popup stands in for a notification server that failed or went away: once one
        # answers again, the reminder goes back to a notification.
        self._standing_in = False
        for source in (self.reminders, *([] if notifier is None else [notifier])):
            self._listen(source)

    def _listen(self, source: Notifier) -> None:
        source.action_invoked.connect(lambda nid, key: self._on_action(source, nid, key))
        source.closed.connect(lambda nid, _reason: self._on_closed(source, nid))
        source.server_lost.connect(lambda: self._on_server_lost(source))

    @property
    def popup(self) -> ReminderPopup:
        return self.reminders.window

    @property
    def notice_popup(self) -> ReminderPopup:
        return self.notices.window

    @property
    def uses_notifications(self) -> bool:
        """Whether a reminder would now be a desktop notification with its buttons."""
        where = pick(self.notifier, self.reminders, popup_asked=False, actions=True)
        return where[0] is not self.reminders

    def remind(self, reminder: Reminder) -> None:
        self._night = reminder.night
        missed = reminder.kind is Kind.MISSED
        if missed:
            actions = tuple((key, _(label)) for key, label in MISSED_ACTIONS)
        else:
            actions = remind_actions(reminder.snooze_minutes)
        title = wording.reminder_title(reminder)
        body = wording.reminder_body(reminder, self._now())
        self._shown = (title, body, actions)
        if self._showing is self.reminders and self.reminders.visible and not self._standing_in:
            # Opened from the notification, or the popup all along.
            self._show_on(self.reminders)
            return
        for notifier in pick(
            self.notifier, self.reminders, popup_asked=reminder.popup, actions=True
        ):
            if self._show_on(notifier):
                # No server that can show it (yet): the popup stands in until one can.
                self._standing_in = notifier is self.reminders and not reminder.popup
                return

    def _show_on(self, notifier: Notifier) -> bool:
        """Show the reminder on NOTIFIER, in place of whatever showed it; whether it could."""
        if self._shown is None:
            return False
        title, body, actions = self._shown
        same = notifier is self._showing
        shown = notifier.notify(
            title,
            body,
            (*actions, OPEN_ACTION),
            # A nudge replaces the reminder on screen rather than stacking another.
            replaces_id=(self._notification or 0) if same else 0,
            urgency=REMINDER_URGENCY,
            expire_ms=NEVER_EXPIRE,
            resident=True,
        )
        if shown is None:
            if same:
                self._notification = None
            return False
        if not same:  # one reminder on screen
            self._close_notification()
        self._showing, self._notification = notifier, shown
        if notifier is self.reminders:
            self.notices.follow()
        return True

    def follow_tray(self) -> None:
        """The tray icon has (again) a place on the screen: put open popups beside it."""
        self.reminders.follow()
        self.notices.follow()

    def withdraw(self) -> None:
        self._close_notification()
        self._shown = None
        self._standing_in = False

    def _close_notification(self) -> None:
        if self._notification is not None and self._showing is not None:
            self._showing.close(self._notification)
        self._showing, self._notification = None, None

    def ask_morning(self, night: date) -> None:
        self.morning.emit(night)

    def low_stock(self, supplements: list[Supplement], ahead: Ahead, popup: bool) -> None:
        self.notice(_(wording.LOW_STOCK_TITLE), wording.low_stock(supplements, ahead), popup=popup)

    def notice(self, title: str, text: str, *, popup: bool) -> None:
        """Tell something that needs no answer, as a notification that stays until closed, or
        (asked for, or without a server) in the notice popup."""
        for notifier in pick(self.notifier, self.notices, popup_asked=popup, actions=False):
            if notifier.notify(title, text, expire_ms=NEVER_EXPIRE) is not None:
                return

    def _on_action(self, source: Notifier, notification_id: int, key: str) -> None:
        if source is not self._showing or notification_id != self._notification:
            return
        if key == OPEN_ACTION[0]:
            # A click on the notification itself: nothing is chosen yet. The popup offers
            # every button and takes the notification's place (dunst would leave it up, on
            # top of the popup).
            self._show_on(self.reminders)
            return
        # Some servers (dunst) leave a notification up after an action was chosen from it.
        self.withdraw()
        self.chosen.emit(key, self._night)

    def _on_server_lost(self, source: Notifier) -> None:
        """The reminder on screen went with its server: the popup takes over at once."""
        if source is not self._showing or self._notification is None:
            return
        self._showing, self._notification = None, None
        self._standing_in = True
        self._show_on(self.reminders)

    def _on_closed(self, source: Notifier, notification_id: int) -> None:
        # Closed without a choice (expired, dismissed): like an ignored reminder, the nudges
        # go on; nothing is logged.
        if source is self._showing and notification_id == self._notification:
            self._notification = None
