"""The open data file itself: where it is, whether it can be written, whether another process
changed it, and the app's run state kept in memory when it cannot be written."""

import sqlite3
from pathlib import Path

from .database import is_read_only

# What the running app notes about its own reminders (shown, snoozed, asked, …) and notes
# shown once: in a read-only data folder the app keeps these in memory (see hold_run_state).
_RUN_STATE = ("night_events", "shown_once")


class DataFile:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def read_only(self) -> bool:
        """Whether the file was opened for reading only (a read-only data folder).

        sqlite3 has no call that says so; a write that changes no row still asks for the
        write lock, and is refused there."""
        try:
            self.conn.execute("UPDATE main.first_use SET id = id WHERE 0")
        except sqlite3.Error as error:
            if is_read_only(error):
                return True
            raise
        return False

    def hold_run_state(self) -> None:
        """Keep the app's notes about its reminders in memory, for a file it cannot write.

        Without a record of the reminder it shows, the app could neither show it nor nudge
        after it. These tables get copies in the connection's own TEMP schema, which SQLite
        reads and writes in place of the file's (unqualified names find TEMP first); they
        are gone when the app quits. Doses, the diary, supplements and settings still
        refuse every change. Only for the tray app: a command must refuse, not forget.
        """
        for table in _RUN_STATE:
            (sql,) = self.conn.execute(
                "SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
            self.conn.execute(sql.replace("CREATE TABLE", "CREATE TEMP TABLE", 1))
            self.conn.execute(f"INSERT INTO temp.{table} SELECT * FROM main.{table}")

    def path(self) -> Path:
        """Where the data lives (for backups made beside it, and "open data folder")."""
        rows = self.conn.execute("PRAGMA database_list").fetchall()
        return Path(next(row["file"] for row in rows if row["name"] == "main"))

    def version(self) -> int:
        """Changes whenever another connection commits to the file."""
        version: int = self.conn.execute("PRAGMA data_version").fetchone()[0]
        return version
