"""The morning sleep diary (after the Consensus Sleep Diary) and sleep efficiency."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .errors import Contradiction, InvalidInput
from .nights import wall_clock
from .values import format_hhmm
from .wording import N_, Translated, _, plural

QUALITY_LABELS = Translated(
    {1: N_("very poor"), 2: N_("poor"), 3: N_("fair"), 4: N_("good"), 5: N_("very good")}
)
NOTE_MAX_LENGTH = 1000

# Clock times from noon on belong to the evening of the night, earlier ones to the next morning.
_NOON = time(12, 0)

# The longest a night in bed can be: 20:00 to 12:00. Anything longer is a slipped figure,
# most often an evening time for a morning one (in bed 23:00, woke 19:00 meant as 07:00),
# which would otherwise count as 20 hours in bed; it also bounds the minutes awake when the
# times are not given.
TIME_IN_BED_MAX = timedelta(hours=16)
# Made once: History works out years of entries, and making a timedelta costs more than
# comparing one.
_NO_TIME, _MINUTE, _DAY = timedelta(0), timedelta(minutes=1), timedelta(days=1)

# How each diary item is named in a message unless the caller names them its own way.
ITEM_NAMES = Translated(
    {
        "in_bed": N_("in bed"),
        "final_wake": N_("woke"),
        "latency_min": N_("latency"),
        "awakenings": N_("awakenings"),
        "awake_min": N_("awake"),
    }
)


@dataclass(frozen=True)
class DiaryEntry:
    night: date
    zone: str  # the zone the night was spent in, for its real length across DST
    quality: int  # 1 very poor … 5 very good
    latency_min: int | None = None  # minutes to fall asleep
    awakenings: int | None = None
    awake_min: int | None = None  # minutes awake during the night, after falling asleep
    in_bed: time | None = None  # got into bed / tried to sleep
    final_wake: time | None = None  # final awakening
    note: str | None = None

    def __post_init__(self) -> None:
        if self.quality not in QUALITY_LABELS:
            raise InvalidInput(
                "rating",
                _("must be a whole number from {low} to {high}").format(low=1, high=5),
                self.quality,
            )
        for field, value in (
            ("latency", self.latency_min),
            ("awakenings", self.awakenings),
            ("awake", self.awake_min),
        ):
            if value is not None and not 0 <= value <= 1440:
                raise InvalidInput(
                    field,
                    _("must be a whole number from {low} to {high}").format(low=0, high=1440),
                    value,
                )


def time_in_bed(entry: DiaryEntry) -> timedelta | None:
    """From getting into bed to the final awakening, or None when the entry lacks the times.

    Getting into bed is on the evening of the night (from noon on) or the morning after;
    the final awakening is on the day after the night. Elapsed time, so a DST night counts
    its real length. Zero or less when the awakening comes first.
    """
    if entry.in_bed is None or entry.final_wake is None:
        return None
    zone = ZoneInfo(entry.zone)
    morning = entry.night + _DAY
    bed_day = entry.night if entry.in_bed >= _NOON else morning
    # On the same offset at both ends (every night but a few a year) the elapsed time is
    # the clocks' difference; only across a change (DST, or a time inside its gap) is the
    # way through UTC needed. History works this out for years of nights at once.
    start, end = (
        datetime.combine(bed_day, entry.in_bed),
        datetime.combine(morning, entry.final_wake),
    )
    if zone.utcoffset(start) == zone.utcoffset(end):
        return end - start
    start_utc = wall_clock(bed_day, entry.in_bed, zone).astimezone(UTC)
    return wall_clock(morning, entry.final_wake, zone).astimezone(UTC) - start_utc


def contradiction(entry: DiaryEntry, names: Mapping[str, str] = ITEM_NAMES) -> Contradiction | None:
    """Why the items of ENTRY cannot all be true of one night, or None when they can.

    NAMES spells each item (by its DiaryEntry attribute) as the user met it: a flag or a label
    (written as it starts a sentence; within one its first letter is made small).

    Truly contradictory, so refused:
    - a final awakening not after getting into bed, or more than TIME_IN_BED_MAX after it;
    - minutes to fall asleep plus minutes awake longer than the time in bed (or, without the
      times, longer than any time in bed can be): there would be less than no sleep;
    - minutes awake during the night with no awakening: they are the time after waking up.
    Merely unusual, so accepted:
    - awakenings with no minutes awake, or more awakenings than minutes: brief awakenings
      are remembered but round to no minutes;
    - minutes to fall asleep plus minutes awake equal to the whole time in bed: a night
      without sleep happens, and its 0 % efficiency is the truth;
    - a short night, or getting into bed in the afternoon: odd, but possible.
    """

    return _contradiction(entry, time_in_bed(entry), names)


def _contradiction(
    entry: DiaryEntry, in_bed: timedelta | None, names: Mapping[str, str] = ITEM_NAMES
) -> Contradiction | None:
    """`contradiction`, with ENTRY's time in bed worked out already (IN_BED)."""

    def name(item: str) -> str:
        return names[item]

    def then(item: str) -> str:  # a name within the sentence
        return names[item][:1].lower() + names[item][1:]

    broken = _broken_rule(in_bed, entry.latency_min, entry.awakenings, entry.awake_min)
    if broken == "times":
        assert in_bed is not None and entry.in_bed is not None and entry.final_wake is not None
        reads = (
            _(" (as given, {duration} in bed)").format(duration=_duration(in_bed))
            if in_bed > TIME_IN_BED_MAX
            else ""
        )
        return Contradiction(
            ("final_wake", "in_bed"),
            _(
                "{woke} ({woke_at}) must be after {in_bed} ({in_bed_at}) "
                "and at most {longest} later"
            ).format(
                woke=name("final_wake"),
                woke_at=format_hhmm(entry.final_wake),
                in_bed=then("in_bed"),
                in_bed_at=format_hhmm(entry.in_bed),
                longest=_duration(TIME_IN_BED_MAX),
            )
            + reads,
        )
    if broken == "awake":
        return Contradiction(
            ("awake_min", "awakenings"),
            _("{awake} ({minutes}) needs at least one awakening, but {awakenings} is 0").format(
                awake=name("awake_min"), minutes=entry.awake_min, awakenings=then("awakenings")
            ),
        )
    if broken == "sleep":  # less than no sleep
        awake = (entry.latency_min or 0) + (entry.awake_min or 0)
        given = [item for item in ("latency_min", "awake_min") if getattr(entry, item)]
        if len(given) == 1:
            what = _("{item} ({minutes} minutes) is").format(item=name(given[0]), minutes=awake)
        else:
            what = _(
                "{latency} ({latency_min}) and {awake} ({awake_min}) add up to {minutes} minutes,"
            ).format(
                latency=name("latency_min"),
                latency_min=entry.latency_min,
                awake=then("awake_min"),
                awake_min=entry.awake_min,
                minutes=awake,
            )
        if in_bed is None:
            than = _("longer than a night in bed can be ({longest})").format(
                longest=_duration(TIME_IN_BED_MAX)
            )
            fields = tuple(given)
        else:
            assert entry.in_bed is not None and entry.final_wake is not None
            than = _("longer than the time in bed ({duration}, {start} to {end})").format(
                duration=_duration(in_bed),
                start=format_hhmm(entry.in_bed),
                end=format_hhmm(entry.final_wake),
            )
            fields = (*given, "in_bed", "final_wake")
        return Contradiction(fields, f"{what} {than}")
    return None


def _broken_rule(
    in_bed: timedelta | None, latency: int | None, awakenings: int | None, awake: int | None
) -> str | None:
    """Which of `contradiction`'s rules an entry breaks, from its figures (IN_BED its time in
    bed, or None): "times", "awake", "sleep", or None when it breaks none."""
    if in_bed is not None and not _NO_TIME < in_bed <= TIME_IN_BED_MAX:
        return "times"
    if awakenings == 0 and awake:
        return "awake"
    longest = TIME_IN_BED_MAX if in_bed is None else in_bed
    if (latency or 0) + (awake or 0) > longest / _MINUTE:
        return "sleep"
    return None


def check_consistent(entry: DiaryEntry, names: Mapping[str, str] = ITEM_NAMES) -> None:
    """Refuse (Contradiction) an entry whose items cannot all be true; see `contradiction`."""
    problem = contradiction(entry, names)
    if problem is not None:
        raise problem


def sleep_efficiency(entry: DiaryEntry) -> float | None:
    """Total sleep time / time in bed × 100, or None when the entry lacks the times.

    Sleep time is the time in bed less the minutes to fall asleep and the minutes awake.
    None too for an entry that contradicts itself (saved before such entries were refused):
    no figure is better than a made-up 0 or 100 %.
    """
    # History asks this of years of entries: the time in bed is worked out once, and only
    # whether a rule is broken, not how to say so.
    in_bed = time_in_bed(entry)
    latency, awake = entry.latency_min, entry.awake_min
    if in_bed is None or _broken_rule(in_bed, latency, entry.awakenings, awake) is not None:
        return None
    in_bed_min = in_bed / _MINUTE
    asleep_min = in_bed_min - (latency or 0) - (awake or 0)
    return round(asleep_min / in_bed_min * 100, 1)


def _duration(span: timedelta) -> str:
    """ "8 hours", "7 hours 30 minutes", "45 minutes"."""
    minutes = round(span / timedelta(minutes=1))
    hours, rest = divmod(minutes, 60)
    parts = ([plural(hours, "{n} hour", "{n} hours")] if hours else []) + (
        [plural(rest, "{n} minute", "{n} minutes")] if rest else []
    )
    return " ".join(parts) or plural(0, "{n} minute", "{n} minutes")
