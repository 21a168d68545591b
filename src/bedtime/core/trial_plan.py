"""A personal on/off trial ("does magnesium help me?"): its plan and where each night falls.

The trial is a run of pairs of periods of equal length. Within each pair one period is on
(magnesium as usual) and one off (no magnesium), in an order drawn from the trial's stored
seed, so a trend over the weeks cannot pose as an effect and the analysis can be recomputed.
The first nights of each period are a wash-in: lived by the plan but not counted, so what
the last period left behind (or what has not built up yet) does not blur the comparison.
See docs/trial.md for the defaults, the bounds and their reasons.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from functools import cached_property
from zoneinfo import ZoneInfo

from .date_text import day
from .errors import InvalidInput, Refused
from .nights import first_planned_night
from .settings import Settings
from .wording import _

# The randomisation test over n pairs has 2^n arrangements; its smallest two-sided p-value is
# 2 / 2^n. Six pairs (1/32) is the fewest that can reach p < 0.05; five (1/16) never can.
PAIRS_DEFAULT, PAIRS_MIN, PAIRS_MAX = 8, 6, 16
# A week: one of each weekday in every period, so weekends fall evenly on and off.
PERIOD_DEFAULT, PERIOD_MIN, PERIOD_MAX = 7, 7, 28
# Nights at the start of each period that are not counted; at least this many stay counted.
WASH_IN_DEFAULT, WASH_IN_MIN = 3, 0
COUNTED_MIN = 4
# No trial longer than a year: few people keep a nightly diary longer, and a plan that
# cannot end gives no answer.
LONGEST_NIGHTS = 364


class Arm(Enum):
    ON = "on"
    OFF = "off"


@dataclass(frozen=True)
class TrialPlan:
    start: date  # the first night of the first period
    period_nights: int
    pairs: int
    wash_in_nights: int
    seed: int

    def __post_init__(self) -> None:
        check_shape(self.period_nights, self.pairs, self.wash_in_nights)

    @property
    def nights(self) -> int:
        return 2 * self.pairs * self.period_nights

    @property
    def last(self) -> date:
        """The last night of the last period."""
        return self.start + timedelta(days=self.nights - 1)

    @property
    def weeks(self) -> int:
        return -(-self.nights // 7)

    @cached_property  # asked for every night of History's years: drawn once
    def arms(self) -> tuple[Arm, ...]:
        """The arm of every period in order: each pair's order drawn from the seed."""
        rng = random.Random(self.seed)
        order: list[Arm] = []
        for _pair in range(self.pairs):
            order += [Arm.ON, Arm.OFF] if rng.random() < 0.5 else [Arm.OFF, Arm.ON]
        return tuple(order)


def check_shape(period_nights: int, pairs: int, wash_in_nights: int) -> None:
    """Refuse a shape that could not give an answer (InvalidInput naming the field)."""
    if not PERIOD_MIN <= period_nights <= PERIOD_MAX:
        raise InvalidInput(
            _("period length"),
            _("must be {low} to {high} nights").format(low=PERIOD_MIN, high=PERIOD_MAX),
            period_nights,
        )
    if not PAIRS_MIN <= pairs <= PAIRS_MAX:
        raise InvalidInput(
            _("pairs"),
            _(
                "must be {low} to {high}: fewer pairs can never show a difference beyond chance"
            ).format(low=PAIRS_MIN, high=PAIRS_MAX),
            pairs,
        )
    longest = period_nights - COUNTED_MIN
    if not WASH_IN_MIN <= wash_in_nights <= longest:
        raise InvalidInput(
            _("wash-in"),
            _(
                "must be {low} to {high} nights for {period}-night periods (at least "
                "{counted} nights of each period are counted)"
            ).format(low=WASH_IN_MIN, high=longest, period=period_nights, counted=COUNTED_MIN),
            wash_in_nights,
        )
    if 2 * pairs * period_nights > LONGEST_NIGHTS:
        raise InvalidInput(
            _("length"),
            _(
                "{pairs} pairs of {period}-night periods would last {nights} nights; at "
                "most {longest} (a year)"
            ).format(
                pairs=pairs,
                period=period_nights,
                nights=2 * pairs * period_nights,
                longest=LONGEST_NIGHTS,
            ),
            pairs,
        )


@dataclass(frozen=True)
class Place:
    """Where one night falls in a plan."""

    night: date
    period: int  # 1-based
    pair: int  # 1-based
    arm: Arm
    wash_in: bool  # lived by the plan, not counted
    week: int  # 1-based week of the trial


def place(plan: TrialPlan, night: date) -> Place | None:
    """Where NIGHT falls in PLAN, or None before its start or after its last night."""
    offset = (night - plan.start).days
    if not 0 <= offset < plan.nights:
        return None
    index, within = divmod(offset, plan.period_nights)
    return Place(
        night=night,
        period=index + 1,
        pair=index // 2 + 1,
        arm=plan.arms[index],
        wash_in=within < plan.wash_in_nights,
        week=offset // 7 + 1,
    )


def periods(plan: TrialPlan) -> list[tuple[date, date, Arm]]:
    """Each period's first and last night and its arm, in order (for charts and exports)."""
    length = timedelta(days=plan.period_nights)
    return [
        (plan.start + k * length, plan.start + (k + 1) * length - timedelta(days=1), arm)
        for k, arm in enumerate(plan.arms)
    ]


@dataclass(frozen=True)
class Trial:
    """A trial as stored: its plan (with the seed), when and where it was started, and the
    last night it ran if it was stopped before its end."""

    plan: TrialPlan
    started: datetime  # aware, UTC
    zone: str  # the zone it was planned in; nights spent elsewhere are counted as away
    stopped: date | None = None

    @property
    def last(self) -> date:
        """The last night the trial runs (or ran)."""
        if self.stopped is not None:
            return min(self.stopped, self.plan.last)
        return self.plan.last

    @property
    def stopped_early(self) -> bool:
        return self.stopped is not None and self.stopped < self.plan.last

    def place(self, night: date) -> Place | None:
        """Where NIGHT falls, or None outside the nights the trial runs."""
        return place(self.plan, night) if night <= self.last else None


def off_night(trial: Trial | None, night: date) -> bool:
    """Whether NIGHT is one the trial keeps free of magnesium: no reminder, not a planned
    night, no dose counted on in the stock forecast."""
    where = None if trial is None else trial.place(night)
    return where is not None and where.arm is Arm.OFF


def running(trial: Trial | None, tonight: date) -> bool:
    """Whether TRIAL still has nights ahead from TONIGHT on (it may not have started yet)."""
    return trial is not None and trial.last >= tonight


class TrialRunning(Refused):
    """One trial at a time: two plans over the same nights would contradict each other."""

    def __init__(self, trial: Trial) -> None:
        super().__init__(
            _(
                "a trial is already running, through the night of {day}; stop it first "
                "(bedtime trial stop)"
            ).format(day=day(trial.last))
        )


class NoTrialRunning(Refused):
    def __init__(self) -> None:
        super().__init__(_("no trial is running"))


class OffNightDose(Refused):
    """A dose on an off night: allowed, but only once the user knows it is a deviation."""

    def __init__(self, where: Place, weeks: int) -> None:
        self.where = where
        super().__init__(
            _(
                "the night of {day} is an off night in your trial (week {week} of {weeks}): a "
                "dose is allowed, but it is recorded as a deviation from the plan"
            ).format(day=day(where.night), week=where.week, weeks=weeks)
        )


def check_start(latest: Trial | None, tonight: date) -> None:
    if latest is not None and running(latest, tonight):
        raise TrialRunning(latest)


def check_dose(trial: Trial | None, night: date, *, confirmed: bool) -> None:
    """Refuse (OffNightDose) an unconfirmed dose on one of TRIAL's off nights."""
    where = None if trial is None else trial.place(night)
    if where is not None and where.arm is Arm.OFF and not confirmed:
        assert trial is not None
        raise OffNightDose(where, trial.plan.weeks)


def new_trial(
    now: datetime,
    zone: ZoneInfo,
    settings: Settings,
    seed: int,
    *,
    period_nights: int = PERIOD_DEFAULT,
    pairs: int = PAIRS_DEFAULT,
    wash_in_nights: int = WASH_IN_DEFAULT,
) -> Trial:
    """A trial started NOW: from tonight if its bedtime is still ahead, else from tomorrow."""
    start = first_planned_night(now, settings, zone)
    plan = TrialPlan(start, period_nights, pairs, wash_in_nights, seed)
    return Trial(plan, now.astimezone(UTC), zone.key)
