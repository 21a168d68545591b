"""Saving the settings window and correcting history, on a real file: all or nothing."""

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bedtime.core.diary import DiaryEntry
from bedtime.core.dose_edit import edited
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


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(open_database(tmp_path / "bedtime.db").conn)


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


def test_a_rating_is_deleted_and_put_back(store: Store) -> None:
    entry = DiaryEntry(FRI, "Europe/Amsterdam", 4, latency_min=15)
    store.rate(entry, NOW)
    assert store.delete_rating(FRI) == entry
    assert store.diary() == []
    assert store.delete_rating(FRI) is None
    store.rate(entry, NOW)
    assert store.diary() == [entry]


def test_history_reads_kinds_per_night_and_the_first_logged_night(store: Store) -> None:
    assert store.first_logged_night() is None
    store.set_skipped(FRI, True, NOW)
    store.record(FRI, "shown", NOW)
    store.pause(FRI + timedelta(days=1), FRI + timedelta(days=1), NOW)
    store.rate(DiaryEntry(FRI - timedelta(days=3), "Europe/Amsterdam", 3), NOW)
    assert store.night_kinds(FRI, FRI + timedelta(days=5)) == {
        FRI: frozenset({"skipped", "shown"}),
        FRI + timedelta(days=1): frozenset({"paused"}),
    }
    # Events are not doses or ratings: the morning question's own "asked" is no use of a night.
    store.record(FRI - timedelta(days=9), "asked", NOW)
    assert store.first_logged_night() == FRI - timedelta(days=3)


def test_first_use_is_recorded_once_when_first_asked_for(store: Store) -> None:
    assert store.first_use(NOW) == NOW
    assert store.first_use(NOW + timedelta(days=2)) == NOW


def test_first_use_of_an_older_file_is_its_earliest_logged_instant(tmp_path: Path) -> None:
    """A file from before first use was recorded: the earliest moment anything was logged,
    never a night's date (the morning question's event is filed under the night before)."""
    store = Store(open_database(tmp_path / "bedtime.db").conn)
    early = NOW - timedelta(days=5, hours=3)
    store.record(FRI - timedelta(days=7), "asked", early + timedelta(hours=1))
    store.rate(DiaryEntry(FRI - timedelta(days=6), "Europe/Amsterdam", 3), early)
    store.add_supplement(MG, early + timedelta(days=1))
    assert store.first_use(NOW) == early
    # A copy of that file keeps the same answer.
    again = Store(open_database(tmp_path / "bedtime.db").conn)
    assert again.first_use(NOW + timedelta(days=30)) == early


def test_a_note_is_shown_once(store: Store) -> None:
    assert not store.was_shown("health")
    store.mark_shown("health", NOW)
    store.mark_shown("health", NOW + timedelta(days=1))
    assert store.was_shown("health")
