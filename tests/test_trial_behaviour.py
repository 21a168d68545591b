"""A personal trial in the running app and the store: off nights bring no reminder and are
neither planned nor missed, a dose on one is asked about and counted as a deviation, the
stock lasts longer, and the trial is a stored record with its plan and seed.

A real store on a real file, the companion with an injected clock (as tests/test_companion.py).
"""

import csv
import sqlite3
from contextlib import closing
from datetime import UTC, date, timedelta
from pathlib import Path

import pytest

from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Ahead, Supplement, days_left
from bedtime.core.errors import InvalidInput
from bedtime.core.history import NightStatus, night_records
from bedtime.core.insights import insights
from bedtime.core.settings import Settings
from bedtime.core.trial_plan import (
    Arm,
    NoTrialRunning,
    OffNightDose,
    TrialPlan,
    TrialRunning,
    new_trial,
    periods,
)
from bedtime.export import write_csv
from bedtime.store.backup import back_up, import_backup
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from bedtime.ui.tray import wording
from tests.fakes import AMS, local
from tests.test_companion import App, reminders

FRI = date(2026, 11, 20)
SEED = 20261120


@pytest.fixture
def app(tmp_path: Path) -> App:
    app = App(tmp_path / "bedtime.db", local(FRI, 18))
    app.add(stock=60, low_days=7)
    app.start()
    return app


def started(app: App) -> App:
    trial = app.companion.draft_trial(SEED)
    app.companion.start_trial(trial)
    return app


def first_night(app: App, arm: Arm) -> date:
    trial = app.companion.trial()
    assert trial is not None
    return next(first for first, _, a in periods(trial.plan) if a is arm)


def test_a_trial_starts_tonight_and_is_stored_with_its_plan_and_seed(app: App) -> None:
    started(app)
    trial = app.companion.trial()
    assert trial is not None
    assert trial.plan.start == FRI  # bedtime (23:00) still ahead at 18:00
    assert (trial.plan.pairs, trial.plan.period_nights, trial.plan.wash_in_nights) == (8, 7, 3)
    assert trial.plan.seed == SEED and trial.zone == "Europe/Amsterdam"
    reopened = Store(open_database(app.store.file()).conn)
    assert reopened.latest_trial() == trial  # recomputable from what is stored
    with pytest.raises(TrialRunning):
        app.companion.start_trial(app.companion.draft_trial(SEED + 1))


def test_an_off_night_has_no_reminder_and_the_tray_says_so(app: App) -> None:
    started(app)
    off = first_night(app, Arm.OFF)
    on = first_night(app, Arm.ON)
    app.run_until(local(max(on, off) + timedelta(days=1), 10))
    nights = {night for _, _, night in reminders(app)}
    assert off not in nights and on in nights
    app.clock.instant = local(off, 20)
    status = app.companion.status()
    assert status.tonight.off
    week = (off - FRI).days // 7 + 1
    assert wording.tonight(status) == f"Off night (trial, week {week} of 16, not counted)"
    app.clock.instant = local(off + timedelta(days=4), 20)
    assert wording.tonight(app.companion.status()) == f"Off night (trial, week {week} of 16)"


def test_a_dose_on_an_off_night_is_asked_about_then_logged_as_a_deviation(app: App) -> None:
    started(app)
    off = first_night(app, Arm.OFF)
    app.clock.instant = local(off, 22)
    with pytest.raises(OffNightDose, match="off night in your trial"):
        app.companion.take(None)
    assert app.store.intakes() == []
    intake, _ = app.companion.take(None, deviation=True)
    assert intake.night == off
    app.clock.instant = local(off + timedelta(days=1), 9)
    app.companion.rate(DiaryEntry(off, "Europe/Amsterdam", 4))
    answer = app.companion.trial_result()
    assert answer is not None
    result, observations = answer
    assert result.deviating >= 1 and not result.finished  # the interim view
    assert next(o for o in observations if o.night == off).took


def test_off_nights_are_not_planned_nights_and_not_in_the_ordinary_comparison(
    app: App,
) -> None:
    started(app)
    trial = app.companion.trial()
    assert trial is not None
    last = FRI + timedelta(days=27)  # two pairs, no dose at all, every night rated 3
    for k in range(28):
        app.store.rate(DiaryEntry(FRI + timedelta(days=k), "Europe/Amsterdam", 3), local(FRI, 9))
    now = local(last + timedelta(days=1), 12)
    records = night_records(
        FRI, last, [], app.store.diary(), {}, now=now, settings=Settings(), zone=AMS,
        first_use=FRI, trial=trial,
    )  # fmt: skip
    statuses = {r.night: r.status for r in records}
    for first, end, arm in periods(trial.plan)[:4]:
        expected = NightStatus.OFF if arm is Arm.OFF else NightStatus.MISSED
        assert {statuses[first], statuses[end]} == {expected}
    figures = insights(records, Settings(), trial)
    assert figures.planned == 14  # the on nights only
    assert figures.rated_without == 0 and figures.trial_rated == 28


def test_the_stock_forecast_skips_off_nights(app: App) -> None:
    started(app)
    trial = app.companion.trial()
    assert trial is not None
    s = Supplement(1, "Glycinate", "glycinate", 100, 1, 14, 7)
    # 14 doses; in the first four weeks half the nights are off: 28 nights.
    assert days_left(s) == 14
    assert days_left(s, Ahead(FRI, trial)) == 28
    assert days_left(s, Ahead(trial.last - timedelta(days=2), trial)) == 14 + (
        sum(a is Arm.OFF for a in trial.plan.arms[-1:]) * 3
    )


def test_stopping_ends_the_off_nights_and_keeps_the_record(app: App) -> None:
    started(app)
    off = first_night(app, Arm.OFF)
    app.clock.instant = local(off, 12)
    stopped = app.companion.stop_trial()
    assert stopped.stopped == off - timedelta(days=1) and stopped.stopped_early
    assert not app.store.night_state(off).off
    with pytest.raises(NoTrialRunning):
        app.companion.stop_trial()
    app.companion.start_trial(app.companion.draft_trial(SEED + 1))  # a new one may start
    assert len(app.store.trials()) == 2


def test_the_export_names_each_trial_nights_period_and_arm(app: App, tmp_path: Path) -> None:
    started(app)
    trial = app.companion.trial()
    assert trial is not None
    for k in (0, 3, 7, 200):
        app.store.rate(DiaryEntry(FRI + timedelta(days=k), "Europe/Amsterdam", 4), local(FRI, 9))
    out = tmp_path / "log.csv"
    write_csv(out, app.store.intakes(), app.store.diary(), app.store.trials())
    with out.open(newline="") as f:
        rows = {row["night"]: row for row in csv.DictReader(f)}
    arms = trial.plan.arms
    assert [rows[str(FRI)][c] for c in ("trial_period", "trial_arm", "trial_counted")] == [
        "1",
        arms[0].value,
        "no",
    ]
    assert rows[str(FRI + timedelta(days=3))]["trial_counted"] == "yes"
    assert rows[str(FRI + timedelta(days=7))]["trial_period"] == "2"
    assert rows[str(FRI + timedelta(days=7))]["trial_arm"] == arms[1].value
    far = rows[str(FRI + timedelta(days=200))]
    assert (far["trial_period"], far["trial_arm"], far["trial_counted"]) == ("", "", "")


def test_a_trial_travels_in_a_backup_and_a_bad_one_is_refused(app: App, tmp_path: Path) -> None:
    started(app)
    copy = tmp_path / "copy.db"
    back_up(app.store.conn, copy)
    other = Store(open_database(tmp_path / "other" / "bedtime.db").conn)
    import_backup(other.conn, copy, other.file())
    assert other.latest_trial() == app.companion.trial()
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.execute("UPDATE trials SET pairs = 3")
    with pytest.raises(InvalidInput, match="trials row 1, pairs: must be a whole number from 6"):
        import_backup(other.conn, copy, other.file())
    with closing(sqlite3.connect(copy)) as conn, conn:  # each value allowed, not together
        conn.execute("UPDATE trials SET pairs = 8, wash_in_nights = 4")
    with pytest.raises(InvalidInput, match="trials row 1: wash-in: must be 0 to 3 nights"):
        import_backup(other.conn, copy, other.file())
    assert other.latest_trial() == app.companion.trial()  # nothing changed


def test_every_night_status_has_words_and_a_place_in_the_chart() -> None:
    """An off night once reached History's chart as a status it refused."""
    from bedtime.ui.history.chart_model import STATUSES, ChartNight
    from bedtime.ui.history.night_words import STATUS_WORDS

    for status in NightStatus:
        ChartNight(FRI, status.value, 0, None, None, None, "")
        assert status.value in STATUSES
        assert status is NightStatus.TAKEN or status in STATUS_WORDS


def test_starting_a_trial_is_using_bedtime(tmp_path: Path) -> None:
    """A trial started from the command line before anything else: its nights are planned
    ones (first use was once recorded only when first asked for, days later)."""
    store = Store(open_database(tmp_path / "bedtime.db").conn)
    started = local(FRI, 18)
    store.start_trial(new_trial(started, AMS, Settings(), SEED), FRI)
    assert store.first_use(started + timedelta(days=14)) == started.astimezone(UTC)


def test_the_low_stock_notice_counts_the_off_nights_ahead(tmp_path: Path) -> None:
    """Five doses left, a warning at seven nights: low on every-night dosing, not when the
    trial's first week is off (five doses then last twelve nights)."""
    seed = next(s for s in range(100) if TrialPlan(FRI, 7, 8, 3, s).arms[0] is Arm.OFF)
    app = App(tmp_path / "bedtime.db", local(FRI, 18))
    app.add(stock=10, low_days=7)  # 2 a dose: five doses
    app.companion.start_trial(app.companion.draft_trial(seed))
    app.start()
    assert [k for _, k, _ in app.screen.shown if k.startswith("low:")] == []
    ahead = Ahead(FRI, app.companion.trial())
    assert wording.low_stock(app.store.supplements(), ahead).startswith("Glycinate: 12 nights")
    app.companion.stop_trial()  # every night a dose again: five nights, low
    assert [k for _, k, _ in app.screen.shown if k.startswith("low:")] == ["low:Glycinate"]
