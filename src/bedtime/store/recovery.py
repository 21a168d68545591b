"""Saving what can still be read from a damaged data file, row by row, into a fresh one.

Python's sqlite3 has no recovery API, and the `sqlite3` shell's `.recover` is not on every
machine, so the rows are copied by hand: table by table, in order of rowid, and where a page
cannot be read, on from the first rowid after it that can. Indexes are not read at all (the
fresh file builds its own), so damage to an index loses nothing.

The damaged file itself is never changed: the rows are read from a scratch image of it, the
main file with the -wal's committed frames laid over it, which is the database as SQLite
would have read it (less a damaged frame, which a later copy of its page may make up for).
"""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from .wal import Log

_MAGIC = b"SQLite format 3\x00"
_FIRST_ROWID = -(2**63)
_LAST_ROWID = 2**63 - 1
# Header bytes 18 and 19: 2 marks a file in WAL mode, 1 one with a rollback journal. The image
# has no -wal of its own, and must not go looking for one.
_FORMAT_VERSIONS = slice(18, 20)


def write_image(damaged: Path, log: Log | None, image: Path) -> None:
    """Write the database DAMAGED and its -wal LOG held, as one file, to IMAGE."""
    # A -wal can outlive its main file (deleted by hand): its frames are then all there is.
    data = bytearray(damaged.read_bytes() if damaged.exists() else b"")
    if log is not None:
        frames = log.committed()
        for frame in frames:
            at = (frame.page - 1) * log.page_size
            data.extend(bytes(max(0, at - len(data))))
            data[at : at + log.page_size] = log.page(frame)
        if frames:
            # The last commit says how many pages the database has. Cut off what lies
            # beyond, and where a page's only frame was damaged, leave room for it (zeros: the
            # rows on it are lost, the pages after it keep their place).
            size = frames[-1].commit * log.page_size
            del data[size:]
            data.extend(bytes(size - len(data)))
    # A flipped bit in the first 16 bytes is enough for SQLite to call it no database at all.
    data[: len(_MAGIC)] = _MAGIC
    if data[_FORMAT_VERSIONS] == b"\x02\x02":
        data[_FORMAT_VERSIONS] = b"\x01\x01"
    image.write_bytes(bytes(data))


def open_image(image: Path) -> sqlite3.Connection:
    # immutable: no locks, no journal, nothing written beside it.
    conn = sqlite3.connect(f"{image.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    # A damaged character costs that character, not the whole row it is in.
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    return conn


def schema_version(image: Path) -> int | None:
    """The image's user_version, or None if not even the file's header can be read."""
    conn = open_image(image)
    try:
        version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return version


def restore_schema(image: Path, expected: list[tuple[str, ...]]) -> None:
    """Put the table definitions the file was made with back into the image.

    Rows are laid out by those definitions, and they are known from the schema version: a
    flipped bit in their stored text would otherwise cost a table (a column renamed) or
    everything (text SQLite cannot parse). They are matched by position, as sqlite_schema
    keeps them in the order they were made; each keeps its own root page.
    """
    conn = sqlite3.connect(image, isolation_level=None)
    try:
        conn.execute("PRAGMA writable_schema = ON")  # and SQLite forgives a schema it cannot parse
        rowids = [row[0] for row in conn.execute("SELECT rowid FROM sqlite_schema ORDER BY rowid")]
        if len(rowids) != len(expected):
            return
        conn.execute("BEGIN")
        for rowid, entry in zip(rowids, expected, strict=True):
            conn.execute(
                "UPDATE sqlite_schema SET type = ?, name = ?, tbl_name = ?, sql = ?"
                " WHERE rowid = ?",
                (*entry, rowid),
            )
        conn.execute("COMMIT")
    except sqlite3.DatabaseError:
        return  # the definitions' own page cannot be read: nothing to put right
    finally:
        conn.close()


def copy_rows(source: sqlite3.Connection, target: sqlite3.Connection) -> dict[str, int]:
    """Copy every row SOURCE can still give into TARGET's tables of the same names.

    TARGET is a fresh file at SOURCE's schema, its connection in autocommit mode. Returns the
    rows copied per table. A row whose values no longer fit the schema's rules (damage inside
    a row) is left out, and so is what depends on a row that was lost: a dose whose
    supplement could not be read keeps its name and mg, without the link.
    """
    tables = [
        row[0]
        for row in target.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY rowid"
        )
    ]
    copied: dict[str, int] = {}
    target.execute("PRAGMA foreign_keys = OFF")  # lost parents are dealt with after the copy
    target.execute("BEGIN IMMEDIATE")
    try:
        for table in tables:
            copied[table] = _copy_table(source, target, table)
        _unlink_lost_parents(target, copied)
        target.execute("COMMIT")
    except BaseException:
        target.execute("ROLLBACK")
        raise
    finally:
        target.execute("PRAGMA foreign_keys = ON")
    return copied


def _copy_table(source: sqlite3.Connection, target: sqlite3.Connection, table: str) -> int:
    quoted = _quote(table)
    wanted = [row[1] for row in target.execute(f"PRAGMA table_info({quoted})")]
    try:
        present = {row[1] for row in source.execute(f"PRAGMA table_info({quoted})")}
    except sqlite3.DatabaseError:  # the schema itself cannot be read
        return 0
    columns = [column for column in wanted if column in present]
    if not columns:
        return 0
    names = ", ".join(_quote(column) for column in columns)
    insert = f"INSERT INTO {quoted} ({names}) VALUES ({', '.join('?' * len(columns))})"
    copied = 0
    for row in _readable_rows(source, f"SELECT rowid, {names} FROM {quoted}"):
        try:
            target.execute(insert, row)
        except sqlite3.IntegrityError:
            continue
        copied += 1
    return copied


def _readable_rows(source: sqlite3.Connection, select: str) -> Iterator[tuple[object, ...]]:
    """The rows of SELECT (rowid first) in rowid order, stepping over what cannot be read."""
    query = f"{select} WHERE rowid >= ? ORDER BY rowid"
    start: int | None = _FIRST_ROWID
    while start is not None:
        try:
            for rowid, *values in source.execute(query, (start,)):
                if rowid == _LAST_ROWID:
                    return
                start = rowid + 1
                yield tuple(values)
            return
        except sqlite3.DatabaseError:
            start = _next_readable(source, query, start)


def _next_readable(source: sqlite3.Connection, query: str, failed: int) -> int | None:
    """The lowest rowid above FAILED from which a read starts well, or None if none does.

    Rows live in pages by rowid, so the rows of a damaged page form a range: look further and
    further ahead until a read works, then narrow down to where the damage ends.
    """
    bad, step = failed, 1
    while True:
        probe = min(failed + step, _LAST_ROWID)
        if _reads(source, query, probe):
            break
        if probe == _LAST_ROWID:
            return None
        bad, step = probe, step * 2
    good = probe
    while good - bad > 1:
        middle = (bad + good) // 2
        if _reads(source, query, middle):
            good = middle
        else:
            bad = middle
    return good


def _reads(source: sqlite3.Connection, query: str, start: int) -> bool:
    try:
        source.execute(f"{query} LIMIT 1", (start,)).fetchall()
    except sqlite3.DatabaseError:
        return False
    return True


def _unlink_lost_parents(target: sqlite3.Connection, copied: dict[str, int]) -> None:
    """Clear references to rows that were lost; drop the row if the reference is required."""
    for table, rowid, _parent, key in target.execute("PRAGMA foreign_key_check").fetchall():
        references = target.execute(f"PRAGMA foreign_key_list({_quote(table)})").fetchall()
        column = next(ref[3] for ref in references if ref[0] == key)
        try:
            target.execute(
                f"UPDATE {_quote(table)} SET {_quote(column)} = NULL WHERE rowid = ?", (rowid,)
            )
        except sqlite3.IntegrityError:
            target.execute(f"DELETE FROM {_quote(table)} WHERE rowid = ?", (rowid,))
            copied[table] -= 1


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
