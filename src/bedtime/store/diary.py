"""The sleep diary: one entry a night, rated, read back, deleted and put back."""

import sqlite3
from datetime import date, datetime, time
from functools import cache

from ..core.diary import DiaryEntry
from ..core.values import format_hhmm, parse_hhmm
from ..core.wording import _
from .database import transaction
from .row_values import known_zone, read, utc_text


@cache  # a day has 1,440 of them, and years of entries share them
def _clock(text: str) -> time:
    return parse_hhmm(_("diary time"), text)


def _optional_time(text: str | None) -> time | None:
    return None if text is None else _clock(text)


# The columns an entry is read from, in the order `_unchecked_entry` takes them: by position,
# as keyword arguments and names cost a third of reading years of entries.
_COLUMNS = "night, zone, quality, latency_min, awakenings, awake_min, in_bed, final_wake, note"


def _unchecked_entry(row: sqlite3.Row) -> DiaryEntry:
    """The entry ROW (the _COLUMNS) holds; raises (for `read`) on a value Bedtime never
    writes."""
    night, zone, quality, latency, awakenings, awake, in_bed, final_wake, note = row
    return DiaryEntry(
        date.fromisoformat(night),
        known_zone(zone),
        quality,
        latency,
        awakenings,
        awake,
        _optional_time(in_bed),
        _optional_time(final_wake),
        note,
    )


def _entry(row: sqlite3.Row) -> DiaryEntry:
    return read(_("a sleep diary entry"), lambda: _unchecked_entry(row))


class Diary:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rate(self, entry: DiaryEntry, now: datetime) -> None:
        """Save the diary entry of a night, replacing an earlier one for the same night."""
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR REPLACE INTO diary (night, quality, latency_min, awakenings, awake_min,"
                " in_bed, final_wake, note, rated_utc, zone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.night.isoformat(),
                    entry.quality,
                    entry.latency_min,
                    entry.awakenings,
                    entry.awake_min,
                    None if entry.in_bed is None else format_hhmm(entry.in_bed),
                    None if entry.final_wake is None else format_hhmm(entry.final_wake),
                    entry.note,
                    utc_text(now),
                    entry.zone,
                ),
            )

    def of_nights(self, first: date = date.min, last: date = date.max) -> list[DiaryEntry]:
        """Diary entries of the nights FIRST … LAST (default: all), oldest first."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM diary WHERE night BETWEEN ? AND ? ORDER BY night",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
        return read(_("a sleep diary entry"), lambda: [_unchecked_entry(row) for row in rows])

    def delete(self, night: date) -> DiaryEntry | None:
        """Remove NIGHT's diary entry; the entry, for undo (put it back with `rate`)."""
        with transaction(self.conn):
            row = self.conn.execute(
                f"SELECT {_COLUMNS} FROM diary WHERE night = ?", (night.isoformat(),)
            ).fetchone()
            self.conn.execute("DELETE FROM diary WHERE night = ?", (night.isoformat(),))
        return None if row is None else _entry(row)

    def latest(self) -> DiaryEntry | None:
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM diary ORDER BY night DESC LIMIT 1"
        ).fetchone()
        return None if row is None else _entry(row)

    def rated(self, night: date) -> bool:
        """Whether NIGHT has a diary entry."""
        row = self.conn.execute(
            "SELECT 1 FROM diary WHERE night = ?", (night.isoformat(),)
        ).fetchone()
        return row is not None
