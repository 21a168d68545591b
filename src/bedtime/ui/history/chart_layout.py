"""Where the History chart's parts go at a given size and font: the legend, the mg band above
the timing band, the axes' ticks, and a column per night, week or month.

Sizes come from the font, so the chart scales with the display and the user's font size.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF

from ...core.diary import QUALITY_LABELS
from ...core.wording import _, fmt_number
from .chart_model import (
    GAP_STATUSES,
    GAP_WORDS,
    ChartNight,
    DateFormat,
    DateTick,
    Slot,
    choose_unit,
    clock_label,
    clock_range,
    clock_ticks,
    date_ticks,
    nice_ticks,
)


@dataclass(frozen=True)
class Legend:
    kind: str
    text: str


SWATCH_EMS = 1.2


def timing_legend() -> list[Legend]:
    """The timing marks' legend, beside the band or in the legend on top."""
    return [Legend("bedtime", _("bedtime")), Legend("dose", _("first dose"))]


@dataclass
class Geometry:
    em: float
    left: float
    right: float
    upper_top: float
    baseline: float
    lower_top: float
    lower_bottom: float
    px_per_day: float
    slots: list[Slot]
    mg_ticks: list[float]
    rating_ticks: list[int]
    rating_words: bool
    clock_low: int
    clock_high: int
    clock_ticks: list[int]
    date_ticks: list[DateTick]
    legend: list[tuple[QPointF, Legend]]

    def x(self, day: float) -> float:
        return self.left + day * self.px_per_day

    def column(self, slot: Slot) -> QRectF:
        x0, x1 = self.x(slot.first_day), self.x(slot.first_day + slot.days)
        return QRectF(x0, self.upper_top, x1 - x0, self.lower_bottom - self.upper_top)

    def mg_y(self, mg: float) -> float:
        top = self.mg_ticks[-1]
        return self.baseline - mg / top * (self.baseline - self.upper_top)

    def rating_y(self, rating: float) -> float:
        share = 0.12 + (rating - 1) / 4 * 0.8
        return self.baseline - share * (self.baseline - self.upper_top)

    def clock_y(self, minutes: float) -> float:
        span = self.clock_high - self.clock_low
        return self.lower_top + (minutes - self.clock_low) / span * (
            self.lower_bottom - self.lower_top
        )


def legend_items(slots: list[Slot], limit_mg: float, *, timing_beside: bool) -> list[Legend]:
    """What the drawn marks mean; the optional ones only when something shows them."""
    items = [
        Legend("mg", _("mg per night")),
        Legend("target", _("target")),
        Legend("limit", _("limit")),
    ]
    if any(s.mg is not None and s.mg > limit_mg for s in slots):
        items.append(Legend("over", _("above limit")))
    items.append(Legend("rating", _("sleep rating")))
    if not timing_beside:
        items += timing_legend()
    present = {s.marker for s in slots}
    items += [Legend(status, GAP_WORDS[status]) for status in GAP_STATUSES if status in present]
    return items


def lay_out(
    metrics: QFontMetricsF,
    size: tuple[int, int],
    nights: Sequence[ChartNight],
    amounts: tuple[float, float],
    slots_for: Callable[[str], list[Slot]],
    fmt: DateFormat,
    first_weekday: int,
) -> Geometry:
    """Where everything goes in a chart of SIZE (width, height) showing NIGHTS (oldest first,
    at least one) with AMOUNTS (target and limit, mg); SLOTS_FOR gives the columns for a
    unit ("night", "week", "month")."""
    target_mg, limit_mg = amounts
    em = metrics.height()
    pad = round(em * 0.5)
    width, height = size
    swatch = em * SWATCH_EMS
    origin = nights[0].night
    days = (nights[-1].night - origin).days + 1

    # Across: the right margin holds the rating words and, when there is room, the names
    # of the timing marks, which keeps the legend on top to one row.
    rating_words = timing_beside = width >= 40 * em
    right_width = max(
        metrics.horizontalAdvance(QUALITY_LABELS[q].capitalize() if rating_words else str(q))
        for q in QUALITY_LABELS
    )
    if timing_beside:
        right_width = max(
            right_width,
            *(swatch + em * 0.3 + metrics.horizontalAdvance(i.text) for i in timing_legend()),
        )
    right = width - pad - right_width - em * 0.5
    # The left margin depends on the tick labels, which depend on the grouping: guess it
    # from the widest labels the nights could need, to choose the grouping.
    raw_peak = max(max(n.mg for n in nights), target_mg, limit_mg)
    guess = max(
        metrics.horizontalAdvance(mg_label(raw_peak, True)),
        metrics.horizontalAdvance("00:00"),
    )
    slots = slots_for(choose_unit((right - pad - guess - em * 0.5) / days))

    # Down: legend, the mg band, a gap, the timing band, the dates.
    legend: list[tuple[QPointF, Legend]] = []
    x, y = float(pad), float(pad)
    for item in legend_items(slots, limit_mg, timing_beside=timing_beside):
        needed = swatch + em * 0.3 + metrics.horizontalAdvance(item.text)
        if x > pad and x + needed > width - pad:
            x, y = float(pad), y + em * 1.2
        legend.append((QPointF(x, y), item))
        x += needed + em
    # Half a tick label sticks out above the mg band; leave that and a little air.
    top = y + em + em * 0.9
    bottom = height - pad - em * 1.6
    usable = max(bottom - top, em * 6)
    gap = em * 1.1
    lower = max(em * 3, (usable - gap) * 0.36)
    upper_top, baseline = top, top + usable - gap - lower
    lower_top, lower_bottom = baseline + gap, top + usable
    upper = baseline - upper_top

    # The scales fit what is drawn: means when grouped, not the single nights behind them.
    peak = max([s.mg for s in slots if s.mg is not None] + [target_mg, limit_mg])
    mg_ticks = nice_ticks(peak, max(2, int(upper / (em * 1.5))))
    times = [t for s in slots for t in (s.bedtime, s.dose) if t is not None]
    clock_low, clock_high = clock_range(times)
    ticks = clock_ticks(clock_low, clock_high, max(1, int((lower_bottom - lower_top) / (em * 1.1))))
    # Rating labels sit 0.2 of the band apart: all five when that is a line or more.
    rating_ticks = (
        [1, 2, 3, 4, 5] if upper * 0.2 >= em else [1, 3, 5] if upper * 0.4 >= em else [1, 5]
    )
    axis_labels = [mg_label(mg_ticks[-1], True), *map(clock_label, ticks)]
    axis_labels += [fmt_number(t) for t in mg_ticks]
    left = pad + max(map(metrics.horizontalAdvance, axis_labels)) + em * 0.5
    right = max(right, left + em)
    px_per_day = (right - left) / days
    dates = date_ticks(origin, days, px_per_day, metrics.horizontalAdvance, fmt, first_weekday)
    if timing_beside:
        x = right + em * 0.5
        middle = (lower_top + lower_bottom) / 2
        bedtime, dose = timing_legend()
        legend.append((QPointF(x, middle - em * 1.1), bedtime))
        legend.append((QPointF(x, middle + em * 0.1), dose))
    return Geometry(
        em=em,
        left=left,
        right=right,
        upper_top=upper_top,
        baseline=baseline,
        lower_top=lower_top,
        lower_bottom=lower_bottom,
        px_per_day=px_per_day,
        slots=slots,
        mg_ticks=mg_ticks,
        rating_ticks=rating_ticks,
        rating_words=rating_words,
        clock_low=clock_low,
        clock_high=clock_high,
        clock_ticks=ticks,
        date_ticks=dates,
        legend=legend,
    )


def mg_label(mg: float, with_unit: bool) -> str:
    return f"{fmt_number(mg)} mg" if with_unit else fmt_number(mg)
