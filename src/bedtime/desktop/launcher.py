"""The command that starts this same Bedtime again: for the login entry and the desktop menu.

It names the launcher that is running now by its absolute path, so the entry works from a
`uv tool` or `pipx` install, a bundle and a source checkout alike, whatever PATH holds at
login. A launcher inside a throwaway cache (`uvx`, `pipx run`) is refused: the cache may be
cleaned before the next login.
"""

import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

from .. import paths
from ..core.wording import N_, _
from . import LOGIN_FLAG

INSTALL_HINT = N_(
    "Bedtime is running from a temporary copy (uvx or pipx run) that may be gone by the "
    "next login. Install it first, with `uv tool install` or `pipx install` and the Bedtime "
    "wheel or source folder, then run the installed `bedtime`."
)


class NotInstalled(Exception):
    """Bedtime runs from a place that will not last; the message says how to install it."""


@dataclass(frozen=True)
class Running:
    """How this process was started (sys's view), so each case can be tested on its own."""

    argv0: str
    executable: str
    prefix: str  # the environment's folder: a uvx environment lives in the cache
    frozen: bool

    @classmethod
    def now(cls) -> "Running":
        return cls(sys.argv[0], sys.executable, sys.prefix, bool(getattr(sys, "frozen", False)))


def launcher(running: Running, caches: Sequence[Path] | None = None) -> list[str]:
    """The program (and arguments) that starts Bedtime as it was started now."""
    if running.frozen:  # a bundle: its own executable
        command = [str(Path(running.executable).absolute())]
    elif Path(running.argv0).name == "__main__.py":  # python -m bedtime
        command = [str(Path(running.executable).absolute()), "-m", "bedtime"]
    else:
        found = running.argv0 if os.sep in running.argv0 else shutil.which(running.argv0)
        if found is None:
            raise NotInstalled(
                _("cannot find the program {program} that started Bedtime").format(
                    program=repr(running.argv0)
                )
            )
        # Absolute, but links kept: ~/.local/bin/bedtime outlives a reinstall of its target.
        command = [str(Path(found).absolute())]
    if caches is None:
        caches = throwaway_places()
    for place in (Path(command[0]), Path(running.prefix)):
        for seen in {place.absolute(), place.resolve()}:
            if any(seen.is_relative_to(cache) for cache in caches) or ".cache" in seen.parts:
                raise NotInstalled(_(INSTALL_HINT))
    return command


def throwaway_places() -> list[Path]:
    places = [Path(user_cache_dir()).resolve()]
    if os.environ.get("UV_CACHE_DIR"):
        places.append(Path(os.environ["UV_CACHE_DIR"]).resolve())
    return places


def app_command(data_dir: Path, running: Running | None = None) -> list[str]:
    """The launcher, with --data-dir only when the data is not in the usual place."""
    command = launcher(running or Running.now())
    if data_dir.absolute() != paths.default_data_dir().absolute():
        command += ["--data-dir", str(data_dir.absolute())]
    return command


def login_command(data_dir: Path, running: Running | None = None) -> list[str]:
    """What the login entry runs: the tray only, waiting for the panel to come up."""
    return [*app_command(data_dir, running), LOGIN_FLAG]
