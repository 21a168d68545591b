"""How long the History window takes to open, against an empty window in the same run.

Seeds ten years of nights in a temporary database (a dose and a full diary entry nearly
every night, some skipped nights and a few pauses) through the real store, then measures
constructing and showing the window offscreen until it has painted, for the default 8-week
view and for "Everything". The floor is a bare QWidget shown and painted the same way.

Usage: uv run python benchmarks/history.py [REPEATS] [--profile] [--screenshots DIR]
  --profile       also print where the time goes when opening "Everything" (cProfile)
  --screenshots   save light and dark pictures of an 8-week history to DIR and exit
"""

import argparse
import cProfile
import gc
import os
import pstats
import random
import statistics
import sys
import tempfile
import time as clock
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QLocale, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from bedtime.companion import Companion, Reminder
from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Supplement
from bedtime.core.history import night_records
from bedtime.core.insights import insights
from bedtime.core.nights import wall_clock
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from bedtime.ui.history_table import DateWords
from bedtime.ui.history_window import PERIODS, HistoryWindow, chart_night
from bedtime.ui.insight_text import insight_lines

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
        Supplement(0, "Glycinate", "glycinate", 50, 2, None, 7), NOW - timedelta(days=nights)
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
                store.take("Glycinate", 1, later, AMS, settings, force=True)
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
    store.conn.execute("PRAGMA synchronous=FULL")


def companion_for(store: Store) -> Companion:
    return Companion(store, FixedClock(NOW), NoAlarms(), NoScreen())


class Painted(QObject):
    """Notes when the watched widget has painted."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen = True
        return False


def until_painted(app: QApplication, make: Callable[[], QWidget]) -> tuple[float, QWidget]:
    """Seconds from constructing to the first paint having happened, and the widget."""
    painted = Painted()
    start = clock.perf_counter()
    widget = make()
    widget.installEventFilter(painted)
    widget.show()
    while not painted.seen:
        app.processEvents()
    app.processEvents()  # the rest of that paint round (children)
    elapsed = clock.perf_counter() - start
    widget.removeEventFilter(painted)
    return elapsed, widget


def timed(app: QApplication, make: Callable[[], QWidget], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        elapsed, widget = until_painted(app, make)
        times.append(elapsed)
        widget.close()
        widget.deleteLater()
        app.processEvents()
    return times


def history_maker(companion: Companion, period: int) -> Callable[[], QWidget]:
    def make() -> HistoryWindow:
        window = HistoryWindow(companion)
        window.set_period(period)
        return window

    return make


def dark_palette() -> QPalette:
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#2b2b2e",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e20",
        QPalette.ColorRole.AlternateBase: "#27272a",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#35353a",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#3d6fb6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#35353a",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.PlaceholderText: "#9a9a9a",
        QPalette.ColorRole.Mid: "#4a4a50",
        QPalette.ColorRole.Dark: "#202022",
        QPalette.ColorRole.Light: "#505056",
    }
    for role, value in colors.items():
        palette.setColor(role, QColor(value))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


def screenshots(app: QApplication, folder: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(open_database(Path(tmp, "bedtime.db")).conn)
        seed(store, 60)
        companion = companion_for(store)
        light = app.palette()
        for name, palette in (("light", light), ("dark", dark_palette())):
            app.setPalette(palette)
            window = HistoryWindow(companion)
            window.show()
            for _ in range(5):
                app.processEvents()
            path = folder / f"history_{name}.png"
            window.grab().save(str(path))
            print(f"saved {path} ({window.width()}×{window.height()})")
            window.close()
            window.deleteLater()
            app.processEvents()
        app.setPalette(light)
        store.conn.close()


def phases(companion: Companion, repeats: int) -> list[tuple[str, list[float]]]:
    """Where one load of "Everything" goes: the store, the core, this window's own work."""
    store, settings = companion.store, companion.settings()
    last, first = companion.tonight(), store.first_night()
    assert first is not None
    words = DateWords()
    names = (
        "  store.intakes",
        "  store.diary",
        "  store.night_kinds",
        "  core night_records",
        "  core insights + text",
        "  window: chart nights",
    )
    steps: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(repeats):
        gc.disable()  # as the window does while it loads
        marks = [clock.perf_counter()]
        intakes = store.intakes(first, last)
        marks.append(clock.perf_counter())
        diary = store.diary(first, last)
        marks.append(clock.perf_counter())
        kinds = store.night_kinds(first, last)
        marks.append(clock.perf_counter())
        records = night_records(
            first,
            last,
            intakes,
            diary,
            kinds,
            now=NOW,
            settings=settings,
            zone=AMS,
            first_use=first,
        )
        marks.append(clock.perf_counter())
        insight_lines(insights(records, settings))
        marks.append(clock.perf_counter())
        [chart_night(r, settings, AMS, words) for r in records]
        marks.append(clock.perf_counter())
        gc.enable()
        for name, (a, b) in zip(names, pairwise(marks), strict=True):
            steps[name].append(b - a)
    return list(steps.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repeats", nargs="?", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--screenshots", type=Path)
    args = parser.parse_args()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    if args.screenshots is not None:
        screenshots(app, args.screenshots)
        return
    everything = len(PERIODS) - 1
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(open_database(Path(tmp, "bedtime.db")).conn)
        started = clock.perf_counter()
        seed(store, 3653)
        seeded = clock.perf_counter() - started
        counts = {
            table: store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("intakes", "diary", "night_events")
        }
        print(
            f"seeded 10 years in {seeded:.1f} s: "
            + ", ".join(f"{n} {table}" for table, n in counts.items())
        )
        companion = companion_for(store)
        # One warm-up of each, so imports and first-use caches are not counted.
        for make in (QWidget, history_maker(companion, 0), history_maker(companion, everything)):
            timed(app, make, 1)
        rows = [
            ("empty QWidget (floor)", timed(app, QWidget, args.repeats)),
            ("History, last 8 weeks", timed(app, history_maker(companion, 0), args.repeats)),
            ("History, everything", timed(app, history_maker(companion, everything), args.repeats)),
        ]
        window = HistoryWindow(companion)
        window.set_period(everything)
        window.show()
        app.processEvents()
        reloads = []
        for _ in range(args.repeats):
            start = clock.perf_counter()
            window.reload()
            reloads.append(clock.perf_counter() - start)
        rows.append(("reload, everything", reloads))
        rows += phases(companion, args.repeats)
        print(f"\nopen until painted, {args.repeats} runs each (ms)")
        print(f"{'what':<26} {'median':>8} {'max':>8}")
        for name, times in rows:
            if name == "  store.intakes":
                print("one 'everything' read, by part:")
            print(f"{name:<26} {statistics.median(times) * 1000:>8.1f} {max(times) * 1000:>8.1f}")
        window.close()
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            timed(app, history_maker(companion, everything), 3)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        store.conn.close()


if __name__ == "__main__":
    main()
