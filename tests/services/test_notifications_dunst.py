"""DesktopNotifier against a real dunst, the daemon that sends actions only to the caller.

dbusmock accepts arguments of any compatible type and broadcasts its signals, so it cannot
show that a real daemon takes our Notify call and that its button presses reach us. Here
dunst runs on an Xvfb display and a bus of its own; its context menu goes through a
stand-in for dmenu that picks the "Taken" line, which is what a person choosing that
button does.
"""

import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from dbusmock import BusType, PrivateDBus
from pytestqt.qtbot import QtBot

from bedtime.services.notifications import DesktopNotifier

pytestmark = pytest.mark.desktop

NEEDED = ("Xvfb", "dunst", "dunstctl", "dbus-send")
missing = [name for name in NEEDED if shutil.which(name) is None]
if missing:
    pytestmark = [
        pytest.mark.desktop,
        pytest.mark.skip(reason=f"needs {', '.join(missing)} (apt-get install xvfb dunst)"),
    ]

DMENU = """#!/bin/sh
# dunst writes one line per action ("#Taken (Magnesium) [1,taken]") and runs the one
# printed back.
tee '{log}' | grep -m1 Taken
"""

# Short timeouts, as a desktop's may be: a notification sent to stay must outlast them.
DUNSTRC = """[global]
    dmenu = {dmenu}
[urgency_low]
    timeout = 1
[urgency_normal]
    timeout = 1
[urgency_critical]
    timeout = 1
"""


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def display(tmp_path: Path) -> Iterator[str]:
    """An Xvfb server on a display number it picks itself, so parallel runs don't clash."""
    read_end, write_end = os.pipe()
    log = (tmp_path / "xvfb.log").open("wb")
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "800x600x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], 15)
        number = os.read(read_end, 64).decode().strip() if ready else ""
        assert number.isdigit(), f"Xvfb did not start: {(tmp_path / 'xvfb.log').read_text()}"
        yield f":{number}"
    finally:
        os.close(read_end)
        _stop(xvfb)
        log.close()


@dataclass
class Dunst:
    env: dict[str, str]
    dmenu_input: Path
    log: Path

    def ctl(self, *args: str) -> str:
        result = subprocess.run(
            ["dunstctl", *args], env=self.env, capture_output=True, text=True, timeout=10
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()


@pytest.fixture
def dunst(display: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Dunst]:
    """dunst on a private session bus, which this test process then uses too.

    The shared test bus is left alone: dunst must be the only notification server here.
    """
    # PrivateDBus sets the variable itself; monkeypatch restores the shared bus afterwards.
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", os.environ["DBUS_SESSION_BUS_ADDRESS"])
    bus = PrivateDBus(BusType.SESSION)
    bus.start()

    dmenu = tmp_path / "dmenu.sh"
    dmenu_input = tmp_path / "dmenu-input.txt"
    dmenu.write_text(DMENU.format(log=dmenu_input))
    dmenu.chmod(0o755)
    config = tmp_path / "dunstrc"
    config.write_text(DUNSTRC.format(dmenu=dmenu))

    env = {k: v for k, v in os.environ.items() if k != "WAYLAND_DISPLAY"}
    env |= {
        "DISPLAY": display,
        "DBUS_SESSION_BUS_ADDRESS": bus.address,
        # Keep the user's own dunstrc and its drop-ins out of it.
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    log = tmp_path / "dunst.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["dunst", "-config", str(config)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        yield Dunst(env, dmenu_input, log)
    finally:
        _stop(proc)
        bus.stop()


def _connect_when_ready(dunst: Dunst) -> DesktopNotifier:
    deadline = time.monotonic() + 10
    while True:
        notifier = DesktopNotifier.connect()
        if notifier is not None and notifier.has_server:
            return notifier
        if notifier is not None:
            notifier.shutdown()
        assert time.monotonic() < deadline, f"dunst never answered: {dunst.log.read_text()}"
        time.sleep(0.1)


def test_dunst_shows_the_notification_and_reports_the_chosen_action(
    qtbot: QtBot, dunst: Dunst
) -> None:
    notifier = _connect_when_ready(dunst)
    try:
        assert notifier.supports_actions

        nid = notifier.notify(
            "Magnesium",
            "Time for 300 mg",
            [("taken", "Taken"), ("snooze", "Snooze 10 min")],
            expire_ms=0,
        )

        assert nid is not None and nid > 0
        qtbot.waitUntil(lambda: dunst.ctl("count", "displayed") == "1", timeout=5000)

        with qtbot.waitSignal(notifier.action_invoked, timeout=5000) as blocker:
            dunst.ctl("context")
        assert blocker.args == [nid, "taken"], dunst.log.read_text()
        assert f"[{nid},taken]" in dunst.dmenu_input.read_text()

        # dunst leaves the notification up after an action: the app withdraws it.
        assert dunst.ctl("count", "displayed") == "1"
        with qtbot.waitSignal(notifier.closed, timeout=5000) as blocker:
            notifier.close(nid)
        assert blocker.args == [nid, 3]  # closed by a call
        assert dunst.ctl("count", "displayed") == "0"
    finally:
        notifier.shutdown()


def test_dunst_keeps_a_reminder_and_a_click_invokes_its_default_action(
    qtbot: QtBot, dunst: Dunst
) -> None:
    """A reminder as the app sends it outlasts dunst's timeout, and dunst's "do action" (a
    middle click by default, or `dunstctl action`) opens it without dunst's menu."""
    notifier = _connect_when_ready(dunst)
    try:
        nid = notifier.notify(
            "Magnesium",
            "Time for 300 mg",
            [("taken", "Taken"), ("snooze", "Snooze 10 min"), ("default", "Open the reminder")],
            expire_ms=0,
            resident=True,
        )
        assert nid is not None
        qtbot.waitUntil(lambda: dunst.ctl("count", "displayed") == "1", timeout=5000)
        qtbot.wait(2500)  # more than dunst's own timeout of 1 s
        assert dunst.ctl("count", "displayed") == "1", dunst.log.read_text()

        with qtbot.waitSignal(notifier.action_invoked, timeout=5000) as blocker:
            dunst.ctl("action", "0")
        assert blocker.args == [nid, "default"], dunst.log.read_text()
        assert not dunst.dmenu_input.exists()  # straight to the action, no menu
    finally:
        notifier.shutdown()
