"""History and Settings are freed when closed, and open again as they were left.

The whole app in-process (tests/app_harness.py): a real store file and the fixed test clock.
"""

from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPixmap, QPixmapCache
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from bedtime.ui.dialogs.morning_dialog import MorningDialog
from tests.app_harness import FRI, SAT
from tests.fakes import local


def freed(window: QWidget) -> list[bool]:
    """Fills once Qt has deleted WINDOW."""
    gone: list[bool] = []
    window.destroyed.connect(lambda: gone.append(True))
    return gone


def test_a_closed_history_is_freed_and_opens_again_on_the_period_and_place_it_was_left(
    harness: Any, qtbot: QtBot
) -> None:
    h = harness(local(FRI, 20))
    app = h.start()
    app.handle("show history")
    history = app.windows.get("history")
    history.set_period(2)
    opened_at = history.geometry()
    history.setGeometry(QRect(20, 40, 700, 500))  # as far as its least size allows
    left_at = history.geometry()
    assert left_at != opened_at
    gone = freed(history)
    history.close()
    qtbot.waitUntil(lambda: gone == [True], timeout=3000)
    assert app.windows.get("history") is None

    app.handle("show history")
    again = app.windows.get("history")
    assert again is not None and again.isVisible()
    assert again.period() == 2
    assert again.geometry() == left_at


def test_settings_closed_by_cancel_or_save_is_freed(harness: Any, qtbot: QtBot) -> None:
    h = harness(local(FRI, 20))
    app = h.start()
    for close in ("cancel", "save"):
        app.handle("show settings")
        settings = app.windows.get("settings")
        gone = freed(settings)
        getattr(settings, close)()
        qtbot.waitUntil(lambda gone=gone: gone == [True], timeout=3000)
        assert app.windows.get("settings") is None, close


def test_a_window_shown_again_while_open_is_the_same_window(harness: Any, qtbot: QtBot) -> None:
    h = harness(local(FRI, 20))
    app = h.start()
    app.handle("show settings")
    first = app.windows.get("settings")
    first.showMinimized()  # hidden by the window manager, not closed: kept
    app.handle("show settings")
    assert app.windows.get("settings") is first


def test_the_morning_question_answered_is_freed_and_the_next_one_opens(
    harness: Any, qtbot: QtBot
) -> None:
    h = harness(local(SAT, 9))
    h.store.first_use(local(FRI, 12))  # in use since Friday: its night is asked about
    app = h.start()
    asked = [w for w in QApplication.topLevelWidgets() if isinstance(w, MorningDialog)]
    assert [w.isVisible() for w in asked] == [True]
    gone = freed(asked[0])
    asked[0].rating_buttons[4].click()
    qtbot.waitUntil(lambda: gone == [True], timeout=3000)
    app.handle("show diary")  # asked again from the menu: a new dialog
    again = [w for w in QApplication.topLevelWidgets() if isinstance(w, MorningDialog)]
    assert [w.isVisible() for w in again] == [True]


def test_once_a_closed_window_is_gone_qts_cached_pixmaps_are_let_go(
    harness: Any, qtbot: QtBot
) -> None:
    h = harness(local(FRI, 20))
    app = h.start()
    app.handle("show history")
    history = app.windows.get("history")
    cached = QPixmap(64, 64)
    cached.fill(QColor("red"))
    assert QPixmapCache.insert("drawn for the window", cached)
    gone = freed(history)
    history.close()
    qtbot.waitUntil(lambda: gone == [True], timeout=3000)
    qtbot.waitUntil(lambda: QPixmapCache.find("drawn for the window") is None, timeout=3000)
