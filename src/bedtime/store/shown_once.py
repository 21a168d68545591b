"""Notes the app shows once per data file: the health note, the question about starting at login."""

import sqlite3
from datetime import datetime

from .database import transaction
from .row_values import utc_text


class ShownOnce:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def was_shown(self, key: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM shown_once WHERE key = ?", (key,)).fetchone()
            is not None
        )

    def mark_shown(self, key: str, now: datetime) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR IGNORE INTO shown_once (key, at_utc) VALUES (?, ?)",
                (key, utc_text(now)),
            )
