"""Add or edit a supplement: what someone takes, its doses counted in mg of elemental magnesium."""

import dataclasses
import itertools

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.dosing import Supplement, above_limit, check_dose_size
from ...core.errors import DoseAboveLimit, InvalidInput
from ...core.forms import FORMS, elemental_estimate
from ...core.supplement_input import (
    COMPOUND_MG_MAX,
    MG_PER_UNIT_MAX,
    draft_supplement,
    parse_compound_mg,
    parse_mg_per_unit,
    parse_units_per_dose,
)
from ...core.values import quantity
from ...core.wording import N_, Translated, _, fmt_number
from ..common.form_parts import reserve_lines

# Two lines broken where the sense breaks: wrapped by width, the last word sat alone.
MG_HINT = N_("per tablet, capsule, scoop or ml:\nthe figure the label calls 'elemental'")
COMPOUND_TOGGLE = N_("&The label gives the compound weight…")
_DEFAULT_FORM = "other"
_NO_DOSE = N_("A dose: fill in the elemental mg per unit")
_ADD_INTRO = N_("Tell Bedtime what you take; doses are counted in mg of elemental magnesium.")
# No break before the dash.
_CHECK_LABEL = N_("An estimate\u00a0— check the label for the elemental figure.")
# What the articles add about a form, where it matters next to an estimate (domain notes).
_FORM_CAVEATS = Translated({"oxide": N_("but poorly absorbed (~4\u00a0%)")})


class SupplementDialog(QDialog):
    """Asks for a new supplement, or changes to one, and hands back a checked draft.

    Saving is the caller's job. OK checks every field with the same rules as
    `bedtime supplement add`; a mistake is shown in the dialog, which stays open. After
    `exec()` returns Accepted, `supplement()` holds the draft: id 0 for a new supplement, the
    id of `existing` when editing one. If the store then turns it down (a name already in
    use), the caller passes the reason to `show_error` and opens the dialog again, with
    everything still filled in.

    Under the mg field, a helper that starts closed estimates the elemental mg from the
    compound's weight, for labels that give only that; it never fills anything by itself.

    A dose above LIMIT_MG (the daily limit) on its own is said on the dose line as it is
    typed, and OK asks before keeping it, as `--force` does on the command line.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        existing: Supplement | None = None,
        *,
        limit_mg: float,
    ) -> None:
        super().__init__(parent)
        self._draft: Supplement | None = None
        self._existing = existing
        self._limit_mg = limit_mg
        self._estimate: float | None = None
        self._shrink_pending = False
        self.setWindowTitle(_("Add a supplement") if existing is None else _("Edit supplement"))
        metrics = self.fontMetrics()
        em = metrics.height()

        layout = QVBoxLayout(self)
        layout.setSpacing(max(6, em // 2))
        layout.setContentsMargins(em, em, em, em)
        layout.addWidget(self._build_intro())
        layout.addLayout(self._build_form(metrics))
        layout.addWidget(self._build_dose_line())
        layout.addWidget(self._build_error_line())
        layout.addWidget(self._build_buttons())
        # Only once the button is in the dialog does the dialog keep it as its main default;
        # set earlier, a click on it that fails leaves no default, and Enter does nothing.
        self.ok_button.setDefault(True)
        # Wide enough for the intro on one line, which leaves the helper's estimate room to read.
        self.setMinimumWidth(
            max(metrics.averageCharWidth() * 60, metrics.horizontalAdvance(_(_ADD_INTRO)) + 3 * em)
        )
        self._connect_fields()
        self._chain_tab_order()

        if existing is not None:
            self._fill(existing)
        self._update_estimate()
        self.name_edit.setFocus()

    # -- building the dialog ---------------------------------------------------------------

    def _build_intro(self) -> QLabel:
        intro = QLabel(
            _(_ADD_INTRO)
            if self._existing is None
            else _("Changes count from the next dose; doses already logged keep their mg.")
        )
        intro.setWordWrap(True)
        return intro

    def _build_form(self, metrics: QFontMetrics) -> QFormLayout:
        """The fields, each beside a label that names it as error messages do."""
        em = metrics.height()
        number_width = metrics.horizontalAdvance("0" * 8) + em
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(_("e.g. Magnesium bisglycinate"))
        self.name_edit.setMinimumWidth(metrics.averageCharWidth() * 30)

        self.form_combo = QComboBox()
        for key, kind in FORMS.items():
            self.form_combo.addItem(kind.label, key)
        self.form_combo.setCurrentIndex(self.form_combo.findData(_DEFAULT_FORM))

        mg_field = self._build_mg_field(number_width, em)
        self._build_count_edits(number_width)

        # Error messages name each field as its label reads, so the two can be matched.
        self._fields: dict[str, tuple[str, QWidget]] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._add_row(form, "name", _("&Name"), self.name_edit)
        self._add_row(form, "form", _("&Form"), self.form_combo)
        self._add_row(form, "mg-per-unit", _("Elemental &mg per unit"), self.mg_edit, mg_field)
        self._add_row(
            form,
            "units-per-dose",
            _("&Units per dose"),
            self.units_edit,
            _beside(self.units_edit, _("half a tablet: 0.5")),
        )
        self._add_row(
            form,
            "stock",
            _("Stoc&k on hand"),
            self.stock_edit,
            _beside(self.stock_edit, _("units; leave empty to not track")),
        )
        self._add_row(
            form,
            "low-days",
            _("Low-stock &warning"),
            self.low_days_edit,
            _beside(self.low_days_edit, _("when fewer nights than this are left")),
        )
        return form

    def _add_row(
        self, form: QFormLayout, key: str, label: str, widget: QWidget, field: QWidget | None = None
    ) -> None:
        """A row whose label names WIDGET; FIELD, when given, is what the row shows around it."""
        shown = label.replace("&", "")
        buddy = QLabel(label)
        buddy.setBuddy(widget)
        widget.setAccessibleName(shown)
        form.addRow(buddy, widget if field is None else field)
        self._fields[key] = (shown, widget)

    def _build_mg_field(self, number_width: int, em: int) -> QWidget:
        """The elemental mg, its hint, and the compound-weight helper under them."""
        self.mg_edit = QLineEdit()
        self.mg_edit.setPlaceholderText(_("e.g. {example}").format(example=200))
        self.mg_edit.setFixedWidth(number_width)
        self.mg_edit.setAccessibleDescription(_(MG_HINT).replace("\n", " "))
        mg_hint = QLabel(_(MG_HINT))
        mg_hint.setWordWrap(True)

        # The compound-weight helper: a disclosure button, and the panel it opens.
        self.compound_toggle = QToolButton()
        self.compound_toggle.setText(_(COMPOUND_TOGGLE))
        self.compound_toggle.setAccessibleName(_(COMPOUND_TOGGLE).replace("&", ""))
        self.compound_toggle.setAccessibleDescription(
            _("estimates the elemental mg from the weight of the compound")
        )
        self.compound_toggle.setCheckable(True)
        self.compound_toggle.setAutoRaise(True)
        self.compound_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.compound_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.compound_toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return _stacked(
            _beside(self.mg_edit, "mg"),
            mg_hint,
            _left(self.compound_toggle),
            self._build_compound_panel(number_width, em),
        )

    def _build_compound_panel(self, number_width: int, em: int) -> QFrame:
        """The helper's panel, closed at first: compound weight in, an estimate to use out."""
        self.compound_edit = QLineEdit()
        self.compound_edit.setPlaceholderText(_("e.g. {example}").format(example=1000))
        self.compound_edit.setFixedWidth(number_width)
        self.compound_edit.setAccessibleName(_("Compound mg per unit"))
        self.compound_edit.setAccessibleDescription(
            _("the weight of the whole compound, such as 1000 mg magnesium bisglycinate")
        )
        compound_label = QLabel(_("&Compound mg per unit"))
        compound_label.setBuddy(self.compound_edit)

        self.estimate_label = QLabel()
        self.estimate_label.setWordWrap(True)
        self.estimate_label.setTextFormat(Qt.TextFormat.PlainText)
        self.estimate_label.setAccessibleName(_("Estimate"))

        self.use_button = QPushButton()
        self.use_button.setAccessibleDescription(_("puts the estimate in the elemental mg field"))
        self.use_button.setAutoDefault(False)

        self.compound_panel = QFrame()
        self.compound_panel.setFrameShape(QFrame.Shape.StyledPanel)
        # Box layouts, not a grid: a grid squeezes a wrapped label that spans its columns.
        panel = QVBoxLayout(self.compound_panel)
        panel.setContentsMargins(em // 2, em // 2, em // 2, em // 2)
        panel.setSpacing(max(4, em // 3))
        panel.addWidget(_beside(self.compound_edit, "mg", before=compound_label))
        panel.addWidget(self.estimate_label)
        panel.addWidget(_left(self.use_button))
        self.compound_panel.hide()
        return self.compound_panel

    def _build_count_edits(self, number_width: int) -> None:
        """Units per dose, stock on hand and the low-stock warning, with their starting values."""
        self.units_edit = QLineEdit("1")
        self.units_edit.setFixedWidth(number_width)
        self.units_edit.setAccessibleDescription(_("half a tablet: 0.5"))

        self.stock_edit = QLineEdit()
        self.stock_edit.setPlaceholderText(_("optional"))
        self.stock_edit.setFixedWidth(number_width)
        self.stock_edit.setAccessibleDescription(_("units on hand; leave empty to not track stock"))

        self.low_days_edit = QLineEdit("7")
        self.low_days_edit.setFixedWidth(number_width)
        self.low_days_edit.setAccessibleDescription(_("warn when fewer nights than this are left"))

    def _build_dose_line(self) -> QLabel:
        """What one dose comes to, kept up to date as the figures are typed."""
        self.dose_label = QLabel(_(_NO_DOSE))
        self.dose_label.setTextFormat(Qt.TextFormat.PlainText)
        self.dose_label.setAccessibleName(_("Dose"))
        return self.dose_label

    def _build_error_line(self) -> QLabel:
        """The mistake OK found, in bold; hidden until there is one."""
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont(self.font())
        bold.setBold(True)
        self.error_label.setFont(bold)
        self.error_label.setAccessibleName(_("Problem"))
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        reserve_lines(self.error_label, 2)
        self.error_label.hide()
        return self.error_label

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("&Add") if self._existing is None else _("&Save"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        return buttons

    def _connect_fields(self) -> None:
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
        self.compound_toggle.toggled.connect(self._show_compound)
        self.compound_edit.textChanged.connect(self._update_estimate)
        self.form_combo.currentIndexChanged.connect(self._update_estimate)
        self.use_button.clicked.connect(self._use_estimate)

    def _chain_tab_order(self) -> None:
        chain = (
            self.name_edit,
            self.form_combo,
            self.mg_edit,
            self.compound_toggle,
            self.compound_edit,
            self.use_button,
            self.units_edit,
            self.stock_edit,
            self.low_days_edit,
        )
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    # -- filling in and checking -----------------------------------------------------------

    def supplement(self) -> Supplement | None:
        """The checked draft from the last OK, or None before one.

        Its id is 0 for a new supplement and the edited one's id otherwise.
        """
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
        if not self._dose_confirmed(draft):
            return
        if self._existing is not None:
            draft = dataclasses.replace(draft, id=self._existing.id)
        self._draft = draft
        self._clear_error()
        super().accept()

    def _dose_confirmed(self, draft: Supplement) -> bool:
        """True unless one dose is above the limit on its own and the person goes back.

        Going back puts the cursor on the figure most likely mistyped: the mg per unit when
        it alone is above the limit, else the units per dose.
        """
        try:
            check_dose_size(draft, self._limit_mg, force=False)
            return True
        except DoseAboveLimit as above:
            reason = str(above)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            _("Above your daily limit"),
            _(
                "{reason}: every evening's reminder would offer more than your limit.\n\n"
                "Keep it as it is?"
            ).format(reason=f"{reason[0].upper()}{reason[1:]}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText(_("&Keep it"))
        box.button(QMessageBox.StandardButton.No).setText(_("&Change it"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() == QMessageBox.StandardButton.Yes:
            return True
        field = self.mg_edit if above_limit(draft.mg_per_unit, self._limit_mg) else self.units_edit
        field.setFocus()
        field.selectAll()
        return False

    def show_error(self, message: str | InvalidInput) -> None:
        """Show why the supplement cannot be added, and put the cursor where the mistake is."""
        target: QWidget | None = None
        if isinstance(message, InvalidInput) and message.field in self._fields:
            shown, target = self._fields[message.field]
            message = InvalidInput(shown, message.allowed, message.got)
        self.error_label.setText(str(message))
        self.error_label.show()
        if target is not None:
            target.setFocus()
            if isinstance(target, QLineEdit):
                target.selectAll()

    def _clear_error(self) -> None:
        if not self.error_label.isHidden():
            self.error_label.hide()
            self.error_label.clear()

    def _fill(self, existing: Supplement) -> None:
        self.name_edit.setText(existing.name)
        index = self.form_combo.findData(existing.form)
        if index >= 0:
            self.form_combo.setCurrentIndex(index)
        self.mg_edit.setText(fmt_number(existing.mg_per_unit))
        self.units_edit.setText(fmt_number(existing.units_per_dose))
        self.stock_edit.setText(
            "" if existing.stock_units is None else fmt_number(existing.stock_units)
        )
        self.low_days_edit.setText(str(existing.low_days))

    def _show_compound(self, shown: bool) -> None:
        self.compound_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        self.compound_panel.setVisible(shown)
        self._shrink_pending = not shown

    def _update_estimate(self) -> None:
        """The estimate line and the Use button, from the compound weight and the form."""
        form = FORMS[str(self.form_combo.currentData())]
        self._estimate = None
        self.use_button.setText(_("Us&e the estimate"))
        if form.elemental_fraction is None:
            text = _(
                "No typical figure for {form}: the label's elemental amount is needed."
            ).format(form=form.label)
        else:
            try:
                compound = parse_compound_mg(self.compound_edit.text())
            except InvalidInput:
                compound = None
            estimate = None if compound is None else elemental_estimate(compound, form.key)
            if compound is None or estimate is None:
                text = _(
                    "Type the compound's mg from the label: a number up to {most}, such as 1000."
                ).format(most=COMPOUND_MG_MAX)
            elif not 1 <= estimate <= MG_PER_UNIT_MAX:
                text = _(
                    "That would be about {estimate} mg elemental, outside 1 to {most} mg: "
                    "check the figure."
                ).format(estimate=fmt_number(estimate), most=MG_PER_UNIT_MAX)
            else:
                self._estimate = estimate
                percent = fmt_number(quantity(form.elemental_fraction * 100))
                caveat = _FORM_CAVEATS.get(form.key)
                # No break before %.
                typical = _("typically about {percent}\u00a0% magnesium").format(percent=percent)
                if caveat:
                    typical += f", {caveat}"
                text = (
                    _("≈ {estimate} mg elemental: {form} is {typical}.").format(
                        estimate=fmt_number(estimate), form=form.label, typical=typical
                    )
                    + " "
                    + _(_CHECK_LABEL)
                )
                self.use_button.setText(
                    _("Us&e {estimate} mg").format(estimate=fmt_number(estimate))
                )
        self.estimate_label.setText(text)
        self.use_button.setEnabled(self._estimate is not None)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:  # the layout has just been redone
            self._fit_height()
        return handled

    def _fit_height(self) -> None:
        """Room for every line of wrapped text at the current width, which is kept.

        Qt grows a window to its minimum size, but that leaves out the extra lines of wrapped
        text: without this, opening the helper or a longer estimate would squeeze the rows.
        Closing the helper gives back the room it took.
        """
        shrink, self._shrink_pending = self._shrink_pending, False
        if not self.isVisible():
            return
        needed = max(self.minimumHeight(), self.heightForWidth(self.width()))
        if needed > self.height() or (shrink and needed < self.height()):
            self.resize(self.width(), needed)

    def _use_estimate(self) -> None:
        if self._estimate is None:
            return
        self.mg_edit.setText(fmt_number(self._estimate))
        self._clear_error()

    def _update_dose(self) -> None:
        try:
            mg = parse_mg_per_unit(self.mg_edit.text())
            units = parse_units_per_dose(self.units_edit.text())
        except InvalidInput:
            self.dose_label.setText(_(_NO_DOSE))
            return
        dose = quantity(mg * units)
        over = (
            _(", above your daily limit of {limit} mg").format(limit=fmt_number(self._limit_mg))
            if above_limit(dose, self._limit_mg)
            else ""
        )
        self.dose_label.setText(
            _("A dose: {units} × {mg} mg = {dose} mg elemental").format(
                units=fmt_number(units), mg=fmt_number(mg), dose=fmt_number(dose)
            )
            + over
        )


def _beside(edit: QLineEdit, after: str, *, before: str | QLabel = "") -> QWidget:
    """A short field with its unit or a reminder next to it, on one line."""
    holder = QWidget()
    line = QHBoxLayout(holder)
    line.setContentsMargins(0, 0, 0, 0)
    if before:
        line.addWidget(before if isinstance(before, QLabel) else QLabel(before))
    line.addWidget(edit)
    line.addWidget(QLabel(after), 1)
    return holder


def _stacked(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    for widget in widgets:
        column.addWidget(widget)
    return holder


def _left(widget: QWidget) -> QWidget:
    """A widget at its own width, at the start of the line."""
    holder = QWidget()
    line = QHBoxLayout(holder)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(widget)
    line.addStretch(1)
    return holder
