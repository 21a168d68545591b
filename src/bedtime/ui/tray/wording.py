"""The words the tray, notifications and popups use, built from what the companion computed.

Kept apart from the widgets so the same sentence reads the same in the tray menu, the
no-tray window, a notification and the popup, and so it can be tested without a screen.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from ...app.companion import Reminder, Status
from ...core.alerts import Kind
from ...core.date_text import day, moment
from ...core.dosing import Supplement, days_left
from ...core.nights import bedtime_of, reminder_of
from ...core.settings import Settings
from ...core.wording import fmt_number


def header(status: Status) -> str:
    """ "Reminder 21:30 · bedtime 23:00": only times still ahead."""
    upcoming = status.next
    bedtime = moment(upcoming.bedtime, status.now)
    if upcoming.reminder is None:
        return f"Bedtime {bedtime}"
    return f"Reminder {moment(upcoming.reminder, status.now)} · bedtime {bedtime}"


def tonight(status: Status) -> str:
    """ "Tonight: 200 / 300 mg", or why there is nothing to take tonight."""
    s = status.settings
    if status.tonight.paused:
        through = status.paused_through or status.night
        return f"Paused through the night of {day(through)}"
    if status.tonight.skipped and not status.taken:
        return "Tonight: skipped"
    line = f"Tonight: {fmt_number(status.total_mg)} / {fmt_number(s.target_mg)} mg"
    if status.total_mg > s.limit_mg:
        line += f" (over your {fmt_number(s.limit_mg)} mg limit)"
    return line


def tooltip(status: Status) -> str:
    lines = ["Bedtime", header(status), tonight(status)]
    snoozed = status.tonight.snoozed_until
    if status.reminder_pending and snoozed is not None and snoozed > status.now:
        lines.append(f"Snoozed until {moment(snoozed, status.now)}")
    return "\n".join(lines)


def dose_line(s: Supplement) -> str:
    """ "Glycinate: 2 × 100 mg = 200 mg"."""
    if s.units_per_dose == 1:
        return f"{s.name}: {fmt_number(s.mg_per_dose)} mg"
    return (
        f"{s.name}: {fmt_number(s.units_per_dose)} × {fmt_number(s.mg_per_unit)} mg"
        f" = {fmt_number(s.mg_per_dose)} mg"
    )


def reminder_title(reminder: Reminder) -> str:
    if reminder.kind is Kind.MISSED:
        return "Missed tonight's magnesium?"
    if reminder.nudge:
        return "Still time for your magnesium"
    return "Time for your magnesium"


def reminder_body(reminder: Reminder, now: datetime) -> str:
    bedtime = moment(reminder.bedtime, now)
    if reminder.kind is Kind.MISSED:
        return (
            f"Bedtime ({bedtime}) has passed and no dose is logged for the night of "
            f"{day(reminder.night)}."
        )
    doses = "\n".join(dose_line(s) for s in reminder.supplements)
    if not doses:
        doses = "No supplement added yet: choose Taken to add yours."
    return f"Bedtime at {bedtime}.\n{doses}"


LOW_STOCK_TITLE = "Running low on magnesium"


def low_stock(supplements: list[Supplement]) -> str:
    """One line a supplement ("Glycinate: 2 nights left"), then "Restock soon.", under the
    title `LOW_STOCK_TITLE`: lines of their own, so no word is left alone on one."""
    lines = []
    for s in supplements:
        left = days_left(s) or 0
        lines.append(f"{s.name}: {left} night{'' if left == 1 else 's'} left")
    return "\n".join([*lines, "Restock soon."])


def reminder_line(night: date, settings: Settings, zone: ZoneInfo) -> str:
    """ "Reminder at 21:30 tonight (23:00 − 90 min)", saying so when a time is after midnight."""
    bedtime = bedtime_of(night, settings, zone)
    reminder = reminder_of(night, settings, zone)

    def at(instant: datetime) -> str:
        return f"{instant:%H:%M}" + (" after midnight" if instant.date() > night else "")

    when = at(reminder) if reminder.date() > night else f"{reminder:%H:%M} tonight"
    return f"Reminder at {when} ({at(bedtime)} − {settings.offset_minutes} min)"
