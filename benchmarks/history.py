"""How long the History window takes to open, against an empty window in the same run.

Seeds ten years of nights in a temporary database (a dose and a full diary entry nearly
every night, some skipped nights and a few pauses) through the real store, then measures
constructing and showing the window offscreen until it has painted, for the default 8-week
view and for "Everything". The floor is a bare QWidget shown and painted the same way.

Usage: uv run python benchmarks/history.py [REPEATS] [--profile]
  --profile       also print where the time goes when opening "Everything" (cProfile)
"""

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import sys
import tempfile
import time as clock
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from demo_data import AMS, NOW, companion_for, seed
from PySide6.QtCore import QEvent, QLocale, QObject
from PySide6.QtWidgets import QApplication, QWidget

from bedtime.app.companion import Companion
from bedtime.core.history import night_records
from bedtime.core.insights import insights
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from bedtime.ui.history.chart_model import chart_night
from bedtime.ui.history.insight_text import insight_lines
from bedtime.ui.history.periods import PERIODS
from bedtime.ui.history.table import DateWords
from bedtime.ui.history.window import HistoryWindow

# Opening History on "Everything" should not cost much more on ten years than 8 weeks do.
EVERYTHING_RATIO = 2.0


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


def phases(companion: Companion, repeats: int) -> list[tuple[str, list[float]]]:
    """Where one load of "Everything" goes: the store, the core, this window's own work."""
    store, settings = companion.store, companion.settings()
    last, first = companion.tonight(), store.first_logged_night()
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repeats", nargs="?", type=int, default=15)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
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
        weeks, everything_ms = (statistics.median(rows[i][1]) for i in (1, 2))
        ratio = everything_ms / weeks
        print(f"\neverything against 8 weeks: {ratio:.1f} × (target ≤ {EVERYTHING_RATIO:g})")
        missed = not ratio <= EVERYTHING_RATIO
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            timed(app, history_maker(companion, everything), 3)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        store.conn.close()
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
