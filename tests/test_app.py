"""The whole app in-process: a real store file, the real scheduler, notifications through
python-dbusmock's notification daemon, logind on the private system bus, and the dialogs.

The clock is a fixed test clock; alarms are armed by the real scheduler relative to it.
"""

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import dbus
import pytest
from dbusmock import MOCK_IFACE
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from bedtime.app import tray_app as app_module
from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Supplement
from bedtime.desktop.launcher import NotInstalled
from bedtime.services.autostart import LOGIN_QUESTION, StartAtLogin, XdgAutostart
from bedtime.services.logbook import Logbook, open_logbook
from bedtime.services.wake_watch import LOGIND
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from bedtime.ui.common.icons import DUE_ICON, TAKEN_ICON, icon
from bedtime.ui.dialogs.error_dialog import ErrorDialog
from bedtime.ui.dialogs.login_question import LoginQuestion
from bedtime.ui.dialogs.morning_dialog import MorningDialog
from tests.app_harness import FRI, SAT, emit, notify_calls, shown_id
from tests.conftest import SpawnDaemon
from tests.fakes import INSTALLED, local

W = TypeVar("W", bound=QWidget)


def shown(kind: type[W]) -> W | None:
    """The window of KIND the person sees now, as a window list or a screen reader finds it."""
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) <= 1, found
    return found[0] if found else None


def shows_icon(app: Any, name: str) -> bool:
    """Whether the tray draws icon NAME: compared as pictures, as a person sees it."""
    drawn = app.tray.icon.icon().pixmap(22, 22).toImage()
    return bool(drawn == icon(name).pixmap(22, 22).toImage())


def test_a_late_start_notifies_with_three_buttons_and_taken_logs_the_dose(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 22, 5))
    h.add()
    app = h.start()
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 1, timeout=3000)
    args = notify_calls(daemon)[0][1]
    assert args[3] == "Time for your magnesium"
    assert "Glycinate: 2 × 100 mg = 200 mg" in args[4]
    assert list(args[5]) == [
        "taken",
        "Taken",
        "snooze",
        "Snooze 10 min",
        "skip",
        "Skip tonight",
        "default",
        "Open the reminder",
    ]
    assert_stays_until_answered(args)
    assert h.store.intakes() == []
    emit(daemon, "ActionInvoked", 1, "taken")
    qtbot.waitUntil(lambda: len(h.store.intakes()) == 1, timeout=3000)
    intake = h.store.intakes()[0]
    assert (intake.at, intake.night, intake.mg) == (local(FRI, 22, 5), FRI, 200)
    assert h.store.supplement(None).stock_units == 28
    # The notification is withdrawn, the icon says taken, no nudge is armed for tonight.
    qtbot.waitUntil(
        lambda: bool(daemon.GetMethodCalls("CloseNotification", dbus_interface=MOCK_IFACE))
    )
    assert shows_icon(app, TAKEN_ICON)
    assert "Tonight: 200 / 300 mg" in app.tray.icon.toolTip()


def assert_stays_until_answered(notify_args: Any) -> None:
    """Never expires, kept by servers that keep notifications, normal urgency."""
    hints, expire_timeout = notify_args[6], notify_args[7]
    assert expire_timeout == 0
    assert hints["resident"] is True or hints["resident"] == 1
    assert hints["urgency"] == 1


def test_the_missed_night_notice_stays_until_answered(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 23, 30))  # after bedtime, before the night is over
    h.store.first_use(local(FRI, 12))  # in use since Friday: its night is planned
    h.add()
    h.start()
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 1, timeout=3000)
    args = notify_calls(daemon)[0][1]
    assert args[3] == "Missed tonight's magnesium?"
    assert list(args[5])[-2:] == ["default", "Open the reminder"]
    assert_stays_until_answered(args)


def test_a_click_on_the_notification_opens_the_popup_with_every_button(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 22, 5))
    h.add()
    app = h.start()
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 1, timeout=3000)
    popup = app.presenter.popup
    assert not popup.isVisible()
    emit(daemon, "ActionInvoked", 1, "default")
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    assert [b.text() for b in popup.findChildren(QPushButton)] == [
        "Taken",
        "Snooze 10 min",
        "Skip tonight",
    ]
    # Nothing is chosen yet: nothing is logged, and the popup takes the notification's place.
    assert h.store.intakes() == []
    qtbot.waitUntil(
        lambda: bool(daemon.GetMethodCalls("CloseNotification", dbus_interface=MOCK_IFACE))
    )
    # A nudge while the popup is open updates the popup, and notifies no more.
    h.clock.instant = local(FRI, 22, 20)
    app.refresh()
    qtbot.waitUntil(lambda: popup.title.text() == "Still time for your magnesium", timeout=3000)
    assert len(notify_calls(daemon)) == 1
    # Answered in the popup: logged, and the popup is gone.
    next(b for b in popup.findChildren(QPushButton) if b.text() == "Taken").click()
    qtbot.waitUntil(lambda: len(h.store.intakes()) == 1, timeout=3000)
    assert not popup.isVisible()


def test_low_stock_notifies_until_read(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 12))  # no reminder due yet
    h.add(stock=4)  # two nights left
    app = h.start()
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 1, timeout=3000)
    args = notify_calls(daemon)[0][1]
    assert (args[3], args[4]) == (
        "Running low on magnesium",
        "Glycinate: 2 nights left\nRestock soon.",
    )
    assert args[7] == 0
    assert not app.presenter.notice_popup.isVisible()


def test_low_stock_uses_the_popup_chosen_in_settings_beside_the_reminder(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 22, 5))
    h.store.set_setting("notify_style", "popup")
    h.add(stock=4)
    app = h.start()
    reminder, notice = app.presenter.popup, app.presenter.notice_popup
    qtbot.waitUntil(lambda: reminder.isVisible() and notice.isVisible(), timeout=3000)
    assert notify_calls(daemon) == []
    # The notice takes nothing from the reminder, which still offers its three buttons.
    assert [b.text() for b in reminder.findChildren(QPushButton)] == [
        "Taken",
        "Snooze 10 min",
        "Skip tonight",
    ]
    assert notice.title.text() == "Running low on magnesium"
    assert "Glycinate: 2 nights left" in notice.body.text()
    # Each says what it is to a screen reader too.
    assert reminder.accessibleName() == "Time for your magnesium"
    assert notice.accessibleName() == "Running low on magnesium"
    assert notice.accessibleDescription() == notice.body.text()
    assert not reminder.frameGeometry().intersects(notice.frameGeometry())
    screen = reminder.screen().availableGeometry()
    assert screen.contains(reminder.frameGeometry()) and screen.contains(notice.frameGeometry())


DAMAGED = "The data file was damaged; it was moved aside and a new one started."
UPGRADED = "A copy of the data file was kept before it was upgraded."


def test_notices_at_start_stay_until_read(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 12))
    h.start(notices=[DAMAGED, UPGRADED])
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 2, timeout=3000)
    assert [(call[1][4], call[1][7]) for call in notify_calls(daemon)] == [
        (DAMAGED, 0),
        (UPGRADED, 0),
    ]


def test_notices_at_start_use_the_popup_chosen_in_settings_and_none_is_lost(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 12))
    h.store.set_setting("notify_style", "popup")
    h.start(notices=[DAMAGED, UPGRADED])
    assert h.app is not None
    notice = h.app.presenter.notice_popup
    qtbot.waitUntil(notice.isVisible, timeout=3000)
    assert notify_calls(daemon) == []
    assert notice.body.text() == f"{DAMAGED}\n\n{UPGRADED}"


def test_a_closed_notification_logs_nothing_and_the_nudges_go_on(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 22, 5))
    h.add()
    app = h.start()
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 1, timeout=3000)
    emit(daemon, "NotificationClosed", 1, dbus.UInt32(2))
    qtbot.wait(200)
    assert h.store.intakes() == []
    assert app.alarms.when("alert") is not None
    assert shows_icon(app, DUE_ICON)


def test_snooze_and_skip_from_the_notification(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 22, 5))
    h.start()
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 1, timeout=3000)
    emit(daemon, "ActionInvoked", 1, "snooze")
    qtbot.waitUntil(lambda: h.store.night_state(FRI).snoozed_until is not None, timeout=3000)
    assert h.store.night_state(FRI).snoozed_until == local(FRI, 22, 15)
    # The snooze rings as a new reminder; skipping it settles the night.
    h.clock.instant = local(FRI, 22, 15)
    h.app.refresh()
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 2, timeout=3000)
    emit(daemon, "ActionInvoked", shown_id(daemon), "skip")
    qtbot.waitUntil(lambda: h.store.night_state(FRI).skipped, timeout=3000)
    assert h.store.intakes() == []


def test_without_actions_the_popup_reminds_and_its_taken_button_logs(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon("body").obj
    h = harness(local(FRI, 22, 5))
    h.add()
    app = h.start()
    popup = app.presenter.popup
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    assert notify_calls(daemon) == []
    labels = [b.text() for b in popup.findChildren(QPushButton)]
    assert labels == ["Taken", "Snooze 10 min", "Skip tonight"]
    taken = next(b for b in popup.findChildren(QPushButton) if b.text() == "Taken")
    taken.click()
    qtbot.waitUntil(lambda: len(h.store.intakes()) == 1, timeout=3000)
    assert not popup.isVisible()


def test_the_popup_chosen_in_settings_is_used_even_with_a_notification_server(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 22, 5))
    h.store.set_setting("notify_style", "popup")
    h.store.set_setting("snooze", "20")
    app = h.start()
    popup = app.presenter.popup
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    assert notify_calls(daemon) == []
    labels = [b.text() for b in popup.findChildren(QPushButton)]
    assert labels == ["Taken", "Snooze 20 min", "Skip tonight"]
    snooze = next(b for b in popup.findChildren(QPushButton) if b.text() == "Snooze 20 min")
    snooze.click()
    qtbot.waitUntil(lambda: h.store.night_state(FRI).snoozed_until is not None, timeout=3000)
    assert h.store.night_state(FRI).snoozed_until == local(FRI, 22, 25)


def test_a_nudge_after_the_popup_was_chosen_takes_the_notification_off_the_screen(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 22, 5))
    h.add()
    app = h.start()
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 1, timeout=3000)
    h.store.set_setting("notify_style", "popup")  # chosen in Settings while it is up
    h.clock.instant = local(FRI, 22, 20)
    app.refresh()
    qtbot.waitUntil(app.presenter.popup.isVisible, timeout=3000)
    # One reminder on screen: the notification goes as the popup comes.
    closed = daemon.GetMethodCalls("CloseNotification", dbus_interface=MOCK_IFACE)
    assert [int(args[0]) for _, args in closed] == [1]
    assert len(notify_calls(daemon)) == 1


def test_taken_over_the_limit_asks_first(harness: Any, qtbot: QtBot) -> None:
    h = harness(local(FRI, 22, 5))
    h.add()
    h.store.set_setting("limit_mg", "300")
    app = h.start()
    app.flow.take(None)
    assert h.store.night_total(FRI) == 200

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        assert "above your daily limit of 300 mg" in box.text()
        box.button(button).click()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(100, lambda: answer(QMessageBox.StandardButton.No))
    assert app.flow.take(None) is False
    assert h.store.night_total(FRI) == 200
    QTimer.singleShot(100, lambda: answer(QMessageBox.StandardButton.Yes))
    assert app.flow.take(None) is True
    assert h.store.night_total(FRI) == 400


def test_resume_from_suspend_rearms_and_reminds(
    harness: Any, spawn_daemon: SpawnDaemon, logind: Any, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 21))
    app = h.start()
    assert app.watch.logind
    assert notify_calls(daemon) == []
    # The machine slept through the reminder; the monotonic timer knows nothing of it.
    h.clock.instant = local(FRI, 22, 30)
    logind.EmitSignal(LOGIND[2], "PrepareForSleep", "b", [False], dbus_interface=MOCK_IFACE)
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 1, timeout=3000)
    assert h.store.night_state(FRI).shown == (local(FRI, 22, 30),)
    assert app.alarms.when("alert") is not None


def test_the_morning_question_opens_and_one_click_saves(harness: Any, qtbot: QtBot) -> None:
    h = harness(local(SAT, 9))
    h.store.first_use(local(FRI, 12))  # in use since Friday: its night is asked about
    h.start()
    dialog = shown(MorningDialog)
    assert dialog is not None
    assert dialog.night == FRI
    dialog.rating_buttons[4].click()
    assert [(e.night, e.quality) for e in h.store.diary()] == [(FRI, 4)]
    assert h.store.morning_state(FRI).asked == 1


def test_the_morning_question_later_closes_and_is_recorded(harness: Any, qtbot: QtBot) -> None:
    h = harness(local(SAT, 9))
    h.store.first_use(local(FRI, 12))  # in use since Friday: its night is asked about
    h.start()
    dialog = shown(MorningDialog)
    assert dialog is not None
    dialog.later_button.click()
    assert h.store.morning_state(FRI).later_until == local(SAT, 10)
    assert h.store.diary() == []


def test_the_menu_is_fresh_each_time_it_opens(harness: Any, qtbot: QtBot) -> None:
    h = harness(local(FRI, 20))
    app = h.start()
    app.menu.refresh()
    assert app.menu.header.text() == "Reminder 22:00 · bedtime 23:00"
    assert app.menu.tonight.text() == "Tonight: 0 / 300 mg"
    h.clock.instant = local(FRI, 22, 30)
    app.menu.aboutToShow.emit()
    assert app.menu.header.text() == "Bedtime 23:00"
    h.clock.instant = local(SAT, 1)
    app.menu.aboutToShow.emit()
    assert app.menu.header.text() == "Reminder 22:00 · bedtime 23:00"


def test_menu_actions_change_the_log(harness: Any, qtbot: QtBot) -> None:
    h = harness(local(FRI, 20))
    h.add()
    h.store.add_supplement(Supplement(0, "Citrate", "citrate", 150, 1, None, 7), h.clock.now())
    app = h.start()
    menu = app.menu
    menu.refresh()
    # Several supplements: Take now is a submenu naming each.
    assert not menu.take_now.isVisible() and menu.take_menu.menuAction().isVisible()
    names = [a.text() for a in menu.take_menu.actions()]
    assert names == ["Citrate: 150 mg", "Glycinate: 2 × 100 mg = 200 mg"]
    menu.take_menu.actions()[0].trigger()
    assert [i.name for i in h.store.intakes()] == ["Citrate"]
    menu.refresh()
    assert menu.tonight.text() == "Tonight: 150 / 300 mg"
    # Pause a week, then resume.
    next(a for a in menu.pause_menu.actions() if a.text() == "For a week").trigger()
    assert h.store.paused_through(FRI) == FRI + timedelta(days=6)
    menu.refresh()
    assert menu.resume_action.isEnabled()
    menu.resume_action.trigger()
    assert h.store.paused_through(FRI) is None


def test_skip_from_the_menu_and_back(harness: Any, qtbot: QtBot) -> None:
    h = harness(local(FRI, 20))
    app = h.start()
    app.menu.refresh()
    app.menu.skip_action.trigger()
    assert h.store.night_state(FRI).skipped
    app.menu.refresh()
    assert app.menu.skip_action.isChecked()
    assert app.menu.tonight.text() == "Tonight: skipped"
    app.menu.skip_action.trigger()
    assert not h.store.night_state(FRI).skipped


def test_without_a_tray_the_window_offers_the_actions(harness: Any, qtbot: QtBot) -> None:
    # The offscreen platform has no tray: the no-tray window is what the user gets.
    h = harness(local(FRI, 20))
    app = h.start()
    assert not app.tray.icon.isVisible()
    assert app.window.isVisible()
    assert app.window.header.text() == "Reminder 22:00 · bedtime 23:00"
    h.add()
    app.window.take_button.click()
    assert len(h.store.intakes()) == 1


def test_show_messages_open_windows(harness: Any, qtbot: QtBot) -> None:
    h = harness(local(FRI, 20))
    app = h.start()
    app.handle("show history")
    assert app.windows.get("history").isVisible()
    app.handle("show settings")
    assert app.windows.get("settings").schedule.offset.value() == 60
    app.handle("show diary")
    assert shown(MorningDialog) is not None


def test_a_setting_changed_elsewhere_is_followed_at_the_next_heartbeat(
    harness: Any, tmp_path: Path, qtbot: QtBot
) -> None:
    h = harness(local(FRI, 20))
    app = h.start()
    assert app.alarms.when("alert") is not None
    before = app.companion.status().next.reminder
    # Another process (the command line) changes the offset.
    other = Store(open_database(tmp_path / "bedtime.db").conn)
    other.set_setting("offset", "90")
    other.conn.close()
    app.watch.beat()
    assert before == local(FRI, 22)
    assert app.companion.status().next.reminder == local(FRI, 21, 30)
    assert "Reminder 21:30" in app.tray.icon.toolTip()


def test_quit_from_the_menu_leaves_even_with_the_no_tray_window_open(
    harness: Any, qtbot: QtBot
) -> None:
    from PySide6.QtCore import QTimer

    h = harness(local(FRI, 20))
    app = h.start()
    assert app.window.isVisible()
    quit_action = next(a for a in app.menu.actions() if a.text() == "Quit Bedtime")
    QTimer.singleShot(100, quit_action.trigger)
    stuck = QTimer()
    stuck.setSingleShot(True)
    stuck.timeout.connect(lambda: QApplication.exit(9))  # the loop did not end by itself
    stuck.start(3000)
    try:
        assert QApplication.instance().exec() == 0
    finally:
        stuck.stop()  # a late exit() would end whatever event loop a later test runs


@pytest.fixture
def logbook(tmp_path: Path) -> Iterator[Logbook]:
    opened = open_logbook(tmp_path / "log")
    yield opened
    opened.close()


def error_dialogs() -> list[ErrorDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog)]


@pytest.mark.qt_no_exception_capture  # the app's own hook is what is tested
def test_an_error_in_a_slot_is_logged_and_told_once_and_the_reminder_still_comes(
    harness: Any,
    spawn_daemon: SpawnDaemon,
    logbook: Logbook,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    daemon = spawn_daemon().obj
    # Two seconds before the reminder: the real scheduler's alarm rings two seconds from now.
    h = harness(local(FRI, 22) - timedelta(seconds=2))
    h.add()
    app = h.start(logbook.path, own_hook=True)
    assert notify_calls(daemon) == []

    def bug(*_: object) -> None:
        raise ZeroDivisionError("a bug")

    def caught() -> int:
        return logbook.path.read_text().count("ERROR bedtime.services.logbook: unhandled error")

    # An alarm's job raises: logged, and told in a dialog.
    app.alarms.arm("broken", h.clock.now(), bug)
    qtbot.waitUntil(lambda: caught() == 1)
    qtbot.waitUntil(lambda: len(error_dialogs()) == 1)
    # A menu action's slot raises: logged, not told again.
    monkeypatch.setattr(app.companion, "snooze", bug)
    app.menu.snooze_menu.actions()[0].trigger()
    assert caught() == 2
    assert logbook.path.read_text().count("ZeroDivisionError: a bug") == 2
    assert logbook.path.read_text().count("Traceback (most recent call last)") == 2

    # One dialog for the run, naming the log; its details are the traceback.
    [dialog] = error_dialogs()
    assert dialog.isVisible()
    assert str(logbook.path) in dialog.message.text()
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied.startswith("Bedtime ") and "ZeroDivisionError: a bug" in copied

    # The app runs on: the reminder's alarm rings and the reminder comes.
    h.clock.instant = local(FRI, 22)
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 1, timeout=5000)
    assert notify_calls(daemon)[0][1][3] == "Time for your magnesium"

    # A D-Bus callback that raises is caught the same way, and told no second time.
    monkeypatch.setattr(app.flow, "take", bug)
    emit(daemon, "ActionInvoked", 1, "taken")
    qtbot.waitUntil(lambda: caught() == 3)
    assert len(error_dialogs()) == 1
    dialog.close()


def test_the_log_tells_what_happened_and_keeps_notes_out(
    harness: Any, spawn_daemon: SpawnDaemon, logind: Any, logbook: Logbook, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 21))
    h.add()
    app = h.start(logbook.path)
    # Asleep through the reminder; woken after it, before bedtime.
    h.clock.instant = local(FRI, 22, 30)
    logind.EmitSignal(LOGIND[2], "PrepareForSleep", "b", [False], dbus_interface=MOCK_IFACE)
    qtbot.waitUntil(lambda: len(notify_calls(daemon)) == 1, timeout=3000)
    emit(daemon, "ActionInvoked", 1, "taken")
    qtbot.waitUntil(lambda: len(h.store.intakes()) == 1, timeout=3000)
    h.clock.instant = local(SAT, 9)
    app.refresh()
    app.companion.rate(DiaryEntry(FRI, "Europe/Amsterdam", 4, note="dreamt of the sea at Ostend"))

    lines = [line.split(": ", 1)[1] for line in logbook.path.read_text().splitlines()]
    expected = [
        "planned: remind for the night of 2026-11-20 at 2026-11-20T22:00+01:00",
        "time moved (resume): re-arming",
        "shown: remind for the night of 2026-11-20",
        "reminder answered: taken",
        "dose logged: 200 mg for the night of 2026-11-20 at 2026-11-20T22:30+01:00",
        "asked how the night of 2026-11-20 went",
        "sleep rated for the night of 2026-11-20",
    ]
    assert [line for line in lines if line in expected] == expected, lines
    text = logbook.path.read_text()
    assert "Ostend" not in text and "Glycinate" not in text


# -- start at login ------------------------------------------------------------------------


def test_the_first_run_asks_once_and_yes_starts_bedtime_at_login(
    harness: Any, qtbot: QtBot
) -> None:
    h = harness(local(FRI, 20))
    h.start()
    question = shown(LoginQuestion)
    assert question is not None
    assert question.windowTitle() == "Start at login"  # Qt adds " — Bedtime"
    question.yes.click()
    assert shown(LoginQuestion) is None
    assert h.login.enabled()
    assert f"Exec={' '.join(INSTALLED)}\n" in h.login.writer.file.read_text()
    assert h.store.was_shown(LOGIN_QUESTION)

    # Never again, not even once the entry is deleted by hand.
    h.login.writer.file.unlink()
    harness(local(FRI, 20, 5)).start()
    assert shown(LoginQuestion) is None


def test_not_now_is_remembered_too(harness: Any, qtbot: QtBot) -> None:
    h = harness(local(FRI, 20))
    h.start()
    question = shown(LoginQuestion)
    assert question is not None
    question.not_now.click()
    assert not h.login.enabled()
    assert not h.login.writer.file.parent.exists()
    harness(local(FRI, 20, 5)).start()
    assert shown(LoginQuestion) is None


def test_no_question_when_already_on_or_when_running_from_a_throwaway_copy(
    harness: Any, qtbot: QtBot, tmp_path: Path
) -> None:
    h = harness(local(FRI, 20))
    h.login.set(True)
    h.start()
    assert shown(LoginQuestion) is None
    assert h.store.was_shown(LOGIN_QUESTION)

    def throwaway() -> list[str]:
        raise NotInstalled("install first")

    fresh = harness(local(FRI, 20))
    fresh.store.conn.execute("DELETE FROM shown_once")
    fresh.login = StartAtLogin(XdgAutostart(tmp_path / "elsewhere"), throwaway)
    fresh.start()
    assert shown(LoginQuestion) is None
    # Not remembered: once Bedtime is installed, the question comes.
    assert not fresh.store.was_shown(LOGIN_QUESTION)


def test_started_at_login_it_waits_quietly_for_a_tray_before_the_window(
    harness: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Offscreen has no tray: at login, nothing shows until the wait is over.
    monkeypatch.setattr(app_module, "LOGIN_TRAY_WAIT_MS", 400)
    h = harness(local(FRI, 20))
    h.login.set(True)
    app = h.start(at_login=True)
    assert not app.window.isVisible() and not app.tray.icon.isVisible()
    qtbot.wait(200)
    assert not app.window.isVisible()
    qtbot.waitUntil(app.window.isVisible, timeout=3000)
    assert app.alarms.when("alert") is not None  # the reminder was armed all along
