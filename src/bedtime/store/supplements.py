"""The supplements on hand: added, edited, restocked and retired; their stock follows doses."""

import sqlite3
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from ..core.dosing import Supplement
from ..core.errors import InvalidInput
from ..core.supplement_changes import Add, Change, Edit, Remove, Restock
from ..core.supplement_input import restocked
from ..core.values import name_key, parse_name
from ..core.wording import _
from .database import transaction
from .row_values import utc_text


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


class Supplements:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def active(self) -> list[Supplement]:
        rows = self.conn.execute(
            "SELECT * FROM supplements WHERE removed_utc IS NULL ORDER BY name_key"
        ).fetchall()
        return [_supplement(row) for row in rows]

    def named(self, name: str | None) -> Supplement:
        """The active supplement called NAME (any case); with NAME None, the only one there is."""
        active = self.active()
        if not active:
            raise InvalidInput(
                "supplement",
                _("none added yet; add one with: {command}").format(
                    command="bedtime supplement add NAME --mg-per-unit MG"
                ),
                name,
            )
        known = ", ".join(s.name for s in active)
        if name is None:
            if len(active) == 1:
                return active[0]
            raise InvalidInput(
                "supplement", _("you have several; name one of: {names}").format(names=known)
            )
        wanted = name_key(name.strip())
        for candidate in active:
            if name_key(candidate.name) == wanted:
                return candidate
        raise InvalidInput("supplement", _("must be one of: {names}").format(names=known), name)

    def add(self, draft: Supplement, now: datetime) -> Supplement:
        with transaction(self.conn):
            return self._insert(draft, now)

    def restock(self, name: str, units: float) -> Supplement:
        with transaction(self.conn):
            current = self.named(name)
            stock = restocked(current, units)
            self.set_stock(current.id, stock)
        return replace(current, stock_units=stock)

    def remove(self, name: str, now: datetime) -> Supplement:
        """Retire a supplement; doses already logged keep its name and mg."""
        with transaction(self.conn):
            current = self.named(name)
            self._retire(current.id, now)
        return current

    def apply(self, changes: Sequence[Change], now: datetime) -> None:
        """The settings window's supplement CHANGES, in order, inside the caller's transaction.

        A supplement the window added has a stand-in id until it is stored; later changes to
        it find it under the id it was stored with.
        """
        real_ids: dict[int, int] = {}
        for change in changes:
            if isinstance(change, Add):
                added = self._insert(change.supplement, now)
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
                self._retire(real_ids.get(change.id, change.id), now)

    def set_stock(self, supplement_id: int, units: float | None) -> None:
        """Set the stock, inside the caller's transaction."""
        self.conn.execute(
            "UPDATE supplements SET stock_units = ? WHERE id = ?", (units, supplement_id)
        )

    def give_back(self, supplement_id: int | None, units: float) -> None:
        """Add UNITS (fewer, if negative) to a counted stock, never below zero, inside the
        caller's transaction; a supplement whose stock is not counted stays so."""
        self.conn.execute(
            "UPDATE supplements SET stock_units = max(round(stock_units + ?, 3), 0)"
            " WHERE id = ? AND stock_units IS NOT NULL",
            (units, supplement_id),
        )

    def _refuse_clash(self, name: str, own_id: int) -> None:
        clash = self.conn.execute(
            "SELECT name FROM supplements WHERE removed_utc IS NULL AND name_key = ? AND id != ?",
            (name_key(name), own_id),
        ).fetchone()
        if clash:
            raise InvalidInput(
                "name",
                _("must differ from the supplements you have ({name})").format(name=clash["name"]),
                name,
            )

    def _insert(self, draft: Supplement, now: datetime) -> Supplement:
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
                utc_text(now),
            ),
        )
        return replace(draft, id=cursor.lastrowid or 0, name=name)

    def _retire(self, supplement_id: int, now: datetime) -> None:
        self.conn.execute(
            "UPDATE supplements SET removed_utc = ? WHERE id = ?", (utc_text(now), supplement_id)
        )
