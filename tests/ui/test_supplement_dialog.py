from collections.abc import Callable
from datetime import time

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from bedtime.core.dosing import Supplement
from bedtime.core.errors import InvalidInput
from bedtime.core.forms import FORMS
from bedtime.ui.earlier_dialog import EarlierDialog
from bedtime.ui.supplement_dialog import MG_HINT, SupplementDialog

Events = list[str]


@pytest.fixture
def open_dialog(qtbot: QtBot) -> Callable[[], tuple[SupplementDialog, Events]]:
    """A shown, active dialog and the list of how it finished, if it did."""

    def make() -> tuple[SupplementDialog, Events]:
        dialog = SupplementDialog()
        qtbot.addWidget(dialog)
        events: Events = []
        dialog.accepted.connect(lambda: events.append("accepted"))
        dialog.rejected.connect(lambda: events.append("rejected"))
        # waitActive is a context manager: called bare it returns at once, before activation.
        with qtbot.waitActive(dialog):
            dialog.show()
            dialog.activateWindow()
        return dialog, events

    return make


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    """Replace what the field holds, with the keys a user would press."""
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def choose_form(qtbot: QtBot, dialog: SupplementDialog, key: str) -> None:
    combo = dialog.form_combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(list(FORMS).index(key)):
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def fill(qtbot: QtBot, dialog: SupplementDialog, **fields: str) -> None:
    for name, text in fields.items():
        retype(qtbot, getattr(dialog, f"{name}_edit"), text)


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_defaults_and_labels(open_dialog: Callable) -> None:
    dialog, _ = open_dialog()
    assert dialog.windowTitle() == "Add a supplement"
    assert dialog.form_combo.currentData() == "other"
    assert dialog.form_combo.currentText() == FORMS["other"].label
    assert [dialog.form_combo.itemText(i) for i in range(dialog.form_combo.count())] == [
        form.label for form in FORMS.values()
    ]
    assert dialog.units_edit.text() == "1"
    assert dialog.stock_edit.text() == ""
    assert dialog.low_days_edit.text() == "7"
    assert dialog.name_edit.hasFocus()
    assert dialog.supplement() is None
    assert not dialog.error_label.isVisible()
    assert any(label.text() == MG_HINT and label.isVisible() for label in labels(dialog))


def labels(dialog: QDialog) -> list[QLabel]:
    return dialog.findChildren(QLabel)  # type: ignore[return-value]


def test_every_field_has_a_label_buddy_and_a_name(open_dialog: Callable) -> None:
    dialog, _ = open_dialog()
    fields = (
        dialog.name_edit,
        dialog.form_combo,
        dialog.mg_edit,
        dialog.units_edit,
        dialog.stock_edit,
        dialog.low_days_edit,
    )
    buddies = {label.buddy(): label for label in labels(dialog) if label.buddy() is not None}
    for field in fields:
        label = buddies[field]
        assert "&" in label.text()  # Alt + a letter reaches it
        assert field.accessibleName() == label.text().replace("&", "")


def test_alt_shortcut_moves_to_the_field(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, _ = open_dialog()
    qtbot.keyClick(dialog, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert dialog.mg_edit.hasFocus()


def test_typed_supplement_is_returned_on_add(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    fill(qtbot, dialog, name="  Magnesium citraat ", mg="100", units="2", stock="60")
    choose_form(qtbot, dialog, "citrate")
    retype(qtbot, dialog.low_days_edit, "10")
    click(qtbot, dialog.ok_button)

    assert events == ["accepted"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert dialog.supplement() == Supplement(
        id=0,
        name="Magnesium citraat",
        form="citrate",
        mg_per_unit=100.0,
        units_per_dose=2.0,
        stock_units=60.0,
        low_days=10,
    )


def test_enter_adds_with_defaults_and_comma_decimals(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    fill(qtbot, dialog, name="Ölmag", mg="62,5")
    qtbot.keyClick(dialog.mg_edit, Qt.Key.Key_Return)
    assert events == ["accepted"]
    assert dialog.supplement() == Supplement(0, "Ölmag", "other", 62.5, 1.0, None, 7)


def test_enter_on_the_form_list_adds(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    fill(qtbot, dialog, name="Taurate", mg="50")
    choose_form(qtbot, dialog, "taurate")
    qtbot.keyClick(dialog.form_combo, Qt.Key.Key_Return)
    assert events == ["accepted"]
    assert dialog.supplement() == Supplement(0, "Taurate", "taurate", 50.0, 1.0, None, 7)


def test_escape_cancels_without_a_supplement(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    fill(qtbot, dialog, name="Ölmag", mg="100")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert events == ["rejected"]
    assert dialog.supplement() is None


@pytest.mark.parametrize(
    ("field", "text", "shown", "allowed"),
    [
        ("name", "   ", "Name", "1 to 80 characters"),
        ("name", "x" * 81, "Name", "1 to 80 characters"),
        ("mg", "", "Elemental mg per unit", "above 0 and at most 5000"),
        ("mg", "1e3", "Elemental mg per unit", "such as 2 or 0.5"),
        ("mg", "1,000", "Elemental mg per unit", "without thousands separators"),
        ("units", "0", "Units per dose", "above 0 and at most 100"),
        ("stock", "-3", "Stock on hand", "0 or more and at most 100000"),
        ("low_days", "400", "Low-stock warning", "whole number from 0 to 365"),
    ],
)
def test_invalid_field_is_named_and_the_dialog_stays_open(
    qtbot: QtBot, open_dialog: Callable, field: str, text: str, shown: str, allowed: str
) -> None:
    dialog, events = open_dialog()
    fill(qtbot, dialog, name="Ölmag", mg="100")
    edit = getattr(dialog, f"{field}_edit")
    retype(qtbot, edit, text)
    click(qtbot, dialog.ok_button)

    assert events == []
    assert dialog.isVisible()
    assert dialog.supplement() is None
    assert dialog.error_label.isVisible()
    message = dialog.error_label.text()
    assert message.startswith(f"{shown}: ")
    assert allowed in message
    assert edit.hasFocus()

    # Typing again clears the message; a good value then goes through.
    retype(qtbot, edit, {"name": "Ölmag", "mg": "100"}.get(field, "5"))
    assert not dialog.error_label.isVisible()
    click(qtbot, dialog.ok_button)
    assert events == ["accepted"]


def test_enter_on_a_mistake_keeps_the_dialog_open(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    fill(qtbot, dialog, name="Ölmag", mg="lots")
    qtbot.keyClick(dialog.mg_edit, Qt.Key.Key_Return)
    assert events == []
    assert dialog.isVisible()
    assert dialog.error_label.text().startswith("Elemental mg per unit: ")


def test_live_dose_line(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, _ = open_dialog()
    line = dialog.dose_label
    assert "fill in" in line.text()
    qtbot.keyClicks(dialog.mg_edit, "100")
    assert line.text() == "A dose: 1 × 100 mg = 100 mg elemental"
    retype(qtbot, dialog.units_edit, "2")
    assert line.text() == "A dose: 2 × 100 mg = 200 mg elemental"
    retype(qtbot, dialog.units_edit, "0,5")
    assert line.text() == "A dose: 0.5 × 100 mg = 50 mg elemental"
    retype(qtbot, dialog.units_edit, "half")
    assert "fill in" in line.text()
    retype(qtbot, dialog.units_edit, "1.5")
    retype(qtbot, dialog.mg_edit, "9000")  # above what the rules allow: no dose to show
    assert "fill in" in line.text()


def test_store_refusal_is_shown_and_the_dialog_reopens_filled(
    qtbot: QtBot, open_dialog: Callable
) -> None:
    dialog, events = open_dialog()
    fill(qtbot, dialog, name="Ölmag", mg="100")
    click(qtbot, dialog.ok_button)
    assert events == ["accepted"]

    # What the store says when the name is taken: shown under the label's name.
    dialog.show_error(
        InvalidInput("name", "must differ from the supplements you have (ölmag)", "Ölmag")
    )
    with qtbot.waitActive(dialog):
        dialog.show()
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == (
        "Name: must differ from the supplements you have (ölmag) (got 'Ölmag')"
    )
    assert dialog.name_edit.hasFocus()
    assert dialog.mg_edit.text() == "100"

    retype(qtbot, dialog.name_edit, "Ölmag night")
    assert not dialog.error_label.isVisible()
    click(qtbot, dialog.ok_button)
    assert events == ["accepted", "accepted"]
    assert dialog.supplement() == Supplement(0, "Ölmag night", "other", 100.0, 1.0, None, 7)


def test_any_message_can_be_shown(open_dialog: Callable) -> None:
    dialog, _ = open_dialog()
    dialog.show_error("the data file could not be updated; nothing was changed")
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "the data file could not be updated; nothing was changed"


def test_sizes_follow_the_font(qtbot: QtBot, qapp: QApplication) -> None:
    """Text at 200 %, as desktop scaling or a large-print setting gives it, widens the fields."""
    normal = SupplementDialog()
    qtbot.addWidget(normal)
    before = qapp.font()
    big_font = QFont(before)
    big_font.setPointSizeF(before.pointSizeF() * 2)
    qapp.setFont(big_font)
    try:
        big = SupplementDialog()
        qtbot.addWidget(big)
        assert big.fontMetrics().height() > 1.5 * normal.fontMetrics().height()
        assert big.mg_edit.width() >= big.fontMetrics().horizontalAdvance("00000000")
        assert big.minimumWidth() >= 1.8 * normal.minimumWidth()
        assert big.mg_edit.width() >= 1.8 * normal.mg_edit.width()
    finally:
        qapp.setFont(before)


def test_tab_goes_down_the_fields_in_order(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, _ = open_dialog()
    seen = [QApplication.focusWidget()]
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [
        dialog.name_edit,
        dialog.form_combo,
        dialog.mg_edit,
        dialog.units_edit,
        dialog.stock_edit,
        dialog.low_days_edit,
    ]


# -- I took it earlier --------------------------------------------------------------------


@pytest.fixture
def earlier(qtbot: QtBot) -> Callable[[time], tuple[EarlierDialog, Events]]:
    def make(default: time) -> tuple[EarlierDialog, Events]:
        dialog = EarlierDialog(default)
        qtbot.addWidget(dialog)
        events: Events = []
        dialog.accepted.connect(lambda: events.append("accepted"))
        dialog.rejected.connect(lambda: events.append("rejected"))
        # waitActive is a context manager: called bare it returns at once, before activation.
        with qtbot.waitActive(dialog):
            dialog.show()
            dialog.activateWindow()
        return dialog, events

    return make


def test_earlier_starts_at_the_default(earlier: Callable) -> None:
    dialog, _ = earlier(time(21, 30, 59))
    assert dialog.time() == time(21, 30)
    assert dialog.time_edit.displayFormat() == "HH:mm"
    assert dialog.time_edit.text() == "21:30"
    assert dialog.time_edit.hasFocus()
    assert dialog.time_edit.accessibleName() == "Taken at"
    assert any(label.buddy() is dialog.time_edit for label in labels(dialog))


def test_earlier_typed_time_and_enter(qtbot: QtBot, earlier: Callable) -> None:
    dialog, events = earlier(time(21, 30))
    edit = dialog.time_edit
    # The hour is selected, so typing replaces it; a full hour moves on to the minutes.
    qtbot.keyClicks(edit, "2045")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert events == ["accepted"]
    assert dialog.time() == time(20, 45)


def test_earlier_arrows_wrap_past_midnight(qtbot: QtBot, earlier: Callable) -> None:
    dialog, events = earlier(time(0, 15))
    qtbot.keyClick(dialog.time_edit, Qt.Key.Key_Down)
    assert dialog.time() == time(23, 15)
    click(qtbot, dialog.ok_button)
    assert events == ["accepted"]


def test_earlier_escape_cancels(qtbot: QtBot, earlier: Callable) -> None:
    dialog, events = earlier(time(22, 0))
    dialog.time_edit.setTime(QTime(20, 0))
    qtbot.keyClick(dialog.time_edit, Qt.Key.Key_Escape)
    assert events == ["rejected"]
    assert dialog.result() == QDialog.DialogCode.Rejected
