from .low_level import Message

class MatchRule:
    def __init__(
        self,
        *,
        type: str | None = None,
        sender: str | None = None,
        interface: str | None = None,
        member: str | None = None,
        path: str | None = None,
        path_namespace: str | None = None,
        destination: str | None = None,
        eavesdrop: bool = False,
    ) -> None: ...
    def add_arg_condition(self, argno: int, value: str, kind: str = "string") -> None: ...

class DBus:
    def AddMatch(self, rule: MatchRule | str) -> Message: ...

message_bus: DBus
