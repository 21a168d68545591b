"""Where Bedtime keeps its files."""

import os
from pathlib import Path

from platformdirs import user_data_dir

from .core.errors import InvalidInput
from .private_files import make_folder, own_folder

APP_NAME = "bedtime"
# The one reverse-DNS name the desktop knows Bedtime by: desktop entry, AppStream id, icon,
# autostart file, notifications' desktop-entry hint, Flatpak id.
APP_ID = "org.bedtime.Bedtime"
DATABASE_NAME = "bedtime.db"


def data_dir(override: str | None = None) -> Path:
    """--data-dir, else BEDTIME_DATA_DIR, else the platform's place (~/.local/share/bedtime)."""
    if override is not None and not override.strip():
        raise InvalidInput("data-dir", "must be a folder path", override)
    chosen = override or os.environ.get("BEDTIME_DATA_DIR")
    if chosen:
        return Path(chosen).expanduser()
    return default_data_dir()


def default_data_dir() -> Path:
    """The platform's place for the data, whatever --data-dir or BEDTIME_DATA_DIR say."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def make_data_dir(folder: Path) -> None:
    """Create the data folder 0700, and any folder above it that is missing.

    The platform's place is Bedtime's own, so an existing one is tightened to 0700 too (older
    versions made it 0755). A folder the person chose keeps the mode they gave it.
    """
    if folder.absolute() == default_data_dir().absolute():
        own_folder(folder)
    else:
        make_folder(folder)


class NewFiles:
    """The database file and folders that do not exist yet, to take back what a run created."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.existed = database.exists()
        self.folders: list[Path] = []
        folder = database.parent
        while not folder.exists():
            self.folders.append(folder)
            folder = folder.parent

    def created(self) -> bool:
        return not self.existed and self.database.exists()

    def remove(self) -> None:
        if self.existed:
            return
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.database}{suffix}").unlink(missing_ok=True)
        for folder in self.folders:  # deepest first
            try:
                folder.rmdir()
            except OSError:  # not empty: something else lives there now
                break
