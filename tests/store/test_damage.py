"""Damage is never silent: a damaged -wal, damage only the full check finds, and recovery.

Real SQLite files under tmp_path, damaged byte by byte as a failing disk would; the files
left by a crash are copied while the writer still holds them, as kill -9 would leave them.
"""

import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bedtime.core.errors import InvalidInput
from bedtime.core.settings import Settings
from bedtime.store import wal
from bedtime.store.backup import back_up, import_backup
from bedtime.store.database import StoreError, open_database, transaction
from bedtime.store.repository import Store
from tests.store.test_database import (
    NOW,
    ZONE_UTC,
    check_rows,
    companion,
    db_path,
    moved_aside,
    populate,
    run_cli,
)

# Doses committed to the -wal after the last checkpoint, one transaction each.
LATE_DOSES = 6


def uids(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT uid FROM intakes ORDER BY id")]
    finally:
        conn.close()


def crash_with_doses_in_the_wal(tmp_path: Path, restart_after: int | None = None) -> list[str]:
    """db_path(tmp_path) as a kill -9 leaves it: 400 doses in the file, LATE_DOSES in the -wal.

    With RESTART_AFTER, that many of the late doses are checkpointed first, so the rest start
    a new generation of the -wal over the old one's frames. Returns every dose's uid.
    """
    live = tmp_path / "live" / "bedtime.db"
    logged = populate(live, 400)
    opened = open_database(live)
    opened.conn.execute("PRAGMA wal_autocheckpoint = 0")
    store = Store(opened.conn)
    for n in range(LATE_DOSES):
        if n == restart_after:
            # RESTART, not PASSIVE: it waits for any reader and so makes sure the next writer
            # starts the -wal again from its start (PASSIVE may leave it appending).
            busy, _, _ = opened.conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()
            assert busy == 0
        logged.append(store.take(None, None, NOW, ZONE_UTC, Settings(), force=True)[0].uid)
    path = db_path(tmp_path)
    path.parent.mkdir()
    for suffix in ("", "-wal", "-shm"):
        shutil.copyfile(companion(live, suffix), companion(path, suffix))
    opened.conn.close()
    return logged


def read_log(path: Path) -> wal.Log:
    log = wal.read(companion(path, "-wal"))
    assert log is not None
    return log


def flip(file: Path, at: int, mask: int = 0x01) -> bytes:
    data = bytearray(file.read_bytes())
    data[at] ^= mask
    file.write_bytes(bytes(data))
    return bytes(data)


# -- a damaged -wal -------------------------------------------------------------------------


def middle_frame(path: Path) -> wal.Frame:
    """A frame of the second late dose's transaction: four commits come after it."""
    frames = read_log(path).frames
    commits = [i for i, frame in enumerate(frames) if frame.commit]
    assert len(commits) == LATE_DOSES
    return frames[commits[0] + 1]


# Where in the -wal a bit flips: inside a page, in a frame's header (its page number, which
# the checksum covers), and in the -wal's own header (which makes SQLite drop every frame).
PLACES = {
    "page": lambda path: middle_frame(path).at + 1000,
    "frame header": lambda path: middle_frame(path).at - wal.FRAME_HEADER_SIZE + 3,
    "wal header": lambda path: 15,  # the checkpoint sequence, under the header's checksum
}


@pytest.mark.parametrize("place", PLACES)
def test_a_damaged_wal_frame_is_set_aside_and_every_dose_recovered(
    tmp_path: Path, place: str
) -> None:
    path = db_path(tmp_path)
    logged = crash_with_doses_in_the_wal(tmp_path)
    main_bytes = path.read_bytes()
    wal_bytes = flip(companion(path, "-wal"), PLACES[place](path))
    # The damage is real: SQLite alone drops the doses committed after it, and says nothing.
    plain = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    assert len(plain.execute("SELECT uid FROM intakes").fetchall()) < len(logged)
    plain.close()

    opened = open_database(path)

    [moved] = moved_aside(path.parent)
    assert moved.read_bytes() == main_bytes
    assert companion(moved, "-wal").read_bytes() == wal_bytes
    [notice] = opened.notices
    assert str(moved) in notice
    assert "-wal" in notice
    assert f"{len(logged)} doses" in notice
    # Every frame after the damaged one is sound, and holds the pages the damaged one did.
    assert [i.uid for i in Store(opened.conn).intakes()] == logged
    assert check_rows(path, "integrity_check") == ["ok"]
    # The fresh file holds the person's rows: private from the start, like any data file.
    assert path.stat().st_mode & 0o777 == 0o600
    opened.conn.close()


def test_a_torn_last_transaction_is_no_damage(tmp_path: Path) -> None:
    # What kill -9 in the middle of a commit leaves: its last frame written only in part.
    path = db_path(tmp_path)
    logged = crash_with_doses_in_the_wal(tmp_path)
    log = read_log(path)
    last = log.frames[-1]
    assert last.commit
    wal_file = companion(path, "-wal")
    wal_file.write_bytes(wal_file.read_bytes()[: last.at + 100])

    opened = open_database(path)

    assert opened.notices == []
    assert moved_aside(path.parent) == []
    # The cut transaction was never committed; every one before it is there.
    assert [i.uid for i in Store(opened.conn).intakes()] == logged[:-1]
    opened.conn.close()


def test_a_last_frame_of_garbage_is_no_damage(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    logged = crash_with_doses_in_the_wal(tmp_path)
    last = read_log(path).frames[-1]
    flip(companion(path, "-wal"), last.at + 10, 0xFF)

    opened = open_database(path)

    assert opened.notices == []
    assert [i.uid for i in Store(opened.conn).intakes()] == logged[:-1]
    opened.conn.close()


def test_frames_of_an_older_generation_after_a_restart_are_no_damage(tmp_path: Path) -> None:
    # After a checkpoint the next writer starts the -wal again from its start, with new salts:
    # the old generation's frames stay behind the new ones, sound in themselves, commits too.
    path = db_path(tmp_path)
    logged = crash_with_doses_in_the_wal(tmp_path, restart_after=4)
    log = read_log(path)
    assert not all(frame.sound for frame in log.frames)  # the old generation is there
    assert not log.damaged

    opened = open_database(path)

    assert opened.notices == []
    assert [i.uid for i in Store(opened.conn).intakes()] == logged
    opened.conn.close()


def test_cli_tells_of_a_damaged_wal_in_one_line(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    logged = crash_with_doses_in_the_wal(tmp_path)
    flip(companion(path, "-wal"), PLACES["page"](path))

    result = run_cli(path.parent, "history", "--json")

    assert result.returncode == 0, result.stderr
    [moved] = moved_aside(path.parent)
    [line] = result.stderr.splitlines()
    assert line.startswith("bedtime: warning: ")
    assert str(moved) in line and f"{len(logged)} doses" in line
    assert uids(path) == logged


# -- damage only integrity_check finds --------------------------------------------------------


def index_damage(path: Path) -> bytes:
    """Change one character of a uid in the uid index only; the file's bytes after.

    The table's rows are all intact; quick_check passes, integrity_check does not.
    """
    data = path.read_bytes()
    # A uid found exactly twice: once in the table, once in the index. (Free space can hold
    # a stale third copy of some uids; which ones depends on the random uids of the run.)
    stored = read_uids(path)
    for n in range(200, len(stored)):
        uid = stored[n]
        places = []
        at = data.find(uid.encode())
        while at != -1:
            places.append(at)
            at = data.find(uid.encode(), at + 1)
        if len(places) == 2:
            break
    else:
        raise AssertionError("no uid is stored exactly twice")
    for place in places:
        flip(path, place + 5)
        if read_uids(path)[n] == uid:  # the table's copy is untouched: this was the index
            assert check_rows(path, "quick_check") == ["ok"]
            assert check_rows(path, "integrity_check") != ["ok"]
            return path.read_bytes()
        flip(path, place + 5)
    raise AssertionError("the uid is not in the index")


def read_uids(path: Path) -> list[str]:
    """The uids as the table holds them, never looked up through an index."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT uid FROM intakes NOT INDEXED ORDER BY id")]
    finally:
        conn.close()


def test_damage_quick_check_misses_is_set_aside_and_every_row_recovered(
    tmp_path: Path,
) -> None:
    path = db_path(tmp_path)
    logged = populate(path, 400)
    damaged = index_damage(path)

    opened = open_database(path)

    [moved] = moved_aside(path.parent)
    assert moved.read_bytes() == damaged
    [notice] = opened.notices
    assert str(moved) in notice and "integrity_check" in notice
    assert "400 doses, 1 supplement" in notice
    # Indexes are not read when recovering, so nothing in the table was lost.
    assert [i.uid for i in Store(opened.conn).intakes()] == logged
    assert [s.name for s in Store(opened.conn).supplements()] == ["Glycinate"]
    assert check_rows(path, "integrity_check") == ["ok"]
    opened.conn.close()


def test_a_damaged_page_costs_only_its_own_rows(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    logged = populate(path, 400)
    # A page of the table in the middle, found by a row on it (the uid index holds a copy of
    # the uid too, but not followed by the dose's time).
    data = bytearray(path.read_bytes())
    page = data.find(logged[200].encode() + NOW.isoformat()[:10].encode()) // 4096
    assert page > 1
    data[page * 4096 : (page + 1) * 4096] = bytes(4096)
    path.write_bytes(bytes(data))

    opened = open_database(path)
    store = Store(opened.conn)

    recovered = [i.uid for i in store.intakes()]
    # In the order they were logged, none invented, and only one page's worth missing.
    assert set(recovered) <= set(logged)
    assert recovered == [uid for uid in logged if uid in set(recovered)]
    lost = len(logged) - len(recovered)
    page_rows = 4096 // 100  # an intake row takes well over 100 bytes
    assert 0 < lost <= page_rows, lost
    assert f"{len(recovered)} doses" in opened.notices[0]
    # The rows before and after the damaged page are both there.
    assert recovered[0] == logged[0] and recovered[-1] == logged[-1]
    # And the fresh file works: the supplement came through, and a dose can be taken.
    store.take(None, None, NOW, ZONE_UTC, Settings(), force=True)
    opened.conn.close()


def test_recovered_doses_keep_their_supplement_only_if_it_was_read(tmp_path: Path) -> None:
    # The supplements' page is lost; the doses keep their name and mg, without the link.
    path = db_path(tmp_path)
    logged = populate(path, 40)
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'supplements'").fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root[0] - 1) * 4096
    data[start : start + 4096] = bytes(4096)
    path.write_bytes(bytes(data))

    opened = open_database(path)

    intakes = Store(opened.conn).intakes()
    assert [i.uid for i in intakes] == logged
    assert {(i.supplement_id, i.name) for i in intakes} == {(None, "Glycinate")}
    assert Store(opened.conn).supplements() == []
    assert opened.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    opened.conn.close()


def test_cli_tells_of_damage_only_integrity_check_finds(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    logged = populate(path, 400)
    index_damage(path)

    result = run_cli(path.parent, "status")

    assert result.returncode == 0, result.stderr
    [moved] = moved_aside(path.parent)
    [line] = result.stderr.splitlines()
    assert str(moved) in line and "400 doses" in line
    assert uids(path) == logged


def test_a_backup_of_a_damaged_file_is_refused(tmp_path: Path) -> None:
    # The running app checked its file at start; by the time of a backup it may have changed.
    path = db_path(tmp_path)
    populate(path, 400)
    index_damage(path)
    conn = sqlite3.connect(path)  # as the running app holds it, already open
    target = tmp_path / "copy.db"

    with pytest.raises(StoreError, match="damaged") as refused:
        back_up(conn, target)

    assert str(path) in str(refused.value)
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".bedtime-backup")] == []
    conn.close()


def test_an_import_into_a_damaged_file_is_refused(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    populate(path, 400)
    index_damage(path)
    source = tmp_path / "saved.db"
    populate(source, 3)
    conn = sqlite3.connect(path)
    before = list(conn.iterdump())

    with pytest.raises(StoreError, match="damaged"):
        import_backup(conn, source, path)

    assert list(conn.iterdump()) == before
    conn.close()


def test_a_backup_with_damage_only_integrity_check_finds_is_not_imported(
    tmp_path: Path,
) -> None:
    source = tmp_path / "saved" / "bedtime.db"
    populate(source, 400)
    index_damage(source)
    live = db_path(tmp_path)
    populate(live, 2)
    opened = open_database(live)
    before = list(opened.conn.iterdump())

    with pytest.raises(InvalidInput, match="damaged"):
        import_backup(opened.conn, source, live)

    assert list(opened.conn.iterdump()) == before
    opened.conn.close()


def test_cli_backup_after_damage_saves_what_was_recovered(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    logged = populate(path, 400)
    index_damage(path)
    target = tmp_path / "copy.db"

    result = run_cli(path.parent, "backup", str(target))

    assert result.returncode == 0, result.stderr
    [line] = result.stderr.splitlines()
    assert "400 doses" in line
    assert uids(target) == logged


def test_a_damaged_frame_holding_the_files_last_page_keeps_every_other_row(
    tmp_path: Path,
) -> None:
    """The file grew in one transaction, and the frame of its new last page is damaged, with
    a later commit after it. The image recovery reads must still be as long as the last
    commit says (the lost page as zeros): cut short, SQLite could not even read its header,
    and all 400 doses of the sound main file were left behind."""
    live = tmp_path / "live" / "bedtime.db"
    logged = populate(live, 400)
    pages_before = live.stat().st_size // 4096
    opened = open_database(live)
    opened.conn.execute("PRAGMA wal_autocheckpoint = 0")
    store = Store(opened.conn)
    with transaction(opened.conn):  # one transaction that needs new pages at the file's end
        for n in range(12):
            night = NOW.date() + timedelta(days=n)
            opened.conn.execute(
                "INSERT INTO diary (night, quality, note, rated_utc, zone)"
                " VALUES (?, 3, ?, ?, 'UTC')",
                (night.isoformat(), "x" * 900, NOW.isoformat()),
            )
    store.set_setting("offset", "90")  # a later commit, on another page
    path = db_path(tmp_path)
    path.parent.mkdir()
    for suffix in ("", "-wal", "-shm"):
        shutil.copyfile(companion(live, suffix), companion(path, suffix))
    opened.conn.close()
    log = read_log(path)
    last_page = max(frame.page for frame in log.frames)
    assert last_page > pages_before
    [only_copy] = [frame for frame in log.frames if frame.page == last_page]
    flip(companion(path, "-wal"), only_copy.at + 100)

    opened = open_database(path)
    assert moved_aside(path.parent)
    assert set(logged) <= {i.uid for i in Store(opened.conn).intakes()}
    opened.conn.close()
