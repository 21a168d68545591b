"""The start-at-login writers, each against a real place it can write: a temporary XDG config
home, a temporary LaunchAgents folder, a registry stand-in with winreg's calls, and the
Background portal as python-dbusmock on the private session bus."""

import plistlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dbusmock import MOCK_IFACE, SpawnedMock

from bedtime.desktop.launcher import NotInstalled
from bedtime.paths import APP_ID
from bedtime.services import autostart
from bedtime.services.autostart import (
    AutostartError,
    BackgroundPortal,
    LaunchAgent,
    StartAtLogin,
    WindowsRunKey,
    XdgAutostart,
)
from tests.conftest import wait_until_released

COMMAND = ["/opt/bedtime/bin/bedtime", "--data-dir", "/home/ann/My data", "--autostart"]


# -- XDG -----------------------------------------------------------------------------------


def test_xdg_on_writes_the_entry_off_removes_exactly_it(tmp_path: Path) -> None:
    writer = XdgAutostart(tmp_path)
    neighbour = tmp_path / "autostart" / "other.desktop"
    neighbour.parent.mkdir()
    neighbour.write_text("[Desktop Entry]\n")
    assert not writer.enabled()

    writer.enable(COMMAND)
    assert writer.file == tmp_path / "autostart" / f"{APP_ID}.desktop"
    text = writer.file.read_text()
    assert 'Exec=/opt/bedtime/bin/bedtime --data-dir "/home/ann/My data" --autostart' in text
    assert f"Icon={APP_ID}" in text
    assert writer.enabled()
    assert sorted(p.name for p in writer.file.parent.iterdir()) == [
        f"{APP_ID}.desktop",
        "other.desktop",
    ]  # no temporary file left beside it

    writer.disable()
    assert not writer.enabled()
    assert [p.name for p in writer.file.parent.iterdir()] == ["other.desktop"]
    writer.disable()  # already off: nothing to do, no error


@pytest.mark.parametrize("line", ["Hidden=true", "X-GNOME-Autostart-enabled=false"])
def test_xdg_an_entry_switched_off_by_the_desktop_counts_as_off(tmp_path: Path, line: str) -> None:
    writer = XdgAutostart(tmp_path)
    writer.enable(COMMAND)
    writer.file.write_text(writer.file.read_text().replace("X-GNOME-Autostart-enabled=true", line))
    assert not writer.enabled()


def test_xdg_follows_xdg_config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert XdgAutostart().file == tmp_path / "cfg" / "autostart" / f"{APP_ID}.desktop"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert XdgAutostart().file == tmp_path / ".config" / "autostart" / f"{APP_ID}.desktop"


def test_start_at_login_refuses_a_throwaway_copy_and_writes_nothing(tmp_path: Path) -> None:
    def throwaway() -> list[str]:
        raise NotInstalled("install it first")

    login = StartAtLogin(XdgAutostart(tmp_path), throwaway)
    assert not login.possible()
    with pytest.raises(NotInstalled):
        login.set(True)
    assert not (tmp_path / "autostart").exists()
    login.set(False)  # switching off needs no launcher


def test_the_chooser_asks_the_portal_inside_a_flatpak_sandbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(autostart, "SANDBOX_MARK", tmp_path / ".flatpak-info")
    assert isinstance(autostart.pick(), XdgAutostart)
    (tmp_path / ".flatpak-info").write_text("[Application]\n")
    assert isinstance(autostart.pick(), BackgroundPortal)


# -- macOS ---------------------------------------------------------------------------------


def test_launch_agent_runs_the_command_at_load(tmp_path: Path) -> None:
    agent = LaunchAgent(tmp_path / "LaunchAgents")
    assert not agent.enabled()
    agent.enable(COMMAND)
    assert agent.file == tmp_path / "LaunchAgents" / f"{APP_ID}.plist"
    with agent.file.open("rb") as saved:
        assert plistlib.load(saved) == {
            "Label": APP_ID,
            "ProgramArguments": COMMAND,
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
    assert agent.enabled()
    agent.disable()
    assert not agent.enabled() and list(agent.file.parent.iterdir()) == []


# -- Windows -------------------------------------------------------------------------------


class Key:
    def __init__(self, values: dict[str, tuple[object, int]]) -> None:
        self.values = values

    def __enter__(self) -> "Key":
        return self

    def __exit__(self, *_: object) -> None:
        pass


class Registry:
    """winreg's calls that the writer uses, over a dict of keys; missing keys and values raise
    FileNotFoundError, as winreg does."""

    HKEY_CURRENT_USER = "HKCU"
    REG_SZ = 1
    KEY_SET_VALUE = 2

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], dict[str, tuple[object, int]]] = {}

    def CreateKey(self, root: str, path: str) -> Key:
        return Key(self.keys.setdefault((root, path), {}))

    def OpenKey(self, root: str, path: str, reserved: int = 0, access: int = 0) -> Key:
        if (root, path) not in self.keys:
            raise FileNotFoundError(path)
        return Key(self.keys[(root, path)])

    def QueryValueEx(self, key: Key, name: str) -> tuple[object, int]:
        if name not in key.values:
            raise FileNotFoundError(name)
        return key.values[name]

    def SetValueEx(self, key: Key, name: str, reserved: int, kind: int, value: object) -> None:
        key.values[name] = (value, kind)

    def DeleteValue(self, key: Key, name: str) -> None:
        if name not in key.values:
            raise FileNotFoundError(name)
        del key.values[name]


def test_windows_run_key_holds_one_quoted_command_line() -> None:
    registry = Registry()
    writer = WindowsRunKey(registry)
    assert not writer.enabled()
    writer.disable()  # no Run key at all yet: nothing to remove
    command = [r"C:\Program Files\Bedtime\Bedtime.exe", "--autostart"]
    writer.enable(command)
    run = registry.keys[("HKCU", autostart.RUN_KEY)]
    assert run == {"Bedtime": ('"C:\\Program Files\\Bedtime\\Bedtime.exe" --autostart', 1)}
    assert writer.enabled()
    run["Other"] = ("other.exe", 1)
    writer.disable()
    assert not writer.enabled()
    assert run == {"Other": ("other.exe", 1)}


# -- Flatpak: the Background portal --------------------------------------------------------

# The portal answers on a Request object: Response(u code, a{sv} results). dbusmock does not
# tell a method who called, so the request's path is built from the caller's token alone; the
# writer follows whatever handle the call returns, as the portal's documentation asks.
REQUEST_BACKGROUND = """
import dbus.lowlevel
options = args[1]
handle = dbus.ObjectPath("/org/freedesktop/portal/desktop/request/mock/" + options["handle_token"])
code, granted = self.answer
signal = dbus.lowlevel.SignalMessage(handle, "org.freedesktop.portal.Request", "Response")
results = {"background": granted, "autostart": granted and bool(options.get("autostart"))}
signal.append(dbus.UInt32(code), dbus.Dictionary(results, signature="sv"), signature="ua{sv}")
self.connection.send_message(signal)
ret = handle
"""


@pytest.fixture
def portal(private_buses: None) -> Iterator[Any]:
    with SpawnedMock.spawn_for_name(*autostart.PORTAL, autostart.BACKGROUND) as mock:
        mock.obj.AddMethod(
            autostart.BACKGROUND,
            "RequestBackground",
            "sa{sv}",
            "o",
            "code, granted = {'yes': (0, True), 'no': (0, False), 'cancel': (1, False)}"
            "[self.Get('" + autostart.BACKGROUND + "', 'Answer')]\n"
            "self.answer = (code, granted)\n" + REQUEST_BACKGROUND,
            dbus_interface=MOCK_IFACE,
        )
        mock.obj.AddProperty(autostart.BACKGROUND, "Answer", "yes", dbus_interface=MOCK_IFACE)
        yield mock.obj
    wait_until_released(autostart.PORTAL[0])


def answer(portal: Any, how: str) -> None:
    portal.Set(
        autostart.BACKGROUND, "Answer", how, dbus_interface="org.freedesktop.DBus.Properties"
    )


def requests(portal: Any) -> list[Any]:
    return [
        call[1] for call in portal.GetMethodCalls("RequestBackground", dbus_interface=MOCK_IFACE)
    ]


def test_portal_asks_for_autostart_with_the_command_and_remembers_the_answer(
    portal: Any, tmp_path: Path
) -> None:
    writer = BackgroundPortal(tmp_path / "record")
    assert not writer.enabled()
    writer.enable(["bedtime", "--autostart"])
    ((parent, options),) = requests(portal)
    assert parent == ""
    assert options["autostart"] is True or options["autostart"] == 1
    assert list(options["commandline"]) == ["bedtime", "--autostart"]
    assert options["reason"]
    assert writer.enabled()

    writer.disable()
    assert requests(portal)[-1][1]["autostart"] == 0
    assert "commandline" not in requests(portal)[-1][1]
    assert not writer.enabled()


@pytest.mark.parametrize("how", ["no", "cancel"])
def test_portal_refusal_is_said_and_nothing_is_recorded(
    portal: Any, tmp_path: Path, how: str
) -> None:
    answer(portal, how)
    writer = BackgroundPortal(tmp_path / "record")
    with pytest.raises(AutostartError, match="did not allow Bedtime to start at login"):
        writer.enable(["bedtime", "--autostart"])
    assert not writer.enabled()


def test_no_portal_on_the_bus_is_an_error_not_a_hang(tmp_path: Path, private_buses: None) -> None:
    writer = BackgroundPortal(tmp_path / "record")
    with pytest.raises(AutostartError, match="portal"):
        writer.enable(["bedtime", "--autostart"])
    assert not writer.enabled()
