"""Reading a backup file as untrusted input, into a clean copy at this version's schema.

The backup is copied into a private scratch folder first, so nothing is ever written beside
the user's file and nothing of it lingers in a shared folder. The copy is read by table and
column names, only from real tables of the schema its version says it has: a view standing
in for a table, a trigger or any other object in it is never run and never carried over.
Every row is judged by backup_rows; the rows that pass are written to a fresh database made
by this version's own migrations, which the import then copies in one short transaction.

The work is bounded: the file's size, each table's row count (both far above ten years of a
person's log, see the README) and the time spent reading.
"""

import functools
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from ..core.errors import InvalidInput
from ..private_files import create_private
from .backup_rows import TABLE_LABELS, Checker, RowFault, field_label, place
from .migrations import MIGRATIONS, built

_HEADER = b"SQLite format 3\x00"
FILE_MB_MAX = 100
# Ten years of a person's log hold about 3,650 diary rows, 4,000 doses and 20,000 events.
ROWS_MAX = {
    "settings": 100,
    "supplements": 1_000,
    "intakes": 100_000,
    "diary": 40_000,
    "night_events": 400_000,
    "shown_once": 100,
    "first_use": 1,
    "trials": 1_000,
}
READ_SECONDS_MAX = 120
_PROGRESS_EVERY = 500  # rows between two progress reports
_ALLOWED = "must be a Bedtime backup (a .db file made by Back up now)"

Progress = Callable[[int, int], None]


class Stopped(Exception):
    """The user stopped the import before it changed anything."""


@functools.cache
def expected_schema(version: int) -> dict[str, tuple[str, ...]]:
    """The tables (in the order they are created) and their columns at schema VERSION."""
    with built(MIGRATIONS[:version]) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid"
            )
        ]
        return {
            table: tuple(row[1] for row in conn.execute(f'PRAGMA table_info("{table}")'))
            for table in tables
        }


def read_backup(
    source: Path,
    folder: Path,
    clean: Path,
    progress: Progress | None = None,
    stop: Callable[[], bool] | None = None,
) -> list[str]:
    """Judge SOURCE and write its rows to CLEAN (a new file), working in FOLDER.

    Returns the report: one line for each value set right or kept although today's rules
    would refuse it, and each object of the backup left out. Raises InvalidInput naming what
    is wrong (the table, row and field for a bad value), or Stopped.
    """
    _check_file(source)
    staged = folder / "backup.db"
    create_private(staged)
    try:
        uri = f"{source.absolute().as_uri()}?mode=ro"
        with (
            closing(sqlite3.connect(uri, uri=True)) as raw,
            closing(sqlite3.connect(staged)) as copy,
        ):
            raw.backup(copy)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        raise _unreadable(source, error) from None
    deadline = time.monotonic() + READ_SECONDS_MAX

    def should_stop() -> bool:
        return time.monotonic() > deadline or (stop is not None and stop())

    with closing(sqlite3.connect(staged)) as conn, _written(clean) as out:
        # SQLite asks this every 10,000 steps; a true answer interrupts the statement.
        conn.set_progress_handler(should_stop, 10_000)
        try:
            report = _read(conn, out, source, progress, should_stop)
        except sqlite3.OperationalError as error:
            if should_stop():
                if stop is not None and stop():
                    raise Stopped from None
                raise InvalidInput(
                    "backup file",
                    f"took longer than {READ_SECONDS_MAX} seconds to read; nothing was imported",
                    str(source),
                ) from None
            raise _unreadable(source, error) from None
        except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
            # SQLite's own message about a damaged file can itself be undecodable.
            raise _unreadable(source, error) from None
    return report


def _check_file(source: Path) -> None:
    if not source.is_file():
        raise InvalidInput("backup file", _ALLOWED, str(source))
    with source.open("rb") as file:
        if file.read(len(_HEADER)) != _HEADER:
            raise InvalidInput("backup file", _ALLOWED, str(source))
    size = sum(
        path.stat().st_size
        for path in (source, Path(f"{source}-wal"))
        if path.exists() and path.is_file()
    )
    if size > FILE_MB_MAX * 1024 * 1024:
        raise InvalidInput(
            "backup file",
            f"must be at most {FILE_MB_MAX} MB, far more than years of Bedtime's log "
            f"(this one is {size / 1024 / 1024:,.0f} MB)",
            str(source),
        )


def _unreadable(source: Path, error: Exception) -> InvalidInput:
    return InvalidInput(
        "backup file", f"{_ALLOWED}; this one cannot be read ({error})", str(source)
    )


def _refuse(source: Path, why: str) -> InvalidInput:
    return InvalidInput("backup file", f"{_ALLOWED}; {why}", str(source))


@contextmanager
def _written(clean: Path) -> Iterator[sqlite3.Connection]:
    """A new database at CLEAN with this version's schema, its rows committed on success."""
    create_private(clean)
    conn = sqlite3.connect(clean, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN")
        for step in MIGRATIONS:
            for statement in step:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
        yield conn
        conn.execute("COMMIT")
    finally:
        conn.close()


def _read(
    conn: sqlite3.Connection,
    out: sqlite3.Connection,
    source: Path,
    progress: Progress | None,
    should_stop: Callable[[], bool],
) -> list[str]:
    # A damaged or crafted file can hold names that are not UTF-8.
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    health = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if health != ["ok"]:
        raise _refuse(source, "this one is damaged")
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise InvalidInput(
            "backup file", "was made by a newer Bedtime; update Bedtime first", str(source)
        )
    if version < 1:
        raise InvalidInput("backup file", _ALLOWED, str(source))
    schema = expected_schema(version)
    report = _check_schema(conn, source, schema)
    counts = {}
    for table in schema:
        counts[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        if counts[table] > ROWS_MAX[table]:
            raise _refuse(
                source,
                f"its {TABLE_LABELS[table]} table has {counts[table]:,} rows, more than a "
                "person's log "
                f"(at most {ROWS_MAX[table]:,})",
            )
    total, done = sum(counts.values()), 0
    checker = Checker()
    # Text as bytes: a value that is not UTF-8 is then a fault in its row, not a failed read.
    conn.text_factory = bytes
    for table, columns in schema.items():
        listed = ", ".join(f'"{column}"' for column in columns)
        rows: list[tuple[int, dict[str, object]]] = []
        for number, values in enumerate(conn.execute(f'SELECT {listed} FROM "{table}"'), 1):
            try:
                rows.append(
                    (number, checker.row(table, number, dict(zip(columns, values, strict=True))))
                )
            except RowFault as fault:
                raise InvalidInput("backup file", f"{fault}; nothing was imported") from None
            done += 1
            if done % _PROGRESS_EVERY == 0:
                if should_stop():
                    raise sqlite3.OperationalError("interrupted")
                if progress is not None:
                    progress(done, total)
        if table == "settings":
            rows = list(enumerate(checker.settings([row for _, row in rows]), 1))
        for number, row in rows:
            try:
                marks = ", ".join("?" * len(row))
                out.execute(
                    f'INSERT INTO "{table}" ({", ".join(row)}) VALUES ({marks})',
                    tuple(row.values()),
                )
            except sqlite3.IntegrityError as error:
                raise InvalidInput(
                    "backup file",
                    f"{place(table, number)}: does not fit Bedtime's rules ({error}); "
                    "nothing was imported",
                ) from None
    if progress is not None:
        progress(total, total)
    return checker.report + report


def _check_schema(
    conn: sqlite3.Connection, source: Path, schema: dict[str, tuple[str, ...]]
) -> list[str]:
    """Refuse a backup whose tables are not the real tables of its version; list the rest."""
    objects = conn.execute(
        "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema"
    ).fetchall()
    # Triggers have names of their own; tables, views and indexes share theirs.
    by_name = {name.lower(): (kind, sql) for kind, name, _, sql in objects if kind != "trigger"}
    for table, columns in schema.items():
        label = TABLE_LABELS[table]
        kind, sql = by_name.get(table, ("", ""))
        if not kind:
            raise _refuse(source, f"its {label} table is missing")
        if sql.lstrip().upper().startswith("CREATE VIRTUAL"):
            kind = "virtual table"
        if kind != "table":
            raise _refuse(source, f"in place of its {label} table it has a {kind}")
        found = conn.execute(f'PRAGMA table_xinfo("{table}")').fetchall()
        names = {row[1].lower() for row in found}
        faults = [
            f"{fault}: {', '.join(field_label(c) for c in sorted(differing))}"
            for fault, differing in (
                ("missing", set(columns) - names),
                ("extra", names - set(columns)),
                ("computed", {row[1].lower() for row in found if row[6] != 0} & set(columns)),
            )
            if differing
        ]
        if faults:
            raise _refuse(
                source, f"its {label} table's fields are not Bedtime's ({'; '.join(faults)})"
            )
    return [
        f"left out: the {kind} {name!r}, which a Bedtime backup does not have"
        for kind, name, _, _ in objects
        if kind in ("view", "trigger")
        or (kind == "table" and name.lower() not in schema and not name.startswith("sqlite_"))
    ]
