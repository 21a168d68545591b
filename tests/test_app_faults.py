"""The running app when the desktop around it misbehaves: the notification server goes away
and comes back, the machine sleeps through the reminder, a modal dialog is open when the
reminder comes. The whole app in-process, as in test_app.py: a real store file, the real
scheduler, python-dbusmock's notification daemon and logind on private buses.
"""

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from dbusmock import MOCK_IFACE
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from bedtime.services.notifications import BUS_NAME
from bedtime.services.wake_watch import LOGIND
from bedtime.store.repository import Store
from bedtime.ui.settings.supplement_dialog import SupplementDialog
from tests.app_harness import FRI, emit, notify_calls, shown_id
from tests.conftest import SpawnDaemon, wait_until_released
from tests.fakes import local


def popup_buttons(app: Any) -> list[str]:
    return [b.text() for b in app.presenter.popup.findChildren(QPushButton)]


def click(app: Any, label: str) -> None:
    next(b for b in app.presenter.popup.findChildren(QPushButton) if b.text() == label).click()


def test_the_popup_takes_over_when_the_server_goes_and_notifications_return_with_it(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    first = spawn_daemon()
    h = harness(local(FRI, 22, 5))
    h.add()
    app = h.start()
    qtbot.waitUntil(lambda: len(notify_calls(first.obj)) == 1, timeout=3000)
    popup = app.presenter.popup
    assert not popup.isVisible()

    # Mid-evening the server dies, and the reminder on screen with it: the popup shows it.
    first.terminate()
    wait_until_released(BUS_NAME)
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    assert popup_buttons(app) == ["Taken", "Snooze 10 min", "Skip tonight"]
    # The nudge while there is no server comes as the popup too, without an error.
    h.clock.instant = local(FRI, 22, 20)
    app.refresh()
    qtbot.wait(200)
    assert popup.isVisible()
    assert h.store.night_state(FRI).shown[-1] == local(FRI, 22, 20)

    # The server is back: the next nudge is a notification again, and the popup goes.
    second = spawn_daemon()
    h.clock.instant = local(FRI, 22, 35)
    app.refresh()
    qtbot.waitUntil(lambda: len(notify_calls(second.obj)) == 1, timeout=3000)
    assert not popup.isVisible()
    assert app.presenter.uses_notifications
    # And its Taken logs the dose, once.
    emit(second.obj, "ActionInvoked", shown_id(second.obj), "taken")
    qtbot.waitUntil(lambda: len(h.store.intakes()) == 1, timeout=3000)
    qtbot.wait(200)
    assert len(h.store.intakes()) == 1
    assert not popup.isVisible()


def test_a_server_that_comes_after_the_app_takes_the_reminders_over(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    h = harness(local(FRI, 22, 5))
    h.add()
    app = h.start()  # no notification server on the bus yet
    popup = app.presenter.popup
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    assert not app.presenter.uses_notifications

    # The desktop's server starts later: the next nudge is a notification, the popup goes.
    daemon = spawn_daemon().obj
    qtbot.waitUntil(lambda: app.presenter.uses_notifications, timeout=3000)
    h.clock.instant = local(FRI, 22, 20)
    app.refresh()
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 1, timeout=3000)
    assert not popup.isVisible()
    emit(daemon, "ActionInvoked", shown_id(daemon), "taken")
    qtbot.waitUntil(lambda: len(h.store.intakes()) == 1, timeout=3000)


def test_answering_the_popup_while_the_server_is_gone_logs_once(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon()
    h = harness(local(FRI, 22, 5))
    h.add()
    app = h.start()
    qtbot.waitUntil(lambda: len(notify_calls(daemon.obj)) == 1, timeout=3000)
    daemon.terminate()
    wait_until_released(BUS_NAME)
    qtbot.waitUntil(app.presenter.popup.isVisible, timeout=3000)
    click(app, "Taken")
    qtbot.waitUntil(lambda: len(h.store.intakes()) == 1, timeout=3000)
    assert not app.presenter.popup.isVisible()
    assert h.store.night_total(FRI) == 200


def sleep(logind: Any, going: bool) -> None:
    logind.EmitSignal(LOGIND[2], "PrepareForSleep", "b", [going], dbus_interface=MOCK_IFACE)


def test_asleep_through_the_reminder_and_awake_before_bedtime_reminds_once(
    harness: Any, spawn_daemon: SpawnDaemon, logind: Any, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 21, 50))
    app = h.start()
    sleep(logind, True)
    qtbot.wait(100)
    # The lid opens at 22:40: the reminder (22:00) passed while asleep, bedtime (23:00) not.
    h.clock.instant = local(FRI, 22, 40)
    sleep(logind, False)
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 1, timeout=3000)
    summary = str(notify_calls(daemon)[0][1][3])
    assert "magnesium" in summary.lower(), summary
    actions = [str(a) for a in notify_calls(daemon)[0][1][5]]
    assert "taken" in actions and "snooze" in actions
    # The alarm timer, which slept too, and the minute check add nothing on top.
    app.alarms.recheck()
    app.watch.beat_done.emit()
    qtbot.wait(500)
    assert len(notify_calls(daemon)) == 1
    assert h.store.night_state(FRI).shown == (local(FRI, 22, 40),)
    # The nudge comes the usual interval after the wake-up's reminder, before bedtime.
    h.clock.instant = local(FRI, 22, 55)
    app.refresh()
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 2, timeout=3000)


def test_asleep_through_bedtime_too_asks_quietly_instead(
    harness: Any, spawn_daemon: SpawnDaemon, logind: Any, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 21, 50))
    h.start()
    sleep(logind, True)
    h.clock.instant = local(FRI, 23, 30)
    sleep(logind, False)
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 1, timeout=3000)
    actions = [str(a) for a in notify_calls(daemon)[0][1][5]]
    assert actions[::2][:3] == ["taken", "earlier", "skip"]


@pytest.mark.parametrize("style", ["desktop", "popup"])
def test_a_reminder_while_a_modal_dialog_is_open(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot, style: str
) -> None:
    """The reminder comes through the nested event loop of a modal dialog (Take now before
    the first supplement asks what you take), is shown, and can be answered."""
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 21, 50))
    h.store.set_setting("notify_style", style)
    app = h.start()
    seen: list[bool] = []

    def while_the_dialog_is_open() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SupplementDialog), dialog
        h.clock.instant = local(FRI, 22, 0)
        app.refresh()
        if style == "desktop":
            qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 1, timeout=3000)
            emit(daemon, "ActionInvoked", shown_id(daemon), "snooze")
        else:
            qtbot.waitUntil(app.presenter.popup.isVisible, timeout=3000)
            snooze = next(
                b for b in app.presenter.popup.findChildren(QPushButton) if "Snooze" in b.text()
            )
            # A real click, through Qt's event delivery (which a modal dialog can block).
            QTest.mouseClick(snooze, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: h.store.night_state(FRI).snoozed_until is not None, timeout=3000)
        seen.append(dialog.isVisible())
        dialog.reject()

    QTimer.singleShot(200, while_the_dialog_is_open)
    assert app.flow.take(None) is False  # the dialog, cancelled: nothing logged
    assert seen == [True]
    assert h.store.intakes() == []
    assert h.store.night_state(FRI).snoozed_until == local(FRI, 22, 10)
    assert not app.presenter.popup.isVisible()


def read_only_store(path: Path) -> Store:
    """The data file as open_database opens it in a folder Bedtime cannot write (a mode
    does not stop root, so the test opens it so directly, as open_database does)."""
    uri = f"{path.absolute().as_uri()}?mode=ro&immutable=1"
    return Store(sqlite3.connect(uri, uri=True, isolation_level=None))


def test_a_read_only_folder_is_told_once_reminders_still_come_and_taken_says_why(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot, tmp_path: Path
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 22, 5))
    h.add()
    h.store.conn.close()
    before = (tmp_path / "bedtime.db").read_bytes()
    h.store = read_only_store(tmp_path / "bedtime.db")
    app = h.start()
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 2, timeout=3000)
    reminder, notice = sorted(notify_calls(daemon), key=lambda call: len(call[1][5]))[::-1]
    assert [str(a) for a in reminder[1][5]][1::2] == [
        "Taken",
        "Snooze 10 min",
        "Skip tonight",
        "Open the reminder",
    ]
    assert (str(notice[1][3]), str(notice[1][4])) == (
        "Bedtime cannot save",
        f"The data folder {tmp_path} is read-only. Reminders still come, but doses cannot be "
        "logged until it is writable (a snooze, skip or pause lasts until Bedtime quits).",
    )

    # The reminder was noted for this run: the next nudge comes at its time, and only then.
    app.refresh()
    qtbot.wait(200)
    assert len(notify_calls(daemon)) == 2
    h.clock.instant = local(FRI, 22, 20)
    app.refresh()
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 3, timeout=3000)

    told: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            told.append(box.text())
            box.button(QMessageBox.StandardButton.Ok).click()

    watcher = QTimer()
    watcher.timeout.connect(answer)
    watcher.start(50)
    emit(daemon, "ActionInvoked", shown_id(daemon), "taken")
    qtbot.waitUntil(lambda: bool(told), timeout=3000)
    watcher.stop()
    assert told == [
        f"The data folder {tmp_path} is read-only, so doses cannot be logged until it is writable."
    ]
    assert h.store.intakes() == []
    # Nothing more was said on screen, and the file is as it was.
    qtbot.wait(200)
    assert len(notify_calls(daemon)) == 3
    assert (tmp_path / "bedtime.db").read_bytes() == before
