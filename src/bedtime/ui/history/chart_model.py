"""What the History chart shows, worked out without Qt: the night records as chart points,
nights grouped into weeks or months when they do not fit one by one, the round steps of the
axes, the date labels, and the words for a week or a month.

The chart widget (night_chart) draws what this gives; tests check it without a QApplication.
Dates are formatted by a function the caller gives (the widget passes core.date_text's), with Qt's
date patterns ("d MMM", "MMMM yyyy").
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from ...core.diary import QUALITY_LABELS
from ...core.history import NightRecord
from ...core.nights import bedtime_of
from ...core.settings import Settings
from ...core.wording import N_, Translated, _, decimal_sign, fmt_number, plural
from .night_words import NightNames, night_tooltip

STATUSES = ("taken", "skipped", "paused", "missed", "tonight", "not_used", "off")
# Nights without a dose that still say something: they get a marker so the gap is explained.
GAP_STATUSES = ("skipped", "paused", "missed")
# What such a night became, as the legend and the summaries name it.
GAP_WORDS = Translated({"skipped": N_("skipped"), "paused": N_("paused"), "missed": N_("missed")})
UNITS = ("night", "week", "month")

# Narrower than this, a night's bar is no longer seen as its own: group the nights instead.
MIN_SLOT_PX = 3.0
# Timing band when nothing has a time yet: a plausible evening, 22:00–00:00.
_DEFAULT_CLOCK = (600, 720)


@dataclass(frozen=True)
class ChartNight:
    """One night as the chart shows it; times are minutes after 12:00 on the evening."""

    night: date
    status: str
    mg: float
    rating: int | None
    bedtime_min: int | None
    dose_min: int | None
    # The night's words for its tooltip, made when first asked for: years of nights are
    # loaded at once, and only the few pointed at are ever read.
    describe: Callable[[], str]

    @property
    def tooltip(self) -> str:
        return self.describe()

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)} (got {self.status!r})")
        if self.rating is not None and self.rating not in QUALITY_LABELS:
            raise ValueError(f"rating must be 1 to 5 or None (got {self.rating})")


@dataclass(frozen=True)
class Slot:
    """What one column shows: a single night, or the mean over a week or month of them.

    `first_day` and `days` place the column, in days after the first night; `start`/`stop`
    index the nights it stands for.
    """

    unit: str
    first_day: int
    days: int
    start: int
    stop: int
    mg: float | None  # the night's mg, or the mean over nights with a dose; None if none
    rating: float | None
    bedtime: float | None
    dose: float | None
    marker: str | None  # a GAP_STATUSES entry when nothing was taken


@dataclass(frozen=True)
class DateTick:
    day: float  # days after the start of the first night (0.5 = the middle of the first)
    label: str


# A date and a Qt date pattern to the text shown: "d MMM" → "7 Sept".
DateFormat = Callable[[date, str], str]


def clock_label(minutes_after_noon: float) -> str:
    """A time on the evening's scale as a clock shows it: 660 → "23:00", 750 → "00:30"."""
    hours, minutes = divmod((round(minutes_after_noon) + 720) % 1440, 60)
    return f"{hours:02d}:{minutes:02d}"


def nice_ticks(top: float, max_ticks: int) -> list[float]:
    """Round steps (1, 2, 2.5 or 5 × 10ⁿ) from 0 to the first one at or above TOP.

    Of the steps giving at most MAX_TICKS intervals, the one that overshoots TOP least wins,
    so the bars use the height they are given.
    """
    top = max(top, 1.0)
    max_ticks = max(1, max_ticks)
    magnitude = 10 ** math.floor(math.log10(top / max_ticks))
    steps = [m * magnitude for m in (1, 2, 2.5, 5, 10, 20)]
    fitting = [s for s in steps if math.ceil(top / s - 1e-9) <= max_ticks]
    step = min(fitting, key=lambda s: (math.ceil(top / s - 1e-9) * s, s))
    return [k * step for k in range(math.ceil(top / step - 1e-9) + 1)]


def clock_range(times: Sequence[float]) -> tuple[int, int]:
    """Whole hours around TIMES with some air, at least two hours apart."""
    if not times:
        return _DEFAULT_CLOCK
    low = math.floor((min(times) - 10) / 60) * 60
    high = math.ceil((max(times) + 10) / 60) * 60
    while high - low < 120:
        if (high - max(times)) <= (min(times) - low):
            high += 60
        else:
            low -= 60
    return low, high


def clock_ticks(low: int, high: int, max_ticks: int) -> list[int]:
    """Whole clock hours from LOW to HIGH, every 1, 2, 3, 4 or 6 hours so that few enough fit."""
    step = next((s for s in (60, 120, 180, 240, 360) if (high - low) / s <= max(1, max_ticks)), 360)
    first = math.ceil((low + 720) / step) * step - 720
    return list(range(first, high + 1, step))


def choose_unit(px_per_day: float) -> str:
    """Nights while each gets 3 px, else weeks, and months when even weeks would be too thin."""
    if px_per_day >= MIN_SLOT_PX:
        return "night"
    if px_per_day * 7 >= MIN_SLOT_PX:
        return "week"
    return "month"


def _nights(count: int) -> str:
    return plural(count, "{n} night", "{n} nights")


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def group_nights(nights: Sequence[ChartNight], unit: str, first_weekday: int = 0) -> list[Slot]:
    """The columns for NIGHTS (oldest first) per night, week or month.

    Weeks start on FIRST_WEEKDAY (0 = Monday, as date.weekday counts). A group's mg is the mean
    over its nights with a dose, so a skipped night does not pull the bar down: the markers and
    the tooltip say how many were skipped.
    """
    if not nights:
        return []
    origin = nights[0].night
    total_days = (nights[-1].night - origin).days + 1
    if unit == "night":
        return [
            Slot(
                "night",
                (n.night - origin).days,
                1,
                i,
                i + 1,
                n.mg if n.mg > 0 else None,
                n.rating,
                n.bedtime_min,
                n.dose_min,
                n.status if n.mg <= 0 and n.status in GAP_STATUSES else None,
            )
            for i, n in enumerate(nights)
        ]
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)} (got {unit!r})")

    def key(night: date) -> date:
        if unit == "week":
            return night - timedelta(days=(night.weekday() - first_weekday) % 7)
        return night.replace(day=1)

    def end_of(start: date) -> date:
        if unit == "week":
            return start + timedelta(days=7)
        return (start + timedelta(days=32)).replace(day=1)

    slots: list[Slot] = []
    start = 0
    while start < len(nights):
        group_key = key(nights[start].night)
        stop = start
        while stop < len(nights) and key(nights[stop].night) == group_key:
            stop += 1
        group = nights[start:stop]
        first_day = max(0, (group_key - origin).days)
        last_day = min(total_days, (end_of(group_key) - origin).days)
        gaps = [n.status for n in group if n.mg <= 0 and n.status in GAP_STATUSES]
        taken = [n.mg for n in group if n.mg > 0]
        slots.append(
            Slot(
                unit,
                first_day,
                last_day - first_day,
                start,
                stop,
                _mean(taken),
                _mean([n.rating for n in group if n.rating is not None]),
                _mean([n.bedtime_min for n in group if n.bedtime_min is not None]),
                _mean([n.dose_min for n in group if n.dose_min is not None]),
                max(GAP_STATUSES, key=gaps.count) if gaps and not taken else None,
            )
        )
        start = stop
    return slots


def date_ticks(
    first: date,
    days: int,
    px_per_day: float,
    measure: Callable[[str], float],
    fmt: DateFormat,
    first_weekday: int = 0,
) -> list[DateTick]:
    """Labels along the time axis: the finest of days, weeks, months or years that fits.

    MEASURE gives a label's width in px, FMT formats a date with a Qt date format.
    """
    gap = measure("MM")
    last = first + timedelta(days=days - 1)

    def every_day() -> list[DateTick]:
        return [DateTick(k + 0.5, fmt(first + timedelta(days=k), "d MMM")) for k in range(days)]

    def weeks(step: int) -> list[DateTick]:
        offset = (first_weekday - first.weekday()) % 7
        return [
            DateTick(k + 0.5, fmt(first + timedelta(days=k), "d MMM"))
            for k in range(offset, days, 7 * step)
        ]

    def months(step: int) -> list[DateTick]:
        ticks: list[DateTick] = []
        year, month = first.year, first.month
        while date(year, month, 1) <= last:
            start = date(year, month, 1)
            if start >= first and (month - 1) % step == 0:
                label = fmt(start, "MMM yyyy" if month == 1 or not ticks else "MMM")
                ticks.append(DateTick((start - first).days, label))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return ticks

    def years(step: int) -> list[DateTick]:
        return [
            DateTick((date(year, 1, 1) - first).days, str(year))
            for year in range(first.year + 1, last.year + 1)
            if year % step == 0
        ]

    candidates: list[tuple[float, Callable[[], list[DateTick]]]] = [
        (1, every_day),
        (7, lambda: weeks(1)),
        (14, lambda: weeks(2)),
        (28, lambda: months(1)),
        (59, lambda: months(2)),
        (90, lambda: months(3)),
        (181, lambda: months(6)),
        (365, lambda: years(1)),
        (730, lambda: years(2)),
        (1826, lambda: years(5)),
        (3652, lambda: years(10)),
    ]
    for spacing_days, make in candidates:
        spacing = spacing_days * px_per_day
        # A cheap check first: no label is narrower than a year.
        if spacing < measure("0000") + gap:
            continue
        ticks = make()
        if ticks and spacing >= max(measure(t.label) for t in ticks) + gap:
            return ticks
    return []


def slot_text(slot: Slot, nights: Sequence[ChartNight], limit_mg: float, fmt: DateFormat) -> str:
    """What a column says: the night's own tooltip, or a summary of its week or month."""
    if slot.unit == "night":
        return nights[slot.start].tooltip
    group = nights[slot.start : slot.stop]
    first = group[0].night
    if slot.unit == "week":
        lines = [_("Week of {day}").format(day=fmt(first, "d MMM yyyy"))]
    else:
        lines = [fmt(first, "MMMM yyyy")]
    taken = [n.mg for n in group if n.mg > 0]
    if taken:
        mean = fmt_number(round(sum(taken) / len(taken)))
        lines.append(
            _("Taken on {taken} of {nights}, {mg} mg on average").format(
                taken=len(taken), nights=_nights(len(group)), mg=mean
            )
        )
    else:
        lines.append(_("Nothing taken ({nights})").format(nights=_nights(len(group))))
    over = sum(1 for mg in taken if mg > limit_mg)
    if over:
        lines.append(_("Above your limit on {nights}").format(nights=_nights(over)))
    gaps = [
        f"{GAP_WORDS[status]} {count}"
        for status in GAP_STATUSES
        if (count := sum(1 for n in group if n.status == status and n.mg <= 0))
    ]
    if gaps:
        lines.append(", ".join(gaps).capitalize())
    rated = [n.rating for n in group if n.rating is not None]
    if rated:
        mean_rating = sum(rated) / len(rated)
        word = QUALITY_LABELS[math.floor(mean_rating + 0.5)]
        lines.append(
            _("Sleep {rating} of 5 on average ({word}), {nights} rated").format(
                rating=f"{mean_rating:.1f}".replace(".", decimal_sign()),
                word=word,
                nights=_nights(len(rated)),
            )
        )
    else:
        lines.append(_("Sleep not rated"))
    parts = []
    if slot.dose is not None:
        parts.append(_("first dose {time}").format(time=clock_label(slot.dose)))
    if slot.bedtime is not None:
        parts.append(_("bedtime {time}").format(time=clock_label(slot.bedtime)))
    if parts:
        lines.append(_("On average {what}").format(what=", ".join(parts)))
    return "\n".join(lines)


# From night records ------------------------------------------------------------------------


def minutes_after_noon(night: date, local: datetime) -> int:
    """LOCAL (a wall-clock time) as minutes after 12:00 on NIGHT's evening: 23:00 → 660."""
    return (local.date() - night).days * 1440 + local.hour * 60 + local.minute - 720


def chart_night(
    record: NightRecord, settings: Settings, zone: ZoneInfo, words: NightNames
) -> ChartNight:
    """What the chart shows of a night: its mg, rating, and bedtime against the first dose."""
    doses = record.intakes
    if doses:
        first = doses[0]
        taken_in = ZoneInfo(first.zone)  # cached by zoneinfo: the same object every time
        dose_min: int | None = minutes_after_noon(record.night, first.at.astimezone(taken_in))
        bedtime_min = minutes_after_noon(record.night, first.bedtime.astimezone(taken_in))
    else:
        dose_min = None
        bedtime_min = minutes_after_noon(record.night, bedtime_of(record.night, settings, zone))
    mg = record.total_mg
    return ChartNight(
        night=record.night,
        status=record.status.value,
        mg=mg,
        rating=None if record.diary is None else record.diary.quality,
        bedtime_min=bedtime_min,
        dose_min=dose_min,
        describe=partial(night_tooltip, record, words, mg),
    )
