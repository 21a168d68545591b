"""Correct a logged dose: how many units, and when it was taken (on the clock of its zone)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimeZone
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...core.dose_edit import edited
from ...core.dosing import Intake
from ...core.nights import wall_clock
from ...core.settings import Settings
from ...core.supplement_input import UNITS_PER_DOSE_MAX
from ...core.wording import _, fmt_number
from .night_words import lead
from .table import DateWords

UNITS_STEP = 0.25
UNITS_MIN = 0.001  # above zero: the smallest quantity the log keeps
UNITS_MAX = float(UNITS_PER_DOSE_MAX)  # as for `bedtime take --units`
EARLIEST = date(2000, 1, 1)


class UnitsSpinBox(QDoubleSpinBox):
    """Units in quarter steps, typed to a thousandth, shown without trailing zeros (0.5, 2).

    Stepping down stops at a quarter: below that only a typed value goes (a 0.1 ml dose).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(3)
        self.setRange(UNITS_MIN, UNITS_MAX)
        self.setSingleStep(UNITS_STEP)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)

    def textFromValue(self, value: float) -> str:
        text = self.locale().toString(value, "f", 3)
        point = self.locale().decimalPoint()
        if point in text:
            text = text.rstrip("0").rstrip(point)
        return text

    def stepBy(self, steps: int) -> None:
        value = round(self.value() + steps * UNITS_STEP, 3)
        if value < UNITS_STEP:
            value = min(self.value(), UNITS_STEP)
        self.setValue(value)

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.value() > UNITS_STEP:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        if self.value() < UNITS_MAX:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        return flags


def _wall(instant: datetime, zone: ZoneInfo) -> QDateTime:
    """INSTANT as ZONE's clock showed it, held as a plain wall time (Qt's UTC, no shifts)."""
    local = instant.astimezone(zone)
    return QDateTime(
        QDate(local.year, local.month, local.day),
        QTime(local.hour, local.minute),
        QTimeZone.utc(),
    )


class DoseDialog(QDialog):
    """Asks for a dose's units and time taken and hands back the edited Intake.

    The mg follow the units at the dose's own mg per unit (what the label said then); the
    night follows the time. Times are the wall clock of the zone the dose was taken in, and
    cannot lie in the future. After `accepted`, `result_intake()` holds the edited dose;
    saving it is the caller's job.
    """

    def __init__(
        self,
        intake: Intake,
        settings: Settings,
        now: datetime,
        parent: QWidget | None = None,
        *,
        others_mg: float = 0.0,
    ) -> None:
        super().__init__(parent)
        self._intake = intake
        self._settings = settings
        self._zone = ZoneInfo(intake.zone)
        self._others_mg = others_mg  # the night's other doses, for the limit note
        self._result: Intake | None = None
        self._words = DateWords()
        self.setWindowTitle(_("Edit dose"))
        metrics = self.fontMetrics()
        em = metrics.height()

        original = _wall(intake.at, self._zone)
        intro = QLabel(
            _("{name}, logged for the night of {day}.").format(
                name=intake.name, day=self._words.night(intake.night, year=True)
            )
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)

        self.units_spin = UnitsSpinBox()
        self.units_spin.setValue(intake.units)
        self.units_spin.setAccessibleName(_("Units"))
        self.units_spin.setMinimumWidth(metrics.horizontalAdvance("0000.000") + 3 * em)
        self.units_spin.setSuffix("")
        per_unit = intake.mg / intake.units
        self._mg_per_unit = per_unit
        name = QLabel(
            _("× {name} ({mg} mg each)").format(name=intake.name, mg=fmt_number(round(per_unit, 3)))
        )
        name.setTextFormat(Qt.TextFormat.PlainText)
        self.mg_label = QLabel()
        self.mg_label.setTextFormat(Qt.TextFormat.PlainText)
        self.mg_label.setAccessibleName(_("Amount"))
        self.units_note = QLabel()
        self.units_note.setTextFormat(Qt.TextFormat.PlainText)
        self.units_note.setWordWrap(True)
        self.units_note.setAccessibleName(_("About the amount"))
        self.units_note.hide()
        units_label = QLabel(_("&Units"))
        units_label.setBuddy(self.units_spin)

        self.time_edit = QDateTimeEdit()
        self.time_edit.setTimeZone(QTimeZone.utc())
        self.time_edit.setCalendarPopup(True)
        self.time_edit.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.time_edit.setMinimumDateTime(
            QDateTime(
                QDate(EARLIEST.year, EARLIEST.month, EARLIEST.day), QTime(0, 0), QTimeZone.utc()
            )
        )
        latest = _wall(now, self._zone)
        self.time_edit.setMaximumDateTime(max(latest, original))
        self.time_edit.setDateTime(original)
        self.time_edit.setAccessibleName(_("Time taken"))
        # A dose taken while travelling is shown on the clock of where it was taken.
        elsewhere = getattr(now.tzinfo, "key", intake.zone) != intake.zone
        if elsewhere:
            zone_text = _("Clock time in {zone}, where it was taken").format(zone=intake.zone)
        else:
            zone_text = _("local time")
        self.time_edit.setAccessibleDescription(zone_text)
        self.time_edit.setMinimumWidth(metrics.horizontalAdvance("Wed 30 Sep 2026  00:00") + 4 * em)
        time_label = QLabel(_("&Time taken"))
        time_label.setBuddy(self.time_edit)
        self.time_note = QLabel()
        self.time_note.setTextFormat(Qt.TextFormat.PlainText)
        self.time_note.setWordWrap(True)
        self.time_note.setAccessibleName(_("About the time"))
        self.zone_label = QLabel(zone_text)
        self.zone_label.setTextFormat(Qt.TextFormat.PlainText)
        self.zone_label.setWordWrap(True)
        self.zone_label.setVisible(elsewhere)

        # Read as a sum: [2] × Citrate (100 mg each) = 200 mg
        units_row = QHBoxLayout()
        units_row.addWidget(self.units_spin)
        units_row.addWidget(name)
        units_row.addWidget(self.mg_label)
        units_row.addStretch(1)
        units_box = QVBoxLayout()
        units_box.addLayout(units_row)
        units_box.addWidget(self.units_note)
        time_box = QVBoxLayout()
        time_box.addWidget(self.time_edit, 0, Qt.AlignmentFlag.AlignLeft)
        time_box.addWidget(self.zone_label)
        time_box.addWidget(self.time_note)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(units_label, units_box)
        form.addRow(time_label, time_box)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(em, em, em, em)
        layout.setSpacing(max(6, em // 2))
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(em * 26)

        self.units_spin.valueChanged.connect(self._update)
        self.time_edit.dateTimeChanged.connect(self._update)
        self._update()
        self.units_spin.setFocus()
        self.units_spin.selectAll()

    # What the fields say -------------------------------------------------------------------

    def units(self) -> float:
        return round(self.units_spin.value(), 3)

    def taken_at(self) -> datetime:
        """The instant the fields name; the logged one itself while the minute is unchanged
        (so a dose in a repeated DST hour keeps its own pass of the clock, and its seconds)."""
        shown = self.time_edit.dateTime()
        day, clock = shown.date(), shown.time()
        wall = (date(day.year(), day.month(), day.day()), time(clock.hour(), clock.minute()))
        logged = self._intake.at.astimezone(self._zone)
        if wall == (logged.date(), time(logged.hour, logged.minute)):
            return self._intake.at
        return wall_clock(wall[0], wall[1], self._zone)

    def preview(self) -> Intake:
        return edited(self._intake, self.units(), self.taken_at(), self._zone, self._settings)

    def result_intake(self) -> Intake | None:
        """The edited dose once OK was pressed; None before, or after Cancel."""
        return self._result

    def _update(self) -> None:
        dose = self.preview()
        self.mg_label.setText(f"= {fmt_number(dose.mg)} mg")
        total = dose.mg + (self._others_mg if dose.night == self._intake.night else 0.0)
        limit = self._settings.limit_mg
        over = total > limit
        if over:
            self.units_note.setText(
                _("Night total {total} mg: above your {limit} mg limit.").format(
                    total=fmt_number(round(total, 3)), limit=fmt_number(limit)
                )
            )
        if over != self.units_note.isVisibleTo(self):
            self.units_note.setVisible(over)
            self.adjustSize()
        bedtime = f"{dose.bedtime.astimezone(self._zone):%H:%M}"
        when = f"{lead(dose.minutes_before_bedtime, short=False)} ({bedtime})"
        if dose.night != self._intake.night:
            self.time_note.setText(
                _("Moves the dose to the night of {day}, {when}.").format(
                    day=self._words.night(dose.night, year=True), when=when
                )
            )
        else:
            self.time_note.setText(f"{when[0].upper()}{when[1:]}.")

    def _ok(self) -> None:
        self._result = self.preview()
        self.accept()
