"""A second local user, to prove what another person on the same computer can and cannot do.

Adding a user needs root, as in CI; elsewhere the tests that need one are skipped. The user
(`bedtime-neighbour`: a system account without a home or a login shell) is added once and
left in place, so runs at the same time never take it from under each other; `userdel
bedtime-neighbour` removes it.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

NAME = "bedtime-neighbour"


@dataclass(frozen=True)
class OtherUser:
    name: str
    uid: int
    gid: int

    def command(self, *command: str) -> list[str]:
        """COMMAND as this user: real and effective ids changed, no supplementary groups."""
        as_them = ["setpriv", f"--reuid={self.uid}", f"--regid={self.gid}", "--clear-groups"]
        return [*as_them, "--", *command]

    def run(self, *command: str) -> "subprocess.CompletedProcess[str]":
        return subprocess.run(self.command(*command), capture_output=True, text=True, timeout=60)

    def can_read(self, path: Path) -> bool:
        """Whether this user can read PATH's bytes (a file) or its names (a folder)."""
        command = ["ls", str(path)] if path.is_dir() else ["head", "-c1", str(path)]
        return self.run(*command).returncode == 0


def other_user() -> OtherUser:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("adding a second local user needs root (CI runs as root)")
    if shutil.which("useradd") is None or shutil.which("setpriv") is None:
        pytest.skip("needs useradd and setpriv (util-linux)")
    try:
        entry = pwd.getpwnam(NAME)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NAME],
            capture_output=True,  # "already exists" when another run added it meanwhile
        )
        entry = pwd.getpwnam(NAME)
    return OtherUser(NAME, entry.pw_uid, entry.pw_gid)


def shared_folder() -> Iterator[Path]:
    """A folder under /tmp that every user may enter, like a home folder on Debian (0755).

    Pytest's own temporary folders are 0700, behind which a second user could read nothing
    whatever Bedtime did, so these tests work here instead.
    """
    folder = Path(tempfile.mkdtemp(prefix="bedtime-shared-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
