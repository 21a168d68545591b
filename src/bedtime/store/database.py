"""Opening the data file safely: pragmas, a health check, corrupt files moved aside, migrations."""

import glob
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..private_files import create_private, make_folder, tighten
from .migrations import MIGRATIONS

# Error codes that mean the file itself is damaged, as opposed to locked, unreadable or full.
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_HEADER = b"SQLite format 3\x00"


class StoreError(Exception):
    """The data file cannot be used as it is; the message says why and what to do."""


@dataclass
class Opened:
    conn: sqlite3.Connection
    notices: list[str] = field(default_factory=list)


def open_database(path: Path, migrations: list[list[str]] = MIGRATIONS) -> Opened:
    """Open (or create) the database at PATH, ready for use at the latest schema.

    A damaged file is moved aside with its -wal and -shm and a fresh one started; the
    notice says where the old one went. Nothing is ever deleted. The file and everything
    kept beside it are private (see `_make_private`).
    """
    if path.parent.exists() and not path.parent.is_dir():
        raise StoreError(f"the data folder {path.parent} is a file; choose a folder")
    if path.is_dir():
        raise StoreError(f"the data file {path} is a folder; move it away or choose another")
    make_folder(path.parent)
    _make_private(path)
    notices: list[str] = []
    try:
        checked = _check_before_opening(path, len(migrations))
    except sqlite3.DatabaseError as error:
        notices.append(_set_aside(path, error))
        checked = True
    conn = _connect(path)
    if not checked:
        try:
            _quick_check(conn)
        except sqlite3.DatabaseError as error:
            conn.close()
            notices.append(_set_aside(path, error))
            conn = _connect(path)
    try:
        notices.extend(_migrate(conn, path, migrations))
    except (sqlite3.Error, OSError) as error:  # OSError: the backup could not be made
        reached = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.close()
        raise StoreError(
            f"could not upgrade the data file {path} ({error}); it is left at schema "
            f"{reached}, nothing in it was lost"
        ) from None
    except BaseException:
        conn.close()
        raise
    return Opened(conn, notices)


def _make_private(path: Path) -> None:
    """Make PATH and its neighbours 0600 before SQLite opens it, creating it if need be.

    SQLite creates a new database 0644 (less the umask), and gives the -wal, -shm and
    -journal it makes later the database's own mode: so a data file made 0600 first keeps
    all of them private. Files an older version left readable (the data, its -wal and -shm,
    upgrade backups, files set aside) are tightened here.
    """
    for neighbour in path.parent.glob(glob.escape(path.name) + "*"):
        tighten(neighbour)
    if not path.exists():
        with suppress(OSError):  # a read-only folder: SQLite then says so in its own words
            create_private(path)


def _is_damage(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _DAMAGED  # extended codes carry the base in 8 bits


def _set_aside(path: Path, error: sqlite3.DatabaseError) -> str:
    if not _is_damage(error):
        raise StoreError(f"cannot open the data file {path}: {error}") from None
    moved = _move_aside(path)
    return (
        f"the data file {path} was damaged ({error}); it was moved to {moved} "
        "and a new, empty one was started"
    )


def _check_before_opening(path: Path, latest: int) -> bool:
    """Check PATH before anything can write to it; False if only a writable connection can.

    Raises a DatabaseError with a damage code if the file is not a sound database, and
    StoreError if a newer Bedtime wrote it. The checks run on a read-only connection:
    closing a writable one would checkpoint the -wal into a damaged file and delete it, and
    switching to WAL would rewrite the header of a file we must leave alone. A file left
    mid-transaction by a crash (a hot journal) needs a writer to roll it back first.
    """
    if not path.exists() or path.stat().st_size == 0:
        return True
    with path.open("rb") as file:
        if file.read(len(_HEADER)) != _HEADER:
            # Not a database at all: judged without SQLite, which would rewrite a stale -shm.
            error = sqlite3.DatabaseError("file is not a database")
            error.sqlite_errorcode = sqlite3.SQLITE_NOTADB
            raise error
    companions = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    absent = [companion for companion in companions if not companion.exists()]
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        _quick_check(conn)
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.Error as error:
        if getattr(error, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_READONLY:
            return False
        raise
    finally:
        conn.close()
    if version > latest:
        # Leave the newer file as we found it: without the empty -wal/-shm a read may add.
        # (If they were there before, a newer Bedtime may be running: touch nothing.)
        wal = companions[0]
        if absent == companions and (not wal.exists() or wal.stat().st_size == 0):
            for companion in companions:
                companion.unlink(missing_ok=True)
        raise StoreError(
            f"the data file {path} was written by a newer Bedtime (schema {version}; "
            f"this version knows up to {latest}); update Bedtime to use it"
        )
    return True


def _quick_check(conn: sqlite3.Connection) -> None:
    result = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if result != ["ok"]:
        # Its rows can hold newlines; the notice is one line.
        summary = " ".join(" ".join(result[:3]).split())
        error = sqlite3.DatabaseError(f"quick_check: {summary[:200]}")
        error.sqlite_errorcode = sqlite3.SQLITE_CORRUPT
        raise error


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN IMMEDIATE ourselves, so DDL is transactional too.
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=10.0)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open the data file {path}: {error}") from None
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.Error as error:
        conn.close()
        raise StoreError(f"cannot open the data file {path}: {error}") from None
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
    if version == latest:
        return []
    notices = []
    if _has_rows(conn):
        backup = path.with_name(f"{path.name}.v{version}.bak")
        create_private(backup)
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


def _has_rows(conn: sqlite3.Connection) -> bool:
    """Whether any table holds a row: only then is there something a backup could save.

    A first start-up stopped between two steps leaves empty tables; upgrading those needs no
    copy, and telling the user about one would only alarm them.
    """
    tables = conn.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    quoted = ('"' + name.replace('"', '""') + '"' for (name,) in tables)
    return any(conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() for table in quoted)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error: all of a change or none of it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        # COMMIT itself can fail (a deferred foreign key, a full disk): roll back then too, or
        # the connection would be left inside the transaction.
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
