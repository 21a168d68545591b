"""Settings › Schedule: bedtime (one for all days or per weekday), offset, wake time, pause."""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from ...app.companion import PAUSE_LONGEST
from ...core.date_text import weekday_name
from ...core.settings import OFFSET_MAX, OFFSET_MIN, WEEKDAYS, Settings
from ...core.values import format_hhmm
from ...core.wording import N_, _
from ..common.form_parts import Problem, field_block, form_page, hint
from ..tray import wording
from .page import Saved, SettingsPage


def _evening(weekday: int) -> str:
    """ "Friday evening" ("vrijdagavond")."""
    return _("{day} evening").format(day=weekday_name(weekday))


def _time_edit(name: str) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setAccessibleName(name)
    return edit


def _qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _hhmm(edit: QTimeEdit) -> str:
    value = edit.time()
    return format_hhmm(time(value.hour(), value.minute()))


class SchedulePage(SettingsPage):
    TITLE = N_("Schedule")

    def __init__(self, tonight: date, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tonight, self.zone = tonight, zone
        self._saved_pause: date | None = None
        form_page(
            self,
            [self._bedtime_row(), self._reminder_row(), self._wake_row(), self._pause_row(tonight)],
        )
        self._connect_edits()

    # -- building the page -----------------------------------------------------------------

    def _bedtime_row(self) -> tuple[str, QWidget, QWidget]:
        """One bedtime for every evening, or, once asked for, one per evening under it."""
        self.bedtime = _time_edit(_("Bedtime"))
        self.per_day = QCheckBox(_("&Different bedtime per day"))
        self.per_day.setAccessibleName(_("Different bedtime per day"))
        self.day_edits = [
            _time_edit(_("{day} evening's bedtime").format(day=weekday_name(weekday)))
            for weekday in range(7)
        ]
        self.problems = {"bedtime": Problem(self.bedtime)}
        self.problems.update(
            {
                f"bedtime.{key}": Problem(edit, about=_evening(weekday))
                for weekday, (key, edit) in enumerate(zip(WEEKDAYS, self.day_edits, strict=True))
            }
        )
        return (
            _("&Bedtime"),
            self.bedtime,
            field_block(
                self.bedtime,
                self.problems["bedtime"],
                self.per_day,
                self._build_days(),
                hint(_("A bedtime after midnight (00:30) belongs to the evening before.")),
            ),
        )

    def _build_days(self) -> QWidget:
        """The seven evenings' bedtimes, one per line, with one place under them for a problem."""
        self.days = QWidget()
        grid = QGridLayout(self.days)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, (edit, key) in enumerate(zip(self.day_edits, WEEKDAYS, strict=True)):
            label = QLabel(_evening(row))
            label.setBuddy(edit)
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
            # One place under the days, which the day in question uses (only one is ever
            # wrong at a time): room for one problem, not seven, and wide enough that the
            # longest fits the two lines kept for it.
            problem = self.problems[f"bedtime.{key}"]
            problem.setMinimumWidth(problem.fontMetrics().averageCharWidth() * 56)
            grid.addWidget(problem, len(WEEKDAYS), 0, 1, 3)
        grid.setColumnStretch(2, 1)
        return self.days

    def _reminder_row(self) -> tuple[str, QWidget, QWidget]:
        """How long before bedtime the reminder comes, and the time that makes tonight."""
        self.offset = QSpinBox()
        self.offset.setRange(OFFSET_MIN, OFFSET_MAX)
        self.offset.setSingleStep(5)
        self.offset.setSuffix(_(" min before bedtime"))
        self.offset.setAccessibleName(_("Reminder, minutes before bedtime"))
        self.reminder_line = QLabel()
        self.reminder_line.setAccessibleName(_("Tonight's reminder"))
        return (
            _("&Remind me"),
            self.offset,
            field_block(
                self.offset,
                self.reminder_line,
                hint(_("Articles advise 30 minutes to 2 hours before bed; 60 is a good start.")),
            ),
        )

    def _wake_row(self) -> tuple[str, QWidget, QWidget]:
        self.wake = _time_edit(_("Wake time"))
        return (
            _("&Wake time"),
            self.wake,
            field_block(
                self.wake, hint(_("The morning question about your sleep comes at this time."))
            ),
        )

    def _pause_row(self, tonight: date) -> tuple[str, QWidget, QWidget]:
        """Reminders paused up to a night at most PAUSE_LONGEST nights from tonight."""
        self.pause = QCheckBox(_("&Until the night of"))
        self.pause.setAccessibleName(_("Pause reminders"))
        self.pause_until = QDateEdit()
        self.pause_until.setCalendarPopup(True)
        self.pause_until.setDisplayFormat("ddd d MMM yyyy")
        self.pause_until.setAccessibleName(_("Last paused night"))
        first = QDate(tonight.year, tonight.month, tonight.day)
        self.pause_until.setDateRange(first, first.addDays(PAUSE_LONGEST - 1))
        pause_row = QHBoxLayout()
        pause_row.addWidget(self.pause)
        pause_row.addWidget(self.pause_until)
        pause_row.addStretch(1)
        return _("Pause reminders"), self.pause, field_block(pause_row)

    def _connect_edits(self) -> None:
        self.per_day.toggled.connect(self._per_day_toggled)
        self.pause.toggled.connect(self.pause_until.setEnabled)
        for edit in (self.bedtime, self.wake, *self.day_edits):
            edit.timeChanged.connect(self.edited)
        self.bedtime.timeChanged.connect(self._copy_to_days)
        self.offset.valueChanged.connect(self.edited)
        self.per_day.toggled.connect(self.edited)
        self.pause.toggled.connect(self.edited)
        self.pause_until.dateChanged.connect(self.edited)

    # -- the form at work ------------------------------------------------------------------

    def load(self, saved: Saved) -> None:
        settings, paused_through = saved.settings, saved.paused_through
        self.tonight, self._saved_pause = saved.tonight, paused_through
        different = len(set(settings.bedtimes)) > 1
        self.per_day.setChecked(different)
        self.bedtime.setTime(_qtime(settings.bedtime_for_weekday(self.tonight.weekday())))
        for edit, value in zip(self.day_edits, settings.bedtimes, strict=True):
            edit.setTime(_qtime(value))
        self.offset.setValue(settings.offset_minutes)
        self.wake.setTime(_qtime(settings.wake))
        self.pause.setChecked(paused_through is not None)
        last = paused_through or self.tonight + timedelta(days=6)
        self.pause_until.setDate(QDate(last.year, last.month, last.day))
        self._per_day_toggled(different)
        self.pause_until.setEnabled(paused_through is not None)

    def pairs(self) -> dict[str, str]:
        pairs = {"offset": str(self.offset.value()), "wake": _hhmm(self.wake)}
        if self.per_day.isChecked():
            for key, edit in zip(WEEKDAYS, self.day_edits, strict=True):
                pairs[f"bedtime.{key}"] = _hhmm(edit)
        else:
            pairs.update({f"bedtime.{key}": _hhmm(self.bedtime) for key in WEEKDAYS})
        return pairs

    def paused_through(self) -> date | None:
        if not self.pause.isChecked():
            return None
        value = self.pause_until.date()
        return date(value.year(), value.month(), value.day())

    def other_changes(self) -> bool:
        return self.paused_through() != self._saved_pause

    def show_draft(self, draft: Settings | None) -> None:
        """The live line for tonight's reminder, from the settings as they stand in the form."""
        if draft is None:
            self.reminder_line.setText(_("Reminder: fix the bedtime first"))
            return
        self.reminder_line.setText(wording.reminder_line(self.tonight, draft, self.zone))

    def problem_for(self, key: str) -> Problem | None:
        """The place to explain a problem with KEY; one bedtime for all days takes every day's."""
        if key.startswith("bedtime") and not self.per_day.isChecked():
            return self.problems["bedtime"]
        return self.problems.get(key)

    def _per_day_toggled(self, on: bool) -> None:
        self.days.setVisible(on)
        self.bedtime.setEnabled(not on)
        if not on:
            self._copy_to_days()

    def _copy_to_days(self) -> None:
        if not self.per_day.isChecked():
            for edit in self.day_edits:
                edit.setTime(self.bedtime.time())
