"""The Qt binding under the app: faults that would end a long-running tray process."""

import subprocess
import sys


def test_emitting_signals_for_a_long_time_does_not_abort() -> None:
    # PySide6 6.12.0 lost a reference to False per emit(); a few hundred emits later Python
    # 3.11 aborted with "bool_dealloc". An evening's refreshes emit far more than that.
    script = (
        "from PySide6.QtCore import QObject, Signal\n"
        "class C(QObject):\n"
        "    changed = Signal()\n"
        "c = C()\n"
        "for _ in range(20000):\n"
        "    c.changed.emit()\n"
        "print('done')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert (run.returncode, run.stdout.strip()) == (0, "done"), run.stderr[-500:]
