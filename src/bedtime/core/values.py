"""Parsing and checking of single values, each error naming its field and what is allowed."""

import re
import unicodedata
from datetime import date, time

from .errors import InvalidInput
from .wording import _, decimal_sign, either, fmt_number, group_sign

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$", re.ASCII)
_INTEGER = re.compile(r"^-?\d+$", re.ASCII)
_DIGITS = re.compile(r"^\d+$", re.ASCII)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)

# Quantities are kept to a thousandth of a unit or mg: enough for quarter tablets and ml,
# and it keeps float noise (0.1 + 0.2) out of stock counts and totals.
PRECISION = 3
SWITCH = ("on", "off")


def quantity(value: float) -> float:
    return round(value, PRECISION) + 0.0  # + 0.0 turns -0.0 into 0.0


def parse_hhmm(field: str, text: str) -> time:
    match = _HHMM.match(text.strip())
    if not match:
        raise InvalidInput(field, _("must be a time HH:MM from 00:00 to 23:59"), text)
    return time(int(match.group(1)), int(match.group(2)))


def format_hhmm(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def parse_switch(field: str, text: str) -> bool:
    """ "on" is True, "off" False."""
    value = text.strip().lower()
    if value not in SWITCH:
        raise InvalidInput(field, _("must be {choices}").format(choices=either(SWITCH)), text)
    return value == SWITCH[0]


def parse_int(field: str, text: str | int, low: int, high: int, *, minutes: bool = False) -> int:
    if minutes:
        allowed = _("must be a whole number of minutes from {low} to {high}")
    else:
        allowed = _("must be a whole number from {low} to {high}")
    allowed = allowed.format(low=low, high=high)
    raw = str(text).strip()
    if not _INTEGER.match(raw):
        raise InvalidInput(field, allowed, text)
    value = int(raw)
    if not low <= value <= high:
        raise InvalidInput(field, allowed, text)
    return value


def _reading(text: str, decimal: str, group: str) -> float | None:
    """TEXT as a number written with DECIMAL and GROUP signs, or None if it is not one."""
    whole, _point, fraction = text.partition(decimal)
    if _point and not _DIGITS.match(fraction):
        return None
    if group in whole:
        # Thousands: a first group of one to three digits, then groups of three ("12.345").
        first, *rest = whole.split(group)
        if not 1 <= len(first) <= 3 or first.startswith("0") or any(len(g) != 3 for g in rest):
            return None
        whole = "".join([first, *rest])
    if not _DIGITS.match(whole):
        return None
    return float(f"{whole}.{fraction or 0}")


def parse_number(field: str, text: str, allowed: str, example: str) -> float:
    """A number as the language writes it ("1,5" and "1.000" in Dutch, "1.5" and "1,000" in
    English), or with the other decimal sign where that can mean only one thing ("0.5" in
    Dutch). Text that reads as two different numbers, one each way ("1.000": a thousand in
    Dutch, one in English), is refused with both readings rather than guessed."""
    raw = text.strip()
    own = _reading(raw, decimal_sign(), group_sign())
    other = _reading(raw, group_sign(), decimal_sign())
    if own is not None and other is not None and own != other:
        raise InvalidInput(
            field,
            _(
                "{allowed}; {text} could be {one} or {other}, so please type {one} or {other}"
            ).format(allowed=allowed, text=raw, one=fmt_number(own), other=fmt_number(other)),
        )
    value = own if own is not None else other
    if value is None:
        raise InvalidInput(
            field, _("{allowed}, such as {example}").format(allowed=allowed, example=example), text
        )
    return value


def parse_amount(
    field: str,
    text: str | float,
    *,
    positive: bool,
    high: float | None = None,
    examples: tuple[float, ...] = (2, 0.5),
) -> float:
    """A number of units or mg: fractions allowed, never negative, optionally above zero.

    EXAMPLES are what typical values look like, for the message ("such as 200" for mg)."""
    if high is None:
        allowed = _("must be a number above 0") if positive else _("must be a number 0 or more")
    elif positive:
        allowed = _("must be a number above 0 and at most {high}")
    else:
        allowed = _("must be a number 0 or more and at most {high}")
    allowed = allowed.format(high=fmt_number(high or 0))
    raw = fmt_number(text) if isinstance(text, float | int) else text
    value = quantity(parse_number(field, raw, allowed, either([fmt_number(e) for e in examples])))
    if (positive and value == 0) or (high is not None and value > high):
        raise InvalidInput(field, allowed, text)
    return value


def parse_text(field: str, text: str, max_length: int) -> str:
    """Free text (a name, a note): one line of readable characters, normalised (NFC).

    Arguments that were not valid UTF-8 reach Python as lone surrogates; they and control
    characters would break the listing, the CSV file and the database's text.
    """
    allowed = _("must be 1 to {count} characters of readable text on one line").format(
        count=max_length
    )
    value = unicodedata.normalize("NFC", text.strip())
    if not value or len(value) > max_length:
        raise InvalidInput(field, allowed, text if value else "")
    if any(unicodedata.category(c) in ("Cc", "Cs", "Cn") for c in value):
        raise InvalidInput(field, allowed, value.encode("utf-8", "backslashreplace").decode())
    return value


def parse_name(field: str, text: str, max_length: int) -> str:
    """A name: free text, and nothing in it that prints as nothing.

    Invisible formatting characters (Unicode category Cf: zero-width spaces and joiners,
    right-to-left overrides, …) would let two names that look the same be two supplements,
    or make one print backwards in a listing.
    """
    value = parse_text(field, text, max_length)
    hidden = sorted({f"U+{ord(c):04X}" for c in value if unicodedata.category(c) == "Cf"})
    if hidden:
        raise InvalidInput(
            field,
            _("must not contain invisible formatting characters (found {found})").format(
                found=", ".join(hidden)
            ),
            value,
        )
    return value


# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder
# everything after them until closed: "2\u202e01 gm" prints as "2mg 10". In a note they can
# only mislead (what the history and the CSV show is not what is stored), so they are
# refused rather than dropped, which would change the note behind its writer's back. Other
# invisible characters stay: emoji need the zero-width joiner, scripts the direction marks.
_REORDERING = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def parse_note(field: str, text: str, max_length: int) -> str:
    """A note: free text, and nothing in it that reorders how the rest of it prints."""
    value = parse_text(field, text, max_length)
    found = sorted({f"U+{ord(c):04X}" for c in value if c in _REORDERING})
    if found:
        raise InvalidInput(
            field,
            _(
                "must not contain characters that reorder the text after them (found {found})"
            ).format(found=", ".join(found)),
            value,
        )
    return value


def name_key(name: str) -> str:
    """What makes two names the same name: Unicode case folding of the normalised text."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def parse_date(field: str, text: str) -> date:
    allowed = _("must be a date YYYY-MM-DD from 2000 on")
    if not _ISO_DATE.match(text.strip()):
        raise InvalidInput(field, allowed, text)
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(field, allowed, text) from None
    if value.year < 2000:
        raise InvalidInput(field, allowed, text)
    return value
