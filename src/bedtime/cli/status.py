"""`bedtime status`: tonight's bedtime and reminder, the next reminder, the total and stock."""

import argparse
import json

from ..core import nights
from ..core.alerts import upcoming
from ..core.date_text import day, moment
from ..core.diary import QUALITY_LABELS
from ..core.dosing import is_low
from ..core.wording import _, fmt_number
from .context import Context
from .output import ADD_HINT, local_time, stock_line, supplement_json, total_line


def status(ctx: Context, args: argparse.Namespace) -> int:
    s, zone, now = ctx.settings, ctx.zone, ctx.now
    night = nights.night_of(now, zone, s)
    bedtime = nights.bedtime_of(night, s, zone)
    reminder = nights.reminder_of(night, s, zone)
    # The tray's answer: the next night still to remind of (not one already taken, skipped
    # or paused), and its reminder unless that is already due.
    up = upcoming(now, s, zone, ctx.store.night_state, first_night=ctx.first_night())
    total = ctx.store.night_total(night)
    supplements = ctx.store.supplements()
    ahead = ctx.ahead()
    rated = ctx.store.latest_rating()
    if args.json:
        shown = {
            "now": local_time(now, zone),
            "zone": zone.key,
            "night": night.isoformat(),
            "bedtime": local_time(bedtime, zone),
            "reminder": local_time(reminder, zone),
            "next_reminder": None if up.reminder is None else local_time(up.reminder, zone),
            "next_reminder_night": up.night.isoformat(),
            "next_bedtime": local_time(up.bedtime, zone),
            "offset_minutes": s.offset_minutes,
            "taken_tonight": total > 0,
            "day_total_mg": total,
            "target_mg": s.target_mg,
            "limit_mg": s.limit_mg,
            "supplements": [supplement_json(x, ahead) for x in supplements],
            "last_rating": None
            if rated is None
            else {"night": rated.night.isoformat(), "rating": rated.quality},
            "data_file": str(ctx.data_file),
        }
        print(json.dumps(shown, indent=2, ensure_ascii=False))
        return 0
    print(
        _("Night of {day}: bedtime {bedtime}, reminder {reminder} ({offset} min before)").format(
            day=day(night),
            bedtime=moment(bedtime, now),
            reminder=moment(reminder, now),
            offset=s.offset_minutes,
        )
    )
    if ahead.trial is not None:
        # Only on this path: --json, run by scripts and the launcher, loads no trial wording.
        from ..core.trial_text import tonight_line

        trial_night = tonight_line(ahead.trial, night)
        if trial_night is not None:
            print(
                _("Tonight: {night}; 'bedtime trial status' for the interim view").format(
                    night=trial_night
                )
            )
    if up.reminder is None:
        print(
            _("Reminder: due now, before bedtime at {bedtime}").format(
                bedtime=moment(up.bedtime, now)
            )
        )
    else:
        print(
            _("Next reminder: {reminder} (night of {day})").format(
                reminder=moment(up.reminder, now), day=day(up.night)
            )
        )
    taken = _("yes") if total > 0 else _("not yet")
    limit = (
        "" if total > s.limit_mg else _(" (limit {limit} mg)").format(limit=fmt_number(s.limit_mg))
    )
    print(
        _("Taken tonight: {taken}, {total}").format(taken=taken, total=total_line(total, s)) + limit
    )
    if supplements:
        print(_("Supplements:"))
        for x in supplements:
            low = _("  (running low)") if is_low(x, ahead) else ""
            print(
                "  "
                + _("{name}: {mg} mg a dose, {stock}").format(
                    name=x.name, mg=fmt_number(x.mg_per_dose), stock=stock_line(x, ahead)
                )
                + low
            )
    else:
        print(_("No supplements yet: {command}").format(command=ADD_HINT))
    if rated is not None:
        print(
            _("Last rating: night of {day}: {quality}/5 ({label})").format(
                day=day(rated.night), quality=rated.quality, label=QUALITY_LABELS[rated.quality]
            )
        )
    print(_("Data: {file}").format(file=ctx.data_file))
    return 0
