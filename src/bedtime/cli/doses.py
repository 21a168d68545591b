"""`bedtime take` and `bedtime undo`: logging a dose, and taking the last one back."""

import argparse
import shlex

from ..core import nights
from ..core.date_text import day, moment
from ..core.dosing import days_left, is_low
from ..core.errors import NotEnoughStock, OverLimit, fmt_number, plural
from ..core.supplement_input import UNITS_PER_DOSE_MAX
from ..core.trial_plan import OffNightDose
from ..core.values import parse_amount, parse_hhmm
from .context import Context
from .outcome import Refusal, warn
from .output import stock_line, total_line


def take(ctx: Context, args: argparse.Namespace) -> int:
    units = (
        None
        if args.units is None
        else parse_amount("units", args.units, positive=True, high=UNITS_PER_DOSE_MAX)
    )
    at = (
        ctx.now
        if args.at is None
        else nights.latest_at(ctx.now, parse_hhmm("at", args.at), ctx.zone)
    )
    try:
        intake, s = ctx.store.take(
            args.name, units, at, ctx.zone, ctx.settings, force=args.force, deviation=args.off_night
        )
    except OffNightDose as refusal:
        raise Refusal(f"{refusal}; add --off-night to log it anyway") from refusal
    except OverLimit as refusal:
        raise Refusal(f"{refusal}; add --force to log it anyway") from refusal
    except NotEnoughStock as refusal:
        raise Refusal(f"{refusal}; {_restock_hint(refusal.name)}") from refusal
    total = ctx.store.night_total(intake.night)
    print(
        f"Logged {fmt_number(intake.units)} × {intake.name} ({fmt_number(intake.mg)} mg) at "
        f"{moment(intake.at, ctx.now)}, night of {day(intake.night)}"
    )
    ahead = ctx.ahead()
    print(f"That night: {total_line(total, ctx.settings)}; {s.name}: {stock_line(s, ahead)}")
    left = days_left(s, ahead)
    if left is not None and is_low(s, ahead):
        warn(f"{s.name} is running low ({plural(left, 'night')} left); {_restock_hint(s.name)}")
    return 0


def _restock_hint(name: str) -> str:
    return f"restock with: bedtime supplement restock {shlex.quote(name)} UNITS"


def undo(ctx: Context, args: argparse.Namespace) -> int:
    intake = ctx.store.undo_last()
    if intake is None:
        print("Nothing to undo: no dose is logged")
        return 0
    restocked = any(
        s.id == intake.supplement_id and s.stock_units is not None for s in ctx.store.supplements()
    )
    print(
        f"Undid {fmt_number(intake.units)} × {intake.name} ({fmt_number(intake.mg)} mg) of "
        f"{moment(intake.at, ctx.now)}" + ("; its units are back in stock" if restocked else "")
    )
    return 0
