"""Logs doses through the real store until killed; the kill -9 storm test runs it.

Usage: python storm_worker.py DATA_DIR TRACKED UNTRACKED START_STOCK

TRACKED and UNTRACKED name the two supplements it doses in turn: the first with its stock kept,
starting at START_STOCK units; the second with no stock kept.

Prints "opening" when its imports are done, "ready" once the store is open and the supplements
are there, then, after each committed take, the intake's uid on its own line, flushed at once:
a printed uid is a promise that the dose is in the database.
"""

import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bedtime.core.dosing import Supplement
from bedtime.store.database import open_database
from bedtime.store.repository import Store

ZONE = ZoneInfo("UTC")


def ensure_supplements(store: Store, tracked: str, untracked: str, start_stock: float) -> None:
    # The first rounds may be killed before or during this; a later round finishes it. Each
    # add is one transaction, so a kill leaves a supplement either wholly there or not at all.
    have = {s.name for s in store.supplements()}
    for name, stock in ((tracked, start_stock), (untracked, None)):
        if name in have:
            continue
        draft = Supplement(
            id=0,
            name=name,
            form="other",
            mg_per_unit=100.0,
            units_per_dose=1.0,
            stock_units=stock,
            low_days=0,
        )
        store.add_supplement(draft, datetime.now(ZONE))


def main() -> None:
    data_dir, tracked, untracked, start_stock = sys.argv[1:]
    # Tells the test when the interesting part of start-up begins, so it can aim kills there.
    print("opening", flush=True)
    opened = open_database(Path(data_dir) / "bedtime.db")
    for notice in opened.notices:
        # Anything here (a damaged file moved aside) is a finding; the test reads stderr.
        print(f"notice: {notice}", file=sys.stderr, flush=True)
    store = Store(opened.conn)
    ensure_supplements(store, tracked, untracked, float(start_stock))
    settings, _ = store.settings()
    print("ready", flush=True)
    names = (tracked, untracked)
    n = 0
    while True:
        # force: the nightly limit is passed after a few doses; we want every take logged.
        intake, _ = store.take(names[n % 2], None, datetime.now(ZONE), ZONE, settings, force=True)
        print(intake.uid, flush=True)
        n += 1


if __name__ == "__main__":
    main()
