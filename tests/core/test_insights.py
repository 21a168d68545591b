"""The insight figures, checked against numbers worked out by hand.

The two weeks come from tests/core/test_history.py; their nights, in short:
  16 not used · 17 taken 200 mg (+10 min, rated 4) · 18 taken 300 (+15, rated 3, latency 20,
  efficiency 85.0) · 19 taken 300 (+16, rated 4) · 20 skipped (rated 2, latency 40) ·
  21 taken 200 + 200 (−15, rated 5) · 22 missed (rated 2) · 23 taken 300 (0) ·
  24 skipped then taken 300 (+5 on the DST night, rated 4, latency 54, efficiency 90.0) ·
  25 paused (rated 3) · 26 paused · 27 skipped · 28 missed · 29 tonight.
(+/− minutes: first dose after/before the reminder.)
"""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Intake
from bedtime.core.history import NightRecord, NightStatus
from bedtime.core.insights import MIN_NIGHTS, ON_TIME_MINUTES, Insights, insights
from bedtime.core.settings import Settings
from tests.core.test_history import SETTINGS, d, two_weeks

BED = datetime(2026, 11, 2, 22, 0, tzinfo=UTC)  # Monday 2 November, 23:00 CET
S = Settings()  # reminder 60 min before bedtime, target 300, limit 350


def taken(
    night: date,
    *,
    minutes_after_reminder: float = 0,
    mg: float = 300,
    quality: int | None = None,
    offset: int = 60,
) -> NightRecord:
    """A taken night whose (only) dose came MINUTES_AFTER_REMINDER after an OFFSET reminder."""
    at = BED - timedelta(minutes=offset) + timedelta(minutes=minutes_after_reminder)
    intake = Intake(f"{night}", at, night, "Europe/Amsterdam", 1, "Citrate", 1, mg, BED)
    return NightRecord(night, (intake,), diary(night, quality), status=NightStatus.TAKEN)


def without(night: date, status: NightStatus, quality: int | None = None) -> NightRecord:
    return NightRecord(night, (), diary(night, quality), status=status)


def diary(night: date, quality: int | None) -> DiaryEntry | None:
    return None if quality is None else DiaryEntry(night, "Europe/Amsterdam", quality)


def nights(count: int) -> list[date]:
    return [date(2026, 11, 1) + timedelta(days=k) for k in range(count)]


def test_the_two_weeks() -> None:
    i = insights(two_weeks(), SETTINGS)
    assert i.nights == 14
    assert i.logged == 9  # 17 … 25 each have a dose or a rating
    # Planned: taken 17 18 19 21 23 24, skipped 20 27, missed 22 28.
    assert (i.planned, i.taken) == (10, 6)
    # On time: 17 (+10), 18 (+15), 21 (−15), 23 (0), 24 (+5); not 19 (+16).
    assert i.on_time == 5
    # With a dose: 4 3 4 5 4 = 20 over 5 nights. Without: 20 skipped 2, 22 missed 2,
    # 25 paused 3 = 7 over 3.
    assert (i.rating_with, i.rated_with) == (4.0, 5)
    assert i.rated_without == 3 and i.rating_without is not None
    assert abs(i.rating_without - 7 / 3) < 1e-12
    assert not i.comparable  # 3 without
    # Minutes before bedtime: 110 105 104 135 120 115 → 104 105 110 | 115 120 135 → 112.5.
    assert i.median_minutes_before == 112.5
    # Latency 20 40 54 = 114 over 3 = 38; efficiency 85.0 and 90.0 → 87.5.
    assert (i.latency_min, i.latency_nights) == (38.0, 3)
    assert (i.efficiency, i.efficiency_nights) == (87.5, 2)
    # 200 300 300 400 300 300 = 1800 over 6 = 300; five at 300 or more; 400 over 350.
    assert i.mean_mg == 300.0
    assert (i.target_mg, i.limit_mg) == (300.0, 350.0)
    assert (i.nights_at_target, i.nights_over_limit) == (5, 1)


def test_the_dst_night_is_on_time_by_elapsed_minutes() -> None:
    [saturday] = [row for row in two_weeks() if row.night == d(24)]
    assert insights([saturday], SETTINGS).on_time == 1
    # An hour's shorter offset would make the same dose 65 minutes early.
    assert insights([saturday], replace(SETTINGS, offset_minutes=60)).on_time == 0


def test_nothing_at_all() -> None:
    i = insights([], S)
    assert i == Insights(
        nights=0,
        logged=0,
        planned=0,
        taken=0,
        on_time=0,
        rating_with=None,
        rated_with=0,
        rating_without=None,
        rated_without=0,
        median_minutes_before=None,
        latency_min=None,
        latency_nights=0,
        efficiency=None,
        efficiency_nights=0,
        mean_mg=None,
        target_mg=300.0,
        limit_mg=350.0,
        nights_at_target=0,
        nights_over_limit=0,
    )
    assert not i.comparable


def test_only_taken_skipped_and_missed_nights_are_planned() -> None:
    rows = [
        without(d(1), NightStatus.NOT_USED),
        without(d(2), NightStatus.PAUSED, quality=4),
        without(d(3), NightStatus.TONIGHT),
        without(d(4), NightStatus.SKIPPED),
        without(d(5), NightStatus.MISSED),
    ]
    i = insights(rows, S)
    assert (i.nights, i.planned, i.taken, i.logged) == (5, 2, 0, 1)
    assert (i.rated_without, i.rating_without) == (1, 4.0)  # the paused night's rating
    assert i.mean_mg is None and i.median_minutes_before is None


def test_on_time_is_within_15_minutes_either_way_inclusive() -> None:
    assert ON_TIME_MINUTES == 15
    for minutes, on_time in ((-16, 0), (-15, 1), (0, 1), (15, 1), (16, 0), (15.5, 0)):
        i = insights([taken(d(1), minutes_after_reminder=minutes)], S)
        assert i.on_time == on_time, minutes


def test_on_time_follows_the_offset_setting() -> None:
    # Taken 90 min before a 23:00 bedtime: on time for a 90-minute reminder only.
    row = taken(d(1), offset=90)
    assert insights([row], replace(S, offset_minutes=90)).on_time == 1
    assert insights([row], S).on_time == 0


def test_on_time_looks_at_the_first_dose_only() -> None:
    first = taken(d(1), minutes_after_reminder=0).intakes[0]
    late = replace(first, uid="late", at=first.at + timedelta(hours=1))
    row = NightRecord(d(1), (first, late), None, status=NightStatus.TAKEN)
    i = insights([row], S)
    assert (i.on_time, i.median_minutes_before, i.mean_mg) == (1, 60.0, 600.0)


def test_ratings_are_compared_from_five_nights_each() -> None:
    assert MIN_NIGHTS == 5
    days = nights(10)
    with_five = [taken(n, quality=4) for n in days[:5]]
    without_four = [without(n, NightStatus.MISSED, quality=2) for n in days[5:9]]
    i = insights(with_five + without_four, S)
    assert (i.rated_with, i.rated_without, i.comparable) == (5, 4, False)
    # Both means are still there; only the comparison waits.
    assert (i.rating_with, i.rating_without) == (4.0, 2.0)
    i = insights([*with_five, *without_four, without(days[9], NightStatus.SKIPPED, 3)], S)
    # Without: 2 2 2 2 3 = 11 over 5 = 2.2.
    assert (i.rated_without, i.comparable) == (5, True)
    assert i.rating_without is not None and abs(i.rating_without - 2.2) < 1e-12
    # Four rated with a dose against five without is not enough either.
    i = insights(with_five[1:] + [without(n, NightStatus.MISSED, 3) for n in days[5:]], S)
    assert (i.rated_with, i.rated_without, i.comparable) == (4, 5, False)


def test_unrated_and_tonight_nights_do_not_count_in_ratings() -> None:
    rows = [
        taken(d(1)),  # no rating
        without(d(2), NightStatus.MISSED),  # no rating
        without(d(3), NightStatus.TONIGHT, quality=1),  # neither with nor without
        taken(d(4), quality=5),
    ]
    i = insights(rows, S)
    assert (i.rated_with, i.rating_with, i.rated_without, i.rating_without) == (1, 5.0, 0, None)


def test_equal_ratings_tie() -> None:
    days = nights(10)
    # With: 3 4 3 4 3 → 17/5 = 3.4; without: 4 3 3 4 3 → 17/5 = 3.4.
    rows = [taken(n, quality=q) for n, q in zip(days[:5], (3, 4, 3, 4, 3), strict=True)]
    rows += [
        without(n, NightStatus.MISSED, q) for n, q in zip(days[5:], (4, 3, 3, 4, 3), strict=True)
    ]
    i = insights(rows, S)
    assert i.comparable and i.rating_with == i.rating_without


def test_median_of_an_even_count_and_of_ties() -> None:
    # 60 and 45 minutes before bedtime → 52.5.
    two = [taken(d(1)), taken(d(2), minutes_after_reminder=15)]
    assert insights(two, S).median_minutes_before == 52.5
    # 60 60 75 75 → 67.5; 60 60 60 75 → 60.
    minutes_early = (0, 0, -15, -15)
    four = [
        taken(n, minutes_after_reminder=m) for n, m in zip(nights(4), minutes_early, strict=True)
    ]
    assert insights(four, S).median_minutes_before == 67.5
    four[2] = taken(nights(4)[2])
    assert insights(four, S).median_minutes_before == 60.0


def test_a_dose_after_bedtime_has_a_negative_median() -> None:
    assert insights([taken(d(1), minutes_after_reminder=90)], S).median_minutes_before == -30.0


def test_target_is_reached_at_it_and_the_limit_crossed_only_above_it() -> None:
    rows = [taken(n, mg=mg) for n, mg in zip(nights(4), (299.5, 300, 350, 350.5), strict=True)]
    i = insights(rows, S)
    # 299.5 + 300 + 350 + 350.5 = 1300 over 4 = 325.
    assert (i.mean_mg, i.nights_at_target, i.nights_over_limit) == (325.0, 3, 1)


def test_diary_figures_come_from_every_kind_of_night() -> None:
    entry = DiaryEntry(
        d(2), "Europe/Amsterdam", 3, latency_min=30, in_bed=time(23, 0), final_wake=time(7, 0)
    )
    # 480 min in bed, 30 to fall asleep: 450/480 = 93.75 → 93.8 as sleep_efficiency rounds.
    rows = [without(d(2), NightStatus.PAUSED)]
    rows[0] = replace(rows[0], diary=entry)
    i = insights(rows, S)
    assert (i.latency_min, i.latency_nights, i.efficiency, i.efficiency_nights) == (
        30.0,
        1,
        93.8,
        1,
    )


def test_ten_years_of_nights() -> None:
    days = [date(2016, 1, 1) + timedelta(days=k) for k in range(3650)]
    rows = [
        taken(n, quality=4) if k % 2 == 0 else without(n, NightStatus.MISSED, quality=3)
        for k, n in enumerate(days)
    ]
    i = insights(rows, S)
    assert (i.planned, i.taken, i.on_time, i.rated_with, i.rated_without) == (
        3650,
        1825,
        1825,
        1825,
        1825,
    )
    assert (i.rating_with, i.rating_without, i.comparable) == (4.0, 3.0, True)
