"""Back up now and import a backup, on real files: a bad file changes nothing."""

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Supplement
from bedtime.core.errors import InvalidInput
from bedtime.core.settings import Settings
from bedtime.store.backup import back_up, import_backup
from bedtime.store.database import open_database
from bedtime.store.migrations import MIGRATIONS
from bedtime.store.repository import Store

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
MG = Supplement(0, "Mg citrate", "citrate", 100, 2, 30, 7)


def new_store(path: Path) -> Store:
    return Store(open_database(path).conn)


def test_a_backup_holds_what_is_in_the_wal_too(tmp_path: Path) -> None:
    store = new_store(tmp_path / "bedtime.db")
    store.add_supplement(MG, NOW)
    store.take(None, None, NOW, AMS, Settings())
    back_up(store.conn, tmp_path / "copy.db")
    copy = new_store(tmp_path / "copy.db")
    assert copy.intakes() == store.intakes()
    assert copy.supplements() == store.supplements()


def test_import_replaces_everything_and_keeps_the_old_data(tmp_path: Path) -> None:
    old = new_store(tmp_path / "old.db")
    old.add_supplement(MG, NOW)
    old.rate(DiaryEntry(date(2026, 11, 1), "Europe/Amsterdam", 5), NOW)
    old.set_setting("offset", "90")
    back_up(old.conn, tmp_path / "saved.db")

    data = tmp_path / "bedtime.db"
    live = new_store(data)
    live.add_supplement(Supplement(0, "Taurate", "taurate", 50, 1, None, 7), NOW)
    live.take(None, None, NOW, AMS, Settings())
    before = live.intakes()
    kept = import_backup(live.conn, tmp_path / "saved.db", data).kept

    assert [s.name for s in live.supplements()] == ["Mg citrate"]
    assert live.intakes() == []
    assert live.settings()[0].offset_minutes == 90
    assert [e.quality for e in live.diary()] == [5]
    assert kept.parent == tmp_path and kept.name.startswith("bedtime.db.before-import-")
    assert new_store(kept).intakes() == before


def test_an_older_schema_is_upgraded_on_import(tmp_path: Path) -> None:
    old = open_database(tmp_path / "v1.db", MIGRATIONS[:1]).conn
    old.execute("INSERT INTO settings (key, value) VALUES ('offset', '45')")
    old.close()
    live = new_store(tmp_path / "bedtime.db")
    import_backup(live.conn, tmp_path / "v1.db", tmp_path / "bedtime.db")
    assert live.settings()[0].offset_minutes == 45
    assert live.night_kinds(date(2026, 1, 1), date(2026, 12, 31)) == {}


@pytest.mark.parametrize("kind", ["missing", "text", "other_db", "newer", "damaged"])
def test_a_file_that_is_not_a_bedtime_backup_changes_nothing(tmp_path: Path, kind: str) -> None:
    bad = tmp_path / "bad.db"
    if kind == "text":
        bad.write_text("hello")
    elif kind == "other_db":
        sqlite3.connect(bad).execute("CREATE TABLE photos (id)").connection.close()
    elif kind == "newer":
        conn = open_database(bad).conn
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
        conn.close()
    elif kind == "damaged":
        conn = open_database(bad).conn
        conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [(f"k{n}", "x" * 500) for n in range(200)],
        )
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        raw = bytearray(bad.read_bytes())
        raw[4096 + 8 : 4096 + 400] = b"\xff" * 392  # scramble the second page
        bad.write_bytes(bytes(raw))
    live = new_store(tmp_path / "bedtime.db")
    live.add_supplement(MG, NOW)
    before = list(live.conn.iterdump())
    with pytest.raises(InvalidInput) as caught:
        import_backup(live.conn, bad, tmp_path / "bedtime.db")
    assert caught.value.field == "backup file"
    assert list(live.conn.iterdump()) == before
    assert not list(tmp_path.glob("*before-import*"))


def test_a_backup_into_a_missing_folder_is_refused(tmp_path: Path) -> None:
    store = new_store(tmp_path / "bedtime.db")
    with pytest.raises(InvalidInput, match="existing folder"):
        back_up(store.conn, tmp_path / "nope" / "copy.db")
