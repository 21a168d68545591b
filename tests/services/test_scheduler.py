"""The Qt scheduler: one timer however often it is woken, precise, jobs on the main thread."""

import threading
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.qt import QtScheduler
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from bedtime.services.scheduler import Alarms, OneTimerQtScheduler


def wake_often(qtbot: QtBot, cls: type[QtScheduler]) -> int:
    calls: list[int] = []

    class Counting(cls):  # type: ignore[valid-type,misc]
        def _process_jobs(self) -> None:
            calls.append(1)
            super()._process_jobs()

    scheduler = Counting(timezone=UTC)
    scheduler.start()
    qtbot.wait(50)  # start() wakes it once itself
    calls.clear()
    for _ in range(20):
        scheduler.wakeup()
    qtbot.wait(300)
    scheduler.shutdown(wait=False)
    return len(calls)


def test_waking_twenty_times_processes_once(qtbot: QtBot) -> None:
    assert wake_often(qtbot, OneTimerQtScheduler) == 1


def test_the_stock_scheduler_leaves_a_timer_chain_per_wakeup(qtbot: QtBot) -> None:
    # The reason for the subclass: if this ever passes, the workaround may be dropped.
    assert wake_often(qtbot, QtScheduler) == 20


def test_the_timer_is_precise() -> None:
    scheduler = OneTimerQtScheduler(timezone=UTC)
    assert scheduler._one_timer.timerType() == Qt.TimerType.PreciseTimer


def test_an_alarm_runs_on_the_main_thread_at_its_time(qtbot: QtBot) -> None:
    alarms = Alarms(UTC)
    ran: list[tuple[threading.Thread, datetime]] = []
    at = datetime.now(UTC) + timedelta(milliseconds=300)
    alarms.arm("remind", at, lambda: ran.append((threading.current_thread(), datetime.now(UTC))))
    qtbot.waitUntil(lambda: bool(ran), timeout=3000)
    alarms.stop()
    [(thread, when)] = ran
    assert thread is threading.main_thread()
    assert at <= when < at + timedelta(milliseconds=200)


def test_an_alarm_in_the_past_runs_at_once_not_dropped(qtbot: QtBot) -> None:
    # What a resume looks like: the alarm's time passed while the machine slept.
    alarms = Alarms(UTC)
    ran: list[int] = []
    alarms.arm("remind", datetime.now(UTC) - timedelta(hours=3), lambda: ran.append(1))
    qtbot.waitUntil(lambda: bool(ran), timeout=2000)
    qtbot.wait(100)
    alarms.stop()
    assert ran == [1]


def test_arming_a_name_again_replaces_it(qtbot: QtBot) -> None:
    alarms = Alarms(UTC)
    ran: list[str] = []
    soon = datetime.now(UTC) + timedelta(milliseconds=200)
    alarms.arm("remind", soon, lambda: ran.append("first"))
    alarms.arm("remind", soon + timedelta(milliseconds=100), lambda: ran.append("second"))
    assert alarms.when("remind") == soon + timedelta(milliseconds=100)
    qtbot.wait(600)
    alarms.disarm("remind")
    alarms.stop()
    assert ran == ["second"]


def test_an_alarm_that_arms_its_own_name_again_rings_again(qtbot: QtBot) -> None:
    # What every re-plan does: the reminder's alarm arms "alert" anew for the first nudge.
    # The scheduler removes a one-shot job once it has run; that must not take the new one.
    alarms = Alarms(UTC)
    ran: list[int] = []

    def ring() -> None:
        ran.append(1)
        if len(ran) < 3:
            alarms.arm("alert", datetime.now(UTC) + timedelta(milliseconds=50), ring)

    alarms.arm("alert", datetime.now(UTC) + timedelta(milliseconds=50), ring)
    qtbot.waitUntil(lambda: len(ran) == 3, timeout=3000)
    assert alarms.when("alert") is None  # the last one rang and armed nothing
    alarms.stop()
