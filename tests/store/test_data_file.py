"""The open data file itself, on a real file: where it is, whether it can be written, whether
another process changed it, and run state kept in memory where it cannot be written."""

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bedtime.core.alerts import NightState
from bedtime.core.dosing import Supplement
from bedtime.core.settings import Settings
from bedtime.store.database import is_read_only, open_database
from bedtime.store.repository import Store
from tests.store.conftest import read_only

NOW = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
FRI = date(2026, 11, 20)
MG = Supplement(0, "Mg citrate", "citrate", 100, 2, 30, 7)


def test_a_writable_file_says_where_it_is(store: Store, tmp_path: Path) -> None:
    assert not store.read_only()
    assert store.file() == tmp_path / "bedtime.db"


def test_the_data_version_moves_when_another_process_commits(tmp_path: Path) -> None:
    ours = Store(open_database(tmp_path / "bedtime.db").conn)
    theirs = Store(open_database(tmp_path / "bedtime.db").conn)
    seen = ours.data_version()
    ours.record(FRI, "shown", NOW)
    assert ours.data_version() == seen  # our own change is no news to us
    theirs.record(FRI, "snoozed", NOW, until=NOW + timedelta(minutes=10))
    assert ours.data_version() != seen
    assert ours.night_state(FRI).snoozed_until == NOW + timedelta(minutes=10)


def test_a_read_only_file_keeps_reminder_notes_in_memory_and_refuses_the_rest(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bedtime.db"
    writable = Store(open_database(path).conn)
    writable.add_supplement(MG, NOW)
    writable.record(FRI, "shown", NOW)
    writable.conn.close()
    before = path.read_bytes()

    store = read_only(path)
    assert store.read_only()
    assert store.file() == path
    store.hold_run_state()
    later = NOW + timedelta(minutes=15)
    store.record(FRI, "shown", later)
    store.mark_shown("health", later)
    assert store.night_state(FRI) == NightState(FRI, shown=(NOW, later))
    assert store.was_shown("health")
    with pytest.raises(sqlite3.OperationalError) as refused:
        store.take(None, None, later, ZoneInfo("Europe/Amsterdam"), Settings())
    assert is_read_only(refused.value)
    store.conn.close()

    # Nothing of it reached the file.
    assert path.read_bytes() == before
    again = read_only(path)
    assert again.night_state(FRI) == NightState(FRI, shown=(NOW,))
    assert not again.was_shown("health")
