"""A data folder Bedtime cannot write (a read-only mount, a copy on a locked stick):
reading commands work, writing ones refuse in one line, and nothing in the folder changes.

As root, permissions do not stop a write, so the folder is mounted read-only in a mount
namespace of the command's own (`unshare -m`); as anyone else, its mode is enough.
"""

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import Cli, Result

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes and mounts")

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _can_mount_read_only(folder: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", 'mount --bind -o ro "$0" "$0"', str(folder)],
        capture_output=True,
    )
    return done.returncode == 0


class ReadOnlyCli(Cli):
    """`bedtime` with the data folder read-only for the command's whole run."""

    def __call__(self, *args: str) -> Result:
        if not AS_ROOT:
            return super().__call__(*args)
        env = {**os.environ, "TZ": self.zone, "BEDTIME_DATA_DIR": str(self.data_dir)}
        command = [
            "unshare",
            "-m",
            "sh",
            "-c",
            'mount --bind -o ro "$0" "$0" && exec "$@"',
            str(self.data_dir),
            sys.executable,
            "-m",
            "bedtime",
            *args,
        ]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        return Result(done.returncode, done.stdout, done.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture
def read_only(cli: Cli) -> Iterator[ReadOnlyCli]:
    """A data folder with a supplement, a dose and a rating in it, then made read-only."""
    cli.at = "2026-11-20 22:30:00"
    cli.ok("supplement", "add", "Glycinate", "--mg-per-unit", "100", "--stock", "30")
    cli.ok("take")
    cli.at = "2026-11-21 08:00:00"
    cli.ok("rate", "4")
    if AS_ROOT and not _can_mount_read_only(cli.data_dir):
        pytest.skip("needs unshare and mount (CAP_SYS_ADMIN) to make a folder read-only as root")
    locked = ReadOnlyCli(cli.data_dir)
    if not AS_ROOT:
        cli.data_dir.chmod(0o555)
    try:
        yield locked
    finally:
        cli.data_dir.chmod(0o755)


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["status", "--json"],
        ["history"],
        ["history", "--json"],
        ["supplement", "list"],
        ["config", "show"],
    ],
)
def test_reading_commands_work(read_only: ReadOnlyCli, args: list[str]) -> None:
    before = snapshot(read_only.data_dir)
    result = read_only(*args)
    assert result.code == 0, result.err
    assert result.err == ""
    assert "Glycinate" in result.out or "offset" in result.out or "200" in result.out
    assert snapshot(read_only.data_dir) == before


def test_export_and_backup_to_elsewhere_work(read_only: ReadOnlyCli, tmp_path: Path) -> None:
    before = snapshot(read_only.data_dir)
    exported = read_only("export", str(tmp_path / "nights.csv"))
    assert exported.code == 0, exported.err
    assert "2026-11-20" in (tmp_path / "nights.csv").read_text()
    backed_up = read_only("backup", str(tmp_path / "copy.db"))
    assert backed_up.code == 0, backed_up.err
    Cli(tmp_path / "restored").ok("import", str(tmp_path / "copy.db"))
    assert snapshot(read_only.data_dir) == before


@pytest.mark.parametrize(
    "args",
    [
        ["take", "--force"],
        ["undo"],
        ["rate", "2", "--night", "2026-11-20"],
        ["config", "set", "offset", "45"],
        ["supplement", "add", "Citrate", "--mg-per-unit", "50"],
        ["supplement", "restock", "Glycinate", "10"],
        ["supplement", "remove", "Glycinate"],
    ],
)
def test_writing_commands_refuse_in_one_line(read_only: ReadOnlyCli, args: list[str]) -> None:
    before = snapshot(read_only.data_dir)
    result = read_only(*args)
    assert result.code == 1, result
    assert result.err == (
        f"bedtime: error: the data folder {read_only.data_dir} is read-only, so nothing was "
        "changed (status, history, export and backup still work)\n"
    )
    assert snapshot(read_only.data_dir) == before


def test_an_empty_read_only_folder_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    if AS_ROOT and not _can_mount_read_only(empty):
        pytest.skip("needs unshare and mount (CAP_SYS_ADMIN) to make a folder read-only as root")
    if not AS_ROOT:
        empty.chmod(0o555)
    try:
        result = ReadOnlyCli(empty)("status")
    finally:
        empty.chmod(0o755)
    assert result.code == 1
    assert result.err == (
        f"bedtime: error: the data folder {empty} is read-only and holds no data file; "
        "choose a folder Bedtime can write\n"
    )
    assert list(empty.iterdir()) == []


def test_import_refuses_in_one_line(read_only: ReadOnlyCli, tmp_path: Path) -> None:
    backup = tmp_path / "copy.db"
    assert read_only("backup", str(backup)).code == 0
    before = snapshot(read_only.data_dir)
    result = read_only("import", str(backup))
    assert result.code == 1, result
    assert result.err == (
        f"bedtime: error: the data folder {read_only.data_dir} is read-only, so nothing was "
        "changed (status, history, export and backup still work)\n"
    )
    assert snapshot(read_only.data_dir) == before
