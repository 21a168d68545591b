"""What several commands print alike: times, on or off, supplements, stock and totals."""

from datetime import datetime
from zoneinfo import ZoneInfo

from ..core.dosing import Ahead, Supplement, days_left, is_low
from ..core.settings import Settings
from ..core.values import SWITCH
from ..core.wording import _, fmt_number, plural

ADD_HINT = "bedtime supplement add NAME --mg-per-unit MG"


def local_time(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).isoformat(timespec="seconds")


def switch(on: bool) -> str:
    return SWITCH[0] if on else SWITCH[1]


def supplement_json(s: Supplement, ahead: Ahead) -> dict[str, object]:
    return {
        "name": s.name,
        "form": s.form,
        "mg_per_unit": s.mg_per_unit,
        "units_per_dose": s.units_per_dose,
        "mg_per_dose": s.mg_per_dose,
        "stock_units": s.stock_units,
        "days_left": days_left(s, ahead),
        "low_days": s.low_days,
        "low": is_low(s, ahead),
    }


def stock_line(s: Supplement, ahead: Ahead) -> str:
    """ "stock 30 (15 nights left)": nights counted over the nights AHEAD."""
    left = days_left(s, ahead)
    if left is None:
        return _("stock not tracked")
    return _("stock {stock} ({nights} left)").format(
        stock=fmt_number(s.stock_units or 0), nights=plural(left, "{n} night", "{n} nights")
    )


def total_line(total: float, s: Settings) -> str:
    line = f"{fmt_number(total)} / {fmt_number(s.target_mg)} mg"
    if total > s.limit_mg:
        line += _(", above your limit of {limit} mg").format(limit=fmt_number(s.limit_mg))
    return line
