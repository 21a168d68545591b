from datetime import UTC, date, datetime

import pytest

from bedtime.core.dosing import (
    Intake,
    Supplement,
    check_dose,
    check_dose_size,
    days_left,
    doses_above,
    is_low,
    stock_after,
)
from bedtime.core.errors import DoseAboveLimit, InvalidInput, NotEnoughStock, OverLimit
from bedtime.core.forms import parse_form
from bedtime.core.history import summarize
from bedtime.core.values import parse_amount


def supplement(stock: float | None = 30, per_dose: float = 1, mg: float = 200) -> Supplement:
    return Supplement(1, "Citrate", "citrate", mg, per_dose, stock, low_days=7)


def intake(night: date, mg: float) -> Intake:
    t = datetime(2026, 1, 1, tzinfo=UTC)
    return Intake("u", t, night, "UTC", 1, "Citrate", 1, mg, bedtime=t)


def test_days_left_counts_whole_doses() -> None:
    assert days_left(supplement(stock=30)) == 30
    assert days_left(supplement(stock=7.5, per_dose=0.5)) == 15
    assert days_left(supplement(stock=3.5, per_dose=1)) == 3
    assert days_left(supplement(stock=None)) is None


def test_low_stock_below_the_warning_days() -> None:
    assert is_low(supplement(stock=6))
    assert not is_low(supplement(stock=7))
    assert not is_low(supplement(stock=None))


def test_fractional_stock_keeps_no_float_noise() -> None:
    s = supplement(stock=1.0, per_dose=0.1)
    for _ in range(10):
        s = Supplement(1, "x", "other", 10, 0.1, stock_after(s, 0.1), 7)
    assert s.stock_units == 0.0


def test_night_total_counts_only_that_night() -> None:
    logged = [
        intake(date(2026, 1, 1), 200),
        intake(date(2026, 1, 1), 100.5),
        intake(date(2026, 1, 2), 50),
    ]
    [second, first] = summarize(date(2026, 1, 1), date(2026, 1, 2), logged, [])
    assert first.total_mg == 300.5
    assert second.total_mg == 50


class TestCheckDose:
    def test_within_limit(self) -> None:
        assert check_dose(supplement(), 1, 100, 350, force=False) == 200

    def test_exactly_at_the_limit_is_allowed(self) -> None:
        assert check_dose(supplement(), 1, 150, 350, force=False) == 200

    def test_over_the_limit_is_refused_unless_forced(self) -> None:
        with pytest.raises(OverLimit) as caught:
            check_dose(supplement(), 1, 200, 350, force=False)
        assert "400 mg" in str(caught.value) and "350 mg" in str(caught.value)
        assert check_dose(supplement(), 1, 200, 350, force=True) == 200

    def test_more_than_the_stock_is_refused_even_when_forced(self) -> None:
        with pytest.raises(NotEnoughStock):
            check_dose(supplement(stock=0.5), 1, 0, 350, force=True)

    def test_half_a_tablet(self) -> None:
        assert check_dose(supplement(stock=0.5), 0.5, 0, 350, force=False) == 100


@pytest.mark.parametrize("text", ["-1", "nan", "inf", "1e999", "abc", ""])
def test_amounts_refuse_what_is_not_a_quantity(text: str) -> None:
    with pytest.raises(InvalidInput, match=r"^stock: must be a number 0 or more"):
        parse_amount("stock", text, positive=False)


def test_amounts_accept_a_decimal_comma() -> None:
    assert parse_amount("units", "0,5", positive=True) == 0.5


def test_zero_is_not_a_dose() -> None:
    with pytest.raises(InvalidInput, match="above 0"):
        parse_amount("units", "0.0001", positive=True)


def test_forms_take_english_and_dutch_names() -> None:
    assert parse_form("Citraat") == "citrate"
    assert parse_form("glycinate") == "bisglycinate"
    with pytest.raises(InvalidInput, match=r"^form: must be one of"):
        parse_form("kryptonite")


def test_one_dose_above_the_limit_is_refused_unless_confirmed() -> None:
    big = supplement(mg=5000)
    with pytest.raises(DoseAboveLimit) as refused:
        check_dose_size(big, 350, force=False)
    assert str(refused.value) == (
        "one dose of Citrate (1 × 5000 mg = 5000 mg) is above your daily limit of 350 mg on its own"
    )
    check_dose_size(big, 350, force=True)  # confirmed: a doctor may have advised it


def test_the_dose_is_units_per_dose_times_mg_per_unit() -> None:
    check_dose_size(supplement(per_dose=1.75, mg=200), 350, force=False)  # exactly the limit
    with pytest.raises(DoseAboveLimit, match=r"\(2 × 200 mg = 400 mg\)"):
        check_dose_size(supplement(per_dose=2, mg=200), 350, force=False)


def test_doses_above_names_each_supplement_over_a_lower_limit() -> None:
    kept = [supplement(mg=100), supplement(per_dose=2, mg=100), supplement(mg=250)]
    assert [str(a) for a in doses_above(kept, 200)] == [
        "one dose of Citrate (1 × 250 mg = 250 mg) is above your daily limit of 200 mg on its own"
    ]
    assert doses_above(kept, 250) == []
