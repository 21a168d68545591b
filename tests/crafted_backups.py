"""Backups as a careful attacker or a bad night could leave them, built with sqlite3 directly.

`good_backup` writes a real backup through the app's own store; the other helpers then bend
it the way a hand-made or hostile file would be bent.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Supplement
from bedtime.core.settings import Settings
from bedtime.store.backup import back_up
from bedtime.store.database import open_database
from bedtime.store.migrations import MIGRATIONS
from bedtime.store.repository import Store

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
CITRATE = Supplement(0, "Mg citrate", "citrate", 100, 2, 30, 7)


def good_backup(path: Path, *, paused_nights: int = 0) -> Path:
    """A backup of a small, sound log: a supplement, a dose, a rating, a setting, events."""
    store = Store(open_database(path.with_name(path.name + ".source")).conn)
    store.add_supplement(CITRATE, NOW)
    store.take(None, None, NOW, AMS, Settings())
    store.rate(
        DiaryEntry(date(2026, 11, 19), "Europe/Amsterdam", 4, 20, 1, 10, note="slept well"), NOW
    )
    store.set_setting("offset", "90")
    store.record(date(2026, 11, 20), "shown", NOW)
    store.first_use(NOW)
    if paused_nights:
        first = date(2027, 1, 1)
        store.pause(first, date.fromordinal(first.toordinal() + paused_nights - 1), NOW)
    back_up(store.conn, path)
    store.conn.close()
    return path


def execute(path: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    """Run STATEMENTS on the file at PATH as a hand editing it would (no app rules)."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        for statement in statements:
            conn.execute(statement, params if "?" in statement else ())


def loosen(path: Path, table: str) -> None:
    """Rebuild TABLE with the same column names but no types or constraints, rows kept: then
    any value fits, as in a file another program wrote."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        conn.execute(f"ALTER TABLE {table} RENAME TO old_{table}")
        conn.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
        conn.execute(f"INSERT INTO {table} SELECT {', '.join(columns)} FROM old_{table}")
        conn.execute(f"DROP TABLE old_{table}")


def reorder_columns(path: Path, table: str) -> None:
    """Rebuild TABLE with its columns in reverse order (constraints dropped), rows kept."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        backwards = ", ".join(reversed(columns))
        conn.execute(f"ALTER TABLE {table} RENAME TO old_{table}")
        conn.execute(f"CREATE TABLE {table} ({backwards})")
        conn.execute(f"INSERT INTO {table} ({backwards}) SELECT {backwards} FROM old_{table}")
        conn.execute(f"DROP TABLE old_{table}")


def set_value(path: Path, table: str, column: str, value: object) -> None:
    """Put VALUE into COLUMN of every row of TABLE, whatever its type."""
    loosen(path, table)
    execute(path, f"UPDATE {table} SET {column} = ?", params=(value,))


def older_backup(path: Path, version: int) -> Store:
    """An empty file at schema VERSION, as an older Bedtime made it (the caller fills it)."""
    return Store(open_database(path, MIGRATIONS[:version]).conn)


@contextmanager
def trials_table(store: Store) -> Iterator[Store]:
    """Today's Store.take looks for a trial's off night in the trials table, which a file at
    an older schema lacks: lend it the table for the call, then take it away again."""
    store.conn.execute(MIGRATIONS[4][0])
    yield store
    store.conn.execute("DROP TABLE trials")
