"""Settings › Supplements: what the user takes, with add / edit / remove / restock.

Every change waits for Save (see core/supplement_changes.py): the table shows the list as it
will be, and Cancel leaves the stored one as it was.
"""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.dosing import Supplement, days_left
from ...core.errors import InvalidInput
from ...core.forms import FORMS
from ...core.settings import Settings
from ...core.supplement_changes import (
    Add,
    Change,
    Edit,
    Remove,
    Restock,
    apply_changes,
    check_name,
    next_stand_in,
)
from ...core.wording import N_, _, fmt_number, plural
from ..common.fitting import keep_columns_whole
from ..common.form_parts import hint
from ..dialogs.restock_prompt import ask_units_added
from .page import Saved, SettingsPage
from .supplement_dialog import SupplementDialog

COLUMNS = (N_("Name"), N_("Form"), N_("mg per unit"), N_("Per dose"), N_("Stock"), N_("Warn below"))


class SupplementsPage(SettingsPage):
    TITLE = N_("Supplements")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._saved = Settings()
        # The daily limit as the Amounts page holds it, saved or not, which the supplement
        # dialog checks a dose against; the saved one while the form has a mistake.
        self._limit_mg = self._saved.limit_mg
        self._stored: list[Supplement] = []
        self.changes: list[Change] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(column) for column in COLUMNS])
        self.table.setAccessibleName(_("Supplements"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the buttons
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Every column as wide as its contents (a stretched name column was squeezed to
        # nothing by a long form name); the spare room goes to the last one.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.empty = QLabel(_("No supplement yet. Add the one you take, as its label states it."))
        self.empty.setWordWrap(True)

        self.add_button = QPushButton(_("&Add…"))
        self.edit_button = QPushButton(_("&Edit…"))
        self.restock_button = QPushButton(_("Re&stock…"))
        self.remove_button = QPushButton(_("Re&move"))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.restock_button, self.remove_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(
            hint(
                _(
                    "Amounts are mg of elemental magnesium. A removed supplement stays in your "
                    "history. Changes here are kept when you press Save."
                )
            )
        )

        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.restock_button.clicked.connect(self.restock)
        self.remove_button.clicked.connect(self.remove)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.itemDoubleClicked.connect(lambda _item: self.edit())

    def load(self, saved: Saved) -> None:
        self._saved, self._limit_mg = saved.settings, saved.settings.limit_mg
        self._stored = list(saved.supplements)
        self.changes = []
        self._show()

    def show_draft(self, draft: Settings | None) -> None:
        self._limit_mg = (self._saved if draft is None else draft).limit_mg

    def other_changes(self) -> bool:
        return bool(self.changes)

    def shown(self) -> list[Supplement]:
        """The list as it will be stored on Save."""
        return apply_changes(self._stored, self.changes)

    def selected(self) -> Supplement | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        found: Supplement | None = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return found

    # -- the four actions ------------------------------------------------------------------

    def add(self) -> None:
        dialog = SupplementDialog(self, limit_mg=self._limit_mg)
        while dialog.exec():
            draft = dialog.supplement()
            if draft is None:
                return
            candidate = Supplement(
                next_stand_in(self.changes),
                draft.name,
                draft.form,
                draft.mg_per_unit,
                draft.units_per_dose,
                draft.stock_units,
                draft.low_days,
            )
            if self._change(Add(candidate), dialog):
                return

    def edit(self) -> None:
        current = self.selected()
        if current is None:
            return
        dialog = SupplementDialog(self, existing=current, limit_mg=self._limit_mg)
        while dialog.exec():
            draft = dialog.supplement()
            if draft is None or self._change(Edit(draft), dialog):
                return

    def restock(self) -> None:
        current = self.selected()
        if current is None:
            return
        units = ask_units_added(self, current)
        if units is not None:
            self._change(Restock(current.id, units), None)

    def remove(self) -> None:
        current = self.selected()
        if current is not None:
            self._change(Remove(current.id), None)

    # -- keeping the table current ---------------------------------------------------------

    def _change(self, change: Change, dialog: SupplementDialog | None) -> bool:
        """Keep CHANGE for Save if the name is free; else say why in DIALOG and return False."""
        if isinstance(change, Add | Edit):
            try:
                check_name(self.shown(), change.supplement)
            except InvalidInput as error:
                if dialog is not None:
                    dialog.show_error(error)
                return False
        self.changes.append(change)
        chosen = change.supplement.id if isinstance(change, Add | Edit) else change.id
        self._show(select=chosen)
        self.edited.emit()
        return True

    def _show(self, select: int | None = None) -> None:
        supplements = self.shown()
        self.table.setRowCount(len(supplements))
        for row, s in enumerate(supplements):
            left = days_left(s)
            stock = _("not tracked") if s.stock_units is None else fmt_number(s.stock_units)
            if left is not None:
                stock += " (" + plural(left, "{n} night", "{n} nights") + ")"
            cells = (
                s.name,
                FORMS[s.form].label if s.form in FORMS else s.form,
                f"{fmt_number(s.mg_per_unit)} mg",
                fmt_number(s.units_per_dose),
                stock,
                plural(s.low_days, "{n} night", "{n} nights"),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, s)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
            if s.id == select:
                self.table.selectRow(row)
        keep_columns_whole(self.table)
        self.table.setVisible(bool(supplements))
        self.empty.setVisible(not supplements)
        if select is None and supplements:
            self.table.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        chosen = self.selected() is not None
        for button in (self.edit_button, self.restock_button, self.remove_button):
            button.setEnabled(chosen)
