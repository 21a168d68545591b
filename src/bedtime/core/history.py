"""Per-night summaries of the log: what was taken, and how the night was rated."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .diary import DiaryEntry
from .dosing import Intake
from .values import quantity


@dataclass(frozen=True)
class NightSummary:
    night: date
    intakes: tuple[Intake, ...]
    diary: DiaryEntry | None

    @property
    def total_mg(self) -> float:
        return quantity(sum(intake.mg for intake in self.intakes))


def summarize(
    first: date, last: date, intakes: Iterable[Intake], diary: Iterable[DiaryEntry]
) -> list[NightSummary]:
    """One summary for every night FIRST … LAST, newest first, empty nights included."""
    by_night: dict[date, list[Intake]] = {}
    for intake in intakes:
        by_night.setdefault(intake.night, []).append(intake)
    entries = {entry.night: entry for entry in diary}
    nights = (last - timedelta(days=k) for k in range((last - first).days + 1))
    return [
        NightSummary(
            night, tuple(sorted(by_night.get(night, []), key=lambda i: i.at)), entries.get(night)
        )
        for night in nights
    ]
