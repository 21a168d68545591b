"""Where Bedtime keeps its files."""

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "bedtime"
DATABASE_NAME = "bedtime.db"


def data_dir(override: str | None = None) -> Path:
    """--data-dir, else BEDTIME_DATA_DIR, else the platform's place (~/.local/share/bedtime)."""
    chosen = override or os.environ.get("BEDTIME_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser()
    return Path(user_data_dir(APP_NAME, appauthor=False))
