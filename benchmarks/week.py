"""A week in the tray: does the running app keep its memory, and remind once a night?

The whole app in-process (tests/app_harness.py: a real store file, the real scheduler, the
notifier on python-dbusmock's notification daemon on a private session bus, offscreen Qt),
its clock driven from alarm to alarm through NIGHTS nights by tests/week_run.py: each night
the reminder, two nudges, Taken, and the morning question answered. Speeding libfaketime up
against Qt's monotonic timers is unreliable; this moves the app's own clock instead.

Prints a line per night and exits 1 when a target is missed: resident memory grows by at most
2 MiB from the end of the first night (its windows, dialogs and modules loaded) to the end of
the last, and every night reminds exactly once.

Linux only (reads /proc). Usage: uv run --group test python benchmarks/week.py [--nights 7]
"""

import argparse
import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dbusmock import BusType, PrivateDBus, SpawnedMock
from PySide6.QtWidgets import QApplication

GROWTH_MIB = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nights", type=int, default=7, help="nights to run through (7)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        runtime = tmp / "runtime"
        runtime.mkdir(mode=0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)
        for name in ("STATE", "CONFIG", "DATA"):
            os.environ[f"XDG_{name}_HOME"] = str(tmp / name.lower())
        with PrivateDBus(BusType.SESSION), PrivateDBus(BusType.SYSTEM):
            daemon = SpawnedMock.spawn_with_template(
                "notification_daemon", {"capabilities": "body actions"}
            )
            try:
                return week(tmp, args.nights)
            finally:
                daemon.terminate()


def week(tmp: Path, count: int) -> int:
    # Qt and the app once the private buses are up: QtDBus reads their addresses once.
    from tests.app_harness import FRI, Harness
    from tests.fakes import local
    from tests.week_run import Week, resident_mib

    qt = QApplication([])
    h = Harness(tmp / "data" / "bedtime.db", local(FRI, 12))
    h.add(stock=10 * count)
    h.start()
    start = resident_mib()
    print(f"resident at start: {start:.1f} MiB")
    print(
        f"{'night':12} {'reminders':>9} {'nudges':>6} {'missed':>6} {'asked':>5} {'mg':>5}", end=""
    )
    print(f" {'resident MiB':>12}")
    with Week(h) as driven:
        nights = []
        for n in range(count):
            night = driven.night(FRI + timedelta(days=n))
            nights.append(night)
            print(
                f"{night.night.isoformat():12} {night.reminders:>9} {night.nudges:>6} "
                f"{night.missed:>6} {'yes' if night.asked else 'no':>5} {night.taken_mg:>5g} "
                f"{night.resident_mib:>12.1f}"
            )
    h.close()
    del qt
    missed = []
    growth = nights[-1].resident_mib - nights[0].resident_mib
    print(
        f"\nresident memory from the end of the first night to the last: {growth:+.1f} MiB "
        f"(target ≤ {GROWTH_MIB:g})"
    )
    if not growth <= GROWTH_MIB:
        missed.append("memory grows")
    once = sum(n.reminders == 1 for n in nights)
    print(f"nights reminded exactly once: {once} of {len(nights)}")
    if once != len(nights):
        missed.append("reminded other than once a night")
    if missed:
        print("missed: " + "; ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
