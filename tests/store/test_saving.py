"""Saving the settings window on a real file: settings, supplement changes and pause, all or
nothing."""

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bedtime.core.dosing import Supplement
from bedtime.core.errors import InvalidInput
from bedtime.core.settings import Settings
from bedtime.core.supplement_changes import Add, Edit, Remove, Restock, apply_changes
from bedtime.store.database import open_database
from bedtime.store.repository import Store

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
FRI = date(2026, 11, 20)
MG = Supplement(0, "Mg citrate", "citrate", 100, 2, 30, 7)


def dump(store: Store) -> list[str]:
    return list(store.conn.iterdump())


def test_settings_supplements_and_pause_are_saved_together(store: Store) -> None:
    kept = store.add_supplement(MG, NOW)
    new = Supplement(-1, "Glycinate", "bisglycinate", 140, 1, None, 7)
    changes = [
        Add(new),
        Restock(kept.id, 60),
        Edit(replace(new, units_per_dose=2)),
        Restock(-1, 10),
    ]
    settings = replace(Settings(), offset_minutes=90, snooze_minutes=20)
    store.save(settings, changes, NOW, pause=(FRI, FRI + timedelta(days=2)))
    assert store.settings() == (settings, [])
    stored = {s.name: s for s in store.supplements()}
    assert stored["Mg citrate"].stock_units == 90
    assert stored["Glycinate"].units_per_dose == 2
    assert stored["Glycinate"].stock_units == 10
    assert store.paused_through(FRI) == FRI + timedelta(days=2)
    # What the window showed before Save is what was stored.
    shown = apply_changes([kept], changes)
    assert [(s.name, s.stock_units) for s in shown] == [
        (s.name, s.stock_units) for s in store.supplements()
    ]


def test_a_restock_adds_to_what_is_there_at_save_time(store: Store) -> None:
    kept = store.add_supplement(MG, NOW)
    # The window was opened at 30 units; a dose (2 units) is logged from the tray meanwhile.
    store.take(None, None, NOW, AMS, Settings())
    store.save(Settings(), [Restock(kept.id, 60)], NOW)
    assert store.supplements()[0].stock_units == 88


def test_a_removed_supplement_leaves_its_doses_in_history(store: Store) -> None:
    kept = store.add_supplement(MG, NOW)
    store.take(None, None, NOW, AMS, Settings())
    store.save(Settings(), [Remove(kept.id)], NOW)
    assert store.supplements() == []
    assert [i.name for i in store.intakes()] == ["Mg citrate"]


def test_a_failing_change_leaves_everything_as_it_was(store: Store) -> None:
    store.add_supplement(MG, NOW)
    other = store.add_supplement(replace(MG, name="Taurate"), NOW)
    before = dump(store)
    clash = Edit(replace(other, name="MG CITRATE"))
    with pytest.raises(InvalidInput, match="must differ"):
        store.save(replace(Settings(), offset_minutes=45), [Restock(other.id, 5), clash], NOW)
    assert dump(store) == before


def test_inconsistent_settings_are_refused_before_anything_is_written(store: Store) -> None:
    before = dump(store)
    with pytest.raises(InvalidInput):
        store.save(replace(Settings(), target_mg=500), [], NOW)
    assert dump(store) == before


def test_a_crash_in_the_middle_of_a_save_leaves_the_old_settings(
    store: Store, tmp_path: Path
) -> None:
    """A constraint breaks halfway (after the settings rows were written): none of it stays."""
    kept = store.add_supplement(MG, NOW)
    broken = Edit(replace(kept, mg_per_unit=-1))  # the table's CHECK refuses it
    with pytest.raises(sqlite3.IntegrityError):
        store.save(replace(Settings(), offset_minutes=45), [broken], NOW)
    reopened = Store(open_database(tmp_path / "bedtime.db").conn)
    assert reopened.settings() == (Settings(), [])


def test_resume_from_the_window_ends_the_pause_from_tonight(store: Store) -> None:
    store.pause(FRI - timedelta(days=2), FRI + timedelta(days=3), NOW)
    store.save(Settings(), [], NOW, pause=(FRI, None))
    assert store.paused_through(FRI) is None
    assert store.paused_through(FRI - timedelta(days=2)) == FRI - timedelta(days=1)
