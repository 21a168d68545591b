"""A week in the tray: the app's clock driven through seven nights (tests/week_run.py).

Each night the reminder comes exactly once, its nudges until Taken, the dose is logged, and
the morning question is asked and answered; nothing is missed or shown twice. Resident memory
over the week is benchmarks/week.py's to measure.
"""

from datetime import timedelta
from typing import Any

from pytestqt.qtbot import QtBot

from tests.app_harness import FRI, notify_calls
from tests.conftest import SpawnDaemon
from tests.fakes import local
from tests.week_run import NUDGES_BEFORE_TAKEN, Week


def test_seven_nights_each_remind_exactly_once_and_are_logged_and_asked_about(
    harness: Any, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    h = harness(local(FRI, 12))
    h.add()
    h.start()
    with Week(h) as week:
        nights = [week.night(FRI + timedelta(days=n)) for n in range(7)]
    assert [(n.reminders, n.nudges, n.missed) for n in nights] == [(1, NUDGES_BEFORE_TAKEN, 0)] * 7
    assert [(n.taken_mg, n.asked) for n in nights] == [(200, True)] * 7
    assert [i.at for i in h.store.intakes()] == [
        local(FRI + timedelta(days=n), 22, 30) for n in range(7)
    ]
    # Reminder and nudges went out as notifications: three a night.
    assert len(notify_calls(daemon)) >= 3 * 7
