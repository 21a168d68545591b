"""What the History window's insight panel says about a run of nights, as plain numbers.

Every figure comes with the number of nights behind it, so the words built from it never
claim more than the data shows. Means are kept unrounded; the text rounds them.
"""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from .diary import sleep_efficiency
from .history import NightRecord, NightStatus
from .settings import Settings
from .trial_plan import Trial

# A first dose this close to the night's reminder, either way (inclusive), was on time.
ON_TIME_MINUTES = 15
# Ratings with and without a dose are only compared with at least this many nights on each side.
MIN_NIGHTS = 5
# Sleep efficiency the Consensus Sleep Diary literature treats as the usual aim, %.
EFFICIENCY_AIM = 85

# Nights the user meant to take a dose: not paused, not still ahead, not before first use.
PLANNED = frozenset({NightStatus.TAKEN, NightStatus.SKIPPED, NightStatus.MISSED})
# Nights that went by without a dose, whatever the reason.
WITHOUT_DOSE = frozenset({NightStatus.SKIPPED, NightStatus.MISSED, NightStatus.PAUSED})


@dataclass(frozen=True)
class Insights:
    nights: int  # records looked at
    logged: int  # nights with a dose or a diary entry
    planned: int  # TAKEN, SKIPPED or MISSED
    taken: int  # TAKEN
    on_time: int  # taken nights whose first dose was within ON_TIME_MINUTES of the reminder
    rating_with: float | None  # mean quality over rated taken nights
    rated_with: int
    rating_without: float | None  # mean quality over rated skipped, missed or paused nights
    rated_without: int
    median_minutes_before: float | None  # of the first dose, over the taken nights
    latency_min: float | None  # mean minutes to fall asleep
    latency_nights: int
    efficiency: float | None  # mean sleep efficiency, %
    efficiency_nights: int
    mean_mg: float | None  # per taken night
    target_mg: float
    limit_mg: float
    nights_at_target: int  # taken nights with total >= target
    nights_over_limit: int  # taken nights with total > limit
    trial_rated: int = 0  # rated nights of a trial: not in rating_with/without, the trial's own

    @property
    def comparable(self) -> bool:
        """Enough rated nights on both sides to set the two ratings side by side."""
        return self.rated_with >= MIN_NIGHTS and self.rated_without >= MIN_NIGHTS


def _mean(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


def insights(
    records: Sequence[NightRecord], settings: Settings, trial: Trial | None = None
) -> Insights:
    """The insight figures over RECORDS (any order), judged against SETTINGS.

    The nights of TRIAL are kept out of the ratings with and without a dose: there the plan,
    not the evening, decided, and the trial's own result compares them by plan.
    """
    window = timedelta(minutes=ON_TIME_MINUTES)
    offset = timedelta(minutes=settings.offset_minutes)
    planned = on_time = logged = at_target = over_limit = 0
    with_dose: list[float] = []
    without_dose: list[float] = []
    before: list[int] = []
    totals: list[float] = []
    latencies: list[float] = []
    efficiencies: list[float] = []
    trial_rated = 0
    for record in records:
        entry = record.diary
        in_trial = trial is not None and trial.place(record.night) is not None
        if in_trial and entry is not None:
            trial_rated += 1
        if record.intakes or entry is not None:
            logged += 1
        if record.status in PLANNED:
            planned += 1
        if record.status is NightStatus.TAKEN and record.intakes:
            first = record.intakes[0]
            # Aware instants subtract the same in any zone: none is converted.
            if abs(offset - (first.bedtime - first.at)) <= window:
                on_time += 1  # within WINDOW of the reminder, OFFSET before bedtime
            before.append(first.minutes_before_bedtime)
            total = record.total_mg
            totals.append(total)
            if total >= settings.target_mg:
                at_target += 1
            if total > settings.limit_mg:
                over_limit += 1
            if entry is not None and not in_trial:
                with_dose.append(entry.quality)
        elif record.status in WITHOUT_DOSE and entry is not None and not in_trial:
            without_dose.append(entry.quality)
        if entry is not None:
            if entry.latency_min is not None:
                latencies.append(entry.latency_min)
            efficiency = sleep_efficiency(entry)
            if efficiency is not None:
                efficiencies.append(efficiency)
    return Insights(
        nights=len(records),
        logged=logged,
        planned=planned,
        taken=len(totals),
        on_time=on_time,
        rating_with=_mean(with_dose),
        rated_with=len(with_dose),
        rating_without=_mean(without_dose),
        rated_without=len(without_dose),
        median_minutes_before=float(statistics.median(before)) if before else None,
        latency_min=_mean(latencies),
        latency_nights=len(latencies),
        efficiency=_mean(efficiencies),
        efficiency_nights=len(efficiencies),
        mean_mg=_mean(totals),
        target_mg=settings.target_mg,
        limit_mg=settings.limit_mg,
        nights_at_target=at_target,
        nights_over_limit=over_limit,
        trial_rated=trial_rated,
    )
