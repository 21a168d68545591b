"""When to ask how the night went: at wake time, or at the first chance after it.

The question about a night may be asked from the wake time the next morning until that
evening's reminder; later than that it is about a night nobody remembers well, and the
evening belongs to the next one. It is asked once, and once more at most if the user
said "Later".
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from .nights import night_of, reminder_of, wall_clock
from .settings import Settings

LATER = timedelta(hours=1)


@dataclass(frozen=True)
class MorningState:
    """What the log holds about the morning question of one night."""

    night: date
    rated: bool = False
    paused: bool = False
    asked: int = 0  # how many times the question was shown
    later_until: datetime | None = None  # "Later" was chosen: ask again at this instant


@dataclass(frozen=True)
class Question:
    night: date
    at: datetime  # aware; not after now: due at once


def window(night: date, settings: Settings, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """From the wake time the morning after NIGHT to the next evening's reminder (UTC)."""
    opens = wall_clock(night + timedelta(days=1), settings.wake, zone).astimezone(UTC)
    closes = reminder_of(night + timedelta(days=1), settings, zone).astimezone(UTC)
    return opens, closes


def next_question(
    now: datetime,
    settings: Settings,
    zone: ZoneInfo,
    state_of: Callable[[date], MorningState],
    *,
    first_night: date = date.min,
) -> Question | None:
    """The morning question still to ask, due now or later, or None if there is none to arm.

    Only two windows can still be open or ahead: last night's (open, or opening this
    morning) and tonight's (opening tomorrow morning); older ones closed at an evening
    reminder that is already past. A night before FIRST_NIGHT, the first one Bedtime was in
    use for, is never asked about.
    """
    if not settings.morning_question:
        return None
    after = now.astimezone(UTC)
    current = night_of(now, zone, settings)
    for night in (current - timedelta(days=1), current):
        if night < first_night:
            continue
        opens, closes = window(night, settings, zone)
        if after >= closes or opens >= closes:
            continue
        at = _ask_at(state_of(night), opens)
        if at is not None and at < closes:
            return Question(night, at.astimezone(zone))
    return None


def _ask_at(state: MorningState, opens: datetime) -> datetime | None:
    if state.rated or state.paused:
        return None
    if state.asked == 0:
        return opens
    if state.asked == 1 and state.later_until is not None:
        return max(opens, state.later_until.astimezone(UTC))
    return None
