"""kill -9 at random moments while doses are being logged: nothing promised is lost.

A worker process (storm_worker.py) logs doses through the real store and prints each intake's
uid once its transaction has committed. We kill it at a random moment, over and over, on the
same data directory, and then hold the database to every promise the worker made.

SIGKILL ends the process, not the machine: what reached the kernel stays. So this proves that
SQLite's transactions and Bedtime's one-transaction-per-change hold under process death (the
tray app and the command line being killed), not durability through a power cut.
"""

import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bedtime.store.database import open_database
from bedtime.store.migrations import MIGRATIONS

WORKER = Path(__file__).with_name("storm_worker.py")
TRACKED, UNTRACKED = "Tracked", "Untracked"
START_STOCK = 100000.0
SEED = 20250304
ROUNDS = 30
# From the start of the process: the low end lands in start-up (opening, migrating, adding
# the supplements), the rest in the loop of takes.
DELAY_MS = (20, 300)


def start_worker(data_dir: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(data_dir), TRACKED, UNTRACKED, str(START_STOCK)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def reported_uids(stdout: bytes) -> list[str]:
    """The uids the worker finished printing; a line cut short by the kill promises nothing."""
    *complete, _partial = stdout.decode().split("\n")
    return [line for line in complete if line not in ("opening", "ready")]


def rows_after(data_file: Path, last_id: int) -> list[tuple[int, str]]:
    conn = sqlite3.connect(data_file)
    try:
        return conn.execute(
            "SELECT id, uid FROM intakes WHERE id > ? ORDER BY id", (last_id,)
        ).fetchall()
    except sqlite3.OperationalError as error:
        # Killed before the first migration committed: no table yet, so no rows.
        assert "no such table" in str(error)
        return []
    finally:
        conn.close()


@pytest.mark.slow
def test_kill_storm_loses_nothing_reported_and_invents_nothing(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    data_file = tmp_path / "bedtime.db"
    all_reported: list[str] = []
    unreported: list[str] = []
    last_id = 0
    rounds_with_takes = 0

    for round_number in range(ROUNDS):
        worker = start_worker(tmp_path)
        time.sleep(rng.uniform(*DELAY_MS) / 1000)
        # Still running, or it died of something other than our kill: that is a failure.
        assert worker.poll() is None, worker.communicate()[1].decode()
        worker.kill()  # SIGKILL on POSIX
        stdout, stderr = worker.communicate(timeout=30)
        context = f"seed {SEED}, round {round_number}"
        # Nothing but the kill: no traceback, and no notice of a damaged file moved aside.
        assert stderr == b"", f"{context}: {stderr.decode()}"

        reported = reported_uids(stdout)
        new_rows = rows_after(data_file, last_id)
        new_uids = [uid for _, uid in new_rows]
        # Every printed uid was committed, in the order printed, and this round added at most
        # one more: the take that committed just before the kill, before its uid was printed.
        assert new_uids[: len(reported)] == reported, context
        assert len(new_uids) - len(reported) <= 1, context
        unreported += new_uids[len(reported) :]
        all_reported += reported
        rounds_with_takes += bool(reported)
        if new_rows:
            last_id = new_rows[-1][0]

    # The storm must have hit the loop of takes, not only start-up, to prove anything.
    assert rounds_with_takes >= ROUNDS // 2, rounds_with_takes
    assert len(all_reported) >= 100, len(all_reported)
    assert len(set(all_reported)) == len(all_reported), "a uid was reported twice"

    opened = open_database(data_file)
    conn = opened.conn
    try:
        # Opened as it is: not taken for damaged, not migrated again.
        assert opened.notices == []
        assert [p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name] == []
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert [row[0] for row in conn.execute("PRAGMA integrity_check")] == ["ok"]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

        counts = dict(conn.execute("SELECT uid, count(*) FROM intakes GROUP BY uid").fetchall())
        assert all(counts.get(uid) == 1 for uid in all_reported), "a reported dose is missing"
        assert set(counts) == set(all_reported) | set(unreported)
        assert len(unreported) <= ROUNDS
        assert sum(counts.values()) == len(all_reported) + len(unreported)

        # One supplement of each name, however many start-ups were killed half-way.
        names = [row[0] for row in conn.execute("SELECT name FROM supplements ORDER BY name")]
        assert names == [TRACKED, UNTRACKED]
        # The stock went down by exactly the units of the doses that are in the log.
        stock, taken = conn.execute(
            "SELECT s.stock_units, coalesce(sum(i.units), 0) FROM supplements s"
            " LEFT JOIN intakes i ON i.supplement_id = s.id WHERE s.name = ?",
            (TRACKED,),
        ).fetchone()
        assert taken > 0
        assert stock == START_STOCK - taken
        untracked = conn.execute(
            "SELECT stock_units FROM supplements WHERE name = ?", (UNTRACKED,)
        ).fetchone()[0]
        assert untracked is None
    finally:
        conn.close()


def start_up_window(data_dir: Path) -> tuple[float, float]:
    """Seconds from start to "opening" and to "ready" for a first start-up on this machine."""
    began = time.monotonic()
    worker = start_worker(data_dir)
    assert worker.stdout is not None
    opening = worker.stdout.readline()
    opened_at = time.monotonic() - began
    ready = worker.stdout.readline()
    ready_at = time.monotonic() - began
    worker.kill()
    worker.communicate(timeout=30)
    assert (opening, ready) == (b"opening\n", b"ready\n")
    return opened_at, ready_at


def file_state(data_file: Path) -> str:
    """Where a first start-up got to, read without Bedtime: one of a few whole states."""
    if not data_file.exists() or data_file.stat().st_size == 0:
        return "no database yet"
    conn = sqlite3.connect(data_file)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        if version == 0:
            # Migration is one transaction: at version 0 there is no half of a schema.
            assert tables == 0, f"version 0 with {tables} schema entries"
            return "version 0"
        if version < len(MIGRATIONS):
            # Each step is its own transaction: a kill between steps leaves a whole older schema.
            return f"version {version}"
        assert version == len(MIGRATIONS), version
        supplements = conn.execute("SELECT count(*) FROM supplements").fetchone()[0]
        return f"migrated, {supplements} supplements"
    finally:
        conn.close()


@pytest.mark.slow
def test_kill_during_first_start_up_leaves_a_usable_file(tmp_path: Path) -> None:
    # The storm above creates the database once; here every round kills a first start-up, on a
    # fresh directory, at a moment swept across creating the file, migrating it and adding the
    # supplements. A half-made file must never be taken for damaged and moved aside later.
    rng = random.Random(SEED + 1)
    opening, ready = start_up_window(tmp_path / "calibrate")
    states: set[str] = set()
    for round_number in range(60):
        if round_number >= 20 and len(states) >= 2:
            break
        data_dir = tmp_path / f"round-{round_number}"
        worker = start_worker(data_dir)
        # A little either side: start-up times wander from one process to the next, and much
        # more on a loaded machine, so rounds after the first twenty cast a wider net.
        spread = 0.005 if round_number < 20 else ready
        time.sleep(rng.uniform(max(opening - spread, 0.0), ready + spread))
        worker.kill()
        _, stderr = worker.communicate(timeout=30)
        context = f"seed {SEED + 1}, round {round_number}"
        assert stderr == b"", f"{context}: {stderr.decode()}"
        # Classify a copy, so that Bedtime's own open below is the first to touch the file.
        copy = tmp_path / f"copy-{round_number}"
        if data_dir.exists():  # killed before open_database made it: nothing to copy
            shutil.copytree(data_dir, copy)
        states.add(file_state(copy / "bedtime.db"))

        opened = open_database(data_dir / "bedtime.db")
        try:
            assert opened.notices == [], context
            assert opened.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        finally:
            opened.conn.close()
        assert sorted(p.name for p in data_dir.iterdir() if "corrupt" in p.name) == [], context
    # The sweep must have caught start-up at different points to have tested anything.
    assert len(states) >= 2, states
