"""Saves the settings window through the real store until killed; the settings crash test runs it.

Usage: python settings_worker.py DATA_FILE SUPPLEMENT

Each save is one Store.save call carrying a whole set of settings (A or B, which differ in every
key) and a restock of SUPPLEMENT by one unit, as the settings window's Save does. It saves the
set that is not stored now, so the saves alternate and every committed save adds one unit: the
stock counts the saves, and its parity says which set must be stored.

Prints "ready" once the store is open, then, after each save has returned (committed), "A" or
"B" on its own line, flushed at once: a printed letter is a promise that the save is in the file.
"""

import sys
from datetime import UTC, datetime, time
from pathlib import Path

from bedtime.core.settings import Settings
from bedtime.core.supplement_changes import Restock
from bedtime.store.database import open_database
from bedtime.store.repository import Store

# Two whole, valid sets that differ from each other in every stored key. A also differs from
# the defaults in every key, so seeding the file with A stores every key.
SETTINGS_A = Settings(
    bedtimes=(  # Monday … Sunday
        time(21, 0),
        time(21, 10),
        time(21, 20),
        time(21, 30),
        time(21, 40),
        time(22, 50),
        time(23, 10),
    ),
    offset_minutes=45,
    wake=time(6, 15),
    day_boundary=time(3, 0),
    target_mg=250.0,
    limit_mg=320.0,
    nudge_interval_minutes=10,
    nudges=2,
    snooze_minutes=20,
    notify_style="popup",
    morning_question=False,
    language="en",
)
SETTINGS_B = Settings(
    bedtimes=(  # late evenings, then after midnight (before the 05:00 day boundary)
        time(23, 30),
        time(23, 40),
        time(23, 50),
        time(0, 15),
        time(0, 30),
        time(1, 0),
        time(1, 30),
    ),
    offset_minutes=90,
    wake=time(8, 45),
    day_boundary=time(5, 0),
    target_mg=200.0,
    limit_mg=400.0,
    nudge_interval_minutes=30,
    nudges=5,
    snooze_minutes=45,
    notify_style="desktop",
    morning_question=True,
    language="nl",
)
SETS = {"A": SETTINGS_A, "B": SETTINGS_B}
RESTOCK_UNITS = 1.0


def main() -> None:
    data_file, supplement_name = sys.argv[1:]
    opened = open_database(Path(data_file))
    for notice in opened.notices:
        # Anything here (a damaged file moved aside) is a finding; the test reads stderr.
        print(f"notice: {notice}", file=sys.stderr, flush=True)
    store = Store(opened.conn)
    supplement = store.supplement(supplement_name)
    current, problems = store.settings()
    if problems or current not in SETS.values():
        # The test judges the file itself; this only makes a bad start loud.
        print(f"unexpected stored settings: {current} {problems}", file=sys.stderr, flush=True)
        sys.exit(1)
    name = "B" if current == SETTINGS_A else "A"
    print("ready", flush=True)
    while True:
        store.save(SETS[name], [Restock(supplement.id, RESTOCK_UNITS)], datetime.now(UTC))
        print(name, flush=True)
        name = "B" if name == "A" else "A"


if __name__ == "__main__":
    main()
