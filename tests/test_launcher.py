"""Which command starts this Bedtime again, for the login entry and the desktop menu."""

import shutil
import subprocess
from pathlib import Path

import pytest

from bedtime import paths
from bedtime.desktop.entry import entry_text, exec_value
from bedtime.desktop.launcher import INSTALL_HINT, NotInstalled, Running, app_command, launcher

CACHES = [Path("/home/ann/.cache")]


def test_an_installed_script_is_named_by_its_absolute_path_keeping_the_link(
    tmp_path: Path,
) -> None:
    venv = tmp_path / "tools" / "bedtime" / "bin"
    venv.mkdir(parents=True)
    (venv / "bedtime").write_text("#!/bin/sh\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "bedtime").symlink_to(venv / "bedtime")
    running = Running(str(bin_dir / "bedtime"), "/usr/bin/python3", str(venv.parent), False)
    # The link, not its target: a reinstall replaces the target, the link stays.
    assert launcher(running, CACHES) == [str(bin_dir / "bedtime")]


def test_a_launcher_found_on_path_is_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "bedtime"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    running = Running("bedtime", "/usr/bin/python3", "/usr", False)
    assert launcher(running, CACHES) == [str(script)]


def test_python_dash_m_becomes_that_interpreter_with_dash_m() -> None:
    running = Running("/src/bedtime/src/bedtime/__main__.py", "/src/.venv/bin/python", "/", False)
    assert launcher(running, CACHES) == ["/src/.venv/bin/python", "-m", "bedtime"]


def test_a_bundle_is_its_own_executable() -> None:
    running = Running("./Bedtime", "/opt/Bedtime/Bedtime", "/opt/Bedtime/_internal", True)
    assert launcher(running, CACHES) == ["/opt/Bedtime/Bedtime"]


@pytest.mark.parametrize(
    "running",
    [
        # uvx: the launcher and its environment live in uv's cache
        Running(
            "/home/ann/.cache/uv/archive-v0/Xy12/bin/bedtime",
            "/home/ann/.cache/uv/archive-v0/Xy12/bin/python",
            "/home/ann/.cache/uv/archive-v0/Xy12",
            False,
        ),
        # uvx … python -m bedtime: the interpreter is a link out of the cache, the prefix is not
        Running("__main__.py", "/usr/bin/python3", "/home/ann/.cache/uv/archive-v0/Xy12", False),
        # pipx run keeps its environments in a .cache folder of its own
        Running(
            "/home/ann/.local/share/pipx/.cache/3f2a/bin/bedtime",
            "/usr/bin/python3",
            "/home/ann/.local/share/pipx/.cache/3f2a",
            False,
        ),
    ],
)
def test_a_throwaway_copy_is_refused_with_how_to_install(running: Running) -> None:
    with pytest.raises(NotInstalled) as refused:
        launcher(running, CACHES)
    assert str(refused.value) == INSTALL_HINT
    assert "uv tool install" in INSTALL_HINT and "pipx install" in INSTALL_HINT


def test_data_dir_is_added_only_when_not_the_usual_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    running = Running("/opt/bin/bedtime", "/usr/bin/python3", "/opt", False)
    assert app_command(paths.default_data_dir(), running) == ["/opt/bin/bedtime"]
    other = tmp_path / "elsewhere"
    assert app_command(other, running) == ["/opt/bin/bedtime", "--data-dir", str(other)]


def test_exec_quotes_and_escapes_as_the_specification_asks() -> None:
    command = ["/home/ann/my apps/bedtime", "--data-dir", '/data/$HOME "x" \\ 100%', "--autostart"]
    assert exec_value(command) == (
        '"/home/ann/my apps/bedtime" --data-dir "/data/\\\\$HOME \\\\"x\\\\" \\\\\\\\ 100%%" '
        "--autostart"
    )


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="needs desktop-file-validate (apt-get install desktop-file-utils)",
)
def test_an_entry_for_an_awkward_path_is_still_valid(tmp_path: Path) -> None:
    entry = tmp_path / f"{paths.APP_ID}.desktop"
    entry.write_text(entry_text(["/home/ann/my apps/bed;time", "--data-dir", "/a b/$c`d`%e"]))
    done = subprocess.run(
        ["desktop-file-validate", str(entry)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout
