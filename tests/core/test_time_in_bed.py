"""Time in bed, worked out for years of nights at once: the clocks' difference where the
offset is the same at both ends, the way through UTC otherwise. Both must agree on every
night of a year, across the DST changes of zones that change at different hours."""

from datetime import UTC, date, time, timedelta
from zoneinfo import ZoneInfo

from bedtime.core.diary import DiaryEntry, time_in_bed
from bedtime.core.nights import wall_clock

ZONES = (
    "Europe/Amsterdam",
    "America/New_York",
    "Australia/Lord_Howe",  # a half-hour change
    "America/Santiago",  # changes at midnight
    "Asia/Tehran",
    "UTC",
)


def through_utc(entry: DiaryEntry) -> timedelta:
    """Time in bed by its definition: from one instant to the other."""
    assert entry.in_bed is not None and entry.final_wake is not None
    zone = ZoneInfo(entry.zone)
    bed_day = entry.night if entry.in_bed >= time(12) else entry.night + timedelta(days=1)
    start = wall_clock(bed_day, entry.in_bed, zone).astimezone(UTC)
    end = wall_clock(entry.night + timedelta(days=1), entry.final_wake, zone).astimezone(UTC)
    return end - start


def test_every_change_of_a_year_is_counted() -> None:
    # Each night of 2026 in each zone, into bed and up at times before, inside and after
    # the changes (at midnight, 02:00 or 03:00).
    for zone in ZONES:
        for k in range(365):
            night = date(2026, 1, 1) + timedelta(days=k)
            for in_bed in (time(22, 30), time(0, 30), time(1, 30), time(2, 30)):
                for woke in (time(2, 45), time(7, 0)):
                    entry = DiaryEntry(night, zone, 3, in_bed=in_bed, final_wake=woke)
                    assert time_in_bed(entry) == through_utc(entry), (zone, night, in_bed, woke)
