"""The system's clock and zone: the one place that reads them, so the core never does."""

import logging
import os
import time
import zoneinfo
from datetime import datetime

import tzlocal

from ..core.errors import InvalidInput
from ..core.wording import _

log = logging.getLogger(__name__)


def local_zone() -> zoneinfo.ZoneInfo:
    """The system's zone as it is right now (TZ, /etc/localtime, …); it can change while running."""
    try:
        zone = tzlocal.reload_localzone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, LookupError, OSError):
        # OSError: a TZ too long for a file name, or naming a folder of zones ("Europe").
        zone = None
    # Logged doses record the zone by name; a nameless zone cannot be stored and reloaded.
    if not isinstance(zone, zoneinfo.ZoneInfo) or zone.key is None:
        raise InvalidInput(
            "TZ",
            _("must name a known time zone such as Europe/Amsterdam, or be unset"),
            os.environ.get("TZ", str(zone)),
        )
    return zone


def zone_or_system_zone() -> tuple[zoneinfo.ZoneInfo, str | None]:
    """The zone as local_zone reads it; else, without TZ, the system's own zone (or UTC),
    and why.

    For the tray app, which must not refuse to start over a bad TZ: a reminder in the
    system's zone is better than none. TZ leaves the process's environment, so every later
    reading (a zone change while running) agrees.
    """
    try:
        return local_zone(), None
    except InvalidInput as error:
        unusable = error
    os.environ.pop("TZ", None)
    if hasattr(time, "tzset"):
        time.tzset()
    try:
        zone = local_zone()
    except InvalidInput:
        zone = zoneinfo.ZoneInfo("UTC")
    return zone, _("{problem}; using {zone} instead").format(problem=unusable, zone=zone.key)


def now(zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.now(zone)


class SystemClock:
    """The real clock, in the zone the system has now (re-read when the zone changes)."""

    def __init__(self, zone: zoneinfo.ZoneInfo) -> None:
        self._zone = zone

    def now(self) -> datetime:
        return now(self._zone)

    def zone(self) -> zoneinfo.ZoneInfo:
        return self._zone

    def reload_zone(self) -> str:
        """Read the system zone again; an unusable one keeps the last good zone."""
        try:
            self._zone = local_zone()
        except InvalidInput as error:
            log.warning("keeping %s: %s", self._zone.key, error)
        return self._zone.key
