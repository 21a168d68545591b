"""The settings window, filled in as a user would (keyboard included), on a real data file.

The companion is the real one with a fixed clock; its alarms are recorded, so a test can see
that Save re-arms tonight's reminder.
"""

import os
import stat
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QStyle,
    QTimeEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from bedtime.app.companion import Companion
from bedtime.core.dosing import Supplement
from bedtime.core.settings import Settings
from bedtime.desktop.launcher import INSTALL_HINT, NotInstalled
from bedtime.services import backup_import
from bedtime.services.autostart import StartAtLogin, XdgAutostart
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from bedtime.ui.settings.supplement_dialog import SupplementDialog
from bedtime.ui.settings.window import SettingsWindow
from tests.crafted_backups import execute, good_backup, loosen
from tests.fakes import FakeClock, RecordedAlarms, Screen, local, login_in

FRI = date(2026, 11, 20)


class Setup:
    def __init__(self, path: Path, qtbot: QtBot) -> None:
        self.store = Store(open_database(path).conn)
        self.alarms = RecordedAlarms()
        self.companion = Companion(self.store, FakeClock(local(FRI, 18)), self.alarms, Screen())
        self.companion.refresh()
        self.qtbot = qtbot
        self.login = login_in(path.parent / "config")
        self.window: SettingsWindow | None = None

    def open(self) -> SettingsWindow:
        # Not handed to qtbot, which closes its widgets before fixtures end: closing the
        # window with changes would ask whether to save them.
        self.window = SettingsWindow(self.companion, self.login)
        self.window.show()
        self.window.activateWindow()
        # Shortcuts (Ctrl+S, Esc) reach the active window only.
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is self.window)
        return self.window

    def dump(self) -> list[str]:
        return list(self.store.conn.iterdump())


@pytest.fixture
def setup(tmp_path: Path, qtbot: QtBot) -> Iterator[Setup]:
    made = Setup(tmp_path / "bedtime.db", qtbot)
    yield made
    if made.window is not None:
        made.window.hide()
        made.window.deleteLater()
    made.store.conn.close()


def type_time(qtbot: QtBot, edit: QTimeEdit, text: str) -> None:
    """Type a time into the field from its first section, as a user would."""
    edit.setFocus()
    edit.setCurrentSectionIndex(0)
    edit.setSelectedSection(edit.sectionAt(0))
    qtbot.keyClicks(edit, text)


def test_it_opens_with_what_is_stored(setup: Setup) -> None:
    setup.store.set_setting("offset", "90")
    setup.store.set_setting("snooze", "20")
    w = setup.open()
    assert w.windowTitle() == "Settings"  # Qt adds " — Bedtime", the app's display name
    assert w.schedule.offset.value() == 90
    assert w.schedule.bedtime.time() == QTime(23, 0)
    assert not w.schedule.per_day.isChecked()
    assert w.reminders.snooze.value() == 20
    assert w.schedule.reminder_line.text() == "Reminder at 21:30 tonight (23:00 − 90 min)"
    assert w.save_button.isEnabled()


def test_every_page_keeps_its_widget_style(setup: Setup) -> None:
    # A page's own attribute named like a QWidget method hides it from every caller.
    w = setup.open()
    for page in (w.schedule, w.supplements, w.amounts, w.reminders, w.general):
        assert isinstance(page.style(), QStyle)


def test_the_live_line_follows_typing_and_crosses_midnight(setup: Setup, qtbot: QtBot) -> None:
    w = setup.open()
    type_time(qtbot, w.schedule.bedtime, "00:30")
    assert w.schedule.bedtime.time() == QTime(0, 30)
    w.schedule.offset.setFocus()
    w.schedule.offset.selectAll()
    qtbot.keyClicks(w.schedule.offset, "120")
    assert w.schedule.reminder_line.text() == (
        "Reminder at 22:30 tonight (00:30 after midnight − 120 min)"
    )
    w.schedule.offset.selectAll()
    qtbot.keyClicks(w.schedule.offset, "30")
    type_time(qtbot, w.schedule.bedtime, "01:30")
    assert w.schedule.reminder_line.text() == (
        "Reminder at 01:00 after midnight (01:30 after midnight − 30 min)"
    )


def test_save_stores_everything_and_re_arms_tonight(setup: Setup, qtbot: QtBot) -> None:
    assert setup.alarms.armed["alert"] == local(FRI, 22)
    w = setup.open()
    type_time(qtbot, w.schedule.bedtime, "23:30")
    w.schedule.offset.setValue(90)
    w.reminders.snooze.setValue(15)
    w.reminders.popup.setChecked(True)
    w.reminders.morning.setChecked(False)
    qtbot.keyClick(w, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not w.isVisible()
    saved, problems = setup.store.settings()
    assert problems == []
    assert saved.bedtimes == (time(23, 30),) * 7
    assert (saved.offset_minutes, saved.snooze_minutes) == (90, 15)
    assert (saved.notify_style, saved.morning_question) == ("popup", False)
    assert setup.alarms.armed["alert"] == local(FRI, 22)  # 23:30 − 90 min
    assert "morning" not in setup.alarms.armed


def test_cancel_and_escape_leave_everything_as_it_was(setup: Setup, qtbot: QtBot) -> None:
    before = setup.dump()
    w = setup.open()
    w.schedule.offset.setValue(100)
    w.amounts.target.setValue(200)
    w.cancel_button.click()
    assert not w.isVisible()
    assert setup.dump() == before
    w.show()
    assert w.schedule.offset.value() == 60  # what was typed is gone
    w.schedule.offset.setValue(100)
    qtbot.keyClick(w, Qt.Key.Key_Escape)
    assert not w.isVisible()
    assert setup.dump() == before


def test_per_day_bedtimes_and_a_morning_bedtime_is_explained_beside_it(
    setup: Setup, qtbot: QtBot
) -> None:
    w = setup.open()
    qtbot.keyClick(w.schedule.per_day, Qt.Key.Key_Space)
    assert w.schedule.days.isVisible()
    saturday = w.schedule.day_edits[5]
    type_time(qtbot, saturday, "09:00")
    problem = w.schedule.problems["bedtime.sat"]
    assert problem.isVisible()
    assert "from 12:00 to 23:59, or after midnight" in problem.text()
    assert saturday.accessibleDescription().startswith("Must be from 12:00")
    assert not w.save_button.isEnabled()
    type_time(qtbot, saturday, "00:45")
    assert not problem.isVisible()
    assert w.save_button.isEnabled()
    w.save_button.click()
    saved = setup.store.settings()[0]
    assert saved.bedtimes[5] == time(0, 45)
    assert saved.bedtimes[4] == time(23, 0)


def test_a_target_above_the_limit_cannot_be_saved(setup: Setup, qtbot: QtBot) -> None:
    w = setup.open()
    w.tabs.setCurrentWidget(w.amounts)
    w.amounts.target.setFocus()
    w.amounts.target.selectAll()
    qtbot.keyClicks(w.amounts.target, "400")
    problem = w.amounts.problems["target_mg"]
    assert problem.isVisible() and "raise the limit first" in problem.text()
    assert not w.save_button.isEnabled()
    w.amounts.limit.setFocus()
    w.amounts.limit.selectAll()
    qtbot.keyClicks(w.amounts.limit, "450")
    assert not problem.isVisible()
    w.save_button.click()
    assert (setup.store.settings()[0].target_mg, setup.store.settings()[0].limit_mg) == (400, 450)


def test_a_problem_shown_or_cleared_moves_no_field(setup: Setup, qtbot: QtBot) -> None:
    """Every problem line keeps its room: no field below it moves when one comes or goes."""
    w = setup.open()
    s, a = w.schedule, w.amounts
    qtbot.keyClick(s.per_day, Qt.Key.Key_Space)
    fields: list[QWidget] = [s.bedtime, *s.day_edits, s.offset, s.wake, s.pause]
    fields += [a.target, a.limit, w.save_button]

    def places() -> list[object]:
        QApplication.processEvents()
        return [f.mapTo(f.window(), f.rect().topLeft()) for f in fields] + [w.size()]

    for page, edit, bad, good in (
        (s, s.day_edits[5], "09:00", "00:45"),
        (s, s.day_edits[0], "10:00", "23:00"),
        (a, a.target, "400", "300"),
    ):
        w.tabs.setCurrentWidget(page)
        before = places()
        if isinstance(edit, QTimeEdit):
            type_time(qtbot, edit, bad)
        else:
            edit.setFocus()
            edit.selectAll()
            qtbot.keyClicks(edit, bad)
        assert not w.save_button.isEnabled()
        assert places() == before, bad
        if isinstance(edit, QTimeEdit):
            type_time(qtbot, edit, good)
        else:
            edit.selectAll()
            qtbot.keyClicks(edit, good)
        assert w.save_button.isEnabled()
        assert places() == before, good
    w.tabs.setCurrentWidget(s)
    type_time(qtbot, s.day_edits[5], "09:00")
    assert s.problems["bedtime.sat"].text().startswith("⚠ Saturday evening: Must be from 12:00")


def test_a_problem_on_another_page_is_named_at_the_bottom(setup: Setup) -> None:
    w = setup.open()
    w.tabs.setCurrentWidget(w.reminders)
    w.amounts.target.setValue(500)
    assert w.problem.isVisible()
    assert w.problem.text().startswith("⚠ Amounts:")


def test_the_health_note_is_shown_until_acknowledged(setup: Setup, qtbot: QtBot) -> None:
    w = setup.open()
    w.tabs.setCurrentWidget(w.amounts)
    assert w.amounts.note.isVisible()
    w.amounts.got_it.click()
    assert not w.amounts.note.isVisible()
    assert setup.store.was_shown("health_note")
    w.hide()
    w.show()
    assert not w.amounts.note.isVisible()
    w.amounts.show_note.click()
    assert w.amounts.note.isVisible()


def answer_dialogs(*fills: Callable[[SupplementDialog], None]) -> None:
    """Answer the supplement dialog each time it opens, with FILLS in turn (its exec()
    blocks the test meanwhile); stop after a few seconds so a dialog that never comes, or
    comes once too often, cannot hang the run."""
    pending = list(fills)
    tries = iter(range(250))

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, SupplementDialog) and dialog.isVisible() and pending:
            pending.pop(0)(dialog)
        elif isinstance(dialog, SupplementDialog) and not pending:
            dialog.reject()
            return
        if pending and next(tries, None) is not None:
            QTimer.singleShot(20, act)

    QTimer.singleShot(0, act)


def answer_inputs(*texts: str) -> list[tuple[str, str]]:
    """Type TEXTS in turn into the real input dialog each time one opens, and keep its title
    and question; stop after a few seconds so a dialog that never comes cannot hang the run."""
    pending = list(texts)
    asked: list[tuple[str, str]] = []
    tries = iter(range(250))

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog) and dialog.isVisible() and pending:
            asked.append((dialog.windowTitle(), dialog.labelText()))
            dialog.setTextValue(pending.pop(0))
            dialog.accept()
        if pending and next(tries, None) is not None:
            QTimer.singleShot(20, act)

    QTimer.singleShot(0, act)
    return asked


def test_supplements_are_added_edited_restocked_and_removed_only_on_save(
    setup: Setup, qtbot: QtBot
) -> None:
    now = local(FRI, 18)
    setup.store.add_supplement(Supplement(0, "Citrate", "citrate", 100, 2, 10, 7), now)
    w = setup.open()
    w.tabs.setCurrentWidget(w.supplements)
    page = w.supplements

    def fill_new(dialog: SupplementDialog) -> None:
        qtbot.keyClicks(dialog.name_edit, "Glycinate")
        dialog.mg_edit.setText("140")
        dialog.stock_edit.setText("60")
        dialog.ok_button.click()

    answer_dialogs(fill_new)
    page.add_button.click()
    assert [s.name for s in page.shown()] == ["Citrate", "Glycinate"]
    assert [s.name for s in setup.store.supplements()] == ["Citrate"]  # not yet

    page.table.selectRow(0)
    asked = answer_inputs("a box", "60")
    page.restock_button.click()
    assert page.shown()[0].stock_units == 70
    # Asked again after the mistake, the question still names the supplement.
    assert asked == [
        ("Restock Citrate", "Units added to Citrate (a new pack):"),
        (
            "Restock Citrate",
            "Must be a number above 0 and at most 5000, such as 60.\n"
            "Units added to Citrate (a new pack):",
        ),
    ]

    said: list[str] = []

    def clash(dialog: SupplementDialog) -> None:
        dialog.name_edit.selectAll()
        qtbot.keyClicks(dialog.name_edit, "glycinate")  # the name of the one just added
        dialog.ok_button.click()

    def rename(dialog: SupplementDialog) -> None:
        said.append(dialog.error_label.text())  # opened again, saying why
        dialog.name_edit.setText("Citrate 200")
        dialog.ok_button.click()

    answer_dialogs(clash, rename)
    page.edit_button.click()
    assert "must differ from the supplements you have (Glycinate)" in said[0]
    assert [s.name for s in page.shown()] == ["Citrate 200", "Glycinate"]

    page.table.selectRow(1)
    page.remove_button.click()
    assert [s.name for s in page.shown()] == ["Citrate 200"]
    w.save_button.click()
    stored = setup.store.supplements()
    assert [(s.name, s.stock_units) for s in stored] == [("Citrate 200", 70)]


def test_the_supplement_dialog_checks_doses_against_the_limit_on_screen(
    setup: Setup, qtbot: QtBot
) -> None:
    w = setup.open()
    w.amounts.target.setValue(150)
    w.amounts.limit.setValue(200)  # not saved yet: still the limit the dialog must use
    w.tabs.setCurrentWidget(w.supplements)
    said: list[str] = []

    def fill_new(dialog: SupplementDialog) -> None:
        dialog.mg_edit.setText("250")
        said.append(dialog.dose_label.text())
        dialog.reject()

    answer_dialogs(fill_new)
    w.supplements.add_button.click()
    assert said == ["A dose: 1 × 250 mg = 250 mg elemental, above your daily limit of 200 mg"]


def test_a_restock_of_an_extra_zero_is_asked_again(setup: Setup) -> None:
    setup.store.add_supplement(Supplement(0, "Citrate", "citrate", 100, 1, 10, 7), local(FRI, 18))
    w = setup.open()
    w.tabs.setCurrentWidget(w.supplements)
    asked = answer_inputs("60000", "60")
    w.supplements.table.selectRow(0)
    w.supplements.restock_button.click()
    assert asked[1][1].startswith("Must be a number above 0 and at most 5000")
    assert w.supplements.shown()[0].stock_units == 70


def test_a_limit_lowered_below_a_dose_asks_before_saving(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup.store.add_supplement(Supplement(0, "Citrate", "citrate", 100, 2, 10, 7), local(FRI, 18))
    w = setup.open()
    asked: list[str] = []
    answer = QMessageBox.StandardButton.Cancel

    def question(_parent: object, _title: str, text: str, *_: object) -> object:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "warning", question)
    w.amounts.target.setValue(150)
    w.save_button.click()  # the target alone: nothing to ask
    assert asked == []
    assert setup.store.settings()[0].target_mg == 150

    w.show()
    w.amounts.limit.setValue(180)
    w.save_button.click()
    assert asked == [
        "One dose of Citrate (2 × 100 mg = 200 mg) is above your daily limit of 180 mg on its "
        "own.\n\nA dose above your limit is logged only once you confirm it. Save the new limit?"
    ]
    assert w.isVisible() and w.tabs.currentWidget() is w.amounts
    assert setup.store.settings()[0].limit_mg == 350

    answer = QMessageBox.StandardButton.Save
    w.save_button.click()
    assert not w.isVisible()
    assert setup.store.settings()[0].limit_mg == 180


def test_pause_until_a_date_and_resume(setup: Setup) -> None:
    w = setup.open()
    w.schedule.pause.setChecked(True)
    w.schedule.pause_until.setDate(w.schedule.pause_until.date().addDays(-3))  # 3 nights
    w.save_button.click()
    assert setup.store.paused_through(FRI) == FRI + timedelta(days=3)
    assert setup.alarms.armed["alert"] == local(FRI + timedelta(days=4), 22)
    w.show()
    assert w.schedule.pause.isChecked()
    w.schedule.pause.setChecked(False)
    w.save_button.click()
    assert setup.store.paused_through(FRI) is None
    assert setup.alarms.armed["alert"] == local(FRI, 22)


def test_closing_with_changes_asks_and_can_keep_them(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = setup.open()
    w.schedule.offset.setValue(45)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    w.close()
    assert w.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    w.close()
    assert not w.isVisible()
    assert setup.store.settings()[0].offset_minutes == 45


def test_a_change_kept_outside_the_settings_counts_as_a_change_too(setup: Setup) -> None:
    # A pause, a supplement, start at login: not settings pairs, yet closing asks about them.
    now = local(FRI, 18)
    setup.store.add_supplement(Supplement(0, "Citrate", "citrate", 100, 2, 10, 7), now)
    w = setup.open()
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == [p.TITLE for p in w.pages]
    changes: list[Callable[[], None]] = [
        lambda: w.schedule.pause.setChecked(True),
        w.supplements.remove_button.click,
        lambda: w.general.login.setChecked(True),
    ]
    for change in changes:
        w.load()
        assert not w.has_changes()
        change()
        assert w.has_changes()
    w.load()  # Cancel: nothing asked, nothing kept
    assert not w.has_changes()


def test_the_keyboard_reaches_every_page_and_control(setup: Setup, qtbot: QtBot) -> None:
    w = setup.open()
    for index in range(w.tabs.count()):
        w.tabs.setCurrentIndex(index)
        page = w.tabs.currentWidget()
        assert page.accessibleName()
    # Ctrl+Tab moves through the pages.
    w.tabs.setCurrentIndex(0)
    w.tabs.setFocus()
    qtbot.keyClick(w.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert w.tabs.currentIndex() == 1
    named = [
        w.schedule.bedtime,
        w.schedule.offset,
        w.schedule.wake,
        w.amounts.target,
        w.amounts.limit,
        w.reminders.interval,
        w.reminders.count,
        w.reminders.snooze,
        w.general.language,
        w.supplements.table,
    ]
    assert all(widget.accessibleName() for widget in named)
    assert w.general.login.isEnabled() and w.general.login.accessibleName()


def test_import_replaces_the_data_and_the_window_follows(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    other = Store(open_database(tmp_path / "other.db").conn)
    other.set_setting("offset", "100")
    other.conn.close()
    w = setup.open()
    w.tabs.setCurrentWidget(w.general)
    monkeypatch.setattr(
        "bedtime.ui.settings.general_page.QFileDialog.getOpenFileName",
        lambda *a, **k: (str(tmp_path / "other.db"), ""),
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    w.general.import_button.click()
    qtbot.waitUntil(lambda: bool(told))
    assert setup.store.settings()[0].offset_minutes == 100
    assert w.schedule.offset.value() == 100
    assert setup.alarms.armed["alert"] == local(FRI, 21, 20)
    assert "earlier data is at" in told[0]


def test_a_bad_import_says_why_and_changes_nothing(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    (tmp_path / "notes.db").write_text("not a database")
    before = setup.dump()
    w = setup.open()
    monkeypatch.setattr(
        "bedtime.ui.settings.general_page.QFileDialog.getOpenFileName",
        lambda *a, **k: (str(tmp_path / "notes.db"), ""),
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    w.general.import_button.click()
    qtbot.waitUntil(lambda: bool(warned))
    assert warned == [
        "Nothing was changed. The file must be a Bedtime backup (a .db file made by "
        f"Back up now) (got '{tmp_path / 'notes.db'}')."
    ]
    assert setup.dump() == before


def choose_import(monkeypatch: pytest.MonkeyPatch, source: Path) -> dict[str, list[str]]:
    """Answer the file dialog with SOURCE and the question with Yes; collect what is told."""
    monkeypatch.setattr(
        "bedtime.ui.settings.general_page.QFileDialog.getOpenFileName",
        lambda *a, **k: (str(source), ""),
    )
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    told: dict[str, list[str]] = {"information": [], "warning": []}
    for kind, lines in told.items():
        monkeypatch.setattr(QMessageBox, kind, lambda _p, _t, text, lines=lines: lines.append(text))
    return told


def test_the_import_runs_off_the_gui_thread_with_progress(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    source = good_backup(tmp_path / "saved.db", paused_nights=3000)
    threads: list[threading.Thread] = []
    real = backup_import.import_backup

    def spied(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(backup_import, "import_backup", spied)
    told = choose_import(monkeypatch, source)
    w = setup.open()
    w.general.import_button.click()
    assert not w.general.import_button.isEnabled()  # one import at a time
    qtbot.waitUntil(lambda: bool(told["information"]), timeout=20_000)
    assert threads and threads[0] is not threading.main_thread()
    assert w.general.progress.maximum() == 3006  # every row of the backup, counted
    assert w.general.import_button.isEnabled()
    assert [s.name for s in setup.store.supplements()] == ["Mg citrate"]
    assert w.schedule.offset.value() == 90
    assert told["information"][0].startswith("The backup was imported. Your earlier data is at")


def test_a_hostile_backup_is_refused_in_the_window_and_changes_nothing(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    source = good_backup(tmp_path / "saved.db")
    execute(
        source,
        "DROP TABLE diary",
        "CREATE VIEW diary AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
        " SELECT * FROM n",
    )
    before = setup.dump()
    told = choose_import(monkeypatch, source)
    w = setup.open()
    w.general.import_button.click()
    qtbot.waitUntil(lambda: bool(told["warning"]), timeout=10_000)
    assert told["warning"] == [
        "Nothing was changed. The file must be a Bedtime backup (a .db file made by Back "
        f"up now); in place of its sleep diary table it has a view (got '{source}')."
    ]
    assert setup.dump() == before
    assert not list(tmp_path.glob(".bedtime-import-*"))


def test_what_was_set_right_is_shown_after_the_import(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    source = good_backup(tmp_path / "saved.db")
    loosen(source, "supplements")
    execute(source, "UPDATE supplements SET form = 'Citraat', units_per_dose = 250")
    told = choose_import(monkeypatch, source)
    w = setup.open()
    w.general.import_button.click()
    qtbot.waitUntil(lambda: bool(told["information"]), timeout=10_000)
    assert told["information"][0].endswith(
        "Some values were imported as they were, though Bedtime would not accept them as new "
        "input, or were set right:\n"
        "• supplements row 1, form: set right to 'citrate' (was 'Citraat')\n"
        "• supplements row 1, amount per dose: kept as it was (250), though new input must be a "
        "number above 0 and at most 100\n"
        "• supplements row 1: kept as it was, though Bedtime would now ask first: one dose of "
        "Mg citrate (250 × 100 mg = 25000 mg) is above your daily limit of 350 mg on its own"
    )


def test_stop_ends_the_import_with_nothing_changed(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    source = good_backup(tmp_path / "saved.db", paused_nights=20_000)
    before = setup.dump()
    told = choose_import(monkeypatch, source)
    w = setup.open()
    w.general.import_button.click()
    [stop] = w.general.progress.findChildren(QPushButton)
    assert stop.text() == "Stop"
    stop.click()
    qtbot.waitUntil(lambda: bool(told["warning"]), timeout=10_000)
    assert told["warning"] == ["The import was stopped. Nothing was changed."]
    assert setup.dump() == before
    assert not list(tmp_path.glob(".bedtime-import-*"))


def test_an_import_whose_page_is_destroyed_stops_cleanly(
    setup: Setup,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
    capfd: pytest.CaptureFixture[str],
) -> None:
    source = good_backup(tmp_path / "saved.db", paused_nights=20_000)
    before = setup.dump()
    told = choose_import(monkeypatch, source)
    failures: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    w = setup.open()
    w.general.import_button.click()
    [thread] = [t for t in threading.enumerate() if t.name == "backup-import"]
    w.general.deleteLater()  # only the page goes; the window and the app stay
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=20_000)
    qtbot.wait(200)  # what the thread emitted last is delivered
    assert failures == []
    assert "deleted" not in capfd.readouterr().err
    assert told == {"information": [], "warning": []}  # no one left to tell
    assert setup.dump() == before  # stopped before anything changed
    assert not list(tmp_path.glob(".bedtime-import-*"))


def test_back_up_and_export_write_their_files(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup.store.set_setting("offset", "75")
    w = setup.open()
    targets = iter([str(tmp_path / "copy.db"), str(tmp_path / "log.csv")])
    monkeypatch.setattr(
        "bedtime.ui.settings.general_page.QFileDialog.getSaveFileName",
        lambda *a, **k: (next(targets), ""),
    )
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    umask = os.umask(0o022)  # the usual one: both would be readable to everyone by default
    try:
        w.general.backup_button.click()
        w.general.export_button.click()
    finally:
        os.umask(umask)
    # A health log: only its owner may read either.
    assert [stat.S_IMODE((tmp_path / f).stat().st_mode) for f in ("copy.db", "log.csv")] == [
        0o600,
        0o600,
    ]
    copy = Store(open_database(tmp_path / "copy.db").conn)
    assert copy.settings()[0] == replace(Settings(), offset_minutes=75)
    copy.conn.close()
    assert (tmp_path / "log.csv").read_text().startswith("night,weekday")


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box nobody answers would hang the run: fail with its text instead."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"unexpected message box: {args[1:]}")

    for name in ("warning", "information", "question", "critical"):
        monkeypatch.setattr(QMessageBox, name, refuse)


def test_the_supplement_table_shows_whole_names(setup: Setup) -> None:
    now = local(FRI, 18)
    for name, form in (("Magnesium citrate", "citrate"), ("Glycinate", "bisglycinate")):
        setup.store.add_supplement(Supplement(0, name, form, 100, 2, None, 7), now)
    w = setup.open()
    w.tabs.setCurrentWidget(w.supplements)
    table = w.supplements.table
    widest = max(table.fontMetrics().horizontalAdvance(n) for n in ("Magnesium citrate",))
    assert table.columnWidth(0) >= widest


# -- start at login ------------------------------------------------------------------------


def test_start_at_login_shows_the_entry_and_save_switches_it(setup: Setup) -> None:
    entry = setup.login.writer.file
    w = setup.open()
    assert not w.general.login.isChecked() and w.general.login.isEnabled()
    w.general.login.setChecked(True)
    assert w.has_changes() and w.save_button.isEnabled()
    w.save()
    assert not w.isVisible()
    assert "--autostart" in entry.read_text()

    # Deleted by hand: the box reads off at the next opening.
    entry.unlink()
    w.show()
    assert not w.general.login.isChecked()
    w.general.login.setChecked(True)
    w.cancel()
    assert not entry.exists()  # Cancel leaves the login entry alone too

    setup.login.set(True)  # e.g. `bedtime config set start_at_login on`
    w.show()
    assert w.general.login.isChecked()
    w.general.login.setChecked(False)
    w.save()
    assert not entry.exists() and entry.parent.is_dir()


def test_a_throwaway_copy_cannot_switch_it_on_and_says_why(setup: Setup, tmp_path: Path) -> None:
    def throwaway() -> list[str]:
        raise NotInstalled(INSTALL_HINT)

    setup.login = StartAtLogin(XdgAutostart(tmp_path / "config"), throwaway)
    w = setup.open()
    assert not w.general.login.isEnabled()
    assert w.general.login_hint.text() == INSTALL_HINT


def test_when_the_entry_cannot_be_written_the_rest_is_saved_and_the_window_stays(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "config").write_text("a file where the folder should be")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    w = setup.open()
    w.schedule.offset.setValue(75)
    w.general.login.setChecked(True)
    w.save()
    assert w.isVisible()
    assert warned and warned[0].startswith(
        "Your other settings were saved; start at login was not changed:"
    )
    assert setup.store.settings()[0].offset_minutes == 75
    assert not w.general.login.isChecked()  # the box tells the truth again


def test_ctrl_tab_changes_page_from_every_field(setup: Setup, qtbot: QtBot) -> None:
    """Whichever control has the focus (time and number fields included), Ctrl+Tab and
    Ctrl+Shift+Tab move to the next and previous page, as Ctrl+PgDown and Ctrl+PgUp do."""
    setup.store.add_supplement(
        Supplement(0, "Magnesium citrate", "citrate", 100, 2, None, 7), local(FRI, 18)
    )
    w = setup.open()
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    w.schedule.per_day.setChecked(True)  # every field in view
    w.schedule.pause.setChecked(True)
    stuck = []
    for index in range(w.tabs.count()):
        w.tabs.setCurrentIndex(index)
        page = w.tabs.currentWidget()
        fields = [
            widget
            for widget in page.findChildren(QWidget)
            if widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        assert fields
        for field in fields:
            for key, modifiers, step in (
                (Qt.Key.Key_Tab, ctrl, 1),
                (Qt.Key.Key_Backtab, ctrl | shift, -1),
                (Qt.Key.Key_PageDown, ctrl, 1),
            ):
                w.tabs.setCurrentIndex(index)
                field.setFocus()
                qtbot.waitUntil(field.hasFocus)
                qtbot.keyClick(QApplication.focusWidget(), key, modifiers)
                if w.tabs.currentIndex() != (index + step) % w.tabs.count():
                    stuck.append((w.tabs.tabText(index), field.accessibleName(), key.name))
    assert stuck == [], "\n".join(map(str, stuck))


def test_open_data_folder_without_a_file_manager_says_so_with_the_path(
    setup: Setup, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real xdg-open, on a desktop that has no file manager and no browser to fall back
    on: it exits with 3 ("no method available"), which the user must hear about. (Without
    xdg-open at all, Qt's own opener says it failed: the same message.)"""
    empty = tmp_path / "no-desktop"
    empty.mkdir()
    for name in ("XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_FULL_SESSION", "DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    for name in ("XDG_DATA_HOME", "XDG_DATA_DIRS", "XDG_CONFIG_HOME", "XDG_CONFIG_DIRS", "HOME"):
        monkeypatch.setenv(name, str(empty))
    monkeypatch.setenv("BROWSER", "false")  # xdg-open's last resort, a browser, fails too
    w = setup.open()
    w.tabs.setCurrentWidget(w.general)
    qtbot.mouseClick(w.general.open_folder, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.general.message_box is not None, timeout=10_000)
    box = w.general.message_box
    assert box is not None and box.isVisible()
    folder = str(setup.store.file().parent)
    assert "No file manager" in box.text()
    assert box.text().endswith(folder)
    assert box.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    box.close()
