"""The insight panel in plain words: short sentences, each with the nights behind it.

Plain Python, so the wording can be tested without a screen. Figures are rounded here (to
one decimal at most), never in the core; a sentence never says more than its count allows.
"""

from decimal import ROUND_HALF_UP, Decimal

from ...core.insights import EFFICIENCY_AIM, MIN_NIGHTS, ON_TIME_MINUTES, Insights
from ...core.wording import fmt_number, plural

NOTHING_YET = "Nothing logged in this period yet."
CAUTION = "A difference can have other causes; it is not proof."


def nights(count: int) -> str:
    return plural(count, "{n} night", "{n} nights")


def _rounded(value: float) -> Decimal:
    """VALUE to one decimal, halves up (3.25 → 3.3) as people round by hand."""
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def number(value: float) -> str:
    """A mean as people write it: one decimal at most, no trailing zero (18, 18.5)."""
    return fmt_number(float(_rounded(value)))


def rating(value: float) -> str:
    """A mean rating always with its decimal (4.0 / 5), so it does not read as one night's."""
    return f"{_rounded(value)} / 5"


def percent(part: int, whole: int) -> str:
    """PART of WHOLE (> 0) as a whole percentage; 0 % and 100 % only when exactly so."""
    exact = Decimal(part * 100) / Decimal(whole)
    value = int(exact.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    if 0 < part < whole:
        value = min(max(value, 1), 99)
    return f"{value} %"


def _minutes(value: float) -> str:
    text = number(value)
    return f"{text} minute{'' if text == '1' else 's'}"


def adherence(i: Insights) -> str:
    """ "Taken on 40 of 50 planned nights (80 %); 31 of them on time (…)"."""
    if i.planned == 0:
        return "No planned nights in this period."
    line = (
        f"Taken on {i.taken} of {plural(i.planned, '{n} planned night', '{n} planned nights')}"
        f" ({percent(i.taken, i.planned)})"
    )
    window = f"within {ON_TIME_MINUTES} min of the reminder"
    if i.taken == 1:  # a whole clause: "; on time (…)" alone read as a fragment
        return line + (
            f", and on time that night ({window})."
            if i.on_time
            else f", but not on time that night (more than {ON_TIME_MINUTES} min from the"
            " reminder)."
        )
    if i.taken > 1:
        return line + f"; {i.on_time} of them on time ({window})."
    return line + "."


def ratings(i: Insights) -> str:
    """The two mean ratings side by side, or why they are not (yet)."""
    if not i.comparable or i.rating_with is None or i.rating_without is None:
        return (
            "Not enough nights yet to compare ratings with and without magnesium"
            f" ({i.rated_with} with, {i.rated_without} without; {MIN_NIGHTS} each needed)."
        )
    return (
        f"Sleep rating on nights with magnesium: {rating(i.rating_with)} ({nights(i.rated_with)});"
        f" without: {rating(i.rating_without)} ({nights(i.rated_without)}). {CAUTION}"
    )


def timing(i: Insights) -> str | None:
    """How long before bedtime the first dose was taken, as a median."""
    median = i.median_minutes_before
    if median is None or i.taken == 0:
        return None
    if number(median) == "0":
        by_median = "" if i.taken == 1 else ", going by the median"
        return f"Taken right at bedtime{by_median} ({nights(i.taken)})."
    side = "before" if median > 0 else "after"
    how_long = f"{_minutes(abs(median))} {side} bedtime"
    if i.taken == 1:
        return f"Taken {how_long} ({nights(i.taken)})."
    return f"Taken a median of {how_long} ({nights(i.taken)})."


def sleep(i: Insights) -> str | None:
    """Time to fall asleep and sleep efficiency from the diary, whichever are noted."""
    parts: list[str] = []
    if i.latency_min is not None and i.latency_nights:
        average = "" if i.latency_nights == 1 else " on average"
        parts.append(
            f"Fell asleep in {_minutes(i.latency_min)}{average}"
            f" (noted on {nights(i.latency_nights)})"
        )
    if i.efficiency is not None and i.efficiency_nights:
        average = "" if parts or i.efficiency_nights == 1 else " on average"
        parts.append(
            f"{'s' if parts else 'S'}leep efficiency {number(i.efficiency)} %{average}"
            f" ({nights(i.efficiency_nights)}; {EFFICIENCY_AIM} % or more is the usual aim)"
        )
    return "; ".join(parts) + "." if parts else None


def amounts(i: Insights) -> str | None:
    """Mean mg per night with a dose, against the target and the limit."""
    if i.mean_mg is None or i.taken == 0:
        return None
    average = "On average " if i.taken > 1 else ""
    reached = (
        f"{nights(i.nights_at_target)} reached the target"
        if i.nights_at_target
        else "no night reached the target"
    )
    over = str(i.nights_over_limit) if i.nights_over_limit else "none"
    limit = fmt_number(i.limit_mg)
    return (
        f"{average}{number(i.mean_mg)} mg a night ({nights(i.taken)} with a dose)"
        f" against a target of {fmt_number(i.target_mg)} mg; {reached},"
        f" {over} went over the {limit} mg limit."
    )


def insight_lines(i: Insights) -> list[str]:
    """The insight panel, one sentence a line; one line only when nothing is logged."""
    if i.logged == 0:
        return [NOTHING_YET]
    lines: list[str] = []
    if i.planned:
        lines.append(adherence(i))
    lines.append(ratings(i))
    for line in (timing(i), sleep(i), amounts(i)):
        if line is not None:
            lines.append(line)
    return lines
