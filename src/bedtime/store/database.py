"""Opening the data file safely: pragmas, a health check, corrupt files moved aside, migrations."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .migrations import MIGRATIONS

# Error codes that mean the file itself is damaged, as opposed to locked, unreadable or full.
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}


class StoreError(Exception):
    """The data file cannot be used as it is; the message says why and what to do."""


@dataclass
class Opened:
    conn: sqlite3.Connection
    notices: list[str] = field(default_factory=list)


def open_database(path: Path, migrations: list[list[str]] = MIGRATIONS) -> Opened:
    """Open (or create) the database at PATH, ready for use at the latest schema.

    A damaged file is moved aside with its -wal and -shm and a fresh one started; the
    notice says where the old one went. Nothing is ever deleted.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    notices: list[str] = []
    try:
        conn = _connect_checked(path)
    except sqlite3.DatabaseError as error:
        if getattr(error, "sqlite_errorcode", None) not in _DAMAGED:
            raise StoreError(f"cannot open the data file {path}: {error}") from None
        moved = _move_aside(path)
        notices.append(
            f"the data file {path} was damaged ({error}); it was moved to {moved} "
            "and a new, empty one was started"
        )
        conn = _connect_checked(path)
    try:
        notices.extend(_migrate(conn, path, migrations))
    except BaseException:
        conn.close()
        raise
    return Opened(conn, notices)


def _connect_checked(path: Path) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so DDL is transactional too.
    conn = sqlite3.connect(path, isolation_level=None, timeout=10.0)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        result = [row[0] for row in conn.execute("PRAGMA quick_check")]
        if result != ["ok"]:
            error = sqlite3.DatabaseError("quick_check: " + "; ".join(result[:3]))
            error.sqlite_errorcode = sqlite3.SQLITE_CORRUPT
            raise error
    except BaseException:
        conn.close()
        raise
    return conn


def _move_aside(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    for suffix in ("", "-wal", "-shm"):
        companion = Path(str(path) + suffix)
        if companion.exists():
            companion.rename(Path(str(target) + suffix))
    return target


def _migrate(conn: sqlite3.Connection, path: Path, migrations: list[list[str]]) -> list[str]:
    latest = len(migrations)
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > latest:
        raise StoreError(
            f"the data file {path} was written by a newer Bedtime (schema {version}; "
            f"this version knows up to {latest}); update Bedtime to use it"
        )
    if version == latest:
        return []
    notices = []
    has_data = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0] > 0
    if has_data:
        backup = path.with_name(f"{path.name}.v{version}.bak")
        target = sqlite3.connect(backup)
        try:
            conn.backup(target)
        finally:
            target.close()
        notices.append(f"the data file was upgraded; a copy of the old one is at {backup}")
    for number in range(version, latest):
        with transaction(conn):
            # Re-read inside the lock: another process may have migrated meanwhile.
            if conn.execute("PRAGMA user_version").fetchone()[0] != number:
                continue
            for statement in migrations[number]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
    return notices


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error: all of a change or none of it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
