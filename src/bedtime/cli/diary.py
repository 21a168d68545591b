"""`bedtime rate`: a night's sleep, 1 to 5, with the optional diary items."""

import argparse

from ..core import nights
from ..core.date_text import day
from ..core.diary import NOTE_MAX_LENGTH, QUALITY_LABELS, DiaryEntry, check_consistent
from ..core.errors import InvalidInput
from ..core.values import parse_date, parse_hhmm, parse_int, parse_note
from ..core.wording import _
from .context import Context

# The diary items as `bedtime rate` names them, in a message about two of them.
DIARY_FLAGS = {
    "in_bed": "in-bed",
    "final_wake": "woke",
    "latency_min": "latency",
    "awakenings": "awakenings",
    "awake_min": "awake",
}


def rate(ctx: Context, args: argparse.Namespace) -> int:
    quality = parse_int("rating", args.rating, 1, 5)
    latest = nights.latest_bedtime_passed(ctx.now, ctx.settings, ctx.zone)
    if args.night is None:
        night = latest
    else:
        night = parse_date("night", args.night)
        if night > latest:
            raise InvalidInput(
                "night",
                _("must be a night whose bedtime has passed (latest: {latest})").format(
                    latest=latest
                ),
                args.night,
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
    print(
        _("Night of {day}: {quality}/5 ({label})").format(
            day=day(night), quality=quality, label=QUALITY_LABELS[quality]
        )
    )
    if earlier:
        print(
            _("This replaces the earlier entry for that night ({quality}/5)").format(
                quality=earlier[0].quality
            )
        )
    return 0
