"""The trial's chart: each night's rating over the trial, with its periods shaded.

On periods and off periods get their own shade, the wash-in nights at the start of each
period a paler one (they are not counted), and a night where the log departs from the plan
is drawn as a ring instead of a dot. Drawn with QPainter (no QtCharts in PySide6-Essentials);
sizes come from the font and colours from the palette, so it reads in light and dark themes.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...core.date_text import day
from ...core.trial_analysis import Observation, deviates
from ...core.trial_plan import Arm, Trial, periods, place
from ...core.trial_text import arm_word
from ...core.wording import _, plural


@dataclass(frozen=True)
class _Colors:
    background: QColor
    text: QColor
    muted: QColor
    on: QColor
    off: QColor
    point: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> "_Colors":
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        dark = base.lightness() < 128
        muted = QColor(text)
        muted.setAlphaF(0.6)
        # Blue-green for on, grey for off: told apart by lightness too, not by hue alone.
        on = QColor(70, 150, 170, 110 if dark else 70)
        off = QColor(128, 128, 128, 60 if dark else 35)
        return cls(base, text, muted, on, off, palette.color(QPalette.ColorRole.Highlight))


class TrialChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.trial: Trial | None = None
        self.nights: dict[date, Observation] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Ratings over the trial"))

    def sizeHint(self) -> QSize:
        em = self.fontMetrics().height()
        return QSize(40 * em, 14 * em)

    def minimumSizeHint(self) -> QSize:
        em = self.fontMetrics().height()
        return QSize(20 * em, 9 * em)

    def show_trial(self, trial: Trial, observations: Sequence[Observation]) -> None:
        self.trial = trial
        self.nights = {o.night: o for o in observations}
        rated = sum(o.rating is not None for o in observations)
        self.setAccessibleDescription(
            _("{periods} periods from {first} to {last}; {rated} so far").format(
                periods=trial.plan.pairs * 2,
                first=day(trial.plan.start),
                last=day(trial.plan.last),
                rated=plural(rated, "{n} rated night", "{n} rated nights"),
            )
        )
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        colors = _Colors.from_palette(self.palette())
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), colors.background)
            if self.trial is None:
                painter.setPen(colors.muted)
                painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, _("No trial yet"))
                return
            self._paint(painter, self.trial, colors)
        finally:
            painter.end()

    def _paint(self, painter: QPainter, trial: Trial, colors: _Colors) -> None:
        metrics = self.fontMetrics()
        em = metrics.height()
        # Legend, then a row naming each period's arm, then the ratings.
        top = 1.4 * em + 1.3 * em
        area = QRectF(self.rect()).adjusted(
            metrics.horizontalAdvance("5 ") + em * 0.5, top, -em, -1.8 * em
        )
        nights = trial.plan.nights
        slot = area.width() / nights

        def x_of(night: date) -> float:
            return area.left() + ((night - trial.plan.start).days + 0.5) * slot

        def y_of(rating: float) -> float:
            return area.bottom() - (rating - 1) / 4 * area.height()

        # Periods: on or off, the wash-in paler; the nights after a stop left blank. Each is
        # named above it only when both names fit a period ("zonder" is wider than "off"):
        # naming only one arm would read as if the other were something else.
        named = max(metrics.horizontalAdvance(arm_word(a)) for a in Arm) + 4 < (
            trial.plan.period_nights * slot
        )
        for first, last, arm in periods(trial.plan):
            if first > trial.last:
                break
            end = min(last, trial.last)
            shade = colors.on if arm is Arm.ON else colors.off
            left = area.left() + (first - trial.plan.start).days * slot
            width = ((end - first).days + 1) * slot
            painter.fillRect(QRectF(left, area.top(), width, area.height()), shade)
            wash = min(trial.plan.wash_in_nights, (end - first).days + 1)
            if wash:
                pale = QColor(colors.background)
                pale.setAlphaF(0.55)
                painter.fillRect(QRectF(left, area.top(), wash * slot, area.height()), pale)
            painter.setPen(colors.muted)
            label = arm_word(arm)
            if named and width > metrics.horizontalAdvance(label) + 4:
                painter.drawText(
                    QRectF(left, area.top() - em * 1.2, width, em * 1.2),
                    Qt.AlignmentFlag.AlignCenter,
                    label,
                )
        # Rating grid and axis.
        grid = QPen(colors.muted, 1, Qt.PenStyle.DotLine)
        for rating in range(1, 6):
            y = y_of(rating)
            painter.setPen(grid)
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(colors.text)
            painter.drawText(
                QRectF(0, y - em / 2, area.left() - em * 0.3, em),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(rating),
            )
        # Dates under the axis: the start, the end, and each fourth period between.
        painter.setPen(colors.text)
        spans = periods(trial.plan)
        marks = [spans[0][0], *[s[0] for s in spans[4:-1:4]], trial.plan.last]
        for night in marks:
            text = day(night)
            w = metrics.horizontalAdvance(text)
            x = min(max(x_of(night) - w / 2, area.left()), area.right() - w)
            painter.drawText(QPointF(x, area.bottom() + em * 1.2), text)
        # Ratings: a dot as planned, a ring where the log departs from the plan.
        radius = max(2.5, em / 4)
        for night, seen in self.nights.items():
            where = place(trial.plan, night)
            if seen.rating is None or where is None or night > trial.last:
                continue
            centre = QPointF(x_of(night), y_of(seen.rating))
            painter.setPen(QPen(colors.point, max(1.5, em / 10)))
            if deviates(where, seen):
                painter.setBrush(Qt.BrushStyle.NoBrush)
            else:
                painter.setBrush(colors.point)
            painter.drawEllipse(centre, radius, radius)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        self._legend(painter, colors, em, radius)

    def _legend(self, painter: QPainter, colors: _Colors, em: float, radius: float) -> None:
        metrics = self.fontMetrics()
        x, y = em * 0.5, em * 0.3
        box = QRectF(0, 0, em, em * 0.8)
        pale = QColor(colors.background)
        pale.setAlphaF(0.55)
        for label, shade in (
            (arm_word(Arm.ON), colors.on),
            (arm_word(Arm.OFF), colors.off),
            (_("wash-in, not counted"), pale),
        ):
            swatch = box.translated(x, y)
            painter.fillRect(swatch, colors.on if shade is pale else shade)
            if shade is pale:
                painter.fillRect(swatch, pale)
            painter.setPen(colors.muted)
            painter.drawRect(swatch)
            painter.setPen(colors.text)
            painter.drawText(QPointF(x + em * 1.3, y + em * 0.75), label)
            x += em * 2.3 + metrics.horizontalAdvance(label)
        for label, filled in ((_("rating"), True), (_("rating, not as planned"), False)):
            centre = QPointF(x + radius, y + em * 0.4)
            painter.setPen(QPen(colors.point, max(1.5, em / 10)))
            painter.setBrush(colors.point if filled else Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, radius, radius)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(colors.text)
            painter.drawText(QPointF(x + 2 * radius + em * 0.4, y + em * 0.75), label)
            x += 2 * radius + em * 1.4 + metrics.horizontalAdvance(label)
