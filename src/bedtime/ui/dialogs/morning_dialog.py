"""The morning question: how did you sleep last night, in one click, with optional details."""

from collections.abc import Callable
from datetime import date, time
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.date_text import day
from ...core.diary import NOTE_MAX_LENGTH, QUALITY_LABELS, DiaryEntry, check_consistent
from ...core.errors import Contradiction, InvalidInput
from ...core.values import format_hhmm, parse_hhmm, parse_int, parse_note
from ...core.wording import N_, _
from ..common.form_parts import clear_keeping_room, reserve_lines

# A comfortable target for a sleepy thumb or a trackpad; font metrics may make it larger.
_MIN_RATING_HEIGHT = 56


def _minutes(field: str, text: str) -> int:
    return parse_int(field, text, 0, 1440)


def _note(field: str, text: str) -> str:
    return parse_note(field, text, NOTE_MAX_LENGTH)


def _shown(value: int | time | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, time):
        return format_hhmm(value)
    return str(value)


class _Detail:
    """One optional Consensus Sleep Diary item: its DiaryEntry attribute, label and parser."""

    def __init__(
        self,
        attribute: str,
        label: str,
        hint: str,
        parse: Callable[[str, str], int | time | str],
        width_chars: int | None,
    ) -> None:
        self.attribute = attribute
        self._label = label  # marked with N_: translated when shown
        self._hint = hint
        self.parse = parse
        self.width_chars = width_chars

    @property
    def label(self) -> str:
        return _(self._label)

    @property
    def field(self) -> str:
        """The name an error gives the item: the label as shown, so the two can be matched."""
        return self.label.replace("&", "")

    @property
    def hint(self) -> str:
        return _(self._hint)


_DETAILS = (
    _Detail("in_bed", N_("Time got into &bed"), N_("HH:MM"), parse_hhmm, 8),
    _Detail("latency_min", N_("Minutes to &fall asleep"), N_("e.g. 20"), _minutes, 8),
    _Detail("awakenings", N_("Number of &awakenings"), N_("e.g. 2"), _minutes, 8),
    _Detail("awake_min", N_("Minutes a&wake during the night"), N_("e.g. 15"), _minutes, 8),
    _Detail("final_wake", N_("Time of final awa&kening"), N_("HH:MM"), parse_hhmm, 8),
    _Detail("note", N_("&Note"), N_("anything worth remembering"), _note, None),
)


class MorningDialog(QDialog):
    """Asks how one night went and hands back a DiaryEntry; saving is the receiver's job.

    Exactly one of the signals is emitted per answer: `rated(entry)` when a rating is given,
    `later()` when the user asks to be reminded later, `dismissed()` when the window is closed
    (Esc or the title bar) without an answer.
    """

    rated = Signal(object)  # DiaryEntry
    later = Signal()
    dismissed = Signal()

    def __init__(
        self,
        night: date,
        zone_key: str,
        parent: QWidget | None = None,
        *,
        existing: DiaryEntry | None = None,
        allow_later: bool = True,
    ) -> None:
        if existing is not None and existing.night != night:
            raise ValueError(f"existing entry is for {existing.night}, not {night}")
        super().__init__(parent)
        self._night = night
        self._zone_key = zone_key
        self._later_chosen = False
        self._quality: int | None = None

        self.setWindowFlag(Qt.WindowType.Dialog)
        self.setWindowTitle(_("How did you sleep?"))
        metrics = self.fontMetrics()
        em = metrics.height()

        layout = QVBoxLayout(self)
        layout.setSpacing(max(6, em // 2))
        layout.setContentsMargins(em, em, em, em)
        layout.addWidget(self._build_title())
        self.subtitle = QLabel(_("Night of {day}").format(day=day(night)))
        layout.addWidget(self.subtitle)
        layout.addSpacing(em // 2)
        layout.addLayout(self._build_ratings_row(metrics))
        layout.addWidget(self._build_details(metrics))
        layout.addLayout(self._build_bottom_row(allow_later))
        self.setMinimumWidth(metrics.averageCharWidth() * 60)

        if existing is not None:
            self._fill(existing)
        self._show_details(self.more_button.isChecked())

    # Building the dialog ------------------------------------------------------------------

    def _build_title(self) -> QLabel:
        title = QLabel(_("How did you sleep?"))
        title.setFont(_scaled(self.font(), 1.4, bold=True))
        return title

    def _build_ratings_row(self, metrics: QFontMetrics) -> QHBoxLayout:
        """The quick path: one click on a rating answers the question."""
        self.rating_buttons: dict[int, QPushButton] = {}
        # No QButtonGroup: in one, Qt keeps only the checked button in the Tab order and lets
        # the arrow keys click its neighbours, which here would answer the question.
        ratings_row = QHBoxLayout()
        ratings_row.setSpacing(max(4, metrics.height() // 3))
        for quality, label in QUALITY_LABELS.items():
            button = self._build_rating_button(quality, label, metrics)
            self.rating_buttons[quality] = button
            ratings_row.addWidget(button)
        return ratings_row

    def _build_rating_button(self, quality: int, label: str, metrics: QFontMetrics) -> QPushButton:
        em = metrics.height()
        button = QPushButton(f"{quality}\n{label.capitalize()}")
        button.setCheckable(True)
        # Enter must not rate by accident; Space and the digit keys do it on purpose.
        button.setAutoDefault(False)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setShortcut(QKeySequence(str(quality)))
        button.setAccessibleName(
            _("{rating}, {quality} of 5").format(rating=label.capitalize(), quality=quality)
        )
        button.setToolTip(
            _("{rating} (key {quality})").format(rating=label.capitalize(), quality=quality)
        )
        button.setMinimumHeight(max(_MIN_RATING_HEIGHT, round(em * 3.5)))
        button.setMinimumWidth(metrics.horizontalAdvance(QUALITY_LABELS[5].capitalize()) + 2 * em)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.toggled.connect(
            lambda checked, b=button: b.setFont(_scaled(self.font(), 1.0, bold=checked))
        )
        button.clicked.connect(lambda _=False, q=quality: self._rating_clicked(q))
        return button

    def _build_details(self, metrics: QFontMetrics) -> QWidget:
        """The optional Consensus Sleep Diary items, out of the way until asked for."""
        self._details = QWidget()
        self._details.setObjectName("details")
        details_layout = QVBoxLayout(self._details)
        details_layout.setContentsMargins(0, metrics.height() // 2, 0, 0)
        intro = QLabel(_("All optional: leave blank what you don't know."))
        intro.setWordWrap(True)
        details_layout.addWidget(intro)
        details_layout.addLayout(self._build_detail_form(metrics))
        details_layout.addWidget(self._build_error_line())
        self._details.hide()
        return self._details

    def _build_detail_form(self, metrics: QFontMetrics) -> QFormLayout:
        em = metrics.height()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._edits: dict[str, QLineEdit] = {}
        for detail in _DETAILS:
            edit = QLineEdit()
            edit.setPlaceholderText(detail.hint)
            edit.setAccessibleName(detail.field)
            # The field's name in the diary: what scripts and tests find it by, in any language.
            edit.setObjectName(detail.attribute)
            if detail.width_chars is not None:
                edit.setFixedWidth(metrics.horizontalAdvance("0" * detail.width_chars) + em)
            edit.textEdited.connect(self._clear_error)
            caption = QLabel(detail.label)
            caption.setBuddy(edit)
            form.addRow(caption, edit)
            self._edits[detail.attribute] = edit
        return form

    def _build_error_line(self) -> QLabel:
        """What is wrong with the details, in bold; hidden until something is."""
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setFont(_scaled(self.font(), 1.0, bold=True))
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        reserve_lines(self.error_label, 2)
        self.error_label.hide()
        return self.error_label

    def _build_bottom_row(self, allow_later: bool) -> QHBoxLayout:
        """More… at the start, the dialog's buttons at the end."""
        bottom = QHBoxLayout()
        bottom.addWidget(self._build_more_button())
        bottom.addStretch(1)
        bottom.addWidget(self._build_buttons(allow_later))
        return bottom

    def _build_more_button(self) -> QToolButton:
        """The button that opens the details."""
        self.more_button = QToolButton()
        self.more_button.setText(_("&More…"))
        self.more_button.setCheckable(True)
        self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more_button.setArrowType(Qt.ArrowType.RightArrow)
        self.more_button.setAutoRaise(True)
        self.more_button.setAccessibleName(_("More details"))
        self.more_button.setToolTip(_("Times, awakenings and a note (all optional)"))
        self.more_button.toggled.connect(self._show_details)
        return self.more_button

    def _build_buttons(self, allow_later: bool) -> QDialogButtonBox:
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        self.later_button = QPushButton(_("&Later"))
        self.later_button.setAutoDefault(False)
        self.later_button.setToolTip(_("Ask me again later this morning"))
        self.later_button.clicked.connect(self._later)
        # Where there is no "later" (a night corrected in History), Cancel closes unchanged.
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        # After addButton, which shows what it adds.
        self.later_button.setVisible(allow_later)
        self.cancel_button.setVisible(not allow_later)
        return buttons

    # Answering ----------------------------------------------------------------------------

    @property
    def night(self) -> date:
        return self._night

    def _fill(self, entry: DiaryEntry) -> None:
        self._choose(entry.quality)
        self.rating_buttons[entry.quality].setFocus()
        for detail in _DETAILS:
            self._edits[detail.attribute].setText(_shown(getattr(entry, detail.attribute)))
        if any(getattr(entry, detail.attribute) is not None for detail in _DETAILS):
            self.more_button.setChecked(True)

    def _show_details(self, shown: bool) -> None:
        # Hiding the details does not clear them: a re-rating keeps what was entered before.
        self.more_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self._details.setVisible(shown)
        self.save_button.setVisible(shown)
        self._update_save()
        self.adjustSize()

    def _update_save(self) -> None:
        chosen = self._quality is not None
        self.save_button.setEnabled(chosen)
        self.save_button.setToolTip("" if chosen else _("Choose a rating first"))

    def _choose(self, quality: int) -> None:
        self._quality = quality
        for each, button in self.rating_buttons.items():
            button.setChecked(each == quality)
        self._update_save()

    def _rating_clicked(self, quality: int) -> None:
        self._choose(quality)
        if not self.more_button.isChecked():
            self._submit(quality)

    def _save(self) -> None:
        if self._quality is not None:
            self._submit(self._quality)

    def _submit(self, quality: int) -> None:
        problems: list[tuple[QLineEdit | None, str]] = []
        # Any: each detail parses to a type of its own (a time, minutes, a count), passed on
        # by name to DiaryEntry, which checks them.
        values: dict[str, Any] = {}
        for detail in _DETAILS:
            edit = self._edits[detail.attribute]
            text = edit.text().strip()
            try:
                values[detail.attribute] = detail.parse(detail.field, text) if text else None
            except InvalidInput as error:
                problems.append((edit, str(error)))
        entry = None
        if not problems:
            try:
                entry = DiaryEntry(self._night, self._zone_key, quality, **values)
                # Items that contradict each other are named as their labels read.
                check_consistent(entry, {d.attribute: d.field for d in _DETAILS})
            except Contradiction as error:  # the cursor goes to the first item it names
                problems.append((self._edits[error.field], str(error)))
                entry = None
            except InvalidInput as error:  # a rule of the entry as a whole, no single field
                problems.append((None, str(error)))
        if entry is None:
            self._show_problems(problems)
            return
        self.rated.emit(entry)
        self.accept()

    def _show_problems(self, problems: list[tuple[QLineEdit | None, str]]) -> None:
        # Hidden details could hold the mistake (typed, then folded away): show them.
        self.more_button.setChecked(True)
        self.error_label.setText("\n".join(message for _, message in problems))
        self.error_label.show()
        self.adjustSize()
        first = next((edit for edit, _ in problems if edit is not None), None)
        if first is not None:
            first.setFocus()
            first.selectAll()

    def _clear_error(self) -> None:
        if self.error_label.isVisible():
            clear_keeping_room(self.error_label)

    def _later(self) -> None:
        self._later_chosen = True
        try:
            self.reject()
        finally:
            self._later_chosen = False

    def reject(self) -> None:
        # Esc and the title bar's close button both end up here, as does "Later".
        if self._later_chosen:
            self.later.emit()
        else:
            self.dismissed.emit()
        super().reject()


def _scaled(base: QFont, factor: float, *, bold: bool) -> QFont:
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:
        font.setPixelSize(round(font.pixelSize() * factor))
    font.setBold(bold)
    return font
