"""Private scratch folders inside the data folder, for work on copies of the user's data.

An import copies a backup before reading it. Such copies are the user's health log, so they
live in the data folder (never in a shared /tmp), in a folder only the user can open, and a
copy left behind by a process that was killed is swept away by the next start. A folder in
use holds a lock on its `lock` file, so a start running at the same time leaves it alone.
"""

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..private_files import open_private

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; a folder is judged by its age there
    fcntl = None  # type: ignore[assignment]

PREFIX = ".bedtime-import-"
_LOCK = "lock"
# Without a lock to ask, a folder this old belongs to no running import.
_ABANDONED_SECONDS = 24 * 60 * 60
# mkdtemp and taking the lock are two steps; a folder younger than this may be between them.
_STARTING_SECONDS = 60


@contextmanager
def staging_folder(data_dir: Path) -> Iterator[Path]:
    """A new private (0700) folder in DATA_DIR, removed with everything in it on the way out."""
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=data_dir))
    lock = open_private(folder / _LOCK, os.O_RDWR)
    try:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        os.close(lock)


def sweep(data_dir: Path) -> None:
    """Remove the scratch folders of imports that are no longer running (killed ones)."""
    try:
        candidates = [p for p in data_dir.glob(PREFIX + "*") if p.is_dir() and not p.is_symlink()]
    except OSError:
        return
    for folder in candidates:
        if not _in_use(folder):
            shutil.rmtree(folder, ignore_errors=True)


def _in_use(folder: Path) -> bool:
    try:
        age = time.time() - folder.stat().st_mtime
        if fcntl is None:
            return age < _ABANDONED_SECONDS
        try:
            lock = os.open(folder / _LOCK, os.O_RDWR)
        except FileNotFoundError:
            return age < _STARTING_SECONDS
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(lock)  # closing drops a lock this took
        return False
    except OSError:
        return True  # cannot tell: leave it
