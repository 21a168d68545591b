"""What the running app costs while it waits, against a bare Qt app in the same run.

Starts each program (offscreen, private data and runtime folders, no D-Bus), lets it settle,
then reads its CPU time, context switches (each is a wakeup) and memory from /proc over a
window. Offscreen there is no tray, so the app also looks for one every 5 s, as it does on a
desktop without a tray. Linux only. Usage: uv run python benchmarks/idle.py [SECONDS]
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SETTLE_S = 4.0
BARE_QT = (
    "from PySide6.QtWidgets import QApplication\n"
    "app = QApplication([])\n"
    "app.setQuitOnLastWindowClosed(False)\n"
    "app.exec()\n"
)


def sample(pid: int) -> tuple[float, int, int]:
    """CPU seconds so far, context switches so far, resident memory in KiB."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    switches, rss = 0, 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
            switches += int(line.split()[1])
        elif line.startswith("VmRSS"):
            rss = int(line.split()[1])
    return cpu, switches, rss


def measure(argv: list[str], env: dict[str, str], seconds: float) -> tuple[float, float, int]:
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(SETTLE_S)
        if proc.poll() is not None:
            raise SystemExit(f"{argv} exited with {proc.returncode}")
        cpu0, sw0, _ = sample(proc.pid)
        time.sleep(seconds)
        cpu1, sw1, rss = sample(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return (cpu1 - cpu0) * 1000 / seconds * 60, (sw1 - sw0) / seconds * 60, rss


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    with tempfile.TemporaryDirectory() as tmp:
        runtime = Path(tmp, "runtime")
        runtime.mkdir(mode=0o700)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_RUNTIME_DIR": str(runtime),
            "BEDTIME_DATA_DIR": str(Path(tmp, "data")),
            "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent",
            "DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent",
        }
        rows = [
            ("bare QApplication", *measure([sys.executable, "-c", BARE_QT], env, seconds)),
            ("bedtime (tray app)", *measure([sys.executable, "-m", "bedtime"], env, seconds)),
        ]
    print(f"idle over {seconds:.0f} s, after {SETTLE_S:.0f} s to settle")
    print(f"{'program':<20} {'CPU ms/min':>11} {'wakeups/min':>12} {'RSS MiB':>8}")
    for name, cpu, wakeups, rss in rows:
        print(f"{name:<20} {cpu:>11.1f} {wakeups:>12.1f} {rss / 1024:>8.1f}")


if __name__ == "__main__":
    main()
