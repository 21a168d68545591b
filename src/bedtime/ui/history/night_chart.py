"""The History window's chart: mg per night, the morning rating, and when the dose was taken.

Upper band: a bar per night (mg, axis left) with the target and limit as dashed lines, and the
rating as points (1–5, axis right). Lower band: the planned bedtime as a dash and the first dose
as a dot, on a clock axis, so the lead time shows as the gap between them. When the nights do
not fit at 3 px each, they are grouped by week (or month): one bar per group.

This widget holds the nights, the current and the hovered column, and answers the mouse, the
keyboard and screen readers; chart_model works out the columns, chart_layout places them,
chart_painter draws them in chart_colors.
"""

import bisect
from collections.abc import Sequence
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ...core.date_text import in_pattern
from ...core.wording import _, plural
from .chart_colors import ChartColors
from .chart_layout import Geometry, lay_out
from .chart_model import ChartNight, Slot, group_nights, slot_text
from .chart_painter import ChartPainter, ChartState


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
        self._cached: tuple[object, Geometry] | None = None
        self._target_mg = 300.0
        self._limit_mg = 350.0
        self._current: int | None = None  # index into the nights
        self._hover: int | None = None  # index into the slots as last painted
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Sleep and dose chart"))
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
            text = _("Nothing logged yet")
        elif self._current is None:
            first, last = self._nights[0].night, self._nights[-1].night
            text = _("{nights}, {first} to {last}. Use the arrow keys to go through them.").format(
                nights=plural(len(self._nights), "{n} night", "{n} nights"),
                first=self._date(first, "d MMM yyyy"),
                last=self._date(last, "d MMM yyyy"),
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
        return in_pattern(day, pattern)

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
        return slot_text(slot, self._nights, self._limit_mg, self._date)

    def _geometry(self) -> Geometry | None:
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
            self._cached = (
                key,
                lay_out(
                    QFontMetricsF(self.font()),
                    self.size().toTuple(),
                    self._nights,
                    (self._target_mg, self._limit_mg),
                    self._slots_for,
                    self._date,
                    self._first_weekday(),
                ),
            )
        return self._cached[1]

    # Painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        geometry = self._geometry()
        current = None
        if geometry is not None and self._current is not None:
            current = self._slot_index(geometry.slots, self._current)
        state = ChartState(self._hover, current, self.hasFocus())
        painter = QPainter(self)
        try:
            ChartPainter(self.font(), self.width(), (self._target_mg, self._limit_mg)).paint(
                painter, geometry, self.colors(), state
            )
        finally:
            painter.end()
