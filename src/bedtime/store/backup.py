"""Copies of the data file: a backup made now, and a backup read back in.

Both go through SQLite's backup API, never a file copy: the live file is in WAL mode and a
copy of it alone can miss what is still in the -wal. Files are written beside their target
and renamed into place, so a crash leaves the old file or the new one.
"""

import os
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from ..core.errors import InvalidInput
from ..private_files import temp_file
from .database import open_database, transaction, verify
from .migrations import MIGRATIONS

_HEADER = b"SQLite format 3\x00"
# What a Bedtime file holds since schema 1; anything without them is some other database.
_CORE_TABLES = {"settings", "supplements", "intakes", "diary"}


def back_up(conn: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of the open database to TARGET (replacing a file there)."""
    if target.is_dir():
        raise InvalidInput("backup file", "must be a file, not a folder", str(target))
    if not target.parent.is_dir():
        raise InvalidInput("backup file", "must be in an existing folder", str(target))
    if _is_live_file(conn, target):
        # Renaming a copy over the open file would cut it off from its -wal: data lost.
        raise InvalidInput("backup file", "must not be the data file itself", str(target))
    verify(conn)
    # Private (0600) from the start; SQLite gives the copy's -journal the same mode.
    handle, temp = temp_file(target.parent, ".bedtime-backup-")
    os.close(handle)
    try:
        copy = sqlite3.connect(temp)
        try:
            conn.backup(copy)
        finally:
            copy.close()
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _is_live_file(conn: sqlite3.Connection, target: Path) -> bool:
    """Whether TARGET is CONN's database file or one of the files SQLite keeps beside it."""
    main = next(row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main")
    if not main:  # an in-memory database has no file
        return False
    resolved = target.resolve()
    return any(
        resolved == Path(f"{main}{suffix}").resolve() for suffix in ("", "-wal", "-shm", "-journal")
    )


def import_backup(conn: sqlite3.Connection, source: Path, data_file: Path) -> Path:
    """Replace everything in the open database with SOURCE's data, in one transaction.

    SOURCE is checked and brought to the current schema in a scratch copy first, so a bad
    file changes nothing. The data as it was is kept beside the data file; its path is
    returned so the user can be told where.
    """
    _check(source)
    with tempfile.TemporaryDirectory(prefix="bedtime-import-") as scratch:
        staged = Path(scratch) / "import.db"
        reader = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
        writer = sqlite3.connect(staged)
        try:
            reader.backup(writer)
        finally:
            writer.close()
            reader.close()
        open_database(staged).conn.close()  # migrates the copy to this version's schema
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = data_file.with_name(f"{data_file.name}.before-import-{stamp}.bak")
        back_up(conn, kept)
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " ORDER BY rowid"
            )
        ]
        conn.execute("ATTACH DATABASE ? AS imported", (str(staged),))
        try:
            with transaction(conn):
                # Tables in the order they were created, so referenced ones come first:
                # empty them from the last back, and fill them from the first on.
                for table in reversed(tables):
                    conn.execute(f'DELETE FROM main."{table}"')
                for table in tables:
                    conn.execute(f'INSERT INTO main."{table}" SELECT * FROM imported."{table}"')
        finally:
            conn.execute("DETACH DATABASE imported")
    return kept


def _check(source: Path) -> None:
    """Refuse anything that is not a sound Bedtime file this version can read."""
    allowed = "must be a Bedtime backup (a .db file made by Back up now)"
    if not source.is_file():
        raise InvalidInput("backup file", allowed, str(source))
    with source.open("rb") as file:
        if file.read(len(_HEADER)) != _HEADER:
            raise InvalidInput("backup file", allowed, str(source))
    try:
        conn = sqlite3.connect(f"{source.absolute().as_uri()}?mode=ro", uri=True)
        try:
            health = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            version: int = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_schema")}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise InvalidInput(
            "backup file", allowed + "; this one cannot be read", str(source)
        ) from None
    if health != ["ok"]:
        raise InvalidInput("backup file", allowed + "; this one is damaged", str(source))
    if version > len(MIGRATIONS):
        raise InvalidInput(
            "backup file", "was made by a newer Bedtime; update Bedtime first", str(source)
        )
    if version < 1 or not tables >= _CORE_TABLES:
        raise InvalidInput("backup file", allowed, str(source))
