"""One style for days and times on every surface."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bedtime.core.date_text import day, moment, time_of

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=AMS)  # a Wednesday


def test_a_day_has_no_leading_zero_and_a_year_only_when_it_differs() -> None:
    assert day(date(2026, 12, 1)) == "Tue 1 Dec"
    assert day(date(2026, 12, 1), this_year=2026) == "Tue 1 Dec"
    assert day(date(2025, 12, 1), this_year=2026) == "Mon 1 Dec 2025"


@pytest.mark.parametrize(
    ("instant", "text"),
    [
        (datetime(2026, 12, 2, 22, 0, tzinfo=AMS), "22:00"),
        (datetime(2026, 12, 3, 22, 0, tzinfo=AMS), "Thu 22:00"),
        (datetime(2026, 11, 28, 21, 5, tzinfo=AMS), "Sat 21:05"),
        (datetime(2026, 11, 20, 21, 5, tzinfo=AMS), "Fri 20 Nov 21:05"),
        (datetime(2025, 11, 20, 21, 5, tzinfo=AMS), "Thu 20 Nov 2025 21:05"),
    ],
)
def test_a_moment_reads_from_now(instant: datetime, text: str) -> None:
    assert moment(instant, NOW) == text


def test_a_moment_is_read_on_nows_clock() -> None:
    utc_instant = datetime(2026, 12, 2, 21, 0, tzinfo=ZoneInfo("UTC"))
    assert moment(utc_instant, NOW) == "22:00"
    assert time_of(utc_instant) == "21:00"
