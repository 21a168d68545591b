from typing import Any

from .low_level import Message

class DBusAddress:
    object_path: str
    bus_name: str | None
    interface: str | None
    def __init__(
        self, object_path: str, bus_name: str | None = None, interface: str | None = None
    ) -> None: ...

def new_method_call(
    remote_obj: DBusAddress, method: str, signature: str | None = None, body: tuple[Any, ...] = ()
) -> Message: ...

class DBusErrorResponse(Exception):
    name: str
    data: tuple[Any, ...]
    def __init__(self, msg: Message) -> None: ...

def unwrap_msg(msg: Message) -> tuple[Any, ...]: ...
