"""Opens Settings › Supplements and History at their default size, and says what fits.

Usage: QT_SCALE_FACTOR=N python -m tests.ui.fit_worker DATA_DIR

Run in its own process because the scale is fixed when the QApplication starts. The data is
real: a store file holding one "Magnesium bisglycinate" with its stock tracked, and eight
weeks of nights with every diary item and a note. Prints one JSON object: per table, whether
the horizontal scroll bar shows and, per column, its width against the width its header and
widest text need; and whether each window fits the screen.
"""

import json
import sys
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QTableView, QWidget

from bedtime.app.companion import Companion
from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Supplement
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from bedtime.ui.common.fitting import column_width
from bedtime.ui.history.window import HistoryWindow
from bedtime.ui.settings.window import SettingsWindow
from tests.fakes import AMS, FakeClock, RecordedAlarms, Screen, local, login_in

FRI = date(2026, 11, 20)
NAME = "Magnesium bisglycinate"


def seed(store: Store) -> None:
    first = FRI - timedelta(days=56)
    store.add_supplement(Supplement(0, NAME, "bisglycinate", 100, 2, 120, 7), local(first, 12))
    settings, _ = store.settings()
    for day in range(56):
        night = first + timedelta(days=day)
        store.take(NAME, 1.5, local(night, 21, 48), AMS, settings, force=True)
        entry = DiaryEntry(
            night,
            AMS.key,
            5,
            latency_min=35,
            awakenings=12,
            awake_min=20,
            in_bed=time(22, 30),
            final_wake=time(6, 45),
            note="went to bed later than planned",
        )
        store.rate(entry, local(night + timedelta(days=1), 7, 30))


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def table_fit(table: QTableView) -> dict[str, Any]:
    header = table.horizontalHeader()
    return {
        "scroll_bar": table.horizontalScrollBar().isVisible(),
        "columns": [
            (
                header.model().headerData(c, header.orientation()),
                header.sectionSize(c),
                column_width(table, c),
            )
            for c in range(header.count())
        ],
    }


def fits_screen(window: QWidget) -> bool:
    """The window no larger than the screen's free area. (Where it goes, and its frame, are
    the window manager's: it places the window and keeps it on the screen.)"""
    screen = window.screen()
    if screen is None:
        return False
    area = screen.availableGeometry()
    return window.width() <= area.width() and window.height() <= area.height()


def main(folder: Path) -> None:
    app = QApplication([])
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    store = Store(open_database(folder / "bedtime.db").conn)
    seed(store)
    companion = Companion(store, FakeClock(local(FRI, 18)), RecordedAlarms(), Screen())
    companion.refresh()
    report: dict[str, Any] = {"scale": app.primaryScreen().devicePixelRatio()}

    settings = SettingsWindow(companion, login_in(folder / "config"))
    settings.show()
    settle(app)
    settings.tabs.setCurrentWidget(settings.supplements)
    settle(app)
    report["settings"] = {
        **table_fit(settings.supplements.table),
        "fits_screen": fits_screen(settings),
    }
    settings.hide()

    history = HistoryWindow(companion)
    history.show()
    settle(app)
    report["history"] = {**table_fit(history.table), "fits_screen": fits_screen(history)}
    history.hide()
    print(json.dumps(report))
    store.conn.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
