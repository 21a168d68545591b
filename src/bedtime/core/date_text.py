"""How days and times read to a person: one style for the command line, the tray and the
windows ("Tue 1 Dec", "Wed 22:00"; "di 1 dec", "wo 22:00" in Dutch). Machine formats
(--json, CSV) stay ISO. Times are on the 24-hour clock in every language.

The names and the order they come in come from the catalog rather than strftime or
QLocale, whose names follow the machine's locale, not the language the app speaks.
"""

from datetime import date, datetime, timedelta

from .wording import pgettext


def weekday_short(weekday: int) -> str:
    """ "Mon" … "Sun" ("ma" … "zo") for date.weekday() 0 … 6."""
    return (
        pgettext("weekday", "Mon"),
        pgettext("weekday", "Tue"),
        pgettext("weekday", "Wed"),
        pgettext("weekday", "Thu"),
        pgettext("weekday", "Fri"),
        pgettext("weekday", "Sat"),
        pgettext("weekday", "Sun"),
    )[weekday]


def weekday_name(weekday: int) -> str:
    """ "Monday" … "Sunday" ("maandag" … "zondag") for date.weekday() 0 … 6."""
    return (
        pgettext("weekday", "Monday"),
        pgettext("weekday", "Tuesday"),
        pgettext("weekday", "Wednesday"),
        pgettext("weekday", "Thursday"),
        pgettext("weekday", "Friday"),
        pgettext("weekday", "Saturday"),
        pgettext("weekday", "Sunday"),
    )[weekday]


def month_short(month: int) -> str:
    """ "Jan" … "Dec" ("jan" … "dec") for months 1 … 12."""
    return (
        pgettext("month", "Jan"),
        pgettext("month", "Feb"),
        pgettext("month", "Mar"),
        pgettext("month", "Apr"),
        pgettext("month", "May"),
        pgettext("month", "Jun"),
        pgettext("month", "Jul"),
        pgettext("month", "Aug"),
        pgettext("month", "Sep"),
        pgettext("month", "Oct"),
        pgettext("month", "Nov"),
        pgettext("month", "Dec"),
    )[month - 1]


def month_name(month: int) -> str:
    """ "January" … "December" ("januari" … "december") for months 1 … 12."""
    return (
        pgettext("month name", "January"),
        pgettext("month name", "February"),
        pgettext("month name", "March"),
        pgettext("month name", "April"),
        pgettext("month name", "May"),
        pgettext("month name", "June"),
        pgettext("month name", "July"),
        pgettext("month name", "August"),
        pgettext("month name", "September"),
        pgettext("month name", "October"),
        pgettext("month name", "November"),
        pgettext("month name", "December"),
    )[month - 1]


def in_pattern(d: date, pattern: str) -> str:
    """D in one of the few patterns the chart uses, as Qt writes them ("d MMM", "MMM yyyy",
    "d MMM yyyy", "MMMM yyyy"), with this module's names instead of the machine's locale."""
    parts = {
        "d": str(d.day),
        "MMM": month_short(d.month),
        "MMMM": month_name(d.month),
        "yyyy": str(d.year),
    }
    return " ".join(parts[token] for token in pattern.split())


def day(d: date, *, this_year: int | None = None) -> str:
    """ "Tue 1 Dec"; with the year ("Tue 1 Dec 2025") when it is not THIS_YEAR."""
    parts = {"weekday": weekday_short(d.weekday()), "day": d.day, "month": month_short(d.month)}
    if this_year is None or d.year == this_year:
        return pgettext("date", "{weekday} {day} {month}").format(**parts)
    return pgettext("date", "{weekday} {day} {month} {year}").format(**parts, year=d.year)


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
        return pgettext("date", "{weekday} {time}").format(
            weekday=weekday_short(local.weekday()), time=time_of(local)
        )
    return pgettext("date", "{date} {time}").format(
        date=day(local.date(), this_year=now.year), time=time_of(local)
    )
