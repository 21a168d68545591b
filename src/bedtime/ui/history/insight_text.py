"""The insight panel in plain words: short sentences, each with the nights behind it.

Plain Python, so the wording can be tested without a screen. Figures are rounded here (to
one decimal at most), never in the core; a sentence never says more than its count allows.
"""

from decimal import ROUND_HALF_UP, Decimal

from ...core.insights import EFFICIENCY_AIM, MIN_NIGHTS, ON_TIME_MINUTES, Insights
from ...core.wording import N_, _, decimal_sign, fmt_number, plural

NOTHING_YET = N_("Nothing logged in this period yet.")
CAUTION = N_("A difference can have other causes; it is not proof.")


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
    return f"{str(_rounded(value)).replace('.', decimal_sign())} / 5"


def percent(part: int, whole: int) -> str:
    """PART of WHOLE (> 0) as a whole percentage; 0 % and 100 % only when exactly so."""
    exact = Decimal(part * 100) / Decimal(whole)
    value = int(exact.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    if 0 < part < whole:
        value = min(max(value, 1), 99)
    return f"{value} %"


def _minutes(value: float) -> str:
    return plural(float(_rounded(value)), "{n} minute", "{n} minutes")


def adherence(i: Insights) -> str:
    """ "Taken on 40 of 50 planned nights (80 %); 31 of them on time (…)"."""
    if i.planned == 0:
        return _("No planned nights in this period.")
    line = _("Taken on {taken} of {planned} ({percent})").format(
        taken=i.taken,
        planned=plural(i.planned, "{n} planned night", "{n} planned nights"),
        percent=percent(i.taken, i.planned),
    )
    window = _("within {minutes} min of the reminder").format(minutes=ON_TIME_MINUTES)
    if i.taken == 1:  # a whole clause: "; on time (…)" alone read as a fragment
        if i.on_time:
            return line + _(", and on time that night ({window}).").format(window=window)
        return line + _(
            ", but not on time that night (more than {minutes} min from the reminder)."
        ).format(minutes=ON_TIME_MINUTES)
    if i.taken > 1:
        return line + _("; {count} of them on time ({window}).").format(
            count=i.on_time, window=window
        )
    return line + "."


def ratings(i: Insights) -> str:
    """The two mean ratings side by side, or why they are not (yet)."""
    if not i.comparable or i.rating_with is None or i.rating_without is None:
        line = _(
            "Not enough nights yet to compare ratings with and without magnesium "
            "({with_count} with, {without_count} without; {needed} each needed)."
        ).format(with_count=i.rated_with, without_count=i.rated_without, needed=MIN_NIGHTS)
    else:
        line = (
            _(
                "Sleep rating on nights with magnesium: {with_rating} ({with_nights}); "
                "without: {without_rating} ({without_nights})."
            ).format(
                with_rating=rating(i.rating_with),
                with_nights=nights(i.rated_with),
                without_rating=rating(i.rating_without),
                without_nights=nights(i.rated_without),
            )
            + " "
            + _(CAUTION)
        )
    if i.trial_rated:
        line += " " + plural(
            i.trial_rated,
            "{n} night rated in your trial is not in this comparison: the trial's result "
            "compares it as planned.",
            "{n} nights rated in your trial are not in this comparison: the trial's result "
            "compares them as planned.",
        )
    return line


def timing(i: Insights) -> str | None:
    """How long before bedtime the first dose was taken, as a median."""
    median = i.median_minutes_before
    if median is None or i.taken == 0:
        return None
    if number(median) == "0":
        if i.taken == 1:
            return _("Taken right at bedtime ({nights}).").format(nights=nights(i.taken))
        return _("Taken right at bedtime, going by the median ({nights}).").format(
            nights=nights(i.taken)
        )
    if median > 0:
        how_long = _("{minutes} before bedtime").format(minutes=_minutes(abs(median)))
    else:
        how_long = _("{minutes} after bedtime").format(minutes=_minutes(abs(median)))
    if i.taken == 1:
        return _("Taken {how_long} ({nights}).").format(how_long=how_long, nights=nights(i.taken))
    return _("Taken a median of {how_long} ({nights}).").format(
        how_long=how_long, nights=nights(i.taken)
    )


def sleep(i: Insights) -> str | None:
    """Time to fall asleep and sleep efficiency from the diary, whichever are noted."""
    parts: list[str] = []
    if i.latency_min is not None and i.latency_nights:
        if i.latency_nights == 1:
            text = _("Fell asleep in {minutes} (noted on {nights})")
        else:
            text = _("Fell asleep in {minutes} on average (noted on {nights})")
        parts.append(text.format(minutes=_minutes(i.latency_min), nights=nights(i.latency_nights)))
    if i.efficiency is not None and i.efficiency_nights:
        if parts:
            text = _("sleep efficiency {percent} % ({nights}; {aim} % or more is the usual aim)")
        elif i.efficiency_nights == 1:
            text = _("Sleep efficiency {percent} % ({nights}; {aim} % or more is the usual aim)")
        else:
            text = _(
                "Sleep efficiency {percent} % on average ({nights}; {aim} % or more is the "
                "usual aim)"
            )
        parts.append(
            text.format(
                percent=number(i.efficiency), nights=nights(i.efficiency_nights), aim=EFFICIENCY_AIM
            )
        )
    return "; ".join(parts) + "." if parts else None


def amounts(i: Insights) -> str | None:
    """Mean mg per night with a dose, against the target and the limit."""
    if i.mean_mg is None or i.taken == 0:
        return None
    if i.nights_at_target:
        reached = _("{nights} reached the target").format(nights=nights(i.nights_at_target))
    else:
        reached = _("no night reached the target")
    if i.nights_over_limit:
        over = _("{count} went over the {limit} mg limit").format(
            count=i.nights_over_limit, limit=fmt_number(i.limit_mg)
        )
    else:
        over = _("none went over the {limit} mg limit").format(limit=fmt_number(i.limit_mg))
    if i.taken > 1:
        text = _(
            "On average {mg} mg a night ({nights} with a dose) against a target of "
            "{target} mg; {reached}, {over}."
        )
    else:
        text = _(
            "{mg} mg a night ({nights} with a dose) against a target of {target} mg; "
            "{reached}, {over}."
        )
    return text.format(
        mg=number(i.mean_mg),
        nights=nights(i.taken),
        target=fmt_number(i.target_mg),
        reached=reached,
        over=over,
    )


def insight_lines(i: Insights) -> list[str]:
    """The insight panel, one sentence a line; one line only when nothing is logged."""
    if i.logged == 0:
        return [_(NOTHING_YET)]
    lines: list[str] = []
    if i.planned:
        lines.append(adherence(i))
    lines.append(ratings(i))
    for line in (timing(i), sleep(i), amounts(i)):
        if line is not None:
            lines.append(line)
    return lines
