"""The History window's chart: mg per night, the morning rating, and when the dose was taken.

Drawn with QPainter because PySide6-Essentials has no QtCharts. Sizes come from the font, so
the chart scales with the display and the user's font size; colours come from the palette and
are checked for contrast against it, so the chart reads in light and dark themes alike.

Upper band: a bar per night (mg, axis left) with the target and limit as dashed lines, and the
rating as points (1–5, axis right). Lower band: the planned bedtime as a dash and the first dose
as a dot, on a clock axis, so the lead time shows as the gap between them. When the nights do
not fit at 3 px each, they are grouped by week (or month): one bar per group.
"""

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from PySide6.QtCore import QDate, QEvent, QLineF, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ...core.diary import QUALITY_LABELS
from ...core.errors import fmt_number

STATUSES = ("taken", "skipped", "paused", "missed", "tonight", "not_used")
# Nights without a dose that still say something: they get a marker so the gap is explained.
GAP_STATUSES = ("skipped", "paused", "missed")
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
    tooltip: str

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
    return f"{count} night" if count == 1 else f"{count} nights"


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
    fmt: Callable[[date, str], str],
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


# Colours ----------------------------------------------------------------------------------


def _luminance(color: QColor) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.red())
        + 0.7152 * channel(color.green())
        + 0.0722 * channel(color.blue())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _accent(hue: float, saturation: float, background: QColor, minimum: float) -> QColor:
    """A hue at the lightness nearest the middle that still stands out from BACKGROUND."""
    darker = _luminance(background) > 0.2
    lightness = 0.5
    color = QColor.fromHslF(hue / 360, saturation, lightness)
    while contrast_ratio(color, background) < minimum and 0.05 < lightness < 0.95:
        lightness += -0.02 if darker else 0.02
        color = QColor.fromHslF(hue / 360, saturation, lightness)
    return color


def _blend(a: QColor, b: QColor, share_of_a: float) -> QColor:
    s = share_of_a
    return QColor(
        round(a.red() * s + b.red() * (1 - s)),
        round(a.green() * s + b.green() * (1 - s)),
        round(a.blue() * s + b.blue() * (1 - s)),
    )


@dataclass(frozen=True)
class ChartColors:
    background: QColor
    text: QColor
    muted: QColor  # tick labels and markers
    axis: QColor
    grid: QColor
    hover: QColor
    current: QColor
    focus: QColor
    mg: QColor  # bars and the dose dots: magnesium is blue throughout
    over_limit: QColor  # bars above the limit and the limit line
    target: QColor
    rating: QColor
    bedtime: QColor
    target_text: QColor  # the target and limit values on the axis: text needs 4.5:1
    limit_text: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> "ChartColors":
        """Colours for PALETTE; the marks keep at least 3:1 against its base colour."""
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        current = QColor(palette.color(QPalette.ColorRole.Highlight))
        current.setAlphaF(0.2)
        return cls(
            background=base,
            text=text,
            muted=_blend(text, base, 0.68),
            axis=_blend(text, base, 0.4),
            grid=_blend(text, base, 0.1),
            hover=_blend(text, base, 0.06),
            current=current,
            focus=palette.color(QPalette.ColorRole.Highlight),
            mg=_accent(212, 0.6, base, 3.0),
            over_limit=_accent(16, 0.8, base, 3.0),
            target=_accent(150, 0.5, base, 3.0),
            rating=_accent(318, 0.6, base, 3.5),
            bedtime=_blend(text, base, 0.55),
            target_text=_accent(150, 0.5, base, 4.5),
            limit_text=_accent(16, 0.8, base, 4.5),
        )


def _dashed(color: QColor, em: float) -> QPen:
    pen = QPen(color, max(1.0, round(em / 10)), Qt.PenStyle.CustomDashLine)
    pen.setDashPattern([4, 3])
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


# The widget -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Legend:
    kind: str
    text: str


_SWATCH_EMS = 1.2
_TIMING_LEGEND = (_Legend("bedtime", "bedtime"), _Legend("dose", "first dose"))


@dataclass
class _Geometry:
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
    legend: list[tuple[QPointF, _Legend]]

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


class NightChart(QWidget):
    """Nights over time: mg, the morning rating, and bedtime against dose time.

    Hover shows a night's tooltip; click or Left/Right/Home/End choose the current night,
    emitting `night_selected(date)`.
    """

    night_selected = Signal(object)  # date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._nights: list[ChartNight] = []
        self._slots: dict[str, list[Slot]] = {}
        self._version = 0  # counts set_nights calls, for the geometry cache
        self._cached: tuple[object, _Geometry] | None = None
        self._target_mg = 300.0
        self._limit_mg = 350.0
        self._current: int | None = None  # index into the nights
        self._hover: int | None = None  # index into the slots as last painted
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Sleep and dose chart")
        self._describe()

    # Public API ---------------------------------------------------------------------------

    def set_nights(self, nights: Sequence[ChartNight]) -> None:
        """Show NIGHTS, oldest first; the current night stays if it is still among them."""
        nights = list(nights)
        if any(a.night >= b.night for a, b in pairwise(nights)):
            raise ValueError("nights must be in order, oldest first, one per date")
        kept = self.current()
        self._nights = nights
        self._slots.clear()
        self._version += 1
        self._hover = None
        dates = [n.night for n in nights]
        at = bisect.bisect_left(dates, kept) if kept is not None else len(dates)
        self._current = at if at < len(dates) and dates[at] == kept else None
        self._describe()
        self.update()

    def set_amounts(self, target_mg: float, limit_mg: float) -> None:
        self._target_mg = float(target_mg)
        self._limit_mg = float(limit_mg)
        self.update()

    def current(self) -> date | None:
        return None if self._current is None else self._nights[self._current].night

    def set_current(self, night: date | None) -> None:
        """Make NIGHT current without emitting night_selected (for a list kept in step)."""
        dates = [n.night for n in self._nights]
        at = bisect.bisect_left(dates, night) if night is not None else len(dates)
        self._current = at if at < len(dates) and dates[at] == night else None
        self._describe()
        self.update()

    def colors(self) -> ChartColors:
        return ChartColors.from_palette(self.palette())

    def unit(self) -> str:
        """How the nights are shown at the present width: "night", "week" or "month"."""
        geometry = self._geometry()
        return geometry.slots[0].unit if geometry and geometry.slots else "night"

    def night_at(self, x: float) -> int | None:
        """The index of the night under X (the first of its week or month when grouped)."""
        slot = self._slot_at(x)
        return None if slot is None else slot.start

    def tooltip_at(self, x: float) -> str | None:
        slot = self._slot_at(x)
        return None if slot is None else self._slot_text(slot)

    def column_rect(self, index: int) -> QRectF:
        """Where the column holding night INDEX is drawn (both bands)."""
        geometry = self._geometry()
        if geometry is None:
            return QRectF()
        return geometry.column(geometry.slots[self._slot_index(geometry.slots, index)])

    def sizeHint(self) -> QSize:
        em = self.fontMetrics().height()
        return QSize(60 * em, 18 * em)

    def minimumSizeHint(self) -> QSize:
        em = self.fontMetrics().height()
        return QSize(32 * em, 14 * em)

    # Events -------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            slot_and_rect = self._slot_and_rect_at(event.pos().x())
            if slot_and_rect is None or not slot_and_rect[1].contains(QPointF(event.pos())):
                QToolTip.hideText()
                event.ignore()
            else:
                slot, rect = slot_and_rect
                QToolTip.showText(event.globalPos(), self._slot_text(slot), self, rect.toRect())
            return True
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()
        elif event.type() == QEvent.Type.LocaleChange:
            self._slots.clear()  # the week may start on another day
            self._version += 1
            self._describe()
            self.update()
        super().changeEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hover = self._slot_index_at(event.position().x(), event.position().y())
        if hover != self._hover:
            self._hover = hover
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover is not None:
            self._hover = None
            self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        geometry = self._geometry()
        index = self._slot_index_at(event.position().x(), event.position().y())
        if event.button() == Qt.MouseButton.LeftButton and geometry and index is not None:
            self._choose(geometry.slots[index].start, show_tooltip=False)
            event.accept()
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        geometry = self._geometry()
        key = event.key()
        moves = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End)
        if (
            geometry is None
            or key not in moves
            or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            super().keyPressEvent(event)
            return
        last = len(self._nights) - 1
        if key == Qt.Key.Key_Home:
            target = 0
        elif key == Qt.Key.Key_End or self._current is None:
            target = last
        else:
            slots = geometry.slots
            at = self._slot_index(slots, self._current)
            step = -1 if key == Qt.Key.Key_Left else 1
            target = slots[min(max(at + step, 0), len(slots) - 1)].start
            if key == Qt.Key.Key_Left and at == 0:
                target = 0
        self._choose(target, show_tooltip=True)
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The width decides the grouping, and with it what the current column says.
        self._hover = None
        self._describe()
        super().resizeEvent(event)

    # Behaviour ----------------------------------------------------------------------------

    def _choose(self, index: int, *, show_tooltip: bool) -> None:
        changed = index != self._current
        self._current = index
        self._describe()
        self.update()
        if show_tooltip:
            geometry = self._geometry()
            if geometry is not None:
                slot = geometry.slots[self._slot_index(geometry.slots, index)]
                rect = geometry.column(slot)
                where = self.mapToGlobal(QPoint(round(rect.center().x()), round(rect.top())))
                QToolTip.showText(where, self._slot_text(slot), self, rect.toRect())
        if changed:
            self.night_selected.emit(self._nights[index].night)

    def _describe(self) -> None:
        """Keep what a screen reader says in step with what the chart shows as current."""
        if not self._nights:
            text = "Nothing logged yet"
        elif self._current is None:
            first, last = self._nights[0].night, self._nights[-1].night
            text = (
                f"{len(self._nights)} nights, {self._date(first, 'd MMM yyyy')} to "
                f"{self._date(last, 'd MMM yyyy')}. Use the arrow keys to go through them."
            )
        else:
            # What the tooltip shows: the night's own text, or its week's or month's summary.
            geometry = self._geometry()
            if geometry is None:
                text = self._nights[self._current].tooltip
            else:
                slot = geometry.slots[self._slot_index(geometry.slots, self._current)]
                text = self._slot_text(slot)
        if text != self.accessibleDescription():
            self.setAccessibleDescription(text)

    def _date(self, day: date, pattern: str) -> str:
        return self.locale().toString(QDate(day.year, day.month, day.day), pattern)

    def _first_weekday(self) -> int:
        return (self.locale().firstDayOfWeek().value - 1) % 7

    def _slots_for(self, unit: str) -> list[Slot]:
        if unit not in self._slots:
            self._slots[unit] = group_nights(self._nights, unit, self._first_weekday())
        return self._slots[unit]

    @staticmethod
    def _slot_index(slots: list[Slot], night_index: int) -> int:
        return bisect.bisect_right([s.start for s in slots], night_index) - 1

    def _slot_index_at(self, x: float, y: float | None = None) -> int | None:
        geometry = self._geometry()
        if geometry is None or not geometry.left <= x < geometry.right:
            return None
        if y is not None and not geometry.upper_top <= y <= geometry.lower_bottom:
            return None
        day = (x - geometry.left) / geometry.px_per_day
        firsts = [s.first_day for s in geometry.slots]
        at = bisect.bisect_right(firsts, day) - 1
        if at < 0:
            return None
        slot = geometry.slots[at]
        return at if day < slot.first_day + slot.days else None

    def _slot_and_rect_at(self, x: float) -> tuple[Slot, QRectF] | None:
        geometry = self._geometry()
        at = self._slot_index_at(x)
        if geometry is None or at is None:
            return None
        slot = geometry.slots[at]
        return slot, geometry.column(slot)

    def _slot_at(self, x: float) -> Slot | None:
        found = self._slot_and_rect_at(x)
        return None if found is None else found[0]

    def _slot_text(self, slot: Slot) -> str:
        """The night's own tooltip, or a summary of a week or month."""
        if slot.unit == "night":
            return self._nights[slot.start].tooltip
        group = self._nights[slot.start : slot.stop]
        first = group[0].night
        if slot.unit == "week":
            lines = [f"Week of {self._date(first, 'd MMM yyyy')}"]
        else:
            lines = [self._date(first, "MMMM yyyy")]
        taken = [n.mg for n in group if n.mg > 0]
        if taken:
            mean = fmt_number(round(sum(taken) / len(taken)))
            lines.append(f"Taken on {len(taken)} of {_nights(len(group))}, {mean} mg on average")
        else:
            lines.append(f"Nothing taken ({_nights(len(group))})")
        over = sum(1 for mg in taken if mg > self._limit_mg)
        if over:
            lines.append(f"Above your limit on {_nights(over)}")
        gaps = [
            f"{status} {count}"
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
                f"Sleep {mean_rating:.1f} of 5 on average ({word}), {_nights(len(rated))} rated"
            )
        else:
            lines.append("Sleep not rated")
        parts = []
        if slot.dose is not None:
            parts.append(f"first dose {clock_label(slot.dose)}")
        if slot.bedtime is not None:
            parts.append(f"bedtime {clock_label(slot.bedtime)}")
        if parts:
            lines.append("On average " + ", ".join(parts))
        return "\n".join(lines)

    # Layout -------------------------------------------------------------------------------

    def _legend_items(self, slots: list[Slot], *, timing_beside: bool) -> list[_Legend]:
        """What the drawn marks mean; the optional ones only when something shows them."""
        items = [
            _Legend("mg", "mg per night"),
            _Legend("target", "target"),
            _Legend("limit", "limit"),
        ]
        if any(s.mg is not None and s.mg > self._limit_mg for s in slots):
            items.append(_Legend("over", "above limit"))
        items.append(_Legend("rating", "sleep rating"))
        if not timing_beside:
            items += _TIMING_LEGEND
        present = {s.marker for s in slots}
        items += [_Legend(status, status) for status in GAP_STATUSES if status in present]
        return items

    def _geometry(self) -> _Geometry | None:
        """Where everything goes at the present size; None when there is nothing to show.

        Worked out again only when something it depends on changed: hovering asks for it on
        every mouse move.
        """
        if not self._nights:
            return None
        key = (
            self.size().toTuple(),
            self.font().key(),
            self.locale().name(),
            self._target_mg,
            self._limit_mg,
            self._version,
        )
        if self._cached is None or self._cached[0] != key:
            self._cached = (key, self._work_out_geometry())
        return self._cached[1]

    def _work_out_geometry(self) -> _Geometry:
        metrics = QFontMetricsF(self.font())
        em = metrics.height()
        pad = round(em * 0.5)
        width, height = self.width(), self.height()
        swatch = em * _SWATCH_EMS
        origin = self._nights[0].night
        days = (self._nights[-1].night - origin).days + 1

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
                *(swatch + em * 0.3 + metrics.horizontalAdvance(i.text) for i in _TIMING_LEGEND),
            )
        right = width - pad - right_width - em * 0.5
        # The left margin depends on the tick labels, which depend on the grouping: guess it
        # from the widest labels the nights could need, to choose the grouping.
        raw_peak = max(max(n.mg for n in self._nights), self._target_mg, self._limit_mg)
        guess = max(
            metrics.horizontalAdvance(self._mg_label(raw_peak, True)),
            metrics.horizontalAdvance("00:00"),
        )
        slots = self._slots_for(choose_unit((right - pad - guess - em * 0.5) / days))

        # Down: legend, the mg band, a gap, the timing band, the dates.
        legend: list[tuple[QPointF, _Legend]] = []
        x, y = float(pad), float(pad)
        for item in self._legend_items(slots, timing_beside=timing_beside):
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
        peak = max([s.mg for s in slots if s.mg is not None] + [self._target_mg, self._limit_mg])
        mg_ticks = nice_ticks(peak, max(2, int(upper / (em * 1.5))))
        times = [t for s in slots for t in (s.bedtime, s.dose) if t is not None]
        clock_low, clock_high = clock_range(times)
        ticks = clock_ticks(
            clock_low, clock_high, max(1, int((lower_bottom - lower_top) / (em * 1.1)))
        )
        # Rating labels sit 0.2 of the band apart: all five when that is a line or more.
        rating_ticks = (
            [1, 2, 3, 4, 5] if upper * 0.2 >= em else [1, 3, 5] if upper * 0.4 >= em else [1, 5]
        )
        axis_labels = [self._mg_label(mg_ticks[-1], True), *map(clock_label, ticks)]
        axis_labels += [fmt_number(t) for t in mg_ticks]
        left = pad + max(map(metrics.horizontalAdvance, axis_labels)) + em * 0.5
        right = max(right, left + em)
        px_per_day = (right - left) / days
        dates = date_ticks(
            origin, days, px_per_day, metrics.horizontalAdvance, self._date, self._first_weekday()
        )
        if timing_beside:
            x = right + em * 0.5
            middle = (lower_top + lower_bottom) / 2
            legend.append((QPointF(x, middle - em * 1.1), _TIMING_LEGEND[0]))
            legend.append((QPointF(x, middle + em * 0.1), _TIMING_LEGEND[1]))
        return _Geometry(
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

    @staticmethod
    def _mg_label(mg: float, with_unit: bool) -> str:
        return f"{fmt_number(mg)} mg" if with_unit else fmt_number(mg)

    # Painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        colors = self.colors()
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), colors.background)
            geometry = self._geometry()
            if geometry is None:
                painter.setPen(colors.muted)
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Nothing logged yet")
                if self.hasFocus():
                    self._paint_focus(painter, colors, QRectF(self.rect()).adjusted(1, 1, -1, -1))
                return
            self._paint_columns(painter, geometry, colors)
            self._paint_grid(painter, geometry, colors)
            self._paint_bars(painter, geometry, colors)
            self._paint_markers(painter, geometry, colors)
            self._paint_amount_lines(painter, geometry, colors)
            self._paint_ratings(painter, geometry, colors)
            self._paint_timing(painter, geometry, colors)
            self._paint_axes(painter, geometry, colors)
            self._paint_dates(painter, geometry, colors)
            self._paint_legend(painter, geometry, colors)
        finally:
            painter.end()

    def _paint_focus(self, painter: QPainter, colors: ChartColors, rect: QRectF) -> None:
        pen = QPen(colors.focus, max(1.0, round(self.fontMetrics().height() / 10)))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)

    def _paint_columns(self, painter: QPainter, g: _Geometry, colors: ChartColors) -> None:
        """The hovered and the current column, behind everything else."""
        if self._hover is not None and self._hover < len(g.slots):
            painter.fillRect(g.column(g.slots[self._hover]), colors.hover)
        if self._current is not None:
            slot = g.slots[self._slot_index(g.slots, self._current)]
            rect = g.column(slot)
            # A single night can be a hair wide: keep the highlight visible.
            if rect.width() < 3:
                rect.adjust(-(3 - rect.width()) / 2, 0, (3 - rect.width()) / 2, 0)
            painter.fillRect(rect, colors.current)
            if self.hasFocus():
                self._paint_focus(painter, colors, rect.adjusted(0.5, -0.5, -0.5, 0.5))
        elif self.hasFocus():
            self._paint_focus(
                painter,
                colors,
                QRectF(g.left, g.upper_top, g.right - g.left, g.lower_bottom - g.upper_top),
            )

    def _paint_grid(self, painter: QPainter, g: _Geometry, colors: ChartColors) -> None:
        painter.setPen(QPen(colors.grid, 1))
        lines = [
            QLineF(g.left, round(g.mg_y(t)) + 0.5, g.right, round(g.mg_y(t)) + 0.5)
            for t in g.mg_ticks[1:]
        ]
        lines += [
            QLineF(g.left, round(g.clock_y(t)) + 0.5, g.right, round(g.clock_y(t)) + 0.5)
            for t in g.clock_ticks
        ]
        lines += [
            QLineF(round(g.x(t.day)) + 0.5, g.upper_top, round(g.x(t.day)) + 0.5, g.lower_bottom)
            for t in g.date_ticks
        ]
        painter.drawLines(lines)
        painter.setPen(QPen(colors.axis, 1))
        y = round(g.baseline) + 0.5
        painter.drawLine(QLineF(g.left, y, g.right, y))

    def _bar_rect(self, g: _Geometry, slot: Slot, mg: float) -> QRectF:
        slot_width = slot.days * g.px_per_day
        share = 0.72 if slot.unit == "night" else 0.82
        width = max(1.0, min(slot_width * share, g.em * 1.2))
        center = g.x(slot.first_day + slot.days / 2)
        x0 = round(center - width / 2)
        x1 = max(x0 + 1, round(center + width / 2))
        top = round(g.mg_y(mg))
        return QRectF(x0, top, x1 - x0, round(g.baseline) - top)

    def _paint_bars(self, painter: QPainter, g: _Geometry, colors: ChartColors) -> None:
        normal: list[QRectF] = []
        over: list[QRectF] = []
        for slot in g.slots:
            if slot.mg is not None:
                rect = self._bar_rect(g, slot, slot.mg)
                (over if slot.mg > self._limit_mg else normal).append(rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        for rects, color in ((normal, colors.mg), (over, colors.over_limit)):
            if rects:
                painter.setBrush(color)
                painter.drawRects(rects)

    def _marker_size(self, g: _Geometry, slot: Slot) -> float:
        return max(3.0, min(g.em * 0.5, slot.days * g.px_per_day * 0.8))

    def _paint_markers(self, painter: QPainter, g: _Geometry, colors: ChartColors) -> None:
        """Skipped ×, paused ‖, missed ○ just above the baseline, where the bar would be."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(colors.muted, max(1.0, g.em / 12)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for slot in g.slots:
            if slot.marker is not None:
                size = self._marker_size(g, slot)
                center = QPointF(g.x(slot.first_day + slot.days / 2), g.baseline - size * 0.5 - 2)
                self._draw_marker(painter, slot.marker, center, size)

    @staticmethod
    def _draw_marker(painter: QPainter, kind: str, center: QPointF, size: float) -> None:
        h = size / 2
        cx, cy = center.x(), center.y()
        if kind == "skipped":
            painter.drawLines(
                [QLineF(cx - h, cy - h, cx + h, cy + h), QLineF(cx - h, cy + h, cx + h, cy - h)]
            )
        elif kind == "paused":
            q = max(1.0, size * 0.22)
            painter.drawLines(
                [QLineF(cx - q, cy - h, cx - q, cy + h), QLineF(cx + q, cy - h, cx + q, cy + h)]
            )
        else:
            painter.drawEllipse(center, h * 0.9, h * 0.9)

    def _paint_amount_lines(self, painter: QPainter, g: _Geometry, colors: ChartColors) -> None:
        """Target and limit as dashed lines across the mg band (their values are on the axis)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for mg, color in ((self._target_mg, colors.target), (self._limit_mg, colors.over_limit)):
            painter.setPen(_dashed(color, g.em))
            y = round(g.mg_y(mg))
            painter.drawLine(QLineF(g.left - g.em * 0.3, y, g.right, y))

    def _point_radius(self, g: _Geometry, slot: Slot) -> float:
        return max(1.5, min(g.em * 0.24, slot.days * g.px_per_day * 0.35))

    def _paint_ratings(self, painter: QPainter, g: _Geometry, colors: ChartColors) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rated = [
            (i, slot, QPointF(g.x(slot.first_day + slot.days / 2), g.rating_y(slot.rating)))
            for i, slot in enumerate(g.slots)
            if slot.rating is not None
        ]
        if not rated:
            return
        # A light line joins neighbouring columns only: a gap in the ratings stays a gap.
        # Where columns are narrow it would be a scribble (and slow to stroke): points only.
        if max(s.days for s in g.slots) * g.px_per_day >= g.em * 0.6:
            line = QColor(colors.rating)
            line.setAlphaF(0.45)
            painter.setPen(QPen(line, max(1.0, g.em / 12)))
            painter.drawLines(
                [QLineF(a, b) for (i, _, a), (j, _, b) in pairwise(rated) if j == i + 1]
            )
        # A ring in the background colour lifts the points off the bars, if they are big enough.
        ring = QPen(colors.background, max(1.0, g.em / 14))
        painter.setBrush(colors.rating)
        for _, slot, point in rated:
            radius = self._point_radius(g, slot)
            painter.setPen(ring if radius >= 1.9 else Qt.PenStyle.NoPen)
            painter.drawEllipse(point, radius, radius)

    def _paint_timing(self, painter: QPainter, g: _Geometry, colors: ChartColors) -> None:
        """Bedtime as a dash, the first dose as a dot, and a faint line for the lead time.

        Dashes and lead lines are pixel-aligned rectangles: crisp, and cheap for many nights.
        """
        thick = max(2, round(g.em / 7))
        thin = max(1, round(g.em / 12))
        leads: list[QRectF] = []
        dashes: list[QRectF] = []
        dots: list[tuple[QPointF, float]] = []
        for slot in g.slots:
            x = g.x(slot.first_day + slot.days / 2)
            half = max(1.0, min(slot.days * g.px_per_day * 0.42, g.em * 0.6))
            bedtime = None if slot.bedtime is None else g.clock_y(slot.bedtime)
            if bedtime is not None:
                left = round(x - half)
                dashes.append(
                    QRectF(left, round(bedtime - thick / 2), max(1, round(x + half) - left), thick)
                )
            if slot.dose is not None:
                dose = g.clock_y(slot.dose)
                dots.append((QPointF(x, dose), self._point_radius(g, slot)))
                if bedtime is not None:
                    top, bottom = sorted((round(dose), round(bedtime)))
                    leads.append(QRectF(round(x - thin / 2), top, thin, bottom - top))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        lead = QColor(colors.mg)
        lead.setAlphaF(0.3)
        for rects, color in ((leads, lead), (dashes, colors.bedtime)):
            if rects:
                painter.setBrush(color)
                painter.drawRects(rects)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(colors.mg)
        for point, radius in dots:
            painter.drawEllipse(point, radius, radius)

    def _amount_labels(self, g: _Geometry, colors: ChartColors) -> list[tuple[float, str, QColor]]:
        """The target and limit values for the mg axis, nudged apart when they are close."""
        target_y, limit_y = g.mg_y(self._target_mg), g.mg_y(self._limit_mg)
        overlap = g.em - abs(target_y - limit_y)
        if overlap > 0:
            shift = overlap / 2 if limit_y <= target_y else -overlap / 2
            target_y, limit_y = target_y + shift, limit_y - shift
        return [
            (target_y, fmt_number(self._target_mg), colors.target_text),
            (limit_y, fmt_number(self._limit_mg), colors.limit_text),
        ]

    def _paint_axes(self, painter: QPainter, g: _Geometry, colors: ChartColors) -> None:
        """mg and clock labels on the left, the rating words on the right."""
        em = g.em
        painter.setFont(self.font())
        right_align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        left_align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        label_right = g.left - em * 0.45

        def left_label(y: float, text: str) -> None:
            painter.drawText(QRectF(0, y - em / 2, label_right, em), right_align, text)

        # The target and limit values take the place of tick labels they would overlap.
        amounts = self._amount_labels(g, colors)
        painter.setPen(colors.muted)
        shown_unit = False
        for mg in reversed(g.mg_ticks):
            y = g.mg_y(mg)
            if all(abs(y - amount_y) >= em * 0.95 for amount_y, _, _ in amounts):
                left_label(y, self._mg_label(mg, not shown_unit))
                shown_unit = True
        for y, text, color in amounts:
            painter.setPen(color)
            left_label(y, text)
        painter.setPen(colors.muted)
        for minutes in g.clock_ticks:
            left_label(g.clock_y(minutes), clock_label(minutes))
        for quality in g.rating_ticks:
            word = QUALITY_LABELS[quality].capitalize() if g.rating_words else str(quality)
            y = g.rating_y(quality)
            painter.drawText(QRectF(g.right + em * 0.5, y - em / 2, em * 20, em), left_align, word)

    def _paint_dates(self, painter: QPainter, g: _Geometry, colors: ChartColors) -> None:
        """Dates under the timing band, kept inside the widget and off each other."""
        metrics = QFontMetricsF(self.font())
        em = g.em
        y = g.lower_bottom + em * 0.55
        painter.setPen(QPen(colors.axis, 1))
        painter.drawLines(
            [
                QLineF(round(g.x(t.day)) + 0.5, g.lower_bottom, round(g.x(t.day)) + 0.5, y)
                for t in g.date_ticks
            ]
        )
        painter.setPen(colors.muted)
        previous_end = -math.inf
        for tick in g.date_ticks:
            width = metrics.horizontalAdvance(tick.label)
            x = min(max(g.x(tick.day) - width / 2, 0), self.width() - width)
            if x < previous_end + em * 0.5:
                continue
            painter.drawText(
                QRectF(x, y, width + 1, em * 1.1), Qt.AlignmentFlag.AlignLeft, tick.label
            )
            previous_end = x + width

    def _paint_legend(self, painter: QPainter, g: _Geometry, colors: ChartColors) -> None:
        metrics = QFontMetricsF(self.font())
        em = g.em
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for origin, item in g.legend:
            swatch = QRectF(origin.x(), origin.y(), em * _SWATCH_EMS, em)
            self._paint_swatch(painter, item.kind, swatch, colors)
            painter.setPen(colors.text)
            painter.drawText(
                QRectF(
                    swatch.right() + em * 0.3,
                    origin.y(),
                    metrics.horizontalAdvance(item.text) + 2,
                    em,
                ),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                item.text,
            )

    def _paint_swatch(self, painter: QPainter, kind: str, box: QRectF, colors: ChartColors) -> None:
        em = box.height()
        cx, cy = box.center().x(), box.center().y()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if kind in ("mg", "over"):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.mg if kind == "mg" else colors.over_limit)
            painter.drawRect(QRectF(cx - em * 0.25, box.top() + em * 0.15, em * 0.5, em * 0.75))
        elif kind in ("target", "limit"):
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(_dashed(colors.target if kind == "target" else colors.over_limit, em))
            painter.drawLine(QLineF(box.left(), round(cy), box.right(), round(cy)))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        elif kind == "rating":
            line = QColor(colors.rating)
            line.setAlphaF(0.45)
            painter.setPen(QPen(line, max(1.0, em / 12)))
            painter.drawLine(QLineF(box.left(), cy + em * 0.15, box.right(), cy - em * 0.15))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.rating)
            painter.drawEllipse(QPointF(cx, cy), em * 0.22, em * 0.22)
        elif kind == "bedtime":
            pen = QPen(colors.bedtime, max(1.5, em / 7))
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLine(QLineF(cx - em * 0.45, cy, cx + em * 0.45, cy))
        elif kind == "dose":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.mg)
            painter.drawEllipse(QPointF(cx, cy), em * 0.22, em * 0.22)
        else:
            painter.setPen(QPen(colors.muted, max(1.0, em / 12)))
            self._draw_marker(painter, kind, QPointF(cx, cy), em * 0.5)
