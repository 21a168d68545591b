from datetime import date, time

import pytest

from bedtime.core.diary import DiaryEntry, sleep_efficiency
from bedtime.core.errors import InvalidInput


def entry(**items: object) -> DiaryEntry:
    return DiaryEntry(date(2026, 11, 20), "Europe/Amsterdam", 4, **items)  # type: ignore[arg-type]


def test_quality_must_be_one_to_five() -> None:
    for bad in (0, 6):
        with pytest.raises(InvalidInput, match=r"^rating: "):
            DiaryEntry(date(2026, 11, 20), "UTC", bad)


def test_efficiency_needs_bed_and_wake_times() -> None:
    assert sleep_efficiency(entry(latency_min=20)) is None


def test_efficiency_from_the_diary_items() -> None:
    # 23:00 → 07:00 is 480 minutes in bed; 20 to fall asleep and 28 awake leave 432: 90 %.
    e = entry(in_bed=time(23, 0), final_wake=time(7, 0), latency_min=20, awake_min=28)
    assert sleep_efficiency(e) == 90.0


def test_efficiency_with_bedtime_after_midnight() -> None:
    e = entry(in_bed=time(0, 30), final_wake=time(8, 30), latency_min=48)
    assert sleep_efficiency(e) == 90.0


def test_efficiency_counts_the_real_length_of_a_dst_night() -> None:
    # 25 October 2026 in Amsterdam lasts an hour longer: 23:00 → 07:00 is 540 minutes.
    e = DiaryEntry(
        date(2026, 10, 24),
        "Europe/Amsterdam",
        3,
        latency_min=54,
        in_bed=time(23, 0),
        final_wake=time(7, 0),
    )
    assert sleep_efficiency(e) == 90.0
