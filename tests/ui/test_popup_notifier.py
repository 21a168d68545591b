"""The app's own popup behind the Notifier interface: what it shows, and what comes back."""

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from bedtime.ui.tray.popup_notifier import DISMISSED, PopupNotifier

ACTIONS = (("taken", "Taken"), ("skip", "Skip tonight"), ("default", "Open the reminder"))


Make = Callable[..., PopupNotifier]


@pytest.fixture
def make(qtbot: QtBot) -> Iterator[Make]:
    made: list[PopupNotifier] = []

    def popup(*, stacks: bool = False) -> PopupNotifier:
        made.append(PopupNotifier(lambda: None, stacks=stacks))
        return made[-1]

    yield popup
    for notifier in made:  # no window left on screen for the next test
        notifier.window.withdraw()
        notifier.window.deleteLater()
        notifier.deleteLater()


def buttons(notifier: PopupNotifier) -> list[QPushButton]:
    return notifier.window.findChildren(QPushButton)


def test_it_shows_every_button_but_the_click_on_a_notification(qtbot: QtBot, make: Make) -> None:
    popup = make()
    assert popup.ready(actions=True)
    assert not popup.visible  # no window until the first one is shown
    nid = popup.notify("Magnesium", "Time for 300 mg", ACTIONS)
    assert popup.visible
    assert [b.text() for b in buttons(popup)] == ["Taken", "Skip tonight"]
    with qtbot.waitSignal(popup.action_invoked) as chosen:
        next(b for b in buttons(popup) if b.text() == "Skip tonight").click()
    assert chosen.args == [nid, "skip"]
    assert not popup.visible


def test_a_notice_has_an_ok_button(qtbot: QtBot, make: Make) -> None:
    popup = make()
    popup.notify("Running low", "Citrate: 3 nights left")
    assert [b.text() for b in buttons(popup)] == ["OK"]


def test_closing_takes_back_only_what_it_still_shows(qtbot: QtBot, make: Make) -> None:
    popup = make()
    first = popup.notify("Magnesium", "Time for 300 mg", ACTIONS)
    second = popup.notify(
        "Still time for your magnesium", "Bedtime in 40 min", ACTIONS, replaces_id=first
    )
    assert popup.window.title.text() == "Still time for your magnesium"
    popup.close(first)  # replaced already: nothing to take back
    assert popup.visible
    popup.close(second)
    assert not popup.visible


def test_closed_by_the_person_is_dismissed(qtbot: QtBot, make: Make) -> None:
    popup = make()
    nid = popup.notify("Magnesium", "Time for 300 mg", ACTIONS)
    with qtbot.waitSignal(popup.closed) as closed:
        popup.window.close()
    assert closed.args == [nid, DISMISSED]


def test_a_stacking_popup_keeps_an_unread_notice_and_adds_the_next(
    qtbot: QtBot, make: Make
) -> None:
    notices = make(stacks=True)
    notices.notify("Running low", "Citrate: 3 nights left")
    notices.notify("Bedtime cannot save", "The data folder is read-only.")
    assert notices.window.title.text() == "Running low"
    assert notices.window.body.text() == (
        "Citrate: 3 nights left\n\nBedtime cannot save: The data folder is read-only."
    )
    notices.window.withdraw()  # read: the next one starts afresh
    notices.notify("Bedtime cannot save", "The data folder is read-only.")
    assert notices.window.title.text() == "Bedtime cannot save"


def test_a_reminder_popup_replaces_what_it_showed(qtbot: QtBot, make: Make) -> None:
    popup = make()
    popup.notify("Magnesium", "Time for 300 mg", ACTIONS)
    popup.notify("Still time for your magnesium", "Bedtime in 40 min", ACTIONS)
    assert popup.window.body.text() == "Bedtime in 40 min"
