"""The History window on a real store file, seeded by hand with known nights.

Friday 20 November 2026, 21:30 in Amsterdam: tonight's 23:00 bedtime is still ahead. The
settings are the defaults: bedtime 23:00 every night, reminder 60 minutes before (22:00),
target 300 mg, limit 350 mg. One supplement, Citrate: 100 mg a tablet, 2 a dose, 30 in stock.

    Tue 10  2 at 22:00 (on time, 60 min before)   rated 4, asleep in 15 min
    Wed 11  2 at 22:10 (on time, 50 min before)   rated 3
    Thu 12  skipped                               rated 2
    Fri 13  3 at 21:30 (30 min early, 90 before)  rated 5
    Sat 14  missed: nothing logged
    Sun 15  2 at 22:05 (on time, 55 min before)
    Mon 16, Tue 17  paused
    Wed 18  2 at 21:55 (on time, 65 min before)   rated 4 with the whole diary
    Thu 19  2 at 22:00 (on time, 60 min before)   rated 3
    Fri 20  tonight

Planned nights: 6 taken + 1 skipped + 1 missed = 8; on time 5 of the 6. Median lead time of
[50, 55, 60, 60, 65, 90] is 60 min. Mean mg (200·5 + 300) / 6 = 216.7. Rated with a dose 5
nights, without 1 (Thu 12): too few to compare. Wed 18: in bed 23:00–07:00 = 480 min, asleep
480 − 20 − 10 = 450 min, so 93.75 % efficiency. Stock after all that: 30 − 13 = 17.
"""

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from bedtime.app.companion import Companion
from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Intake, Supplement
from bedtime.core.nights import wall_clock
from bedtime.core.settings import Settings
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from bedtime.ui.history.chart_model import chart_night
from bedtime.ui.history.dose_dialog import DoseDialog
from bedtime.ui.history.night_words import diary_text
from bedtime.ui.history.periods import PERIODS, period_start
from bedtime.ui.history.table import Column, DateWords, ranking_length
from bedtime.ui.history.window import HistoryWindow
from tests.fakes import AMS, FakeClock, RecordedAlarms, Screen, local

ZONE = "Europe/Amsterdam"
NOW = wall_clock(date(2026, 11, 20), time(21, 30), AMS)


def nov(day: int) -> date:
    return date(2026, 11, day)


class CountingCompanion(Companion):
    refreshes = 0

    def refresh(self) -> None:
        self.refreshes += 1
        super().refresh()


@dataclass
class World:
    store: Store
    clock: FakeClock
    companion: CountingCompanion

    def take(self, night: date, hh: int, mm: int, units: float) -> None:
        settings, _ = self.store.settings()
        self.store.take("Citrate", units, local(night, hh, mm), AMS, settings)

    def rate(self, night: date, quality: int, **items: object) -> None:
        entry = DiaryEntry(night, ZONE, quality, **items)  # type: ignore[arg-type]
        self.store.rate(entry, local(night + timedelta(days=1), 7, 30))

    def stock(self) -> float | None:
        return self.store.supplement("Citrate").stock_units

    def doses(self, night: date) -> list[tuple[float, float]]:
        return [(i.units, i.mg) for i in self.store.intakes(night, night)]

    def rating(self, night: date) -> int | None:
        entries = self.store.diary(night, night)
        return entries[0].quality if entries else None


@pytest.fixture(autouse=True)
def english_dates() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    store = Store(open_database(tmp_path / "bedtime.db").conn)
    clock = FakeClock(NOW)
    w = World(store, clock, CountingCompanion(store, clock, RecordedAlarms(), Screen()))
    # Added at noon on the 10th: Bedtime is in use from that night on.
    store.add_supplement(Supplement(0, "Citrate", "citrate", 100, 2, 30, 3), local(nov(10), 12))
    w.take(nov(10), 22, 0, 2)
    w.rate(nov(10), 4, latency_min=15)
    w.take(nov(11), 22, 10, 2)
    w.rate(nov(11), 3)
    store.set_skipped(nov(12), True, local(nov(12), 21))
    w.rate(nov(12), 2)
    w.take(nov(13), 21, 30, 3)
    w.rate(nov(13), 5)
    w.take(nov(15), 22, 5, 2)
    store.pause(nov(16), nov(17), local(nov(15), 23))
    w.take(nov(18), 21, 55, 2)
    w.rate(
        nov(18),
        4,
        latency_min=20,
        awakenings=1,
        awake_min=10,
        in_bed=time(23, 0),
        final_wake=time(7, 0),
        note="late coffee",
    )
    w.take(nov(19), 22, 0, 2)
    w.rate(nov(19), 3)
    yield w
    store.conn.close()


@pytest.fixture
def open_window(qtbot: QtBot, world: World) -> Callable[[], HistoryWindow]:
    def make() -> HistoryWindow:
        window = HistoryWindow(world.companion)
        qtbot.addWidget(window)
        # Shortcuts and focus only work in the active window.
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        return window

    return make


def rows(window: HistoryWindow) -> list[tuple[str, ...]]:
    model = window.model
    return [
        tuple(model.index(row, column).data() for column in Column)
        for row in range(model.rowCount())
    ]


def row_of(window: HistoryWindow, night: date) -> tuple[str, ...]:
    row = window.model.row_of(night)
    assert row is not None, night
    return rows(window)[row]


def key(
    qtbot: QtBot, name: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press a key where the keyboard focus is, as a user would (once a dialog has gone and
    the window is active again)."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    qtbot.keyClick(QApplication.focusWidget(), name, modifier)


def undo(qtbot: QtBot, window: HistoryWindow) -> None:
    """Ctrl+Z in the window, made active again (a desktop does that when a dialog closes)."""
    if not window.isActiveWindow():
        with qtbot.waitActive(window):
            window.activateWindow()
    key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def focus_table_on(window: HistoryWindow, night: date) -> None:
    assert window.select_night(night)
    window.table.setFocus()


# What is shown ---------------------------------------------------------------------------


def test_rows_newest_first_with_what_became_of_each_night(open_window: Callable) -> None:
    window = open_window()
    # Qt adds the app's display name ("History — Bedtime"); naming it here too doubled it.
    assert window.windowTitle() == "History"
    assert window.period_combo.currentText() == "Last 8 weeks"
    assert [r[0] for r in rows(window)] == [
        "Fri 20 Nov",
        "Thu 19 Nov",
        "Wed 18 Nov",
        "Tue 17 Nov",
        "Mon 16 Nov",
        "Sun 15 Nov",
        "Sat 14 Nov",
        "Fri 13 Nov",
        "Thu 12 Nov",
        "Wed 11 Nov",
        "Tue 10 Nov",  # the first night in use: nothing earlier is shown
    ]
    assert row_of(window, nov(20)) == ("Fri 20 Nov", "Tonight", "", "", "")
    assert row_of(window, nov(19)) == (
        "Thu 19 Nov",
        "2 × Citrate · 200 mg",
        "22:00 · 60 min before bed",
        "fair (3/5)",
        "",
    )
    assert row_of(window, nov(18)) == (
        "Wed 18 Nov",
        "2 × Citrate · 200 mg",
        "21:55 · 65 min before bed",
        "good (4/5)",
        "asleep in 20 min · 1 awakening · 94 % efficient · “late coffee”",
    )
    assert row_of(window, nov(17))[1:4] == ("Paused", "", "—")
    assert row_of(window, nov(16))[1] == "Paused"
    assert row_of(window, nov(15))[1:4] == (
        "2 × Citrate · 200 mg",
        "22:05 · 55 min before bed",
        "—",
    )
    assert row_of(window, nov(14))[1:4] == ("Missed", "", "—")
    assert row_of(window, nov(13))[1:4] == (
        "3 × Citrate · 300 mg",
        "21:30 · 90 min before bed",
        "very good (5/5)",
    )
    assert row_of(window, nov(12))[1:4] == ("Skipped", "", "poor (2/5)")
    assert row_of(window, nov(10))[4] == "asleep in 15 min"
    assert window.range_label.text() == "11 nights"
    # Opened on last night, the one most often rated or corrected, in table and chart alike.
    assert window.selected_night() == nov(19)
    assert window.chart.current() == nov(19)
    assert window.edit_dose_button.isEnabled()


def test_insights_give_the_hand_computed_figures(open_window: Callable) -> None:
    window = open_window()
    # No break inside a date.
    heading = window.insights.heading.text()
    assert heading == "What the log says (Tue\u00a010\u00a0Nov – Fri\u00a020\u00a0Nov)"
    lines = window.insights.lines()
    assert lines[0] == (
        "Taken on 6 of 8 planned nights (75 %); 5 of them on time (within 15 min of the reminder)."
    )
    # Fewer than five rated nights without magnesium: no comparison, and it says why.
    assert lines[1] == (
        "Not enough nights yet to compare ratings with and without magnesium"
        " (5 with, 1 without; 5 each needed)."
    )
    assert "Taken a median of 60 minutes before bedtime (6 nights)." in lines
    assert any("Fell asleep in 17.5 minutes on average (noted on 2 nights)" in x for x in lines)
    assert any("sleep efficiency 93.8 %" in x for x in lines)
    assert any(x.startswith("On average 216.7 mg a night (6 nights with a dose)") for x in lines)
    assert all(label.wordWrap() for label in window.insights.labels)


def test_the_chart_gets_every_night_oldest_first_with_times(
    qtbot: QtBot, world: World, open_window: Callable
) -> None:
    # What the companion reads for the window, as the chart's points.
    logged = world.companion.logged_nights(lambda last: period_start(last, PERIODS[0][1]))
    nights = [chart_night(r, logged.settings, AMS, DateWords()) for r in reversed(logged.records)]
    assert [n.night for n in nights] == [nov(d) for d in range(10, 21)]
    thu = nights[-2]
    assert (thu.status, thu.mg, thu.rating) == ("taken", 200, 3)
    assert (thu.dose_min, thu.bedtime_min) == (600, 660)  # 22:00 and 23:00
    assert thu.tooltip == "Thu 19 Nov — 200 mg, 60 min before bedtime\nSlept: fair (3/5)"
    tue = nights[0]
    assert tue.tooltip.endswith("Slept: good (4/5) · fell asleep in 15 min")
    skipped = nights[2]
    assert (skipped.status, skipped.mg, skipped.dose_min, skipped.bedtime_min) == (
        "skipped",
        0,
        None,
        660,
    )
    assert skipped.tooltip.startswith("Thu 12 Nov — Skipped")
    assert nights[-1].tooltip == "Fri 20 Nov — Tonight"

    # The window's chart shows those nights, a column each, with their words.
    window = open_window()
    chart = window.chart
    for index, shown in enumerate(nights):
        x = chart.column_rect(index).center().x()
        assert chart.night_at(x) == index
        assert chart.tooltip_at(x) == shown.tooltip
    assert chart.accessibleDescription() == thu.tooltip  # last night is current


def test_changing_the_period_reloads_and_is_kept_when_shown_again(
    qtbot: QtBot, world: World, open_window: Callable
) -> None:
    # A dose in early September: 8 weeks back from Fri 20 Nov start on Sat 26 Sep.
    world.take(date(2026, 9, 7), 22, 0, 2)
    window = open_window()
    assert rows(window)[-1][0] == "Sat 26 Sep"
    assert len(rows(window)) == 56
    window.period_combo.setFocus()
    key(qtbot, Qt.Key.Key_End)  # "Everything"
    assert window.period_combo.currentText() == "Everything"
    assert rows(window)[-1][0] == "Mon 7 Sep"
    assert rows(window)[-1][1] == "2 × Citrate · 200 mg"
    assert len(rows(window)) == 75
    window.chart.setFocus()
    key(qtbot, Qt.Key.Key_Home)  # the chart's first night
    assert window.chart.current() == date(2026, 9, 7)
    assert window.selected_night() == date(2026, 9, 7)
    assert window.insights.heading.text().startswith("What the log says (Mon\u00a07\u00a0Sep")

    # The app keeps the window: shown again, it reads the log again, in the chosen period.
    window.hide()
    world.rate(nov(14), 1)
    window.show()
    assert window.period_combo.currentText() == "Everything"
    assert row_of(window, nov(14))[3] == "very poor (1/5)"


def test_nothing_logged_shows_an_empty_window(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store(open_database(tmp_path / "empty.db").conn)
    clock = FakeClock(NOW)
    window = HistoryWindow(Companion(store, clock, RecordedAlarms(), Screen()))
    qtbot.addWidget(window)
    window.show()
    # The first night in use is tonight: one row, nothing before it.
    assert [r[0] for r in rows(window)] == ["Fri 20 Nov"]
    assert window.insights.lines() == ["Nothing logged in this period yet."]
    assert not window.edit_dose_button.isEnabled()
    assert not window.rating_button.isEnabled()
    store.conn.close()


# Doses -----------------------------------------------------------------------------------


def test_edit_a_dose_with_the_keyboard_then_undo(
    qtbot: QtBot, world: World, open_window: Callable
) -> None:
    window = open_window()
    assert world.stock() == 17
    focus_table_on(window, nov(19))
    key(qtbot, Qt.Key.Key_Return)
    dialog = window.dose_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.units_spin.hasFocus()
    assert dialog.mg_label.text() == "= 200 mg"
    assert dialog.time_note.text() == "60 min before bedtime (23:00)."
    # The units are selected: typing replaces them.
    qtbot.keyClicks(dialog.units_spin, "3")
    assert dialog.mg_label.text() == "= 300 mg"
    qtbot.keyClick(dialog.units_spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.dose_dialog is None)

    assert world.doses(nov(19)) == [(3, 300)]
    assert world.stock() == 16
    assert row_of(window, nov(19))[1] == "3 × Citrate · 300 mg"
    assert window.selected_night() == nov(19)
    assert window.status_text() == "Dose changed — Undo"
    assert world.companion.refreshes == 1

    undo(qtbot, window)
    assert world.doses(nov(19)) == [(2, 200)]
    assert world.stock() == 17
    assert row_of(window, nov(19))[1] == "2 × Citrate · 200 mg"
    assert world.companion.refreshes == 2


def test_a_dose_edited_above_the_stock_is_refused(
    qtbot: QtBot, world: World, open_window: Callable
) -> None:
    # The stock used to stop at zero, and undoing the edit then gave back units never taken.
    window = open_window()
    assert world.stock() == 17
    focus_table_on(window, nov(19))
    key(qtbot, Qt.Key.Key_Return)
    dialog = window.dose_dialog
    assert dialog is not None
    dialog.units_spin.setValue(50)  # 2 were logged: 48 more than before, 17 in stock
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    box = window.message_box
    assert isinstance(box, QMessageBox)
    assert "Citrate" in box.text() and "19" in box.text() and "50" in box.text()
    box.accept()
    assert world.doses(nov(19)) == [(2, 200)]
    assert world.stock() == 17
    assert not window.undo_stack.canUndo()

    # All that is left, the dose's own 2 given back, is still allowed.
    focus_table_on(window, nov(19))
    key(qtbot, Qt.Key.Key_Return)
    dialog = window.dose_dialog
    assert dialog is not None
    dialog.units_spin.setValue(19)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert world.doses(nov(19)) == [(19, 1900)]
    assert world.stock() == 0
    undo(qtbot, window)
    assert world.stock() == 17


def test_edit_the_time_moves_the_dose_and_says_so(
    qtbot: QtBot, world: World, open_window: Callable
) -> None:
    window = open_window()
    focus_table_on(window, nov(19))
    key(qtbot, Qt.Key.Key_F2)
    dialog = window.dose_dialog
    assert dialog is not None
    edit = dialog.time_edit
    edit.setFocus()
    edit.setSelectedSection(edit.Section.HourSection)
    qtbot.keyClicks(edit, "21")
    assert dialog.time_note.text() == "120 min before bedtime (23:00)."
    assert dialog.preview().at == local(nov(19), 21, 0)
    # The time cannot lie in the future: 21:30 today is the latest.
    assert edit.maximumDateTime().time().toString("HH:mm") == "21:30"
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert world.store.intakes(nov(19), nov(19))[0].at == local(nov(19), 21, 0)
    assert row_of(window, nov(19))[2] == "21:00 · 120 min before bed"


def test_a_dose_taken_elsewhere_is_edited_on_that_clock(qtbot: QtBot) -> None:
    new_york = ZoneInfo("America/New_York")
    at = wall_clock(nov(19), time(22, 0), new_york)  # 04:00 on the 20th in Amsterdam
    intake = Intake("u1", at, nov(19), new_york.key, 1, "Citrate", 2, 200, at + timedelta(hours=1))
    dialog = DoseDialog(intake, Settings(), NOW)
    qtbot.addWidget(dialog)
    assert dialog.time_edit.dateTime().toString("yyyy-MM-dd HH:mm") == "2026-11-19 22:00"
    assert dialog.zone_label.text() == "Clock time in America/New_York, where it was taken"
    assert not dialog.zone_label.isHidden()
    assert dialog.preview() == intake  # nothing changed: the very same dose
    dialog.units_spin.setValue(0.5)
    assert dialog.mg_label.text() == "= 50 mg"
    dialog.units_spin.stepBy(-1)  # stepping stops at a quarter…
    assert dialog.units_spin.value() == 0.25
    dialog.units_spin.stepBy(-1)
    assert dialog.units_spin.value() == 0.25
    assert dialog.units_spin.minimum() > 0  # …and nothing can make it zero
    assert dialog.units_spin.maximum() == 100  # as many as `bedtime take --units` allows
    assert dialog.units_spin.textFromValue(1.5) == "1.5"


def test_delete_a_dose_gives_the_stock_back_and_undo_restores_both(
    qtbot: QtBot, world: World, open_window: Callable
) -> None:
    window = open_window()
    uid = world.store.intakes(nov(19), nov(19))[0].uid
    focus_table_on(window, nov(19))
    key(qtbot, Qt.Key.Key_Delete)  # no question asked: undo exists
    assert world.doses(nov(19)) == []
    assert world.stock() == 19
    assert row_of(window, nov(19))[1:3] == ("Missed", "")
    assert window.status_text() == "Dose deleted — Undo"
    assert not window.edit_dose_button.isEnabled()
    assert window.undo_button.isEnabled()
    assert "delete the dose of Thu 19 Nov" in window.undo_button.toolTip()
    assert "Taken on 5 of 8 planned nights" in window.insights.lines()[0]

    undo(qtbot, window)
    assert [i.uid for i in world.store.intakes(nov(19), nov(19))] == [uid]
    assert world.stock() == 17
    assert row_of(window, nov(19))[1] == "2 × Citrate · 200 mg"
    assert window.status_text() == "Dose back in the log — Redo"
    assert not window.undo_button.isEnabled()

    key(
        qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert world.doses(nov(19)) == []  # redone
    undo(qtbot, window)
    assert world.doses(nov(19)) == [(2, 200)]

    # The status line's link redoes, and then undoes again.
    window.status_label.linkActivated.emit("redo")
    assert world.doses(nov(19)) == []
    window.status_label.linkActivated.emit("undo")
    assert world.doses(nov(19)) == [(2, 200)]


def test_the_buttons_delete_too_and_follow_the_selected_night(
    qtbot: QtBot, world: World, open_window: Callable
) -> None:
    window = open_window()
    window.select_night(nov(14))  # missed, not rated
    assert not window.edit_dose_button.isEnabled()
    assert not window.delete_dose_button.isEnabled()
    assert window.rating_button.text() == "Add &rating…"
    assert window.rating_button.isEnabled()
    assert not window.delete_rating_button.isEnabled()
    window.select_night(nov(20))  # tonight: bedtime still ahead, nothing to rate
    assert not window.rating_button.isEnabled()
    window.select_night(nov(13))
    assert window.rating_button.text() == "Edit &rating…"
    assert window.delete_rating_button.isEnabled()
    qtbot.mouseClick(window.delete_dose_button, Qt.MouseButton.LeftButton)
    assert world.doses(nov(13)) == []
    assert world.stock() == 20


def test_several_doses_on_a_night_can_each_be_chosen(
    qtbot: QtBot, world: World, open_window: Callable
) -> None:
    world.take(nov(19), 22, 40, 1)
    window = open_window()
    assert row_of(window, nov(19))[1:3] == (
        "2 × Citrate + 1 more · 300 mg",
        "22:00 · 60 min before bed",
    )
    window.select_night(nov(19))
    menu = window.delete_dose_button.menu()
    assert menu is not None
    assert [a.text() for a in menu.actions()] == [
        "22:00 · 2 × Citrate · 200 mg",
        "22:40 · 1 × Citrate · 100 mg",
    ]
    menu.actions()[1].trigger()
    assert world.doses(nov(19)) == [(2, 200)]
    assert window.delete_dose_button.menu() is None  # one dose left: the button acts on it
    # The shortcut acts on the first dose of a night with several.
    undo(qtbot, window)
    window.table.setFocus()
    key(qtbot, Qt.Key.Key_Delete)
    assert world.doses(nov(19)) == [(1, 100)]


def test_the_context_menu_offers_what_the_night_allows(
    qtbot: QtBot, world: World, open_window: Callable
) -> None:
    world.take(nov(19), 22, 40, 1)
    window = open_window()
    row = window.model.row_of(nov(19))
    assert row is not None
    where = window.table.visualRect(window.model.index(row, Column.SLEEP)).center()
    window.table.customContextMenuRequested.emit(where)
    menu = window.context_menu
    assert menu is not None
    assert window.selected_night() == nov(19)
    items = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert items == [
        "&Edit dose",
        "&Delete dose",
        "Edit &rating…",
        "Delete ra&ting",
        "&Undo",
        "Re&do",
    ]
    edit_menu = menu.actions()[0].menu()
    assert [a.text() for a in edit_menu.actions()] == [
        "22:00 · 2 × Citrate · 200 mg",
        "22:40 · 1 × Citrate · 100 mg",
    ]
    edit_menu.actions()[1].trigger()
    assert window.dose_dialog is not None
    assert window.dose_dialog.units_spin.value() == 1
    window.dose_dialog.reject()
    menu.close()


def test_a_dose_deleted_elsewhere_is_reported_and_nothing_changes(
    qtbot: QtBot, world: World, open_window: Callable
) -> None:
    window = open_window()
    focus_table_on(window, nov(19))
    world.store.delete_intake(world.store.intakes(nov(19), nov(19))[0].uid)  # the CLI, say
    stock = world.stock()
    key(qtbot, Qt.Key.Key_Delete)
    box = window.message_box
    assert isinstance(box, QMessageBox)
    # Worded for the person: no field key, no dose id.
    assert box.text() == ("This dose is no longer in the log; it may have been changed elsewhere.")
    box.accept()
    assert world.stock() == stock
    assert not window.undo_stack.canUndo()
    assert row_of(window, nov(19))[1] == "Missed"  # read again


def test_an_undo_the_store_refuses_is_reported_and_clears_the_history(
    qtbot: QtBot, world: World, open_window: Callable, tmp_path: Path
) -> None:
    window = open_window()
    focus_table_on(window, nov(18))
    key(qtbot, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)  # delete rating
    assert world.rating(nov(18)) is None
    # Another program holds the file's write lock, and the store does not wait for it.
    world.store.conn.execute("PRAGMA busy_timeout = 0")
    other = sqlite3.connect(tmp_path / "bedtime.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        undo(qtbot, window)
    finally:
        other.rollback()
        other.close()
    box = window.message_box
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == "Could not undo"
    assert "locked" in box.text()
    assert box.text()[0].isupper()
    assert world.rating(nov(18)) is None
    assert not window.undo_stack.canUndo()
    assert not window.undo_stack.canRedo()
    assert not window.undo_button.isEnabled()


# Ratings ---------------------------------------------------------------------------------


def test_add_a_rating_then_undo(qtbot: QtBot, world: World, open_window: Callable) -> None:
    window = open_window()
    focus_table_on(window, nov(14))
    key(qtbot, Qt.Key.Key_Return)  # no dose: Enter opens the rating
    dialog = window.rating_dialog
    assert dialog is not None
    assert dialog.subtitle.text() == "Night of Sat 14 Nov"
    assert not dialog.later_button.isVisible()
    qtbot.mouseClick(dialog.rating_buttons[4], Qt.MouseButton.LeftButton)
    assert world.rating(nov(14)) == 4
    assert row_of(window, nov(14))[3] == "good (4/5)"
    assert window.status_text() == "Rating saved — Undo"
    undo(qtbot, window)
    assert world.rating(nov(14)) is None
    assert row_of(window, nov(14))[3] == "—"


def test_edit_and_delete_a_rating_with_undo(
    qtbot: QtBot, world: World, open_window: Callable
) -> None:
    window = open_window()
    focus_table_on(window, nov(18))
    key(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = window.rating_dialog
    assert dialog is not None
    assert dialog.rating_buttons[4].isChecked()  # the entry as it was, details and all
    assert field(dialog, "note").text() == "late coffee"
    qtbot.mouseClick(dialog.rating_buttons[2], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    entry = world.store.diary(nov(18), nov(18))[0]
    assert (entry.quality, entry.note, entry.latency_min) == (2, "late coffee", 20)
    assert row_of(window, nov(18))[3] == "poor (2/5)"
    undo(qtbot, window)
    assert world.rating(nov(18)) == 4

    window.table.setFocus()
    key(qtbot, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    assert world.rating(nov(18)) is None
    assert row_of(window, nov(18))[3:] == ("—", "")
    assert window.status_text() == "Rating deleted — Undo"
    undo(qtbot, window)
    restored = world.store.diary(nov(18), nov(18))[0]
    assert (restored.quality, restored.note, restored.in_bed) == (4, "late coffee", time(23, 0))


def test_an_edited_rating_that_contradicts_itself_is_not_saved(
    qtbot: QtBot, world: World, open_window: Callable
) -> None:
    window = open_window()
    focus_table_on(window, nov(18))
    key(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = window.rating_dialog
    assert dialog is not None
    woke = field(dialog, "final_wake")
    woke.clear()
    qtbot.keyClicks(woke, "22:00")  # in bed 23:00
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "must be after time got into bed (23:00)" in dialog.error_label.text()
    assert world.store.diary(nov(18), nov(18))[0].final_wake != time(22, 0)
    assert not window.undo_stack.canUndo()


# Keyboard, selection, accessibility -------------------------------------------------------


def test_tab_order_is_period_chart_table_buttons(qtbot: QtBot, open_window: Callable) -> None:
    window = open_window()
    window.select_night(nov(19))  # a night with a dose: its buttons take part
    window.period_combo.setFocus()
    seen = [window.period_combo]
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [window.period_combo, window.chart, window.table, window.edit_dose_button]
    # Enter on the table opens the selected night's dose (Thu 19 after Fri 20, tonight).
    window.select_night(nov(20))
    window.table.setFocus()
    key(qtbot, Qt.Key.Key_Down)
    assert window.selected_night() == nov(19)
    key(qtbot, Qt.Key.Key_Enter)
    assert window.dose_dialog is not None
    qtbot.keyClick(window.dose_dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.dose_dialog is None)
    assert world_unchanged(window)


def field(dialog: QWidget, attribute: str) -> QLineEdit:
    """A rating dialog's detail field, found by its diary name (its objectName)."""
    edit = dialog.findChild(QLineEdit, attribute)
    assert edit is not None, attribute
    return edit


def world_unchanged(window: HistoryWindow) -> bool:
    return not window.undo_stack.canUndo()


def test_buttons_have_mnemonics_and_every_control_a_name(open_window: Callable) -> None:
    window = open_window()
    for button in (
        window.edit_dose_button,
        window.delete_dose_button,
        window.rating_button,
        window.delete_rating_button,
        window.undo_button,
    ):
        assert "&" in button.text()
    focusable = [
        w
        for w in window.findChildren(QWidget)
        if w.isVisibleTo(window) and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    assert window.table in focusable and window.chart in focusable
    for widget in focusable:
        assert widget.accessibleName(), widget


def test_chart_and_table_selection_follow_each_other(qtbot: QtBot, open_window: Callable) -> None:
    window = open_window()
    window.chart.setFocus()
    key(qtbot, Qt.Key.Key_Home)
    assert window.selected_night() == nov(10)
    key(qtbot, Qt.Key.Key_Right)
    assert window.selected_night() == nov(11)
    assert window.table.currentIndex().row() == window.model.row_of(nov(11))

    window.table.setFocus()
    key(qtbot, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert window.chart.current() == nov(20)
    key(qtbot, Qt.Key.Key_Down)
    assert window.chart.current() == nov(19)

    # A click on the chart's column for Fri 13.
    # The chart's columns run from the first night in use, Tue 10, one a night.
    where = window.chart.column_rect((nov(13) - nov(10)).days).center().toPoint()
    qtbot.mouseClick(window.chart, Qt.MouseButton.LeftButton, pos=where)
    assert window.selected_night() == nov(13)


def test_changes_made_elsewhere_show_while_open(
    qtbot: QtBot, world: World, open_window: Callable
) -> None:
    window = open_window()
    world.rate(nov(14), 2)
    world.companion.refresh()  # what the app does when it sees the file change
    qtbot.waitUntil(lambda: row_of(window, nov(14))[3] == "poor (2/5)")


def test_a_long_period_is_one_model_without_a_widget_per_row(world: World, qtbot: QtBot) -> None:
    world.take(date(2026, 1, 5), 22, 0, 2)  # "Everything" now reaches back to January
    window = HistoryWindow(world.companion)
    qtbot.addWidget(window)
    window.set_period(len(PERIODS) - 1)
    window.show()
    qtbot.wait(50)  # let it paint
    model = window.model
    assert model.rowCount() == 320
    assert window.table.indexWidget(model.index(0, 0)) is None
    qtbot.keyClick(window.chart, Qt.Key.Key_Home)
    assert window.chart.current() == date(2026, 1, 5)
    assert window.selected_night() == date(2026, 1, 5)


def test_a_rating_deleted_elsewhere_is_reported_in_words(
    qtbot: QtBot, world: World, open_window: Callable
) -> None:
    window = open_window()
    focus_table_on(window, nov(18))
    world.store.delete_rating(nov(18))  # the CLI, say
    key(qtbot, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)  # delete rating
    box = window.message_box
    assert isinstance(box, QMessageBox)
    assert box.text() == (
        "This night's rating is no longer in the log; it may have been changed elsewhere."
    )


def test_a_year_of_varied_nights_gets_columns_wide_enough_for_every_text(
    qtbot: QtBot, world: World
) -> None:
    # More distinct texts than are measured: notes of every length, leads of every size.
    words = [
        "tea",
        "walk",
        "read",
        "late",
        "coffee",
        "noisy",
        "cold",
        "warm",
        "calm",
        "storm",
        "dream",
        "early",
        "ok",
    ]
    world.store.restock("Citrate", 1000)
    for k in range(1, 330):
        night = nov(10) - timedelta(days=k)
        world.take(night, 20 + k % 3, (k * 7) % 60, 1 + k % 3)
        note = " ".join(words[(k * j) % len(words)] for j in range(1, 2 + k % 9))
        world.rate(night, 1 + k % 5, latency_min=k % 90, awakenings=k % 4, note=note)
    window = HistoryWindow(world.companion)
    qtbot.addWidget(window)
    window.set_period(len(PERIODS) - 1)
    window.show()
    metrics = window.table.fontMetrics()
    header = window.table.horizontalHeader()
    texts = rows(window)
    assert len({r[Column.DIARY] for r in texts}) > 250
    for column in (Column.DOSE, Column.TAKEN, Column.DIARY):
        widest = max(metrics.horizontalAdvance(r[column]) for r in texts)
        assert header.sectionSize(column) >= widest, column.name


@given(
    st.lists(
        st.builds(
            DiaryEntry,
            st.just(date(2026, 3, 28)),
            st.just("Europe/Amsterdam"),
            st.integers(1, 5),
            st.one_of(st.none(), st.integers(0, 200)),
            st.one_of(st.none(), st.integers(0, 12)),
            st.one_of(st.none(), st.integers(0, 200)),
            st.one_of(st.none(), st.sampled_from([time(23, 5), time(1, 30)])),
            st.one_of(st.none(), st.sampled_from([time(6, 40), time(9, 0)])),
            st.one_of(st.none(), st.text(max_size=50)),
        ),
        max_size=40,
    )
)
def test_diary_entries_are_ranked_for_the_column_by_their_widest_text(
    entries: list[DiaryEntry],
) -> None:
    """The ranking writes a text out once for entries that read alike that far: each
    entry's length is still its own widest text's."""
    length = ranking_length()
    assert [length(e) for e in entries] == [len(diary_text(e, widest=True)) for e in entries]
