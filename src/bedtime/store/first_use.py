"""When Bedtime was first used on this file, and the first night anything was logged."""

import sqlite3
from datetime import date, datetime

from .database import is_read_only, transaction
from .row_values import read_night, utc_text

# The earliest moment anything was logged, or the parameter if that is earlier.
_EARLIEST = (
    "SELECT min(t) FROM ("
    " SELECT min(at_utc) AS t FROM intakes"
    " UNION ALL SELECT min(rated_utc) FROM diary"
    " UNION ALL SELECT min(at_utc) FROM night_events"
    " UNION ALL SELECT min(created_utc) FROM supplements"
    " UNION ALL SELECT min(at_utc) FROM shown_once"
    " UNION ALL SELECT min(started_utc) FROM trials"
    " UNION ALL SELECT ?)"
)


class FirstUse:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def at(self, now: datetime) -> datetime:
        """When Bedtime was first used on this file, recorded the first time it is asked for.

        That is NOW, or the earliest moment anything was logged if that is earlier (a file
        from a version that did not record it, or doses logged from the command line before
        the app ever ran). Only instants count, never nights: the morning question's event
        belongs to the night before it was asked, which is the night before first use.
        """
        row = self.conn.execute("SELECT at_utc FROM first_use").fetchone()
        if row is not None:
            return datetime.fromisoformat(row["at_utc"])
        try:
            with transaction(self.conn):
                self.conn.execute(
                    f"INSERT OR IGNORE INTO first_use (id, at_utc) SELECT 1, ({_EARLIEST})",
                    (utc_text(now),),
                )
        except sqlite3.Error as error:
            if not is_read_only(error):
                raise
            # A read-only data folder: the same answer, not recorded.
            return datetime.fromisoformat(
                self.conn.execute(_EARLIEST, (utc_text(now),)).fetchone()[0]
            )
        row = self.conn.execute("SELECT at_utc FROM first_use").fetchone()
        return datetime.fromisoformat(row["at_utc"])

    def first_logged_night(self) -> date | None:
        """The first night with a dose or a rating (it may come before the first planned one)."""
        row = self.conn.execute(
            "SELECT min(night) FROM (SELECT min(night) AS night FROM intakes"
            " UNION ALL SELECT min(night) FROM diary)"
        ).fetchone()
        return None if row[0] is None else read_night(row[0])
