"""The periods History shows, and the first night of each: dates only, no Qt."""

from datetime import date, timedelta

from ...core.wording import N_

# What a period shows: its name, and how far back it reaches from tonight (None: everything).
# The studies behind the advice ran 7–8 weeks, hence the default.
PERIODS: tuple[tuple[str, tuple[str, int] | None], ...] = (
    (N_("Last 8 weeks"), ("weeks", 8)),
    (N_("Last 3 months"), ("months", 3)),
    (N_("Last 6 months"), ("months", 6)),
    (N_("Last year"), ("months", 12)),
    (N_("Everything"), None),
)
DEFAULT_PERIOD = 0


def period_start(last: date, reach: tuple[str, int] | None) -> date | None:
    """The first night of a period ending on LAST: 8 weeks are 56 nights, 3 months run from
    the day after the same date three months before (21 Aug … 20 Nov); None for everything."""
    if reach is None:
        return None
    unit, count = reach
    if unit == "weeks":
        return last - timedelta(days=7 * count - 1)
    months = last.year * 12 + last.month - 1 - count
    year, month = divmod(months, 12)
    day = last.day
    while True:
        try:
            return date(year, month + 1, day) + timedelta(days=1)
        except ValueError:
            day -= 1  # 31 May − 3 months: 28/29 Feb
