"""Parsing and checking of single values, each error naming its field and what is allowed."""

import math
import re
from datetime import date, time

from .errors import InvalidInput

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

# Quantities are kept to a thousandth of a unit or mg: enough for quarter tablets and ml,
# and it keeps float noise (0.1 + 0.2) out of stock counts and totals.
PRECISION = 3


def quantity(value: float) -> float:
    return round(value, PRECISION) + 0.0  # + 0.0 turns -0.0 into 0.0


def parse_hhmm(field: str, text: str) -> time:
    match = _HHMM.match(text.strip())
    if not match:
        raise InvalidInput(field, "must be a time HH:MM from 00:00 to 23:59", text)
    return time(int(match.group(1)), int(match.group(2)))


def format_hhmm(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def parse_int(field: str, text: str | int, low: int, high: int, unit: str = "") -> int:
    allowed = f"must be a whole number{unit} from {low} to {high}"
    try:
        value = int(str(text).strip())
    except ValueError:
        raise InvalidInput(field, allowed, text) from None
    if not low <= value <= high:
        raise InvalidInput(field, allowed, text)
    return value


def parse_amount(
    field: str, text: str | float, *, positive: bool, high: float | None = None
) -> float:
    """A number of units or mg: fractions allowed, never negative, optionally above zero."""
    lower = "above 0" if positive else "0 or more"
    allowed = f"must be a number {lower}" + ("" if high is None else f" and at most {high:g}")
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        raise InvalidInput(field, allowed, text) from None
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        raise InvalidInput(field, allowed, text)
    if high is not None and value > high:
        raise InvalidInput(field, allowed, text)
    value = quantity(value)
    if positive and value == 0:  # smaller than the precision we keep
        raise InvalidInput(field, allowed, text)
    return value


def parse_date(field: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(field, "must be a date YYYY-MM-DD", text) from None
