"""Opening the data file safely: pragmas, a health check, damaged files moved aside and what
can be read of them recovered, migrations."""

import glob
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..core.wording import _, either, plural
from ..private_files import create_private, make_folder, tighten
from . import recovery, staging, wal
from .migrations import MIGRATIONS, built

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

    A damaged file is moved aside with its -wal and -shm, and a fresh one started with every
    row that could still be read from it; the notice says where the old one went and what was
    saved. Nothing is ever deleted. The file and everything kept beside it are private (see
    `_make_private`).
    """
    if path.parent.exists() and not path.parent.is_dir():
        raise StoreError(
            _("the data folder {folder} is a file; choose a folder").format(folder=path.parent)
        )
    if path.is_dir():
        raise StoreError(
            _("the data file {file} is a folder; move it away or choose another").format(file=path)
        )
    if path.parent.is_dir() and not _writable(path.parent):
        return _open_read_only(path, migrations)
    make_folder(path.parent)
    staging.sweep(path.parent)  # what an import killed midway left behind
    _make_private(path)
    notices: list[str] = []
    # Read before SQLite sees it: SQLite would quietly drop what follows a damaged frame.
    log = wal.read(Path(f"{path}-wal"))
    try:
        if log is not None and log.damaged:
            raise _damage("its -wal file has a damaged page with saved changes after it")
        checked = _check_before_opening(path, migrations)
    except sqlite3.DatabaseError as error:
        notices.append(_set_aside(path, error, log, migrations))
        checked = True
    conn = _connect(path)
    if not checked:
        try:
            _check_file(conn, migrations)
        except sqlite3.DatabaseError as error:
            conn.close()
            notices.append(_set_aside(path, error, None, migrations))
            conn = _connect(path)
    try:
        notices.extend(_migrate(conn, path, migrations))
    except (sqlite3.Error, OSError) as error:  # OSError: the backup could not be made
        reached = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.close()
        raise StoreError(
            _(
                "could not upgrade the data file {file} ({error}); it is left at schema "
                "{reached}, nothing in it was lost"
            ).format(file=path, error=error, reached=reached)
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


def _check_health(conn: sqlite3.Connection) -> None:
    """Raise a DatabaseError with a damage code unless PRAGMA integrity_check finds all well.

    integrity_check, not quick_check: quick_check does not hold indexes against their tables,
    and a single flipped bit there passes it. On ten years of nights the full check takes a
    few milliseconds (docs/reliability.md), so every open runs it.
    """
    result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        # Its rows can hold newlines; the notice is one line.
        summary = " ".join(" ".join(result[:3]).split())
        raise _damage(f"integrity_check: {summary[:200]}")


def verify(conn: sqlite3.Connection) -> None:
    """Refuse to go on with the open database if it is damaged: a backup would carry the
    damage along, and an import build on it."""
    try:
        _check_health(conn)
    except sqlite3.DatabaseError as error:
        path = next(row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main")
        raise StoreError(
            _(
                "the data file {file} is damaged, so nothing was changed. Quit Bedtime and start "
                "it again: it then keeps the damaged file aside and saves every row it can still "
                "read into a new one (what was wrong: {error})"
            ).format(file=path, error=error)
        ) from None


def _check_file(conn: sqlite3.Connection, migrations: list[list[str]]) -> int:
    """The file's health, and its tables held against the ones Bedtime made; its version.

    integrity_check does not read the stored table definitions as text: a flipped bit there
    can rename a column, loosen a rule or make a table unreadable, and the file still passes.
    """
    _check_health(conn)
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if 1 <= version <= len(migrations) and _schema(conn) != _schema_of(migrations[:version]):
        raise _damage("its table definitions are not the ones Bedtime wrote")
    return version


def _schema_of(steps: list[list[str]]) -> list[tuple[str, ...]]:
    """The table and index definitions the migration STEPS create, as sqlite_schema holds them.

    The steps only create, so their text is stored as written, whatever the SQLite version.
    (A step that alters a table would make the stored text SQLite's: compare the structure
    then, table_info and index_list, instead.)
    """
    with built(steps) as conn:
        return _schema(conn)


def _schema(conn: sqlite3.Connection) -> list[tuple[str, ...]]:
    return conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid"
    ).fetchall()


def _damage(message: str) -> sqlite3.DatabaseError:
    error = sqlite3.DatabaseError(message)
    error.sqlite_errorcode = sqlite3.SQLITE_CORRUPT
    return error


def _open_read_only(path: Path, migrations: list[list[str]]) -> Opened:
    """The data file in a folder Bedtime cannot write (a read-only mount, a copy on a stick
    locked for writing): it can be read, shown, exported and backed up, never changed.

    SQLite reads a WAL-mode file through its -shm, which it must be able to create; where
    there is none, the file is opened as immutable, which is right only while no -wal holds
    commits that are not yet in the file.
    """
    where = _("the data folder {folder} is read-only").format(folder=path.parent)
    if not path.exists():
        raise StoreError(
            _("{problem} and holds no data file; choose a folder Bedtime can write").format(
                problem=where
            )
        )
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    pending = wal.exists() and wal.stat().st_size > 0
    if pending and not shm.exists():
        raise StoreError(
            _(
                "{problem}, and the latest changes in {file} can only be read where Bedtime "
                "can write; copy the folder somewhere writable to read it"
            ).format(problem=where, file=wal.name)
        )
    uri = f"{path.absolute().as_uri()}?mode=ro" + ("" if pending else "&immutable=1")
    conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        version = _check_file(conn, migrations)
    except sqlite3.Error as error:
        conn.close()
        raise StoreError(
            _("{problem} and its data file cannot be read: {error}").format(
                problem=where, error=error
            )
        ) from None
    latest = len(migrations)
    if version != latest:
        conn.close()
        raise StoreError(
            _(
                "{problem} and its data file is from another version of Bedtime (schema "
                "{version}, this one uses {latest}); it cannot be read here without changing it"
            ).format(problem=where, version=version, latest=latest)
        )
    return Opened(conn)  # each change refuses by itself, naming the folder (is_read_only)


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)  # also False on a read-only mount, even as root


def refuse_if_read_only(folder: Path) -> None:
    """Refuse, as SQLite refuses a write to a read-only file, a change that first writes
    files of its own beside the data file (an import's scratch copy): so it is told in the
    same words as every other change (is_read_only), before anything is tried."""
    if not _writable(folder):
        error = sqlite3.OperationalError(
            _("the data folder {folder} is read-only").format(folder=folder)
        )
        error.sqlite_errorcode = sqlite3.SQLITE_READONLY
        raise error


def is_read_only(error: sqlite3.Error) -> bool:
    """Whether ERROR is SQLite refusing to write a file it opened for reading only."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == sqlite3.SQLITE_READONLY


def _is_damage(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _DAMAGED  # extended codes carry the base in 8 bits


def _set_aside(
    path: Path, error: sqlite3.DatabaseError, log: wal.Log | None, migrations: list[list[str]]
) -> str:
    if not _is_damage(error):
        raise StoreError(f"cannot open the data file {path}: {error}") from None
    # Recovered first, moved aside after: if recovering fails (a full disk), the damaged file
    # is still where the next start will find it and try again.
    recovered = path.with_name(f"{path.name}.recovered")
    saved = _recover(path, log, recovered, migrations)
    moved = _move_aside(path)
    if recovered.exists():
        os.replace(recovered, path)
    # What was found comes last: the person needs where their data is first.
    return _(
        "the data file {file} was damaged; it was moved to {moved}, and a new one was "
        "started {saved} (what was wrong: {error})"
    ).format(file=path, moved=moved, saved=_what_was_saved(saved), error=error)


def _recover(
    damaged: Path, log: wal.Log | None, target: Path, migrations: list[list[str]]
) -> dict[str, int]:
    """Copy what can be read of DAMAGED (and LOG) into a new file TARGET; rows per table."""
    image = damaged.with_name(f"{damaged.name}.recovering")
    for leftover in (target, image):  # from a start that was cut short
        leftover.unlink(missing_ok=True)
    try:
        # Both hold the person's rows: private from the first byte, as the data file is.
        create_private(image)
        create_private(target)
        recovery.write_image(damaged, log, image)
        version = recovery.schema_version(image)
        if version is None or not 1 <= version <= len(migrations):
            return {}
        recovery.restore_schema(image, _schema_of(migrations[:version]))
        source = recovery.open_image(image)
        try:
            conn = _connect(target)
            try:
                _migrate(conn, target, migrations[:version])
                return recovery.copy_rows(source, conn)
            finally:
                conn.close()
        finally:
            source.close()
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        image.unlink(missing_ok=True)


def _what_was_saved(saved: dict[str, int]) -> str:
    """What a person calls the rows of each table; the rest are "other records"."""
    tables = ("intakes", "supplements", "diary")
    others = sum(n for table, n in saved.items() if table not in tables)
    if not any(saved.values()):
        return _("empty: nothing in it could be read")
    parts = [
        plural(saved.get("intakes", 0), "{n} dose", "{n} doses"),
        plural(saved.get("supplements", 0), "{n} supplement", "{n} supplements"),
        plural(saved.get("diary", 0), "{n} sleep diary entry", "{n} sleep diary entries"),
        plural(others, "{n} other record", "{n} other records"),
    ]
    return _("with what could still be read: {parts}").format(parts=either(parts))


def _check_before_opening(path: Path, migrations: list[list[str]]) -> bool:
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
        version = _check_file(conn, migrations)
    except sqlite3.Error as error:
        if is_read_only(error):
            return False
        raise
    finally:
        conn.close()
    latest = len(migrations)
    if version > latest:
        # Leave the newer file as we found it: without the empty -wal/-shm a read may add.
        # (If they were there before, a newer Bedtime may be running: touch nothing.)
        wal = companions[0]
        if absent == companions and (not wal.exists() or wal.stat().st_size == 0):
            for companion in companions:
                companion.unlink(missing_ok=True)
        raise StoreError(
            _(
                "the data file {file} was written by a newer Bedtime (schema {version}; "
                "this version knows up to {latest}); update Bedtime to use it"
            ).format(file=path, version=version, latest=latest)
        )
    return True


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
        notices.append(
            _("the data file was upgraded; a copy of the old one is at {file}").format(file=backup)
        )
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
