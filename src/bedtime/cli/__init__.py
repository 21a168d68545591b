"""The `bedtime` command line.

`main` is the console entry point (and `python -m bedtime`'s). It loads nothing itself: what
runs, a command or the tray app, loads what it needs and no more (cli/main.py).
"""

import gc
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # A command lives some tens of milliseconds, and nearly all it makes (modules, classes,
    # functions) lives as long: the cycle collector's passes while they load, and its last
    # pass over every one of them at exit, took 14 of the 80 ms of `bedtime status --json`
    # (docs/performance.md). The tray app, which runs for days, turns the collector back on.
    gc.disable()
    from .main import run

    code = run(argv)
    if not gc.isenabled():  # a command: nothing left is garbage to look for on the way out
        gc.freeze()
    return code
