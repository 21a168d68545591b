"""APScheduler 3 on the Qt event loop, made safe for a reminder app.

Stock `QtScheduler` has three traps (design notes): it re-arms with the static
`QTimer.singleShot`, which cannot be cancelled, so every wakeup leaves another timer chain
behind; QTimer's default coarse timers may fire 5 % late (three minutes on an hour's wait);
and jobs run on a thread pool, where touching a widget crashes. Here one persistent precise
timer does the waiting and jobs run directly on the Qt main thread.

Jobs are one-shot `date` jobs at instants core computed. With `misfire_grace_time=None` and
`coalesce=True` a job whose time passed while the machine slept runs once when the timer
next fires; what a late reminder means is decided by core when it runs, not here.
"""

import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.qt import QtScheduler
from PySide6.QtCore import Qt, QTimer

# QTimer takes a signed 32-bit number of milliseconds (about 24.8 days).
_LONGEST_WAIT_MS = 2**31 - 1

log = logging.getLogger(__name__)


class OneTimerQtScheduler(QtScheduler):
    def __init__(self, **options: object) -> None:
        self._one_timer = QTimer()
        self._one_timer.setSingleShot(True)
        self._one_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._one_timer.timeout.connect(self._process_jobs)
        super().__init__(**options)

    def _start_timer(self, wait_seconds: float | None) -> None:
        self._one_timer.stop()
        if wait_seconds is not None:
            self._one_timer.start(min(int(wait_seconds * 1000), _LONGEST_WAIT_MS))

    def _stop_timer(self) -> None:
        self._one_timer.stop()


class Alarms:
    """Named one-shot alarms: arming a name again replaces its alarm.

    Times are read on the app's clock (NOW) and the wait is handed to the scheduler, so an
    app run on a test clock never takes a time of its clock for a real one long past.
    """

    def __init__(self, timezone: tzinfo, now: Callable[[], datetime] | None = None) -> None:
        self._now = now
        self.scheduler = OneTimerQtScheduler(
            timezone=timezone,
            # The Qt main thread runs the job: DebugExecutor calls it directly, no pool.
            executors={"default": DebugExecutor()},
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        self.scheduler.start()

    def arm(self, name: str, at: datetime, callback: Callable[[], None]) -> None:
        run_date = at if self._now is None else datetime.now(UTC) + (at - self._now())
        log.debug("alarm %s armed for %s", name, at.isoformat(timespec="seconds"))
        self.scheduler.add_job(
            _as_slot(callback), "date", run_date=run_date, id=name, replace_existing=True, name=name
        )

    def disarm(self, name: str) -> None:
        if self.scheduler.get_job(name) is not None:
            self.scheduler.remove_job(name)

    def when(self, name: str) -> datetime | None:
        job = self.scheduler.get_job(name)
        return None if job is None else job.next_run_time

    def recheck(self) -> None:
        """Look at the clock now: after a suspend the timer's wait ran on a stopped clock."""
        self.scheduler.wakeup()

    def stop(self) -> None:
        self.scheduler.shutdown(wait=False)


def _as_slot(callback: Callable[[], None]) -> Callable[[], None]:
    """CALLBACK run from the event loop once the scheduler is done with its job, with an error
    it raises handled like one in any Qt slot (sys.excepthook).

    Not at once: the scheduler removes a one-shot job after running it, and would so remove
    the alarm the callback has just armed under the same name (every re-plan arms "alert"
    anew: the reminder's own alarm arms the first nudge). APScheduler would catch an error
    and only log it; an error in an alarm is as unexpected as one in a menu action, and the
    user should hear of it the same way.
    """

    def run() -> None:
        try:
            callback()
        except Exception:
            sys.excepthook(*sys.exc_info())

    return lambda: QTimer.singleShot(0, run)
