import socket
from collections import deque
from types import TracebackType
from typing import Self

from ..bus_messages import MatchRule
from ..low_level import Message

class FilterHandle:
    rule: MatchRule
    queue: deque[Message]
    def close(self) -> None: ...
    def __enter__(self) -> deque[Message]: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> bool: ...

class DBusConnection:
    sock: socket.socket
    unique_name: str
    def send(self, message: Message, serial: int | None = None) -> None: ...
    def receive(self, *, timeout: float | None = None) -> Message: ...
    def recv_messages(self, *, timeout: float | None = None) -> None: ...
    def send_and_get_reply(self, message: Message, *, timeout: float | None = None) -> Message: ...
    def filter(
        self, rule: MatchRule, *, queue: deque[Message] | None = None, bufsize: int = 1
    ) -> FilterHandle: ...
    def recv_until_filtered(
        self, queue: deque[Message], *, timeout: float | None = None
    ) -> Message: ...
    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None: ...

def open_dbus_connection(
    bus: str = "SESSION", enable_fds: bool = False, auth_timeout: float = 1.0
) -> DBusConnection: ...
