"""Per-night summaries of the log: what was taken, how the night was rated, and its status."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from .diary import DiaryEntry
from .dosing import Intake
from .nights import bedtime_of, night_of
from .settings import Settings
from .trial_plan import Trial, off_night
from .values import quantity


@dataclass(frozen=True)
class NightSummary:
    night: date
    intakes: tuple[Intake, ...]
    diary: DiaryEntry | None
    # Worked out once, with the summary: the table, the chart and the insights all ask.
    total_mg: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        doses = self.intakes
        if len(doses) == 1:  # most nights: no sum to make
            total = quantity(doses[0].mg)
        else:
            total = quantity(sum(intake.mg for intake in doses)) if doses else 0.0
        object.__setattr__(self, "total_mg", total)

    @property
    def minutes_before_bedtime(self) -> int | None:
        """Of the night's first dose; negative if it was taken after bedtime."""
        return self.intakes[0].minutes_before_bedtime if self.intakes else None


def _by_night(intakes: Iterable[Intake]) -> dict[date, tuple[Intake, ...]]:
    """The doses of each night, in the order they were taken."""
    grouped: dict[date, list[Intake]] = {}
    for intake in intakes:
        grouped.setdefault(intake.night, []).append(intake)
    return {
        night: tuple(doses) if len(doses) == 1 else tuple(sorted(doses, key=lambda i: i.at))
        for night, doses in grouped.items()
    }


def _newest_first(first: date, last: date) -> Iterable[date]:
    return (last - timedelta(days=k) for k in range((last - first).days + 1))


def summarize(
    first: date, last: date, intakes: Iterable[Intake], diary: Iterable[DiaryEntry]
) -> list[NightSummary]:
    """One summary for every night FIRST … LAST, newest first, empty nights included."""
    by_night = _by_night(intakes)
    entries = {entry.night: entry for entry in diary}
    return [
        NightSummary(night, by_night.get(night, ()), entries.get(night))
        for night in _newest_first(first, last)
    ]


class NightStatus(Enum):
    TAKEN = "taken"  # at least one dose logged for the night
    SKIPPED = "skipped"  # no dose, the user skipped the night
    PAUSED = "paused"  # no dose, reminders were paused
    MISSED = "missed"  # no dose, bedtime has passed, neither skipped nor paused
    TONIGHT = "tonight"  # no dose yet and the night's bedtime has not passed
    NOT_USED = "not_used"  # before the first night the app was in use
    OFF = "off"  # no dose, an off night of a personal trial (as planned)


@dataclass(frozen=True)
class NightRecord(NightSummary):
    """One row of the History window: the night's summary and what became of the night."""

    status: NightStatus

    @property
    def listed(self) -> bool:
        """Worth a row: a night Bedtime planned, or an earlier one the user rated anyway."""
        return self.status is not NightStatus.NOT_USED or self.diary is not None


_NO_KINDS: frozenset[str] = frozenset()


def _bedtime(night: date, settings: Settings, zone: ZoneInfo) -> datetime:
    return bedtime_of(night, settings, zone).astimezone(UTC)


def night_records(
    first: date,
    last: date,
    intakes: Iterable[Intake],
    diary: Iterable[DiaryEntry],
    kinds: Mapping[date, frozenset[str]],
    *,
    now: datetime,
    settings: Settings,
    zone: ZoneInfo,
    first_use: date | None,
    trial: Trial | None = None,
) -> list[NightRecord]:
    """One record for every night FIRST … LAST, newest first, with what became of it.

    KINDS holds the night_events kinds of each night ('skipped', 'paused', …). A dose always
    wins: a night with a dose is TAKEN even if it was also skipped or paused. Of a night
    without a dose: one before FIRST_USE (every night if FIRST_USE is None) was NOT_USED,
    rated or not (a rating does not make it a planned night); a paused one is PAUSED, also if
    it was skipped too (the pause took it out of the plan); a skipped one SKIPPED; otherwise
    MISSED once its bedtime has passed (at bedtime exactly it is missed) and TONIGHT before
    that. An off night of TRIAL without a dose is OFF, unless paused: it was planned to be
    without magnesium, so it is neither skipped nor missed.

    A bedtime always lies inside its own night, so every night before the one NOW is in has
    passed its bedtime; only the nights from the one before on are worked out against the
    clock (the margin keeps a hand-made setting or a zone change from fooling it). That
    keeps years of nights linear and cheap.
    """
    by_night = _by_night(intakes)
    entries = {entry.night: entry for entry in diary}
    after = now.astimezone(UTC)
    surely_passed = night_of(now, zone, settings) - timedelta(days=1)
    records: list[NightRecord] = []
    for night in _newest_first(first, last):
        doses = by_night.get(night, ())
        entry = entries.get(night)
        if doses:
            status = NightStatus.TAKEN
        elif first_use is None or night < first_use:
            status = NightStatus.NOT_USED
        else:
            events = kinds.get(night, _NO_KINDS)
            if "paused" in events:
                status = NightStatus.PAUSED
            elif off_night(trial, night):
                status = NightStatus.OFF
            elif "skipped" in events:
                status = NightStatus.SKIPPED
            elif night < surely_passed or _bedtime(night, settings, zone) <= after:
                status = NightStatus.MISSED  # older nights are not worked out (short-circuit)
            else:
                status = NightStatus.TONIGHT
        records.append(NightRecord(night, doses, entry, status=status))
    return records
