"""Reading and writing the log. Every change is one transaction; rules come from core."""

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from ..core import settings as settings_rules
from ..core.alerts import NightState
from ..core.diary import DiaryEntry
from ..core.dosing import Intake, Supplement, check_dose, stock_after
from ..core.errors import InvalidInput
from ..core.morning import MorningState
from ..core.nights import bedtime_of, night_of
from ..core.settings import Settings
from ..core.supplement_changes import Add, Change, Edit, Remove, Restock
from ..core.supplement_input import restocked
from ..core.values import format_hhmm, name_key, parse_hhmm, parse_name, quantity
from .database import StoreError, is_read_only, transaction

T = TypeVar("T")

# The earliest moment anything was logged, or the parameter if that is earlier.
_EARLIEST = (
    "SELECT min(t) FROM ("
    " SELECT min(at_utc) AS t FROM intakes"
    " UNION ALL SELECT min(rated_utc) FROM diary"
    " UNION ALL SELECT min(at_utc) FROM night_events"
    " UNION ALL SELECT min(created_utc) FROM supplements"
    " UNION ALL SELECT min(at_utc) FROM shown_once"
    " UNION ALL SELECT ?)"
)


def _utc_text(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat(timespec="seconds")


def _unreadable(what: str, error: Exception) -> StoreError:
    return StoreError(
        f"the data file holds {what} that Bedtime cannot read ({error}); it was changed "
        "outside Bedtime or damaged. Nothing was changed: restore a backup (bedtime import) "
        "or correct the entry"
    )


def _read(what: str, parse: Callable[[], T]) -> T:
    """PARSE a stored value; a value no version of Bedtime wrote (a file edited by hand, a
    bit flipped inside a value, which no SQLite check can see) is one clear message, never a
    traceback from deep inside a command."""
    try:
        return parse()
    except (ValueError, TypeError, KeyError) as error:  # ZoneInfoNotFoundError is a KeyError
        raise _unreadable(what, error) from None


def _utc(text: str) -> datetime:
    instant = datetime.fromisoformat(text)
    if instant.tzinfo is None:
        raise ValueError(f"{text!r} has no zone")
    return instant


def _zone(text: str) -> str:
    ZoneInfo(text)  # cached: cheap after the first of each zone
    return text


def _supplement(row: sqlite3.Row) -> Supplement:
    return Supplement(
        id=row["id"],
        name=row["name"],
        form=row["form"],
        mg_per_unit=row["mg_per_unit"],
        units_per_dose=row["units_per_dose"],
        stock_units=row["stock_units"],
        low_days=row["low_days"],
    )


def _intake(row: sqlite3.Row) -> Intake:
    return _read(
        "a dose",
        lambda: Intake(
            uid=row["uid"],
            at=_utc(row["at_utc"]),
            night=date.fromisoformat(row["night"]),
            zone=_zone(row["zone"]),
            supplement_id=row["supplement_id"],
            name=row["name"],
            units=row["units"],
            mg=row["mg"],
            bedtime=_utc(row["bedtime_utc"]),
        ),
    )


def _instant(text: str | None) -> datetime | None:
    return None if text is None else _read("a night event's time", lambda: _utc(text))


def _optional_time(text: str | None) -> time | None:
    return None if text is None else parse_hhmm("diary time", text)


def _diary(row: sqlite3.Row) -> DiaryEntry:
    return _read(
        "a sleep diary entry",
        lambda: DiaryEntry(
            night=date.fromisoformat(row["night"]),
            zone=_zone(row["zone"]),
            quality=row["quality"],
            latency_min=row["latency_min"],
            awakenings=row["awakenings"],
            awake_min=row["awake_min"],
            in_bed=_optional_time(row["in_bed"]),
            final_wake=_optional_time(row["final_wake"]),
            note=row["note"],
        ),
    )


def _at(event: sqlite3.Row) -> datetime:
    return _read("a night event's time", lambda: _utc(event["at_utc"]))


def _night(text: str) -> date:
    return _read("a night", lambda: date.fromisoformat(text))


# What the running app notes about its own reminders (shown, snoozed, asked, …) and notes
# shown once: in a read-only data folder the app keeps these in memory (see hold_run_state).
_RUN_STATE = ("night_events", "shown_once")


class Store:
    def __init__(self, conn: sqlite3.Connection) -> None:
        conn.row_factory = sqlite3.Row
        self.conn = conn

    def read_only(self) -> bool:
        """Whether the file was opened for reading only (a read-only data folder).

        sqlite3 has no call that says so; a write that changes no row still asks for the
        write lock, and is refused there."""
        try:
            self.conn.execute("UPDATE main.first_use SET id = id WHERE 0")
        except sqlite3.Error as error:
            if is_read_only(error):
                return True
            raise
        return False

    def hold_run_state(self) -> None:
        """Keep the app's notes about its reminders in memory, for a file it cannot write.

        Without a record of the reminder it shows, the app could neither show it nor nudge
        after it. These tables get copies in the connection's own TEMP schema, which SQLite
        reads and writes in place of the file's (unqualified names find TEMP first); they
        are gone when the app quits. Doses, the diary, supplements and settings still
        refuse every change. Only for the tray app: a command must refuse, not forget.
        """
        for table in _RUN_STATE:
            (sql,) = self.conn.execute(
                "SELECT sql FROM main.sqlite_schema WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
            self.conn.execute(sql.replace("CREATE TABLE", "CREATE TEMP TABLE", 1))
            self.conn.execute(f"INSERT INTO temp.{table} SELECT * FROM main.{table}")

    def file(self) -> Path:
        """Where the data lives (for backups made beside it, and "open data folder")."""
        rows = self.conn.execute("PRAGMA database_list").fetchall()
        return Path(next(row["file"] for row in rows if row["name"] == "main"))

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file."""
        version: int = self.conn.execute("PRAGMA data_version").fetchone()[0]
        return version

    # -- settings ---------------------------------------------------------------------------

    def settings(self) -> tuple[Settings, list[str]]:
        """The settings, and a line for each bad stored value that its default replaced."""
        rows = self.conn.execute("SELECT key, value FROM settings").fetchall()
        return settings_rules.from_pairs({row["key"]: row["value"] for row in rows})

    def set_setting(self, key: str, text: str) -> Settings:
        with transaction(self.conn):
            current, _ = self.settings()
            updated = settings_rules.apply(current, key, text)
            self._write_settings(current, updated)
        return updated

    def _write_settings(self, current: Settings, updated: Settings) -> None:
        before = settings_rules.to_pairs(current)
        for name, value in settings_rules.to_pairs(updated).items():
            if before[name] != value:
                self.conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (name, value),
                )

    def save(
        self,
        settings: Settings,
        changes: Sequence[Change],
        now: datetime,
        *,
        pause: tuple[date, date | None] | None = None,
    ) -> None:
        """Save the settings window: settings, supplement changes and pause, all or nothing.

        PAUSE is (first night, last night) to pause, (first night, None) to resume from the
        first night, or None to leave the pause as it is.
        """
        settings_rules.consistency(settings, "settings")
        with transaction(self.conn):
            current, _ = self.settings()
            self._write_settings(current, settings)
            real_ids: dict[int, int] = {}
            for change in changes:
                self._apply(change, real_ids, now)
            if pause is not None:
                first, last = pause
                self._unpause(first)
                if last is not None:
                    self._pause_nights(first, last, now)

    def _apply(self, change: Change, real_ids: dict[int, int], now: datetime) -> None:
        """One supplement change; REAL_IDS maps the window's stand-in ids to the stored ones."""
        if isinstance(change, Add):
            added = self._insert_supplement(change.supplement, now)
            real_ids[change.supplement.id] = added.id
        elif isinstance(change, Edit):
            s = change.supplement
            name = parse_name("name", s.name, 80)
            self._refuse_clash(name, real_ids.get(s.id, s.id))
            self.conn.execute(
                "UPDATE supplements SET name = ?, name_key = ?, form = ?, mg_per_unit = ?,"
                " units_per_dose = ?, stock_units = ?, low_days = ? WHERE id = ?",
                (
                    name,
                    name_key(name),
                    s.form,
                    s.mg_per_unit,
                    s.units_per_dose,
                    s.stock_units,
                    s.low_days,
                    real_ids.get(s.id, s.id),
                ),
            )
        elif isinstance(change, Restock):
            self.conn.execute(
                "UPDATE supplements SET stock_units = round(coalesce(stock_units, 0) + ?, 3)"
                " WHERE id = ?",
                (change.units, real_ids.get(change.id, change.id)),
            )
        elif isinstance(change, Remove):
            self.conn.execute(
                "UPDATE supplements SET removed_utc = ? WHERE id = ?",
                (_utc_text(now), real_ids.get(change.id, change.id)),
            )

    # -- supplements ------------------------------------------------------------------------

    def supplements(self) -> list[Supplement]:
        rows = self.conn.execute(
            "SELECT * FROM supplements WHERE removed_utc IS NULL ORDER BY name_key"
        ).fetchall()
        return [_supplement(row) for row in rows]

    def supplement(self, name: str | None) -> Supplement:
        """The active supplement called NAME (any case); with NAME None, the only one there is."""
        active = self.supplements()
        if not active:
            raise InvalidInput(
                "supplement",
                "none added yet; add one with: bedtime supplement add NAME --mg-per-unit MG",
                name,
            )
        known = ", ".join(s.name for s in active)
        if name is None:
            if len(active) == 1:
                return active[0]
            raise InvalidInput("supplement", f"you have several; name one of: {known}")
        wanted = name_key(name.strip())
        for candidate in active:
            if name_key(candidate.name) == wanted:
                return candidate
        raise InvalidInput("supplement", f"must be one of: {known}", name)

    def add_supplement(self, draft: Supplement, now: datetime) -> Supplement:
        with transaction(self.conn):
            return self._insert_supplement(draft, now)

    def _refuse_clash(self, name: str, own_id: int) -> None:
        clash = self.conn.execute(
            "SELECT name FROM supplements WHERE removed_utc IS NULL AND name_key = ? AND id != ?",
            (name_key(name), own_id),
        ).fetchone()
        if clash:
            raise InvalidInput(
                "name", f"must differ from the supplements you have ({clash['name']})", name
            )

    def _insert_supplement(self, draft: Supplement, now: datetime) -> Supplement:
        name = parse_name("name", draft.name, 80)
        self._refuse_clash(name, 0)
        cursor = self.conn.execute(
            "INSERT INTO supplements (name, name_key, form, mg_per_unit, units_per_dose,"
            " stock_units, low_days, created_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                name,
                name_key(name),
                draft.form,
                draft.mg_per_unit,
                draft.units_per_dose,
                draft.stock_units,
                draft.low_days,
                _utc_text(now),
            ),
        )
        return replace(draft, id=cursor.lastrowid or 0, name=name)

    def restock(self, name: str, units: float) -> Supplement:
        with transaction(self.conn):
            current = self.supplement(name)
            stock = restocked(current, units)
            self.conn.execute(
                "UPDATE supplements SET stock_units = ? WHERE id = ?", (stock, current.id)
            )
        return replace(current, stock_units=stock)

    def remove_supplement(self, name: str, now: datetime) -> Supplement:
        """Retire a supplement; doses already logged keep its name and mg."""
        with transaction(self.conn):
            current = self.supplement(name)
            self.conn.execute(
                "UPDATE supplements SET removed_utc = ? WHERE id = ?", (_utc_text(now), current.id)
            )
        return current

    # -- doses ------------------------------------------------------------------------------

    def take(
        self,
        name: str | None,
        units: float | None,
        at: datetime,
        zone: ZoneInfo,
        settings: Settings,
        *,
        force: bool = False,
    ) -> tuple[Intake, Supplement]:
        """Log a dose taken AT and lower the stock, in one transaction; or refuse by the rules.

        The check and the write share the transaction, so a dose logged at the same moment by
        another process (tray and command line) cannot slip past the limit.
        """
        night = night_of(at, zone, settings)
        with transaction(self.conn):
            supplement = self.supplement(name)
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
            self._insert_intake(intake)
            remaining = stock_after(supplement, dose_units)
            self.conn.execute(
                "UPDATE supplements SET stock_units = ? WHERE id = ?", (remaining, supplement.id)
            )
        return intake, replace(supplement, stock_units=remaining)

    def _insert_intake(self, intake: Intake) -> None:
        self.conn.execute(
            "INSERT INTO intakes (uid, at_utc, night, zone, supplement_id, name, units, mg,"
            " bedtime_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                intake.uid,
                _utc_text(intake.at),
                intake.night.isoformat(),
                intake.zone,
                intake.supplement_id,
                intake.name,
                intake.units,
                intake.mg,
                _utc_text(intake.bedtime),
            ),
        )

    def undo_last(self) -> Intake | None:
        """Remove the most recently logged dose and give its units back to the stock."""
        with transaction(self.conn):
            row = self.conn.execute("SELECT * FROM intakes ORDER BY id DESC LIMIT 1").fetchone()
            if row is None:
                return None
            self.conn.execute("DELETE FROM intakes WHERE id = ?", (row["id"],))
            self._return_units(row["supplement_id"], row["units"])
        return _intake(row)

    def delete_intake(self, uid: str) -> Intake:
        """Remove a logged dose and give its units back to the stock; the dose, for undo."""
        with transaction(self.conn):
            row = self._intake_row(uid)
            self.conn.execute("DELETE FROM intakes WHERE uid = ?", (uid,))
            self._return_units(row["supplement_id"], row["units"])
        return _intake(row)

    def put_intake(self, intake: Intake) -> None:
        """Store INTAKE under its uid, replacing the dose there (an edit) or adding it back (an
        undo); the stock follows the difference in units, and never goes below zero."""
        with transaction(self.conn):
            old = self.conn.execute(
                "SELECT supplement_id, units FROM intakes WHERE uid = ?", (intake.uid,)
            ).fetchone()
            if old is not None:
                self._return_units(old["supplement_id"], old["units"])
                self.conn.execute("DELETE FROM intakes WHERE uid = ?", (intake.uid,))
            self._insert_intake(intake)
            self._return_units(intake.supplement_id, -intake.units)

    def _intake_row(self, uid: str) -> sqlite3.Row:
        row: sqlite3.Row | None = self.conn.execute(
            "SELECT * FROM intakes WHERE uid = ?", (uid,)
        ).fetchone()
        if row is None:
            raise InvalidInput(
                "dose", "is no longer in the log; it may have been changed elsewhere", uid
            )
        return row

    def _return_units(self, supplement_id: int | None, units: float) -> None:
        self.conn.execute(
            "UPDATE supplements SET stock_units = max(round(stock_units + ?, 3), 0)"
            " WHERE id = ? AND stock_units IS NOT NULL",
            (units, supplement_id),
        )

    def night_total(self, night: date) -> float:
        row = self.conn.execute(
            "SELECT coalesce(sum(mg), 0) FROM intakes WHERE night = ?", (night.isoformat(),)
        ).fetchone()
        return quantity(row[0])

    def intakes(self, first: date = date.min, last: date = date.max) -> list[Intake]:
        """Doses of the nights FIRST … LAST (default: all), in the order they were taken."""
        rows = self.conn.execute(
            "SELECT * FROM intakes WHERE night BETWEEN ? AND ? ORDER BY at_utc, id",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
        return [_intake(row) for row in rows]

    # -- diary ------------------------------------------------------------------------------

    def rate(self, entry: DiaryEntry, now: datetime) -> None:
        """Save the diary entry of a night, replacing an earlier one for the same night."""
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR REPLACE INTO diary (night, quality, latency_min, awakenings, awake_min,"
                " in_bed, final_wake, note, rated_utc, zone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.night.isoformat(),
                    entry.quality,
                    entry.latency_min,
                    entry.awakenings,
                    entry.awake_min,
                    None if entry.in_bed is None else format_hhmm(entry.in_bed),
                    None if entry.final_wake is None else format_hhmm(entry.final_wake),
                    entry.note,
                    _utc_text(now),
                    entry.zone,
                ),
            )

    def diary(self, first: date = date.min, last: date = date.max) -> list[DiaryEntry]:
        """Diary entries of the nights FIRST … LAST (default: all), oldest first."""
        rows = self.conn.execute(
            "SELECT * FROM diary WHERE night BETWEEN ? AND ? ORDER BY night",
            (first.isoformat(), last.isoformat()),
        ).fetchall()
        return [_diary(row) for row in rows]

    def delete_rating(self, night: date) -> DiaryEntry | None:
        """Remove NIGHT's diary entry; the entry, for undo (put it back with `rate`)."""
        with transaction(self.conn):
            row = self.conn.execute(
                "SELECT * FROM diary WHERE night = ?", (night.isoformat(),)
            ).fetchone()
            self.conn.execute("DELETE FROM diary WHERE night = ?", (night.isoformat(),))
        return None if row is None else _diary(row)

    def latest_rating(self) -> DiaryEntry | None:
        row = self.conn.execute("SELECT * FROM diary ORDER BY night DESC LIMIT 1").fetchone()
        return None if row is None else _diary(row)

    # -- night events -----------------------------------------------------------------------

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
                    _utc_text(at),
                    None if until is None else _utc_text(until),
                    detail,
                ),
            )

    def _events(self, night: date) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT kind, at_utc, until_utc FROM night_events WHERE night = ? ORDER BY at_utc, id",
            (night.isoformat(),),
        ).fetchall()

    def night_state(self, night: date) -> NightState:
        """What the log says about NIGHT's evening reminder."""
        events = self._events(night)
        kinds = {row["kind"] for row in events}
        snoozes = [row["until_utc"] for row in events if row["kind"] == "snoozed"]
        taken = self.conn.execute(
            "SELECT 1 FROM intakes WHERE night = ? LIMIT 1", (night.isoformat(),)
        ).fetchone()
        return NightState(
            night=night,
            taken=taken is not None,
            skipped="skipped" in kinds,
            paused="paused" in kinds,
            shown=tuple(_at(row) for row in events if row["kind"] == "shown"),
            snoozed_until=_instant(snoozes[-1]) if snoozes else None,
            missed_shown="missed" in kinds,
        )

    def morning_state(self, night: date) -> MorningState:
        """What the log says about NIGHT's morning question."""
        events = self._events(night)
        later = [row["until_utc"] for row in events if row["kind"] == "later"]
        rated = self.conn.execute(
            "SELECT 1 FROM diary WHERE night = ?", (night.isoformat(),)
        ).fetchone()
        return MorningState(
            night=night,
            rated=rated is not None,
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

    def pause(self, first: date, last: date, at: datetime) -> None:
        """Pause reminders for the nights FIRST … LAST, replacing any pause from FIRST on."""
        with transaction(self.conn):
            self._unpause(first)
            self._pause_nights(first, last, at)

    def _pause_nights(self, first: date, last: date, at: datetime) -> None:
        night = first
        while night <= last:
            self.conn.execute(
                "INSERT INTO night_events (night, kind, at_utc) VALUES (?, 'paused', ?)",
                (night.isoformat(), _utc_text(at)),
            )
            night += timedelta(days=1)

    def resume(self, first: date) -> None:
        """Take back the pause of every night from FIRST on; earlier nights stay as they were."""
        with transaction(self.conn):
            self._unpause(first)

    def _unpause(self, first: date) -> None:
        self.conn.execute(
            "DELETE FROM night_events WHERE kind = 'paused' AND night >= ?", (first.isoformat(),)
        )

    def paused_through(self, first: date) -> date | None:
        """The last night of the pause running from FIRST, or None if FIRST is not paused."""
        rows = self.conn.execute(
            "SELECT DISTINCT night FROM night_events WHERE kind = 'paused' AND night >= ?"
            " ORDER BY night",
            (first.isoformat(),),
        ).fetchall()
        last = None
        expected = first
        for row in rows:
            night = _night(row["night"])
            if night != expected:
                break
            last, expected = night, night + timedelta(days=1)
        return last

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
            kinds.setdefault(_night(row["night"]), set()).add(row["kind"])
        return {night: frozenset(found) for night, found in kinds.items()}

    def first_logged_night(self) -> date | None:
        """The first night with a dose or a rating (it may come before the first planned one)."""
        row = self.conn.execute(
            "SELECT min(night) FROM (SELECT min(night) AS night FROM intakes"
            " UNION ALL SELECT min(night) FROM diary)"
        ).fetchone()
        return None if row[0] is None else _night(row[0])

    def first_use(self, now: datetime) -> datetime:
        """When Bedtime was first used on this file, recorded the first time it is asked for.

        That is NOW, or the earliest moment anything was logged if that is earlier (a file
        from a version that did not record it, or doses logged from the command line before
        the app ever ran). Only instants count, never nights: the morning question's event
        belongs to the night before it was asked, which is the night before first use.
        """
        row = self.conn.execute("SELECT at_utc FROM first_use").fetchone()
        if row is not None:
            return datetime.fromisoformat(row["at_utc"])
        try:
            with transaction(self.conn):
                self.conn.execute(
                    f"INSERT OR IGNORE INTO first_use (id, at_utc) SELECT 1, ({_EARLIEST})",
                    (_utc_text(now),),
                )
        except sqlite3.Error as error:
            if not is_read_only(error):
                raise
            # A read-only data folder: the same answer, not recorded.
            return datetime.fromisoformat(
                self.conn.execute(_EARLIEST, (_utc_text(now),)).fetchone()[0]
            )
        row = self.conn.execute("SELECT at_utc FROM first_use").fetchone()
        return datetime.fromisoformat(row["at_utc"])

    # -- notes shown once -------------------------------------------------------------------

    def was_shown(self, key: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM shown_once WHERE key = ?", (key,)).fetchone()
            is not None
        )

    def mark_shown(self, key: str, now: datetime) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR IGNORE INTO shown_once (key, at_utc) VALUES (?, ?)",
                (key, _utc_text(now)),
            )
