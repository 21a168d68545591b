"""The History chart's model, without Qt: nights grouped into weeks and months, the axes'
steps, the date labels, the words for a week, the periods, and night records turned into
chart points. Nothing here needs a QApplication; the first test checks that no Qt is loaded.
"""

import subprocess
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Intake
from bedtime.core.history import NightRecord, NightStatus
from bedtime.core.settings import Settings
from bedtime.ui.history.chart_model import (
    ChartNight,
    chart_night,
    choose_unit,
    clock_label,
    clock_range,
    clock_ticks,
    date_ticks,
    group_nights,
    minutes_after_noon,
    nice_ticks,
    slot_text,
)
from bedtime.ui.history.periods import PERIODS, period_start

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LONG_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def fmt(day: date, pattern: str) -> str:
    """The Qt date patterns the chart uses, in English, as a locale would give them."""
    return {
        "d MMM": f"{day.day} {MONTHS[day.month - 1]}",
        "d MMM yyyy": f"{day.day} {MONTHS[day.month - 1]} {day.year}",
        "MMM": MONTHS[day.month - 1],
        "MMM yyyy": f"{MONTHS[day.month - 1]} {day.year}",
        "MMMM yyyy": f"{LONG_MONTHS[day.month - 1]} {day.year}",
    }[pattern]


class Names:
    """Nights named as the table names them ("Fri 20 Nov"), in English."""

    def night(self, night: date, *, year: bool = False) -> str:
        text = f"{DAYS[night.weekday()]} {night.day} {MONTHS[night.month - 1]}"
        return f"{text} {night.year}" if year else text


def test_the_model_loads_no_qt() -> None:
    modules = (
        "bedtime.ui.history.chart_model",
        "bedtime.ui.history.periods",
        "bedtime.ui.history.night_words",
    )
    code = (
        f"import sys; import {', '.join(modules)}; "
        "print(sorted(m for m in sys.modules if 'PySide6' in m))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


MONDAY = date(2026, 9, 7)


def night(
    day: date,
    status: str = "taken",
    mg: float = 300,
    rating: int | None = None,
    bedtime: int | None = None,
    dose: int | None = None,
) -> ChartNight:
    return ChartNight(day, status, mg, rating, bedtime, dose, lambda: f"tip {day.isoformat()}")


def week_of(amounts: Sequence[float], start: date = MONDAY) -> list[ChartNight]:
    return [
        night(start + timedelta(days=k), mg=mg, status="taken" if mg else "skipped")
        for k, mg in enumerate(amounts)
    ]


def example_status(k: int) -> str:
    if 20 <= k < 23:
        return "paused"
    if k % 11 == 5:
        return "skipped"
    if k % 17 == 9:
        return "missed"
    return "taken"


def example(days: int = 56, start: date = MONDAY) -> list[ChartNight]:
    """A plausible stretch: later bedtimes at the weekend, a pause, some skips and misses."""
    nights = []
    for k in range(days):
        day = start + timedelta(days=k)
        weekend = day.weekday() >= 4
        bedtime = 720 + (k % 3) * 15 if weekend else 660 + (k % 2) * 15
        if k == days - 1:
            nights.append(ChartNight(day, "tonight", 0, None, bedtime, None, lambda: "Tonight"))
            continue
        status = example_status(k)
        mg = (150, 300, 300, 200, 300, 400, 300)[k % 7] if status == "taken" else 0
        dose = bedtime - (45, 60, 75, 90)[k % 4] if mg else None
        rating = (3, 4, 2, 4, 5, 3, None)[k % 7]
        tip = f"{day:%a %d %b}: {status}, {mg} mg, rating {rating}, bedtime {clock_label(bedtime)}"
        nights.append(ChartNight(day, status, mg, rating, bedtime, dose, lambda tip=tip: tip))
    return nights


def test_clock_labels_count_from_noon() -> None:
    assert clock_label(660) == "23:00"
    assert clock_label(750) == "00:30"
    assert clock_label(0) == "12:00"
    assert clock_label(540) == "21:00"
    assert clock_label(719) == "23:59"
    assert clock_label(720) == "00:00"


def test_nice_ticks_are_round_and_fit_closely() -> None:
    assert nice_ticks(400, 5) == [0, 100, 200, 300, 400]
    assert nice_ticks(420, 5) == [0, 100, 200, 300, 400, 500]
    assert nice_ticks(350, 4) == [0, 100, 200, 300, 400]
    assert nice_ticks(600, 3) == [0, 200, 400, 600]
    assert nice_ticks(0, 3)[-1] >= 1  # nothing logged still gives an axis


def test_clock_range_and_ticks_fit_the_times() -> None:
    low, high = clock_range([570, 660, 765])  # 21:30, 23:00, 00:45
    assert (clock_label(low), clock_label(high)) == ("21:00", "01:00")
    assert clock_ticks(low, high, 8) == [540, 600, 660, 720, 780]
    # Fewer labels fit: every other hour, on even clock hours.
    assert [clock_label(t) for t in clock_ticks(low, high, 2)] == ["22:00", "00:00"]
    assert clock_range([]) == (600, 720)
    low, high = clock_range([660])
    assert high - low >= 120 and low <= 650 and high >= 670


def test_grouping_switches_below_three_pixels_a_night() -> None:
    assert choose_unit(3) == "night"
    assert choose_unit(2.9) == "week"
    assert choose_unit(3 / 7) == "week"
    assert choose_unit(0.4) == "month"


def test_weeks_average_over_nights_with_a_dose() -> None:
    nights = week_of([200, 400, 0, 300, 0, 0, 0]) + week_of([0] * 7, MONDAY + timedelta(days=7))
    nights[0] = night(MONDAY, mg=200, rating=2)
    nights[1] = night(MONDAY + timedelta(days=1), mg=400, rating=5, bedtime=660, dose=600)
    weeks = group_nights(nights, "week")
    assert [(w.first_day, w.days, w.start, w.stop) for w in weeks] == [(0, 7, 0, 7), (7, 7, 7, 14)]
    assert weeks[0].mg == 300 and weeks[0].rating == 3.5 and weeks[0].marker is None
    assert weeks[0].bedtime == 660 and weeks[0].dose == 600
    assert weeks[1].mg is None and weeks[1].marker == "skipped"
    # A week starting on Sunday puts Monday 7 Sep in the week of Sunday 6 Sep.
    sunday_weeks = group_nights(nights, "week", first_weekday=6)
    assert [(w.start, w.stop) for w in sunday_weeks] == [(0, 6), (6, 13), (13, 14)]
    months = group_nights(example(120), "month")  # 7 Sep 2026 to 4 Jan 2027
    assert [(m.first_day, m.days) for m in months] == [
        (0, 24),
        (24, 31),
        (55, 30),
        (85, 31),
        (116, 4),
    ]


def test_date_labels_go_from_mondays_to_months_to_years() -> None:
    def measure(text: str) -> float:
        return 7.0 * len(text)

    weekly = date_ticks(MONDAY, 56, 14, measure, fmt)
    assert [t.label for t in weekly][:3] == ["7 Sep", "14 Sep", "21 Sep"]
    assert weekly[0].day == 0.5
    monthly = date_ticks(MONDAY, 365, 3, measure, fmt)
    assert [t.label for t in monthly][:3] == ["Oct 2026", "Nov", "Dec"]
    assert "Jan 2027" in [t.label for t in monthly]
    yearly = date_ticks(date(2016, 1, 1), 3650, 0.2, measure, fmt)
    assert {t.label for t in yearly} <= {str(y) for y in range(2017, 2026)}
    assert len(yearly) >= 4


def test_a_night_must_have_a_known_status_and_rating() -> None:
    with pytest.raises(ValueError, match="status"):
        ChartNight(MONDAY, "forgot", 0, None, None, None, lambda: "")
    with pytest.raises(ValueError, match="rating"):
        ChartNight(MONDAY, "taken", 300, 6, None, None, lambda: "")


def test_a_week_is_summed_up_in_words() -> None:
    nights = week_of([200, 400, 0, 500, 0, 0, 0])
    nights[0] = night(MONDAY, mg=200, rating=2, bedtime=660, dose=600)
    nights[1] = night(MONDAY + timedelta(days=1), mg=400, rating=5, bedtime=690, dose=630)
    week = group_nights(nights, "week")[0]
    assert slot_text(week, nights, 450, fmt).split("\n") == [
        "Week of 7 Sep 2026",
        "Taken on 3 of 7 nights, 367 mg on average",
        "Above your limit on 1 night",
        "Skipped 4",
        "Sleep 3.5 of 5 on average (good), 2 nights rated",
        "On average first dose 22:15, bedtime 23:15",
    ]
    month = group_nights(nights, "month")[0]
    assert slot_text(month, nights, 450, fmt).startswith("September 2026\n")
    one = group_nights(nights, "night")[3]
    assert slot_text(one, nights, 450, fmt) == nights[3].tooltip


def test_period_starts() -> None:
    fri = date(2026, 11, 20)
    assert period_start(fri, PERIODS[0][1]) == date(2026, 9, 26)
    assert period_start(fri, PERIODS[1][1]) == date(2026, 8, 21)
    assert period_start(fri, PERIODS[3][1]) == date(2025, 11, 21)
    assert period_start(fri, PERIODS[4][1]) is None
    assert period_start(date(2026, 5, 31), PERIODS[1][1]) == date(2026, 3, 1)  # from 28 Feb


AMS = ZoneInfo("Europe/Amsterdam")


def test_minutes_after_noon_count_across_midnight() -> None:
    evening = date(2026, 11, 19)
    assert minutes_after_noon(evening, datetime(2026, 11, 19, 23, 0, tzinfo=AMS)) == 660
    assert minutes_after_noon(evening, datetime(2026, 11, 20, 0, 30, tzinfo=AMS)) == 750
    assert minutes_after_noon(evening, datetime(2026, 11, 19, 12, 0, tzinfo=AMS)) == 0


def test_a_record_becomes_a_chart_point_on_the_clock_it_was_taken_on() -> None:
    new_york = ZoneInfo("America/New_York")
    evening = date(2026, 11, 19)
    at = datetime(2026, 11, 19, 22, 0, tzinfo=new_york)  # 04:00 the next day in Amsterdam
    dose = Intake("u1", at, evening, new_york.key, 1, "Citrate", 2, 200, at + timedelta(hours=1))
    rated = DiaryEntry(evening, new_york.key, 3, latency_min=15)
    taken = NightRecord(evening, (dose,), rated, status=NightStatus.TAKEN)
    point = chart_night(taken, Settings(), AMS, Names())
    assert (point.status, point.mg, point.rating) == ("taken", 200, 3)
    assert (point.dose_min, point.bedtime_min) == (600, 660)  # 22:00 and 23:00 in New York
    assert point.tooltip == (
        "Thu 19 Nov — 200 mg, 60 min before bedtime\nSlept: fair (3/5) · fell asleep in 15 min"
    )
    # Without a dose, the night's planned bedtime (23:00 by default) where the user is now.
    skipped = NightRecord(evening, (), None, status=NightStatus.SKIPPED)
    point = chart_night(skipped, Settings(), AMS, Names())
    assert (point.status, point.mg, point.dose_min, point.bedtime_min) == ("skipped", 0, None, 660)
    assert point.tooltip == "Thu 19 Nov — Skipped"
