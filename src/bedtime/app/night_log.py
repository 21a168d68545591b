"""The nights History lists, read from the log: the one read behind both the History window
(through the companion) and `bedtime history`. Free of Qt, for the command line."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..core.history import NightRecord, night_records
from ..core.settings import Settings
from ..store.repository import Store


def listed_nights(
    store: Store,
    first: date,
    last: date,
    *,
    now: datetime,
    settings: Settings,
    zone: ZoneInfo,
    first_use: date,
) -> list[NightRecord]:
    """The nights FIRST … LAST worth listing (NightRecord.listed), newest first: the nights
    Bedtime planned, and earlier ones only if they were rated."""
    records = night_records(
        first,
        last,
        store.intakes(first, last),
        store.diary(first, last),
        store.night_kinds(first, last),
        now=now,
        settings=settings,
        zone=zone,
        first_use=first_use,
        trial=store.latest_trial(),
    )
    return [record for record in records if record.listed]
