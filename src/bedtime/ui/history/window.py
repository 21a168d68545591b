"""The History window: does magnesium help me? The nights of a period as a chart, what the log
says about them in plain words, and a table of the nights where doses and ratings are corrected.

Every change goes through one undo stack (edits), and from there through the companion: each
step is one store transaction, so a change either happens whole or not at all, and the tray
and reminders follow after each one.
"""

import gc
import html
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from itertools import pairwise

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QHideEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QTextDocumentFragment,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...app.companion import Companion, LoggedNights
from ...core.diary import DiaryEntry
from ...core.dosing import Intake
from ...core.history import NightRecord
from ...core.insights import insights
from ...core.wording import _, plural
from ..common.error_text import error_text
from ..common.fitting import resize_within_screen, table_width, widen_for
from ..common.icons import icon
from ..dialogs.morning_dialog import MorningDialog
from .chart_model import chart_night
from .dose_dialog import DoseDialog
from .edits import ERRORS, DeleteDose, DeleteRating, EditDose, LogEdit, Rate
from .insight_panel import InsightPanel
from .insight_text import insight_lines
from .night_chart import NightChart
from .night_words import dose_line
from .periods import DEFAULT_PERIOD, PERIODS, period_start
from .table import Column, DateWords, HistoryModel, column_widths
from .trial_window import TrialWindow

STATUS_SECONDS = 15  # how long "Dose deleted — Undo" stays


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a moment (as it was, after)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class HistoryWindow(QWidget):
    """History for a chosen period: chart, insights and a table of nights, with corrections.

    The log is read when the window is shown (the app keeps the window and shows it again),
    when the period changes, after each change made here, and when the companion reports a
    change made elsewhere (the tray, the command line) while the window is open.
    """

    def __init__(self, companion: Companion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.companion = companion
        self.undo_stack = QUndoStack(self)
        self.dose_dialog: DoseDialog | None = None
        self.rating_dialog: MorningDialog | None = None
        self.loaded: LoggedNights | None = None
        self.context_menu: QMenu | None = None
        self.message_box: QMessageBox | None = None
        self._words = DateWords()
        self._refreshing = False  # our own companion.refresh(): its `changed` is ours
        self._reload_pending = False

        self.setWindowTitle(_("History"))  # Qt adds " — Bedtime", the display name
        self.setWindowIcon(icon())
        em = self.fontMetrics().height()
        resize_within_screen(self, 70 * em, 44 * em)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(em, em, em, em)
        layout.setSpacing(round(em * 0.75))
        layout.addLayout(self._build_period_row(em))
        layout.addLayout(self._build_chart_and_insights(em), 5)
        layout.addWidget(self._build_table(em), 4)
        self._build_actions()
        layout.addLayout(self._build_button_row(em))
        self._chain_tab_order()

        self.undo_stack.indexChanged.connect(self._stack_moved)
        changed = getattr(companion, "changed", None)
        if changed is not None:
            changed.connect(self._changed_elsewhere)
        self._update_actions()

    # Building the window ------------------------------------------------------------------

    def _build_period_row(self, em: int) -> QLayout:
        """The period chooser and how many nights it shows."""
        self.period_combo = QComboBox()
        for name, _reach in PERIODS:
            self.period_combo.addItem(_(name))
        self.period_combo.setCurrentIndex(DEFAULT_PERIOD)
        self.period_combo.setAccessibleName(_("Period"))
        self.period_combo.setToolTip(_("The studies behind the advice ran 7 to 8 weeks"))
        self.period_combo.currentIndexChanged.connect(self._period_changed)
        period_label = QLabel(_("&Period:"))
        period_label.setBuddy(self.period_combo)
        self.range_label = QLabel()
        self.range_label.setAccessibleName(_("Nights shown"))
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period_combo)
        top.addSpacing(em)
        top.addWidget(self.range_label)
        top.addStretch(1)
        # The personal trial: its answer, or starting one; a window of its own.
        self.trial_button = QPushButton(_("&Trial: does it help me?…"))
        self.trial_button.setAccessibleName(_("Trial"))
        self.trial_button.setAutoDefault(False)
        self.trial_button.clicked.connect(self._show_trial)
        self.trial_window: TrialWindow | None = None
        top.addWidget(self.trial_button)
        return top

    def _build_chart_and_insights(self, em: int) -> QLayout:
        """The chart, and beside it what the log says in words."""
        self.chart = NightChart()
        self.chart.night_selected.connect(self._chart_selected)

        self.insights = InsightPanel(self._words)

        middle = QHBoxLayout()
        middle.setSpacing(em)
        middle.addWidget(self.chart, 1)
        middle.addWidget(self.insights)
        return middle

    def _build_table(self, em: int) -> QTableView:
        """The nights, newest first: one row each, equally high, columns fitted to the text."""
        self.model = HistoryModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(_("Nights"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.table.verticalHeader()
        rows.hide()
        # Every row equally high, from the font: no row is measured, whatever the count.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(round(em * 1.6))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        self._fitted: dict[Column, int] = {}  # the widths last fitted to the contents
        self._widen_on_show = True
        self._fit_columns([])
        self.table.setMinimumHeight(8 * em)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(self._activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        edit_key = QShortcut(QKeySequence(Qt.Key.Key_F2), self.table)
        edit_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        edit_key.activated.connect(lambda: self._activated(self.table.currentIndex()))
        return self.table

    def _build_actions(self) -> None:
        """The corrections and undo, with their keys, for buttons and the context menu alike."""

        def action(text: str, keys: list[QKeySequence], slot: Callable[[], None]) -> QAction:
            made = QAction(text, self)
            made.setShortcuts(keys)
            made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            made.triggered.connect(slot)
            self.addAction(made)
            return made

        ctrl = Qt.KeyboardModifier.ControlModifier
        self.edit_dose_action = action(
            _("&Edit dose…"), [QKeySequence(ctrl | Qt.Key.Key_E)], lambda: self.edit_dose()
        )
        self.delete_dose_action = action(
            _("&Delete dose"), [QKeySequence(Qt.Key.Key_Delete)], lambda: self.delete_dose()
        )
        self.rating_action = action(
            _("Edit &rating…"), [QKeySequence(ctrl | Qt.Key.Key_R)], self.edit_rating
        )
        self.delete_rating_action = action(
            _("Delete ra&ting"),
            [QKeySequence(Qt.KeyboardModifier.ShiftModifier | Qt.Key.Key_Delete)],
            self.delete_rating,
        )
        self.undo_action = action(
            _("&Undo"), QKeySequence.keyBindings(QKeySequence.StandardKey.Undo), self.undo
        )
        self.redo_action = action(
            _("Re&do"), QKeySequence.keyBindings(QKeySequence.StandardKey.Redo), self.redo
        )

    def _build_button_row(self, em: int) -> QLayout:
        """The correction buttons, the status line ("Dose deleted — Undo") and Undo."""
        self.edit_dose_button = self._button(self.edit_dose_action, _("Edit dose"))
        self.delete_dose_button = self._button(self.delete_dose_action, _("Delete dose"))
        self.rating_button = self._button(self.rating_action, _("Edit rating"))
        self.delete_rating_button = self._button(self.delete_rating_action, _("Delete rating"))
        self.undo_button = self._button(self.undo_action, _("Undo"))
        self._dose_menus = {
            self.edit_dose_button: QMenu(self.edit_dose_button),
            self.delete_dose_button: QMenu(self.delete_dose_button),
        }

        self.status_label = QLabel()
        self.status_label.setAccessibleName(_("Status"))
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        # The link is for the mouse; the keyboard has Ctrl+Z and the Undo button, so an
        # often empty label takes no place in the Tab order.
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.status_label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.status_label.linkActivated.connect(self._status_link)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(STATUS_SECONDS * 1000)
        self._status_timer.timeout.connect(self.status_label.clear)

        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_dose_button)
        buttons.addWidget(self.delete_dose_button)
        buttons.addSpacing(em)
        buttons.addWidget(self.rating_button)
        buttons.addWidget(self.delete_rating_button)
        buttons.addSpacing(em)
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.undo_button)
        return buttons

    def _chain_tab_order(self) -> None:
        chain = [
            self.period_combo,
            self.chart,
            self.table,
            self.edit_dose_button,
            self.delete_dose_button,
            self.rating_button,
            self.delete_rating_button,
            self.undo_button,
        ]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _show_trial(self) -> None:
        if self.trial_window is None:
            self.trial_window = TrialWindow(self.companion)
        self.trial_window.show()
        self.trial_window.raise_()
        self.trial_window.activateWindow()

    def _button(self, action: QAction, name: str) -> QPushButton:
        button = QPushButton(action.text())
        button.setAccessibleName(name)
        button.setAutoDefault(False)
        button.clicked.connect(action.trigger)

        def follow() -> None:
            button.setText(action.text())
            button.setEnabled(action.isEnabled())
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            tip = action.toolTip()
            button.setToolTip(f"{tip} ({keys})" if keys else tip)

        action.changed.connect(follow)
        follow()
        return button

    # Reading the log ----------------------------------------------------------------------

    def now(self) -> datetime:
        return self.companion.clock.now()

    def period(self) -> int:
        return self.period_combo.currentIndex()

    def set_period(self, index: int) -> None:
        self.period_combo.setCurrentIndex(index)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.reload()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if not event.spontaneous():
            self._status_timer.stop()
            self.status_label.clear()

    def _period_changed(self, _: int) -> None:
        if self.isVisible():
            self.reload()

    def _changed_elsewhere(self) -> None:
        """The companion saw a change (tray, command line): read again, once, soon."""
        if self._refreshing or not self.isVisible() or self._reload_pending:
            return
        self._reload_pending = True

        def run() -> None:
            self._reload_pending = False
            if self.isVisible():
                self.reload()

        QTimer.singleShot(0, self, run)

    def reload(self, select: date | None = None) -> None:
        """Read the period again and show it, keeping the selected night (or SELECT)."""
        keep = select if select is not None else self.selected_night()
        scroll = self.table.verticalScrollBar().value()
        # Years of nights are tens of thousands of small objects, none of them in a cycle:
        # the collector's passes over them would cost a third of the load.
        with _collector_paused():
            try:
                reach = PERIODS[self.period()][1]
                loaded = self.companion.logged_nights(lambda last: period_start(last, reach))
            except sqlite3.Error as error:
                self._warn(_("Could not read the log"), str(error))
                return
            self.loaded = loaded
            zone = self.companion.clock.zone()
            nights = [chart_night(r, loaded.settings, zone, self._words) for r in loaded.records]
            trial = self.companion.trial()
            lines = insight_lines(insights(loaded.records, loaded.settings, trial))
        nights.reverse()
        self.model.set_records(loaded.records)
        self._fit_columns(loaded.records)
        self.chart.set_amounts(loaded.settings.target_mg, loaded.settings.limit_mg)
        self.chart.set_nights(nights)
        records = loaded.records
        self.insights.show_lines((records[-1].night, records[0].night) if records else None, lines)
        self._show_range(loaded)
        # At first: last night, the one most often corrected or rated (not tonight, yet to come).
        row = self.model.row_of(keep if keep is not None else loaded.rating_last)
        if row is None:
            row = self.model.nearest_row(keep if keep is not None else loaded.rating_last)
        if row is not None and self.model.rowCount() > 0:
            self._select_row(row, scroll_to=select is not None)
            if select is None:
                self.table.verticalScrollBar().setValue(scroll)
        else:
            self.chart.set_current(None)
        self._update_actions()

    def _fit_columns(self, records: list[NightRecord]) -> None:
        """Fit the columns to the period's contents, except those the user has sized."""
        header = self.table.horizontalHeader()
        widths = {
            column: max(width, header.sectionSizeHint(column))
            for column, width in column_widths(
                records, self.table.fontMetrics(), self._words
            ).items()
        }
        for column, width in widths.items():
            size = header.sectionSize(column)
            # The last section is stretched to the window: its size says nothing of the user's.
            if column == header.count() - 1 or size == self._fitted.get(column, size):
                header.resizeSection(column, width)
        self._fitted = widths
        if self._widen_on_show and self.isVisible():
            # Once, when first shown: later, the width is the user's.
            self._widen_on_show = False
            widen_for(self, self.table, table_width(self.table, list(widths.values())))

    def _show_range(self, loaded: LoggedNights) -> None:
        count = len(loaded.records)
        self.range_label.setText("" if count == 0 else plural(count, "{n} night", "{n} nights"))

    # Selection ----------------------------------------------------------------------------

    def selected_record(self) -> NightRecord | None:
        index = self.table.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def selected_night(self) -> date | None:
        record = self.selected_record()
        return None if record is None else record.night

    def select_night(self, night: date) -> bool:
        row = self.model.row_of(night)
        if row is None:
            return False
        self._select_row(row, scroll_to=True)
        return True

    def _select_row(self, row: int, *, scroll_to: bool) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        if scroll_to:
            self.table.scrollTo(index)

    def _row_changed(self, current: QModelIndex, _: QModelIndex) -> None:
        record = self.model.record(current.row()) if current.isValid() else None
        self.chart.set_current(None if record is None else record.night)
        self._update_actions()

    def _chart_selected(self, night: date) -> None:
        self.select_night(night)

    def _stack_moved(self, _: int) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        record = self.selected_record()
        has_dose = record is not None and bool(record.intakes)
        has_rating = record is not None and record.diary is not None
        can_rate = has_rating or (
            record is not None
            and self.loaded is not None
            and record.night <= self.loaded.rating_last
        )
        self.edit_dose_action.setEnabled(has_dose)
        self.delete_dose_action.setEnabled(has_dose)
        self.rating_action.setText(
            _("Edit &rating…") if has_rating or record is None else _("Add &rating…")
        )
        self.rating_action.setEnabled(can_rate)
        self.rating_action.setToolTip(
            "" if can_rate or record is None else _("This night's bedtime has not come yet")
        )
        self.delete_rating_action.setEnabled(has_rating)
        self.undo_action.setEnabled(self.undo_stack.canUndo())
        self.undo_action.setToolTip(
            _("Undo: {what}").format(what=self.undo_stack.undoText())
            if self.undo_stack.canUndo()
            else _("Nothing to undo")
        )
        self.redo_action.setEnabled(self.undo_stack.canRedo())
        several = record is not None and len(record.intakes) > 1
        for button, menu in self._dose_menus.items():
            if several and record is not None:
                act = self.edit_dose if button is self.edit_dose_button else self.delete_dose
                self._fill_dose_menu(menu, record, act)
                button.setMenu(menu)
            else:
                # Takes the menu off; PySide6's stubs leave out that the menu may be None.
                button.setMenu(None)  # type: ignore[arg-type]

    def _fill_dose_menu(
        self, menu: QMenu, record: NightRecord, act: Callable[[Intake], None]
    ) -> None:
        menu.clear()
        for intake in record.intakes:
            item = menu.addAction(dose_line(intake))
            item.triggered.connect(lambda _=False, i=intake: act(i))

    def _activated(self, index: QModelIndex) -> None:
        """Enter, F2 or a double click: the dose's editor, or the rating's from its columns."""
        if not index.isValid():
            return
        record = self.model.record(index.row())
        if record is None:
            return
        if record.intakes and index.column() not in (Column.SLEEP, Column.DIARY):
            self.edit_dose()
        elif self.rating_action.isEnabled():
            self.edit_rating()
        elif record.intakes:
            self.edit_dose()

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self._select_row(index.row(), scroll_to=False)
        record = self.selected_record()
        if record is None:
            return
        menu = QMenu(self)
        if len(record.intakes) > 1:
            for title, act in (
                (_("&Edit dose"), self.edit_dose),
                (_("&Delete dose"), self.delete_dose),
            ):
                sub = menu.addMenu(title)
                self._fill_dose_menu(sub, record, act)
        else:
            menu.addAction(self.edit_dose_action)
            menu.addAction(self.delete_dose_action)
        menu.addSeparator()
        menu.addAction(self.rating_action)
        menu.addAction(self.delete_rating_action)
        menu.addSeparator()
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)
        where = (
            pos if index.isValid() else self.table.visualRect(self.table.currentIndex()).center()
        )
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(where))

    # Changes ------------------------------------------------------------------------------

    def edit_dose(self, intake: Intake | None = None) -> None:
        record = self.selected_record()
        if record is None or not record.intakes or self.loaded is None:
            return
        dose = intake or record.intakes[0]
        others = sum(i.mg for i in record.intakes if i.uid != dose.uid)
        dialog = DoseDialog(dose, self.loaded.settings, self.now(), self, others_mg=others)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._dose_edited(dose, dialog.result_intake()))
        dialog.finished.connect(lambda _: setattr(self, "dose_dialog", None))
        self.dose_dialog = dialog
        dialog.open()

    def _dose_edited(self, old: Intake, new: Intake | None) -> None:
        if new is None or new == old:
            return
        self._do(EditDose(self.companion, old, new, self._words))

    def delete_dose(self, intake: Intake | None = None) -> None:
        record = self.selected_record()
        if record is None or not record.intakes:
            return
        self._do(DeleteDose(self.companion, intake or record.intakes[0], self._words))

    def edit_rating(self) -> None:
        record = self.selected_record()
        if record is None or not self.rating_action.isEnabled():
            return
        old = record.diary
        zone_key = old.zone if old is not None else self.companion.clock.zone().key
        dialog = MorningDialog(record.night, zone_key, self, existing=old, allow_later=False)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.rated.connect(lambda entry: self._rated(old, entry))
        dialog.finished.connect(lambda _: setattr(self, "rating_dialog", None))
        self.rating_dialog = dialog
        dialog.open()

    def _rated(self, old: DiaryEntry | None, new: DiaryEntry) -> None:
        if new == old:
            return
        self._do(Rate(self.companion, old, new, self._words))

    def delete_rating(self) -> None:
        record = self.selected_record()
        if record is None or record.diary is None:
            return
        self._do(DeleteRating(self.companion, record.diary, self._words))

    def _do(self, command: LogEdit) -> None:
        """Make the change; only a change the store took goes on the undo stack."""
        try:
            command.apply()
        except ERRORS as error:
            self._warn(_("Not changed"), error_text(error))
            self.reload()
            return
        self.undo_stack.push(command)
        self._after(command.night, command.done, "undo")

    def undo(self) -> None:
        self._step(back=True)

    def redo(self) -> None:
        self._step(back=False)

    def _step(self, *, back: bool) -> None:
        stack = self.undo_stack
        if not (stack.canUndo() if back else stack.canRedo()):
            return
        command = stack.command(stack.index() - 1 if back else stack.index())
        if back:
            stack.undo()
        else:
            stack.redo()
        if not isinstance(command, LogEdit):  # pragma: no cover - only ours are pushed
            self.reload()
            return
        if command.error is not None:
            error = command.error
            stack.clear()
            self.reload()
            self.status_label.clear()
            self._warn(
                _("Could not undo") if back else _("Could not redo"),
                error_text(error)
                + "\n\n"
                + _(
                    "Nothing was changed. The undo history is cleared, as the log no longer "
                    "matches it."
                ),
            )
            return
        self._after(
            command.night, command.undone if back else command.done, "redo" if back else "undo"
        )

    def _after(self, night: date | None, message: str, link: str) -> None:
        """After a change: show it, say so, and let the tray and reminders follow."""
        self.reload(select=night)
        if message:
            text = html.escape(message)
            if link:
                shown = _("Undo") if link == "undo" else _("Redo")
                text += f" — <a href='{link}'>{html.escape(shown)}</a>"
            self.status_label.setText(text)
            self._status_timer.start()
        self._refreshing = True
        try:
            self.companion.refresh()
        except sqlite3.Error as error:
            self._warn(_("Reminders not updated"), str(error))
        finally:
            self._refreshing = False

    def _status_link(self, link: str) -> None:
        if link == "undo":
            self.undo()
        elif link == "redo":
            self.redo()

    def status_text(self) -> str:
        """The status line as plain text."""
        return QTextDocumentFragment.fromHtml(self.status_label.text()).toPlainText()

    def _warn(self, title: str, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()
