"""An imported backup is untrusted input: crafted files on a real data file.

Each refusal names the table, row and field, and changes nothing; each soft fault imports and
is reported; nothing the backup holds besides its rows (views, triggers) is run or carried
over; the work is bounded and leaves no copy behind.
"""

import math
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from time import monotonic
from time import time as now_seconds

import pytest

from bedtime.core.dosing import Supplement
from bedtime.core.errors import InvalidInput
from bedtime.core.settings import Settings
from bedtime.store import staging
from bedtime.store.backup import import_backup
from bedtime.store.backup_reader import Stopped
from bedtime.store.database import open_database
from bedtime.store.migrations import MIGRATIONS
from bedtime.store.repository import Store
from tests.crafted_backups import (
    AMS,
    CITRATE,
    NOW,
    execute,
    good_backup,
    loosen,
    older_backup,
    reorder_columns,
    set_value,
    trials_table,
)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Store]:
    """The user's data file, with data of its own that a refused import must leave alone."""
    (tmp_path / "data").mkdir()
    store = Store(open_database(tmp_path / "data" / "bedtime.db").conn)
    store.add_supplement(Supplement(0, "Taurate", "taurate", 50, 1, None, 7), NOW)
    store.take(None, None, NOW, AMS, Settings())
    yield store
    store.conn.close()


@pytest.fixture(autouse=True)
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A TMPDIR of the test's own, to prove nothing of the user's data is put there."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    return folder


def data_file(live: Store) -> Path:
    return live.file()


def refused(live: Store, source: Path, tmp: Path) -> InvalidInput:
    """Import SOURCE, which must be refused with nothing changed and nothing left behind."""
    before = list(live.conn.iterdump())
    with pytest.raises(InvalidInput) as caught:
        import_backup(live.conn, source, data_file(live))
    assert caught.value.field == "backup file"
    assert list(live.conn.iterdump()) == before
    assert_nothing_left(live, tmp)
    return caught.value


def assert_nothing_left(live: Store, tmp: Path) -> None:
    folder = data_file(live).parent
    assert not list(folder.glob(staging.PREFIX + "*"))
    assert not list(folder.glob(".bedtime-backup-*"))
    assert list(tmp.iterdir()) == []


def backup(tmp_path: Path) -> Path:
    return good_backup(tmp_path / "saved.db")


# -- read by name, real tables only --------------------------------------------------------


def test_columns_in_another_order_are_read_by_name(live: Store, tmp_path: Path) -> None:
    source = backup(tmp_path)
    for table in ("supplements", "intakes", "diary", "settings"):
        reorder_columns(source, table)
    imported = import_backup(live.conn, source, data_file(live))
    [supplement] = live.supplements()
    assert (supplement.mg_per_unit, supplement.units_per_dose, supplement.stock_units) == (
        100,
        2,
        28,
    )
    [dose] = live.intakes()
    assert (dose.units, dose.mg, dose.zone) == (2, 200, "Europe/Amsterdam")
    [entry] = live.diary()
    assert (entry.quality, entry.latency_min, entry.note) == (4, 20, "slept well")
    assert live.settings()[0].offset_minutes == 90
    assert imported.report == []


def test_a_view_standing_in_for_a_table_is_refused(live: Store, tmp_path: Path) -> None:
    source = backup(tmp_path)
    execute(
        source,
        "DROP TABLE intakes",
        "CREATE VIEW intakes AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
        " WHERE i < 200000) SELECT i AS id, 'u' || i AS uid, '2026-11-20T21:00:00+00:00' AS at_utc,"
        " '2026-11-20' AS night, 'UTC' AS zone, 1 AS supplement_id, 'x' AS name, 1 AS units,"
        " 100 AS mg, '2026-11-20T22:00:00+00:00' AS bedtime_utc FROM n",
    )
    error = refused(live, source, tmp_path / "tmp")
    assert "in place of its doses table it has a view" in str(error)


def test_a_recursive_view_is_never_run(live: Store, tmp_path: Path) -> None:
    source = backup(tmp_path)
    execute(
        source,
        "DROP TABLE diary",
        "CREATE VIEW diary AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
        " SELECT * FROM n",
    )
    started = monotonic()
    error = refused(live, source, tmp_path / "tmp")
    assert monotonic() - started < 5
    assert "in place of its sleep diary table it has a view" in str(error)


def test_a_trigger_is_not_carried_over_or_run(live: Store, tmp_path: Path) -> None:
    source = backup(tmp_path)
    execute(
        source,
        "CREATE TRIGGER wipe AFTER INSERT ON intakes BEGIN DELETE FROM supplements; END",
        "CREATE TABLE extra (x)",
    )
    imported = import_backup(live.conn, source, data_file(live))
    assert (
        live.conn.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'").fetchall() == []
    )
    assert [s.name for s in live.supplements()] == ["Mg citrate"]
    assert imported.report == [
        "left out: the trigger 'wipe', which a Bedtime backup does not have",
        "left out: the table 'extra', which a Bedtime backup does not have",
    ]


@pytest.mark.parametrize(
    ("statements", "problem"),
    [
        (
            ["ALTER TABLE diary DROP COLUMN note"],
            "its sleep diary table's fields are not Bedtime's (missing: note)",
        ),
        (
            ["ALTER TABLE diary ADD COLUMN mood TEXT"],
            "its sleep diary table's fields are not Bedtime's (extra: mood)",
        ),
        (["DROP TABLE settings"], "its settings table is missing"),
        (
            ["DROP TABLE shown_once", "CREATE TABLE shown_once (key, at_utc, x AS (key || 1))"],
            "its notes shown table's fields are not Bedtime's (extra: x)",
        ),
        ([f"PRAGMA user_version = {len(MIGRATIONS) + 1}"], "was made by a newer Bedtime"),
        (["PRAGMA user_version = 0"], "must be a Bedtime backup"),
    ],
)
def test_a_schema_that_is_not_its_versions_is_refused(
    live: Store, tmp_path: Path, statements: list[str], problem: str
) -> None:
    source = backup(tmp_path)
    execute(source, *statements)
    assert problem in str(refused(live, source, tmp_path / "tmp"))


# -- every row judged ----------------------------------------------------------------------

HUGE_NOTE = "x" * 2_000_000


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("diary", "night", "not-a-date", "sleep diary row 1, night: must be a date YYYY-MM-DD"),
        ("diary", "night", "1999-12-31", "sleep diary row 1, night: must be a date YYYY-MM-DD"),
        ("intakes", "night", "2026-02-30", "doses row 1, night: must be a date"),
        ("intakes", "zone", "Mars/Olympus_Mons", "doses row 1, zone: must be a time zone"),
        ("diary", "zone", "../../../etc/passwd", "sleep diary row 1, zone: must be a time zone"),
        ("diary", "zone", "Europe/" + "A" * 300, "sleep diary row 1, zone: must be at most 255"),
        ("supplements", "form", "unobtainium", "supplements row 1, form: must be one of"),
        ("diary", "in_bed", "25:99", "sleep diary row 1, into bed: must be a time HH:MM"),
        ("diary", "final_wake", "soon", "sleep diary row 1, woke up: must be a time HH:MM"),
        ("diary", "note", HUGE_NOTE, "sleep diary row 1, note: must be at most 1000 characters"),
        ("diary", "quality", 9, "sleep diary row 1, rating: must be a whole number from 1 to 5"),
        (
            "diary",
            "latency_min",
            -5,
            "sleep diary row 1, minutes to fall asleep: must be a whole number",
        ),
        ("supplements", "mg_per_unit", -100, "supplements row 1, mg per unit: must be a number"),
        ("supplements", "mg_per_unit", "lots", "supplements row 1, mg per unit: must be a number"),
        ("supplements", "stock_units", math.inf, "supplements row 1, stock: must be a num"),
        ("supplements", "name", "A" * 81, "supplements row 1, name: must be at most 80"),
        ("supplements", "name", "Mg\ncitrate", "supplements row 1, name: must be readable text"),
        ("intakes", "units", 0, "doses row 1, amount: must be a number above 0"),
        ("intakes", "mg", "200 mg", "doses row 1, mg: must be a number"),
        ("intakes", "at_utc", "yesterday", "doses row 1, time: must be a moment"),
        ("intakes", "bedtime_utc", "2026-11-20T22:00:00", "doses row 1, bedtime: must be"),
        ("intakes", "supplement_id", 99, "doses row 1, supplement: must be one of the"),
        ("intakes", "id", None, "doses row 1, id: must be a whole number from 1 on"),
        ("night_events", "kind", "party", "reminder events row 1, kind: must be one of shown"),
        ("first_use", "at_utc", 12, "first use row 1, time: must be text"),
        ("shown_once", "key", b"\xff\xfe", "notes shown row 1, name: must be readable text"),
    ],
)
def test_a_value_that_cannot_be_true_refuses_the_import_naming_it(
    live: Store, tmp_path: Path, table: str, column: str, value: object, message: str
) -> None:
    source = backup(tmp_path)
    if table == "shown_once":
        execute(source, "INSERT INTO shown_once VALUES ('health', '2026-11-20T21:00:00+00:00')")
    if isinstance(value, bytes):
        loosen(source, table)
        execute(source, f"UPDATE {table} SET {column} = CAST(? AS TEXT)", params=(value,))
    else:
        set_value(source, table, column, value)
    error = refused(live, source, tmp_path / "tmp")
    assert message in str(error)
    assert str(error).endswith("nothing was imported")
    assert len(str(error)) < 300  # a huge value is shown cut short


def test_a_second_row_with_the_same_key_is_refused(live: Store, tmp_path: Path) -> None:
    source = backup(tmp_path)
    loosen(source, "diary")
    execute(source, "INSERT INTO diary SELECT * FROM diary")
    assert "sleep diary row 2, night: must differ from row to row" in str(
        refused(live, source, tmp_path / "tmp")
    )


def test_two_active_supplements_of_one_name_are_refused(live: Store, tmp_path: Path) -> None:
    source = backup(tmp_path)
    loosen(source, "supplements")
    execute(
        source,
        "INSERT INTO supplements SELECT 2, 'MG CITRATE', name_key, form, mg_per_unit,"
        " units_per_dose, stock_units, low_days, created_utc, removed_utc FROM supplements",
    )
    assert "supplements row 2, name: must differ from the other supplements' names" in str(
        refused(live, source, tmp_path / "tmp")
    )


def test_a_note_that_reorders_its_text_is_kept_and_reported(live: Store, tmp_path: Path) -> None:
    """Older versions took any note; one whose text prints reordered is the person's own."""
    source = backup(tmp_path)
    execute(source, "UPDATE diary SET note = 'dose 2' || char(8238) || '01 gm'")
    imported = import_backup(live.conn, source, data_file(live))
    assert [entry.note for entry in live.diary()] == ["dose 2\u202e01 gm"]
    assert imported.report == [
        "sleep diary row 1, note: kept as it was, though new input must not contain characters "
        "that reorder the text after them (found U+202E)"
    ]


def test_values_older_versions_accepted_are_set_right_or_kept_and_reported(
    live: Store, tmp_path: Path
) -> None:
    source = backup(tmp_path)
    loosen(source, "supplements")
    execute(
        source,
        "UPDATE supplements SET name = 'Magne' || char(769) || 'sium', form = 'Glycinate',"
        " mg_per_unit = 6000",
        "UPDATE diary SET in_bed = '7:30', note = '  slept well ', awakenings = 0",
        "INSERT INTO settings VALUES ('nudges', '40'), ('theme', 'dark')",
    )
    imported = import_backup(live.conn, source, data_file(live))
    [supplement] = live.supplements()
    assert (supplement.name, supplement.form, supplement.mg_per_unit) == (
        "Magnésium",
        "bisglycinate",
        6000,
    )
    [entry] = live.diary()
    assert (entry.in_bed, entry.note) == (time(7, 30), "slept well")
    settings, problems = live.settings()
    assert (settings.offset_minutes, settings.nudges, problems) == (90, Settings().nudges, [])
    assert imported.report == [
        "settings row 2 (nudges): left out, the default is used: nudges: must be a whole "
        "number from 0 to 6 (got '40')",
        "settings row 3 (theme): not a setting this Bedtime knows; left out",
        "supplements row 1, name: set right to the one standard way Unicode writes it (it looks "
        "the same)",
        "supplements row 1, form: set right to 'bisglycinate' (was 'Glycinate')",
        "supplements row 1, mg per unit: kept as it was (6000), though new input must be a "
        "number above 0 and at most 5000",
        "supplements row 1: kept as it was, though Bedtime would now ask first: one dose of "
        "Magnésium (2 × 6000 mg = 12000 mg) is above your daily limit of 350 mg on its own",
        "sleep diary row 1, into bed: set right to '07:30' (was '7:30')",
        "sleep diary row 1, note: set right to 'slept well' (was '  slept well ')",
        "sleep diary row 1: kept as it was, though Bedtime would now refuse it: minutes awake "
        "(10) needs at least one awakening, but awakenings is 0",
    ]


def test_settings_that_contradict_each_other_are_not_imported(live: Store, tmp_path: Path) -> None:
    source = backup(tmp_path)
    execute(source, "INSERT INTO settings VALUES ('target_mg', '400'), ('limit_mg', '300')")
    imported = import_backup(live.conn, source, data_file(live))
    assert live.settings() == (Settings(), [])
    assert imported.report == [
        "settings: none imported, the defaults are used, as together they contradict each "
        "other: limit_mg: must not be below the nightly target (400 mg); lower the target first "
        "(got '300')"
    ]


# -- older schemas and first use -----------------------------------------------------------


def test_an_older_backup_imports_without_running_anything_on_it(
    live: Store, tmp_path: Path
) -> None:
    """A schema 1 file with a stray night_events table: once a migration error nobody saw."""
    old = older_backup(tmp_path / "v1.db", 1)
    old.add_supplement(CITRATE, NOW)
    with trials_table(old):
        old.take(None, None, NOW, AMS, Settings())
    old.conn.execute("CREATE TABLE night_events (id)")
    old.conn.close()
    imported = import_backup(live.conn, tmp_path / "v1.db", data_file(live))
    assert [i.mg for i in live.intakes()] == [200]
    assert imported.report == [
        "left out: the table 'night_events', which a Bedtime backup does not have"
    ]
    assert live.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_first_use_comes_from_the_backup_or_is_derived_again(live: Store, tmp_path: Path) -> None:
    source = backup(tmp_path)
    execute(source, "UPDATE first_use SET at_utc = '2026-01-02T03:04:05+00:00'")
    import_backup(live.conn, source, data_file(live))
    assert live.first_use(NOW) == NOW.replace(month=1, day=2, hour=3, minute=4, second=5)
    old = older_backup(tmp_path / "v3.db", 3)
    old.add_supplement(CITRATE, NOW.replace(month=10))
    old.conn.close()
    import_backup(live.conn, tmp_path / "v3.db", data_file(live))
    assert live.conn.execute("SELECT count(*) FROM first_use").fetchone()[0] == 0
    assert live.first_use(NOW) == NOW.replace(month=10)


# -- bounds --------------------------------------------------------------------------------


def test_more_rows_than_a_persons_log_are_refused(live: Store, tmp_path: Path) -> None:
    source = backup(tmp_path)
    execute(
        source,
        "INSERT INTO intakes (uid, at_utc, night, zone, supplement_id, name, units, mg,"
        " bedtime_utc) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
        " WHERE i < 100000) SELECT 'u' || i, at_utc, night, zone, supplement_id, name, units,"
        " mg, bedtime_utc FROM n, intakes",
    )
    assert "its doses table has 100001 rows, more than a person's log" in str(
        refused(live, source, tmp_path / "tmp")
    )


def test_a_file_beyond_the_size_bound_is_refused_before_it_is_read(
    live: Store, tmp_path: Path
) -> None:
    source = backup(tmp_path)
    execute(source, "UPDATE diary SET note = ?", params=("x" * (101 * 1024 * 1024),))
    assert "must be at most 100 MB" in str(refused(live, source, tmp_path / "tmp"))


# -- the live file: lock, kept copy, stopping, scratch copies ------------------------------


def test_the_write_lock_is_free_while_the_backup_is_read(live: Store, tmp_path: Path) -> None:
    """A dose taken from the command line during a long import is logged at once, and is in
    the copy of the data kept before the import."""
    source = good_backup(tmp_path / "saved.db", paused_nights=2000)
    other = Store(open_database(data_file(live)).conn)
    other.conn.execute("PRAGMA busy_timeout = 0")
    taken = []

    def progress(done: int, total: int) -> None:
        if not taken:
            taken.append(other.take(None, None, NOW, AMS, Settings())[0])
        assert total == 2006  # every row of every table

    imported = import_backup(live.conn, source, data_file(live), progress=progress)
    kept = Store(open_database(imported.kept).conn)
    assert [i.uid for i in kept.intakes()][-1] == taken[0].uid
    kept.conn.close()
    other.conn.close()
    assert len(live.intakes()) == 1  # the backup's


def test_stopping_changes_nothing(live: Store, tmp_path: Path) -> None:
    source = good_backup(tmp_path / "saved.db", paused_nights=2000)
    before = list(live.conn.iterdump())
    with pytest.raises(Stopped):
        import_backup(live.conn, source, data_file(live), stop=lambda: True)
    assert list(live.conn.iterdump()) == before
    assert_nothing_left(live, tmp_path / "tmp")


def test_a_good_import_leaves_only_the_kept_copy(live: Store, tmp_path: Path) -> None:
    imported = import_backup(live.conn, backup(tmp_path), data_file(live))
    assert_nothing_left(live, tmp_path / "tmp")
    names = sorted(p.name for p in data_file(live).parent.iterdir())
    assert names == ["bedtime.db", "bedtime.db-shm", "bedtime.db-wal", imported.kept.name]


KILLED_IMPORT = """
import sys, time
from pathlib import Path
from bedtime.store.backup import import_backup
from bedtime.store.database import open_database

data, source = Path(sys.argv[1]), Path(sys.argv[2])
conn = open_database(data).conn

def progress(done, total):
    print("reading", flush=True)
    time.sleep(60)

import_backup(conn, source, data, progress=progress)
"""


def test_a_killed_import_leaves_its_copy_only_until_the_next_start(
    live: Store, tmp_path: Path
) -> None:
    source = good_backup(tmp_path / "saved.db", paused_nights=2000)
    data = data_file(live)
    worker = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, str(data), str(source)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert worker.stdout is not None and worker.stdout.readline() == "reading\n"
        [left] = data.parent.glob(staging.PREFIX + "*")
        assert oct(left.stat().st_mode & 0o777) == oct(0o700)
        assert {p.name for p in left.iterdir()} >= {"backup.db", "clean.db"}
        staging.sweep(data.parent)  # a start while the import runs leaves it alone
        assert left.exists()
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    open_database(data).conn.close()  # the next start
    assert not left.exists()
    assert list((tmp_path / "tmp").iterdir()) == []


def test_a_scratch_folder_without_its_lock_is_swept_only_when_old(tmp_path: Path) -> None:
    folder = tmp_path / f"{staging.PREFIX}abc"
    folder.mkdir()
    staging.sweep(tmp_path)
    assert folder.exists()  # may be a moment between creating it and taking its lock
    os.utime(folder, (now_seconds() - 3600, now_seconds() - 3600))
    staging.sweep(tmp_path)
    assert not folder.exists()


def test_reading_a_backup_counts_nights_by_the_backup_not_the_live_file(
    live: Store, tmp_path: Path
) -> None:
    """What the commands read after an import is the backup's, through the store's readers."""
    import_backup(live.conn, backup(tmp_path), data_file(live))
    assert live.night_kinds(date(2026, 11, 1), date(2026, 11, 30)) == {
        date(2026, 11, 20): frozenset({"shown"})
    }
    assert sqlite3.connect(data_file(live)).execute("PRAGMA integrity_check").fetchone() == ("ok",)
