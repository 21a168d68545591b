"""Nights, bedtimes and reminders in local time, across midnight, DST and zone changes.

A night is named by the date of its evening. It runs from the day boundary on that date to
the day boundary on the next, and always at least through its own bedtime; a bedtime
earlier than the boundary lies after midnight.
All arithmetic and every comparison of instants is done in UTC: Python subtracts and
compares two datetimes of the same zone by their wall clocks, which is wrong across DST.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .settings import Settings


def wall_clock(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant a local clock shows AT on DAY, in ZONE.

    A time that the clock skips (spring forward) moves forward by the gap: 02:30 → 03:30.
    A time that the clock shows twice (fall back) is its first occurrence.
    zoneinfo gives exactly this with fold=0: inside a gap it applies the offset from before
    the transition, inside a repeat the offset of the first pass.
    """
    naive = datetime.combine(day, at)
    return naive.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


def night_of(instant: datetime, zone: ZoneInfo, settings: Settings) -> date:
    """The night an instant belongs to: its local date, or the day before if before that
    night's start.

    "Before" is judged against the start's instant, not the wall clock, so a boundary
    inside a repeated hour does not send the second pass back into the night before.
    """
    day = instant.astimezone(zone).date()
    if instant.astimezone(UTC) < night_start(day, zone, settings).astimezone(UTC):
        return day - timedelta(days=1)
    return day


def night_start(night: date, zone: ZoneInfo, settings: Settings) -> datetime:
    """The first instant of a night: the day boundary on its evening's date, unless the
    night before has not reached its bedtime by then.

    A night reaches at least through its own bedtime's minute. Only a DST gap can push a
    bedtime past the boundary (bedtime 02:30, boundary 03:00, clocks jumping 02:00 → 03:00:
    bedtime is 03:30); without this, a dose taken at 03:10 for that night would be filed
    to the next one, and the next night's reminder skipped as taken.
    """
    boundary = wall_clock(night, settings.day_boundary, zone).astimezone(UTC)
    through_bedtime = bedtime_of(night - timedelta(days=1), settings, zone).astimezone(UTC)
    return max(boundary, through_bedtime + timedelta(minutes=1)).astimezone(zone)


def bedtime_of(night: date, settings: Settings, zone: ZoneInfo) -> datetime:
    """The night's bedtime as a local instant (the weekday of the evening picks the time)."""
    at = settings.bedtime_for_weekday(night.weekday())
    day = night + timedelta(days=1) if at < settings.day_boundary else night
    return wall_clock(day, at, zone)


def reminder_of(night: date, settings: Settings, zone: ZoneInfo) -> datetime:
    """Bedtime minus the offset, in real elapsed minutes, as a local instant."""
    bedtime = bedtime_of(night, settings, zone).astimezone(UTC)
    return (bedtime - timedelta(minutes=settings.offset_minutes)).astimezone(zone)


def first_planned_night(first_use: datetime, settings: Settings, zone: ZoneInfo) -> date:
    """The first night Bedtime plans for: the one it was first used in, if its bedtime was
    still ahead then, else the next.

    A night whose bedtime had passed before Bedtime was first used was never planned: it is
    not reminded of, not missed, not asked about in the morning and not counted.
    """
    night = night_of(first_use, zone, settings)
    if bedtime_of(night, settings, zone).astimezone(UTC) <= first_use.astimezone(UTC):
        night += timedelta(days=1)
    return night


def latest_bedtime_passed(now: datetime, settings: Settings, zone: ZoneInfo) -> date:
    """The latest night whose bedtime is not after NOW (the night a morning rating is about)."""
    current = night_of(now, zone, settings)
    for back in range(0, 9):
        night = current - timedelta(days=back)
        if bedtime_of(night, settings, zone).astimezone(UTC) <= now.astimezone(UTC):
            return night
    raise AssertionError("a bedtime always passes within eight nights")  # pragma: no cover


def latest_at(now: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The latest instant not after NOW at which the local clock showed AT.

    In a repeated hour the clock shows AT twice and the later pass may be the one meant;
    on a day the clock skipped AT it did not show it at all.
    """
    after = now.astimezone(UTC)
    local_today = now.astimezone(zone).date()
    for back in range(0, 3):
        naive = datetime.combine(local_today - timedelta(days=back), at)
        shown = []
        for fold in (0, 1):
            instant = naive.replace(tzinfo=zone, fold=fold).astimezone(UTC)
            if instant.astimezone(zone).replace(tzinfo=None) == naive:  # not in a gap
                shown.append(instant)
        passed = [instant for instant in shown if instant <= after]
        if passed:
            return max(passed).astimezone(zone)
    raise AssertionError("a clock time always recurs within two days")  # pragma: no cover
