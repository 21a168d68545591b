"""`bedtime desktop install` / `remove`: Bedtime in the desktop's menu, for a `uv tool` or
`pipx` install, which puts only the `bedtime` command on PATH.

Install copies the desktop entry (its Exec naming the installed launcher), the hicolor icons
and the AppStream metainfo under $XDG_DATA_HOME; remove takes back exactly those files and
the folders install created. Both refresh the desktop's caches where such a cache exists;
none is created (a stale user icon cache would hide other applications' icons).
"""

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from .entry import entry_text
from .resource_files import DESKTOP_ENTRY, ICON_THEME, METAINFO, resource

# cache file, the program that rebuilds it, and its arguments before the folder
CACHES = (
    ("applications/mimeinfo.cache", "update-desktop-database", ("-q",)),
    ("icons/hicolor/icon-theme.cache", "gtk-update-icon-cache", ("-q", "-t", "-f")),
)


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def planned(home: Path) -> dict[Path, Path]:
    """Where each shipped file goes under HOME: {target: source}. The entry is written apart."""
    theme = resource(ICON_THEME)
    files = {
        home / "icons" / "hicolor" / icon.relative_to(theme): icon
        for icon in sorted(theme.rglob("*"))
        if icon.is_file()
    }
    files[home / "metainfo" / METAINFO] = resource(METAINFO)
    return files


def entry_file(home: Path) -> Path:
    return home / "applications" / DESKTOP_ENTRY


def install(command: Sequence[str], home: Path | None = None) -> list[Path]:
    """Put Bedtime's files under HOME ($XDG_DATA_HOME); running it again changes nothing."""
    home = home or data_home()
    written = []
    for target, source in planned(home).items():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    entry = entry_file(home)
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(entry_text(command), encoding="utf-8")
    written.append(entry)
    _refresh_caches(home)
    return written


def remove(home: Path | None = None) -> list[Path]:
    """Take back what install put under HOME; the folders too, where nothing else lives."""
    home = home or data_home()
    removed = []
    for target in [*planned(home), entry_file(home)]:
        if target.exists():
            target.unlink()
            removed.append(target)
        folder = target.parent
        while folder != home and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    _refresh_caches(home)
    return removed


def _refresh_caches(home: Path) -> None:
    for cache, program, options in CACHES:
        path = home / cache
        found = shutil.which(program)
        if path.exists() and found is not None:
            subprocess.run([found, *options, str(path.parent)], check=False, timeout=60)
