"""Night events on a real file: what was shown, snoozed, skipped, paused, asked, and told."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bedtime.core.alerts import NightState
from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Supplement
from bedtime.core.morning import MorningState
from bedtime.core.settings import Settings
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from tests.crafted_backups import trials_table

FRI = date(2026, 11, 20)
AT = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
AMS = ZoneInfo("Europe/Amsterdam")


def test_an_untouched_night_has_nothing(store: Store) -> None:
    assert store.night_state(FRI) == NightState(FRI)
    assert store.morning_state(FRI) == MorningState(FRI)


def test_shown_and_snoozed_are_read_back_in_order(store: Store) -> None:
    store.record(FRI, "shown", AT)
    store.record(FRI, "snoozed", AT + timedelta(minutes=1), until=AT + timedelta(minutes=11))
    store.record(FRI, "shown", AT + timedelta(minutes=11))
    store.record(FRI, "snoozed", AT + timedelta(minutes=12), until=AT + timedelta(minutes=42))
    state = store.night_state(FRI)
    assert state.shown == (AT, AT + timedelta(minutes=11))
    assert state.snoozed_until == AT + timedelta(minutes=42)
    assert not state.settled
    # Another night is not affected.
    assert store.night_state(FRI + timedelta(days=1)) == NightState(FRI + timedelta(days=1))


def test_a_dose_settles_the_night(store: Store) -> None:
    store.add_supplement(Supplement(0, "Glycinate", "glycinate", 100, 2, None, 7), AT)
    store.take(None, None, AT.astimezone(AMS), AMS, Settings())
    assert store.night_state(FRI).taken


def test_skip_and_take_it_back(store: Store) -> None:
    store.set_skipped(FRI, True, AT)
    assert store.night_state(FRI).skipped
    store.set_skipped(FRI, False, AT)
    assert not store.night_state(FRI).skipped


def test_pause_covers_its_nights_and_resume_keeps_the_past(store: Store) -> None:
    store.pause(FRI, FRI + timedelta(days=2), AT)
    assert [store.night_state(FRI + timedelta(days=k)).paused for k in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert store.paused_through(FRI) == FRI + timedelta(days=2)
    assert store.paused_through(FRI + timedelta(days=3)) is None
    store.resume(FRI + timedelta(days=1))
    assert store.night_state(FRI).paused  # a night already paused stays so in history
    assert not store.night_state(FRI + timedelta(days=1)).paused
    assert store.morning_state(FRI).paused


def test_a_new_pause_replaces_a_longer_one(store: Store) -> None:
    store.pause(FRI, FRI + timedelta(days=6), AT)
    store.pause(FRI, FRI + timedelta(days=2), AT)
    assert store.paused_through(FRI) == FRI + timedelta(days=2)


def test_a_pause_runs_only_through_nights_in_a_row(store: Store) -> None:
    store.pause(FRI, FRI + timedelta(days=1), AT)
    store.pause(FRI + timedelta(days=3), FRI + timedelta(days=4), AT)
    assert store.paused_through(FRI) == FRI + timedelta(days=1)
    assert store.paused_through(FRI + timedelta(days=3)) == FRI + timedelta(days=4)


def test_morning_asked_later_and_rated(store: Store) -> None:
    store.record(FRI, "asked", AT)
    store.record(FRI, "later", AT, until=AT + timedelta(hours=1))
    assert store.morning_state(FRI) == MorningState(
        FRI, asked=1, later_until=AT + timedelta(hours=1)
    )
    store.rate(DiaryEntry(FRI, "Europe/Amsterdam", 4), AT)
    assert store.morning_state(FRI).rated


def test_low_stock_notice_is_remembered_per_night_and_name(store: Store) -> None:
    store.record(FRI, "low_stock", AT, detail="Glycinate")
    assert store.told_low_stock(FRI, "Glycinate")
    assert not store.told_low_stock(FRI, "Citrate")
    assert not store.told_low_stock(FRI + timedelta(days=1), "Glycinate")


def test_history_reads_the_kinds_of_each_night(store: Store) -> None:
    store.set_skipped(FRI, True, AT)
    store.record(FRI, "shown", AT)
    store.record(FRI, "shown", AT + timedelta(minutes=10))
    store.pause(FRI + timedelta(days=1), FRI + timedelta(days=1), AT)
    store.record(FRI + timedelta(days=9), "asked", AT)
    assert store.night_kinds(FRI, FRI + timedelta(days=5)) == {
        FRI: frozenset({"skipped", "shown"}),
        FRI + timedelta(days=1): frozenset({"paused"}),
    }


def test_an_unknown_kind_is_refused_by_the_schema(store: Store) -> None:
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        store.record(FRI, "exploded", AT)
    assert store.night_state(FRI) == NightState(FRI)


def test_a_first_release_file_is_upgraded_with_its_doses(tmp_path: Path) -> None:
    from bedtime.store.migrations import MIGRATIONS

    path = tmp_path / "bedtime.db"
    old = Store(open_database(path, migrations=MIGRATIONS[:1]).conn)
    old.add_supplement(Supplement(0, "Glycinate", "glycinate", 100, 2, 30, 7), AT)
    with trials_table(old):
        intake, _ = old.take(None, None, AT.astimezone(AMS), AMS, Settings())
    old.conn.close()

    opened = open_database(path)
    assert any("bedtime.db.v1.bak" in notice for notice in opened.notices)
    store = Store(opened.conn)
    assert [i.uid for i in store.intakes()] == [intake.uid]
    assert store.supplement(None).stock_units == 28
    store.record(FRI, "shown", AT)
    assert store.night_state(FRI) == NightState(FRI, taken=True, shown=(AT,))


def test_an_empty_older_file_is_upgraded_without_a_backup_or_a_notice(tmp_path: Path) -> None:
    # A first start stopped between two migration steps: nothing in it to keep a copy of.
    from bedtime.store.migrations import MIGRATIONS

    path = tmp_path / "bedtime.db"
    open_database(path, migrations=MIGRATIONS[:1]).conn.close()
    opened = open_database(path)
    assert opened.notices == []
    assert not (tmp_path / "bedtime.db.v1.bak").exists()
    assert opened.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
