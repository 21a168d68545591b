"""The whole app in-process, for the app tests: a real store file, the fixed test clock, a
login folder of its own; and the notification daemon's calls as dbusmock records them.
The `harness` fixture (tests/conftest.py) builds these and closes them after each test."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import dbus
from dbusmock import MOCK_IFACE

from bedtime.app.tray_app import BedtimeApp
from bedtime.core.dosing import Supplement
from bedtime.services.notifications import INTERFACE
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from tests.fakes import FakeClock, login_in

FRI = date(2026, 11, 20)
SAT = FRI + timedelta(days=1)


class Harness:
    def __init__(self, path: Path, now: datetime) -> None:
        self.store = Store(open_database(path).conn)
        self.clock = FakeClock(now)
        self.login = login_in(path.parent / "config")
        self.app: BedtimeApp | None = None

    def add(self, stock: float | None = 30) -> None:
        self.store.add_supplement(
            Supplement(0, "Glycinate", "glycinate", 100, 2, stock, 7), self.clock.now()
        )

    def start(
        self,
        log_file: Path | None = None,
        *,
        own_hook: bool = False,
        at_login: bool = False,
        notices: Sequence[str] = (),
    ) -> BedtimeApp:
        self.app = BedtimeApp(at_login=at_login)
        self.app.attach(self.store, self.clock, self.login, notices, log_file)
        self.app.start()  # as the event loop does once the icon is out
        if not own_hook:
            # pytest-qt's hook stays: an error in a slot fails the test instead of a dialog.
            self.app.errors.restore()
        return self.app

    def close(self) -> None:
        if self.app is not None:
            self.app.shutdown()
            self.app.deleteLater()
        self.store.conn.close()


def notify_calls(daemon: Any) -> list[Any]:
    return daemon.GetMethodCalls("Notify", dbus_interface=MOCK_IFACE)


def shown_id(daemon: Any) -> int:
    """The id the server gave the latest notification, as a server hands them out: the id it
    replaces, or the next of its own count (python-dbusmock's notification template)."""
    given = 0
    for _, args in notify_calls(daemon):
        replaces = int(args[1])
        if replaces:
            latest = replaces
        else:
            given += 1
            latest = given
    return latest


def emit(daemon: Any, name: str, nid: int, arg: Any) -> None:
    signature = "us" if name == "ActionInvoked" else "uu"
    daemon.EmitSignal(
        INTERFACE, name, signature, [dbus.UInt32(nid), arg], dbus_interface=MOCK_IFACE
    )
