"""`bedtime status`: tonight's bedtime and reminder, the next reminder, the total and stock."""

import argparse
import json

from ..core import nights
from ..core.alerts import upcoming
from ..core.date_text import day, moment
from ..core.diary import QUALITY_LABELS
from ..core.dosing import is_low
from ..core.errors import fmt_number
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
        f"Night of {day(night)}: bedtime {moment(bedtime, now)}, "
        f"reminder {moment(reminder, now)} ({s.offset_minutes} min before)"
    )
    if ahead.trial is not None:
        # Only on this path: --json, run by scripts and the launcher, loads no trial wording.
        from ..core.trial_text import tonight_line

        trial_night = tonight_line(ahead.trial, night)
        if trial_night is not None:
            print(f"Tonight: {trial_night}; 'bedtime trial status' for the interim view")
    if up.reminder is None:
        print(f"Reminder: due now, before bedtime at {moment(up.bedtime, now)}")
    else:
        print(f"Next reminder: {moment(up.reminder, now)} (night of {day(up.night)})")
    taken = "yes" if total > 0 else "not yet"
    limit = "" if total > s.limit_mg else f" (limit {fmt_number(s.limit_mg)} mg)"
    print(f"Taken tonight: {taken}, {total_line(total, s)}{limit}")
    if supplements:
        print("Supplements:")
        for x in supplements:
            low = "  (running low)" if is_low(x, ahead) else ""
            line = f"{fmt_number(x.mg_per_dose)} mg a dose, {stock_line(x, ahead)}{low}"
            print(f"  {x.name}: {line}")
    else:
        print(f"No supplements yet: {ADD_HINT}")
    if rated is not None:
        print(
            f"Last rating: night of {day(rated.night)}: {rated.quality}/5 "
            f"({QUALITY_LABELS[rated.quality]})"
        )
    print(f"Data: {ctx.data_file}")
    return 0
