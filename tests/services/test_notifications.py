"""DesktopNotifier against python-dbusmock's notification daemon on the private session bus.

dbusmock converts incoming arguments to the types it was told to expect, so the wire
signature is checked on a bus monitor, and what the mock recorded only shows the values.
"""

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import dbus
import pytest
from dbusmock import MOCK_IFACE, BusType, PrivateDBus, SpawnedMock
from jeepney import HeaderFields, MatchRule, Message
from jeepney.bus_messages import Monitoring
from jeepney.io.blocking import open_dbus_connection
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from bedtime.paths import APP_ID
from bedtime.services.notifications import INTERFACE, DesktopNotifier, pick
from bedtime.ui.tray.popup_notifier import PopupNotifier
from tests.conftest import SpawnDaemon, wait_until_released

ACTIONS = [("taken", "Taken"), ("snooze", "Snooze 10 min")]

MakeNotifier = Callable[..., DesktopNotifier]


@pytest.fixture
def daemon(spawn_daemon: SpawnDaemon) -> Any:
    """The mock's D-Bus object, with the template's default 'body actions' capabilities."""
    return spawn_daemon().obj


@pytest.fixture
def make_notifier(qtbot: QtBot) -> Iterator[MakeNotifier]:
    # Parents are kept too: a parent collected at the end of a test would delete its
    # notifier before shutdown() gets to it.
    made: list[tuple[DesktopNotifier, QObject | None]] = []

    def make(**kwargs: Any) -> DesktopNotifier:
        notifier = DesktopNotifier.connect(**kwargs)
        assert notifier is not None
        made.append((notifier, kwargs.get("parent")))
        return notifier

    yield make
    for notifier, _parent in made:
        notifier.shutdown()


def emit(daemon: Any, name: str, nid: int, arg: Any, destination: str | None = None) -> None:
    """Have the mock daemon send ActionInvoked(us) or NotificationClosed(uu)."""
    signature = "us" if name == "ActionInvoked" else "uu"
    args = [dbus.UInt32(nid), arg]
    if destination is None:
        daemon.EmitSignal(INTERFACE, name, signature, args, dbus_interface=MOCK_IFACE)
    else:
        daemon.EmitSignalDetailed(
            INTERFACE,
            name,
            signature,
            args,
            {"destination": destination},
            dbus_interface=MOCK_IFACE,
        )


def notify_calls(daemon: Any) -> list[Any]:
    return [args for _, args in daemon.GetMethodCalls("Notify", dbus_interface=MOCK_IFACE)]


def record(signal: Any) -> list[tuple[Any, ...]]:
    seen: list[tuple[Any, ...]] = []
    signal.connect(lambda *args: seen.append(args))
    return seen


def sent_on_the_wire(send: Callable[[], object]) -> Message:
    """The Notify call that SEND makes, as a bus monitor sees it (types included)."""
    monitor = open_dbus_connection("SESSION")
    try:
        rule = MatchRule(type="method_call", interface=INTERFACE, member="Notify")
        monitor.send_and_get_reply(Monitoring().BecomeMonitor([rule.serialise()]), timeout=2)
        send()
        deadline = time.monotonic() + 2
        while True:
            msg = monitor.receive(timeout=max(0.0, deadline - time.monotonic()))
            if msg.header.fields.get(HeaderFields.member) == "Notify":
                return msg
    finally:
        monitor.close()


def test_connect_reads_capabilities(daemon: Any, make_notifier: MakeNotifier) -> None:
    parent = QObject()
    notifier = make_notifier(parent=parent)
    assert notifier.parent() is parent
    assert notifier.capabilities == ["body", "actions"]
    assert notifier.supports_actions
    assert notifier.connected
    assert notifier.unique_name and notifier.unique_name.startswith(":")


def test_notify_sends_actions_with_the_right_types(
    daemon: Any, make_notifier: MakeNotifier
) -> None:
    notifier = make_notifier(app_name="Bedtime")
    nids: list[int | None] = []
    msg = sent_on_the_wire(
        lambda: nids.append(
            notifier.notify(
                "Magnesium", "Time for 300 mg", ACTIONS, urgency=2, expire_ms=5000, icon="moon"
            )
        )
    )
    assert nids == [1]
    assert msg.header.fields[HeaderFields.signature] == "susssasa{sv}i"
    assert msg.body == (
        "Bedtime",
        0,
        "moon",
        "Magnesium",
        "Time for 300 mg",
        ["taken", "Taken", "snooze", "Snooze 10 min"],
        {"urgency": ("y", 2), "desktop-entry": ("s", APP_ID)},
        5000,
    )

    (call,) = notify_calls(daemon)
    assert list(call[5]) == ["taken", "Taken", "snooze", "Snooze 10 min"]
    assert call[6]["urgency"] == 2 and call[6]["desktop-entry"] == APP_ID


def test_a_resident_notification_that_never_expires(
    daemon: Any, make_notifier: MakeNotifier
) -> None:
    """What a reminder sends: expire timeout 0, `resident` as a boolean, a default action."""
    notifier = make_notifier()
    msg = sent_on_the_wire(
        lambda: notifier.notify(
            "Magnesium", "now", [*ACTIONS, ("default", "Open")], expire_ms=0, resident=True
        )
    )
    assert msg.body[5][-2:] == ["default", "Open"]
    assert msg.body[6]["resident"] == ("b", True)
    assert msg.body[7] == 0
    (call,) = notify_calls(daemon)
    assert call[6]["resident"] == 1 and call[7] == 0


def test_notify_replaces_an_earlier_notification(daemon: Any, make_notifier: MakeNotifier) -> None:
    notifier = make_notifier()
    first = notifier.notify("Magnesium", "in 30 minutes")
    assert first is not None
    assert notifier.notify("Magnesium", "now", replaces_id=first) == first
    assert [int(call[1]) for call in notify_calls(daemon)] == [0, first]


def test_broadcast_action_reaches_action_invoked(
    qtbot: QtBot, daemon: Any, make_notifier: MakeNotifier
) -> None:
    notifier = make_notifier()
    nid = notifier.notify("Magnesium", "Time for 300 mg", ACTIONS)
    assert nid is not None
    with qtbot.waitSignal(notifier.action_invoked, timeout=2000) as blocker:
        emit(daemon, "ActionInvoked", nid, "taken")
    assert blocker.args == [nid, "taken"]


def test_unicast_action_reaches_action_invoked(
    qtbot: QtBot, daemon: Any, make_notifier: MakeNotifier
) -> None:
    """dunst sends the action only to the connection that called Notify."""
    notifier = make_notifier()
    nid = notifier.notify("Magnesium", "Time for 300 mg", ACTIONS)
    assert nid is not None
    with qtbot.waitSignal(notifier.action_invoked, timeout=2000) as blocker:
        emit(daemon, "ActionInvoked", nid, "snooze", destination=notifier.unique_name)
    assert blocker.args == [nid, "snooze"]


def test_signal_read_during_a_method_call_is_delivered_at_once(
    daemon: Any, make_notifier: MakeNotifier
) -> None:
    """The call reads the signal into the connection's buffer, where the socket
    notifier would never see it: it must be handed out when the call returns."""
    notifier = make_notifier()
    nid = notifier.notify("Magnesium", "first", ACTIONS)
    assert nid is not None
    seen = record(notifier.action_invoked)
    emit(daemon, "ActionInvoked", nid, "taken")
    notifier.notify("Magnesium", "second")  # no event loop turn in between
    assert seen == [(nid, "taken")]


def test_signals_for_other_applications_are_ignored(
    qtbot: QtBot, daemon: Any, make_notifier: MakeNotifier
) -> None:
    notifier = make_notifier()
    nid = notifier.notify("Magnesium", "Time for 300 mg", ACTIONS)
    assert nid is not None
    actions = record(notifier.action_invoked)
    closes = record(notifier.closed)

    emit(daemon, "ActionInvoked", nid + 40, "taken")
    emit(daemon, "NotificationClosed", nid + 40, dbus.UInt32(2))
    emit(daemon, "ActionInvoked", nid, "skip")  # arrives after the foreign ones
    qtbot.waitUntil(lambda: bool(actions), timeout=2000)

    assert actions == [(nid, "skip")]
    assert closes == []


def test_closed_is_reported_and_the_id_forgotten(
    qtbot: QtBot, daemon: Any, make_notifier: MakeNotifier
) -> None:
    notifier = make_notifier()
    nid = notifier.notify("Magnesium", "Time for 300 mg", ACTIONS)
    assert nid is not None
    with qtbot.waitSignal(notifier.closed, timeout=2000) as blocker:
        emit(daemon, "NotificationClosed", nid, dbus.UInt32(2))
    assert blocker.args == [nid, 2]

    # The daemon may hand the id to another application now.
    actions = record(notifier.action_invoked)
    emit(daemon, "ActionInvoked", nid, "taken")
    with qtbot.assertNotEmitted(notifier.action_invoked, wait=200):
        pass
    assert actions == []


def test_close_asks_the_daemon_and_reports_closed(
    qtbot: QtBot, daemon: Any, make_notifier: MakeNotifier
) -> None:
    notifier = make_notifier()
    nid = notifier.notify("Magnesium", "Time for 300 mg")
    assert nid is not None
    with qtbot.waitSignal(notifier.closed, timeout=2000) as blocker:
        notifier.close(nid)  # the mock answers with NotificationClosed(id, 1)
    assert blocker.args == [nid, 1]
    (call,) = daemon.GetMethodCalls("CloseNotification", dbus_interface=MOCK_IFACE)
    assert int(call[1][0]) == nid


def test_no_actions_capability_sends_no_actions(
    spawn_daemon: SpawnDaemon, make_notifier: MakeNotifier
) -> None:
    daemon = spawn_daemon("body").obj
    notifier = make_notifier()
    assert not notifier.supports_actions
    assert notifier.notify("Magnesium", "Time for 300 mg", ACTIONS) == 1
    (call,) = notify_calls(daemon)
    assert list(call[5]) == []


def test_no_server_yet_and_one_that_comes_later(
    qtbot: QtBot, spawn_daemon: SpawnDaemon, make_notifier: MakeNotifier
) -> None:
    notifier = make_notifier()
    assert (notifier.has_server, notifier.supports_actions) == (False, False)
    assert notifier.notify("Magnesium", "Time for 300 mg", ACTIONS) is None

    # The desktop starts its server after Bedtime: it is asked what it can do, and used.
    daemon = spawn_daemon().obj
    qtbot.waitUntil(lambda: notifier.supports_actions, timeout=3000)
    assert notifier.notify("Magnesium", "Time for 300 mg", ACTIONS) == 1
    assert list(notify_calls(daemon)[0][5]) == ["taken", "Taken", "snooze", "Snooze 10 min"]


def test_the_chooser_takes_the_server_unless_the_popup_is_asked_for_or_needed(
    qtbot: QtBot, spawn_daemon: SpawnDaemon, make_notifier: MakeNotifier
) -> None:
    popup = PopupNotifier(lambda: None)
    notifier = make_notifier()

    def where(*, popup_asked: bool, actions: bool) -> list[str]:
        chosen = pick(notifier, popup, popup_asked=popup_asked, actions=actions)
        return ["popup" if n is popup else "desktop" for n in chosen]

    # No server yet: a notice is tried on the bus all the same (notify asks for a server
    # first); a reminder needs buttons no server has offered yet.
    assert where(popup_asked=False, actions=False) == ["desktop", "popup"]
    assert where(popup_asked=False, actions=True) == ["popup"]

    spawn_daemon("body")  # a server without buttons: notices only
    qtbot.waitUntil(lambda: notifier.has_server, timeout=3000)
    assert where(popup_asked=False, actions=True) == ["popup"]
    assert where(popup_asked=False, actions=False) == ["desktop", "popup"]
    assert where(popup_asked=True, actions=False) == ["popup"]

    notifier.shutdown()  # the session bus went away: the popup only
    assert where(popup_asked=False, actions=False) == ["popup"]
    assert pick(None, popup, popup_asked=False, actions=False) == (popup,)


def test_a_server_with_buttons_that_comes_later_is_chosen_for_reminders(
    qtbot: QtBot, spawn_daemon: SpawnDaemon, make_notifier: MakeNotifier
) -> None:
    popup = PopupNotifier(lambda: None)
    notifier = make_notifier()
    assert pick(notifier, popup, popup_asked=False, actions=True) == (popup,)
    spawn_daemon("body actions")
    qtbot.waitUntil(lambda: notifier.supports_actions, timeout=3000)
    assert pick(notifier, popup, popup_asked=False, actions=True) == (notifier, popup)
    assert pick(notifier, popup, popup_asked=True, actions=True) == (popup,)


def test_no_session_bus(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    # Without the variable jeepney would look for the user's bus; make sure there is none.
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert DesktopNotifier.connect() is None
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/nothing-here")
    assert DesktopNotifier.connect() is None


def test_server_killed_after_connect(
    qtbot: QtBot, spawn_daemon: SpawnDaemon, make_notifier: MakeNotifier
) -> None:
    mock = spawn_daemon()
    notifier = make_notifier()
    mock.process.kill()
    mock.process.wait()
    wait_until_released("org.freedesktop.Notifications")

    assert notifier.notify("Magnesium", "Time for 300 mg", ACTIONS) is None
    notifier.close(1)  # nothing to close, and no error either
    assert notifier.connected  # the bus is fine: a restarted daemon will be used again


def test_hung_server_only_costs_the_timeout(
    qtbot: QtBot, daemon: Any, make_notifier: MakeNotifier
) -> None:
    daemon.AddMethod(
        INTERFACE,
        "Notify",
        "susssasa{sv}i",
        "u",
        "if args[3] == 'hang': time.sleep(1)\nret = 7",
        dbus_interface=MOCK_IFACE,
    )
    notifier = make_notifier(timeout=0.3)

    start = time.monotonic()
    assert notifier.notify("hang", "no answer in time") is None
    assert time.monotonic() - start < 0.9

    # The late answer to the first call must not be taken for the second one's.
    qtbot.wait(800)
    assert notifier.notify("Magnesium", "answered") == 7


def test_bus_going_away_disables_the_notifier(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bus of its own: the shared one must outlive this test. PrivateDBus sets the
    # variable directly, monkeypatch puts the shared bus's address back afterwards.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", os.environ["DBUS_SESSION_BUS_ADDRESS"])
    bus = PrivateDBus(BusType.SESSION)
    bus.start()
    try:
        mock = SpawnedMock.spawn_with_template("notification_daemon", {"capabilities": "body"})
        notifier = DesktopNotifier.connect()
        assert notifier is not None
        assert notifier.notify("Magnesium", "before") == 1
    finally:
        bus.stop()
    mock.terminate()

    qtbot.waitUntil(lambda: not notifier.connected, timeout=2000)
    assert notifier.notify("Magnesium", "after") is None
    notifier.close(1)


def test_bus_gone_before_the_event_loop_noticed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", os.environ["DBUS_SESSION_BUS_ADDRESS"])
    bus = PrivateDBus(BusType.SESSION)
    bus.start()
    try:
        mock = SpawnedMock.spawn_with_template("notification_daemon", {"capabilities": "body"})
        notifier = DesktopNotifier.connect()
        assert notifier is not None
    finally:
        bus.stop()
    mock.terminate()

    assert notifier.notify("Magnesium", "after") is None  # no event loop turn in between
    assert not notifier.connected
    assert notifier.notify("Magnesium", "again") is None


def test_imports_and_declines_without_jeepney() -> None:
    """jeepney is a Linux-only dependency; elsewhere connect() just says no."""
    code = (
        "import sys; sys.modules['jeepney'] = None\n"
        "from bedtime.services.notifications import DesktopNotifier, HAVE_JEEPNEY\n"
        "assert not HAVE_JEEPNEY\n"
        "assert DesktopNotifier.connect() is None\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
