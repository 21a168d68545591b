"""Wake, clock and zone changes: logind on a private system bus, and the heartbeat."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from dbusmock import MOCK_IFACE
from pytestqt.qtbot import QtBot

from bedtime.services.wake_watch import LOGIND, WakeWatch
from tests.fakes import FakeClock, local

NOW = local(date(2026, 11, 20), 22)


def prepare_for_sleep(logind: object, going: bool) -> None:
    logind.EmitSignal(  # type: ignore[attr-defined]
        LOGIND[2], "PrepareForSleep", "b", [going], dbus_interface=MOCK_IFACE
    )


def watch(clock: FakeClock) -> WakeWatch:
    """A watch on CLOCK as the app wires it, its heartbeat left to the test."""
    return WakeWatch(
        clock.reload_zone, interval_ms=3_600_000, wall=clock.wall, monotonic=clock.monotonic
    )


def test_logind_resume_is_reported(qtbot: QtBot, logind: object) -> None:
    wake = watch(FakeClock(NOW))
    assert wake.logind
    with qtbot.waitSignal(wake.suspending, timeout=3000):
        prepare_for_sleep(logind, True)
    with qtbot.waitSignal(wake.moved, timeout=3000) as moved:
        prepare_for_sleep(logind, False)
    assert moved.args == ["resume"]


def test_a_quiet_heartbeat_says_nothing(qtbot: QtBot) -> None:
    clock = FakeClock(NOW)
    wake = watch(clock)
    clock.instant += timedelta(seconds=60.2)
    clock.mono += 60.0
    with qtbot.assertNotEmitted(wake.moved):
        wake.beat()


def test_a_sleep_without_logind_is_seen_by_the_heartbeat(qtbot: QtBot) -> None:
    # Monotonic time stands still while suspended; the wall clock does not.
    clock = FakeClock(NOW)
    wake = watch(clock)
    clock.instant += timedelta(hours=3)
    clock.mono += 60
    with qtbot.waitSignal(wake.moved) as moved:
        wake.beat()
    assert moved.args == ["clock"]
    clock.instant += timedelta(seconds=60)
    clock.mono += 60
    with qtbot.assertNotEmitted(wake.moved):
        wake.beat()


def test_the_clock_set_back_is_seen(qtbot: QtBot) -> None:
    clock = FakeClock(NOW)
    wake = watch(clock)
    clock.instant -= timedelta(hours=1)
    with qtbot.waitSignal(wake.moved) as moved:
        wake.beat()
    assert moved.args == ["clock"]


def test_a_zone_change_is_seen_once(qtbot: QtBot) -> None:
    clock = FakeClock(NOW)
    wake = watch(clock)
    clock.tz = ZoneInfo("America/New_York")
    with qtbot.waitSignal(wake.moved) as moved:
        wake.beat()
    assert moved.args == ["zone"]
    with qtbot.assertNotEmitted(wake.moved):
        wake.beat()
