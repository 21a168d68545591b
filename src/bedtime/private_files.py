"""Files and folders only their owner can open: the data, its copies, exports and the log.

A health log's neighbours on a shared computer must not be able to read it. So every
folder Bedtime creates is 0700 and every file it writes is 0600, whatever the umask, and
files an older version left readable to others are tightened when Bedtime next opens them.
A folder the person chose for their data keeps the mode they gave it; what Bedtime writes
into it is still private.

A filesystem without Unix modes (FAT on a USB stick, some network shares) refuses or
ignores chmod. That is not an error: the files are as private as that filesystem allows.
"""

import logging
import os
import stat
import tempfile
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
_OTHERS = 0o077  # the group's and everyone else's bits

log = logging.getLogger(__name__)


def make_folder(folder: Path) -> None:
    """Create FOLDER and every missing folder above it 0700; existing ones keep their mode."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=FOLDER_MODE)
        except FileExistsError:  # made by another process at the same moment: theirs to set
            continue
        _set_mode(path, FOLDER_MODE)  # mkdir's mode passed through the umask


def own_folder(folder: Path) -> None:
    """Create FOLDER, Bedtime's own, 0700; if it is there already, tighten it."""
    make_folder(folder)
    tighten(folder)


def tighten(path: Path) -> None:
    """Take away what the group and others may do with PATH; the owner's own bits stay."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & _OTHERS:
            path.chmod(mode & ~_OTHERS)
    except OSError as error:  # gone meanwhile, or a filesystem without modes
        log.debug("could not tighten %s: %s", path, error)


def open_private(path: Path, flags: int) -> int:
    """os.open PATH with FLAGS, creating it if need be; the file is 0600 either way."""
    fd = os.open(path, flags | os.O_CREAT, FILE_MODE)
    _set_mode(path, FILE_MODE, fd)
    return fd


def create_private(path: Path) -> None:
    """Create PATH as an empty 0600 file, or make the file already there 0600."""
    os.close(open_private(path, os.O_WRONLY))


def temp_file(folder: Path, prefix: str, suffix: str = "") -> tuple[int, Path]:
    """A new 0600 file in FOLDER to write and then rename into place: its fd and path."""
    fd, name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=suffix)
    _set_mode(Path(name), FILE_MODE, fd)  # mkstemp's 0600 passed through the umask
    return fd, Path(name)


def _set_mode(path: Path, mode: int, fd: int | None = None) -> None:
    """chmod the open FD where the platform can (no name to swap meanwhile), else PATH."""
    try:
        if fd is not None and os.chmod in os.supports_fd:
            os.chmod(fd, mode)
        else:
            os.chmod(path, mode)
    except OSError as error:  # a filesystem without modes
        log.debug("could not set the mode of %s: %s", path, error)
