"""Where Bedtime keeps its files."""

import errno
import os
import stat
import unicodedata
from pathlib import Path

from platformdirs import user_data_dir

from .core.errors import InvalidInput
from .core.wording import N_, _
from .private_files import make_folder, own_folder

APP_NAME = "bedtime"
# The one reverse-DNS name the desktop knows Bedtime by: desktop entry, AppStream id, icon,
# autostart file, notifications' desktop-entry hint, Flatpak id.
APP_ID = "org.bedtime.Bedtime"
DATABASE_NAME = "bedtime.db"
DATA_DIR_VARIABLE = "BEDTIME_DATA_DIR"
# A path the file system refuses outright, whatever is at it: bad input, not a bad data file.
_UNUSABLE_PATH = {
    errno.ENOTDIR: N_("part of it is a file"),
    errno.ELOOP: N_("its links go round in a loop"),
}
# The longest path and file name the usual file systems take (Linux, macOS, NTFS: bytes or
# UTF-16 units); a longer one fails at every use with a raw "File name too long".
_PATH_MAX = 4096
_NAME_MAX = 255


def data_dir(override: str | None = None) -> Path:
    """--data-dir, else BEDTIME_DATA_DIR, else the platform's place (~/.local/share/bedtime).

    A chosen folder that can never hold the data (empty, a file, too long a name) is
    InvalidInput naming where it came from.
    """
    if override is not None:
        return chosen_folder("data-dir", override)
    from_environment = os.environ.get(DATA_DIR_VARIABLE)
    if from_environment:  # set but empty counts as unset, as for the XDG variables
        return chosen_folder(DATA_DIR_VARIABLE, from_environment)
    return default_data_dir()


def chosen_folder(field: str, text: str) -> Path:
    allowed = _("must be the path of a folder")
    if not text.strip():
        raise InvalidInput(field, allowed, text)
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise InvalidInput(
            field, _("must be the path of a folder, without control characters"), text
        )
    folder = Path(text).expanduser()
    encoded = os.fsencode(folder)
    if len(encoded) >= _PATH_MAX or any(len(part) > _NAME_MAX for part in encoded.split(b"/")):
        raise InvalidInput(
            field,
            _(
                "must be the path of a folder shorter than {length} bytes, each name at most {name}"
            ).format(length=_PATH_MAX, name=_NAME_MAX),
            text,
        )
    try:
        mode = os.stat(folder).st_mode
    except OSError as error:
        if error.errno in _UNUSABLE_PATH:
            why = _(_UNUSABLE_PATH[error.errno])
            raise InvalidInput(field, f"{allowed}; {why}", text) from None
        return folder  # not there yet (made on first use), or unreadable: said when opened
    if not stat.S_ISDIR(mode):
        raise InvalidInput(field, _("must be the path of a folder, not a file"), text)
    return folder


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
