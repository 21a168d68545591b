"""Start at login: one small interface, and a writer for each kind of system.

- Linux: `$XDG_CONFIG_HOME/autostart/<app id>.desktop`. The file is the truth: deleted by
  hand (or switched off in the desktop's own settings) means off.
- Inside a Flatpak sandbox: the Background portal, which writes that file on the host.
- Windows: a value under HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run.
- macOS: `~/Library/LaunchAgents/<app id>.plist` with RunAtLoad.

No Qt here: `bedtime config set start_at_login` uses the same writers as the settings window.
"""

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from ..core.wording import _
from ..desktop.entry import entry_text
from ..desktop.launcher import NotInstalled, login_command
from ..paths import APP_ID, APP_NAME

SANDBOX_MARK = Path("/.flatpak-info")
# The tray app's first run asks once whether to start at login (Store.was_shown / mark_shown).
LOGIN_QUESTION = "start_at_login_question"


class AutostartError(Exception):
    """Start at login could not be changed; the message says why, for the user."""


class Autostart(Protocol):
    def enabled(self) -> bool: ...

    def enable(self, command: Sequence[str]) -> None: ...

    def disable(self) -> None: ...


class StartAtLogin:
    """Start at login for this Bedtime: the system's writer and the command to start it."""

    def __init__(self, writer: Autostart, command: Callable[[], list[str]]) -> None:
        self.writer, self._command = writer, command

    def enabled(self) -> bool:
        return self.writer.enabled()

    def possible(self) -> bool:
        """False when Bedtime runs from a throwaway copy that could not be started at login."""
        try:
            self._command()
        except NotInstalled:
            return False
        return True

    def set(self, on: bool) -> None:
        """Raises NotInstalled, AutostartError or OSError, having changed nothing."""
        if on:
            self.writer.enable(self._command())
        else:
            self.writer.disable()


def pick() -> Autostart:
    """The writer for the system Bedtime runs on (inside a Flatpak sandbox, the portal)."""
    if sys.platform == "win32":
        return WindowsRunKey()
    if sys.platform == "darwin":
        return LaunchAgent()
    if SANDBOX_MARK.exists():
        return BackgroundPortal()
    return XdgAutostart()


def config_home() -> Path:
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")


# -- Linux and the BSDs --------------------------------------------------------------------


class XdgAutostart:
    """The freedesktop autostart entry, which every desktop session reads at login."""

    def __init__(self, config: Path | None = None) -> None:
        self.file = (config or config_home()) / "autostart" / f"{APP_ID}.desktop"

    def enabled(self) -> bool:
        try:
            text = self.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # missing or unreadable: it cannot start anything
            return False
        # What the desktops' own switches write instead of deleting the file.
        lines = {line.strip().replace(" ", "") for line in text.splitlines()}
        return not {"Hidden=true", "X-GNOME-Autostart-enabled=false"} & lines

    def enable(self, command: Sequence[str]) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        text = entry_text(command, ["X-GNOME-Autostart-enabled=true"])
        partial = self.file.with_name(f".{self.file.name}.new")
        partial.write_text(text, encoding="utf-8")
        partial.replace(self.file)  # a login never finds half a file

    def disable(self) -> None:
        self.file.unlink(missing_ok=True)


# -- Flatpak -------------------------------------------------------------------------------

PORTAL = ("org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop")
BACKGROUND = "org.freedesktop.portal.Background"
REQUEST = "org.freedesktop.portal.Request"
REQUEST_PATHS = "/org/freedesktop/portal/desktop/request"
PORTAL_TIMEOUT_S = 60  # the desktop may ask the user first


class BackgroundPortal:
    """xdg-desktop-portal's Background portal, the sandbox's only way to start at login.

    The portal cannot be asked whether the entry exists, and the host's autostart folder is
    outside the sandbox; so the last answer the portal gave is kept in RECORD.
    """

    def __init__(self, record: Path | None = None) -> None:
        self.record = record or config_home() / APP_NAME / "start-at-login"

    def enabled(self) -> bool:
        return self.record.exists()

    def enable(self, command: Sequence[str]) -> None:
        self._request(True, command)
        self.record.parent.mkdir(parents=True, exist_ok=True)
        self.record.write_text(" ".join(command) + "\n", encoding="utf-8")

    def disable(self) -> None:
        self._request(False, ())
        self.record.unlink(missing_ok=True)

    def _request(self, autostart: bool, command: Sequence[str]) -> None:
        import secrets

        from jeepney import (
            DBusAddress,
            HeaderFields,
            MatchRule,
            MessageType,
            message_bus,
            new_method_call,
        )
        from jeepney.io.blocking import open_dbus_connection

        # D-Bus variants: (signature, value).
        options: dict[str, tuple[str, str | bool | list[str]]] = {
            "handle_token": ("s", f"bedtime{secrets.token_hex(8)}"),
            "reason": ("s", _("Bedtime reminds you in the evening, so it starts when you log in.")),
            "autostart": ("b", autostart),
            "dbus-activatable": ("b", False),
        }
        if command:
            options["commandline"] = ("as", list(command))
        portal = DBusAddress(PORTAL[1], bus_name=PORTAL[0], interface=BACKGROUND)
        # Every request's answer, matched before asking: it may come before the call returns.
        rule = MatchRule(
            type="signal", interface=REQUEST, member="Response", path_namespace=REQUEST_PATHS
        )
        try:
            with open_dbus_connection(bus="SESSION") as conn, conn.filter(rule, bufsize=8) as queue:
                conn.send_and_get_reply(message_bus.AddMatch(rule), timeout=5)
                call = new_method_call(portal, "RequestBackground", "sa{sv}", ("", options))
                reply = conn.send_and_get_reply(call, timeout=5)
                if reply.header.message_type is MessageType.error:
                    raise AutostartError(
                        _("the desktop's portal refused: {reply}").format(reply=reply.body)
                    )
                handle = reply.body[0]
                while True:
                    answer = conn.recv_until_filtered(queue, timeout=PORTAL_TIMEOUT_S)
                    if answer.header.fields.get(HeaderFields.path) == handle:
                        break
        except (OSError, TimeoutError, KeyError, ValueError) as error:
            raise AutostartError(
                _("the desktop's portal did not answer ({error})").format(error=error)
            ) from error
        response, results = answer.body
        granted = results.get("autostart", ("b", False))[1]
        if response != 0 or (autostart and not granted):
            raise AutostartError(
                _(
                    "the desktop did not allow Bedtime to start at login; check Bedtime's "
                    "permissions in the desktop's settings"
                )
            )


# -- Windows -------------------------------------------------------------------------------

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


class WindowsRunKey:
    """A value named Bedtime under the user's Run key. REGISTRY is winreg (or a stand-in)."""

    VALUE = "Bedtime"

    # Any: winreg's contents are typed only on Windows, so off Windows neither the module
    # nor a stand-in can be checked against a protocol of it.
    def __init__(self, registry: Any = None) -> None:
        if registry is None:
            import winreg as registry
        self.reg = registry

    def enabled(self) -> bool:
        try:
            with self.reg.OpenKey(self.reg.HKEY_CURRENT_USER, RUN_KEY) as key:
                self.reg.QueryValueEx(key, self.VALUE)
        except FileNotFoundError:
            return False
        return True

    def enable(self, command: Sequence[str]) -> None:
        import subprocess  # each system's own modules load on that system only

        with self.reg.CreateKey(self.reg.HKEY_CURRENT_USER, RUN_KEY) as key:
            value = subprocess.list2cmdline(list(command))
            self.reg.SetValueEx(key, self.VALUE, 0, self.reg.REG_SZ, value)

    def disable(self) -> None:
        try:
            with self.reg.OpenKey(
                self.reg.HKEY_CURRENT_USER, RUN_KEY, 0, self.reg.KEY_SET_VALUE
            ) as key:
                self.reg.DeleteValue(key, self.VALUE)
        except FileNotFoundError:
            pass


# -- macOS ---------------------------------------------------------------------------------


class LaunchAgent:
    """A launchd agent the user's session loads at login."""

    def __init__(self, folder: Path | None = None) -> None:
        self.file = (folder or Path.home() / "Library" / "LaunchAgents") / f"{APP_ID}.plist"

    def enabled(self) -> bool:
        return self.file.is_file()

    def enable(self, command: Sequence[str]) -> None:
        import plistlib

        agent = {
            "Label": APP_ID,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
        self.file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.file.with_name(f".{self.file.name}.new")
        with partial.open("wb") as out:
            plistlib.dump(agent, out)
        partial.replace(self.file)

    def disable(self) -> None:
        self.file.unlink(missing_ok=True)


def for_data_dir(data_dir: Path) -> StartAtLogin:
    """Start at login for the Bedtime that keeps its data in DATA_DIR, on this system."""
    return StartAtLogin(pick(), lambda: login_command(data_dir))
