"""Opening the data file when it is damaged, unopenable, old, new, or being upgraded.

Every test works on real SQLite files under tmp_path; nothing in the store is mocked.
"""

import os
import random
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bedtime.core.dosing import Supplement
from bedtime.core.settings import Settings
from bedtime.store.database import StoreError, open_database, transaction
from bedtime.store.migrations import MIGRATIONS
from bedtime.store.repository import Store
from tests.crafted_backups import trials_table

LATEST = len(MIGRATIONS)
TABLES = {"settings", "supplements", "intakes", "diary", "night_events"}
SQLITE_MAGIC = b"SQLite format 3\x00"
NOW = datetime(2025, 3, 4, 21, 30, tzinfo=UTC)
ZONE_UTC = ZoneInfo("UTC")

# -- helpers ---------------------------------------------------------------------------------


def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bedtime.db"


def companion(path: Path, suffix: str) -> Path:
    return Path(str(path) + suffix)


def garbage(seed: int, size: int) -> bytes:
    data = random.Random(seed).randbytes(size)
    # Astronomically unlikely, but a file that starts like SQLite would test something else.
    assert not data.startswith(SQLITE_MAGIC)
    return data


def moved_aside(directory: Path) -> list[Path]:
    """The main files moved aside as damaged (not their -wal/-shm), oldest name first."""
    return sorted(
        p
        for p in directory.iterdir()
        if p.name.startswith("bedtime.db.corrupt-") and not p.name.endswith(("-wal", "-shm"))
    )


def user_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def table_names(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")}


def supplement(name: str = "Glycinate", stock: float | None = None) -> Supplement:
    return Supplement(
        id=0,
        name=name,
        form="other",
        mg_per_unit=100.0,
        units_per_dose=1.0,
        stock_units=stock,
        low_days=0,
    )


def populate(path: Path, doses: int) -> list[str]:
    """A real database with DOSES intakes, closed cleanly; the uids in the order logged."""
    opened = open_database(path)
    store = Store(opened.conn)
    store.add_supplement(supplement(), NOW)
    uids = [
        store.take(None, None, NOW, ZONE_UTC, Settings(), force=True)[0].uid for _ in range(doses)
    ]
    opened.conn.close()
    return uids


def assert_fresh_and_working(conn: sqlite3.Connection) -> None:
    """A new, empty database at the latest schema that takes a dose like any other."""
    assert user_version(conn) == LATEST
    assert table_names(conn) >= TABLES
    assert conn.execute("SELECT count(*) FROM intakes").fetchone()[0] == 0
    store = Store(conn)
    store.add_supplement(supplement(stock=10), NOW)
    intake, after = store.take(None, None, NOW, ZONE_UTC, Settings())
    assert [i.uid for i in store.intakes()] == [intake.uid]
    assert after.stock_units == 9


def assert_moved_notice(notices: list[str], path: Path, moved: Path) -> None:
    assert len(notices) == 1, notices
    assert str(moved) in notices[0]
    assert str(path) in notices[0]


def run_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": "UTC"}
    env.pop("BEDTIME_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "bedtime", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def pages_in_wal(path: Path) -> set[int]:
    """The page numbers that frames of PATH's -wal hold newer copies of."""
    wal = companion(path, "-wal").read_bytes()
    page_size = int.from_bytes(wal[8:12], "big")
    frame = 24 + page_size
    return {int.from_bytes(wal[at : at + 4], "big") for at in range(32, len(wal), frame)}


def overwrite_middle_page(
    path: Path, seed: int, *, keep_page_header: bool = False, avoid: set[int] = frozenset()
) -> bytes:
    """Overwrite a page in the middle of the file with garbage; the damaged file's bytes.

    With KEEP_PAGE_HEADER the b-tree page header (12 bytes) stays and only what follows it is
    overwritten: SQLite then finds the damage in quick_check's rows rather than raising.
    Pages numbered in AVOID are left alone (a -wal copy of a page hides damage to it).
    """
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    # Enough pages that the middle one is a b-tree page of the log, far from the header.
    assert pages >= 8, pages
    index = pages // 2
    while index + 1 in avoid:  # page numbers count from 1
        index -= 1
    assert index >= 2, "no page to damage outside AVOID"
    start = index * page_size + (12 if keep_page_header else 0)
    end = (index + 1) * page_size
    data[start:end] = garbage(seed, end - start)
    path.write_bytes(bytes(data))
    return bytes(data)


# -- 1. damaged files are moved aside, never lost ---------------------------------------------


def test_garbage_file_is_moved_aside_unchanged_and_replaced(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    path.parent.mkdir()
    written = garbage(1, 9000)
    path.write_bytes(written)

    opened = open_database(path)

    [moved] = moved_aside(path.parent)
    assert moved.read_bytes() == written
    assert_moved_notice(opened.notices, path, moved)
    assert_fresh_and_working(opened.conn)
    opened.conn.close()


def test_healthy_database_is_reopened_as_it_is(tmp_path: Path) -> None:
    # The control for the damage tests: the same kind of file, undamaged, is not moved.
    path = db_path(tmp_path)
    uids = populate(path, 400)

    opened = open_database(path)

    assert opened.notices == []
    assert moved_aside(path.parent) == []
    assert [i.uid for i in Store(opened.conn).intakes()] == uids
    opened.conn.close()


def check_rows(path: Path, pragma: str) -> list[str]:
    """The rows of PRAGMA quick_check or integrity_check on the file at PATH."""
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute(f"PRAGMA {pragma}")]
    finally:
        conn.close()


# Two ways SQLite meets the damage: a whole page of garbage makes it raise "malformed"; garbage
# after an intact page header shows up as quick_check rows instead. Both must be moved aside.
@pytest.mark.parametrize(
    ("keep_page_header", "seed"), [(False, 2), (True, 3)], ids=["page", "body"]
)
def test_database_with_a_page_overwritten_is_moved_aside_unchanged(
    tmp_path: Path, keep_page_header: bool, seed: int
) -> None:
    path = db_path(tmp_path)
    logged = populate(path, 400)
    damaged = overwrite_middle_page(path, seed, keep_page_header=keep_page_header)
    if keep_page_header:
        # The fixture really takes the second road: quick_check answers, and not "ok".
        assert check_rows(path, "quick_check")[0] != "ok"

    opened = open_database(path)

    [moved] = moved_aside(path.parent)
    assert moved.read_bytes() == damaged
    assert_moved_notice(opened.notices, path, moved)
    # Started again with the rows that could still be read (more in test_damage.py).
    assert user_version(opened.conn) == LATEST
    assert {i.uid for i in Store(opened.conn).intakes()} <= set(logged)
    Store(opened.conn).take(None, None, NOW, ZONE_UTC, Settings(), force=True)
    opened.conn.close()


def test_garbage_with_stale_wal_and_shm_is_moved_aside_with_them(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    path.parent.mkdir()
    written = {"": garbage(3, 8192), "-wal": garbage(4, 8192), "-shm": garbage(5, 32768)}
    for suffix, data in written.items():
        companion(path, suffix).write_bytes(data)

    opened = open_database(path)

    [moved] = moved_aside(path.parent)
    assert_moved_notice(opened.notices, path, moved)
    # All three kept as they were: SQLite, given the chance, rewrites a -shm and deletes a -wal.
    for suffix, data in written.items():
        assert companion(moved, suffix).read_bytes() == data, suffix
    # The new database must not have picked up the stale garbage as its own -wal.
    assert_fresh_and_working(opened.conn)
    opened.conn.close()
    assert check_rows(path, "integrity_check") == ["ok"]


def test_damaged_file_with_committed_wal_frames_is_moved_aside_unchanged(
    tmp_path: Path,
) -> None:
    # What a crash leaves: doses committed to the -wal, not yet checkpointed into the file.
    live = tmp_path / "live" / "bedtime.db"
    populate(live, 400)
    opened = open_database(live)
    opened.conn.execute("PRAGMA wal_autocheckpoint = 0")
    store = Store(opened.conn)
    for _ in range(50):
        store.take(None, None, NOW, ZONE_UTC, Settings(), force=True)
    # Copy the three files while the writer still holds them: the state after a kill -9.
    path = db_path(tmp_path)
    path.parent.mkdir()
    for suffix in ("", "-wal", "-shm"):
        companion(path, suffix).write_bytes(companion(live, suffix).read_bytes())
    opened.conn.close()
    damaged = overwrite_middle_page(path, seed=6, avoid=pages_in_wal(path))
    wal = companion(path, "-wal").read_bytes()
    assert len(wal) > 0

    reopened = open_database(path)
    reopened.conn.close()

    # Closing a writable connection would have checkpointed the -wal into the damaged file
    # and deleted it: both must be as the crash left them.
    [moved] = moved_aside(path.parent)
    assert moved.read_bytes() == damaged
    assert companion(moved, "-wal").read_bytes() == wal
    assert companion(moved, "-shm").exists()


def test_two_damaged_files_are_both_kept(tmp_path: Path) -> None:
    # Two in the same second get the same stamp; the second must not replace the first.
    path = db_path(tmp_path)
    path.parent.mkdir()
    first, second = garbage(7, 5000), garbage(8, 5000)
    path.write_bytes(first)
    open_database(path).conn.close()
    path.write_bytes(second)
    open_database(path).conn.close()

    kept = {p.read_bytes() for p in moved_aside(path.parent)}
    assert kept == {first, second}


def test_cli_status_on_garbage_warns_once_and_carries_on(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    path.parent.mkdir()
    written = garbage(9, 6000)
    path.write_bytes(written)

    result = run_cli(path.parent, "status")

    assert result.returncode == 0, result.stderr
    [moved] = moved_aside(path.parent)
    assert moved.read_bytes() == written
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bedtime: warning: ")
    assert str(moved) in lines[0]
    assert "Traceback" not in result.stderr
    assert "Taken tonight" in result.stdout


def test_cli_status_on_a_damaged_page_warns_in_one_line(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    populate(path, 400)
    overwrite_middle_page(path, seed=10, keep_page_header=True)

    result = run_cli(path.parent, "status")

    assert result.returncode == 0, result.stderr
    [moved] = moved_aside(path.parent)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert str(moved) in lines[0]


# -- 2. unopenable is not damaged: refuse, move nothing ---------------------------------------


def test_data_file_that_is_a_directory_is_refused_not_moved(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    path.mkdir(parents=True)
    (path / "keep.txt").write_text("mine")

    with pytest.raises(StoreError) as refused:
        open_database(path)

    assert str(path) in str(refused.value)
    assert (path / "keep.txt").read_text() == "mine"
    assert moved_aside(path.parent) == []
    assert sorted(p.name for p in path.parent.iterdir()) == ["bedtime.db"]


def test_data_dir_that_is_a_file_raises_store_error(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.write_text("not a directory")

    with pytest.raises(StoreError) as refused:
        open_database(data_dir / "bedtime.db")

    assert str(data_dir) in str(refused.value)
    assert data_dir.read_text() == "not a directory"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_cli_with_a_data_dir_that_is_a_file_fails_in_one_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.write_text("not a directory")

    result = run_cli(data_dir, "status")

    assert result.returncode == 2  # a folder that can never hold the data is bad input
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bedtime: error: ")
    assert str(data_dir) in lines[0]
    assert result.stdout == ""
    assert data_dir.read_text() == "not a directory"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


# -- 3. migrating from nothing; refusing the future -------------------------------------------


def test_zero_byte_file_migrates_to_latest(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    path.parent.mkdir()
    path.write_bytes(b"")

    opened = open_database(path)

    assert opened.notices == []
    assert user_version(opened.conn) == LATEST
    assert table_names(opened.conn) >= TABLES
    opened.conn.close()


def test_empty_database_at_version_0_migrates_to_latest(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    path.parent.mkdir()
    conn = sqlite3.connect(path)
    # A real SQLite file with pages but no tables: create one and drop it again.
    conn.execute("CREATE TABLE scratch (x)")
    conn.execute("DROP TABLE scratch")
    conn.close()
    assert path.read_bytes().startswith(SQLITE_MAGIC)

    opened = open_database(path)

    # Nothing to lose, so nothing backed up; and the file was not taken for damaged.
    assert opened.notices == []
    assert user_version(opened.conn) == LATEST
    assert table_names(opened.conn) >= TABLES
    opened.conn.close()
    assert sorted(p.name for p in path.parent.iterdir()) == ["bedtime.db"]


def assert_newer_file_refused_untouched(path: Path) -> None:
    before = path.read_bytes()

    with pytest.raises(StoreError, match="newer Bedtime"):
        open_database(path)

    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["bedtime.db"]


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    populate(path, 20)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    assert_newer_file_refused_untouched(path)


def test_newer_schema_in_rollback_journal_mode_is_left_untouched(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    path.parent.mkdir()
    conn = sqlite3.connect(path)  # journal_mode DELETE: what any other SQLite writer leaves
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.commit()
    conn.close()
    assert_newer_file_refused_untouched(path)


def test_cli_refuses_a_newer_schema_in_one_line(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    populate(path, 3)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    before = path.read_bytes()

    result = run_cli(path.parent, "status")

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bedtime: error: ")
    assert "newer Bedtime" in lines[0]
    assert path.read_bytes() == before


# -- 4. backup before migrating; a failed step changes nothing ---------------------------------

EXTRA_STEP = ["CREATE TABLE extra (x)"]


# The schema as the first release had it: the tests below add their own steps after it.
V1 = MIGRATIONS[:1]


def database_at_version_1(path: Path) -> str:
    """A database with only the first step applied and one dose in it; the dose's uid."""
    opened = open_database(path, migrations=V1)
    store = Store(opened.conn)
    store.add_supplement(supplement(), NOW)
    with trials_table(store):
        intake, _ = store.take(None, None, NOW, ZONE_UTC, Settings())
    opened.conn.close()
    return intake.uid


def test_backup_is_made_before_migrating(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    uid = database_at_version_1(path)

    opened = open_database(path, migrations=[*V1, EXTRA_STEP])

    backup = path.with_name("bedtime.db.v1.bak")
    assert len(opened.notices) == 1
    assert str(backup) in opened.notices[0]
    assert user_version(opened.conn) == 2
    assert "extra" in table_names(opened.conn)
    opened.conn.close()
    old = sqlite3.connect(backup)
    try:
        assert [row[0] for row in old.execute("PRAGMA integrity_check")] == ["ok"]
        assert user_version(old) == 1
        assert "extra" not in table_names(old)
        assert [row[0] for row in old.execute("SELECT uid FROM intakes")] == [uid]
    finally:
        old.close()


def test_failing_migration_step_changes_nothing(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    uid = database_at_version_1(path)
    # The first statement works; the second fails, so the step must leave no trace at all.
    broken = ["CREATE TABLE extra (x)", "INSERT INTO no_such_table VALUES (1)"]

    # StoreError, like every other way the file cannot be used: the caller needs one except.
    with pytest.raises(StoreError, match="no_such_table") as refused:
        open_database(path, migrations=[*V1, broken])

    assert str(path) in str(refused.value)
    conn = sqlite3.connect(path)
    try:
        assert user_version(conn) == 1
        assert "extra" not in table_names(conn)
        assert [row[0] for row in conn.execute("SELECT uid FROM intakes")] == [uid]
    finally:
        conn.close()
    # And the old Bedtime still opens it as it was.
    opened = open_database(path, migrations=V1)
    assert opened.notices == []
    opened.conn.close()


def test_each_migration_step_is_its_own_transaction(tmp_path: Path) -> None:
    # A failure in step 3 keeps step 2 done and the version saying so: never in between.
    path = db_path(tmp_path)
    database_at_version_1(path)
    broken = ["CREATE TABLE extra2 (x)", "SELECT * FROM no_such_table"]

    with pytest.raises(StoreError):
        open_database(path, migrations=[*V1, EXTRA_STEP, broken])

    conn = sqlite3.connect(path)
    try:
        assert user_version(conn) == 2
        assert "extra" in table_names(conn)
        assert "extra2" not in table_names(conn)
    finally:
        conn.close()


def test_no_migration_without_a_backup(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    database_at_version_1(path)
    # Something in the way of the backup: a directory where it would go.
    path.with_name("bedtime.db.v1.bak").mkdir()

    with pytest.raises(StoreError):
        open_database(path, migrations=[*V1, EXTRA_STEP])

    conn = sqlite3.connect(path)
    try:
        assert user_version(conn) == 1
        assert "extra" not in table_names(conn)
    finally:
        conn.close()


def test_cli_reports_a_failed_backup_in_one_line(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    path.parent.mkdir()
    # At version 0 but not empty (someone else's notes), so an upgrade backs it up first.
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE foreign_notes (x)")
    conn.execute("INSERT INTO foreign_notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    path.with_name("bedtime.db.v0.bak").mkdir()

    result = run_cli(path.parent, "status")

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bedtime: error: ")
    # Not upgraded without its backup, and nothing else made or moved.
    conn = sqlite3.connect(path)
    try:
        assert user_version(conn) == 0
        assert table_names(conn) == {"foreign_notes"}
    finally:
        conn.close()
    assert sorted(p.name for p in path.parent.iterdir()) == ["bedtime.db", "bedtime.db.v0.bak"]


# -- 5. the pragmas every connection runs with -------------------------------------------------


@pytest.mark.parametrize("start", ["new", "existing", "replaced"])
def test_pragmas_after_open(tmp_path: Path, start: str) -> None:
    path = db_path(tmp_path)
    if start == "existing":
        populate(path, 5)
    elif start == "replaced":
        path.parent.mkdir()
        path.write_bytes(garbage(11, 4096))

    opened = open_database(path)
    conn = opened.conn

    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    # foreign_keys on means it is enforced, not just reported.
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO intakes (uid, at_utc, night, zone, supplement_id, name, units, mg,"
            " bedtime_utc) VALUES ('u', 't', 'n', 'UTC', 999, 'x', 1, 1, 'b')"
        )
    conn.close()


def test_a_commit_that_fails_leaves_no_transaction_open(tmp_path: Path) -> None:
    """COMMIT can itself fail (here a deferred foreign key); the connection must not stay
    inside the transaction, or every later write on it would fail."""
    conn = open_database(tmp_path / "bedtime.db").conn
    with pytest.raises(sqlite3.IntegrityError), transaction(conn):
        conn.execute("PRAGMA defer_foreign_keys = ON")
        conn.execute(
            "INSERT INTO intakes (uid, at_utc, night, zone, supplement_id, name, units, mg,"
            " bedtime_utc) VALUES ('u', 'x', 'x', 'x', 99, 'n', 1, 1, 'x')"
        )
    assert not conn.in_transaction
    with transaction(conn):
        conn.execute("INSERT INTO settings (key, value) VALUES ('offset', '60')")
