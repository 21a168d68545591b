"""Stand-ins for the clock, alarms and screen, for tests on a real store."""

from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from bedtime.app.companion import Reminder
from bedtime.core.dosing import Ahead, Supplement
from bedtime.core.nights import wall_clock
from bedtime.services.autostart import StartAtLogin, XdgAutostart

AMS = ZoneInfo("Europe/Amsterdam")


def local(day: date, hh: int, mm: int = 0, zone: ZoneInfo = AMS) -> datetime:
    return wall_clock(day, time(hh, mm), zone)


INSTALLED = ["/opt/bedtime/bin/bedtime", "--autostart"]


def login_in(config_home: Path) -> StartAtLogin:
    """Start at login as an installed Bedtime has it, its entry under CONFIG_HOME/autostart."""
    return StartAtLogin(XdgAutostart(config_home), lambda: list(INSTALLED))


class FakeClock:
    """The app's clock, set by hand: the instant, the zone, and the monotonic seconds.

    It stands in for the system's clock everywhere: the companion and the app read NOW and
    ZONE, and the wake watch reads WALL, MONOTONIC and RELOAD_ZONE (the zone's key). Moving
    INSTANT without MONO is what a suspend looks like; setting TZ, a zone change.
    """

    def __init__(self, now: datetime, zone: ZoneInfo = AMS) -> None:
        self.instant, self.tz = now, zone
        self.mono = 50.0

    def now(self) -> datetime:
        return self.instant.astimezone(self.tz)

    def zone(self) -> ZoneInfo:
        return self.tz

    def reload_zone(self) -> str:
        return self.tz.key

    def wall(self) -> float:
        return self.instant.timestamp()

    def monotonic(self) -> float:
        return self.mono


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

    def low_stock(self, supplements: list[Supplement], ahead: Ahead, popup: bool) -> None:
        pass
