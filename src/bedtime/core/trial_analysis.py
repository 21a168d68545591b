"""The answer of a personal on/off trial: on vs off, with an interval, a test and the counts.

The unit of analysis is the period, not the night: nights within a period are not
independent (a bad week is a bad week), and it is periods that were randomised. Each
period's score is the mean of its counted, rated nights; each pair gives one difference,
on minus off. The estimate is the mean of those differences, with a 95 % t-interval.

The main test is a randomisation test over the periods as assigned: under "magnesium makes
no difference to my ratings", each pair's order was a coin toss that could have come out
the other way, which flips the sign of that pair's difference. The p-value is the share of
all 2^n arrangements whose mean difference is at least as far from zero as the one seen.
It needs no assumption about how ratings vary, so a trend over the weeks or ratings that
carry from one night to the next cannot make a false effect out of nothing.

Intention to treat is the main analysis: every night counts where the plan put it, dose
or not. The per-protocol view beside it leaves out the nights where the log and the plan
disagree (a dose on an off night, none on an on night). See docs/trial.md.
"""

import math
import random
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .trial_plan import Arm, Place, Trial

# Up to 2^12 = 4096 arrangements are all enumerated; beyond that a fixed number is drawn
# from the trial's seed, so the same log always gives the same p-value.
EXACT_MAX_PAIRS = 12
RESAMPLES = 9999
# t quantiles (0.975) for 1 … 15 degrees of freedom, from any statistics table.
_T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
    2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
)  # fmt: skip
# Arrangements whose statistic equals the observed one up to rounding count as "as far".
_TIE = 1e-9


@dataclass(frozen=True)
class Observation:
    """What the log says about one night of the trial."""

    night: date
    rating: int | None  # the morning rating, 1 … 5
    latency_min: int | None  # minutes to fall asleep, when given
    took: bool  # a dose was logged for the night
    paused: bool = False  # reminders were paused
    zone: str | None = None  # the zone of the diary entry, when there is one


@dataclass(frozen=True)
class Estimate:
    """On minus off for one outcome, over complete pairs (both periods have a value)."""

    pairs: int  # complete pairs behind the figures
    difference: float | None  # mean of the pairs' on − off differences
    low: float | None  # 95 % interval (None with fewer than 2 pairs)
    high: float | None
    p: float | None  # two-sided randomisation test (None without a pair)
    exact: bool  # every arrangement was counted, none drawn
    on_mean: float | None  # over the nights behind the figures, for the reader
    off_mean: float | None
    on_nights: int
    off_nights: int

    @property
    def can_be_significant(self) -> bool:
        """Whether this many pairs could reach p < 0.05 at all (2 / 2^n < 0.05)."""
        return self.pairs >= 6


@dataclass(frozen=True)
class TrialResult:
    trial: Trial
    through: date  # the last night looked at
    finished: bool  # the trial has run to its last night (or was stopped): the answer
    nights: int  # trial nights up to THROUGH
    counted: int  # rated nights outside the wash-in: behind the main analysis
    wash_in: int  # nights not counted because they open a period
    missing: int  # nights outside the wash-in without a rating
    deviating: int  # nights (all so far) where the log disagrees with the plan
    paused: int  # nights with reminders paused
    away: int  # rated nights spent in another time zone than the trial's
    rating: Estimate  # intention to treat: the main analysis
    per_protocol: Estimate  # deviating nights left out
    latency: Estimate | None  # when at least half the counted nights give the latency


def deviates(where: Place, seen: Observation) -> bool:
    """A dose on an off night, or none on an on night."""
    return seen.took != (where.arm is Arm.ON)


def analyse(trial: Trial, observations: Iterable[Observation], through: date) -> TrialResult:
    """The result over the trial's nights up to THROUGH (the interim view until its end)."""
    last = min(through, trial.last)
    seen = {o.night: o for o in observations}
    rows: list[tuple[Place, Observation]] = []
    wash_in = missing = deviating = paused = away = 0
    for offset in range(max(0, (last - trial.plan.start).days + 1)):
        night = date.fromordinal(trial.plan.start.toordinal() + offset)
        where = trial.place(night)
        assert where is not None  # every night from start to last has a place
        o = seen.get(night) or Observation(night, None, None, took=False)
        deviating += deviates(where, o)
        paused += o.paused
        if o.rating is not None and o.zone is not None and o.zone != trial.zone:
            away += 1
        if where.wash_in:
            wash_in += 1
        elif o.rating is None:
            missing += 1
        rows.append((where, o))
    counted = [(w, o) for w, o in rows if not w.wash_in and o.rating is not None]
    latency_rows = [(w, o) for w, o in counted if o.latency_min is not None]
    seed = trial.plan.seed
    return TrialResult(
        trial=trial,
        through=last,
        finished=through >= trial.last,
        nights=len(rows),
        counted=len(counted),
        wash_in=wash_in,
        missing=missing,
        deviating=deviating,
        paused=paused,
        away=away,
        rating=estimate(counted, _rating, seed),
        per_protocol=estimate([(w, o) for w, o in counted if not deviates(w, o)], _rating, seed),
        latency=(
            estimate(latency_rows, _latency, seed)
            if counted and 2 * len(latency_rows) >= len(counted)
            else None
        ),
    )


def _rating(o: Observation) -> float:
    assert o.rating is not None
    return float(o.rating)


def _latency(o: Observation) -> float:
    assert o.latency_min is not None
    return float(o.latency_min)


def estimate(
    rows: Sequence[tuple[Place, Observation]], value: Callable[[Observation], float], seed: int
) -> Estimate:
    """On − off of VALUE over ROWS, by pair of periods; see the module's note."""
    by_period: dict[tuple[int, Arm], list[float]] = {}
    for where, o in rows:
        by_period.setdefault((where.pair, where.arm), []).append(value(o))
    differences: list[float] = []
    on_values: list[float] = []
    off_values: list[float] = []
    for pair in sorted({pair for pair, _ in by_period}):
        on, off = by_period.get((pair, Arm.ON)), by_period.get((pair, Arm.OFF))
        if on and off:
            differences.append(statistics.fmean(on) - statistics.fmean(off))
            on_values += on
            off_values += off
    n = len(differences)
    difference = statistics.fmean(differences) if n else None
    low = high = None
    if difference is not None and n >= 2:
        half = _t975(n - 1) * statistics.stdev(differences) / math.sqrt(n)
        low, high = difference - half, difference + half
    p, exact = randomisation_p(differences, seed) if n else (None, True)
    return Estimate(
        pairs=n,
        difference=difference,
        low=low,
        high=high,
        p=p,
        exact=exact,
        on_mean=statistics.fmean(on_values) if on_values else None,
        off_mean=statistics.fmean(off_values) if off_values else None,
        on_nights=len(on_values),
        off_nights=len(off_values),
    )


def _t975(df: int) -> float:
    return _T975[min(df, len(_T975)) - 1]


def randomisation_p(differences: Sequence[float], seed: int) -> tuple[float, bool]:
    """Two-sided p of the mean pair difference under random order within each pair, and
    whether it was exact (every arrangement) rather than drawn from SEED."""
    total = sum(differences)
    observed = abs(total) - _TIE * max(1.0, abs(total))
    if len(differences) <= EXACT_MAX_PAIRS:
        # Flipping the pairs of a subset with sum s turns the total into total − 2s.
        sums = [0.0]
        for d in differences:
            sums += [s + d for s in sums]
        as_far = sum(abs(total - 2 * s) >= observed for s in sums)
        return as_far / len(sums), True
    rng = random.Random(seed)
    as_far = 0
    for _ in range(RESAMPLES):
        flipped = sum(d if rng.random() < 0.5 else -d for d in differences)
        as_far += abs(flipped) >= observed
    # The arrangement seen is one of the possible ones: counting it keeps p above zero.
    return (as_far + 1) / (RESAMPLES + 1), False
