"""A night in words, as the History table, the chart's tooltips and the dose dialog say it.

Plain functions, free of Qt, so every place names a night, a dose and a rating the same way.
Dates come from a `NightNames` (the table's DateWords, in the user's language).
"""

from datetime import date
from typing import Protocol
from zoneinfo import ZoneInfo

from ...core.diary import QUALITY_LABELS, DiaryEntry, sleep_efficiency
from ...core.dosing import Intake
from ...core.history import NightRecord, NightStatus
from ...core.wording import N_, Translated, _, fmt_number, plural

STATUS_WORDS = Translated(
    {
        NightStatus.SKIPPED: N_("Skipped"),
        NightStatus.PAUSED: N_("Paused"),
        NightStatus.MISSED: N_("Missed"),
        NightStatus.TONIGHT: N_("Tonight"),
        NightStatus.NOT_USED: N_("Before first use"),
        NightStatus.OFF: N_("Off night (trial)"),
    }
)
NOT_RATED = "—"
NOTE_CHARS = 40  # a note longer than this is cut in the table; the tooltip has all of it


class NightNames(Protocol):
    """Short names of nights in the user's language: "Fri 20 Nov"."""

    def night(self, night: date, *, year: bool = False) -> str: ...


def dose_time(intake: Intake) -> str:
    """When a dose was taken, on the clock of the zone it was taken in: "21:58"."""
    return f"{intake.at.astimezone(ZoneInfo(intake.zone)):%H:%M}"


def lead(minutes: int, *, short: bool = True) -> str:
    """ "62 min before bed", "15 min after bed", or "at bedtime"; not SHORT: "62 min before
    bedtime"."""
    if minutes == 0:
        return _("at bedtime")
    if short:
        text = _("{minutes} min before bed") if minutes > 0 else _("{minutes} min after bed")
    else:
        text = (
            _("{minutes} min before bedtime") if minutes > 0 else _("{minutes} min after bedtime")
        )
    return text.format(minutes=abs(minutes))


def one_dose(intake: Intake) -> str:
    """ "2 × Citrate" """
    return f"{fmt_number(intake.units)} × {intake.name}"


def dose_text(record: NightRecord) -> str:
    """ "2 × Citrate · 200 mg" ("2 × Citrate + 1 more · 250 mg" for several doses), or what
    became of a night without a dose ("Skipped")."""
    doses = record.intakes
    if not doses:
        return STATUS_WORDS.get(record.status, "—")
    more = _(" + {count} more").format(count=len(doses) - 1) if len(doses) > 1 else ""
    return f"{one_dose(doses[0])}{more} · {fmt_number(record.total_mg)} mg"


def taken_text(record: NightRecord) -> str:
    """ "21:58 · 62 min before bed", of the first dose (the tooltip lists every dose)."""
    if not record.intakes:
        return ""
    first = record.intakes[0]
    return f"{dose_time(first)} · {lead(first.minutes_before_bedtime)}"


def dose_line(intake: Intake) -> str:
    """One dose on its own: "21:58 · 2 × Citrate · 200 mg" (menus and tooltips)."""
    return f"{dose_time(intake)} · {one_dose(intake)} · {fmt_number(intake.mg)} mg"


def sleep_text(entry: DiaryEntry | None) -> str:
    """ "good (4/5)" """
    if entry is None:
        return NOT_RATED
    return _("{label} ({quality}/5)").format(
        label=QUALITY_LABELS[entry.quality], quality=entry.quality
    )


def diary_parts(
    entry: DiaryEntry | None, *, compact: bool = False, widest: bool = False
) -> list[str]:
    """The optional diary items that were noted; the note not included. COMPACT leaves out
    the minutes awake, which the efficiency already counts (the table's short form).

    WIDEST puts the widest efficiency (100 %) where the entry has the times for one: the
    text is then at least as wide as the entry's own, for sizing a column without working
    out years of efficiencies (each a pair of zone conversions)."""
    if entry is None:
        return []
    parts: list[str] = []
    if entry.latency_min is not None:
        parts.append(_("asleep in {minutes} min").format(minutes=entry.latency_min))
    if entry.awakenings is not None:
        parts.append(
            _("no awakenings")
            if entry.awakenings == 0
            else plural(entry.awakenings, "{n} awakening", "{n} awakenings")
        )
    if entry.awake_min and not compact:
        parts.append(_("{minutes} min awake").format(minutes=entry.awake_min))
    if widest:
        efficiency = None if entry.in_bed is None or entry.final_wake is None else 100.0
    else:
        efficiency = sleep_efficiency(entry)
    if efficiency is not None:
        parts.append(_("{percent} % efficient").format(percent=round(efficiency)))
    return parts


def diary_text(entry: DiaryEntry | None, *, widest: bool = False) -> str:
    """ "asleep in 15 min · 1 awakening · 91 % efficient · “late coffee”", short (WIDEST: see
    diary_parts)."""
    parts = diary_parts(entry, compact=True, widest=widest)
    if entry is not None and entry.note:
        note = entry.note if len(entry.note) <= NOTE_CHARS else entry.note[: NOTE_CHARS - 1] + "…"
        parts.append(f"“{note}”")
    return " · ".join(parts)


def night_tooltip(record: NightRecord, words: NightNames, mg: float | None = None) -> str:
    """The chart's words for a night: what was taken and how it was slept, in a few lines.

    MG is the night's total when the caller has it already (years of nights add up)."""
    day = words.night(record.night)
    doses = record.intakes
    if doses:
        total = record.total_mg if mg is None else mg
        before = lead(doses[0].minutes_before_bedtime, short=False)
        first = f"{day} — {fmt_number(total)} mg, {before}"
    else:
        what = STATUS_WORDS.get(record.status) or _("nothing logged")
        first = f"{day} — {what}"
    entry = record.diary
    if entry is None:
        return first
    slept = _("Slept: {rating}").format(rating=sleep_text(entry))
    if entry.latency_min is not None:
        slept += " · " + _("fell asleep in {minutes} min").format(minutes=entry.latency_min)
    return f"{first}\n{slept}"
