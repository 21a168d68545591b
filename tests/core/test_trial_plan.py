"""The trial's plan: its bounds, the seeded order within each pair, and where a night falls."""

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from bedtime.core.errors import InvalidInput
from bedtime.core.trial_plan import (
    PAIRS_DEFAULT,
    PAIRS_MIN,
    PERIOD_DEFAULT,
    WASH_IN_DEFAULT,
    Arm,
    Trial,
    TrialPlan,
    off_night,
    periods,
    place,
)

START = date(2026, 12, 2)


def plan(seed: int = 7, **shape: int) -> TrialPlan:
    return TrialPlan(
        START,
        shape.get("period", PERIOD_DEFAULT),
        shape.get("pairs", PAIRS_DEFAULT),
        shape.get("wash_in", WASH_IN_DEFAULT),
        seed,
    )


def test_default_is_eight_pairs_of_weeks_with_three_nights_wash_in() -> None:
    p = plan()
    assert (p.period_nights, p.pairs, p.wash_in_nights) == (7, 8, 3)
    assert p.nights == 112 and p.weeks == 16
    assert p.last == START + timedelta(days=111)


def test_each_pair_holds_one_on_and_one_off_in_an_order_from_the_seed() -> None:
    p = plan()
    assert len(p.arms) == 16
    for k in range(0, 16, 2):
        assert {p.arms[k], p.arms[k + 1]} == {Arm.ON, Arm.OFF}
    assert plan(seed=7).arms == p.arms  # the seed alone decides: recomputable
    orders = {plan(seed=s).arms for s in range(50)}
    assert len(orders) > 40  # and it does vary with the seed


def test_the_order_is_fair_over_many_seeds() -> None:
    firsts = [plan(seed=s).arms[0] is Arm.ON for s in range(2000)]
    assert 0.45 < sum(firsts) / len(firsts) < 0.55


@pytest.mark.parametrize(
    ("shape", "field"),
    [
        ({"pairs": PAIRS_MIN - 1}, "pairs"),
        ({"pairs": 17}, "pairs"),
        ({"period": 6}, "period length"),
        ({"period": 29}, "period length"),
        ({"wash_in": -1}, "wash-in"),
        ({"wash_in": 4}, "wash-in"),  # a 7-night period keeps at least 4 counted
        ({"pairs": 14, "period": 14}, "length"),  # 392 nights: over a year
    ],
)
def test_a_shape_that_cannot_give_an_answer_is_refused_naming_the_field(
    shape: dict[str, int], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan(**shape)
    assert refused.value.field == field


def test_where_each_night_falls() -> None:
    p = plan(period=7, wash_in=3)
    assert place(p, START - timedelta(days=1)) is None
    assert place(p, p.last + timedelta(days=1)) is None
    first = place(p, START)
    assert first is not None
    assert (first.period, first.pair, first.arm, first.wash_in, first.week) == (
        1, 1, p.arms[0], True, 1
    )  # fmt: skip
    fourth = place(p, START + timedelta(days=3))
    assert fourth is not None and not fourth.wash_in
    ninth = place(p, START + timedelta(days=8))
    assert ninth is not None
    assert (ninth.period, ninth.pair, ninth.arm, ninth.wash_in, ninth.week) == (
        2, 1, p.arms[1], True, 2
    )  # fmt: skip
    last = place(p, p.last)
    assert last is not None and (last.period, last.pair, last.week) == (16, 8, 16)


def test_periods_cover_the_plan_without_gaps() -> None:
    spans = periods(plan(period=10, pairs=6, wash_in=2))
    assert len(spans) == 12
    assert spans[0][0] == START
    for (_, last, _), (first, _, _) in itertools.pairwise(spans):
        assert first == last + timedelta(days=1)
    assert spans[-1][1] == START + timedelta(days=119)


def test_off_nights_end_when_the_trial_is_stopped() -> None:
    p = plan()
    off = next(START + timedelta(days=k) for k in range(p.nights) if p.arms[k // 7] is Arm.OFF)
    started = datetime(2026, 12, 2, 12, tzinfo=UTC)
    assert off_night(Trial(p, started, "Europe/Amsterdam"), off)
    assert not off_night(None, off)
    stopped = Trial(p, started, "Europe/Amsterdam", stopped=off - timedelta(days=1))
    assert not off_night(stopped, off)
    assert stopped.stopped_early and stopped.last == off - timedelta(days=1)
