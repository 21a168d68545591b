"""The `bedtime` command: the same core and store as the tray app, without Qt.

Exit codes: 0 done, 1 the data file cannot be used, 2 bad input (nothing written),
3 refused by a rule (over the daily limit without --force, not enough stock).
"""

import argparse
import json
import os
import shlex
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo

from .. import environment, paths
from ..app import clock
from ..app.window_names import SHOW_WINDOWS
from ..core import nights
from ..core import settings as rules
from ..core.alerts import upcoming
from ..core.date_text import day, moment, time_of
from ..core.diary import (
    NOTE_MAX_LENGTH,
    QUALITY_LABELS,
    DiaryEntry,
    check_consistent,
    sleep_efficiency,
)
from ..core.dosing import Supplement, check_dose_size, days_left, doses_above, is_low
from ..core.errors import (
    DoseAboveLimit,
    InvalidInput,
    NotEnoughStock,
    OverLimit,
    fmt_number,
    plural,
)
from ..core.forms import FORMS
from ..core.history import NightStatus, night_records
from ..core.settings import SETTERS, Settings, to_pairs
from ..core.supplement_input import UNITS_PER_DOSE_MAX, draft_supplement, parse_restock_units
from ..core.values import (
    SWITCH,
    format_hhmm,
    parse_amount,
    parse_date,
    parse_hhmm,
    parse_int,
    parse_note,
    parse_switch,
)
from ..launcher import LOGIN_FLAG, NotInstalled, app_command
from ..services.autostart import AutostartError
from ..services.autostart import for_data_dir as start_at_login
from ..store.database import StoreError, is_read_only, open_database
from ..store.repository import Store

EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3
# Kept by the desktop session (the login entry is the truth), not in the data file.
LOGIN_KEY = "start_at_login"
# The diary items as `bedtime rate` names them, in a message about two of them.
DIARY_FLAGS = {
    "in_bed": "in-bed",
    "final_wake": "woke",
    "latency_min": "latency",
    "awakenings": "awakenings",
    "awake_min": "awake",
}

CONFIG_KEYS = f"""\
keys and allowed values:
  bedtime               HH:MM, every day's bedtime: {format_hhmm(rules.EVENING_FROM)} to 23:59, or \
after midnight
                        before day_boundary (00:30 belongs to the evening before)
  bedtime.mon … .sun    the same, for that weekday's evening only
  offset                {rules.OFFSET_MIN} to {rules.OFFSET_MAX} minutes before bedtime to remind
  wake                  HH:MM, when to ask how you slept
  day_boundary          00:00 to {format_hhmm(rules.BOUNDARY_LATEST)}, when one night ends
  target_mg             elemental mg you aim for per night, above 0, not above limit_mg
  limit_mg              most elemental mg per night, not below target_mg, at most \
{rules.MG_MAX:g}
  nudge_interval        {rules.NUDGE_INTERVAL_MIN} to {rules.NUDGE_INTERVAL_MAX} minutes between \
reminders left unanswered
  nudges                0 to {rules.NUDGES_MAX} times an unanswered reminder comes back
  snooze                {rules.SNOOZE_MIN} to {rules.SNOOZE_MAX} minutes a snooze lasts
  notify_style          {" or ".join(rules.NOTIFY_STYLES)} (popup: Bedtime's own window)
  morning_question      {" or ".join(SWITCH)}
  language              {", ".join(rules.LANGUAGES)}
  start_at_login        {" or ".join(SWITCH)}: start the tray app when you log in (this \
computer's login, whatever the data folder)

example: bedtime config set bedtime.fri 00:30"""

ADD_HINT = "bedtime supplement add NAME --mg-per-unit MG"
CAUTION = (
    "Not medical advice. Pregnant, kidney disease or a serious heart condition: talk to a "
    "doctor before taking magnesium. It is not a sleeping pill; effects build over weeks."
)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming what was wrong, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


class Context:
    """What every command needs: the store, the settings, the zone and the time, read once."""

    def __init__(self, data_dir: Path) -> None:
        # The zone first: a bad TZ is bad input, and must not leave a database behind.
        self.zone: ZoneInfo = clock.local_zone()
        self.data_file = data_dir / paths.DATABASE_NAME
        paths.make_data_dir(data_dir)
        opened = open_database(self.data_file)
        for notice in opened.notices:
            _warn(notice)
        self.store = Store(opened.conn)
        self.settings, problems = self.store.settings()
        for problem in problems:
            _warn(problem)
        self.now = clock.now(self.zone)

    def first_night(self) -> date:
        """The first night Bedtime planned for; asking records first use on a new file."""
        return nights.first_planned_night(self.store.first_use(self.now), self.settings, self.zone)

    def close(self) -> None:
        self.store.conn.close()


def _warn(message: str) -> None:
    print(f"bedtime: warning: {message}", file=sys.stderr)


def _local(instant: datetime, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).isoformat(timespec="seconds")


def _supplement_json(s: Supplement) -> dict[str, object]:
    return {
        "name": s.name,
        "form": s.form,
        "mg_per_unit": s.mg_per_unit,
        "units_per_dose": s.units_per_dose,
        "mg_per_dose": s.mg_per_dose,
        "stock_units": s.stock_units,
        "days_left": days_left(s),
        "low_days": s.low_days,
        "low": is_low(s),
    }


def _diary_json(entry: DiaryEntry) -> dict[str, object]:
    return {
        "latency_min": entry.latency_min,
        "awakenings": entry.awakenings,
        "awake_min": entry.awake_min,
        "in_bed": None if entry.in_bed is None else format_hhmm(entry.in_bed),
        "final_wake": None if entry.final_wake is None else format_hhmm(entry.final_wake),
        "sleep_efficiency_pct": sleep_efficiency(entry),
        "note": entry.note,
    }


def _stock_line(s: Supplement) -> str:
    left = days_left(s)
    if left is None:
        return "stock not tracked"
    return f"stock {fmt_number(s.stock_units or 0)} ({plural(left, 'night')} left)"


def _restock_hint(name: str) -> str:
    return f"restock with: bedtime supplement restock {shlex.quote(name)} UNITS"


def _total_line(total: float, s: Settings) -> str:
    over = f", above your limit of {fmt_number(s.limit_mg)} mg" if total > s.limit_mg else ""
    return f"{fmt_number(total)} / {fmt_number(s.target_mg)} mg{over}"


# -- commands ------------------------------------------------------------------------------


def cmd_status(ctx: Context, args: argparse.Namespace) -> int:
    s, zone, now = ctx.settings, ctx.zone, ctx.now
    night = nights.night_of(now, zone, s)
    bedtime = nights.bedtime_of(night, s, zone)
    reminder = nights.reminder_of(night, s, zone)
    # The tray's answer: the next night still to remind of (not one already taken, skipped
    # or paused), and its reminder unless that is already due.
    up = upcoming(now, s, zone, ctx.store.night_state, first_night=ctx.first_night())
    total = ctx.store.night_total(night)
    supplements = ctx.store.supplements()
    rated = ctx.store.latest_rating()
    if args.json:
        status = {
            "now": _local(now, zone),
            "zone": zone.key,
            "night": night.isoformat(),
            "bedtime": _local(bedtime, zone),
            "reminder": _local(reminder, zone),
            "next_reminder": None if up.reminder is None else _local(up.reminder, zone),
            "next_reminder_night": up.night.isoformat(),
            "next_bedtime": _local(up.bedtime, zone),
            "offset_minutes": s.offset_minutes,
            "taken_tonight": total > 0,
            "day_total_mg": total,
            "target_mg": s.target_mg,
            "limit_mg": s.limit_mg,
            "supplements": [_supplement_json(x) for x in supplements],
            "last_rating": None
            if rated is None
            else {"night": rated.night.isoformat(), "rating": rated.quality},
            "data_file": str(ctx.data_file),
        }
        print(json.dumps(status, indent=2, ensure_ascii=False))
        return 0
    print(
        f"Night of {day(night)}: bedtime {moment(bedtime, now)}, "
        f"reminder {moment(reminder, now)} ({s.offset_minutes} min before)"
    )
    if up.reminder is None:
        print(f"Reminder: due now, before bedtime at {moment(up.bedtime, now)}")
    else:
        print(f"Next reminder: {moment(up.reminder, now)} (night of {day(up.night)})")
    taken = "yes" if total > 0 else "not yet"
    limit = "" if total > s.limit_mg else f" (limit {fmt_number(s.limit_mg)} mg)"
    print(f"Taken tonight: {taken}, {_total_line(total, s)}{limit}")
    if supplements:
        print("Supplements:")
        for x in supplements:
            low = "  (running low)" if is_low(x) else ""
            print(f"  {x.name}: {fmt_number(x.mg_per_dose)} mg a dose, {_stock_line(x)}{low}")
    else:
        print(f"No supplements yet: {ADD_HINT}")
    if rated is not None:
        print(
            f"Last rating: night of {day(rated.night)}: {rated.quality}/5 "
            f"({QUALITY_LABELS[rated.quality]})"
        )
    print(f"Data: {ctx.data_file}")
    return 0


def cmd_config_show(ctx: Context, args: argparse.Namespace) -> int:
    for key, value in to_pairs(ctx.settings).items():
        print(f"{key} = {value}")
    print(f"{LOGIN_KEY} = {_switch(start_at_login(ctx.data_file.parent).enabled())}")
    return 0


def _switch(on: bool) -> str:
    return SWITCH[0] if on else SWITCH[1]


def cmd_config_set(ctx: Context, args: argparse.Namespace) -> int:
    updated = ctx.store.set_setting(args.key, args.value)
    chosen = args.key.strip().lower()
    for key, value in to_pairs(updated).items():
        if key == chosen or (chosen == "bedtime" and key.startswith("bedtime.")):
            print(f"{key} = {value}")
    # A lower limit is the user's own choice, so it stands; but say which doses it now
    # refuses, rather than let tonight's reminder be the first to find out.
    for above in doses_above(ctx.store.supplements(), updated.limit_mg):
        _warn(f"{above}; taking it will need --force")
    return 0


# -- commands about this computer's session, not the data file ----------------------------


def session_start_at_login(args: argparse.Namespace, data_dir: Path) -> int:
    on = parse_switch(LOGIN_KEY, args.value)
    login = start_at_login(data_dir)
    login.set(on)
    print(f"{LOGIN_KEY} = {_switch(login.enabled())}")
    return 0


def session_desktop_install(args: argparse.Namespace, data_dir: Path) -> int:
    from .. import desktop_install

    command = app_command(data_dir)
    written = desktop_install.install(command)
    entry = desktop_install.entry_file(desktop_install.data_home())
    print(f"Bedtime is in the desktop's menu: {entry} ({len(written)} files in all)")
    return 0


def session_desktop_remove(args: argparse.Namespace, data_dir: Path) -> int:
    from .. import desktop_install

    removed = desktop_install.remove()
    if removed:
        print(f"Removed Bedtime from the desktop's menu ({plural(len(removed), 'file')})")
    else:
        print("Bedtime was not in the desktop's menu; nothing removed")
    return 0


def cmd_supplement_add(ctx: Context, args: argparse.Namespace) -> int:
    draft = draft_supplement(
        args.name, args.form, args.mg_per_unit, args.units_per_dose, args.stock, args.low_days
    )
    try:
        check_dose_size(draft, ctx.settings.limit_mg, force=args.force)
    except DoseAboveLimit as refusal:
        print(
            f"bedtime: refused: {refusal}; check --mg-per-unit and --units-per-dose, "
            "or add --force to add it anyway",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    added = ctx.store.add_supplement(draft, ctx.now)
    print(
        f"Added {added.name}: {fmt_number(added.mg_per_dose)} mg a dose "
        f"({fmt_number(added.units_per_dose)} × {fmt_number(added.mg_per_unit)} mg, "
        f"{FORMS[added.form].label}), {_stock_line(added)}"
    )
    return 0


def cmd_supplement_list(ctx: Context, args: argparse.Namespace) -> int:
    supplements = ctx.store.supplements()
    if args.json:
        print(json.dumps([_supplement_json(s) for s in supplements], indent=2, ensure_ascii=False))
        return 0
    if not supplements:
        print(f"No supplements yet: {ADD_HINT}")
    for s in supplements:
        low = "  (running low)" if is_low(s) else ""
        print(
            f"{s.name}: {FORMS[s.form].label}, {fmt_number(s.mg_per_unit)} mg per unit, "
            f"{fmt_number(s.units_per_dose)} a dose, {_stock_line(s)}{low}"
        )
    return 0


def cmd_supplement_restock(ctx: Context, args: argparse.Namespace) -> int:
    units = parse_restock_units(args.units)
    s = ctx.store.restock(args.name, units)
    print(f"Restocked {s.name}: {_stock_line(s)}")
    return 0


def cmd_supplement_remove(ctx: Context, args: argparse.Namespace) -> int:
    s = ctx.store.remove_supplement(args.name, ctx.now)
    print(f"Removed {s.name}; doses already logged stay in the history")
    return 0


def cmd_take(ctx: Context, args: argparse.Namespace) -> int:
    units = (
        None
        if args.units is None
        else parse_amount("units", args.units, positive=True, high=UNITS_PER_DOSE_MAX)
    )
    at = (
        ctx.now
        if args.at is None
        else nights.latest_at(ctx.now, parse_hhmm("at", args.at), ctx.zone)
    )
    try:
        intake, s = ctx.store.take(args.name, units, at, ctx.zone, ctx.settings, force=args.force)
    except OverLimit as refusal:
        print(f"bedtime: refused: {refusal}; add --force to log it anyway", file=sys.stderr)
        return EXIT_REFUSED
    except NotEnoughStock as refusal:
        print(f"bedtime: refused: {refusal}; {_restock_hint(refusal.name)}", file=sys.stderr)
        return EXIT_REFUSED
    total = ctx.store.night_total(intake.night)
    print(
        f"Logged {fmt_number(intake.units)} × {intake.name} ({fmt_number(intake.mg)} mg) at "
        f"{moment(intake.at, ctx.now)}, night of {day(intake.night)}"
    )
    print(f"That night: {_total_line(total, ctx.settings)}; {s.name}: {_stock_line(s)}")
    left = days_left(s)
    if left is not None and is_low(s):
        _warn(f"{s.name} is running low ({plural(left, 'night')} left); {_restock_hint(s.name)}")
    return 0


def cmd_undo(ctx: Context, args: argparse.Namespace) -> int:
    intake = ctx.store.undo_last()
    if intake is None:
        print("Nothing to undo: no dose is logged")
        return 0
    restocked = any(
        s.id == intake.supplement_id and s.stock_units is not None for s in ctx.store.supplements()
    )
    print(
        f"Undid {fmt_number(intake.units)} × {intake.name} ({fmt_number(intake.mg)} mg) of "
        f"{moment(intake.at, ctx.now)}" + ("; its units are back in stock" if restocked else "")
    )
    return 0


def cmd_rate(ctx: Context, args: argparse.Namespace) -> int:
    quality = parse_int("rating", args.rating, 1, 5)
    latest = nights.latest_bedtime_passed(ctx.now, ctx.settings, ctx.zone)
    if args.night is None:
        night = latest
    else:
        night = parse_date("night", args.night)
        if night > latest:
            raise InvalidInput(
                "night", f"must be a night whose bedtime has passed (latest: {latest})", args.night
            )

    def minutes(field: str, text: str | None) -> int | None:
        return None if text is None else parse_int(field, text, 0, 1440)

    entry = DiaryEntry(
        night=night,
        zone=ctx.zone.key or "UTC",
        quality=quality,
        latency_min=minutes("latency", args.latency),
        awakenings=minutes("awakenings", args.awakenings),
        awake_min=minutes("awake", args.awake),
        in_bed=None if args.in_bed is None else parse_hhmm("in-bed", args.in_bed),
        final_wake=None if args.woke is None else parse_hhmm("woke", args.woke),
        note=None if args.note is None else parse_note("note", args.note, NOTE_MAX_LENGTH),
    )
    check_consistent(entry, DIARY_FLAGS)
    earlier = ctx.store.diary(night, night)
    ctx.store.rate(entry, ctx.now)
    print(f"Night of {day(night)}: {quality}/5 ({QUALITY_LABELS[quality]})")
    if earlier:
        print(f"This replaces the earlier entry for that night ({earlier[0].quality}/5)")
    return 0


def cmd_history(ctx: Context, args: argparse.Namespace) -> int:
    count = parse_int("nights", args.nights, 1, 36600)
    last = nights.night_of(ctx.now, ctx.zone, ctx.settings)
    first = last - timedelta(days=count - 1)
    records = night_records(
        first,
        last,
        ctx.store.intakes(first, last),
        ctx.store.diary(first, last),
        ctx.store.night_kinds(first, last),
        now=ctx.now,
        settings=ctx.settings,
        zone=ctx.zone,
        first_use=ctx.first_night(),
    )
    # Nights before Bedtime was in use were never planned: only rated ones are listed, as in
    # the window.
    rows = [r for r in records if r.listed]
    if args.json:
        listing = [
            {
                "night": row.night.isoformat(),
                "status": row.status.value,
                "total_mg": row.total_mg,
                "rating": None if row.diary is None else row.diary.quality,
                "diary": None if row.diary is None else _diary_json(row.diary),
                "intakes": [
                    {
                        "at": _local(i.at, ZoneInfo(i.zone)),
                        "name": i.name,
                        "units": i.units,
                        "mg": i.mg,
                        "minutes_before_bedtime": i.minutes_before_bedtime,
                    }
                    for i in row.intakes
                ],
            }
            for row in rows
        ]
        print(json.dumps(listing, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("No nights yet: Bedtime's first night is tonight")
    days = [day(row.night, this_year=ctx.now.year) for row in rows]
    width = max(map(len, days), default=0)
    for row, name in zip(rows, days, strict=True):
        doses = ", ".join(
            f"{fmt_number(i.units)} × {i.name} at {time_of(i.at.astimezone(ZoneInfo(i.zone)))}"
            for i in row.intakes
        )
        rating = "not rated" if row.diary is None else f"slept {row.diary.quality}/5"
        what = doses or _NO_DOSE[row.status]
        print(f"{name:<{width}}  {fmt_number(row.total_mg):>6} mg  {rating:<11}  {what}")
    return 0


# What a night without a dose became, in the History window's words.
_NO_DOSE = {
    NightStatus.SKIPPED: "skipped",
    NightStatus.PAUSED: "paused",
    NightStatus.MISSED: "missed",
    NightStatus.TONIGHT: "not yet tonight",
    NightStatus.NOT_USED: "before Bedtime was in use",
}


# Backup, import and CSV code is imported by its command only: the tray app starts through
# this module and must not carry it (tests/test_lean_start.py).


def cmd_backup(ctx: Context, args: argparse.Namespace) -> int:
    from ..store.backup import back_up

    back_up(ctx.store.conn, _file_argument(args.file))
    print(f"Backed up to {args.file}")
    return 0


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    from ..store.backup import import_backup

    imported = import_backup(ctx.store.conn, _file_argument(args.file), ctx.data_file)
    print(f"Imported {args.file}; your earlier data is kept at {imported.kept}")
    if imported.report:
        print(f"Imported as it was or set right ({plural(len(imported.report), 'value')}):")
        for line in imported.report:
            print(f"  {line}")
    return 0


def _file_argument(text: str) -> Path:
    if not text.strip():
        raise InvalidInput("backup file", "must be a file name", text)
    return Path(text).expanduser()


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    if not args.file.strip():
        raise InvalidInput("FILE", "must be a file name ending in .csv", args.file)
    from ..export import write_csv

    count = write_csv(Path(args.file), ctx.store.intakes(), ctx.store.diary())
    print(f"Exported {plural(count, 'night')} to {args.file}")
    return 0


# -- parser --------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bedtime",
        description="Take magnesium at a chosen time before bed, keep stock, rate your sleep.",
        epilog=CAUTION,
    )
    parser.add_argument(
        "--version",
        action="store_true",
        help="show the version, what it runs on, and where the data and the log are",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="the tray app also writes debug lines to its log (and to the terminal)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep the data here instead of the usual place (also: BEDTIME_DATA_DIR)",
    )
    parser.add_argument(
        LOGIN_FLAG,
        action="store_true",
        help="start in the tray only, waiting for the panel (what the login entry runs)",
    )
    parser.set_defaults(handler=None, session=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    def command(
        name: str,
        handler: Callable[[Context, argparse.Namespace], int],
        help_text: str,
        # Quoted: _SubParsersAction is generic only in the stubs, not at run time.
        group: "argparse._SubParsersAction[_Parser] | None" = None,
    ) -> argparse.ArgumentParser:
        sub = (group or commands).add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    status = command("status", cmd_status, "tonight's bedtime, reminder, total and stock")
    status.add_argument("--json", action="store_true", help="print one JSON object")

    config = commands.add_parser(
        "config", help="show or change the settings", description="Show or change the settings."
    )
    config_commands = config.add_subparsers(metavar="ACTION", parser_class=_Parser, required=True)
    command("show", cmd_config_show, "all settings as KEY = VALUE", config_commands)
    config_set = command("set", cmd_config_set, "change one setting", config_commands)
    config_set.formatter_class = argparse.RawDescriptionHelpFormatter
    config_set.epilog = CONFIG_KEYS
    config_set.add_argument(
        "key", metavar="KEY", help="one of: " + ", ".join([*SETTERS, LOGIN_KEY])
    )
    config_set.add_argument("value", metavar="VALUE")

    supplement = commands.add_parser(
        "supplement",
        help="your supplements and their stock",
        description="Add, list, restock or remove supplements.",
    )
    sup = supplement.add_subparsers(metavar="ACTION", parser_class=_Parser, required=True)
    add = command("add", cmd_supplement_add, "add a supplement", sup)
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--mg-per-unit",
        required=True,
        metavar="MG",
        help="mg of elemental magnesium per tablet, capsule, scoop or ml",
    )
    add.add_argument(
        "--units-per-dose", default="1", metavar="N", help="fractions allowed (default 1)"
    )
    add.add_argument("--stock", metavar="N", help="units on hand (default: not tracked)")
    add.add_argument("--form", default="other", metavar="FORM", help="one of: " + ", ".join(FORMS))
    add.add_argument(
        "--low-days",
        default="7",
        metavar="N",
        help="warn when fewer nights than this are left (default 7)",
    )
    add.add_argument(
        "--force", action="store_true", help="add it even if one dose is above the daily limit"
    )
    listing = command("list", cmd_supplement_list, "list supplements with stock", sup)
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    restock = command("restock", cmd_supplement_restock, "add UNITS to the stock", sup)
    restock.add_argument("name", metavar="NAME")
    restock.add_argument("units", metavar="UNITS")
    remove = command("remove", cmd_supplement_remove, "remove (history keeps its doses)", sup)
    remove.add_argument("name", metavar="NAME")

    take = command("take", cmd_take, "log a dose (now, or --at an earlier time)")
    take.add_argument("name", nargs="?", metavar="NAME", help="optional with one supplement")
    take.add_argument("--units", metavar="N", help="default: the supplement's units per dose")
    take.add_argument("--at", metavar="HH:MM", help="the latest such time not after now")
    take.add_argument("--force", action="store_true", help="log it even above the daily limit")

    command("undo", cmd_undo, "remove the last logged dose and restore its stock")

    rate = command("rate", cmd_rate, "rate a night's sleep: 1 very poor … 5 very good")
    rate.add_argument("rating", metavar="1..5")
    rate.add_argument(
        "--night", metavar="YYYY-MM-DD", help="default: the latest night whose bedtime has passed"
    )
    rate.add_argument("--latency", metavar="MIN", help="minutes to fall asleep")
    rate.add_argument("--awakenings", metavar="N", help="times woken during the night")
    rate.add_argument("--awake", metavar="MIN", help="minutes awake during the night")
    rate.add_argument("--in-bed", metavar="HH:MM", help="time you got into bed")
    rate.add_argument("--woke", metavar="HH:MM", help="time of your final awakening")
    rate.add_argument("--note", metavar="TEXT", help="anything worth remembering about the night")

    history = command("history", cmd_history, "nights with doses and ratings, newest first")
    history.add_argument("--nights", default="14", metavar="N", help="how many nights (default 14)")
    history.add_argument("--json", action="store_true", help="print a JSON list")

    export = command("export", cmd_export, "write every night to a CSV file")
    export.add_argument("file", metavar="FILE.csv")

    backup = command(
        "backup", cmd_backup, "write a copy of all your data to FILE (also while the app runs)"
    )
    backup.add_argument("file", metavar="FILE")
    restore = command(
        "import",
        cmd_import,
        "replace all your data with a backup's; the current data is kept as a copy first",
    )
    restore.add_argument("file", metavar="FILE")
    desktop = commands.add_parser(
        "desktop",
        help="add Bedtime to the desktop's menu, or take it out",
        description="Add Bedtime's menu entry, icons and metainfo under $XDG_DATA_HOME "
        "(for a uv tool or pipx install), or remove them.",
    )
    desktop_actions = desktop.add_subparsers(metavar="ACTION", parser_class=_Parser, required=True)
    for name, session, help_text in (
        ("install", session_desktop_install, "add the menu entry and icons (again is harmless)"),
        ("remove", session_desktop_remove, "remove exactly what install added"),
    ):
        desktop_actions.add_parser(name, help=help_text, description=help_text).set_defaults(
            session=session
        )

    show = commands.add_parser(
        "show",
        help="open a window of the tray app (starting it if it is not running)",
        description="Open a window of the running tray app; start the app if none runs.",
    )
    show.add_argument(
        "window",
        choices=SHOW_WINDOWS,
        metavar="WINDOW",
        help="settings, history or diary (the morning question)",
    )
    show.set_defaults(handler=None)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # No command (or `show`): the tray app, which tells its own way (log and screen).
    tray_app = args.handler is None and args.session is None and not args.version
    notices = environment.drop_invalid()
    if not tray_app:
        for notice in notices:
            _warn(notice)
    try:
        data_dir = paths.data_dir(args.data_dir)
    except InvalidInput as error:
        if not tray_app or args.data_dir is not None:
            print(f"bedtime: error: {error}", file=sys.stderr)
            return EXIT_BAD_INPUT
        # Started at login nobody reads a terminal, and tonight's reminder matters more than
        # a folder set by mistake in the environment: the usual folder, and say so.
        del os.environ[paths.DATA_DIR_VARIABLE]
        data_dir = paths.default_data_dir()
        notices.append(f"{error}; using the usual folder {data_dir} instead")
    if args.version:
        from .. import __version__
        from ..services.logbook import LOG_NAME, log_dir, runtime

        print(f"bedtime {__version__}")
        print(runtime())
        print(f"Data: {data_dir / paths.DATABASE_NAME}")
        print(f"Log: {log_dir() / LOG_NAME}")
        return 0
    fresh = paths.NewFiles(data_dir / paths.DATABASE_NAME)
    if args.handler is cmd_config_set and args.key.strip().lower() == LOGIN_KEY:
        args.session = session_start_at_login
    if args.session is not None:
        code = _session(args, data_dir)
    elif args.handler is None:
        # No command, or `show`: the tray app. Qt is imported only here, so commands stay quick.
        from .. import session_check

        blocker = session_check.problem()
        if blocker is not None:
            print(f"bedtime: error: {blocker}", file=sys.stderr)
            return 1
        from ..pyside_imports import check_sources_without_keeping_them

        check_sources_without_keeping_them()
        from ..app.tray_app import run

        message = "activate" if getattr(args, "window", None) is None else f"show {args.window}"
        code = run(
            data_dir, message, verbose=args.verbose, at_login=args.autostart, notices=notices
        )
    else:
        code = _run(args, data_dir)
    if code == EXIT_BAD_INPUT:
        # Bad input writes nothing, not even the empty database a first run would create.
        fresh.remove()
    elif fresh.created() and args.handler is not None:
        print(f"\n{CAUTION}", file=sys.stderr)
    return code


def _session(args: argparse.Namespace, data_dir: Path) -> int:
    """A command about the desktop session: it neither opens nor creates the data file."""
    try:
        result: int = args.session(args, data_dir)
        return result
    except InvalidInput as error:
        print(f"bedtime: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except NotInstalled as refusal:
        print(f"bedtime: refused: {refusal}", file=sys.stderr)
        return EXIT_REFUSED
    except (AutostartError, OSError) as error:
        print(f"bedtime: error: {error}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, data_dir: Path) -> int:
    try:
        ctx = Context(data_dir)
    except InvalidInput as error:
        print(f"bedtime: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (StoreError, OSError) as error:
        print(f"bedtime: error: {error}", file=sys.stderr)
        return 1
    try:
        result: int = args.handler(ctx, args)
        sys.stdout.flush()
        return result
    except InvalidInput as error:
        print(f"bedtime: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except StoreError as error:
        print(f"bedtime: error: {error}", file=sys.stderr)
        return 1
    except sqlite3.Error as error:
        if is_read_only(error):
            print(
                f"bedtime: error: the data folder {ctx.data_file.parent} is read-only, so nothing "
                "was changed (status, history, export and backup still work)",
                file=sys.stderr,
            )
            return 1
        # Every change is one transaction, so a failed one (disk full, locked) changed nothing.
        print(
            f"bedtime: error: the data file could not be updated ({error}); nothing was changed",
            file=sys.stderr,
        )
        return 1
    except BrokenPipeError:
        # The reader went away (`bedtime history | head`); Python's advice: quiet exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as error:
        print(f"bedtime: error: {error}", file=sys.stderr)
        return 1
    finally:
        ctx.close()
