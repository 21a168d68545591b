"""kill -9 while the settings window is being saved: the old settings or the new, never a mix.

A worker process (settings_worker.py) saves the settings window through the real store over and
over: each Store.save carries a whole set of settings, A or B (they differ in every key), and a
restock of one unit, and the sets alternate. It prints which set it saved once the save has
returned. We kill it at a random moment in that loop, again and again on the same file, and
after each kill open the file as Bedtime does and check it.

Every committed save adds one unit and flips the set, so the stock counts the saves and its
parity names the one set that may be stored: settings that are half A and half B, back at the
defaults, or out of step with the restock saved with them would each show. SIGKILL ends the
process, not the machine, so this proves atomicity under process death, not through a power cut.
"""

import random
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bedtime.core import settings as settings_rules
from bedtime.core.dosing import Supplement
from bedtime.core.settings import Settings
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from tests.store.settings_worker import RESTOCK_UNITS, SETS, SETTINGS_A

WORKER = Path(__file__).with_name("settings_worker.py")
SUPPLEMENT = "Magnesium"
START_STOCK = 1000.0
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SEED = 20261120
ROUNDS = 20
# From the worker's "ready", so that every kill lands in the loop of saves.
DELAY_MS = (20, 200)


def expected_set(saves: int) -> str:
    """The set stored after SAVES saves: the file is seeded with A and each save flips it."""
    return "A" if saves % 2 == 0 else "B"


def seed(data_file: Path) -> None:
    conn = open_database(data_file).conn
    try:
        store = Store(conn)
        draft = Supplement(0, SUPPLEMENT, "other", 100.0, 1.0, START_STOCK, 0)
        store.add_supplement(draft, NOW)
        store.save(SETTINGS_A, [], NOW)
        assert store.settings() == (SETTINGS_A, [])
        # A differs from the defaults everywhere: every key is stored, none left to default.
        stored = conn.execute("SELECT count(*) FROM settings").fetchone()[0]
        assert stored == len(settings_rules.STORED_KEYS)
    finally:
        conn.close()


def saves_in(data_file: Path, context: str) -> int:
    """Open the file as Bedtime does, check it is whole and consistent; the saves it holds."""
    opened = open_database(data_file)
    conn = opened.conn
    try:
        # Not taken for damaged and moved aside, not migrated again.
        assert opened.notices == [], context
        assert [row[0] for row in conn.execute("PRAGMA integrity_check")] == ["ok"], context
        store = Store(conn)
        stock = store.supplement(SUPPLEMENT).stock_units
        assert stock is not None, context
        saves = round((stock - START_STOCK) / RESTOCK_UNITS)
        assert stock == START_STOCK + saves * RESTOCK_UNITS, f"{context}: stock {stock}"
        wanted: Settings = SETS[expected_set(saves)]
        # Exactly the set the restocks say was saved last: not a mix, not the defaults.
        assert store.settings() == (wanted, []), f"{context}: {saves} saves"
        # And so, row for row, in the file (every key, and nothing else).
        stored = dict(conn.execute("SELECT key, value FROM settings").fetchall())
        assert stored == settings_rules.to_pairs(wanted), context
        return saves
    finally:
        conn.close()


def start_worker(data_file: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(data_file), SUPPLEMENT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # Unbuffered: readline() for "ready" then takes only that line. A buffered reader could
        # take reports behind it too, and communicate(), reading the pipe itself, never sees them.
        bufsize=0,
    )


def reported_sets(stdout: bytes) -> list[str]:
    """The sets the worker finished printing; a line cut short by the kill promises nothing."""
    *complete, _partial = stdout.decode().split("\n")
    return complete


@pytest.mark.slow
def test_a_kill_while_saving_leaves_the_old_or_the_new_settings(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    data_file = tmp_path / "bedtime.db"
    seed(data_file)
    saves = saves_in(data_file, "seeded")
    assert saves == 0
    all_reported = 0
    unreported = 0
    rounds_with_saves = 0
    ended_on: set[str] = set()

    for round_number in range(ROUNDS):
        context = f"seed {SEED}, round {round_number}"
        worker = start_worker(data_file)
        assert worker.stdout is not None
        ready = worker.stdout.readline()
        if ready != b"ready\n":
            worker.kill()
            _, stderr = worker.communicate(timeout=30)
            pytest.fail(f"{context}: worker did not start: {ready!r} {stderr.decode()}")
        time.sleep(rng.uniform(*DELAY_MS) / 1000)
        # Still running, or it died of something other than our kill: that is a failure.
        assert worker.poll() is None, worker.communicate()[1].decode()
        worker.kill()  # SIGKILL on POSIX
        stdout, stderr = worker.communicate(timeout=30)
        # Nothing but the kill: no traceback, and no notice of a damaged file moved aside.
        assert stderr == b"", f"{context}: {stderr.decode()}"

        reported = reported_sets(stdout)
        # The worker saved the set not stored, then alternated: its reports follow the file.
        assert reported == [expected_set(saves + n) for n in range(1, len(reported) + 1)], context
        before = saves
        saves = saves_in(data_file, context)
        # Every reported save is in the file, and at most one more: the save that committed
        # just before the kill, before its letter was printed.
        assert saves - before in (len(reported), len(reported) + 1), (
            f"{context}: {len(reported)} reported, {saves - before} in the file"
        )
        all_reported += len(reported)
        unreported += saves - before - len(reported)
        rounds_with_saves += bool(reported)
        ended_on.add(expected_set(saves))

    # The kills must have hit the loop of saves, many times, to prove anything.
    assert rounds_with_saves >= ROUNDS // 2, rounds_with_saves
    assert all_reported >= 100, all_reported
    assert saves == all_reported + unreported
    # Kills left each set in the file (each round's chance of either is about a half).
    assert ended_on == {"A", "B"}, ended_on


def test_the_two_sets_differ_in_every_stored_key() -> None:
    # Otherwise a save that wrote only some keys could pass for a whole one.
    a, b = (settings_rules.to_pairs(s) for s in SETS.values())
    assert [key for key in settings_rules.STORED_KEYS if a[key] == b[key]] == []
    defaults = settings_rules.to_pairs(Settings())
    assert [key for key in settings_rules.STORED_KEYS if a[key] == defaults[key]] == []
    # "Nothing saved" reads as the defaults, which must be neither set.
    assert Settings() not in SETS.values()
    for s in SETS.values():
        settings_rules.consistency(s, "settings")
        assert settings_rules.from_pairs(settings_rules.to_pairs(s)) == (s, [])
