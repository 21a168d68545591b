"""The environment Bedtime starts in: TZ, BEDTIME_DATA_DIR, the XDG folders and the locale.

On the command line a bad TZ or BEDTIME_DATA_DIR is bad input (exit 2, one line, nothing
written), like a bad argument; the XDG and locale variables fall back as their
specifications say, with a warning. The tray app starts whatever the environment holds:
reminders at login matter more. Each case once gave a raw error, a traceback, a folder
named "   " or an app that would not start.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from dbusmock import MOCK_IFACE

from tests.conftest import SpawnDaemon
from tests.support import Result

LONG_TZ = "A" * 300
PLAIN = "bedtime: error: "


def run(tmp_path: Path, *args: str, **env: str) -> Result:
    """`bedtime ARGS` with a home of its own, TZ and BEDTIME_DATA_DIR set unless ENV says."""
    base = {
        "HOME": str(tmp_path / "home"),
        "TZ": "Europe/Amsterdam",
        "BEDTIME_DATA_DIR": str(tmp_path / "data"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_STATE_HOME": str(tmp_path / "xdg-state"),
        "XDG_CONFIG_HOME": str(tmp_path / "xdg-config"),
        "LANG": "C.UTF-8",
    }
    merged = {**os.environ, **base, **env}
    merged = {key: value for key, value in merged.items() if value != "<unset>"}
    done = subprocess.run(
        [sys.executable, "-m", "bedtime", *args],
        env=merged,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def files_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


class TestTheCommandLineRefusesABadZoneOrDataFolder:
    @pytest.mark.parametrize(
        "zone", [LONG_TZ, "Europe", "Nowhere/Land", "../../etc/passwd", "Europe/Amsterdam\n"]
    )
    def test_a_bad_tz_is_bad_input(self, tmp_path: Path, zone: str) -> None:
        for args in (["status"], ["take"], ["history"]):
            result = run(tmp_path, *args, TZ=zone)
            assert result.code == 2, result
            assert result.err.startswith(f"{PLAIN}TZ: must name a known time zone"), result.err
            assert len(result.err.strip().splitlines()) == 1, result.err
        assert files_under(tmp_path) == []  # not even the first run's empty database

    def test_a_bad_tz_on_an_existing_file_writes_nothing(self, tmp_path: Path) -> None:
        assert run(tmp_path, "config", "set", "offset", "45").code == 0
        before = (tmp_path / "data" / "bedtime.db").read_bytes()
        result = run(tmp_path, "config", "set", "offset", "90", TZ=LONG_TZ)
        assert result.code == 2
        assert "Errno" not in result.err
        assert (tmp_path / "data" / "bedtime.db").read_bytes() == before

    @pytest.mark.parametrize(
        ("folder", "allowed"),
        [
            ("   ", "must be the path of a folder"),
            ("/tmp/" + "A" * 300, "each name at most 255"),
            ("/nowhere/" + "B" * 300 + "/data", "each name at most 255"),
            ("/" + "/".join(["C" * 200] * 25), "shorter than 4096 bytes"),
            ("FILE", "must be the path of a folder, not a file"),
            ("FILE/data", "part of it is a file"),
            ("LOOP/data", "its links go round in a loop"),
            ("/tmp/two\nlines", "without control characters"),
        ],
    )
    def test_a_bad_data_folder_is_bad_input(
        self, tmp_path: Path, folder: str, allowed: str
    ) -> None:
        (tmp_path / "FILE").write_text("not a folder")
        (tmp_path / "LOOP").symlink_to(tmp_path / "LOOP")
        folder = folder.replace("FILE", str(tmp_path / "FILE")).replace(
            "LOOP", str(tmp_path / "LOOP")
        )
        before = files_under(tmp_path)
        for args in (["status"], ["supplement", "add", "Mg", "--mg-per-unit", "100"]):
            result = run(tmp_path, *args, BEDTIME_DATA_DIR=folder)
            assert result.code == 2, result
            assert result.err.startswith(f"{PLAIN}BEDTIME_DATA_DIR: "), result.err
            assert allowed in result.err, result.err
            assert len(result.err.strip().splitlines()) == 1, result.err
            # --data-dir says the same about itself.
            result = run(tmp_path, "--data-dir", folder, *args, BEDTIME_DATA_DIR="<unset>")
            assert result.code == 2, result
            assert result.err.startswith(f"{PLAIN}data-dir: "), result.err
        assert files_under(tmp_path) == before
        assert not Path("   ").exists()

    def test_an_empty_bedtime_data_dir_is_unset(self, tmp_path: Path) -> None:
        result = run(tmp_path, "status", BEDTIME_DATA_DIR="")
        assert result.code == 0, result.err
        assert f"Data: {tmp_path / 'xdg-data' / 'bedtime' / 'bedtime.db'}" in result.out


class TestSpecifiedVariablesFallBackWithAWarning:
    @pytest.mark.parametrize("name", ["XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"])
    def test_a_relative_xdg_folder_is_ignored(self, tmp_path: Path, name: str) -> None:
        (tmp_path / "home").mkdir()
        result = run(
            tmp_path, "--version", **{name: "relative/folder", "BEDTIME_DATA_DIR": "<unset>"}
        )
        assert result.code == 0, result.err
        assert result.err == (
            f"bedtime: warning: {name} is 'relative/folder', not an absolute path; it is "
            "ignored and the usual folder is used\n"
        )
        home = tmp_path / "home"
        data = home / ".local/share" if name == "XDG_DATA_HOME" else tmp_path / "xdg-data"
        state = home / ".local/state" if name == "XDG_STATE_HOME" else tmp_path / "xdg-state"
        assert f"Data: {data / 'bedtime' / 'bedtime.db'}" in result.out
        assert f"Log: {state / 'bedtime' / 'log' / 'bedtime.log'}" in result.out
        assert not (tmp_path / "relative").exists()

    def test_a_relative_config_home_does_not_put_the_login_entry_in_the_working_folder(
        self, tmp_path: Path
    ) -> None:
        (tmp_path / "home").mkdir()
        result = run(tmp_path, "config", "show", XDG_CONFIG_HOME="relative")
        assert result.code == 0, result.err
        assert "XDG_CONFIG_HOME is 'relative'" in result.err
        assert "start_at_login = off" in result.out

    @pytest.mark.parametrize("name", ["LANG", "LC_ALL", "LC_TIME"])
    def test_an_unknown_locale_is_ignored(self, tmp_path: Path, name: str) -> None:
        result = run(tmp_path, "status", **{name: "xx_XX.UTF-8"})
        assert result.code == 0, result.err
        assert (
            f"bedtime: warning: {name} is 'xx_XX.UTF-8', not a locale this system has; it is "
            "ignored\n"
        ) in result.err
        assert "Traceback" not in result.err

    def test_known_values_pass_without_a_word(self, tmp_path: Path) -> None:
        result = run(tmp_path, "status", LC_ALL="C.UTF-8", LANG="POSIX", XDG_DATA_HOME="")
        assert result.code == 0
        assert "warning" not in result.err


# -- the tray app ----------------------------------------------------------------------------


def notify_calls(daemon: Any) -> list[Any]:
    return daemon.GetMethodCalls("Notify", dbus_interface=MOCK_IFACE)


@pytest.mark.skipif(sys.platform == "win32", reason="signals and the private session bus")
def test_the_tray_app_starts_anyway_in_the_system_zone_and_the_usual_folder(
    tmp_path: Path, spawn_daemon: SpawnDaemon
) -> None:
    """Everything wrong at once: it runs, logs each problem, and says so on screen once."""
    daemon = spawn_daemon().obj
    (tmp_path / "FILE").write_text("not a folder")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {key: value for key, value in os.environ.items() if key != "DISPLAY"}
    env |= {
        "HOME": str(tmp_path / "home"),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "XDG_CONFIG_HOME": "config-here",
        "TZ": LONG_TZ,
        "BEDTIME_DATA_DIR": str(tmp_path / "FILE"),
        "LC_ALL": "xx_XX.UTF-8",
        "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent",
    }
    app = subprocess.Popen(
        [sys.executable, "-m", "bedtime"],
        env=env,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        usual = tmp_path / "xdg-data" / "bedtime" / "bedtime.db"
        deadline = time.monotonic() + 30
        while not (usual.exists() and told(daemon)) and app.poll() is None:
            assert time.monotonic() < deadline, "no notice on screen"
            time.sleep(0.05)
        assert app.poll() is None, app.communicate()[0]
        time.sleep(0.5)  # and no second notice follows
        [notice] = told(daemon)
        for said in (
            "TZ: must name a known time zone",
            "; using ",
            f"BEDTIME_DATA_DIR: must be the path of a folder, not a file (got '{tmp_path}/FILE')",
            f"using the usual folder {usual.parent} instead",
            "XDG_CONFIG_HOME is 'config-here', not an absolute path",
            "LC_ALL is 'xx_XX.UTF-8', not a locale this system has",
        ):
            assert said in notice, notice
        log = (tmp_path / "state" / "bedtime" / "log" / "bedtime.log").read_text()
        for said in ("TZ: must name", "BEDTIME_DATA_DIR: must be", "XDG_CONFIG_HOME is", "LC_ALL"):
            assert f" WARNING bedtime.app.tray_app: {said}" in log, log
        assert not (tmp_path / "config-here").exists()
    finally:
        app.send_signal(signal.SIGTERM)
        output = app.communicate(timeout=20)[0].decode(errors="replace")
    assert app.returncode == 0, output
    assert "Traceback" not in output


def told(daemon: Any) -> list[str]:
    """The bodies of notifications about the environment (not a reminder that came due)."""
    bodies = [str(call[1][4]) for call in notify_calls(daemon)]
    return [body for body in bodies if "TZ" in body]
