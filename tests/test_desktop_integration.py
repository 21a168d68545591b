"""Bedtime on the desktop, through the real `bedtime` command in a temporary XDG home: the
shipped desktop entry, metainfo and icons, start at login, and `bedtime desktop install`."""

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from bedtime.desktop.resource_files import DESKTOP_ENTRY, ICON_THEME, METAINFO, resource
from bedtime.paths import APP_ID
from tests.support import Cli

VALIDATORS = {"desktop-file-validate": "desktop-file-utils", "appstreamcli": "appstream"}


def validate(*command: str) -> None:
    """Run a validator; skip (saying what to install) only where it is absent."""
    if shutil.which(command[0]) is None:
        pytest.skip(f"needs {command[0]} (apt-get install {VALIDATORS[command[0]]})")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    if command[0] == "desktop-file-validate":  # it warns on stdout and still exits 0
        assert not done.stdout.strip(), done.stdout


def exec_line(entry: Path) -> str:
    return next(line for line in entry.read_text().splitlines() if line.startswith("Exec="))


# -- what ships ----------------------------------------------------------------------------


def test_the_shipped_desktop_entry_is_valid() -> None:
    entry = resource(DESKTOP_ENTRY)
    assert entry.name == f"{APP_ID}.desktop"
    validate("desktop-file-validate", str(entry))
    assert f"Icon={APP_ID}\n" in entry.read_text()


def test_the_metainfo_is_valid_and_names_the_entry() -> None:
    metainfo = resource(METAINFO)
    validate("appstreamcli", "validate", "--no-net", str(metainfo))
    text = metainfo.read_text()
    assert f"<id>{APP_ID}</id>" in text
    assert f'<launchable type="desktop-id">{APP_ID}.desktop</launchable>' in text


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", head[16:24])
    return width, height


@pytest.mark.parametrize("size", [16, 22, 24, 32, 48, 64, 128, 256, 512])
def test_the_app_icon_comes_in_every_hicolor_size(size: int) -> None:
    png = resource(f"{ICON_THEME}/{size}x{size}/apps/{APP_ID}.png")
    assert png_size(png) == (size, size)


# -- start at login ------------------------------------------------------------------------


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


def login_entry(config: Path) -> Path:
    return config / "autostart" / f"{APP_ID}.desktop"


def test_start_at_login_on_writes_a_valid_entry_for_this_launcher(cli: Cli, config: Path) -> None:
    assert cli.ok("config", "set", "start_at_login", "on").out == "start_at_login = on\n"
    entry = login_entry(config)
    validate("desktop-file-validate", str(entry))
    # The tests run `python -m bedtime` with BEDTIME_DATA_DIR, not the usual folder.
    assert exec_line(entry) == (
        f"Exec={sys.executable} -m bedtime --data-dir {cli.data_dir} --autostart"
    )
    # A setting of the session: it opened no data file, and created none.
    assert not cli.data_dir.exists()


def test_config_show_lists_start_at_login_whatever_the_data_folder(
    cli: Cli, config: Path, tmp_path: Path
) -> None:
    assert "start_at_login = off" in cli.ok("config", "show").out.splitlines()
    cli.ok("config", "set", "start_at_login", "ON ")
    other = str(tmp_path / "other")
    assert "start_at_login = on" in cli.ok("config", "show").out.splitlines()
    assert "start_at_login = on" in cli.ok("--data-dir", other, "config", "show").out.splitlines()


def test_off_removes_exactly_that_file(cli: Cli, config: Path) -> None:
    neighbour = config / "autostart" / "other.desktop"
    neighbour.parent.mkdir(parents=True)
    neighbour.write_text("[Desktop Entry]\nType=Application\nName=Other\nExec=other\n")
    cli.ok("config", "set", "start_at_login", "on")
    assert cli.ok("config", "set", "start_at_login", "off").out == "start_at_login = off\n"
    assert sorted(p.name for p in (config / "autostart").iterdir()) == ["other.desktop"]
    assert neighbour.read_text().startswith("[Desktop Entry]")


def test_an_entry_deleted_by_hand_reads_as_off(cli: Cli, config: Path) -> None:
    cli.ok("config", "set", "start_at_login", "on")
    login_entry(config).unlink()
    assert "start_at_login = off" in cli.ok("config", "show").out.splitlines()


def test_the_usual_data_folder_adds_no_data_dir(tmp_path: Path, config: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BEDTIME_DATA_DIR"}
    env["XDG_DATA_HOME"] = str(tmp_path / "share")
    done = subprocess.run(
        [sys.executable, "-m", "bedtime", "config", "set", "start_at_login", "on"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert exec_line(login_entry(config)) == f"Exec={sys.executable} -m bedtime --autostart"


def test_a_bad_value_is_refused_and_writes_nothing(cli: Cli, config: Path) -> None:
    result = cli("config", "set", "start_at_login", "yes")
    assert result.code == 2
    assert result.err == "bedtime: error: start_at_login: must be on or off (got 'yes')\n"
    assert not config.exists()


def test_a_throwaway_copy_is_refused_with_how_to_install(
    cli: Cli, config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `bedtime` launcher inside the cache, as uvx leaves one."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    launcher = cache / "uv" / "archive-v0" / "Xy12" / "bin" / "bedtime"
    launcher.parent.mkdir(parents=True)
    launcher.write_text(
        f"#!{sys.executable}\nimport sys\nfrom bedtime.cli import main\nsys.exit(main())\n"
    )
    launcher.chmod(0o755)
    env = {**os.environ, "BEDTIME_DATA_DIR": str(cli.data_dir)}
    for command in (["config", "set", "start_at_login", "on"], ["desktop", "install"]):
        done = subprocess.run(
            [str(launcher), *command], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 3, done.stderr
        assert done.stderr.startswith("bedtime: refused: Bedtime is running"), done.stderr
        assert "uv tool install" in done.stderr and "Traceback" not in done.stderr
    assert not config.exists()


# -- desktop install / remove --------------------------------------------------------------


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_desktop_install_then_remove_leaves_nothing_behind(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(share))

    out = cli.ok("desktop", "install").out
    entry = share / "applications" / f"{APP_ID}.desktop"
    assert out.startswith(f"Bedtime is in the desktop's menu: {entry}")
    installed = files_under(share)
    assert sorted(installed) == sorted(
        [
            f"applications/{APP_ID}.desktop",
            f"metainfo/{APP_ID}.metainfo.xml",
            f"icons/hicolor/scalable/apps/{APP_ID}.svg",
            *(f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in (16, 22, 24, 32, 48, 64)),
            *(f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in (128, 256, 512)),
        ]
    )
    validate("desktop-file-validate", str(entry))
    assert exec_line(entry) == f"Exec={sys.executable} -m bedtime --data-dir {cli.data_dir}"
    assert not cli.data_dir.exists()  # the menu needs no data file

    cli.ok("desktop", "install")  # again: harmless, the same files
    assert files_under(share) == installed

    assert cli.ok("desktop", "remove").out == "Removed Bedtime from the desktop's menu (12 files)\n"
    assert list(share.iterdir()) == []
    assert cli.ok("desktop", "remove").out == (
        "Bedtime was not in the desktop's menu; nothing removed\n"
    )


def test_desktop_remove_keeps_what_others_put_there_and_refreshes_their_caches(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("update-desktop-database") is None:
        pytest.skip("needs update-desktop-database (apt-get install desktop-file-utils)")
    share = tmp_path / "share"
    applications = share / "applications"
    applications.mkdir(parents=True)
    other = applications / "other.desktop"
    other.write_text(
        "[Desktop Entry]\nType=Application\nName=Other\nExec=other %f\nMimeType=text/x-other;\n"
    )
    subprocess.run(["update-desktop-database", "-q", str(applications)], check=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(share))

    cli.ok("desktop", "install")
    cli.ok("desktop", "remove")
    assert sorted(p.name for p in applications.iterdir()) == ["mimeinfo.cache", "other.desktop"]
    assert "text/x-other=other.desktop" in (applications / "mimeinfo.cache").read_text()
    assert sorted(p.name for p in share.iterdir()) == ["applications"]
