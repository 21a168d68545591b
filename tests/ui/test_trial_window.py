"""The trial's window and its start dialog, on a real store with the test clock (offscreen)."""

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from bedtime.app.companion import Companion
from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Supplement
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from bedtime.ui.history.trial_start_dialog import TrialStartDialog
from bedtime.ui.history.trial_window import TrialWindow
from tests.fakes import FakeClock, RecordedAlarms, Screen, local

FRI = date(2026, 11, 20)


@pytest.fixture
def companion(tmp_path: Path) -> Iterator[Companion]:
    store = Store(open_database(tmp_path / "bedtime.db").conn)
    clock = FakeClock(local(FRI, 18))
    store.add_supplement(Supplement(0, "Citrate", "citrate", 100, 2, 30, 3), local(FRI, 12))
    yield Companion(store, clock, RecordedAlarms(), Screen())
    store.conn.close()


def test_without_a_trial_it_explains_and_offers_to_start(
    companion: Companion, qtbot: QtBot
) -> None:
    window = TrialWindow(companion)
    qtbot.addWidget(window)
    assert window.heading.text() == "No trial yet"
    assert "not blinded" in window.sentence.text()
    assert window.start_button.isEnabled() and not window.stop_button.isEnabled()


def test_the_start_dialog_follows_the_shape_and_starts_the_plan_it_shows(
    companion: Companion, qtbot: QtBot
) -> None:
    dialog = TrialStartDialog(companion)
    qtbot.addWidget(dialog)
    assert "8 pairs of 1-week periods" in dialog.explanation.text()
    assert len(dialog.plan.toPlainText().splitlines()) == 16
    dialog.period.setValue(14)
    dialog.pairs.setValue(6)
    assert dialog.wash_in.maximum() == 10
    assert "6 pairs of 2-week periods" in dialog.explanation.text()
    assert len(dialog.plan.toPlainText().splitlines()) == 12
    dialog.period.setValue(28)
    # 6 pairs of 4 weeks is 336 nights; 7 pairs would be over a year, so not offered.
    dialog.pairs.setValue(7)
    assert not dialog.start_button.isEnabled()
    assert dialog.problem.text().startswith("length: 7 pairs of 28-night periods")
    dialog.pairs.setValue(6)
    assert dialog.start_button.isEnabled() and dialog.problem.text() == ""
    shown = dialog.plan.toPlainText()
    assert dialog.trial is not None
    companion.start_trial(dialog.trial)
    stored = companion.trial()
    assert stored == dialog.trial and stored.plan.period_nights == 28
    assert shown.splitlines()[0].endswith(stored.plan.arms[0].value)
    assert isinstance(dialog.buttons, QDialogButtonBox)


def test_a_running_trial_shows_its_interim_view_and_can_be_stopped(
    companion: Companion, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    companion.start_trial(companion.draft_trial(11))
    for k in range(10):
        night = FRI + timedelta(days=k)
        companion.store.rate(DiaryEntry(night, "Europe/Amsterdam", 4), local(night, 23))
    companion.clock.instant = local(FRI + timedelta(days=10), 12)  # type: ignore[attr-defined]
    window = TrialWindow(companion)
    qtbot.addWidget(window)
    assert window.heading.text().startswith("Interim view, not the answer yet")
    assert "not blinded" in window.details.text()
    assert window.stop_button.isEnabled() and not window.start_button.isEnabled()
    assert window.chart.trial == companion.trial() and len(window.chart.nights) == 10
    window.chart.resize(800, 300)
    window.chart.grab()  # paints without error
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Yes)
    window.stop_trial()
    stopped = companion.trial()
    assert stopped is not None and stopped.stopped_early
    assert window.heading.text().startswith("Result of your trial")  # it follows the change
    assert window.start_button.isEnabled() and not window.stop_button.isEnabled()


def test_taking_a_dose_on_an_off_night_from_the_tray_asks_first(
    companion: Companion, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bedtime.core.trial_plan import Arm, periods
    from bedtime.ui.tray.take_flow import TakeFlow

    companion.start_trial(companion.draft_trial(11))
    trial = companion.trial()
    assert trial is not None
    off = next(first for first, _, arm in periods(trial.plan) if arm is Arm.OFF)
    companion.clock.instant = local(off, 22)  # type: ignore[attr-defined]
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton) -> None:
        def exec_(box: QMessageBox) -> QMessageBox.StandardButton:
            asked.append(box.windowTitle())
            return reply

        monkeypatch.setattr(QMessageBox, "exec", exec_)

    answer(QMessageBox.StandardButton.No)
    assert not TakeFlow(companion).take()
    assert asked == ["An off night in your trial"] and companion.store.intakes() == []
    answer(QMessageBox.StandardButton.Yes)
    assert TakeFlow(companion).take()
    assert [i.night for i in companion.store.intakes()] == [off]
