"""Hundreds of hostile backups in a row: each is refused with a message or imported whole, and
whatever is imported can be read by every part of the app that reads the log.

Each round takes a sound backup and bends it at random: a hostile value in a random column of
a random table (wrong type, out of range, not UTF-8, huge, empty), or random bytes of the
file flipped. The import must then either raise InvalidInput (and change nothing) or succeed
with a log that the store's readers, the morning and history code and the CSV export read
without an error.
"""

import random
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from bedtime.core import nights
from bedtime.core.errors import InvalidInput
from bedtime.core.history import night_records
from bedtime.export import write_csv
from bedtime.store.backup import import_backup
from bedtime.store.backup_rows import RULES
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from tests.crafted_backups import AMS, NOW, good_backup, set_value

SEED = 20261202
ROUNDS = 400
HOSTILE: list[object] = [
    None,
    0,
    -1,
    1,
    2**62,
    -(2**62),
    0.5,
    1e308,
    float("inf"),
    "",
    " ",
    "x" * 5000,
    "not-a-date",
    "2026-02-30",
    "1999-12-31",
    "2026-11-20",
    "25:61",
    "7:30",
    "23:00",
    "Mars/Base",
    "../etc/passwd",
    "UTC",
    "Europe/Amsterdam",
    "2026-11-20T21:00:00",
    "2026-11-20T21:00:00+05:30",
    "glycinate",
    "party",
    "A\u200bB",
    "\u202eevil",
    "line\nbreak",
    b"\xff\xfe",
    b"\x00\x01",
]


def bend(source: Path, rng: random.Random) -> str:
    if rng.random() < 0.25:
        raw = bytearray(source.read_bytes())
        for _ in range(rng.randint(1, 8)):
            raw[rng.randrange(100, len(raw))] ^= 1 << rng.randrange(8)
        source.write_bytes(bytes(raw))
        return "flipped bits"
    table = rng.choice(list(RULES))
    column = rng.choice(list(RULES[table]))
    value = rng.choice(HOSTILE)
    if isinstance(value, bytes):
        set_value(source, table, column, None)
        with sqlite3.connect(source) as conn:
            conn.execute(f"UPDATE {table} SET {column} = CAST(? AS TEXT)", (value,))
        conn.close()
    else:
        set_value(source, table, column, value)
    return f"{table}.{column} = {value!r:.40}"


def read_everything(store: Store, folder: Path) -> None:
    """What status, history, supplement list and export read."""
    settings, _ = store.settings()
    store.supplements()
    intakes, diary = store.intakes(), store.diary()
    first, last = date(2026, 10, 1), date(2026, 12, 31)
    night_records(
        first,
        last,
        intakes,
        diary,
        store.night_kinds(first, last),
        now=NOW,
        settings=settings,
        zone=AMS,
        first_use=nights.night_of(store.first_use(NOW), AMS, settings),
    )
    store.latest_rating()
    write_csv(folder / "export.csv", intakes, diary)


@pytest.mark.slow
def test_hundreds_of_hostile_backups_are_refused_or_imported_readable(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    sound = good_backup(tmp_path / "sound.db")
    data = tmp_path / "data" / "bedtime.db"
    data.parent.mkdir()
    store = Store(open_database(data).conn)
    outcomes = {"refused": 0, "imported": 0}
    for round_ in range(ROUNDS):
        source = tmp_path / f"bent-{round_}.db"
        shutil.copyfile(sound, source)
        what = bend(source, rng)
        before = list(store.conn.iterdump())
        try:
            import_backup(store.conn, source, data)
        except InvalidInput:
            outcomes["refused"] += 1
            assert list(store.conn.iterdump()) == before, what
        else:
            outcomes["imported"] += 1
            read_everything(store, tmp_path)
        for kept in data.parent.glob("*.before-import-*"):
            kept.unlink()
        source.unlink()
    store.conn.close()
    assert not list(data.parent.glob(".bedtime-import-*"))
    print(f"{ROUNDS} hostile backups: {outcomes}")
    assert outcomes["refused"] > 100 and outcomes["imported"] > 50
