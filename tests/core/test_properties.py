"""Properties of nights and reminders over many years and every zone in the database."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bedtime.core.alerts import NightState, upcoming
from bedtime.core.nights import (
    bedtime_of,
    latest_at,
    night_of,
    night_start,
    reminder_of,
    wall_clock,
)
from bedtime.core.settings import Settings

NAMED = ["Europe/Amsterdam", "America/New_York", "Australia/Lord_Howe"]
ALL_ZONES = sorted(available_timezones() - {"Factory", "localtime"})

zones = st.one_of(st.sampled_from(NAMED), st.sampled_from(ALL_ZONES)).map(ZoneInfo)
nights = st.dates(min_value=date(1975, 1, 1), max_value=date(2060, 12, 31))
clock_times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
boundaries = st.integers(0, 6 * 60).map(lambda m: time(m // 60, m % 60))
offsets = st.integers(30, 120)


@st.composite
def any_settings(draw: st.DrawFn) -> Settings:
    return Settings(
        bedtimes=tuple(draw(clock_times) for _ in range(7)),
        offset_minutes=draw(offsets),
        day_boundary=draw(boundaries),
    )


@st.composite
def evening_settings(draw: st.DrawFn) -> Settings:
    """Bedtimes at least three hours from the day boundary on either side.

    Real bedtimes are; only a bedtime just before the boundary, pushed over it by a DST gap,
    could land in the next night, and no clock change is longer than two hours.
    """
    boundary = draw(boundaries)
    start = boundary.hour * 60 + boundary.minute
    minutes = st.integers(start + 180, start + 24 * 60 - 180).map(lambda m: m % (24 * 60))
    return Settings(
        bedtimes=tuple(time(m // 60, m % 60) for m in (draw(minutes) for _ in range(7))),
        offset_minutes=draw(offsets),
        day_boundary=boundary,
    )


def utc(instant: datetime) -> datetime:
    return instant.astimezone(UTC)


@settings(max_examples=400)
@given(zone=zones, night=nights, s=any_settings())
def test_the_offset_is_exact_in_elapsed_time(zone: ZoneInfo, night: date, s: Settings) -> None:
    elapsed = utc(bedtime_of(night, s, zone)) - utc(reminder_of(night, s, zone))
    assert elapsed == timedelta(minutes=s.offset_minutes)


@settings(max_examples=400)
@given(zone=zones, day=nights, at=clock_times)
def test_wall_clock_shows_the_time_or_moves_forward_over_a_gap(
    zone: ZoneInfo, day: date, at: time
) -> None:
    instant = wall_clock(day, at, zone)
    asked = datetime.combine(day, at)
    shown = instant.replace(tzinfo=None)
    if shown != asked:
        # Only in a gap: the asked time does not exist, and the shift is the gap's size.
        assert utc(asked.replace(tzinfo=zone, fold=1)) != utc(asked.replace(tzinfo=zone, fold=0))
        assert timedelta(0) < shown - asked <= timedelta(hours=2)
    else:
        # In a repeat, the first of the two.
        assert utc(instant) == min(utc(asked.replace(tzinfo=zone, fold=f)) for f in (0, 1))


@settings(max_examples=200, deadline=None)
@given(zone=zones, start=nights, s=evening_settings())
def test_following_upcoming_gives_every_night_once_in_order(
    zone: ZoneInfo, start: date, s: Settings
) -> None:
    # Like the tray: show what is ahead, let the night's bedtime pass, show the next. Forty
    # nights starting anywhere in the year cross DST changes in zones that have them.
    now = wall_clock(start, time(12, 0), zone)
    seen = []
    for _ in range(40):
        up = upcoming(now, s, zone, NightState)
        assert utc(up.bedtime) > utc(now)
        if up.reminder is not None:
            assert utc(up.reminder) > utc(now)
            assert up.reminder == reminder_of(up.night, s, zone)
            seen.append(up.night)
        now = up.bedtime
    first = seen[0]
    assert seen == [first + timedelta(days=k) for k in range(len(seen))]
    assert len(seen) >= 39


@settings(max_examples=300)
@given(zone=zones, night=nights, s=evening_settings())
def test_bedtime_lies_in_its_own_night(zone: ZoneInfo, night: date, s: Settings) -> None:
    assert night_of(bedtime_of(night, s, zone), zone, s) == night


@settings(max_examples=300)
@given(zone=zones, night=nights, s=evening_settings(), minutes=st.integers(0, 24 * 60 - 1))
def test_no_reminder_is_skipped_between_now_and_the_next(
    zone: ZoneInfo, night: date, s: Settings, minutes: int
) -> None:
    now = utc(wall_clock(night, s.day_boundary, zone)) + timedelta(minutes=minutes)
    at = upcoming(now, s, zone, NightState).reminder
    assume(at is not None)  # tonight's reminder is due: nothing lies between
    assert at is not None
    for neighbour in (night + timedelta(days=k) for k in range(-2, 3)):
        other = utc(reminder_of(neighbour, s, zone))
        assert not utc(now) < other < utc(at)


@settings(max_examples=300)
@given(zone=zones, day=nights, boundary=boundaries, a=st.integers(0, 3000), b=st.integers(0, 3000))
def test_night_of_never_goes_back_in_time(
    zone: ZoneInfo, day: date, boundary: time, a: int, b: int
) -> None:
    start = utc(wall_clock(day, time(0, 0), zone))
    first, second = sorted((a, b))
    s = Settings(day_boundary=boundary)
    earlier = night_of(start + timedelta(minutes=first), zone, s)
    later = night_of(start + timedelta(minutes=second), zone, s)
    assert earlier <= later


@settings(max_examples=300)
@given(zone=zones, day=nights, minutes=st.integers(0, 24 * 60 - 1), at=clock_times)
def test_latest_at_is_the_last_time_the_clock_showed_it(
    zone: ZoneInfo, day: date, minutes: int, at: time
) -> None:
    now = utc(wall_clock(day, time(0, 0), zone)) + timedelta(minutes=minutes)
    found = utc(latest_at(now, at, zone))
    assert found <= now
    assert found.astimezone(zone).time() == at
    # No minute after it, up to now, shows the same clock time.
    later = found + timedelta(minutes=1)
    while later <= now:
        assert later.astimezone(zone).time() != at
        later += timedelta(minutes=1)


def _gap_days(zone: ZoneInfo, first: date, last: date) -> list[date]:
    """The days on which ZONE's clock jumps forward (a gap), between FIRST and LAST."""
    days = []
    day = first
    before = wall_clock(day, time(0, 0), zone).utcoffset()
    while day < last:
        after = wall_clock(day + timedelta(days=1), time(0, 0), zone).utcoffset()
        assert before is not None and after is not None
        if after > before:
            days.append(day)
        before, day = after, day + timedelta(days=1)
    return days


# Every zone whose clock skipped forward in these years, each with one such day: a gap at
# 00:00 (Santiago, Havana), at 02:00 (Europe, the US), at 02:45 (Chatham), half an hour
# (Lord Howe), …
GAPS = [
    (name, days[0])
    for name in ALL_ZONES
    if (days := _gap_days(ZoneInfo(name), date(2024, 1, 1), date(2026, 12, 31)))
]


@st.composite
def bedtimes_by_the_boundary(draw: st.DrawFn) -> Settings:
    """Valid settings whose after-midnight bedtime lies up to three hours before the boundary,
    where a gap can push it past the boundary."""
    boundary = draw(st.integers(30, 6 * 60))  # the boundary cannot be 00:00 with such a bedtime
    minutes = draw(st.integers(max(0, boundary - 180), boundary - 1))
    return Settings(
        bedtimes=(time(minutes // 60, minutes % 60),) * 7,
        offset_minutes=draw(offsets),
        day_boundary=time(boundary // 60, boundary % 60),
    )


def test_there_are_gaps_to_test() -> None:
    assert len(GAPS) > 100
    assert ("Europe/Amsterdam", date(2024, 3, 31)) in GAPS


@settings(max_examples=500, deadline=None)
@given(gap=st.sampled_from(GAPS), s=bedtimes_by_the_boundary(), back=st.integers(0, 1))
def test_a_night_reaches_at_least_through_its_own_bedtime(
    gap: tuple[str, date], s: Settings, back: int
) -> None:
    name, day = gap
    zone = ZoneInfo(name)
    night = day - timedelta(days=back)
    bedtime = utc(bedtime_of(night, s, zone))
    for instant in (bedtime - timedelta(minutes=1), bedtime, bedtime + timedelta(seconds=59)):
        assert night_of(instant, zone, s) == night
    # The night starts before its reminder, and the next one after its bedtime.
    assert utc(night_start(night, zone, s)) <= utc(reminder_of(night, s, zone))
    assert utc(night_start(night + timedelta(days=1), zone, s)) > bedtime
    # And the next night still has its reminder and bedtime in it.
    following = night + timedelta(days=1)
    assert night_of(reminder_of(following, s, zone), zone, s) == following
    assert night_of(bedtime_of(following, s, zone), zone, s) == following


def _skipped_minutes(zone: ZoneInfo, day: date) -> list[time]:
    """The clock times that ZONE's clock skipped on DAY."""
    shown = (time(m // 60, m % 60) for m in range(24 * 60))
    return [at for at in shown if wall_clock(day, at, zone).time() != at]


def test_in_every_zone_with_a_gap_the_worst_bedtime_keeps_its_dose() -> None:
    """Each zone's own gap, with the bedtime its first skipped minute and the boundary the
    first minute after the gap: the bedtime moves past the boundary by the whole gap."""
    checked = []
    for name, found in GAPS:
        zone = ZoneInfo(name)
        # The offset changed between midnights: the gap is that day, or the next midnight.
        day = next(d for d in (found, found + timedelta(days=1)) if _skipped_minutes(zone, d))
        skipped = _skipped_minutes(zone, day)
        first, last = skipped[0], skipped[-1]
        end = last.hour * 60 + last.minute + 1
        if end > 6 * 60 or first.hour >= 12:
            continue  # a boundary must be at 06:00 at the latest, a bedtime after midnight
        s = Settings(
            bedtimes=(first,) * 7, day_boundary=time(end // 60, end % 60), offset_minutes=30
        )
        night = day - timedelta(days=1)
        bedtime = utc(bedtime_of(night, s, zone))
        assert utc(wall_clock(day, s.day_boundary, zone)) <= bedtime  # the gap pushed it over
        dose = bedtime - timedelta(minutes=1)
        assert night_of(dose, zone, s) == night, name
        assert night_of(bedtime, zone, s) == night, name
        assert night_of(reminder_of(day, s, zone), zone, s) == day, name
        checked.append(name)
    assert len(checked) > 100
    assert {"Europe/Amsterdam", "Pacific/Chatham", "America/Santiago"} <= set(checked)
