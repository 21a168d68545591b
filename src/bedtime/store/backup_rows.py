"""A backup's rows judged by the app's own rules before any of them is imported.

A backup is untrusted input: a file from another computer, an older Bedtime, or one made by
hand. Every column has a rule. A hard fault (a night that is not a date, an unknown zone, a
garbage time, text beyond its limit, a number that cannot be true) refuses the import,
naming the table, row and field. A value an older Bedtime accepted but today's input rules
turn down is a soft fault: set right where there is one right answer (a name not in NFC, a
form written as its alias, 7:30 for 07:30), kept as it was otherwise, and listed in the
report either way, so that a person's own older backup always imports.
"""

import math
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from ..core import settings as settings_rules
from ..core.diary import (
    ITEM_NAMES,
    NOTE_MAX_LENGTH,
    QUALITY_LABELS,
    DiaryEntry,
    contradiction,
)
from ..core.dosing import Supplement, doses_above
from ..core.errors import InvalidInput
from ..core.forms import parse_form
from ..core.supplement_input import (
    LOW_DAYS_MAX,
    NAME_MAX_LENGTH,
    parse_low_days,
    parse_mg_per_unit,
    parse_stock,
    parse_units_per_dose,
)
from ..core.trial_plan import (
    COUNTED_MIN,
    PAIRS_MAX,
    PAIRS_MIN,
    PERIOD_MAX,
    PERIOD_MIN,
    WASH_IN_MIN,
    check_shape,
)
from ..core.values import format_hhmm, name_key, parse_date, parse_hhmm, parse_note, parse_text
from ..core.wording import N_, Translated, _

# Values are read as bytes (a text that is not UTF-8 would otherwise stop the read itself).
Raw = bytes | str | int | float | None
# A column's rule: the value to import, and a note for the report when it was a soft fault.
Rule = Callable[[Raw], tuple[object, str | None]]

_ZONE_NAME_MAX = 255  # longer is no zone name, and a file name the system refuses
_UID_MAX = 64
_SETTING_MAX = 100
_ROW_ID_MAX = 2**63 - 1
_SHOWN = 40  # characters of a bad value shown in a message


class Fault(Exception):
    """A hard fault in one value: FIELD is not ALLOWED (GOT is what the backup holds)."""

    def __init__(self, allowed: str, got: object) -> None:
        super().__init__(allowed)
        self.allowed = allowed
        self.got = got


def shown(value: object) -> str:
    """A bad value as a message shows it: short, one line, however long the value is."""
    text = value.decode("utf-8", "backslashreplace") if isinstance(value, bytes) else str(value)
    if len(text) > _SHOWN:
        text = text[:_SHOWN] + _("… ({count} characters)").format(count=len(text))
    return repr(text.encode("utf-8", "backslashreplace").decode())


# -- single values -------------------------------------------------------------------------


def _text(value: Raw, limit: int) -> str:
    """Text of at most LIMIT characters, without the characters that break lines and files."""
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            raise Fault(_("must be readable text"), value) from None
    if not isinstance(value, str):
        raise Fault(_("must be text"), value)
    if len(value) > limit:
        raise Fault(_("must be at most {count} characters").format(count=limit), value)
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        raise Fault(_("must be readable text on one line"), value)
    return value


def _soft_text(
    value: str, limit: int, parse: Callable[[str, str, int], str] = parse_text
) -> tuple[str, str | None]:
    """VALUE as today's input rules (PARSE) want it (NFC, trimmed), or kept with a note if
    they refuse."""
    try:
        wanted = parse("text", value, limit)
    except InvalidInput as error:
        return value, _("kept as it was, though new input {allowed}").format(allowed=error.allowed)
    if wanted == unicodedata.normalize("NFC", value) != value:
        return wanted, _("set right to the one standard way Unicode writes it (it looks the same)")
    if wanted != value:
        return wanted, _set_right(shown(wanted), value)
    return value, None


def _set_right(wanted: str, was: Raw) -> str:
    """The note on a value set right: "set right to '22:00' (was '22:00:00')"."""
    return _("set right to {wanted} (was {was})").format(wanted=wanted, was=shown(was))


def _number(value: Raw) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Fault(_("must be a number"), value)
    return float(value)


def _instant(value: Raw) -> tuple[object, str | None]:
    allowed = _("must be a moment such as 2026-11-20T21:00:00+00:00, from 2000 on")
    text = _text(value, 64)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise Fault(allowed, value) from None
    if moment.tzinfo is None or moment.astimezone(UTC).year < 2000:
        raise Fault(allowed, value)
    # The log compares these as text: one form (UTC, whole seconds) keeps that true.
    return moment.astimezone(UTC).isoformat(timespec="seconds"), None


def _night(value: Raw) -> tuple[object, str | None]:
    text = _text(value, 10)
    try:
        return parse_date("night", text).isoformat(), None
    except InvalidInput as error:
        raise Fault(error.allowed, value) from None


def _zone(value: Raw) -> tuple[object, str | None]:
    allowed = _("must be a time zone such as Europe/Amsterdam")
    text = _text(value, _ZONE_NAME_MAX)
    try:
        ZoneInfo(text)
    except (KeyError, ValueError, OSError):  # not found; not a zone name; no such file
        raise Fault(allowed, value) from None
    return text, None


def _clock(value: Raw) -> tuple[object, str | None]:
    text = _text(value, 16)
    try:
        wanted = format_hhmm(parse_hhmm("time", text))
    except InvalidInput as error:
        raise Fault(error.allowed, value) from None
    note = None if wanted == text else _set_right(repr(wanted), text)
    return wanted, note


def _row_id(value: Raw) -> tuple[object, str | None]:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _ROW_ID_MAX:
        raise Fault(_("must be a whole number from 1 on"), value)
    return value, None


def _whole(low: int, high: int, newer: Callable[[str], int] | None = None) -> Rule:
    def rule(value: Raw) -> tuple[object, str | None]:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Fault(
                _("must be a whole number from {low} to {high}").format(low=low, high=high), value
            )
        return value, _newer(newer, str(value))

    return rule


def _amount(*, positive: bool, newer: Callable[[str], object] | None = None) -> Rule:
    """A quantity: hard if it cannot be true (not a number, negative, zero where it must not
    be), soft if only above what the input fields accept today."""

    def rule(value: Raw) -> tuple[object, str | None]:
        number = _number(value)
        if number < 0 or (positive and number == 0):
            raise Fault(
                _("must be a number above 0") if positive else _("must be 0 or more"), value
            )
        return number, _newer(newer, f"{number:f}")

    return rule


def _newer(parse: Callable[[str], object] | None, text: str) -> str | None:
    if parse is None:
        return None
    try:
        parse(text)
    except InvalidInput as error:
        return _("kept as it was ({value}), though new input {allowed}").format(
            value=text.rstrip("0").rstrip("."), allowed=error.allowed
        )
    return None


def _name(value: Raw) -> tuple[object, str | None]:
    return _soft_text(_text(value, NAME_MAX_LENGTH), NAME_MAX_LENGTH)


def _note(value: Raw) -> tuple[object, str | None]:
    return _soft_text(_text(value, NOTE_MAX_LENGTH), NOTE_MAX_LENGTH, parse_note)


def _form(value: Raw) -> tuple[object, str | None]:
    text = _text(value, 64)
    try:
        key = parse_form(text)
    except InvalidInput as error:
        raise Fault(error.allowed, value) from None
    return key, None if key == text else _set_right(repr(key), text)


def _plain(limit: int) -> Rule:
    return lambda value: (_text(value, limit), None)


def _optional(rule: Rule) -> Rule:
    return lambda value: (None, None) if value is None else rule(value)


def _choice(allowed: tuple[str, ...]) -> Rule:
    def rule(value: Raw) -> tuple[object, str | None]:
        text = _text(value, 32)
        if text not in allowed:
            raise Fault(_("must be one of {keys}").format(keys=", ".join(allowed)), value)
        return text, None

    return rule


# -- tables --------------------------------------------------------------------------------

# The kinds of night event migration 2 allows (its CHECK would refuse others less clearly).
EVENT_KINDS = ("shown", "snoozed", "skipped", "paused", "missed", "asked", "later", "low_stock")

RULES: dict[str, dict[str, Rule]] = {
    "settings": {"key": _plain(_SETTING_MAX), "value": _plain(_SETTING_MAX)},
    "supplements": {
        "id": _row_id,
        "name": _name,
        "name_key": _plain(4 * NAME_MAX_LENGTH),  # derived again from the name below
        "form": _form,
        "mg_per_unit": _amount(positive=True, newer=parse_mg_per_unit),
        "units_per_dose": _amount(positive=True, newer=parse_units_per_dose),
        "stock_units": _optional(_amount(positive=False, newer=parse_stock)),
        "low_days": _whole(0, 100 * LOW_DAYS_MAX, newer=parse_low_days),
        "created_utc": _instant,
        "removed_utc": _optional(_instant),
    },
    "intakes": {
        "id": _row_id,
        "uid": _plain(_UID_MAX),
        "at_utc": _instant,
        "night": _night,
        "zone": _zone,
        "supplement_id": _optional(_row_id),
        "name": _name,
        "units": _amount(positive=True),
        "mg": _amount(positive=False),
        "bedtime_utc": _instant,
    },
    "diary": {
        "night": _night,
        "quality": _whole(min(QUALITY_LABELS), max(QUALITY_LABELS)),
        "latency_min": _optional(_whole(0, 1440)),
        "awakenings": _optional(_whole(0, 1440)),
        "awake_min": _optional(_whole(0, 1440)),
        "in_bed": _optional(_clock),
        "final_wake": _optional(_clock),
        "note": _optional(_note),
        "rated_utc": _instant,
        "zone": _zone,
    },
    "night_events": {
        "id": _row_id,
        "night": _night,
        "kind": _choice(EVENT_KINDS),
        "at_utc": _instant,
        "until_utc": _optional(_instant),
        "detail": _optional(_plain(NAME_MAX_LENGTH)),
    },
    "shown_once": {"key": _plain(NAME_MAX_LENGTH), "at_utc": _instant},
    "first_use": {"id": _whole(1, 1), "at_utc": _instant},
    "trials": {
        "id": _row_id,
        "start_night": _night,
        "period_nights": _whole(PERIOD_MIN, PERIOD_MAX),
        "pairs": _whole(PAIRS_MIN, PAIRS_MAX),
        "wash_in_nights": _whole(WASH_IN_MIN, PERIOD_MAX - COUNTED_MIN),
        "seed": _whole(0, _ROW_ID_MAX),
        "started_utc": _instant,
        "zone": _zone,
        "stopped_night": _optional(_night),
    },
}

# Columns whose values must differ from row to row (primary keys and unique ones).
_UNIQUE = {
    "settings": ("key",),
    "supplements": ("id",),
    "intakes": ("id", "uid"),
    "diary": ("night",),
    "night_events": ("id",),
    "shown_once": ("key",),
    "first_use": ("id",),
    "trials": ("id",),
}


# What a person calls the tables and columns, for messages and the report.
TABLE_LABELS = Translated(
    {
        "settings": N_("settings"),
        "supplements": N_("supplements"),
        "intakes": N_("doses"),
        "diary": N_("sleep diary"),
        "night_events": N_("reminder events"),
        "shown_once": N_("notes shown"),
        "first_use": N_("first use"),
        "trials": N_("trials"),
    }
)
_COLUMN_LABELS = Translated(
    {
        "mg_per_unit": N_("mg per unit"),
        "units_per_dose": N_("amount per dose"),
        "stock_units": N_("stock"),
        "low_days": N_("low-stock warning days"),
        "created_utc": N_("added"),
        "removed_utc": N_("removed"),
        "at_utc": N_("time"),
        "bedtime_utc": N_("bedtime"),
        "supplement_id": N_("supplement"),
        "units": N_("amount"),
        "quality": N_("rating"),
        "latency_min": N_("minutes to fall asleep"),
        "awake_min": N_("minutes awake"),
        "in_bed": N_("into bed"),
        "final_wake": N_("woke up"),
        "rated_utc": N_("rated"),
        "until_utc": N_("until"),
        "key": N_("name"),
        "start_night": N_("first night"),
        "period_nights": N_("period length"),
        "wash_in_nights": N_("wash-in"),
        "started_utc": N_("started"),
        "stopped_night": N_("stopped after"),
    }
)


def field_label(column: str) -> str:
    """ "into bed" for in_bed: a column as a person calls it (its own name if not Bedtime's)."""
    return _COLUMN_LABELS.get(column, column)


def place(table: str, row: int, column: str | None = None) -> str:
    """ "sleep diary row 3, into bed": where in the backup a value is."""
    where = _("{table} row {row}").format(table=TABLE_LABELS[table], row=row)
    return where if column is None else f"{where}, {field_label(column)}"


def _diary_entry(clean: Mapping[str, object]) -> DiaryEntry:
    """The diary row as the app reads it (its values already judged one by one)."""

    def clock(column: str) -> time | None:
        value = clean.get(column)
        return None if value is None else parse_hhmm(column, str(value))

    def whole(column: str) -> int | None:
        value = clean.get(column)
        return None if value is None else int(str(value))

    return DiaryEntry(
        night=date.fromisoformat(str(clean["night"])),
        zone=str(clean["zone"]),
        quality=int(str(clean["quality"])),
        latency_min=whole("latency_min"),
        awakenings=whole("awakenings"),
        awake_min=whole("awake_min"),
        in_bed=clock("in_bed"),
        final_wake=clock("final_wake"),
        note=None if clean.get("note") is None else str(clean["note"]),
    )


class RowFault(Exception):
    """A hard fault: the message names the table, the row (counted from 1) and the field."""

    def __init__(self, table: str, row: int, column: str | None, allowed: str, got: object):
        got_text = "" if got is None else _(" (got {value})").format(value=shown(got))
        super().__init__(f"{place(table, row, column)}: {allowed}{got_text}")


@dataclass
class Checker:
    """Judges the rows of one backup, table after table in the order they are created."""

    report: list[str] = field(default_factory=list)
    _seen: dict[tuple[str, str], set[object]] = field(default_factory=dict)
    _supplement_ids: set[object] = field(default_factory=set)
    _active_names: dict[str, str] = field(default_factory=dict)
    _limit_mg: float = (
        settings_rules.Settings().limit_mg
    )  # the backup's, once its settings are read

    def row(self, table: str, number: int, raw: Mapping[str, Raw]) -> dict[str, object]:
        """The row to import, or RowFault; soft faults go to the report."""
        clean: dict[str, object] = {}
        for column, rule in RULES[table].items():
            if column not in raw:
                continue  # a column an older schema did not have: its default
            try:
                value, note = rule(raw[column])
            except Fault as fault:
                raise RowFault(table, number, column, fault.allowed, fault.got) from None
            if note is not None:
                self.report.append(f"{place(table, number, column)}: {note}")
            clean[column] = value
        for column in _UNIQUE[table]:
            seen = self._seen.setdefault((table, column), set())
            if clean.get(column) in seen:
                raise RowFault(
                    table, number, column, _("must differ from row to row"), clean[column]
                )
            seen.add(clean.get(column))
        if table == "supplements":
            self._supplement(number, clean)
        elif table == "diary":
            names = {item: field_label(item) for item in ITEM_NAMES}
            problem = contradiction(_diary_entry(clean), names)
            if problem is not None:
                self.report.append(
                    _("{place}: kept as it was, though Bedtime would now refuse it: {why}").format(
                        place=place(table, number), why=problem
                    )
                )
        elif table == "trials":
            try:
                check_shape(
                    int(str(clean["period_nights"])),
                    int(str(clean["pairs"])),
                    int(str(clean["wash_in_nights"])),
                )
            except InvalidInput as error:
                raise RowFault(table, number, None, str(error), None) from None
        elif table == "intakes" and clean.get("supplement_id") not in self._supplement_ids | {None}:
            raise RowFault(
                table,
                number,
                "supplement_id",
                _("must be one of the backup's supplements"),
                clean["supplement_id"],
            )
        return clean

    def _supplement(self, number: int, clean: dict[str, object]) -> None:
        name = str(clean["name"])
        clean["name_key"] = name_key(name)
        self._supplement_ids.add(clean["id"])
        if clean.get("removed_utc") is None:
            supplement = Supplement(
                0,
                name,
                str(clean["form"]),
                float(clean["mg_per_unit"]),  # type: ignore[arg-type]
                float(clean["units_per_dose"]),  # type: ignore[arg-type]
                None,
                0,
            )
            for refusal in doses_above([supplement], self._limit_mg):
                self.report.append(
                    _("{place}: kept as it was, though Bedtime would now ask first: {why}").format(
                        place=place("supplements", number), why=refusal
                    )
                )
            other = self._active_names.setdefault(name_key(name), name)
            if other is not name:
                raise RowFault(
                    "supplements",
                    number,
                    "name",
                    _("must differ from the other supplements' names ({name})").format(name=other),
                    name,
                )

    def settings(self, rows: list[dict[str, object]]) -> list[dict[str, object]]:
        """The settings rows to import: one that today's rules refuse is left out (its default
        is used, as the app does with a bad stored value) and listed; so are all of them if
        together they contradict each other."""
        kept: dict[str, str] = {}
        for number, row in enumerate(rows, start=1):
            key, value = str(row["key"]), str(row["value"])
            where = f"{place('settings', number)} ({key})"
            if key not in settings_rules.STORED_KEYS:
                self.report.append(
                    _("{place}: not a setting this Bedtime knows; left out").format(place=where)
                )
                continue
            try:
                settings_rules.SETTERS[key](settings_rules.Settings(), value)
            except InvalidInput as error:
                self.report.append(
                    _("{place}: left out, the default is used: {why}").format(
                        place=where, why=error
                    )
                )
                continue
            kept[key] = value
        try:
            self._limit_mg = settings_rules.apply_all(settings_rules.Settings(), kept).limit_mg
        except InvalidInput as error:
            self.report.append(
                _(
                    "settings: none imported, the defaults are used, as together they "
                    "contradict each other: {why}"
                ).format(why=error)
            )
            return []
        return [{"key": key, "value": value} for key, value in kept.items()]
