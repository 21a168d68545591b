"""How days and times read to a person: one style for the command line, the tray and the
windows ("Tue 1 Dec", "Wed 22:00"). Machine formats (--json, CSV) stay ISO.

The names come from this table rather than strftime, whose %a and %b follow the C locale
of the machine, not the language the app speaks.
"""

from datetime import date, datetime, timedelta

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(d: date, *, this_year: int | None = None) -> str:
    """ "Tue 1 Dec"; with the year ("Tue 1 Dec 2025") when it is not THIS_YEAR."""
    text = f"{DAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]}"
    return text if this_year is None or d.year == this_year else f"{text} {d.year}"


def time_of(instant: datetime) -> str:
    """ "21:58", on the instant's own clock."""
    return f"{instant:%H:%M}"


def moment(instant: datetime, now: datetime) -> str:
    """An instant as seen from NOW, on NOW's clock: "21:30" today, "Sat 21:30" within the
    week around today, "Sat 28 Nov 21:30" further away."""
    local = instant.astimezone(now.tzinfo)
    if local.date() == now.date():
        return time_of(local)
    if abs(local.date() - now.date()) < timedelta(days=6):
        return f"{DAYS[local.weekday()]} {time_of(local)}"
    return f"{day(local.date(), this_year=now.year)} {time_of(local)}"
