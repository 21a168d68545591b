"""Copies of the data file: a backup made now, and a backup read back in.

Both go through SQLite's backup API, never a file copy: the live file is in WAL mode and a
copy of it alone can miss what is still in the -wal. Files are written beside their target
and renamed into place, so a crash leaves the old file or the new one. A backup read back in
is untrusted input: backup_reader judges it before anything is replaced.
"""

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..core.errors import InvalidInput
from ..core.wording import _
from ..private_files import temp_file
from .backup_reader import Progress, expected_schema, read_backup
from .database import refuse_if_read_only, verify
from .migrations import MIGRATIONS
from .staging import staging_folder

# Times the current data is copied again when someone keeps writing to it meanwhile.
_COPY_ATTEMPTS = 5


def back_up(conn: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of the open database to TARGET (replacing a file there)."""
    if target.is_dir():
        raise InvalidInput("backup file", _("must be a file, not a folder"), str(target))
    if not target.parent.is_dir():
        raise InvalidInput("backup file", _("must be in an existing folder"), str(target))
    if _is_live_file(conn, target):
        # Renaming a copy over the open file would cut it off from its -wal: data lost.
        raise InvalidInput("backup file", _("must not be the data file itself"), str(target))
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


@dataclass(frozen=True)
class Imported:
    kept: Path  # the data as it was before the import
    report: list[str]  # values set right or kept as they were, objects left out


def import_backup(
    conn: sqlite3.Connection,
    source: Path,
    data_file: Path,
    progress: Progress | None = None,
    stop: Callable[[], bool] | None = None,
) -> Imported:
    """Replace everything in the open database with SOURCE's data, in one transaction.

    SOURCE is untrusted: it is read and every row judged first, in a private scratch folder
    in the data folder and without holding the data file's write lock, so a dose logged
    meanwhile is neither blocked nor lost, and a bad file changes nothing. The data as it was
    is kept beside the data file. PROGRESS is told (rows done, rows in all) while reading;
    STOP, when it returns True, stops the import before it changes anything.
    """
    refuse_if_read_only(data_file.parent)
    with staging_folder(data_file.parent) as folder:
        clean = folder / "clean.db"
        report = read_backup(source, folder, clean, progress, stop)
        kept = _replace(conn, clean, data_file, folder / "kept.db")
    return Imported(kept, report)


def _replace(conn: sqlite3.Connection, clean: Path, data_file: Path, copy: Path) -> Path:
    """Keep a copy of the data as it is, then put CLEAN's rows in its place; the copy's path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = data_file.with_name(f"{data_file.name}.before-import-{stamp}.bak")
    schema = expected_schema(len(MIGRATIONS))
    conn.execute("ATTACH DATABASE ? AS imported", (str(clean),))
    try:
        # The copy is made outside the write lock (SQLite cannot back up a connection that
        # holds it); a dose committed by someone else meanwhile shows as a new data_version,
        # and then the copy is made again, so the kept data is exactly what is replaced.
        for _attempt in range(_COPY_ATTEMPTS):
            before = conn.execute("PRAGMA data_version").fetchone()[0]
            back_up(conn, copy)
            conn.execute("BEGIN IMMEDIATE")
            if conn.execute("PRAGMA data_version").fetchone()[0] == before:
                break
            conn.execute("ROLLBACK")
        else:
            raise sqlite3.OperationalError(_("the data file kept changing; try again"))
        try:
            os.replace(copy, kept)
            # Tables in the order they were created, so referenced ones come first: empty
            # them from the last back, and fill them from the first on.
            for table in reversed(schema):
                conn.execute(f'DELETE FROM main."{table}"')
            for table, columns in schema.items():
                listed = ", ".join(columns)
                conn.execute(
                    f'INSERT INTO main."{table}" ({listed}) SELECT {listed} FROM imported."{table}"'
                )
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    finally:
        conn.execute("DETACH DATABASE imported")
    return kept
