"""Pausing reminders for a run of nights: one 'paused' night event per night paused."""

import sqlite3
from datetime import date, datetime, timedelta

from .database import transaction
from .row_values import read_night, utc_text


class Pauses:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def pause(self, first: date, last: date, at: datetime) -> None:
        """Pause reminders for the nights FIRST … LAST, replacing any pause from FIRST on."""
        with transaction(self.conn):
            self.replace_from(first, last, at)

    def resume(self, first: date) -> None:
        """Take back the pause of every night from FIRST on; earlier nights stay as they were."""
        with transaction(self.conn):
            self._unpause(first)

    def replace_from(self, first: date, last: date | None, at: datetime) -> None:
        """Pause the nights FIRST … LAST in place of any pause from FIRST on (LAST None: none),
        inside the caller's transaction."""
        self._unpause(first)
        day = first
        while last is not None and day <= last:
            self.conn.execute(
                "INSERT INTO night_events (night, kind, at_utc) VALUES (?, 'paused', ?)",
                (day.isoformat(), utc_text(at)),
            )
            day += timedelta(days=1)

    def paused_through(self, first: date) -> date | None:
        """The last night of the pause running from FIRST, or None if FIRST is not paused."""
        rows = self.conn.execute(
            "SELECT DISTINCT night FROM night_events WHERE kind = 'paused' AND night >= ?"
            " ORDER BY night",
            (first.isoformat(),),
        ).fetchall()
        last = None
        expected = first
        for row in rows:
            paused = read_night(row["night"])
            if paused != expected:
                break
            last, expected = paused, paused + timedelta(days=1)
        return last

    def _unpause(self, first: date) -> None:
        self.conn.execute(
            "DELETE FROM night_events WHERE kind = 'paused' AND night >= ?", (first.isoformat(),)
        )
