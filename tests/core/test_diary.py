from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bedtime.core.diary import (
    ITEM_NAMES,
    DiaryEntry,
    check_consistent,
    contradiction,
    sleep_efficiency,
    time_in_bed,
)
from bedtime.core.errors import Contradiction, InvalidInput


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


# -- items that contradict each other ------------------------------------------------------


def problem(**items: object) -> str | None:
    found = contradiction(entry(**items))
    return None if found is None else str(found)


def test_waking_before_getting_into_bed_is_refused_naming_both() -> None:
    # 23:00 → 22:00 read as a 23-hour night, recorded as 100 % efficiency before.
    message = problem(in_bed=time(23, 0), final_wake=time(22, 0))
    assert message == (
        "woke (22:00) must be after in bed (23:00) and at most 16 hours later "
        "(as given, 23 hours in bed)"
    )
    # After midnight both: 03:00 in bed, woke 02:00 that same morning.
    assert problem(in_bed=time(3, 0), final_wake=time(2, 0)) == (
        "woke (02:00) must be after in bed (03:00) and at most 16 hours later"
    )
    assert problem(in_bed=time(1, 0), final_wake=time(1, 0)) is not None


def test_nights_across_midnight_and_long_lie_ins_are_fine() -> None:
    assert problem(in_bed=time(23, 0), final_wake=time(7, 0)) is None
    assert problem(in_bed=time(0, 30), final_wake=time(8, 30)) is None
    assert problem(in_bed=time(20, 0), final_wake=time(12, 0)) is None  # 16 hours: the most
    assert problem(in_bed=time(19, 59), final_wake=time(12, 0)) is not None


def test_latency_longer_than_the_night_is_refused() -> None:
    # An 8-hour night with 600 minutes to fall asleep was recorded as 0 % efficiency.
    message = problem(in_bed=time(23, 0), final_wake=time(7, 0), latency_min=600)
    assert message == (
        "latency (600 minutes) is longer than the time in bed (8 hours, 23:00 to 07:00)"
    )


def test_latency_and_awake_together_longer_than_the_night_are_refused() -> None:
    message = problem(in_bed=time(23, 0), final_wake=time(6, 30), latency_min=200, awake_min=300)
    assert message == (
        "latency (200) and awake (300) add up to 500 minutes, longer than the time in bed "
        "(7 hours 30 minutes, 23:00 to 06:30)"
    )


def test_without_times_the_minutes_are_bounded_by_the_longest_night() -> None:
    assert problem(latency_min=960) is None
    assert problem(latency_min=961) == (
        "latency (961 minutes) is longer than a night in bed can be (16 hours)"
    )
    assert problem(latency_min=500, awake_min=500) is not None


def test_a_night_without_sleep_is_unusual_not_contradictory() -> None:
    e = entry(in_bed=time(23, 0), final_wake=time(7, 0), latency_min=480)
    assert contradiction(e) is None
    assert sleep_efficiency(e) == 0.0


def test_minutes_awake_need_an_awakening() -> None:
    assert problem(awakenings=0, awake_min=15) == (
        "awake (15) needs at least one awakening, but awakenings is 0"
    )
    # Brief awakenings round to no minutes: unusual, not contradictory.
    assert problem(awakenings=3, awake_min=0) is None
    assert problem(awakenings=10, awake_min=5) is None
    assert problem(awakenings=0, awake_min=0) is None


def test_the_message_uses_the_callers_names_and_points_at_the_fields() -> None:
    names = {**ITEM_NAMES, "in_bed": "Time got into bed", "final_wake": "Time of final awakening"}
    found = contradiction(entry(in_bed=time(23, 0), final_wake=time(22, 0)), names)
    assert found is not None
    assert str(found).startswith("Time of final awakening (22:00) must be after time got into bed")
    assert found.fields == ("final_wake", "in_bed")
    with pytest.raises(Contradiction):
        check_consistent(entry(in_bed=time(23, 0), final_wake=time(22, 0)))


def test_a_saved_contradiction_has_no_efficiency() -> None:
    # Entries saved before the check keep loading, but show no made-up figure.
    assert sleep_efficiency(entry(in_bed=time(23, 0), final_wake=time(22, 0))) is None
    assert (
        sleep_efficiency(entry(in_bed=time(23, 0), final_wake=time(7, 0), latency_min=600)) is None
    )


def test_dst_nights_are_judged_on_their_real_length() -> None:
    # 29 March 2026 in Amsterdam lasts an hour less: 20:00 → 13:00 is 16 real hours.
    spring = DiaryEntry(date(2026, 3, 28), "Europe/Amsterdam", 3)
    assert contradiction(replace(spring, in_bed=time(20, 0), final_wake=time(13, 0))) is None
    # 25 October 2026 lasts an hour more: 20:00 → 12:00 is 17 real hours.
    autumn = DiaryEntry(date(2026, 10, 24), "Europe/Amsterdam", 3)
    assert contradiction(replace(autumn, in_bed=time(20, 0), final_wake=time(12, 0))) is not None


times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
minutes = st.none() | st.integers(0, 1440)


@given(
    in_bed=st.none() | times,
    woke=st.none() | times,
    latency=minutes,
    awake=minutes,
    awakenings=minutes,
    zone=st.sampled_from(["UTC", "Europe/Amsterdam", "America/New_York", "Australia/Lord_Howe"]),
    night=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
)
def test_an_accepted_entry_has_an_efficiency_from_0_to_100(
    in_bed: time | None,
    woke: time | None,
    latency: int | None,
    awake: int | None,
    awakenings: int | None,
    zone: str,
    night: date,
) -> None:
    e = DiaryEntry(night, zone, 3, latency, awakenings, awake, in_bed, woke)
    efficiency = sleep_efficiency(e)
    if contradiction(e) is not None:
        assert efficiency is None
    elif in_bed is not None and woke is not None:
        assert efficiency is not None and 0 <= efficiency <= 100


@given(
    quality=st.integers(1, 5),
    latency=st.one_of(st.none(), st.integers(0, 1440)),
    awakenings=st.one_of(st.none(), st.integers(0, 20)),
    awake=st.one_of(st.none(), st.integers(0, 1440)),
    in_bed=st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0))),
    woke=st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0))),
    night=st.sampled_from(
        [date(2026, 3, 28), date(2026, 3, 29), date(2026, 10, 24), date(2026, 11, 20)]
    ),
)
def test_an_entry_has_an_efficiency_exactly_when_it_has_the_times_and_no_contradiction(
    quality: int,
    latency: int | None,
    awakenings: int | None,
    awake: int | None,
    in_bed: time | None,
    woke: time | None,
    night: date,
) -> None:
    entry = DiaryEntry(night, "Europe/Amsterdam", quality, latency, awakenings, awake, in_bed, woke)
    span = time_in_bed(entry)
    efficiency = sleep_efficiency(entry)
    if span is None or contradiction(entry) is not None:
        assert efficiency is None
    else:
        asleep = span - timedelta(minutes=(latency or 0) + (awake or 0))
        assert efficiency == round(asleep / span * 100, 1)
