"""Supplements, doses, nightly totals, the daily limit and the stock forecast."""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .errors import DoseAboveLimit, NotEnoughStock, OverLimit
from .trial_plan import Trial, off_night
from .values import quantity


@dataclass(frozen=True)
class Supplement:
    id: int
    name: str
    form: str
    mg_per_unit: float  # elemental magnesium
    units_per_dose: float
    stock_units: float | None  # None: stock not tracked
    low_days: int

    @property
    def mg_per_dose(self) -> float:
        return quantity(self.mg_per_unit * self.units_per_dose)


@dataclass(frozen=True)
class Intake:
    """One logged dose. Name and mg are copied so history survives edits and removal."""

    uid: str
    at: datetime  # aware, UTC
    night: date
    zone: str
    supplement_id: int | None
    name: str
    units: float
    mg: float
    bedtime: datetime  # aware, UTC: the night's bedtime as planned when the dose was logged

    @property
    def minutes_before_bedtime(self) -> int:
        return round((self.bedtime - self.at).total_seconds() / 60)


@dataclass(frozen=True)
class Ahead:
    """The nights a stock is counted over: one full dose a night from TONIGHT on, none on the
    off nights of TRIAL, which stretch the stock. The default: a dose every night."""

    tonight: date = date.min
    trial: Trial | None = None


EVERY_NIGHT = Ahead()


def days_left(supplement: Supplement, ahead: Ahead = EVERY_NIGHT) -> int | None:
    """Whole nights the stock still covers, counted over the nights AHEAD."""
    if supplement.stock_units is None:
        return None
    doses = math.floor(quantity(supplement.stock_units / supplement.units_per_dose))
    trial = ahead.trial
    if trial is None:
        return doses
    nights, night = 0, ahead.tonight
    # Off nights lie only within the trial's nights: past them each night takes a dose.
    while doses > 0 and night <= trial.last:
        doses -= not off_night(trial, night)
        nights, night = nights + 1, night + timedelta(days=1)
    return nights + doses


def is_low(supplement: Supplement, ahead: Ahead = EVERY_NIGHT) -> bool:
    left = days_left(supplement, ahead)
    return left is not None and left < supplement.low_days


def above_limit(mg_per_dose: float, limit_mg: float) -> bool:
    """Whether one dose alone is more than the daily limit (the limit itself is allowed)."""
    return mg_per_dose > limit_mg


def check_dose_size(supplement: Supplement, limit_mg: float, *, force: bool) -> None:
    """Refuse a supplement whose one dose alone is above the daily limit, unless confirmed.

    Every night it would be offered a dose that `check_dose` then refuses: almost always a
    slipped digit (5000 for 500 mg, or the compound's weight for the elemental one), so it
    is caught where it is typed. A confirmation keeps it: a doctor may have advised more.
    """
    refusals = [] if force else doses_above([supplement], limit_mg)
    if refusals:
        raise refusals[0]


def doses_above(supplements: Iterable[Supplement], limit_mg: float) -> list[DoseAboveLimit]:
    """Why each of SUPPLEMENTS whose one dose is above LIMIT_MG would be refused: for a limit
    lowered below doses already kept, which stands (the user's choice) but is worth saying."""
    return [
        DoseAboveLimit(s.name, s.units_per_dose, s.mg_per_unit, s.mg_per_dose, limit_mg)
        for s in supplements
        if above_limit(s.mg_per_dose, limit_mg)
    ]


def check_dose(
    supplement: Supplement, units: float, night_total_mg: float, limit_mg: float, *, force: bool
) -> float:
    """The mg of a dose of UNITS, or a refusal: more than the stock, or over the limit unconfirmed.

    Stock comes first: a confirmation cannot make tablets that are not there.
    """
    if supplement.stock_units is not None and units > supplement.stock_units:
        raise NotEnoughStock(supplement.name, units, supplement.stock_units)
    mg = quantity(supplement.mg_per_unit * units)
    if not force and quantity(night_total_mg + mg) > limit_mg:
        raise OverLimit(night_total_mg, mg, limit_mg)
    return mg


def stock_after(supplement: Supplement, units: float) -> float | None:
    if supplement.stock_units is None:
        return None
    return quantity(supplement.stock_units - units)
