"""The settings as the log holds them: one row a key, read through the core's rules."""

import sqlite3

from ..core import settings as settings_rules
from ..core.settings import Settings
from .database import transaction


class SettingsRows:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def read(self) -> tuple[Settings, list[str]]:
        """The settings, and a line for each bad stored value that its default replaced."""
        rows = self.conn.execute("SELECT key, value FROM settings").fetchall()
        return settings_rules.from_pairs({row["key"]: row["value"] for row in rows})

    def set(self, key: str, text: str) -> Settings:
        """Set one setting from the TEXT a person typed, as the core's rules allow."""
        with transaction(self.conn):
            current, _ = self.read()
            updated = settings_rules.apply(current, key, text)
            self._write(current, updated)
        return updated

    def replace(self, settings: Settings) -> None:
        """Store SETTINGS in place of the current ones, inside the caller's transaction."""
        current, _ = self.read()
        self._write(current, settings)

    def _write(self, current: Settings, updated: Settings) -> None:
        """Write the rows of UPDATED that differ from CURRENT."""
        before = settings_rules.to_pairs(current)
        for name, value in settings_rules.to_pairs(updated).items():
            if before[name] != value:
                self.conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (name, value),
                )
