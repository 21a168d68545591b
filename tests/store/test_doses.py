"""Doses on a real file: logged under the nightly limit, corrected, deleted, undone; the stock
follows every change in the same transaction."""

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bedtime.core.dose_edit import edited
from bedtime.core.dosing import Intake, Supplement
from bedtime.core.errors import InvalidInput, NotEnoughStock, OverLimit
from bedtime.core.settings import Settings
from bedtime.store.database import open_database
from bedtime.store.repository import Store

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
FRI = date(2026, 11, 20)
MG = Supplement(0, "Mg citrate", "citrate", 100, 2, 30, 7)  # 200 mg a dose; the limit is 350


def test_a_dose_after_midnight_is_filed_to_the_night_before_and_lowers_the_stock(
    store: Store,
) -> None:
    store.add_supplement(MG, NOW)
    at = datetime(2026, 11, 21, 0, 30, tzinfo=AMS)
    dose, after = store.take(None, None, at, AMS, Settings())
    assert (dose.night, dose.at, dose.zone, dose.mg) == (FRI, at, "Europe/Amsterdam", 200)
    assert after.stock_units == 28 == store.supplements()[0].stock_units
    assert store.intakes(FRI, FRI) == [dose]
    assert store.intakes(FRI + timedelta(days=1)) == []
    assert store.night_total(FRI) == 200


def test_over_the_limit_is_refused_and_nothing_written_until_confirmed(store: Store) -> None:
    store.add_supplement(MG, NOW)
    store.take(None, None, NOW, AMS, Settings())
    before = list(store.conn.iterdump())
    with pytest.raises(OverLimit):
        store.take(None, None, NOW, AMS, Settings())
    assert list(store.conn.iterdump()) == before
    store.take(None, None, NOW, AMS, Settings(), force=True)
    assert (store.night_total(FRI), store.supplements()[0].stock_units) == (400, 26)


def test_more_than_the_stock_is_refused_even_when_confirmed(store: Store) -> None:
    store.add_supplement(replace(MG, stock_units=1), NOW)
    with pytest.raises(NotEnoughStock):
        store.take(None, None, NOW, AMS, Settings(), force=True)
    assert store.intakes() == []


def test_undo_takes_back_the_latest_dose_and_its_units(store: Store) -> None:
    store.add_supplement(MG, NOW)
    first, _ = store.take(None, 1, NOW, AMS, Settings())
    second, _ = store.take(None, 1, NOW + timedelta(minutes=5), AMS, Settings())
    assert store.undo_last() == second
    assert (store.intakes(), store.supplements()[0].stock_units) == ([first], 29)
    assert store.undo_last() == first
    assert store.undo_last() is None
    assert store.supplements()[0].stock_units == 30


def test_a_stock_not_counted_stays_so(store: Store) -> None:
    store.add_supplement(replace(MG, stock_units=None), NOW)
    dose, after = store.take(None, None, NOW, AMS, Settings())
    assert after.stock_units is None
    store.delete_intake(dose.uid)
    store.put_intake(dose)
    assert store.supplements()[0].stock_units is None


def test_editing_and_deleting_a_dose_moves_the_stock_and_undo_restores_it(store: Store) -> None:
    store.add_supplement(MG, NOW)
    dose, _ = store.take(None, None, NOW, AMS, Settings())
    assert store.supplements()[0].stock_units == 28
    half = edited(dose, 1, NOW - timedelta(minutes=30), AMS, Settings())
    store.put_intake(half)
    assert store.supplements()[0].stock_units == 29
    assert [(i.units, i.mg) for i in store.intakes()] == [(1, 100)]
    store.put_intake(dose)  # undo the edit
    assert store.supplements()[0].stock_units == 28
    assert store.intakes() == [dose]
    gone = store.delete_intake(dose.uid)
    assert (store.intakes(), store.supplements()[0].stock_units) == ([], 30)
    store.put_intake(gone)  # undo the delete
    assert (store.intakes(), store.supplements()[0].stock_units) == ([dose], 28)


def test_giving_back_units_never_takes_the_stock_below_zero(store: Store) -> None:
    store.add_supplement(replace(MG, stock_units=2), NOW)
    dose, _ = store.take(None, None, NOW, AMS, Settings())
    store.put_intake(replace(dose, units=5, mg=500))
    assert store.supplements()[0].stock_units == 0


def test_deleting_a_dose_that_is_gone_names_it(store: Store) -> None:
    with pytest.raises(InvalidInput, match="no longer in the log"):
        store.delete_intake("nope")


def test_two_takes_at_once_cannot_both_slip_under_the_limit(tmp_path: Path) -> None:
    """The tray and the command line log a dose at the same moment. The limit is checked
    inside the write transaction, so the one that waits for the other sees its dose."""
    path = tmp_path / "bedtime.db"
    setup = Store(open_database(path).conn)
    setup.add_supplement(MG, NOW)
    setup.conn.close()
    first_holds, second_asks, go = threading.Event(), threading.Event(), threading.Event()
    outcomes: dict[str, Intake | OverLimit] = {}

    def take(who: str, trace: Callable[[str], None]) -> None:
        store = Store(open_database(path).conn)  # a connection of its own, as a process has
        store.conn.set_trace_callback(trace)
        if who == "second":
            first_holds.wait(10)
        try:
            outcomes[who] = store.take(None, None, NOW, AMS, Settings())[0]
        except OverLimit as refusal:
            outcomes[who] = refusal
        finally:
            store.conn.close()

    def first_trace(statement: str) -> None:
        # Its dose is written; the stock comes next. Hold the transaction open here.
        if statement.startswith("UPDATE supplements"):
            first_holds.set()
            go.wait(10)

    def second_trace(statement: str) -> None:
        if statement == "BEGIN IMMEDIATE":
            second_asks.set()

    threads = [
        threading.Thread(target=take, args=("first", first_trace)),
        threading.Thread(target=take, args=("second", second_trace)),
    ]
    for thread in threads:
        thread.start()
    assert second_asks.wait(10)
    go.set()
    for thread in threads:
        thread.join(20)
    first, second = outcomes["first"], outcomes["second"]
    assert isinstance(first, Intake) and isinstance(second, OverLimit)
    store = Store(open_database(path).conn)
    assert store.intakes() == [first]
    assert store.night_total(FRI) == 200
