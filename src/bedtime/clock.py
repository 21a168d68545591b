"""The system's clock and zone: the one place that reads them, so the core never does."""

import os
import zoneinfo
from datetime import datetime

import tzlocal

from .core.errors import InvalidInput


def local_zone() -> zoneinfo.ZoneInfo:
    """The system's zone as it is right now (TZ, /etc/localtime, …); it can change while running."""
    try:
        zone = tzlocal.reload_localzone()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, LookupError):
        zone = None
    # Logged doses record the zone by name; a nameless zone cannot be stored and reloaded.
    if not isinstance(zone, zoneinfo.ZoneInfo) or zone.key is None:
        raise InvalidInput(
            "TZ",
            "must name a known time zone such as Europe/Amsterdam, or be unset",
            os.environ.get("TZ", str(zone)),
        )
    return zone


def now(zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.now(zone)
