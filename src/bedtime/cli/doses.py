"""`bedtime take` and `bedtime undo`: logging a dose, and taking the last one back."""

import argparse
import shlex

from ..core import nights
from ..core.date_text import day, moment
from ..core.dosing import days_left, is_low
from ..core.errors import NotEnoughStock, OverLimit
from ..core.supplement_input import UNITS_PER_DOSE_MAX
from ..core.trial_plan import OffNightDose
from ..core.values import parse_amount, parse_hhmm
from ..core.wording import _, fmt_number, plural
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
        raise Refusal(
            _("{problem}; add --off-night to log it anyway").format(problem=refusal)
        ) from refusal
    except OverLimit as refusal:
        raise Refusal(
            _("{problem}; add --force to log it anyway").format(problem=refusal)
        ) from refusal
    except NotEnoughStock as refusal:
        raise Refusal(f"{refusal}; {_restock_hint(refusal.name)}") from refusal
    total = ctx.store.night_total(intake.night)
    print(
        _("Logged {units} × {name} ({mg} mg) at {time}, night of {day}").format(
            units=fmt_number(intake.units),
            name=intake.name,
            mg=fmt_number(intake.mg),
            time=moment(intake.at, ctx.now),
            day=day(intake.night),
        )
    )
    ahead = ctx.ahead()
    print(
        _("That night: {total}; {name}: {stock}").format(
            total=total_line(total, ctx.settings), name=s.name, stock=stock_line(s, ahead)
        )
    )
    left = days_left(s, ahead)
    if left is not None and is_low(s, ahead):
        warn(
            _("{name} is running low ({nights} left); {hint}").format(
                name=s.name,
                nights=plural(left, "{n} night", "{n} nights"),
                hint=_restock_hint(s.name),
            )
        )
    return 0


def _restock_hint(name: str) -> str:
    return _("restock with: {command}").format(
        command=f"bedtime supplement restock {shlex.quote(name)} UNITS"
    )


def undo(ctx: Context, args: argparse.Namespace) -> int:
    intake = ctx.store.undo_last()
    if intake is None:
        print(_("Nothing to undo: no dose is logged"))
        return 0
    restocked = any(
        s.id == intake.supplement_id and s.stock_units is not None for s in ctx.store.supplements()
    )
    print(
        _("Undid {units} × {name} ({mg} mg) of {time}").format(
            units=fmt_number(intake.units),
            name=intake.name,
            mg=fmt_number(intake.mg),
            time=moment(intake.at, ctx.now),
        )
        + (_("; its units are back in stock") if restocked else "")
    )
    return 0
