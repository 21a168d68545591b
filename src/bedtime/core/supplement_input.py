"""A new supplement from what the user typed: one set of rules for the command line and the app.

Every argument is the raw text as given, so both front ends report the same field names,
limits and examples, and a value accepted by one is accepted by the other.
"""

from .dosing import Supplement
from .errors import InvalidInput
from .forms import parse_form
from .values import parse_amount, parse_int, parse_name, quantity
from .wording import _, fmt_number

NAME_MAX_LENGTH = 80
# Far above any real label or dose; they only catch a slipped digit or an extra zero.
MG_PER_UNIT_MAX = 5000
UNITS_PER_DOSE_MAX = 100
STOCK_MAX = 100000
# Units added at once: a new pack, or a few. The biggest tubs hold about 1000 tablets and the
# biggest bottles a litre (1000 ml), so more than this is an extra zero, not a delivery.
RESTOCK_MAX = 5000
LOW_DAYS_MAX = 365
# The weight of a whole compound per unit (a gram of bisglycinate, a scoop of citrate powder).
COMPOUND_MG_MAX = 20000


def parse_mg_per_unit(text: str) -> float:
    return parse_amount("mg-per-unit", text, positive=True, high=MG_PER_UNIT_MAX, examples=(200,))


def parse_compound_mg(text: str) -> float:
    """The compound's weight per unit as a label gives it, to estimate the elemental mg from."""
    return parse_amount("compound-mg", text, positive=True, high=COMPOUND_MG_MAX, examples=(1000,))


def parse_units_per_dose(text: str) -> float:
    return parse_amount("units-per-dose", text, positive=True, high=UNITS_PER_DOSE_MAX)


def parse_stock(text: str | None) -> float | None:
    """Units on hand, or None when left empty: then the stock is not tracked at all."""
    if text is None or not text.strip():
        return None
    return parse_amount("stock", text, positive=False, high=STOCK_MAX, examples=(60,))


def parse_restock_units(text: str) -> float:
    """Units added to the stock: a new pack, so more than none."""
    return parse_amount("units", text, positive=True, high=RESTOCK_MAX, examples=(60,))


def restocked(supplement: Supplement, units: float) -> float:
    """The stock of SUPPLEMENT once UNITS are added, or InvalidInput above STOCK_MAX.

    The same bound as a stock typed in full, so no number of restocks makes a stock that
    could not be typed.
    """
    current = supplement.stock_units or 0.0
    stock = quantity(current + units)
    if stock > STOCK_MAX:
        room = fmt_number(quantity(STOCK_MAX - current))
        raise InvalidInput(
            "units",
            _(
                "must be at most {room}: {name} has {stock} and a stock can be at most {most}"
            ).format(room=room, name=supplement.name, stock=fmt_number(current), most=STOCK_MAX),
            fmt_number(units),
        )
    return stock


def parse_low_days(text: str) -> int:
    return parse_int("low-days", text, 0, LOW_DAYS_MAX)


def draft_supplement(
    name: str,
    form: str,
    mg_per_unit: str,
    units_per_dose: str,
    stock: str | None,
    low_days: str,
) -> Supplement:
    """The supplement to add (id 0: the store gives the real one), or InvalidInput.

    Fields are checked in the order a form shows them, so the first mistake reported is the
    first one the user meets. Whether the name is free is the store's question, not this one's.
    """
    return Supplement(
        id=0,
        name=parse_name("name", name, NAME_MAX_LENGTH),
        form=parse_form(form),
        mg_per_unit=parse_mg_per_unit(mg_per_unit),
        units_per_dose=parse_units_per_dose(units_per_dose),
        stock_units=parse_stock(stock),
        low_days=parse_low_days(low_days),
    )
