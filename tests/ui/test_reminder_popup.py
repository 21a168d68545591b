"""The app's own reminder window: wholly on the screen, beside the tray icon, at its real size."""

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from bedtime.ui.tray.presenter import MISSED_ACTIONS, remind_actions
from bedtime.ui.tray.reminder_popup import ReminderPopup

BODY = "Bedtime at 21:00.\nMagnesium bisglycinate: 2 × 100 mg = 200 mg"


@pytest.fixture
def popup(qtbot: QtBot) -> ReminderPopup:
    widget = ReminderPopup()
    qtbot.addWidget(widget)
    return widget


def screen_area() -> QRect:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    return screen.availableGeometry()


@pytest.mark.parametrize("actions", [remind_actions(10), MISSED_ACTIONS])
def test_beside_a_tray_icon_at_the_right_edge_every_button_is_on_the_screen(
    popup: ReminderPopup, qtbot: QtBot, actions: tuple[tuple[str, str], ...]
) -> None:
    area = screen_area()
    icon = QRect(area.right() - 22, area.top() + 1, 22, 30)  # trayer's, top right
    popup.present("Time for your magnesium", BODY, actions, icon)
    qtbot.waitExposed(popup)
    frame = popup.frameGeometry()
    assert area.contains(frame), (frame, area)
    # Hanging below the icon, its right edge a margin from the screen's.
    em = popup.fontMetrics().height()
    assert frame.top() == icon.bottom() + 1 + em
    assert frame.right() == area.right() - em


def test_without_a_tray_it_sits_in_the_bottom_right_corner(
    popup: ReminderPopup, qtbot: QtBot
) -> None:
    area = screen_area()
    popup.present("Missed tonight's magnesium?", BODY, MISSED_ACTIONS, None)
    qtbot.waitExposed(popup)
    frame, em = popup.frameGeometry(), popup.fontMetrics().height()
    assert (frame.right(), frame.bottom()) == (area.right() - em, area.bottom() - em)


def test_a_long_text_wraps_instead_of_leaving_the_screen(
    popup: ReminderPopup, qtbot: QtBot
) -> None:
    area = screen_area()
    body = "\n".join(f"Magnesium bisglycinate number {n}: 2 × 100 mg = 200 mg" for n in range(6))
    popup.present("Time for your magnesium", body * 3, remind_actions(10), None)
    qtbot.waitExposed(popup)
    assert area.contains(popup.frameGeometry())


def test_its_accessible_name_and_description_say_what_it_is(
    popup: ReminderPopup, qtbot: QtBot
) -> None:
    popup.present("Missed tonight's magnesium?", BODY, MISSED_ACTIONS, None)
    assert (popup.accessibleName(), popup.accessibleDescription()) == (
        "Missed tonight's magnesium?",
        BODY,
    )
    popup.present("Running low on magnesium", "Glycinate: 2 nights left.", (("ok", "OK"),), None)
    assert popup.accessibleName() == "Running low on magnesium"
    assert popup.accessibleDescription() == "Glycinate: 2 nights left."
