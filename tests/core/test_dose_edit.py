"""Correcting a logged dose: mg from the dose's own strength, the night and bedtime following."""

from dataclasses import replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bedtime.core.dose_edit import check_stock, edited
from bedtime.core.dosing import Intake, Supplement
from bedtime.core.errors import NotEnoughStock
from bedtime.core.nights import wall_clock
from bedtime.core.settings import Settings

AMS = ZoneInfo("Europe/Amsterdam")
FRI = date(2026, 11, 20)
# Logged at 22:00 on Friday as 2 × 100 mg, bedtime then planned at 23:30 (a later change).
DOSE = Intake(
    uid="u1",
    at=wall_clock(FRI, time(22, 0), AMS).astimezone(UTC),
    night=FRI,
    zone="Europe/Amsterdam",
    supplement_id=1,
    name="Mg",
    units=2,
    mg=200,
    bedtime=wall_clock(FRI, time(23, 30), AMS).astimezone(UTC),
)


def test_half_the_units_is_half_the_mg_logged_then_whatever_the_label_says_now() -> None:
    at = wall_clock(FRI, time(21, 40), AMS)
    fixed = edited(DOSE, 1, at, AMS, Settings())
    assert (fixed.uid, fixed.units, fixed.mg, fixed.night) == ("u1", 1, 100, FRI)
    assert fixed.at == datetime(2026, 11, 20, 20, 40, tzinfo=UTC)
    assert fixed.bedtime == DOSE.bedtime  # same night: the bedtime planned then stays
    assert fixed.minutes_before_bedtime == 110


def test_after_the_day_boundary_the_dose_belongs_to_the_next_night() -> None:
    at = wall_clock(date(2026, 11, 21), time(4, 30), AMS)  # boundary 04:00
    fixed = edited(DOSE, 2, at, AMS, Settings())
    assert fixed.night == date(2026, 11, 21)
    assert fixed.bedtime == wall_clock(date(2026, 11, 21), time(23, 0), AMS)


def test_just_after_midnight_is_still_the_evening_before() -> None:
    at = wall_clock(date(2026, 11, 21), time(0, 15), AMS)
    assert edited(DOSE, 2, at, AMS, Settings()).night == FRI


def test_an_edit_may_take_the_stock_left_plus_its_own_units() -> None:
    mg = Supplement(1, "Mg", "citrate", 100, 2, 3, 7)
    check_stock(DOSE, replace(DOSE, units=5), [mg])  # 3 left + the dose's own 2
    with pytest.raises(NotEnoughStock) as refused:
        check_stock(DOSE, replace(DOSE, units=5.5), [mg])
    assert (refused.value.name, refused.value.wanted, refused.value.stock) == ("Mg", 5.5, 5)
    check_stock(DOSE, replace(DOSE, units=1), [replace(mg, stock_units=0)])  # fewer: always
    check_stock(DOSE, replace(DOSE, units=99), [replace(mg, stock_units=None)])  # not tracked
    check_stock(DOSE, replace(DOSE, units=99), [replace(mg, id=2)])  # removed since
