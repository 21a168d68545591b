"""What happened about each night's reminder and morning question: shown, snoozed, skipped,
missed, asked, asked later, told of low stock; read back as the core's night and morning
states."""

import sqlite3
from datetime import date, datetime

from ..core.alerts import NightState
from ..core.morning import MorningState
from ..core.trial_plan import off_night
from ..core.wording import _
from .database import transaction
from .diary import Diary
from .doses import Doses
from .row_values import read, read_night, utc, utc_text
from .trials import Trials


def _instant(text: str | None) -> datetime | None:
    return None if text is None else read(_("a night event's time"), lambda: utc(text))


def _at(event: sqlite3.Row) -> datetime:
    return read(_("a night event's time"), lambda: utc(event["at_utc"]))


class NightEvents:
    def __init__(
        self, conn: sqlite3.Connection, doses: Doses, diary: Diary, trials: Trials
    ) -> None:
        self.conn = conn
        self.doses = doses
        self.diary = diary
        self.trials = trials

    def record(
        self,
        night: date,
        kind: str,
        at: datetime,
        *,
        until: datetime | None = None,
        detail: str | None = None,
    ) -> None:
        """Note that KIND happened about NIGHT at AT (see migrations for the kinds)."""
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO night_events (night, kind, at_utc, until_utc, detail)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    night.isoformat(),
                    kind,
                    utc_text(at),
                    None if until is None else utc_text(until),
                    detail,
                ),
            )

    def night_state(self, night: date) -> NightState:
        """What the log says about NIGHT's evening reminder."""
        events = self._events(night)
        kinds = {row["kind"] for row in events}
        snoozes = [row["until_utc"] for row in events if row["kind"] == "snoozed"]
        return NightState(
            night=night,
            taken=self.doses.taken_on(night),
            skipped="skipped" in kinds,
            paused="paused" in kinds,
            shown=tuple(_at(row) for row in events if row["kind"] == "shown"),
            snoozed_until=_instant(snoozes[-1]) if snoozes else None,
            missed_shown="missed" in kinds,
            off=off_night(self.trials.latest(), night),
        )

    def morning_state(self, night: date) -> MorningState:
        """What the log says about NIGHT's morning question."""
        events = self._events(night)
        later = [row["until_utc"] for row in events if row["kind"] == "later"]
        return MorningState(
            night=night,
            rated=self.diary.rated(night),
            paused=any(row["kind"] == "paused" for row in events),
            asked=sum(row["kind"] == "asked" for row in events),
            later_until=_instant(later[-1]) if later else None,
        )

    def set_skipped(self, night: date, skipped: bool, at: datetime) -> None:
        """Skip NIGHT's reminders, or take the skip back."""
        if skipped:
            self.record(night, "skipped", at)
            return
        with transaction(self.conn):
            self.conn.execute(
                "DELETE FROM night_events WHERE night = ? AND kind = 'skipped'",
                (night.isoformat(),),
            )

    def told_low_stock(self, night: date, name: str) -> bool:
        return (
            self.conn.execute(
                "SELECT 1 FROM night_events WHERE night = ? AND kind = 'low_stock' AND detail = ?",
                (night.isoformat(), name),
            ).fetchone()
            is not None
        )

    def night_kinds(self, first: date, last: date) -> dict[date, frozenset[str]]:
        """The kinds of event of each night FIRST … LAST that has any (for history)."""
        rows = self.conn.execute(
            "SELECT DISTINCT night, kind FROM night_events WHERE night BETWEEN ? AND ?",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
        kinds: dict[date, set[str]] = {}
        for row in rows:
            kinds.setdefault(read_night(row["night"]), set()).add(row["kind"])
        return {night: frozenset(found) for night, found in kinds.items()}

    def _events(self, night: date) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT kind, at_utc, until_utc FROM night_events WHERE night = ? ORDER BY at_utc, id",
            (night.isoformat(),),
        ).fetchall()
