"""The morning sleep diary (after the Consensus Sleep Diary) and sleep efficiency."""

from dataclasses import dataclass
from datetime import UTC, date, time, timedelta
from zoneinfo import ZoneInfo

from .errors import InvalidInput
from .nights import wall_clock

QUALITY_LABELS = {1: "very poor", 2: "poor", 3: "fair", 4: "good", 5: "very good"}

# Clock times from noon on belong to the evening of the night, earlier ones to the next morning.
_NOON = time(12, 0)


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
            raise InvalidInput("rating", "must be a whole number from 1 to 5", self.quality)
        for field, value in (
            ("latency", self.latency_min),
            ("awakenings", self.awakenings),
            ("awake", self.awake_min),
        ):
            if value is not None and not 0 <= value <= 1440:
                raise InvalidInput(field, "must be a whole number from 0 to 1440", value)


def sleep_efficiency(entry: DiaryEntry) -> float | None:
    """Total sleep time / time in bed × 100, or None when the entry lacks the times.

    Time in bed runs from getting into bed to the final awakening; sleep time is that less
    the minutes to fall asleep and the minutes awake. Elapsed time, so a DST night counts
    its real length.
    """
    if entry.in_bed is None or entry.final_wake is None:
        return None
    zone = ZoneInfo(entry.zone)
    bed_day = entry.night if entry.in_bed >= _NOON else entry.night + timedelta(days=1)
    start = wall_clock(bed_day, entry.in_bed, zone).astimezone(UTC)
    end = wall_clock(entry.night + timedelta(days=1), entry.final_wake, zone).astimezone(UTC)
    if end <= start:
        return None
    in_bed_min = (end - start) / timedelta(minutes=1)
    asleep_min = in_bed_min - (entry.latency_min or 0) - (entry.awake_min or 0)
    return round(max(asleep_min, 0.0) / in_bed_min * 100, 1)
