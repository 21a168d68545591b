"""`bedtime supplement add|list|restock|remove`: what you take, and its stock."""

import argparse
import json

from ..core.dosing import check_dose_size, is_low
from ..core.errors import DoseAboveLimit, fmt_number
from ..core.forms import FORMS
from ..core.supplement_input import draft_supplement, parse_restock_units
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
            f"{refusal}; check --mg-per-unit and --units-per-dose, or add --force to add it anyway"
        ) from refusal
    added = ctx.store.add_supplement(draft, ctx.now)
    print(
        f"Added {added.name}: {fmt_number(added.mg_per_dose)} mg a dose "
        f"({fmt_number(added.units_per_dose)} × {fmt_number(added.mg_per_unit)} mg, "
        f"{FORMS[added.form].label}), {stock_line(added, ctx.ahead())}"
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
        print(f"No supplements yet: {ADD_HINT}")
    for s in supplements:
        low = "  (running low)" if is_low(s, ahead) else ""
        print(
            f"{s.name}: {FORMS[s.form].label}, {fmt_number(s.mg_per_unit)} mg per unit, "
            f"{fmt_number(s.units_per_dose)} a dose, {stock_line(s, ahead)}{low}"
        )
    return 0


def restock(ctx: Context, args: argparse.Namespace) -> int:
    units = parse_restock_units(args.units)
    s = ctx.store.restock(args.name, units)
    print(f"Restocked {s.name}: {stock_line(s, ctx.ahead())}")
    return 0


def remove(ctx: Context, args: argparse.Namespace) -> int:
    s = ctx.store.remove_supplement(args.name, ctx.now)
    print(f"Removed {s.name}; doses already logged stay in the history")
    return 0
