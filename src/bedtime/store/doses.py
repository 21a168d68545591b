"""The doses logged: taken under the nightly limit, corrected, deleted and put back; each one
moves the stock of its supplement in the same transaction."""

import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from ..core.dosing import Intake, Supplement, check_dose, stock_after
from ..core.errors import InvalidInput
from ..core.nights import bedtime_of, night_of
from ..core.settings import Settings
from ..core.trial_plan import check_dose as check_trial_dose
from ..core.values import quantity
from ..core.wording import _
from .database import transaction
from .row_values import known_zone, read, utc, utc_text
from .supplements import Supplements
from .trials import Trials

# The columns a dose is read from, in the order `_unchecked_intake` takes them: by position,
# as keyword arguments and names cost a third of reading years of doses.
_COLUMNS = "uid, at_utc, night, zone, supplement_id, name, units, mg, bedtime_utc"


def _unchecked_intake(row: sqlite3.Row) -> Intake:
    """The dose ROW (the _COLUMNS) holds; raises (for `read`) on a value Bedtime never
    writes."""
    uid, at, night, zone, supplement_id, name, units, mg, bedtime = row
    return Intake(
        uid,
        utc(at),
        date.fromisoformat(night),
        known_zone(zone),
        supplement_id,
        name,
        units,
        mg,
        utc(bedtime),
    )


def _intake(row: sqlite3.Row) -> Intake:
    return read("a dose", lambda: _unchecked_intake(row))


class Doses:
    def __init__(self, conn: sqlite3.Connection, supplements: Supplements, trials: Trials) -> None:
        self.conn = conn
        self.supplements = supplements
        self.trials = trials

    def take(
        self,
        name: str | None,
        units: float | None,
        at: datetime,
        zone: ZoneInfo,
        settings: Settings,
        *,
        force: bool = False,
        deviation: bool = False,
    ) -> tuple[Intake, Supplement]:
        """Log a dose taken AT and lower the stock, in one transaction; or refuse by the rules.

        The check and the write share the transaction, so a dose logged at the same moment by
        another process (tray and command line) cannot slip past the limit. A dose on a
        trial's off night needs DEVIATION: the user was told it departs from the plan.
        """
        night = night_of(at, zone, settings)
        with transaction(self.conn):
            check_trial_dose(self.trials.latest(), night, confirmed=deviation)
            supplement = self.supplements.named(name)
            dose_units = supplement.units_per_dose if units is None else units
            mg = check_dose(
                supplement, dose_units, self.night_total(night), settings.limit_mg, force=force
            )
            import uuid  # here, not for every read: it brings the platform module along

            intake = Intake(
                uid=str(uuid.uuid4()),
                at=at.astimezone(UTC),
                night=night,
                zone=zone.key,
                supplement_id=supplement.id,
                name=supplement.name,
                units=dose_units,
                mg=mg,
                bedtime=bedtime_of(night, settings, zone).astimezone(UTC),
            )
            self._insert(intake)
            remaining = stock_after(supplement, dose_units)
            self.supplements.set_stock(supplement.id, remaining)
        return intake, replace(supplement, stock_units=remaining)

    def undo_last(self) -> Intake | None:
        """Remove the most recently logged dose and give its units back to the stock."""
        with transaction(self.conn):
            row = self.conn.execute(
                f"SELECT {_COLUMNS} FROM intakes ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            self.conn.execute("DELETE FROM intakes WHERE uid = ?", (row["uid"],))
            self.supplements.give_back(row["supplement_id"], row["units"])
        return _intake(row)

    def delete(self, uid: str) -> Intake:
        """Remove a logged dose and give its units back to the stock; the dose, for undo."""
        with transaction(self.conn):
            row = self._row(uid)
            self.conn.execute("DELETE FROM intakes WHERE uid = ?", (uid,))
            self.supplements.give_back(row["supplement_id"], row["units"])
        return _intake(row)

    def put(self, intake: Intake) -> None:
        """Store INTAKE under its uid, replacing the dose there (an edit) or adding it back (an
        undo); the stock follows the difference in units, and never goes below zero."""
        with transaction(self.conn):
            old = self.conn.execute(
                "SELECT supplement_id, units FROM intakes WHERE uid = ?", (intake.uid,)
            ).fetchone()
            if old is not None:
                self.supplements.give_back(old["supplement_id"], old["units"])
                self.conn.execute("DELETE FROM intakes WHERE uid = ?", (intake.uid,))
            self._insert(intake)
            self.supplements.give_back(intake.supplement_id, -intake.units)

    def night_total(self, night: date) -> float:
        row = self.conn.execute(
            "SELECT coalesce(sum(mg), 0) FROM intakes WHERE night = ?", (night.isoformat(),)
        ).fetchone()
        return quantity(row[0])

    def taken_on(self, night: date) -> bool:
        """Whether any dose is logged for NIGHT."""
        taken = self.conn.execute(
            "SELECT 1 FROM intakes WHERE night = ? LIMIT 1", (night.isoformat(),)
        ).fetchone()
        return taken is not None

    def of_nights(self, first: date = date.min, last: date = date.max) -> list[Intake]:
        """Doses of the nights FIRST … LAST (default: all), in the order they were taken."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM intakes WHERE night BETWEEN ? AND ? ORDER BY at_utc, id",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
        return read("a dose", lambda: [_unchecked_intake(row) for row in rows])

    def _insert(self, intake: Intake) -> None:
        self.conn.execute(
            "INSERT INTO intakes (uid, at_utc, night, zone, supplement_id, name, units, mg,"
            " bedtime_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                intake.uid,
                utc_text(intake.at),
                intake.night.isoformat(),
                intake.zone,
                intake.supplement_id,
                intake.name,
                intake.units,
                intake.mg,
                utc_text(intake.bedtime),
            ),
        )

    def _row(self, uid: str) -> sqlite3.Row:
        row: sqlite3.Row | None = self.conn.execute(
            f"SELECT {_COLUMNS} FROM intakes WHERE uid = ?", (uid,)
        ).fetchone()
        if row is None:
            raise InvalidInput(
                "dose", _("is no longer in the log; it may have been changed elsewhere"), uid
            )
        return row
