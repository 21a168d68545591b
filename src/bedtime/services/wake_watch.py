"""Noticing that time moved under the app: a wake from suspend, a clock set, a zone change.

QTimer counts monotonic time, which stops while the machine sleeps, so an armed alarm fires
late by the time asleep. logind says when the machine wakes (`PrepareForSleep(false)`);
where there is no logind, a cheap heartbeat compares the wall clock with the monotonic one,
and it also notices the clock being set and the zone changing (travel, DST needs nothing:
zoneinfo handles it). On any of them the app recomputes and re-arms everything.
"""

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtDBus import QDBusConnection

HEARTBEAT_MS = 60_000
# A jump smaller than this is timer slack or NTP slewing, not a sleep or a clock change.
JUMP_SECONDS = 30.0

LOGIND = ("org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager")


class WakeWatch(QObject):
    moved = Signal(str)  # "resume", "clock" or "zone": recompute everything
    suspending = Signal()
    beat_done = Signal()  # every heartbeat, for other cheap once-a-minute checks

    def __init__(
        self,
        zone_key: Callable[[], str],
        parent: QObject | None = None,
        *,
        interval_ms: int = HEARTBEAT_MS,
        wall: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._zone_key, self._wall, self._monotonic = zone_key, wall, monotonic
        self._zone = zone_key()
        self._offset = wall() - monotonic()
        self._heartbeat = QTimer(self)
        # Whole-second accuracy is plenty and lets the system batch this wakeup with others.
        self._heartbeat.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._heartbeat.timeout.connect(self.beat)
        self._heartbeat.start(interval_ms)
        bus = QDBusConnection.systemBus()
        # The "1" prefix is what Qt's SLOT() macro adds; the slot's signature must match.
        # PySide6's stubs want the slot as bytes, but at run time only a str is accepted.
        self.logind = bus.isConnected() and bus.connect(  # type: ignore[call-overload]
            *LOGIND, "PrepareForSleep", self, "1onPrepareForSleep(bool)"
        )

    def stop(self) -> None:
        self._heartbeat.stop()
        if self.logind:
            # The slot as a str, as in connect() (PySide6's stubs say bytes).
            QDBusConnection.systemBus().disconnect(  # type: ignore[call-overload]
                *LOGIND, "PrepareForSleep", self, "1onPrepareForSleep(bool)"
            )
            self.logind = False

    @Slot(bool)
    def onPrepareForSleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.suspending.emit()
        else:
            self._offset = self._wall() - self._monotonic()
            self.moved.emit("resume")

    @Slot()
    def beat(self) -> None:
        """Compare the clocks and the zone with the last beat; say if either moved."""
        offset = self._wall() - self._monotonic()
        zone = self._zone_key()
        jumped = abs(offset - self._offset) > JUMP_SECONDS
        self._offset = offset
        if zone != self._zone:
            self._zone = zone
            self.moved.emit("zone")
        elif jumped:
            self.moved.emit("clock")
        self.beat_done.emit()
