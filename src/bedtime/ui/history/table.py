"""The History window's table: one row per night, newest first.

The model keeps the night records and builds a row's texts (night_words) only when the view
asks for them (only the rows on screen), so ten years of nights cost no more to show than
eight weeks.
"""

import heapq
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics

from ...core.date_text import month_short, weekday_short
from ...core.diary import QUALITY_LABELS, DiaryEntry
from ...core.history import NightRecord, NightStatus
from ...core.wording import N_, _, pgettext
from .night_words import (
    NOT_RATED,
    STATUS_WORDS,
    diary_parts,
    diary_text,
    dose_line,
    dose_text,
    lead,
    sleep_text,
    taken_text,
)

# Of a column's texts, this many of the longest are measured to find the widest: all of them
# for a few months of nights; the same ones on every run (ties keep the newest).
MEASURED_TEXTS = 200


class Column(IntEnum):
    NIGHT = 0
    DOSE = 1
    TAKEN = 2
    SLEEP = 3
    DIARY = 4


# Titles and tooltips, marked for the catalog and translated where shown.
HEADERS = {
    Column.NIGHT: (N_("Night"), N_("The evening the night starts on")),
    Column.DOSE: (N_("Dose"), N_("What was taken that night, in mg of elemental magnesium")),
    Column.TAKEN: (
        N_("Taken"),
        N_("When the first dose was taken, against the night's bedtime"),
    ),
    Column.SLEEP: (N_("Sleep"), N_("The morning rating, 1 (very poor) to 5 (very good)")),
    Column.DIARY: (
        N_("Diary"),
        N_("Minutes to fall asleep, awakenings, sleep efficiency and note"),
    ),
}


class DateWords:
    """Short dates in the language spoken ("Fri 20 Nov", "vr 20 nov"), worded as
    core.date_text words them, with the names looked up once: years of nights are named in
    a blink."""

    def __init__(self) -> None:
        self._days = [weekday_short(weekday) for weekday in range(7)]
        self._months = [month_short(month) for month in range(1, 13)]
        self._short = pgettext("date", "{weekday} {day} {month}")
        self._long = pgettext("date", "{weekday} {day} {month} {year}")

    def night(self, night: date, *, year: bool = False) -> str:
        return (self._long if year else self._short).format(
            weekday=self._days[night.weekday()],
            day=night.day,
            month=self._months[night.month - 1],
            year=night.year,
        )


def ranking_length() -> Callable[[DiaryEntry], int]:
    """The length of an entry's table text with the widest efficiency standing in for its
    own (diary_text's WIDEST), written out once for each way an entry reads that far: its
    minutes to fall asleep, awakenings, whether it has the times, and its note. Years of
    entries share a few hundred."""
    lengths: dict[tuple[int | None, int | None, bool, str | None], int] = {}

    def length(entry: DiaryEntry) -> int:
        times = entry.in_bed is not None and entry.final_wake is not None
        words = (entry.latency_min, entry.awakenings, times, entry.note)
        found = lengths.get(words)
        if found is None:
            found = lengths[words] = len(diary_text(entry, widest=True))
        return found

    return length


def column_widths(
    records: list[NightRecord], metrics: QFontMetrics, words: DateWords
) -> dict[Column, int]:
    """Each column's width for the widest of its texts among RECORDS, in METRICS.

    The night's name is measured over every weekday and month, the sleep rating over
    every rating; the rest as logged (a supplement name within reason: a very long one
    is cut, its tooltip has it whole). Texts are made once for each kind of night, and
    of years of them only the longest few are measured: width follows length closely
    enough that the widest is among them.
    """
    em = metrics.height()  # a cell's margins and room between columns

    def widest(texts: Iterable[str]) -> int:
        longest = heapq.nlargest(MEASURED_TEXTS, dict.fromkeys(texts), key=len)
        return max(map(metrics.horizontalAdvance, longest), default=0) + em

    # Every weekday in every month, on a two-digit day.
    a_year = [date(2026, m, 21) + timedelta(days=d) for m in range(1, 13) for d in range(7)]
    ratings = [DiaryEntry(a_year[0], "UTC", quality) for quality in QUALITY_LABELS]
    taken = [r for r in records if r.intakes]
    # One night for each way its doses read, and one for each lead time (the clock
    # time's digits are as wide as any others).
    by_doses = {
        (r.intakes[0].units, r.intakes[0].name, len(r.intakes), r.total_mg): r for r in taken
    }
    by_lead = {r.intakes[0].minutes_before_bedtime: r for r in taken}
    doses = widest([*map(dose_text, by_doses.values()), *STATUS_WORDS.values()])
    # Years of diary entries are ranked with the widest efficiency standing in for each
    # one's own (no zone conversions); the longest are then written out as shown.
    longest_diaries = heapq.nlargest(
        MEASURED_TEXTS, (r.diary for r in records if r.diary is not None), key=ranking_length()
    )
    return {
        Column.NIGHT: widest(words.night(night) for night in a_year),
        Column.DOSE: min(doses, 28 * em),
        Column.TAKEN: widest(taken_text(r) for r in by_lead.values()),
        Column.SLEEP: widest(sleep_text(entry) for entry in [None, *ratings]),
        Column.DIARY: widest(map(diary_text, longest_diaries)),
    }


class HistoryModel(QAbstractTableModel):
    """The nights of a period as rows, newest first; only those worth listing (see `listed`).

    Texts are made when a cell is first shown and kept until the next `set_records`.
    UserRole gives a row's NightRecord.
    """

    RecordRole = Qt.ItemDataRole.UserRole

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: list[NightRecord] = []
        self._rows: dict[date, int] = {}
        self._texts: list[tuple[str, ...] | None] = []
        self._words = DateWords()
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_records(self, records: list[NightRecord]) -> None:
        """Show RECORDS (newest first, as night_records gives them)."""
        self.beginResetModel()
        self._records = [r for r in records if r.listed]
        self._rows = {r.night: row for row, r in enumerate(self._records)}
        self._texts = [None] * len(self._records)
        self.endResetModel()

    def records(self) -> list[NightRecord]:
        return self._records

    def record(self, row: int) -> NightRecord | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def row_of(self, night: date | None) -> int | None:
        return None if night is None else self._rows.get(night)

    def nearest_row(self, night: date) -> int | None:
        """The row of NIGHT, or of the closest night shown (for a night that went away)."""
        if not self._records:
            return None
        for distance in range(len(self._records) + 1):
            for candidate in (night - timedelta(days=distance), night + timedelta(days=distance)):
                if candidate in self._rows:
                    return self._rows[candidate]
            if distance > 400:
                break
        return 0

    def texts(self, row: int) -> tuple[str, ...]:
        cached = self._texts[row]
        if cached is None:
            record = self._records[row]
            cached = (
                self._words.night(record.night),
                dose_text(record),
                taken_text(record),
                ""
                if record.status is NightStatus.TONIGHT and record.diary is None
                else sleep_text(record.diary),
                diary_text(record.diary),
            )
            self._texts[row] = cached
        return cached

    # QAbstractTableModel ------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = 0
    ) -> str | NightRecord | QFont | None:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(row)[column]
        if role == self.RecordRole:
            return self._records[row]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(self._records[row], column)
        if role == Qt.ItemDataRole.FontRole:
            record = self._records[row]
            if column == Column.DOSE and not record.intakes:
                return self._italic
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self.texts(row)[column]
            if column == Column.SLEEP and text == NOT_RATED:
                return _("not rated")
            return text or _("none")
        return None

    def _tooltip(self, record: NightRecord, column: int) -> str | None:
        if column in (Column.DOSE, Column.TAKEN) and record.intakes:
            lines = [dose_line(intake) for intake in record.intakes]
            first = record.intakes[0]
            lines.append(
                _("First dose {when}").format(when=lead(first.minutes_before_bedtime, short=False))
            )
            return "\n".join(lines)
        if column in (Column.SLEEP, Column.DIARY) and record.diary is not None:
            entry = record.diary
            lines = [_("Slept: {rating}").format(rating=sleep_text(entry)), *diary_parts(entry)]
            if entry.in_bed is not None:
                lines.append(_("in bed {time}").format(time=f"{entry.in_bed:%H:%M}"))
            if entry.final_wake is not None:
                lines.append(_("woke {time}").format(time=f"{entry.final_wake:%H:%M}"))
            if entry.note:
                lines.append(_("Note: {note}").format(note=entry.note))
            return "\n".join(lines)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> str | None:
        if orientation != Qt.Orientation.Horizontal or section not in range(len(Column)):
            return None
        title, tip = HEADERS[Column(section)]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(title)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _(tip)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
