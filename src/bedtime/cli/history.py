"""`bedtime history`: nights with their doses and ratings, newest first."""

import argparse
import json
from datetime import timedelta
from zoneinfo import ZoneInfo

from ..app.night_log import listed_nights
from ..core import nights
from ..core.date_text import day, time_of
from ..core.diary import DiaryEntry, sleep_efficiency
from ..core.history import NightStatus
from ..core.values import format_hhmm, parse_int
from ..core.wording import N_, Translated, _, fmt_number
from .context import Context
from .output import local_time


def history(ctx: Context, args: argparse.Namespace) -> int:
    count = parse_int("nights", args.nights, 1, 36600)
    last = nights.night_of(ctx.now, ctx.zone, ctx.settings)
    first = last - timedelta(days=count - 1)
    rows = listed_nights(
        ctx.store,
        first,
        last,
        now=ctx.now,
        settings=ctx.settings,
        zone=ctx.zone,
        first_use=ctx.first_night(),
    )
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
                        "at": local_time(i.at, ZoneInfo(i.zone)),
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
        print(_("No nights yet: Bedtime's first night is tonight"))
    days = [day(row.night, this_year=ctx.now.year) for row in rows]
    width = max(map(len, days), default=0)
    # The rating column as wide as its longest words in this language ("not rated").
    rated_width = max(len(_("not rated")), len(_("slept {quality}/5").format(quality=5)))
    for row, name in zip(rows, days, strict=True):
        doses = ", ".join(
            _("{units} × {name} at {time}").format(
                units=fmt_number(i.units),
                name=i.name,
                time=time_of(i.at.astimezone(ZoneInfo(i.zone))),
            )
            for i in row.intakes
        )
        if row.diary is None:
            rating = _("not rated")
        else:
            rating = _("slept {quality}/5").format(quality=row.diary.quality)
        what = doses or _NO_DOSE[row.status]
        print(f"{name:<{width}}  {fmt_number(row.total_mg):>6} mg  {rating:<{rated_width}}  {what}")
    return 0


# What a night without a dose became, in the History window's words.
_NO_DOSE = Translated(
    {
        NightStatus.SKIPPED: N_("skipped"),
        NightStatus.PAUSED: N_("paused"),
        NightStatus.MISSED: N_("missed"),
        NightStatus.TONIGHT: N_("not yet tonight"),
        NightStatus.NOT_USED: N_("before Bedtime was in use"),
        NightStatus.OFF: N_("off night (trial)"),
    }
)


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
