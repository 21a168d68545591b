from collections.abc import Callable
from datetime import time

import pytest
from PySide6.QtCore import Qt, QTime, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from bedtime.core.dosing import Supplement
from bedtime.core.errors import InvalidInput
from bedtime.core.forms import FORMS
from bedtime.ui.dialogs.earlier_dialog import EarlierDialog
from bedtime.ui.settings.supplement_dialog import COMPOUND_TOGGLE, MG_HINT, SupplementDialog

Events = list[str]


@pytest.fixture
def open_dialog(qtbot: QtBot) -> Callable[..., tuple[SupplementDialog, Events]]:
    """A shown, active dialog (editing `existing` if given) and how it finished, if it did."""

    def make(
        existing: Supplement | None = None, limit_mg: float = 350
    ) -> tuple[SupplementDialog, Events]:
        dialog = SupplementDialog(existing=existing, limit_mg=limit_mg)
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
    assert dialog.ok_button.text() == "&Add"
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
    # The compound helper starts closed: one quiet line, nothing to fill in.
    assert dialog.compound_toggle.isVisible()
    assert not dialog.compound_toggle.isChecked()
    assert not dialog.compound_panel.isVisible()


def labels(dialog: QDialog) -> list[QLabel]:
    return dialog.findChildren(QLabel)  # type: ignore[return-value]


def test_every_field_has_a_label_buddy_and_a_name(open_dialog: Callable) -> None:
    dialog, _ = open_dialog()
    fields = (
        dialog.name_edit,
        dialog.form_combo,
        dialog.mg_edit,
        dialog.compound_edit,
        dialog.units_edit,
        dialog.stock_edit,
        dialog.low_days_edit,
    )
    buddies = {label.buddy(): label for label in labels(dialog) if label.buddy() is not None}
    for field in fields:
        label = buddies[field]
        assert "&" in label.text()  # Alt + a letter reaches it
        assert field.accessibleName() == label.text().replace("&", "")
    # Alt + a letter, each used once (the Add button's A included).
    mnemonics = [label.text().split("&")[1][0].lower() for label in buddies.values()]
    mnemonics += ["t", "a"]  # the helper's toggle and the Add button
    assert len(mnemonics) == len(set(mnemonics))
    assert dialog.compound_toggle.text() == COMPOUND_TOGGLE
    assert dialog.compound_toggle.accessibleName() == "The label gives the compound weight…"
    assert dialog.estimate_label.accessibleName() == "Estimate"


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
        ("mg", "1e3", "Elemental mg per unit", "such as 200"),
        ("mg", "1,000", "Elemental mg per unit", "1,000 could be 1000 or 1"),
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
    retype(qtbot, edit, {"name": "Ölmag", "mg": "100"}.get(field, "3"))
    assert not dialog.error_label.isVisible()
    click(qtbot, dialog.ok_button)
    assert events == ["accepted"]


def test_the_mg_hint_reads_as_two_whole_lines(open_dialog: Callable) -> None:
    """Each line of the hint fits the room it has, so none is wrapped into a lone word."""
    dialog, _ = open_dialog()
    hint = next(label for label in labels(dialog) if label.text() == MG_HINT)
    QApplication.processEvents()
    lines = MG_HINT.split("\n")
    assert len(lines) == 2
    room = hint.contentsRect().width()
    assert all(hint.fontMetrics().horizontalAdvance(line) <= room for line in lines)
    assert hint.height() == hint.heightForWidth(room) < 3 * hint.fontMetrics().lineSpacing()


def test_a_mistake_shown_or_cleared_moves_nothing(qtbot: QtBot, open_dialog: Callable) -> None:
    """The room for a mistake is kept: no field moves under the pointer when one comes or goes."""
    dialog, _ = open_dialog()
    fields = (dialog.name_edit, dialog.mg_edit, dialog.units_edit, dialog.ok_button)

    def places() -> list[tuple[int, int, int, int]]:
        QApplication.processEvents()
        return [
            (*field.mapTo(dialog, field.rect().topLeft()).toTuple(), field.width(), field.height())
            for field in fields
        ] + [dialog.size().toTuple()]

    before = places()
    click(qtbot, dialog.ok_button)  # no name yet
    assert dialog.error_label.isVisible()
    assert places() == before
    qtbot.keyClicks(dialog.name_edit, "M")
    assert not dialog.error_label.isVisible()
    assert places() == before


def test_an_invisible_character_in_the_name_is_explained(
    qtbot: QtBot, open_dialog: Callable
) -> None:
    dialog, events = open_dialog()
    fill(qtbot, dialog, mg="100")
    # Pasted, as such a name usually arrives: QTest has no key for U+200B.
    dialog.name_edit.setFocus()
    dialog.name_edit.insert("Mag\u200bnesium")
    click(qtbot, dialog.ok_button)

    assert events == []
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text().startswith(
        "Name: must not contain invisible formatting characters (found U+200B)"
    )
    assert dialog.name_edit.hasFocus()


def test_enter_adds_after_a_click_on_add_that_failed(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    fill(qtbot, dialog, name="Ölmag")
    click(qtbot, dialog.ok_button)  # no mg yet: the cursor goes there
    assert events == []
    assert dialog.mg_edit.hasFocus()
    assert dialog.ok_button.isDefault()
    qtbot.keyClicks(dialog.mg_edit, "100")
    qtbot.keyClick(dialog.mg_edit, Qt.Key.Key_Return)
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


def answer_box(qtbot: QtBot, button: QMessageBox.StandardButton) -> list[str]:
    """Press BUTTON on the message box the next click opens; hands back what it said."""
    said: list[str] = []

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        said.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, press)
    return said


def test_one_dose_above_the_limit_asks_and_no_goes_back_to_the_field(
    qtbot: QtBot, open_dialog: Callable
) -> None:
    dialog, events = open_dialog()
    fill(qtbot, dialog, name="Mag", mg="5000")
    assert dialog.dose_label.text() == (
        "A dose: 1 × 5000 mg = 5000 mg elemental, above your daily limit of 350 mg"
    )
    said = answer_box(qtbot, QMessageBox.StandardButton.No)
    click(qtbot, dialog.ok_button)
    assert said == [
        "One dose of Mag (1 × 5000 mg = 5000 mg) is above your daily limit of 350 mg on its "
        "own: every evening's reminder would offer more than your limit.\n\nKeep it as it is?"
    ]
    assert events == []
    assert dialog.isVisible()
    assert dialog.supplement() is None
    assert dialog.focusWidget() is dialog.mg_edit
    assert dialog.mg_edit.selectedText() == "5000"

    answer_box(qtbot, QMessageBox.StandardButton.Yes)
    click(qtbot, dialog.ok_button)
    assert events == ["accepted"]
    supplement = dialog.supplement()
    assert supplement is not None and supplement.mg_per_dose == 5000


def test_units_times_mg_above_the_limit_goes_back_to_the_units(
    qtbot: QtBot, open_dialog: Callable
) -> None:
    # The first week's slip: the stock (60) typed as the units per dose.
    dialog, events = open_dialog(KEPT)
    fill(qtbot, dialog, mg="140", units="60")
    assert dialog.dose_label.text().endswith(
        "= 8400 mg elemental, above your daily limit of 350 mg"
    )
    said = answer_box(qtbot, QMessageBox.StandardButton.No)
    qtbot.keyClick(dialog.units_edit, Qt.Key.Key_Return)
    assert "(60 × 140 mg = 8400 mg)" in said[0]
    assert events == []
    assert dialog.focusWidget() is dialog.units_edit
    retype(qtbot, dialog.units_edit, "2")
    assert dialog.dose_label.text() == "A dose: 2 × 140 mg = 280 mg elemental"
    click(qtbot, dialog.ok_button)  # within the limit: no question
    assert events == ["accepted"]


def test_a_dose_of_exactly_the_limit_is_not_questioned(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog(limit_mg=250)
    fill(qtbot, dialog, name="Mag", mg="125", units="2")
    assert dialog.dose_label.text() == "A dose: 2 × 125 mg = 250 mg elemental"
    click(qtbot, dialog.ok_button)
    assert events == ["accepted"]


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
    normal = SupplementDialog(limit_mg=350)
    qtbot.addWidget(normal)
    before = qapp.font()
    big_font = QFont(before)
    big_font.setPointSizeF(before.pointSizeF() * 2)
    qapp.setFont(big_font)
    try:
        big = SupplementDialog(limit_mg=350)
        qtbot.addWidget(big)
        assert big.fontMetrics().height() > 1.5 * normal.fontMetrics().height()
        assert big.mg_edit.width() >= big.fontMetrics().horizontalAdvance("00000000")
        assert big.minimumWidth() >= 1.8 * normal.minimumWidth()
        assert big.mg_edit.width() >= 1.8 * normal.mg_edit.width()
    finally:
        qapp.setFont(before)


def tab_through(qtbot: QtBot, presses: int) -> list[QWidget | None]:
    seen = [QApplication.focusWidget()]
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_tab_goes_down_the_fields_in_order(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, _ = open_dialog()
    assert tab_through(qtbot, 6) == [
        dialog.name_edit,
        dialog.form_combo,
        dialog.mg_edit,
        dialog.compound_toggle,
        dialog.units_edit,
        dialog.stock_edit,
        dialog.low_days_edit,
    ]


def test_tab_reaches_the_open_helper_in_place(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, _ = open_dialog()
    choose_form(qtbot, dialog, "citrate")
    open_helper(qtbot, dialog)
    qtbot.keyClicks(dialog.compound_edit, "500")
    dialog.name_edit.setFocus()
    assert tab_through(qtbot, 7) == [
        dialog.name_edit,
        dialog.form_combo,
        dialog.mg_edit,
        dialog.compound_toggle,
        dialog.compound_edit,
        dialog.use_button,
        dialog.units_edit,
        dialog.stock_edit,
    ]


# -- Editing a supplement ------------------------------------------------------------------

KEPT = Supplement(42, "Magnesium citraat", "citrate", 62.5, 0.5, 30.0, 5)


def test_edit_mode_starts_filled_in(open_dialog: Callable) -> None:
    dialog, _ = open_dialog(KEPT)
    assert dialog.windowTitle() == "Edit supplement"
    assert dialog.ok_button.text() == "&Save"
    assert dialog.name_edit.text() == "Magnesium citraat"
    assert dialog.form_combo.currentData() == "citrate"
    assert dialog.mg_edit.text() == "62.5"
    assert dialog.units_edit.text() == "0.5"
    assert dialog.stock_edit.text() == "30"
    assert dialog.low_days_edit.text() == "5"
    assert dialog.dose_label.text() == "A dose: 0.5 × 62.5 mg = 31.25 mg elemental"
    assert dialog.name_edit.hasFocus()
    assert not dialog.compound_panel.isVisible()
    assert dialog.supplement() is None


def test_edit_mode_saves_the_changes_under_the_same_id(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog(KEPT)
    fill(qtbot, dialog, name="Citraat night", mg="100", units="2", stock="")
    choose_form(qtbot, dialog, "malate")
    click(qtbot, dialog.ok_button)
    assert events == ["accepted"]
    assert dialog.supplement() == Supplement(42, "Citraat night", "malate", 100.0, 2.0, None, 5)


def test_edit_mode_enter_saves_an_untouched_supplement_as_it_was(
    qtbot: QtBot, open_dialog: Callable
) -> None:
    untracked = Supplement(7, "Ölmag", "other", 200.0, 1.0, None, 0)
    dialog, events = open_dialog(untracked)
    assert dialog.stock_edit.text() == ""  # not tracked, not "0"
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert events == ["accepted"]
    assert dialog.supplement() == untracked


def test_edit_mode_checks_the_fields_too(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog(KEPT)
    retype(qtbot, dialog.mg_edit, "0")
    click(qtbot, dialog.ok_button)
    assert events == []
    assert dialog.error_label.text().startswith("Elemental mg per unit: ")
    assert dialog.mg_edit.hasFocus()


# -- The compound-weight helper ------------------------------------------------------------


def open_helper(qtbot: QtBot, dialog: SupplementDialog) -> None:
    """Tab from the mg field to the helper's toggle, open it with Space, Tab to its field."""
    dialog.mg_edit.setFocus()
    qtbot.keyClick(dialog.mg_edit, Qt.Key.Key_Tab)
    assert dialog.compound_toggle.hasFocus()
    qtbot.keyClick(dialog.compound_toggle, Qt.Key.Key_Space)
    assert dialog.compound_toggle.isChecked()
    assert dialog.compound_panel.isVisible()
    qtbot.keyClick(dialog.compound_toggle, Qt.Key.Key_Tab)
    assert dialog.compound_edit.hasFocus()


def estimate(dialog: SupplementDialog) -> str:
    return dialog.estimate_label.text().replace("\u00a0", " ")


def test_a_gram_of_bisglycinate_is_about_140_mg(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    fill(qtbot, dialog, name="Bisglycinaat 1000")
    choose_form(qtbot, dialog, "bisglycinate")
    open_helper(qtbot, dialog)
    qtbot.keyClicks(dialog.compound_edit, "1000")

    assert estimate(dialog) == (
        "≈ 140 mg elemental: bisglycinate / glycinate is typically about 14 % magnesium. "
        "An estimate — check the label for the elemental figure."
    )
    assert dialog.use_button.isEnabled()
    assert dialog.use_button.text() == "Us&e 140 mg"
    assert dialog.mg_edit.text() == ""  # nothing is filled in until asked

    click(qtbot, dialog.use_button)
    assert dialog.mg_edit.text() == "140"
    assert dialog.dose_label.text() == "A dose: 1 × 140 mg = 140 mg elemental"
    click(qtbot, dialog.ok_button)
    assert events == ["accepted"]
    assert dialog.supplement() == Supplement(
        0, "Bisglycinaat 1000", "bisglycinate", 140.0, 1.0, None, 7
    )


def test_the_estimate_follows_the_form(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, _ = open_dialog()
    choose_form(qtbot, dialog, "bisglycinate")
    open_helper(qtbot, dialog)
    qtbot.keyClicks(dialog.compound_edit, "1000")
    assert estimate(dialog).startswith("≈ 140 mg elemental")

    choose_form(qtbot, dialog, "citrate")
    assert estimate(dialog).startswith("≈ 160 mg elemental: citrate is typically about 16 %")
    assert dialog.use_button.text() == "Us&e 160 mg"
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # Alt+E: Use
    qtbot.waitUntil(lambda: dialog.mg_edit.text() == "160")  # a shortcut's click is animated

    choose_form(qtbot, dialog, "oxide")
    assert estimate(dialog).startswith(
        "≈ 600 mg elemental: oxide is typically about 60 % magnesium, but poorly absorbed (~4 %)."
    )


def test_other_forms_have_no_estimate(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, _ = open_dialog()
    fill(qtbot, dialog, mg="100")
    choose_form(qtbot, dialog, "citrate")
    open_helper(qtbot, dialog)
    qtbot.keyClicks(dialog.compound_edit, "1000")
    assert dialog.use_button.isEnabled()

    choose_form(qtbot, dialog, "other")
    text = estimate(dialog)
    assert text == "No typical figure for other / mixed: the label's elemental amount is needed."
    assert "≈" not in text
    assert not dialog.use_button.isEnabled()
    assert "160" not in dialog.use_button.text()
    click(qtbot, dialog.use_button)
    qtbot.keyClick(dialog, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(300)  # longer than a shortcut's animated click
    assert dialog.mg_edit.text() == "100"


@pytest.mark.parametrize("text", ["", "0", "lots", "1e3", "1,000", "20001", "-5"])
def test_bad_compound_text_gives_a_hint_not_an_estimate(
    qtbot: QtBot, open_dialog: Callable, text: str
) -> None:
    dialog, _ = open_dialog()
    fill(qtbot, dialog, mg="100")
    choose_form(qtbot, dialog, "bisglycinate")
    open_helper(qtbot, dialog)
    qtbot.keyClicks(dialog.compound_edit, "1000")
    retype(qtbot, dialog.compound_edit, text)

    hint = estimate(dialog)
    assert hint == "Type the compound's mg from the label: a number up to 20000, such as 1000."
    assert "≈" not in hint
    assert "elemental" not in hint
    assert not dialog.use_button.isEnabled()
    assert dialog.use_button.text() == "Us&e the estimate"
    click(qtbot, dialog.use_button)
    assert dialog.mg_edit.text() == "100"


def test_an_estimate_outside_the_mg_rules_cannot_be_used(
    qtbot: QtBot, open_dialog: Callable
) -> None:
    dialog, _ = open_dialog()
    choose_form(qtbot, dialog, "oxide")
    open_helper(qtbot, dialog)
    qtbot.keyClicks(dialog.compound_edit, "20000")  # 12000 mg elemental: above 5000
    assert "12000 mg elemental, outside 1 to 5000 mg" in estimate(dialog)
    assert not dialog.use_button.isEnabled()
    choose_form(qtbot, dialog, "threonate")
    retype(qtbot, dialog.compound_edit, "5")  # 0.35 mg: nothing to log
    assert "0 mg elemental, outside 1 to 5000 mg" in estimate(dialog)
    assert not dialog.use_button.isEnabled()


def test_using_the_estimate_clears_a_shown_mistake(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    fill(qtbot, dialog, name="Tauraat")
    click(qtbot, dialog.ok_button)
    assert dialog.error_label.text().startswith("Elemental mg per unit: ")
    choose_form(qtbot, dialog, "taurate")
    open_helper(qtbot, dialog)
    qtbot.keyClicks(dialog.compound_edit, "500")
    click(qtbot, dialog.use_button)
    assert not dialog.error_label.isVisible()
    assert dialog.mg_edit.text() == "45"
    qtbot.keyClick(dialog.use_button, Qt.Key.Key_Return)  # not the Use button's own Enter
    assert events == ["accepted"]
    assert dialog.supplement() == Supplement(0, "Tauraat", "taurate", 45.0, 1.0, None, 7)


def test_alt_shortcuts_open_the_helper_and_reach_its_field(
    qtbot: QtBot, open_dialog: Callable
) -> None:
    dialog, _ = open_dialog()
    # A button's shortcut clicks it animated, a moment later.
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.compound_panel.isVisible)
    dialog.name_edit.setFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    assert dialog.compound_edit.hasFocus()
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not dialog.compound_panel.isVisible())


def test_the_open_helper_is_never_squeezed(qtbot: QtBot, open_dialog: Callable) -> None:
    """The window grows for the wrapped estimate and gives the room back when closed."""
    dialog, _ = open_dialog()
    closed_height = dialog.height()
    choose_form(qtbot, dialog, "oxide")  # the longest estimate
    open_helper(qtbot, dialog)
    qtbot.keyClicks(dialog.compound_edit, "1000")
    line = dialog.estimate_label
    qtbot.waitUntil(lambda: line.height() >= line.heightForWidth(line.width()))
    assert line.heightForWidth(line.width()) >= 3 * line.fontMetrics().lineSpacing()
    panel = dialog.compound_panel
    assert panel.height() >= panel.minimumSizeHint().height()

    open_height = dialog.height()
    assert open_height > closed_height

    click(qtbot, dialog.compound_toggle)
    qtbot.waitUntil(lambda: dialog.height() <= closed_height)
    # What the closed dialog needs at this width (when first shown, Qt leaves some slack).
    assert dialog.height() == dialog.heightForWidth(dialog.width())


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
