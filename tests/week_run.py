"""A week in the tray, in-process: the app's clock driven from alarm to alarm through nights.

The whole app runs as in tests/app_harness.py (a real store file, the real scheduler, the
notifier on whatever notification server the bus has). Time moves only when the app is
waiting: the clock is set to the instant the next alarm was armed for, and that alarm is
made due now, so the scheduler's own timer rings it on the event loop and the app does what
it does then. A person answers as most would: Taken at the second nudge, and the morning
question with one click. What was shown is read from the app's log.

Used by tests/test_week.py (each night reminds exactly once) and benchmarks/week.py (and
resident memory does not grow).
"""

import logging
import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from PySide6.QtWidgets import QApplication

from bedtime.ui.dialogs.morning_dialog import MorningDialog
from tests.app_harness import Harness

NUDGES_BEFORE_TAKEN = 2
RATING = 4  # "Good"


@dataclass(frozen=True)
class Night:
    night: date
    reminders: int  # the reminder itself; one a night is right
    nudges: int
    missed: int  # "you did not take it" notices: none when taken every night
    asked: bool  # the morning question was asked, and answered
    taken_mg: float
    resident_mib: float  # the process's resident memory once the night is over


class Shown(logging.Handler):
    """Counts the app's log lines "shown: KIND for the night of NIGHT"."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.counts: Counter[tuple[date, str]] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("shown: ") and isinstance(record.args, tuple):
            kind, night = record.args
            self.counts[(night, str(kind))] += 1


def resident_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return math.nan


class Week:
    """Drives H's running app (started already) night after night."""

    def __init__(self, h: Harness) -> None:
        assert h.app is not None, "start the app first"
        self.h, self.app = h, h.app
        self.shown = Shown()
        self._rang: list[str] = []
        self.app.alarms.scheduler.add_listener(self._ran, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        # Every alarm re-plans, and a re-plan ends by saying the status changed.
        self._replans = 0
        self.app.companion.changed.connect(self._replanned)

    def __enter__(self) -> "Week":
        logging.getLogger("bedtime").addHandler(self.shown)
        logging.getLogger("bedtime").setLevel(logging.INFO)
        return self

    def __exit__(self, *_: object) -> None:
        logging.getLogger("bedtime").removeHandler(self.shown)

    def _ran(self, event: JobExecutionEvent) -> None:
        self._rang.append(event.job_id)

    def _replanned(self) -> None:
        self._replans += 1

    def ring_next(self) -> str:
        """Move the clock to the next alarm and let the scheduler ring it; its name."""
        scheduler = self.app.alarms.scheduler
        job = min(scheduler.get_jobs(), key=lambda j: j.next_run_time)
        # Armed at "real now + (at - clock now)": undo that. Times planned are whole seconds;
        # what is lost between arming and now is milliseconds.
        ahead = job.next_run_time - datetime.now(UTC)
        target = self.h.clock.instant + max(ahead, timedelta(0))
        self.h.clock.instant = target + timedelta(microseconds=-target.microsecond % 1_000_000)
        self._rang.clear()
        replans = self._replans
        scheduler.modify_job(job.id, next_run_time=datetime.now(UTC))
        self._wait_for(lambda: job.id in self._rang and self._replans > replans)
        return str(job.id)

    def answer(self, night: date) -> None:
        """What a person does with what is on screen now."""
        if self.shown.counts[(night, "nudge")] >= NUDGES_BEFORE_TAKEN and not self._taken(night):
            self.app.menu.take.emit(None)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MorningDialog) and widget.isVisible():
                widget.rating_buttons[RATING].click()

    def _taken(self, night: date) -> bool:
        return self.h.store.night_total(night) > 0

    def night(self, night: date) -> Night:
        """Ring every alarm from now until the next night starts (its day boundary is past)."""
        while True:
            name = self.ring_next()
            self.answer(night)
            if name == "night" and self.app.companion.tonight() > night:
                break
        # The morning question of NIGHT comes on the next day, before the next evening.
        while not self._rated(night) and self.h.clock.now().date() <= night + timedelta(days=1):
            self.ring_next()
            self.answer(night)
            if self.app.companion.tonight() > night + timedelta(days=1):
                break
        return Night(
            night,
            self.shown.counts[(night, "remind")],
            self.shown.counts[(night, "nudge")],
            self.shown.counts[(night, "missed")],
            self._rated(night),
            self.h.store.night_total(night),
            resident_mib(),
        )

    def _rated(self, night: date) -> bool:
        return bool(self.h.store.diary(night, night))

    def _wait_for(self, done: Callable[[], bool], timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline:
                raise TimeoutError("the alarm made due did not ring, or did not re-plan")
            QApplication.processEvents()
            time.sleep(0.001)
