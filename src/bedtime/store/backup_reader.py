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
from ..core.wording import N_, _
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
_ALLOWED = N_("must be a Bedtime backup (a .db file made by Back up now)")

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
                    _("took longer than {seconds} seconds to read; nothing was imported").format(
                        seconds=READ_SECONDS_MAX
                    ),
                    str(source),
                ) from None
            raise _unreadable(source, error) from None
        except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
            # SQLite's own message about a damaged file can itself be undecodable.
            raise _unreadable(source, error) from None
    return report


def _check_file(source: Path) -> None:
    if not source.is_file():
        raise InvalidInput("backup file", _(_ALLOWED), str(source))
    with source.open("rb") as file:
        if file.read(len(_HEADER)) != _HEADER:
            raise InvalidInput("backup file", _(_ALLOWED), str(source))
    size = sum(
        path.stat().st_size
        for path in (source, Path(f"{source}-wal"))
        if path.exists() and path.is_file()
    )
    if size > FILE_MB_MAX * 1024 * 1024:
        raise InvalidInput(
            "backup file",
            _(
                "must be at most {most} MB, far more than years of Bedtime's log "
                "(this one is {size} MB)"
            ).format(most=FILE_MB_MAX, size=round(size / 1024 / 1024)),
            str(source),
        )


def _unreadable(source: Path, error: Exception) -> InvalidInput:
    return InvalidInput(
        "backup file",
        _("{allowed}; this one cannot be read ({error})").format(allowed=_(_ALLOWED), error=error),
        str(source),
    )


def _refuse(source: Path, why: str) -> InvalidInput:
    return InvalidInput("backup file", f"{_(_ALLOWED)}; {why}", str(source))


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
        raise _refuse(source, _("this one is damaged"))
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise InvalidInput(
            "backup file", _("was made by a newer Bedtime; update Bedtime first"), str(source)
        )
    if version < 1:
        raise InvalidInput("backup file", _(_ALLOWED), str(source))
    schema = expected_schema(version)
    report = _check_schema(conn, source, schema)
    counts = {}
    for table in schema:
        counts[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        if counts[table] > ROWS_MAX[table]:
            raise _refuse(
                source,
                _(
                    "its {table} table has {count} rows, more than a person's log (at most {most})"
                ).format(table=TABLE_LABELS[table], count=counts[table], most=ROWS_MAX[table]),
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
                raise InvalidInput(
                    "backup file", _("{fault}; nothing was imported").format(fault=fault)
                ) from None
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
                    _(
                        "{place}: does not fit Bedtime's rules ({error}); nothing was imported"
                    ).format(place=place(table, number), error=error),
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
    by_name = {
        name.lower(): (kind, sql) for kind, name, _table, sql in objects if kind != "trigger"
    }
    for table, columns in schema.items():
        label = TABLE_LABELS[table]
        kind, sql = by_name.get(table, ("", ""))
        if not kind:
            raise _refuse(source, _("its {table} table is missing").format(table=label))
        if sql.lstrip().upper().startswith("CREATE VIRTUAL"):
            kind = "virtual table"
        if kind != "table":
            raise _refuse(
                source,
                _("in place of its {table} table it has a {kind}").format(table=label, kind=kind),
            )
        found = conn.execute(f'PRAGMA table_xinfo("{table}")').fetchall()
        names = {row[1].lower() for row in found}
        faults = [
            f"{fault}: {', '.join(field_label(c) for c in sorted(differing))}"
            for fault, differing in (
                (_("missing"), set(columns) - names),
                (_("extra"), names - set(columns)),
                (_("computed"), {row[1].lower() for row in found if row[6] != 0} & set(columns)),
            )
            if differing
        ]
        if faults:
            raise _refuse(
                source,
                _("its {table} table's fields are not Bedtime's ({faults})").format(
                    table=label, faults="; ".join(faults)
                ),
            )
    return [
        _("left out: the {kind} {name}, which a Bedtime backup does not have").format(
            kind=kind, name=repr(name)
        )
        for kind, name, _table, _sql in objects
        if kind in ("view", "trigger")
        or (kind == "table" and name.lower() not in schema and not name.startswith("sqlite_"))
    ]
