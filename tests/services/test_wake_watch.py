"""Wake, clock and zone changes: logind on a private system bus, and the heartbeat."""

from dbusmock import MOCK_IFACE
from pytestqt.qtbot import QtBot

from bedtime.services.wake_watch import LOGIND, WakeWatch


def prepare_for_sleep(logind: object, going: bool) -> None:
    logind.EmitSignal(  # type: ignore[attr-defined]
        LOGIND[2], "PrepareForSleep", "b", [going], dbus_interface=MOCK_IFACE
    )


class Clocks:
    def __init__(self) -> None:
        self.wall, self.mono, self.zone = 1_000_000.0, 50.0, "Europe/Amsterdam"

    def watch(self) -> WakeWatch:
        return WakeWatch(
            lambda: self.zone,
            interval_ms=3_600_000,
            wall=lambda: self.wall,
            monotonic=lambda: self.mono,
        )


def test_logind_resume_is_reported(qtbot: QtBot, logind: object) -> None:
    watch = Clocks().watch()
    assert watch.logind
    with qtbot.waitSignal(watch.suspending, timeout=3000):
        prepare_for_sleep(logind, True)
    with qtbot.waitSignal(watch.moved, timeout=3000) as moved:
        prepare_for_sleep(logind, False)
    assert moved.args == ["resume"]


def test_a_quiet_heartbeat_says_nothing(qtbot: QtBot) -> None:
    clocks = Clocks()
    watch = clocks.watch()
    clocks.wall += 60.2
    clocks.mono += 60.0
    with qtbot.assertNotEmitted(watch.moved):
        watch.beat()


def test_a_sleep_without_logind_is_seen_by_the_heartbeat(qtbot: QtBot) -> None:
    # Monotonic time stands still while suspended; the wall clock does not.
    clocks = Clocks()
    watch = clocks.watch()
    clocks.wall += 3 * 3600
    clocks.mono += 60
    with qtbot.waitSignal(watch.moved) as moved:
        watch.beat()
    assert moved.args == ["clock"]
    clocks.wall += 60
    clocks.mono += 60
    with qtbot.assertNotEmitted(watch.moved):
        watch.beat()


def test_the_clock_set_back_is_seen(qtbot: QtBot) -> None:
    clocks = Clocks()
    watch = clocks.watch()
    clocks.wall -= 3600
    with qtbot.waitSignal(watch.moved) as moved:
        watch.beat()
    assert moved.args == ["clock"]


def test_a_zone_change_is_seen_once(qtbot: QtBot) -> None:
    clocks = Clocks()
    watch = clocks.watch()
    clocks.zone = "America/New_York"
    with qtbot.waitSignal(watch.moved) as moved:
        watch.beat()
    assert moved.args == ["zone"]
    with qtbot.assertNotEmitted(watch.moved):
        watch.beat()
