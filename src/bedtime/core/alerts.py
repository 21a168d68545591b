"""What to tell the user next, and when: the evening reminder, its nudges, the missed notice.

A pure function of the time, the settings and what the log says about each night. The app
arms one timer for the answer and asks again whenever anything changes (a dose, a setting,
a wake from sleep, a clock or zone change), so a late start or a resume is just another
question: "what is due now?".
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from .nights import bedtime_of, night_of, night_start, reminder_of
from .settings import Settings


class Kind(Enum):
    REMIND = "remind"  # the evening reminder (also when a snooze ends, or late after a wake)
    NUDGE = "nudge"  # the reminder again, ignored so far
    MISSED = (
        "missed"  # bedtime passed without a reminder (asleep, app not running): one quiet notice
    )


@dataclass(frozen=True)
class NightState:
    """What the log holds about one night's reminders."""

    night: date
    taken: bool = False
    skipped: bool = False
    paused: bool = False
    shown: tuple[datetime, ...] = ()  # when the reminder and each nudge were shown
    snoozed_until: datetime | None = None
    missed_shown: bool = False
    off: bool = False  # an off night of a personal trial: no magnesium planned

    @property
    def settled(self) -> bool:
        """Nothing more to say about this night."""
        return self.taken or self.skipped or self.paused or self.off


@dataclass(frozen=True)
class Alert:
    kind: Kind
    night: date
    at: datetime  # aware; may be before now: then it is due at once


def next_alert(
    now: datetime,
    settings: Settings,
    zone: ZoneInfo,
    state_of: Callable[[date], NightState],
    *,
    first_night: date = date.min,
) -> Alert:
    """The next thing to show: due now if its `at` is not after NOW, else the one to arm.

    Only the current night can have anything pending; after it, the first night that is not
    settled (skipped or paused in advance) gets its reminder. At most one alert per call, so
    two can never fire for one night at once. Nights before FIRST_NIGHT, the first one
    Bedtime was in use for, were never planned and get nothing.
    """
    current = night_of(now, zone, settings)
    if current >= first_night:
        pending = _pending(now, settings, zone, state_of(current))
        if pending is not None:
            return pending
    night = max(current + timedelta(days=1), first_night)
    # A pause cannot outlast a year of nights; the bound keeps a bad state from looping.
    for _ in range(366):
        state = state_of(night)
        if not state.settled:
            return Alert(Kind.REMIND, night, reminder_of(night, settings, zone))
        night += timedelta(days=1)
    raise ValueError("every night of the coming year is paused or skipped")


def _pending(now: datetime, settings: Settings, zone: ZoneInfo, state: NightState) -> Alert | None:
    """The alert still due for the current night, if any."""
    if state.settled:
        return None
    night = state.night
    after = now.astimezone(UTC)
    reminder = reminder_of(night, settings, zone)
    bedtime = bedtime_of(night, settings, zone).astimezone(UTC)
    night_end = night_start(night + timedelta(days=1), zone, settings)
    snooze_end = None if state.snoozed_until is None else state.snoozed_until.astimezone(UTC)
    if snooze_end is not None and snooze_end < night_end.astimezone(UTC):
        # The user asked for it: a snooze rings even past bedtime, once.
        if not state.shown or state.shown[-1].astimezone(UTC) < snooze_end:
            return Alert(Kind.REMIND, night, snooze_end.astimezone(zone))
        return _nudge(state, after, bedtime, settings, zone)
    if not state.shown:
        if after < bedtime:
            return Alert(Kind.REMIND, night, reminder)  # at its time, or at once if late
        if state.missed_shown:
            return None
        return Alert(Kind.MISSED, night, now.astimezone(zone))
    return _nudge(state, after, bedtime, settings, zone)


def _nudge(
    state: NightState, after: datetime, bedtime: datetime, settings: Settings, zone: ZoneInfo
) -> Alert | None:
    """The next nudge after the last time shown: every interval, a set number, before bedtime.

    Nudging ends at bedtime, also for a nudge whose time came while the app was not running
    (quit, or asleep through it): at 23:30 a 22:20 nudge of a 23:00 bedtime is not shown late.
    """
    nudges = len(state.shown) - 1
    if nudges >= settings.nudges or after >= bedtime:
        return None
    at = state.shown[-1].astimezone(UTC) + timedelta(minutes=settings.nudge_interval_minutes)
    if at >= bedtime:
        return None
    return Alert(Kind.NUDGE, state.night, at.astimezone(zone))


@dataclass(frozen=True)
class Upcoming:
    """The night the app talks about now, with only times still ahead."""

    night: date
    reminder: datetime | None  # None once it has passed (or was shown)
    bedtime: datetime


def upcoming(
    now: datetime,
    settings: Settings,
    zone: ZoneInfo,
    state_of: Callable[[date], NightState],
    *,
    first_night: date = date.min,
) -> Upcoming:
    """Tonight until its bedtime unless it is settled; after that the next unsettled night.

    The one answer to "when is the next reminder?" for every surface (tray, windows,
    `bedtime status`). It never gives a time in the past, nor a night before FIRST_NIGHT.
    """
    after = now.astimezone(UTC)
    night = max(night_of(now, zone, settings), first_night)
    for _ in range(367):
        bedtime = bedtime_of(night, settings, zone)
        if bedtime.astimezone(UTC) > after and not state_of(night).settled:
            reminder = reminder_of(night, settings, zone)
            ahead = reminder if reminder.astimezone(UTC) > after else None
            return Upcoming(night, ahead, bedtime)
        night += timedelta(days=1)
    raise ValueError("every night of the coming year is paused or skipped")
