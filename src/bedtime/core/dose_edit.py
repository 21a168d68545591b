"""Correcting a logged dose afterwards: how much, and when it was taken."""

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from .dosing import Intake
from .nights import bedtime_of, night_of
from .settings import Settings
from .values import quantity


def edited(
    intake: Intake, units: float, at: datetime, zone: ZoneInfo, settings: Settings
) -> Intake:
    """INTAKE as taken in UNITS at AT (same uid), its mg and night following.

    The mg per unit is the one logged with the dose, not today's label: a supplement edited
    or removed since must not change what was taken then. A dose moved to another night
    gets that night's planned bedtime; on its own night it keeps the one it was logged with.
    """
    night = night_of(at, zone, settings.day_boundary)
    bedtime = intake.bedtime
    if night != intake.night:
        bedtime = bedtime_of(night, settings, zone).astimezone(UTC)
    return replace(
        intake,
        units=units,
        mg=quantity(intake.mg / intake.units * units),
        at=at.astimezone(UTC),
        night=night,
        zone=zone.key,
        bedtime=bedtime,
    )
