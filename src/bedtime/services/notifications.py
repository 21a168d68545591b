"""Notifications: one small interface, and where each reminder or notice is shown.

- The desktop's notification server, over the freedesktop D-Bus interface (`DesktopNotifier`
  below), with buttons where the server has actions.
- The app's own popup (ui/tray/popup_notifier.py), where there is no server, or one without
  buttons, or the settings ask for it.

`pick` chooses between them for every reminder and notice, so a server that comes (or comes
back) after the app started takes over from the popup at the next one.

QtDBus cannot be used: it sends Python ints as `i`, so daemons reject `Notify`
(`susssasa{sv}i`). jeepney sends the exact signature instead.

Signals are received on the same connection that sent `Notify`: dunst delivers
`ActionInvoked` and `NotificationClosed` only to the caller (unicast), while GNOME and
others broadcast them, so we both add a bus match and filter our own connection.
The connection is blocking and lives on the Qt main thread; a `QSocketNotifier` tells us
when the daemon has written something, and every method call is bounded by a short
timeout so that a hung daemon cannot freeze the interface for long.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QSocketNotifier, Signal, SignalInstance

from ..paths import APP_ID

if TYPE_CHECKING:
    from jeepney import Message
    from jeepney.io.blocking import DBusConnection

try:
    # jeepney is only installed on Linux; elsewhere the app uses its own popup.
    from jeepney import DBusAddress, HeaderFields, MatchRule, message_bus, new_method_call
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.wrappers import DBusErrorResponse, unwrap_msg
except ImportError:  # pragma: no cover - exercised in a subprocess test
    HAVE_JEEPNEY = False
else:
    HAVE_JEEPNEY = True

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
NOTIFY_SIGNATURE = "susssasa{sv}i"

# Long enough for any healthy daemon, short enough that a hung one is only a hiccup.
DEFAULT_TIMEOUT = 2.0

# What can go wrong talking to the bus: an error reply, no reply in time, or the bus
# connection dropped (reset, broken pipe, closed socket).
_CALL_ERRORS: tuple[type[BaseException], ...] = (TimeoutError, OSError, ValueError)
if HAVE_JEEPNEY:
    _CALL_ERRORS = (DBusErrorResponse, *_CALL_ERRORS)


class Notifier(Protocol):
    """Somewhere to show a reminder with buttons, or a notice, until it is answered or closed.

    What becomes of what it showed comes back on its signals, by the id `notify` returned.
    """

    @property
    def action_invoked(self) -> SignalInstance: ...  # notification id, action key

    @property
    def closed(self) -> SignalInstance: ...  # notification id, reason (2: dismissed)

    @property
    def server_lost(self) -> SignalInstance: ...  # all it showed is gone (its server left)

    def ready(self, *, actions: bool) -> bool:
        """Whether it can show something now; with ACTIONS, with its buttons."""
        ...

    def notify(
        self,
        summary: str,
        body: str,
        actions: Sequence[tuple[str, str]] = (),
        *,
        replaces_id: int = 0,
        urgency: int = 1,
        expire_ms: int = -1,
        resident: bool = False,
    ) -> int | None:
        """Show it (in place of REPLACES_ID); its id, or None when it could not be shown."""
        ...

    def close(self, notification_id: int) -> None: ...


def pick(
    desktop: Notifier | None, popup: Notifier, *, popup_asked: bool, actions: bool
) -> tuple[Notifier, ...]:
    """Where to show a reminder (ACTIONS: it needs its buttons) or a notice, best first.

    The desktop's server unless the settings ask for the popup (POPUP_ASKED), there is no
    session bus, or its server cannot show buttons a reminder needs; the popup always comes
    last, as it never fails: a server that fails to show it leaves it to the popup.
    """
    if popup_asked or desktop is None or not desktop.ready(actions=actions):
        return (popup,)
    return (desktop, popup)


# -- the desktop's notification server -----------------------------------------------------


class DesktopNotifier(QObject):
    """One jeepney connection to the session bus, driven by the Qt event loop.

    Build it with :meth:`connect`; it returns None when there is no session bus, so the
    caller can fall back to its own popup. With a bus but no notification server yet (the
    desktop starts one after Bedtime), it watches the bus for one and uses it once it comes.
    """

    action_invoked = Signal(int, str)  # notification id, action key
    # notification id, reason: 1 expired, 2 dismissed, 3 closed by call, 4 undefined
    closed = Signal(int, int)
    # The notification server left the bus (it crashed, or the desktop restarts it): what it
    # showed is gone. Its successor (or a first server, when there was none at start) is asked
    # what it can do as it takes the name, and called from then on.
    server_lost = Signal()

    def __init__(
        self,
        conn: DBusConnection,
        app_name: str,
        parent: QObject | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        super().__init__(parent)
        self._conn: DBusConnection | None = conn
        self._app_name = app_name
        self._timeout = timeout
        self._address = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
        self._own_ids: set[int] = set()
        self.capabilities: list[str] = []
        self.has_server = False  # whether a server answered, and has not left since

        rule = MatchRule(type="signal", interface=INTERFACE, path=OBJECT_PATH)
        # Signals read from the socket while a method call waits for its reply land here
        # too, so none are lost between the call and the next socket notification.
        self._queue: deque[Message] = deque()
        self._filter = conn.filter(rule, queue=self._queue)
        self._match = rule
        owner = MatchRule(
            type="signal",
            sender="org.freedesktop.DBus",
            interface="org.freedesktop.DBus",
            member="NameOwnerChanged",
            path="/org/freedesktop/DBus",
        )
        owner.add_arg_condition(0, BUS_NAME)
        self._owner_filter = conn.filter(owner, queue=self._queue)
        self._owner_match = owner
        self._notifier = QSocketNotifier(conn.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    @classmethod
    def connect(  # type: ignore[override]
        cls,
        app_name: str = "Bedtime",
        parent: QObject | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> DesktopNotifier | None:
        """Connect to the session bus and ask the notification server what it can do.

        Returns None, without raising, when there is no session bus to use.
        """
        if not HAVE_JEEPNEY:
            return None
        try:
            conn = open_dbus_connection("SESSION", auth_timeout=timeout)
        except Exception as exc:  # no bus, refused, bad address: all mean "no notifications"
            log.info("no session bus for notifications: %s", exc)
            return None
        notifier = cls(conn, app_name, parent, timeout)
        try:
            # Broadcasting daemons only reach connections that asked. No sender in the
            # rule: signals come from the daemon's unique name, not the well-known one.
            notifier._call_raw(message_bus.AddMatch(notifier._match))
            notifier._call_raw(message_bus.AddMatch(notifier._owner_match))
        except Exception as exc:  # a bus that will not even take a match rule is no use
            log.info("the session bus refused to watch for notifications: %s", exc)
            notifier.shutdown()
            notifier.setParent(None)
            notifier.deleteLater()
            return None
        if not notifier._ask_server():
            log.info("no notification server yet: watching the session bus for one")
        return notifier

    def _ask_server(self) -> bool:
        """Ask the server that has the name what it can do; whether one answered."""
        try:
            caps = self._call("GetCapabilities")
            self.capabilities = [str(c) for c in caps[0]] if caps is not None else []
        except Exception as exc:  # a daemon that is missing or broken is the same to the user
            log.info("no notification server: %s", exc)
            caps = None
        self.has_server = caps is not None
        return self.has_server

    @property
    def supports_actions(self) -> bool:
        return "actions" in self.capabilities

    def ready(self, *, actions: bool) -> bool:
        # Without a server right now it may still be ready: notify asks for one first.
        return self.connected and (self.supports_actions or not actions)

    @property
    def connected(self) -> bool:
        """False once the bus connection has gone away or :meth:`shutdown` was called."""
        return self._conn is not None

    @property
    def unique_name(self) -> str | None:
        """Our name on the bus, the destination of signals sent only to us."""
        return self._conn.unique_name if self._conn is not None else None

    def notify(
        self,
        summary: str,
        body: str,
        actions: Sequence[tuple[str, str]] = (),
        *,
        replaces_id: int = 0,
        urgency: int = 1,
        expire_ms: int = -1,
        resident: bool = False,
        icon: str = APP_ID,
    ) -> int | None:
        """Show a notification; returns its id, or None when it could not be shown.

        `actions` are (key, label) pairs; they are left out when the server cannot show
        them, so the caller must offer the same choices elsewhere. The key "default" is what
        a click on the notification itself invokes. `urgency` is 0 low, 1 normal, 2
        critical; `expire_ms` -1 leaves the time on screen to the server, 0 keeps it until
        closed. `resident` asks the server to keep it after an action, until it is closed.
        """
        # A server may have taken the name since the bus last said so (the event loop has
        # not turned yet): ask first, rather than miss it for one reminder.
        if not self.has_server and not self._ask_server():
            return None  # the caller shows its own popup
        flat = [s for pair in actions for s in pair] if self.supports_actions else []
        hints: dict[str, tuple[str, int | str | bool]] = {  # D-Bus variants: (signature, value)
            "urgency": ("y", urgency),
            "desktop-entry": ("s", APP_ID),
        }
        if resident:
            hints["resident"] = ("b", True)
        args = (self._app_name, replaces_id, icon, summary, body, flat, hints, expire_ms)
        try:
            reply = self._call_raw(
                new_method_call(self._address, "Notify", NOTIFY_SIGNATURE, args),
                dispatch=False,
            )
        except _CALL_ERRORS as exc:
            log.warning("notification not shown: %s", exc)
            self._dispatch()
            return None
        if reply is None:
            return None
        notification_id = int(reply[0])
        # Recorded before dispatching, so a signal for it that came in with the reply counts.
        self._own_ids.add(notification_id)
        self._dispatch()
        return notification_id

    def close(self, notification_id: int) -> None:
        """Withdraw a notification; it may be gone already, which is fine."""
        try:
            self._call("CloseNotification", "u", (notification_id,))
        except _CALL_ERRORS as exc:
            log.info("closing notification %d: %s", notification_id, exc)

    def shutdown(self) -> None:
        """Release the bus connection; later calls to :meth:`notify` return None."""
        if self._conn is None:
            return
        # The notifier must stop watching before its descriptor is closed.
        self._notifier.setEnabled(False)
        self._notifier.deleteLater()
        self._filter.close()
        self._owner_filter.close()
        self._conn.close()
        self._conn = None
        self._queue.clear()
        self._own_ids.clear()

    # -- bus plumbing --------------------------------------------------------------

    def _call(
        self, method: str, signature: str | None = None, body: tuple[object, ...] = ()
    ) -> tuple[Any, ...] | None:
        return self._call_raw(new_method_call(self._address, method, signature, body))

    def _call_raw(self, message: Message, *, dispatch: bool = True) -> tuple[Any, ...] | None:
        """Send a method call and return the reply's body (None when disconnected).

        Raises DBusErrorResponse or TimeoutError; a dropped connection is noted and
        re-raised as OSError.
        """
        if self._conn is None:
            return None
        try:
            reply = self._conn.send_and_get_reply(message, timeout=self._timeout)
        except TimeoutError:
            # The daemon is slow or hung, but the bus is fine: its late reply is dropped.
            raise
        except (OSError, ValueError):
            # ValueError: the socket was already closed underneath us.
            self._lost()
            raise
        finally:
            if dispatch:
                self._dispatch()
        result: tuple[Any, ...] = unwrap_msg(reply)
        return result

    def _drain(self) -> None:
        """Read everything the daemon sent, then hand it out."""
        if self._conn is None:
            return
        try:
            # Read until nothing is left in the socket *and* in jeepney's buffer: once the
            # bytes are buffered the socket is no longer readable and would not wake us.
            while True:
                self._conn.recv_messages(timeout=0)
        except TimeoutError:
            pass
        except (OSError, ValueError) as exc:
            log.warning("session bus went away: %s", exc)
            self._lost()
        self._dispatch()

    def _owner_changed(self, new_owner: str) -> None:
        if new_owner:
            if self._ask_server():
                log.info("a notification server is on the session bus: using it")
            return
        log.warning("the notification server left the session bus")
        # Its capabilities stay: the app's popup then stands in for it (notify returns None),
        # and gives the reminder back to the next server.
        self.has_server = False
        self._own_ids.clear()  # a successor knows nothing of them
        self.server_lost.emit()

    def _lost(self) -> None:
        if self._conn is not None:
            self.shutdown()

    def _dispatch(self) -> None:
        # Slots may call notify() or close(), which dispatch too: popping one at a time
        # keeps every signal delivered once and in order.
        while self._queue:
            msg = self._queue.popleft()
            member = msg.header.fields.get(HeaderFields.member)
            if member == "NameOwnerChanged":
                if len(msg.body) == 3 and msg.body[0] == BUS_NAME:
                    self._owner_changed(new_owner=str(msg.body[2]))
                continue
            if member not in ("ActionInvoked", "NotificationClosed") or len(msg.body) < 2:
                continue
            notification_id = int(msg.body[0])
            # Broadcasting daemons tell us about every application's notifications.
            if notification_id not in self._own_ids:
                continue
            if member == "ActionInvoked":
                self.action_invoked.emit(notification_id, str(msg.body[1]))
            else:
                self._own_ids.discard(notification_id)
                self.closed.emit(notification_id, int(msg.body[1]))
