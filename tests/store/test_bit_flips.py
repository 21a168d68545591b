"""Storms of single flipped bits in the data file and in its -wal: no dose lost unsaid.

Each round takes a fresh copy of the same sound files, flips one bit at a seeded random
place, and opens the result as Bedtime does. Every round must end one of three ways: opened
as it was with every dose there; refused with a message and the file left as it was (a bit
in the schema version makes it look newer); or moved aside with a notice, and a new file
started with what could be read. A dose missing without a notice fails the storm.

The counts are printed (pytest -s) for docs/reliability.md:
    uv run --group test pytest -m slow tests/store/test_bit_flips.py -s
"""

import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from bedtime.core.diary import DiaryEntry
from bedtime.store import wal
from bedtime.store.database import StoreError, open_database
from bedtime.store.repository import Store
from tests.store.test_damage import LATE_DOSES, crash_with_doses_in_the_wal
from tests.store.test_database import NOW, companion, db_path, moved_aside, populate
from tests.store.test_kill_storm import WORKER

FLIPS = 200
SEED = 20261202


@dataclass
class Outcome:
    kind: str  # "as it was", "refused" or "moved aside"
    doses: list[str]  # the uids the data file holds after opening
    rows: list[str]  # every row, as SQL
    readable: bool  # whether the store can read every dose, rating and supplement back


def check(path: Path, pragma: str) -> bool:
    """Whether PRAGMA quick_check or integrity_check passes on the file, read as it is."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute(f"PRAGMA {pragma}").fetchall() == [("ok",)]
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def open_as_bedtime(path: Path) -> Outcome:
    before = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    try:
        opened = open_database(path)
    except StoreError:
        # Refused, with a message, and nothing in the data file changed.
        assert path.read_bytes() == before[path.name]
        return Outcome("refused", [], [], True)
    try:
        doses = [row[0] for row in opened.conn.execute("SELECT uid FROM intakes ORDER BY id")]
        readable = store_reads_back(Store(opened.conn))
        # A flipped bit can leave text that is no UTF-8: dumped as it reads, not refused.
        opened.conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
        rows = list(opened.conn.iterdump())
    finally:
        opened.conn.close()
    if not opened.notices:
        return Outcome("as it was", doses, rows, readable)
    # Told, and the damaged files kept exactly as they were.
    [moved] = moved_aside(path.parent)
    assert any(str(moved) in notice for notice in opened.notices)
    for suffix in ("", "-wal"):
        if path.name + suffix in before:
            assert companion(moved, suffix).read_bytes() == before[path.name + suffix]
    return Outcome("moved aside", doses, rows, readable)


def store_reads_back(store: Store) -> bool:
    """Whether every value can be read as what it stands for (a date, a time, a zone).

    A flipped bit inside a value is no damage SQLite can see: "2025-03-04" may become
    "2025-13-04", or text no UTF-8. Counted, not failed: see docs/reliability.md. The store
    says so as a StoreError (one clear message, tests/test_unreadable_values.py).
    """
    try:
        store.intakes()
        store.diary()
        store.supplements()
        store.settings()
    except (StoreError, ValueError, LookupError, TypeError, sqlite3.OperationalError):
        return False
    return True


@pytest.mark.slow
def test_bit_flips_in_the_data_file(tmp_path: Path) -> None:
    base = tmp_path / "base" / "bedtime.db"
    logged = populate(base, 400)
    opened = open_database(base)
    store = Store(opened.conn)
    for n in range(60):
        store.rate(DiaryEntry(date(2025, 1, 1) + timedelta(days=n), "UTC", 1 + n % 5), NOW)
    opened.conn.close()
    sound = base.read_bytes()
    conn = sqlite3.connect(base)
    sound_rows = list(conn.iterdump())
    conn.close()
    rng = random.Random(SEED)
    outcomes: Counter[str] = Counter()
    caught_only_by_integrity = caught_by_quick = doses_recovered = doses_lost = 0
    changed_unseen = unreadable = 0

    for round_number in range(FLIPS):
        path = db_path(tmp_path / str(round_number))
        path.parent.mkdir(parents=True)
        data = bytearray(sound)
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        quick, full = check(path, "quick_check"), check(path, "integrity_check")
        caught_by_quick += not quick
        caught_only_by_integrity += quick and not full

        outcome = open_as_bedtime(path)

        context = f"seed {SEED}, round {round_number}, byte {at}"
        outcomes[outcome.kind] += 1
        if outcome.kind == "as it was":
            # No message: then every dose must be there, exactly once.
            assert sorted(outcome.doses) == sorted(logged), context
            assert full, context  # and integrity_check found nothing
            changed_unseen += outcome.rows != sound_rows
            unreadable += not outcome.readable
        elif outcome.kind == "moved aside":
            kept = set(outcome.doses) & set(logged)
            doses_recovered += len(kept)
            doses_lost += len(logged) - len(kept)
        shutil.rmtree(path.parent)

    print(
        f"\n{FLIPS} bit flips in a {len(sound) // 1024} KiB data file: {dict(outcomes)}; "
        f"quick_check caught {caught_by_quick}, integrity_check {caught_only_by_integrity} "
        f"more; doses recovered {doses_recovered}, lost (with a notice) {doses_lost}; "
        f"opened with a value changed {changed_unseen}, of which the store cannot read back "
        f"{unreadable}"
    )
    assert sum(outcomes.values()) == FLIPS
    # The storm must have hit damage quick_check misses, or it proves nothing about the rest.
    assert caught_only_by_integrity > 0


@pytest.mark.slow
def test_bit_flips_in_the_wal(tmp_path: Path) -> None:
    base = tmp_path / "base"
    logged = crash_with_doses_in_the_wal(base)
    files = {suffix: companion(db_path(base), suffix).read_bytes() for suffix in ("", "-wal")}
    log = wal.parse(files["-wal"])
    assert log is not None
    # The last transaction's frames: damage there looks exactly like a crash cutting it
    # short, and is dropped as one (see docs/reliability.md).
    commits = [frame.at for frame in log.frames if frame.commit]
    last_transaction = commits[-2] + log.page_size
    rng = random.Random(SEED)
    outcomes: Counter[str] = Counter()
    told = in_last_transaction = last_dose_dropped = lost_when_told = 0

    for round_number in range(FLIPS):
        path = db_path(tmp_path / str(round_number))
        path.parent.mkdir(parents=True)
        path.write_bytes(files[""])
        data = bytearray(files["-wal"])
        at = rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)
        companion(path, "-wal").write_bytes(bytes(data))

        outcome = open_as_bedtime(path)

        context = f"seed {SEED}, round {round_number}, byte {at}"
        outcomes[outcome.kind] += 1
        if outcome.kind == "moved aside":
            told += 1
            # Every frame but the damaged one is sound: a later copy of its page makes up
            # for it, or the dose is one of the last transaction's.
            assert set(outcome.doses) >= set(logged[:-LATE_DOSES]), context
            lost_when_told += len(set(logged) - set(outcome.doses))
        elif at >= last_transaction:
            in_last_transaction += 1
            assert outcome.doses in (logged, logged[:-1]), context
            last_dose_dropped += outcome.doses != logged
        else:
            assert outcome.kind == "as it was", context
            assert outcome.doses == logged, context
        shutil.rmtree(path.parent)

    print(
        f"\n{FLIPS} bit flips in a -wal of {len(log.frames)} frames ({LATE_DOSES} doses): "
        f"{dict(outcomes)}; told {told}, losing {lost_when_told} doses; in the last "
        f"transaction, not told {in_last_transaction}, of which the last dose was dropped "
        f"{last_dose_dropped}"
    )
    assert told > 0


@pytest.mark.slow
def test_opening_while_another_bedtime_writes_finds_no_damage(tmp_path: Path) -> None:
    # The command line opens the file while the tray app writes: the -wal it reads is live,
    # restarted now and then by a checkpoint, and must never be taken for damaged.
    # Its uids go nowhere: a pipe nobody reads would fill and stop it mid-storm.
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), str(tmp_path), "Tracked", "Untracked", "100000"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        while not (tmp_path / "bedtime.db-wal").exists():  # it has begun writing
            assert worker.poll() is None, worker.communicate()[1].decode()
            time.sleep(0.05)
        opens, wal_reads, generations = 0, 0, set()
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            log = wal.read(tmp_path / "bedtime.db-wal")
            if log is not None:
                wal_reads += 1
                generations.add(log.data[16:24])  # the salts: new ones at every restart
            opened = open_database(tmp_path / "bedtime.db")
            opens += 1
            opened.conn.close()
            assert opened.notices == []
        assert worker.poll() is None, worker.communicate()[1].decode()
    finally:
        worker.kill()
        _, stderr = worker.communicate(timeout=30)
    assert stderr == b""
    assert moved_aside(tmp_path) == []
    assert wal_reads > 0  # the -wal was there to be read, not only between checkpoints
    conn = sqlite3.connect(tmp_path / "bedtime.db")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        doses = conn.execute("SELECT count(*) FROM intakes").fetchone()[0]
    finally:
        conn.close()
    print(
        f"\n{opens} opens while {doses} doses were logged; the -wal read {wal_reads} times, "
        f"in {len(generations)} generations"
    )
    assert doses > 1000
