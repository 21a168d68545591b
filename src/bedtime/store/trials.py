"""The personal trials: each one's plan and seed, and the night it was stopped.

Only the plan is stored; which nights are on or off, and the answer, are recomputed from it
and the log (core/trial_plan.py, core/trial_analysis.py).
"""

import sqlite3
from datetime import date, timedelta

from ..core.trial_analysis import Observation
from ..core.trial_plan import NoTrialRunning, Trial, TrialPlan, check_start, running
from .database import transaction
from .row_values import known_zone, read, read_night, utc, utc_text


def _trial(row: sqlite3.Row) -> Trial:
    return read(
        "a trial",
        lambda: Trial(
            plan=TrialPlan(
                start=date.fromisoformat(row["start_night"]),
                period_nights=row["period_nights"],
                pairs=row["pairs"],
                wash_in_nights=row["wash_in_nights"],
                seed=row["seed"],
            ),
            started=utc(row["started_utc"]),
            zone=known_zone(row["zone"]),
            stopped=None
            if row["stopped_night"] is None
            else date.fromisoformat(row["stopped_night"]),
        ),
    )


class Trials:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def all(self) -> list[Trial]:
        """Every trial, oldest first."""
        rows = self.conn.execute("SELECT * FROM trials ORDER BY id").fetchall()
        return [_trial(row) for row in rows]

    def latest(self) -> Trial | None:
        """The trial started last: the running one, or the one whose answer History shows."""
        row = self.conn.execute("SELECT * FROM trials ORDER BY id DESC LIMIT 1").fetchone()
        return None if row is None else _trial(row)

    def start(self, trial: Trial, tonight: date) -> None:
        """Store a new trial; refused while another still runs on TONIGHT or later."""
        with transaction(self.conn):
            check_start(self.latest(), tonight)
            self.conn.execute(
                "INSERT INTO trials (start_night, period_nights, pairs, wash_in_nights, seed,"
                " started_utc, zone) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    trial.plan.start.isoformat(),
                    trial.plan.period_nights,
                    trial.plan.pairs,
                    trial.plan.wash_in_nights,
                    trial.plan.seed,
                    utc_text(trial.started),
                    trial.zone,
                ),
            )

    def stop(self, tonight: date) -> Trial:
        """End the running trial: TONIGHT is no longer part of it. The stopped trial is kept,
        with its answer over the nights it ran (none, if it had not started yet)."""
        with transaction(self.conn):
            row = self.conn.execute("SELECT * FROM trials ORDER BY id DESC LIMIT 1").fetchone()
            if row is None or not running(_trial(row), tonight):
                raise NoTrialRunning()
            last_night = tonight - timedelta(days=1)
            self.conn.execute(
                "UPDATE trials SET stopped_night = ? WHERE id = ?",
                (last_night.isoformat(), row["id"]),
            )
        stopped = self.latest()
        assert stopped is not None
        return stopped

    def observations(self, trial: Trial, through: date) -> list[Observation]:
        """What the log says about each of TRIAL's nights up to THROUGH, for the analysis."""
        span = (trial.plan.start.isoformat(), min(through, trial.last).isoformat())
        took = {
            row[0]
            for row in self.conn.execute(
                "SELECT DISTINCT night FROM intakes WHERE night BETWEEN ? AND ?", span
            )
        }
        paused = {
            row[0]
            for row in self.conn.execute(
                "SELECT DISTINCT night FROM night_events WHERE kind = 'paused'"
                " AND night BETWEEN ? AND ?",
                span,
            )
        }
        rated = {
            row["night"]: row
            for row in self.conn.execute(
                "SELECT night, quality, latency_min, zone FROM diary WHERE night BETWEEN ? AND ?",
                span,
            )
        }
        observations = []
        for night in sorted(took | paused | set(rated)):
            entry = rated.get(night)
            observations.append(
                Observation(
                    night=read_night(night),
                    rating=None if entry is None else entry["quality"],
                    latency_min=None if entry is None else entry["latency_min"],
                    took=night in took,
                    paused=night in paused,
                    zone=None if entry is None else entry["zone"],
                )
            )
        return observations
