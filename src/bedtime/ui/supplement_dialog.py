"""Add a supplement: what someone takes, so a dose can be logged in mg of elemental magnesium."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.dosing import Supplement
from ..core.errors import InvalidInput, fmt_number
from ..core.forms import FORMS
from ..core.supplement_input import (
    draft_supplement,
    parse_mg_per_unit,
    parse_units_per_dose,
)
from ..core.values import quantity

MG_HINT = "per tablet, capsule, scoop or ml — the label's 'elemental' figure"
_DEFAULT_FORM = "other"
_NO_DOSE = "A dose: fill in the elemental mg per unit"


class SupplementDialog(QDialog):
    """Asks for a new supplement and hands back a checked draft; saving is the caller's job.

    OK checks every field with the same rules as `bedtime supplement add`; a mistake is shown
    in the dialog, which stays open. After `exec()` returns Accepted, `supplement()` holds the
    draft (id 0). If the store then turns it down (a name already in use), the caller passes
    the reason to `show_error` and opens the dialog again, with everything still filled in.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._draft: Supplement | None = None
        self.setWindowTitle("Add a supplement")
        metrics = self.fontMetrics()
        em = metrics.height()
        number_width = metrics.horizontalAdvance("0" * 8) + em

        intro = QLabel(
            "Tell Bedtime what you take; doses are counted in mg of elemental magnesium."
        )
        intro.setWordWrap(True)

        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Magnesium bisglycinate")
        self.name_edit.setMinimumWidth(metrics.averageCharWidth() * 30)

        self.form_combo = QComboBox()
        for key, kind in FORMS.items():
            self.form_combo.addItem(kind.label, key)
        self.form_combo.setCurrentIndex(self.form_combo.findData(_DEFAULT_FORM))

        self.mg_edit = QLineEdit()
        self.mg_edit.setPlaceholderText("e.g. 200")
        self.mg_edit.setFixedWidth(number_width)
        self.mg_edit.setAccessibleDescription(MG_HINT)
        mg_hint = QLabel(MG_HINT)
        mg_hint.setWordWrap(True)

        self.units_edit = QLineEdit("1")
        self.units_edit.setFixedWidth(number_width)
        self.units_edit.setAccessibleDescription("half a tablet: 0.5")

        self.stock_edit = QLineEdit()
        self.stock_edit.setPlaceholderText("optional")
        self.stock_edit.setFixedWidth(number_width)
        self.stock_edit.setAccessibleDescription("units on hand; leave empty to not track stock")

        self.low_days_edit = QLineEdit("7")
        self.low_days_edit.setFixedWidth(number_width)
        self.low_days_edit.setAccessibleDescription("warn when fewer nights than this are left")

        # Error messages name each field as its label reads, so the two can be matched.
        self._fields: dict[str, tuple[str, QWidget]] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        def row(key: str, label: str, widget: QWidget, field: QWidget | None = None) -> None:
            shown = label.replace("&", "")
            buddy = QLabel(label)
            buddy.setBuddy(widget)
            widget.setAccessibleName(shown)
            form.addRow(buddy, widget if field is None else field)
            self._fields[key] = (shown, widget)

        row("name", "&Name", self.name_edit)
        row("form", "&Form", self.form_combo)
        row(
            "mg-per-unit",
            "Elemental &mg per unit",
            self.mg_edit,
            _stacked(_beside(self.mg_edit, "mg"), mg_hint),
        )
        row(
            "units-per-dose",
            "&Units per dose",
            self.units_edit,
            _beside(self.units_edit, "half a tablet: 0.5"),
        )
        row(
            "stock",
            "&Stock on hand",
            self.stock_edit,
            _beside(self.stock_edit, "units; leave empty to not track"),
        )
        row(
            "low-days",
            "Low-stock &warning",
            self.low_days_edit,
            _beside(self.low_days_edit, "when fewer nights than this are left"),
        )

        self.dose_label = QLabel(_NO_DOSE)
        self.dose_label.setTextFormat(Qt.TextFormat.PlainText)
        self.dose_label.setAccessibleName("Dose")

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont(self.font())
        bold.setBold(True)
        self.error_label.setFont(bold)
        self.error_label.setAccessibleName("Problem")
        self.error_label.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Add")
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(max(6, em // 2))
        layout.setContentsMargins(em, em, em, em)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.dose_label)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(metrics.averageCharWidth() * 60)

        for edit in (
            self.name_edit,
            self.mg_edit,
            self.units_edit,
            self.stock_edit,
            self.low_days_edit,
        ):
            edit.textEdited.connect(self._clear_error)
        self.form_combo.currentIndexChanged.connect(self._clear_error)
        self.mg_edit.textChanged.connect(self._update_dose)
        self.units_edit.textChanged.connect(self._update_dose)
        self.name_edit.setFocus()

    def supplement(self) -> Supplement | None:
        """The checked draft from the last OK (id 0), or None before one."""
        return self._draft

    def accept(self) -> None:
        try:
            draft = draft_supplement(
                self.name_edit.text(),
                str(self.form_combo.currentData()),
                self.mg_edit.text(),
                self.units_edit.text(),
                self.stock_edit.text(),
                self.low_days_edit.text(),
            )
        except InvalidInput as error:
            self.show_error(error)
            return
        self._draft = draft
        self._clear_error()
        super().accept()

    def show_error(self, message: str | InvalidInput) -> None:
        """Show why the supplement cannot be added, and put the cursor where the mistake is."""
        target: QWidget | None = None
        if isinstance(message, InvalidInput) and message.field in self._fields:
            shown, target = self._fields[message.field]
            message = InvalidInput(shown, message.allowed, message.got)
        self.error_label.setText(str(message))
        self.error_label.show()
        self.adjustSize()
        if target is not None:
            target.setFocus()
            if isinstance(target, QLineEdit):
                target.selectAll()

    def _clear_error(self) -> None:
        if not self.error_label.isHidden():
            self.error_label.hide()
            self.error_label.clear()

    def _update_dose(self) -> None:
        try:
            mg = parse_mg_per_unit(self.mg_edit.text())
            units = parse_units_per_dose(self.units_edit.text())
        except InvalidInput:
            self.dose_label.setText(_NO_DOSE)
            return
        self.dose_label.setText(
            f"A dose: {fmt_number(units)} × {fmt_number(mg)} mg = "
            f"{fmt_number(quantity(mg * units))} mg elemental"
        )


def _beside(edit: QLineEdit, after: str, *, before: str = "") -> QWidget:
    """A short field with its unit or a reminder next to it, on one line."""
    holder = QWidget()
    line = QHBoxLayout(holder)
    line.setContentsMargins(0, 0, 0, 0)
    if before:
        line.addWidget(QLabel(before))
    line.addWidget(edit)
    line.addWidget(QLabel(after), 1)
    return holder


def _stacked(top: QWidget, below: QWidget) -> QWidget:
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(top)
    column.addWidget(below)
    return holder
