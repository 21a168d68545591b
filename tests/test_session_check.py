"""Without a desktop, the tray app says so in one line and exits 1; the rest of the command
line keeps working. A missing display, one that does not answer and a missing system
library are told apart."""

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bedtime import session_check

CURSOR_LIBRARY = Path("/lib/x86_64-linux-gnu/libxcb-cursor.so.0")


def run(
    tmp_path: Path, *args: str, namespace_setup: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    """`bedtime ARGS` in a session with no display but those in ENV (none by default); with
    NAMESPACE_SETUP, in a private mount namespace after that shell command."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    command = [sys.executable, "-m", "bedtime", "--data-dir", str(tmp_path / "data"), *args]
    return subprocess.run(
        command
        if not namespace_setup
        else [
            "unshare",
            "--mount",
            "--fork",
            "sh",
            "-c",
            f"{namespace_setup} && exec {shlex.join(command)}",
        ],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_clean_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, done.stderr  # not 134: no abort, no core dump
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("bedtime: error: ")
    return lines[0]


@pytest.mark.parametrize("args", [(), ("show", "settings")])
def test_no_display_says_a_desktop_session_is_needed(tmp_path: Path, args: tuple[str]) -> None:
    line = one_clean_line(run(tmp_path, *args))
    assert "needs a desktop session" in line
    assert "xcb-cursor" not in line  # Qt's own hint blames a library that is not missing
    assert not (tmp_path / "data").exists()


def test_the_other_commands_work_without_a_display(tmp_path: Path) -> None:
    done = run(tmp_path, "status", "--json")
    assert done.returncode == 0, done.stderr


def test_a_display_that_does_not_answer_is_named(tmp_path: Path) -> None:
    line = one_clean_line(run(tmp_path, DISPLAY=":4321"))
    assert "cannot reach the display ':4321'" in line


@pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("unshare") is None or not CURSOR_LIBRARY.exists(),
    reason="hiding a system library needs root, unshare and the library itself",
)
def test_a_missing_system_library_is_named_with_its_package(tmp_path: Path) -> None:
    """libxcb-cursor0 hidden in a private mount namespace, as on a machine without it."""
    hide = f"mount --bind /dev/null {CURSOR_LIBRARY}"
    line = one_clean_line(run(tmp_path, namespace_setup=hide, DISPLAY=":4321"))
    assert "libxcb-cursor.so.0" in line
    assert "sudo apt install libxcb-cursor0" in line


def test_a_library_without_a_known_package_says_how_to_find_it() -> None:
    message = session_check.missing_library_message("libfoo.so.9")
    assert "apt-file search libfoo.so.9" in message


def test_a_platform_asked_for_by_name_needs_no_desktop() -> None:
    assert session_check.problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    assert session_check.problem({}) == session_check.NO_SESSION
    # A Wayland name whose socket is not there is no session either.
    assert (
        session_check.problem({"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": "/nonexistent"})
        == session_check.NO_SESSION
    )
