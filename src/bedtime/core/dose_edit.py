"""Correcting a logged dose afterwards: how much, and when it was taken."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from .dosing import Intake, Supplement
from .errors import NotEnoughStock
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
    night = night_of(at, zone, settings)
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


def check_stock(old: Intake, new: Intake, supplements: Sequence[Supplement]) -> None:
    """Refuse an edit that needs more units than the stock holds, the old dose's given back.

    The store never lets a stock go below zero; without this refusal it stopped there, and
    undoing the edit then gave back units that had never been taken out.
    """
    for s in supplements:
        if s.id == new.supplement_id and s.stock_units is not None:
            available = quantity(s.stock_units + old.units)
            if new.units > available:
                raise NotEnoughStock(s.name, new.units, available)
