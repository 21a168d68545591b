"""The log as a CSV file, one row per night, for a spreadsheet or a doctor."""

import csv
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from .core.diary import QUALITY_LABELS, DiaryEntry, sleep_efficiency
from .core.dosing import Intake
from .core.errors import InvalidInput
from .core.history import summarize
from .core.trial_plan import Place, Trial
from .core.values import format_hhmm
from .core.wording import _, plain_number
from .private_files import temp_file

COLUMNS = (
    "night",
    "weekday",
    "doses",
    "total_mg",
    "first_dose_at",
    "minutes_before_bedtime",
    "rating",
    "rating_label",
    "latency_min",
    "awakenings",
    "awake_min",
    "in_bed",
    "final_wake",
    "sleep_efficiency_pct",
    "note",
    # A night of a personal trial: its period (1, 2, …), the arm the plan gave it (on/off),
    # and whether the analysis counts it (no: a wash-in night). Blank outside a trial.
    "trial_period",
    "trial_arm",
    "trial_counted",
)


def _blank(value: object) -> str:
    return "" if value is None else str(value)


def _text(value: str | None) -> str:
    """Free text as a spreadsheet shows it, never as a formula it would run."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value or ""


def _place(trials: Sequence[Trial], night: date) -> Place | None:
    return next((p for t in trials if (p := t.place(night)) is not None), None)


def write_csv(
    path: Path,
    intakes: Sequence[Intake],
    diary: Sequence[DiaryEntry],
    trials: Sequence[Trial] = (),
) -> int:
    """Write every night that has a dose or a rating, oldest first; return how many.

    Written to a temporary file beside PATH and renamed over it, so a crash never leaves
    half a file where an older export was. Only its owner may read it (0600): it is a
    health log.
    """
    if path.suffix.lower() != ".csv":
        raise InvalidInput("FILE", _("must be a file name ending in .csv"), str(path))
    if not path.parent.is_dir():
        raise InvalidInput("FILE", _("must be in an existing folder"), str(path))
    if path.is_dir():
        raise InvalidInput("FILE", _("must be a file, not a folder"), str(path))
    nights = {i.night for i in intakes} | {d.night for d in diary}
    rows = [] if not nights else summarize(min(nights), max(nights), intakes, diary)
    rows = [row for row in reversed(rows) if row.intakes or row.diary]
    handle, temp = temp_file(path.parent, ".bedtime-export-", ".csv")
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(COLUMNS)
            for row in rows:
                first = row.intakes[0] if row.intakes else None
                entry = row.diary
                zone = ZoneInfo(first.zone) if first else None
                trial = _place(trials, row.night)
                writer.writerow(
                    [
                        row.night.isoformat(),
                        f"{row.night:%a}",
                        _text(
                            "; ".join(f"{plain_number(i.units)} x {i.name}" for i in row.intakes)
                        ),
                        plain_number(row.total_mg),
                        ""
                        if first is None or zone is None
                        else f"{first.at.astimezone(zone):%H:%M}",
                        "" if first is None else first.minutes_before_bedtime,
                        "" if entry is None else entry.quality,
                        "" if entry is None else QUALITY_LABELS[entry.quality],
                        _blank(entry and entry.latency_min),
                        _blank(entry and entry.awakenings),
                        _blank(entry and entry.awake_min),
                        "" if entry is None or entry.in_bed is None else format_hhmm(entry.in_bed),
                        ""
                        if entry is None or entry.final_wake is None
                        else format_hhmm(entry.final_wake),
                        "" if entry is None else _blank(sleep_efficiency(entry)),
                        "" if entry is None else _text(entry.note),
                        "" if trial is None else trial.period,
                        "" if trial is None else trial.arm.value,
                        "" if trial is None else ("no" if trial.wash_in else "yes"),
                    ]
                )
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return len(rows)
