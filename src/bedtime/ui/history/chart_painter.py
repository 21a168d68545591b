"""Paints a laid-out History chart (chart_layout) with a QPainter: columns, grid, bars, gap
markers, target and limit, ratings, the timing band, axes, dates and the legend.

Drawn with QPainter because PySide6-Essentials has no QtCharts. Many marks are drawn in one
call each (drawRects, drawLines), so ten years of nights paint in a blink.
"""

import math
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPainter, QPen

from ...core.diary import QUALITY_LABELS
from ...core.wording import _, fmt_number
from .chart_colors import ChartColors
from .chart_layout import SWATCH_EMS, Geometry, mg_label
from .chart_model import Slot, clock_label


@dataclass(frozen=True)
class ChartState:
    """What the user is doing with the chart: the column under the pointer, the current one
    (indexes into the slots) and whether the chart has the keyboard focus."""

    hover: int | None
    current: int | None
    focused: bool


def dashed(color: QColor, em: float) -> QPen:
    pen = QPen(color, max(1.0, round(em / 10)), Qt.PenStyle.CustomDashLine)
    pen.setDashPattern([4, 3])
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


class ChartPainter:
    """Draws one chart of WIDTH px in FONT with the target and limit of AMOUNTS (mg)."""

    def __init__(self, font: QFont, width: int, amounts: tuple[float, float]) -> None:
        self.font = font
        self.width = width
        self._target_mg, self._limit_mg = amounts

    def paint(
        self, painter: QPainter, g: Geometry | None, colors: ChartColors, state: ChartState
    ) -> None:
        """The whole chart on its background; None for G says that nothing is logged yet."""
        area = painter.viewport()
        painter.fillRect(area, colors.background)
        if g is None:
            painter.setPen(colors.muted)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, _("Nothing logged yet"))
            if state.focused:
                self._paint_focus(painter, colors, QRectF(area).adjusted(1, 1, -1, -1))
            return
        self._paint_columns(painter, g, colors, state)
        self._paint_grid(painter, g, colors)
        self._paint_bars(painter, g, colors)
        self._paint_markers(painter, g, colors)
        self._paint_amount_lines(painter, g, colors)
        self._paint_ratings(painter, g, colors)
        self._paint_timing(painter, g, colors)
        self._paint_axes(painter, g, colors)
        self._paint_dates(painter, g, colors)
        self._paint_legend(painter, g, colors)

    def _paint_focus(self, painter: QPainter, colors: ChartColors, rect: QRectF) -> None:
        pen = QPen(colors.focus, max(1.0, round(QFontMetrics(self.font).height() / 10)))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)

    def _paint_columns(
        self, painter: QPainter, g: Geometry, colors: ChartColors, state: ChartState
    ) -> None:
        """The hovered and the current column, behind everything else."""
        if state.hover is not None and state.hover < len(g.slots):
            painter.fillRect(g.column(g.slots[state.hover]), colors.hover)
        if state.current is not None:
            rect = g.column(g.slots[state.current])
            # A single night can be a hair wide: keep the highlight visible.
            if rect.width() < 3:
                rect.adjust(-(3 - rect.width()) / 2, 0, (3 - rect.width()) / 2, 0)
            painter.fillRect(rect, colors.current)
            if state.focused:
                self._paint_focus(painter, colors, rect.adjusted(0.5, -0.5, -0.5, 0.5))
        elif state.focused:
            self._paint_focus(
                painter,
                colors,
                QRectF(g.left, g.upper_top, g.right - g.left, g.lower_bottom - g.upper_top),
            )

    def _paint_grid(self, painter: QPainter, g: Geometry, colors: ChartColors) -> None:
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

    def _bar_rect(self, g: Geometry, slot: Slot, mg: float) -> QRectF:
        slot_width = slot.days * g.px_per_day
        share = 0.72 if slot.unit == "night" else 0.82
        width = max(1.0, min(slot_width * share, g.em * 1.2))
        center = g.x(slot.first_day + slot.days / 2)
        x0 = round(center - width / 2)
        x1 = max(x0 + 1, round(center + width / 2))
        top = round(g.mg_y(mg))
        return QRectF(x0, top, x1 - x0, round(g.baseline) - top)

    def _paint_bars(self, painter: QPainter, g: Geometry, colors: ChartColors) -> None:
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

    def _marker_size(self, g: Geometry, slot: Slot) -> float:
        return max(3.0, min(g.em * 0.5, slot.days * g.px_per_day * 0.8))

    def _paint_markers(self, painter: QPainter, g: Geometry, colors: ChartColors) -> None:
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

    def _paint_amount_lines(self, painter: QPainter, g: Geometry, colors: ChartColors) -> None:
        """Target and limit as dashed lines across the mg band (their values are on the axis)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for mg, color in ((self._target_mg, colors.target), (self._limit_mg, colors.over_limit)):
            painter.setPen(dashed(color, g.em))
            y = round(g.mg_y(mg))
            painter.drawLine(QLineF(g.left - g.em * 0.3, y, g.right, y))

    def _point_radius(self, g: Geometry, slot: Slot) -> float:
        return max(1.5, min(g.em * 0.24, slot.days * g.px_per_day * 0.35))

    def _paint_ratings(self, painter: QPainter, g: Geometry, colors: ChartColors) -> None:
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
        for _night, slot, point in rated:
            radius = self._point_radius(g, slot)
            painter.setPen(ring if radius >= 1.9 else Qt.PenStyle.NoPen)
            painter.drawEllipse(point, radius, radius)

    def _paint_timing(self, painter: QPainter, g: Geometry, colors: ChartColors) -> None:
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

    def _amount_labels(self, g: Geometry, colors: ChartColors) -> list[tuple[float, str, QColor]]:
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

    def _paint_axes(self, painter: QPainter, g: Geometry, colors: ChartColors) -> None:
        """mg and clock labels on the left, the rating words on the right."""
        em = g.em
        painter.setFont(self.font)
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
                left_label(y, mg_label(mg, not shown_unit))
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

    def _paint_dates(self, painter: QPainter, g: Geometry, colors: ChartColors) -> None:
        """Dates under the timing band, kept inside the widget and off each other."""
        metrics = QFontMetricsF(self.font)
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
            x = min(max(g.x(tick.day) - width / 2, 0), self.width - width)
            if x < previous_end + em * 0.5:
                continue
            painter.drawText(
                QRectF(x, y, width + 1, em * 1.1), Qt.AlignmentFlag.AlignLeft, tick.label
            )
            previous_end = x + width

    def _paint_legend(self, painter: QPainter, g: Geometry, colors: ChartColors) -> None:
        metrics = QFontMetricsF(self.font)
        em = g.em
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for origin, item in g.legend:
            swatch = QRectF(origin.x(), origin.y(), em * SWATCH_EMS, em)
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
            painter.setPen(dashed(colors.target if kind == "target" else colors.over_limit, em))
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
