"""The words the tray, notifications and popups use, built from what the companion computed.

Kept apart from the widgets so the same sentence reads the same in the tray menu, the
no-tray window, a notification and the popup, and so it can be tested without a screen.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from ...app.companion import Reminder, Status
from ...core.alerts import Kind
from ...core.date_text import day, moment, time_of
from ...core.dosing import Ahead, Supplement, days_left
from ...core.nights import bedtime_of, reminder_of
from ...core.settings import Settings
from ...core.trial_text import tonight_line
from ...core.wording import N_, _, fmt_number, plural


def header(status: Status) -> str:
    """ "Reminder 21:30 · bedtime 23:00": only times still ahead."""
    upcoming = status.next
    bedtime = moment(upcoming.bedtime, status.now)
    if upcoming.reminder is None:
        return _("Bedtime {bedtime}").format(bedtime=bedtime)
    return _("Reminder {reminder} · bedtime {bedtime}").format(
        reminder=moment(upcoming.reminder, status.now), bedtime=bedtime
    )


def tonight(status: Status) -> str:
    """ "Tonight: 200 / 300 mg", or why there is nothing to take tonight."""
    s = status.settings
    if status.tonight.paused:
        through = status.paused_through or status.night
        return _("Paused through the night of {day}").format(day=day(through))
    if status.tonight.skipped and not status.taken:
        return _("Tonight: skipped")
    trial_night = None if status.trial is None else tonight_line(status.trial, status.night)
    if status.tonight.off and not status.taken and trial_night is not None:
        return trial_night  # "Off night (trial, week 5 of 16)"
    line = _("Tonight: {total} / {target} mg").format(
        total=fmt_number(status.total_mg), target=fmt_number(s.target_mg)
    )
    if status.total_mg > s.limit_mg:
        line += _(" (over your {limit} mg limit)").format(limit=fmt_number(s.limit_mg))
    return line


def tooltip(status: Status) -> str:
    lines = ["Bedtime", header(status), tonight(status)]
    snoozed = status.tonight.snoozed_until
    if status.reminder_pending and snoozed is not None and snoozed > status.now:
        lines.append(_("Snoozed until {time}").format(time=moment(snoozed, status.now)))
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
        return _("Missed tonight's magnesium?")
    if reminder.nudge:
        return _("Still time for your magnesium")
    return _("Time for your magnesium")


def reminder_body(reminder: Reminder, now: datetime) -> str:
    bedtime = moment(reminder.bedtime, now)
    if reminder.kind is Kind.MISSED:
        return _(
            "Bedtime ({bedtime}) has passed and no dose is logged for the night of {day}."
        ).format(bedtime=bedtime, day=day(reminder.night))
    doses = "\n".join(dose_line(s) for s in reminder.supplements)
    if not doses:
        doses = _("No supplement added yet: choose Taken to add yours.")
    return _("Bedtime at {bedtime}.").format(bedtime=bedtime) + f"\n{doses}"


LOW_STOCK_TITLE = N_("Running low on magnesium")


def low_stock(supplements: list[Supplement], ahead: Ahead) -> str:
    """One line a supplement ("Glycinate: 2 nights left", counted over the nights AHEAD), then
    "Restock soon.", under the title `LOW_STOCK_TITLE`: lines of their own, so no word is
    left alone on one."""
    lines = []
    for s in supplements:
        left = days_left(s, ahead) or 0
        lines.append(
            _("{name}: {nights} left").format(
                name=s.name, nights=plural(left, "{n} night", "{n} nights")
            )
        )
    return "\n".join([*lines, _("Restock soon.")])


def reminder_line(night: date, settings: Settings, zone: ZoneInfo) -> str:
    """ "Reminder at 21:30 tonight (23:00 − 90 min)", saying so when a time is after midnight."""
    bedtime = bedtime_of(night, settings, zone)
    reminder = reminder_of(night, settings, zone)

    def at(instant: datetime) -> str:
        if instant.date() > night:
            return _("{time} after midnight").format(time=time_of(instant))
        return time_of(instant)

    if reminder.date() > night:
        when = at(reminder)
    else:
        when = _("{time} tonight").format(time=time_of(reminder))
    return _("Reminder at {when} ({bedtime} − {offset} min)").format(
        when=when, bedtime=at(bedtime), offset=settings.offset_minutes
    )
