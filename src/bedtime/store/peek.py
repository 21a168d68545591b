"""One stored setting, read before anything else is: the command line needs the language
before it can build its help, long before it opens the data file to work on it."""

import sqlite3
from pathlib import Path


def stored_setting(data_file: Path, key: str) -> str | None:
    """KEY's stored text, or None when the file, the row or a readable database is missing.

    Read-only, and it never creates the file: the command that follows opens, checks and
    repairs the data file as it always does, and says what is wrong with it."""
    if not data_file.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{data_file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return None if row is None else str(row[0])
