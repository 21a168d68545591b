"""The insight panel's sentences: plain, with the nights behind each, never claiming more."""

from dataclasses import replace

from bedtime.core.insights import Insights, insights
from bedtime.core.wording import plural
from bedtime.ui.history.insight_text import (
    CAUTION,
    NOTHING_YET,
    adherence,
    amounts,
    insight_lines,
    nights,
    number,
    percent,
    rating,
    ratings,
    sleep,
    timing,
)
from tests.core.test_history import SETTINGS, two_weeks

# Fifty planned nights, forty taken, thirty-one on time; everything else filled in.
BASE = Insights(
    nights=56,
    logged=44,
    planned=50,
    taken=40,
    on_time=31,
    rating_with=3.6,
    rated_with=22,
    rating_without=3.1,
    rated_without=6,
    median_minutes_before=62.0,
    latency_min=18.0,
    latency_nights=12,
    efficiency=87.0,
    efficiency_nights=9,
    mean_mg=310.0,
    target_mg=300.0,
    limit_mg=350.0,
    nights_at_target=36,
    nights_over_limit=2,
)


def test_plural() -> None:
    assert [nights(n) for n in (0, 1, 2)] == ["0 nights", "1 night", "2 nights"]
    assert plural(1, "{n} planned night", "{n} planned nights") == "1 planned night"


def test_numbers_round_half_up_to_one_decimal_at_most() -> None:
    assert [number(v) for v in (18.0, 18.25, 18.04, 112.5, 7 / 3)] == [
        "18",
        "18.3",
        "18",
        "112.5",
        "2.3",
    ]
    assert [rating(v) for v in (4.0, 3.25, 7 / 3)] == ["4.0 / 5", "3.3 / 5", "2.3 / 5"]


def test_percent_says_0_or_100_only_when_exact() -> None:
    assert percent(40, 50) == "80 %"
    assert percent(1, 8) == "13 %"  # 12.5 rounds up
    assert percent(199, 200) == "99 %"  # 99.5 would round to 100
    assert percent(1, 300) == "1 %"  # 0.33 would round to 0
    assert (percent(0, 7), percent(7, 7)) == ("0 %", "100 %")


def test_the_lines_in_order() -> None:
    assert insight_lines(BASE) == [
        "Taken on 40 of 50 planned nights (80 %); 31 of them on time"
        " (within 15 min of the reminder).",
        "Sleep rating on nights with magnesium: 3.6 / 5 (22 nights); without: 3.1 / 5"
        " (6 nights). A difference can have other causes; it is not proof.",
        "Taken a median of 62 minutes before bedtime (40 nights).",
        "Fell asleep in 18 minutes on average (noted on 12 nights); sleep efficiency 87 %"
        " (9 nights; 85 % or more is the usual aim).",
        "On average 310 mg a night (40 nights with a dose) against a target of 300 mg;"
        " 36 nights reached the target, 2 went over the 350 mg limit.",
    ]


def test_nothing_logged_is_one_line() -> None:
    assert insight_lines(insights([], SETTINGS)) == [NOTHING_YET]
    assert NOTHING_YET == "Nothing logged in this period yet."
    # Missed and skipped nights alone are not data: still nothing logged.
    assert insight_lines(replace(insights([], SETTINGS), nights=3, planned=3)) == [NOTHING_YET]


def test_too_few_nights_to_compare_ratings() -> None:
    few = replace(BASE, rated_without=3, rating_without=2.0)
    line = ratings(few)
    assert line == (
        "Not enough nights yet to compare ratings with and without magnesium"
        " (22 with, 3 without; 5 each needed)."
    )
    assert CAUTION not in " ".join(insight_lines(few))
    # The means are not shown at all until both sides have five nights.
    assert "3.6" not in line and "2.0" not in line
    four_with = replace(BASE, rated_with=4)
    assert ratings(four_with).startswith("Not enough nights yet")
    assert "(4 with, 6 without; 5 each needed)" in ratings(four_with)


def test_five_nights_each_are_compared_with_the_caution() -> None:
    five = replace(BASE, rated_with=5, rated_without=5, rating_with=4.0, rating_without=4.0)
    assert ratings(five) == (
        "Sleep rating on nights with magnesium: 4.0 / 5 (5 nights); without: 4.0 / 5"
        " (5 nights). A difference can have other causes; it is not proof."
    )


def test_adherence_for_one_and_no_dose() -> None:
    one = replace(BASE, planned=1, taken=1, on_time=1)
    assert adherence(one) == (
        "Taken on 1 of 1 planned night (100 %), and on time that night"
        " (within 15 min of the reminder)."
    )
    late = replace(BASE, planned=3, taken=1, on_time=0)
    assert adherence(late) == (
        "Taken on 1 of 3 planned nights (33 %), but not on time that night"
        " (more than 15 min from the reminder)."
    )
    assert adherence(replace(BASE, planned=7, taken=0, on_time=0)) == (
        "Taken on 0 of 7 planned nights (0 %)."
    )


def test_no_adherence_line_without_planned_nights() -> None:
    # Only paused nights with a rating: nothing planned, nothing to say about adherence.
    paused = replace(
        insights([], SETTINGS), nights=2, logged=1, rated_without=1, rating_without=3.0
    )
    assert insight_lines(paused) == [
        "Not enough nights yet to compare ratings with and without magnesium"
        " (0 with, 1 without; 5 each needed)."
    ]


def test_timing_before_at_and_after_bedtime() -> None:
    assert timing(replace(BASE, median_minutes_before=112.5)) == (
        "Taken a median of 112.5 minutes before bedtime (40 nights)."
    )
    assert timing(replace(BASE, taken=1, median_minutes_before=1.0)) == (
        "Taken 1 minute before bedtime (1 night)."
    )
    assert timing(replace(BASE, taken=2, median_minutes_before=-30.0)) == (
        "Taken a median of 30 minutes after bedtime (2 nights)."
    )
    assert timing(replace(BASE, median_minutes_before=0.0)) == (
        "Taken right at bedtime, going by the median (40 nights)."
    )
    assert timing(replace(BASE, taken=0, median_minutes_before=None)) is None


def test_sleep_with_either_figure_alone() -> None:
    no_efficiency = replace(BASE, efficiency=None, efficiency_nights=0)
    assert sleep(no_efficiency) == "Fell asleep in 18 minutes on average (noted on 12 nights)."
    no_latency = replace(BASE, latency_min=None, latency_nights=0, efficiency=86.74)
    assert sleep(no_latency) == (
        "Sleep efficiency 86.7 % on average (9 nights; 85 % or more is the usual aim)."
    )
    once = replace(BASE, latency_min=25.0, latency_nights=1, efficiency=None, efficiency_nights=0)
    assert sleep(once) == "Fell asleep in 25 minutes (noted on 1 night)."
    assert sleep(replace(no_efficiency, latency_min=None, latency_nights=0)) is None


def test_amounts_with_none_reached_or_over() -> None:
    low = replace(BASE, taken=3, mean_mg=150.0, nights_at_target=0, nights_over_limit=0)
    assert amounts(low) == (
        "On average 150 mg a night (3 nights with a dose) against a target of 300 mg;"
        " no night reached the target, none went over the 350 mg limit."
    )
    one = replace(BASE, taken=1, mean_mg=400.0, nights_at_target=1, nights_over_limit=1)
    assert amounts(one) == (
        "400 mg a night (1 night with a dose) against a target of 300 mg;"
        " 1 night reached the target, 1 went over the 350 mg limit."
    )
    assert amounts(replace(BASE, taken=0, mean_mg=None)) is None


def test_the_two_weeks_in_words() -> None:
    # The figures worked out in tests/core/test_insights.py.
    assert insight_lines(insights(two_weeks(), SETTINGS)) == [
        "Taken on 6 of 10 planned nights (60 %); 5 of them on time"
        " (within 15 min of the reminder).",
        "Not enough nights yet to compare ratings with and without magnesium"
        " (5 with, 3 without; 5 each needed).",
        "Taken a median of 112.5 minutes before bedtime (6 nights).",
        "Fell asleep in 38 minutes on average (noted on 3 nights); sleep efficiency 87.5 %"
        " (2 nights; 85 % or more is the usual aim).",
        "On average 300 mg a night (6 nights with a dose) against a target of 300 mg;"
        " 5 nights reached the target, 1 went over the 350 mg limit.",
    ]


def test_trial_nights_are_named_as_kept_apart_from_the_comparison() -> None:
    five = replace(BASE, rated_with=5, rated_without=5, rating_with=4.0, rating_without=4.0)
    assert ratings(replace(five, trial_rated=40)).endswith(
        " 40 nights rated in your trial are not in this comparison: the trial's result"
        " compares them as planned."
    )
    assert "trial" not in ratings(five)
    assert " 1 night rated in your trial is not in this comparison" in ratings(
        replace(five, trial_rated=1)
    )
