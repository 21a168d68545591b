"""Stand-ins for the companion's clock, alarms and screen, for window tests on a real store."""

from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from bedtime.companion import Reminder
from bedtime.core.dosing import Supplement
from bedtime.core.nights import wall_clock
from bedtime.services.autostart import StartAtLogin, XdgAutostart

AMS = ZoneInfo("Europe/Amsterdam")


def local(day: date, hh: int, mm: int = 0) -> datetime:
    return wall_clock(day, time(hh, mm), AMS)


INSTALLED = ["/opt/bedtime/bin/bedtime", "--autostart"]


def login_in(config_home: Path) -> StartAtLogin:
    """Start at login as an installed Bedtime has it, its entry under CONFIG_HOME/autostart."""
    return StartAtLogin(XdgAutostart(config_home), lambda: list(INSTALLED))


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.instant = now

    def now(self) -> datetime:
        return self.instant.astimezone(AMS)

    def zone(self) -> ZoneInfo:
        return AMS


class RecordedAlarms:
    """Alarms that only note when each would ring."""

    def __init__(self) -> None:
        self.armed: dict[str, datetime] = {}

    def arm(self, name: str, at: datetime, callback: Callable[[], None]) -> None:
        self.armed[name] = at

    def disarm(self, name: str) -> None:
        self.armed.pop(name, None)


class Screen:
    """Notes what would be shown."""

    def __init__(self) -> None:
        self.shown: list[str] = []

    def remind(self, reminder: Reminder) -> None:
        self.shown.append(reminder.kind.value)

    def withdraw(self) -> None:
        pass

    def ask_morning(self, night: date) -> None:
        self.shown.append("morning")

    def low_stock(self, supplements: list[Supplement], popup: bool) -> None:
        pass
