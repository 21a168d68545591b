"""`bedtime supplement add|list|restock|remove`: what you take, and its stock."""

import argparse
import json

from ..core.dosing import check_dose_size, is_low
from ..core.errors import DoseAboveLimit
from ..core.forms import FORMS
from ..core.supplement_input import draft_supplement, parse_restock_units
from ..core.wording import _, fmt_number
from .context import Context
from .outcome import Refusal
from .output import ADD_HINT, stock_line, supplement_json


def add(ctx: Context, args: argparse.Namespace) -> int:
    draft = draft_supplement(
        args.name, args.form, args.mg_per_unit, args.units_per_dose, args.stock, args.low_days
    )
    try:
        check_dose_size(draft, ctx.settings.limit_mg, force=args.force)
    except DoseAboveLimit as refusal:
        raise Refusal(
            _(
                "{problem}; check --mg-per-unit and --units-per-dose, or add --force to add "
                "it anyway"
            ).format(problem=refusal)
        ) from refusal
    added = ctx.store.add_supplement(draft, ctx.now)
    print(
        _("Added {name}: {mg} mg a dose ({units} × {mg_per_unit} mg, {form}), {stock}").format(
            name=added.name,
            mg=fmt_number(added.mg_per_dose),
            units=fmt_number(added.units_per_dose),
            mg_per_unit=fmt_number(added.mg_per_unit),
            form=FORMS[added.form].label,
            stock=stock_line(added, ctx.ahead()),
        )
    )
    return 0


def listing(ctx: Context, args: argparse.Namespace) -> int:
    supplements = ctx.store.supplements()
    ahead = ctx.ahead()
    if args.json:
        shown = [supplement_json(s, ahead) for s in supplements]
        print(json.dumps(shown, indent=2, ensure_ascii=False))
        return 0
    if not supplements:
        print(_("No supplements yet: {command}").format(command=ADD_HINT))
    for s in supplements:
        low = _("  (running low)") if is_low(s, ahead) else ""
        print(
            _("{name}: {form}, {mg_per_unit} mg per unit, {units} a dose, {stock}").format(
                name=s.name,
                form=FORMS[s.form].label,
                mg_per_unit=fmt_number(s.mg_per_unit),
                units=fmt_number(s.units_per_dose),
                stock=stock_line(s, ahead),
            )
            + low
        )
    return 0


def restock(ctx: Context, args: argparse.Namespace) -> int:
    units = parse_restock_units(args.units)
    s = ctx.store.restock(args.name, units)
    print(_("Restocked {name}: {stock}").format(name=s.name, stock=stock_line(s, ctx.ahead())))
    return 0


def remove(ctx: Context, args: argparse.Namespace) -> int:
    s = ctx.store.remove_supplement(args.name, ctx.now)
    print(_("Removed {name}; doses already logged stay in the history").format(name=s.name))
    return 0
