"""A realistic log to look at: two supplements and weeks of nights, written through the store.

Used by the History benchmark (ten years) and for screenshots (eight weeks):
    uv run python tools/demo_data.py DATA_DIR [NIGHTS]
fills DATA_DIR/bedtime.db with NIGHTS nights (default 56) up to Friday 20 November 2026.
"""

import random
import sys
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bedtime.app.companion import Companion, Reminder
from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Supplement
from bedtime.core.nights import wall_clock
from bedtime.paths import DATABASE_NAME
from bedtime.services.autostart import LOGIN_QUESTION
from bedtime.store.database import open_database
from bedtime.store.repository import Store

AMS = ZoneInfo("Europe/Amsterdam")
NOW = wall_clock(date(2026, 11, 20), time(21, 30), AMS)  # Friday evening, before bedtime
NOTES = ("late coffee", "noisy neighbours", "read before bed", "long walk", "")


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.instant = now

    def now(self) -> datetime:
        return self.instant.astimezone(AMS)

    def zone(self) -> ZoneInfo:
        return AMS


class NoAlarms:
    def arm(self, name: str, at: datetime, callback: Callable[[], None]) -> None:
        pass

    def disarm(self, name: str) -> None:
        pass


class NoScreen:
    def remind(self, reminder: Reminder) -> None:
        pass

    def withdraw(self) -> None:
        pass

    def ask_morning(self, night: date) -> None:
        pass

    def low_stock(self, supplements: list[Supplement]) -> None:
        pass


def seed(store: Store, nights: int, *, seed_value: int = 7) -> None:
    """NIGHTS nights up to last night (tonight stays open), through the store's own methods."""
    rng = random.Random(seed_value)
    settings, _ = store.settings()
    store.conn.execute("PRAGMA synchronous=OFF")  # seeding only: no fsync per night
    tonight = NOW.date()
    first = tonight - timedelta(days=nights)
    store.add_supplement(
        Supplement(0, "Magnesium citrate", "citrate", 100, 2, None, 7), NOW - timedelta(days=nights)
    )
    store.add_supplement(
        # A name as long as labels commonly give: the table and History must show it whole.
        Supplement(0, "Magnesium bisglycinate", "bisglycinate", 50, 2, None, 7),
        NOW - timedelta(days=nights),
    )
    night = first
    while night < tonight:
        roll = rng.random()
        evening = wall_clock(night, time(21, 0), AMS)
        if roll < 0.015 and night + timedelta(days=7) < tonight:
            store.pause(night, night + timedelta(days=rng.randint(2, 6)), evening)
            night += timedelta(days=7)
            continue
        if roll < 0.07:
            store.set_skipped(night, True, evening)
        elif roll < 0.1:
            pass  # missed: nothing logged
        else:
            minutes = rng.randint(-25, 35) + 60 * 21 + 45
            at = wall_clock(night, time(minutes // 60, minutes % 60), AMS)
            units = rng.choice((2, 2, 2, 1.5, 3))
            store.take("Magnesium citrate", units, at, AMS, settings, force=True)
            if rng.random() < 0.08:
                later = at + timedelta(minutes=rng.randint(20, 50))
                store.take("Magnesium bisglycinate", 1, later, AMS, settings, force=True)
        if rng.random() < 0.93:
            quality = min(5, max(1, round(rng.gauss(3.6 if roll >= 0.1 else 3.0, 0.9))))
            note = rng.choice(NOTES) if rng.random() < 0.3 else ""
            store.rate(
                DiaryEntry(
                    night,
                    AMS.key,
                    quality,
                    latency_min=rng.randint(5, 45),
                    awakenings=rng.randint(0, 3),
                    awake_min=rng.randint(0, 40),
                    in_bed=time(22, rng.randint(30, 59)),
                    final_wake=time(6, rng.randint(30, 59)),
                    note=note or None,
                ),
                evening + timedelta(hours=10),
            )
        night += timedelta(days=1)
    # Weeks of use: the first run's question was answered long ago.
    store.mark_shown(LOGIN_QUESTION, NOW - timedelta(days=nights))
    store.conn.execute("PRAGMA synchronous=FULL")


def companion_for(store: Store) -> Companion:
    return Companion(store, FixedClock(NOW), NoAlarms(), NoScreen())


def main(argv: list[str]) -> None:
    folder = Path(argv[0])
    nights = int(argv[1]) if len(argv) > 1 else 56
    store = Store(open_database(folder / DATABASE_NAME).conn)
    seed(store, nights)
    store.conn.close()
    print(f"{folder / DATABASE_NAME}: {nights} nights up to {NOW:%a %d %b %Y}")


if __name__ == "__main__":
    main(sys.argv[1:])
