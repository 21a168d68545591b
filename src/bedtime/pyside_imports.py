"""Importing after PySide6 without its source cache.

Once PySide6 is loaded, it asks of every module imported (and of every one imported before)
whether its source mentions "PySide6", for its `__feature__` switches (PYSIDE-2029). It asks
through inspect.getsource, which keeps every line of every module in linecache for the life
of the process: about 7 MiB of a tray app that runs all day, and time at every start. The
same question is asked here of the file's bytes, which are then let go. Bedtime uses no
`__feature__`; the answers are the same.
"""

import sys
from types import ModuleType


def check_sources_without_keeping_them() -> None:
    """Call before the first `from PySide6... import`; harmless where PySide6 differs."""
    import PySide6  # noqa: F401 (loads PySide's support modules, among them `feature`)

    feature = sys.modules.get("shibokensupport.feature")
    asks = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or asks is None:
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(asks(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(asks(module))

    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
